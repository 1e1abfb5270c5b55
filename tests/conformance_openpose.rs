//! The shared OpenPose files and folders load and match the reference numbers of
//! `shared/datasets/MANIFEST.md` (obtained with Python's json module).

use std::path::{Path, PathBuf};

use posedeck::formats::{self, openpose};
use posedeck::model::{Clip, FormatId, LayoutId, PersonView, Poses, Units};

fn dataset(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/openpose")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

const SPIN: &str = "spin_im1010_openpose_body25_v1.2.json";
const SIGN: &str = "pose_format_sample_body25_face_hands";
const POSE2SIM: &str = "pose2sim_demo_cam1_body25b";

fn person(clip: &Clip, frame: usize, index: usize) -> PersonView<'_> {
    clip.poses
        .frame(frame)
        .and_then(|f| f.person(index))
        .unwrap_or_else(|| panic!("frame {frame} has no person {index}"))
}

fn missing(person: &PersonView<'_>, joints: usize) -> usize {
    (0..joints).filter(|&j| person.joint(j).is_none()).count()
}

fn detail<'a>(clip: &'a Clip, key: &str) -> Option<&'a str> {
    clip.meta
        .details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn assert_same_poses(a: &Poses, b: &Poses) {
    assert_eq!(a.frame_count(), b.frame_count());
    assert_eq!((a.joints(), a.dims()), (b.joints(), b.dims()));
    for (fa, fb) in a.frames().zip(b.frames()) {
        assert_eq!(fa.people(), fb.people());
        for (pa, pb) in fa.persons().zip(fb.persons()) {
            let bits = |v: &f32| v.to_bits();
            let ca: Vec<u32> = pa.coords.iter().map(bits).collect();
            let cb: Vec<u32> = pb.coords.iter().map(bits).collect();
            assert_eq!(ca, cb);
            let conf =
                |p: &PersonView<'_>| p.confidence.map(|c| c.iter().map(bits).collect::<Vec<_>>());
            assert_eq!(conf(&pa), conf(&pb));
            assert_eq!(pa.track_id, pb.track_id);
        }
    }
}

/// Writes the clip as a frame folder, reads it back, and compares everything drawn.
fn round_trip(clip: &Clip) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    openpose::write_folder(clip, dir.path()).unwrap_or_else(|e| panic!("write: {e}"));
    let again = formats::load(dir.path()).unwrap_or_else(|e| panic!("read back: {e}"));
    assert_eq!(again.skeleton, clip.skeleton);
    assert_eq!(again.space, clip.space);
    assert_same_poses(&clip.poses, &again.poses);
    assert_eq!(again.parts.len(), clip.parts.len());
    for (a, b) in clip.parts.iter().zip(&again.parts) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.skeleton, b.skeleton);
        assert_same_poses(&a.poses, &b.poses);
    }
    assert_eq!(
        openpose::write_frames(&again, "frame"),
        openpose::write_frames(clip, "frame"),
        "the writer is deterministic"
    );
}

#[test]
fn spin_single_file_is_body25_with_three_undetected_joints() {
    let Some(path) = dataset(SPIN) else { return };
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::OpenPose);
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::OpenPose);
    assert_eq!(clip.frame_count(), 1);
    assert_eq!(clip.poses.max_people(), 1);
    assert_eq!(clip.frame_rate_hz, None);
    assert_eq!((clip.space.dims, clip.space.units), (2, Units::Px));
    assert_eq!(clip.skeleton.layout(), LayoutId::Body25);
    assert!(detail(&clip, "body layout").is_some_and(|d| d.starts_with("OpenPose BODY_25 ")));
    assert_eq!(detail(&clip, "version"), Some("1.2"));
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);

    let p = person(&clip, 0, 0);
    assert_eq!(p.track_id, None, "version 1.2 has no person_id");
    assert_eq!(p.joint(0), Some([66.4171, 47.0342, 0.0]));
    assert_eq!(p.confidence_of(0), Some(0.614_349));
    assert_eq!(p.joint(1), Some([78.5691, 57.8892, 0.0]));
    assert_eq!(p.confidence_of(1), Some(0.628_322));
    assert_eq!(missing(&p, 25), 3, "3 body joints with c = 0");
    let zero: Vec<usize> = (0..25)
        .filter(|&j| p.confidence_of(j) == Some(0.0))
        .collect();
    assert_eq!(zero, [3, 4, 17]);

    let names: Vec<&str> = clip.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["face", "hand_left", "hand_right"]);
    let counts: Vec<usize> = clip
        .parts
        .iter()
        .map(|p| p.skeleton.joint_count())
        .collect();
    assert_eq!(counts, [70, 21, 21]);
    let face = clip.parts[0]
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("face");
    assert_eq!(missing(&face, 70), 70, "the face is all zeros");
    let hand = clip.parts[1]
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("hand");
    assert_eq!(hand.joint(0), Some([76.6547, 100.644, 0.0]));
    assert_eq!(hand.confidence_of(0), Some(0.032_846_8));
    round_trip(&clip);
}

