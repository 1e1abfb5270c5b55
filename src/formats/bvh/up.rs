//! Guessing the up axis. BVH declares none: CMU conversions, MocapBank and Biovision files are
//! Y-up, video2bvh output is Z-up.
//!
//! Main rule: over every frame, the head-end joints (names containing `head`, `neck`, `skull`)
//! lie above the foot-end joints (`foot`, `toe`, `ankle`, `heel`, `knee`). The sum over frames of
//! (mean head-end position − mean foot-end position) points up; its largest component gives the
//! axis and its sign the direction. Summing over the clip keeps one odd frame (a cartwheel) from
//! deciding. Fallback when no such names exist: a standing body is taller than it is deep, and
//! a T-pose is wide along X, so the axis of Y and Z along which the first pose (joints and End
//! Sites) extends furthest is taken as up, pointing +.

use crate::model::UpAxis;

/// Evidence gathered frame by frame.
#[derive(Clone, Debug)]
pub(super) struct UpEvidence {
    top: Vec<usize>,
    bottom: Vec<usize>,
    /// Sum over frames of mean(top) − mean(bottom).
    sum: [f64; 3],
    /// Extent (max − min per axis) of the first frame's points.
    first_extent: Option<[f64; 3]>,
}

const TOP_WORDS: [&str; 3] = ["head", "neck", "skull"];
const BOTTOM_WORDS: [&str; 5] = ["foot", "toe", "ankle", "heel", "knee"];

impl UpEvidence {
    /// Evidence for joints called `names`.
    pub fn new(names: &[String]) -> Self {
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let name = name.to_ascii_lowercase();
            if TOP_WORDS.iter().any(|w| name.contains(w)) {
                top.push(index);
            } else if BOTTOM_WORDS.iter().any(|w| name.contains(w)) {
                bottom.push(index);
            }
        }
        Self {
            top,
            bottom,
            sum: [0.0; 3],
            first_extent: None,
        }
    }

    /// Adds one frame: joint positions and, for the fallback, End Site positions.
    pub fn add_frame(&mut self, joints: &[[f64; 3]], end_sites: &[[f64; 3]]) {
        if self.first_extent.is_none() {
            let mut min = [f64::INFINITY; 3];
            let mut max = [f64::NEG_INFINITY; 3];
            for point in joints.iter().chain(end_sites) {
                for axis in 0..3 {
                    min[axis] = min[axis].min(point[axis]);
                    max[axis] = max[axis].max(point[axis]);
                }
            }
            self.first_extent = Some([0, 1, 2].map(|a| (max[a] - min[a]).max(0.0)));
        }
        if let (Some(top), Some(bottom)) = (mean(joints, &self.top), mean(joints, &self.bottom)) {
            for axis in 0..3 {
                self.sum[axis] += top[axis] - bottom[axis];
            }
        }
    }

    /// Adds the evidence of the frames that follow this one's (gathered apart, e.g. on another
    /// thread): the sums add up, and the first frame stays this one's when it has one.
    pub fn merge(&mut self, later: &Self) {
        for axis in 0..3 {
            self.sum[axis] += later.sum[axis];
        }
        self.first_extent = self.first_extent.or(later.first_extent);
    }

    /// True when the evidence leaves little room for more frames to change the guess: no
    /// head-end or no foot-end joints (the first frame alone decides), or one axis of the sum
    /// at least twice as long as the others. (A reader that has seen only some frames calls the
    /// guess final only when this holds and its samples agree; see `chunked.rs`.)
    pub fn is_clear(&self) -> bool {
        if self.top.is_empty() || self.bottom.is_empty() {
            return true;
        }
        let [x, y, z] = self.sum.map(f64::abs);
        let (winner, others) = if y >= x && y >= z {
            (y, x.max(z))
        } else if z >= x {
            (z, x.max(y))
        } else {
            (x, y.max(z))
        };
        winner.is_finite() && winner > 0.0 && winner >= 2.0 * others
    }

    /// The guessed up axis and a sentence saying how it was found.
    pub fn decide(&self) -> (UpAxis, String) {
        let [x, y, z] = self.sum;
        let largest = x.abs().max(y.abs()).max(z.abs());
        if largest > 0.0 && largest.is_finite() {
            let up = if y.abs() >= x.abs() && y.abs() >= z.abs() {
                Some(if y > 0.0 { UpAxis::Y } else { UpAxis::NegY })
            } else if z.abs() >= x.abs() {
                Some(if z > 0.0 { UpAxis::Z } else { UpAxis::NegZ })
            } else {
                (x > 0.0).then_some(UpAxis::X)
            };
            if let Some(up) = up {
                return (
                    up,
                    format!(
                        "{} (guessed: head/neck joints lie above foot/toe/ankle joints along it)",
                        up.label()
                    ),
                );
            }
        }
        let [_, height_y, height_z] = self.first_extent.unwrap_or([0.0; 3]);
        if height_z > height_y {
            (
                UpAxis::Z,
                "+Z up (guessed: no head or foot joints recognised by name; the first pose is \
                 taller along Z than along Y)"
                    .to_owned(),
            )
        } else {
            (
                UpAxis::Y,
                "+Y up (guessed: no head or foot joints recognised by name; the first pose is \
                 taller along Y than along Z)"
                    .to_owned(),
            )
        }
    }
}

