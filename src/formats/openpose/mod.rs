//! OpenPose (temporary).
use std::path::Path;

use super::LoadError;
use crate::model::Clip;

/// Reads.
///
/// # Errors
/// Always.
pub fn read(_bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    Err(LoadError::unsupported(path, "OpenPose"))
}
