//! Conformance of the text readers (TRC, DeepLabCut CSV, CMU Panoptic JSON, NTU `.skeleton`)
//! with the reference numbers of `../shared/datasets/MANIFEST.md` §6–7, plus fixtures written
//! here for what no shared file covers (multi-animal DeepLabCut, NTU).
#![expect(
    clippy::float_cmp,
    clippy::unreadable_literal,
    reason = "reference values are compared exactly and written digit for digit as the MANIFEST gives them"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use posedeck::formats::{self, dlc, ntu, panoptic, trc};
use posedeck::model::{Clip, FormatId, LayoutId, Side, Space, Units, UpAxis};

/// The shared datasets folder, or `None` (with the reason printed) when it is absent.
fn datasets() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn joint(clip: &Clip, frame: usize, person: usize, joint: usize) -> Option<[f32; 3]> {
    clip.poses
        .frame(frame)
        .and_then(|f| f.person(person))
        .and_then(|p| p.joint(joint))
}

fn detail<'a>(clip: &'a Clip, key: &str) -> Option<&'a str> {
    clip.meta
        .details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

const TRC_MARKERS: [&str; 21] = [
    "RHip",
    "RKnee",
    "RAnkle",
    "RBigToe",
    "RSmallToe",
    "RHeel",
    "LHip",
    "LKnee",
    "LAnkle",
    "LBigToe",
    "LSmallToe",
    "LHeel",
    "Neck",
    "Head",
    "Nose",
    "RShoulder",
    "RElbow",
    "RWrist",
    "LShoulder",
    "LElbow",
    "LWrist",
];

const RHIP_ROW0: [f64; 3] = [
    -0.06499776880731584,
    0.9015132201416929,
    -1.4005735926016618,
];

#[test]
fn trc_pose2sim_document_matches_the_manifest() {
    let Some(dir) = datasets() else { return };
    let path = dir.join("trc/pose2sim_demo_Balancing_for_IK.trc");
    let bytes = std::fs::read(&path).expect("read");
    let (doc, warnings) = trc::parse(&bytes, &path).expect("parses");
    assert!(warnings.is_empty(), "{warnings:?}");

    // Header line 3: 60 60 100 21 m 60 0 100.
    let values: Vec<&str> = doc.header.fields.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values, ["60", "60", "100", "21", "m", "60", "0", "100"]);
    let h = &doc.header;
    assert_eq!(h.data_rate_hz, Some(60.0));
    assert_eq!(h.camera_rate_hz, Some(60.0));
    assert_eq!(h.num_frames, Some(100));
    assert_eq!(h.num_markers, Some(21));
    assert_eq!(h.units, "m");
    assert_eq!(h.orig_data_rate_hz, Some(60.0));
    assert_eq!(h.orig_data_start_frame, Some(0));
    assert_eq!(h.orig_num_frames, Some(100));
    assert_eq!(doc.path_file_type, "4\t(X/Y/Z)\tDemo_0-100.trc");

    // 100 rows × (Frame#, Time, 21 × XYZ = 65 columns), no empty cell.
    assert_eq!(doc.frame_count(), 100);
    assert_eq!(doc.marker_names, TRC_MARKERS);
    assert_eq!(doc.coords.len(), 100 * 63);
    assert!(doc.coords.iter().all(|v| v.is_finite()));

    // Row 0 and the last row, exactly.
    assert_eq!(doc.frame_numbers[0], 1);
    assert_eq!(doc.times_s[0], 0.0166666666666666);
    assert_eq!(doc.marker(0, 0), Some(RHIP_ROW0));
    assert_eq!(doc.frame_numbers[99], 100);
    assert_eq!(doc.times_s[99], 1.6666666666666667);
}

#[test]
fn trc_pose2sim_loads_as_a_y_up_marker_clip() {
    let Some(dir) = datasets() else { return };
    let path = dir.join("trc/pose2sim_demo_Balancing_for_IK.trc");
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::Trc);
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::Trc);
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    assert_eq!(clip.frame_count(), 100);
    assert_eq!(clip.frame_rate_hz, Some(60.0));
    assert_eq!(clip.space, Space::world(Units::M, UpAxis::Y));
    assert_eq!(clip.skeleton.names(), TRC_MARKERS);
    assert_eq!(clip.skeleton.layout(), LayoutId::FromFile);
    // The Pose2Sim keypoint names are recognised as a marker set and connected.
    assert!(
        clip.skeleton.bones().len() >= 20,
        "{:?}",
        clip.skeleton.bones()
    );
    assert_eq!(clip.poses.max_people(), 1);
    assert_eq!(joint(&clip, 0, 0, 0), Some(RHIP_ROW0.map(|v| v as f32)));
    // Every marker of every frame is present.
    for frame in clip.poses.frames() {
        let person = frame.person(0).expect("one subject per frame");
        assert!((0..21).all(|m| person.joint(m).is_some()));
    }
    assert_eq!(
        detail(&clip, "time range (s)"),
        Some("0.0166666666666666 to 1.6666666666666667")
    );
}

