//! Measurements a coach picks in the viewer, as time series over a whole clip: joint-angle
//! presets, custom angles from three joints, segment angles to the vertical or horizontal,
//! distances between two joints, linear speed and acceleration of a joint, and angular velocity
//! of an angle.
//!
//! Conventions (shown next to every value in the viewer, see [`Quantity::convention`]):
//!
//! | quantity | definition | range / unit |
//! |---|---|---|
//! | preset | see [`crate::analysis::angles`] | per preset |
//! | three-joint angle A–B–C | angle at B between B→A and B→C, unsigned | 0° to 180° |
//! | segment to vertical A→B | angle between A→B and the up direction | 0° (pointing up) to 180° (pointing down) |
//! | segment to horizontal A→B | elevation of A→B above the horizontal plane (image horizontal for 2D) | −90° (B below A) to +90° (B above A) |
//! | distance A–B | straight-line distance | clip units |
//! | speed | magnitude of the velocity (central differences) | clip units / s |
//! | acceleration | magnitude of the second derivative | clip units / s² |
//! | angular velocity | time derivative of an angle | rad/s, shown as °/s |
//!
//! Every angle is an unsigned angle between two vectors (`atan2(|a × b|, a · b)`) or an
//! arcsine, never a difference of two `atan2` headings, so none can wrap round to 329° or
//! exceed 360° (the failure of Sports2D issue 31). All series are in radians or clip units;
//! missing samples are NaN. 3D clips are measured in 3D; 2D clips in the image plane.

use glam::Vec3;

use super::angles::{AnglePreset, PRESETS, angle_between_rad};
use super::body::BodyMap;
use super::kinematics::derivative;
use crate::model::{Clip, PersonView, Space};

/// An angle the viewer can measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AngleDef {
    /// A preset of [`crate::analysis::angles::PRESETS`], by index.
    Preset(usize),
    /// The angle at joint `b` between joints `a` and `c` (indices), 0–180°.
    ThreeJoints {
        /// First end.
        a: usize,
        /// The vertex.
        b: usize,
        /// Second end.
        c: usize,
    },
    /// Segment `from → to` against the up direction, 0–180°.
    SegmentToVertical {
        /// Start joint.
        from: usize,
        /// End joint.
        to: usize,
    },
    /// Segment `from → to` against the horizontal, −90° to +90°, + = `to` above `from`.
    SegmentToHorizontal {
        /// Start joint.
        from: usize,
        /// End joint.
        to: usize,
    },
}

/// Something measured over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// An angle, radians.
    Angle(AngleDef),
    /// The angular velocity of an angle, rad/s.
    AngularVelocity(AngleDef),
    /// Distance between two joints, clip units.
    Distance {
        /// First joint.
        a: usize,
        /// Second joint.
        b: usize,
    },
    /// Linear speed of a joint, clip units per second.
    Speed {
        /// The joint.
        joint: usize,
    },
    /// Magnitude of the linear acceleration of a joint, clip units per second squared.
    Acceleration {
        /// The joint.
        joint: usize,
    },
}

/// What kind of number a quantity is, for units and formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// Radians (shown in degrees).
    Angle,
    /// Radians per second (shown in degrees per second).
    AngularVelocity,
    /// Clip length units.
    Length,
    /// Clip length units per second.
    Speed,
    /// Clip length units per second squared.
    Acceleration,
}

