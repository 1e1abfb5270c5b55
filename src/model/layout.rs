//! Skeleton layout presets: the joint orders and bones of the keypoint models people use.
//!
//! Formats that store bare arrays (NPY, OpenPose, COCO results) do not name their joints; the
//! layout says what joint `i` is. Sources: COCO keypoints spec, OpenPose `02_output.md`,
//! Human3.6M as used by VideoPose3D, MediaPipe pose landmarker docs, NTU RGB+D / Kinect v2.

use serde::{Deserialize, Serialize};

use super::skeleton::{Bone, Skeleton};

/// Which layout a skeleton follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayoutId {
    /// COCO dataset person keypoints, 17 joints.
    Coco17,
    /// OpenPose BODY_25, 25 joints.
    Body25,
    /// OpenPose experimental BODY_25B (COCO-17 order plus neck, head top and feet), 25 joints.
    Body25B,
    /// OpenPose COCO model, 18 joints (synthetic neck, right first).
    Coco18,
    /// OpenPose MPI model, 15 joints.
    Mpi15,
    /// Human3.6M 17 joints (VideoPose3D order).
    H36m17,
    /// MediaPipe pose landmarks, 33 points.
    MediaPipe33,
    /// NTU RGB+D / Kinect v2, 25 joints.
    Ntu25,
    /// The skeleton comes from the file itself (BVH, C3D labels, COCO categories, ...).
    FromFile,
}

/// A preset: the names and bones of one layout.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Which layout this is.
    pub id: LayoutId,
    /// Human-readable label for menus, e.g. `OpenPose BODY_25`.
    pub label: &'static str,
    /// Joint names in order.
    pub names: &'static [&'static str],
    /// Bones as pairs of joint indices.
    pub bones: &'static [(usize, usize)],
}

impl Layout {
    /// Builds the [`Skeleton`] of this preset.
    #[must_use]
    pub fn skeleton(&self) -> Skeleton {
        Skeleton::from_names_and_bones(
            self.names.iter().map(|n| (*n).to_owned()).collect(),
            self.bones
                .iter()
                .map(|&(from, to)| Bone { from, to })
                .collect(),
            self.id,
        )
    }
}

impl LayoutId {
    /// Every preset (not [`LayoutId::FromFile`]), in menu order.
    pub const PRESETS: [Self; 8] = [
        Self::Coco17,
        Self::Body25,
        Self::Body25B,
        Self::Coco18,
        Self::Mpi15,
        Self::H36m17,
        Self::MediaPipe33,
        Self::Ntu25,
    ];

    /// The preset's definition, or `None` for [`LayoutId::FromFile`].
    #[must_use]
    pub fn layout(self) -> Option<&'static Layout> {
        Some(match self {
            Self::Coco17 => &COCO17,
            Self::Body25 => &BODY25,
            Self::Body25B => &BODY25B,
            Self::Coco18 => &COCO18,
            Self::Mpi15 => &MPI15,
            Self::H36m17 => &H36M17,
            Self::MediaPipe33 => &MEDIAPIPE33,
            Self::Ntu25 => &NTU25,
            Self::FromFile => return None,
        })
    }

    /// Human-readable label.
    #[must_use]
    pub fn label(self) -> &'static str {
        self.layout().map_or("from file", |l| l.label)
    }

    /// Number of joints of the preset (0 for [`LayoutId::FromFile`]).
    #[must_use]
    pub fn joint_count(self) -> usize {
        self.layout().map_or(0, |l| l.names.len())
    }

    /// The presets with exactly `joints` joints.
    pub fn with_joint_count(joints: usize) -> impl Iterator<Item = Self> {
        Self::PRESETS
            .into_iter()
            .filter(move |id| id.joint_count() == joints)
    }

    /// The most likely preset for an unnamed array of `joints` points in `dims` dimensions.
    ///
    /// 17 points are COCO-17 in images and Human3.6M-17 in 3D; 25 points are BODY_25 in images
    /// and NTU-25 in 3D. The guess is only a start: the UI lets the user pick another layout.
    #[must_use]
    pub fn guess(joints: usize, dims: usize) -> Option<Self> {
        match (joints, dims) {
            (17, 3) => Some(Self::H36m17),
            (17, _) => Some(Self::Coco17),
            (25, 3) => Some(Self::Ntu25),
            (25, _) => Some(Self::Body25),
            (18, _) => Some(Self::Coco18),
            (15, _) => Some(Self::Mpi15),
            (33, _) => Some(Self::MediaPipe33),
            _ => None,
        }
    }
}

