//! CMU Panoptic Studio 3D body JSON: one file per frame (`body3DScene_<frame>.json`), or a
//! folder of them read as one clip.
//!
//! A file is `{version, univTime, fpsType, bodies: [{id, joints19: 19 × (x, y, z, c)}]}`
//! (panoptic-toolbox README, "Skeleton Output Format"). Joints follow Panoptic's COCO-19 order
//! ([`NAMES`]); coordinates are centimetres with the y axis pointing down ([`UpAxis::NegY`]).
//! A joint with c < 0 or at exactly 0, 0, 0 is missing. `id` is the body's track id;
//! `fpsType` `hd_29_97` is 29.97 Hz and `vga_25` 25 Hz.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::sniff::{self, Sniffed};
use super::{LoadError, Location, SNIFF_BYTES};
use crate::model::{
    Bone, Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Side, Skeleton, Space, Units, UpAxis,
};

/// Joint names of the `joints19` array, in order.
pub const NAMES: [&str; 19] = [
    "Neck",
    "Nose",
    "BodyCenter",
    "lShoulder",
    "lElbow",
    "lWrist",
    "lHip",
    "lKnee",
    "lAnkle",
    "rShoulder",
    "rElbow",
    "rWrist",
    "rHip",
    "rKnee",
    "rAnkle",
    "lEye",
    "lEar",
    "rEye",
    "rEar",
];

/// Bones: the toolbox's body edges, plus nose–eye–ear for the head.
const BONES: [(usize, usize); 18] = [
    (0, 1),
    (0, 3),
    (3, 4),
    (4, 5),
    (0, 2),
    (2, 6),
    (6, 7),
    (7, 8),
    (2, 12),
    (12, 13),
    (13, 14),
    (0, 9),
    (9, 10),
    (10, 11),
    (1, 15),
    (15, 16),
    (1, 17),
    (17, 18),
];

/// Numbers per joint: x, y, z, confidence.
const VALUES_PER_JOINT: usize = 4;

/// One body of a frame, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PanopticBody {
    /// The subject id (stable across a sequence), when present.
    pub id: Option<i64>,
    /// The 19 joints as `[x, y, z, c]`, as written (`null` read as NaN).
    pub joints: Vec<[f64; 4]>,
}

/// One frame file, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PanopticFrame {
    /// `version`.
    pub version: Option<f64>,
    /// `univTime`: the capture's universal time stamp (milliseconds).
    pub univ_time: Option<f64>,
    /// `fpsType`, e.g. `hd_29_97`.
    pub fps_type: Option<String>,
    /// The bodies in file order.
    pub bodies: Vec<PanopticBody>,
}

/// The skeleton of Panoptic's COCO-19 joints, with bones and sides.
#[must_use]
pub fn skeleton() -> Skeleton {
    let sides = NAMES
        .iter()
        .map(|name| match name.as_bytes().first() {
            Some(b'l') => Side::Left,
            Some(b'r') => Side::Right,
            _ => Side::Centre,
        })
        .collect();
    Skeleton::with_sides(
        NAMES.iter().map(|n| (*n).to_owned()).collect(),
        BONES.iter().map(|&(from, to)| Bone { from, to }).collect(),
        sides,
        LayoutId::FromFile,
    )
}

/// The frame rate an `fpsType` stands for.
#[must_use]
pub fn frame_rate_hz(fps_type: &str) -> Option<f64> {
    match fps_type {
        "hd_29_97" => Some(29.97),
        "vga_25" => Some(25.0),
        _ => None,
    }
}

/// Reads one frame file as a one-frame clip.
///
/// # Errors
/// When the file is not JSON or not shaped like a Panoptic body frame; the error names the file
/// and the line or JSON path.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let frame = parse(bytes, path)?;
    Ok(to_clip(&[frame], ClipMeta::new(path, FormatId::Panoptic)))
}

