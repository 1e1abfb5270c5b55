//! `posedeck library DIR --json` on the shared datasets, checked against their MANIFEST.md.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Runs `posedeck library DIR --json` with its cache in `cache`.
fn library_json(dir: &Path, cache: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(["library", dir.to_str().unwrap(), "--json"])
        .env("POSEDECK_CACHE_DIR", cache)
        .output()
        .expect("run posedeck");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("a JSON array")
        .as_array()
        .expect("an array")
        .clone()
}

/// The `datasets/...` paths in the first column of the manifest's tables (frame folders end
/// with `/`), relative to the datasets folder.
fn manifest_paths(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|line| line.strip_prefix("| datasets/"))
        .flat_map(|rest| {
            let end = rest.find([' ', '|']).unwrap_or(rest.len());
            let first = rest[..end].trim_end_matches([',', '/']).to_owned();
            let mut paths = vec![first.clone()];
            // `a_00000168.json, …_00000169.json`: a second file named by its changed tail.
            if let Some(tail) = rest[end..].strip_prefix(" …") {
                let tail = &tail[..tail.find([' ', '|']).unwrap_or(tail.len())];
                paths.push(format!("{}{tail}", &first[..first.len() - tail.len()]));
            }
            paths
        })
        .collect()
}

fn entry<'a>(entries: &'a [Value], dir: &Path, relative: &str) -> &'a Value {
    let path = dir.join(relative).display().to_string();
    entries
        .iter()
        .find(|e| e["path"] == path.as_str())
        .unwrap_or_else(|| panic!("{path} is not listed"))
}

#[test]
#[expect(clippy::too_many_lines, reason = "one table of reference numbers")]
fn every_manifest_file_is_listed_once_with_its_numbers() {
    let Some(dir) = common::dataset("") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.md")).unwrap();
    let expected = manifest_paths(&manifest);
    // "31 data files + 2 frame-sequence folders".
    assert_eq!(expected.len(), 33, "{expected:?}");
    let cache = tempfile::tempdir().unwrap();
    let entries = library_json(&dir, cache.path());
    assert_eq!(
        entries.len(),
        expected.len(),
        "MANIFEST.md is not pose data and is left out"
    );
    for relative in &expected {
        let e = entry(&entries, &dir, relative);
        for key in [
            "format",
            "frames",
            "frame_rate_hz",
            "duration_s",
            "dims",
            "people",
            "joints",
            "error",
        ] {
            assert!(e.get(key).is_some(), "{relative}: no `{key}`");
        }
    }
    // Reference numbers from the manifest: (file, format, frames, dims, joints, people).
    let reference: &[(&str, &str, u64, u64, u64, u64)] = &[
        ("bvh/cmu_12_01_walk.bvh", "bvh", 524, 3, 31, 1),
        ("bvh/mocapbank_crlf_tabs.bvh", "bvh", 455, 3, 19, 1),
        ("bvh/biovision_example.bvh", "bvh", 2, 3, 18, 1),
        ("bvh/video2bvh_cxk_cmu_style_rig.bvh", "bvh", 900, 3, 22, 1),
        ("c3d/sample02_pc_int.c3d", "c3d", 89, 3, 36, 1),
        ("c3d/sample01_Eb015pi.c3d", "c3d", 450, 3, 26, 1),
        ("c3d/sample13_golfswing1.c3d", "c3d", 513, 3, 29, 1),
        ("c3d/sample16_basketball_simi.c3d", "c3d", 34, 3, 22, 1),
        ("coco/mmpose_test_coco.json", "coco", 4, 2, 17, 5),
        (
            "coco/cocoapi_person_keypoints_val2014_fakekeypoints100_results.json",
            "coco",
            47,
            2,
            17,
            11,
        ),
        (
            "openpose/pose_format_sample_body25_face_hands",
            "openpose",
            9,
            2,
            25,
            1,
        ),
        (
            "openpose/pose2sim_demo_cam1_body25b",
            "openpose",
            100,
            2,
            25,
            3,
        ),
        ("npy/video2bvh_cxk_3d_pose_h36m17.npy", "npy", 900, 3, 17, 1),
        ("npy/video2bvh_cxk_2d_pose_body25.npy", "npy", 900, 2, 25, 1),
        (
            "dlc/openfield_CollectedData_Pranav.csv",
            "dlc",
            116,
            2,
            4,
            1,
        ),
        (
            "sleap/centered_pair_standard.analysis.h5",
            "sleap",
            1100,
            2,
            24,
            5,
        ),
        (
            "trc/pose2sim_demo_Balancing_for_IK.trc",
            "trc",
            100,
            3,
            21,
            1,
        ),
        (
            "pose_format/mediapipe_holistic.pose",
            "pose",
            170,
            3,
            178,
            1,
        ),
    ];
    for &(relative, format, frames, dims, joints, people) in reference {
        let e = entry(&entries, &dir, relative);
        assert_eq!(e["format"], format, "{relative}");
        assert_eq!(e["frames"], frames, "{relative}");
        assert_eq!(e["dims"], dims, "{relative}");
        assert_eq!(e["joints"], joints, "{relative}");
        assert_eq!(e["people"], people, "{relative}");
        assert!(e["error"].is_null(), "{relative}: {}", e["error"]);
    }
    // Rates and durations: the CMU walk is 120 fps (Frame Time .0083333), 524 frames.
    let walk = entry(&entries, &dir, "bvh/cmu_12_01_walk.bvh");
    assert!((walk["frame_rate_hz"].as_f64().unwrap() - 120.0).abs() < 0.01);
    assert!((walk["duration_s"].as_f64().unwrap() - 524.0 / 120.0).abs() < 0.01);
    // OpenPose frames carry no rate.
    assert!(
        entry(&entries, &dir, "openpose/pose2sim_demo_cam1_body25b")["frame_rate_hz"].is_null()
    );
    // The files the manifest calls malformed or corrupted are read with their faults listed.
    for relative in [
        "c3d/sample13_golfswing_bad.c3d",
        "c3d/sample18_bad_parameter_section.c3d",
    ] {
        let e = entry(&entries, &dir, relative);
        let warnings = e["warnings"].as_array().unwrap();
        assert!(!warnings.is_empty(), "{relative}: no warnings");
    }
    let bad = entry(&entries, &dir, "c3d/sample18_bad_parameter_section.c3d");
    assert!(
        bad["warnings"][0]
            .as_str()
            .unwrap()
            .contains("parameter section is broken")
    );

    // A second run answers from the cache with the same output.
    assert_eq!(library_json(&dir, cache.path()), entries);
}

