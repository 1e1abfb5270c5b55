//! Finding the frame files of a sequence: every `.json` file of a folder (or those matching a
//! `*`/`?` pattern such as `out/cam01.*.json`), ordered by the number in the name, not
//! lexically (`…_9_keypoints.json` before `…_10_keypoints.json`).
//!
//! The frame number is the last run of digits in the file stem. Files are grouped by their
//! name with that number taken out (`video_#_keypoints`); the biggest group is the sequence
//! and other JSON files beside it are ignored with a warning. Gaps and repeated numbers are
//! reported, not filled.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::names::FrameNames;
use super::numbering::{Numbered, note_gaps};
use crate::formats::LoadError;

/// The files of one sequence, in frame order, and what was noticed while listing them.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// The frame files in order.
    pub files: Vec<PathBuf>,
    /// Recoverable oddities (gaps, ignored files).
    pub warnings: Vec<String>,
    /// Facts for the clip's details.
    pub details: Vec<(String, String)>,
    /// A frame rate read from the folder or file names (`…_60fps`), if any.
    pub frame_rate_hz: Option<f64>,
}

/// A [`Listing`] whose file names are kept compactly (for folders of 100,000 frames).
#[derive(Clone, Debug, Default)]
pub struct Sequence {
    /// The frame files' names in order.
    pub names: FrameNames,
    /// Recoverable oddities (gaps, ignored files).
    pub warnings: Vec<String>,
    /// Facts for the clip's details.
    pub details: Vec<(String, String)>,
    /// A frame rate read from the folder or file names (`…_60fps`), if any.
    pub frame_rate_hz: Option<f64>,
}

/// True when `path` does not exist and its file name holds a `*` or `?` wildcard.
#[must_use]
pub fn is_pattern(path: &Path) -> bool {
    !path.exists()
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().contains(['*', '?']))
}

/// Lists the frame files of the folder or pattern `path`.
///
/// # Errors
/// When the folder cannot be read or holds no matching `.json` file.
pub fn list(path: &Path) -> Result<Listing, LoadError> {
    let sequence = scan(path)?;
    Ok(Listing {
        files: sequence.names.paths().collect(),
        warnings: sequence.warnings,
        details: sequence.details,
        frame_rate_hz: sequence.frame_rate_hz,
    })
}

/// Lists the frame files of the folder or pattern `path`, their names kept in one buffer.
///
/// # Errors
/// When the folder cannot be read or holds no matching `.json` file.
pub fn scan(path: &Path) -> Result<Sequence, LoadError> {
    let (dir, pattern) = if is_pattern(path) {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let pattern = path.file_name().map(|n| n.to_string_lossy().into_owned());
        (dir, pattern)
    } else {
        (path, None)
    };
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::io(path, e))?;
    let mut all = FrameNames::new(dir);
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::io(path, e))?;
        let os_name = entry.file_name();
        let name = os_name.to_string_lossy();
        let is_json = Path::new(name.as_ref())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let wanted = pattern
            .as_deref()
            .map_or(is_json, |p| wildcard_match(p, &name));
        // The entry's type comes with the listing; only a link needs a look at its target.
        let is_file = || match entry.file_type() {
            Ok(kind) if kind.is_file() => true,
            Ok(kind) if !kind.is_symlink() => false,
            _ => entry.path().is_file(),
        };
        if wanted && is_file() {
            all.push(&name);
        }
    }
    if all.is_empty() {
        return Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: if pattern.is_some() {
                "no file matches the pattern".into()
            } else {
                "a folder without .json frame files".into()
            },
        });
    }
    let mut sequence = Sequence::default();
    let mut groups: HashMap<String, Vec<Numbered<'_>>> = HashMap::new();
    let mut key = String::new();
    for index in 0..all.len() {
        let numbered = Numbered::new(all.name(index));
        key.clear();
        numbered.write_key(&mut key);
        match groups.get_mut(&key) {
            Some(group) => group.push(numbered),
            None => {
                groups.insert(key.clone(), vec![numbered]);
            }
        }
    }
    let total: usize = groups.values().map(Vec::len).sum();
    let Some((group_key, mut frames)) = groups
        .into_iter()
        .max_by(|(ka, a), (kb, b)| a.len().cmp(&b.len()).then_with(|| kb.cmp(ka)))
    else {
        return Ok(sequence);
    };
    if total > frames.len() {
        sequence.warnings.push(format!(
            "{} other .json files in the folder do not follow the frame names `{}` and were ignored",
            total - frames.len(),
            group_key.replace('#', "<number>")
        ));
    }
    frames.sort_by(Numbered::order);
    note_gaps(&frames, &mut sequence);
    sequence.frame_rate_hz = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|n| fps_hint(&n))
        .or_else(|| fps_hint(&group_key));
    if let Some(rate) = sequence.frame_rate_hz {
        sequence.details.push((
            "frame rate".into(),
            format!("{rate} Hz, from the folder or file names"),
        ));
    }
    let mut names = FrameNames::new(dir);
    for frame in &frames {
        names.push(frame.name);
    }
    names.shrink();
    sequence.names = names;
    Ok(sequence)
}

/// A frame rate written in a name, such as `run_60fps` or `fps-29.97`.
fn fps_hint(name: &str) -> Option<f64> {
    let lower = name.to_ascii_lowercase();
    let at = lower.find("fps")?;
    let is_num = |c: char| c.is_ascii_digit() || c == '.';
    let before = lower.get(..at)?.trim_end_matches([' ', '_', '-']);
    let start = before.rfind(|c: char| !is_num(c)).map_or(0, |i| i + 1);
    let mut text = before.get(start..).unwrap_or("");
    if text.is_empty() {
        let after = lower
            .get(at + 3..)?
            .trim_start_matches([' ', '_', '-', '=']);
        let end = after.find(|c: char| !is_num(c)).unwrap_or(after.len());
        text = after.get(..end).unwrap_or("");
    }
    let rate: f64 = text.trim_matches('.').parse().ok()?;
    (1.0..=10_000.0).contains(&rate).then_some(rate)
}

/// Matches `name` against `pattern` with `*` (any run) and `?` (any one character).
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut at_pattern, mut at_name) = (0, 0);
    // Where the last `*` was, and how much of the name it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    while at_name < name.len() {
        match pattern.get(at_pattern) {
            Some('*') => {
                star = Some((at_pattern, at_name));
                at_pattern += 1;
            }
            Some(&wanted) if wanted == '?' || Some(&wanted) == name.get(at_name) => {
                at_pattern += 1;
                at_name += 1;
            }
            _ => match star {
                Some((star_at, swallowed_to)) => {
                    at_pattern = star_at + 1;
                    at_name = swallowed_to + 1;
                    star = Some((star_at, swallowed_to + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(at_pattern..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_fps_hints() {
        assert!(wildcard_match("cam01.*.json", "cam01.0001.json"));
        assert!(!wildcard_match("cam01.*.json", "cam02.0001.json"));
        assert!(wildcard_match("v_??_k*", "v_12_keypoints.json"));
        assert!(!wildcard_match("v_??_k*", "v_1_keypoints.json"));
        assert!(wildcard_match("*", ""));
        assert_eq!(fps_hint("run_60fps"), Some(60.0));
        assert_eq!(fps_hint("clip FPS-29.97 take2"), Some(29.97));
        assert_eq!(fps_hint("pose2sim_demo_cam1_body25b"), None);
        assert_eq!(fps_hint("fps"), None);
    }
}
