//! A sprint start from blocks: the set position, the block phase and the first five steps.
//!
//! Numbers follow reviews of block-start and early-acceleration kinematics (N. E. Bezodis,
//! S. Willwacher & A. I. T. Salo, "The biomechanics of the track and field sprint start: a
//! narrative review", Sports Med 49:1345, 2019; K. P. Nagahara et al., "Kinematics of
//! transition during human accelerated sprinting", Biol Open 3:689, 2014): front knee
//! ≈ 90–100° and rear knee ≈ 110–120° in the set position with the hips above the shoulders;
//! movement 0.12 s after the gun; the rear foot leaves the block after ≈ 0.19 s and the front
//! foot after ≈ 0.36 s; block exit at ≈ 3.6 m/s with the trunk ≈ 45° to the horizontal; then
//! contacts of 0.17 s shortening to 0.12 s, flights of 0.06–0.09 s, the foot touching down
//! under and then ahead of the hip, the trunk rising steadily (≈ 30° from vertical by the fifth
//! step) and the speed reaching ≈ 6.9 m/s.
//!
//! The movement is planned in the world: a pelvis path from a speed curve, footprints on the
//! track, the feet rolling over the ball of the foot in contact and travelling on an arc in
//! swing, and the hands on the track in the set position. Leg and arm inverse kinematics turn
//! the plan into joint angles; the root solver then keeps the contacts planted and makes each
//! flight ballistic. The blocks themselves are not modelled: the feet rest on the track,
//! pitched as they would be against the block faces. The start line is at z = 0.

use glam::{DMat3, DVec3};

use super::super::anatomy::LimbSide;
use super::super::curve::{Key, eval, smoothstep};
use super::super::ground::Motion;
use super::super::ik::{place_leg, reach};
use super::super::pose::Pose;
use super::super::rig::{BALL_HEIGHT_CM, JOINTS, SHANK_CM, THIGH_CM, joint};

/// Plan of one foot at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
struct FootPlan {
    /// Where the foot is.
    state: FootState,
    /// Knee flexion wanted while the foot carries the body, degrees; `None` in the air.
    support_knee_deg: Option<f64>,
    /// −1 foot far back (toe-off) to +1 far forward (touchdown), for the arm action.
    forward: f64,
}

/// Frame rate of the clip, hertz.
pub const RATE_HZ: f64 = 100.0;
/// Length of the clip, seconds.
pub const DURATION_S: f64 = 2.0;
/// The gun, seconds.
pub const GUN_S: f64 = 0.35;
/// First movement, seconds (reaction time 0.12 s).
pub const ONSET_S: f64 = 0.47;
/// Hands leave the track, seconds.
const HANDS_OFF_S: f64 = 0.52;
/// Rear (right) foot leaves its block, seconds.
pub const REAR_OFF_S: f64 = 0.66;
/// Front (left) foot leaves its block (block exit), seconds.
pub const FRONT_OFF_S: f64 = 0.83;

/// Toe tip of the front (left) foot in its block, z in centimetres (behind the line).
const FRONT_BLOCK_Z_CM: f64 = -46.0;
/// Toe tip of the rear (right) foot in its block, z in centimetres.
const REAR_BLOCK_Z_CM: f64 = -80.0;
/// Half the width between the feet, centimetres.
const FOOT_HALF_WIDTH_CM: f64 = 10.0;

/// The steps after the blocks: foot, touchdown and toe-off times (seconds), and how far the
/// ball of the foot lands ahead of the hip (negative: behind), centimetres.
const STEPS: [(LimbSide, f64, f64, f64); 7] = [
    (LimbSide::Right, 0.895, 1.06, 2.0),
    (LimbSide::Left, 1.125, 1.27, 8.0),
    (LimbSide::Right, 1.34, 1.475, 12.0),
    (LimbSide::Left, 1.555, 1.68, 16.0),
    (LimbSide::Right, 1.765, 1.883, 20.0),
    (LimbSide::Left, 1.973, 2.09, 22.0),
    (LimbSide::Right, 2.18, 2.29, 24.0),
];

