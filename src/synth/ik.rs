//! Two-bone inverse kinematics for an arm: put the wrist on a target, the elbow towards a pole.
//!
//! Used where a hand must be at a place rather than follow an angle curve: the hands on the
//! track in the sprint set position and the two hands on the golf grip. The upper arm rests
//! along −Y, so with the Z·X·Y channel order the Z and X angles aim the upper arm and the inner
//! Y angle is the twist that turns the elbow's bending plane towards the pole. The legs work the
//! same way. Hand-written: closed-form two-bone solutions are a few lines each, and an IK crate
//! would bring its own skeleton model for what the rig's Euler channels already say.

use glam::{DMat3, DVec3};

use super::anatomy::LimbSide;
use super::pose::{JOINT_ORDER, Pose, euler_matrix, zxy_angles_deg};
use super::rig::{FOREARM_CM, SHANK_CM, THIGH_CM, UPPER_ARM_CM, joint};

/// Sets the shoulder and elbow angles of `side` so the wrist reaches `target_cm` (or points at it
/// when out of reach), with the elbow pointing towards the world direction `pole_dir`.
pub fn reach(pose: &mut Pose, side: LimbSide, target_cm: DVec3, pole_dir: DVec3) {
    let shoulder = side.collar_joint() + 1;
    let world = pose.world();
    let parent_rot = world.rotation[side.collar_joint()];
    let s = world.position_cm[shoulder];

    let a = UPPER_ARM_CM;
    let b = FOREARM_CM;
    let to_target = target_cm - s;
    let dist = to_target.length().clamp((a - b).abs() + 1e-3, a + b - 1e-3);
    let u = to_target.try_normalize().unwrap_or(DVec3::NEG_Y);
    let v = perpendicular(pole_dir, u).unwrap_or_else(|| any_perpendicular(u));
    // Law of cosines: elbow at distance x along u and h along v.
    let x = (a * a - b * b + dist * dist) / (2.0 * dist);
    let h = (a * a - x * x).max(0.0).sqrt();
    let elbow = s + u * x + v * h;
    let wrist = s + u * dist;
    let e1 = (elbow - s) / a;
    let e2 = (wrist - elbow) / b;

    let local = parent_rot.transpose() * e1;
    // d = (cos b sin a, −cos b cos a, −sin b) for R = Rz(a)·Rx(b) applied to −Y.
    let rx = (-local.z).clamp(-1.0, 1.0).asin();
    let rz = if local.x.hypot(local.y) < 1e-9 {
        0.0
    } else {
        local.x.atan2(-local.y)
    };
    let flex = e1.dot(e2).clamp(-1.0, 1.0).acos();
    // The forearm bends towards the upper arm's local +Z: turn that axis towards the bend.
    let bend = perpendicular(e2, e1).unwrap_or_else(|| perpendicular(-v, e1).unwrap_or(-v));
    let aim = euler_matrix(JOINT_ORDER, [rz.to_degrees(), rx.to_degrees(), 0.0]);
    let in_aim = (parent_rot * aim).transpose() * bend;
    let twist = in_aim.x.atan2(in_aim.z);

    pose.angles_deg[shoulder] = [rz.to_degrees(), rx.to_degrees(), twist.to_degrees()];
    pose.angles_deg[shoulder + 1] = [0.0, -flex.to_degrees(), 0.0];
}

