//! The data rows: one frame each, one person per individual with at least one point.

use super::cells::{parse_cell, split_csv};
use super::header::{Header, Kind};
use crate::model::{Poses, PosesBuilder};

/// Most stored values per byte of input plus a fixed allowance (see the TRC reader): a header
/// naming thousands of body parts above one-cell rows cannot make the reader allocate far more
/// than the file holds.
const VALUES_PER_BYTE: usize = 2;
/// Fixed allowance of stored values on top of [`VALUES_PER_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;

/// Reads rows into poses, counting oddities for one warning each at the end.
pub(super) struct RowReader<'h> {
    header: &'h Header,
    builder: PosesBuilder,
    /// One row's `individuals × joints × dims` coordinates.
    coords: Vec<f32>,
    /// One row's `individuals × joints` likelihoods.
    confidence: Vec<f32>,
    /// Values the reader may still store.
    budget: usize,
    short_rows: usize,
    long_rows: usize,
    /// The index cells of the first row, joined by `/`.
    pub first_index: Option<String>,
    /// True while every index seen is a whole number (analysis output).
    pub numeric_index: bool,
}

impl<'h> RowReader<'h> {
    /// A reader for the rows below `header` of a file of `file_bytes` bytes.
    pub(super) fn new(header: &'h Header, file_bytes: usize) -> Self {
        let (people, joints) = (header.individuals.len(), header.joints.len());
        Self {
            header,
            builder: PosesBuilder::new(
                joints,
                header.dims,
                header.with_confidence,
                header.multi_animal,
            ),
            coords: vec![f32::NAN; people * joints * header.dims],
            confidence: vec![f32::NAN; people * joints],
            budget: file_bytes
                .saturating_mul(VALUES_PER_BYTE)
                .saturating_add(VALUES_ALLOWANCE),
            short_rows: 0,
            long_rows: 0,
            first_index: None,
            numeric_index: true,
        }
    }

    /// Reads one non-blank line as a frame; the error is the message for its line.
    pub(super) fn read(&mut self, line: &str) -> Result<(), String> {
        let header = self.header;
        let cells = split_csv(line);
        let index: Vec<&str> = cells
            .iter()
            .take(header.index_cells)
            .map(|c| c.trim())
            .collect();
        self.numeric_index &= index.iter().all(|c| c.parse::<i64>().is_ok());
        self.first_index.get_or_insert_with(|| index.join("/"));
        self.coords.fill(f32::NAN);
        self.confidence.fill(f32::NAN);
        let joints = header.joints.len();
        for column in &header.columns {
            let Some(cell) = cells.get(column.cell) else {
                continue;
            };
            let value = parse_cell(cell).ok_or_else(|| {
                format!(
                    "column {} ({} {}): `{}` is not a number",
                    column.cell + 1,
                    header.joints.get(column.joint).map_or("", String::as_str),
                    column.kind.name(),
                    cell.trim()
                )
            })?;
            let point = column.person * joints + column.joint;
            let slot = match column.kind {
                Kind::Axis(axis) => self.coords.get_mut(point * header.dims + axis),
                Kind::Likelihood => self.confidence.get_mut(point),
            };
            if let Some(slot) = slot {
                *slot = value;
            }
        }
        if cells.len() < header.data_end() {
            self.short_rows += 1;
        }
        if cells
            .iter()
            .skip(header.width)
            .any(|c| !c.trim().is_empty())
        {
            self.long_rows += 1;
        }
        self.push_people()
    }

    /// Starts a frame and adds every individual with at least one whole point.
    fn push_people(&mut self) -> Result<(), String> {
        let header = self.header;
        let (joints, dims) = (header.joints.len(), header.dims);
        let per_person = joints * (dims + usize::from(header.with_confidence));
        self.builder.begin_frame();
        for person in 0..header.individuals.len() {
            let range = person * joints..(person + 1) * joints;
            let (Some(coords), Some(confidence)) = (
                self.coords.get_mut(range.start * dims..range.end * dims),
                self.confidence.get_mut(range),
            ) else {
                continue;
            };
            if !keep_whole_points(coords, confidence, dims) {
                continue;
            }
            self.budget = self.budget.checked_sub(per_person).ok_or(
                "the header names far more points than the rows hold; \
                 this is not a consistent DeepLabCut file",
            )?;
            let confidence = header.with_confidence.then_some(&*confidence);
            let track = header.multi_animal.then_some(person as i64);
            self.builder.push_person(coords, confidence, track);
        }
        Ok(())
    }

    /// The poses, and the warnings about what was counted.
    pub(super) fn finish(self, warnings: &mut Vec<String>) -> Poses {
        if self.short_rows > 0 {
            warnings.push(format!(
                "{} rows have fewer cells than the header; the absent values are missing",
                self.short_rows
            ));
        }
        if self.long_rows > 0 {
            warnings.push(format!(
                "{} rows have more cells than the header; the extra values are ignored",
                self.long_rows
            ));
        }
        self.builder.finish()
    }
}

/// Marks a point missing (all coordinates and confidence) unless all its coordinates are
/// present; returns true when any point of the person is present.
fn keep_whole_points(coords: &mut [f32], confidence: &mut [f32], dims: usize) -> bool {
    let mut any = false;
    for (point, conf) in coords.chunks_exact_mut(dims).zip(confidence.iter_mut()) {
        if point.iter().all(|v| v.is_finite()) {
            any = true;
        } else {
            point.fill(f32::NAN);
            *conf = f32::NAN;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_whole_or_missing() {
        let mut coords = [1.0, 2.0, 3.0, f32::NAN, f32::NAN, f32::NAN];
        let mut confidence = [0.5, 0.25, 0.125];
        assert!(keep_whole_points(&mut coords, &mut confidence, 2));
        assert_eq!(&coords[..2], &[1.0, 2.0]);
        assert!(coords[2..].iter().all(|v| v.is_nan()));
        assert_eq!(confidence[..1], [0.5]);
        assert!(confidence[1..].iter().all(|v| v.is_nan()));
        let mut coords = [f32::NAN, 1.0];
        assert!(!keep_whole_points(&mut coords, &mut [0.9], 2));
    }
}
