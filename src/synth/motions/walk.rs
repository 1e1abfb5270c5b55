//! Level walking at a natural cadence: four strides that loop without a seam.
//!
//! Sagittal joint angles are keyframe tables over the gait cycle (0 % = right initial contact),
//! read off the published mean curves of healthy adults at natural cadence:
//! D. A. Winter, *Biomechanics and Motor Control of Human Movement*, 4th ed. (2009), appendix A
//! and *The Biomechanics and Motor Control of Human Gait* (1991), figs. 2.11–2.13; J. Perry &
//! J. M. Burnfield, *Gait Analysis: Normal and Pathological Function*, 2nd ed. (2010),
//! chapters 4–6. Landmarks kept from those curves: hip 30° flexion at contact, about 10°
//! extension at 50–55 %, peak flexion ≈ 32° in terminal swing; knee ≈ 3° at contact,
//! loading-response peak ≈ 19° at 15 %, ≈ 4° at 40 %, ≈ 38° at toe-off (62 %), swing peak
//! ≈ 61° at 72 %; ankle neutral at contact, ≈ 6° plantarflexion at 8 %, ≈ 10° dorsiflexion at
//! 45 %, ≈ 16° plantarflexion just after toe-off. Pelvis (Perry ch. 9; M. P. Kadaba et al.
//! 1990, J Orthop Res 8:383): rotation ±5°, obliquity ±3°, a little forward tilt. Arm swing
//! (M. P. Murray et al. 1967, J Bone Joint Surg 49-A:272): shoulder ≈ 18° extension to 10°
//! flexion, opposite to the leg, elbow 16–33° flexion.
//!
//! The values are read from figures, not digitised data: they reproduce the shape and the
//! landmarks, not a particular subject. The left side is the right side half a cycle later.

use super::super::anatomy::LimbSide;
use super::super::curve::{Key, eval_periodic, smoothstep};
use super::super::ground::Motion;
use super::super::pose::Pose;
use super::super::rig::joint;

/// Duration of one gait cycle (stride), seconds: 109 steps per minute.
pub const STRIDE_S: f64 = 1.1;
/// Strides in the clip.
pub const STRIDES: usize = 4;
/// Frame rate of the clip, hertz.
pub const RATE_HZ: f64 = 100.0;
/// Frames in the clip: whole strides, without repeating the first frame at the end.
pub const FRAMES: usize = 440;
/// Toe-off, percent of the cycle.
pub const TOE_OFF_PCT: f64 = 62.0;

/// Hip flexion (+) / extension (−), degrees.
const HIP_FLEX: &[Key] = &[
    (0.0, 33.0),
    (10.0, 31.0),
    (20.0, 24.0),
    (30.0, 15.0),
    (40.0, 4.0),
    (46.0, -7.0),
    (50.0, -11.0),
    (54.0, -11.5),
    (58.0, -7.0),
    (62.0, 0.0),
    (66.0, 9.0),
    (70.0, 18.0),
    (75.0, 27.0),
    (80.0, 33.0),
    (87.0, 36.0),
    (93.0, 35.0),
    (100.0, 33.0),
];

/// Knee flexion, degrees.
const KNEE_FLEX: &[Key] = &[
    (0.0, 4.0),
    (5.0, 10.0),
    (11.0, 17.0),
    (15.0, 19.0),
    (25.0, 13.0),
    (34.0, 6.0),
    (40.0, 4.0),
    (46.0, 6.0),
    (50.0, 10.0),
    (55.0, 20.0),
    (62.0, 38.0),
    (66.0, 50.0),
    (70.0, 58.0),
    (73.0, 60.0),
    (76.0, 58.0),
    (80.0, 48.0),
    (84.0, 36.0),
    (88.0, 24.0),
    (92.0, 14.0),
    (96.0, 6.0),
    (100.0, 4.0),
];