#[test]
fn trc_writer_round_trips_the_shared_file_exactly() {
    let Some(dir) = datasets() else { return };
    let clip = formats::load(&dir.join("trc/pose2sim_demo_Balancing_for_IK.trc")).expect("loads");
    let text = trc::write(&clip);
    let mut again = trc::read(text.as_bytes(), Path::new("again.trc")).expect("reads back");
    formats::connect_marker_set(&mut again);
    assert!(again.meta.warnings.is_empty(), "{:?}", again.meta.warnings);
    assert_eq!(again.skeleton, clip.skeleton);
    assert_eq!(again.frame_rate_hz, clip.frame_rate_hz);
    assert_eq!(again.space, clip.space);
    assert_eq!(again.frame_count(), clip.frame_count());
    for (a, b) in clip.poses.frames().zip(again.poses.frames()) {
        assert_eq!(a.people(), b.people());
        let (pa, pb) = (a.person(0).expect("a"), b.person(0).expect("b"));
        let bits = |v: &f32| v.to_bits();
        assert_eq!(
            pa.coords.iter().map(bits).collect::<Vec<_>>(),
            pb.coords.iter().map(bits).collect::<Vec<_>>()
        );
    }
    // Writing what was read back gives the same bytes (after line 1, which names the file).
    let after_line_1 = |t: &str| t.split_once('\n').map(|(_, rest)| rest.to_owned());
    assert_eq!(after_line_1(&trc::write(&again)), after_line_1(&text));
}

#[test]
fn dlc_openfield_labelled_data_matches_the_manifest() {
    let Some(dir) = datasets() else { return };
    let path = dir.join("dlc/openfield_CollectedData_Pranav.csv");
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::Dlc);
    let clip = formats::load(&path).expect("loads");
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    // Shape 116 × 8: 116 rows, 4 body parts × (x, y), no likelihood.
    assert_eq!(clip.frame_count(), 116);
    assert_eq!(
        clip.skeleton.names(),
        ["snout", "leftear", "rightear", "tailbase"]
    );
    assert_eq!(clip.poses.dims(), 2);
    assert!(!clip.poses.has_confidence());
    assert_eq!(clip.space, Space::image_px());
    assert_eq!(clip.frame_rate_hz, None);
    assert_eq!(clip.poses.max_people(), 1);
    // First row labeled-data/m4s1/img0000.png: snout 21.521, 265.428; leftear 33.819, 265.941.
    assert_eq!(
        detail(&clip, "first row"),
        Some("labeled-data/m4s1/img0000.png")
    );
    assert_eq!(detail(&clip, "index"), Some("image paths"));
    assert_eq!(detail(&clip, "scorer"), Some("Pranav"));
    assert_eq!(joint(&clip, 0, 0, 0), Some([21.521, 265.428, 0.0]));
    assert_eq!(joint(&clip, 0, 0, 1), Some([33.819, 265.941, 0.0]));
    // Last row img0115.png: tailbase 92.74600000000001, 192.15400000000002.
    assert_eq!(joint(&clip, 115, 0, 3), Some([92.746, 192.154, 0.0]));
    // No NaN: every body part of every row is present, and nobody is tracked.
    for frame in clip.poses.frames() {
        let person = frame.person(0).expect("the animal");
        assert_eq!(person.track_id, None);
        assert!((0..4).all(|j| person.joint(j).is_some()));
    }
}

/// A multi-animal labelled-data file in DeepLabCut 2.2's layout (three index columns).
const MULTI_ANIMAL: &str = "\
scorer,,,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex
individuals,,,mus1,mus1,mus1,mus1,mus2,mus2,mus2,mus2,single,single
bodyparts,,,snout,snout,tail,tail,snout,snout,tail,tail,feeder,feeder
coords,,,x,y,x,y,x,y,x,y,x,y
labeled-data,cage1,img001.png,10.5,20.25,30,40,110.5,120,,,300,301
labeled-data,cage1,img002.png,,,31,41,111.5,121,131,141,300,301
labeled-data,cage1,img003.png,,,,,,,,,,
";

