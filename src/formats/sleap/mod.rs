//! SLEAP files (HDF5): projects (`.slp`, [`slp`]) and analysis exports (`.analysis.h5`,
//! [`analysis`]). Both give a 2D clip in image pixels with one person per instance or track,
//! the track index as track id, the point score as confidence and the file's own skeleton.
//! Which of the two a file is comes from its content (see [`crate::formats::hdf5`]).

pub mod analysis;
mod axes;
pub mod project;
mod skeleton;
pub mod slp;
mod slp_report;

use std::path::Path;

use serde_json::Value;

use super::hdf5::{self, Content};
use super::{LoadError, Location};
use crate::model::Clip;

/// Reads a SLEAP project or analysis file.
///
/// # Errors
/// When the file is not a SLEAP file, is damaged or inconsistent; the error names the file.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    hdf5::guarded(path, || {
        let (h5, content) = hdf5::open(bytes, path)?;
        match content {
            Content::SleapProject => slp::read_h5(&h5),
            Content::SleapAnalysis => analysis::read_h5(&h5),
            Content::PandasStore(_) => Err(LoadError::parse(
                path,
                content.format(),
                Location::Whole,
                "a pandas (DeepLabCut) store, not a SLEAP file",
            )),
        }
    })
}

/// The frame rate a video's backend metadata stores (`fps`), when positive and finite.
fn fps(backend: &Value) -> Option<f64> {
    backend
        .get("fps")
        .and_then(Value::as_f64)
        .filter(|f| f.is_finite() && *f > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_rate_from_backend_metadata() {
        let with = serde_json::json!({"filename": "a.mp4", "fps": 30.0});
        assert_eq!(fps(&with), Some(30.0));
        assert_eq!(fps(&serde_json::json!({"fps": 0})), None);
        assert_eq!(fps(&serde_json::json!({"fps": null})), None);
        assert_eq!(fps(&serde_json::json!({})), None);
    }
}