/// Forward speed of the pelvis, centimetres per second.
const SPEED_CM_S: &[Key] = &[
    (ONSET_S, 0.0),
    (REAR_OFF_S, 220.0),
    (FRONT_OFF_S, 360.0),
    (1.06, 450.0),
    (1.27, 530.0),
    (1.475, 590.0),
    (1.68, 640.0),
    (1.883, 680.0),
    (2.2, 720.0),
];
/// Planned pelvis height, centimetres: low out of the blocks, rising step by step.
const PELVIS_Y_CM: &[Key] = &[
    (ONSET_S, 80.0),
    (REAR_OFF_S, 82.0),
    (FRONT_OFF_S, 80.0),
    (1.0, 76.0),
    (1.3, 77.0),
    (1.6, 80.0),
    (2.0, 84.0),
];
/// Least knee flexion of a supporting leg over a contact (0 touchdown, 1 toe-off), degrees:
/// where the planned pelvis would straighten a leg further, the pelvis is lowered (see
/// [`pelvis_height`]).
const STANCE_KNEE: &[Key] = &[(0.0, 42.0), (0.35, 50.0), (0.75, 30.0), (1.0, 16.0)];
/// Least knee flexion of the front and rear leg in the blocks, degrees.
const FRONT_BLOCK_KNEE: &[Key] = &[(ONSET_S, 92.0), (REAR_OFF_S, 66.0), (FRONT_OFF_S, 16.0)];
const REAR_BLOCK_KNEE: &[Key] = &[(ONSET_S, 68.0), (REAR_OFF_S, 35.0)];
/// Pelvis position in the set position, z in centimetres.
const SET_PELVIS_Z_CM: f64 = -48.0;
/// Trunk lean from vertical, degrees: past horizontal in the set (hips above shoulders),
/// ≈ 45° to the horizontal at block exit, rising step by step.
const TRUNK_LEAN: &[Key] = &[
    (ONSET_S, 110.0),
    (REAR_OFF_S, 72.0),
    (FRONT_OFF_S, 52.0),
    (1.07, 47.0),
    (1.49, 39.0),
    (1.905, 31.0),
    (2.2, 28.0),
];
/// Spine flexion (rounded back in the set), degrees.
const SPINE_FLEX: &[Key] = &[(ONSET_S, 16.0), (FRONT_OFF_S, 5.0), (1.3, 3.0)];
/// Foot pitch (toes down) in the blocks, front and rear, degrees.
const FRONT_BLOCK_PITCH: &[Key] = &[(ONSET_S, 50.0), (0.7, 52.0), (FRONT_OFF_S, 68.0)];
const REAR_BLOCK_PITCH: &[Key] = &[(ONSET_S, 55.0), (REAR_OFF_S, 68.0)];
/// Foot pitch over a contact (0 touchdown, 1 toe-off), degrees: on the forefoot, the heel
/// coming close to the track at mid-stance, plantarflexing to toe-off.
const STANCE_PITCH: &[Key] = &[(0.0, 16.0), (0.3, 8.0), (0.6, 22.0), (1.0, 60.0)];
/// Foot pitch over a swing (0 toe-off, 1 touchdown), degrees.
const SWING_PITCH: &[Key] = &[(0.0, 60.0), (0.3, 65.0), (0.75, 12.0), (1.0, 16.0)];

/// Where a foot is: ankle position, pitch (toes down, degrees) and toe extension (degrees).
#[derive(Clone, Copy, Debug, PartialEq)]
struct FootState {
    ankle: DVec3,
    pitch_deg: f64,
    toes_deg: f64,
}

/// The sprint start.
#[derive(Clone, Debug)]
pub struct SprintStart {
    /// Pelvis z every millisecond from time 0, centimetres.
    pelvis_z_cm: Vec<f64>,
    /// Ball-of-foot z of each step in [`STEPS`], centimetres.
    ball_z_cm: Vec<f64>,
}

impl Default for SprintStart {
    fn default() -> Self {
        Self::new()
    }
}

/// World rotation of a foot pitched `pitch_deg` toes down, pointing along +Z.
fn foot_rotation(pitch_deg: f64) -> DMat3 {
    DMat3::from_rotation_x(pitch_deg.to_radians())
}

/// Offset of the ball of the foot from the ankle, in the foot frame.
fn ball_in_foot() -> DVec3 {
    DVec3::from_array(JOINTS[joint::LEFT_TOE_BASE].offset_cm)
}

