//! Reader benchmark: time to load each shared dataset file (and synthetic long clips) compared
//! with the machine's limit, reading the same bytes from the page cache.
//!
//! Run with `cargo bench --bench readers`. Prints a Markdown table for BENCHMARKS.md. Each
//! measurement is the median of several runs after one warm-up run (warm page cache).

use std::error::Error;
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn read_bytes(path: &Path) -> usize {
    if path.is_dir() {
        std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| std::fs::read(entry.path()).map_or(0, |b| b.len()))
            .sum()
    } else {
        std::fs::read(path).map_or(0, |b| b.len())
    }
}

fn row(out: &mut impl std::io::Write, label: &str, path: &Path, runs: usize) -> Result<()> {
    let bytes = read_bytes(path);
    let read = time(runs, || {
        black_box(read_bytes(path));
    });
    let mut outcome = String::new();
    let load = time(runs, || match posedeck::formats::load(path) {
        Ok(clip) => {
            outcome = format!("{} frames", clip.frame_count());
            black_box(clip);
        }
        Err(e) => outcome = format!("error: {e}"),
    });
    let ratio = load.as_secs_f64() / read.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "| {label} | {:.1} KB | {outcome} | {:.3} ms | {:.3} ms | {ratio:.1}x | {:.0} MB/s |",
        bytes as f64 / 1024.0,
        read.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3,
        bytes as f64 / load.as_secs_f64() / 1e6,
    )?;
    Ok(())
}

/// A long BVH made by repeating the CMU walk's motion lines: `frames` frames.
fn long_bvh(source: &Path, frames: usize, out: &Path) -> Result<()> {
    let text = std::fs::read_to_string(source)?;
    let motion_at = text.find("MOTION").ok_or("no MOTION section")?;
    let (hierarchy, motion) = text.split_at(motion_at);
    let lines: Vec<&str> = motion
        .lines()
        .skip(3)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut body = String::with_capacity(frames * 600 + hierarchy.len());
    body.push_str(hierarchy);
    write!(body, "MOTION\nFrames: {frames}\nFrame Time: 0.0083333\n")?;
    for line in lines.iter().cycle().take(frames) {
        body.push_str(line);
        body.push('\n');
    }
    std::fs::write(out, body)?;
    Ok(())
}

fn main() -> Result<()> {
    let mut out = std::io::stdout().lock();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/datasets");
    writeln!(
        out,
        "| input | size | result | read from page cache | posedeck load | ratio | load speed |"
    )?;
    writeln!(out, "|---|---:|---|---:|---:|---:|---:|")?;
    if shared.is_dir() {
        for relative in [
            "bvh/cmu_12_01_walk.bvh",
            "bvh/video2bvh_cxk_cmu_style_rig.bvh",
            "npy/video2bvh_cxk_3d_pose_h36m17.npy",
            "npy/video2bvh_cxk_2d_pose_body25.npy",
            "c3d/sample18_bad_parameter_section.c3d",
            "c3d/sample01_Eb015vr.c3d",
            "coco/mmpose_test_coco.json",
            "openpose/pose2sim_demo_cam1_body25b",
            "trc/pose2sim_demo_Balancing_for_IK.trc",
            "pose_format/mediapipe_holistic.pose",
            "dlc/openfield_CollectedData_Pranav.csv",
        ] {
            let path = shared.join(relative);
            if path.exists() {
                row(&mut out, relative, &path, 15)?;
            }
        }
    }
    let scratch = std::env::temp_dir().join("posedeck-bench");
    std::fs::create_dir_all(&scratch)?;
    if shared.is_dir() {
        let long = scratch.join("cmu_walk_10min.bvh");
        long_bvh(&shared.join("bvh/cmu_12_01_walk.bvh"), 72_000, &long)?;
        row(
            &mut out,
            "synthetic BVH, 10 min at 120 fps, 31 joints",
            &long,
            5,
        )?;
    }
    let frames = 108_000;
    let data: Vec<f32> = (0..frames * 17 * 3)
        .map(|i| (i % 1000) as f32 * 0.5)
        .collect();
    let npy = scratch.join("long_h36m.npy");
    std::fs::write(
        &npy,
        posedeck::formats::npy::write_f32(&[frames, 17, 3], &data),
    )?;
    row(&mut out, "synthetic NPY (108000, 17, 3) f32", &npy, 5)?;
    Ok(())
}
