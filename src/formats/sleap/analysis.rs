//! SLEAP analysis exports (`.analysis.h5`): dense arrays of every track's points in every
//! frame of one video.
//!
//! How the file becomes a [`Clip`]:
//! - **Skeleton**: `node_names`, with `edge_inds` (or `edge_names`) as bones.
//! - **Frames**: every frame `0..N` of the `tracks` array, in order.
//! - **People**: in each frame, every track that `track_occupancy` marks as present (without
//!   that dataset: every track with at least one point), with the track index as track id.
//! - **Points**: `tracks` (either axis order, see `axes.rs`); NaN is missing.
//! - **Confidence**: `point_scores`, when present and of a matching shape.
//! - **Frame rate**: `fps` of the `video_backend_metadata` attribute, when stored.
//!
//! The arrays are read a block of frames at a time, so memory follows the points kept, not
//! the (mostly NaN) array: a file with hundreds of short tracks stays cheap.

use super::axes::{self, Axis, Layout};
use crate::formats::LoadError;
use crate::formats::hdf5::file::H5;
use crate::model::{Bone, Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space};
use hdf5_reader::Dataset;

/// Values of `tracks` read per block (4 MiB of `f64`).
const BLOCK_VALUES: usize = 1 << 19;
/// Largest ratio of decoded to stored bytes that deflate can reach: a `tracks` array claiming
/// more than this times the file's size cannot be in the file.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// Reads an opened SLEAP analysis file.
pub(crate) fn read_h5(h5: &H5) -> Result<Clip, LoadError> {
    let mut meta = ClipMeta::new(h5.path(), FormatId::Sleap);
    let (_, datasets) = h5.root_names()?;
    let has = |name: &str| datasets.iter().any(|d| d == name);
    let names = h5.strings(&h5.dataset("node_names")?)?;
    if names.is_empty() {
        return Err(h5.error("`node_names` is empty: the file has no skeleton"));
    }
    let tracks = h5.dataset("tracks")?;
    let occupancy = has("track_occupancy")
        .then(|| h5.dataset("track_occupancy"))
        .transpose()?;
    let occupancy_shape = occupancy.as_ref().map(shape);
    let layout = tracks_layout(
        h5,
        &tracks,
        names.len(),
        occupancy_shape.as_deref(),
        &mut meta.warnings,
    )?;
    let sizes = |axis| layout.size(axis);
    let (frames, track_count) = (sizes(Axis::Frame), sizes(Axis::Track));
    check_claim(h5, &tracks, &layout)?;
    let occupancy = match occupancy {
        Some(dataset) => {
            let layout = occupancy_layout(h5, &dataset, frames, track_count)?;
            Some((dataset, layout))
        }
        None => None,
    };
    let scores = if has("point_scores") {
        let dataset = h5.dataset("point_scores")?;
        scores_layout(h5, &dataset, &layout, &mut meta.warnings)?.map(|l| (dataset, l))
    } else {
        None
    };
    let bones = bones(h5, &datasets, &names, &mut meta.warnings)?;
    let joints = names.len();
    let mut builder = PosesBuilder::new(joints, 2, scores.is_some(), true);
    let per_frame = track_count.saturating_mul(joints).saturating_mul(2).max(1);
    let chunk_frames = tracks
        .chunks()
        .and_then(|c| layout.position(Axis::Frame).and_then(|i| c.get(i).copied()))
        .map_or(1, |c| c.max(1) as usize);
    let block_frames = (BLOCK_VALUES / per_frame / chunk_frames).max(1) * chunk_frames;
    let mut start = 0;
    while start < frames {
        let range = start..(start + block_frames).min(frames);
        let mut block = Block::read(
            h5,
            &tracks,
            &layout,
            occupancy.as_ref(),
            scores.as_ref(),
            &range,
        )?;
        for frame in 0..range.len() {
            block.add_frame(&mut builder, frame, track_count, joints);
        }
        start = range.end;
    }
    describe(h5, &mut meta, &layout, track_count)?;
    let frame_rate_hz = frame_rate(h5)?;
    let skeleton = Skeleton::from_names_and_bones(names, bones, LayoutId::FromFile);
    Ok(Clip::new(
        skeleton,
        frame_rate_hz,
        Space::image_px(),
        builder.finish(),
        meta,
    ))
}

