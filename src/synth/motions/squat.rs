//! Body-weight back squat: three repetitions to a little below parallel, arms held forward.
//!
//! Joint angles at the bottom follow the ranges reported for parallel body-weight and
//! light-load squats: knee flexion ≈ 105°, hip flexion ≈ 105–110°, ankle dorsiflexion ≈ 30°,
//! trunk forward lean ≈ 40° from vertical (R. F. Escamilla, "Knee biomechanics of the dynamic
//! squat exercise", Med Sci Sports Exerc 33:127, 2001; B. J. Schoenfeld, "Squatting kinematics
//! and kinetics", J Strength Cond Res 24:3497, 2010). Each repetition takes 2.4 s: 1.1 s down,
//! a 0.2 s pause, 1.0 s up, 0.1 s standing. The feet are a little wider than the hips and
//! turned out 10°; the knees track over the toes (hip abduction grows with depth).
//!
//! All joints move together along one depth variable, from standing (0) to the bottom (1),
//! so the centre of mass stays over the middle of the feet.

use super::super::anatomy::LimbSide;
use super::super::curve::{Key, eval, smoothstep};
use super::super::ground::Motion;
use super::super::pose::Pose;
use super::super::rig::joint;

/// Frame rate of the clip, hertz.
pub const RATE_HZ: f64 = 60.0;
/// Repetitions.
pub const REPS: usize = 3;
/// Duration of one repetition, seconds.
pub const REP_S: f64 = 2.4;
/// Standing still before the first repetition (arms rising), seconds.
pub const LEAD_IN_S: f64 = 0.6;
/// Standing still after the last repetition (arms lowering), seconds.
pub const LEAD_OUT_S: f64 = 0.6;

/// Depth over one repetition: 0 standing, 1 at the bottom.
const DEPTH: &[Key] = &[(0.0, 0.0), (1.1, 1.0), (1.3, 1.0), (2.3, 0.0), (REP_S, 0.0)];

/// Knee flexion at the bottom, degrees.
pub const BOTTOM_KNEE_DEG: f64 = 105.0;
/// Ankle dorsiflexion at the bottom, degrees.
const BOTTOM_ANKLE_DEG: f64 = 30.0;
/// Forward pelvic tilt at the bottom, degrees.
const BOTTOM_PELVIS_DEG: f64 = 33.0;
/// Spine flexion at the bottom (lumbar plus thoracic), degrees.
const BOTTOM_SPINE_DEG: f64 = 10.0;

/// The squat.
#[derive(Clone, Copy, Debug, Default)]
pub struct Squat;

impl Squat {
    /// Depth (0 standing, 1 bottom) at `time_s`.
    #[must_use]
    pub fn depth(time_s: f64) -> f64 {
        let t = time_s - LEAD_IN_S;
        if t <= 0.0 || t >= REP_S * REPS as f64 {
            return 0.0;
        }
        eval(DEPTH, t.rem_euclid(REP_S))
    }
}

impl Motion for Squat {
    fn duration_s(&self) -> f64 {
        LEAD_IN_S + REP_S * REPS as f64 + LEAD_OUT_S
    }

    fn pose(&self, time_s: f64) -> Pose {
        let d = Self::depth(time_s);
        let mut p = Pose::default();
        let knee = BOTTOM_KNEE_DEG * d;
        let ankle = BOTTOM_ANKLE_DEG * d;
        let pelvis = BOTTOM_PELVIS_DEG * d;
        // Flat feet: thigh angle from vertical = knee flexion − ankle dorsiflexion.
        let hip = knee - ankle + pelvis;
        p.set_pelvis(0.0, pelvis, 0.0);
        p.set_spine(joint::SPINE, 0.6 * BOTTOM_SPINE_DEG * d, 0.0, 0.0);
        p.set_spine(joint::CHEST, 0.4 * BOTTOM_SPINE_DEG * d, 0.0, 0.0);
        // Eyes forward: the neck and head extend against the trunk lean.
        let lean = pelvis + BOTTOM_SPINE_DEG * d;
        p.set_spine(joint::NECK, -0.35 * lean, 0.0, 0.0);
        p.set_spine(joint::HEAD, -0.35 * lean, 0.0, 0.0);
        // Arms rise to the front before the first repetition and come down after the last.
        let end = self.duration_s();
        let arms =
            smoothstep(0.0, LEAD_IN_S, time_s) * (1.0 - smoothstep(end - LEAD_OUT_S, end, time_s));
        for side in LimbSide::BOTH {
            p.set_hip(side, hip, 6.0 + 10.0 * d, -10.0);
            p.set_knee(side, knee);
            p.set_ankle(side, ankle);
            p.set_collar(side, 0.0, 8.0 * arms);
            // Arms level with the shoulders whatever the trunk lean (leaning forward turns the
            // arms back with the trunk).
            p.set_shoulder(side, arms * (85.0 + 0.8 * lean), 4.0 * arms, 0.0);
            p.set_elbow(side, 5.0 + 5.0 * arms);
        }
        p
    }

    fn support(&self, _time_s: f64) -> [f64; 2] {
        [0.5, 0.5]
    }
}