impl AngleDef {
    /// The preset this angle is, if any.
    #[must_use]
    pub fn preset(self) -> Option<&'static AnglePreset> {
        match self {
            Self::Preset(i) => PRESETS.get(i),
            _ => None,
        }
    }

    /// The angle for one person in radians; `None` when a joint is missing or degenerate.
    #[must_use]
    pub fn angle_rad(self, map: &BodyMap, person: &PersonView<'_>, space: &Space) -> Option<f32> {
        let p = |j: usize| person.joint(j).map(Vec3::from_array);
        let up = Vec3::from_array(space.up.up_vector());
        match self {
            Self::Preset(i) => PRESETS.get(i)?.angle_rad(map, person, space),
            Self::ThreeJoints { a, b, c } => angle_between_rad(p(a)? - p(b)?, p(c)? - p(b)?),
            Self::SegmentToVertical { from, to } => angle_between_rad(p(to)? - p(from)?, up),
            Self::SegmentToHorizontal { from, to } => elevation_rad(p(to)? - p(from)?, up),
        }
    }

    /// Name for lists and plots, with joint names from `names`.
    #[must_use]
    pub fn name(self, names: &[String]) -> String {
        let n = |j: usize| {
            names
                .get(j)
                .map_or_else(|| format!("joint {j}"), Clone::clone)
        };
        match self {
            Self::Preset(i) => PRESETS.get(i).map_or("?", |p| p.name).to_owned(),
            Self::ThreeJoints { a, b, c } => format!("angle {}–{}–{}", n(a), n(b), n(c)),
            Self::SegmentToVertical { from, to } => {
                format!("{}–{} to vertical", n(from), n(to))
            }
            Self::SegmentToHorizontal { from, to } => {
                format!("{}–{} to horizontal", n(from), n(to))
            }
        }
    }

    /// The convention in one line.
    #[must_use]
    pub fn convention(self) -> &'static str {
        match self {
            Self::Preset(i) => PRESETS.get(i).map_or("", |p| p.convention),
            Self::ThreeJoints { .. } => "angle at the middle joint; 180° = straight, 0–180°",
            Self::SegmentToVertical { .. } => "0° = pointing up, 90° = level, 0–180°",
            Self::SegmentToHorizontal { .. } => "0° = level, + = end above start, −90–90°",
        }
    }

    /// True for angles that can be negative.
    #[must_use]
    pub fn is_signed(self) -> bool {
        match self {
            Self::SegmentToHorizontal { .. } => true,
            Self::Preset(i) => PRESETS
                .get(i)
                .is_some_and(|p| matches!(p.kind, super::angles::AngleKind::Dorsiflexion { .. })),
            _ => false,
        }
    }

    /// The joint the value is drawn next to on the body: the vertex, or the segment's end.
    #[must_use]
    pub fn anchor(self) -> Option<Anchor> {
        use super::angles::AngleKind;
        match self {
            Self::Preset(i) => match PRESETS.get(i)?.kind {
                AngleKind::Flexion { b, .. } | AngleKind::Dorsiflexion { b, .. } => {
                    Some(Anchor::Landmark(b))
                }
                AngleKind::Segments { b_from, .. } => Some(Anchor::Landmark(b_from)),
                AngleKind::ToVertical { from, to } => Some(Anchor::Mid(from, to)),
            },
            Self::ThreeJoints { b, .. } => Some(Anchor::Joint(b)),
            Self::SegmentToVertical { from, .. } | Self::SegmentToHorizontal { from, .. } => {
                Some(Anchor::Joint(from))
            }
        }
    }
}

/// Where on the body a value is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// At a landmark.
    Landmark(super::body::Landmark),
    /// Halfway between two landmarks (the trunk).
    Mid(super::body::Landmark, super::body::Landmark),
    /// At a joint, by index.
    Joint(usize),
}

impl Anchor {
    /// The anchor's position for one person.
    #[must_use]
    pub fn point(self, map: &BodyMap, person: &PersonView<'_>) -> Option<[f32; 3]> {
        match self {
            Self::Landmark(l) => map.point(person, l),
            Self::Mid(a, b) => {
                let (a, b) = (map.point(person, a)?, map.point(person, b)?);
                Some([0, 1, 2].map(|d| f32::midpoint(a[d], b[d])))
            }
            Self::Joint(j) => person.joint(j),
        }
    }
}

/// Elevation of `v` above the plane normal to `up`, radians in −π/2..=π/2.
fn elevation_rad(v: Vec3, up: Vec3) -> Option<f32> {
    let length = v.length();
    if !length.is_finite() || length <= f32::EPSILON {
        return None;
    }
    Some((v.dot(up) / length).clamp(-1.0, 1.0).asin())
}

impl Quantity {
    /// What kind of number this is.
    #[must_use]
    pub fn dimension(self) -> Dimension {
        match self {
            Self::Angle(_) => Dimension::Angle,
            Self::AngularVelocity(_) => Dimension::AngularVelocity,
            Self::Distance { .. } => Dimension::Length,
            Self::Speed { .. } => Dimension::Speed,
            Self::Acceleration { .. } => Dimension::Acceleration,
        }
    }

