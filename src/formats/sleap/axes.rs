//! The axis orders of SLEAP analysis datasets, and reading them a block of frames at a time.
//!
//! Two orders exist: sleap-io's "standard" preset stores `tracks` as (frame, track, node, xy),
//! the SLEAP GUI's MATLAB-friendly export as (track, xy, node, frame). Newer files say which
//! in a `dims` attribute (a JSON list of axis names); older ones do not, and the order is
//! inferred from the sizes (see [`infer_tracks`]). `point_scores` follows `tracks` without the
//! xy axis; `track_occupancy` is (frame, track) in both presets.

use std::ops::Range;

use hdf5_reader::{SliceInfo, SliceInfoElem};

/// One axis of an analysis dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Axis {
    /// Video frames.
    Frame,
    /// Tracks (animals).
    Track,
    /// Skeleton nodes.
    Node,
    /// The two image coordinates.
    Xy,
}

/// sleap-io's "standard" order of `tracks`.
pub(super) const STANDARD: [Axis; 4] = [Axis::Frame, Axis::Track, Axis::Node, Axis::Xy];
/// The SLEAP GUI's MATLAB-ordered `tracks`.
pub(super) const MATLAB: [Axis; 4] = [Axis::Track, Axis::Xy, Axis::Node, Axis::Frame];

impl Axis {
    /// The axis a `dims` attribute entry names.
    fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "frame" | "frames" | "time" => Some(Self::Frame),
            "track" | "tracks" | "instance" | "instances" => Some(Self::Track),
            "node" | "nodes" | "bodypart" | "bodyparts" => Some(Self::Node),
            "xy" | "coord" | "coords" | "space" => Some(Self::Xy),
            _ => None,
        }
    }

    /// The name used in messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Frame => "frame",
            Self::Track => "track",
            Self::Node => "node",
            Self::Xy => "xy",
        }
    }
}

/// The axes a `dims` attribute names (a JSON list of strings), when each is known and none
/// repeats.
pub(super) fn from_dims_attribute(text: &str) -> Option<Vec<Axis>> {
    let names: Vec<String> = serde_json::from_str(text).ok()?;
    let axes: Vec<Axis> = names
        .iter()
        .map(|n| Axis::from_name(n))
        .collect::<Option<_>>()?;
    let distinct = axes
        .iter()
        .enumerate()
        .all(|(i, a)| !axes.get(..i).unwrap_or_default().contains(a));
    distinct.then_some(axes)
}

/// The order of a `tracks` dataset of `shape` without a `dims` attribute, for `nodes` nodes
/// and (when known) `track_occupancy`'s (frames, tracks) `occupancy` shape — the order both
/// presets write it in. Returns the order and whether it was a guess between two orders that
/// both fit.
pub(super) fn infer_tracks(
    shape: &[usize],
    nodes: usize,
    occupancy: Option<&[usize]>,
) -> Option<([Axis; 4], bool)> {
    let fits = |axes: &[Axis; 4]| {
        let size = |axis| {
            axes.iter()
                .position(|a| *a == axis)
                .and_then(|i| shape.get(i))
                .copied()
        };
        let occupancy_fits = occupancy.is_none_or(|o| {
            o == [
                size(Axis::Frame).unwrap_or(0),
                size(Axis::Track).unwrap_or(0),
            ]
        });
        shape.len() == 4
            && size(Axis::Node) == Some(nodes)
            && size(Axis::Xy) == Some(2)
            && occupancy_fits
    };
    match (fits(&STANDARD), fits(&MATLAB)) {
        (true, false) => Some((STANDARD, false)),
        (false, true) => Some((MATLAB, false)),
        (true, true) => Some((MATLAB, true)),
        (false, false) => None,
    }
}

/// A dataset's axes with their sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    axes: Vec<Axis>,
    shape: Vec<usize>,
}

impl Layout {
    /// The layout of a dataset of `shape` with `axes`; `None` when the counts differ.
    pub(super) fn new(axes: &[Axis], shape: &[usize]) -> Option<Self> {
        (axes.len() == shape.len()).then(|| Self {
            axes: axes.to_vec(),
            shape: shape.to_vec(),
        })
    }

    /// The size of `axis` (1 when the dataset has no such axis).
    pub(super) fn size(&self, axis: Axis) -> usize {
        self.position(axis)
            .and_then(|i| self.shape.get(i))
            .copied()
            .unwrap_or(1)
    }

    /// The axes in storage order.
    pub(super) fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// Where `axis` is among the dataset's dimensions.
    pub(super) fn position(&self, axis: Axis) -> Option<usize> {
        self.axes.iter().position(|a| *a == axis)
    }

