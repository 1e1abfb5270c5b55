//! Clinical joint angles (flexion, abduction, rotation) written into a [`Pose`].
//!
//! The rig faces +Z with its left on +X and every rest frame aligned with the world, so each
//! clinical angle is one Euler channel with a sign that depends on the joint and the side. The
//! signs live here and nowhere else; motions speak in clinical terms (positive = flexion,
//! abduction, internal rotation, dorsiflexion, forward pelvic tilt, turning left).

use super::pose::{Axis, Pose, euler_matrix, yxz_angles_deg, zxy_angles_deg};
use super::rig::joint;

/// Which limb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimbSide {
    /// The left limb (on +X).
    Left,
    /// The right limb (on −X).
    Right,
}

impl LimbSide {
    /// Both sides, left first.
    pub const BOTH: [Self; 2] = [Self::Left, Self::Right];

    /// +1 for left, −1 for right: the sign of the side's X coordinate.
    #[must_use]
    pub fn sign(self) -> f64 {
        match self {
            Self::Left => 1.0,
            Self::Right => -1.0,
        }
    }

    /// The other side.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Left => Self::Right,
            Self::Right => Self::Left,
        }
    }

    /// The `*UpLeg` (hip) joint of this side; knee, ankle and toe follow it.
    #[must_use]
    pub fn hip_joint(self) -> usize {
        match self {
            Self::Left => joint::LEFT_UP_LEG,
            Self::Right => joint::RIGHT_UP_LEG,
        }
    }

    /// The `*Foot` (ankle) joint of this side.
    #[must_use]
    pub fn foot_joint(self) -> usize {
        self.hip_joint() + 2
    }

    /// The `*Shoulder` (clavicle) joint of this side; shoulder, elbow and wrist follow it.
    #[must_use]
    pub fn collar_joint(self) -> usize {
        match self {
            Self::Left => joint::LEFT_SHOULDER,
            Self::Right => joint::RIGHT_SHOULDER,
        }
    }
}

// Channel slots of the joint order Z, X, Y.
const Z: usize = 0;
const X: usize = 1;
const Y: usize = 2;

impl Pose {
    /// Root orientation: `yaw_left_deg` turns the body to its left (about +Y),
    /// `tilt_forward_deg` pitches the pelvis forward, `left_up_deg` raises the left hip.
    pub fn set_pelvis(&mut self, yaw_left_deg: f64, tilt_forward_deg: f64, left_up_deg: f64) {
        // Root order is Y, X, Z.
        self.angles_deg[joint::HIPS] = [yaw_left_deg, tilt_forward_deg, left_up_deg];
    }

    /// Root orientation with the turn about the pelvis' own (tilted) long axis: tilted forward by
    /// `tilt_forward_deg` about the world's transverse axis, then turned `turn_left_deg` about
    /// the tilted axis (a golfer turning around an inclined spine).
    pub fn set_pelvis_turning_tilted(&mut self, tilt_forward_deg: f64, turn_left_deg: f64) {
        let m = euler_matrix(
            [Axis::X, Axis::Y, Axis::Z],
            [tilt_forward_deg, turn_left_deg, 0.0],
        );
        self.angles_deg[joint::HIPS] = yxz_angles_deg(m);
    }

    /// A spine joint (`Spine`, `Chest`, `Neck` or `Head`): forward flexion, bend to the left,
    /// rotation to the left, degrees.
    pub fn set_spine(
        &mut self,
        index: usize,
        flex_deg: f64,
        bend_left_deg: f64,
        turn_left_deg: f64,
    ) {
        if let Some(a) = self.angles_deg.get_mut(index) {
            a[Z] = -bend_left_deg;
            a[X] = flex_deg;
            a[Y] = turn_left_deg;
        }
    }

    /// Hip flexion, abduction and internal rotation, degrees, in the clinical (Grood & Suntay,
    /// ISB) order: flexion about the pelvis' transverse axis first, then abduction, then rotation
    /// about the thigh. Written as the rig's Z·X·Y channels of the same rotation, so abduction
    /// still spreads the knees when the hip is deeply flexed (a squat).
    pub fn set_hip(&mut self, side: LimbSide, flex_deg: f64, abd_deg: f64, int_rot_deg: f64) {
        let s = side.sign();
        let clinical = euler_matrix(
            [Axis::X, Axis::Z, Axis::Y],
            [-flex_deg, abd_deg * s, -int_rot_deg * s],
        );
        self.angles_deg[side.hip_joint()] = zxy_angles_deg(clinical);
    }

    /// Knee flexion, degrees.
    pub fn set_knee(&mut self, side: LimbSide, flex_deg: f64) {
        self.angles_deg[side.hip_joint() + 1] = [0.0, flex_deg, 0.0];
    }

    /// Ankle dorsiflexion (negative: plantarflexion), degrees.
    pub fn set_ankle(&mut self, side: LimbSide, dorsi_deg: f64) {
        self.angles_deg[side.foot_joint()] = [0.0, -dorsi_deg, 0.0];
    }