/// Ankle dorsiflexion (+) / plantarflexion (−), degrees.
const ANKLE_DORSI: &[Key] = &[
    (0.0, 0.0),
    (4.0, -5.0),
    (8.0, -6.0),
    (15.0, -1.0),
    (25.0, 4.0),
    (35.0, 7.0),
    (45.0, 10.0),
    (50.0, 7.0),
    (55.0, -2.0),
    (60.0, -15.0),
    (62.0, -14.0),
    (66.0, -9.0),
    (70.0, -4.0),
    (75.0, 1.0),
    (80.0, 5.0),
    (86.0, 5.0),
    (92.0, 3.0),
    (100.0, 0.0),
];

/// Toe (metatarsophalangeal) extension in swing, degrees. In stance the toes stay flat on the
/// floor as the heel rises, so their extension equals the foot's pitch there.
const TOE_EXT: &[Key] = &[
    (0.0, 8.0),
    (8.0, 0.0),
    (62.0, 0.0),
    (70.0, 0.0),
    (80.0, 0.0),
    (92.0, 5.0),
    (100.0, 8.0),
];

/// Pelvic rotation, to the left (+), degrees: the right side is forward at right contact.
const PELVIS_YAW: &[Key] = &[
    (0.0, 5.0),
    (25.0, 0.0),
    (50.0, -5.0),
    (75.0, 0.0),
    (100.0, 5.0),
];

/// Pelvic obliquity, left side up (+), degrees: the swing side drops in loading response.
const PELVIS_LEFT_UP: &[Key] = &[
    (0.0, 0.0),
    (17.0, -3.0),
    (40.0, -1.0),
    (50.0, 0.0),
    (67.0, 3.0),
    (90.0, 1.0),
    (100.0, 0.0),
];

/// Forward (anterior) pelvic tilt, degrees: about 11° in the clinical pelvis frame
/// (Kadaba 1990), the lumbar spine extending by as much to keep the trunk upright. The hip
/// angles above are relative to this tilted pelvis, as clinical hip angles are.
const PELVIS_TILT: &[Key] = &[
    (0.0, 11.0),
    (12.0, 10.0),
    (30.0, 12.0),
    (50.0, 11.0),
    (62.0, 10.0),
    (80.0, 12.0),
    (100.0, 11.0),
];

/// Right shoulder flexion (+) / extension (−), degrees: back when the right leg is forward.
const SHOULDER_FLEX: &[Key] = &[
    (0.0, -18.0),
    (25.0, -4.0),
    (50.0, 10.0),
    (75.0, -4.0),
    (100.0, -18.0),
];

/// Right elbow flexion, degrees: most bent when the arm is forward.
const ELBOW_FLEX: &[Key] = &[
    (0.0, 16.0),
    (25.0, 24.0),
    (50.0, 33.0),
    (75.0, 24.0),
    (100.0, 16.0),
];

/// Minimum toe clearance in mid-swing, centimetres (D. A. Winter 1992, "Foot trajectory in
/// human gait", Physiotherapy Canada 44:145: 1.29 ± 0.45 cm).
pub const TOE_CLEARANCE_CM: f64 = 1.3;

/// The walk.
#[derive(Clone, Copy, Debug, Default)]
pub struct Walk;

impl Walk {
    /// Percent of the gait cycle of `side` at `time_s` (0 = that side's initial contact).
    fn phase_pct(side: LimbSide, time_s: f64) -> f64 {
        let right = (time_s / STRIDE_S * 100.0).rem_euclid(100.0);
        match side {
            LimbSide::Right => right,
            LimbSide::Left => (right + 50.0).rem_euclid(100.0),
        }
    }

