//! A verbatim copy of the folder listing before the compact one (test only, without its
//! tests): the reference the new listing is compared with.

//! Finding the frame files of a sequence: every `.json` file of a folder (or those matching a
//! `*`/`?` pattern such as `out/cam01.*.json`), ordered by the number in the name, not
//! lexically (`…_9_keypoints.json` before `…_10_keypoints.json`).
//!
//! The frame number is the last run of digits in the file stem. Files are grouped by their
//! name with that number taken out (`video_#_keypoints`); the biggest group is the sequence
//! and other JSON files beside it are ignored with a warning. Gaps and repeated numbers are
//! reported, not filled.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::io(path, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_json = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let wanted = pattern
            .as_deref()
            .map_or(is_json, |p| wildcard_match(p, &name));
        if wanted && entry.path().is_file() {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: if pattern.is_some() {
                "no file matches the pattern".into()
            } else {
                "a folder without .json frame files".into()
            },
        });
    }
    let mut listing = Listing::default();
    let mut groups: HashMap<String, Vec<Numbered>> = HashMap::new();
    for name in names {
        let numbered = Numbered::new(name);
        groups
            .entry(numbered.key.clone())
            .or_default()
            .push(numbered);
    }
    let total: usize = groups.values().map(Vec::len).sum();
    let Some(mut frames) = groups
        .into_values()
        .max_by(|a, b| a.len().cmp(&b.len()).then_with(|| key_of(b).cmp(key_of(a))))
    else {
        return Ok(listing);
    };
    if total > frames.len() {
        listing.warnings.push(format!(
            "{} other .json files in the folder do not follow the frame names `{}` and were ignored",
            total - frames.len(),
            key_of(&frames).replace('#', "<number>")
        ));
    }
    frames.sort_by(Numbered::order);
    note_gaps(&frames, &mut listing);
    listing.frame_rate_hz = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|n| fps_hint(&n))
        .or_else(|| fps_hint(key_of(&frames)));
    if let Some(rate) = listing.frame_rate_hz {
        listing.details.push((
            "frame rate".into(),
            format!("{rate} Hz, from the folder or file names"),
        ));
    }
    listing.files = frames.into_iter().map(|f| dir.join(f.name)).collect();
    Ok(listing)
}

/// A file name with its frame number.
#[derive(Clone, Debug)]
struct Numbered {
    name: String,
    /// The last digit run of the stem, without leading zeros (compared by length, then text).
    digits: Option<String>,
    key: String,
}

impl Numbered {
    fn new(name: String) -> Self {
        let stem_len = name.rfind('.').unwrap_or(name.len());
        let stem = name.get(..stem_len).unwrap_or(&name);
        let end = stem.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1);
        let (digits, key) = match end {
            Some(end) => {
                let start = stem
                    .get(..end)
                    .and_then(|s| s.rfind(|c: char| !c.is_ascii_digit()))
                    .map_or(0, |i| i + 1);
                let run = stem.get(start..end).unwrap_or("");
                let trimmed = run.trim_start_matches('0');
                let digits = if trimmed.is_empty() { "0" } else { trimmed };
                let key = format!(
                    "{}#{}",
                    stem.get(..start).unwrap_or(""),
                    name.get(end..).unwrap_or("")
                );
                (Some(digits.to_owned()), key)
            }
            None => (None, name.clone()),
        };
        Self { name, digits, key }
    }

    fn order(a: &Self, b: &Self) -> Ordering {
        let by_number = match (&a.digits, &b.digits) {
            (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_number.then_with(|| a.name.cmp(&b.name))
    }

    fn number(&self) -> Option<u128> {
        self.digits.as_deref().and_then(|d| d.parse().ok())
    }
}

fn key_of(group: &[Numbered]) -> &str {
    group.first().map_or("", |n| n.key.as_str())
}

/// Warns about missing and repeated frame numbers; records the number range.
fn note_gaps(frames: &[Numbered], listing: &mut Listing) {
    let numbers: Vec<u128> = frames.iter().filter_map(Numbered::number).collect();
    if numbers.len() != frames.len() {
        return;
    }
    let (Some(first), Some(last)) = (numbers.first(), numbers.last()) else {
        return;
    };
    listing
        .details
        .push(("frame numbers".into(), format!("{first} to {last}")));
    let mut missing: u128 = 0;
    let mut first_gap = None;
    let mut repeated = 0_usize;
    for pair in numbers.windows(2) {
        let [a, b] = pair else { continue };
        if b == a {
            repeated += 1;
        } else if b - a > 1 {
            missing = missing.saturating_add(b - a - 1);
            first_gap.get_or_insert((*a, *b));
        }
    }
    if let Some((a, b)) = first_gap {
        listing.warnings.push(format!(
            "{missing} frame numbers are missing from the sequence (first gap: {a} to {b}); \
             the frames around the gaps are shown one after the other"
        ));
    }
    if repeated > 0 {
        listing.warnings.push(format!(
            "{repeated} frame files repeat a frame number already used"
        ));
    }
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
