//! Conformance of the HDF5 readers with the four shared files of `shared/datasets/MANIFEST.md`
//! §6 (reference numbers from sleap-io 0.9.5, h5py 3.16, pandas 3.1 + PyTables 3.11): the SLEAP
//! project, the SLEAP analysis export in both axis orders, and the DeepLabCut `.h5` against its
//! CSV twin — through `formats::load`, the readers' own entry points and `posedeck info --json`.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use posedeck::formats::{self, sleap};
use posedeck::model::{Clip, FormatId, Space};

const SLP: &str = "sleap/centered_pair_predictions.slp";
const STANDARD: &str = "sleap/centered_pair_standard.analysis.h5";
const MATLAB: &str = "sleap/centered_pair_matlab_layout.analysis.h5";
const DLC_H5: &str = "dlc/openfield_CollectedData_Pranav.h5";
const DLC_CSV: &str = "dlc/openfield_CollectedData_Pranav.csv";

/// The first five nodes of the fly skeleton, in the skeleton's order.
const FIRST_NODES: [&str; 5] = ["head", "neck", "thorax", "abdomen", "wingL"];

fn load(relative: &str) -> Option<(PathBuf, Clip)> {
    let path = common::dataset(relative)?;
    let clip = formats::load(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    Some((path, clip))
}

fn detail<'a>(clip: &'a Clip, key: &str) -> Option<&'a str> {
    clip.meta
        .details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The person with track `track` in frame `frame`.
fn track_point(clip: &Clip, frame: usize, track: i64, joint: usize) -> Option<[f32; 3]> {
    let frame = clip.poses.frame(frame)?;
    let person = frame.persons().find(|p| p.track_id == Some(track))?;
    person.joint(joint)
}

/// The track ids of frame `frame`, in order.
fn tracks_of(clip: &Clip, frame: usize) -> Vec<Option<i64>> {
    clip.poses
        .frame(frame)
        .map(|f| f.persons().map(|p| p.track_id).collect())
        .unwrap_or_default()
}

/// Values identical (bit for bit), or both NaN.
fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Asserts that two clips hold the same people, tracks, points and scores (NaN = NaN).
fn assert_same_poses(a: &Clip, b: &Clip) {
    assert_eq!(a.frame_count(), b.frame_count());
    for (index, (fa, fb)) in a.poses.frames().zip(b.poses.frames()).enumerate() {
        assert_eq!(fa.people(), fb.people(), "frame {index}");
        for (pa, pb) in fa.persons().zip(fb.persons()) {
            assert_eq!(pa.track_id, pb.track_id, "frame {index}");
            assert!(
                pa.coords
                    .iter()
                    .zip(pb.coords.iter())
                    .all(|(x, y)| same(*x, *y)),
                "frame {index}"
            );
            let (ca, cb) = (
                pa.confidence.expect("scores"),
                pb.confidence.expect("scores"),
            );
            assert!(
                ca.iter().zip(cb.iter()).all(|(x, y)| same(*x, *y)),
                "frame {index}"
            );
        }
    }
}

/// What every SLEAP file here shares: the fly skeleton, 1100 frames, pixels, no frame rate.
fn check_fly_clip(clip: &Clip) {
    assert_eq!(clip.meta.format, FormatId::Sleap);
    assert_eq!(clip.frame_count(), 1100);
    assert_eq!(clip.poses.dims(), 2);
    assert_eq!(clip.space, Space::image_px());
    assert_eq!(clip.frame_rate_hz, None);
    assert_eq!(clip.skeleton.joint_count(), 24);
    assert_eq!(
        clip.skeleton.names().get(..5),
        Some(&FIRST_NODES.map(String::from)[..])
    );
    assert_eq!(clip.skeleton.bones().len(), 23);
    assert!(clip.poses.has_confidence());
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    // Frame 0: two flies, tracks 0 and 1; track 0's head at (201, 186).
    assert_eq!(tracks_of(clip, 0), [Some(0), Some(1)]);
    assert_eq!(track_point(clip, 0, 0, 0), Some([201.0, 186.0, 0.0]));
}

