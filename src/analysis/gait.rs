//! Foot contacts and the step metrics built on them: step and stride length, cadence, contact
//! and flight times — the read-outs athlete-tracking systems advertise, from keypoints alone.
//!
//! A foot is in contact when its lowest landmark (toe, heel or ankle) is within
//! `height_tolerance` of the floor and moves slower than `speed_tolerance`. The floor is the 2nd
//! percentile of all foot heights in the clip, and both tolerances scale with the athlete's leg
//! length (hip to ankle), so the detector works in any unit. Heights are measured along the
//! clip's up axis (image up for 2D data).

use glam::Vec3;

use super::body::{BodyMap, Landmark};
use crate::model::Clip;

/// Which foot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Foot {
    /// Left foot.
    Left,
    /// Right foot.
    Right,
}

/// One continuous ground contact of one foot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contact {
    /// Which foot.
    pub foot: Foot,
    /// First frame on the ground.
    pub start_frame: usize,
    /// Last frame on the ground.
    pub end_frame: usize,
    /// Where the foot was at touch-down, in clip units.
    pub position: [f32; 3],
}

/// Step metrics over a clip. Lengths are in clip units (`units` of the clip), times in seconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GaitSummary {
    /// Every contact, in time order.
    pub contacts: Vec<Contact>,
    /// Mean horizontal distance between consecutive touch-downs of opposite feet.
    pub step_length: Option<f32>,
    /// Mean horizontal distance between consecutive touch-downs of the same foot.
    pub stride_length: Option<f32>,
    /// Steps per minute.
    pub cadence_steps_per_min: Option<f64>,
    /// Mean duration of a contact.
    pub contact_time_s: Option<f64>,
    /// Mean duration with neither foot on the ground between consecutive contacts.
    pub flight_time_s: Option<f64>,
}

