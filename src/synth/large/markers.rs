//! Marker and keypoint arrays for the large inputs: a 60-marker C3D trial (float or integer
//! storage) and a Human3.6M-17 NPY array, both from the circle walk.

use glam::DVec3;

use super::walker::Walker;
use crate::formats::{c3d, npy};
use crate::model::{
    Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};
use crate::synth::keypoints::{h36m17_cm, to_h36m_world_mm};
use crate::synth::rig::{JOINT_COUNT, JOINTS};

/// Markers in the C3D trial.
pub const MARKERS: usize = 60;

/// Where the markers sit in their joint's frame, centimetres: three per joint.
const MARKER_OFFSETS_CM: [[f64; 3]; 3] = [[4.0, 0.0, 0.0], [0.0, 0.0, 4.0], [-4.0, 2.0, 0.0]];

/// Marker labels: joint name and a letter (`Hips_a`, `Hips_b`, ...).
fn marker_names() -> Vec<String> {
    (0..MARKERS)
        .map(|m| {
            let joint = JOINTS[m % JOINT_COUNT].name;
            let letter = ["a", "b", "c"][m / JOINT_COUNT];
            format!("{joint}_{letter}")
        })
        .collect()
}

/// The C3D bytes of `frames` frames at `rate_hz`: 60 markers in millimetres, Z up.
#[must_use]
pub fn c3d_bytes(frames: usize, rate_hz: f64, storage: c3d::PointStorage) -> Vec<u8> {
    let mut walker = Walker::new(rate_hz);
    let mut poses = PosesBuilder::new(MARKERS, 3, false, false);
    let mut coords = Vec::with_capacity(MARKERS * 3);
    for _ in 0..frames {
        let world = walker.next_pose().world();
        coords.clear();
        for m in 0..MARKERS {
            let p: DVec3 = world.point(m % JOINT_COUNT, MARKER_OFFSETS_CM[m / JOINT_COUNT]);
            coords.extend(to_h36m_world_mm(p).map(|v| v as f32));
        }
        poses.begin_frame();
        poses.push_person(&coords, None, None);
    }
    let skeleton = Skeleton::from_names_and_bones(marker_names(), Vec::new(), LayoutId::FromFile);
    let clip = Clip::new(
        skeleton,
        Some(rate_hz),
        Space::world(Units::Mm, UpAxis::Z),
        poses.finish(),
        ClipMeta::new("generated", FormatId::C3d),
    );
    c3d::write(
        &clip,
        &c3d::WriteOptions {
            storage,
            ..c3d::WriteOptions::default()
        },
    )
}

/// The NPY bytes of a `(frames, 17, 3)` float32 Human3.6M-17 array in millimetres, Z up, at
/// `rate_hz`.
#[must_use]
pub fn npy_bytes(frames: usize, rate_hz: f64) -> Vec<u8> {
    let mut walker = Walker::new(rate_hz);
    let mut data = Vec::with_capacity(frames * 17 * 3);
    for _ in 0..frames {
        let world = walker.next_pose().world();
        data.extend(
            h36m17_cm(&world)
                .into_iter()
                .flat_map(to_h36m_world_mm)
                .map(|v| v as f32),
        );
    }
    npy::write_f32(&[frames, 17, 3], &data)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn c3d_and_npy_read_back() {
        for storage in [c3d::PointStorage::Float, c3d::PointStorage::Integer] {
            let bytes = c3d_bytes(50, 200.0, storage);
            let clip = c3d::read(&bytes, Path::new("large.c3d")).unwrap();
            assert_eq!(clip.frame_count(), 50);
            assert_eq!(clip.poses.joints(), MARKERS);
        }
        let bytes = npy_bytes(40, 120.0);
        let clip = npy::read(&bytes, Path::new("large.npy")).unwrap();
        assert_eq!(clip.frame_count(), 40);
        assert_eq!(clip.poses.joints(), 17);
    }
}
