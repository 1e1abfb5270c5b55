//! Root placement: keeps the supporting feet planted on the floor and makes flight ballistic.
//!
//! A movement is written as joint angles only; where the body is follows from them. On a fine
//! internal clock (600 Hz) the solver
//! - keeps a footprint for every foot that bears weight: the foot keeps the orientation the
//!   angles give it, its lowest contact point (heel, ball or toe tip) rests on the floor, and the
//!   point that was lowest a step earlier does not slide, so the foot rolls from heel to toe as
//!   a real foot does;
//! - places the root where the supporting legs, at their written angles, put it: with one foot
//!   down exactly, with two the weighted mean of the two answers;
//! - in flight (no foot bears weight) moves the whole-body centre of mass on a parabola under
//!   g = 9.81 m/s² from its take-off position to where the landing pose puts it, at its take-off
//!   horizontal speed, and the root with it (the root is not ballistic itself: arms and legs
//!   moving in the air shift it against the centre of mass, as they do in a real jump);
//! - finally bends each supporting leg (two-bone inverse kinematics, knee in the plane the
//!   angles gave it) so its foot sits exactly in its footprint. With one foot down this changes
//!   nothing; in double support it absorbs the small disagreement between two legs written from
//!   average curves.
//!
//! The output frames are every n-th internal step, so clips made at different frame rates from
//! one movement lie on the same trajectory.

use glam::{DVec2, DVec3};

use super::anatomy::LimbSide;
use super::com::centre_of_mass_cm;
use super::ik::place_leg;
use super::pose::{Pose, World};

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
    /// off the floor.
    fn support(&self, time_s: f64) -> [f64; 2];

    /// Changes the pose once the root is placed, e.g. to put a hand on a world point.
    fn after_placement(&self, _time_s: f64, _pose: &mut Pose) {}
}

/// The feet in the order of [`Motion::support`].
const SIDES: [LimbSide; 2] = [LimbSide::Left, LimbSide::Right];

/// The frames of `motion` at `rate_hz`: `frames` poses, the first at time 0, with the root
/// placed so the supporting feet are on the floor, starting at x = z = 0.
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

    let com: Vec<DVec3> = rel.iter().map(centre_of_mass_cm).collect();
    let height = root_heights(&support, &rel, &com, dt);
    let (horizontal, prints) = root_horizontal(&support, &rel, &com, dt);

    let mut out = Vec::with_capacity(frames);
    for (k, mut pose) in poses.into_iter().enumerate().step_by(sub) {
        pose.root_cm = DVec3::new(horizontal[k].x, height[k], horizontal[k].y);
        for (f, side) in SIDES.into_iter().enumerate() {
            if let Some(ankle) = prints[k][f] {
                let r = &rel[k];
                let hip = r.position_cm[side.hip_joint()];
                let knee = r.position_cm[side.hip_joint() + 1];
                let axis = r.position_cm[side.foot_joint()] - hip;
                let out_of_line =
                    knee - hip - axis * ((knee - hip).dot(axis) / axis.length_squared());
                let knee_dir = out_of_line
                    .try_normalize()
                    .unwrap_or(r.rotation[side.hip_joint()] * DVec3::Z);
                place_leg(
                    &mut pose,
                    side,
                    ankle,
                    r.rotation[side.foot_joint()],
                    knee_dir,
                );
            }
        }
        motion.after_placement(time(k), &mut pose);
        out.push(pose);
    }
    out
}

/// How far below the root the lowest contact point of the foot of `side` is, centimetres: the
/// root height at which that foot touches the floor.
fn reach_cm(world: &World, side: LimbSide) -> f64 {
    -world.foot_floor_height_cm(side.foot_joint())
}

/// Root height at every step (see the module docs). `com` is the centre of mass of each step's
/// pose with the root at the origin.
fn root_heights(support: &[[f64; 2]], rel: &[World], com: &[DVec3], dt: f64) -> Vec<f64> {
    let mut y: Vec<Option<f64>> = support
        .iter()
        .zip(rel)
        .map(|(w, world)| {
            let total: f64 = w.iter().filter(|&&s| s > 0.0).sum();
            (total > 0.0).then(|| {
                SIDES
                    .iter()
                    .zip(w)
                    .filter(|&(_, &share)| share > 0.0)
                    .map(|(&side, &share)| share * reach_cm(world, side))
                    .sum::<f64>()
                    / total
            })
        })
        .collect();
    // Fill each flight: the centre of mass on the parabola from take-off to landing.
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
        let com_y = |i: usize, root: f64| root + com[i].y;
        let y0 = com_y(take_off, y[take_off].unwrap_or(0.0));
        let t_flight = (k - take_off) as f64 * dt;
        // Without a landing in the clip, leave with the speed of the last supported step.
        let v0 = match y.get(k).copied().flatten() {
            Some(root) => (com_y(k, root) - y0) / t_flight + 0.5 * GRAVITY_CM_PER_S2 * t_flight,
            None => take_off
                .checked_sub(1)
                .and_then(|p| y[p].map(|root| com_y(p, root)))
                .map_or(0.0, |prev| (y0 - prev) / dt),
        };
        for (i, slot) in y.iter_mut().enumerate().take(k).skip(start) {
            let t = (i - take_off) as f64 * dt;
            *slot = Some(y0 + v0 * t - 0.5 * GRAVITY_CM_PER_S2 * t * t - com[i].y);
        }
    }
    y.into_iter().map(|v| v.unwrap_or(0.0)).collect()
}

