//! Root placement: keeps the supporting feet on the floor and makes flight ballistic.
//!
//! A movement is written as joint angles only; where the body is follows from them. At every
//! step of a fine internal clock (600 Hz) the solver
//! - sets the root height so the lowest contact point (heel, ball or toe tip) of the feet that
//!   bear weight touches the floor (y = 0),
//! - moves the root horizontally by the opposite of how far the supporting foot's lowest point
//!   would slide, so a planted foot stays where it is (rolling from heel to toe as a real foot
//!   does); with both feet down their slides are averaged by weight,
//! - in flight (no foot bears weight) moves the root on a parabola under g = 9.81 m/s² that
//!   leaves the floor at take-off and meets it at landing, with the take-off horizontal speed.
//!
//! The output frames are every n-th internal step, so clips made at different frame rates from
//! one movement lie on the same trajectory.

use glam::{DVec2, DVec3};

use super::pose::{Pose, World};
use super::rig::joint;

/// Acceleration of gravity, centimetres per second squared.
pub const GRAVITY_CM_PER_S2: f64 = 981.0;

/// Rate of the internal clock the root trajectory is integrated on, hertz.
pub const INTERNAL_RATE_HZ: f64 = 600.0;

/// A movement: joint angles over time, and which feet carry the body.
pub trait Motion {
    /// Length of the movement, seconds.
    fn duration_s(&self) -> f64;

    /// The pose at `time_s`. Only the angles matter: the solver places the root.
    fn pose(&self, time_s: f64) -> Pose;

    /// The share of the body weight on the left and right foot at `time_s`; 0 when the foot is
    /// off the floor (or only touching it lightly, not to be held in place).
    fn support(&self, time_s: f64) -> [f64; 2];

    /// Changes the pose once the root is placed, e.g. to put a hand on a world point.
    fn after_placement(&self, _time_s: f64, _pose: &mut Pose) {}
}

const FEET: [usize; 2] = [joint::LEFT_FOOT, joint::RIGHT_FOOT];

/// The frames of `motion` at `rate_hz`: `frames` poses, the first at time 0, with the root
/// placed on the floor and starting at x = z = 0.
#[must_use]
pub fn solve(motion: &dyn Motion, rate_hz: f64, frames: usize) -> Vec<Pose> {
    if frames == 0 || rate_hz <= 0.0 {
        return Vec::new();
    }
    let sub = (INTERNAL_RATE_HZ / rate_hz).round().max(1.0) as usize;
    let dt = 1.0 / (rate_hz * sub as f64);
    let steps = (frames - 1) * sub + 1;
    let time = |k: usize| k as f64 * dt;

    let mut poses: Vec<Pose> = (0..steps).map(|k| motion.pose(time(k))).collect();
    for p in &mut poses {
        p.root_cm = DVec3::ZERO;
    }
    let support: Vec<[f64; 2]> = (0..steps).map(|k| motion.support(time(k))).collect();
    let rel: Vec<World> = poses.iter().map(Pose::world).collect();

    let height = root_heights(&support, &rel, dt);
    let horizontal = root_horizontal(&support, &rel, dt);

    let mut out = Vec::with_capacity(frames);
    for (k, mut pose) in poses.into_iter().enumerate().step_by(sub) {
        pose.root_cm = DVec3::new(horizontal[k].x, height[k], horizontal[k].y);
        motion.after_placement(time(k), &mut pose);
        out.push(pose);
    }
    out
}

/// Root height at every step (see the module docs).
fn root_heights(support: &[[f64; 2]], rel: &[World], dt: f64) -> Vec<f64> {
    let mut y: Vec<Option<f64>> = support
        .iter()
        .zip(rel)
        .map(|(w, world)| {
            FEET.iter()
                .zip(w)
                .filter(|&(_, &share)| share > 0.0)
                .map(|(&foot, _)| world.foot_floor_height_cm(foot))
                .reduce(f64::min)
                .map(|lowest| -lowest)
        })
        .collect();
    // Fill each flight with the parabola from take-off to landing.
    let mut k = 0;
    while k < y.len() {
        if y[k].is_some() {
            k += 1;
            continue;
        }
        let start = k;
        while k < y.len() && y[k].is_none() {
            k += 1;
        }
        let Some(take_off) = start.checked_sub(1) else {
            // A movement starting in the air: hold the first known height.
            let first = y.get(k).copied().flatten().unwrap_or(0.0);
            y[..k].fill(Some(first));
            continue;
        };
        let y0 = y[take_off].unwrap_or(0.0);
        let t_flight = (k - take_off) as f64 * dt;
        // Without a landing in the clip, leave with the speed of the last supported step.
        let v0 = match y.get(k).copied().flatten() {
            Some(y1) => (y1 - y0) / t_flight + 0.5 * GRAVITY_CM_PER_S2 * t_flight,
            None => take_off
                .checked_sub(1)
                .and_then(|p| y[p])
                .map_or(0.0, |prev| (y0 - prev) / dt),
        };
        for (i, slot) in y.iter_mut().enumerate().take(k).skip(start) {
            let t = (i - take_off) as f64 * dt;
            *slot = Some(y0 + v0 * t - 0.5 * GRAVITY_CM_PER_S2 * t * t);
        }
    }
    y.into_iter().map(|v| v.unwrap_or(0.0)).collect()
}

