//! A second performance of a movement: another athlete's timing and technique.
//!
//! Compare mode needs two different performances of one movement (a model and an athlete,
//! today and last month). [`Varied`] wraps a [`Motion`] and changes it the way two performances
//! differ: it starts later (a slower reaction), runs at another tempo, swings the free leg with
//! more (or less) knee bend and carries the trunk more upright (or flexed). Supporting legs are
//! still placed by the root solver, so feet stay planted: the result is a plausible movement,
//! not a distorted copy.

use super::anatomy::LimbSide;
use super::ground::{Motion, solve};
use super::motions::sprint_start::SprintStart;
use super::pose::Pose;
use super::rig::joint;

/// Frame rate of the second sprint start, hertz (not the first one's 100 Hz, so compare mode
/// shows clips of different rates playing in real time against each other).
pub const SECOND_SPRINT_RATE_HZ: f64 = 120.0;

/// How the second performance differs from the first.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Variation {
    /// The movement starts this much later, seconds.
    pub delay_s: f64,
    /// Duration of the movement relative to the original (1.1 = 10 % slower).
    pub tempo: f64,
    /// Extra knee flexion of a leg that is off the ground, degrees.
    pub swing_knee_deg: f64,
    /// Extra forward flexion of the chest, degrees (negative: more upright).
    pub trunk_flex_deg: f64,
}

impl Variation {
    /// A second sprinter: reacts 0.15 s later, is 8 % slower through the start, brings the
    /// swing leg through with 15° more knee bend and holds the chest 6° more upright.
    pub const SECOND_SPRINTER: Self = Self {
        delay_s: 0.15,
        tempo: 1.08,
        swing_knee_deg: 15.0,
        trunk_flex_deg: -6.0,
    };
}

/// `inner` performed with `variation`.
pub struct Varied<'a> {
    inner: &'a dyn Motion,
    variation: Variation,
}

impl<'a> Varied<'a> {
    /// Wraps `inner`.
    #[must_use]
    pub fn new(inner: &'a dyn Motion, variation: Variation) -> Self {
        Self { inner, variation }
    }

    /// The time of the original movement shown at `time_s`.
    fn inner_time(&self, time_s: f64) -> f64 {
        let tempo = if self.variation.tempo > 0.0 {
            self.variation.tempo
        } else {
            1.0
        };
        // Before the delay: the first pose. After the end, the movement goes on as written
        // (a periodic movement such as the walk keeps going).
        ((time_s - self.variation.delay_s) / tempo).max(0.0)
    }
}

impl Motion for Varied<'_> {
    fn duration_s(&self) -> f64 {
        self.variation.delay_s.max(0.0) + self.inner.duration_s() * self.variation.tempo
    }

    fn pose(&self, time_s: f64) -> Pose {
        let t = self.inner_time(time_s);
        let mut pose = self.inner.pose(t);
        let support = self.inner.support(t);
        for (side, weight) in [LimbSide::Left, LimbSide::Right].into_iter().zip(support) {
            if weight <= 0.0 {
                let knee = pose.knee_flexion_deg(side);
                pose.set_knee(side, knee + self.variation.swing_knee_deg);
            }
        }
        if let Some(chest) = pose.angles_deg.get_mut(joint::CHEST) {
            // Channel slot 1 is the forward flexion (see `Pose::set_spine`).
            chest[1] += self.variation.trunk_flex_deg;
        }
        pose
    }

    fn support(&self, time_s: f64) -> [f64; 2] {
        self.inner.support(self.inner_time(time_s))
    }

    fn after_placement(&self, time_s: f64, pose: &mut Pose) {
        self.inner.after_placement(self.inner_time(time_s), pose);
    }
}

/// The frames of the second sprinter's start ([`Variation::SECOND_SPRINTER`]) at `rate_hz`,
/// covering the whole movement.
#[must_use]
pub fn second_sprint_start(rate_hz: f64) -> Vec<Pose> {
    let sprint = SprintStart::new();
    let varied = Varied::new(&sprint, Variation::SECOND_SPRINTER);
    let frames = (varied.duration_s() * rate_hz).round() as usize + 1;
    solve(&varied, rate_hz, frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_sprinter_starts_later_and_bends_the_swing_knee_more() {
        let sprint = SprintStart::new();
        let varied = Varied::new(&sprint, Variation::SECOND_SPRINTER);
        assert!((varied.duration_s() - (0.15 + 2.0 * 1.08)).abs() < 1e-9);
        // Before the delay has passed, the set position of the original.
        assert!(varied.inner_time(0.1).abs() < 1e-12);
        // 1.23 s later in the varied run is 1.0 s into the original.
        assert!((varied.inner_time(0.15 + 1.08) - 1.0).abs() < 1e-9);
        let original = sprint.pose(1.0);
        let second = varied.pose(0.15 + 1.08);
        let support = sprint.support(1.0);
        for (side, weight) in [LimbSide::Left, LimbSide::Right].into_iter().zip(support) {
            let extra = second.knee_flexion_deg(side) - original.knee_flexion_deg(side);
            let want = if weight <= 0.0 { 15.0 } else { 0.0 };
            assert!((extra - want).abs() < 1e-6, "{side:?}: {extra}");
        }
    }
}
