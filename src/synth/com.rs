//! Whole-body centre of mass of the rig, for balance checks of the movements.
//!
//! Segment masses (fractions of body mass) and centre-of-mass positions (fraction of the
//! segment from its proximal end) from D. A. Winter, *Biomechanics and Motor Control of Human
//! Movement*, 4th ed. (2009), table 4.1 (after Dempster 1955).

use glam::DVec3;

use super::pose::World;
use super::rig::joint;

/// The point `fraction` of the way from `a` to `b`.
fn along(a: DVec3, b: DVec3, fraction: f64) -> DVec3 {
    a + (b - a) * fraction
}

/// Whole-body centre of mass, centimetres.
#[must_use]
pub fn centre_of_mass_cm(w: &World) -> DVec3 {
    let p = &w.position_cm;
    let mid_shoulders = (p[joint::LEFT_ARM] + p[joint::RIGHT_ARM]) * 0.5;
    // Trunk, 0.497: greater trochanter to glenohumeral joint, at 0.50.
    let mut sum = along(p[joint::HIPS], mid_shoulders, 0.5) * 0.497;
    // Head and neck, 0.081: at the ear canal.
    sum += w.point(joint::HEAD, [0.0, 7.0, 1.0]) * 0.081;
    for (hip, collar) in [
        (joint::LEFT_UP_LEG, joint::LEFT_SHOULDER),
        (joint::RIGHT_UP_LEG, joint::RIGHT_SHOULDER),
    ] {
        let (knee, ankle, ball) = (hip + 1, hip + 2, hip + 3);
        sum += along(p[hip], p[knee], 0.433) * 0.100;
        sum += along(p[knee], p[ankle], 0.433) * 0.0465;
        sum += along(p[ankle], p[ball], 0.5) * 0.0145;
        let (shoulder, elbow, wrist) = (collar + 1, collar + 2, collar + 3);
        sum += along(p[shoulder], p[elbow], 0.436) * 0.028;
        sum += along(p[elbow], p[wrist], 0.430) * 0.016;
        let finger_tip = w.end_site(wrist).unwrap_or(p[wrist]);
        sum += along(p[wrist], finger_tip, 0.4) * 0.006;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::pose::Pose;
    use crate::synth::rig::{HEIGHT_CM, HIP_HEIGHT_CM};

    #[test]
    fn standing_centre_of_mass_is_near_the_pelvis_on_the_mid_line() {
        let w = Pose {
            root_cm: DVec3::new(0.0, HIP_HEIGHT_CM, 0.0),
            ..Pose::default()
        }
        .world();
        let com = centre_of_mass_cm(&w);
        // Standing centre of mass is at about 0.55–0.57 of body height.
        assert!(
            (0.54..0.58).contains(&(com.y / HEIGHT_CM)),
            "{}",
            com.y / HEIGHT_CM
        );
        assert!(com.x.abs() < 1e-9);
    }
}