    /// Toe (metatarsophalangeal) extension, degrees.
    pub fn set_toe(&mut self, side: LimbSide, ext_deg: f64) {
        self.angles_deg[side.foot_joint() + 1] = [0.0, -ext_deg, 0.0];
    }

    /// Clavicle elevation and protraction, degrees.
    pub fn set_collar(&mut self, side: LimbSide, elev_deg: f64, protract_deg: f64) {
        let s = side.sign();
        self.angles_deg[side.collar_joint()] = [elev_deg * s, 0.0, -protract_deg * s];
    }

    /// Shoulder flexion, abduction and internal rotation, degrees.
    pub fn set_shoulder(&mut self, side: LimbSide, flex_deg: f64, abd_deg: f64, int_rot_deg: f64) {
        let s = side.sign();
        self.angles_deg[side.collar_joint() + 1] = [abd_deg * s, -flex_deg, -int_rot_deg * s];
    }

    /// Elbow flexion, degrees.
    pub fn set_elbow(&mut self, side: LimbSide, flex_deg: f64) {
        self.angles_deg[side.collar_joint() + 2] = [0.0, -flex_deg, 0.0];
    }

    /// Wrist flexion (palm side; negative: extension) and ulnar deviation, degrees.
    pub fn set_wrist(&mut self, side: LimbSide, flex_deg: f64) {
        self.angles_deg[side.collar_joint() + 3] = [0.0, -flex_deg, 0.0];
    }

    /// The knee flexion written by [`Pose::set_knee`], degrees.
    #[must_use]
    pub fn knee_flexion_deg(&self, side: LimbSide) -> f64 {
        self.angles_deg[side.hip_joint() + 1][X]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::rig::HIP_HEIGHT_CM;
    use glam::DVec3;

    fn standing() -> Pose {
        Pose {
            root_cm: DVec3::new(0.0, HIP_HEIGHT_CM, 0.0),
            ..Pose::default()
        }
    }

    #[test]
    fn hip_flexion_brings_the_knee_forward_on_both_sides() {
        for side in LimbSide::BOTH {
            let mut p = standing();
            p.set_hip(side, 90.0, 0.0, 0.0);
            let w = p.world();
            let knee = w.position_cm[side.hip_joint() + 1];
            assert!(knee.z > 40.0, "{side:?}");
            assert!((knee.y - HIP_HEIGHT_CM).abs() < 1e-9);
        }
    }

    #[test]
    fn abduction_moves_the_limb_outwards() {
        for side in LimbSide::BOTH {
            let mut p = standing();
            p.set_hip(side, 0.0, 30.0, 0.0);
            p.set_shoulder(side, 0.0, 30.0, 0.0);
            let w = p.world();
            let hip = w.position_cm[side.hip_joint()];
            let knee = w.position_cm[side.hip_joint() + 1];
            assert!((knee.x - hip.x) * side.sign() > 10.0);
            let sh = w.position_cm[side.collar_joint() + 1];
            let el = w.position_cm[side.collar_joint() + 2];
            assert!((el.x - sh.x) * side.sign() > 10.0);
        }
    }

    #[test]
    fn abduction_spreads_a_flexed_thigh() {
        for side in LimbSide::BOTH {
            let mut p = standing();
            p.set_hip(side, 100.0, 20.0, 0.0);
            let w = p.world();
            let hip = w.position_cm[side.hip_joint()];
            let knee = w.position_cm[side.hip_joint() + 1];
            assert!((knee.x - hip.x) * side.sign() > 10.0, "{side:?}");
            assert!(knee.z > 30.0);
        }
    }

    #[test]
    fn flexion_signs_point_the_right_way() {
        let mut p = standing();
        p.set_shoulder(LimbSide::Right, 90.0, 0.0, 0.0);
        p.set_elbow(LimbSide::Left, 90.0);
        p.set_ankle(LimbSide::Left, 20.0);
        p.set_spine(crate::synth::rig::joint::SPINE, 30.0, 0.0, 0.0);
        p.set_pelvis(90.0, 0.0, 0.0);
        let w = p.world();
        // Turned 90 degrees left, "forward" is now +X.
        let r_sh = w.position_cm[joint::RIGHT_ARM];
        let r_el = w.position_cm[joint::RIGHT_FORE_ARM];
        assert!(
            r_el.x - r_sh.x > 20.0,
            "shoulder flexion raises the arm forward"
        );
        let l_el = w.position_cm[joint::LEFT_FORE_ARM];
        let l_wr = w.position_cm[joint::LEFT_HAND];
        assert!(
            l_wr.x - l_el.x > 20.0,
            "elbow flexion brings the forearm forward"
        );
        let toe = w.position_cm[joint::LEFT_TOE_BASE];
        assert!(toe.y > 2.0, "dorsiflexion lifts the toes");
        let head = w.position_cm[joint::HEAD];
        assert!(head.x > 10.0, "trunk flexion leans forward");
    }
}
