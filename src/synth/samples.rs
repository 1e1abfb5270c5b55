//! The sample files of `assets/`: every movement as BVH, keypoint arrays as NPY, and the other
//! format families (C3D, TRC, COCO, an OpenPose folder; see [`super::families`]).
//!
//! NPY files carry no frame rate and posedeck plays them at 30 fps, so the arrays are made at
//! 30 Hz (from the same root trajectory as the BVH clips: see [`super::ground`]).

use std::path::{Path, PathBuf};

use glam::DVec3;

use super::bvh_doc;
use super::families;
use super::ground::{Motion, solve};
use super::keypoints::{SideCamera, coco17_cm, h36m17_cm, to_h36m_world_mm};
use super::motions::cmj::{self, CounterMovementJump};
use super::motions::golf_swing::{self, GolfSwing};
use super::motions::sprint_start::{self, SprintStart};
use super::motions::squat::{self, Squat};
use super::motions::walk::{self, Walk};
use super::pose::Pose;
use super::variation;
use crate::formats::{bvh, npy};

/// Frame rate of the NPY keypoint arrays, hertz (posedeck's default playback rate).
pub const KEYPOINT_RATE_HZ: f64 = 30.0;

/// A generated 3D clip of the rig.
#[derive(Clone, Debug)]
pub struct SampleClip {
    /// File stem, e.g. `walk`.
    pub name: &'static str,
    /// Frame rate, hertz.
    pub rate_hz: f64,
    /// The poses, frame by frame.
    pub poses: Vec<Pose>,
}

/// Frames of a movement at `rate_hz` covering its whole duration (both ends included).
fn frames_for(motion: &dyn Motion, rate_hz: f64) -> usize {
    (motion.duration_s() * rate_hz).round() as usize + 1
}

/// The clip of a whole movement at `rate_hz`.
fn whole(name: &'static str, motion: &dyn Motion, rate_hz: f64) -> SampleClip {
    SampleClip {
        name,
        rate_hz,
        poses: solve(motion, rate_hz, frames_for(motion, rate_hz)),
    }
}

/// Every 3D clip, in the order of [`sample_files`].
#[must_use]
pub fn clips() -> Vec<SampleClip> {
    vec![
        SampleClip {
            name: "walk",
            rate_hz: walk::RATE_HZ,
            poses: solve(&Walk, walk::RATE_HZ, walk::FRAMES),
        },
        whole("sprint_start", &SprintStart::new(), sprint_start::RATE_HZ),
        whole("squat", &Squat, squat::RATE_HZ),
        whole("cmj", &CounterMovementJump::new(), cmj::RATE_HZ),
        whole("golf_swing", &GolfSwing, golf_swing::RATE_HZ),
    ]
}

/// The walk at [`KEYPOINT_RATE_HZ`], whole strides.
#[must_use]
pub fn walk_keypoint_frames() -> Vec<Pose> {
    let frames = (walk::STRIDE_S * walk::STRIDES as f64 * KEYPOINT_RATE_HZ).round() as usize;
    solve(&Walk, KEYPOINT_RATE_HZ, frames)
}

/// The countermovement jump at [`KEYPOINT_RATE_HZ`].
#[must_use]
pub fn jump_keypoint_frames() -> Vec<Pose> {
    let motion = CounterMovementJump::new();
    solve(
        &motion,
        KEYPOINT_RATE_HZ,
        frames_for(&motion, KEYPOINT_RATE_HZ),
    )
}

/// The camera of the 2D sample: 6 m to the athlete's right, 1.2 m high, 1280 × 720 pixels,
/// focal length 1500 px (a standing athlete is about 440 px tall).
#[must_use]
pub fn side_camera(look_at_z_cm: f64) -> SideCamera {
    SideCamera {
        centre_cm: DVec3::new(-600.0, 120.0, look_at_z_cm),
        focal_px: 1500.0,
        width_px: 1280.0,
        height_px: 720.0,
    }
}

/// Human3.6M-17 points of `frames` in millimetres, Z up, flat `(frames, 17, 3)`.
pub(crate) fn h36m_values(frames: &[Pose]) -> Vec<f32> {
    frames
        .iter()
        .flat_map(|p| h36m17_cm(&p.world()))
        .flat_map(to_h36m_world_mm)
        .map(|v| v as f32)
        .collect()
}

/// `(frames, 17, 3)` float32 Human3.6M-17 points in millimetres, Z up.
fn h36m_npy(frames: &[Pose]) -> Vec<u8> {
    npy::write_f32(&[frames.len(), 17, 3], &h36m_values(frames))
}

/// `(frames, 17, 2)` float32 COCO-17 image points of `frames` seen by `camera`.
pub(crate) fn coco_2d_npy(frames: &[Pose], camera: &SideCamera) -> Vec<u8> {
    let data: Vec<f32> = frames
        .iter()
        .flat_map(|p| coco17_cm(&p.world()))
        .flat_map(|k| camera.project(k))
        .map(|v| v as f32)
        .collect();
    npy::write_f32(&[frames.len(), 17, 2], &data)
}

/// Every sample file as `(file name, bytes)`, made in memory.
#[must_use]
pub fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for clip in clips() {
        let doc = bvh_doc::document(&clip.poses, clip.rate_hz);
        files.push((format!("{}.bvh", clip.name), bvh::write(&doc).into_bytes()));
    }
    // A second, different sprint start (another athlete's timing and technique) to compare.
    let second = variation::second_sprint_start(variation::SECOND_SPRINT_RATE_HZ);
    let doc = bvh_doc::document(&second, variation::SECOND_SPRINT_RATE_HZ);
    files.push((
        "sprint_start_2.bvh".to_owned(),
        bvh::write(&doc).into_bytes(),
    ));
    files.push((
        "walk_h36m.npy".to_owned(),
        h36m_npy(&walk_keypoint_frames()),
    ));
    let jump = jump_keypoint_frames();
    let camera = side_camera(jump.first().map_or(0.0, |p| p.root_cm.z + 5.0));
    files.push(("jump_coco_2d.npy".to_owned(), coco_2d_npy(&jump, &camera)));
    files.push((
        "jump_coco.json".to_owned(),
        families::jump_coco(&jump, &camera, KEYPOINT_RATE_HZ),
    ));
    for (name, text) in families::jump_openpose(&jump, &camera, KEYPOINT_RATE_HZ) {
        files.push((format!("jump_openpose/{name}"), text.into_bytes()));
    }
    let squat = Squat;
    let squat_frames = solve(&squat, 50.0, frames_for(&squat, 50.0));
    files.push((
        "squat_markers.c3d".to_owned(),
        families::squat_c3d(&squat_frames, 50.0),
    ));
    let walk_frames = solve(&Walk, 30.0, (walk::STRIDE_S * 2.0 * 30.0).round() as usize);
    files.push((
        "walk_markers.trc".to_owned(),
        families::walk_trc(&walk_frames, 30.0),
    ));
    files
}

/// Writes every sample file into `dir` and returns their paths.
///
/// # Errors
/// When a file cannot be written.
pub fn write_samples(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, bytes) in sample_files() {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}
