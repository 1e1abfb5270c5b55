//! A clip: one skeleton, its poses over time, and what the file said about them.

use std::path::PathBuf;

use ndarray::Array2;

use super::format_id::FormatId;
use super::poses::Poses;
use super::skeleton::Skeleton;
use super::space::Space;

/// Analog channels stored beside the markers (C3D force plates, EMG).
#[derive(Clone, Debug, PartialEq)]
pub struct AnalogChannels {
    /// Sampling rate of the analog channels.
    pub rate_hz: f64,
    /// Channel labels.
    pub labels: Vec<String>,
    /// Channel units.
    pub units: Vec<String>,
    /// `(samples, channels)` scaled values.
    pub samples: Array2<f32>,
}

/// An extra skeleton stored with the main one (OpenPose face and hands).
#[derive(Clone, Debug, PartialEq)]
pub struct ClipPart {
    /// What the part is, e.g. `face` or `hand_left`.
    pub name: String,
    /// Its skeleton.
    pub skeleton: Skeleton,
    /// Its poses, frame for frame and person for person with the main poses.
    pub poses: Poses,
}

/// Where a clip came from and what was noticed while reading it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClipMeta {
    /// The path as given (file or folder).
    pub source: PathBuf,
    /// The format it was read as.
    pub format: FormatId,
    /// Recoverable oddities met while loading, one sentence each.
    pub warnings: Vec<String>,
    /// Format-specific facts worth showing (key, value), e.g. `("processor", "DEC")`.
    pub details: Vec<(String, String)>,
}

impl ClipMeta {
    /// Metadata for `source` read as `format`, with no warnings yet.
    #[must_use]
    pub fn new(source: impl Into<PathBuf>, format: FormatId) -> Self {
        Self {
            source: source.into(),
            format,
            warnings: Vec::new(),
            details: Vec::new(),
        }
    }

    /// The file or folder name, for lists.
    #[must_use]
    pub fn display_name(&self) -> String {
        self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// A clip of poses.
#[derive(Clone, Debug, PartialEq)]
pub struct Clip {
    /// The joints and bones.
    pub skeleton: Skeleton,
    /// Frames per second as the file declares it; `None` when the file does not say.
    pub frame_rate_hz: Option<f64>,
    /// Dimensions, units and up axis.
    pub space: Space,
    /// The poses.
    pub poses: Poses,
    /// Source, format, warnings.
    pub meta: ClipMeta,
    /// Extra skeletons (face, hands), possibly empty.
    pub parts: Vec<ClipPart>,
    /// Analog channels, when the file has them.
    pub analog: Option<AnalogChannels>,
}

impl Clip {
    /// A clip with no parts and no analog data.
    #[must_use]
    pub fn new(
        skeleton: Skeleton,
        frame_rate_hz: Option<f64>,
        space: Space,
        poses: Poses,
        meta: ClipMeta,
    ) -> Self {
        Self {
            skeleton,
            frame_rate_hz,
            space,
            poses,
            meta,
            parts: Vec::new(),
            analog: None,
        }
    }

    /// Number of frames.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.poses.frame_count()
    }

    /// The frame rate used for playback: the declared one, or 30 fps when the file says none.
    #[must_use]
    pub fn playback_rate_hz(&self) -> f64 {
        self.frame_rate_hz
            .filter(|r| r.is_finite() && *r > 0.0)
            .unwrap_or(30.0)
    }

    /// Duration in seconds, when the frame rate is known.
    #[must_use]
    pub fn duration_s(&self) -> Option<f64> {
        super::outline::duration_s(self.frame_rate_hz, self.frame_count())
    }

    /// Time of frame `index` in seconds (at the playback rate).
    #[must_use]
    pub fn time_s(&self, index: usize) -> f64 {
        index as f64 / self.playback_rate_hz()
    }
}
