//! The viewer's remembered state: recent folders and the last opened clip, as JSON in the
//! user's config folder (`$POSEDECK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/posedeck`, else
//! `~/.config/posedeck`). Written atomically; a corrupt file gives the defaults and a notice.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::user_files;

/// File name of the settings inside the config folder.
pub const FILE_NAME: &str = "settings.json";
/// Recent folders kept.
pub const MAX_RECENT: usize = 10;

/// What is remembered across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Folders opened in the library, most recent first.
    pub recent_folders: Vec<PathBuf>,
    /// The clip opened last.
    pub last_clip: Option<PathBuf>,
}

/// The config folder, or `None` when it cannot be worked out (see [`user_files::config_dir`]).
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    user_files::config_dir()
}

impl Settings {
    /// Reads the settings file; a missing file gives the defaults, a corrupt one the defaults
    /// and a notice (the file is left for the next save to replace).
    #[must_use]
    pub fn load(path: &Path) -> (Self, Option<String>) {
        user_files::load_json(path)
    }

    /// Writes the settings atomically (a crash never leaves half a file).
    ///
    /// # Errors
    /// When the folder or file cannot be written.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        user_files::write_json(path, self).map_err(std::io::Error::other)
    }

    /// Puts `folder` first in the recent folders (once), keeping [`MAX_RECENT`].
    pub fn remember_folder(&mut self, folder: &Path) {
        self.recent_folders.retain(|f| f != folder);
        self.recent_folders.insert(0, folder.to_path_buf());
        self.recent_folders.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_recent_folders_unique_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join(FILE_NAME);
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember_folder(Path::new(&format!("/d{i}")));
        }
        s.remember_folder(Path::new("/d5"));
        assert_eq!(s.recent_folders.len(), MAX_RECENT);
        assert_eq!(s.recent_folders[0], Path::new("/d5"));
        assert_eq!(
            s.recent_folders
                .iter()
                .filter(|f| *f == Path::new("/d5"))
                .count(),
            1
        );
        s.last_clip = Some("/d5/a.bvh".into());
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), (s, None));
    }

    #[test]
    fn a_missing_file_gives_defaults_and_a_corrupt_one_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(Settings::load(&path), (Settings::default(), None));
        std::fs::write(&path, "{\"recent_folders\": [").unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(settings, Settings::default());
        assert!(notice.unwrap().contains("damaged"));
    }
}
