//! NTU RGB+D `.skeleton` (Kinect v2 skeletons as whitespace-separated text).
//!
//! Layout (`shared/notes/formats.md` §7, after the dataset's `read_skeleton_file.m`):
//! `frameCount`, then per frame `bodyCount` and per body a line of ten values (`bodyID
//! clippedEdges handLeftConfidence handLeftState handRightConfidence handRightState
//! isRestricted leanX leanY trackingState`), `jointCount`, and one line of twelve values per
//! joint (`x y z depthX depthY colorX colorY orientW orientX orientY orientZ trackingState`).
//! The reference reader scans numbers regardless of line breaks, so this one reads a stream of
//! tokens too (any whitespace, CRLF included) and keeps each token's line for errors.
//!
//! The clip: Kinect camera space in metres, Y-up, 30 fps, the NTU-25 layout, one person per
//! tracked body with its 64-bit `bodyID` (parsed as an integer, never through a float) as the
//! track id. A joint with trackingState 0 is missing. Counts are never trusted: a `frameCount`
//! larger than the frames present loads what is there with a warning, and `bodyCount` and
//! `jointCount` are checked against the bytes that remain.

mod builder;
mod reader;

use std::path::Path;

use super::LoadError;
use crate::model::{Clip, ClipMeta, FormatId};
use builder::ClipBuilder;
use reader::Reader;

/// The Kinect v2 capture rate.
pub const FRAME_RATE_HZ: f64 = 30.0;
/// Kinect v2 joints per body.
pub const KINECT_V2_JOINTS: usize = 25;
/// Values in a body-info line.
const BODY_INFO_VALUES: usize = 10;
/// Values in a joint line.
const JOINT_VALUES: usize = 12;
/// Most joints a body may claim (Kinect v1 has 20, v2 25).
const MAX_JOINTS: usize = 64;

/// Reads an NTU RGB+D `.skeleton` file.
///
/// # Errors
/// When a value is not a number, a count cannot fit in the rest of the file, or the file ends
/// inside a frame; the error names the file and the line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = Reader::new(text, path);
    let mut clip = ClipBuilder::new(bytes.len());
    let Some((token, line)) = reader.tokens.next() else {
        return Err(reader.error(1, "the file is empty; it should start with frameCount"));
    };
    let frame_count: u64 = token
        .parse()
        .map_err(|_| reader.error(line, format!("frameCount `{token}` is not a whole number")))?;
    let mut frames = 0_u64;
    while frames < frame_count {
        let Some((token, line)) = reader.tokens.next() else {
            break;
        };
        (reader.frame, reader.body, reader.joint) = (frames, None, None);
        let bodies: usize = reader.parse(token, line, "bodyCount")?;
        reader.check_fits(line, bodies, BODY_INFO_VALUES + 1, "bodyCount")?;
        clip.begin_frame();
        for body in 0..bodies {
            (reader.body, reader.joint) = (Some(body), None);
            read_body(&mut reader, &mut clip)?;
        }
        frames += 1;
    }
    let mut meta = ClipMeta::new(path, FormatId::Ntu);
    if frames < frame_count {
        meta.warnings.push(format!(
            "frameCount says {frame_count} but the file holds {frames} frames; those are shown"
        ));
    }
    if let Some((_, line)) = reader.tokens.next() {
        meta.warnings.push(format!(
            "values after the last frame (from line {line}) are ignored"
        ));
    }
    meta.details.extend(name_fields(path));
    Ok(clip.finish(meta))
}

