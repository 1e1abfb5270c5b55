//! Keypoint arrays from the rig: Human3.6M-17 in 3D and COCO-17 seen by a side camera.

use glam::DVec3;

use super::pose::World;
use super::rig::joint;

/// Nose tip in the head frame, centimetres (about 0.90 H, 11 cm in front of the head joint).
const NOSE_IN_HEAD_CM: [f64; 3] = [0.0, 3.0, 11.0];
/// Left eye in the head frame, centimetres (eye height 0.936 H, Winter fig. 4.1).
const LEFT_EYE_IN_HEAD_CM: [f64; 3] = [3.2, 9.5, 9.0];
/// Left ear (tragus) in the head frame, centimetres.
const LEFT_EAR_IN_HEAD_CM: [f64; 3] = [7.3, 7.0, 0.5];

/// The mirror image of a left-side point across the mid-sagittal plane.
fn mirrored(p: [f64; 3]) -> [f64; 3] {
    [-p[0], p[1], p[2]]
}

/// Human3.6M-17 points (VideoPose3D order: pelvis, right hip, knee, ankle, left hip, knee,
/// ankle, spine, thorax, neck/nose, head top, left shoulder, elbow, wrist, right shoulder,
/// elbow, wrist) in rig coordinates, centimetres, Y up.
#[must_use]
pub fn h36m17_cm(w: &World) -> [DVec3; 17] {
    let p = &w.position_cm;
    [
        p[joint::HIPS],
        p[joint::RIGHT_UP_LEG],
        p[joint::RIGHT_LEG],
        p[joint::RIGHT_FOOT],
        p[joint::LEFT_UP_LEG],
        p[joint::LEFT_LEG],
        p[joint::LEFT_FOOT],
        p[joint::CHEST],
        p[joint::NECK],
        w.point(joint::HEAD, NOSE_IN_HEAD_CM),
        w.end_site(joint::HEAD).unwrap_or(p[joint::HEAD]),
        p[joint::LEFT_ARM],
        p[joint::LEFT_FORE_ARM],
        p[joint::LEFT_HAND],
        p[joint::RIGHT_ARM],
        p[joint::RIGHT_FORE_ARM],
        p[joint::RIGHT_HAND],
    ]
}

/// A rig point (centimetres, Y up, facing +Z) in the Human3.6M world convention of the
/// stored real samples: millimetres, Z up, the athlete facing +X with their left on +Y.
#[must_use]
pub fn to_h36m_world_mm(p: DVec3) -> [f64; 3] {
    [p.z * 10.0, p.x * 10.0, p.y * 10.0]
}

/// COCO-17 points (nose, left/right eye, left/right ear, shoulders, elbows, wrists, hips,
/// knees, ankles, left before right) in rig coordinates, centimetres.
#[must_use]
pub fn coco17_cm(w: &World) -> [DVec3; 17] {
    let p = &w.position_cm;
    [
        w.point(joint::HEAD, NOSE_IN_HEAD_CM),
        w.point(joint::HEAD, LEFT_EYE_IN_HEAD_CM),
        w.point(joint::HEAD, mirrored(LEFT_EYE_IN_HEAD_CM)),
        w.point(joint::HEAD, LEFT_EAR_IN_HEAD_CM),
        w.point(joint::HEAD, mirrored(LEFT_EAR_IN_HEAD_CM)),
        p[joint::LEFT_ARM],
        p[joint::RIGHT_ARM],
        p[joint::LEFT_FORE_ARM],
        p[joint::RIGHT_FORE_ARM],
        p[joint::LEFT_HAND],
        p[joint::RIGHT_HAND],
        p[joint::LEFT_UP_LEG],
        p[joint::RIGHT_UP_LEG],
        p[joint::LEFT_LEG],
        p[joint::RIGHT_LEG],
        p[joint::LEFT_FOOT],
        p[joint::RIGHT_FOOT],
    ]
}

/// A pinhole camera on the athlete's right, looking along +X (their left), level, so their
/// forward (+Z) is to the right of the image and up is up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SideCamera {
    /// Camera centre, centimetres.
    pub centre_cm: DVec3,
    /// Focal length, pixels.
    pub focal_px: f64,
    /// Image width, pixels.
    pub width_px: f64,
    /// Image height, pixels.
    pub height_px: f64,
}

impl SideCamera {
    /// Image position (x right, y down, pixels) of the world point `p`.
    #[must_use]
    pub fn project(&self, p: DVec3) -> [f64; 2] {
        let d = p - self.centre_cm;
        let depth = d.x.max(1.0);
        [
            self.width_px / 2.0 + self.focal_px * d.z / depth,
            self.height_px / 2.0 - self.focal_px * d.y / depth,
        ]
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "these projections are exact in binary floating point"
)]
mod tests {
    use super::*;
    use crate::synth::pose::Pose;
    use crate::synth::rig::{HEIGHT_CM, HIP_HEIGHT_CM};

    fn standing() -> World {
        Pose {
            root_cm: DVec3::new(0.0, HIP_HEIGHT_CM, 0.0),
            ..Pose::default()
        }
        .world()
    }

    #[test]
    fn h36m_points_stand_up_in_order() {
        let k = h36m17_cm(&standing());
        assert!((k[10].y - HEIGHT_CM).abs() < 1e-9, "head top");
        assert!(k[1].x < 0.0 && k[4].x > 0.0, "right hip on −X, left on +X");
        assert!(k[3].y < k[2].y && k[2].y < k[1].y);
        assert!(k[0].y < k[7].y && k[7].y < k[8].y && k[8].y < k[10].y);
        assert_eq!(
            to_h36m_world_mm(DVec3::new(1.0, 2.0, 3.0)),
            [30.0, 10.0, 20.0]
        );
    }

    #[test]
    fn coco_face_points_are_in_front_and_mirrored() {
        let k = coco17_cm(&standing());
        assert!(k[0].z > k[3].z, "nose in front of the ears");
        assert!((k[1].x + k[2].x).abs() < 1e-9 && k[1].x > 0.0);
        assert!(
            (k[1].y - 0.936 * HEIGHT_CM).abs() < 0.5,
            "eye height {}",
            k[1].y
        );
    }

    #[test]
    fn side_camera_projects_forward_to_the_right_and_up_to_the_top() {
        let cam = SideCamera {
            centre_cm: DVec3::new(-600.0, 100.0, 0.0),
            focal_px: 1500.0,
            width_px: 1280.0,
            height_px: 720.0,
        };
        assert_eq!(cam.project(DVec3::new(0.0, 100.0, 0.0)), [640.0, 360.0]);
        assert_eq!(cam.project(DVec3::new(0.0, 100.0, 40.0)), [740.0, 360.0]);
        assert_eq!(cam.project(DVec3::new(0.0, 160.0, 0.0)), [640.0, 210.0]);
    }
}
