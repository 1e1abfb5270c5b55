//! The sample skeleton: a CMU-style joint hierarchy sized for a 1.75 m athlete.
//!
//! Lengths are in centimetres (the most common BVH convention), Y up, the athlete facing +Z,
//! so their left is +X. In the rest pose the body stands upright with the arms hanging down and
//! every joint frame aligned with the world, which makes the Euler angles anatomical:
//! X is flexion/extension, Z is ab/adduction (lateral bend), Y is axial rotation (twist along
//! a limb, since every limb points along ±Y at rest).
//!
//! Segment lengths are fractions of body height H from D. A. Winter, *Biomechanics and Motor
//! Control of Human Movement*, 4th ed. (2009), fig. 4.1 (after Drillis & Contini 1966):
//! hip (greater trochanter) height 0.530 H, thigh 0.245 H, leg 0.246 H, ankle height 0.039 H,
//! foot length 0.152 H, shoulder height 0.818 H, shoulder width 0.259 H, upper arm 0.186 H,
//! forearm 0.146 H, hand 0.108 H, chin height 0.870 H. The hip joint centres sit 0.05 H either
//! side of the pelvis centre (Bell, Pedersen & Brand 1990: about 36 % of the ≈ 25 cm distance
//! between the anterior superior iliac spines).

/// Body height of the sample athlete, centimetres.
pub const HEIGHT_CM: f64 = 175.0;

/// Height of the hip joint centres above the floor when standing, centimetres.
pub const HIP_HEIGHT_CM: f64 = 0.530 * HEIGHT_CM;
/// Thigh: hip joint to knee, centimetres.
pub const THIGH_CM: f64 = 0.245 * HEIGHT_CM;
/// Leg (shank): knee to ankle, centimetres.
pub const SHANK_CM: f64 = 0.246 * HEIGHT_CM;
/// Ankle joint height above the floor, centimetres.
pub const ANKLE_HEIGHT_CM: f64 = 0.039 * HEIGHT_CM;
/// Foot length, heel to toe tip, centimetres.
pub const FOOT_CM: f64 = 0.152 * HEIGHT_CM;
/// How far the heel reaches behind the ankle joint, centimetres.
pub const HEEL_BACK_CM: f64 = 5.5;
/// Height of the metatarsophalangeal (ball of the foot) joint centre, centimetres.
pub const BALL_HEIGHT_CM: f64 = 2.0;
/// Ankle to ball of the foot, forward, centimetres.
pub const BALL_FORWARD_CM: f64 = 15.0;
/// Half the distance between the hip joint centres, centimetres.
pub const HIP_HALF_WIDTH_CM: f64 = 0.05 * HEIGHT_CM;
/// Upper arm: shoulder joint to elbow, centimetres.
pub const UPPER_ARM_CM: f64 = 0.186 * HEIGHT_CM;
/// Forearm: elbow to wrist, centimetres.
pub const FOREARM_CM: f64 = 0.146 * HEIGHT_CM;
/// Hand: wrist to finger tip, centimetres.
pub const HAND_CM: f64 = 0.108 * HEIGHT_CM;
/// Height of the shoulder joint centres when standing, centimetres.
pub const SHOULDER_HEIGHT_CM: f64 = 0.818 * HEIGHT_CM;
/// Half the distance between the shoulder joint centres (0.85 × half of Winter's shoulder
/// width, which is measured across the deltoids), centimetres.
pub const SHOULDER_HALF_WIDTH_CM: f64 = 0.85 * 0.5 * 0.259 * HEIGHT_CM;

/// Spine (lumbar) joint above the pelvis centre, centimetres.
const SPINE_UP_CM: f64 = 10.0;
/// Chest (mid-thoracic) joint above the spine joint, centimetres.
const CHEST_UP_CM: f64 = 18.0;
/// Neck (C7) above the chest joint, centimetres.
const NECK_UP_CM: f64 = 26.0;
/// Head (atlanto-occipital) joint above the neck, centimetres: at chin height 0.870 H + 2 cm.
const HEAD_UP_CM: f64 =
    0.870 * HEIGHT_CM + 2.0 - (HIP_HEIGHT_CM + SPINE_UP_CM + CHEST_UP_CM + NECK_UP_CM);
/// Sternoclavicular joint above the chest joint, centimetres.
const COLLAR_UP_CM: f64 = 19.5;
/// Sternoclavicular joint beside the mid-line, centimetres.
const COLLAR_OUT_CM: f64 = 2.5;

/// One joint of the rig.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RigJoint {
    /// BVH joint name (`Left`/`Right` in the name says the side).
    pub name: &'static str,
    /// Index of the parent joint; `None` for the root.
    pub parent: Option<usize>,
    /// Offset from the parent joint in the rest pose, centimetres.
    pub offset_cm: [f64; 3],
    /// Offset of the `End Site` (head top, finger tip, toe tip), if the joint ends a chain.
    pub end_site_cm: Option<[f64; 3]>,
}

