//! Countermovement jump with arm swing: stand, dip, push off, 0.5 s of flight, land, recover.
//!
//! Timing and depth follow typical values for recreational athletes (N. P. Linthorne, "Analysis
//! of standing vertical jumps using a force platform", Am J Phys 69:1198, 2001: countermovement
//! about 0.5 s, propulsion 0.25–0.3 s, knee flexion ≈ 90° at the lowest point; arm swing after
//! A. Lees, J. Vanrenterghem and D. De Clercq, J Biomech 37:1929, 2004): the arms swing back
//! during the dip and drive forward and up during propulsion; the athlete takes off with the
//! knees nearly straight and the ankles plantarflexed, is in the air for 0.50 s (a rise of the
//! centre of mass of g·T²/8 ≈ 31 cm), lands on the forefoot and absorbs to ≈ 65° knee flexion.
//!
//! Propulsion is driven by the centre of mass rather than by the clock: every joint moves along
//! one progress variable from the lowest pose to the take-off pose (hips and trunk first, ankles
//! last), and the progress at each instant is the one that puts the centre of mass on a smooth
//! path from rest at the bottom to exactly the take-off speed the 0.5 s flight needs. So the
//! body leaves the floor at the speed of its flight, without a jolt. The flight itself is the
//! solver's parabola under g = 9.81 m/s².

use super::super::anatomy::LimbSide;
use super::super::com::centre_of_mass_cm;
use super::super::curve::{Key, eval};
use super::super::ground::{GRAVITY_CM_PER_S2, Motion};
use super::super::pose::Pose;
use super::super::rig::joint;

/// Frame rate of the clip, hertz.
pub const RATE_HZ: f64 = 100.0;
/// End of the countermovement (lowest point), seconds.
pub const BOTTOM_S: f64 = 1.12;
/// Take-off, seconds.
pub const TAKE_OFF_S: f64 = 1.40;
/// Landing, seconds.
pub const LANDING_S: f64 = 1.90;
/// Length of the clip, seconds.
pub const DURATION_S: f64 = 3.3;

/// The sagittal shape of the body: the handful of angles the jump is written in, degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shape {
    /// Knee flexion.
    knee: f64,
    /// Forward lean of the shank (knee ahead of the ankle).
    shank: f64,
    /// Pitch of the foot, toes down (0: flat on the floor).
    foot: f64,
    /// Toe extension.
    toes: f64,
    /// Forward pelvic tilt (most of the trunk lean).
    pelvis: f64,
    /// Shoulder flexion (negative: arms swung back).
    shoulder: f64,
    /// Elbow flexion.
    elbow: f64,
}

/// The lowest point of the countermovement.
const BOTTOM: Shape = Shape {
    knee: 88.0,
    shank: 30.0,
    foot: 0.0,
    toes: 0.0,
    pelvis: 36.0,
    shoulder: -55.0,
    elbow: 15.0,
};

/// The take-off pose: legs nearly straight, leaning a little forward over the toes, arms up.
const TAKE_OFF: Shape = Shape {
    knee: 12.0,
    shank: 2.0,
    foot: 38.0,
    toes: 25.0,
    pelvis: 4.0,
    shoulder: 150.0,
    elbow: 15.0,
};

/// Keys from standing to the lowest point (time in seconds); they end at [`BOTTOM`].
const DIP_KNEE: &[Key] = &[(0.6, 0.0), (0.85, 30.0), (BOTTOM_S, BOTTOM.knee)];
const DIP_SHANK: &[Key] = &[(0.6, 0.0), (0.85, 10.0), (BOTTOM_S, BOTTOM.shank)];
const DIP_PELVIS: &[Key] = &[(0.6, 0.0), (0.85, 11.0), (BOTTOM_S, BOTTOM.pelvis)];
const DIP_SHOULDER: &[Key] = &[(0.6, 0.0), (0.85, -30.0), (BOTTOM_S, BOTTOM.shoulder)];
const DIP_ELBOW: &[Key] = &[(0.6, 5.0), (BOTTOM_S, BOTTOM.elbow)];