/// Parses one frame file.
///
/// # Errors
/// As [`read`].
pub fn parse(bytes: &[u8], path: &Path) -> Result<PanopticFrame, LoadError> {
    let err = |at: &str, message: String| {
        LoadError::parse(
            path,
            FormatId::Panoptic,
            Location::JsonPath(at.to_owned()),
            message,
        )
    };
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        LoadError::parse(
            path,
            FormatId::Panoptic,
            Location::Line(e.line()),
            format!("invalid JSON (column {}): {message}", e.column()),
        )
    })?;
    let Some(root) = root.as_object() else {
        return Err(err("$", "a Panoptic frame is a JSON object".to_owned()));
    };
    let Some(bodies) = root.get("bodies") else {
        return Err(err("$", "no `bodies` array".to_owned()));
    };
    let Some(bodies) = bodies.as_array() else {
        return Err(err("$.bodies", "`bodies` is not an array".to_owned()));
    };
    let mut frame = PanopticFrame {
        version: root.get("version").and_then(Value::as_f64),
        univ_time: root.get("univTime").and_then(Value::as_f64),
        fps_type: root
            .get("fpsType")
            .and_then(Value::as_str)
            .map(str::to_owned),
        bodies: Vec::with_capacity(bodies.len()),
    };
    for (index, body) in bodies.iter().enumerate() {
        let at = format!("$.bodies[{index}]");
        let Some(body) = body.as_object() else {
            return Err(err(&at, "a body is not an object".to_owned()));
        };
        let id = match body.get("id") {
            None | Some(Value::Null) => None,
            Some(id) => Some(as_whole(id).ok_or_else(|| {
                err(
                    &format!("{at}.id"),
                    format!("the id `{id}` is not a whole number"),
                )
            })?),
        };
        let Some(joints) = body.get("joints19") else {
            let message = if body.contains_key("joints15") {
                "only `joints15` (the retired MPI-15 layout) is present; posedeck reads `joints19`"
            } else {
                "no `joints19` array"
            };
            return Err(err(&at, message.to_owned()));
        };
        let at = format!("{at}.joints19");
        let values = joints
            .as_array()
            .filter(|v| v.len() == NAMES.len() * VALUES_PER_JOINT)
            .ok_or_else(|| {
                let found = joints.as_array().map_or_else(
                    || "is not an array".to_owned(),
                    |v| format!("holds {} values", v.len()),
                );
                err(
                    &at,
                    format!("{found}; 19 joints × (x, y, z, c) are 76 numbers"),
                )
            })?;
        let mut numbers = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            numbers.push(match value {
                Value::Null => f64::NAN,
                other => other.as_f64().ok_or_else(|| {
                    err(&format!("{at}[{i}]"), format!("`{other}` is not a number"))
                })?,
            });
        }
        let joints = numbers
            .chunks_exact(VALUES_PER_JOINT)
            .filter_map(|j| match *j {
                [x, y, z, c] => Some([x, y, z, c]),
                _ => None,
            })
            .collect();
        frame.bodies.push(PanopticBody { id, joints });
    }
    Ok(frame)
}

/// A JSON number that is a whole number (`3` or `3.0`).
fn as_whole(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|v| v.fract() == 0.0 && v.abs() < 9.0e18)
            .map(|v| v as i64)
    })
}

/// Builds a clip of `frames` in order.
#[must_use]
pub fn to_clip(frames: &[PanopticFrame], mut meta: ClipMeta) -> Clip {
    let joints = NAMES.len();
    let mut builder = PosesBuilder::new(joints, 3, true, true);
    let mut coords = vec![f32::NAN; joints * 3];
    let mut confidence = vec![f32::NAN; joints];
    for frame in frames {
        builder.begin_frame();
        for body in &frame.bodies {
            let mut any = false;
            for ((joint, point), conf) in body
                .joints
                .iter()
                .zip(coords.chunks_exact_mut(3))
                .zip(confidence.iter_mut())
            {
                let [x, y, z, c] = *joint;
                let missing = c.is_nan()
                    || c < 0.0
                    || (x == 0.0 && y == 0.0 && z == 0.0)
                    || ![x, y, z].iter().all(|v| v.is_finite());
                if missing {
                    point.fill(f32::NAN);
                    *conf = f32::NAN;
                } else {
                    point.copy_from_slice(&[x as f32, y as f32, z as f32]);
                    *conf = c as f32;
                    any = true;
                }
            }
            if any {
                builder.push_person(&coords, Some(&confidence), body.id);
            }
        }
    }

    let fps_type = frames.iter().find_map(|f| f.fps_type.as_deref());
    let frame_rate_hz = fps_type.and_then(frame_rate_hz);
    match fps_type {
        Some(kind) if frame_rate_hz.is_none() => meta.warnings.push(format!(
            "fpsType `{kind}` is not one posedeck knows; no frame rate"
        )),
        None => meta
            .warnings
            .push("no fpsType; the frame rate is unknown".to_owned()),
        Some(_) => {}
    }
    if frames
        .iter()
        .filter_map(|f| f.fps_type.as_deref())
        .any(|kind| Some(kind) != fps_type)
    {
        meta.warnings
            .push("the frames disagree on fpsType; the first one is used".to_owned());
    }
    let times: Vec<f64> = frames.iter().filter_map(|f| f.univ_time).collect();
    if let (Some(first), Some(last)) = (times.first(), times.last()) {
        let value = if frames.len() == 1 {
            first.to_string()
        } else {
            format!("{first} to {last}")
        };
        meta.details.push(("univTime".to_owned(), value));
    }
    if let Some(version) = frames.iter().find_map(|f| f.version) {
        meta.details
            .push(("version".to_owned(), version.to_string()));
    }
    Clip::new(
        skeleton(),
        frame_rate_hz,
        Space::world(Units::Cm, UpAxis::NegY),
        builder.finish(),
        meta,
    )
}