/// Joint indices into [`JOINTS`], in BVH (depth-first) order.
pub mod joint {
    /// Pelvis centre, midway between the hip joints; the root.
    pub const HIPS: usize = 0;
    /// Left hip joint.
    pub const LEFT_UP_LEG: usize = 1;
    /// Left knee.
    pub const LEFT_LEG: usize = 2;
    /// Left ankle.
    pub const LEFT_FOOT: usize = 3;
    /// Left ball of the foot.
    pub const LEFT_TOE_BASE: usize = 4;
    /// Right hip joint.
    pub const RIGHT_UP_LEG: usize = 5;
    /// Right knee.
    pub const RIGHT_LEG: usize = 6;
    /// Right ankle.
    pub const RIGHT_FOOT: usize = 7;
    /// Right ball of the foot.
    pub const RIGHT_TOE_BASE: usize = 8;
    /// Lumbar spine.
    pub const SPINE: usize = 9;
    /// Mid-thoracic spine.
    pub const CHEST: usize = 10;
    /// Base of the neck (C7).
    pub const NECK: usize = 11;
    /// Head (atlanto-occipital joint).
    pub const HEAD: usize = 12;
    /// Left sternoclavicular joint (clavicle).
    pub const LEFT_SHOULDER: usize = 13;
    /// Left shoulder joint (upper arm).
    pub const LEFT_ARM: usize = 14;
    /// Left elbow.
    pub const LEFT_FORE_ARM: usize = 15;
    /// Left wrist.
    pub const LEFT_HAND: usize = 16;
    /// Right sternoclavicular joint (clavicle).
    pub const RIGHT_SHOULDER: usize = 17;
    /// Right shoulder joint (upper arm).
    pub const RIGHT_ARM: usize = 18;
    /// Right elbow.
    pub const RIGHT_FORE_ARM: usize = 19;
    /// Right wrist.
    pub const RIGHT_HAND: usize = 20;
}

/// Number of joints in the rig.
pub const JOINT_COUNT: usize = 21;

const fn leg(side: f64, first: usize) -> [RigJoint; 4] {
    let (up, knee, ankle, toe) = if side > 0.0 {
        ("LeftUpLeg", "LeftLeg", "LeftFoot", "LeftToeBase")
    } else {
        ("RightUpLeg", "RightLeg", "RightFoot", "RightToeBase")
    };
    [
        RigJoint {
            name: up,
            parent: Some(joint::HIPS),
            offset_cm: [side * HIP_HALF_WIDTH_CM, 0.0, 0.0],
            end_site_cm: None,
        },
        RigJoint {
            name: knee,
            parent: Some(first),
            offset_cm: [0.0, -THIGH_CM, 0.0],
            end_site_cm: None,
        },
        RigJoint {
            name: ankle,
            parent: Some(first + 1),
            offset_cm: [0.0, -SHANK_CM, 0.0],
            end_site_cm: None,
        },
        RigJoint {
            name: toe,
            parent: Some(first + 2),
            offset_cm: [0.0, BALL_HEIGHT_CM - ANKLE_HEIGHT_CM, BALL_FORWARD_CM],
            // Toe tip on the floor, completing the foot length from the heel.
            end_site_cm: Some([
                0.0,
                -BALL_HEIGHT_CM,
                FOOT_CM - HEEL_BACK_CM - BALL_FORWARD_CM,
            ]),
        },
    ]
}

const fn arm(side: f64, first: usize) -> [RigJoint; 4] {
    let (collar, shoulder, elbow, wrist) = if side > 0.0 {
        ("LeftShoulder", "LeftArm", "LeftForeArm", "LeftHand")
    } else {
        ("RightShoulder", "RightArm", "RightForeArm", "RightHand")
    };
    let collar_y = HIP_HEIGHT_CM + SPINE_UP_CM + CHEST_UP_CM + COLLAR_UP_CM;
    [
        RigJoint {
            name: collar,
            parent: Some(joint::CHEST),
            offset_cm: [side * COLLAR_OUT_CM, COLLAR_UP_CM, 0.0],
            end_site_cm: None,
        },
        RigJoint {
            name: shoulder,
            parent: Some(first),
            offset_cm: [
                side * (SHOULDER_HALF_WIDTH_CM - COLLAR_OUT_CM),
                SHOULDER_HEIGHT_CM - collar_y,
                -2.0,
            ],
            end_site_cm: None,
        },
        RigJoint {
            name: elbow,
            parent: Some(first + 1),
            offset_cm: [0.0, -UPPER_ARM_CM, 0.0],
            end_site_cm: None,
        },
        RigJoint {
            name: wrist,
            parent: Some(first + 2),
            offset_cm: [0.0, -FOREARM_CM, 0.0],
            end_site_cm: Some([0.0, -HAND_CM, 0.0]),
        },
    ]
}

