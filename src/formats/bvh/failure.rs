//! A parse failure at a line, before it is turned into a [`LoadError`] naming the file.

use std::path::Path;

use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// What went wrong and on which 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Failure {
    /// 1-based line number.
    pub line: usize,
    /// One readable sentence.
    pub message: String,
}

impl Failure {
    /// A failure on `line`.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }

    /// The error for the file at `path`.
    pub fn into_load_error(self, path: &Path) -> LoadError {
        LoadError::parse(path, FormatId::Bvh, Location::Line(self.line), self.message)
    }
}
