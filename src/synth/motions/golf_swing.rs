//! A right-handed golf drive: address, backswing, downswing, impact, follow-through to a
//! balanced finish.
//!
//! Rotations follow the kinematic sequence reported for skilled golfers (pelvis first, then
//! thorax, then arms): pelvis turned ≈ 45° away from the target at the top and ≈ 40° open at
//! impact, thorax ≈ 90° closed at the top (an "X-factor" of ≈ 45°, growing to ≈ 50° early in the
//! downswing) and ≈ 25° open at impact (J. Myers et al., "The role of upper torso and pelvis
//! rotation in driving performance", Sports Biomech 7:207, 2008; P. J. Cheetham et al., "The
//! importance of stretching the X-factor in the downswing of golf", 2001; timing: backswing
//! ≈ 0.85 s, downswing ≈ 0.27 s, after S. M. Nesbit et al., J Sports Sci Med 13:859,
//! 2014). The athlete faces +Z with the target on their left (+X); the trunk is hinged ≈ 40°
//! forward at address with the knees flexed ≈ 22°.
//!
//! The hands are placed, not swung by angles: the lead wrist follows a hand path keyed at the
//! usual checkpoints (takeaway, lead arm parallel, top, slot, impact, release, finish; read from
//! down-the-line and face-on pictures of a full drive, so approximate), and the trail wrist sits
//! further down the (not drawn) club shaft, whose direction is keyed at the same checkpoints.
//! Arm inverse kinematics puts both wrists there. The legs are placed the same way on fixed feet, so the feet stay planted while
//! the pelvis turns; the trail foot rolls onto its toes and pivots in the follow-through.

use glam::{DMat3, DVec3};

use super::super::anatomy::LimbSide;
use super::super::curve::{Key, eval};
use super::super::ground::Motion;
use super::super::ik::{place_leg, reach};
use super::super::pose::Pose;
use super::super::rig::{ANKLE_HEIGHT_CM, BALL_FORWARD_CM, BALL_HEIGHT_CM, JOINTS, joint};

/// Frame rate of the clip, hertz.
pub const RATE_HZ: f64 = 100.0;
/// Top of the backswing, seconds.
pub const TOP_S: f64 = 1.45;
/// Impact, seconds.
pub const IMPACT_S: f64 = 1.72;
/// Length of the clip, seconds.
pub const DURATION_S: f64 = 2.8;

/// Half the distance between the ankles, centimetres (feet about shoulder width apart).
const HALF_STANCE_CM: f64 = 17.0;

