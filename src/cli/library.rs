//! `posedeck library DIR [--json]`: index a folder the way the clip browser does.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::library::{self, ClipRecord, IndexOptions};

/// One object of the `library --json` array (keys fixed by `shared/notes/cli.md`).
#[derive(Debug, Serialize)]
pub struct LibraryEntry {
    /// The clip's path (DIR as given, joined with the path inside it).
    pub path: String,
    /// Lower-case format name, or null when not known.
    pub format: Option<&'static str>,
    /// Number of frames (null for a file that failed).
    pub frames: Option<usize>,
    /// Declared frame rate.
    pub frame_rate_hz: Option<f64>,
    /// Length in seconds, when the rate is known.
    pub duration_s: Option<f64>,
    /// 2 or 3.
    pub dims: Option<usize>,
    /// The most people in any one frame.
    pub people: Option<usize>,
    /// Number of joints.
    pub joints: Option<usize>,
    /// Why the file could not be read, or null.
    pub error: Option<String>,
    /// Recoverable oddities met while loading (empty for a file that failed).
    pub warnings: Vec<String>,
}

impl From<&ClipRecord> for LibraryEntry {
    fn from(record: &ClipRecord) -> Self {
        let facts = record.facts();
        Self {
            path: record.path.display().to_string(),
            format: record.format.map(crate::model::FormatId::as_str),
            frames: facts.map(|f| f.frames),
            frame_rate_hz: facts.and_then(|f| f.frame_rate_hz),
            duration_s: facts.and_then(|f| f.duration_s),
            dims: facts.map(|f| f.dims),
            people: facts.map(|f| f.people),
            joints: facts.map(|f| f.joints),
            error: record.error().map(str::to_owned),
            warnings: facts.map(|f| f.warnings.clone()).unwrap_or_default(),
        }
    }
}

/// Indexes `dir` (with the user's cache unless `no_cache`); records sorted by path, and notes.
///
/// # Errors
/// When `dir` is not a folder.
pub fn index(dir: &Path, no_cache: bool) -> Result<(Vec<ClipRecord>, Vec<String>), String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let mut options = IndexOptions::new(dir);
    options.pictures = false;
    if no_cache {
        options.cache_db = None;
    }
    let (found, notices) = library::index_all(options);
    Ok((found.into_iter().map(|f| f.record).collect(), notices))
}

/// The JSON array text.
///
/// # Errors
/// Never in practice (serialising plain data).
pub fn json(records: &[ClipRecord]) -> serde_json::Result<String> {
    let entries: Vec<LibraryEntry> = records.iter().map(LibraryEntry::from).collect();
    serde_json::to_string_pretty(&entries).map(|s| s + "\n")
}

/// The plain-text table: one line per clip, then the files that could not be opened.
#[must_use]
pub fn text(dir: &Path, records: &[ClipRecord]) -> String {
    let mut out = String::new();
    let shown = |r: &ClipRecord| {
        r.path.strip_prefix(dir).map_or_else(
            |_| r.path.display().to_string(),
            |p| p.display().to_string(),
        )
    };
    let width = records
        .iter()
        .map(|r| shown(r).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:<10} {:>7} {:>8} {:>9} {:>5} {:>6} {:>6}",
        "clip", "format", "frames", "fps", "duration", "dims", "people", "joints"
    );
    let mut failed = Vec::new();
    for record in records {
        let format = record.format.map_or("?", |f| f.as_str());
        let Some(f) = record.facts() else {
            failed.push(record);
            continue;
        };
        let fps = f
            .frame_rate_hz
            .map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"));
        let duration = f
            .duration_s
            .map_or_else(|| "-".to_owned(), |d| format!("{d:.2} s"));
        let _ = writeln!(
            out,
            "{:<width$}  {:<10} {:>7} {:>8} {:>9} {:>4}D {:>6} {:>6}",
            shown(record),
            format,
            f.frames,
            fps,
            duration,
            f.dims,
            f.people,
            f.joints
        );
    }
    let loaded = records.len() - failed.len();
    let warned: Vec<&ClipRecord> = records
        .iter()
        .filter(|r| r.facts().is_some_and(|f| !f.warnings.is_empty()))
        .collect();
    let _ = writeln!(
        out,
        "\n{loaded} clips ({} with warnings), {} could not be opened",
        warned.len(),
        failed.len()
    );
    if !warned.is_empty() {
        let _ = writeln!(out, "\nLoaded with warnings:");
        for record in warned {
            for warning in record
                .facts()
                .map(|f| f.warnings.as_slice())
                .unwrap_or_default()
            {
                let _ = writeln!(out, "  {}: {warning}", shown(record));
            }
        }
    }
    if !failed.is_empty() {
        let _ = writeln!(out, "\nCould not open:");
        for record in failed {
            let _ = writeln!(out, "  {}: {}", shown(record), record.error().unwrap_or(""));
        }
    }
    out
}
