//! MediaPipe landmarks (being written).
use std::path::Path;

use super::LoadError;
use crate::model::Clip;

/// Reads MediaPipe landmarks.
///
/// # Errors
/// Always, for now.
pub fn read(_bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    Err(LoadError::unsupported(path, "MediaPipe"))
}