#[test]
fn slp_project_matches_sleap_io() {
    let Some((path, clip)) = load(SLP) else {
        return;
    };
    assert_eq!(formats::detect(&path).ok(), Some(FormatId::Sleap));
    check_fly_clip(&clip);
    // 1100 labeled frames (frame indices 0..1099), 1 video, 27 tracks, format 1.2.
    assert_eq!(detail(&clip, "labeled frames"), Some("1100"));
    assert_eq!(detail(&clip, "frame indices"), Some("0–1099"));
    assert_eq!(detail(&clip, "videos"), Some("1"));
    assert_eq!(detail(&clip, "tracks"), Some("27"));
    assert_eq!(detail(&clip, "format version"), Some("1.2"));
    assert_eq!(
        detail(&clip, "instances"),
        Some("2274 (2274 predicted, 0 user)")
    );
    // Frame 0 has 2 predicted instances; instance 0's head is (201.0, 186.0).
    let frame = clip.poses.frame(0).expect("frame 0");
    assert_eq!(frame.people(), 2);
    let first = frame.person(0).expect("instance 0");
    assert_eq!(first.joint(0), Some([201.0, 186.0, 0.0]));
    assert!(
        first
            .confidence_of(0)
            .is_some_and(|c| c.is_finite() && c > 0.0)
    );

    // The rows as stored: instance 0 is predicted, track 0, score 39.072227.
    let bytes = std::fs::read(&path).expect("read");
    let (frames, instances) = sleap::slp::read_rows(&bytes, &path).expect("rows");
    assert_eq!(frames.len(), 1100);
    assert_eq!(instances.len(), 2274);
    assert_eq!(frames[0].frame_idx, 0);
    assert_eq!(frames[0].instances, 0..2);
    let instance = &instances[0];
    assert!(instance.predicted);
    assert_eq!(instance.track, Some(0));
    assert_eq!(instance.score, Some(39.072_227));
    assert_eq!(instance.points, 0..24);
}

#[test]
fn analysis_files_in_both_axis_orders_give_the_same_clip() {
    let Some((standard_path, standard)) = load(STANDARD) else {
        return;
    };
    let Some((matlab_path, matlab)) = load(MATLAB) else {
        return;
    };
    for (path, clip, layout) in [
        (&standard_path, &standard, "frame, track, node, xy"),
        (&matlab_path, &matlab, "track, xy, node, frame"),
    ] {
        assert_eq!(formats::detect(path).ok(), Some(FormatId::Sleap));
        check_fly_clip(clip);
        assert_eq!(detail(clip, "tracks layout"), Some(layout));
        assert_eq!(detail(clip, "tracks"), Some("27"));
    }
    assert_eq!(standard.skeleton, matlab.skeleton);
    assert_same_poses(&standard, &matlab);
}

#[test]
fn analysis_export_agrees_with_the_project() {
    let Some((_, project)) = load(SLP) else {
        return;
    };
    let Some((_, analysis)) = load(STANDARD) else {
        return;
    };
    assert_eq!(project.skeleton, analysis.skeleton);
    assert_eq!(project.poses.max_people(), analysis.poses.max_people());
    // Every tracked instance of the project is its track's row of the export, point for point.
    let mut compared = 0;
    for index in 0..project.frame_count() {
        let frame = project.poses.frame(index).expect("frame");
        let export = analysis.poses.frame(index).expect("frame");
        assert_eq!(frame.people(), export.people(), "frame {index}");
        for person in frame.persons() {
            let Some(track) = person.track_id.filter(|t| *t >= 0) else {
                continue;
            };
            let twin = export
                .persons()
                .find(|p| p.track_id == Some(track))
                .unwrap_or_else(|| panic!("frame {index}: track {track} missing from the export"));
            for joint in 0..24 {
                assert_eq!(
                    person.joint(joint),
                    twin.joint(joint),
                    "frame {index} track {track}"
                );
                if person.joint(joint).is_some() {
                    assert_eq!(person.confidence_of(joint), twin.confidence_of(joint));
                }
            }
            compared += 1;
        }
    }
    assert!(compared > 2000, "{compared} instances compared");
}