/// Keys from take-off to the end (time in seconds); they start at [`TAKE_OFF`]. In the air the
/// joints finish extending, then prepare to land toes first.
const AIR_KNEE: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.knee),
    (1.46, 4.0),
    (1.75, 8.0),
    (LANDING_S, 12.0),
    (2.0, 45.0),
    (2.22, 65.0),
    (2.55, 30.0),
    (2.9, 0.0),
];
const AIR_SHANK: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.shank),
    (1.46, 1.0),
    (1.75, 3.0),
    (LANDING_S, 5.0),
    (1.97, 12.0),
    (2.22, 24.0),
    (2.55, 10.0),
    (2.9, 0.0),
];
const AIR_FOOT: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.foot),
    (1.47, 46.0),
    (1.75, 36.0),
    (LANDING_S, 30.0),
    (1.97, 0.0),
];
const AIR_TOES: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.toes),
    (1.5, 0.0),
    (1.8, 0.0),
    (LANDING_S, 15.0),
    (1.97, 0.0),
];
const AIR_PELVIS: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.pelvis),
    (1.5, 1.0),
    (1.6, 0.0),
    (LANDING_S, 5.0),
    (2.22, 25.0),
    (2.55, 10.0),
    (2.9, 0.0),
];
const AIR_SHOULDER: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.shoulder),
    (1.55, 160.0),
    (1.75, 110.0),
    (LANDING_S, 60.0),
    (2.1, 45.0),
    (2.5, 20.0),
    (2.9, 0.0),
];
const AIR_ELBOW: &[Key] = &[
    (TAKE_OFF_S, TAKE_OFF.elbow),
    (1.55, 10.0),
    (LANDING_S, 20.0),
    (2.9, 5.0),
];

/// Samples of the centre-of-mass height over the propulsion progress.
const PROGRESS_SAMPLES: usize = 400;

/// The countermovement jump.
#[derive(Clone, Debug)]
pub struct CounterMovementJump {
    /// Extra forward lean of the shank at progress `i / PROGRESS_SAMPLES`, degrees: keeps the
    /// centre of mass on its planned path over the foot as the heels rise.
    shank_fix_deg: Vec<f64>,
    /// Centre-of-mass height (feet on the floor) at progress `i / PROGRESS_SAMPLES`, cm.
    com_height_cm: Vec<f64>,
    /// Vertical speed of the centre of mass at take-off that gives the planned flight, cm/s.
    take_off_speed_cm_s: f64,
}

impl Default for CounterMovementJump {
    fn default() -> Self {
        Self::new()
    }
}

impl CounterMovementJump {
    /// Prepares the propulsion: tabulates the centre-of-mass height along the progress and the
    /// take-off speed that lands the body at [`LANDING_S`].
    #[must_use]
    pub fn new() -> Self {
        let at = |i: usize| i as f64 / PROGRESS_SAMPLES as f64;
        // The centre of mass moves forward over the foot by as much as the written shapes say,
        // but along a path that starts and ends at rest, so the body leaves the floor going
        // straight up; the shank lean is corrected to follow it.
        let forward = |u: f64, fix: f64| com_ahead_of_toes_cm(&pose_of(lean(propulsion(u), fix)));
        let start = forward(0.0, 0.0);
        let end = forward(1.0, 0.0);
        let shank_fix_deg: Vec<f64> = (0..=PROGRESS_SAMPLES)
            .map(|i| {
                let u = at(i);
                let target = start + (end - start) * (3.0 * u * u - 2.0 * u * u * u);
                let mut fix = 0.0;
                for _ in 0..4 {
                    let now = forward(u, fix);
                    let per_deg = forward(u, fix + 1.0) - now;
                    if per_deg.abs() < 1e-9 {
                        break;
                    }
                    fix += (target - now) / per_deg;
                }
                fix
            })
            .collect();
        let com_height_cm: Vec<f64> = (0..=PROGRESS_SAMPLES)
            .map(|i| {
                let fix = shank_fix_deg.get(i).copied().unwrap_or(0.0);
                standing_com_height_cm(&pose_of(lean(propulsion(at(i)), fix)))
            })
            .collect();
        let take_off = com_height_cm.last().copied().unwrap_or(0.0);
        let landing = standing_com_height_cm(&pose_of(after_take_off(LANDING_S)));
        let flight = LANDING_S - TAKE_OFF_S;
        Self {
            shank_fix_deg,
            com_height_cm,
            take_off_speed_cm_s: (landing - take_off) / flight + 0.5 * GRAVITY_CM_PER_S2 * flight,
        }
    }

