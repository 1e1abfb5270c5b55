//! What the 3D view needs to know about a clip as a whole: the view frame (up axis and metres
//! per unit, declared or estimated), the floor, the space the athlete uses, and where the
//! athlete is at each moment (for a camera that follows long walks).
//!
//! Everything is computed from at most [`MAX_SAMPLED_FRAMES`] evenly spaced frames, so a long clip
//! costs no more than a short one, and is a pure function of the clip: no smoothing state, the
//! same frame always gives the same picture.

use crate::model::{Clip, UpAxis};

use super::axes::ViewFrame;

/// Most frames looked at when measuring a clip.
pub const MAX_SAMPLED_FRAMES: usize = 2048;

/// The span of a standing adult's joints, feet to head, assumed when units are unknown: a
/// 1.75 m athlete's highest joints (head, eyes, ears) sit about 1.6 m above the lowest (ankles,
/// toes). Skeletons whose top joint is lower (CMU's `Head` is at the upper neck) come out up to
/// about 25 % too large, which is why the view labels such a scale "estimated".
pub const ASSUMED_HEIGHT_M: f32 = 1.6;

/// When the centre of the people (their median joint) moves further than this horizontally
/// (metres) over the clip, the camera follows the athlete instead of showing the whole clip at
/// once. Arms and clubs spread the people's box but hardly move the median, so swings stay still.
pub const FOLLOW_TRAVEL_M: f32 = 1.2;

/// Half-width of the time window whose average position the following camera aims at.
pub const FOLLOW_WINDOW_S: f64 = 0.5;

/// How the metres per unit were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleSource {
    /// From the units the file declares or its format defines.
    Declared,
    /// From the skeleton's height, because the units are unknown.
    Estimated,
    /// From the skeleton's height, because the declared units gave an implausible body size.
    EstimatedDeclaredImplausible,
}

impl ScaleSource {
    /// True when the scale is a guess.
    #[must_use]
    pub fn is_estimated(self) -> bool {
        self != Self::Declared
    }
}

/// The measured extent of a clip in the view frame (metres, +Y up).
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// File axes to metres.
    pub frame: ViewFrame,
    /// Where the scale came from.
    pub scale_source: ScaleSource,
    /// Height of the floor (lowest foot height over the clip), metres.
    pub floor_y: f32,
    /// Typical top of the athlete (head height), metres.
    pub top_y: f32,
    /// Lowest corner of the box holding every sampled joint.
    pub min: [f32; 3],
    /// Highest corner of that box.
    pub max: [f32; 3],
    /// Typical half-size of the people of a frame in x and z around their centre, metres.
    pub body_half_xz: [f32; 2],
    /// True when the athlete travels far enough that the camera should follow.
    pub follows: bool,
    /// Playback rate used for the follow window.
    rate_hz: f64,
}

/// Per-person measurements of one frame, in rotated (not yet scaled) file units.
struct PersonExtent {
    min: [f32; 3],
    max: [f32; 3],
}

/// Indices of at most `max` evenly spaced frames of `count` (always the first and last).
pub fn sample_frames(count: usize, max: usize) -> impl Iterator<Item = usize> {
    let max = max.max(2);
    let samples = count.min(max);
    (0..samples).map(move |i| {
        if samples <= 1 {
            0
        } else {
            // Spread from 0 to count - 1; integer arithmetic keeps it exact.
            i * (count - 1) / (samples - 1)
        }
    })
}

/// The extents of each person present in frame `index`, in the Y-up frame (file units).
fn person_extents(clip: &Clip, index: usize, up: UpAxis) -> Vec<PersonExtent> {
    let Some(frame) = clip.poses.frame(index) else {
        return Vec::new();
    };
    let unit = ViewFrame {
        up,
        metres_per_unit: 1.0,
    };
    let mut out = Vec::new();
    for person in frame.persons() {
        let mut extent = PersonExtent {
            min: [f32::INFINITY; 3],
            max: [f32::NEG_INFINITY; 3],
        };
        let mut any = false;
        for joint in 0..clip.poses.joints() {
            let Some(p) = person.joint(joint) else {
                continue;
            };
            let p = unit.from_file(p);
            for ((lo, hi), v) in extent.min.iter_mut().zip(extent.max.iter_mut()).zip(p) {
                *lo = lo.min(v);
                *hi = hi.max(v);
            }
            any = true;
        }
        if any {
            out.push(extent);
        }
    }
    out
}

