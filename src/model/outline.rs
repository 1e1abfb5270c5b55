//! What is known about a clip without its poses: enough for `posedeck info`, the clip list and
//! a viewer that shows the clip while its frames are still being read.

use super::clip::{Clip, ClipMeta};
use super::skeleton::Skeleton;
use super::space::Space;

/// A clip's outline: everything but the poses, plus their counts.
#[derive(Clone, Debug, PartialEq)]
pub struct ClipOutline {
    /// The joints and bones.
    pub skeleton: Skeleton,
    /// Frames per second as the file declares it; `None` when the file does not say.
    pub frame_rate_hz: Option<f64>,
    /// Dimensions, units and up axis.
    pub space: Space,
    /// Source, format, warnings and details.
    pub meta: ClipMeta,
    /// Extra skeletons (face, hands): name and skeleton.
    pub parts: Vec<(String, Skeleton)>,
    /// Number of frames.
    pub frame_count: usize,
    /// The most people in any one frame.
    pub max_people: usize,
    /// True when the file stores a confidence per joint.
    pub with_confidence: bool,
}

impl ClipOutline {
    /// Duration in seconds, when the frame rate is known.
    #[must_use]
    pub fn duration_s(&self) -> Option<f64> {
        duration_s(self.frame_rate_hz, self.frame_count)
    }
}

impl Clip {
    /// The clip's outline (a copy of everything but the poses).
    #[must_use]
    pub fn outline(&self) -> ClipOutline {
        ClipOutline {
            skeleton: self.skeleton.clone(),
            frame_rate_hz: self.frame_rate_hz,
            space: self.space,
            meta: self.meta.clone(),
            parts: self
                .parts
                .iter()
                .map(|p| (p.name.clone(), p.skeleton.clone()))
                .collect(),
            frame_count: self.frame_count(),
            max_people: self.poses.max_people(),
            with_confidence: self.poses.has_confidence(),
        }
    }
}

/// Duration of `frames` frames at `frame_rate_hz` (unknown when the rate is unknown or not a
/// positive number).
#[must_use]
pub fn duration_s(frame_rate_hz: Option<f64>, frames: usize) -> Option<f64> {
    frame_rate_hz
        .filter(|r| r.is_finite() && *r > 0.0)
        .map(|r| frames as f64 / r)
}
