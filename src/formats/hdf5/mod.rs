//! HDF5 pose files, told apart by what they hold (not by their extension):
//!
//! - a **SLEAP project** (`.slp`): a `metadata` group and the `frames` and `instances` tables
//!   ([`crate::formats::sleap::slp`]);
//! - a **SLEAP analysis export** (`.analysis.h5`): `tracks` and `node_names` datasets
//!   ([`crate::formats::sleap::analysis`]);
//! - a **pandas store** (DeepLabCut `.h5`): a group with a `pandas_type` attribute, such as
//!   `/df_with_missing` ([`crate::formats::dlc::h5`]).
//!
//! Files are read with the pure-Rust, read-only `hdf5-reader` crate (no HDF5 C library). Every
//! read is bounded relative to the file's size (see [`file`]), and the crate's code runs
//! behind [`std::panic::catch_unwind`]: a panic in third-party parsing code on a damaged file
//! becomes an error, not a crash.

pub(crate) mod file;
pub(crate) mod number;
pub(crate) mod pickle;
pub(crate) mod table;

use std::panic::AssertUnwindSafe;
use std::path::Path;

use hdf5_reader::Hdf5File;

use super::LoadError;
use crate::model::{Clip, FormatId};
use file::H5;

/// What an HDF5 file holds, judged by its groups, datasets and attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// A SLEAP project (`.slp`): a `metadata` group and `frames` and `instances` tables.
    SleapProject,
    /// A SLEAP analysis export: `tracks` and `node_names` datasets.
    SleapAnalysis,
    /// A pandas store (DeepLabCut): the key (root group) of its frame.
    PandasStore(String),
}

impl Content {
    /// The format the content is read as.
    #[must_use]
    pub fn format(&self) -> FormatId {
        match self {
            Self::SleapProject | Self::SleapAnalysis => FormatId::Sleap,
            Self::PandasStore(_) => FormatId::Dlc,
        }
    }
}

/// Most root groups looked at for a pandas key.
const MAX_GROUPS_EXAMINED: usize = 64;
/// The key DeepLabCut writes its frames under.
const DLC_KEY: &str = "df_with_missing";

/// Recognises the pose format of the HDF5 file at `path` by its content.
///
/// # Errors
/// When the file cannot be opened as HDF5, or holds neither SLEAP nor pandas (DeepLabCut)
/// data; the error names the file.
pub fn detect(path: &Path) -> Result<FormatId, LoadError> {
    guarded(path, || {
        let file = file::open_path(path).map_err(|e| unreadable(path, &e))?;
        classify(&file)
            .map_err(|e| unreadable(path, &e))?
            .map(|content| content.format())
            .map_err(|listing| not_pose(path, &listing))
    })
}

/// Reads an HDF5 pose file (SLEAP project or analysis file, DeepLabCut pandas store).
///
/// # Errors
/// When the file is damaged, holds no pose data posedeck knows, or its pose data are
/// inconsistent; the error names the file.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    guarded(path, || {
        let (h5, content) = open(bytes, path)?;
        match content {
            Content::SleapProject => crate::formats::sleap::slp::read_h5(&h5),
            Content::SleapAnalysis => crate::formats::sleap::analysis::read_h5(&h5),
            Content::PandasStore(key) => crate::formats::dlc::h5::read_h5(&h5, &key),
        }
    })
}

/// Opens `bytes` and finds what they hold.
pub(crate) fn open(bytes: &[u8], path: &Path) -> Result<(H5, Content), LoadError> {
    let guess = if has_extension(path, "slp") {
        FormatId::Sleap
    } else {
        FormatId::Dlc
    };
    let mut h5 = H5::from_bytes(bytes, path, guess).map_err(|e| match guess {
        FormatId::Sleap => e,
        _ => LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: format!(
                "an HDF5 file that cannot be read ({})",
                strip_path(&e, path)
            ),
        },
    })?;
    let content = classify(h5.inner())
        .map_err(|e| h5.fail("cannot read the file's structure", &e))?
        .map_err(|listing| not_pose(path, &listing))?;
    h5.set_format(content.format());
    Ok((h5, content))
}

/// Runs `f`, turning a panic inside it into an error about `path`.
pub(crate) fn guarded<T>(
    path: &Path,
    f: impl FnOnce() -> Result<T, LoadError>,
) -> Result<T, LoadError> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(LoadError::unsupported(
            path,
            "an HDF5 structure the HDF5 reader failed on (an internal error; the file may be damaged)",
        ))
    })
}

/// What the file holds, or (when it is no pose file) a short listing of its root.
fn classify(file: &Hdf5File) -> Result<Result<Content, String>, hdf5_reader::error::Error> {
    let root = file.root_group()?;
    let (groups, datasets) = root.member_names()?;
    let has = |name: &str| datasets.iter().any(|d| d == name);
    if groups.iter().any(|g| g == "metadata") && has("frames") && has("instances") {
        return Ok(Ok(Content::SleapProject));
    }
    if has("tracks") && has("node_names") {
        return Ok(Ok(Content::SleapAnalysis));
    }
    let preferred = groups.iter().filter(|g| *g == DLC_KEY);
    let others = groups.iter().filter(|g| *g != DLC_KEY);
    for name in preferred.chain(others).take(MAX_GROUPS_EXAMINED) {
        let group = root.group(name)?;
        if group.attributes()?.iter().any(|a| a.name == "pandas_type") {
            return Ok(Ok(Content::PandasStore(name.clone())));
        }
    }
    let mut listing: Vec<String> = groups.iter().map(|g| format!("{g}/")).collect();
    listing.extend(datasets.iter().cloned());
    let shown = listing.len().min(8);
    let mut text = listing.get(..shown).unwrap_or_default().join(", ");
    if listing.len() > shown {
        text.push_str(", …");
    }
    Ok(Err(text))
}

/// The error for an HDF5 file without pose content; `listing` names what its root holds.
fn not_pose(path: &Path, listing: &str) -> LoadError {
    let holds = if listing.is_empty() {
        "nothing".to_owned()
    } else {
        listing.to_owned()
    };
    LoadError::UnknownFormat {
        path: path.to_path_buf(),
        hint: format!(
            "an HDF5 file with neither SLEAP nor DeepLabCut data; its root holds {holds}"
        ),
    }
}

/// The error for a file that starts like HDF5 but cannot be opened.
fn unreadable(path: &Path, error: &hdf5_reader::error::Error) -> LoadError {
    let file_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    if has_extension(path, "slp") {
        let what = "cannot read the HDF5 file";
        return file::hdf5_error(path, FormatId::Sleap, file_bytes, what, error);
    }
    LoadError::UnknownFormat {
        path: path.to_path_buf(),
        hint: format!(
            "an HDF5 file that cannot be read: {error}{}",
            file::truncation_hint(error, file_bytes)
        ),
    }
}

/// The message of `error` without the leading path.
fn strip_path(error: &LoadError, path: &Path) -> String {
    let text = error.to_string();
    let prefix = format!("{}: ", path.display());
    text.strip_prefix(&prefix)
        .map_or_else(|| text.clone(), str::to_owned)
}

/// True when `path` ends in `.ext` (any case).
fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
