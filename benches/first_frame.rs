//! The viewer's time to its first frame at dataset scale (issue 10): for each large input, a
//! fresh process starts the real app (`PosedeckApp`, driven headless by `egui_kittest`, no GPU),
//! lets it draw its empty window, then opens the file and steps until the clip's frame is drawn
//! with its poses; then it keeps stepping until the whole clip is read in the background. Each such child alternates with
//! `cat PATH > /dev/null` on a warm page cache, as in `--bench open`.
//!
//! A fresh process per run matters here: memory a process touches for the first time is slow
//! on this machine kind, and a second opening in the same process would reuse freed memory.
//!
//! `cargo bench --bench first_frame` prints a Markdown table for BENCHMARKS.md: time to the
//! first frame against `cat`, the time until every frame is read (and that as MB/s of the
//! file), and the child's peak RSS (`VmHWM`) at the first frame and once the clip is whole.
//! `POSEDECK_BENCH_SMOKE=1` uses the hundredth-size inputs, one run each;
//! `POSEDECK_BENCH_ONLY=bvh,npy` picks inputs; `POSEDECK_BENCH_RUNS=N` sets runs.

mod common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Plan, Result, cat_command, mb, median, positions_bytes, ratio_target, run, size_of};
use egui_kittest::Harness;
use posedeck::app::PosedeckApp;
use posedeck::app::clip_settings::SettingsStore;
use posedeck::synth::large::{LargeInput, Scale};

/// The child's environment variable naming the input it opens.
const CHILD_ENV: &str = "POSEDECK_FIRST_FRAME_CHILD";

/// What one child measured.
struct Opening {
    first: Duration,
    whole: Duration,
    rss_first: u64,
    rss_whole: u64,
}

/// The process's peak resident set so far (`VmHWM`), bytes.
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

/// In the child: open `path` in a running viewer and time the first frame drawn and the whole
/// read. The window is up and has drawn before the clock starts: what is timed is opening the
/// file, not starting the program (egui's fonts and layout).
fn child(path: &Path) -> Result<()> {
    // As the viewer's start-up (`app::run`) does.
    posedeck::app::allocator::share_arenas();
    let mut app = PosedeckApp::from_clips(Vec::new());
    app.set_settings_store(SettingsStore::none());
    app.set_autoplay(false);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    for _ in 0..3 {
        h.step();
    }
    let started = Instant::now();
    h.state_mut().open(vec![path.to_path_buf()]);
    let deadline = started + Duration::from_mins(5);
    // The window sleeps until the loader wakes it; a short sleep between steps stands for that
    // without taking a core from the parsing threads.
    let nap = Duration::from_millis(1);
    let drawn = |h: &mut Harness<'_, PosedeckApp>| {
        h.state_mut()
            .selected_clip_mut()
            .is_some_and(|l| l.drawn_frame.is_some())
    };
    while !drawn(&mut h) {
        if Instant::now() > deadline {
            return Err(format!("{}: no frame drawn in 300 s", path.display()).into());
        }
        h.step();
        std::thread::sleep(nap);
    }
    let first = started.elapsed();
    let rss_first = peak_rss();
    // Then the window redraws at most at 60 Hz (the progress bar), as a real one does.
    let frame = Duration::from_micros(16_667);
    while h.state().is_loading() {
        if Instant::now() > deadline {
            return Err(format!("{}: not read whole in 300 s", path.display()).into());
        }
        h.step();
        std::thread::sleep(frame);
    }
    let whole = started.elapsed();
    writeln!(
        std::io::stdout().lock(),
        "{} {} {rss_first} {}",
        first.as_secs_f64(),
        whole.as_secs_f64(),
        peak_rss()
    )?;
    Ok(())
}

/// Runs one child on `path` and reads what it measured.
fn measure(path: &Path, config: &Path) -> Result<Opening> {
    let output = Command::new(std::env::current_exe()?)
        .env(CHILD_ENV, path)
        .env("POSEDECK_CONFIG_DIR", config)
        .env("POSEDECK_CACHE_DIR", config)
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<f64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match (output.status.success(), fields.as_slice()) {
        (true, &[first, whole, rss_first, rss_whole]) => Ok(Opening {
            first: Duration::from_secs_f64(first),
            whole: Duration::from_secs_f64(whole),
            rss_first: rss_first as u64,
            rss_whole: rss_whole as u64,
        }),
        _ => Err(format!(
            "child on {} failed: {}{}",
            path.display(),
            text,
            String::from_utf8_lossy(&output.stderr)
        )
        .into()),
    }
}

fn row(out: &mut String, input: LargeInput, dir: &Path, scale: Scale, runs: usize) -> Result<()> {
    let path = input.ensure(dir, scale)?;
    let config = tempfile::tempdir()?;
    let (cat, cat_args) = cat_command(&path);
    let cat_args: Vec<&str> = cat_args.iter().map(String::as_str).collect();
    run(&cat, &cat_args)?;
    let (mut firsts, mut wholes, mut cats) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rss_first, mut rss_whole) = (0, 0);
    for _ in 0..runs {
        cats.push(run(&cat, &cat_args)?.wall);
        let opening = measure(&path, config.path())?;
        firsts.push(opening.first);
        wholes.push(opening.whole);
        rss_first = rss_first.max(opening.rss_first);
        rss_whole = rss_whole.max(opening.rss_whole);
    }
    let (first, whole, cat_time) = (median(firsts), median(wholes), median(cats));
    let ratio = first.as_secs_f64() / cat_time.as_secs_f64().max(1e-6);
    let target = ratio_target(input);
    let size = size_of(&path)?;
    let limit = positions_bytes(&path)? * 3 / 2 + 50_000_000;
    let met = match (ratio <= target, rss_whole <= limit) {
        (true, true) => "yes",
        (false, true) => "no (time)",
        (true, false) => "no (memory)",
        (false, false) => "no (time, memory)",
    };
    writeln!(
        out,
        "| {} | {:.1} MB | {:.3} s | {:.3} s | {ratio:.2}x | {:.3} s ({:.0} MB/s) | {:.0} MB | {:.0} MB | {target}x, {:.0} MB | {met} |",
        input.name(),
        mb(size),
        first.as_secs_f64(),
        cat_time.as_secs_f64(),
        whole.as_secs_f64(),
        mb(size) / whole.as_secs_f64().max(1e-6),
        mb(rss_first),
        mb(rss_whole),
        mb(limit),
    )?;
    Ok(())
}

fn main() -> Result<()> {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        return child(Path::new(&path));
    }
    Plan::from_env().print_table(
        "Viewer's first frame",
        "| input | size | first frame drawn | cat | ratio | every frame read | peak RSS at first frame | peak RSS, whole clip | target (time, memory) | met? |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---|---|\n",
        row,
    )
}
