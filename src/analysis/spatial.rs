//! Spatial alignment of two athletes for an overlay: pelvis on pelvis, facing direction matched
//! and, optionally, body size normalised, so what differs in the picture is technique.
//!
//! [`BodyShape`] measures what a clip needs once (its up direction, which way the athlete faces,
//! leg length and standing height, in file units); [`overlay_transform`] then gives, for one
//! pair of frames, the similarity transform that carries clip B's points into clip A's file
//! coordinates. Facing is measured over the whole clip, not per frame, so a trunk that turns
//! more in one performance still shows as a difference.

use glam::{Mat3, Vec3};

use super::body::{BodyMap, Landmark};
use crate::model::{Clip, PersonView};

/// Most frames looked at when measuring a clip.
const SAMPLED_FRAMES: usize = 240;

/// How clip B is scaled onto clip A.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SizeMatch {
    /// Real size (only the units are converted).
    #[default]
    Off,
    /// Leg length (hip–knee + knee–ankle) made equal.
    LegLength,
    /// Standing height (leg + trunk + neck-to-head) made equal.
    Height,
}

impl SizeMatch {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::Off, Self::LegLength, Self::Height];

    /// Name for menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Off => "real size",
            Self::LegLength => "same leg length",
            Self::Height => "same height",
        }
    }
}

/// What the overlay matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverlayOptions {
    /// Turn clip B about the up axis so the athletes face the same way.
    pub match_facing: bool,
    /// Size normalisation.
    pub size: SizeMatch,
}

impl Default for OverlayOptions {
    fn default() -> Self {
        Self {
            match_facing: true,
            size: SizeMatch::Off,
        }
    }
}

/// The measurements of one clip the overlay needs (file units and axes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BodyShape {
    /// Unit up vector in file coordinates (image space: `-y`, as y points down).
    pub up: Vec3,
    /// True for 3D data.
    pub is_3d: bool,
    /// Mean horizontal facing direction of person 0 (unit), when hips are known.
    pub facing: Option<Vec3>,
    /// Median leg length (mean of both legs), file units.
    pub leg_length: Option<f32>,
    /// Median standing height estimate: leg length + pelvis–neck + neck–head, file units.
    pub height: Option<f32>,
    /// Metres per file unit, when the units are known.
    pub metres_per_unit: Option<f64>,
}

fn v(p: [f32; 3]) -> Vec3 {
    Vec3::from_array(p)
}