/// Offset of the toe tip from the ankle with straight toes, in the foot frame.
fn toe_tip_in_foot() -> DVec3 {
    ball_in_foot() + DVec3::from_array(JOINTS[joint::LEFT_TOE_BASE].end_site_cm.unwrap_or([0.0; 3]))
}

/// Share of the way through `from..to` at `t`.
fn fraction(from: f64, to: f64, t: f64) -> f64 {
    if to <= from {
        1.0
    } else {
        ((t - from) / (to - from)).clamp(0.0, 1.0)
    }
}

impl SprintStart {
    /// Integrates the speed curve into the pelvis path and places the footprints.
    #[must_use]
    pub fn new() -> Self {
        let samples = (DURATION_S * 1000.0) as usize + 400;
        let mut pelvis_z_cm = Vec::with_capacity(samples);
        let mut z = SET_PELVIS_Z_CM;
        for i in 0..samples {
            pelvis_z_cm.push(z);
            let t = i as f64 / 1000.0;
            z += 0.5 * (eval(SPEED_CM_S, t) + eval(SPEED_CM_S, t + 0.001)) * 0.001;
        }
        let mut sprint = Self {
            pelvis_z_cm,
            ball_z_cm: Vec::new(),
        };
        sprint.ball_z_cm = STEPS
            .iter()
            .map(|&(_, on, _, ahead)| sprint.pelvis_z(on) + ahead)
            .collect();
        sprint
    }

    /// Pelvis z at `time_s`, centimetres.
    fn pelvis_z(&self, time_s: f64) -> f64 {
        let x = (time_s * 1000.0).max(0.0);
        let i = x.floor() as usize;
        match (self.pelvis_z_cm.get(i), self.pelvis_z_cm.get(i + 1)) {
            (Some(a), Some(b)) => a + (b - a) * (x - i as f64),
            (Some(a), None) => *a,
            _ => self.pelvis_z_cm.last().copied().unwrap_or(0.0),
        }
    }

    /// The foot of `side` on the ball of the foot during step `step` at `time_s`.
    fn in_contact(&self, side: LimbSide, step: usize, time_s: f64) -> FootState {
        let (_, on, off, _) = STEPS[step];
        let pitch = eval(STANCE_PITCH, fraction(on, off, time_s));
        let ball = DVec3::new(
            FOOT_HALF_WIDTH_CM * side.sign(),
            BALL_HEIGHT_CM,
            self.ball_z_cm.get(step).copied().unwrap_or(0.0),
        );
        FootState {
            ankle: ball - foot_rotation(pitch) * ball_in_foot(),
            pitch_deg: pitch,
            // Toes flat on the track.
            toes_deg: pitch,
        }
    }

    /// The foot of `side` in its block at `time_s`: on the toe tip, toes straight.
    fn in_block(side: LimbSide, time_s: f64) -> FootState {
        let (z, pitch) = match side {
            LimbSide::Left => (FRONT_BLOCK_Z_CM, eval(FRONT_BLOCK_PITCH, time_s)),
            LimbSide::Right => (REAR_BLOCK_Z_CM, eval(REAR_BLOCK_PITCH, time_s)),
        };
        let tip = DVec3::new(FOOT_HALF_WIDTH_CM * side.sign(), 0.0, z);
        FootState {
            ankle: tip - foot_rotation(pitch) * toe_tip_in_foot(),
            pitch_deg: pitch,
            toes_deg: 0.0,
        }
    }

    /// Pelvis height in the air (the solver replaces it by the ballistic path; this only keeps
    /// the swing legs sensible): between the heights at take-off and touchdown.
    fn flight_height(&self, time_s: f64) -> f64 {
        let mut last_off = (FRONT_OFF_S, 0.0);
        for (i, &(_, on, off, _)) in STEPS.iter().enumerate() {
            if time_s < on {
                let at = |t: f64| {
                    let mut p = Pose {
                        root_cm: DVec3::new(0.0, 0.0, self.pelvis_z(t)),
                        ..Pose::default()
                    };
                    p.set_pelvis(0.0, eval(TRUNK_LEAN, t) - eval(SPINE_FLEX, t), 0.0);
                    let feet = LimbSide::BOTH.map(|side| self.foot(side, t));
                    pelvis_height(&p, t, &feet).unwrap_or(0.0)
                };
                let _ = i;
                let (from, to) = (at(last_off.0), at(on));
                last_off.1 = from;
                return from + (to - from) * fraction(last_off.0, on, time_s);
            }
            last_off = (off, 0.0);
        }
        80.0
    }

