//! The command line, run as a user runs it: the real binary on sample and shared files.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn posedeck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(args)
        .output()
        .expect("run posedeck")
}

fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

fn info_json(path: &Path) -> serde_json::Value {
    let out = posedeck(&["info", path.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "info failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("info --json prints JSON")
}

fn export_csv(path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--csv", "-"]);
    let out = posedeck(&args);
    assert!(
        out.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn info_json_on_the_cmu_walk_has_every_contract_key() {
    let Some(path) = common::dataset("bvh/cmu_12_01_walk.bvh") else {
        return;
    };
    let info = info_json(&path);
    assert_eq!(info["path"], path.to_str().unwrap());
    assert_eq!(info["format"], "bvh");
    assert_eq!(info["frames"], 524);
    let rate = info["frame_rate_hz"].as_f64().unwrap();
    assert!((rate - 1.0 / 0.008_333_3).abs() < 1e-6, "{rate}");
    assert_eq!(info["dims"], 3);
    let joints = info["joints"].as_array().unwrap();
    assert_eq!(joints.len(), 31);
    assert_eq!(joints[0], "Hips");
    assert_eq!(joints[2], "LeftUpLeg");
    assert_eq!(info["people"], 1);
    assert_eq!(info["units"], "unknown");
    assert!(info["warnings"].is_array());
}

#[test]
fn export_csv_of_the_cmu_walk_starts_with_the_root_position() {
    let Some(path) = common::dataset("bvh/cmu_12_01_walk.bvh") else {
        return;
    };
    let csv = export_csv(&path, &[]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("frame,person,joint,x,y,z,confidence"));
    // Frame 0, Hips: world position = root position channels 0.0265 16.2134 -25.4911.
    assert_eq!(lines.next(), Some("0,0,Hips,0.0265,16.2134,-25.4911,"));
    assert_eq!(csv.lines().count(), 1 + 524 * 31);
}

#[test]
fn info_and_export_on_the_2d_npy() {
    let Some(path) = common::dataset("npy/video2bvh_cxk_2d_pose_body25.npy") else {
        return;
    };
    let info = info_json(&path);
    assert_eq!(info["format"], "npy");
    assert_eq!(info["frames"], 900);
    assert_eq!(info["dims"], 2);
    assert_eq!(info["units"], "px");
    assert_eq!(info["frame_rate_hz"], serde_json::Value::Null);
    assert_eq!(info["joints"].as_array().unwrap().len(), 25);
    assert_eq!(info["joints"][0], "Nose");
    let csv = export_csv(&path, &[]);
    let mut lines = csv.lines().skip(1);
    // Frame 0 joint 0 = [777.48505, 415.61069] as f4; z empty for 2D, no confidence.
    assert_eq!(lines.next(), Some("0,0,Nose,777.48505,415.6107,,"));
    assert_eq!(lines.next(), Some("0,0,Neck,818.7475,459.73688,,"));
}

#[test]
fn info_and_export_on_a_sample_clip() {
    let path = asset("walk.bvh");
    let info = info_json(&path);
    assert_eq!(info["format"], "bvh");
    assert_eq!(info["dims"], 3);
    let frames = info["frames"].as_u64().unwrap();
    assert!(frames > 60, "{frames}");
    let csv = export_csv(&path, &[]);
    let joints = info["joints"].as_array().unwrap().len() as u64;
    assert_eq!(csv.lines().count() as u64, 1 + frames * joints);
    let angles = export_csv(&path, &["--angles"]);
    let mut lines = angles.lines();
    assert_eq!(lines.next(), Some("frame,time_s,person,angle,degrees"));
    let knee: Vec<f64> = angles
        .lines()
        .filter(|l| l.contains(",left knee flexion,"))
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(knee.len() as u64, frames);
    let peak = knee.iter().copied().fold(f64::MIN, f64::max);
    assert!(
        (50.0..75.0).contains(&peak),
        "walk peak knee flexion {peak}°"
    );
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.bvh");
    std::fs::write(&bad, "HIERARCHY\nROOT Hips\n{\n  OFFSET 0 0 zero\n").unwrap();
    let out = posedeck(&["info", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.bvh"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    assert!(out.stdout.is_empty());
    let missing = dir.path().join("nope.bvh");
    let out = posedeck(&["export", missing.to_str().unwrap(), "--csv", "-"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.bvh"));
}

#[test]
fn export_to_a_file_writes_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("walk.csv");
    let out = posedeck(&[
        "export",
        asset("walk.bvh").to_str().unwrap(),
        "--csv",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert!(text.starts_with("frame,person,joint,x,y,z,confidence\n0,0,"));
    // No temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn align_prints_the_shift_and_with_time_warp_the_time_scale() {
    let (a, b) = (asset("sprint_start.bvh"), asset("sprint_start_2.bvh"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = posedeck(&["align", a, b, "--json", "--time-warp"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let get = |key: &str| json[key].as_f64().expect(key);
    // The second sprinter is 8 % slower and 0.15 s later: A = (B − 0.15) / 1.08.
    assert!((get("time_scale") - 1.0 / 1.08).abs() < 0.02, "{json}");
    assert!((get("offset_s") + 0.15 / 1.08).abs() < 0.03, "{json}");
    assert!(get("score") > 0.9, "{json}");
    assert!(json["offset_frames"].is_i64(), "{json}");
    let plain = posedeck(&["align", a, b]);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(
        text.starts_with("B at time t lines up with A at t - "),
        "{text}"
    );
}
