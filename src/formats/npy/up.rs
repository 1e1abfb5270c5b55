//! Guesses for what a bare array does not say: which axis is up, and the length unit.
//!
//! With a known layout, the head (or nose, neck) is above the ankles (or heels, feet): the
//! average head-minus-ankle vector over the first frames picks the up axis among the five
//! [`UpAxis`] choices, and its length (a standing person is 1.5–1.8 m from head to ankle) tells
//! metres, centimetres and millimetres apart. Without joint names the axis along which the
//! skeleton is tallest is taken, pointing positive.

use crate::model::{Poses, Skeleton, Units, UpAxis};

/// How many frames the guesses look at.
const SAMPLE_FRAMES: usize = 120;

/// The up-axis guess and what it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct UpGuess {
    /// The chosen axis.
    pub up: UpAxis,
    /// Cosine between the data's up direction and the chosen axis (1 = exactly along it).
    pub agreement: f32,
    /// Why, as a short phrase for the details.
    pub basis: &'static str,
    /// Average head-to-ankle distance in file units, when named joints were found.
    pub body_height: Option<f32>,
}

/// The joints that mark the top of the body (head, else nose, else neck, eyes or ears) and the
/// bottom (ankles, else heels, feet or toes), by name; empty when none is named so.
fn head_and_feet(skeleton: &Skeleton) -> (Vec<usize>, Vec<usize>) {
    let lower: Vec<String> = skeleton
        .names()
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let top = first_named(&lower, &[&["head"], &["nose"], &["neck", "eye", "ear"]]);
    let bottom = first_named(&lower, &[&["ankle"], &["heel", "foot", "toe"]]);
    (top, bottom)
}

/// Guesses the up axis of 3D `poses` whose joints are named by `skeleton`.
#[must_use]
pub fn guess_up(poses: &Poses, skeleton: &Skeleton) -> UpGuess {
    let (top, bottom) = head_and_feet(skeleton);
    if !top.is_empty()
        && !bottom.is_empty()
        && let Some((direction, height)) = head_over_feet(poses, &top, &bottom)
    {
        let (up, agreement) = closest_axis(direction);
        return UpGuess {
            up,
            agreement,
            basis: "the head is above the ankles",
            body_height: Some(height),
        };
    }
    let extent = tallest_axis(poses);
    let (up, agreement) = closest_axis(extent);
    UpGuess {
        up,
        agreement,
        basis: "the skeleton is tallest along it; no joint names to tell head from feet",
        body_height: None,
    }
}

/// True when [`guess_up`] on `poses` gives what it would give on any clip that starts with
/// `poses`: the frames it looks at are all in `poses` (a reader that guesses from the first
/// chunks of a clip asks this before trusting the guess).
#[must_use]
pub fn sample_is_complete(poses: &Poses, skeleton: &Skeleton) -> bool {
    let (top, bottom) = head_and_feet(skeleton);
    if top.is_empty() || bottom.is_empty() {
        return poses.frame_count() >= SAMPLE_FRAMES;
    }
    // `head_over_feet` stops after the frame in which its count reaches SAMPLE_FRAMES.
    let mut count = 0_usize;
    for frame in poses.frames() {
        for person in frame.persons() {
            if mean_of(&person, &top).is_some() && mean_of(&person, &bottom).is_some() {
                count += 1;
            }
        }
        if count >= SAMPLE_FRAMES {
            return true;
        }
    }
    false
}

/// The length unit a human of head-to-ankle distance `height` suggests, if any.
#[must_use]
pub fn units_from_height(height: f32) -> Units {
    if (0.5..=2.6).contains(&height) {
        Units::M
    } else if (50.0..=260.0).contains(&height) {
        Units::Cm
    } else if (500.0..=2600.0).contains(&height) {
        Units::Mm
    } else {
        Units::Unknown
    }
}

