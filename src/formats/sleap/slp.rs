//! SLEAP project files (`.slp`, HDF5): labelled and predicted instances per labeled frame.
//!
//! How the file becomes a [`Clip`]:
//! - **Skeleton**: the first skeleton of the `metadata` JSON (nodes in the skeleton's order,
//!   body edges as bones; see `skeleton.rs`). Instances of other skeletons are left out
//!   with a warning.
//! - **Frames**: the labeled frames (`frames` table) in frame-index order (video by video when
//!   there are several videos, with a warning): frame `k` of the clip is the `k`-th labeled
//!   frame, not necessarily video frame `k` (the indices are in `meta.details`).
//! - **People**: the frame's instances in file order, each with its track index as track id
//!   (untracked instances have none). A predicted instance that a user instance of the same
//!   frame was corrected from (`from_predicted`) is left out: the user's version replaces it.
//! - **Points**: `x, y` in image pixels; a point that is not `visible` or not finite is
//!   missing. Files before format 1.1 put the pixel's corner at 0; their points are moved by
//!   −0.5 px to SLEAP's current pixel-centre convention, as sleap-io does.
//! - **Confidence**: the point score of predicted instances; user points have none (NaN).
//! - **Frame rate**: the first video's `fps` when `videos_json` stores one, otherwise none.

use std::collections::HashSet;
use std::path::Path;

use super::project::{self, InstanceRow, LabeledFrame, PointTable};
use super::skeleton::{self, SkeletonJson};
use super::slp_report;
use crate::formats::hdf5::file::H5;
use crate::formats::hdf5::table::Table;
use crate::formats::hdf5::{self, Content};
use crate::formats::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space};

/// Format version from which points are in pixel-centre coordinates.
const PIXEL_CENTRE_FORMAT: f64 = 1.1;
/// Most values (coordinates and scores) the clip may hold per byte of file, plus a fixed
/// allowance: a stored point takes at least 18 bytes for 3 values, so a skeleton of many
/// nodes over instances with few points cannot make a small file expand into a huge clip.
const VALUES_PER_FILE_BYTE: usize = 2;
/// Fixed allowance on top of [`VALUES_PER_FILE_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;

/// Reads a SLEAP project file.
///
/// # Errors
/// When the file is not a SLEAP project, is damaged, or its tables refer outside one another;
/// the error names the file and the dataset (and row).
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    hdf5::guarded(path, || {
        let h5 = open_project(bytes, path)?;
        read_h5(&h5)
    })
}

/// Reads the labeled frames and instance rows of a SLEAP project as stored (file order), for
/// tools that need more than the clip keeps (instance scores, the video of each frame).
///
/// # Errors
/// As [`read`].
pub fn read_rows(
    bytes: &[u8],
    path: &Path,
) -> Result<(Vec<LabeledFrame>, Vec<InstanceRow>), LoadError> {
    hdf5::guarded(path, || {
        let h5 = open_project(bytes, path)?;
        let tables = Tables::read(&h5)?;
        Ok((tables.frames, tables.instances))
    })
}

/// Opens `bytes` and checks that they hold a SLEAP project.
fn open_project(bytes: &[u8], path: &Path) -> Result<H5, LoadError> {
    let (h5, content) = hdf5::open(bytes, path)?;
    if content != Content::SleapProject {
        return Err(LoadError::parse(
            path,
            content.format(),
            Location::Whole,
            "not a SLEAP project: there is no `metadata` group with `frames` and `instances`",
        ));
    }
    Ok(h5)
}

/// The tables of a project, read and cross-checked.
struct Tables {
    frames: Vec<LabeledFrame>,
    instances: Vec<InstanceRow>,
    user: PointTable,
    predicted: PointTable,
}

impl Tables {
    fn read(h5: &H5) -> Result<Self, LoadError> {
        let (_, datasets) = h5.root_names()?;
        let user = PointTable::read(h5, &datasets, "points")?;
        let predicted = PointTable::read(h5, &datasets, "pred_points")?;
        let table = Table::read(h5, &h5.dataset("instances")?)?;
        let instances = project::read_instances(h5, &table, user.rows(), predicted.rows())?;
        drop(table);
        let frames = project::read_frames(h5, instances.len())?;
        Ok(Self {
            frames,
            instances,
            user,
            predicted,
        })
    }
}

