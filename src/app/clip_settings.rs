//! What the viewer remembers about each clip between sessions: its bookmarks (key frames) and
//! its camera preset, layout and up axis, in a small JSON sidecar in the user's config folder; and, in the same
//! folder, the display choices of every clip (`display.json`).
//!
//! No UI types here. The sidecar lives in `$POSEDECK_CONFIG_DIR` (tests point it at a temporary
//! folder), else `$XDG_CONFIG_HOME/posedeck`, else `~/.config/posedeck`, under `clips/`, named
//! after the clip and a hash of its canonical path: never next to or inside the source file. It
//! is written atomically; a sidecar that cannot be read is set aside as `*.bad` and the clip
//! starts with empty settings, with a notice saying so.

use std::fs;
use std::path::{Path, PathBuf};

use crate::library::user_files::write_json;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{LayoutId, UpAxis};

pub use crate::library::user_files::CONFIG_DIR_ENV;

/// Version written in new sidecars.
pub const SETTINGS_VERSION: u32 = 1;

/// Largest sidecar read, bytes (a hand-edited monster is refused, not loaded).
const MAX_SIDECAR_BYTES: u64 = 4 << 20;

/// A key frame the user marked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Frame index (0-based).
    pub frame: usize,
    /// Short title shown in the list and on the timeline.
    pub title: String,
    /// Marker colour, sRGB.
    pub colour: [u8; 3],
    /// Free text.
    #[serde(default)]
    pub note: String,
}

/// The colours offered for new bookmarks, in turn (Okabe–Ito: yellow, vermillion, bluish
/// green, reddish purple, sky blue).
pub const BOOKMARK_COLOURS: [[u8; 3]; 5] = [
    [240, 228, 66],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
];

/// The camera preset kept per clip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SavedView {
    /// From the front.
    Front,
    /// From the side (sagittal plane).
    Side,
    /// From above.
    Top,
    /// Three-quarter view.
    ThreeQuarter,
}

/// Everything remembered about one clip.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClipSettings {
    /// Format version.
    #[serde(default)]
    pub version: u32,
    /// The clip's canonical path, for people reading the file.
    #[serde(default)]
    pub source: String,
    /// Key frames, in frame order.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    /// Camera preset of the 3D view.
    #[serde(default)]
    pub view: Option<SavedView>,
    /// Skeleton layout picked for a file that does not name its joints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<LayoutId>,
    /// Up axis picked instead of the detected one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up: Option<UpAxis>,
}

impl ClipSettings {
    /// Adds a bookmark at `frame` with a default title and the next colour; keeps the list in
    /// frame order and returns the new bookmark's index.
    pub fn add_bookmark(&mut self, frame: usize, time_s: f64) -> usize {
        let n = self.bookmarks.len();
        let colour = BOOKMARK_COLOURS[n % BOOKMARK_COLOURS.len()];
        let bookmark = Bookmark {
            frame,
            title: format!("Key frame {} ({time_s:.2} s)", n + 1),
            colour,
            note: String::new(),
        };
        let at = self.bookmarks.partition_point(|b| b.frame <= frame);
        self.bookmarks.insert(at, bookmark);
        at
    }
}

/// Settings read for a clip, with a sentence for the user when something went wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// The settings (empty when there were none or they could not be read).
    pub settings: ClipSettings,
    /// What the user should know (a sidecar set aside), if anything.
    pub notice: Option<String>,
}

/// Where sidecars are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsStore {
    /// The config folder; `None` when no home folder is known (settings last one session).
    dir: Option<PathBuf>,
}

