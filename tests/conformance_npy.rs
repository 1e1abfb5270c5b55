//! Conformance of the NPY reader with the two real files in `../shared/datasets/npy`: every
//! reference number of `shared/datasets/MANIFEST.md` §5 (obtained with NumPy), through the raw
//! decoder (`npy::parse`) and through `formats::load`.

use std::path::{Path, PathBuf};

use posedeck::formats::{self, npy};
use posedeck::model::{Clip, FormatId, LayoutId, Space, Units, UpAxis};

/// `relative` inside `../shared/datasets`, or `None` (with a printed reason) when the folder is
/// absent; with `POSEDECK_REQUIRE_DATASETS` set, an absent folder fails instead.
fn dataset(relative: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        return Some(dir.join(relative));
    }
    assert!(
        std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
        "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not present", dir.display());
    None
}

/// Per-axis (min, max) over `points`, skipping NaN.
fn extremes(points: impl Iterator<Item = [f64; 3]>) -> ([f64; 3], [f64; 3]) {
    let mut low = [f64::INFINITY; 3];
    let mut high = [f64::NEG_INFINITY; 3];
    for point in points {
        for ((lo, hi), v) in low.iter_mut().zip(high.iter_mut()).zip(point) {
            if !v.is_nan() {
                *lo = lo.min(v);
                *hi = hi.max(v);
            }
        }
    }
    (low, high)
}

/// The MANIFEST gives extremes to three decimals: raw values are within half a unit of the
/// last digit; the clip's `f32` values may be off by one more `f32` step (6e-5 at 1000).
fn assert_close(got: &[f64], want: &[f64], what: &str) {
    let tolerance = if what.starts_with("raw") {
        5e-4
    } else {
        5e-4 + 1.3e-4
    };
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= tolerance,
            "{what}: got {got:?}, want {want:?}"
        );
    }
}

/// C-order values with `dims` per point as 3D points (z = 0 for 2D).
fn raw_points(values: &[f64], dims: usize) -> impl Iterator<Item = [f64; 3]> + '_ {
    values.chunks_exact(dims).map(move |p| {
        let mut point = [0.0; 3];
        point[..dims].copy_from_slice(p);
        point
    })
}

/// Every joint of every person of every frame; NaN for missing joints.
fn clip_points(clip: &Clip) -> Vec<[f64; 3]> {
    let joints = clip.poses.joints();
    let mut points = Vec::new();
    for frame in clip.poses.frames() {
        for person in frame.persons() {
            for j in 0..joints {
                points.push(person.joint(j).map_or([f64::NAN; 3], |p| p.map(f64::from)));
            }
        }
    }
    points
}

#[test]
fn video2bvh_3d_pose_h36m17() {
    let Some(path) = dataset("npy/video2bvh_cxk_3d_pose_h36m17.npy") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(bytes.len(), 367_328);
    let array = npy::parse(&bytes, &path).expect("parse");
    let header = array.header();
    assert_eq!(
        header.dict_text,
        "{'descr': '<f8', 'fortran_order': False, 'shape': (900, 17, 3), }"
    );
    assert_eq!(header.header_len, 118);
    assert_eq!(header.version, (1, 0));
    assert_eq!(header.dtype.to_string(), "<f8");
    assert!(!header.fortran_order);
    assert_eq!(header.shape, vec![900, 17, 3]);
    assert_eq!(array.trailing_bytes(), 0);

    let values = array.to_f64();
    assert_eq!(values.len(), 900 * 17 * 3);
    assert_eq!(values[0..3], [0.0, 0.0, 922.100_633_285_041_5]);
    assert_eq!(
        values[3..6],
        [
            -128.084_162_506_341_04,
            -19.413_306_543_201_21,
            922.773_640_489_223_6
        ]
    );
    assert!(values.iter().all(|v| !v.is_nan()), "no NaN");
    let (low, high) = extremes(raw_points(&values, 3));
    assert_close(&low, &[-522.784, -581.239, 0.0], "raw min");
    assert_close(&high, &[669.596, 319.7, 1633.077], "raw max");
}

#[test]
fn video2bvh_3d_pose_h36m17_through_load() {
    let Some(path) = dataset("npy/video2bvh_cxk_3d_pose_h36m17.npy") else {
        return;
    };
    let clip = formats::load(&path).expect("load");
    assert_eq!(clip.meta.format, FormatId::Npy);
    assert_eq!(clip.frame_count(), 900);
    assert_eq!(clip.poses.joints(), 17);
    assert_eq!(clip.poses.dims(), 3);
    assert_eq!(clip.poses.max_people(), 1);
    assert!(!clip.poses.has_confidence());
    assert_eq!(clip.frame_rate_hz, None, "the file does not say");
    assert_eq!(clip.skeleton.layout(), LayoutId::H36m17);
    let names: Vec<&str> = clip.skeleton.names().iter().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Hip",
            "RHip",
            "RKnee",
            "RAnkle",
            "LHip",
            "LKnee",
            "LAnkle",
            "Spine",
            "Thorax",
            "Neck",
            "Head",
            "LShoulder",
            "LElbow",
            "LWrist",
            "RShoulder",
            "RElbow",
            "RWrist"
        ]
    );
    assert_eq!(clip.space.dims, 3);
    assert_eq!(clip.space.up, UpAxis::Z, "the MANIFEST says Z-up world");
    assert!(clip.space.up_guessed);
    assert_eq!(clip.space.units, Units::Mm, "the MANIFEST says millimetres");
    let person = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("frame 0");
    assert_eq!(
        person.joint(0),
        Some([0.0, 0.0, 922.100_633_285_041_5_f64 as f32])
    );
    assert_eq!(
        person.joint(1),
        Some([
            -128.084_162_506_341_04_f64 as f32,
            -19.413_306_543_201_21_f64 as f32,
            922.773_640_489_223_6_f64 as f32
        ])
    );
    let points = clip_points(&clip);
    assert_eq!(points.len(), 900 * 17);
    assert!(points.iter().all(|p| !p[0].is_nan()), "no missing joints");
    let (low, high) = extremes(points.into_iter());
    assert_close(&low, &[-522.784, -581.239, 0.0], "clip min");
    assert_close(&high, &[669.596, 319.7, 1633.077], "clip max");
    let warnings = clip.meta.warnings.join("\n");
    assert!(
        warnings.contains(
            "joint names not stored; guessed layout Human3.6M-17 from 17 joints in 3D \
             (change it in the Layout menu)"
        ),
        "{warnings}"
    );
    assert!(
        !warnings.contains("(0, 0)"),
        "3D zeros are not missing: {warnings}"
    );
    let details = &clip.meta.details;
    assert!(details.contains(&("dtype".into(), "<f8 (float64)".into())));
    assert!(details.contains(&("shape".into(), "(900, 17, 3)".into())));
    assert!(details.contains(&("order".into(), "C (row-major)".into())));
    assert!(
        details
            .iter()
            .any(|(k, v)| k == "up axis" && v.starts_with("+Z up, guessed")),
        "{details:?}"
    );
}

