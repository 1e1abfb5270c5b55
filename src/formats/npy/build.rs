//! Turns decoded array values into a [`Clip`]: missing points, a confidence column, the layout
//! guess and the coordinate space.

use super::shape::PoseShape;
use super::up::{guess_up, units_from_height};
use crate::model::{Clip, ClipMeta, LayoutId, Poses, PosesBuilder, Skeleton, Space, Units};

/// An array's elements in C order (last index fastest), read one at a time, so a clip can be
/// built straight from the file's bytes without a decoded copy of the whole array.
pub trait Values {
    /// Number of elements.
    fn count(&self) -> usize;
    /// Element `index` as f32; NaN past the end.
    fn value(&self, index: usize) -> f32;
    /// Elements `start..start + out.len()` into `out`; NaN past the end. Readers override this
    /// to decode a whole run at once rather than one element at a time.
    fn decode_run(&self, start: usize, out: &mut [f32]) {
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.value(start + k);
        }
    }
}

impl Values for [f32] {
    fn count(&self) -> usize {
        self.len()
    }

    fn value(&self, index: usize) -> f32 {
        self.get(index).copied().unwrap_or(f32::NAN)
    }

    fn decode_run(&self, start: usize, out: &mut [f32]) {
        let run = self.get(start..).unwrap_or_default();
        let take = run.len().min(out.len());
        out[..take].copy_from_slice(&run[..take]);
        out[take..].fill(f32::NAN);
    }
}

/// An x or y span above this (while the third column stays in [0, 1]) marks image pixels plus
/// a confidence rather than 3D positions.
const PIXEL_SPAN: f32 = 20.0;

/// Builds a clip from C-order `values` of `shape`, adding warnings and details to `meta`.
#[must_use]
pub fn build_clip<V: Values + ?Sized>(values: &V, shape: &PoseShape, meta: ClipMeta) -> Clip {
    let with_confidence = shape.channels == 3 && looks_like_confidence(values);
    let dims = if with_confidence { 2 } else { shape.channels };
    let mut missing = Missing::default();
    let mut builder = PosesBuilder::new(shape.joints, dims, with_confidence, shape.people > 1);
    build_frames(
        values,
        shape,
        0..shape.frames,
        with_confidence,
        &mut builder,
        &mut missing,
    );
    let poses = builder.finish();
    let (skeleton, mut meta) = describe(shape, with_confidence, &missing, meta);
    let space = space_of(&poses, &skeleton, &mut meta);
    Clip::new(skeleton, None, space, poses, meta)
}

/// The skeleton, and `meta` with the warnings and details about what the values hold, in the
/// order [`build_clip`] gives them (the space's come after: [`space_of`]).
pub(super) fn describe(
    shape: &PoseShape,
    with_confidence: bool,
    missing: &Missing,
    mut meta: ClipMeta,
) -> (Skeleton, ClipMeta) {
    let dims = if with_confidence { 2 } else { shape.channels };
    if with_confidence {
        meta.warnings.push(
            "the third value of each joint lies within [0, 1] while x and y span far more, so it \
             is read as a confidence score (2D keypoints), not as z"
                .to_owned(),
        );
    }
    let skeleton = guess_skeleton(shape.joints, dims, &mut meta.warnings);
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
    (skeleton, meta)
}

/// The coordinate space of `poses`: image pixels for 2D, else a world space whose up axis and
/// units are guessed (and said so in `meta`).
pub(super) fn space_of(poses: &Poses, skeleton: &Skeleton, meta: &mut ClipMeta) -> Space {
    if poses.dims() == 2 {
        Space::image_px()
    } else {
        world_space(poses, skeleton, meta)
    }
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
pub(super) fn looks_like_confidence<V: Values + ?Sized>(values: &V) -> bool {
    let mut low = [f32::INFINITY; 3];
    let mut high = [f32::NEG_INFINITY; 3];
    // Decoded a block of points at a time.
    let points = values.count() / 3;
    let mut block = vec![f32::NAN; 3 * 4096];
    let mut first = 0;
    while first < points {
        let n = (points - first).min(4096);
        let run = &mut block[..3 * n];
        values.decode_run(3 * first, run);
        for point in run.chunks_exact(3) {
            for ((lo, hi), &v) in low.iter_mut().zip(high.iter_mut()).zip(point) {
                if v.is_finite() {
                    *lo = lo.min(v);
                    *hi = hi.max(v);
                }
            }
        }
        first += n;
    }
    let [x_lo, y_lo, c_lo] = low;
    let [x_hi, y_hi, c_hi] = high;
    let third_in_unit = c_lo >= 0.0 && c_hi <= 1.0 && c_lo <= c_hi;
    let wide = (x_hi - x_lo).max(y_hi - y_lo) > PIXEL_SPAN;
    third_in_unit && wide
}

/// Counts of missing points found while building.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Missing {
    /// Points looked at.
    pub total: usize,
    /// Points with a coordinate that is not a finite number.
    pub nan: usize,
    /// 2D points at exactly (0, 0).
    pub zero_xy: usize,
}