/// The median x and z of every visible joint of frame `index`, in the Y-up frame (file units):
/// the body's centre, barely moved by a swinging arm or a club marker.
fn frame_median_xz(clip: &Clip, index: usize, up: UpAxis) -> Option<[f32; 2]> {
    let frame = clip.poses.frame(index)?;
    let unit = ViewFrame {
        up,
        metres_per_unit: 1.0,
    };
    let mut xs = Vec::new();
    let mut zs = Vec::new();
    for person in frame.persons() {
        for joint in 0..clip.poses.joints() {
            if let Some(p) = person.joint(joint) {
                let [x, _, z] = unit.from_file(p);
                xs.push(x);
                zs.push(z);
            }
        }
    }
    Some([quantile(&mut xs, 0.5)?, quantile(&mut zs, 0.5)?])
}

/// The value at fraction `q` (0..=1) of the sorted values; `None` when empty.
fn quantile(values: &mut [f32], q: f32) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    let last = values.len() - 1;
    let at = ((last as f32) * q.clamp(0.0, 1.0)).round() as usize;
    values.get(at.min(last)).copied()
}

impl Stage {
    /// Measures `clip` (3D) with its current up axis.
    #[must_use]
    pub fn of_clip(clip: &Clip) -> Self {
        let up = clip.space.up;
        let mut heights = Vec::new();
        let mut floors = Vec::new();
        let mut tops = Vec::new();
        let mut half_x = Vec::new();
        let mut half_z = Vec::new();
        let mut min = [f32::INFINITY; 3];
        let mut max = [f32::NEG_INFINITY; 3];
        // Range of the frames' horizontal centres (median joint): how far the people travel.
        let mut centre_lo = [f32::INFINITY; 2];
        let mut centre_hi = [f32::NEG_INFINITY; 2];
        for index in sample_frames(clip.frame_count(), MAX_SAMPLED_FRAMES) {
            let extents = person_extents(clip, index, up);
            let mut frame = PersonExtent {
                min: [f32::INFINITY; 3],
                max: [f32::NEG_INFINITY; 3],
            };
            for e in &extents {
                heights.push(e.max[1] - e.min[1]);
                for axis in 0..3 {
                    frame.min[axis] = frame.min[axis].min(e.min[axis]);
                    frame.max[axis] = frame.max[axis].max(e.max[axis]);
                }
            }
            if !frame.min[1].is_finite() {
                continue;
            }
            floors.push(frame.min[1]);
            tops.push(frame.max[1]);
            half_x.push((frame.max[0] - frame.min[0]) * 0.5);
            half_z.push((frame.max[2] - frame.min[2]) * 0.5);
            for axis in 0..3 {
                min[axis] = min[axis].min(frame.min[axis]);
                max[axis] = max[axis].max(frame.max[axis]);
            }
            if let Some(centre) = frame_median_xz(clip, index, up) {
                for k in 0..2 {
                    centre_lo[k] = centre_lo[k].min(centre[k]);
                    centre_hi[k] = centre_hi[k].max(centre[k]);
                }
            }
        }
        let height_units = quantile(&mut heights, 0.9).unwrap_or(0.0);
        let (metres_per_unit, scale_source) = choose_scale(clip, height_units);
        let scale = |v: f32| v * metres_per_unit;
        if !min.iter().chain(max.iter()).all(|v| v.is_finite()) {
            min = [-0.5, 0.0, -0.5];
            max = [0.5, ASSUMED_HEIGHT_M / metres_per_unit, 0.5];
        }
        let floor_y = scale(quantile(&mut floors, 0.02).unwrap_or(min[1]));
        let top_y = scale(quantile(&mut tops, 0.98).unwrap_or(max[1])).max(floor_y + 0.1);
        let min = min.map(scale);
        let max = max.map(scale);
        let body_half_xz = [
            scale(quantile(&mut half_x, 0.9).unwrap_or(0.3)).max(0.3),
            scale(quantile(&mut half_z, 0.9).unwrap_or(0.3)).max(0.3),
        ];
        let travel = scale((centre_hi[0] - centre_lo[0]).max(centre_hi[1] - centre_lo[1]));
        Self {
            frame: ViewFrame {
                up,
                metres_per_unit,
            },
            scale_source,
            floor_y,
            top_y,
            min,
            max,
            body_half_xz,
            follows: travel > FOLLOW_TRAVEL_M,
            rate_hz: clip.playback_rate_hz(),
        }
    }