/// Mean position of the joints `indices`, skipping non-finite ones; `None` when none is left.
fn mean(points: &[[f64; 3]], indices: &[usize]) -> Option<[f64; 3]> {
    let mut sum = [0.0; 3];
    let mut count = 0_usize;
    for point in indices.iter().filter_map(|&i| points.get(i)) {
        if point.iter().all(|v| v.is_finite()) {
            for axis in 0..3 {
                sum[axis] += point[axis];
            }
            count += 1;
        }
    }
    (count > 0).then(|| sum.map(|s| s / count as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn head_above_feet_gives_the_axis_and_sign() {
        let names = names(&["Hips", "Head", "LeftFoot", "RightToeBase"]);
        let cases = [
            ([0.0, 10.0, 0.0], UpAxis::Y),
            ([0.0, -10.0, 0.0], UpAxis::NegY),
            ([0.0, 0.0, 10.0], UpAxis::Z),
            ([0.0, 0.0, -10.0], UpAxis::NegZ),
            ([10.0, 0.0, 0.0], UpAxis::X),
        ];
        for (head, want) in cases {
            let mut evidence = UpEvidence::new(&names);
            let feet = head.map(|v: f64| -v);
            evidence.add_frame(&[[0.0; 3], head, feet, feet], &[]);
            assert_eq!(evidence.decide().0, want, "head at {head:?}");
        }
    }

    #[test]
    fn the_whole_clip_outvotes_one_frame() {
        let mut evidence = UpEvidence::new(&names(&["neck", "ankle"]));
        evidence.add_frame(&[[0.0, 0.0, 5.0], [0.0; 3]], &[]);
        evidence.add_frame(&[[0.0, 4.0, 0.0], [0.0; 3]], &[]);
        evidence.add_frame(&[[0.0, 4.0, 0.0], [0.0; 3]], &[]);
        assert_eq!(evidence.decide().0, UpAxis::Y);
    }

    #[test]
    fn a_clear_guess_needs_a_wide_margin() {
        let names = names(&["Head", "LeftFoot"]);
        let mut evidence = UpEvidence::new(&names);
        evidence.add_frame(&[[0.0, 10.0, 4.0], [0.0; 3]], &[]);
        assert!(evidence.is_clear());
        evidence.add_frame(&[[0.0, 0.0, 4.0], [0.0; 3]], &[]);
        assert!(!evidence.is_clear(), "10 against 8");
        assert!(!UpEvidence::new(&names).is_clear(), "no frames yet");
        assert!(
            UpEvidence::new(&names[..1]).is_clear(),
            "no foot: the first frame decides"
        );
    }

    #[test]
    fn without_names_the_taller_of_y_and_z_wins() {
        let mut evidence = UpEvidence::new(&names(&["a", "b", "c"]));
        // A T-pose lying in the XZ plane: wide along X, tall along Z.
        evidence.add_frame(&[[-9.0, 0.0, 0.0], [9.0, 0.0, 0.0]], &[[0.0, 1.0, 8.0]]);
        let (up, how) = evidence.decide();
        assert_eq!(up, UpAxis::Z);
        assert!(how.contains("no head"), "{how}");
        let mut evidence = UpEvidence::new(&names(&["a"]));
        evidence.add_frame(&[[0.0; 3]], &[]);
        assert_eq!(evidence.decide().0, UpAxis::Y, "a point: default +Y");
        assert_eq!(UpEvidence::new(&[]).decide().0, UpAxis::Y, "nothing at all");
    }
}
