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

use std::collections::HashSet;
use std::path::Path;
use std::str::FromStr;

use super::{LoadError, Location};
use crate::model::{
    Clip, ClipMeta, FormatId, Layout, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

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
/// Most stored values per byte of input, plus a fixed allowance (see the TRC reader).
const VALUES_PER_BYTE: usize = 1;
/// Fixed allowance of stored values on top of [`VALUES_PER_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;
/// Most body ids listed in the clip details.
const MAX_IDS_SHOWN: usize = 16;

/// Reads an NTU RGB+D `.skeleton` file.
///
/// # Errors
/// When a value is not a number, a count cannot fit in the rest of the file, or the file ends
/// inside a frame; the error names the file and the line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = Reader {
        tokens: Tokens {
            text,
            pos: 0,
            line: 1,
        },
        path,
        frame: 0,
        body: None,
        joint: None,
    };
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
    Ok(clip.finish(meta, path))
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

/// Whitespace-separated tokens with the line each starts on.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Tokens<'a> {
    /// The next token and its 1-based line.
    fn next(&mut self) -> Option<(&'a str, usize)> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !b.is_ascii_whitespace() {
                break;
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
        let start = self.pos;
        while bytes
            .get(self.pos)
            .is_some_and(|b| !b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
        // Both ends sit next to ASCII whitespace or the end, so they are char boundaries.
        self.text
            .get(start..self.pos)
            .filter(|t| !t.is_empty())
            .map(|t| (t, self.line))
    }

    /// Bytes not read yet.
    fn remaining(&self) -> usize {
        self.text.len().saturating_sub(self.pos)
    }
}

/// The token stream plus where in the file structure it is, for error messages.
struct Reader<'a> {
    tokens: Tokens<'a>,
    path: &'a Path,
    /// The frame being read (0-based).
    frame: u64,
    /// The body being read in that frame, if any.
    body: Option<usize>,
    /// The joint being read in that body, if any.
    joint: Option<usize>,
}

impl<'a> Reader<'a> {
    /// Where the reader is, e.g. `frame index 3, body 1, joint 7`.
    fn place(&self) -> String {
        let body = self.body.map(|b| format!(", body {b}")).unwrap_or_default();
        let joint = self
            .joint
            .map(|j| format!(", joint {j}"))
            .unwrap_or_default();
        format!("frame index {}{body}{joint}", self.frame)
    }

    fn error(&self, line: usize, message: impl Into<String>) -> LoadError {
        LoadError::parse(self.path, FormatId::Ntu, Location::Line(line), message)
    }

    /// The next token, or an error saying the file ends where `what` was expected.
    fn token(&mut self, what: &str) -> Result<(&'a str, usize), LoadError> {
        self.tokens.next().ok_or_else(|| {
            self.error(
                self.tokens.line,
                format!(
                    "the file ends in {} where {what} was expected",
                    self.place()
                ),
            )
        })
    }

    fn parse<T: FromStr>(&self, token: &str, line: usize, what: &str) -> Result<T, LoadError> {
        token.parse().map_err(|_| {
            self.error(
                line,
                format!(
                    "{what} `{token}` in {} is not a valid number here",
                    self.place()
                ),
            )
        })
    }

    fn next_parsed<T: FromStr>(&mut self, what: &str) -> Result<T, LoadError> {
        let (token, line) = self.token(what)?;
        self.parse(token, line, what)
    }

    /// Checks that `count` items of at least `values` numbers each can fit in the bytes left
    /// (every number takes a character and a separator).
    fn check_fits(
        &self,
        line: usize,
        count: usize,
        values: usize,
        what: &str,
    ) -> Result<(), LoadError> {
        let needed = count.saturating_mul(values).saturating_mul(2);
        if needed > self.tokens.remaining().saturating_add(1) {
            return Err(self.error(
                line,
                format!(
                    "{what} {count} in {} cannot fit in the {} bytes left",
                    self.place(),
                    self.tokens.remaining()
                ),
            ));
        }
        Ok(())
    }
}

/// Collects frames and bodies; the joint count comes from the first body.
struct ClipBuilder {
    builder: Option<PosesBuilder>,
    joints: usize,
    /// Frames begun before the first body (the builder does not exist yet).
    pending_frames: usize,
    budget: usize,
    mismatched_bodies: usize,
    /// Body ids in order of first appearance.
    ids: Vec<i64>,
    seen: HashSet<i64>,
}

impl ClipBuilder {
    fn new(file_bytes: usize) -> Self {
        Self {
            builder: None,
            joints: KINECT_V2_JOINTS,
            pending_frames: 0,
            budget: file_bytes
                .saturating_mul(VALUES_PER_BYTE)
                .saturating_add(VALUES_ALLOWANCE),
            mismatched_bodies: 0,
            ids: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn begin_frame(&mut self) {
        match &mut self.builder {
            Some(builder) => builder.begin_frame(),
            None => self.pending_frames += 1,
        }
    }

    /// Adds a body of `joints` joints; the error is a message (the stored values would far
    /// exceed the file's size). The first body with joints fixes the clip's joint count.
    fn push_body(&mut self, id: i64, joints: usize, coords: &[f32]) -> Result<(), String> {
        if joints == 0 || coords.iter().all(|v| v.is_nan()) {
            return Ok(());
        }
        if self.seen.insert(id) {
            self.ids.push(id);
        }
        if self.builder.is_none() {
            self.joints = joints;
            let mut builder = PosesBuilder::new(joints, 3, false, true);
            for _ in 0..std::mem::take(&mut self.pending_frames) {
                builder.begin_frame();
            }
            self.builder = Some(builder);
        }
        if joints != self.joints {
            self.mismatched_bodies += 1;
        }
        self.budget = self
            .budget
            .checked_sub(self.joints * 3)
            .ok_or("the bodies hold far more values than the file has room for")?;
        if let Some(builder) = &mut self.builder {
            builder.push_person(coords, None, Some(id));
        }
        Ok(())
    }

    fn finish(self, mut meta: ClipMeta, path: &Path) -> Clip {
        let joints = self.joints;
        let poses = self.builder.map_or_else(
            || {
                let mut builder = PosesBuilder::new(joints, 3, false, true);
                for _ in 0..self.pending_frames {
                    builder.begin_frame();
                }
                builder.finish()
            },
            PosesBuilder::finish,
        );
        let skeleton = if joints == KINECT_V2_JOINTS {
            LayoutId::Ntu25
                .layout()
                .map_or_else(|| Skeleton::unnamed(joints), Layout::skeleton)
        } else {
            meta.warnings.push(format!(
                "the bodies have {joints} joints, not Kinect v2's {KINECT_V2_JOINTS}; \
                 the joints are unnamed"
            ));
            Skeleton::unnamed(joints)
        };
        if self.mismatched_bodies > 0 {
            meta.warnings.push(format!(
                "{} bodies do not have {joints} joints like the first; extra joints are \
                 dropped and absent ones missing",
                self.mismatched_bodies
            ));
        }
        let mut shown: Vec<String> = self
            .ids
            .iter()
            .take(MAX_IDS_SHOWN)
            .map(i64::to_string)
            .collect();
        if self.ids.len() > MAX_IDS_SHOWN {
            shown.push(format!("… ({} in all)", self.ids.len()));
        }
        meta.details.push(("body ids".to_owned(), shown.join(", ")));
        meta.details.extend(name_fields(path));
        Clip::new(
            skeleton,
            Some(FRAME_RATE_HZ),
            Space::world(Units::M, UpAxis::Y),
            poses,
            meta,
        )
    }
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
