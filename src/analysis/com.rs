//! Whole-body centre-of-mass estimate from segment mass fractions.
//!
//! Segment masses (fraction of body mass) and centre-of-mass positions (fraction of segment
//! length from the proximal end) are Dempster's, as tabulated by Winter, "Biomechanics and Motor
//! Control of Human Movement", 4th ed., Table 4.1. Head and trunk are combined into one segment
//! from the pelvis to the head landmark (Winter's "head, arms and trunk" row without the arms).
//! The estimate is made only when every segment's end points are present; it is a kinematic
//! estimate from keypoints, not a measurement.

use super::body::{BodyMap, Landmark};
use crate::model::PersonView;

/// One segment: proximal and distal landmarks, mass fraction, COM fraction from proximal.
struct Segment {
    proximal: Landmark,
    distal: Landmark,
    mass_fraction: f32,
    com_from_proximal: f32,
}

use Landmark as L;

/// Dempster via Winter Table 4.1. Head + neck + trunk: 0.081 + 0.497 = 0.578, COM taken at 0.5 of
/// pelvis-to-neck for the trunk (0.497) and at the head landmark segment midpoint for 0.081.
const SEGMENTS: &[Segment] = &[
    Segment {
        proximal: L::Pelvis,
        distal: L::Neck,
        mass_fraction: 0.497,
        com_from_proximal: 0.5,
    },
    Segment {
        proximal: L::Neck,
        distal: L::Head,
        mass_fraction: 0.081,
        com_from_proximal: 0.5,
    },
    Segment {
        proximal: L::LeftShoulder,
        distal: L::LeftElbow,
        mass_fraction: 0.028,
        com_from_proximal: 0.436,
    },
    Segment {
        proximal: L::RightShoulder,
        distal: L::RightElbow,
        mass_fraction: 0.028,
        com_from_proximal: 0.436,
    },
    // Forearm and hand together (0.016 + 0.006), COM 0.682 of elbow-to-wrist per Winter.
    Segment {
        proximal: L::LeftElbow,
        distal: L::LeftWrist,
        mass_fraction: 0.022,
        com_from_proximal: 0.682,
    },
    Segment {
        proximal: L::RightElbow,
        distal: L::RightWrist,
        mass_fraction: 0.022,
        com_from_proximal: 0.682,
    },
    Segment {
        proximal: L::LeftHip,
        distal: L::LeftKnee,
        mass_fraction: 0.100,
        com_from_proximal: 0.433,
    },
    Segment {
        proximal: L::RightHip,
        distal: L::RightKnee,
        mass_fraction: 0.100,
        com_from_proximal: 0.433,
    },
    // Leg and foot together (0.0465 + 0.0145), COM 0.606 of knee-to-ankle per Winter.
    Segment {
        proximal: L::LeftKnee,
        distal: L::LeftAnkle,
        mass_fraction: 0.061,
        com_from_proximal: 0.606,
    },
    Segment {
        proximal: L::RightKnee,
        distal: L::RightAnkle,
        mass_fraction: 0.061,
        com_from_proximal: 0.606,
    },
];

/// The estimated centre of mass of one person, or `None` when a segment end is missing.
#[must_use]
pub fn centre_of_mass(map: &BodyMap, person: &PersonView<'_>) -> Option<[f32; 3]> {
    let mut sum = [0.0_f32; 3];
    let mut mass = 0.0_f32;
    for segment in SEGMENTS {
        let a = map.point(person, segment.proximal)?;
        let b = map.point(person, segment.distal)?;
        for d in 0..3 {
            let com = a[d] + (b[d] - a[d]) * segment.com_from_proximal;
            sum[d] += com * segment.mass_fraction;
        }
        mass += segment.mass_fraction;
    }
    (mass > 0.0).then(|| sum.map(|s| s / mass))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LayoutId, PosesBuilder};

    #[test]
    fn fractions_sum_to_one() {
        let total: f32 = SEGMENTS.iter().map(|s| s.mass_fraction).sum();
        assert!((total - 1.0).abs() < 1e-3, "{total}");
    }

    #[test]
    fn symmetric_standing_pose_has_com_on_the_midline_near_the_pelvis() {
        // H36M-17 standing figure, +Z up, metres.
        let mut coords = [0.0_f32; 17 * 3];
        let joints: [(usize, [f32; 3]); 17] = [
            (0, [0.0, 0.0, 0.9]),
            (1, [-0.1, 0.0, 0.9]),
            (2, [-0.1, 0.0, 0.48]),
            (3, [-0.1, 0.0, 0.07]),
            (4, [0.1, 0.0, 0.9]),
            (5, [0.1, 0.0, 0.48]),
            (6, [0.1, 0.0, 0.07]),
            (7, [0.0, 0.0, 1.15]),
            (8, [0.0, 0.0, 1.4]),
            (9, [0.0, 0.0, 1.48]),
            (10, [0.0, 0.0, 1.75]),
            (11, [0.2, 0.0, 1.42]),
            (12, [0.2, 0.0, 1.12]),
            (13, [0.2, 0.0, 0.86]),
            (14, [-0.2, 0.0, 1.42]),
            (15, [-0.2, 0.0, 1.12]),
            (16, [-0.2, 0.0, 0.86]),
        ];
        for (j, p) in joints {
            coords[j * 3..j * 3 + 3].copy_from_slice(&p);
        }
        let mut poses = PosesBuilder::new(17, 3, false, false);
        poses.begin_frame();
        poses.push_person(&coords, None, None);
        let poses = poses.finish();
        let person = poses.frame(0).and_then(|f| f.person(0)).unwrap();
        let map = BodyMap::new(&LayoutId::H36m17.layout().unwrap().skeleton());
        let com = centre_of_mass(&map, &person).unwrap();
        assert!(com[0].abs() < 1e-5 && com[1].abs() < 1e-5);
        // Standing adults: COM at about 55-58 % of height (1.75 m here → 0.96-1.02 m).
        assert!((0.95..1.03).contains(&com[2]), "{com:?}");
    }
}
