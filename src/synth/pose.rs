//! One pose of the rig (root translation and per-joint Euler angles) and its forward kinematics.

use glam::{DMat3, DVec3};

use super::rig::{HEEL_IN_FOOT_CM, JOINT_COUNT, JOINTS, joint};

/// A rotation axis of a BVH rotation channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// `Xrotation`.
    X,
    /// `Yrotation`.
    Y,
    /// `Zrotation`.
    Z,
}

/// Rotation channel order of the root: heading (Y) outermost, then pitch (X), then roll (Z).
pub const ROOT_ORDER: [Axis; 3] = [Axis::Y, Axis::X, Axis::Z];
/// Rotation channel order of every other joint: `Zrotation Xrotation Yrotation`, so the
/// innermost Y is the twist along the limb.
pub const JOINT_ORDER: [Axis; 3] = [Axis::Z, Axis::X, Axis::Y];

/// The channel order of joint `index`.
#[must_use]
pub fn order_of(index: usize) -> [Axis; 3] {
    if index == joint::HIPS {
        ROOT_ORDER
    } else {
        JOINT_ORDER
    }
}

/// A pose of the rig.
#[derive(Clone, Debug, PartialEq)]
pub struct Pose {
    /// Root (pelvis centre) position, centimetres.
    pub root_cm: DVec3,
    /// Local rotation of each joint in degrees, listed in the joint's channel order
    /// ([`order_of`]): the rotation is the product of the three axis rotations in that order.
    pub angles_deg: [[f64; 3]; JOINT_COUNT],
}

impl Default for Pose {
    fn default() -> Self {
        Self {
            root_cm: DVec3::ZERO,
            angles_deg: [[0.0; 3]; JOINT_COUNT],
        }
    }
}

/// World transforms of every joint of a pose.
#[derive(Clone, Debug)]
pub struct World {
    /// Global rotation of each joint.
    pub rotation: [DMat3; JOINT_COUNT],
    /// Global position of each joint, centimetres.
    pub position_cm: [DVec3; JOINT_COUNT],
}

/// The rotation matrix of Euler angles `angles_deg` applied in `order` (intrinsic, i.e. the
/// product `R(a0) · R(a1) · R(a2)` acting on column vectors), as BVH defines it.
#[must_use]
pub fn euler_matrix(order: [Axis; 3], angles_deg: [f64; 3]) -> DMat3 {
    let mut m = DMat3::IDENTITY;
    for (axis, angle) in order.into_iter().zip(angles_deg) {
        let a = angle.to_radians();
        m *= match axis {
            Axis::X => DMat3::from_rotation_x(a),
            Axis::Y => DMat3::from_rotation_y(a),
            Axis::Z => DMat3::from_rotation_z(a),
        };
    }
    m
}

/// The Euler angles (degrees, order Z·X·Y as in [`JOINT_ORDER`]) of the rotation `m`.
///
/// For `R = Rz(a)·Rx(b)·Ry(c)`: `R[2][1] = sin b`, `R[0][1] = −sin a cos b`, `R[1][1] = cos a cos b`,
/// `R[2][0] = −cos b sin c`, `R[2][2] = cos b cos c` (row, column).
#[must_use]
pub fn zxy_angles_deg(m: DMat3) -> [f64; 3] {
    let b = m.y_axis.z.clamp(-1.0, 1.0).asin();
    let a = (-m.y_axis.x).atan2(m.y_axis.y);
    let c = (-m.x_axis.z).atan2(m.z_axis.z);
    [a.to_degrees(), b.to_degrees(), c.to_degrees()]
}

/// The Euler angles (degrees, order Y·X·Z as in [`ROOT_ORDER`]) of the rotation `m`.
///
/// For `R = Ry(a)·Rx(b)·Rz(c)`: `R[1][2] = −sin b`, `R[0][2] = sin a cos b`, `R[2][2] = cos a cos b`,
/// `R[1][0] = cos b sin c`, `R[1][1] = cos b cos c` (row, column).
#[must_use]
pub fn yxz_angles_deg(m: DMat3) -> [f64; 3] {
    let b = (-m.z_axis.y).clamp(-1.0, 1.0).asin();
    let a = m.z_axis.x.atan2(m.z_axis.z);
    let c = m.x_axis.y.atan2(m.y_axis.y);
    [a.to_degrees(), b.to_degrees(), c.to_degrees()]
}

/// A rig offset as a vector.
#[must_use]
pub fn vec(offset: [f64; 3]) -> DVec3 {
    DVec3::from_array(offset)
}

impl Pose {
    /// The local rotation matrix of joint `index`.
    #[must_use]
    pub fn local_rotation(&self, index: usize) -> DMat3 {
        self.angles_deg
            .get(index)
            .map_or(DMat3::IDENTITY, |a| euler_matrix(order_of(index), *a))
    }

