//! Scrubbing benchmark (issue 10): the viewer's own frame time on a one-hour clip, with trails
//! and angle labels on, over random seeks and while playing.
//!
//! The real app ([`PosedeckApp`]) is driven headless by `egui_kittest` without a GPU renderer, so
//! each step measures everything posedeck does for a frame (input, panels, the scene of the frame,
//! trails, measures, the plot, tessellation by egui) but not the GPU's rasterisation of the
//! triangles, which a real window does on the graphics card (or Mesa's software rasteriser).
//!
//! `cargo bench --bench scrub` writes the one-hour BVH once into `$POSEDECK_LARGE_DIR` (default:
//! `posedeck-large` in the system temporary folder; shared with `--bench open`) and prints a
//! Markdown table for BENCHMARKS.md. `POSEDECK_BENCH_SMOKE=1` uses an input a hundredth of the
//! size (what CI could run). The 16 ms budget of a 60 Hz screen is reported, never asserted.

use std::error::Error;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;
use posedeck::app::clip_settings::SettingsStore;
use posedeck::synth::large::{LargeInput, Scale};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Frame budget of a 60 Hz screen, milliseconds.
const BUDGET_MS: f64 = 16.0;

/// A small deterministic random sequence (xorshift), so every run seeks to the same frames.
struct Seeks(u64);

impl Seeks {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

/// Median, 95th percentile, maximum (ms) and how many are over the budget.
fn summary(mut times: Vec<Duration>) -> (f64, f64, f64, usize) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(f64::NAN, |d| ms(*d))
    };
    let over = times.iter().filter(|d| ms(**d) > BUDGET_MS).count();
    (at(0.5), at(0.95), at(1.0), over)
}

fn harness(clip: posedeck::model::Clip) -> Harness<'static, PosedeckApp> {
    let mut app = PosedeckApp::from_clips(vec![clip]);
    app.set_settings_store(SettingsStore::none());
    if let Some(loaded) = app.selected_clip_mut() {
        loaded.playback.pause();
        loaded.tools.trails_on = true;
        loaded.measure.open = true;
    }
    app.look_mut().joint_names = false;
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app)
}

fn main() -> Result<()> {
    let smoke = std::env::var_os("POSEDECK_BENCH_SMOKE").is_some();
    let scale = if smoke { Scale::Smoke } else { Scale::Full };
    let dir = std::env::var_os("POSEDECK_LARGE_DIR").map_or_else(
        || std::env::temp_dir().join("posedeck-large"),
        PathBuf::from,
    );
    let path = LargeInput::Bvh.ensure(&dir, scale)?;

    let started = Instant::now();
    let clip = posedeck::formats::load(&path)?;
    let load = started.elapsed();
    let frames = clip.frame_count();

    // The first frames (the harness draws some while it is built) lay out the panels and
    // start working out the measure curves of the whole clip (on a background thread for a
    // clip this long; the seeks below are timed while it may still run).
    let started = Instant::now();
    let mut h = harness(clip);
    for _ in 0..5 {
        h.step();
    }
    let first = started.elapsed();
    // Seeks are timed with the curves drawn: wait until they are worked out.
    let started = Instant::now();
    while h
        .state_mut()
        .selected_clip_mut()
        .is_some_and(|l| l.measure.is_computing())
        && started.elapsed() < Duration::from_mins(1)
    {
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    let curves = started.elapsed();
    // What is timed must be what the issue names: the Measure panel with its knee angles open.
    for label in ["Measure", "left knee flexion"] {
        if h.query_all_by_label_contains(label).next().is_none() {
            return Err(format!("the viewer does not show {label:?}: nothing to time").into());
        }
    }

    let mut seeks = Seeks(0x2545_f491_4f6c_dd1d);
    let mut seek_times = Vec::new();
    for _ in 0..if smoke { 30 } else { 300 } {
        let frame = seeks.next(frames);
        if let Some(p) = h.state_mut().playback_mut() {
            p.seek_frame(frame);
        }
        let t = Instant::now();
        h.step();
        seek_times.push(t.elapsed());
    }

    if let Some(p) = h.state_mut().playback_mut() {
        p.seek_frame(frames / 2);
        p.play();
    }
    let mut play_times = Vec::new();
    for _ in 0..if smoke { 30 } else { 300 } {
        let t = Instant::now();
        h.step();
        play_times.push(t.elapsed());
    }

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Scrubbing {} ({frames} frames), 1280x800, trails and knee-angle labels on, Measure and \
         plot panels open.\n",
        path.display()
    )?;
    writeln!(
        out,
        "| what | frames timed | median | 95th percentile | worst | over 16 ms |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    writeln!(
        out,
        "| load the clip (`formats::load`) | – | {:.0} ms | | | |",
        load.as_secs_f64() * 1e3
    )?;
    writeln!(
        out,
        "| first frames, all together (panels laid out, the curves started in the background) | – | {:.0} ms | | | |",
        first.as_secs_f64() * 1e3
    )?;
    writeln!(
        out,
        "| the knee curves of the whole clip worked out in the background (the window goes on drawing) | – | {:.0} ms | | | |",
        curves.as_secs_f64() * 1e3
    )?;
    for (name, times) in [("random seeks", seek_times), ("playing", play_times)] {
        let n = times.len();
        let (median, p95, worst, over) = summary(times);
        writeln!(
            out,
            "| {name} | {n} | {median:.2} ms | {p95:.2} ms | {worst:.2} ms | {over} of {n} |"
        )?;
    }
    Ok(())
}