#[test]
fn damaged_copies_of_real_files_are_listed_with_their_error() {
    let Some(dir) = common::dataset("") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Real files cut short: a BVH in its MOTION block, an NPY in its data, a C3D in its header.
    let cut = |relative: &str, name: &str, keep: usize| {
        let bytes = std::fs::read(dir.join(relative)).unwrap();
        std::fs::write(root.join(name), &bytes[..keep]).unwrap();
    };
    cut("bvh/biovision_example.bvh", "cut.bvh", 1500);
    cut("npy/video2bvh_cxk_3d_pose_h36m17.npy", "cut.npy", 4000);
    cut("c3d/sample02_pc_int.c3d", "cut.c3d", 600);
    std::fs::copy(
        dir.join("trc/pose2sim_demo_Balancing_for_IK.trc"),
        root.join("ok.trc"),
    )
    .unwrap();
    std::fs::write(root.join("readme.txt"), "not pose data").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let entries = library_json(root, cache.path());
    let names: Vec<String> = entries
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(entries.len(), 4, "{names:?}");
    for (name, format) in [("cut.bvh", "bvh"), ("cut.npy", "npy"), ("cut.c3d", "c3d")] {
        let e = entry(&entries, root, name);
        let error = e["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} has no error"));
        assert!(error.contains(name), "{error}");
        assert_eq!(e["format"], format);
        assert!(e["frames"].is_null());
    }
    assert!(entry(&entries, root, "ok.trc")["error"].is_null());
}

#[test]
fn the_table_lists_clips_and_failures() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("broken.bvh"), "HIERARCHY\nROOT\n").unwrap();
    let walk = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/walk.bvh");
    std::fs::copy(walk, tmp.path().join("walk.bvh")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(["library", tmp.path().to_str().unwrap(), "--no-cache"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("walk.bvh") && text.contains("bvh"), "{text}");
    assert!(
        text.contains("1 clips (0 with warnings), 1 could not be opened"),
        "{text}"
    );
    assert!(text.contains("Could not open:\n  broken.bvh: "), "{text}");
    // Not a folder: one sentence naming it, non-zero exit.
    let out = Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(["library", "/definitely/not/here"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here: not a folder"));
}