/// Reads one body: its info line, joint count and joints.
fn read_body(reader: &mut Reader<'_>, clip: &mut ClipBuilder) -> Result<(), LoadError> {
    let (token, line) = reader.token("bodyID")?;
    let id = parse_body_id(token)
        .ok_or_else(|| reader.error(line, format!("bodyID `{token}` is not a whole number")))?;
    for what in [
        "clippedEdges",
        "handLeftConfidence",
        "handLeftState",
        "handRightConfidence",
        "handRightState",
        "isRestricted",
    ] {
        reader.next_parsed::<i64>(what)?;
    }
    reader.next_parsed::<f64>("leanX")?;
    reader.next_parsed::<f64>("leanY")?;
    reader.next_parsed::<i64>("trackingState")?;
    reader.joint = None;
    let (token, line) = reader.token("jointCount")?;
    let joints: usize = reader.parse(token, line, "jointCount")?;
    if joints > MAX_JOINTS {
        return Err(reader.error(
            line,
            format!("jointCount {joints} is not a Kinect skeleton (at most {MAX_JOINTS})"),
        ));
    }
    reader.check_fits(line, joints, JOINT_VALUES, "jointCount")?;
    let mut coords = Vec::with_capacity(joints * 3);
    for joint in 0..joints {
        reader.joint = Some(joint);
        let mut point = [0.0_f32; 3];
        for (value, what) in point.iter_mut().zip(["x", "y", "z"]) {
            *value = reader.next_parsed::<f64>(what)? as f32;
        }
        for what in [
            "depthX", "depthY", "colorX", "colorY", "orientW", "orientX", "orientY", "orientZ",
        ] {
            reader.next_parsed::<f64>(what)?;
        }
        let state = reader.next_parsed::<i64>("trackingState")?;
        if state == 0 || !point.iter().all(|v| v.is_finite()) {
            point = [f32::NAN; 3];
        }
        coords.extend_from_slice(&point);
    }
    reader.joint = None;
    clip.push_body(id, joints, &coords)
        .map_err(|message| reader.error(reader.tokens.line, message))
}

/// A bodyID: a signed 64-bit integer, or an unsigned one above `i64::MAX` kept by its bits.
fn parse_body_id(token: &str) -> Option<i64> {
    token
        .parse::<i64>()
        .ok()
        .or_else(|| token.parse::<u64>().ok().map(|id| id as i64))
}