    /// Weight share of a foot at `pct` of its own cycle: loading from contact to 12 %, all the
    /// weight in single support, unloading from 50 % to toe-off.
    /// Adds dorsiflexion, knee and hip flexion to the swing leg where the average curves would
    /// let its toes come closer to the floor than [`TOE_CLEARANCE_CM`] (a body of other
    /// proportions walking with average angles would trip; real walkers steer the toe).
    fn clear_the_floor(p: &mut Pose, swing: LimbSide, q: f64) {
        let wanted =
            TOE_CLEARANCE_CM * smoothstep(TOE_OFF_PCT, 68.0, q) * (1.0 - smoothstep(88.0, 96.0, q));
        if wanted <= 0.0 {
            return;
        }
        let stance = swing.other();
        let clearance = |p: &Pose| {
            let w = p.world();
            w.foot_floor_height_cm(swing.foot_joint()) - w.foot_floor_height_cm(stance.foot_joint())
        };
        let tuck = |p: &mut Pose, deg: f64| {
            let a = &mut p.angles_deg;
            a[swing.hip_joint()][1] -= 0.5 * deg;
            a[swing.hip_joint() + 1][1] += deg;
            a[swing.foot_joint()][1] -= deg;
        };
        // Two Newton steps on the tuck angle; clearance is nearly linear in it.
        for _ in 0..2 {
            let now = clearance(p);
            if now >= wanted {
                return;
            }
            let mut probe = p.clone();
            tuck(&mut probe, 1.0);
            let per_deg = clearance(&probe) - now;
            if per_deg <= 1e-6 {
                return;
            }
            tuck(p, ((wanted - now) / per_deg).min(15.0));
        }
    }

    fn weight(pct: f64) -> f64 {
        if pct >= TOE_OFF_PCT {
            0.0
        } else if pct < 12.0 {
            0.02 + 0.98 * smoothstep(0.0, 12.0, pct)
        } else {
            1.0 - 0.98 * smoothstep(50.0, TOE_OFF_PCT, pct)
        }
    }
}

impl Motion for Walk {
    fn duration_s(&self) -> f64 {
        STRIDE_S * STRIDES as f64
    }

    fn pose(&self, time_s: f64) -> Pose {
        let mut p = Pose::default();
        let at = |keys: &[Key], pct: f64| eval_periodic(keys, 100.0, pct);
        let pct = Self::phase_pct(LimbSide::Right, time_s);
        let yaw = at(PELVIS_YAW, pct);
        let left_up = at(PELVIS_LEFT_UP, pct);
        let tilt = at(PELVIS_TILT, pct);
        p.set_pelvis(yaw, tilt, left_up);
        // Thorax turns against the pelvis; the trunk stays upright over the tilting pelvis.
        // A trunk lean of 2° forward.
        let lordosis = tilt - 2.0;
        p.set_spine(joint::SPINE, -0.8 * lordosis, left_up * 0.6, -0.8 * yaw);
        p.set_spine(joint::CHEST, -0.2 * lordosis, left_up * 0.4, -0.9 * yaw);
        p.set_spine(joint::NECK, 0.0, 0.0, 0.4 * yaw);
        p.set_spine(joint::HEAD, 0.0, 0.0, 0.3 * yaw);
        for side in LimbSide::BOTH {
            let q = Self::phase_pct(side, time_s);
            // Hip adduction follows the pelvic drop so the stance leg stays near vertical (the
            // step width comes out at about 10 cm); 4° of external rotation (toe-out).
            let abd = -left_up * side.sign();
            let (hip, knee, ankle) = (at(HIP_FLEX, q), at(KNEE_FLEX, q), at(ANKLE_DORSI, q));
            p.set_hip(side, hip, abd, -4.0);
            p.set_knee(side, knee);
            p.set_ankle(side, ankle);
            // Foot pitch, toes down, from the sagittal angles: shank angle minus dorsiflexion.
            let foot_pitch = knee - (hip - tilt) - ankle;
            let flat = smoothstep(0.0, 8.0, q) * (1.0 - smoothstep(TOE_OFF_PCT, 70.0, q));
            p.set_toe(
                side,
                flat * foot_pitch.clamp(0.0, 50.0) + (1.0 - flat) * at(TOE_EXT, q),
            );
            p.set_collar(side, 0.0, 0.0);
            p.set_shoulder(side, at(SHOULDER_FLEX, q), 7.0, 0.0);
            p.set_elbow(side, at(ELBOW_FLEX, q));
        }
        for side in LimbSide::BOTH {
            let q = Self::phase_pct(side, time_s);
            if q >= TOE_OFF_PCT {
                Self::clear_the_floor(&mut p, side, q);
            }
        }
        p
    }

    fn support(&self, time_s: f64) -> [f64; 2] {
        [
            Self::weight(Self::phase_pct(LimbSide::Left, time_s)),
            Self::weight(Self::phase_pct(LimbSide::Right, time_s)),
        ]
    }
}
