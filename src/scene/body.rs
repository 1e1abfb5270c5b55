//! The body style: limbs as shaded capsules with a simple trunk and head, drawn from the same
//! joints as the stick figure, so a 3D pose reads as a body (the "mesh" look of broadcast
//! athlete tracking) without any body model of our own.
//!
//! Sizes are those of an average adult, in metres, turned into pixels at each joint's depth:
//! a thigh is 0.16 m thick, a shank 0.11 m, an upper arm 0.10 m, a forearm 0.08 m, a hand 0.05 m,
//! a foot 0.06 m, the head 0.21 m across. The pixels per metre at a point come from the projection
//! itself (the length on screen of a 1 cm step along the screen's horizontal), so the same code
//! serves the perspective 3D view and the 2D image view. Clips whose units are unknown (image
//! pixels) get their metres per unit from the lengths of the thigh, shank and trunk.
//!
//! Limbs are found with [`BodyMap`] (hip → knee → ankle → toe, shoulder → elbow → wrist), and
//! joints beyond a hand or foot (fingers, toe ends) are drawn as hands and feet. When the trunk
//! can be drawn (both shoulders and both hips known), the other bones (spine, clavicles, neck,
//! face) are hidden inside it and the head; otherwise they are drawn as thin capsules.
//!
//! Shading: each capsule is drawn three times, a dark full-size shape, the colour shifted
//! towards a light at the upper left, and a small highlight, so round limbs look round.

use crate::analysis::body::{BodyMap, Landmark, Source};
use crate::model::{PersonView, Side, Skeleton};

use super::primitives::{Capsule, Rgba};
use super::style::Palette;

/// Placement of a point in file units: screen pixels and depth (larger = farther).
pub type Place<'a> = &'a dyn Fn([f32; 3]) -> Option<([f32; 2], f32)>;

/// Radius of a thigh, metres.
const THIGH_M: f32 = 0.08;
/// Radius of a shank, metres.
const SHANK_M: f32 = 0.055;
/// Radius of a foot (and anything beyond the ankle), metres.
const FOOT_M: f32 = 0.03;
/// Radius of an upper arm, metres.
const UPPER_ARM_M: f32 = 0.05;
/// Radius of a forearm, metres.
const FOREARM_M: f32 = 0.04;
/// Radius of a hand (and anything beyond the wrist), metres.
const HAND_M: f32 = 0.025;
/// Radius of an unknown bone drawn when no trunk is, metres.
const OTHER_M: f32 = 0.03;
/// Radius of the head, metres.
const HEAD_M: f32 = 0.105;
/// Radius of the neck, metres.
const NECK_M: f32 = 0.05;
/// Distance from the base of the neck (mid-shoulders) to the head's centre, metres.
const NECK_TO_HEAD_M: f32 = 0.25;
/// Smallest radius of the trunk at the shoulders and at the hips (seen from the side), metres.
const TRUNK_MIN_M: f32 = 0.12;
/// Radius of the shoulder and hip girdles, metres.
const GIRDLE_M: f32 = 0.06;
/// Typical lengths used to find metres per unit when units are unknown: thigh, shank, trunk
/// (pelvis to neck), metres.
const TYPICAL_M: [f32; 3] = [0.43, 0.42, 0.5];
/// Smallest capsule radius drawn, pixels (tiny figures stay visible).
const MIN_RADIUS_PX: f32 = 1.0;
/// Direction the light comes from on screen (upper left), unit vector.
const LIGHT: [f32; 2] = [-0.447, -0.894];

/// What one person is drawn with.
pub struct BodyPerson<'a, 'p> {
    /// Their skeleton.
    pub skeleton: &'a Skeleton,
    /// Landmarks of that skeleton.
    pub map: &'a BodyMap,
    /// Their joints.
    pub person: &'a PersonView<'p>,
    /// Index of the person in the frame (for the shade).
    pub index: usize,
    /// Metres per file unit when known (3D clips); `None` estimates it from the bones.
    pub metres_per_unit: Option<f32>,
    /// Colours of the sides.
    pub palette: &'a Palette,
}

/// Where a joint sits on a limb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limb {
    /// Hip (0), knee (1), ankle (2), toe or heel and beyond (3).
    Leg(u8),
    /// Shoulder (0), elbow (1), wrist and beyond (2).
    Arm(u8),
}

