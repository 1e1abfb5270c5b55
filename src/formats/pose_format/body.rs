//! The `.pose` body: frame rate, frame and people counts, then two float32 arrays, `data`
//! `(frames, people, points, dims)` and `confidence` `(frames, people, points)`, one after the
//! other. As in pose-format's `pose_body.py`:
//!
//! ```text
//! 0.1: u16 fps, u16 frames, u16 people   frames is unreliable (it wraps past 65535); the real
//!                                        count is what the remaining bytes hold
//! 0.2: f32 fps, u32 frames, u16 people
//! ```

use super::bytes::ByteReader;
use super::header::{PoseHeader, Version};
use crate::formats::LoadError;

/// Most frames accepted when a frame takes no bytes (no people slots): the file cannot back
/// such a count with data, so a larger one is taken as a lie.
const MAX_EMPTY_FRAMES: usize = 65_535;

/// The body, with its arrays still as raw little-endian bytes (borrowed from the file).
#[derive(Clone, Debug, PartialEq)]
pub struct Body<'a> {
    /// Frames per second as stored (0 or non-finite when the file says nothing useful).
    pub fps: f64,
    /// Number of frames.
    pub frames: usize,
    /// People slots per frame.
    pub people: usize,
    /// Offset of the data array in the file.
    pub data_offset: usize,
    /// `(frames, people, points, stored dims)` float32.
    pub data: &'a [u8],
    /// `(frames, people, points)` float32.
    pub confidence: &'a [u8],
}

/// Reads the body that follows `header`.
///
/// # Errors
/// When the counts do not fit the bytes left (truncation, lying counts).
pub(super) fn read_body<'a>(
    r: &mut ByteReader<'a>,
    header: &PoseHeader,
    warnings: &mut Vec<String>,
) -> Result<Body<'a>, LoadError> {
    let (fps, declared_frames) = match header.version {
        Version::V0_1 => (
            f64::from(r.u16("the frame rate")?),
            usize::from(r.u16("the frame count")?),
        ),
        Version::V0_2 => (
            f64::from(r.f32("the frame rate")?),
            r.u32("the frame count")? as usize,
        ),
    };
    let people = usize::from(r.u16("the people count")?);
    let data_offset = r.offset();
    let points = header.point_count();
    let Some(dims) = header.stored_dims() else {
        return Err(r.error_at(
            data_offset,
            "no component has a coordinate in its point format (e.g. `XYC`)",
        ));
    };
    // Bytes per frame: data (points × dims) and confidence (points), f32 each, per person.
    let frame_bytes = people
        .checked_mul(points)
        .and_then(|n| n.checked_mul(dims + 1))
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| r.error_at(data_offset, "the body's frame size overflows"))?;
    let left = r.remaining();
    let frames = if frame_bytes == 0 {
        if declared_frames > MAX_EMPTY_FRAMES {
            return Err(r.error_at(
                data_offset,
                format!(
                    "the body claims {declared_frames} frames that hold no points ({people} \
                     people × {points} points)"
                ),
            ));
        }
        declared_frames
    } else {
        frames_from_size(
            r,
            header.version,
            declared_frames,
            frame_bytes,
            left,
            warnings,
        )?
    };
    let data_bytes = frames * people * points * dims * 4;
    let confidence_bytes = frames * people * points * 4;
    let data = r.take(data_bytes, "the data array")?;
    let confidence = r.take(confidence_bytes, "the confidence array")?;
    if r.remaining() > 0 {
        warnings.push(format!(
            "{} bytes after the confidence array were ignored.",
            r.remaining()
        ));
    }
    Ok(Body {
        fps,
        frames,
        people,
        data_offset,
        data,
        confidence,
    })
}