    /// Vertical speed of the centre of mass at take-off, cm/s.
    #[must_use]
    pub fn take_off_speed_cm_s(&self) -> f64 {
        self.take_off_speed_cm_s
    }

    /// Whether the centre of mass rises steadily along the propulsion (so progress can be
    /// found from height).
    #[must_use]
    pub fn propulsion_is_monotonic(&self) -> bool {
        self.com_height_cm.windows(2).all(|w| w[1] > w[0])
    }

    /// Propulsion progress at `time_s`: the centre of mass follows a cubic from rest at the
    /// bottom to the take-off height at the take-off speed.
    fn progress(&self, time_s: f64) -> f64 {
        let (Some(&low), Some(&high)) = (self.com_height_cm.first(), self.com_height_cm.last())
        else {
            return 0.0;
        };
        let span = TAKE_OFF_S - BOTTOM_S;
        let s = ((time_s - BOTTOM_S) / span).clamp(0.0, 1.0);
        // Hermite: value low→high, slope 0 at the start and the take-off speed at the end.
        let h01 = -2.0 * s * s * s + 3.0 * s * s;
        let h11 = s * s * s - s * s;
        let target = low + (high - low) * h01 + self.take_off_speed_cm_s * span * h11;
        // Invert the tabulated height (rising: see `propulsion_is_monotonic`).
        let i = self.com_height_cm.partition_point(|&h| h < target);
        if i == 0 {
            return 0.0;
        }
        let Some((&a, &b)) = self.com_height_cm.get(i - 1).zip(self.com_height_cm.get(i)) else {
            return 1.0;
        };
        let frac = if b > a { (target - a) / (b - a) } else { 0.0 };
        ((i - 1) as f64 + frac) / PROGRESS_SAMPLES as f64
    }

    fn shape(&self, time_s: f64) -> Shape {
        if time_s < BOTTOM_S {
            Shape {
                knee: eval(DIP_KNEE, time_s),
                shank: eval(DIP_SHANK, time_s),
                foot: 0.0,
                toes: 0.0,
                pelvis: eval(DIP_PELVIS, time_s),
                shoulder: eval(DIP_SHOULDER, time_s),
                elbow: eval(DIP_ELBOW, time_s),
            }
        } else if time_s < TAKE_OFF_S {
            let u = self.progress(time_s);
            let x = u * PROGRESS_SAMPLES as f64;
            let i = (x.floor() as usize).min(PROGRESS_SAMPLES - 1);
            let frac = x - i as f64;
            let fix = match (self.shank_fix_deg.get(i), self.shank_fix_deg.get(i + 1)) {
                (Some(a), Some(b)) => a + (b - a) * frac,
                _ => 0.0,
            };
            lean(propulsion(u), fix)
        } else {
            after_take_off(time_s)
        }
    }
}

/// The shape at propulsion progress `u` (0 lowest point, 1 take-off): trunk and hips extend
/// first, the heels rise late, the arms lead.
fn propulsion(u: f64) -> Shape {
    let mix = |a: f64, b: f64, g: f64| a + (b - a) * g;
    // Profiles that still move at take-off, so the body keeps rising until it leaves the floor.
    let early = 1.0 - 0.5 * (1.0 - u).powi(2) - 0.5 * (1.0 - u);
    let late = ((u - 0.4) / 0.6).max(0.0).powi(2);
    let arms = u * (2.0 - u) * 0.8 + 0.2 * u;
    Shape {
        knee: mix(BOTTOM.knee, TAKE_OFF.knee, u),
        shank: mix(BOTTOM.shank, TAKE_OFF.shank, u),
        foot: mix(BOTTOM.foot, TAKE_OFF.foot, late),
        toes: mix(BOTTOM.toes, TAKE_OFF.toes, late),
        pelvis: mix(BOTTOM.pelvis, TAKE_OFF.pelvis, early),
        shoulder: mix(BOTTOM.shoulder, TAKE_OFF.shoulder, arms),
        elbow: mix(BOTTOM.elbow, TAKE_OFF.elbow, u),
    }
}