/// Footprints (ankle positions of the supporting feet) at every step.
type Prints = Vec<[Option<DVec3>; 2]>;

/// Root position on the floor plane (x, z) and the footprints at every step (see the module
/// docs).
fn root_horizontal(
    support: &[[f64; 2]],
    rel: &[World],
    com: &[DVec3],
    dt: f64,
) -> (Vec<DVec2>, Prints) {
    let mut xz: Vec<DVec2> = Vec::with_capacity(rel.len());
    let mut prints: Prints = Vec::with_capacity(rel.len());
    let flat = |v: DVec3| DVec2::new(v.x, v.z);
    // Centre-of-mass velocity on the floor plane, kept through a flight.
    let mut com_velocity = DVec2::ZERO;
    let mut current: [Option<DVec3>; 2] = [None; 2];
    for (k, now) in rel.iter().enumerate() {
        // Roll the feet that stay down; lift the others.
        for (f, side) in SIDES.into_iter().enumerate() {
            current[f] = match (current[f], k.checked_sub(1)) {
                (Some(ankle), Some(prev)) if support[k][f] > 0.0 => {
                    Some(roll(ankle, &rel[prev], now, side))
                }
                _ => None,
            };
        }
        let mut sum = DVec2::ZERO;
        let mut total = 0.0;
        for (f, side) in SIDES.into_iter().enumerate() {
            if let Some(ankle) = current[f] {
                let root = ankle - now.position_cm[side.foot_joint()];
                sum += DVec2::new(root.x, root.z) * support[k][f];
                total += support[k][f];
            }
        }
        let root = match k.checked_sub(1).and_then(|p| xz.get(p).map(|r| (p, *r))) {
            None => DVec2::ZERO,
            Some((p, previous)) if total > 0.0 => {
                let next = sum / total;
                com_velocity = (next + flat(com[k]) - previous - flat(com[p])) / dt;
                next
            }
            Some((p, previous)) => previous + flat(com[p]) + com_velocity * dt - flat(com[k]),
        };
        // Put down the feet that start bearing weight, where the angles hold them.
        for (f, side) in SIDES.into_iter().enumerate() {
            if current[f].is_none() && support[k][f] > 0.0 {
                let foot = side.foot_joint();
                let mut ankle = DVec3::new(root.x, 0.0, root.y) + now.position_cm[foot];
                ankle.y = -now.foot_floor_height_cm(foot) + now.position_cm[foot].y;
                current[f] = Some(ankle);
            }
        }
        xz.push(root);
        prints.push(current);
    }
    (xz, prints)
}

/// The ankle position of a supporting foot one step later: the contact point that was lowest
/// keeps its place on the floor plane, and the lowest contact point now is on the floor.
fn roll(ankle: DVec3, before: &World, now: &World, side: LimbSide) -> DVec3 {
    let foot = side.foot_joint();
    let rel_before = before
        .foot_contacts(foot)
        .map(|p| p - before.position_cm[foot]);
    let rel_now = now.foot_contacts(foot).map(|p| p - now.position_cm[foot]);
    let mut lowest = 0;
    for (i, d) in rel_before.iter().enumerate() {
        if d.y < rel_before[lowest].y {
            lowest = i;
        }
    }
    let shift = rel_before[lowest] - rel_now[lowest];
    let floor = rel_now.iter().map(|d| d.y).fold(f64::INFINITY, f64::min);
    DVec3::new(ankle.x + shift.x, -floor, ankle.z + shift.z)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::anatomy::LimbSide;
    use crate::synth::curve::smoothstep;
    use crate::synth::rig::{ANKLE_HEIGHT_CM, HIP_HEIGHT_CM, joint};

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
        let floor = frames[241].world().foot_floor_height_cm(joint::LEFT_FOOT);
        assert!(floor.abs() < 1e-9, "{floor}");
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
