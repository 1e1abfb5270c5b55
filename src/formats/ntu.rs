//! stub
use std::path::Path;
use super::LoadError;
use crate::model::Clip;
/// stub
///
/// # Errors
/// stub
pub fn read(_bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    Err(LoadError::unsupported(path, "x"))
}