#[test]
fn dlc_h5_equals_its_csv_twin() {
    let Some((path, h5)) = load(DLC_H5) else {
        return;
    };
    let Some((_, csv)) = load(DLC_CSV) else {
        return;
    };
    assert_eq!(formats::detect(&path).ok(), Some(FormatId::Dlc));
    assert_eq!(h5.meta.format, FormatId::Dlc);
    // 116 rows × 4 body parts × (x, y); first row snout (21.521, 265.428), leftear
    // (33.819, 265.941); no NaN.
    assert_eq!(h5.frame_count(), 116);
    assert_eq!(
        h5.skeleton.names(),
        ["snout", "leftear", "rightear", "tailbase"]
    );
    let first = h5.poses.frame(0).and_then(|f| f.person(0)).expect("row 0");
    assert_eq!(first.joint(0), Some([21.521, 265.428, 0.0]));
    assert_eq!(first.joint(1), Some([33.819, 265.941, 0.0]));
    let points = h5
        .poses
        .frames()
        .flat_map(|f| {
            f.persons()
                .map(|p| (0..4).filter(|&j| p.joint(j).is_some()).count())
                .collect::<Vec<_>>()
        })
        .sum::<usize>();
    assert_eq!(points, 116 * 4, "no missing point");
    assert_eq!(
        detail(&h5, "first row"),
        Some("labeled-data/m4s1/img0000.png")
    );
    assert_eq!(
        detail(&h5, "store"),
        Some("pandas table `/df_with_missing`")
    );
    assert!(h5.meta.warnings.is_empty(), "{:?}", h5.meta.warnings);
    // The CSV twin: same frames, values, names, space and details.
    assert_eq!(h5.skeleton, csv.skeleton);
    assert_eq!(h5.poses, csv.poses);
    assert_eq!(h5.space, csv.space);
    assert_eq!(h5.frame_rate_hz, csv.frame_rate_hz);
    for pair in &csv.meta.details {
        assert!(h5.meta.details.contains(pair), "{pair:?} missing");
    }
    // Through the reader's own entry point too.
    let bytes = std::fs::read(&path).expect("read");
    let direct = formats::dlc::h5::read(&bytes, &path).expect("reads");
    assert_eq!(direct.poses, csv.poses);
}

/// `posedeck info --json` on `path`.
fn info_json(path: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(["info", &path.to_string_lossy(), "--json"])
        .output()
        .expect("run posedeck");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn info_reports_format_frames_people_and_joints() {
    for (relative, format, frames, joints, first_joint) in [
        (SLP, "sleap", 1100, 24, "head"),
        (STANDARD, "sleap", 1100, 24, "head"),
        (MATLAB, "sleap", 1100, 24, "head"),
        (DLC_H5, "dlc", 116, 4, "snout"),
    ] {
        let Some(path) = common::dataset(relative) else {
            return;
        };
        let info = info_json(&path);
        assert_eq!(info["format"], format, "{relative}");
        assert_eq!(info["frames"], frames, "{relative}");
        assert_eq!(info["dims"], 2, "{relative}");
        assert_eq!(info["units"], "px", "{relative}");
        assert_eq!(info["frame_rate_hz"], serde_json::Value::Null, "{relative}");
        assert_eq!(
            info["joints"].as_array().map(Vec::len),
            Some(joints),
            "{relative}"
        );
        assert_eq!(info["joints"][0], first_joint, "{relative}");
        assert_eq!(
            info["warnings"].as_array().map(Vec::len),
            Some(0),
            "{relative}"
        );
        let people = info["people"].as_u64().expect("people");
        if format == "dlc" {
            assert_eq!(people, 1);
        } else {
            // Two flies, with spurious extra predictions in a few frames.
            assert!((2..=27).contains(&people), "{relative}: {people}");
        }
    }
}