/// Root position on the floor plane (x, z) at every step (see the module docs).
fn root_horizontal(support: &[[f64; 2]], rel: &[World], dt: f64) -> Vec<DVec2> {
    let mut xz = Vec::with_capacity(rel.len());
    xz.push(DVec2::ZERO);
    let mut velocity = DVec2::ZERO;
    for k in 1..rel.len() {
        let mut slide = DVec2::ZERO;
        let mut total = 0.0;
        for (f, &foot) in FEET.iter().enumerate() {
            let share = support[k][f];
            if share <= 0.0 || support[k - 1][f] <= 0.0 {
                continue;
            }
            // Hold the point of the foot that was lowest at the previous step.
            let before = rel[k - 1].foot_contacts(foot);
            let now = rel[k].foot_contacts(foot);
            let mut lowest = 0;
            for (i, p) in before.iter().enumerate() {
                if p.y < before[lowest].y {
                    lowest = i;
                }
            }
            let d = now[lowest] - before[lowest];
            slide += DVec2::new(d.x, d.z) * share;
            total += share;
        }
        let previous = xz[k - 1];
        let next = if total > 0.0 {
            let next = previous - slide / total;
            velocity = (next - previous) / dt;
            next
        } else {
            previous + velocity * dt
        };
        xz.push(next);
    }
    xz
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::anatomy::LimbSide;
    use crate::synth::curve::smoothstep;
    use crate::synth::rig::{ANKLE_HEIGHT_CM, HIP_HEIGHT_CM};

    /// Stands, squats a little, hops straight up with straight legs and pointed toes.
    struct Hop;

    impl Motion for Hop {
        fn duration_s(&self) -> f64 {
            1.0
        }

        fn pose(&self, time_s: f64) -> Pose {
            let mut p = Pose::default();
            let point = 30.0 * smoothstep(0.1, 0.3, time_s) * (1.0 - smoothstep(0.8, 0.9, time_s));
            for side in LimbSide::BOTH {
                p.set_ankle(side, -point);
            }
            p
        }

        fn support(&self, time_s: f64) -> [f64; 2] {
            if (0.4025..0.7975).contains(&time_s) {
                [0.0; 2]
            } else {
                [0.5; 2]
            }
        }
    }

    #[test]
    fn standing_feet_rest_on_the_floor_and_flight_is_ballistic() {
        let frames = solve(&Hop, 600.0, 601);
        assert_eq!(frames.len(), 601);
        assert!((frames[0].root_cm.y - HIP_HEIGHT_CM).abs() < 1e-9);
        assert!(frames[0].root_cm.x.abs() < 1e-12 && frames[0].root_cm.z.abs() < 1e-12);
        // Last support at step 241, first again at step 479, both on the pointed toes: the peak
        // midway is g·T²/8 above the take-off height, T = 238 / 600 s.
        let take_off = frames[241].root_cm.y;
        assert!(frames[241].world().foot_floor_height_cm(joint::LEFT_FOOT).abs() < 1e-9);
        assert!((frames[479].root_cm.y - take_off).abs() < 1e-6);
        let flight_s = 238.0 / 600.0;
        let peak = frames[360].root_cm.y - take_off;
        let expected = GRAVITY_CM_PER_S2 * flight_s * flight_s / 8.0;
        assert!((peak - expected).abs() < 1e-6, "{peak} {expected}");
        assert!(frames[300].world().foot_floor_height_cm(joint::LEFT_FOOT) > 10.0);
        // Standing on pointed toes raises the ankle.
        assert!(frames[241].world().position_cm[joint::LEFT_FOOT].y > ANKLE_HEIGHT_CM + 5.0);
    }
}