/// The frame files of `dir`: its `.json` files (only the `body3DScene` ones when there are
/// any), ordered by the last number in their names, then by name.
fn frame_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, e))?;
    let mut files: Vec<(Option<u64>, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| LoadError::io(dir, e))?.path();
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json && path.is_file() {
            files.push((last_number(&path), path));
        }
    }
    // Beside the frames there may be other JSON (a calibration file): when some names say
    // `body3DScene`, only those are frames.
    let is_frame = |path: &PathBuf| {
        path.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("body3DScene"))
    };
    if files.iter().any(|(_, path)| is_frame(path)) {
        files.retain(|(_, path)| is_frame(path));
    }
    files.sort();
    Ok(files.into_iter().map(|(_, path)| path).collect())
}

/// The last run of digits in a file's stem, e.g. 168 for `body3DScene_00000168.json`.
fn last_number(path: &Path) -> Option<u64> {
    let stem = path.file_stem()?.to_string_lossy();
    let end = stem.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = stem
        .get(..end)?
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    stem.get(start..end)?.parse().ok()
}

/// True when `dir` holds `.json` files and the first of them (in frame order) is a Panoptic
/// body frame.
#[must_use]
pub fn is_frame_folder(dir: &Path) -> bool {
    let Ok(files) = frame_files(dir) else {
        return false;
    };
    files.first().is_some_and(|first| {
        use std::io::Read as _;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        std::fs::File::open(first)
            .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
            .is_ok()
            && sniff::sniff(first, &head) == Sniffed::Format(FormatId::Panoptic)
    })
}