/// Pushes `frames` of C-order `values` of `shape` into `builder` (made for `shape.joints`
/// joints in 2 dimensions with a confidence when `with_confidence`, else in `shape.channels`,
/// and with tracks when there are several people), counting the missing points. A person with no point present in
/// a frame is left out of it.
pub(super) fn build_frames<V: Values + ?Sized>(
    values: &V,
    shape: &PoseShape,
    frames: std::ops::Range<usize>,
    with_confidence: bool,
    builder: &mut PosesBuilder,
    missing: &mut Missing,
) {
    let dims = if with_confidence { 2 } else { shape.channels };
    let tracks = shape.people > 1;
    let mut coords = vec![f32::NAN; shape.joints * dims];
    let mut confidence = vec![f32::NAN; shape.joints];
    let mut block = vec![f32::NAN; shape.joints * shape.channels];
    for frame in frames {
        builder.begin_frame();
        for person in 0..shape.people {
            // One person's joints are consecutive in C order: decode them in one run.
            values.decode_run(shape.index(frame, person, 0, 0), &mut block);
            let mut present = 0_usize;
            let raws = block.chunks_exact(shape.channels.max(1));
            let points = coords.chunks_exact_mut(dims.max(1));
            for ((raw, point), c) in raws.zip(points).zip(confidence.iter_mut()) {
                for (slot, &v) in point.iter_mut().zip(raw) {
                    *slot = if v.is_finite() { v } else { f32::NAN };
                }
                *c = raw.get(2).copied().unwrap_or(f32::NAN);
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

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "the values pass through unchanged: they must be bit-identical"
)]
mod tests {
    use std::path::Path;

    use crate::formats::npy::{read, write_f32, write_f64};
    use crate::model::{Units, UpAxis};

    #[test]
    fn people_axis_gives_several_people_per_frame() {
        // (2 frames, 2 people, 3 joints, 2): person 1 is undetected (all zeros) in frame 1.
        let mut values = Vec::new();
        for frame in 0..2 {
            for person in 0..2 {
                for joint in 0..3 {
                    let absent = frame == 1 && person == 1;
                    let v = (100 * frame + 10 * person + joint + 1) as f32;
                    values.extend(if absent { [0.0, 0.0] } else { [v, v + 0.5] });
                }
            }
        }
        let bytes = write_f32(&[2, 2, 3, 2], &values);
        let clip = read(&bytes, Path::new("two.npy")).expect("4-D");
        assert_eq!(clip.frame_count(), 2);
        assert_eq!(clip.poses.max_people(), 2);
        let f0 = clip.poses.frame(0).expect("frame 0");
        assert_eq!(f0.people(), 2);
        let second = f0.person(1).expect("person 1");
        assert_eq!(second.track_id, Some(1));
        assert_eq!(second.joint(2), Some([13.0, 13.5, 0.0]));
        let f1 = clip.poses.frame(1).expect("frame 1");
        assert_eq!(f1.people(), 1);
        assert_eq!(
            f1.person(0).and_then(|p| p.joint(0)),
            Some([101.0, 101.5, 0.0])
        );
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.starts_with("3 of 12 points are exactly (0, 0)"))
        );
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("no known layout has 3 joints"))
        );
        assert_eq!(clip.skeleton.names(), ["0", "1", "2"]);
    }

    /// A standing H36M-17 person: head at `height` along `up`, ankles at 0, others between.
    fn h36m_pose(up: [f32; 3], height: f32, x: f32) -> Vec<f32> {
        let names = crate::model::layout::H36M17.names;
        names
            .iter()
            .enumerate()
            .flat_map(|(j, name)| {
                let h = match *name {
                    "Head" => height,
                    "RAnkle" | "LAnkle" => 0.0,
                    _ => height * 0.6,
                };
                // Joints other than head and ankles spread sideways along x.
                let side = if h == height * 0.6 {
                    x + 0.01 * j as f32
                } else {
                    x
                };
                [side + up[0] * h, up[1] * h, up[2] * h]
            })
            .collect()
    }

    #[test]
    fn up_axis_and_units_are_guessed_for_3d() {
        // Camera frame: y points down, metres.
        let mut values = h36m_pose([0.0, -1.0, 0.0], 1.7, 0.0);
        values.extend(h36m_pose([0.0, -1.0, 0.0], 1.7, 0.1));
        let clip = read(&write_f32(&[2, 17, 3], &values), Path::new("cam.npy")).expect("3D");
        assert_eq!(clip.space.dims, 3);
        assert_eq!(clip.space.up, UpAxis::NegY);
        assert!(clip.space.up_guessed);
        assert_eq!(clip.space.units, Units::M);
        assert_eq!(clip.frame_rate_hz, None);
        assert!(
            clip.meta
                .details
                .iter()
                .any(|(k, v)| k == "up axis" && v.contains("guessed"))
        );
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("guessed layout Human3.6M-17 from 17 joints in 3D"))
        );
        // Z-up world in millimetres.
        let values = h36m_pose([0.0, 0.0, 1.0], 1650.0, 0.0);
        let clip = read(
            &write_f64(
                &[1, 17, 3],
                &values.iter().map(|&v| f64::from(v)).collect::<Vec<_>>(),
            ),
            Path::new("w.npy"),
        )
        .expect("3D");
        assert_eq!((clip.space.up, clip.space.units), (UpAxis::Z, Units::Mm));
    }

    #[test]
    fn nan_is_missing_and_3d_zeros_are_not() {
        let mut values = h36m_pose([0.0, 1.0, 0.0], 1.7, 0.0);
        values[0..3].fill(0.0); // a root-relative pelvis at the origin is a real point
        values[3] = f32::NAN; // joint 1 missing
        let clip = read(&write_f32(&[1, 17, 3], &values), Path::new("n.npy")).expect("3D");
        let person = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(person.joint(0), Some([0.0, 0.0, 0.0]));
        assert_eq!(person.joint(1), None);
        assert!(
            clip.meta
                .details
                .contains(&("missing points (NaN)".into(), "1 of 17".into()))
        );
        assert_eq!(clip.space.up, UpAxis::Y);
    }

    #[test]
    fn a_unit_third_column_is_read_as_confidence() {
        // (2, 17, 3) of pixel x, y and a score in [0, 1]; joint 4 of frame 0 undetected.
        let mut values = Vec::new();
        for frame in 0..2 {
            for joint in 0..17 {
                let undetected = frame == 0 && joint == 4;
                let (x, y) = if undetected {
                    (0.0, 0.0)
                } else {
                    (300.0 + 20.0 * joint as f32, 200.0 + 30.0 * joint as f32)
                };
                values.extend([
                    x,
                    y,
                    if undetected {
                        0.0
                    } else {
                        0.25 + 0.04 * joint as f32
                    },
                ]);
            }
        }
        let clip = read(&write_f32(&[2, 17, 3], &values), Path::new("c.npy")).expect("2D");
        assert_eq!(clip.space, crate::model::Space::image_px());
        assert_eq!(clip.poses.dims(), 2);
        assert!(clip.poses.has_confidence());
        let person = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(person.joint(1), Some([320.0, 230.0, 0.0]));
        assert_eq!(person.confidence_of(1), Some(0.29));
        assert_eq!(person.joint(4), None);
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("read as a confidence"))
        );
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("guessed layout COCO-17 from 17 joints in 2D"))
        );
        // Metres whose depth happens to stay in [0, 1] remain 3D.
        let values: Vec<f32> = (0..17)
            .flat_map(|j| [0.1 * j as f32, 1.7 - 0.1 * j as f32, 0.5])
            .collect();
        let clip = read(&write_f32(&[1, 17, 3], &values), Path::new("m.npy")).expect("3D");
        assert_eq!(clip.space.dims, 3);
    }

    #[test]
    fn zero_frames_load_as_an_empty_clip() {
        let bytes = write_f32(&[0, 17, 2], &[]);
        let clip = read(&bytes, Path::new("e.npy")).expect("empty");
        assert_eq!(clip.frame_count(), 0);
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w == "the array has no frames")
        );
    }
}
