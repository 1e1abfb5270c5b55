//! posedeck's own files, never next to the user's data: where the config and cache folders are,
//! and the JSON read (missing → defaults; damaged → defaults and a notice, never a crash) and
//! atomic write every remembered setting uses (the library's recent folders, the viewer's
//! per-clip settings, the marker bones).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::formats::atomic;

/// Environment variable that overrides the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "POSEDECK_CONFIG_DIR";
/// Environment variable that overrides the cache folder.
pub const CACHE_DIR_ENV: &str = "POSEDECK_CACHE_DIR";

/// `$override_env`, else `$xdg_env/posedeck` (absolute paths only, as the XDG spec says), else
/// `~/<home_sub>/posedeck`.
fn user_dir(override_env: &str, xdg_env: &str, home_sub: &str) -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var(override_env)
        .or_else(|| {
            var(xdg_env)
                .filter(|d| d.is_absolute())
                .map(|d| d.join("posedeck"))
        })
        .or_else(|| var("HOME").map(|h| h.join(home_sub).join("posedeck")))
}

/// The config folder: `$POSEDECK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/posedeck`, else
/// `~/.config/posedeck`; `None` when none can be worked out.
#[must_use]
pub fn config_dir() -> Option<PathBuf> {
    user_dir(CONFIG_DIR_ENV, "XDG_CONFIG_HOME", ".config")
}

/// The cache folder: `$POSEDECK_CACHE_DIR`, else `$XDG_CACHE_HOME/posedeck`, else
/// `~/.cache/posedeck`; `None` when none can be worked out.
#[must_use]
pub fn cache_dir() -> Option<PathBuf> {
    user_dir(CACHE_DIR_ENV, "XDG_CACHE_HOME", ".cache")
}

/// Reads `path` as JSON. A missing file gives the default silently; an unreadable or damaged
/// one gives the default and a notice naming the file and what was wrong (the next save
/// replaces it).
#[must_use]
pub fn load_json<T: DeserializeOwned + Default>(path: &Path) -> (T, Option<String>) {
    let bytes = match std::fs::read(path) {
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
                "{}: damaged at line {}, column {} ({e}); using defaults, it will be replaced",
                path.display(),
                e.line(),
                e.column()
            );
            (T::default(), Some(notice))
        }
    }
}

/// Writes `value` as pretty JSON to `path` atomically (a temporary file renamed over the old
/// one), creating its folder.
///
/// # Errors
/// The reason, when the folder cannot be created or the file cannot be written.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let mut json = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
    json.push(b'\n');
    atomic::write(path, &json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_default_without_notice() {
        let dir = tempfile::tempdir().unwrap();
        let (value, notice): (Vec<u32>, _) = load_json(&dir.path().join("x.json"));
        assert!(value.is_empty());
        assert!(notice.is_none());
    }

    #[test]
    fn round_trip_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("x.json");
        write_json(&path, &vec![1_u32, 2, 3]).unwrap();
        let (value, notice): (Vec<u32>, _) = load_json(&path);
        assert_eq!(value, vec![1, 2, 3]);
        assert!(notice.is_none());
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(names.len(), 1, "only the target file remains");
    }

    #[test]
    fn damaged_file_gives_defaults_and_a_notice_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, b"{ not json").unwrap();
        let (value, notice): (Vec<u32>, _) = load_json(&path);
        assert!(value.is_empty());
        let notice = notice.unwrap();
        assert!(
            notice.contains("x.json") && notice.contains("line 1"),
            "{notice}"
        );
    }
}
