//! Flat keypoint lists (`x, y, c, x, y, c, ...` or `x, y, z, c, ...`) as coordinates and
//! confidences, the way COCO and OpenPose store them.
//!
//! A point is missing when its last value (visibility or confidence) is exactly 0 or a
//! coordinate is not a finite number; its coordinates become NaN and its stored last value is
//! kept as the confidence. Lists of the wrong length are cut or padded with missing points and
//! counted, so the reader can warn once per file instead of once per person.

use super::json_path::Tally;

/// Reusable buffers for one person's points.
#[derive(Clone, Debug)]
pub struct Tuples {
    joints: usize,
    dims: usize,
    coords: Vec<f32>,
    confidence: Vec<f32>,
}

/// Counts of malformed lists, for one warning each.
#[derive(Clone, Debug, Default)]
pub struct TupleTallies {
    /// Lists whose length is not a multiple of the tuple size.
    pub ragged: Tally,
    /// Lists with another number of points than expected.
    pub wrong_count: Tally,
    /// The tuple size seen (3 or 4), for the messages.
    stride: usize,
}

impl TupleTallies {
    /// Adds the counts of `later`, all noted after these.
    pub fn merge(&mut self, later: Self) {
        self.ragged.merge(later.ragged);
        self.wrong_count.merge(later.wrong_count);
        if later.stride != 0 {
            self.stride = later.stride;
        }
    }

    /// Pushes one warning per kind of problem met.
    pub fn warn(&self, warnings: &mut Vec<String>, expected_joints: usize) {
        self.ragged.warn(
            warnings,
            &format!(
                "keypoint lists have a length that is not a multiple of {}; the incomplete last \
                 values were ignored",
                self.stride
            ),
        );
        self.wrong_count.warn(
            warnings,
            &format!(
                "keypoint lists do not hold {expected_joints} points; extra points were ignored \
                 and absent ones shown as missing"
            ),
        );
    }
}

impl Tuples {
    /// Buffers for `joints` points of `dims` coordinates.
    #[must_use]
    pub fn new(joints: usize, dims: usize) -> Self {
        Self {
            joints,
            dims,
            coords: vec![f32::NAN; joints * dims],
            confidence: vec![f32::NAN; joints],
        }
    }

    /// Reads `values` as tuples of `dims + 1`. An empty list means "nobody there": every point
    /// missing, nothing counted. `place` names the list for warnings.
    pub fn fill(&mut self, values: &[f32], place: impl Fn() -> String, tallies: &mut TupleTallies) {
        let stride = self.dims + 1;
        tallies.stride = stride;
        self.coords.fill(f32::NAN);
        self.confidence.fill(f32::NAN);
        if values.is_empty() {
            return;
        }
        if !values.len().is_multiple_of(stride) {
            tallies.ragged.note(&place);
        }
        let points = values.len() / stride;
        if points != self.joints {
            tallies.wrong_count.note(&place);
        }
        let dims = self.dims.max(1);
        for ((tuple, coords), confidence) in values
            .chunks_exact(stride)
            .zip(self.coords.chunks_exact_mut(dims))
            .zip(self.confidence.iter_mut())
        {
            let (xyz, last) = tuple.split_at(dims);
            let score = last.first().copied().unwrap_or(f32::NAN);
            *confidence = score;
            if score != 0.0 && xyz.iter().all(|v| v.is_finite()) {
                coords.copy_from_slice(xyz);
            }
        }
    }

    /// `joints * dims` coordinates, NaN where missing.
    #[must_use]
    pub fn coords(&self) -> &[f32] {
        &self.coords
    }

    /// The last value of each tuple as stored (NaN past the end of a short list).
    #[must_use]
    pub fn confidence(&self) -> &[f32] {
        &self.confidence
    }
}

/// The most common number of points among lists of `lengths` values in tuples of `stride`
/// (ties go to the count seen first); empty lists are not counted. One odd list (say a million
/// numbers in one person) then cannot make every other person that big.
pub fn most_common_count(lengths: impl Iterator<Item = usize>, stride: usize) -> Option<usize> {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for count in lengths.map(|len| len / stride.max(1)).filter(|&n| n > 0) {
        match seen.iter_mut().find(|(c, _)| *c == count) {
            Some((_, times)) => *times += 1,
            None => seen.push((count, 1)),
        }
    }
    let best = seen.iter().map(|&(_, times)| times).max()?;
    seen.iter()
        .find(|&&(_, times)| times == best)
        .map(|&(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_count_wins() {
        assert_eq!(
            most_common_count([51, 0, 3_000_000, 51].into_iter(), 3),
            Some(17)
        );
        assert_eq!(
            most_common_count([6, 9].into_iter(), 3),
            Some(2),
            "tie: first seen"
        );
        assert_eq!(most_common_count([0, 2].into_iter(), 3), None);
    }

    #[test]
    fn zero_confidence_is_missing_even_with_coordinates() {
        let mut tuples = Tuples::new(3, 2);
        let mut tallies = TupleTallies::default();
        tuples.fill(
            &[1.0, 2.0, 0.5, 7.0, 8.0, 0.0, f32::NAN, 3.0, 1.0],
            String::new,
            &mut tallies,
        );
        assert_eq!(&tuples.coords()[..2], &[1.0, 2.0]);
        assert!(tuples.coords()[2..].iter().all(|v| v.is_nan()));
        assert_eq!(&tuples.confidence()[..2], &[0.5, 0.0]);
        assert_eq!(tallies.ragged.count() + tallies.wrong_count.count(), 0);
    }

    #[test]
    fn wrong_lengths_are_counted_and_padded() {
        let mut tuples = Tuples::new(2, 3);
        let mut tallies = TupleTallies::default();
        tuples.fill(&[1.0, 2.0, 3.0, 1.0, 9.0], || "$.p".into(), &mut tallies);
        assert_eq!(&tuples.coords()[..3], &[1.0, 2.0, 3.0]);
        assert!(tuples.coords()[3..].iter().all(|v| v.is_nan()));
        assert!(tuples.confidence()[1].is_nan());
        assert_eq!(tallies.ragged.count(), 1);
        assert_eq!(tallies.wrong_count.count(), 1);
        let mut warnings = Vec::new();
        tallies.warn(&mut warnings, 2);
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].contains("multiple of 4") && warnings[0].contains("$.p"));
        tuples.fill(&[], String::new, &mut tallies);
        assert!(tuples.coords().iter().all(|v| v.is_nan()));
        assert_eq!(
            tallies.wrong_count.count(),
            1,
            "an empty list is not counted"
        );
    }
}