    /// The horizontal centre (x, z) of the people in frame `index`, metres; `None` when the
    /// frame has no visible joint.
    #[must_use]
    pub fn frame_centre_xz(&self, clip: &Clip, index: usize) -> Option<[f32; 2]> {
        let m = self.frame.metres_per_unit;
        frame_median_xz(clip, index, self.frame.up).map(|[x, z]| [x * m, z * m])
    }

    /// Where the camera looks at frame `index` (metres): the clip's centre, or, when the
    /// athlete travels, the athlete's average horizontal position over ±[`FOLLOW_WINDOW_S`].
    #[must_use]
    pub fn target_at(&self, clip: &Clip, index: usize) -> [f32; 3] {
        let mid_y = (self.floor_y + self.top_y) * 0.5;
        let whole = [
            (self.min[0] + self.max[0]) * 0.5,
            mid_y,
            (self.min[2] + self.max[2]) * 0.5,
        ];
        if !self.follows {
            return whole;
        }
        // A window centred on the frame, narrowed near the ends so it stays centred.
        let last_frame = clip.frame_count().saturating_sub(1);
        let index = index.min(last_frame);
        let half = ((FOLLOW_WINDOW_S * self.rate_hz).round().max(0.0) as usize)
            .min(index)
            .min(last_frame - index);
        let first = index - half;
        let last = index + half;
        let mut sum = [0.0_f32; 2];
        let mut count = 0_u32;
        for offset in sample_frames(last.saturating_sub(first) + 1, 31) {
            if let Some(c) = self.frame_centre_xz(clip, first + offset) {
                sum = [sum[0] + c[0], sum[1] + c[1]];
                count += 1;
            }
        }
        if count == 0 {
            return whole;
        }
        let n = count as f32;
        [sum[0] / n, mid_y, sum[1] / n]
    }

    /// The box (min, max corners) the camera frames at frame `index`: the whole clip, or, when
    /// following, the athlete's typical size around the target.
    #[must_use]
    pub fn framing_box(&self, clip: &Clip, index: usize) -> ([f32; 3], [f32; 3]) {
        if !self.follows {
            return (
                [self.min[0], self.floor_y, self.min[2]],
                [self.max[0], self.top_y, self.max[2]],
            );
        }
        let target = self.target_at(clip, index);
        // A little room for the stride ahead and behind.
        let hx = self.body_half_xz[0] + 0.15;
        let hz = self.body_half_xz[1] + 0.15;
        (
            [target[0] - hx, self.floor_y, target[2] - hz],
            [target[0] + hx, self.top_y, target[2] + hz],
        )
    }
}

