//! Writes a clip as OpenPose frame files (`<stem>_<12-digit frame>_keypoints.json`, version
//! 1.3), one per frame, every frame written even when nobody is in it.
//!
//! Body points go to `pose_keypoints_2d` (or `pose_keypoints_3d` for a 3D clip), the parts
//! named `face`, `hand_left` and `hand_right` to their arrays. Missing points are `0, 0, 0`;
//! a present point gets the clip's confidence, or 1 when there is none (or when it is 0 or
//! not a number, which a reader would take for "missing"). Track ids go to `person_id`.
//! Deterministic: same clip, same bytes.

use std::path::Path;

use serde::Serialize;

use crate::model::{Clip, PersonView, Poses};

#[derive(Serialize)]
struct FrameOut {
    version: f64,
    people: Vec<PersonOut>,
}

#[derive(Serialize)]
struct PersonOut {
    person_id: [i64; 1],
    pose_keypoints_2d: Vec<f32>,
    face_keypoints_2d: Vec<f32>,
    hand_left_keypoints_2d: Vec<f32>,
    hand_right_keypoints_2d: Vec<f32>,
    pose_keypoints_3d: Vec<f32>,
    face_keypoints_3d: Vec<f32>,
    hand_left_keypoints_3d: Vec<f32>,
    hand_right_keypoints_3d: Vec<f32>,
}

/// The frame files of `clip` as `(file name, JSON text)`, in frame order.
#[must_use]
pub fn write_frames(clip: &Clip, stem: &str) -> Vec<(String, String)> {
    let dims = clip.poses.dims();
    let part = |name: &str| clip.parts.iter().find(|p| p.name == name).map(|p| &p.poses);
    let (face, left, right) = (part("face"), part("hand_left"), part("hand_right"));
    let mut files = Vec::with_capacity(clip.frame_count());
    for (index, frame) in clip.poses.frames().enumerate() {
        let mut people = Vec::with_capacity(frame.people());
        for (p, person) in frame.persons().enumerate() {
            let group = |poses: Option<&Poses>| {
                poses.map_or_else(Vec::new, |poses| {
                    let person = poses.frame(index).and_then(|f| f.person(p));
                    flatten(person.as_ref(), poses.joints(), poses.dims())
                })
            };
            let body = flatten(Some(&person), clip.poses.joints(), dims);
            let (face, left, right) = (group(face), group(left), group(right));
            let mut out = PersonOut {
                person_id: [person.track_id.filter(|t| *t >= 0).unwrap_or(-1)],
                pose_keypoints_2d: Vec::new(),
                face_keypoints_2d: Vec::new(),
                hand_left_keypoints_2d: Vec::new(),
                hand_right_keypoints_2d: Vec::new(),
                pose_keypoints_3d: Vec::new(),
                face_keypoints_3d: Vec::new(),
                hand_left_keypoints_3d: Vec::new(),
                hand_right_keypoints_3d: Vec::new(),
            };
            if dims == 3 {
                (
                    out.pose_keypoints_3d,
                    out.face_keypoints_3d,
                    out.hand_left_keypoints_3d,
                    out.hand_right_keypoints_3d,
                ) = (body, face, left, right);
            } else {
                (
                    out.pose_keypoints_2d,
                    out.face_keypoints_2d,
                    out.hand_left_keypoints_2d,
                    out.hand_right_keypoints_2d,
                ) = (body, face, left, right);
            }
            people.push(out);
        }
        let text = serde_json::to_string(&FrameOut {
            version: 1.3,
            people,
        })
        .unwrap_or_default();
        files.push((format!("{stem}_{index:012}_keypoints.json"), text));
    }
    files
}

/// Writes the frame files of `clip` into the folder `dir` (created when absent), named
/// `frame_<12-digit frame>_keypoints.json`.
///
/// # Errors
/// When the folder cannot be created or a file cannot be written.
pub fn write_folder(clip: &Clip, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in write_frames(clip, "frame") {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// A person's points as flat `x, y[, z], c` tuples; missing points are zeros.
fn flatten(person: Option<&PersonView<'_>>, joints: usize, dims: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(joints * (dims + 1));
    for joint in 0..joints {
        match person.and_then(|p| p.joint(joint).map(|xyz| (xyz, p.confidence_of(joint)))) {
            Some((xyz, confidence)) => {
                out.extend(xyz.iter().take(dims));
                out.push(
                    confidence
                        .filter(|c| c.is_finite() && *c != 0.0)
                        .unwrap_or(1.0),
                );
            }
            None => out.extend(std::iter::repeat_n(0.0, dims + 1)),
        }
    }
    out
}
