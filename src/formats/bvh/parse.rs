//! From bytes to a [`BvhDocument`]: the hierarchy, the motion header, then the motion values,
//! either collected ([`parse`]) or streamed frame by frame ([`Opened::stream_frames`], used by
//! the clip reader so the motion is never held twice).

use std::path::Path;

use super::document::{BvhDocument, BvhJoint};
use super::failure::Failure;
use super::hierarchy::parse_hierarchy;
use super::motion::{
    MotionHeader, MotionStream, count_warnings, parse_motion_header, stream_frames,
};
use super::tokens::Tokens;
use crate::formats::LoadError;

/// A file whose hierarchy and motion header are read, with the motion values still to come.
#[derive(Debug)]
pub(super) struct Opened<'a> {
    /// The joints in document order.
    pub joints: Vec<BvhJoint>,
    /// The motion header; `None` for a hierarchy-only file.
    pub header: Option<MotionHeader>,
    /// Warnings so far.
    pub warnings: Vec<String>,
    stream: MotionStream<'a>,
}

/// Reads the hierarchy and the motion header of `bytes`.
///
/// # Errors
/// Whatever is malformed in them, with its line.
pub(super) fn open(bytes: &[u8]) -> Result<Opened<'_>, Failure> {
    let mut tokens = Tokens::new(bytes);
    let mut warnings = Vec::new();
    let joints = parse_hierarchy(&mut tokens, &mut warnings)?;
    offset_warning(&joints, &mut warnings);
    let header = parse_motion_header(&mut tokens, &mut warnings)?;
    if header.is_none() {
        warnings.push("the file has no MOTION section (skeleton only)".to_owned());
    }
    Ok(Opened {
        joints,
        header,
        warnings,
        stream: MotionStream::new(tokens),
    })
}

impl Opened<'_> {
    /// Number of channels per frame.
    pub fn channel_count(&self) -> usize {
        self.joints.iter().map(|j| j.channels.len()).sum()
    }

    /// Bytes after the motion header (where the motion values start).
    pub fn bytes_left(&self) -> usize {
        self.stream.bytes_left()
    }

    /// How many motion values the rest of the file could hold at most.
    pub fn max_values_left(&self) -> usize {
        self.stream.max_values_left()
    }

    /// How many values to reserve for the whole motion: the `Frames:` claim, but never more than
    /// the rest of the file could hold.
    pub fn values_to_reserve(&self) -> usize {
        let claimed = self.header.map_or(0, |h| h.claimed_frames);
        let claimed_values = usize::try_from(claimed)
            .unwrap_or(usize::MAX)
            .saturating_mul(self.channel_count());
        claimed_values.min(self.max_values_left())
    }

    /// Hands every whole frame to `on_frame` (with the line of its last value), then adds the
    /// warnings about `Frames:` and left-over values. Returns the number of whole frames.
    ///
    /// # Errors
    /// A motion value that is not a finite number, or what `on_frame` returns.
    pub fn stream_frames(
        &mut self,
        on_frame: impl FnMut(&[f64], usize) -> Result<(), Failure>,
    ) -> Result<usize, Failure> {
        let Some(header) = self.header else {
            return Ok(0);
        };
        let channels = self.channel_count();
        let mut frame = vec![0.0; channels];
        let (frames, left_over) = stream_frames(&mut self.stream, &mut frame, on_frame)?;
        self.warnings
            .extend(count_warnings(&header, frames, left_over, channels));
        Ok(frames)
    }
}

/// One warning when joints with position channels also have a non-zero OFFSET: the channels
/// replace it (formats.md §1), which readers that add them would show differently.
fn offset_warning(joints: &[BvhJoint], warnings: &mut Vec<String>) {
    let affected: Vec<&str> = joints
        .iter()
        .filter(|j| {
            j.channels.iter().any(|c| c.is_position()) && j.offset.iter().any(|&v| v != 0.0)
        })
        .map(|j| j.name.as_str())
        .collect();
    if let Some(first) = affected.first() {
        warnings.push(format!(
            "{} joint(s) with position channels also have a non-zero OFFSET (first: `{first}`); \
             the channel values replace the OFFSET, as bvhio and pybvh do (three.js adds them)",
            affected.len()
        ));
    }
}

