//! The shared pose-format sample against the reference numbers in `shared/datasets/MANIFEST.md`
//! (obtained with pose-format 0.15.0).

use std::path::PathBuf;

use posedeck::formats;
use posedeck::model::{Clip, FormatId, Units, UpAxis};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/pose_format/mediapipe_holistic.pose")
}

fn detail<'a>(clip: &'a Clip, key: &str) -> Option<&'a str> {
    clip.meta
        .details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn check(clip: &Clip) {
    // Data (170, 1, 178, 3), confidence (170, 1, 178), 24 fps.
    assert_eq!(clip.meta.format, FormatId::Pose);
    assert_eq!(clip.frame_count(), 170);
    assert_eq!(clip.frame_rate_hz, Some(24.0));
    assert_eq!(clip.poses.joints(), 178);
    assert_eq!(clip.skeleton.joint_count(), 178);
    assert_eq!(clip.poses.dims(), 3);
    assert_eq!(clip.poses.max_people(), 1);
    assert!(clip.poses.has_confidence());
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);

    // Components 8 + 128 + 21 + 21, in order, prefixed with the component name.
    let names = clip.skeleton.names();
    let count_of = |prefix: &str| names.iter().filter(|n| n.starts_with(prefix)).count();
    assert_eq!(count_of("POSE_LANDMARKS."), 8);
    assert_eq!(count_of("FACE_LANDMARKS."), 128);
    assert_eq!(count_of("LEFT_HAND_LANDMARKS."), 21);
    assert_eq!(count_of("RIGHT_HAND_LANDMARKS."), 21);
    assert_eq!(names[0], "POSE_LANDMARKS.LEFT_SHOULDER");
    assert_eq!(names[8], "FACE_LANDMARKS.0");
    assert_eq!(names[136], "LEFT_HAND_LANDMARKS.WRIST");
    assert_eq!(names[157], "RIGHT_HAND_LANDMARKS.WRIST");
    // Limbs 8 + 196 + 21 + 21, all inside their components.
    assert_eq!(clip.skeleton.bones().len(), 8 + 196 + 21 + 21);
    assert_eq!(
        detail(clip, "components"),
        Some(
            "POSE_LANDMARKS (8 points, XYZC), FACE_LANDMARKS (128 points, XYZC), \
             LEFT_HAND_LANDMARKS (21 points, XYZC), RIGHT_HAND_LANDMARKS (21 points, XYZC)"
        )
    );

    // Header: version 0.1, width / height / depth 1250 / 1250 / 640, pixels, y down.
    assert_eq!(detail(clip, "version"), Some("0.1"));
    assert_eq!(
        detail(clip, "width × height × depth"),
        Some("1250 × 1250 × 640")
    );
    assert_eq!(detail(clip, "people slots"), Some("1"));
    assert_eq!(clip.space.units, Units::Px);
    assert_eq!(clip.space.up, UpAxis::NegY);

    // 12285 masked values = 4095 missing points × 3 dims; one person in every frame.
    let mut missing = 0;
    let mut people = 0;
    for frame in clip.poses.frames() {
        for person in frame.persons() {
            people += 1;
            missing += (0..178).filter(|&j| person.joint(j).is_none()).count();
        }
    }
    assert_eq!(people, 170);
    assert_eq!(missing * 3, 12285);

    // Frame 0 point 0 = 879.7185, 651.0957, 624.6860, confidence 0.99781 (MANIFEST, rounded);
    // the exact stored float32 values are compared too.
    let Some(person) = clip.poses.frame(0).and_then(|f| f.person(0)) else {
        panic!("no person in frame 0");
    };
    let (Some([x, y, z]), Some(conf)) = (person.joint(0), person.confidence_of(0)) else {
        panic!("point 0 of frame 0 is missing");
    };
    assert!((x - 879.7185).abs() < 1e-4 && (y - 651.0957).abs() < 1e-4);
    assert!((z - 624.686).abs() < 1e-4 && (conf - 0.99781).abs() < 1e-5);
    let bits = |v: f32| f64::from(v).to_bits();
    assert_eq!(bits(x), 879.718_505_859_375_f64.to_bits());
    assert_eq!(bits(y), 651.095_703_125_f64.to_bits());
    assert_eq!(bits(z), 624.686_035_156_25_f64.to_bits());
    assert_eq!(bits(conf), 0.997_814_774_513_244_6_f64.to_bits());
}

#[test]
fn shared_pose_file_matches_the_manifest() {
    let path = sample();
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let bytes = std::fs::read(&path).expect("read");
    let clip = formats::pose_format::read(&bytes, &path).expect("load");
    check(&clip);
}

#[test]
fn shared_pose_file_loads_through_formats_load() {
    let path = sample();
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    assert_eq!(formats::detect(&path).ok(), Some(FormatId::Pose));
    let clip = formats::load(&path).expect("load");
    check(&clip);
}
