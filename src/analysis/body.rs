//! Finds the anatomical landmarks (hips, knees, shoulders, ...) in any skeleton by joint name, so
//! angle presets work on layout presets and on skeletons read from files (BVH rigs, TRC, C3D).

use crate::model::{PersonView, Skeleton};

/// An anatomical landmark an angle preset needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Landmark {
    /// Centre of the pelvis (root, mid-hip).
    Pelvis,
    /// Base of the neck (between the shoulders).
    Neck,
    /// Top of the head or the head centre.
    Head,
    /// Left shoulder (gleno-humeral joint).
    LeftShoulder,
    /// Left elbow.
    LeftElbow,
    /// Left wrist.
    LeftWrist,
    /// Left hip.
    LeftHip,
    /// Left knee.
    LeftKnee,
    /// Left ankle.
    LeftAnkle,
    /// Left toe (tip or base of the big toe).
    LeftToe,
    /// Left heel.
    LeftHeel,
    /// Right shoulder.
    RightShoulder,
    /// Right elbow.
    RightElbow,
    /// Right wrist.
    RightWrist,
    /// Right hip.
    RightHip,
    /// Right knee.
    RightKnee,
    /// Right ankle.
    RightAnkle,
    /// Right toe.
    RightToe,
    /// Right heel.
    RightHeel,
}

/// How a landmark is found in a skeleton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A joint, by index.
    Joint(usize),
    /// The midpoint of two joints (e.g. the pelvis of COCO-17 is between the hips).
    Mid(usize, usize),
}

/// Landmark names as they appear in common skeletons, compared after lower-casing and removing
/// everything that is not a letter or digit. Earlier names win. Rig-specific names (CMU's
/// `LeftArm` is the shoulder joint, its `LeftShoulder` the clavicle) come first.
const ALIASES: &[(Landmark, &[&str])] = &[
    (
        Landmark::Pelvis,
        &[
            "hips",
            "pelvis",
            "midhip",
            "spinebase",
            "bodycenter",
            "hip",
            "root",
            "sacrum",
        ],
    ),
    (
        Landmark::Neck,
        &[
            "neck",
            "spineshoulder",
            "upperneck",
            "thorax",
            "neck1",
            "c7",
        ],
    ),
    (Landmark::Head, &["headtop", "head", "headend", "nose"]),
    (
        Landmark::LeftShoulder,
        &[
            "leftarm",
            "leftuparm",
            "lshoulder",
            "leftshoulder",
            "shoulderleft",
            "lsho",
            "lsjc",
        ],
    ),
    (
        Landmark::LeftElbow,
        &[
            "leftforearm",
            "leftlowarm",
            "lelbow",
            "leftelbow",
            "elbowleft",
            "lelb",
            "lejc",
        ],
    ),
    (
        Landmark::LeftWrist,
        &[
            "lefthand",
            "lwrist",
            "leftwrist",
            "wristleft",
            "lwri",
            "lwjc",
            "lwra",
        ],
    ),
    (
        Landmark::LeftHip,
        &["leftupleg", "lefthip", "lhip", "hipleft", "lthigh", "lhjc"],
    ),
    (
        Landmark::LeftKnee,
        &[
            "leftleg",
            "leftknee",
            "lknee",
            "kneeleft",
            "lkne",
            "lkjc",
            "leftlowleg",
        ],
    ),
    (
        Landmark::LeftAnkle,
        &[
            "leftfoot",
            "leftankle",
            "lankle",
            "ankleleft",
            "lank",
            "lajc",
        ],
    ),
    (
        Landmark::LeftToe,
        &[
            "lefttoebase",
            "lefttoe",
            "lbigtoe",
            "leftfootindex",
            "lefttoes",
            "ltoe",
            "footleft",
            "lmt2",
        ],
    ),
    (Landmark::LeftHeel, &["lheel", "leftheel", "lhee"]),
    (
        Landmark::RightShoulder,
        &[
            "rightarm",
            "rightuparm",
            "rshoulder",
            "rightshoulder",
            "shoulderright",
            "rsho",
            "rsjc",
        ],
    ),
    (
        Landmark::RightElbow,
        &[
            "rightforearm",
            "rightlowarm",
            "relbow",
            "rightelbow",
            "elbowright",
            "relb",
            "rejc",
        ],
    ),
    (
        Landmark::RightWrist,
        &[
            "righthand",
            "rwrist",
            "rightwrist",
            "wristright",
            "rwri",
            "rwjc",
            "rwra",
        ],
    ),
    (
        Landmark::RightHip,
        &[
            "rightupleg",
            "righthip",
            "rhip",
            "hipright",
            "rthigh",
            "rhjc",
        ],
    ),
    (
        Landmark::RightKnee,
        &[
            "rightleg",
            "rightknee",
            "rknee",
            "kneeright",
            "rkne",
            "rkjc",
            "rightlowleg",
        ],
    ),
    (
        Landmark::RightAnkle,
        &[
            "rightfoot",
            "rightankle",
            "rankle",
            "ankleright",
            "rank",
            "rajc",
        ],
    ),
    (
        Landmark::RightToe,
        &[
            "righttoebase",
            "righttoe",
            "rbigtoe",
            "rightfootindex",
            "righttoes",
            "rtoe",
            "footright",
            "rmt2",
        ],
    ),
    (Landmark::RightHeel, &["rheel", "rightheel", "rhee"]),
];

