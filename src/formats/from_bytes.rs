//! Reading a clip from bytes already in memory, so a caller that walks many files (the clip
//! library) reads each file from disk once: the same bytes are sniffed and parsed.

use std::path::Path;

use super::sniff::{self, Sniffed};
use super::{LoadError, LoadOptions, SNIFF_BYTES, apply_options};
use super::{
    bvh, c3d, coco, dlc, hdf5, mediapipe, npy, npz, ntu, openpose, panoptic, pose_format, sleap,
    trc,
};
use crate::model::{Clip, FormatId};

/// The clip in `bytes` (the whole content of the file `path`), or `Ok(None)` when the content
/// is not a pose format posedeck recognises (including HDF5 files without pose data).
///
/// # Errors
/// When the content is a recognised format but malformed or not supported; the error names
/// the file.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Option<Clip>, LoadError> {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let result = match sniff::sniff(path, head) {
        Sniffed::Unknown => return Ok(None),
        Sniffed::Hdf5 => hdf5::read(bytes, path),
        Sniffed::Format(format) => read_as(format, bytes, path),
    };
    match result {
        Ok(mut clip) => {
            apply_options(&mut clip, &LoadOptions::default());
            Ok(Some(clip))
        }
        Err(LoadError::UnknownFormat { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Parses `bytes`, the content of the file `path`, as `format` (the one reader dispatch, used by
/// [`super::load_with`] too).
///
/// # Errors
/// The reader's error, naming the file and the place.
pub(super) fn read_as(format: FormatId, bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    match format {
        FormatId::Bvh => bvh::read(bytes, path),
        FormatId::C3d => c3d::read(bytes, path),
        FormatId::Coco => coco::read(bytes, path),
        FormatId::OpenPose => openpose::read(bytes, path),
        FormatId::Npy => npy::read(bytes, path),
        FormatId::Npz => npz::read(bytes, path),
        FormatId::Trc => trc::read(bytes, path),
        FormatId::Dlc if sniff::sniff(path, bytes) == Sniffed::Hdf5 => dlc::h5::read(bytes, path),
        FormatId::Dlc => dlc::read(bytes, path),
        FormatId::Sleap => sleap::read(bytes, path),
        FormatId::Panoptic => panoptic::read(bytes, path),
        FormatId::Ntu => ntu::read(bytes, path),
        FormatId::Pose => pose_format::read(bytes, path),
        FormatId::MediaPipe => mediapipe::read(bytes, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_content_is_none_and_broken_pose_data_is_an_error() {
        let p = Path::new("x.dat");
        assert!(load_bytes(p, b"hello world").unwrap().is_none());
        let err = load_bytes(Path::new("b.bvh"), b"HIERARCHY\nROOT\n").unwrap_err();
        assert!(err.to_string().contains("b.bvh"), "{err}");
    }

    #[test]
    fn agrees_with_loading_by_path() {
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        for name in [
            "walk.bvh",
            "walk_h36m.npy",
            "jump_coco.json",
            "squat_markers.c3d",
            "walk_markers.trc",
        ] {
            let path = &assets.join(name);
            let bytes = std::fs::read(path).unwrap();
            let a = load_bytes(path, &bytes).unwrap().unwrap();
            let b = super::super::load(path).unwrap();
            assert_eq!(a.frame_count(), b.frame_count(), "{}", path.display());
            assert_eq!(a.skeleton.names(), b.skeleton.names());
        }
    }
}
