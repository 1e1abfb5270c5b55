//! `posedeck render`, run as a user runs it: PNG snapshots of frames, strips and comparisons,
//! GIF frame counts and timing, determinism, and errors.
//!
//! Snapshots live in `tests/snapshots/render_*.png`; `UPDATE_SNAPSHOTS=1 cargo test --test
//! render` rewrites them (look at every one before committing). A picture matches its snapshot
//! when no channel of any pixel differs by more than [`CHANNEL_TOLERANCE`] (tiny-skia is
//! deterministic; the tolerance only absorbs SIMD rounding on other CPUs).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Largest difference allowed in one channel of one pixel.
const CHANNEL_TOLERANCE: u8 = 2;

fn posedeck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posedeck"))
        .args(args)
        .output()
        .expect("run posedeck")
}

fn asset(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.png"))
}

/// Runs `posedeck render ASSET -o TEMP.png ARGS` and returns the PNG's bytes.
fn render_png(asset_name: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.png");
    let path = asset(asset_name);
    let mut all = vec!["render", path.as_str(), "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let result = posedeck(&all);
    assert!(
        result.status.success(),
        "render {args:?} failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read(&out).unwrap()
}

/// Compares `png` with the stored snapshot `name` (or rewrites it with `UPDATE_SNAPSHOTS=1`).
fn check_snapshot(name: &str, png: &[u8]) {
    let path = snapshot_path(name);
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1" || v == "true");
    if update {
        std::fs::write(&path, png).unwrap();
        return;
    }
    let Ok(stored) = tiny_skia::Pixmap::load_png(&path) else {
        std::fs::write(path.with_extension("new.png"), png).unwrap();
        panic!(
            "missing snapshot {}: run UPDATE_SNAPSHOTS=1 cargo test --test render",
            path.display()
        );
    };
    let got = tiny_skia::Pixmap::decode_png(png).unwrap();
    assert_eq!(
        (got.width(), got.height()),
        (stored.width(), stored.height()),
        "{name}: size"
    );
    let worst = got
        .data()
        .iter()
        .zip(stored.data())
        .map(|(a, b)| a.abs_diff(*b))
        .max()
        .unwrap_or(0);
    if worst > CHANNEL_TOLERANCE {
        std::fs::write(path.with_extension("new.png"), png).unwrap();
        panic!(
            "{name}: differs from the snapshot by up to {worst} levels; the new picture is \
             next to it (.new.png)"
        );
    }
}

/// How many pixels of `png` are close to `colour` (within 10 levels per channel).
fn pixels_near(png: &[u8], colour: [u8; 3]) -> usize {
    let pixmap = tiny_skia::Pixmap::decode_png(png).unwrap();
    pixmap
        .pixels()
        .iter()
        .filter(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
                .iter()
                .zip(colour)
                .all(|(a, b)| a.abs_diff(b) <= 10)
        })
        .count()
}

const LEFT: [u8; 3] = [86, 180, 233];
const RIGHT: [u8; 3] = [230, 159, 0];

#[test]
fn a_2d_frame() {
    // The sample jump is filmed from the side: the right side hides most of the left.
    let png = render_png("jump_coco_2d.npy", &["--frame", "40", "--size", "480x270"]);
    assert!(pixels_near(&png, LEFT) > 5 && pixels_near(&png, RIGHT) > 100);
    check_snapshot("render_2d", &png);
}

#[test]
fn a_2d_frame_of_real_keypoints() {
    // Real OpenPose BODY_25 keypoints of a dancer facing the camera (shared datasets).
    let Some(dancer) = common::dataset("npy/video2bvh_cxk_2d_pose_body25.npy") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dancer.png");
    let result = posedeck(&[
        "render",
        dancer.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--frame",
        "270",
        "--size",
        "480x270",
    ]);
    assert!(result.status.success());
    let png = std::fs::read(&out).unwrap();
    assert!(pixels_near(&png, LEFT) > 100 && pixels_near(&png, RIGHT) > 100);
    check_snapshot("render_2d_dancer", &png);
}

#[test]
fn a_3d_frame_from_each_preset() {
    for view in ["front", "side", "top"] {
        let png = render_png(
            "walk.bvh",
            &["--frame", "120", "--view", view, "--size", "480x270"],
        );
        assert!(pixels_near(&png, LEFT) > 50, "{view}");
        check_snapshot(&format!("render_3d_{view}"), &png);
    }
}

#[test]
fn the_body_style_with_angles_and_trails() {
    let png = render_png(
        "walk.bvh",
        &[
            "--time",
            "1.2",
            "--view",
            "orbit:60,10",
            "--body",
            "--angles",
            "--trail",
            "0.6",
            "--size",
            "640x360",
        ],
    );
    check_snapshot("render_body_angles", &png);
}

#[test]
fn strips_side_by_side_and_superimposed() {
    let png = render_png(
        "sprint_start.bvh",
        &[
            "--strip",
            "5",
            "--from",
            "0.3",
            "--view",
            "orbit:-90,5",
            "--size",
            "800x240",
        ],
    );
    check_snapshot("render_strip", &png);
    let png = render_png(
        "sprint_start.bvh",
        &[
            "--strip",
            "6",
            "--overlay",
            "--from",
            "0.3",
            "--view",
            "orbit:-90,5",
            "--size",
            "640x270",
        ],
    );
    check_snapshot("render_strip_overlay", &png);
}

#[test]
fn two_clips_side_by_side_and_overlaid() {
    let squat = asset("squat.bvh");
    let png = render_png(
        "walk.bvh",
        &[
            "--compare",
            &squat,
            "--time",
            "1.5",
            "--view",
            "side",
            "--size",
            "640x270",
        ],
    );
    check_snapshot("render_compare", &png);
    let png = render_png(
        "walk.bvh",
        &[
            "--compare",
            &squat,
            "--overlay",
            "--time",
            "1.5",
            "--view",
            "side",
            "--size",
            "480x270",
        ],
    );
    // The overlaid clip is drawn in the second palette (bluish green on its left side).
    assert!(pixels_near(&png, [0, 158, 115]) > 50);
    assert!(pixels_near(&png, LEFT) > 50);
    check_snapshot("render_compare_overlay", &png);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let args = ["--frame", "30", "--body", "--angles", "--size", "320x180"];
    assert_eq!(render_png("walk.bvh", &args), render_png("walk.bvh", &args));
}

/// One frame of a GIF: delay in centiseconds, left, top, width, height.
type GifFrame = (u16, u16, u16, u16, u16);

/// The size of a GIF and its frames.
fn gif_frames(bytes: &[u8]) -> (u16, u16, Vec<GifFrame>) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes).unwrap();
    let (w, h) = (decoder.width(), decoder.height());
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        frames.push((
            frame.delay,
            frame.left,
            frame.top,
            frame.width,
            frame.height,
        ));
    }
    (w, h, frames)
}