const LEFT_LEG_JOINTS: [RigJoint; 4] = leg(1.0, joint::LEFT_UP_LEG);
const RIGHT_LEG_JOINTS: [RigJoint; 4] = leg(-1.0, joint::RIGHT_UP_LEG);
const LEFT_ARM_JOINTS: [RigJoint; 4] = arm(1.0, joint::LEFT_SHOULDER);
const RIGHT_ARM_JOINTS: [RigJoint; 4] = arm(-1.0, joint::RIGHT_SHOULDER);

/// The rig's joints in BVH (depth-first) order; indices are those of [`joint`].
pub const JOINTS: [RigJoint; JOINT_COUNT] = [
    RigJoint {
        name: "Hips",
        parent: None,
        offset_cm: [0.0, 0.0, 0.0],
        end_site_cm: None,
    },
    LEFT_LEG_JOINTS[0],
    LEFT_LEG_JOINTS[1],
    LEFT_LEG_JOINTS[2],
    LEFT_LEG_JOINTS[3],
    RIGHT_LEG_JOINTS[0],
    RIGHT_LEG_JOINTS[1],
    RIGHT_LEG_JOINTS[2],
    RIGHT_LEG_JOINTS[3],
    RigJoint {
        name: "Spine",
        parent: Some(joint::HIPS),
        offset_cm: [0.0, SPINE_UP_CM, 0.0],
        end_site_cm: None,
    },
    RigJoint {
        name: "Chest",
        parent: Some(joint::SPINE),
        offset_cm: [0.0, CHEST_UP_CM, 0.0],
        end_site_cm: None,
    },
    RigJoint {
        name: "Neck",
        parent: Some(joint::CHEST),
        offset_cm: [0.0, NECK_UP_CM, 0.0],
        end_site_cm: None,
    },
    RigJoint {
        name: "Head",
        parent: Some(joint::NECK),
        offset_cm: [0.0, HEAD_UP_CM, 1.5],
        // Top of the head at body height.
        end_site_cm: Some([0.0, HEIGHT_CM - 0.870 * HEIGHT_CM - 2.0, 0.0]),
    },
    LEFT_ARM_JOINTS[0],
    LEFT_ARM_JOINTS[1],
    LEFT_ARM_JOINTS[2],
    LEFT_ARM_JOINTS[3],
    RIGHT_ARM_JOINTS[0],
    RIGHT_ARM_JOINTS[1],
    RIGHT_ARM_JOINTS[2],
    RIGHT_ARM_JOINTS[3],
];

/// Heel contact point in the frame of a `Foot` (ankle) joint, centimetres: on the floor in the
/// rest pose.
pub const HEEL_IN_FOOT_CM: [f64; 3] = [0.0, -ANKLE_HEIGHT_CM, -HEEL_BACK_CM];

#[cfg(test)]
mod tests {
    use super::*;

    fn rest_height(index: usize) -> f64 {
        let mut y = HIP_HEIGHT_CM;
        let mut at = Some(index);
        while let Some(i) = at {
            y += JOINTS[i].offset_cm[1];
            at = JOINTS[i].parent;
        }
        y
    }

    #[test]
    fn parents_come_first_and_names_are_unique() {
        for (i, j) in JOINTS.iter().enumerate() {
            if let Some(p) = j.parent {
                assert!(p < i, "{}", j.name);
            }
            assert_eq!(JOINTS.iter().filter(|k| k.name == j.name).count(), 1);
        }
        assert_eq!(JOINTS[joint::RIGHT_HAND].name, "RightHand");
        assert_eq!(JOINTS[joint::LEFT_TOE_BASE].name, "LeftToeBase");
        assert_eq!(JOINTS[joint::HEAD].name, "Head");
    }

    #[test]
    fn rest_pose_heights_follow_winter() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(rest_height(joint::LEFT_FOOT), ANKLE_HEIGHT_CM));
        assert!(close(rest_height(joint::RIGHT_LEG), 0.285 * HEIGHT_CM));
        assert!(close(rest_height(joint::LEFT_ARM), 0.818 * HEIGHT_CM));
        assert!(close(rest_height(joint::HEAD), 0.870 * HEIGHT_CM + 2.0));
        let head_top = rest_height(joint::HEAD) + JOINTS[joint::HEAD].end_site_cm.unwrap()[1];
        assert!(close(head_top, HEIGHT_CM));
        let toe_tip = rest_height(joint::LEFT_TOE_BASE)
            + JOINTS[joint::LEFT_TOE_BASE].end_site_cm.unwrap()[1];
        assert!(close(toe_tip, 0.0));
        // Foot length from heel to toe tip.
        let toe_z = BALL_FORWARD_CM + JOINTS[joint::LEFT_TOE_BASE].end_site_cm.unwrap()[2];
        assert!(close(toe_z - HEEL_IN_FOOT_CM[2], FOOT_CM));
    }
}