    /// Name for lists and plots.
    #[must_use]
    pub fn name(self, names: &[String]) -> String {
        let n = |j: usize| {
            names
                .get(j)
                .map_or_else(|| format!("joint {j}"), Clone::clone)
        };
        match self {
            Self::Angle(a) => a.name(names),
            Self::AngularVelocity(a) => format!("{} — angular velocity", a.name(names)),
            Self::Distance { a, b } => format!("distance {}–{}", n(a), n(b)),
            Self::Speed { joint } => format!("{} speed", n(joint)),
            Self::Acceleration { joint } => format!("{} acceleration", n(joint)),
        }
    }

    /// The convention in one line.
    #[must_use]
    pub fn convention(self) -> &'static str {
        match self {
            Self::Angle(a) => a.convention(),
            Self::AngularVelocity(_) => "d(angle)/dt, central differences; + = angle growing",
            Self::Distance { .. } => "straight-line distance between the joints",
            Self::Speed { .. } => "magnitude of the velocity, central differences",
            Self::Acceleration { .. } => "magnitude of the acceleration, central differences",
        }
    }

    /// The value for every frame of `clip` for person slot `person` (NaN where missing), in
    /// radians, rad/s or clip units (per second, per second squared). Rates use the clip's
    /// playback rate (its declared rate, or 30 fps when it declares none).
    #[must_use]
    pub fn series(self, clip: &Clip, map: &BodyMap, person: usize) -> Vec<f32> {
        let rate_hz = clip.playback_rate_hz();
        match self {
            Self::Angle(def) => angle_series(clip, map, person, def),
            Self::AngularVelocity(def) => {
                derivative(&angle_series(clip, map, person, def), rate_hz)
            }
            Self::Distance { a, b } => per_frame(clip, person, |p| {
                Some(Vec3::from_array(p.joint(a)?).distance(Vec3::from_array(p.joint(b)?)))
            }),
            Self::Speed { joint } => {
                let axes = velocity(&joint_track(clip, person, joint), rate_hz);
                magnitude(&axes)
            }
            Self::Acceleration { joint } => {
                let v = velocity(&joint_track(clip, person, joint), rate_hz);
                let a = [0, 1, 2].map(|d| derivative(&v[d], rate_hz));
                magnitude(&a)
            }
        }
    }
}

/// One value per frame from `f` applied to person slot `person`.
fn per_frame(clip: &Clip, person: usize, f: impl Fn(&PersonView<'_>) -> Option<f32>) -> Vec<f32> {
    (0..clip.frame_count())
        .map(|i| {
            clip.poses
                .frame(i)
                .and_then(|fr| fr.person(person))
                .and_then(|p| f(&p))
                .unwrap_or(f32::NAN)
        })
        .collect()
}

fn angle_series(clip: &Clip, map: &BodyMap, person: usize, def: AngleDef) -> Vec<f32> {
    per_frame(clip, person, |p| def.angle_rad(map, p, &clip.space))
}

/// The `[x, y, z]` track of one joint, NaN where missing.
#[must_use]
pub fn joint_track(clip: &Clip, person: usize, joint: usize) -> Vec<[f32; 3]> {
    (0..clip.frame_count())
        .map(|i| {
            clip.poses
                .frame(i)
                .and_then(|fr| fr.person(person))
                .and_then(|p| p.joint(joint))
                .unwrap_or([f32::NAN; 3])
        })
        .collect()
}

/// Velocity per axis of a track.
fn velocity(track: &[[f32; 3]], rate_hz: f64) -> [Vec<f32>; 3] {
    [0, 1, 2].map(|d| {
        let axis: Vec<f32> = track.iter().map(|p| p[d]).collect();
        derivative(&axis, rate_hz)
    })
}

fn magnitude(axes: &[Vec<f32>; 3]) -> Vec<f32> {
    axes[0]
        .iter()
        .zip(&axes[1])
        .zip(&axes[2])
        .map(|((x, y), z)| (x * x + y * y + z * z).sqrt())
        .collect()
}

#[cfg(test)]
#[path = "measure_tests.rs"]
mod tests;
