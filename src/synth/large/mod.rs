//! Large benchmark inputs at the scale users have (issue 10), written deterministically on
//! demand, outside the repository: a one-hour BVH, ten-minute C3D trials (float and integer
//! storage, more than 65,535 frames), a COCO keypoints file of 150,000 images, an OpenPose folder
//! of 108,000 frame files and a `(432000, 17, 3)` NPY array.
//!
//! `cargo run --release --example gen_large -- DIR [--only NAME] [--smoke]` writes them; the
//! `open` benchmark calls [`LargeInput::ensure`] itself. A smoke scale (one hundredth of the
//! frames) keeps CI fast.

mod bvh;
mod images;
mod markers;
mod walker;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::formats::c3d::PointStorage;

pub use bvh::write as write_bvh;
pub use walker::{Walker, jitter};

/// One of the large inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LargeInput {
    /// BVH, one hour at 120 fps, CMU-style 31 joints (about 400 MB).
    Bvh,
    /// C3D, ten minutes at 200 Hz, 60 markers, float storage.
    C3dFloat,
    /// The same trial in scaled-integer storage.
    C3dInteger,
    /// COCO keypoints, 150,000 images and 260,000 annotations with segmentation polygons.
    Coco,
    /// OpenPose, a folder of 108,000 frame files (one hour at 30 fps, 1 to 3 people).
    OpenPose,
    /// NPY, `(432000, 17, 3)` float32.
    Npy,
}

/// Full size or the short smoke size (a hundredth of the frames).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// The sizes of the issue.
    Full,
    /// One hundredth of the frames, for CI.
    Smoke,
}

impl LargeInput {
    /// Every input, in the benchmark's order.
    pub const ALL: [Self; 6] = [
        Self::Bvh,
        Self::C3dFloat,
        Self::C3dInteger,
        Self::Coco,
        Self::OpenPose,
        Self::Npy,
    ];

    /// Short name, as `--only` takes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Bvh => "bvh",
            Self::C3dFloat => "c3d-float",
            Self::C3dInteger => "c3d-int",
            Self::Coco => "coco",
            Self::OpenPose => "openpose",
            Self::Npy => "npy",
        }
    }

    /// The input of a short name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    /// File (or folder) name inside the output folder.
    #[must_use]
    pub fn file_name(self, scale: Scale) -> String {
        let stem = match self {
            Self::Bvh => "walk_1h_cmu31.bvh",
            Self::C3dFloat => "markers_10min_float.c3d",
            Self::C3dInteger => "markers_10min_int.c3d",
            Self::Coco => "person_keypoints_150k.json",
            Self::OpenPose => "openpose_1h",
            Self::Npy => "h36m_432000.npy",
        };
        match scale {
            Scale::Full => stem.to_owned(),
            Scale::Smoke => format!("smoke_{stem}"),
        }
    }

    /// Frames (images for COCO) at full size.
    #[must_use]
    pub fn full_frames(self) -> usize {
        match self {
            Self::Bvh | Self::Npy => 432_000,
            Self::C3dFloat | Self::C3dInteger => 120_000,
            Self::Coco => 150_000,
            Self::OpenPose => 108_000,
        }
    }

    /// Frames (images for COCO) at `scale`.
    #[must_use]
    pub fn frames(self, scale: Scale) -> usize {
        match scale {
            Scale::Full => self.full_frames(),
            Scale::Smoke => self.full_frames() / 100,
        }
    }

    /// Writes the input into `dir` and returns its path. The file (or folder) is written under a
    /// temporary name and renamed, so an interrupted run leaves no half file behind.
    ///
    /// # Errors
    /// When the folder or file cannot be written.
    pub fn write(self, dir: &Path, scale: Scale) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(self.file_name(scale));
        let partial = dir.join(format!(".partial_{}", self.file_name(scale)));
        if partial.is_dir() {
            std::fs::remove_dir_all(&partial)?;
        }
        let frames = self.frames(scale);
        let to_file = |write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
            let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&partial)?);
            write(&mut out)?;
            out.flush()
        };
        match self {
            Self::Bvh => to_file(&|out| bvh::write(&mut WriteRef(out), frames, 120.0))?,
            Self::C3dFloat | Self::C3dInteger => {
                let storage = if self == Self::C3dFloat {
                    PointStorage::Float
                } else {
                    PointStorage::Integer
                };
                std::fs::write(&partial, markers::c3d_bytes(frames, 200.0, storage))?;
            }
            Self::Coco => to_file(&|out| images::write_coco(&mut WriteRef(out), frames))?,
            Self::OpenPose => images::write_openpose(&partial, frames)?,
            Self::Npy => std::fs::write(&partial, markers::npy_bytes(frames, 120.0))?,
        }
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::rename(&partial, &path)?;
        Ok(path)
    }

    /// The input's path in `dir`, written first when it is not there yet.
    ///
    /// # Errors
    /// When it has to be written and cannot be.
    pub fn ensure(self, dir: &Path, scale: Scale) -> std::io::Result<PathBuf> {
        let path = dir.join(self.file_name(scale));
        if path.exists() {
            Ok(path)
        } else {
            self.write(dir, scale)
        }
    }
}

/// A `&mut dyn Write` as a sized writer.
struct WriteRef<'a>(&'a mut dyn Write);

impl Write for WriteRef<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.write_all(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_smoke_files_are_written() {
        for input in LargeInput::ALL {
            assert_eq!(LargeInput::from_name(input.name()), Some(input));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = LargeInput::Npy.ensure(dir.path(), Scale::Smoke).unwrap();
        assert!(path.ends_with("smoke_h36m_432000.npy"));
        assert!(std::fs::metadata(&path).unwrap().len() > 4320 * 17 * 3 * 4);
    }
}