#[test]
fn sign_language_folder_is_nine_body25_frames() {
    let Some(path) = dataset(SIGN) else { return };
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::OpenPose);
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.frame_count(), 9);
    assert!(clip.poses.frames().all(|f| f.people() == 1));
    assert_eq!(clip.frame_rate_hz, None, "fps not recorded");
    assert_eq!(clip.skeleton.layout(), LayoutId::Body25);
    assert_eq!(detail(&clip, "version"), Some("1.3"));
    assert_eq!(detail(&clip, "frame numbers"), Some("0 to 8"));
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    let p = person(&clip, 0, 0);
    assert_eq!(p.joint(0), Some([627.385, 245.392, 0.0]));
    assert_eq!(p.confidence_of(0), Some(0.816_087));
    assert_eq!(p.joint(1), Some([633.285, 362.953, 0.0]));
    assert_eq!(p.confidence_of(1), Some(0.670_723));
    assert_eq!(missing(&p, 25), 13, "lower body out of view");
    assert_eq!(p.track_id, None, "person_id [-1] is untracked");
    let counts: Vec<usize> = clip
        .parts
        .iter()
        .map(|p| p.skeleton.joint_count())
        .collect();
    assert_eq!(counts, [70, 21, 21]);
    let face = clip.parts[0]
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("face");
    assert_eq!(face.joint(0), Some([576.736, 181.115, 0.0]));
    round_trip(&clip);
}

#[test]
fn pose2sim_folder_is_body25b_with_two_or_three_people() {
    let Some(path) = dataset(POSE2SIM) else {
        return;
    };
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.frame_count(), 100);
    let people: Vec<usize> = clip.poses.frames().map(|f| f.people()).collect();
    assert_eq!(people.iter().min(), Some(&2));
    assert_eq!(people.iter().max(), Some(&3));
    assert_eq!(clip.skeleton.layout(), LayoutId::Body25B);
    assert!(
        detail(&clip, "body layout").is_some_and(|d| d.starts_with("OpenPose BODY_25B")),
        "{:?}",
        clip.meta.details
    );
    // Two files hold a 26th point (0, 0, 0) for person 0: a real oddity of this demo.
    assert_eq!(clip.meta.warnings.len(), 1, "{:?}", clip.meta.warnings);
    assert!(clip.meta.warnings[0].starts_with("2 keypoint lists do not hold 25 points"));
    assert!(clip.meta.warnings[0].contains("cam01.0008.json: $.people[0].pose_keypoints_2d"));
    assert_eq!(clip.skeleton.name(0), "Nose");
    assert_eq!(clip.skeleton.name(1), "LEye");
    let p = person(&clip, 0, 0);
    assert_eq!(p.joint(0), Some([505.232, 431.63, 0.0]));
    assert_eq!(p.confidence_of(0), Some(0.664_216));
    assert_eq!(p.joint(1), Some([515.849, 410.613, 0.0]));
    assert_eq!(p.confidence_of(1), Some(0.607_41));
    assert!(clip.parts.is_empty(), "face and hand arrays are empty");
    assert_eq!(clip.frame_rate_hz, None);
    round_trip(&clip);
}

#[test]
fn one_file_of_a_folder_and_a_pattern() {
    let Some(dir) = dataset(POSE2SIM) else { return };
    let one = formats::load(&dir.join("cam01.0000.json")).expect("loads");
    assert_eq!(one.frame_count(), 1);
    assert_eq!(one.poses.frame(0).map(|f| f.people()), Some(2));
    let pattern = dir.join("cam01.001*.json");
    assert_eq!(
        formats::detect(&pattern).expect("detects"),
        FormatId::OpenPose
    );
    let ten = formats::load(&pattern).expect("loads");
    assert_eq!(ten.frame_count(), 10, "frames 10 to 19");
    assert_eq!(detail(&ten, "frame numbers"), Some("10 to 19"));
}
