//! The tables of a SLEAP project (`.slp`): `frames`, `instances`, `points` and `pred_points`,
//! read into rows with every cross-reference checked (an instance range inside `instances`, a
//! point range inside its point table).
//!
//! Fields are looked up by name: format 1.2 added `tracking_score` to `instances`, h5wasm
//! writes every column as a float, and the order of fields may differ between writers.

use std::ops::Range;

use super::super::hdf5::file::H5;
use super::super::hdf5::table::{Column, Table};
use crate::formats::LoadError;

/// One labeled frame: a video, a frame index in it and a range of `instances` rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabeledFrame {
    /// The video's id (`frames.video`).
    pub video: i64,
    /// The frame's index in its video.
    pub frame_idx: i64,
    /// Rows of `instances` that belong to the frame.
    pub instances: Range<usize>,
}

/// One row of `instances`.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceRow {
    /// `instance_id` (what `from_predicted` refers to).
    pub id: i64,
    /// A predicted instance (type 1) rather than a user-labelled one (type 0).
    pub predicted: bool,
    /// The `instance_type` when it is neither 0 nor 1.
    pub unknown_type: Option<i64>,
    /// Index of the instance's skeleton.
    pub skeleton: i64,
    /// Track index; `None` for an untracked instance (-1).
    pub track: Option<i64>,
    /// For a user instance corrected from a prediction, the prediction's `instance_id`.
    pub from_predicted: Option<i64>,
    /// The instance score of a predicted instance.
    pub score: Option<f32>,
    /// Rows of `points` (user) or `pred_points` (predicted) holding the instance's points.
    pub points: Range<usize>,
}

/// A point table (`points` or `pred_points`) with its columns found.
pub(super) struct PointTable {
    table: Option<Table>,
    x: Option<Column>,
    y: Option<Column>,
    visible: Option<Column>,
    score: Option<Column>,
}

/// One point: position, visibility and score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Point {
    /// `[x, y]` in pixels as stored.
    pub xy: [f64; 2],
    /// The `visible` flag (true when the table has none).
    pub visible: bool,
    /// The point score (`pred_points` only).
    pub score: Option<f64>,
}

impl PointTable {
    /// Reads the point table `name`; an absent table is an empty one.
    pub(super) fn read(h5: &H5, datasets: &[String], name: &str) -> Result<Self, LoadError> {
        if !datasets.iter().any(|d| d == name) {
            return Ok(Self {
                table: None,
                x: None,
                y: None,
                visible: None,
                score: None,
            });
        }
        let table = Table::read(h5, &h5.dataset(name)?)?;
        let (x, y) = (table.column("x"), table.column("y"));
        if table.rows() > 0 && (x.is_none() || y.is_none()) {
            return Err(h5.error(format!("dataset `{name}` has no `x` and `y` fields")));
        }
        Ok(Self {
            visible: table.column("visible"),
            score: table.column("score"),
            x,
            y,
            table: Some(table),
        })
    }

    /// Number of points.
    pub(super) fn rows(&self) -> usize {
        self.table.as_ref().map_or(0, Table::rows)
    }

    /// Point `row`; `None` past the end.
    pub(super) fn point(&self, row: usize) -> Option<Point> {
        let table = self.table.as_ref()?;
        let coordinate = |c: &Option<Column>| {
            c.as_ref()
                .and_then(|c| table.number(row, c))
                .unwrap_or(f64::NAN)
        };
        if row >= table.rows() {
            return None;
        }
        Some(Point {
            xy: [coordinate(&self.x), coordinate(&self.y)],
            visible: self
                .visible
                .as_ref()
                .and_then(|c| table.number(row, c))
                .is_none_or(|v| v != 0.0),
            score: self.score.as_ref().and_then(|c| table.number(row, c)),
        })
    }
}

#[cfg(test)]
impl PointTable {
    /// A point table of `(x, y, visible, score)` records, for tests.
    pub(super) fn from_points(points: &[(f64, f64, bool, f64)]) -> Self {
        use hdf5_reader::{ByteOrder, CompoundField, Datatype};
        let float = Datatype::FloatingPoint {
            size: 8,
            byte_order: ByteOrder::LittleEndian,
        };
        let flag = Datatype::FixedPoint {
            size: 1,
            signed: true,
            byte_order: ByteOrder::LittleEndian,
        };
        let field = |name: &str, byte_offset, datatype: &Datatype| CompoundField {
            name: name.to_owned(),
            byte_offset,
            datatype: datatype.clone(),
        };
        let fields = vec![
            field("x", 0, &float),
            field("y", 8, &float),
            field("visible", 16, &flag),
            field("score", 17, &float),
        ];
        let mut bytes = Vec::new();
        for &(x, y, visible, score) in points {
            bytes.extend_from_slice(&x.to_le_bytes());
            bytes.extend_from_slice(&y.to_le_bytes());
            bytes.push(u8::from(visible));
            bytes.extend_from_slice(&score.to_le_bytes());
        }
        let table = Table::from_records(fields, 25, bytes);
        Self {
            x: table.column("x"),
            y: table.column("y"),
            visible: table.column("visible"),
            score: table.column("score"),
            table: Some(table),
        }
    }
}