/// Reads a folder of frame files as one clip, in the order of the numbers in their names.
///
/// # Errors
/// When the folder cannot be listed, holds no `.json` file, or a file is malformed (the error
/// names that file).
pub fn read_folder(dir: &Path) -> Result<Clip, LoadError> {
    let files = frame_files(dir)?;
    if files.is_empty() {
        return Err(LoadError::unsupported(
            dir,
            "a folder without `.json` frame files",
        ));
    }
    let mut frames = Vec::with_capacity(files.len());
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| LoadError::io(file, e))?;
        frames.push(parse(&bytes, file)?);
    }
    let mut meta = ClipMeta::new(dir, FormatId::Panoptic);
    let numbers: Vec<Option<u64>> = files.iter().map(|f| last_number(f)).collect();
    let gap = numbers.windows(2).find_map(|pair| match *pair {
        [Some(a), Some(b)] if a.checked_add(1) == Some(b) => None,
        [a, b] => Some((a, b)),
        _ => None,
    });
    if let Some((before, after)) = gap {
        let show = |n: Option<u64>| n.map_or_else(|| "(none)".to_owned(), |n| n.to_string());
        meta.warnings.push(format!(
            "the frame numbers in the file names are not consecutive ({} is followed by {}); \
             the files are shown one after another",
            show(before),
            show(after)
        ));
    }
    meta.details
        .push(("frame files".to_owned(), files.len().to_string()));
    Ok(to_clip(&frames, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_json(id: &str, neck: &str) -> String {
        let mut joints = vec![neck.to_owned()];
        joints.extend((1..19).map(|i| format!("{i}, -{i}, 1, 0.5")));
        joints[8] = "0, 0, 0, -1".to_owned();
        format!(
            r#"{{"version": 0.7, "univTime": 100.5, "fpsType": "hd_29_97",
            "bodies": [{{"id": {id}, "joints19": [{}]}}]}}"#,
            joints.join(", ")
        )
    }

    #[test]
    fn one_frame_with_missing_joints_and_y_down() {
        let text = frame_json("7", "1.5, -150, 2, 0.7");
        let clip = read(text.as_bytes(), Path::new("f.json")).expect("reads");
        assert_eq!(clip.frame_rate_hz, Some(29.97));
        assert_eq!(clip.space, Space::world(Units::Cm, UpAxis::NegY));
        assert_eq!(clip.skeleton.names().len(), 19);
        assert_eq!(clip.skeleton.side(3), Side::Left);
        assert_eq!(clip.skeleton.side(18), Side::Right);
        assert_eq!(clip.skeleton.bones().len(), 18);
        let body = clip.poses.frame(0).and_then(|f| f.person(0)).expect("body");
        assert_eq!(body.track_id, Some(7));
        assert_eq!(body.joint(0), Some([1.5, -150.0, 2.0]));
        assert_eq!(body.confidence_of(0), Some(0.7));
        assert_eq!(body.joint(8), None, "0,0,0 with c = -1 is missing");
        assert!(
            clip.meta
                .details
                .contains(&("univTime".into(), "100.5".into()))
        );
    }

    #[test]
    fn shape_errors_carry_the_json_path() {
        let text = frame_json("7", "1.5, -150, 2");
        let error = read(text.as_bytes(), Path::new("f.json")).expect_err("75 values");
        assert_eq!(
            error.location(),
            Some(&Location::JsonPath("$.bodies[0].joints19".into()))
        );
        let text = frame_json("7", "1.5, -150, \"x\", 1");
        let error = read(text.as_bytes(), Path::new("f.json")).expect_err("string");
        assert_eq!(
            error.location(),
            Some(&Location::JsonPath("$.bodies[0].joints19[2]".into()))
        );
        let text = frame_json("0.5", "1, 2, 3, 4");
        let error = read(text.as_bytes(), Path::new("f.json")).expect_err("id");
        assert!(error.to_string().contains("$.bodies[0].id"), "{error}");
        let error = read(b"{\"bodies\": [1,", Path::new("f.json")).expect_err("truncated");
        assert_eq!(error.location(), Some(&Location::Line(1)));
        let error = read(
            br#"{"bodies": [{"id": 0, "joints15": []}]}"#,
            Path::new("f.json"),
        )
        .expect_err("joints15");
        assert!(error.to_string().contains("MPI-15"), "{error}");
    }

    #[test]
    fn empty_frames_are_frames() {
        let clip = read(
            br#"{"univTime": 1, "fpsType": "vga_25", "bodies": []}"#,
            Path::new("e.json"),
        )
        .expect("reads");
        assert_eq!(clip.frame_count(), 1);
        assert_eq!(clip.poses.max_people(), 0);
        assert_eq!(clip.frame_rate_hz, Some(25.0));
    }

    #[test]
    fn folder_frames_follow_the_numbers_in_the_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, neck) in [
            ("body3DScene_00000010.json", "3, -3, 3, 1"),
            ("body3DScene_00000009.json", "2, -2, 2, 1"),
            ("body3DScene_00000012.json", "4, -4, 4, 1"),
        ] {
            std::fs::write(dir.path().join(name), frame_json("1", neck)).expect("write");
        }
        std::fs::write(dir.path().join("notes.txt"), "not a frame").expect("write");
        std::fs::write(dir.path().join("calibration_1.json"), "{}").expect("write");
        assert!(is_frame_folder(dir.path()));
        let clip = read_folder(dir.path()).expect("reads");
        assert_eq!(clip.frame_count(), 3);
        let neck = |f: usize| {
            clip.poses
                .frame(f)
                .and_then(|f| f.person(0))
                .and_then(|p| p.joint(0))
        };
        assert_eq!(neck(0), Some([2.0, -2.0, 2.0]));
        assert_eq!(neck(2), Some([4.0, -4.0, 4.0]));
        assert_eq!(clip.meta.warnings.len(), 1, "{:?}", clip.meta.warnings);
        assert!(clip.meta.warnings[0].contains("10 is followed by 12"));
        assert_eq!(last_number(Path::new("a7b_0012.json")), Some(12));
        assert_eq!(last_number(Path::new("frame.json")), None);
    }
}