/// The frame count, checked against the bytes left. Version 0.1 derives it from the size (as
/// pose-format does) and checks it against the declared count; 0.2 trusts the declared count
/// only when the bytes are there.
fn frames_from_size(
    r: &ByteReader<'_>,
    version: Version,
    declared: usize,
    frame_bytes: usize,
    left: usize,
    warnings: &mut Vec<String>,
) -> Result<usize, LoadError> {
    let held = left / frame_bytes;
    let truncated = || {
        r.error_at(
            r.offset(),
            format!(
                "truncated: {declared} frames need {} bytes of data and confidence, only {left} \
                 remain",
                declared.saturating_mul(frame_bytes)
            ),
        )
    };
    match version {
        Version::V0_2 => {
            if declared > held {
                return Err(truncated());
            }
            Ok(declared)
        }
        Version::V0_1 => {
            // pose-format writes 0 for 65535 frames or more; the count also wraps modulo 65536.
            if declared != 0 && held < declared {
                return Err(truncated());
            }
            if declared != 0 && held % 65_536 != declared {
                warnings.push(format!(
                    "The header says {declared} frames but the body holds {held}; read {held} \
                     as pose-format does."
                ));
            }
            Ok(held)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::formats::pose_format::header::Component;

    fn header(version: Version, points: usize) -> PoseHeader {
        PoseHeader {
            version,
            width_px: 10,
            height_px: 10,
            depth: 0,
            components: vec![Component {
                name: "C".into(),
                format: "XYC".into(),
                points: (0..points).map(|i| i.to_string()).collect(),
                limbs: Vec::new(),
            }],
            repaired_names: false,
        }
    }

    fn v01_body(fps: u16, frames: u16, people: u16, values: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for v in [fps, frames, people] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for i in 0..values {
            out.extend_from_slice(&(i as f32).to_le_bytes());
        }
        out
    }

    #[test]
    fn version_0_1_counts_frames_from_the_size() {
        // 2 points, 2 dims: a frame is 2 × 3 floats = 24 bytes. 3 frames.
        let bytes = v01_body(25, 3, 1, 18);
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let mut warnings = Vec::new();
        let body = read_body(&mut r, &header(Version::V0_1, 2), &mut warnings).expect("body");
        assert_eq!((body.fps, body.frames, body.people), (25.0, 3, 1));
        assert_eq!(body.data.len(), 48);
        assert_eq!(body.confidence.len(), 24);
        assert_eq!(body.data_offset, 6);
        assert!(warnings.is_empty(), "{warnings:?}");

        // A wrapped count of 0 is fine; a wrong one is a warning; a short body an error.
        let bytes = v01_body(25, 0, 1, 18);
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        assert_eq!(
            read_body(&mut r, &header(Version::V0_1, 2), &mut warnings)
                .map(|b| b.frames)
                .ok(),
            Some(3)
        );
        let bytes = v01_body(25, 2, 1, 19);
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let mut warnings = Vec::new();
        assert!(read_body(&mut r, &header(Version::V0_1, 2), &mut warnings).is_ok());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let bytes = v01_body(25, 4, 1, 18);
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let err = read_body(&mut r, &header(Version::V0_1, 2), &mut warnings).expect_err("short");
        assert_eq!(
            err.to_string(),
            "b.pose: pose-format byte 6: truncated: 4 frames need 96 bytes of data and \
             confidence, only 72 remain"
        );
    }

    #[test]
    fn version_0_2_trusts_the_count_only_with_the_bytes() {
        let mut bytes = 30.0_f32.to_le_bytes().to_vec();
        bytes.extend_from_slice(&(1_u32 << 31).to_le_bytes());
        bytes.extend_from_slice(&1_u16.to_le_bytes());
        bytes.extend_from_slice(&[0; 24]);
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let err = read_body(&mut r, &header(Version::V0_2, 2), &mut Vec::new());
        assert!(err.is_err());
        bytes[4..8].copy_from_slice(&1_u32.to_le_bytes());
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let body = read_body(&mut r, &header(Version::V0_2, 2), &mut Vec::new()).expect("body");
        assert_eq!((body.fps, body.frames), (30.0, 1));
    }

    #[test]
    fn zero_people_frames_are_bounded() {
        let mut bytes = 30.0_f32.to_le_bytes().to_vec();
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(&0_u16.to_le_bytes());
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        assert!(read_body(&mut r, &header(Version::V0_2, 2), &mut Vec::new()).is_err());
        bytes[4..8].copy_from_slice(&5_u32.to_le_bytes());
        let mut r = ByteReader::new(&bytes, Path::new("b.pose"));
        let body = read_body(&mut r, &header(Version::V0_2, 2), &mut Vec::new()).expect("body");
        assert_eq!((body.frames, body.people), (5, 0));
    }
}