/// COCO-17.
pub static COCO17: Layout = Layout {
    id: LayoutId::Coco17,
    label: "COCO-17",
    names: &[
        "nose",
        "left_eye",
        "right_eye",
        "left_ear",
        "right_ear",
        "left_shoulder",
        "right_shoulder",
        "left_elbow",
        "right_elbow",
        "left_wrist",
        "right_wrist",
        "left_hip",
        "right_hip",
        "left_knee",
        "right_knee",
        "left_ankle",
        "right_ankle",
    ],
    bones: &[
        (15, 13),
        (13, 11),
        (16, 14),
        (14, 12),
        (11, 12),
        (5, 11),
        (6, 12),
        (5, 6),
        (5, 7),
        (6, 8),
        (7, 9),
        (8, 10),
        (1, 2),
        (0, 1),
        (0, 2),
        (1, 3),
        (2, 4),
        (3, 5),
        (4, 6),
    ],
};

/// OpenPose BODY_25.
pub static BODY25: Layout = Layout {
    id: LayoutId::Body25,
    label: "OpenPose BODY_25",
    names: &[
        "Nose",
        "Neck",
        "RShoulder",
        "RElbow",
        "RWrist",
        "LShoulder",
        "LElbow",
        "LWrist",
        "MidHip",
        "RHip",
        "RKnee",
        "RAnkle",
        "LHip",
        "LKnee",
        "LAnkle",
        "REye",
        "LEye",
        "REar",
        "LEar",
        "LBigToe",
        "LSmallToe",
        "LHeel",
        "RBigToe",
        "RSmallToe",
        "RHeel",
    ],
    bones: &[
        (1, 8),
        (1, 2),
        (1, 5),
        (2, 3),
        (3, 4),
        (5, 6),
        (6, 7),
        (8, 9),
        (9, 10),
        (10, 11),
        (8, 12),
        (12, 13),
        (13, 14),
        (1, 0),
        (0, 15),
        (15, 17),
        (0, 16),
        (16, 18),
        (14, 19),
        (19, 20),
        (14, 21),
        (11, 22),
        (22, 23),
        (11, 24),
    ],
};

/// OpenPose BODY_25B (Pose2Sim).
pub static BODY25B: Layout = Layout {
    id: LayoutId::Body25B,
    label: "OpenPose BODY_25B",
    names: &[
        "Nose",
        "LEye",
        "REye",
        "LEar",
        "REar",
        "LShoulder",
        "RShoulder",
        "LElbow",
        "RElbow",
        "LWrist",
        "RWrist",
        "LHip",
        "RHip",
        "LKnee",
        "RKnee",
        "LAnkle",
        "RAnkle",
        "UpperNeck",
        "HeadTop",
        "LBigToe",
        "LSmallToe",
        "LHeel",
        "RBigToe",
        "RSmallToe",
        "RHeel",
    ],
    bones: &[
        (0, 1),
        (0, 2),
        (1, 3),
        (2, 4),
        (0, 17),
        (17, 18),
        (17, 5),
        (17, 6),
        (5, 7),
        (7, 9),
        (6, 8),
        (8, 10),
        (5, 11),
        (6, 12),
        (11, 12),
        (11, 13),
        (13, 15),
        (12, 14),
        (14, 16),
        (15, 19),
        (19, 20),
        (15, 21),
        (16, 22),
        (22, 23),
        (16, 24),
    ],
};

/// OpenPose COCO-18.
pub static COCO18: Layout = Layout {
    id: LayoutId::Coco18,
    label: "OpenPose COCO-18",
    names: &[
        "Nose",
        "Neck",
        "RShoulder",
        "RElbow",
        "RWrist",
        "LShoulder",
        "LElbow",
        "LWrist",
        "RHip",
        "RKnee",
        "RAnkle",
        "LHip",
        "LKnee",
        "LAnkle",
        "REye",
        "LEye",
        "REar",
        "LEar",
    ],
    bones: &[
        (1, 2),
        (2, 3),
        (3, 4),
        (1, 5),
        (5, 6),
        (6, 7),
        (1, 8),
        (8, 9),
        (9, 10),
        (1, 11),
        (11, 12),
        (12, 13),
        (1, 0),
        (0, 14),
        (14, 16),
        (0, 15),
        (15, 17),
    ],
};

/// OpenPose MPI-15.
pub static MPI15: Layout = Layout {
    id: LayoutId::Mpi15,
    label: "OpenPose MPI-15",
    names: &[
        "Head",
        "Neck",
        "RShoulder",
        "RElbow",
        "RWrist",
        "LShoulder",
        "LElbow",
        "LWrist",
        "RHip",
        "RKnee",
        "RAnkle",
        "LHip",
        "LKnee",
        "LAnkle",
        "Chest",
    ],
    bones: &[
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 4),
        (1, 5),
        (5, 6),
        (6, 7),
        (1, 14),
        (14, 8),
        (8, 9),
        (9, 10),
        (14, 11),
        (11, 12),
        (12, 13),
    ],
};