/// Indices of the joints whose names contain a word of the first group that matches any.
fn first_named(names: &[String], groups: &[&[&str]]) -> Vec<usize> {
    for words in groups {
        let found: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| words.iter().any(|w| n.contains(w)))
            .map(|(i, _)| i)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// The summed top-minus-bottom vector and the average distance over the first frames.
fn head_over_feet(poses: &Poses, top: &[usize], bottom: &[usize]) -> Option<([f32; 3], f32)> {
    let mut sum = [0.0_f32; 3];
    let mut length_sum = 0.0_f32;
    let mut count = 0_usize;
    for frame in poses.frames() {
        for person in frame.persons() {
            let (Some(head), Some(feet)) = (mean_of(&person, top), mean_of(&person, bottom)) else {
                continue;
            };
            let d = [head[0] - feet[0], head[1] - feet[1], head[2] - feet[2]];
            for (s, v) in sum.iter_mut().zip(d) {
                *s += v;
            }
            length_sum += d.iter().map(|v| v * v).sum::<f32>().sqrt();
            count += 1;
        }
        if count >= SAMPLE_FRAMES {
            break;
        }
    }
    (count > 0).then(|| (sum, length_sum / count as f32))
}

fn mean_of(person: &crate::model::PersonView<'_>, joints: &[usize]) -> Option<[f32; 3]> {
    let mut sum = [0.0_f32; 3];
    let mut n = 0_usize;
    for p in joints.iter().filter_map(|&j| person.joint(j)) {
        for (s, v) in sum.iter_mut().zip(p) {
            *s += v;
        }
        n += 1;
    }
    (n > 0).then(|| sum.map(|s| s / n as f32))
}

/// Summed per-pose bounding-box extents along each axis.
fn tallest_axis(poses: &Poses) -> [f32; 3] {
    let mut sum = [0.0_f32; 3];
    for frame in poses.frames().take(SAMPLE_FRAMES) {
        for person in frame.persons() {
            let mut low = [f32::INFINITY; 3];
            let mut high = [f32::NEG_INFINITY; 3];
            for p in (0..person.coords.nrows()).filter_map(|j| person.joint(j)) {
                for axis in 0..3 {
                    low[axis] = low[axis].min(p[axis]);
                    high[axis] = high[axis].max(p[axis]);
                }
            }
            for axis in 0..3 {
                if high[axis] >= low[axis] {
                    sum[axis] += high[axis] - low[axis];
                }
            }
        }
    }
    sum
}

/// The [`UpAxis`] closest in direction to `v`, with the cosine between them.
fn closest_axis(v: [f32; 3]) -> (UpAxis, f32) {
    let length = v.iter().map(|c| c * c).sum::<f32>().sqrt();
    if !(length > 0.0 && length.is_finite()) {
        return (UpAxis::Y, 0.0);
    }
    UpAxis::ALL
        .into_iter()
        .map(|axis| {
            let u = axis.up_vector();
            let cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / length;
            (axis, cos)
        })
        .fold((UpAxis::Y, f32::NEG_INFINITY), |best, next| {
            if next.1 > best.1 { next } else { best }
        })
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "decoding is exact: values must be bit-identical"
)]
mod tests {
    use super::*;
    use crate::model::{LayoutId, PosesBuilder};

    /// An H36M-17 person standing along `up` with height 1700 (units of the file).
    fn standing(up: [f32; 3]) -> Poses {
        let skeleton = LayoutId::H36m17.layout().expect("layout").skeleton();
        let mut builder = PosesBuilder::new(17, 3, false, false);
        builder.begin_frame();
        let mut coords = vec![0.0_f32; 17 * 3];
        for j in 0..17 {
            let name = skeleton.name(j).to_ascii_lowercase();
            let (h, side) = if name.contains("ankle") {
                (0.0, 0.0)
            } else if name.contains("head") {
                (1700.0, 0.0)
            } else {
                (900.0, j as f32)
            };
            // The other joints spread sideways along x (the tests never put `up` along x).
            coords[j * 3] = up[0] * h + side;
            coords[j * 3 + 1] = up[1] * h;
            coords[j * 3 + 2] = up[2] * h;
        }
        builder.push_person(&coords, None, None);
        builder.finish()
    }

    #[test]
    fn head_above_ankles_picks_the_axis_and_sign() {
        let skeleton = LayoutId::H36m17.layout().expect("layout").skeleton();
        let g = guess_up(&standing([0.0, 0.0, 1.0]), &skeleton);
        assert_eq!(g.up, UpAxis::Z);
        assert!(g.agreement > 0.99);
        assert_eq!(g.body_height, Some(1700.0));
        assert_eq!(
            guess_up(&standing([0.0, -1.0, 0.0]), &skeleton).up,
            UpAxis::NegY
        );
        assert_eq!(
            guess_up(&standing([0.0, 1.0, 0.0]), &skeleton).up,
            UpAxis::Y
        );
        assert_eq!(
            guess_up(&standing([0.0, 0.0, -1.0]), &skeleton).up,
            UpAxis::NegZ
        );
    }

    #[test]
    fn unnamed_joints_use_the_tallest_axis() {
        let g = guess_up(&standing([0.0, 0.0, 1.0]), &Skeleton::unnamed(17));
        assert_eq!(g.up, UpAxis::Z);
        assert_eq!(g.body_height, None);
        let empty = Poses::empty(17, 3);
        assert_eq!(guess_up(&empty, &Skeleton::unnamed(17)).agreement, 0.0);
    }

    #[test]
    fn units_follow_human_height() {
        assert_eq!(units_from_height(1.7), Units::M);
        assert_eq!(units_from_height(170.0), Units::Cm);
        assert_eq!(units_from_height(1523.0), Units::Mm);
        assert_eq!(units_from_height(1139.8), Units::Mm);
        assert_eq!(units_from_height(17.0), Units::Unknown);
        assert_eq!(units_from_height(0.3), Units::Unknown);
        assert_eq!(units_from_height(5000.0), Units::Unknown);
    }
}
