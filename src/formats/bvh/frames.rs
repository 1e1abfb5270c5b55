//! Parsing and posing the frames of one chunk: its motion values as one flat run of numbers (the
//! index has checked that each line holds one frame), each frame posed by forward kinematics as
//! soon as its values are read, only the f32 world positions kept. Nothing is allocated per
//! frame.

use std::fs::File;
use std::os::unix::fs::FileExt;

use ndarray::Array3;

use super::fk::{Kinematics, WorldPose};
use super::index::MotionIndex;
use super::number::PADDING_BYTES;
use super::number::{is_space, parse_value};
use super::up::UpEvidence;

/// What reading a chunk's frames needs.
pub(super) struct ChunkFrames {
    /// The file, read with `read_at`.
    pub file: File,
    /// Where the chunks are.
    pub index: MotionIndex,
    /// The hierarchy, ready to pose frames.
    pub kinematics: Kinematics,
    /// Joint names (for the up-axis evidence).
    pub names: Vec<String>,
    /// Values per frame.
    pub channels: usize,
}

impl ChunkFrames {
    /// Reads chunk `index` into `text` and poses it; `Err(None)` when it is malformed,
    /// `Err(Some(_))` when it cannot be read.
    pub fn pose(
        &self,
        index: usize,
        text: &mut Vec<u8>,
    ) -> Result<PosedFrames, Option<std::io::Error>> {
        let (start, end, frames) = self.index.chunk(index).ok_or(None)?;
        let length = usize::try_from(end - start).map_err(|_| None)?;
        text.clear();
        text.resize(length + PADDING_BYTES, b' ');
        let read = read_exact_at(&self.file, &mut text[..length], start).map_err(Some)?;
        if read < length {
            // The file shrank since it was indexed.
            return Err(None);
        }
        pose_frames(text, frames, self.channels, &self.kinematics, &self.names).map_err(|_| None)
    }
}

/// Reads into all of `buffer` from `offset`; fewer bytes only at the end of the file.
pub(super) fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buffer.len() {
        match file.read_at(&mut buffer[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// The posed frames of one chunk.
pub(super) struct PosedFrames {
    /// `(frames, joints, 3)` world positions.
    pub coords: Array3<f32>,
    /// The chunk's up-axis evidence.
    pub evidence: UpEvidence,
}

/// Why a chunk could not be parsed (the whole-file reader then gives the exact message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ChunkFault {
    /// A token that is not a finite number, at this byte of the chunk.
    NotANumber(usize),
    /// The chunk holds fewer values than its frames need.
    TooFewValues,
}

/// Parses `frames` frames of `channels` values from `text` (which ends with at least
/// [`super::number::PADDING_BYTES`] of whitespace, or may be read past its end safely) and poses
/// them.
///
/// The text is cut at the line break nearest its middle and both halves are parsed together,
/// a value from one, then a value from the other: each value's end decides where the next one
/// of its half starts, so one cursor would make the processor wait; two let it work on both.
///
/// # Errors
/// A token that is not a finite number, or not exactly `frames` frames.
pub(super) fn pose_frames(
    text: &[u8],
    frames: usize,
    channels: usize,
    kinematics: &Kinematics,
    names: &[String],
) -> Result<PosedFrames, ChunkFault> {
    let middle = text.len() / 2;
    let middle = memchr::memchr(b'\n', &text[middle..]).map_or(text.len(), |i| middle + i + 1);
    let mut first = Posing::new(frames, channels, kinematics, names);
    let mut second = Posing::new(frames / 2 + 1, channels, kinematics, names);
    let (mut a, mut b) = (skip_spaces(text, 0), skip_spaces(text, middle));
    loop {
        let (a_on, b_on) = (a < middle, b < text.len());
        if a_on && b_on {
            for (x, y) in first.values.iter_mut().zip(&mut second.values) {
                a = skip_spaces(text, a);
                b = skip_spaces(text, b);
                let (value_a, end_a) = parse_value(text, a).ok_or(ChunkFault::NotANumber(a))?;
                let (value_b, end_b) = parse_value(text, b).ok_or(ChunkFault::NotANumber(b))?;
                (*x, *y, a, b) = (value_a, value_b, end_a, end_b);
            }
            first.pose(kinematics);
            second.pose(kinematics);
        } else if a_on {
            a = first.parse_frame(text, a)?;
            first.pose(kinematics);
        } else if b_on {
            b = second.parse_frame(text, b)?;
            second.pose(kinematics);
        } else {
            break;
        }
        if first.frames + second.frames > frames {
            return Err(ChunkFault::TooFewValues);
        }
        (a, b) = (skip_spaces(text, a), skip_spaces(text, b));
    }
    if first.frames + second.frames != frames {
        return Err(ChunkFault::TooFewValues);
    }
    first.evidence.merge(&second.evidence);
    first.coords.append(&mut second.coords);
    let coords = Array3::from_shape_vec((frames, kinematics.joint_count(), 3), first.coords)
        .map_err(|_| ChunkFault::TooFewValues)?;
    Ok(PosedFrames {
        coords,
        evidence: first.evidence,
    })
}

/// The first byte at or after `at` that is not whitespace (or the end of `text`).
fn skip_spaces(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(|&b| is_space(b)) {
        at += 1;
    }
    at
}

/// One cursor's frames: the values of the frame being read, and what the posed ones give.
struct Posing {
    values: Vec<f64>,
    pose: WorldPose,
    coords: Vec<f32>,
    evidence: UpEvidence,
    frames: usize,
}

impl Posing {
    /// Room for about `frames` frames.
    fn new(frames: usize, channels: usize, kinematics: &Kinematics, names: &[String]) -> Self {
        Self {
            values: vec![0.0; channels],
            pose: WorldPose::default(),
            coords: Vec::with_capacity(frames * kinematics.joint_count() * 3),
            evidence: UpEvidence::new(names),
            frames: 0,
        }
    }

    /// Reads one frame's values from `at` on; returns where they end.
    fn parse_frame(&mut self, text: &[u8], mut at: usize) -> Result<usize, ChunkFault> {
        for slot in &mut self.values {
            at = skip_spaces(text, at);
            let (value, end) = parse_value(text, at).ok_or(ChunkFault::NotANumber(at))?;
            *slot = value;
            at = end;
        }
        Ok(at)
    }

    /// Poses the frame in `values` and keeps its positions.
    fn pose(&mut self, kinematics: &Kinematics) {
        kinematics.solve(&self.values, &mut self.pose);
        self.evidence
            .add_frame(&self.pose.joints, &self.pose.end_sites);
        self.coords
            .extend(self.pose.joints.iter().flatten().map(|&v| v as f32));
        self.frames += 1;
    }
}

/// The finite numbers of `text` (the values of a short last line), or `None` when a token is
/// not one.
pub(super) fn values_of(text: &[u8]) -> Option<Vec<f64>> {
    let mut values = Vec::new();
    let mut at = 0;
    loop {
        while text.get(at).is_some_and(|&b| is_space(b)) {
            at += 1;
        }
        if at >= text.len() {
            return Some(values);
        }
        let (value, end) = parse_value(text, at)?;
        values.push(value);
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_a_short_line() {
        assert_eq!(values_of(b" 1 -2.5\r\n"), Some(vec![1.0, -2.5]));
        assert_eq!(values_of(b"1 x"), None);
        assert_eq!(values_of(b"1 1e999"), None);
        assert_eq!(values_of(b""), Some(Vec::new()));
    }
}
