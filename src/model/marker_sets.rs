//! Bones for bare marker clouds (C3D, TRC): recognise common marker sets by their labels and
//! connect them, so a coach sees segments instead of a cloud of dots.
//!
//! Three kinds of set are recognised, in this order:
//! 1. Anatomical keypoint names (OpenSim / Pose2Sim TRC, triangulated OpenPose): `RHip`, `RKnee`,
//!    `LShoulder`, `Neck`, `Head`, ... connected as a stick figure.
//! 2. Vicon Plug-in Gait and its lower-body subset Helen Hayes: `LASI`, `RASI`, `SACR` / `LPSI`,
//!    `LTHI`, `LKNE`, `LTIB`, `LANK`, `LHEE`, `LTOE`, `C7`, `CLAV`, `LSHO`, `LELB`, `LWRA`, ...
//! 3. Rigid marker clusters named by segment and number (`RTH1`..`RTH4`, `LSK1`.., `PV1`..):
//!    each cluster is outlined, so the thigh, shank and foot clusters read as segments.
//!
//! Labels are compared case-insensitively after dropping a `Subject:` prefix.

use super::skeleton::Bone;

/// Which marker set was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerSet {
    /// Anatomical keypoint names (OpenSim / Pose2Sim).
    Keypoints,
    /// Vicon Plug-in Gait (full body) or Helen Hayes (lower body).
    PlugInGait,
    /// Numbered rigid clusters per segment.
    Clusters,
}

impl MarkerSet {
    /// A label for the clip's details.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Keypoints => "anatomical keypoints (OpenSim / Pose2Sim names)",
            Self::PlugInGait => "Vicon Plug-in Gait / Helen Hayes",
            Self::Clusters => "numbered marker clusters (outlined per segment)",
        }
    }
}

/// Keypoint-name stick figure, `{s}` standing for `L` and `R`.
const KEYPOINT_BONES: &[(&str, &str)] = &[
    ("{s}hip", "{s}knee"),
    ("{s}knee", "{s}ankle"),
    ("{s}ankle", "{s}heel"),
    ("{s}ankle", "{s}bigtoe"),
    ("{s}bigtoe", "{s}smalltoe"),
    ("{s}heel", "{s}bigtoe"),
    ("{s}shoulder", "{s}elbow"),
    ("{s}elbow", "{s}wrist"),
    ("neck", "{s}shoulder"),
    ("neck", "{s}hip"),
    ("{s}eye", "nose"),
    ("{s}ear", "{s}eye"),
    ("lhip", "rhip"),
    ("hip", "{s}hip"),
    ("neck", "head"),
    ("head", "nose"),
    ("neck", "nose"),
];

/// Plug-in Gait segments, `{s}` standing for `L` and `R`.
const PIG_BONES: &[(&str, &str)] = &[
    ("lasi", "rasi"),
    ("{s}asi", "{s}psi"),
    ("lpsi", "rpsi"),
    ("{s}asi", "sacr"),
    ("{s}asi", "{s}thi"),
    ("{s}thi", "{s}kne"),
    ("{s}kne", "{s}tib"),
    ("{s}tib", "{s}ank"),
    ("{s}ank", "{s}hee"),
    ("{s}ank", "{s}toe"),
    ("{s}hee", "{s}toe"),
    ("lfhd", "rfhd"),
    ("lbhd", "rbhd"),
    ("{s}fhd", "{s}bhd"),
    ("c7", "t10"),
    ("c7", "clav"),
    ("clav", "strn"),
    ("t10", "strn"),
    ("c7", "{s}sho"),
    ("clav", "{s}sho"),
    ("{s}sho", "{s}upa"),
    ("{s}upa", "{s}elb"),
    ("{s}elb", "{s}frm"),
    ("{s}frm", "{s}wra"),
    ("{s}wra", "{s}wrb"),
    ("{s}wra", "{s}fin"),
    ("{s}wrb", "{s}fin"),
];