impl Limb {
    /// The radius of the bone from a joint at `self` to one at `other`, or `None` when the two
    /// are not on the same kind of limb.
    fn bone_radius_m(self, other: Self) -> Option<f32> {
        match (self, other) {
            (Self::Leg(a), Self::Leg(b)) => Some(match a.min(b) {
                0 if a.max(b) == 1 => THIGH_M,
                0 => return None,
                1 => SHANK_M,
                _ => FOOT_M,
            }),
            (Self::Arm(a), Self::Arm(b)) => Some(match a.min(b) {
                0 if a.max(b) == 1 => UPPER_ARM_M,
                0 => return None,
                1 => FOREARM_M,
                _ => HAND_M,
            }),
            _ => None,
        }
    }

    fn is_distal(self) -> bool {
        matches!(self, Self::Leg(2 | 3) | Self::Arm(2))
    }

    fn beyond(self) -> Self {
        match self {
            Self::Leg(_) => Self::Leg(3),
            Self::Arm(_) => Self::Arm(2),
        }
    }
}

/// The limb of each joint: landmarks first, then outwards from wrists and ankles.
fn limbs_of(skeleton: &Skeleton, map: &BodyMap) -> Vec<Option<Limb>> {
    let mut limbs: Vec<Option<Limb>> = vec![None; skeleton.joint_count()];
    let marks = [
        (Landmark::LeftHip, Limb::Leg(0)),
        (Landmark::RightHip, Limb::Leg(0)),
        (Landmark::LeftKnee, Limb::Leg(1)),
        (Landmark::RightKnee, Limb::Leg(1)),
        (Landmark::LeftAnkle, Limb::Leg(2)),
        (Landmark::RightAnkle, Limb::Leg(2)),
        (Landmark::LeftToe, Limb::Leg(3)),
        (Landmark::RightToe, Limb::Leg(3)),
        (Landmark::LeftHeel, Limb::Leg(3)),
        (Landmark::RightHeel, Limb::Leg(3)),
        (Landmark::LeftShoulder, Limb::Arm(0)),
        (Landmark::RightShoulder, Limb::Arm(0)),
        (Landmark::LeftElbow, Limb::Arm(1)),
        (Landmark::RightElbow, Limb::Arm(1)),
        (Landmark::LeftWrist, Limb::Arm(2)),
        (Landmark::RightWrist, Limb::Arm(2)),
    ];
    for (landmark, limb) in marks {
        if let Some(Source::Joint(j)) = map.source(landmark)
            && let Some(slot) = limbs.get_mut(j)
        {
            *slot = Some(limb);
        }
    }
    // Hands and feet: joints reached from a wrist, ankle or toe through unlabelled joints.
    // Each pass moves one bone further out, so joint-count passes always suffice.
    for _ in 0..skeleton.joint_count() {
        let mut changed = false;
        for bone in skeleton.bones() {
            for (from, to) in [(bone.from, bone.to), (bone.to, bone.from)] {
                let (Some(Some(limb)), Some(None)) = (limbs.get(from), limbs.get(to)) else {
                    continue;
                };
                if limb.is_distal() {
                    let next = limb.beyond();
                    if let Some(slot) = limbs.get_mut(to) {
                        *slot = Some(next);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    limbs
}

/// A length in file units between two landmarks of `person`.
fn landmark_distance(
    map: &BodyMap,
    person: &PersonView<'_>,
    a: Landmark,
    b: Landmark,
) -> Option<f32> {
    let (p, q) = (map.point(person, a)?, map.point(person, b)?);
    let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
    (d.is_finite() && d > 0.0).then_some(d)
}

/// Metres per file unit from the person's thighs, shanks and trunk (the largest estimate: the
/// least foreshortened bone in a 2D picture); `None` when none of them is known.
fn estimate_metres_per_unit(map: &BodyMap, person: &PersonView<'_>) -> Option<f32> {
    use Landmark as L;
    let pairs = [
        (L::LeftHip, L::LeftKnee, TYPICAL_M[0]),
        (L::RightHip, L::RightKnee, TYPICAL_M[0]),
        (L::LeftKnee, L::LeftAnkle, TYPICAL_M[1]),
        (L::RightKnee, L::RightAnkle, TYPICAL_M[1]),
        (L::Pelvis, L::Neck, TYPICAL_M[2]),
    ];
    // The longest bone relative to its typical length is the least foreshortened one.
    pairs
        .iter()
        .filter_map(|&(a, b, m)| landmark_distance(map, person, a, b).map(|d| d / m))
        .max_by(f32::total_cmp)
        .map(|units_per_m| 1.0 / units_per_m)
}

/// Pixels per metre at `p` (file units), from the screen step of 1 cm along each file axis:
/// the length of the gradient of the screen x coordinate.
fn px_per_m(place: Place<'_>, p: [f32; 3], metres_per_unit: f32) -> Option<f32> {
    let (origin, _) = place(p)?;
    let step = 0.01 / metres_per_unit;
    let mut sum = 0.0_f32;
    for axis in 0..3 {
        let mut q = p;
        q[axis] += step;
        let (s, _) = place(q)?;
        sum += (s[0] - origin[0]).powi(2);
    }
    let ppm = sum.sqrt() / 0.01;
    (ppm.is_finite() && ppm > 0.0).then_some(ppm)
}

/// A point of the body on screen with its depth and its pixels per metre.
#[derive(Clone, Copy, Debug)]
struct Spot {
    screen: [f32; 2],
    depth: f32,
    ppm: f32,
}

/// Collects the shaded capsules of one person and their depths.
struct Painter<'a> {
    place: Place<'a>,
    metres_per_unit: f32,
    out: &'a mut Vec<Capsule>,
    keys: &'a mut Vec<f32>,
}

impl Painter<'_> {
    fn spot(&self, p: [f32; 3]) -> Option<Spot> {
        let (screen, depth) = (self.place)(p)?;
        let ppm = px_per_m(self.place, p, self.metres_per_unit)?;
        Some(Spot { screen, depth, ppm })
    }

    /// A shaded capsule from `a` (radius `ra_m` metres) to `b` (`rb_m`).
    fn limb(&mut self, a: Spot, ra_m: f32, b: Spot, rb_m: f32, colour: Rgba) {
        let ra = (ra_m * a.ppm).max(MIN_RADIUS_PX);
        let rb = (rb_m * b.ppm).max(MIN_RADIUS_PX);
        let depth = (a.depth + b.depth) * 0.5;
        let shifted =
            |p: [f32; 2], r: f32, k: f32| [p[0] + LIGHT[0] * r * k, p[1] + LIGHT[1] * r * k];
        let layers = [
            (1.0, 0.0, colour.mix(Rgba::rgb(0, 0, 0), 0.55)),
            (0.78, 0.18, colour),
            (0.32, 0.45, colour.mix(Rgba::rgb(255, 255, 255), 0.45)),
        ];
        for (scale, shift, shade) in layers {
            self.out.push(Capsule {
                a: shifted(a.screen, ra, shift),
                b: shifted(b.screen, rb, shift),
                radius_a: ra * scale,
                radius_b: rb * scale,
                colour: shade.with_alpha(colour.0[3]),
            });
            self.keys.push(depth);
        }
    }
}

fn lerp3(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn dist3(a: [f32; 3], b: [f32; 3]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Adds the trunk (a tapered capsule between the girdles, plus the shoulder and hip girdles);
/// returns false when the shoulders or hips are missing.
fn add_trunk(painter: &mut Painter<'_>, who: &BodyPerson<'_, '_>, colour: Rgba) -> Option<()> {
    use Landmark as L;
    let p = |l: Landmark| who.map.point(who.person, l);
    let (ls, rs, lh, rh) = (
        p(L::LeftShoulder)?,
        p(L::RightShoulder)?,
        p(L::LeftHip)?,
        p(L::RightHip)?,
    );
    let top = lerp3(ls, rs, 0.5);
    let bottom = lerp3(lh, rh, 0.5);
    let (sls, srs) = (painter.spot(ls)?, painter.spot(rs)?);
    let (slh, srh) = (painter.spot(lh)?, painter.spot(rh)?);
    let (stop, sbottom) = (painter.spot(top)?, painter.spot(bottom)?);
    let half_px =
        |a: Spot, b: Spot| ((a.screen[0] - b.screen[0]).hypot(a.screen[1] - b.screen[1])) * 0.5;
    // Radii: half the girdle as seen (wide from the front, narrow from the side).
    let r_top_m = (half_px(sls, srs) / stop.ppm).max(TRUNK_MIN_M) * 0.85;
    let r_bottom_m = (half_px(slh, srh) / sbottom.ppm).max(TRUNK_MIN_M);
    // Pull the ends in so the rounded caps end near the shoulders and hips.
    let length_m = dist3(top, bottom) * painter.metres_per_unit;
    if !(length_m.is_finite() && length_m > 0.0) {
        return None;
    }
    let top_in = lerp3(top, bottom, (r_top_m * 0.7 / length_m).min(0.45));
    let bottom_in = lerp3(bottom, top, (r_bottom_m * 0.5 / length_m).min(0.45));
    let (a, b) = (painter.spot(bottom_in)?, painter.spot(top_in)?);
    painter.limb(a, r_bottom_m, b, r_top_m, colour);
    painter.limb(slh, GIRDLE_M, srh, GIRDLE_M, colour);
    painter.limb(sls, GIRDLE_M, srs, GIRDLE_M, colour);
    Some(())
}

/// Adds the neck and head: a sphere [`NECK_TO_HEAD_M`] from the base of the neck towards the
/// skeleton's head point (head top, skull base or nose, whichever it has).
fn add_head(painter: &mut Painter<'_>, who: &BodyPerson<'_, '_>, colour: Rgba) -> Option<()> {
    use Landmark as L;
    let p = |l: Landmark| who.map.point(who.person, l);
    let base = match (p(L::LeftShoulder), p(L::RightShoulder)) {
        (Some(l), Some(r)) => lerp3(l, r, 0.5),
        _ => p(L::Neck)?,
    };
    let head = p(L::Head)?;
    let length_m = dist3(base, head) * painter.metres_per_unit;
    if !(length_m.is_finite() && length_m > 1e-3) {
        return None;
    }
    let centre = lerp3(base, head, NECK_TO_HEAD_M / length_m);
    let (sbase, scentre) = (painter.spot(base)?, painter.spot(centre)?);
    painter.limb(sbase, NECK_M, scentre, NECK_M, colour);
    painter.limb(scentre, HEAD_M, scentre, HEAD_M, colour);
    Some(())
}

/// Adds the capsules of one person to `out`, with the depth of each in `keys`.
pub fn add_body(
    out: &mut Vec<Capsule>,
    keys: &mut Vec<f32>,
    who: &BodyPerson<'_, '_>,
    place: Place<'_>,
) {
    let Some(metres_per_unit) = who
        .metres_per_unit
        .or_else(|| estimate_metres_per_unit(who.map, who.person))
        .filter(|m| m.is_finite() && *m > 0.0)
    else {
        return;
    };
    let mut painter = Painter {
        place,
        metres_per_unit,
        out,
        keys,
    };
    let centre = who.palette.person(Side::Centre, who.index);
    let has_trunk = add_trunk(&mut painter, who, centre).is_some();
    let limbs = limbs_of(who.skeleton, who.map);
    let spots: Vec<Option<Spot>> = (0..who.skeleton.joint_count())
        .map(|j| who.person.joint(j).and_then(|p| painter.spot(p)))
        .collect();
    for bone in who.skeleton.bones() {
        let (Some(Some(a)), Some(Some(b))) = (spots.get(bone.from), spots.get(bone.to)) else {
            continue;
        };
        let limb = |j: usize| limbs.get(j).copied().flatten();
        let radius = match (limb(bone.from), limb(bone.to)) {
            (Some(x), Some(y)) => x.bone_radius_m(y),
            _ => None,
        };
        let radius = match radius {
            Some(r) => r,
            None if has_trunk => continue,
            None => OTHER_M,
        };
        let colour = who.palette.person(who.skeleton.bone_side(*bone), who.index);
        painter.limb(*a, radius, *b, radius, colour);
    }
    add_head(&mut painter, who, centre);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LayoutId, PosesBuilder};

    /// H36M-17 standing, Y up, metres; seen from the front by an orthographic 100 px/m camera.
    fn standing() -> (Skeleton, crate::model::Poses) {
        let skeleton = LayoutId::H36m17.layout().unwrap().skeleton();
        let mut coords = [0.0_f32; 17 * 3];
        let mut set = |j: usize, p: [f32; 3]| coords[j * 3..j * 3 + 3].copy_from_slice(&p);
        set(0, [0.0, 1.0, 0.0]); // pelvis
        set(1, [-0.1, 1.0, 0.0]); // right hip
        set(2, [-0.1, 0.55, 0.0]);
        set(3, [-0.1, 0.1, 0.0]);
        set(4, [0.1, 1.0, 0.0]); // left hip
        set(5, [0.1, 0.55, 0.0]);
        set(6, [0.1, 0.1, 0.0]);
        set(7, [0.0, 1.25, 0.0]); // spine
        set(8, [0.0, 1.45, 0.0]); // thorax
        set(9, [0.0, 1.55, 0.0]); // neck / nose
        set(10, [0.0, 1.75, 0.0]); // head top
        set(11, [0.2, 1.45, 0.0]); // left shoulder
        set(12, [0.2, 1.15, 0.0]);
        set(13, [0.2, 0.9, 0.0]);
        set(14, [-0.2, 1.45, 0.0]); // right shoulder
        set(15, [-0.2, 1.15, 0.0]);
        set(16, [-0.2, 0.9, 0.0]);
        let mut poses = PosesBuilder::new(17, 3, false, false);
        poses.begin_frame();
        poses.push_person(&coords, None, None);
        (skeleton, poses.finish())
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "a placement returns an Option (missing or hidden points)"
    )]
    fn front(p: [f32; 3]) -> Option<([f32; 2], f32)> {
        Some(([200.0 + 100.0 * p[0], 200.0 - 100.0 * p[1]], -p[2]))
    }

    fn near(a: [f32; 2], b: [f32; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3
    }

    #[test]
    fn limbs_are_classified_from_landmarks() {
        let (skeleton, _) = standing();
        let limbs = limbs_of(&skeleton, &BodyMap::new(&skeleton));
        assert_eq!(limbs[1], Some(Limb::Leg(0)));
        assert_eq!(limbs[2], Some(Limb::Leg(1)));
        assert_eq!(limbs[16], Some(Limb::Arm(2)));
        assert_eq!(limbs[7], None);
        assert_eq!(Limb::Leg(0).bone_radius_m(Limb::Leg(1)), Some(THIGH_M));
        assert_eq!(Limb::Arm(2).bone_radius_m(Limb::Arm(1)), Some(FOREARM_M));
        assert_eq!(Limb::Leg(0).bone_radius_m(Limb::Arm(0)), None);
    }

    #[test]
    fn a_standing_body_has_trunk_limbs_and_head_at_metric_sizes() {
        let (skeleton, poses) = standing();
        let map = BodyMap::new(&skeleton);
        let person = poses.frame(0).and_then(|f| f.person(0)).unwrap();
        let who = BodyPerson {
            skeleton: &skeleton,
            map: &map,
            person: &person,
            index: 0,
            metres_per_unit: Some(1.0),
            palette: &Palette::STANDARD,
        };
        let (mut out, mut keys) = (Vec::new(), Vec::new());
        add_body(&mut out, &mut keys, &who, &front);
        assert_eq!(out.len(), keys.len());
        // Trunk + 2 girdles + 4 leg bones + 4 arm bones + neck + head, three layers each.
        assert_eq!(out.len(), 3 * 13, "{out:#?}");
        // 100 px per metre: the left thigh (0.1,1.0)–(0.1,0.55) has an 8 px radius at the hip.
        let thigh = out
            .iter()
            .find(|c| near(c.a, [210.0, 100.0]) && near(c.b, [210.0, 145.0]))
            .unwrap();
        assert!((thigh.radius_a - 8.0).abs() < 0.01, "{thigh:?}");
        assert_eq!(
            thigh.colour,
            super::super::style::LEFT.mix(Rgba::rgb(0, 0, 0), 0.55)
        );
        // The head: a circle of 10.5 px, 0.25 m above the mid-shoulders, towards the head top.
        let head = out
            .iter()
            .find(|c| near(c.a, c.b) && (c.radius_a - 10.5).abs() < 1e-3)
            .unwrap();
        assert!(
            (head.a[0] - 200.0).abs() < 1e-3 && (head.a[1] - 30.0).abs() < 1e-2,
            "{head:?}"
        );
    }

    #[test]
    fn unknown_units_are_estimated_from_the_legs() {
        let (skeleton, poses) = standing();
        let map = BodyMap::new(&skeleton);
        let person = poses.frame(0).and_then(|f| f.person(0)).unwrap();
        // Thighs and shanks are 0.45 long against 0.43 / 0.42 typical; pelvis to H36M's neck
        // joint is 0.55 against 0.5: the longest relative to typical gives the scale.
        let m = estimate_metres_per_unit(&map, &person).unwrap();
        assert!((m - 0.5 / 0.55).abs() < 1e-4, "{m}");
    }

    #[test]
    fn pixels_per_metre_come_from_the_projection() {
        let ppm = px_per_m(&front, [0.3, 1.0, 0.0], 1.0).unwrap();
        assert!((ppm - 100.0).abs() < 0.01, "{ppm}");
        // Centimetres: one unit is 0.01 m, the same projection in units gives 1 px per cm.
        let cm = |p: [f32; 3]| Some(([p[0], -p[1]], 0.0));
        let ppm = px_per_m(&cm, [10.0, 100.0, 0.0], 0.01).unwrap();
        assert!((ppm - 100.0).abs() < 0.01, "{ppm}");
    }
}
