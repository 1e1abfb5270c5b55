//! Joint-angle presets with written conventions.
//!
//! Every preset states which points it uses, its range and its sign, and whether it is measured
//! in 3D or in the image plane (2D clips). Angles are computed in radians and shown in degrees.
//!
//! | preset | definition | range |
//! |---|---|---|
//! | knee flexion | 180° − the angle at the knee between hip and ankle; 0° = straight leg | 0° to 180° |
//! | hip flexion | angle between the trunk line (neck → pelvis, extended) and the thigh (hip → knee); 0° = thigh in line with the trunk | 0° to 180°, unsigned |
//! | elbow flexion | 180° − the angle at the elbow between shoulder and wrist; 0° = straight arm | 0° to 180° |
//! | shoulder elevation | angle between the trunk line (neck → pelvis) and the upper arm (shoulder → elbow); 0° = arm hanging, 180° = overhead | 0° to 180°, unsigned |
//! | ankle dorsiflexion | 90° − the angle at the ankle between knee and toe; positive = toes towards the shin | −90° to 90° |
//! | trunk lean | angle between the trunk (pelvis → neck) and the vertical (the clip's up axis, or up in the image) | 0° to 180° |

use glam::Vec3;

use super::body::{BodyMap, Landmark};
use crate::model::{PersonView, Space};

/// Which kind of angle a preset is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AngleKind {
    /// 180° minus the angle at `b` between `a` and `c`.
    Flexion {
        /// Proximal point.
        a: Landmark,
        /// The joint.
        b: Landmark,
        /// Distal point.
        c: Landmark,
    },
    /// 90° minus the angle at `b` between `a` and `c` (signed ankle convention).
    Dorsiflexion {
        /// Knee.
        a: Landmark,
        /// Ankle.
        b: Landmark,
        /// Toe.
        c: Landmark,
    },
    /// Angle between the direction `from → to` of segment one and `from → to` of segment two.
    Segments {
        /// Start of the first segment.
        a_from: Landmark,
        /// End of the first segment.
        a_to: Landmark,
        /// Start of the second segment.
        b_from: Landmark,
        /// End of the second segment.
        b_to: Landmark,
    },
    /// Angle between the segment `from → to` and the up direction.
    ToVertical {
        /// Start of the segment.
        from: Landmark,
        /// End of the segment.
        to: Landmark,
    },
}

/// A named angle with its convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnglePreset {
    /// Name used in exports and the UI, e.g. `left knee flexion`.
    pub name: &'static str,
    /// How it is computed.
    pub kind: AngleKind,
    /// The convention in one line, shown next to the value.
    pub convention: &'static str,
}

use Landmark as L;

const KNEE: &str = "180° − angle hip–knee–ankle; 0° = straight, 0–180°";
const HIP: &str = "trunk line vs thigh; 0° = in line with the trunk, 0–180° unsigned";
const ELBOW: &str = "180° − angle shoulder–elbow–wrist; 0° = straight, 0–180°";
const SHOULDER: &str = "trunk line vs upper arm; 0° = hanging, 180° = overhead";
const ANKLE: &str = "90° − angle knee–ankle–toe; + = dorsiflexion, −90–90°";
const TRUNK: &str = "pelvis-to-neck line vs vertical; 0° = upright, 0–180°";