/// A dataset's shape as `usize`s.
fn shape(dataset: &Dataset) -> Vec<usize> {
    dataset
        .shape()
        .iter()
        .map(|&d| usize::try_from(d).unwrap_or(usize::MAX))
        .collect()
}

/// The axis order of `tracks`: from its `dims` attribute, or inferred from the sizes.
fn tracks_layout(
    h5: &H5,
    tracks: &Dataset,
    nodes: usize,
    occupancy: Option<&[usize]>,
    warnings: &mut Vec<String>,
) -> Result<Layout, LoadError> {
    let shape = shape(tracks);
    let declared = h5
        .dataset_text(tracks, "dims")?
        .and_then(|text| axes::from_dims_attribute(&text))
        .filter(|a| a.len() == 4);
    let axes = if let Some(axes) = declared {
        axes
    } else {
        let Some((axes, guessed)) = axes::infer_tracks(&shape, nodes, occupancy) else {
            return Err(h5.error(format!(
                "`tracks` has shape {shape:?}, which fits neither SLEAP layout \
                 (frame, track, node, xy) nor (track, xy, node, frame) for {nodes} nodes"
            )));
        };
        if guessed {
            warnings.push(
                "the axis order of `tracks` is ambiguous; read as (track, xy, node, frame), \
                 the SLEAP GUI's export"
                    .to_owned(),
            );
        }
        axes.to_vec()
    };
    let layout = Layout::new(&axes, &shape)
        .ok_or_else(|| h5.error(format!("`tracks` has {} dimensions, not 4", shape.len())))?;
    if layout.size(Axis::Node) != nodes {
        return Err(h5.error(format!(
            "`tracks` has {} nodes ({}) but `node_names` names {nodes}",
            layout.size(Axis::Node),
            layout.describe()
        )));
    }
    if layout.size(Axis::Xy) != 2 {
        return Err(h5.error(format!(
            "`tracks` has {} coordinates per point, not 2",
            layout.size(Axis::Xy)
        )));
    }
    Ok(layout)
}

/// Refuses a `tracks` array larger than any file of this size could hold.
fn check_claim(h5: &H5, tracks: &Dataset, layout: &Layout) -> Result<(), LoadError> {
    let values = [Axis::Frame, Axis::Track, Axis::Node, Axis::Xy]
        .iter()
        .fold(1_u64, |n, &a| n.saturating_mul(layout.size(a) as u64));
    let bytes = values.saturating_mul(8);
    if bytes > (h5.file_bytes() as u64).saturating_mul(MAX_DEFLATE_RATIO) {
        return Err(h5.error(format!(
            "dataset `{}` claims {values} values, more than a file of {} bytes can hold",
            tracks.name(),
            h5.file_bytes()
        )));
    }
    Ok(())
}

/// The layout of `track_occupancy`: (frame, track) or (track, frame), from its `dims`
/// attribute or its shape. A shape that disagrees with `tracks` is an error: the two are
/// written together, and the frame count of `tracks` is only to be trusted when they agree.
fn occupancy_layout(
    h5: &H5,
    dataset: &Dataset,
    frames: usize,
    tracks: usize,
) -> Result<Layout, LoadError> {
    let shape = shape(dataset);
    let declared = h5
        .dataset_text(dataset, "dims")?
        .and_then(|text| axes::from_dims_attribute(&text));
    let axes = declared.unwrap_or_else(|| {
        if shape == [tracks, frames] && tracks != frames {
            vec![Axis::Track, Axis::Frame]
        } else {
            vec![Axis::Frame, Axis::Track]
        }
    });
    Layout::new(&axes, &shape)
        .filter(|l| {
            l.matches(&[Axis::Frame, Axis::Track], |a| {
                if a == Axis::Frame { frames } else { tracks }
            })
        })
        .ok_or_else(|| {
            h5.error(format!(
                "`track_occupancy` has shape {shape:?}, but `tracks` has {frames} frames of {tracks} tracks"
            ))
        })
}