    /// Time the foot of `side` leaves its block.
    fn block_off(side: LimbSide) -> f64 {
        match side {
            LimbSide::Left => FRONT_OFF_S,
            LimbSide::Right => REAR_OFF_S,
        }
    }

    /// The plan of the foot of `side` at `time_s`.
    fn foot(&self, side: LimbSide, time_s: f64) -> FootPlan {
        let block_off = Self::block_off(side);
        if time_s <= block_off {
            let knee = match side {
                LimbSide::Left => eval(FRONT_BLOCK_KNEE, time_s),
                LimbSide::Right => eval(REAR_BLOCK_KNEE, time_s),
            };
            return FootPlan {
                state: Self::in_block(side, time_s),
                support_knee_deg: Some(knee),
                forward: 1.0 - 2.0 * fraction(ONSET_S, block_off, time_s),
            };
        }
        // The contacts of this foot, in order.
        let mine: Vec<usize> = (0..STEPS.len()).filter(|&i| STEPS[i].0 == side).collect();
        let mut lift_off = (Self::in_block(side, block_off), block_off);
        for &i in &mine {
            let (_, on, off, _) = STEPS[i];
            if time_s < on {
                // Swing from the last toe-off to this touchdown.
                let land = self.in_contact(side, i, on);
                let s = fraction(lift_off.1, on, time_s);
                return FootPlan {
                    state: swing(lift_off.0, land, s, i),
                    support_knee_deg: None,
                    forward: -1.0 + 2.0 * smoothstep(0.0, 1.0, s),
                };
            }
            if time_s <= off {
                let s = fraction(on, off, time_s);
                return FootPlan {
                    state: self.in_contact(side, i, time_s),
                    support_knee_deg: Some(eval(STANCE_KNEE, s)),
                    forward: 1.0 - 2.0 * s,
                };
            }
            lift_off = (self.in_contact(side, i, off), off);
        }
        FootPlan {
            state: lift_off.0,
            support_knee_deg: None,
            forward: -1.0,
        }
    }
}

/// The swing foot between toe-off `from` and touchdown `to` at progress `s`: the ankle moves
/// forward on a smooth ramp and rises on an arc (higher in later steps), the foot first points
/// down behind the body, then levels for the forefoot landing.
fn swing(from: FootState, to: FootState, s: f64, step: usize) -> FootState {
    let lift_cm = [32.0, 36.0, 40.0, 44.0, 46.0, 48.0, 48.0]
        .get(step)
        .copied()
        .unwrap_or(48.0);
    let ramp = smoothstep(0.0, 1.0, s);
    // Heel recovery: the foot rises quickly behind the body, highest a third of the way through.
    let arc = (std::f64::consts::PI * s.powf(0.66)).sin();
    let mut ankle = from.ankle.lerp(to.ankle, ramp);
    ankle.y += lift_cm * arc;
    let pitch = eval(SWING_PITCH, s);
    let toes =
        from.toes_deg * (1.0 - smoothstep(0.0, 0.25, s)) + to.toes_deg * smoothstep(0.8, 1.0, s);
    FootState {
        ankle,
        pitch_deg: pitch,
        toes_deg: toes,
    }
}

/// Pelvis height when at least one foot carries the body: the planned height, lowered
/// (smoothly) where a supporting leg would be straighter than its least knee flexion, so both
/// legs reach their feet. `p` has the pelvis orientation and horizontal position already.
fn pelvis_height(p: &Pose, time_s: f64, feet: &[FootPlan; 2]) -> Option<f64> {
    let w = p.world();
    let mut height: Option<f64> = None;
    for (side, plan) in LimbSide::BOTH.into_iter().zip(feet) {
        let Some(knee) = plan.support_knee_deg else {
            continue;
        };
        // Hip position with the root at height 0.
        let hip = w.position_cm[side.hip_joint()] - DVec3::new(0.0, p.root_cm.y, 0.0);
        let ankle = plan.state.ankle;
        let (a, b) = (THIGH_CM, SHANK_CM);
        let length = (a * a + b * b + 2.0 * a * b * knee.to_radians().cos()).sqrt();
        let apart = (hip - ankle).with_y(0.0).length();
        let rise = (length * length - apart * apart).max(0.0).sqrt();
        let this = ankle.y + rise - hip.y;
        // Smooth minimum (width 1.5 cm) so the pelvis does not jolt where the lower leg changes.
        let k = 1.5;
        let h = height.unwrap_or_else(|| eval(PELVIS_Y_CM, time_s));
        height = Some(-k * ((-h / k).exp() + (-this / k).exp()).ln());
    }
    height
}