/// Reads an opened SLEAP project.
pub(crate) fn read_h5(h5: &H5) -> Result<Clip, LoadError> {
    let path = h5.path();
    let mut meta = ClipMeta::new(path, FormatId::Sleap);
    let metadata = h5.group("metadata")?;
    let format_id = h5.group_number(&metadata, "format_id")?;
    let json = h5
        .group_text(&metadata, "json")?
        .ok_or_else(|| h5.error("the `metadata` group has no `json` attribute"))?;
    let skeleton = skeleton::parse(&json).map_err(|(json_path, message)| {
        LoadError::parse(
            path,
            FormatId::Sleap,
            Location::JsonPath(json_path),
            format!("in the `json` attribute of `metadata`: {message}"),
        )
    })?;
    let tables = Tables::read(h5)?;
    let videos = slp_report::videos(h5)?;
    let tracks = h5
        .root_names()?
        .1
        .iter()
        .any(|d| d == "tracks_json")
        .then(|| h5.dataset("tracks_json"))
        .transpose()?
        .and_then(|d| d.shape().first().copied())
        .unwrap_or(0);
    let shift = match format_id {
        Some(version) if version < PIXEL_CENTRE_FORMAT => -0.5,
        _ => 0.0,
    };
    let budget = h5
        .file_bytes()
        .saturating_mul(VALUES_PER_FILE_BYTE)
        .saturating_add(VALUES_ALLOWANCE);
    let mut builder = Builder::new(&skeleton, &tables, shift, budget);
    let order = frame_order(&tables.frames);
    for &index in &order {
        if let Some(frame) = tables.frames.get(index) {
            builder
                .add_frame(frame)
                .map_err(|message| h5.error(message))?;
        }
    }
    let counts = builder.counts;
    let poses = builder.poses.finish();
    let rows = (tables.frames.as_slice(), tables.instances.as_slice());
    slp_report::describe(
        &mut meta, format_id, &skeleton, rows, &order, tracks, &videos,
    );
    slp_report::warn(
        &mut meta.warnings,
        &skeleton,
        &counts,
        &tables.frames,
        &videos,
    );
    if let Some(highest) = counts.highest_track.filter(|&t| t as u64 >= tracks) {
        meta.warnings.push(format!(
            "instances name track {highest}, but `tracks_json` lists {tracks} tracks"
        ));
    }
    let frame_rate_hz = videos.first().and_then(|v| v.fps_hz);
    let bones = skeleton.bones.clone();
    let skeleton = Skeleton::from_names_and_bones(skeleton.names, bones, LayoutId::FromFile);
    Ok(Clip::new(
        skeleton,
        frame_rate_hz,
        Space::image_px(),
        poses,
        meta,
    ))
}

/// Labeled frames in (video, frame index) order.
fn frame_order(frames: &[LabeledFrame]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..frames.len()).collect();
    order.sort_by_key(|&i| frames.get(i).map(|f| (f.video, f.frame_idx)));
    order
}

/// What was left out or repaired while building the poses.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Counts {
    /// Instances of a skeleton other than the first.
    pub other_skeleton: usize,
    /// Instances of an unknown type.
    pub unknown_type: usize,
    /// Predictions replaced by the user's corrections.
    pub replaced: usize,
    /// Instances without one point per node.
    pub wrong_point_count: usize,
    /// The highest track index an instance names.
    pub highest_track: Option<i64>,
}

/// Builds the poses frame by frame.
struct Builder<'a> {
    tables: &'a Tables,
    joints: usize,
    shift_px: f64,
    with_confidence: bool,
    poses: PosesBuilder,
    coords: Vec<f32>,
    confidence: Vec<f32>,
    counts: Counts,
    /// Values the clip may still take.
    budget: usize,
}

impl<'a> Builder<'a> {
    fn new(skeleton: &SkeletonJson, tables: &'a Tables, shift_px: f64, budget: usize) -> Self {
        let joints = skeleton.names.len();
        let with_confidence = tables.instances.iter().any(|i| i.predicted);
        Self {
            tables,
            joints,
            shift_px,
            with_confidence,
            poses: PosesBuilder::new(joints, 2, with_confidence, true),
            coords: vec![f32::NAN; joints * 2],
            confidence: vec![f32::NAN; joints],
            counts: Counts::default(),
            budget,
        }
    }

