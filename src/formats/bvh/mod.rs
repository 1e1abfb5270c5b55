//! BVH reader (being written).
mod document;

use std::path::Path;

pub use document::{BvhDocument, BvhJoint, Channel};

use super::LoadError;
use crate::model::Clip;

/// Reads a BVH file.
///
/// # Errors
/// Always, for now.
pub fn read(_bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    Err(LoadError::unsupported(path, "BVH"))
}
