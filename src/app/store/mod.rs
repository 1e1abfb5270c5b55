//! What the viewer remembers between runs, as small JSON files in the user's config folder
//! (never next to the data): the folder itself, the bones the user drew between markers per
//! marker set, and the JSON read / atomic write they share. What is kept per clip (bookmarks,
//! view, layout, up axis) is in [`super::clip_settings`].
//!
//! Files are written atomically (a temporary file renamed over the old one). A file that cannot
//! be read as expected is replaced by defaults, with a notice for the user, never a crash.

pub mod marker_bones;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::formats::atomic::AtomicFile;

/// Environment variable that overrides the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "POSEDECK_CONFIG_DIR";

/// The user's posedeck config folder: `$POSEDECK_CONFIG_DIR`, else
/// `$XDG_CONFIG_HOME/posedeck`, else `~/.config/posedeck`; `None` when none can be named.
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from_env(CONFIG_DIR_ENV)
        .or_else(|| from_env("XDG_CONFIG_HOME").map(|d| d.join("posedeck")))
        .or_else(|| from_env("HOME").map(|d| d.join(".config").join("posedeck")))
}

/// Reads `dir/name` as JSON. A missing file gives the default silently; an unreadable or
/// malformed one gives the default and a notice naming the file and what was wrong.
#[must_use]
pub fn load_json<T: DeserializeOwned + Default>(dir: &Path, name: &str) -> (T, Option<String>) {
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (T::default(), None),
        Err(e) => {
            let notice = format!(
                "{}: could not be read ({e}); using defaults",
                path.display()
            );
            return (T::default(), Some(notice));
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(value) => (value, None),
        Err(e) => {
            let notice = format!(
                "{}: not valid settings at line {}, column {} ({e}); it will be replaced",
                path.display(),
                e.line(),
                e.column()
            );
            (T::default(), Some(notice))
        }
    }
}

/// Writes `value` as pretty JSON to `path` atomically, creating its folder.
///
/// # Errors
/// The reason, when the folder cannot be created or the file cannot be written.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let json = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    let mut file = AtomicFile::create(path).map_err(|e| e.to_string())?;
    file.writer()
        .write_all(json.as_bytes())
        .and_then(|()| file.writer().write_all(b"\n"))
        .map_err(|e| e.to_string())?;
    file.finish().map_err(|e| e.to_string())
}

/// Writes `value` to `dir/name` as [`write_json`] does.
///
/// # Errors
/// A sentence naming the file when it cannot be written.
pub fn save_json<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<(), String> {
    let path = dir.join(name);
    write_json(&path, value).map_err(|e| format!("{}: could not be saved ({e})", path.display()))
}

/// The marker bones, loaded once and saved on every change.
#[derive(Debug, Default)]
pub struct Stores {
    /// Where the files live; `None` = remember nothing (tests, or no home folder).
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
        let (marker_bones, notice) = load_json(&dir, marker_bones::FILE_NAME);
        let stores = Self {
            dir: Some(dir),
            marker_bones,
        };
        (stores, notice.into_iter().collect())
    }

    /// Saves the user's marker bones; a failure is returned as a notice.
    #[must_use]
    pub fn save_marker_bones(&self) -> Option<String> {
        let dir = self.dir.as_deref()?;
        save_json(dir, marker_bones::FILE_NAME, &self.marker_bones).err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("posedeck-store-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn missing_file_is_default_without_notice() {
        let dir = temp_dir("missing");
        let (value, notice): (Vec<u32>, _) = load_json(&dir, "x.json");
        assert!(value.is_empty());
        assert!(notice.is_none());
    }

    #[test]
    fn round_trip_and_no_temporary_left() {
        let dir = temp_dir("round");
        save_json(&dir, "x.json", &vec![1_u32, 2, 3]).unwrap();
        let (value, notice): (Vec<u32>, _) = load_json(&dir, "x.json");
        assert_eq!(value, vec![1, 2, 3]);
        assert!(notice.is_none());
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "only the target file remains");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corrupt_file_gives_defaults_and_a_notice_naming_it() {
        let dir = temp_dir("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x.json"), b"{ not json").unwrap();
        let (value, notice): (Vec<u32>, _) = load_json(&dir, "x.json");
        assert!(value.is_empty());
        let notice = notice.unwrap();
        assert!(
            notice.contains("x.json") && notice.contains("line 1"),
            "{notice}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
