//! Which side of the body a joint belongs to, so left and right can be drawn in distinct colours.

use serde::{Deserialize, Serialize};

/// The body side of a joint or bone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The athlete's left.
    Left,
    /// The athlete's right.
    Right,
    /// On the midline (pelvis, spine, head) or unknown.
    Centre,
}

impl Side {
    /// Guesses the side from a joint or marker name such as `LeftUpLeg`, `l_knee`, `RKNE`,
    /// `left_ear`, `wingL` or `RHip`. Names that say nothing return [`Side::Centre`].
    #[must_use]
    pub fn from_name(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        let stripped = lower.rsplit(':').next().unwrap_or(&lower);
        if stripped.starts_with("left")
            || stripped.ends_with("left")
            || stripped.contains("_left")
            || stripped.contains(" left")
        {
            return Self::Left;
        }
        if stripped.starts_with("right")
            || stripped.ends_with("right")
            || stripped.contains("_right")
            || stripped.contains(" right")
        {
            return Self::Right;
        }
        let bytes = name.rsplit(':').next().unwrap_or(name).as_bytes();
        match bytes {
            // `l_knee`, `L.Knee`, `L Knee`, `r-hip`.
            [b'l' | b'L', b'_' | b'.' | b' ' | b'-', ..] => Self::Left,
            [b'r' | b'R', b'_' | b'.' | b' ' | b'-', ..] => Self::Right,
            // CamelCase or upper-case marker names: `LKnee`, `LHIP`, `RFT1`, Panoptic's `lShoulder`.
            [b'L' | b'l', second, ..] if second.is_ascii_uppercase() => Self::Left,
            [b'R' | b'r', second, ..] if second.is_ascii_uppercase() => Self::Right,
            // Suffix forms: `wingL`, `knee_l`, `Knee.R`.
            [.., b'_' | b'.' | b'-', b'l' | b'L'] => Self::Left,
            [.., b'_' | b'.' | b'-', b'r' | b'R'] => Self::Right,
            [.., lower_char, b'L'] if lower_char.is_ascii_lowercase() => Self::Left,
            [.., lower_char, b'R'] if lower_char.is_ascii_lowercase() => Self::Right,
            _ => Self::Centre,
        }
    }

    /// The side of a bone between joints of sides `a` and `b`: a bone is left or right only when
    /// both ends agree or one end is on the midline (a hip bone from the pelvis is a leg bone).
    #[must_use]
    pub fn of_bone(a: Self, b: Self) -> Self {
        match (a, b) {
            (Self::Left, Self::Right)
            | (Self::Right, Self::Left)
            | (Self::Centre, Self::Centre) => Self::Centre,
            (Self::Left, _) | (_, Self::Left) => Self::Left,
            (Self::Right, _) | (_, Self::Right) => Self::Right,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Side;

    #[test]
    fn names_from_common_formats() {
        let cases = [
            ("LeftUpLeg", Side::Left),
            ("RightHand", Side::Right),
            ("mixamorig:LeftArm", Side::Left),
            ("l_knee", Side::Left),
            ("RKnee", Side::Right),
            ("LHIP", Side::Left),
            ("RFT1", Side::Right),
            ("left_ear", Side::Left),
            ("wingL", Side::Left),
            ("wingR", Side::Right),
            ("Hips", Side::Centre),
            ("Neck", Side::Centre),
            ("Nose", Side::Centre),
            ("LowerBack", Side::Centre),
            ("RHeel", Side::Right),
            ("snout", Side::Centre),
            ("tailbase", Side::Centre),
            ("Head", Side::Centre),
            ("LEFT_HIP", Side::Left),
            ("ShoulderLeft", Side::Left),
            ("lShoulder", Side::Left),
            ("rEye", Side::Right),
            ("lowerBack", Side::Centre),
            ("HandTipRight", Side::Right),
        ];
        for (name, want) in cases {
            assert_eq!(Side::from_name(name), want, "{name}");
        }
    }

    #[test]
    fn bone_sides() {
        assert_eq!(Side::of_bone(Side::Centre, Side::Left), Side::Left);
        assert_eq!(Side::of_bone(Side::Right, Side::Right), Side::Right);
        assert_eq!(Side::of_bone(Side::Left, Side::Right), Side::Centre);
    }
}
