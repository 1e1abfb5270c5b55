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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::openpose::read;

    #[test]
    fn a_3d_frame_with_a_hand_and_a_track_reads_back_the_same() {
        let hand: Vec<String> = (0..21).map(|i| format!("{i},{i},{i},0.5")).collect();
        let text = format!(
            r#"{{"people":[{{"person_id":[4],"pose_keypoints_3d":[1.5,2,3,1, 0,0,0,0, 7,8,9,0.25],
                "hand_right_keypoints_3d":[{}]}}, {{"pose_keypoints_3d":[]}}]}}"#,
            hand.join(",")
        );
        let clip = read(text.as_bytes(), Path::new("a.json")).expect("reads");
        assert_eq!(clip.space.dims, 3);
        let files = write_frames(&clip, "x");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "x_000000000000_keypoints.json");
        let again = read(files[0].1.as_bytes(), Path::new("b.json")).expect("reads back");
        assert_eq!(again.skeleton, clip.skeleton);
        assert_eq!(again.parts.len(), 1);
        let (a, b) = (
            clip.poses.frame(0).expect("frame"),
            again.poses.frame(0).expect("frame"),
        );
        assert_eq!(b.people(), 2);
        for (p, q) in a.persons().zip(b.persons()) {
            assert_eq!(p.track_id, q.track_id);
            for j in 0..3 {
                assert_eq!(p.joint(j), q.joint(j));
            }
        }
        let first = b.person(0).expect("person");
        assert_eq!(first.joint(2), Some([7.0, 8.0, 9.0]));
        assert_eq!(first.track_id, Some(4));
        assert_eq!(b.person(1).and_then(|p| p.track_id), Some(-1));
        assert_eq!(write_frames(&again, "x"), files);
    }
}
