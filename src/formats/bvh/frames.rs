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
/// them. Values after the last frame are not read.
///
/// # Errors
/// A token that is not a finite number, or too few values.
pub(super) fn pose_frames(
    text: &[u8],
    frames: usize,
    channels: usize,
    kinematics: &Kinematics,
    names: &[String],
) -> Result<PosedFrames, ChunkFault> {
    let joints = kinematics.joint_count();
    let mut coords = Vec::with_capacity(frames * joints * 3);
    let mut evidence = UpEvidence::new(names);
    let mut values = vec![0.0; channels];
    let mut pose = WorldPose::default();
    let mut at = 0;
    for _ in 0..frames {
        for slot in &mut values {
            while text.get(at).is_some_and(|&b| is_space(b)) {
                at += 1;
            }
            if at >= text.len() {
                return Err(ChunkFault::TooFewValues);
            }
            let (value, end) = parse_value(text, at).ok_or(ChunkFault::NotANumber(at))?;
            *slot = value;
            at = end;
        }
        kinematics.solve(&values, &mut pose);
        evidence.add_frame(&pose.joints, &pose.end_sites);
        coords.extend(pose.joints.iter().flatten().map(|&v| v as f32));
    }
    let coords = Array3::from_shape_vec((frames, joints, 3), coords)
        .map_err(|_| ChunkFault::TooFewValues)?;
    Ok(PosedFrames { coords, evidence })
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