/// Parses a whole BVH file into the document it states, with the warnings met on the way.
///
/// The motion section is read as a flat stream of numbers cut into frames of
/// [`BvhDocument::channel_count`] values; only whole frames are kept, and a `Frames:` claim that
/// differs from what is there is a warning, not an error. A file without a `MOTION` section has
/// zero frames and a frame time of 0 (the clip reader shows its rest pose instead). A second
/// `ROOT` is read as a further tree whose channels follow the first tree's in each frame.
///
/// # Errors
/// A [`LoadError::Parse`] naming the file and the 1-based line: missing `HIERARCHY` or `ROOT`,
/// unbalanced braces, an unknown keyword or channel name, a channel count that does not match
/// the names, a missing `Frames:` / `Frame Time:`, or a value that is not a finite number.
pub fn parse(bytes: &[u8], path: &Path) -> Result<(BvhDocument, Vec<String>), LoadError> {
    let mut opened = open(bytes).map_err(|f| f.into_load_error(path))?;
    let mut motion = Vec::with_capacity(opened.values_to_reserve());
    let frames = opened
        .stream_frames(|values, _| {
            motion.extend_from_slice(values);
            Ok(())
        })
        .map_err(|f| f.into_load_error(path))?;
    let frame_time_s = opened.header.map_or(0.0, |h| h.frame_time_s);
    let document = BvhDocument {
        joints: opened.joints,
        frame_time_s,
        frames,
        motion,
    };
    Ok((document, opened.warnings))
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "values parsed from decimal text must match the same literals bit for bit"
)]
mod tests {
    use super::*;
    use crate::formats::bvh::Channel;

    const SMALL: &str = "HIERARCHY\r\nROOT Hips\r\n{\r\n\tOFFSET 1 2 3\r\n\
        \tCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\r\n\
        \tJOINT Chest\r\n\t{\r\n\t\tOFFSET 0 5 0\r\n\t\tCHANNELS 3 Zrotation Yrotation Xrotation\r\n\
        \t\tEnd Site\r\n\t\t{\r\n\t\t\tOFFSET 0 1 0\r\n\t\t}\r\n\t}\r\n}\r\n\
        MOTION\r\nFrames:\t2\r\nFrame Time:\t.0083333\r\n\
        1 2 3 4 5 6 7 8 9\r\n.5 -0.000000 9.27476E-16 0 0 0\r\n0 0 0\r\n\r\n";

    #[test]
    fn small_file_with_everything_in_place() {
        let (doc, warnings) = parse(SMALL.as_bytes(), Path::new("s.bvh")).expect("parses");
        assert_eq!(doc.frames, 2);
        assert_eq!(doc.channel_count(), 9);
        assert_eq!(doc.frame_time_s, 0.008_333_3);
        assert_eq!(
            doc.frame(1),
            Some(&[0.5, 0.0, 9.274_76e-16, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0][..])
        );
        assert_eq!(doc.joints[1].channels[1], Channel::Yrotation);
        assert_eq!(doc.end_site_count(), 1);
        assert_eq!(warnings.len(), 1, "non-zero root OFFSET: {warnings:?}");
        assert!(warnings[0].contains("`Hips`"), "{warnings:?}");
    }

    #[test]
    fn frames_claims_are_checked_against_the_values() {
        let huge = SMALL.replace("Frames:\t2", "Frames: 1099511627776");
        let (doc, warnings) = parse(huge.as_bytes(), Path::new("s.bvh")).expect("parses");
        assert_eq!(doc.frames, 2);
        assert!(doc.motion.capacity() < 1000, "no allocation from the claim");
        assert!(
            warnings.iter().any(|w| w.contains("1099511627776")),
            "{warnings:?}"
        );
        let cut = &SMALL[..SMALL.len() - 10];
        let (doc, warnings) = parse(cut.as_bytes(), Path::new("s.bvh")).expect("parses");
        assert_eq!(doc.frames, 1);
        assert!(
            warnings.iter().any(|w| w.contains("do not fill")),
            "{warnings:?}"
        );
    }

    #[test]
    fn skeleton_only_and_empty_motion() {
        let end = SMALL.find("MOTION").expect("MOTION");
        let (doc, warnings) = parse(&SMALL.as_bytes()[..end], Path::new("t.bvh")).expect("T-pose");
        assert_eq!((doc.frames, doc.frame_time_s), (0, 0.0));
        assert!(
            warnings.iter().any(|w| w.contains("no MOTION")),
            "{warnings:?}"
        );
        let zero = format!("{}MOTION\nFrames: 0\nFrame Time: 0\n", &SMALL[..end]);
        let (doc, warnings) = parse(zero.as_bytes(), Path::new("z.bvh")).expect("zero");
        assert_eq!(doc.frames, 0);
        assert!(
            warnings.iter().any(|w| w.contains("Frame Time")),
            "{warnings:?}"
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let bad = SMALL.replace(".5 -0.000000", ".5 NaN");
        let err = parse(bad.as_bytes(), Path::new("dir/walk.bvh")).expect_err("NaN");
        let text = err.to_string();
        assert!(text.starts_with("dir/walk.bvh: BVH line 20: "), "{text}");
    }
}
