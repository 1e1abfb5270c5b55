//! The bones the user drew between markers, per marker set, kept in `marker_bones.json` in the
//! user's config folder (see [`crate::library::user_files`]). What is kept per clip (bookmarks,
//! view, layout, up axis) is in [`super::clip_settings`].

pub mod marker_bones;

use std::path::PathBuf;

use crate::library::user_files::{load_json, write_json};

/// The marker bones, loaded once and saved on every change.
#[derive(Debug, Default)]
pub struct Stores {
    /// Where the file lives; `None` = remember nothing (tests, or no home folder).
    dir: Option<PathBuf>,
    /// Bones drawn by the user, per marker set.
    pub marker_bones: marker_bones::MarkerBones,
}

impl Stores {
    /// Loads the store in `dir` (`None`: nothing is remembered). Returns a notice when the file
    /// had to be replaced by defaults.
    #[must_use]
    pub fn open(dir: Option<PathBuf>) -> (Self, Vec<String>) {
        let Some(dir) = dir else {
            return (Self::default(), Vec::new());
        };
        let (marker_bones, notice) = load_json(&dir.join(marker_bones::FILE_NAME));
        let stores = Self {
            dir: Some(dir),
            marker_bones,
        };
        (stores, notice.into_iter().collect())
    }

    /// Saves the user's marker bones; a failure is returned as a notice.
    #[must_use]
    pub fn save_marker_bones(&self) -> Option<String> {
        let path = self.dir.as_ref()?.join(marker_bones::FILE_NAME);
        write_json(&path, &self.marker_bones)
            .err()
            .map(|e| format!("{}: could not be saved ({e})", path.display()))
    }
}