/// Pelvis rotation to the left (towards the target), degrees.
const PELVIS_YAW: &[Key] = &[
    (0.6, 0.0),
    (TOP_S, -45.0),
    (1.58, -22.0),
    (IMPACT_S, 40.0),
    (2.3, 88.0),
];
/// Thorax rotation relative to the pelvis (to the left), degrees.
const SPINE_TURN: &[Key] = &[
    (0.6, 0.0),
    (TOP_S, -45.0),
    (1.56, -52.0),
    (IMPACT_S, -15.0),
    (2.3, 25.0),
];
/// Forward pelvic tilt (the hip hinge), degrees.
const PELVIS_TILT: &[Key] = &[(0.6, 30.0), (TOP_S, 30.0), (IMPACT_S, 27.0), (2.3, 8.0)];
/// Spine flexion, degrees.
const SPINE_FLEX: &[Key] = &[(0.6, 12.0), (TOP_S, 8.0), (IMPACT_S, 12.0), (2.3, -6.0)];
/// Spine bend to the left (negative: to the right, trail side), degrees.
const SPINE_BEND: &[Key] = &[(0.6, -5.0), (TOP_S, 6.0), (IMPACT_S, -20.0), (2.3, -10.0)];
/// Pelvis shift towards the target, centimetres.
const SWAY_CM: &[Key] = &[(0.6, 0.0), (TOP_S, -3.0), (IMPACT_S, 6.0), (2.3, 10.0)];
/// Pelvis height, centimetres.
const PELVIS_HEIGHT_CM: &[Key] = &[
    (0.6, 88.5),
    (TOP_S, 89.0),
    (1.62, 87.5),
    (IMPACT_S, 88.5),
    (2.3, 91.0),
];
/// Lead wrist path in the world, centimetres, one table per axis (x towards the target,
/// y up, z towards the ball): low and slow away from the ball, up to above the trail shoulder
/// at the top, dropping into the slot, through impact a little ahead of the address position,
/// extended towards the target and up to a high finish behind the head.
const WRIST_X: &[Key] = &[
    (0.6, 3.0),
    (0.85, -14.0),
    (1.05, -38.0),
    (TOP_S, -24.0),
    (1.6, -32.0),
    (1.67, -14.0),
    (IMPACT_S, 8.0),
    (1.9, 42.0),
    (2.3, -18.0),
];
const WRIST_Y: &[Key] = &[
    (0.6, 80.0),
    (0.85, 84.0),
    (1.05, 106.0),
    (TOP_S, 156.0),
    (1.6, 122.0),
    (1.67, 95.0),
    (IMPACT_S, 82.0),
    (1.9, 112.0),
    (2.3, 156.0),
];
const WRIST_Z: &[Key] = &[
    (0.6, 42.0),
    (0.85, 40.0),
    (1.05, 30.0),
    (TOP_S, 12.0),
    (1.6, 18.0),
    (1.67, 30.0),
    (IMPACT_S, 40.0),
    (1.9, 26.0),
    (2.3, -6.0),
];
/// Direction of the club shaft from the hands towards the club head, one table per axis
/// (normalised after interpolation): towards the ball at address, hinged up by half-way back,
/// pointing at the target at the top, lagging in the downswing, released through impact.
const SHAFT_X: &[Key] = &[
    (0.6, -0.05),
    (0.85, -0.6),
    (1.05, -0.2),
    (TOP_S, 1.0),
    (1.6, 0.2),
    (1.67, -0.6),
    (IMPACT_S, -0.1),
    (1.9, 0.8),
    (2.3, -0.5),
];
const SHAFT_Y: &[Key] = &[
    (0.6, -0.95),
    (0.85, -0.7),
    (1.05, 0.95),
    (TOP_S, 0.1),
    (1.6, 0.95),
    (1.67, 0.4),
    (IMPACT_S, -0.95),
    (1.9, 0.5),
    (2.3, -0.5),
];
const SHAFT_Z: &[Key] = &[
    (0.6, 0.3),
    (0.85, 0.3),
    (1.05, 0.2),
    (TOP_S, 0.0),
    (1.6, 0.1),
    (1.67, 0.4),
    (IMPACT_S, 0.3),
    (1.9, 0.2),
    (2.3, -0.6),
];
/// Trail foot pitch (toes down, heel up), degrees.
const TRAIL_HEEL: &[Key] = &[(1.6, 0.0), (1.78, 8.0), (2.1, 55.0)];
/// Trail foot turn towards the target while on its toes, degrees.
const TRAIL_PIVOT: &[Key] = &[(1.7, 0.0), (2.3, 45.0)];
/// Share of the weight on the lead foot.
const LEAD_WEIGHT: &[Key] = &[(0.6, 0.5), (TOP_S, 0.4), (IMPACT_S, 0.8), (2.3, 0.92)];
/// How far the lead knee points towards the trail side (towards the ball) against forward.
const LEAD_KNEE_IN: &[Key] = &[(0.6, 0.0), (TOP_S, 0.35), (IMPACT_S, -0.1), (2.3, -0.2)];

/// Trail wrist below the lead wrist along the club, centimetres.
const GRIP_GAP_CM: f64 = 8.0;

/// The golf swing.
#[derive(Clone, Copy, Debug, Default)]
pub struct GolfSwing;

/// World rotation of a foot: turned `yaw_deg` to the left, pitched `pitch_deg` toes down.
fn foot_rotation(yaw_deg: f64, pitch_deg: f64) -> DMat3 {
    DMat3::from_rotation_y(yaw_deg.to_radians()) * DMat3::from_rotation_x(pitch_deg.to_radians())
}