/// The layout of `point_scores`: the `tracks` axes without xy (or its `dims` attribute);
/// `None` (with a warning) when the shape does not match.
fn scores_layout(
    h5: &H5,
    dataset: &Dataset,
    tracks: &Layout,
    warnings: &mut Vec<String>,
) -> Result<Option<Layout>, LoadError> {
    let shape = shape(dataset);
    let expected: Vec<Axis> = tracks
        .axes()
        .iter()
        .copied()
        .filter(|&a| a != Axis::Xy)
        .collect();
    let axes = h5
        .dataset_text(dataset, "dims")?
        .and_then(|text| axes::from_dims_attribute(&text))
        .unwrap_or(expected);
    let layout = Layout::new(&axes, &shape)
        .filter(|l| l.matches(&[Axis::Frame, Axis::Track, Axis::Node], |a| tracks.size(a)));
    if layout.is_none() {
        warnings.push(format!(
            "`point_scores` has shape {shape:?}, which does not match `tracks`; scores are left out"
        ));
    }
    Ok(layout)
}

/// The bones: `edge_inds` pairs, or `edge_names` pairs looked up in `names`.
fn bones(
    h5: &H5,
    datasets: &[String],
    names: &[String],
    warnings: &mut Vec<String>,
) -> Result<Vec<Bone>, LoadError> {
    let has = |name: &str| datasets.iter().any(|d| d == name);
    let pairs: Vec<Option<(usize, usize)>> = if has("edge_inds") {
        let (values, _) = h5.numbers(&h5.dataset("edge_inds")?)?;
        values
            .chunks_exact(2)
            .map(|pair| match pair {
                &[a, b] if a >= 0.0 && b >= 0.0 => Some((a as usize, b as usize)),
                _ => None,
            })
            .collect()
    } else if has("edge_names") {
        let strings = h5.strings(&h5.dataset("edge_names")?)?;
        let index = |name: &str| names.iter().position(|n| n == name);
        strings
            .chunks_exact(2)
            .map(|pair| match pair {
                [a, b] => index(a).zip(index(b)),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let bones: Vec<Bone> = pairs
        .iter()
        .flatten()
        .filter(|(from, to)| *from < names.len() && *to < names.len())
        .map(|&(from, to)| Bone { from, to })
        .collect();
    if bones.len() < pairs.len() {
        warnings.push(format!(
            "{} edges name a node the skeleton does not have; they are not drawn",
            pairs.len() - bones.len()
        ));
    }
    Ok(bones)
}

/// One block of frames of `tracks` (with occupancy and scores).
struct Block {
    points: Vec<f64>,
    index: axes::Block,
    occupancy: Option<(Vec<f64>, axes::Block)>,
    scores: Option<(Vec<f64>, axes::Block)>,
    coords: Vec<f32>,
    confidence: Vec<f32>,
}

impl Block {
    /// Reads `frames` of each dataset.
    fn read(
        h5: &H5,
        tracks: &Dataset,
        layout: &Layout,
        occupancy: Option<&(Dataset, Layout)>,
        scores: Option<&(Dataset, Layout)>,
        frames: &std::ops::Range<usize>,
    ) -> Result<Self, LoadError> {
        let read = |(dataset, layout): &(Dataset, Layout)| {
            h5.number_slice(dataset, &layout.selection(frames))
                .map(|values| (values, layout.block(frames.len())))
        };
        let joints = layout.size(Axis::Node);
        Ok(Self {
            points: h5.number_slice(tracks, &layout.selection(frames))?,
            index: layout.block(frames.len()),
            occupancy: occupancy.map(read).transpose()?,
            scores: scores.map(read).transpose()?,
            coords: vec![f32::NAN; joints * 2],
            confidence: vec![f32::NAN; joints],
        })
    }

    /// Adds frame `frame` of the block: one person per present track.
    fn add_frame(
        &mut self,
        builder: &mut PosesBuilder,
        frame: usize,
        tracks: usize,
        joints: usize,
    ) {
        builder.begin_frame();
        for track in 0..tracks {
            let present = match &self.occupancy {
                Some((values, index)) => values
                    .get(index.at(frame, track, 0, 0))
                    .is_some_and(|&v| v != 0.0),
                None => true,
            };
            if !present {
                continue;
            }
            let mut any = false;
            for joint in 0..joints {
                let point = [0, 1].map(|xy| {
                    self.points
                        .get(self.index.at(frame, track, joint, xy))
                        .copied()
                        .unwrap_or(f64::NAN)
                });
                let whole = point.iter().all(|v| v.is_finite());
                any |= whole;
                for (xy, value) in point.iter().enumerate() {
                    if let Some(slot) = self.coords.get_mut(joint * 2 + xy) {
                        *slot = if whole { *value as f32 } else { f32::NAN };
                    }
                }
                if let (Some((values, index)), Some(slot)) =
                    (&self.scores, self.confidence.get_mut(joint))
                {
                    *slot = values
                        .get(index.at(frame, track, joint, 0))
                        .map_or(f32::NAN, |&v| v as f32);
                }
            }
            if any || self.occupancy.is_some() {
                let confidence = self.scores.is_some().then_some(self.confidence.as_slice());
                builder.push_person(&self.coords, confidence, Some(track as i64));
            }
        }
    }
}

/// Records the layout, track count and video in `meta.details`.
fn describe(h5: &H5, meta: &mut ClipMeta, layout: &Layout, tracks: usize) -> Result<(), LoadError> {
    meta.details
        .push(("tracks layout".to_owned(), layout.describe()));
    meta.details.push(("tracks".to_owned(), tracks.to_string()));
    let (_, datasets) = h5.root_names()?;
    if datasets.iter().any(|d| d == "video_path") {
        let path = h5.strings(&h5.dataset("video_path")?)?;
        if let Some(path) = path.into_iter().next().filter(|p| !p.is_empty()) {
            meta.details.push(("video".to_owned(), path));
        }
    }
    Ok(())
}

/// The frame rate in the root's `video_backend_metadata` attribute, when stored.
fn frame_rate(h5: &H5) -> Result<Option<f64>, LoadError> {
    let root = h5.group("/")?;
    Ok(h5
        .group_text(&root, "video_backend_metadata")?
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| super::fps(&json)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two frames × two tracks × one node in the standard order: frame 0 has track 0 at
    /// (1, 2) and nothing for track 1; frame 1 has only half a point (track 1 x = 3).
    fn block(occupancy: Option<Vec<f64>>) -> Block {
        let layout = Layout::new(&axes::STANDARD, &[2, 2, 1, 2]).expect("layout");
        let nan = f64::NAN;
        let occupancy_layout = Layout::new(&[Axis::Frame, Axis::Track], &[2, 2]).expect("layout");
        Block {
            points: vec![1.0, 2.0, nan, nan, nan, nan, 3.0, nan],
            index: layout.block(2),
            occupancy: occupancy.map(|values| (values, occupancy_layout.block(2))),
            scores: None,
            coords: vec![f32::NAN; 2],
            confidence: vec![f32::NAN; 1],
        }
    }

    fn people(block: &mut Block) -> Vec<Vec<Option<i64>>> {
        let mut builder = PosesBuilder::new(1, 2, false, true);
        for frame in 0..2 {
            block.add_frame(&mut builder, frame, 2, 1);
        }
        let poses = builder.finish();
        poses
            .frames()
            .map(|f| f.persons().map(|p| p.track_id).collect())
            .collect()
    }

    #[test]
    fn without_occupancy_a_track_is_present_where_it_has_a_point() {
        let mut block = block(None);
        assert_eq!(people(&mut block), [vec![Some(0)], vec![]]);
    }

    #[test]
    fn occupancy_decides_who_is_present() {
        let mut block = block(Some(vec![1.0, 1.0, 0.0, 1.0]));
        assert_eq!(people(&mut block), [vec![Some(0), Some(1)], vec![Some(1)]]);
    }
}
