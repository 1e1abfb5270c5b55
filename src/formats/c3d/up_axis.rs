//! Which axis is up: C3D files do not say, and labs differ (most use +Z, the Phoenix golf
//! samples use +X). Guessed from the markers of a person standing on a floor: the vertical
//! axis is the one along which the markers of one frame spread the most (a body is taller
//! than it is wide or deep) while the lowest marker stays at about the same height (feet on
//! the floor); the sign is the side the markers are on, as lab origins lie on the floor.

use ndarray::ArrayView2;

use crate::model::{Poses, UpAxis};

/// At most this many frames are looked at.
const SAMPLED_FRAMES: usize = 240;

/// The best axis must score this many times the second best to be trusted.
const CONFIDENCE_RATIO: f64 = 1.5;

/// The guess and why.
#[derive(Clone, Debug, PartialEq)]
pub struct UpGuess {
    /// The axis taken as up.
    pub up: UpAxis,
    /// One sentence for `details`.
    pub reason: String,
}

/// Guesses the up axis from the valid markers of `poses`; `hint` (`POINT:Y_SCREEN`) is used
/// when the markers do not tell, else +Z.
#[must_use]
pub fn guess(poses: &Poses, hint: Option<UpAxis>) -> UpGuess {
    let people = sampled_frames(poses.frame_count())
        .filter_map(|i| poses.frame(i))
        .flat_map(|frame| frame.persons().map(|p| p.coords).collect::<Vec<_>>());
    guess_from(people, hint)
}

/// The frames [`guess`] looks at in a clip of `frames` frames.
pub fn sampled_frames(frames: usize) -> impl Iterator<Item = usize> {
    (0..frames).step_by(frames.div_ceil(SAMPLED_FRAMES).max(1))
}

/// As [`guess`], from the `(markers, 3)` coordinates (NaN = missing) of the people in the
/// frames [`sampled_frames`] picks, in frame order.
#[must_use]
pub fn guess_from<'a>(
    people: impl Iterator<Item = ArrayView2<'a, f32>>,
    hint: Option<UpAxis>,
) -> UpGuess {
    let fallback = |why: &str| match hint {
        Some(up) => UpGuess {
            up,
            reason: format!("{} (POINT:Y_SCREEN); {why}", up.label()),
        },
        None => UpGuess {
            up: UpAxis::Z,
            reason: format!("+Z up (the usual lab convention); {why}"),
        },
    };
    let Some(scores) = Scores::measure(people) else {
        return fallback("too few valid markers to tell from the data");
    };
    let mut order = [0_usize, 1, 2];
    order.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]));
    let [best, second, _] = order;
    if scores.score[best] <= 0.0
        || scores.score[best] < CONFIDENCE_RATIO * scores.score[second].max(0.0)
    {
        return fallback("the markers do not show one clearly vertical axis");
    }
    let positive = scores.mean[best] >= 0.0;
    let up = match (best, positive) {
        (0, true) => UpAxis::X,
        (1, true) => UpAxis::Y,
        (1, false) => UpAxis::NegY,
        (2, true) => UpAxis::Z,
        (2, false) => UpAxis::NegZ,
        _ => return fallback("the markers point to −X up, which is not offered"),
    };
    UpGuess {
        up,
        reason: format!(
            "{}, guessed from the markers (largest per-frame extent, steady lowest marker)",
            up.label()
        ),
    }
}

/// Per-axis evidence.
struct Scores {
    /// Median per-frame extent minus the spread (interquartile range) of the per-frame minimum.
    score: [f64; 3],
    /// Mean coordinate of every valid marker looked at.
    mean: [f64; 3],
}

impl Scores {
    fn measure<'a>(people: impl Iterator<Item = ArrayView2<'a, f32>>) -> Option<Self> {
        let mut extents: [Vec<f64>; 3] = Default::default();
        let mut minima: [Vec<f64>; 3] = Default::default();
        let mut sum = [0.0_f64; 3];
        let mut count = 0_usize;
        for person in people {
            let mut low = [f64::INFINITY; 3];
            let mut high = [f64::NEG_INFINITY; 3];
            let mut valid = 0;
            for joint in person.rows() {
                if joint.len() < 3 || !joint.iter().all(|v| v.is_finite()) {
                    continue;
                }
                valid += 1;
                for axis in 0..3 {
                    let v = f64::from(joint[axis]);
                    low[axis] = low[axis].min(v);
                    high[axis] = high[axis].max(v);
                    sum[axis] += v;
                }
            }
            count += valid;
            if valid >= 3 {
                for axis in 0..3 {
                    extents[axis].push(high[axis] - low[axis]);
                    minima[axis].push(low[axis]);
                }
            }
        }
        if extents[0].is_empty() {
            return None;
        }
        let score = [0, 1, 2].map(|axis| {
            let extent = quantile(&mut extents[axis], 0.5);
            let floor_spread =
                quantile(&mut minima[axis], 0.75) - quantile(&mut minima[axis], 0.25);
            extent - floor_spread
        });
        let mean = sum.map(|s| s / count.max(1) as f64);
        Some(Self { score, mean })
    }
}

/// The `q` quantile (nearest rank) of `values`, which must not be empty.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let last = values.len().saturating_sub(1);
    let rank = ((last as f64) * q).round() as usize;
    values.get(rank.min(last)).copied().unwrap_or(0.0)
}

/// The up axis a `POINT:Y_SCREEN` value such as `+Z` names.
#[must_use]
pub fn from_screen(text: &str) -> Option<UpAxis> {
    match text.trim().to_ascii_uppercase().as_str() {
        "+X" | "X" => Some(UpAxis::X),
        "+Y" | "Y" => Some(UpAxis::Y),
        "-Y" => Some(UpAxis::NegY),
        "+Z" | "Z" => Some(UpAxis::Z),
        "-Z" => Some(UpAxis::NegZ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PosesBuilder;

    /// A standing "person": feet at height 0, head at 1700, 400 wide, walking along `walk`.
    fn walker(up: usize, walk: usize, sign: f32) -> Poses {
        let mut builder = PosesBuilder::new(4, 3, false, false);
        for f in 0..100 {
            builder.begin_frame();
            let mut coords = Vec::new();
            for (height, side) in [(0.0, -200.0), (0.0, 200.0), (1000.0, 0.0), (1700.0, 0.0)] {
                let mut p = [0.0_f32; 3];
                p[up] = sign * (height + 20.0);
                p[walk] = f as f32 * 30.0 + side * 0.1;
                p[3 - up - walk] = side;
                coords.extend(p);
            }
            builder.push_person(&coords, None, None);
        }
        builder.finish()
    }

    #[test]
    fn finds_the_vertical_axis_of_a_walker() {
        assert_eq!(guess(&walker(2, 0, 1.0), None).up, UpAxis::Z);
        assert_eq!(guess(&walker(1, 2, 1.0), None).up, UpAxis::Y);
        assert_eq!(guess(&walker(0, 1, 1.0), None).up, UpAxis::X);
        assert_eq!(guess(&walker(2, 1, -1.0), None).up, UpAxis::NegZ);
    }

    #[test]
    fn falls_back_to_the_hint_or_z() {
        let empty = Poses::empty(3, 3);
        assert_eq!(guess(&empty, None).up, UpAxis::Z);
        assert_eq!(guess(&empty, Some(UpAxis::Y)).up, UpAxis::Y);
        assert_eq!(from_screen(" +z"), Some(UpAxis::Z));
        assert_eq!(from_screen("-X"), None);
    }
}