/// Sets the hip, knee and ankle angles of `side` so the ankle is at `ankle_cm` and the foot has
/// the world rotation `foot_rotation`, with the knee pointing towards the world direction
/// `knee_dir`. The toe angle is left as it is.
pub fn place_leg(
    pose: &mut Pose,
    side: LimbSide,
    ankle_cm: DVec3,
    foot_rotation: DMat3,
    knee_dir: DVec3,
) {
    let hip = side.hip_joint();
    let world = pose.world();
    let pelvis = world.rotation[joint::HIPS];
    let h = world.position_cm[hip];
    let (a, b) = (THIGH_CM, SHANK_CM);
    let to_target = ankle_cm - h;
    let dist = to_target.length().clamp((a - b).abs() + 1e-3, a + b);
    let u = to_target.try_normalize().unwrap_or(DVec3::NEG_Y);
    let v = perpendicular(knee_dir, u).unwrap_or_else(|| any_perpendicular(u));
    let x = (a * a - b * b + dist * dist) / (2.0 * dist);
    let lift = (a * a - x * x).max(0.0).sqrt();
    let knee = h + u * x + v * lift;
    let e1 = (knee - h) / a;
    let e2 = (h + u * dist - knee) / b;
    // The shank leaves the thigh towards the thigh's local −Z; a straight leg bends away from
    // the knee direction.
    let away =
        perpendicular(e2, e1).unwrap_or_else(|| perpendicular(-v, e1).unwrap_or(DVec3::NEG_Z));
    let y_axis = -e1;
    let z_axis = -away;
    let thigh = DMat3::from_cols(y_axis.cross(z_axis), y_axis, z_axis);
    let flex_deg = e1.dot(e2).clamp(-1.0, 1.0).acos().to_degrees();
    pose.angles_deg[hip] = zxy_angles_deg(pelvis.transpose() * thigh);
    pose.angles_deg[hip + 1] = [0.0, flex_deg, 0.0];
    let shank = thigh * euler_matrix(JOINT_ORDER, [0.0, flex_deg, 0.0]);
    pose.angles_deg[hip + 2] = zxy_angles_deg(shank.transpose() * foot_rotation);
}

/// The unit component of `v` perpendicular to the unit vector `axis`, if it is not parallel.
fn perpendicular(v: DVec3, axis: DVec3) -> Option<DVec3> {
    let off_axis = v - axis * v.dot(axis);
    // Below this the direction is rounding noise, not a bend.
    (off_axis.length() > 1e-6 * v.length()).then(|| off_axis.normalize())
}

/// Some unit vector perpendicular to the unit vector `axis`.
fn any_perpendicular(axis: DVec3) -> DVec3 {
    let helper = if axis.z.abs() < 0.9 {
        DVec3::Z
    } else {
        DVec3::X
    };
    perpendicular(helper, axis).unwrap_or(DVec3::X)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::rig::HIP_HEIGHT_CM;

    #[test]
    fn leg_reaches_the_ankle_target_with_the_foot_rotation() {
        for side in LimbSide::BOTH {
            let mut p = Pose {
                root_cm: DVec3::new(3.0, 85.0, 10.0),
                ..Pose::default()
            };
            p.set_pelvis(-15.0, 10.0, 3.0);
            let target = DVec3::new(8.0 * side.sign(), 8.0, 30.0);
            let foot = euler_matrix(JOINT_ORDER, [5.0, -20.0, 10.0]);
            place_leg(&mut p, side, target, foot, DVec3::Z);
            let w = p.world();
            let ankle = side.foot_joint();
            assert!((w.position_cm[ankle] - target).length() < 1e-6);
            assert!((w.rotation[ankle] - foot).abs_diff_eq(DMat3::ZERO, 1e-9));
            assert!(w.position_cm[ankle - 1].z > w.position_cm[ankle].z - 5.0);
            assert!(p.knee_flexion_deg(side) > 5.0);
        }
    }

    #[test]
    fn wrist_reaches_a_reachable_target_with_the_elbow_towards_the_pole() {
        for side in LimbSide::BOTH {
            let mut p = Pose {
                root_cm: DVec3::new(0.0, HIP_HEIGHT_CM, 0.0),
                ..Pose::default()
            };
            p.set_pelvis(20.0, 30.0, 5.0);
            p.set_spine(joint::CHEST, 10.0, 5.0, -30.0);
            let sh = p.world().position_cm[side.collar_joint() + 1];
            let targets = [
                sh + DVec3::new(0.0, -40.0, 30.0),
                sh + DVec3::new(-20.0 * side.sign(), -10.0, 35.0),
                sh + DVec3::new(10.0, 30.0, 10.0),
            ];
            for target in targets {
                let pole = DVec3::new(side.sign(), -1.0, -0.5);
                reach(&mut p, side, target, pole);
                let w = p.world();
                let wrist = w.position_cm[side.collar_joint() + 3];
                assert!(
                    (wrist - target).length() < 1e-6,
                    "{side:?} {wrist} {target}"
                );
                let elbow = w.position_cm[side.collar_joint() + 2];
                let mid = (sh + target) * 0.5;
                assert!((elbow - mid).dot(pole) > 0.0, "elbow points to the pole");
            }
        }
    }
}