/// The shape from take-off on.
fn after_take_off(time_s: f64) -> Shape {
    Shape {
        knee: eval(AIR_KNEE, time_s),
        shank: eval(AIR_SHANK, time_s),
        foot: eval(AIR_FOOT, time_s),
        toes: eval(AIR_TOES, time_s),
        pelvis: eval(AIR_PELVIS, time_s),
        shoulder: eval(AIR_SHOULDER, time_s),
        elbow: eval(AIR_ELBOW, time_s),
    }
}

/// `shape` with the shank (and so the whole body above the ankle) leaning `fix_deg` further
/// forward.
fn lean(mut shape: Shape, fix_deg: f64) -> Shape {
    shape.shank += fix_deg;
    shape.knee += 0.0;
    shape
}

/// How far the centre of mass is in front of the toe tips, cm (feet on the floor).
fn com_ahead_of_toes_cm(pose: &Pose) -> f64 {
    let w = pose.world();
    let toes = w.end_site(joint::LEFT_TOE_BASE).map_or(0.0, |p| p.z);
    centre_of_mass_cm(&w).z - toes
}

/// The rig pose of a shape (both sides alike).
fn pose_of(s: Shape) -> Pose {
    let mut p = Pose::default();
    p.set_pelvis(0.0, s.pelvis, 0.0);
    p.set_spine(joint::SPINE, 0.25 * s.pelvis, 0.0, 0.0);
    p.set_spine(joint::CHEST, 0.15 * s.pelvis, 0.0, 0.0);
    p.set_spine(joint::NECK, -0.4 * s.pelvis, 0.0, 0.0);
    p.set_spine(joint::HEAD, -0.3 * s.pelvis, 0.0, 0.0);
    // Thigh angle from vertical (knee ahead of the hip) and ankle from the segment angles.
    let thigh = s.knee - s.shank;
    for side in LimbSide::BOTH {
        p.set_hip(side, thigh + s.pelvis, 4.0, -6.0);
        p.set_knee(side, s.knee);
        p.set_ankle(side, s.shank - s.foot);
        p.set_toe(side, s.toes);
        p.set_shoulder(side, s.shoulder, 6.0, 0.0);
        p.set_elbow(side, s.elbow);
    }
    p
}

/// Height of the centre of mass of `pose` with its lowest foot point on the floor, cm.
fn standing_com_height_cm(pose: &Pose) -> f64 {
    let w = pose.world();
    let lowest = LimbSide::BOTH
        .iter()
        .map(|s| w.foot_floor_height_cm(s.foot_joint()))
        .fold(f64::INFINITY, f64::min);
    centre_of_mass_cm(&w).y - lowest
}

impl Motion for CounterMovementJump {
    fn duration_s(&self) -> f64 {
        DURATION_S
    }

    fn pose(&self, time_s: f64) -> Pose {
        pose_of(self.shape(time_s))
    }

    fn support(&self, time_s: f64) -> [f64; 2] {
        if (TAKE_OFF_S..LANDING_S).contains(&time_s) {
            [0.0, 0.0]
        } else {
            [0.5, 0.5]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn propulsion_raises_the_centre_of_mass_steadily_to_a_realistic_take_off_speed() {
        let jump = CounterMovementJump::new();
        assert!(jump.propulsion_is_monotonic());
        let v = jump.take_off_speed_cm_s();
        assert!((220.0..280.0).contains(&v), "{v}");
        assert!(jump.progress(BOTTOM_S).abs() < 1e-9);
        assert!((jump.progress(TAKE_OFF_S) - 1.0).abs() < 1e-9);
    }
}
