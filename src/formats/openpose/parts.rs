//! Skeletons of OpenPose's face (70 points) and hands (21 points each), from the OpenPose
//! output documentation (`doc/02_output.md`).
//!
//! Hand: 0 wrist, then four joints per finger from the palm out: thumb 1–4, index 5–8,
//! middle 9–12, ring 13–16, little 17–20. Face: the 68-point iBUG layout (jaw 0–16,
//! eyebrows 17–21 and 22–26, nose 27–35, eyes 36–41 and 42–47, lips 48–67) plus the two pupils
//! 68 and 69; its bones are the usual contour lines.

use crate::model::{Bone, LayoutId, Side, Skeleton};

/// Points of one hand.
pub const HAND_POINTS: usize = 21;

/// Points of the face.
pub const FACE_POINTS: usize = 70;

const FINGERS: [&str; 5] = ["thumb", "index", "middle", "ring", "little"];

/// The hand skeleton, with names prefixed `left_` or `right_` so sides are coloured.
#[must_use]
pub fn hand(side: Side) -> Skeleton {
    let prefix = if side == Side::Left { "left" } else { "right" };
    let mut names = vec![format!("{prefix}_wrist")];
    let mut bones = Vec::with_capacity(20);
    for (f, finger) in FINGERS.iter().enumerate() {
        for k in 1..=4 {
            let index = 1 + f * 4 + (k - 1);
            names.push(format!("{prefix}_{finger}_{k}"));
            let from = if k == 1 { 0 } else { index - 1 };
            bones.push(Bone { from, to: index });
        }
    }
    Skeleton::with_sides(names, bones, vec![side; HAND_POINTS], LayoutId::FromFile)
}

/// The face skeleton (the subject's right is the image's left in a frontal view).
#[must_use]
pub fn face() -> Skeleton {
    let names: Vec<String> = (0..FACE_POINTS).map(|i| format!("face_{i}")).collect();
    let mut bones = Vec::new();
    let mut chain = |range: std::ops::Range<usize>, closed: bool| {
        let (start, end) = (range.start, range.end);
        for i in start..end.saturating_sub(1) {
            bones.push(Bone { from: i, to: i + 1 });
        }
        if closed && end > start + 1 {
            bones.push(Bone {
                from: end - 1,
                to: start,
            });
        }
    };
    chain(0..17, false); // jaw
    chain(17..22, false); // right eyebrow
    chain(22..27, false); // left eyebrow
    chain(27..31, false); // nose bridge
    chain(31..36, false); // nostrils
    chain(36..42, true); // right eye
    chain(42..48, true); // left eye
    chain(48..60, true); // outer lips
    chain(60..68, true); // inner lips
    let mut sides = vec![Side::Centre; FACE_POINTS];
    for (i, side) in sides.iter_mut().enumerate() {
        *side = match i {
            0..=7 | 17..=21 | 36..=41 | 68 => Side::Right,
            9..=16 | 22..=26 | 42..=47 | 69 => Side::Left,
            _ => Side::Centre,
        };
    }
    Skeleton::with_sides(names, bones, sides, LayoutId::FromFile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_is_a_tree_of_twenty_bones() {
        let left = hand(Side::Left);
        assert_eq!(left.joint_count(), 21);
        assert_eq!(left.bones().len(), 20);
        assert_eq!(left.name(4), "left_thumb_4");
        assert_eq!(left.name(17), "left_little_1");
        assert!(left.bones().contains(&Bone { from: 0, to: 17 }));
        assert!(left.bones().contains(&Bone { from: 19, to: 20 }));
        assert_eq!(hand(Side::Right).side(3), Side::Right);
    }

    #[test]
    fn face_contours() {
        let face = face();
        assert_eq!(face.joint_count(), 70);
        // 16 jaw + 4 + 4 brows + 3 + 4 nose + 6 + 6 eyes + 12 + 8 lips.
        assert_eq!(face.bones().len(), 63);
        assert!(face.bones().contains(&Bone { from: 41, to: 36 }));
        assert_eq!(face.side(68), Side::Right);
    }
}