#[test]
#[expect(
    clippy::excessive_precision,
    reason = "the MANIFEST's reference values, as NumPy printed them"
)]
fn video2bvh_2d_pose_body25() {
    let Some(path) = dataset("npy/video2bvh_cxk_2d_pose_body25.npy") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(bytes.len(), 180_128);
    let array = npy::parse(&bytes, &path).expect("parse");
    let header = array.header();
    assert_eq!(
        header.dict_text,
        "{'descr': '<f4', 'fortran_order': False, 'shape': (900, 25, 2), }"
    );
    assert_eq!(header.header_len, 118);
    assert_eq!(header.dtype.to_string(), "<f4");
    assert_eq!(header.shape, vec![900, 25, 2]);

    let values = array.to_f32();
    assert_eq!(values.len(), 900 * 25 * 2);
    assert_eq!(
        values[0..4],
        [777.485_05, 415.610_69, 818.747_5, 459.736_88]
    );
    assert!(values.iter().all(|v| !v.is_nan()), "no NaN");
    let wide: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    let (low, high) = extremes(raw_points(&wide, 2));
    assert_close(&low[..2], &[0.0, 0.0], "raw min");
    assert_close(&high[..2], &[1257.172, 1074.917], "raw max");
    let zero_pairs = values
        .chunks_exact(2)
        .filter(|p| p[0] == 0.0 && p[1] == 0.0)
        .count();
    assert!(
        zero_pairs > 0,
        "the MANIFEST says undetected joints are 0, 0"
    );

    let clip = formats::load(&path).expect("load");
    assert_eq!(clip.meta.format, FormatId::Npy);
    assert_eq!(clip.frame_count(), 900);
    assert_eq!(clip.poses.joints(), 25);
    assert_eq!(clip.poses.dims(), 2);
    assert_eq!(clip.space, Space::image_px());
    assert_eq!(clip.frame_rate_hz, None);
    assert_eq!(clip.skeleton.layout(), LayoutId::Body25);
    assert_eq!(clip.skeleton.name(0), "Nose");
    assert_eq!(clip.skeleton.name(24), "RHeel");
    let person = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("frame 0");
    assert_eq!(person.joint(0), Some([777.485_05, 415.610_69, 0.0]));
    assert_eq!(person.joint(1), Some([818.747_5, 459.736_88, 0.0]));
    let points = clip_points(&clip);
    let missing = points.iter().filter(|p| p[0].is_nan()).count();
    assert_eq!(missing, zero_pairs, "every (0, 0) is missing, nothing else");
    let (_, high) = extremes(points.into_iter());
    assert_close(&high[..2], &[1257.172, 1074.917], "clip max");
    let warnings = clip.meta.warnings.join("\n");
    assert!(
        warnings.contains(&format!(
            "{zero_pairs} of 22500 points are exactly (0, 0), which 2D keypoint files use for \
             undetected joints; they are treated as missing"
        )),
        "{warnings}"
    );
    assert!(warnings.contains("guessed layout OpenPose BODY_25 from 25 joints in 2D"));
}

#[test]
fn the_writer_reproduces_the_sample_byte_for_byte() {
    let Some(path) = dataset("npy/video2bvh_cxk_3d_pose_h36m17.npy") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read");
    let values = npy::parse(&bytes, &path).expect("parse").to_f64();
    assert!(
        npy::write_f64(&[900, 17, 3], &values) == bytes,
        "rewriting the sample's values gives the sample"
    );
    let narrowed: Vec<f32> = values.iter().map(|&v| v as f32).collect();
    let written = npy::write_f32(&[900, 17, 3], &narrowed);
    assert_eq!(written.len(), 128 + 900 * 17 * 3 * 4);
    let mut header = bytes[..128].to_vec();
    header[23] = b'4'; // `<f8` -> `<f4`
    assert_eq!(written[..128], header[..]);
    let clip = npy::read(&written, Path::new("narrowed.npy")).expect("read back");
    assert_eq!(clip.space.up, UpAxis::Z);
    let last = (899 * 17 + 16) * 3;
    assert_eq!(
        clip.poses
            .frame(899)
            .and_then(|f| f.person(0))
            .and_then(|p| p.joint(16)),
        Some([narrowed[last], narrowed[last + 1], narrowed[last + 2]])
    );
}