fn normalise(name: &str) -> String {
    let base = name.rsplit(':').next().unwrap_or(name);
    base.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where each landmark is in one skeleton.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyMap {
    found: Vec<(Landmark, Source)>,
}

impl BodyMap {
    /// Maps the landmarks of `skeleton` by name; the pelvis and neck fall back to the midpoint
    /// of the hips and of the shoulders when the skeleton has no such joint (COCO-17).
    #[must_use]
    pub fn new(skeleton: &Skeleton) -> Self {
        let names: Vec<String> = skeleton.names().iter().map(|n| normalise(n)).collect();
        let mut found = Vec::new();
        for (landmark, aliases) in ALIASES {
            let hit = aliases
                .iter()
                .find_map(|alias| names.iter().position(|n| n == alias));
            if let Some(index) = hit {
                found.push((*landmark, Source::Joint(index)));
            }
        }
        let mut map = Self { found };
        for (target, (a, b)) in [
            (Landmark::Pelvis, (Landmark::LeftHip, Landmark::RightHip)),
            (
                Landmark::Neck,
                (Landmark::LeftShoulder, Landmark::RightShoulder),
            ),
        ] {
            if map.source(target).is_none()
                && let (Some(Source::Joint(i)), Some(Source::Joint(j))) =
                    (map.source(a), map.source(b))
            {
                map.found.push((target, Source::Mid(i, j)));
            }
        }
        map
    }

    /// How `landmark` is found, if the skeleton has it.
    #[must_use]
    pub fn source(&self, landmark: Landmark) -> Option<Source> {
        self.found
            .iter()
            .find(|(l, _)| *l == landmark)
            .map(|(_, s)| *s)
    }

    /// The position of `landmark` for one person, or `None` when unknown or missing.
    #[must_use]
    pub fn point(&self, person: &PersonView<'_>, landmark: Landmark) -> Option<[f32; 3]> {
        match self.source(landmark)? {
            Source::Joint(i) => person.joint(i),
            Source::Mid(i, j) => {
                let (a, b) = (person.joint(i)?, person.joint(j)?);
                Some([
                    f32::midpoint(a[0], b[0]),
                    f32::midpoint(a[1], b[1]),
                    f32::midpoint(a[2], b[2]),
                ])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LayoutId, Skeleton};

    fn map_of(names: &[&str]) -> BodyMap {
        BodyMap::new(&Skeleton::from_names_and_bones(
            names.iter().map(|n| (*n).to_owned()).collect(),
            vec![],
            LayoutId::FromFile,
        ))
    }

    #[test]
    fn cmu_rig_uses_arm_not_clavicle() {
        let map = map_of(&["Hips", "LeftShoulder", "LeftArm", "LeftForeArm", "LeftHand"]);
        assert_eq!(map.source(Landmark::LeftShoulder), Some(Source::Joint(2)));
        assert_eq!(map.source(Landmark::LeftElbow), Some(Source::Joint(3)));
        assert_eq!(map.source(Landmark::Pelvis), Some(Source::Joint(0)));
    }

    #[test]
    fn every_preset_has_the_limbs() {
        for id in LayoutId::PRESETS {
            let map = BodyMap::new(&id.layout().expect("preset").skeleton());
            for landmark in [
                Landmark::Pelvis,
                Landmark::Neck,
                Landmark::LeftShoulder,
                Landmark::LeftElbow,
                Landmark::LeftWrist,
                Landmark::LeftHip,
                Landmark::LeftKnee,
                Landmark::LeftAnkle,
                Landmark::RightShoulder,
                Landmark::RightElbow,
                Landmark::RightWrist,
                Landmark::RightHip,
                Landmark::RightKnee,
                Landmark::RightAnkle,
            ] {
                assert!(
                    map.source(landmark).is_some(),
                    "{}: no {landmark:?}",
                    id.label()
                );
            }
        }
    }

    #[test]
    fn coco_pelvis_is_between_the_hips() {
        let map = BodyMap::new(&LayoutId::Coco17.layout().expect("coco").skeleton());
        assert_eq!(map.source(Landmark::Pelvis), Some(Source::Mid(11, 12)));
    }
}