#[test]
fn dlc_multi_animal_fixture_loads_individuals_as_tracks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("CollectedData_Alex.csv");
    std::fs::write(&path, MULTI_ANIMAL).expect("write");
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::Dlc);
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    assert_eq!(clip.frame_count(), 3);
    assert_eq!(clip.skeleton.names(), ["snout", "tail", "feeder"]);
    assert_eq!(detail(&clip, "individuals"), Some("mus1, mus2, single"));
    assert_eq!(
        detail(&clip, "first row"),
        Some("labeled-data/cage1/img001.png")
    );
    assert_eq!(clip.poses.max_people(), 3);

    let frame = clip.poses.frame(0).expect("frame 0");
    let tracks: Vec<_> = frame.persons().map(|p| p.track_id).collect();
    assert_eq!(tracks, [Some(0), Some(1), Some(2)]);
    assert_eq!(joint(&clip, 0, 0, 0), Some([10.5, 20.25, 0.0]));
    assert_eq!(joint(&clip, 0, 1, 1), None, "mus2's tail is unlabelled");
    assert_eq!(joint(&clip, 0, 2, 0), None, "`single` has no snout");
    assert_eq!(joint(&clip, 0, 2, 2), Some([300.0, 301.0, 0.0]));
    assert_eq!(joint(&clip, 1, 0, 0), None);
    assert_eq!(joint(&clip, 1, 1, 1), Some([131.0, 141.0, 0.0]));
    assert_eq!(
        clip.poses.frame(2).map(|f| f.people()),
        Some(0),
        "an empty row"
    );

    // The same file parsed directly gives the same clip.
    let direct = dlc::read(MULTI_ANIMAL.as_bytes(), &path).expect("reads");
    assert_eq!(direct.skeleton, clip.skeleton);
    assert_eq!(direct.frame_count(), clip.frame_count());
}

const PANOPTIC_168: &str = "panoptic/160906_band1_body3DScene_00000168.json";
const PANOPTIC_169: &str = "panoptic/160906_band1_body3DScene_00000169.json";

#[test]
fn panoptic_frames_match_the_manifest() {
    let Some(dir) = datasets() else { return };
    let expected = [
        (PANOPTIC_168, 47896.621, [124.136, -105.991, -30.2854]),
        (PANOPTIC_169, 47929.977, [124.147, -105.973, -30.3072]),
    ];
    for (file, univ_time, neck) in expected {
        let path = dir.join(file);
        let frame = panoptic::parse(&std::fs::read(&path).expect("read"), &path).expect("parses");
        assert_eq!(frame.univ_time, Some(univ_time), "{file}");
        assert_eq!(frame.version, Some(0.7));
        assert_eq!(frame.fps_type.as_deref(), Some("hd_29_97"));
        let ids: Vec<_> = frame.bodies.iter().map(|b| b.id).collect();
        assert_eq!(ids, [Some(0), Some(1), Some(2)], "{file}");
        let body = &frame.bodies[0];
        assert_eq!(body.joints.len(), 19);
        assert_eq!(body.joints[0][..3], neck, "{file}: body 0 Neck");

        let clip = formats::load(&path).expect("loads");
        assert_eq!(clip.meta.format, FormatId::Panoptic);
        assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
        assert_eq!(clip.frame_count(), 1);
        assert_eq!(clip.frame_rate_hz, Some(29.97));
        assert_eq!(clip.space, Space::world(Units::Cm, UpAxis::NegY));
        assert_eq!(clip.skeleton.names(), panoptic::NAMES);
        assert_eq!(clip.skeleton.side(8), Side::Left);
        assert_eq!(
            detail(&clip, "univTime"),
            Some(univ_time.to_string().as_str())
        );
        let people = clip.poses.frame(0).expect("frame");
        let tracks: Vec<_> = people.persons().map(|p| p.track_id).collect();
        assert_eq!(tracks, [Some(0), Some(1), Some(2)]);
        assert_eq!(joint(&clip, 0, 0, 0), Some(neck.map(|v| v as f32)));
        // Y points down: every body's neck is above (more negative than) its hip centre.
        for person in people.persons() {
            let (neck, hips) = (
                person.joint(0).expect("neck"),
                person.joint(2).expect("hips"),
            );
            assert!(neck[1] < hips[1], "neck y {} hips y {}", neck[1], hips[1]);
        }
    }
    // Frame 168: Neck confidence 0.709717; lAnkle (joint 8) is 0, 0, 0 with c = -1: missing.
    let path = dir.join(PANOPTIC_168);
    let frame = panoptic::parse(&std::fs::read(&path).expect("read"), &path).expect("parses");
    assert_eq!(frame.bodies[0].joints[0][3], 0.709717);
    assert_eq!(frame.bodies[0].joints[8], [0.0, 0.0, 0.0, -1.0]);
    let clip = formats::load(&path).expect("loads");
    let body = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("body 0");
    assert_eq!(body.confidence_of(0), Some(0.709717));
    assert_eq!(body.joint(8), None, "lAnkle is missing");
    assert!(body.confidence_of(8).is_some_and(f32::is_nan));
}