/// Reads `frames`; every instance range must lie inside `instance_rows`, and together they
/// may not list more instances than there are (ranges that overlap would make a small file
/// expand into a huge clip).
pub(super) fn read_frames(h5: &H5, instance_rows: usize) -> Result<Vec<LabeledFrame>, LoadError> {
    let table = Table::read(h5, &h5.dataset("frames")?)?;
    let column = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| h5.error(format!("dataset `frames` has no `{name}` field")))
    };
    let (frame_idx, start, end) = (
        column("frame_idx")?,
        column("instance_id_start")?,
        column("instance_id_end")?,
    );
    let video = table.column("video");
    let mut frames = Vec::with_capacity(table.rows());
    let mut listed = 0_usize;
    for row in 0..table.rows() {
        let bad = |what: &str| h5.error(format!("dataset `frames`, row {row}: {what}"));
        let index = |c: &Column| table.integer(row, c).and_then(|v| usize::try_from(v).ok());
        let (Some(first), Some(last)) = (index(&start), index(&end)) else {
            return Err(bad("the instance range is not a pair of indices"));
        };
        if first > last || last > instance_rows {
            return Err(bad(&format!(
                "instances {first}..{last} lie outside `instances` ({instance_rows} rows)"
            )));
        }
        listed = listed.saturating_add(last - first);
        if listed > instance_rows {
            return Err(bad(
                "the frames list more instances than `instances` holds (their ranges overlap)",
            ));
        }
        frames.push(LabeledFrame {
            video: video
                .as_ref()
                .and_then(|c| table.integer(row, c))
                .unwrap_or(0),
            frame_idx: table
                .integer(row, &frame_idx)
                .ok_or_else(|| bad("`frame_idx` is not a whole number"))?,
            instances: first..last,
        });
    }
    Ok(frames)
}

/// Reads `instances`; every point range must lie inside its point table (`user_points` rows
/// of `points` or `predicted_points` rows of `pred_points`).
pub(super) fn read_instances(
    h5: &H5,
    table: &Table,
    user_points: usize,
    predicted_points: usize,
) -> Result<Vec<InstanceRow>, LoadError> {
    let column = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| h5.error(format!("dataset `instances` has no `{name}` field")))
    };
    let (kind, start, end) = (
        column("instance_type")?,
        column("point_id_start")?,
        column("point_id_end")?,
    );
    let (id, skeleton, track, from_predicted, score) = (
        table.column("instance_id"),
        table.column("skeleton"),
        table.column("track"),
        table.column("from_predicted"),
        table.column("score"),
    );
    let integer = |row: usize, c: &Option<Column>| c.as_ref().and_then(|c| table.integer(row, c));
    let mut instances = Vec::with_capacity(table.rows());
    for row in 0..table.rows() {
        let bad = |what: &str| h5.error(format!("dataset `instances`, row {row}: {what}"));
        let instance_type = table
            .integer(row, &kind)
            .ok_or_else(|| bad("`instance_type` is not a whole number"))?;
        let predicted = instance_type == 1;
        let index = |c: &Column| table.integer(row, c).and_then(|v| usize::try_from(v).ok());
        let (Some(first), Some(last)) = (index(&start), index(&end)) else {
            return Err(bad("the point range is not a pair of indices"));
        };
        let (available, points) = if predicted {
            (predicted_points, "pred_points")
        } else {
            (user_points, "points")
        };
        if first > last || (matches!(instance_type, 0 | 1) && last > available) {
            return Err(bad(&format!(
                "points {first}..{last} lie outside `{points}` ({available} rows)"
            )));
        }
        instances.push(InstanceRow {
            id: integer(row, &id).unwrap_or(row as i64),
            predicted,
            unknown_type: (!matches!(instance_type, 0 | 1)).then_some(instance_type),
            skeleton: integer(row, &skeleton).unwrap_or(0),
            track: integer(row, &track).filter(|&t| t >= 0),
            from_predicted: integer(row, &from_predicted).filter(|&p| p >= 0),
            score: predicted
                .then(|| score.as_ref().and_then(|c| table.number(row, c)))
                .flatten()
                .map(|s| s as f32),
            points: first..last,
        });
    }
    Ok(instances)
}