/// All presets, in display order.
pub const PRESETS: &[AnglePreset] = &[
    AnglePreset {
        name: "left knee flexion",
        kind: AngleKind::Flexion {
            a: L::LeftHip,
            b: L::LeftKnee,
            c: L::LeftAnkle,
        },
        convention: KNEE,
    },
    AnglePreset {
        name: "right knee flexion",
        kind: AngleKind::Flexion {
            a: L::RightHip,
            b: L::RightKnee,
            c: L::RightAnkle,
        },
        convention: KNEE,
    },
    AnglePreset {
        name: "left hip flexion",
        kind: AngleKind::Segments {
            a_from: L::Neck,
            a_to: L::Pelvis,
            b_from: L::LeftHip,
            b_to: L::LeftKnee,
        },
        convention: HIP,
    },
    AnglePreset {
        name: "right hip flexion",
        kind: AngleKind::Segments {
            a_from: L::Neck,
            a_to: L::Pelvis,
            b_from: L::RightHip,
            b_to: L::RightKnee,
        },
        convention: HIP,
    },
    AnglePreset {
        name: "left elbow flexion",
        kind: AngleKind::Flexion {
            a: L::LeftShoulder,
            b: L::LeftElbow,
            c: L::LeftWrist,
        },
        convention: ELBOW,
    },
    AnglePreset {
        name: "right elbow flexion",
        kind: AngleKind::Flexion {
            a: L::RightShoulder,
            b: L::RightElbow,
            c: L::RightWrist,
        },
        convention: ELBOW,
    },
    AnglePreset {
        name: "left shoulder elevation",
        kind: AngleKind::Segments {
            a_from: L::Neck,
            a_to: L::Pelvis,
            b_from: L::LeftShoulder,
            b_to: L::LeftElbow,
        },
        convention: SHOULDER,
    },
    AnglePreset {
        name: "right shoulder elevation",
        kind: AngleKind::Segments {
            a_from: L::Neck,
            a_to: L::Pelvis,
            b_from: L::RightShoulder,
            b_to: L::RightElbow,
        },
        convention: SHOULDER,
    },
    AnglePreset {
        name: "left ankle dorsiflexion",
        kind: AngleKind::Dorsiflexion {
            a: L::LeftKnee,
            b: L::LeftAnkle,
            c: L::LeftToe,
        },
        convention: ANKLE,
    },
    AnglePreset {
        name: "right ankle dorsiflexion",
        kind: AngleKind::Dorsiflexion {
            a: L::RightKnee,
            b: L::RightAnkle,
            c: L::RightToe,
        },
        convention: ANKLE,
    },
    AnglePreset {
        name: "trunk lean",
        kind: AngleKind::ToVertical {
            from: L::Pelvis,
            to: L::Neck,
        },
        convention: TRUNK,
    },
];

impl AnglePreset {
    /// The landmarks the preset needs.
    #[must_use]
    pub fn landmarks(&self) -> Vec<Landmark> {
        match self.kind {
            AngleKind::Flexion { a, b, c } | AngleKind::Dorsiflexion { a, b, c } => vec![a, b, c],
            AngleKind::Segments {
                a_from,
                a_to,
                b_from,
                b_to,
            } => vec![a_from, a_to, b_from, b_to],
            AngleKind::ToVertical { from, to } => vec![from, to],
        }
    }

    /// True when `map` can find every landmark the preset needs.
    #[must_use]
    pub fn applies_to(&self, map: &BodyMap) -> bool {
        self.landmarks().iter().all(|l| map.source(*l).is_some())
    }

    /// The angle for one person, in radians; `None` when a point is missing or degenerate.
    #[must_use]
    pub fn angle_rad(&self, map: &BodyMap, person: &PersonView<'_>, space: &Space) -> Option<f32> {
        let p = |l: Landmark| map.point(person, l).map(Vec3::from_array);
        match self.kind {
            AngleKind::Flexion { a, b, c } => {
                let inner = angle_between_rad(p(a)? - p(b)?, p(c)? - p(b)?)?;
                Some(std::f32::consts::PI - inner)
            }
            AngleKind::Dorsiflexion { a, b, c } => {
                let inner = angle_between_rad(p(a)? - p(b)?, p(c)? - p(b)?)?;
                Some(std::f32::consts::FRAC_PI_2 - inner)
            }
            AngleKind::Segments {
                a_from,
                a_to,
                b_from,
                b_to,
            } => angle_between_rad(p(a_to)? - p(a_from)?, p(b_to)? - p(b_from)?),
            AngleKind::ToVertical { from, to } => {
                angle_between_rad(p(to)? - p(from)?, Vec3::from_array(space.up.up_vector()))
            }
        }
    }
}

