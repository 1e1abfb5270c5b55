//! Samples in the other format families (C3D, TRC, COCO, an OpenPose folder), written with the
//! readers' own writers from the same generated movements, so the clip browser shows every
//! loader at work.
//!
//! - `squat_markers.c3d`: the squat's Human3.6M-17 points as labelled markers, millimetres,
//!   Z up (the usual lab convention), Intel float storage, 50 Hz.
//! - `walk_markers.trc`: two strides of the walk as OpenSim markers, metres, Y up, 30 Hz.
//! - `jump_coco.json`: the jump seen by the side camera as a COCO keypoints ground-truth file,
//!   one image per frame, at 30 Hz (COCO stores no rate).
//! - `jump_openpose/`: the same 2D jump as OpenPose BODY_25 frames (neck and mid-hip between the
//!   shoulders and the hips; the feet points the COCO model lacks are left undetected).

use super::keypoints::{SideCamera, coco17_cm, h36m17_cm, to_h36m_world_mm};
use super::pose::Pose;
use crate::formats::{c3d, coco, openpose, trc};
use crate::model::{
    Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

/// Marker names of the 3D samples (Human3.6M-17 order, OpenSim / Pose2Sim spelling), so the
/// marker-set recogniser connects them.
const MARKERS: [&str; 17] = [
    "Hip",
    "RHip",
    "RKnee",
    "RAnkle",
    "LHip",
    "LKnee",
    "LAnkle",
    "Spine",
    "Thorax",
    "Neck",
    "Head",
    "LShoulder",
    "LElbow",
    "LWrist",
    "RShoulder",
    "RElbow",
    "RWrist",
];

fn clip_of(
    names: &[&str],
    dims: usize,
    rate_hz: f64,
    space: Space,
    frames: impl Iterator<Item = Vec<f32>>,
    format: FormatId,
) -> Clip {
    let mut poses = PosesBuilder::new(names.len(), dims, false, false);
    for coords in frames {
        poses.begin_frame();
        poses.push_person(&coords, None, None);
    }
    let skeleton = Skeleton::from_names_and_bones(
        names.iter().map(|n| (*n).to_owned()).collect(),
        Vec::new(),
        LayoutId::FromFile,
    );
    Clip::new(
        skeleton,
        Some(rate_hz),
        space,
        poses.finish(),
        ClipMeta::new("generated", format),
    )
}

/// The squat as a C3D marker file (millimetres, Z up).
#[must_use]
pub fn squat_c3d(frames: &[Pose], rate_hz: f64) -> Vec<u8> {
    let clip = clip_of(
        &MARKERS,
        3,
        rate_hz,
        Space::world(Units::Mm, UpAxis::Z),
        frames.iter().map(|p| {
            h36m17_cm(&p.world())
                .into_iter()
                .flat_map(to_h36m_world_mm)
                .map(|v| v as f32)
                .collect()
        }),
        FormatId::C3d,
    );
    c3d::write(&clip, &c3d::WriteOptions::default())
}

/// The walk as an OpenSim TRC file (metres, Y up).
#[must_use]
pub fn walk_trc(frames: &[Pose], rate_hz: f64) -> Vec<u8> {
    let clip = clip_of(
        &MARKERS,
        3,
        rate_hz,
        Space::world(Units::M, UpAxis::Y),
        frames.iter().map(|p| {
            h36m17_cm(&p.world())
                .into_iter()
                .flat_map(|v| [v.x, v.y, v.z].map(|c| (c / 100.0) as f32))
                .collect()
        }),
        FormatId::Trc,
    );
    trc::write(&clip).into_bytes()
}

/// The 2D points (COCO-17 order) of `frames` seen by `camera`.
fn coco_points(frames: &[Pose], camera: &SideCamera) -> Vec<Vec<f32>> {
    frames
        .iter()
        .map(|p| {
            coco17_cm(&p.world())
                .into_iter()
                .flat_map(|k| camera.project(k))
                .map(|v| v as f32)
                .collect()
        })
        .collect()
}

/// The jump as a COCO keypoints ground-truth file.
#[must_use]
pub fn jump_coco(frames: &[Pose], camera: &SideCamera, rate_hz: f64) -> Vec<u8> {
    let layout = LayoutId::Coco17
        .layout()
        .map(|l| l.names.to_vec())
        .unwrap_or_default();
    let mut clip = clip_of(
        &layout,
        2,
        rate_hz,
        Space::image_px(),
        coco_points(frames, camera).into_iter(),
        FormatId::Coco,
    );
    if let Some(preset) = LayoutId::Coco17.layout() {
        clip.skeleton = preset.skeleton();
    }
    coco::write(&clip).into_bytes()
}

/// COCO-17 image points to OpenPose BODY_25 order (feet left undetected: NaN).
fn body25_from_coco(c: &[f32]) -> Vec<f32> {
    let point = |i: usize| [c[2 * i], c[2 * i + 1]];
    let mid = |a: usize, b: usize| {
        let (p, q) = (point(a), point(b));
        [f32::midpoint(p[0], q[0]), f32::midpoint(p[1], q[1])]
    };
    let missing = [f32::NAN, f32::NAN];
    let order: [[f32; 2]; 25] = [
        point(0),
        mid(5, 6),
        point(6),
        point(8),
        point(10),
        point(5),
        point(7),
        point(9),
        mid(11, 12),
        point(12),
        point(14),
        point(16),
        point(11),
        point(13),
        point(15),
        point(2),
        point(1),
        point(4),
        point(3),
        missing,
        missing,
        missing,
        missing,
        missing,
        missing,
    ];
    order.into_iter().flatten().collect()
}

/// The jump as OpenPose BODY_25 frames: `(file name inside the folder, JSON)`.
#[must_use]
pub fn jump_openpose(frames: &[Pose], camera: &SideCamera, rate_hz: f64) -> Vec<(String, String)> {
    let names = LayoutId::Body25
        .layout()
        .map(|l| l.names.to_vec())
        .unwrap_or_default();
    let mut poses = PosesBuilder::new(names.len(), 2, true, false);
    for coco in coco_points(frames, camera) {
        let coords = body25_from_coco(&coco);
        let confidence: Vec<f32> = coords
            .chunks(2)
            .map(|p| if p[0].is_finite() { 0.9 } else { 0.0 })
            .collect();
        poses.begin_frame();
        poses.push_person(&coords, Some(&confidence), None);
    }
    let skeleton = LayoutId::Body25
        .layout()
        .map_or_else(|| Skeleton::unnamed(25), crate::model::Layout::skeleton);
    let clip = Clip::new(
        skeleton,
        Some(rate_hz),
        Space::image_px(),
        poses.finish(),
        ClipMeta::new("generated", FormatId::OpenPose),
    );
    openpose::write_frames(&clip, "jump")
}