#[test]
fn panoptic_folder_loads_as_one_clip() {
    let Some(dir) = datasets() else { return };
    let folder = dir.join("panoptic");
    let clip = formats::load(&folder).expect("loads the folder");
    assert_eq!(clip.meta.format, FormatId::Panoptic);
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    assert_eq!(clip.frame_count(), 2);
    assert_eq!(clip.frame_rate_hz, Some(29.97));
    assert_eq!(joint(&clip, 0, 0, 0), Some([124.136, -105.991, -30.2854]));
    assert_eq!(joint(&clip, 1, 0, 0), Some([124.147, -105.973, -30.3072]));
    assert_eq!(detail(&clip, "univTime"), Some("47896.621 to 47929.977"));
}

/// One NTU body: info line, jointCount 25, and 25 joint lines; joint `j` sits at
/// (0.01 j, base + 0.02 j, 3.5); joint `untracked` has trackingState 0.
fn ntu_body(id: &str, base: f32, untracked: Option<usize>) -> String {
    let mut text = format!("{id} 0 1 1 1 1 0 0.0123 -0.0456 2\r\n25\r\n");
    for j in 0..25 {
        let state = if untracked == Some(j) { 0 } else { 2 };
        let (x, y) = (0.01 * j as f32, base + 0.02 * j as f32);
        let _ = write!(
            text,
            "{x} {y} 3.5 256.1 212.2 960.3 540.4 0.5 0.5 -0.5 0.5 {state}\r\n"
        );
    }
    text
}

/// Four frames: one body, none, two bodies (64-bit ids), one body again; CRLF line ends.
fn ntu_fixture() -> String {
    let mut text = String::from("4\r\n1\r\n");
    text.push_str(&ntu_body("72057594037931101", 0.1, Some(7)));
    text.push_str("0\r\n2\r\n");
    text.push_str(&ntu_body("72057594037931101", 0.2, None));
    text.push_str(&ntu_body("72057594037931188", -0.3, None));
    text.push_str("1\r\n");
    text.push_str(&ntu_body("72057594037931188", -0.4, None));
    text
}

#[test]
fn ntu_fixture_loads_with_64_bit_body_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("S017C003P020R002A060.skeleton");
    std::fs::write(&path, ntu_fixture()).expect("write");
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::Ntu);
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::Ntu);
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    assert_eq!(clip.frame_count(), 4);
    assert_eq!(clip.frame_rate_hz, Some(ntu::FRAME_RATE_HZ));
    assert_eq!(clip.space, Space::world(Units::M, UpAxis::Y));
    assert_eq!(clip.skeleton.layout(), LayoutId::Ntu25);
    assert_eq!(clip.skeleton.name(3), "Head");
    assert_eq!(clip.skeleton.name(24), "ThumbRight");
    assert!(!clip.poses.has_confidence());

    let people: Vec<_> = clip.poses.frames().map(|f| f.people()).collect();
    assert_eq!(people, [1, 0, 2, 1]);
    let tracks: Vec<_> = clip
        .poses
        .frames()
        .flat_map(|f| f.persons().map(|p| p.track_id).collect::<Vec<_>>())
        .collect();
    let (a, b) = (Some(72_057_594_037_931_101), Some(72_057_594_037_931_188));
    assert_eq!(tracks, [a, a, b, b], "ids exact, not rounded through f64");
    assert_eq!(joint(&clip, 0, 0, 0), Some([0.0, 0.1, 3.5]));
    assert_eq!(joint(&clip, 0, 0, 7), None, "trackingState 0 is missing");
    let j = 24.0_f32;
    assert_eq!(
        joint(&clip, 2, 1, 24),
        Some([0.01 * j, -0.3 + 0.02 * j, 3.5])
    );
    assert_eq!(
        detail(&clip, "body ids"),
        Some("72057594037931101, 72057594037931188")
    );
    for (key, value) in [
        ("setup", "17"),
        ("camera", "3"),
        ("performer", "20"),
        ("replication", "2"),
        ("action", "60"),
    ] {
        assert_eq!(detail(&clip, key), Some(value), "{key}");
    }
}