/// The angle between two vectors in radians, in `0..=π`; `None` when either is (nearly) zero.
#[must_use]
pub fn angle_between_rad(a: Vec3, b: Vec3) -> Option<f32> {
    let lengths = a.length() * b.length();
    if !lengths.is_finite() || lengths <= f32::EPSILON {
        return None;
    }
    // atan2 of |a × b| and a · b is accurate near 0 and π, unlike acos of the cosine.
    Some(a.cross(b).length().atan2(a.dot(b)))
}

/// The presets that apply to a skeleton.
#[must_use]
pub fn presets_for(map: &BodyMap) -> Vec<&'static AnglePreset> {
    PRESETS.iter().filter(|p| p.applies_to(map)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LayoutId, PosesBuilder, Units, UpAxis};

    #[test]
    fn right_angle_is_half_pi() {
        let angle = angle_between_rad(Vec3::X, Vec3::Y).unwrap();
        assert!((angle - std::f32::consts::FRAC_PI_2).abs() < 1e-6);
        assert!(angle_between_rad(Vec3::ZERO, Vec3::Y).is_none());
        let straight = angle_between_rad(Vec3::X, -Vec3::X).unwrap();
        assert!((straight - std::f32::consts::PI).abs() < 1e-6);
    }

    /// A H36M-17 person standing on +Z up with the left knee bent 90° forward.
    fn bent_knee_person() -> crate::model::Poses {
        let mut coords = [0.0_f32; 17 * 3];
        let mut set = |j: usize, p: [f32; 3]| coords[j * 3..j * 3 + 3].copy_from_slice(&p);
        set(0, [0.0, 0.0, 1.0]); // pelvis
        set(1, [-0.1, 0.0, 1.0]); // right hip
        set(2, [-0.1, 0.0, 0.55]); // right knee
        set(3, [-0.1, 0.0, 0.1]); // right ankle
        set(4, [0.1, 0.0, 1.0]); // left hip
        set(5, [0.1, 0.0, 0.55]); // left knee
        set(6, [0.1, 0.45, 0.55]); // left ankle: shank horizontal, knee at 90°
        set(7, [0.0, 0.0, 1.25]);
        set(8, [0.0, 0.0, 1.45]);
        set(9, [0.0, 0.0, 1.5]); // neck
        set(10, [0.0, 0.0, 1.7]);
        set(11, [0.2, 0.0, 1.45]);
        set(12, [0.2, 0.0, 1.15]);
        set(13, [0.2, 0.3, 1.15]); // left elbow at 90°
        set(14, [-0.2, 0.0, 1.45]);
        set(15, [-0.2, 0.0, 1.15]);
        set(16, [-0.2, 0.0, 0.85]); // right arm straight
        let mut poses = PosesBuilder::new(17, 3, false, false);
        poses.begin_frame();
        poses.push_person(&coords, None, None);
        poses.finish()
    }

    #[test]
    fn knee_and_elbow_presets_on_a_known_pose() {
        let poses = bent_knee_person();
        let person = poses.frame(0).and_then(|f| f.person(0)).unwrap();
        let map = BodyMap::new(&LayoutId::H36m17.layout().unwrap().skeleton());
        let space = Space::world(Units::M, UpAxis::Z);
        let degrees = |name: &str| {
            let preset = PRESETS.iter().find(|p| p.name == name).unwrap();
            preset
                .angle_rad(&map, &person, &space)
                .unwrap()
                .to_degrees()
        };
        assert!((degrees("left knee flexion") - 90.0).abs() < 1e-3);
        assert!(degrees("right knee flexion").abs() < 1e-3);
        assert!((degrees("left elbow flexion") - 90.0).abs() < 1e-3);
        assert!(degrees("right elbow flexion").abs() < 1e-3);
        assert!(degrees("trunk lean").abs() < 1e-3);
        assert!(degrees("right hip flexion").abs() < 1e-3);
        assert!(degrees("right shoulder elevation").abs() < 1e-3);
        // H36M-17 has no toes: the ankle preset does not apply.
        assert!(!presets_for(&map).iter().any(|p| p.name.contains("ankle")));
    }
}