    /// The axes, comma-separated, for messages and details.
    pub(super) fn describe(&self) -> String {
        self.axes
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// True when the dataset has exactly the axes `axes` (in any order) with the sizes of
    /// `sizes` for each.
    pub(super) fn matches(&self, axes: &[Axis], sizes: impl Fn(Axis) -> usize) -> bool {
        self.axes.len() == axes.len()
            && axes
                .iter()
                .all(|&a| self.position(a).is_some() && self.size(a) == sizes(a))
    }

    /// The selection of `frames` (every value of the other axes).
    pub(super) fn selection(&self, frames: &Range<usize>) -> SliceInfo {
        SliceInfo {
            selections: self
                .axes
                .iter()
                .zip(&self.shape)
                .map(|(&axis, &size)| {
                    let (start, end) = if axis == Axis::Frame {
                        (frames.start, frames.end)
                    } else {
                        (0, size)
                    };
                    SliceInfoElem::Slice {
                        start: start as u64,
                        end: end as u64,
                        step: 1,
                    }
                })
                .collect(),
        }
    }

    /// The index arithmetic of a block of `frames` frames read with [`Layout::selection`].
    pub(super) fn block(&self, frames: usize) -> Block {
        let sizes: Vec<usize> = self
            .axes
            .iter()
            .zip(&self.shape)
            .map(|(&axis, &size)| if axis == Axis::Frame { frames } else { size })
            .collect();
        let mut strides = vec![0; sizes.len()];
        let mut stride = 1_usize;
        for (slot, size) in strides.iter_mut().zip(&sizes).rev() {
            *slot = stride;
            stride = stride.saturating_mul(*size);
        }
        let stride_of = |axis| {
            self.position(axis)
                .and_then(|i| strides.get(i))
                .copied()
                .unwrap_or(0)
        };
        Block {
            frame: stride_of(Axis::Frame),
            track: stride_of(Axis::Track),
            node: stride_of(Axis::Node),
            xy: stride_of(Axis::Xy),
        }
    }
}

/// Strides of each axis in a block read in C order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Block {
    frame: usize,
    track: usize,
    node: usize,
    xy: usize,
}

impl Block {
    /// The flat index of (frame within the block, track, node, coordinate).
    pub(super) fn at(&self, frame: usize, track: usize, node: usize, xy: usize) -> usize {
        frame * self.frame + track * self.track + node * self.node + xy * self.xy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dims_attributes() {
        assert_eq!(
            from_dims_attribute(r#"["frame", "track", "node", "xy"]"#),
            Some(STANDARD.to_vec())
        );
        assert_eq!(
            from_dims_attribute(r#"["track","xy","node","frame"]"#),
            Some(MATLAB.to_vec())
        );
        assert_eq!(from_dims_attribute(r#"["frame","frame"]"#), None);
        assert_eq!(from_dims_attribute(r#"["frame","colour"]"#), None);
        assert_eq!(from_dims_attribute("frame"), None);
    }

    #[test]
    fn inferred_orders() {
        assert_eq!(
            infer_tracks(&[1100, 27, 24, 2], 24, Some(&[1100, 27])),
            Some((STANDARD, false))
        );
        assert_eq!(
            infer_tracks(&[27, 2, 24, 1100], 24, Some(&[1100, 27])),
            Some((MATLAB, false))
        );
        // Two frames, two tracks, two nodes: both fit; the GUI's order is the guess.
        assert_eq!(infer_tracks(&[2, 2, 2, 2], 2, None), Some((MATLAB, true)));
        assert_eq!(infer_tracks(&[10, 3, 5, 2], 4, None), None);
        // Two tracks of two nodes over three frames: only the occupancy tells the orders apart.
        assert_eq!(
            infer_tracks(&[3, 2, 2, 2], 2, Some(&[3, 2])),
            Some((STANDARD, false))
        );
        assert_eq!(
            infer_tracks(&[3, 2, 2, 2], 2, Some(&[2, 3])),
            Some((MATLAB, false))
        );
    }

    #[test]
    fn block_indices() {
        let layout = Layout::new(&MATLAB, &[3, 2, 4, 10]).expect("layout");
        assert_eq!(layout.size(Axis::Frame), 10);
        assert_eq!(layout.describe(), "track, xy, node, frame");
        let block = layout.block(5);
        // (track, xy, node, frame) in a (3, 2, 4, 5) block.
        assert_eq!(block.at(1, 2, 3, 1), 2 * 40 + 20 + 3 * 5 + 1);
        let selection = layout.selection(&(5..10));
        assert!(matches!(
            selection.selections.last(),
            Some(SliceInfoElem::Slice {
                start: 5,
                end: 10,
                step: 1
            })
        ));
        assert!(layout.matches(&MATLAB, |a| match a {
            Axis::Track => 3,
            Axis::Xy => 2,
            Axis::Node => 4,
            Axis::Frame => 10,
        }));
    }
}