/// The fields of an NTU file name `SsssCcccPpppRrrrAaaa`: setup, camera, performer,
/// replication, action (empty when the name does not follow the pattern).
fn name_fields(path: &Path) -> Vec<(String, String)> {
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy()) else {
        return Vec::new();
    };
    let bytes = stem.as_bytes();
    let keys = [
        (b'S', "setup"),
        (b'C', "camera"),
        (b'P', "performer"),
        (b'R', "replication"),
        (b'A', "action"),
    ];
    let mut fields = Vec::new();
    for (i, (letter, name)) in keys.iter().enumerate() {
        let start = i * 4;
        let (Some(&found), Some(digits)) = (bytes.get(start), stem.get(start + 1..start + 4))
        else {
            return Vec::new();
        };
        let Ok(value) = digits.parse::<u32>() else {
            return Vec::new();
        };
        if !found.eq_ignore_ascii_case(letter) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        fields.push(((*name).to_owned(), value.to_string()));
    }
    fields
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::formats::Location;
    use crate::model::{LayoutId, Space, Units, UpAxis};

    /// A body block: info line, jointCount and `joints` joint lines; joint `j` sits at
    /// (j, base + j, 2) and `untracked` has trackingState 0.
    fn body(id: &str, joints: usize, base: f32, untracked: Option<usize>) -> String {
        let mut text = format!("{id} 0 1 1 1 1 0 0.1 -0.2 2\r\n{joints}\r\n");
        for j in 0..joints {
            let state = if untracked == Some(j) { 0 } else { 2 };
            let _ = write!(
                text,
                "{j} {} 2 250.5 200 900 500 0.9 0 0.1 0 {state}\r\n",
                base + j as f32
            );
        }
        text
    }

    fn fixture(frame_count: &str) -> String {
        let mut text = format!("{frame_count}\r\n");
        text.push_str("0\r\n");
        text.push_str("1\r\n");
        text.push_str(&body("72057594037931101", 25, 0.5, Some(3)));
        text.push_str("2\r\n");
        text.push_str(&body("72057594037931101", 25, 0.25, None));
        text.push_str(&body("72057594037931102", 25, -1.0, None));
        text
    }

    #[test]
    fn bodies_frames_and_ids() {
        let clip = read(
            fixture("3").as_bytes(),
            Path::new("S001C002P003R002A013.skeleton"),
        )
        .expect("reads");
        assert_eq!(clip.frame_count(), 3);
        assert_eq!(clip.frame_rate_hz, Some(30.0));
        assert_eq!(clip.space, Space::world(Units::M, UpAxis::Y));
        assert_eq!(clip.skeleton.layout(), LayoutId::Ntu25);
        assert_eq!(clip.skeleton.name(0), "SpineBase");
        assert_eq!(clip.poses.frame(0).map(|f| f.people()), Some(0));
        let first = clip.poses.frame(1).and_then(|f| f.person(0)).expect("body");
        assert_eq!(first.track_id, Some(72_057_594_037_931_101));
        assert_eq!(first.joint(2), Some([2.0, 2.5, 2.0]));
        assert_eq!(first.joint(3), None, "trackingState 0 is missing");
        let frame = clip.poses.frame(2).expect("frame 2");
        assert_eq!(frame.people(), 2);
        assert_eq!(
            frame.person(1).and_then(|p| p.track_id),
            Some(72_057_594_037_931_102)
        );
        assert_eq!(
            frame.person(1).and_then(|p| p.joint(24)),
            Some([24.0, 23.0, 2.0])
        );
        assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
        let detail = |key: &str| {
            clip.meta
                .details
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            detail("body ids").as_deref(),
            Some("72057594037931101, 72057594037931102")
        );
        assert_eq!(detail("action").as_deref(), Some("13"));
        assert_eq!(detail("camera").as_deref(), Some("2"));
    }

    #[test]
    fn a_lying_frame_count_loads_what_is_there() {
        let clip =
            read(fixture("1099511627776").as_bytes(), Path::new("a.skeleton")).expect("reads");
        assert_eq!(clip.frame_count(), 3);
        assert!(
            clip.meta.warnings[0].contains("1099511627776"),
            "{:?}",
            clip.meta.warnings
        );
        let clip = read(fixture("2").as_bytes(), Path::new("a.skeleton")).expect("reads");
        assert_eq!(clip.frame_count(), 2);
        assert!(
            clip.meta.warnings[0].contains("line 31"),
            "{:?}",
            clip.meta.warnings
        );
    }

    #[test]
    fn lying_counts_and_truncation_are_errors_with_lines() {
        let text = fixture("3").replacen("\r\n1\r\n", "\r\n4294967296\r\n", 1);
        let error = read(text.as_bytes(), Path::new("a.skeleton")).expect_err("bodyCount");
        assert_eq!(error.location(), Some(&Location::Line(3)));
        assert!(error.to_string().contains("cannot fit"), "{error}");
        let text = fixture("3").replacen("\r\n25\r\n", "\r\n1000000\r\n", 1);
        let error = read(text.as_bytes(), Path::new("a.skeleton")).expect_err("jointCount");
        assert_eq!(error.location(), Some(&Location::Line(5)));
        let text = fixture("3");
        let cut = text.get(..text.len() - 40).expect("cut");
        let error = read(cut.as_bytes(), Path::new("a.skeleton")).expect_err("truncated");
        assert!(
            error.to_string().contains("ends in frame index 2, body 1"),
            "{error}"
        );
        let text = fixture("3").replacen("250.5", "2x0.5", 1);
        let error = read(text.as_bytes(), Path::new("a.skeleton")).expect_err("bad number");
        assert_eq!(error.location(), Some(&Location::Line(6)));
        let error = read(b"  \r\n", Path::new("a.skeleton")).expect_err("empty");
        assert!(error.to_string().contains("empty"), "{error}");
    }

    #[test]
    fn other_joint_counts_are_unnamed_and_ids_beyond_i64_keep_their_bits() {
        let text = format!("1\n1\n{}", body("18446744073709551615", 20, 0.0, None));
        let clip = read(text.as_bytes(), Path::new("v1.skeleton")).expect("reads");
        assert_eq!(clip.skeleton.joint_count(), 20);
        assert_eq!(clip.skeleton.layout(), LayoutId::FromFile);
        assert_eq!(clip.meta.warnings.len(), 1, "{:?}", clip.meta.warnings);
        let person = clip.poses.frame(0).and_then(|f| f.person(0)).expect("body");
        assert_eq!(person.track_id, Some(-1_i64), "u64::MAX keeps its bits");
        assert_eq!(name_fields(Path::new("walk.skeleton")), Vec::new());
    }
}