fn median(mut values: Vec<f32>) -> Option<f32> {
    values.retain(|x| x.is_finite() && *x > 0.0);
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

/// Distance between two landmarks of `person`.
fn span(map: &BodyMap, person: &PersonView<'_>, a: Landmark, b: Landmark) -> Option<f32> {
    Some(v(map.point(person, a)?).distance(v(map.point(person, b)?)))
}

/// Leg length of one side: hip–knee + knee–ankle.
fn leg(map: &BodyMap, person: &PersonView<'_>, left: bool) -> Option<f32> {
    let (hip, knee, ankle) = if left {
        (Landmark::LeftHip, Landmark::LeftKnee, Landmark::LeftAnkle)
    } else {
        (
            Landmark::RightHip,
            Landmark::RightKnee,
            Landmark::RightAnkle,
        )
    };
    Some(span(map, person, hip, knee)? + span(map, person, knee, ankle)?)
}

/// Horizontal forward direction of one pose: the hip line (right to left) crossed with up.
fn forward(map: &BodyMap, person: &PersonView<'_>, up: Vec3) -> Option<Vec3> {
    let left = v(map.point(person, Landmark::LeftHip)?);
    let right = v(map.point(person, Landmark::RightHip)?);
    let lateral = left - right;
    let f = lateral.cross(up);
    let f = f - up * f.dot(up);
    (f.length() > 1e-6).then(|| f.normalize())
}

impl BodyShape {
    /// Measures person 0 of `clip` over up to 240 evenly spaced frames.
    #[must_use]
    pub fn of(clip: &Clip) -> Self {
        let map = BodyMap::new(&clip.skeleton);
        let is_3d = clip.space.is_3d();
        let up = if is_3d {
            v(clip.space.up.up_vector()).normalize_or(Vec3::Y)
        } else {
            Vec3::NEG_Y
        };
        let count = clip.frame_count();
        let stride = count.div_ceil(SAMPLED_FRAMES).max(1);
        let (mut legs, mut heights, mut facing_sum) = (Vec::new(), Vec::new(), Vec3::ZERO);
        for index in (0..count).step_by(stride) {
            let Some(person) = clip.poses.frame(index).and_then(|f| f.person(0)) else {
                continue;
            };
            let legs_here: Vec<f32> = [true, false]
                .into_iter()
                .filter_map(|left| leg(&map, &person, left))
                .collect();
            if legs_here.is_empty() {
                continue;
            }
            let leg_len = legs_here.iter().sum::<f32>() / legs_here.len() as f32;
            legs.push(leg_len);
            if let (Some(trunk), Some(neck)) = (
                span(&map, &person, Landmark::Pelvis, Landmark::Neck),
                span(&map, &person, Landmark::Neck, Landmark::Head),
            ) {
                heights.push(leg_len + trunk + neck);
            }
            if is_3d && let Some(f) = forward(&map, &person, up) {
                facing_sum += f;
            }
        }
        let metres_per_unit = clip.space.units.metres_per_unit();
        Self {
            up,
            is_3d,
            facing: (facing_sum.length() > 1e-6).then(|| facing_sum.normalize()),
            leg_length: median(legs),
            height: median(heights),
            metres_per_unit,
        }
    }
}

/// Carries clip B's points into clip A's file coordinates: `to + scale · rotation · (p − from)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Similarity {
    /// B's anchor (its pelvis), B's file units.
    pub from: Vec3,
    /// Where the anchor goes (A's pelvis), A's file units.
    pub to: Vec3,
    /// Rotation: B's up onto A's up, then about A's up to match the facing.
    pub rotation: Mat3,
    /// A's units per B's unit.
    pub scale: f32,
}

impl Similarity {
    /// The transformed point (NaN stays NaN: missing stays missing).
    #[must_use]
    pub fn apply(&self, p: [f32; 3]) -> [f32; 3] {
        (self.to + self.scale * (self.rotation * (v(p) - self.from))).to_array()
    }

    /// The angle turned about the up axis to match the facing, radians.
    #[must_use]
    pub fn yaw_rad(&self, up: Vec3) -> f32 {
        let x = up.any_orthonormal_vector();
        let turned = self.rotation * x;
        let y = up.cross(x);
        turned.dot(y).atan2(turned.dot(x))
    }
}

/// The scale from B's units to A's: the chosen body measure, or the unit conversion.
fn scale_of(a: &BodyShape, b: &BodyShape, size: SizeMatch) -> f32 {
    let ratio = |x: Option<f32>, y: Option<f32>| match (x, y) {
        (Some(x), Some(y)) if y > 0.0 => Some(x / y),
        _ => None,
    };
    let units = match (a.metres_per_unit, b.metres_per_unit) {
        (Some(ma), Some(mb)) if ma > 0.0 => Some((mb / ma) as f32),
        _ => None,
    };
    let by_body = match size {
        SizeMatch::Off => None,
        SizeMatch::LegLength => ratio(a.leg_length, b.leg_length),
        SizeMatch::Height => ratio(a.height, b.height),
    };
    by_body
        .or(units)
        // Units unknown on one side: the leg lengths at least put both in one unit.
        .or_else(|| ratio(a.leg_length, b.leg_length))
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0)
}