    /// Forward kinematics: world rotation and position of every joint.
    #[must_use]
    pub fn world(&self) -> World {
        let mut rotation = [DMat3::IDENTITY; JOINT_COUNT];
        let mut position_cm = [DVec3::ZERO; JOINT_COUNT];
        for (i, j) in JOINTS.iter().enumerate() {
            let local = self.local_rotation(i);
            match j.parent {
                None => {
                    rotation[i] = local;
                    position_cm[i] = self.root_cm + vec(j.offset_cm);
                }
                Some(p) => {
                    rotation[i] = rotation[p] * local;
                    position_cm[i] = position_cm[p] + rotation[p] * vec(j.offset_cm);
                }
            }
        }
        World {
            rotation,
            position_cm,
        }
    }
}

impl World {
    /// The world position of a point given in the frame of joint `index`, centimetres.
    #[must_use]
    pub fn point(&self, index: usize, local_cm: [f64; 3]) -> DVec3 {
        self.position_cm[index] + self.rotation[index] * vec(local_cm)
    }

    /// The world position of joint `index`'s End Site, if it has one.
    #[must_use]
    pub fn end_site(&self, index: usize) -> Option<DVec3> {
        JOINTS
            .get(index)
            .and_then(|j| j.end_site_cm)
            .map(|e| self.point(index, e))
    }

    /// The three floor-contact points of a foot (heel, ball, toe tip), centimetres.
    /// `foot` is [`joint::LEFT_FOOT`] or [`joint::RIGHT_FOOT`].
    #[must_use]
    pub fn foot_contacts(&self, foot: usize) -> [DVec3; 3] {
        let toe = foot + 1;
        [
            self.point(foot, HEEL_IN_FOOT_CM),
            self.position_cm[toe],
            self.end_site(toe).unwrap_or(self.position_cm[toe]),
        ]
    }

    /// Height of the lowest contact point of a foot, centimetres.
    #[must_use]
    pub fn foot_floor_height_cm(&self, foot: usize) -> f64 {
        self.foot_contacts(foot)
            .iter()
            .map(|p| p.y)
            .fold(f64::INFINITY, f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::rig::{ANKLE_HEIGHT_CM, HIP_HEIGHT_CM, SHANK_CM, THIGH_CM};

    fn standing() -> Pose {
        Pose {
            root_cm: DVec3::new(0.0, HIP_HEIGHT_CM, 0.0),
            ..Pose::default()
        }
    }

    #[test]
    fn rest_pose_stands_on_the_floor() {
        let w = standing().world();
        for foot in [joint::LEFT_FOOT, joint::RIGHT_FOOT] {
            assert!(w.foot_floor_height_cm(foot).abs() < 1e-9);
            assert!((w.position_cm[foot].y - ANKLE_HEIGHT_CM).abs() < 1e-9);
        }
        assert!(w.position_cm[joint::LEFT_FOOT].x > 0.0, "left is +X");
    }

    #[test]
    fn knee_flexion_moves_the_ankle_backwards() {
        let mut p = standing();
        // Knee flexion 90 degrees: X rotation +90 on the knee.
        p.angles_deg[joint::LEFT_LEG] = [0.0, 90.0, 0.0];
        let w = p.world();
        let knee = w.position_cm[joint::LEFT_LEG];
        let ankle = w.position_cm[joint::LEFT_FOOT];
        assert!((knee.y - (HIP_HEIGHT_CM - THIGH_CM)).abs() < 1e-9);
        assert!((ankle.y - knee.y).abs() < 1e-9);
        assert!((ankle.z - (knee.z - SHANK_CM)).abs() < 1e-9);
    }

    #[test]
    fn zxy_decomposition_round_trips() {
        for angles in [[10.0, -20.0, 30.0], [-170.0, 80.0, 5.0], [0.0, 0.0, -90.0]] {
            let m = euler_matrix(JOINT_ORDER, angles);
            let back = zxy_angles_deg(m);
            for (a, b) in angles.iter().zip(back) {
                assert!((a - b).abs() < 1e-9, "{angles:?} {back:?}");
            }
        }
    }

    #[test]
    fn yxz_decomposition_round_trips() {
        for angles in [[10.0, -20.0, 30.0], [-170.0, 80.0, 5.0], [90.0, 0.0, -90.0]] {
            let m = euler_matrix(ROOT_ORDER, angles);
            let back = yxz_angles_deg(m);
            for (a, b) in angles.iter().zip(back) {
                assert!((a - b).abs() < 1e-9, "{angles:?} {back:?}");
            }
        }
    }

    #[test]
    fn euler_order_is_intrinsic() {
        // Z then X: rotating the X axis by Rz(90) gives +Y; Rx leaves X alone.
        let m = euler_matrix([Axis::Z, Axis::X, Axis::Y], [90.0, 30.0, 0.0]);
        let x = m * DVec3::X;
        assert!((x - DVec3::Y).length() < 1e-12);
        // Rz(90)·Rx(90) maps +Y to Rz(90)·(+Z) = +Z.
        let m = euler_matrix([Axis::Z, Axis::X, Axis::Y], [90.0, 90.0, 0.0]);
        assert!((m * DVec3::Y - DVec3::Z).length() < 1e-12);
    }
}
