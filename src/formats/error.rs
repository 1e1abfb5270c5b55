//! Load errors: one enum for every reader, each naming the file and the place in it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::FormatId;

/// Where in a file a problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line number of a text file.
    Line(usize),
    /// A 0-based byte offset of a binary file.
    Byte(u64),
    /// A JSON path such as `$.annotations[3].keypoints`.
    JsonPath(String),
    /// The file as a whole (no better place is known).
    Whole,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(line) => write!(f, " line {line}"),
            Self::Byte(offset) => write!(f, " byte {offset}"),
            Self::JsonPath(path) => write!(f, " at {path}"),
            Self::Whole => Ok(()),
        }
    }
}

/// Why a file could not be loaded. The message always names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is of a known format but malformed.
    #[error("{}: {format}{location}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: FormatId,
        /// Where the problem is.
        location: Location,
        /// What is wrong, as one readable sentence.
        message: String,
    },
    /// Nothing in the file says which pose format it is.
    #[error("{}: not a pose file posedeck recognises ({hint})", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// What was seen instead.
        hint: String,
    },
    /// A recognised format or variant that posedeck cannot read yet.
    #[error("{}: not supported yet: {what}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is not supported.
        what: String,
    },
}

impl LoadError {
    /// A parse error at `location` of `path`.
    #[must_use]
    pub fn parse(
        path: &Path,
        format: FormatId,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Self::Parse {
            path: path.to_path_buf(),
            format,
            location,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    #[must_use]
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An unsupported variant of a format.
    #[must_use]
    pub fn unsupported(path: &Path, what: impl Into<String>) -> Self {
        Self::Unsupported {
            path: path.to_path_buf(),
            what: what.into(),
        }
    }

    /// The location, for parse errors.
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::Parse { location, .. } => Some(location),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_place() {
        let err = LoadError::parse(
            Path::new("walk.bvh"),
            FormatId::Bvh,
            Location::Line(12),
            "expected a number, found `abc`",
        );
        assert_eq!(
            err.to_string(),
            "walk.bvh: BVH line 12: expected a number, found `abc`"
        );
        let err = LoadError::parse(
            Path::new("a.npy"),
            FormatId::Npy,
            Location::Byte(128),
            "truncated",
        );
        assert_eq!(err.to_string(), "a.npy: NPY byte 128: truncated");
        let err = LoadError::parse(
            Path::new("c.json"),
            FormatId::Coco,
            Location::JsonPath("$.annotations[3]".into()),
            "missing keypoints",
        );
        assert_eq!(
            err.to_string(),
            "c.json: COCO at $.annotations[3]: missing keypoints"
        );
    }
}