/// Detects foot contacts of person 0 and summarises the steps; `None` without feet or frame rate.
#[must_use]
pub fn analyse(clip: &Clip) -> Option<GaitSummary> {
    let rate_hz = clip.frame_rate_hz.filter(|r| *r > 0.0)?;
    let map = BodyMap::new(&clip.skeleton);
    let up = Vec3::from_array(clip.space.up.up_vector());
    let tracks = [Foot::Left, Foot::Right].map(|foot| foot_track(clip, &map, foot));
    let leg = leg_length(clip, &map)?;
    let mut heights: Vec<f32> = tracks
        .iter()
        .flatten()
        .flatten()
        .map(|p| p.dot(up))
        .collect();
    if heights.len() < 3 {
        return None;
    }
    heights.sort_by(f32::total_cmp);
    let floor = heights[heights.len() / 50];
    let height_tolerance = 0.08 * leg;
    let speed_tolerance = 1.2 * leg; // leg lengths per second
    let mut contacts = Vec::new();
    for (foot, track) in [Foot::Left, Foot::Right].into_iter().zip(&tracks) {
        let on_ground: Vec<bool> = (0..track.len())
            .map(|i| {
                let Some(p) = track[i] else { return false };
                let low = p.dot(up) - floor <= height_tolerance;
                let speed = neighbour_speed(track, i, rate_hz);
                low && speed.is_some_and(|s| s <= speed_tolerance)
            })
            .collect();
        let mut i = 0;
        while i < on_ground.len() {
            if !on_ground[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < on_ground.len() && on_ground[i] {
                i += 1;
            }
            // Ignore one-frame flickers.
            if i - start >= 2
                && let Some(p) = track[start]
            {
                contacts.push(Contact {
                    foot,
                    start_frame: start,
                    end_frame: i - 1,
                    position: p.to_array(),
                });
            }
        }
    }
    contacts.sort_by_key(|c| c.start_frame);
    Some(summarise(contacts, clip.frame_count(), rate_hz, up))
}

/// Step metrics from contacts. A contact cut by the start of the clip has no known touch-down and
/// one cut by the end no known toe-off, so those do not count for steps or contact times.
fn summarise(contacts: Vec<Contact>, frames: usize, rate_hz: f64, up: Vec3) -> GaitSummary {
    let touch_downs: Vec<Contact> = contacts
        .iter()
        .filter(|c| c.start_frame > 0)
        .copied()
        .collect();
    let flat = |d: Vec3| d - up * d.dot(up);
    // Lengths are measured along the direction of progression (first to last touch-down), so
    // step width does not count; in place (jumps) the plain horizontal distance is used.
    let progression = match (touch_downs.first(), touch_downs.last()) {
        (Some(a), Some(b)) => {
            flat(Vec3::from_array(b.position) - Vec3::from_array(a.position)).normalize_or_zero()
        }
        _ => Vec3::ZERO,
    };
    let horizontal = |a: [f32; 3], b: [f32; 3]| {
        let d = flat(Vec3::from_array(b) - Vec3::from_array(a));
        if progression == Vec3::ZERO {
            d.length()
        } else {
            d.dot(progression).abs()
        }
    };
    let mean = |values: &[f64]| {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let mut steps = Vec::new();
    let mut step_times = Vec::new();
    let mut flights = Vec::new();
    for pair in touch_downs.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.foot != b.foot {
            steps.push(f64::from(horizontal(a.position, b.position)));
            step_times.push((b.start_frame - a.start_frame) as f64 / rate_hz);
        }
    }
    for pair in contacts.windows(2) {
        // Flight: nobody on the ground between the end of every earlier contact and the next one.
        let (a, b) = (pair[0], pair[1]);
        let latest_end = contacts
            .iter()
            .filter(|c| c.start_frame <= a.start_frame)
            .map(|c| c.end_frame)
            .max()
            .unwrap_or(a.end_frame);
        if b.start_frame > latest_end + 1 {
            flights.push((b.start_frame - latest_end - 1) as f64 / rate_hz);
        }
    }
    let mut strides = Vec::new();
    for foot in [Foot::Left, Foot::Right] {
        let own: Vec<&Contact> = touch_downs.iter().filter(|c| c.foot == foot).collect();
        for pair in own.windows(2) {
            strides.push(f64::from(horizontal(pair[0].position, pair[1].position)));
        }
    }
    let contact_times: Vec<f64> = touch_downs
        .iter()
        .filter(|c| c.end_frame + 1 < frames)
        .map(|c| (c.end_frame - c.start_frame + 1) as f64 / rate_hz)
        .collect();
    GaitSummary {
        step_length: mean(&steps).map(|v| v as f32),
        stride_length: mean(&strides).map(|v| v as f32),
        cadence_steps_per_min: mean(&step_times).filter(|t| *t > 0.0).map(|t| 60.0 / t),
        contact_time_s: mean(&contact_times),
        flight_time_s: mean(&flights),
        contacts,
    }
}

/// Per frame, the lowest of the foot's landmarks (toe, heel, ankle) of person 0.
fn foot_track(clip: &Clip, map: &BodyMap, foot: Foot) -> Vec<Option<Vec3>> {
    let landmarks = match foot {
        Foot::Left => [Landmark::LeftToe, Landmark::LeftHeel, Landmark::LeftAnkle],
        Foot::Right => [
            Landmark::RightToe,
            Landmark::RightHeel,
            Landmark::RightAnkle,
        ],
    };
    let up = Vec3::from_array(clip.space.up.up_vector());
    clip.poses
        .frames()
        .map(|frame| {
            let person = frame.person(0)?;
            landmarks
                .iter()
                .filter_map(|l| map.point(&person, *l).map(Vec3::from_array))
                .min_by(|a, b| a.dot(up).total_cmp(&b.dot(up)))
        })
        .collect()
}

fn neighbour_speed(track: &[Option<Vec3>], i: usize, rate_hz: f64) -> Option<f32> {
    let here = track.get(i).copied().flatten()?;
    let prev = i
        .checked_sub(1)
        .and_then(|k| track.get(k).copied().flatten());
    let next = track.get(i + 1).copied().flatten();
    let (a, b, frames) = match (prev, next) {
        (Some(p), Some(n)) => (p, n, 2.0),
        (Some(p), None) => (p, here, 1.0),
        (None, Some(n)) => (here, n, 1.0),
        (None, None) => return None,
    };
    // Horizontal and vertical motion both count: a foot lifting is not in contact.
    Some((b - a).length() * rate_hz as f32 / frames)
}

/// Median hip-to-ankle distance of person 0 over the clip.
fn leg_length(clip: &Clip, map: &BodyMap) -> Option<f32> {
    let mut lengths: Vec<f32> = clip
        .poses
        .frames()
        .filter_map(|frame| {
            let person = frame.person(0)?;
            let hip = map.point(&person, Landmark::LeftHip)?;
            let ankle = map.point(&person, Landmark::LeftAnkle)?;
            Some((Vec3::from_array(hip) - Vec3::from_array(ankle)).length())
        })
        .collect();
    if lengths.is_empty() {
        return None;
    }
    lengths.sort_by(f32::total_cmp);
    Some(lengths[lengths.len() / 2]).filter(|l| *l > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};

    /// A H36M-17 "walker" whose feet alternate: each foot is planted for 0.6 s then swings
    /// forward 1.4 m in 0.4 s (so steps of 0.7 m, 2 steps per second).
    fn walker() -> Clip {
        let rate = 100.0;
        let mut poses = PosesBuilder::new(17, 3, false, false);
        for i in 0..400 {
            let t = f64::from(i) / rate;
            let foot = |phase: f64, x_offset: f64| -> [f32; 3] {
                // Cycle of 1 s: stance 0..0.6, swing 0.6..1.0.
                let cycle = (t + phase).floor();
                let within = t + phase - cycle;
                let planted_x = x_offset + 1.4 * cycle;
                if within < 0.6 {
                    [planted_x as f32, 0.0, 0.07]
                } else {
                    let s = (within - 0.6) / 0.4;
                    let x = planted_x + 1.4 * s;
                    let z = 0.07 + 0.15 * (std::f64::consts::PI * s).sin();
                    [x as f32, 0.0, z as f32]
                }
            };
            let left = foot(0.0, 0.0);
            let right = foot(0.5, -0.7);
            let pelvis_x = f32::midpoint(left[0], right[0]);
            let mut coords = [0.0_f32; 51];
            let mut set = |j: usize, p: [f32; 3]| coords[j * 3..j * 3 + 3].copy_from_slice(&p);
            set(0, [pelvis_x, 0.0, 0.9]);
            set(4, [pelvis_x, 0.1, 0.9]);
            set(5, [f32::midpoint(pelvis_x, left[0]), 0.1, 0.48]);
            set(6, [left[0], 0.1, left[2]]);
            set(1, [pelvis_x, -0.1, 0.9]);
            set(2, [f32::midpoint(pelvis_x, right[0]), -0.1, 0.48]);
            set(3, [right[0], -0.1, right[2]]);
            for j in 7..17 {
                set(j, [pelvis_x, 0.0, 1.2 + j as f32 * 0.02]);
            }
            poses.begin_frame();
            poses.push_person(&coords, None, None);
        }
        Clip::new(
            LayoutId::H36m17.layout().unwrap().skeleton(),
            Some(rate),
            Space::world(Units::M, UpAxis::Z),
            poses.finish(),
            ClipMeta::new("walker", FormatId::Npy),
        )
    }

    #[test]
    fn alternating_contacts_give_step_length_and_cadence() {
        let summary = analyse(&walker()).unwrap();
        assert!(summary.contacts.len() >= 6, "{:?}", summary.contacts);
        let step = summary.step_length.unwrap();
        assert!((step - 0.7).abs() < 0.05, "step {step}");
        let stride = summary.stride_length.unwrap();
        assert!((stride - 1.4).abs() < 0.05, "stride {stride}");
        let cadence = summary.cadence_steps_per_min.unwrap();
        assert!((cadence - 120.0).abs() < 6.0, "cadence {cadence}");
        let contact = summary.contact_time_s.unwrap();
        assert!((0.5..0.65).contains(&contact), "contact {contact}");
        assert_eq!(summary.flight_time_s, None, "walking has no flight phase");
    }
}