fn render_gif(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("walk.gif");
    let walk = asset("walk.bvh");
    let mut all = vec!["render", walk.as_str(), "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let result = posedeck(&all);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read(&out).unwrap()
}

#[test]
fn a_gif_has_one_frame_per_step_and_the_right_delays() {
    // 0 to 0.5 s at 20 fps: 11 frames, 5 cs each.
    let bytes = render_gif(&[
        "--from", "0", "--to", "0.5", "--fps", "20", "--size", "160x90",
    ]);
    let (w, h, frames) = gif_frames(&bytes);
    assert_eq!((w, h), (160, 90));
    assert_eq!(frames.len(), 11);
    assert!(frames.iter().all(|f| f.0 == 5), "{frames:?}");
    assert_eq!(frames[0], (5, 0, 0, 160, 90), "the first frame is whole");
    // 30 fps: delays of 3 and 4 cs that add up to the real time (10 frames = 33 cs).
    let bytes = render_gif(&[
        "--from", "0.2", "--to", "0.5", "--fps", "30", "--size", "96x64",
    ]);
    let (_, _, frames) = gif_frames(&bytes);
    assert_eq!(frames.len(), 10);
    let delays: Vec<u16> = frames.iter().map(|f| f.0).collect();
    assert_eq!(delays, vec![3, 4, 3, 3, 4, 3, 3, 4, 3, 3]);
    // The clip's own rate (100 Hz) is capped at 50 fps: 0.1 s → 6 frames of 2 cs.
    let bytes = render_gif(&["--from", "1", "--to", "1.1", "--size", "64x48"]);
    let (_, _, frames) = gif_frames(&bytes);
    assert_eq!(frames.len(), 6);
    assert!(frames.iter().all(|f| f.0 == 2));
}

/// Runs `posedeck render ARGS` expecting failure; returns standard error.
fn render_error(args: &[&str], out: &Path) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    let result = posedeck(&all);
    assert!(!result.status.success(), "{args:?} should fail");
    assert!(!out.exists(), "{args:?} left {}", out.display());
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(leftovers.is_empty(), "{args:?} left {leftovers:?}");
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    stderr
}