/// The transform that puts B's pelvis `pelvis_b` on A's pelvis `pelvis_a` (file coordinates of
/// each), B's up on A's up, B's facing on A's (when asked and both are known), at the scale
/// `options.size` asks for. 2D (image) clips are only moved and scaled.
#[must_use]
pub fn overlay_transform(
    a: &BodyShape,
    b: &BodyShape,
    pelvis_a: [f32; 3],
    pelvis_b: [f32; 3],
    options: OverlayOptions,
) -> Similarity {
    let mut rotation = Mat3::IDENTITY;
    if a.is_3d && b.is_3d {
        rotation = Mat3::from_quat(glam::Quat::from_rotation_arc(b.up, a.up));
        if options.match_facing
            && let (Some(fa), Some(fb)) = (a.facing, b.facing)
        {
            let fb = rotation * fb;
            let fb = (fb - a.up * fb.dot(a.up)).normalize_or_zero();
            if fb != Vec3::ZERO {
                let angle = fb.cross(fa).dot(a.up).atan2(fb.dot(fa));
                rotation = Mat3::from_axis_angle(a.up, angle) * rotation;
            }
        }
    }
    Similarity {
        from: v(pelvis_b),
        to: v(pelvis_a),
        rotation,
        scale: scale_of(a, b, options.size),
    }
}

