//! CMU Panoptic Studio 3D body JSON: one file per frame (`body3DScene_<frame>.json`), or a
//! folder of them read as one clip.
//!
//! A file is `{version, univTime, fpsType, bodies: [{id, joints19: 19 × (x, y, z, c)}]}`
//! (panoptic-toolbox README, "Skeleton Output Format"). Joints follow Panoptic's COCO-19 order
//! ([`NAMES`]); coordinates are centimetres with the y axis pointing down ([`UpAxis::NegY`]).
//! A joint with c < 0 or at exactly 0, 0, 0 is missing. `id` is the body's track id;
//! `fpsType` `hd_29_97` is 29.97 Hz and `vga_25` 25 Hz.

mod folder;
mod frame;

use std::path::Path;

pub use folder::{is_frame_folder, read_folder};
pub use frame::{PanopticBody, PanopticFrame, parse};

use super::LoadError;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Location;

    pub(super) fn frame_json(id: &str, neck: &str) -> String {
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
}
