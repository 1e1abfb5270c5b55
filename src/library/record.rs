//! What the library knows about one clip: the metadata shown on a card and in `library --json`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Clip, FormatId};

/// One clip found under the indexed folder (or a file that looks like one but failed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClipRecord {
    /// The file, or the folder of per-frame files.
    pub path: PathBuf,
    /// File (or folder) name shown on the card.
    pub name: String,
    /// The containing folder relative to the indexed root (`""` for the root itself).
    pub folder: String,
    /// Bytes on disk (all frame files for a folder).
    pub size_bytes: u64,
    /// The format, when the content says which one it is.
    pub format: Option<FormatId>,
    /// What was read, or why it could not be.
    pub status: Status,
}

/// The outcome of reading one clip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Status {
    /// The clip loaded; its numbers.
    Ok(ClipFacts),
    /// It looks like pose data but could not be read: the sentence that says why.
    Failed(String),
}

/// The numbers of a clip that loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClipFacts {
    /// Number of frames.
    pub frames: usize,
    /// Declared frame rate, when the file says it.
    pub frame_rate_hz: Option<f64>,
    /// Length in seconds, when the rate is known.
    pub duration_s: Option<f64>,
    /// 2 or 3.
    pub dims: usize,
    /// The most people in one frame.
    pub people: usize,
    /// Number of joints / markers / keypoints.
    pub joints: usize,
    /// The skeleton layout's name (e.g. `BODY_25`, `from file`).
    pub layout: String,
    /// Recoverable oddities met while loading (the clip loaded despite them).
    pub warnings: Vec<String>,
}

impl ClipFacts {
    /// The facts of a loaded clip.
    #[must_use]
    pub fn of(clip: &Clip) -> Self {
        Self {
            frames: clip.frame_count(),
            frame_rate_hz: clip.frame_rate_hz,
            duration_s: clip.duration_s(),
            dims: clip.space.dims,
            people: clip.poses.max_people(),
            joints: clip.skeleton.joint_count(),
            layout: clip.skeleton.layout().label().to_owned(),
            warnings: clip.meta.warnings.clone(),
        }
    }
}

impl ClipRecord {
    /// A record for `path` found under `root`.
    #[must_use]
    pub fn new(
        root: &Path,
        path: &Path,
        size_bytes: u64,
        format: Option<FormatId>,
        status: Status,
    ) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let folder = path
            .parent()
            .and_then(|p| p.strip_prefix(root).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            path: path.to_path_buf(),
            name,
            folder,
            size_bytes,
            format,
            status,
        }
    }

    /// The facts, when the clip loaded.
    #[must_use]
    pub fn facts(&self) -> Option<&ClipFacts> {
        match &self.status {
            Status::Ok(facts) => Some(facts),
            Status::Failed(_) => None,
        }
    }

    /// Why the clip could not be read, when it could not.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        match &self.status {
            Status::Ok(_) => None,
            Status::Failed(reason) => Some(reason),
        }
    }
}
