//! An endless, deterministic walk for the large benchmark inputs: one stride of the sample walk
//! repeated, the walker turning slowly on a circle (so a one-hour clip stays in view) or walking
//! on the spot (for image-space keypoints).

use glam::DVec3;

use crate::synth::ground::solve;
use crate::synth::motions::walk::{STRIDE_S, Walk};
use crate::synth::pose::Pose;

/// Radius of the circle the walker follows, centimetres.
const CIRCLE_RADIUS_CM: f64 = 400.0;

/// One stride of the walk at a frame rate, repeated for as long as asked.
#[derive(Clone, Debug)]
pub struct Walker {
    /// `n + 1` poses of one stride (the last is the first of the next stride).
    cycle: Vec<Pose>,
    /// Frames per stride.
    n: usize,
    /// Turn per frame, radians.
    turn_rad: f64,
    /// Frames made so far.
    frame: usize,
    /// Ground position of the root, centimetres (y unused).
    position_cm: DVec3,
    /// Heading, radians about +Y.
    heading_rad: f64,
}

impl Walker {
    /// A walker at `rate_hz` (at least 2 frames per stride).
    #[must_use]
    pub fn new(rate_hz: f64) -> Self {
        let n = ((STRIDE_S * rate_hz).round() as usize).max(2);
        // Two strides solved, the second kept: the first starts from standing.
        let solved = solve(&Walk, rate_hz, 2 * n + 1);
        let cycle: Vec<Pose> = solved.into_iter().skip(n).collect();
        let stride_cm = {
            let d = cycle[n].root_cm - cycle[0].root_cm;
            (d.x * d.x + d.z * d.z).sqrt()
        };
        Self {
            cycle,
            n,
            turn_rad: stride_cm / (n as f64 * CIRCLE_RADIUS_CM),
            frame: 0,
            position_cm: DVec3::ZERO,
            heading_rad: 0.0,
        }
    }

    /// Frames per stride.
    #[must_use]
    pub fn stride_frames(&self) -> usize {
        self.n
    }

    /// The pose of frame `k` on the spot: root forward motion removed, heading unchanged.
    #[must_use]
    pub fn on_the_spot(&self, k: usize) -> Pose {
        let i = k % self.n;
        let mut pose = self.cycle[i].clone();
        let start = self.cycle[0].root_cm;
        let end = self.cycle[self.n].root_cm;
        let along = (end - start) * (i as f64 / self.n as f64);
        pose.root_cm -= start + DVec3::new(along.x, 0.0, along.z);
        pose
    }

    /// The next pose on the circle.
    pub fn next_pose(&mut self) -> Pose {
        let i = self.frame % self.n;
        let here = &self.cycle[i];
        let step = self.cycle[i + 1].root_cm - here.root_cm;
        let mut pose = here.clone();
        pose.root_cm = DVec3::new(self.position_cm.x, here.root_cm.y, self.position_cm.z);
        // The root's first rotation channel is about Y, so adding the heading turns the body.
        let yaw_deg = pose.angles_deg[0][0] + self.heading_rad.to_degrees();
        pose.angles_deg[0][0] = (yaw_deg + 180.0).rem_euclid(360.0) - 180.0;
        let (s, c) = self.heading_rad.sin_cos();
        self.position_cm += DVec3::new(step.x * c + step.z * s, 0.0, -step.x * s + step.z * c);
        self.heading_rad += self.turn_rad;
        self.frame += 1;
        pose
    }
}

/// A deterministic value in `[-1, 1)` from a few integers (`SplitMix64`), for small jitter.
#[must_use]
pub fn jitter(a: u64, b: u64, c: u64) -> f64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(c.wrapping_mul(0x94D0_49BB_1331_11EB))
        .wrapping_add(0x2545_F491_4F6C_DD1D);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_circle_walk_turns_and_stays_near_the_start() {
        let mut walker = Walker::new(30.0);
        let first = walker.next_pose();
        let mut far_cm: f64 = 0.0;
        let mut last = first.clone();
        for _ in 0..3000 {
            last = walker.next_pose();
            far_cm = far_cm.max(last.root_cm.length());
        }
        assert!(far_cm > 300.0 && far_cm < 1000.0, "{far_cm}");
        assert!((last.angles_deg[0][0] - first.angles_deg[0][0]).abs() > 10.0);
        assert!(last.angles_deg[0][0].abs() <= 180.0);
    }

    #[test]
    fn jitter_is_deterministic_and_in_range() {
        assert!((jitter(1, 2, 3) - jitter(1, 2, 3)).abs() < f64::EPSILON);
        for k in 0..1000 {
            let v = jitter(k, 7, 9);
            assert!((-1.0..1.0).contains(&v));
        }
        assert!((jitter(1, 2, 3) - jitter(1, 2, 4)).abs() > 0.0);
    }
}