impl Motion for SprintStart {
    fn duration_s(&self) -> f64 {
        DURATION_S
    }

    fn pose(&self, time_s: f64) -> Pose {
        let t = time_s;
        let mut p = Pose {
            root_cm: DVec3::new(0.0, 0.0, self.pelvis_z(t)),
            ..Pose::default()
        };
        let lean = eval(TRUNK_LEAN, t);
        let spine = eval(SPINE_FLEX, t);
        let feet = LimbSide::BOTH.map(|side| self.foot(side, t));
        // Pelvis turns with the legs: towards the side whose leg is forward.
        let yaw = 4.0 * 0.5 * (feet[0].forward - feet[1].forward);
        p.set_pelvis(-yaw, lean - spine, 0.0);
        p.root_cm.y = pelvis_height(&p, t, &feet).unwrap_or_else(|| self.flight_height(t));
        p.set_spine(joint::SPINE, 0.5 * spine, 0.0, 0.8 * yaw);
        p.set_spine(joint::CHEST, 0.5 * spine, 0.0, 0.8 * yaw);
        // Head in line with the trunk, lifting a little as the athlete rises.
        let look_up = 0.25 * (110.0 - lean);
        p.set_spine(joint::NECK, -0.5 * look_up, 0.0, -0.8 * yaw);
        p.set_spine(joint::HEAD, -0.5 * look_up, 0.0, -0.8 * yaw);

        for (side, plan) in LimbSide::BOTH.into_iter().zip(feet) {
            let state = plan.state;
            place_leg(
                &mut p,
                side,
                state.ankle,
                foot_rotation(state.pitch_deg),
                DVec3::Z,
            );
            p.set_toe(side, state.toes_deg);
        }

        // Arms: driven opposite to the legs (an arm is forward when its leg is back), with
        // the elbows near 90°; in the set position the hands are on the track.
        let hands_down = 1.0 - smoothstep(HANDS_OFF_S, HANDS_OFF_S + 0.12, t);
        for (side, plan) in LimbSide::BOTH.into_iter().zip(feet) {
            let arm_forward = -plan.forward;
            p.set_collar(side, 0.0, 0.0);
            p.set_shoulder(side, 10.0 + 60.0 * arm_forward, 8.0, 0.0);
            p.set_elbow(side, 90.0 + 20.0 * arm_forward);
            // On the track the hand is bent forward onto bridged fingers.
            p.set_wrist(side, 62.0 * hands_down);
            if hands_down > 0.0 {
                let swinging = (
                    p.angles_deg[side.collar_joint() + 1],
                    p.angles_deg[side.collar_joint() + 2],
                );
                let shoulder = p.world().position_cm[side.collar_joint() + 1];
                let hand = DVec3::new(shoulder.x.signum() * 20.0, 10.0, -4.0);
                let mut planted = p.clone();
                reach(
                    &mut planted,
                    side,
                    hand,
                    DVec3::new(shoulder.x.signum(), 0.0, -1.0),
                );
                let (a, b) = (
                    planted.angles_deg[side.collar_joint() + 1],
                    planted.angles_deg[side.collar_joint() + 2],
                );
                for k in 0..3 {
                    p.angles_deg[side.collar_joint() + 1][k] =
                        swinging.0[k] + (a[k] - swinging.0[k]) * hands_down;
                    p.angles_deg[side.collar_joint() + 2][k] =
                        swinging.1[k] + (b[k] - swinging.1[k]) * hands_down;
                }
            }
        }
        p
    }

    fn support(&self, time_s: f64) -> [f64; 2] {
        LimbSide::BOTH.map(|side| {
            if self.foot(side, time_s).support_knee_deg.is_some() {
                1.0
            } else {
                0.0
            }
        })
    }
}