/// Metres per unit: the declared units when they give a plausible body size, else estimated
/// from the skeleton's height.
fn choose_scale(clip: &Clip, height_units: f32) -> (f32, ScaleSource) {
    let estimate = if height_units.is_finite() && height_units > 0.0 {
        ASSUMED_HEIGHT_M / height_units
    } else {
        1.0
    };
    match clip.space.units.metres_per_unit() {
        Some(declared) => {
            let declared = declared as f32;
            let height_m = height_units * declared;
            if height_units > 0.0 && !(0.2..=4.0).contains(&height_m) {
                (estimate, ScaleSource::EstimatedDeclaredImplausible)
            } else {
                (declared, ScaleSource::Declared)
            }
        }
        None => (estimate, ScaleSource::Estimated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, PosesBuilder, Skeleton, Space, Units};

    /// Two joints (feet at y=0, head at y=h) walking along +x by `step` per frame, Y up.
    fn walker(frames: usize, step: f32, h: f32, units: Units) -> Clip {
        let mut b = PosesBuilder::new(2, 3, false, false);
        for f in 0..frames {
            b.begin_frame();
            let x = f as f32 * step;
            b.push_person(&[x, 0.0, 0.0, x, h, 0.0], None, None);
        }
        Clip::new(
            Skeleton::unnamed(2),
            Some(10.0),
            Space::world(units, UpAxis::Y),
            b.finish(),
            ClipMeta::new("walker", FormatId::Bvh),
        )
    }

    #[test]
    fn samples_cover_both_ends() {
        assert_eq!(sample_frames(5, 3).collect::<Vec<_>>(), vec![0, 2, 4]);
        assert_eq!(sample_frames(2, 10).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(sample_frames(1, 10).collect::<Vec<_>>(), vec![0]);
        assert_eq!(sample_frames(0, 10).count(), 0);
    }

    #[test]
    fn declared_millimetres_are_used() {
        let stage = Stage::of_clip(&walker(3, 0.0, 1700.0, Units::Mm));
        assert_eq!(stage.scale_source, ScaleSource::Declared);
        assert!((stage.frame.metres_per_unit - 0.001).abs() < 1e-9);
        assert!((stage.top_y - 1.7).abs() < 1e-5);
        assert!(stage.floor_y.abs() < 1e-6);
        assert!(!stage.follows);
    }

    #[test]
    fn unknown_units_are_estimated_from_height() {
        let stage = Stage::of_clip(&walker(3, 0.0, 80.0, Units::Unknown));
        assert_eq!(stage.scale_source, ScaleSource::Estimated);
        assert!((stage.frame.metres_per_unit - 0.02).abs() < 1e-6);
        assert!((stage.top_y - ASSUMED_HEIGHT_M).abs() < 1e-5);
    }

    #[test]
    fn implausible_declared_units_fall_back_to_an_estimate() {
        // A 1.6 "mm" tall person: the file meant metres.
        let stage = Stage::of_clip(&walker(3, 0.0, 1.6, Units::Mm));
        assert_eq!(
            stage.scale_source,
            ScaleSource::EstimatedDeclaredImplausible
        );
        assert!((stage.frame.metres_per_unit - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_long_walk_is_followed_and_a_short_one_is_not() {
        // 100 frames at 10 fps, 0.1 m per frame: 9.9 m of travel.
        let clip = walker(100, 0.1, 1.75, Units::M);
        let stage = Stage::of_clip(&clip);
        assert!(stage.follows);
        // Frame 50 at x = 5 m; the ±0.5 s window (±5 frames) is symmetric around it.
        let target = stage.target_at(&clip, 50);
        assert!((target[0] - 5.0).abs() < 1e-4, "{target:?}");
        assert!((target[1] - 0.875).abs() < 1e-5);
        // At the first frame the window shrinks to the frame itself.
        let first = stage.target_at(&clip, 0);
        assert!(first[0].abs() < 1e-6, "{first:?}");
        let short = walker(10, 0.1, 1.75, Units::M);
        let stage = Stage::of_clip(&short);
        assert!(!stage.follows);
        assert!((stage.target_at(&short, 0)[0] - 0.45).abs() < 1e-5);
    }

    #[test]
    fn a_swing_does_not_make_the_camera_follow() {
        // Feet and head still; a club marker sweeps from x = -1.5 m to +1.5 m.
        let mut b = PosesBuilder::new(3, 3, false, false);
        for f in 0..31 {
            b.begin_frame();
            let club = -1.5 + f as f32 * 0.1;
            b.push_person(&[0.0, 0.0, 0.0, 0.0, 1.7, 0.0, club, 1.0, 0.3], None, None);
        }
        let clip = Clip::new(
            Skeleton::unnamed(3),
            Some(30.0),
            Space::world(Units::M, UpAxis::Y),
            b.finish(),
            ClipMeta::new("swing", FormatId::C3d),
        );
        let stage = Stage::of_clip(&clip);
        assert!(!stage.follows);
        // The whole sweep stays in the framed box.
        let (min, max) = stage.framing_box(&clip, 0);
        assert!(min[0] <= -1.5 && max[0] >= 1.5, "{min:?} {max:?}");
    }
}