    /// Adds one labeled frame with its instances; the error says the clip would outgrow the
    /// file.
    fn add_frame(&mut self, frame: &LabeledFrame) -> Result<(), &'static str> {
        self.poses.begin_frame();
        let rows = self
            .tables
            .instances
            .get(frame.instances.clone())
            .unwrap_or_default();
        let corrected: HashSet<i64> = rows
            .iter()
            .filter(|i| !i.predicted && i.unknown_type.is_none())
            .filter_map(|i| i.from_predicted)
            .collect();
        for instance in rows {
            if instance.unknown_type.is_some() {
                self.counts.unknown_type += 1;
            } else if instance.skeleton != 0 {
                self.counts.other_skeleton += 1;
            } else if instance.predicted && corrected.contains(&instance.id) {
                self.counts.replaced += 1;
            } else {
                self.budget = self
                    .budget
                    .checked_sub(self.joints * 3)
                    .ok_or("the instances claim far more points than the file holds")?;
                self.add_instance(instance);
            }
        }
        Ok(())
    }

    /// Adds one instance as a person.
    fn add_instance(&mut self, instance: &InstanceRow) {
        if instance.points.len() != self.joints {
            self.counts.wrong_point_count += 1;
        }
        self.counts.highest_track = self.counts.highest_track.max(instance.track);
        let table = if instance.predicted {
            &self.tables.predicted
        } else {
            &self.tables.user
        };
        self.coords.fill(f32::NAN);
        self.confidence.fill(f32::NAN);
        for (joint, row) in instance.points.clone().take(self.joints).enumerate() {
            let Some(point) = table.point(row) else {
                continue;
            };
            if point.visible && point.xy.iter().all(|v| v.is_finite()) {
                for (axis, value) in point.xy.iter().enumerate() {
                    if let Some(slot) = self.coords.get_mut(joint * 2 + axis) {
                        *slot = (value + self.shift_px) as f32;
                    }
                }
            }
            if let (true, Some(score), Some(slot)) = (
                instance.predicted,
                point.score,
                self.confidence.get_mut(joint),
            ) {
                *slot = score as f32;
            }
        }
        let confidence = self.with_confidence.then_some(self.confidence.as_slice());
        self.poses
            .push_person(&self.coords, confidence, instance.track);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(
        id: i64,
        predicted: bool,
        track: Option<i64>,
        points: std::ops::Range<usize>,
    ) -> InstanceRow {
        InstanceRow {
            id,
            predicted,
            unknown_type: None,
            skeleton: 0,
            track,
            from_predicted: None,
            score: predicted.then_some(1.0),
            points,
        }
    }

    /// Frame index 5: predictions on tracks 0 and 1, the second corrected by the user;
    /// frame index 2 (stored second): an instance of another skeleton.
    fn tables() -> Tables {
        let mut corrected = instance(13, false, Some(1), 0..2);
        corrected.from_predicted = Some(11);
        let mut other = instance(12, true, None, 4..6);
        other.skeleton = 1;
        Tables {
            frames: vec![
                LabeledFrame {
                    video: 0,
                    frame_idx: 5,
                    instances: 0..3,
                },
                LabeledFrame {
                    video: 0,
                    frame_idx: 2,
                    instances: 3..4,
                },
            ],
            instances: vec![
                instance(10, true, Some(0), 0..2),
                instance(11, true, Some(1), 2..4),
                corrected,
                other,
            ],
            user: PointTable::from_points(&[
                (7.0, 8.0, true, f64::NAN),
                (9.0, 10.0, false, f64::NAN),
            ]),
            predicted: PointTable::from_points(&[
                (1.0, 2.0, true, 0.9),
                (3.0, 4.0, true, 0.8),
                (5.0, 6.0, true, 0.7),
                (f64::NAN, f64::NAN, true, 0.1),
                (0.0, 0.0, true, 0.5),
                (0.0, 0.0, true, 0.5),
            ]),
        }
    }

    fn skeleton() -> SkeletonJson {
        SkeletonJson {
            names: vec!["a".into(), "b".into()],
            bones: Vec::new(),
            name: String::new(),
            skeletons: 2,
            dropped_links: 0,
        }
    }

    fn build(shift_px: f64) -> (crate::model::Poses, Counts) {
        let (tables, skeleton) = (tables(), skeleton());
        let mut builder = Builder::new(&skeleton, &tables, shift_px, 1000);
        for index in frame_order(&tables.frames) {
            builder
                .add_frame(&tables.frames[index])
                .expect("within budget");
        }
        let counts = builder.counts;
        (builder.poses.finish(), counts)
    }

    #[test]
    fn frames_in_index_order_and_corrections_replace_predictions() {
        let (poses, counts) = build(0.0);
        assert_eq!(poses.frame_count(), 2);
        assert_eq!(
            poses.frame(0).map(|f| f.people()),
            Some(0),
            "other skeleton left out"
        );
        assert_eq!(counts.other_skeleton, 1);
        assert_eq!(counts.replaced, 1);
        let frame = poses.frame(1).expect("frame index 5");
        assert_eq!(frame.people(), 2);
        let predicted = frame.person(0).expect("track 0");
        assert_eq!(predicted.track_id, Some(0));
        assert_eq!(predicted.joint(1), Some([3.0, 4.0, 0.0]));
        assert_eq!(predicted.confidence_of(0), Some(0.9));
        let user = frame.person(1).expect("the correction");
        assert_eq!(user.track_id, Some(1));
        assert_eq!(user.joint(0), Some([7.0, 8.0, 0.0]));
        assert_eq!(user.joint(1), None, "not visible");
        assert!(
            user.confidence_of(0).is_some_and(f32::is_nan),
            "user points have no score"
        );
    }

    #[test]
    fn a_clip_cannot_outgrow_its_file() {
        let (tables, skeleton) = (tables(), skeleton());
        // Two people of two joints cost 12 values; 11 are allowed.
        let mut builder = Builder::new(&skeleton, &tables, 0.0, 11);
        let outcome = builder.add_frame(&tables.frames[0]);
        assert_eq!(
            outcome,
            Err("the instances claim far more points than the file holds")
        );
    }

    #[test]
    fn old_formats_move_to_pixel_centres() {
        let (poses, _) = build(-0.5);
        let first = poses.frame(1).and_then(|f| f.person(0)).expect("person");
        assert_eq!(first.joint(0), Some([0.5, 1.5, 0.0]));
    }
}