/// Human3.6M 17 joints.
pub static H36M17: Layout = Layout {
    id: LayoutId::H36m17,
    label: "Human3.6M-17",
    names: &[
        "Hip",
        "RHip",
        "RKnee",
        "RAnkle",
        "LHip",
        "LKnee",
        "LAnkle",
        "Spine",
        "Thorax",
        "Neck",
        "Head",
        "LShoulder",
        "LElbow",
        "LWrist",
        "RShoulder",
        "RElbow",
        "RWrist",
    ],
    bones: &[
        (0, 1),
        (1, 2),
        (2, 3),
        (0, 4),
        (4, 5),
        (5, 6),
        (0, 7),
        (7, 8),
        (8, 9),
        (9, 10),
        (8, 11),
        (11, 12),
        (12, 13),
        (8, 14),
        (14, 15),
        (15, 16),
    ],
};

/// MediaPipe pose landmarks.
pub static MEDIAPIPE33: Layout = Layout {
    id: LayoutId::MediaPipe33,
    label: "MediaPipe-33",
    names: &[
        "nose",
        "left_eye_inner",
        "left_eye",
        "left_eye_outer",
        "right_eye_inner",
        "right_eye",
        "right_eye_outer",
        "left_ear",
        "right_ear",
        "mouth_left",
        "mouth_right",
        "left_shoulder",
        "right_shoulder",
        "left_elbow",
        "right_elbow",
        "left_wrist",
        "right_wrist",
        "left_pinky",
        "right_pinky",
        "left_index",
        "right_index",
        "left_thumb",
        "right_thumb",
        "left_hip",
        "right_hip",
        "left_knee",
        "right_knee",
        "left_ankle",
        "right_ankle",
        "left_heel",
        "right_heel",
        "left_foot_index",
        "right_foot_index",
    ],
    bones: &[
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 7),
        (0, 4),
        (4, 5),
        (5, 6),
        (6, 8),
        (9, 10),
        (11, 12),
        (11, 13),
        (13, 15),
        (15, 17),
        (15, 19),
        (15, 21),
        (17, 19),
        (12, 14),
        (14, 16),
        (16, 18),
        (16, 20),
        (16, 22),
        (18, 20),
        (11, 23),
        (12, 24),
        (23, 24),
        (23, 25),
        (24, 26),
        (25, 27),
        (26, 28),
        (27, 29),
        (28, 30),
        (29, 31),
        (30, 32),
        (27, 31),
        (28, 32),
    ],
};

/// NTU RGB+D / Kinect v2 25 joints.
pub static NTU25: Layout = Layout {
    id: LayoutId::Ntu25,
    label: "NTU RGB+D / Kinect v2-25",
    names: &[
        "SpineBase",
        "SpineMid",
        "Neck",
        "Head",
        "ShoulderLeft",
        "ElbowLeft",
        "WristLeft",
        "HandLeft",
        "ShoulderRight",
        "ElbowRight",
        "WristRight",
        "HandRight",
        "HipLeft",
        "KneeLeft",
        "AnkleLeft",
        "FootLeft",
        "HipRight",
        "KneeRight",
        "AnkleRight",
        "FootRight",
        "SpineShoulder",
        "HandTipLeft",
        "ThumbLeft",
        "HandTipRight",
        "ThumbRight",
    ],
    bones: &[
        (0, 1),
        (1, 20),
        (20, 2),
        (2, 3),
        (20, 4),
        (4, 5),
        (5, 6),
        (6, 7),
        (20, 8),
        (8, 9),
        (9, 10),
        (10, 11),
        (0, 12),
        (12, 13),
        (13, 14),
        (14, 15),
        (0, 16),
        (16, 17),
        (17, 18),
        (18, 19),
        (7, 21),
        (7, 22),
        (11, 23),
        (11, 24),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::side::Side;

    #[test]
    fn every_preset_is_consistent() {
        for id in LayoutId::PRESETS {
            let layout = id.layout().expect("preset");
            assert_eq!(layout.id, id);
            let skeleton = layout.skeleton();
            assert_eq!(
                skeleton.bones().len(),
                layout.bones.len(),
                "{}: bone out of range",
                layout.label
            );
            let left = skeleton
                .sides()
                .iter()
                .filter(|s| **s == Side::Left)
                .count();
            let right = skeleton
                .sides()
                .iter()
                .filter(|s| **s == Side::Right)
                .count();
            assert_eq!(left, right, "{}: left/right joints differ", layout.label);
            assert!(left > 0, "{}", layout.label);
        }
    }

    #[test]
    fn guesses_by_count_and_dims() {
        assert_eq!(LayoutId::guess(17, 3), Some(LayoutId::H36m17));
        assert_eq!(LayoutId::guess(17, 2), Some(LayoutId::Coco17));
        assert_eq!(LayoutId::guess(25, 2), Some(LayoutId::Body25));
        assert_eq!(LayoutId::guess(7, 2), None);
        assert_eq!(LayoutId::with_joint_count(25).count(), 3);
    }
}