/// The pelvis of person 0 at `frame` of `clip`.
#[must_use]
pub fn pelvis_at(clip: &Clip, frame: usize) -> Option<[f32; 3]> {
    let map = BodyMap::new(&clip.skeleton);
    let person = clip.poses.frame(frame)?.person(0)?;
    map.point(&person, Landmark::Pelvis)
        .filter(|p| p.iter().all(|c| c.is_finite()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};

    /// A standing H36M-17 athlete facing +X (Z up), legs 0.84 m, 1.7 m tall, transformed by
    /// `place` (file coordinates), in `space`.
    fn athlete(place: impl Fn(Vec3) -> Vec3, space: Space, frames: usize) -> Clip {
        let mut p = [[0.0_f32; 3]; 17];
        p[0] = [0.0, 0.0, 0.9];
        p[4] = [0.0, 0.1, 0.9];
        p[1] = [0.0, -0.1, 0.9];
        p[5] = [0.05, 0.1, 0.48];
        p[6] = [0.0, 0.1, 0.06];
        p[2] = [0.05, -0.1, 0.48];
        p[3] = [0.0, -0.1, 0.06];
        p[7] = [0.0, 0.0, 1.15];
        p[8] = [0.0, 0.0, 1.4];
        p[9] = [0.0, 0.0, 1.48];
        p[10] = [0.0, 0.0, 1.7];
        p[11] = [0.0, 0.2, 1.42];
        p[12] = [0.0, 0.2, 1.12];
        p[13] = [0.0, 0.2, 0.86];
        p[14] = [0.0, -0.2, 1.42];
        p[15] = [0.0, -0.2, 1.12];
        p[16] = [0.0, -0.2, 0.86];
        let mut poses = PosesBuilder::new(17, 3, false, false);
        for _ in 0..frames {
            let coords: Vec<f32> = p.iter().flat_map(|q| place(v(*q)).to_array()).collect();
            poses.begin_frame();
            poses.push_person(&coords, None, None);
        }
        Clip::new(
            LayoutId::H36m17.layout().unwrap().skeleton(),
            Some(30.0),
            space,
            poses.finish(),
            ClipMeta::new("athlete", FormatId::Npy),
        )
    }

    fn close(a: [f32; 3], b: [f32; 3], tol: f32) -> bool {
        v(a).distance(v(b)) < tol
    }

    #[test]
    fn measures_legs_height_and_facing() {
        let clip = athlete(|p| p, Space::world(Units::M, UpAxis::Z), 5);
        let shape = BodyShape::of(&clip);
        let leg = shape.leg_length.unwrap();
        let expected = 2.0 * (0.05_f32.powi(2) + 0.42_f32.powi(2)).sqrt();
        assert!((leg - expected).abs() < 1e-4, "{leg}");
        // Leg + pelvis→neck (0.5) + neck→head (0.3).
        assert!((shape.height.unwrap() - (expected + 0.8)).abs() < 1e-4);
        // Left hip on +Y, up +Z: facing +X.
        assert!(shape.facing.unwrap().distance(Vec3::X) < 1e-5);
    }

    #[test]
    fn puts_a_moved_turned_scaled_athlete_in_another_frame_on_the_first() {
        let a = athlete(|p| p, Space::world(Units::M, UpAxis::Z), 3);
        // B: in centimetres, Y up, turned to face elsewhere, 10 % taller, far away.
        let z_to_y = Mat3::from_cols(Vec3::X, Vec3::NEG_Z, Vec3::Y);
        let b = athlete(
            |p| {
                let turned = Mat3::from_rotation_z(2.0) * (p * 1.1);
                z_to_y * turned * 100.0 + Vec3::new(500.0, 0.0, -300.0)
            },
            Space::world(Units::Cm, UpAxis::Y),
            3,
        );
        let (sa, sb) = (BodyShape::of(&a), BodyShape::of(&b));
        assert!(sb.up.distance(Vec3::Y) < 1e-6);
        let (pa, pb) = (pelvis_at(&a, 0).unwrap(), pelvis_at(&b, 0).unwrap());
        let real = overlay_transform(&sa, &sb, pa, pb, OverlayOptions::default());
        // Units converted: 1 cm of B is 0.01 m of A; B is 10 % larger, so it stays larger.
        assert!((real.scale - 0.01).abs() < 1e-6);
        let head_b = b
            .poses
            .frame(0)
            .unwrap()
            .person(0)
            .unwrap()
            .joint(10)
            .unwrap();
        let head_a = a
            .poses
            .frame(0)
            .unwrap()
            .person(0)
            .unwrap()
            .joint(10)
            .unwrap();
        assert!(close(real.apply(pb), pa, 1e-5), "pelvis on pelvis");
        let head = real.apply(head_b);
        assert!(close(head, [0.0, 0.0, 0.9 + 0.8 * 1.1], 1e-3), "{head:?}");
        // Same leg length: B's head lands exactly on A's; and so does its left wrist.
        let options = OverlayOptions {
            match_facing: true,
            size: SizeMatch::LegLength,
        };
        let norm = overlay_transform(&sa, &sb, pa, pb, options);
        assert!(close(norm.apply(head_b), head_a, 1e-3));
        let wrist = |c: &Clip| {
            c.poses
                .frame(0)
                .unwrap()
                .person(0)
                .unwrap()
                .joint(13)
                .unwrap()
        };
        assert!(close(norm.apply(wrist(&b)), wrist(&a), 1e-3));
        // Without facing matched, B's left wrist is elsewhere (B faces 2 rad away).
        let unturned = OverlayOptions {
            match_facing: false,
            ..options
        };
        let moved = overlay_transform(&sa, &sb, pa, pb, unturned);
        assert!(!close(moved.apply(wrist(&b)), wrist(&a), 0.05));
        assert!((norm.yaw_rad(sa.up) - moved.yaw_rad(sa.up)).abs() > 1.9);
    }

    #[test]
    fn image_clips_are_only_moved_and_scaled_and_missing_points_stay_missing() {
        let a = athlete(
            |p| Vec3::new(p.y * 100.0, 500.0 - p.z * 100.0, 0.0),
            Space::image_px(),
            2,
        );
        let b = athlete(
            |p| Vec3::new(p.y * 50.0 + 40.0, 300.0 - p.z * 50.0, 0.0),
            Space::image_px(),
            2,
        );
        let (sa, sb) = (BodyShape::of(&a), BodyShape::of(&b));
        assert!(sa.facing.is_none());
        let (pa, pb) = (pelvis_at(&a, 0).unwrap(), pelvis_at(&b, 0).unwrap());
        let t = overlay_transform(&sa, &sb, pa, pb, OverlayOptions::default());
        assert_eq!(t.rotation, Mat3::IDENTITY);
        // Pixels on both sides, units unknown: the leg lengths set the scale.
        assert!((t.scale - 2.0).abs() < 1e-4, "{}", t.scale);
        assert!(t.apply([f32::NAN, 0.0, 0.0])[0].is_nan());
    }
}