/// FNV-1a, 64 bits: a stable name for a path (unlike std's hasher, it never changes).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl SettingsStore {
    /// The folder from the environment: `$POSEDECK_CONFIG_DIR`, `$XDG_CONFIG_HOME/posedeck` or
    /// `~/.config/posedeck`.
    #[must_use]
    pub fn from_env() -> Self {
        Self {
            dir: crate::library::user_files::config_dir(),
        }
    }

    /// Sidecars kept in `dir`.
    #[must_use]
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
        }
    }

    /// A store that keeps nothing (settings last one session).
    #[must_use]
    pub fn none() -> Self {
        Self { dir: None }
    }

    /// The sidecar of the clip at `clip_path`; `None` when the clip is not a file on disk
    /// (made in memory) or there is no config folder.
    #[must_use]
    pub fn sidecar_for(&self, clip_path: &Path) -> Option<(PathBuf, PathBuf)> {
        let dir = self.dir.as_ref()?;
        let canonical = fs::canonicalize(clip_path).ok()?;
        let stem: String = canonical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        let hash = fnv1a(canonical.as_os_str().as_encoded_bytes());
        let path = dir.join("clips").join(format!("{stem}-{hash:016x}.json"));
        Some((path, canonical))
    }

    /// The settings of the clip at `clip_path`: empty when it has none yet; when its sidecar
    /// cannot be read, empty with a notice, the bad file renamed `*.bad` so the next save
    /// replaces it.
    #[must_use]
    pub fn load(&self, clip_path: &Path) -> Loaded {
        let Some((path, _)) = self.sidecar_for(clip_path) else {
            return Loaded::default();
        };
        let text = match fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
            Err(e) => Err(e.to_string()),
            Ok(meta) if meta.len() > MAX_SIDECAR_BYTES => Err(format!(
                "{} bytes is too large for a settings file",
                meta.len()
            )),
            Ok(_) => fs::read_to_string(&path).map_err(|e| e.to_string()),
        };
        let parsed =
            text.and_then(|t| serde_json::from_str::<ClipSettings>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(settings) => Loaded {
                settings,
                notice: None,
            },
            Err(reason) => {
                let bad = path.with_extension("json.bad");
                let kept = fs::rename(&path, &bad).is_ok();
                let notice = format!(
                    "The saved bookmarks and view of this clip could not be read ({}: {reason}); \
                     starting with none.{}",
                    path.display(),
                    if kept {
                        format!(" The old file was kept as {}.", bad.display())
                    } else {
                        String::new()
                    }
                );
                Loaded {
                    settings: ClipSettings::default(),
                    notice: Some(notice),
                }
            }
        }
    }

    /// Writes the settings of the clip at `clip_path` atomically. Returns `Ok(false)` when the
    /// clip has nowhere to keep them (made in memory, or no config folder).
    ///
    /// # Errors
    /// A sentence naming the sidecar when the folder or file cannot be written.
    pub fn save(&self, clip_path: &Path, settings: &ClipSettings) -> Result<bool, String> {
        let Some((path, canonical)) = self.sidecar_for(clip_path) else {
            return Ok(false);
        };
        let mut settings = settings.clone();
        settings.version = SETTINGS_VERSION;
        settings.source = canonical.display().to_string();
        write_json(&path, &settings)
            .map_err(|e| format!("cannot save the bookmarks to {}: {e}", path.display()))?;
        Ok(true)
    }

    /// The viewer's display choices (sizes, labels, theme) saved last time, if any and readable
    /// (an unreadable file is ignored: the defaults are used and the next change replaces it).
    #[must_use]
    pub fn load_display<T: DeserializeOwned>(&self) -> Option<T> {
        let path = self.dir.as_ref()?.join(DISPLAY_FILE);
        let text = fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Saves the viewer's display choices atomically. Returns `Ok(false)` without a config
    /// folder.
    ///
    /// # Errors
    /// A sentence naming the file when it cannot be written.
    pub fn save_display<T: Serialize>(&self, display: &T) -> Result<bool, String> {
        let Some(dir) = &self.dir else {
            return Ok(false);
        };
        let path = dir.join(DISPLAY_FILE);
        write_json(&path, display).map_err(|e| {
            format!(
                "cannot save the display settings to {}: {e}",
                path.display()
            )
        })?;
        Ok(true)
    }
}

/// File of the display choices in the config folder.
const DISPLAY_FILE: &str = "display.json";

#[cfg(test)]
#[path = "clip_settings_tests.rs"]
mod tests;
