//! Rendering benchmark: one 1280x720 PNG (scene, raster, PNG encoding) and a 10-second GIF,
//! as `posedeck render` makes them, on real clips of the shared datasets (25-joint 2D
//! OpenPose, 31-joint 3D CMU walk) and the sample walk in the body style.
//!
//! Run with `cargo bench --bench render`. Prints a Markdown table for BENCHMARKS.md. Each
//! measurement is the median of several runs after one warm-up run.

use std::error::Error;
use std::hint::black_box;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use posedeck::model::Clip;
use posedeck::render::{self, Animation, Look, Shot, Subjects, TextPainter, ViewChoice};
use posedeck::scene::{Figure, Style};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    f()?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        samples.push(start.elapsed());
    }
    Ok(median(samples))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One PNG of `clip` at `time_s`: the scene, the raster and the PNG bytes, timed separately.
fn png_row(out: &mut impl std::io::Write, label: &str, clip: &Clip, look: &Look) -> Result<()> {
    let shot = Shot::new(clip, ViewChoice::default_for(clip))?;
    let subjects = Subjects::single(shot.clone());
    let size = [1280, 720];
    let time_s = clip.time_s(clip.frame_count() / 2);
    let frame = render::frame_at_time(clip, time_s);
    let viewport = posedeck::scene::ScreenRect::from_min_size([0.0, 0.0], [1280.0, 720.0]);
    let scene = time(50, || {
        black_box(shot.scene(frame, &viewport, &look.style));
        Ok(())
    })?;
    let mut text = TextPainter::new();
    let mut pixmap = None;
    let raster = time(50, || {
        pixmap = Some(render::picture(&subjects, time_s, size, look, &mut text)?);
        Ok(())
    })?;
    let pixmap = pixmap.ok_or("no picture")?;
    let mut bytes = 0;
    let png = time(20, || {
        bytes = render::png::encode(&pixmap)?.len();
        Ok(())
    })?;
    writeln!(
        out,
        "| {label} | PNG 1280x720 | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.0} KB |",
        ms(scene),
        ms(raster),
        ms(png),
        ms(raster + png),
        bytes as f64 / 1024.0
    )?;
    Ok(())
}

/// A GIF of `clip` from 0 to `to_s` at the clip's rate (at most 50 fps), 640x360.
fn gif_row(
    out: &mut impl std::io::Write,
    label: &str,
    clip: &Clip,
    to_s: f64,
    look: &Look,
) -> Result<()> {
    let subjects = Subjects::single(Shot::new(clip, ViewChoice::default_for(clip))?);
    let animation = Animation {
        from_s: 0.0,
        to_s,
        fps: clip.playback_rate_hz().min(render::gif::MAX_GIF_FPS),
        size: render::DEFAULT_GIF_SIZE,
    };
    let frames = animation.times().len();
    let mut bytes = 0;
    let total = time(3, || {
        let gif = render::animate(&subjects, &animation, look, Vec::new(), &mut |_, _| {})?;
        bytes = gif.len();
        Ok(())
    })?;
    writeln!(
        out,
        "| {label} | GIF 640x360, {to_s:.1} s, {frames} frames at {:.0} fps | | | | {:.0} ms ({:.1} ms/frame) | {:.0} KB |",
        animation.fps,
        ms(total),
        ms(total) / frames as f64,
        bytes as f64 / 1024.0
    )?;
    Ok(())
}

fn load(path: &Path) -> Result<Clip> {
    Ok(posedeck::formats::load(path)?)
}

fn main() -> Result<()> {
    let mut out = std::io::stdout().lock();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/datasets");
    let stick = Look::default();
    let body = Look {
        style: Style {
            figure: Figure::Body,
            ..Style::default()
        },
        ..Look::default()
    };
    writeln!(
        out,
        "| clip | output | scene | draw (raster + text) | encode | total | size |"
    )?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
    let dancer = shared.join("npy/video2bvh_cxk_2d_pose_body25.npy");
    let cmu = shared.join("bvh/cmu_12_01_walk.bvh");
    let walk = root.join("assets/walk.bvh");
    if dancer.exists() {
        let clip = load(&dancer)?;
        png_row(&mut out, "OpenPose BODY_25 2D (25 joints)", &clip, &stick)?;
        gif_row(
            &mut out,
            "OpenPose BODY_25 2D (25 joints)",
            &clip,
            10.0,
            &stick,
        )?;
    }
    if cmu.exists() {
        let clip = load(&cmu)?;
        png_row(&mut out, "CMU walk 3D (31 joints)", &clip, &stick)?;
        let end = clip.time_s(clip.frame_count().saturating_sub(1));
        gif_row(&mut out, "CMU walk 3D (31 joints)", &clip, end, &stick)?;
    }
    let clip = load(&walk)?;
    png_row(
        &mut out,
        "sample walk 3D (21 joints), body style",
        &clip,
        &body,
    )?;
    let end = clip.time_s(clip.frame_count().saturating_sub(1));
    gif_row(
        &mut out,
        "sample walk 3D (21 joints), body style",
        &clip,
        end,
        &body,
    )?;
    Ok(())
}
