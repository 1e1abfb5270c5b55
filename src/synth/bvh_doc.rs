//! The rig and its poses as a [`BvhDocument`], values rounded to four decimals.

use super::pose::{Axis, Pose, order_of};
use super::rig::JOINTS;
use crate::formats::bvh::{BvhDocument, BvhJoint, Channel};

/// Decimals kept in the motion values: 0.0001 cm and 0.0001° are far below what anyone sees,
/// and shorter numbers keep the files small.
const DECIMALS: i32 = 4;

/// `value` rounded to four decimals, with `-0` made `0`.
#[must_use]
pub fn round(value: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    let r = (value * scale).round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

fn rotation_channel(axis: Axis) -> Channel {
    match axis {
        Axis::X => Channel::Xrotation,
        Axis::Y => Channel::Yrotation,
        Axis::Z => Channel::Zrotation,
    }
}

/// The BVH document of `frames` of the rig at `rate_hz`: the root has position channels then
/// `Yrotation Xrotation Zrotation`, every other joint `Zrotation Xrotation Yrotation`.
#[must_use]
pub fn document(frames: &[Pose], rate_hz: f64) -> BvhDocument {
    let joints: Vec<BvhJoint> = JOINTS
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let mut channels = Vec::with_capacity(6);
            if j.parent.is_none() {
                channels.extend([Channel::Xposition, Channel::Yposition, Channel::Zposition]);
            }
            channels.extend(order_of(i).map(rotation_channel));
            BvhJoint {
                name: j.name.to_owned(),
                parent: j.parent,
                offset: j.offset_cm.map(round),
                channels,
                end_sites: j.end_site_cm.map(|e| e.map(round)).into_iter().collect(),
            }
        })
        .collect();
    let mut motion = Vec::with_capacity(frames.len() * (JOINTS.len() * 3 + 3));
    for pose in frames {
        motion.extend(pose.root_cm.to_array().map(round));
        for angles in &pose.angles_deg {
            motion.extend(angles.map(round));
        }
    }
    BvhDocument {
        joints,
        frame_time_s: 1.0 / rate_hz,
        frames: frames.len(),
        motion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(clippy::float_cmp, reason = "rounding must give these exact values")]
    fn rounding_is_to_four_decimals_without_negative_zero() {
        assert_eq!(round(1.234_56), 1.2346);
        assert_eq!(round(-0.000_04), 0.0);
        assert!(round(-0.000_04).is_sign_positive());
        assert_eq!(round(-12.5), -12.5);
    }

    #[test]
    fn document_has_every_joint_and_value() {
        let doc = document(&[Pose::default(), Pose::default()], 100.0);
        assert_eq!(doc.joints.len(), JOINTS.len());
        assert_eq!(doc.channel_count(), 3 + 3 * JOINTS.len());
        assert_eq!(doc.motion.len(), 2 * doc.channel_count());
        assert_eq!(doc.joints[0].channels[3], Channel::Yrotation);
        assert_eq!(doc.joints[1].channels[0], Channel::Zrotation);
        assert!((doc.frame_time_s - 0.01).abs() < 1e-15);
    }
}