impl GolfSwing {
    /// Ankle target and foot rotation of `side`, and its toe extension, at `time_s`.
    fn foot(side: LimbSide, time_s: f64) -> (DVec3, DMat3, f64) {
        let ankle = DVec3::new(HALF_STANCE_CM * side.sign(), ANKLE_HEIGHT_CM, 0.0);
        match side {
            // Lead foot flat, turned out 15° towards the target.
            LimbSide::Left => (ankle, foot_rotation(15.0, 0.0), 0.0),
            LimbSide::Right => {
                // Trail foot turned out 5°; rolls up about the ball of the foot, toes flat.
                let yaw0 = -5.0;
                let ball = ankle
                    + foot_rotation(yaw0, 0.0)
                        * DVec3::new(0.0, BALL_HEIGHT_CM - ANKLE_HEIGHT_CM, BALL_FORWARD_CM);
                let pitch = eval(TRAIL_HEEL, time_s);
                let rot = foot_rotation(yaw0 + eval(TRAIL_PIVOT, time_s), pitch);
                let ball_offset = DVec3::from_array(JOINTS[joint::RIGHT_TOE_BASE].offset_cm);
                (ball - rot * ball_offset, rot, pitch)
            }
        }
    }
}

impl Motion for GolfSwing {
    fn duration_s(&self) -> f64 {
        DURATION_S
    }

    fn pose(&self, time_s: f64) -> Pose {
        let t = time_s;
        let mut p = Pose {
            root_cm: DVec3::new(eval(SWAY_CM, t), eval(PELVIS_HEIGHT_CM, t), 0.0),
            ..Pose::default()
        };
        let yaw = eval(PELVIS_YAW, t);
        p.set_pelvis_turning_tilted(eval(PELVIS_TILT, t), yaw);
        let (turn, flex, bend) = (
            eval(SPINE_TURN, t),
            eval(SPINE_FLEX, t),
            eval(SPINE_BEND, t),
        );
        p.set_spine(joint::SPINE, 0.5 * flex, 0.4 * bend, 0.4 * turn);
        p.set_spine(joint::CHEST, 0.5 * flex, 0.6 * bend, 0.6 * turn);
        // Eyes on the ball until just after impact, then the head turns with the body.
        let thorax_yaw = yaw + turn;
        let release = ((t - IMPACT_S) / 0.25).clamp(0.0, 1.0);
        let head_turn = -thorax_yaw * 0.8 * (1.0 - release);
        p.set_spine(joint::NECK, 4.0 * (1.0 - release), 0.0, 0.5 * head_turn);
        p.set_spine(joint::HEAD, 8.0 * (1.0 - release), 0.0, 0.5 * head_turn);

        // Legs on the planted feet; the lead knee moves in towards the ball in the backswing.
        let knee_in = eval(LEAD_KNEE_IN, t);
        for side in LimbSide::BOTH {
            let (ankle, rot, toes) = Self::foot(side, t);
            let knee_dir = match side {
                LimbSide::Left => DVec3::new(-knee_in, 0.0, 1.0),
                LimbSide::Right => DVec3::new(0.15, 0.0, 1.0),
            };
            place_leg(&mut p, side, ankle, rot, knee_dir.normalize());
            p.set_toe(side, toes);
        }

        // Hands on the grip.
        let chest = p.world().rotation[joint::CHEST];
        let lead_wrist = DVec3::new(eval(WRIST_X, t), eval(WRIST_Y, t), eval(WRIST_Z, t));
        let shaft = DVec3::new(eval(SHAFT_X, t), eval(SHAFT_Y, t), eval(SHAFT_Z, t))
            .try_normalize()
            .unwrap_or(DVec3::NEG_Y);
        let trail_wrist = lead_wrist + shaft * GRIP_GAP_CM;
        let down = DVec3::NEG_Y;
        reach(
            &mut p,
            LimbSide::Left,
            lead_wrist,
            chest * DVec3::new(0.3, -1.0, 0.0) + down,
        );
        reach(
            &mut p,
            LimbSide::Right,
            trail_wrist,
            chest * DVec3::new(-0.5, -1.0, -0.3) + down,
        );
        for side in LimbSide::BOTH {
            // Hands along the club.
            p.set_wrist(side, 0.0);
        }
        p
    }

    fn support(&self, time_s: f64) -> [f64; 2] {
        let lead = eval(LEAD_WEIGHT, time_s);
        [lead, 1.0 - lead]
    }
}
