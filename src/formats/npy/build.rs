//! Turns decoded array values into a [`Clip`]: missing points, a confidence column, the layout
//! guess and the coordinate space.

use super::shape::PoseShape;
use super::up::{guess_up, units_from_height};
use crate::model::{Clip, ClipMeta, LayoutId, Poses, PosesBuilder, Skeleton, Space, Units};

/// An x or y span above this (while the third column stays in [0, 1]) marks image pixels plus
/// a confidence rather than 3D positions.
const PIXEL_SPAN: f32 = 20.0;

/// Builds a clip from C-order `values` of `shape`, adding warnings and details to `meta`.
#[must_use]
pub fn build_clip(values: &[f32], shape: &PoseShape, mut meta: ClipMeta) -> Clip {
    let with_confidence = shape.channels == 3 && looks_like_confidence(values);
    let dims = if with_confidence { 2 } else { shape.channels };
    if with_confidence {
        meta.warnings.push(
            "the third value of each joint lies within [0, 1] while x and y span far more, so it \
             is read as a confidence score (2D keypoints), not as z"
                .to_owned(),
        );
    }
    let skeleton = guess_skeleton(shape.joints, dims, &mut meta.warnings);
    let (poses, missing) = build_poses(values, shape, dims, with_confidence);
    if missing.zero_xy > 0 {
        meta.warnings.push(format!(
            "{} of {} points are exactly (0, 0), which 2D keypoint files use for undetected \
             joints; they are treated as missing",
            missing.zero_xy, missing.total
        ));
    }
    if missing.nan > 0 {
        meta.details.push((
            "missing points (NaN)".to_owned(),
            format!("{} of {}", missing.nan, missing.total),
        ));
    }
    let space = if dims == 2 {
        Space::image_px()
    } else {
        world_space(&poses, &skeleton, &mut meta)
    };
    Clip::new(skeleton, None, space, poses, meta)
}

/// The preset layout for `joints` points in `dims` dimensions, or unnamed points; says which.
fn guess_skeleton(joints: usize, dims: usize, warnings: &mut Vec<String>) -> Skeleton {
    if let Some(layout) = LayoutId::guess(joints, dims).and_then(LayoutId::layout) {
        warnings.push(format!(
            "joint names not stored; guessed layout {} from {joints} joints in {dims}D \
             (change it in the Layout menu)",
            layout.label
        ));
        layout.skeleton()
    } else {
        warnings.push(format!(
            "joint names not stored, and no known layout has {joints} joints; the joints are \
             numbered and drawn without bones"
        ));
        Skeleton::unnamed(joints)
    }
}

/// A 3D space with the up axis (and, for a human-sized body, the units) guessed.
fn world_space(poses: &Poses, skeleton: &Skeleton, meta: &mut ClipMeta) -> Space {
    let guess = guess_up(poses, skeleton);
    let units = guess.body_height.map_or(Units::Unknown, units_from_height);
    meta.details.push((
        "up axis".to_owned(),
        format!("{}, guessed: {}", guess.up.label(), guess.basis),
    ));
    if guess.agreement < 0.7 {
        meta.warnings.push(
            "the skeleton does not stand clearly along any axis, so the up axis guess is weak"
                .to_owned(),
        );
    }
    match guess.body_height {
        Some(height) if units != Units::Unknown => {
            meta.warnings.push(format!(
                "units not stored; head to ankle is about {} units, so {} are assumed",
                significant(height),
                units.as_str()
            ));
            meta.details.push((
                "units".to_owned(),
                format!("{} (guessed from body height)", units.as_str()),
            ));
        }
        _ => meta
            .details
            .push(("units".to_owned(), "unknown".to_owned())),
    }
    Space {
        up_guessed: true,
        ..Space::world(units, guess.up)
    }
}

/// True when the third of three values per joint looks like a confidence: every finite one is
/// within [0, 1] while x or y spans more than [`PIXEL_SPAN`].
fn looks_like_confidence(values: &[f32]) -> bool {
    let mut low = [f32::INFINITY; 3];
    let mut high = [f32::NEG_INFINITY; 3];
    for point in values.chunks_exact(3) {
        for ((lo, hi), &v) in low.iter_mut().zip(high.iter_mut()).zip(point) {
            if v.is_finite() {
                *lo = lo.min(v);
                *hi = hi.max(v);
            }
        }
    }
    let [x_lo, y_lo, c_lo] = low;
    let [x_hi, y_hi, c_hi] = high;
    let third_in_unit = c_lo >= 0.0 && c_hi <= 1.0 && c_lo <= c_hi;
    let wide = (x_hi - x_lo).max(y_hi - y_lo) > PIXEL_SPAN;
    third_in_unit && wide
}

/// Counts of missing points found while building.
#[derive(Default)]
struct Missing {
    total: usize,
    nan: usize,
    zero_xy: usize,
}

fn build_poses(
    values: &[f32],
    shape: &PoseShape,
    dims: usize,
    with_confidence: bool,
) -> (Poses, Missing) {
    let tracks = shape.people > 1;
    let mut builder = PosesBuilder::new(shape.joints, dims, with_confidence, tracks);
    let mut missing = Missing::default();
    let mut coords = vec![f32::NAN; shape.joints * dims];
    let mut confidence = vec![f32::NAN; shape.joints];
    for frame in 0..shape.frames {
        builder.begin_frame();
        for person in 0..shape.people {
            let mut present = 0_usize;
            for joint in 0..shape.joints {
                let start = shape.index(frame, person, joint, 0);
                let raw = values
                    .get(start..start + shape.channels)
                    .unwrap_or_default();
                let point = coords
                    .get_mut(joint * dims..(joint + 1) * dims)
                    .unwrap_or_default();
                for (slot, &v) in point.iter_mut().zip(raw) {
                    *slot = if v.is_finite() { v } else { f32::NAN };
                }
                if let Some(c) = confidence.get_mut(joint) {
                    *c = raw.get(2).copied().unwrap_or(f32::NAN);
                }
                missing.total += 1;
                if point.iter().any(|v| v.is_nan()) {
                    point.fill(f32::NAN);
                    missing.nan += 1;
                } else if dims == 2 && point.iter().all(|&v| v == 0.0) {
                    point.fill(f32::NAN);
                    missing.zero_xy += 1;
                } else {
                    present += 1;
                }
            }
            if present > 0 {
                let conf = with_confidence.then_some(confidence.as_slice());
                builder.push_person(&coords, conf, tracks.then_some(person as i64));
            }
        }
    }
    (builder.finish(), missing)
}

/// `value` with about three significant digits: `1140`, `1.62`, `171`.
fn significant(value: f32) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}