fn normalise(label: &str) -> String {
    label
        .rsplit(':')
        .next()
        .unwrap_or(label)
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Expands a bone template over both sides and keeps the bones whose two labels exist.
fn template_bones(names: &[String], template: &[(&str, &str)]) -> Vec<Bone> {
    let index = |name: &str| names.iter().position(|n| n == name);
    let mut bones = Vec::new();
    for (a, b) in template {
        for side in ["l", "r"] {
            let (a, b) = (a.replace("{s}", side), b.replace("{s}", side));
            if let (Some(from), Some(to)) = (index(&a), index(&b)) {
                let bone = Bone { from, to };
                if !bones.contains(&bone) {
                    bones.push(bone);
                }
            }
        }
    }
    bones
}

/// The most markers a rigid cluster has.
const MAX_CLUSTER: usize = 6;

/// Outlines clusters of numbered markers (`RTH1`, `RTH2`, ...): consecutive members are joined
/// and clusters of three or more are closed into a loop.
fn cluster_bones(names: &[String]) -> Vec<Bone> {
    let mut clusters: Vec<(String, Vec<(u32, usize)>)> = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits == name.len() {
            continue;
        }
        let (prefix, number) = name.split_at(name.len() - digits);
        let Ok(number) = number.parse::<u32>() else {
            continue;
        };
        match clusters.iter_mut().find(|(p, _)| p == prefix) {
            Some((_, members)) => members.push((number, index)),
            None => clusters.push((prefix.to_owned(), vec![(number, index)])),
        }
    }
    let mut bones = Vec::new();
    for (_, mut members) in clusters {
        // A rigid cluster has 2 to 6 markers; a long numbered series (`Channel103`.., `P1`..`P45`)
        // is a naming scheme, not a segment.
        if !(2..=MAX_CLUSTER).contains(&members.len()) {
            continue;
        }
        members.sort_unstable();
        for pair in members.windows(2) {
            bones.push(Bone {
                from: pair[0].1,
                to: pair[1].1,
            });
        }
        if members.len() >= 3
            && let (Some(first), Some(last)) = (members.first(), members.last())
        {
            bones.push(Bone {
                from: last.1,
                to: first.1,
            });
        }
    }
    bones
}

/// Recognises the marker set of `labels` and returns its bones, or `None` when nothing is
/// recognised (the clip is then drawn as points).
#[must_use]
pub fn recognise(labels: &[String]) -> Option<(MarkerSet, Vec<Bone>)> {
    let names: Vec<String> = labels.iter().map(|l| normalise(l)).collect();
    let minimum = (labels.len() / 3).max(2);
    let keypoints = template_bones(&names, KEYPOINT_BONES);
    if keypoints.len() >= minimum {
        return Some((MarkerSet::Keypoints, keypoints));
    }
    let pig = template_bones(&names, PIG_BONES);
    if pig.len() >= minimum {
        return Some((MarkerSet::PlugInGait, pig));
    }
    let clusters = cluster_bones(labels);
    (clusters.len() >= minimum).then_some((MarkerSet::Clusters, clusters))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn pose2sim_keypoints_become_a_stick_figure() {
        let labels = names(&[
            "RHip",
            "RKnee",
            "RAnkle",
            "RBigToe",
            "RSmallToe",
            "RHeel",
            "LHip",
            "LKnee",
            "LAnkle",
            "LBigToe",
            "LSmallToe",
            "LHeel",
            "Neck",
            "Head",
            "Nose",
            "RShoulder",
            "RElbow",
            "RWrist",
            "LShoulder",
            "LElbow",
            "LWrist",
        ]);
        let (set, bones) = recognise(&labels).unwrap();
        assert_eq!(set, MarkerSet::Keypoints);
        let has = |a: &str, b: &str| {
            let (a, b) = (
                labels.iter().position(|n| n == a).unwrap(),
                labels.iter().position(|n| n == b).unwrap(),
            );
            bones.contains(&Bone { from: a, to: b }) || bones.contains(&Bone { from: b, to: a })
        };
        assert!(has("RHip", "RKnee") && has("LKnee", "LAnkle") && has("LElbow", "LWrist"));
        assert!(has("Neck", "Head") && has("LHip", "RHip") && has("Neck", "LShoulder"));
    }

    #[test]
    fn plug_in_gait_with_subject_prefix() {
        let labels = names(&[
            "Bob:LASI", "Bob:RASI", "Bob:LPSI", "Bob:RPSI", "Bob:LTHI", "Bob:LKNE", "Bob:LTIB",
            "Bob:LANK", "Bob:LHEE", "Bob:LTOE", "Bob:RTHI", "Bob:RKNE", "Bob:RTIB", "Bob:RANK",
            "Bob:RHEE", "Bob:RTOE",
        ]);
        let (set, bones) = recognise(&labels).unwrap();
        assert_eq!(set, MarkerSet::PlugInGait);
        assert!(bones.contains(&Bone { from: 5, to: 6 }), "LKNE-LTIB");
        assert!(bones.len() >= 15);
    }

    #[test]
    fn numbered_clusters_are_outlined() {
        let labels = names(&["RTH1", "RTH2", "RTH3", "RSK1", "RSK2", "PV1", "pv4", "X"]);
        let (set, bones) = recognise(&labels).unwrap();
        assert_eq!(set, MarkerSet::Clusters);
        // RTH: 1-2, 2-3, 3-1; RSK: 1-2. PV1 and pv4 are different prefixes (case kept).
        assert_eq!(bones.len(), 4);
    }

    #[test]
    fn unrelated_labels_are_not_forced_into_a_set() {
        assert!(recognise(&names(&["2000", "2001", "2002"])).is_none());
        assert!(recognise(&names(&["Channel103", "Channel104"])).is_none());
        let series: Vec<String> = (1..=45).map(|i| format!("P{i}")).collect();
        assert!(recognise(&series).is_none());
    }
}
