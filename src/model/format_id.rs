//! Which file format a clip was read from.

use serde::{Deserialize, Serialize};

/// A file format posedeck reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormatId {
    /// Biovision Hierarchy motion capture (text).
    Bvh,
    /// C3D biomechanics marker and analog data (binary).
    C3d,
    /// COCO keypoints JSON (ground truth or results list).
    Coco,
    /// OpenPose per-frame JSON (one file or a folder of them).
    OpenPose,
    /// NumPy `.npy` array.
    Npy,
    /// NumPy `.npz` archive of arrays.
    Npz,
    /// OpenSim TRC marker trajectories.
    Trc,
    /// DeepLabCut CSV.
    Dlc,
    /// SLEAP project or analysis file.
    Sleap,
    /// NTU RGB+D `.skeleton`.
    Ntu,
    /// CMU Panoptic 3D body JSON.
    Panoptic,
    /// pose-format `.pose` binary.
    Pose,
    /// MediaPipe landmarks as JSON or CSV.
    MediaPipe,
}

impl FormatId {
    /// The lower-case name used by `posedeck info` and `library`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bvh => "bvh",
            Self::C3d => "c3d",
            Self::Coco => "coco",
            Self::OpenPose => "openpose",
            Self::Npy => "npy",
            Self::Npz => "npz",
            Self::Trc => "trc",
            Self::Dlc => "dlc",
            Self::Sleap => "sleap",
            Self::Ntu => "ntu",
            Self::Panoptic => "panoptic",
            Self::Pose => "pose",
            Self::MediaPipe => "mediapipe",
        }
    }

    /// A short upper-case label for messages, e.g. `BVH`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Bvh => "BVH",
            Self::C3d => "C3D",
            Self::Coco => "COCO",
            Self::OpenPose => "OpenPose",
            Self::Npy => "NPY",
            Self::Npz => "NPZ",
            Self::Trc => "TRC",
            Self::Dlc => "DeepLabCut",
            Self::Sleap => "SLEAP",
            Self::Ntu => "NTU",
            Self::Panoptic => "Panoptic",
            Self::Pose => "pose-format",
            Self::MediaPipe => "MediaPipe",
        }
    }
}

impl std::fmt::Display for FormatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