#[test]
fn errors_are_one_sentence_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("out.png");
    let gif = dir.path().join("out.gif");
    let (p, g) = (png.to_str().unwrap(), gif.to_str().unwrap());
    let walk = asset("walk.bvh");
    let w = walk.as_str();
    let err = render_error(&["/no/such/clip.bvh", "-o", p], &png);
    assert!(err.contains("/no/such/clip.bvh"), "{err}");
    let err = render_error(&[w, "-o", p, "--frame", "100000"], &png);
    assert!(
        err.contains("walk.bvh") && err.contains("no frame 100000"),
        "{err}"
    );
    let err = render_error(&[w, "-o", p, "--time", "-1"], &png);
    assert!(err.contains("walk.bvh"), "{err}");
    assert!(err.contains("--time -1 is outside the clip"), "{err}");
    let err = render_error(&[w, "-o", p, "--view", "back"], &png);
    assert!(
        err.contains("walk.bvh") && err.contains("orbit:AZ,EL"),
        "{err}"
    );
    let err = render_error(&[w, "-o", p, "--view", "image"], &png);
    assert!(err.contains("the clip is 3D"), "{err}");
    let jump = asset("jump_coco_2d.npy");
    let err = render_error(&[jump.as_str(), "-o", p, "--view", "side"], &png);
    assert!(
        err.contains("jump_coco_2d.npy") && err.contains("only --view image"),
        "{err}"
    );
    let err = render_error(&[w, "-o", g, "--strip", "4"], &gif);
    assert!(err.contains("--strip makes one picture"), "{err}");
    let err = render_error(&[w, "-o", p, "--size", "big"], &png);
    assert!(
        err.contains("out.png") && err.contains("WIDTHxHEIGHT"),
        "{err}"
    );
    let jpg = dir.path().join("out.jpg");
    let err = render_error(&[w, "-o", jpg.to_str().unwrap()], &jpg);
    assert!(err.contains("must end in .png or .gif"), "{err}");
    let junk = tempfile::tempdir().unwrap();
    let bad = junk.path().join("junk.bvh");
    std::fs::write(&bad, "HIERARCHY\nROOT\n").unwrap();
    let err = render_error(&[bad.to_str().unwrap(), "-o", p], &png);
    assert!(err.contains("junk.bvh"), "{err}");
    let err = render_error(&[w, "-o", p, "--compare", "/no/such/other.bvh"], &png);
    assert!(err.contains("/no/such/other.bvh"), "{err}");
}

#[test]
fn png_goes_to_standard_output_with_a_dash() {
    let walk = asset("walk.bvh");
    let result = posedeck(&["render", &walk, "-o", "-", "--size", "64x48"]);
    assert!(result.status.success());
    let pixmap = tiny_skia::Pixmap::decode_png(&result.stdout).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (64, 48));
}
