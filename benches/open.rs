//! Opening benchmark at dataset scale (issue 10): for each large input, `posedeck info PATH` (the
//! real binary, as a child process) against `cat PATH > /dev/null` (for the OpenPose folder: `cat`
//! over all its files), run back to back and alternating on a warm page cache. Reports the median
//! times, their ratio, posedeck's CPU time (user + system, less sensitive to other load on the
//! machine than the wall time) and peak resident memory (`/usr/bin/time`'s maximum RSS), and
//! the memory target: 1.5 × the clip's positions as f32 + 50 MB.
//!
//! `cargo bench --bench open` writes the full-size inputs (once) into `$POSEDECK_LARGE_DIR`
//! (default: `posedeck-large` in the system temporary folder) and prints a Markdown table for
//! BENCHMARKS.md. `POSEDECK_BENCH_SMOKE=1` uses inputs a hundredth of the size and one run each
//! (what CI runs); `POSEDECK_BENCH_ONLY=bvh,coco` picks inputs; `POSEDECK_BENCH_RUNS=N` sets runs.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{Plan, Result, cat_command, mb, median, positions_bytes, ratio_target, run, size_of};
use posedeck::synth::large::{LargeInput, Scale};

fn row(out: &mut String, input: LargeInput, dir: &Path, scale: Scale, runs: usize) -> Result<()> {
    let path = input.ensure(dir, scale)?;
    let posedeck = env!("CARGO_BIN_EXE_posedeck");
    let path_text = path.display().to_string();
    let (cat, cat_args) = cat_command(&path);
    let cat_args: Vec<&str> = cat_args.iter().map(String::as_str).collect();
    // Warm the page cache (and the binary) once.
    run(&cat, &cat_args)?;
    run(posedeck, &["info", &path_text])?;
    let (mut ours, mut theirs, mut peak, mut cpu) = (Vec::new(), Vec::new(), 0, Vec::new());
    for _ in 0..runs {
        let cat_run = run(&cat, &cat_args)?;
        theirs.push(cat_run.wall);
        let info = run(posedeck, &["info", &path_text])?;
        ours.push(info.wall);
        peak = peak.max(info.peak_rss.unwrap_or(0));
        cpu.extend(info.cpu);
    }
    let cpu_text = if cpu.is_empty() {
        "n/a".to_owned()
    } else {
        format!("{:.3} s", median(cpu).as_secs_f64())
    };
    let (ours, theirs) = (median(ours), median(theirs));
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64().max(1e-6);
    let target = ratio_target(input);
    let memory_limit = positions_bytes(&path)? * 3 / 2 + 50_000_000;
    let met = match (ratio <= target, peak <= memory_limit) {
        (true, true) => "yes",
        (false, true) => "no (time)",
        (true, false) => "no (memory)",
        (false, false) => "no (time, memory)",
    };
    let peak_text = if peak == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.0} MB", mb(peak))
    };
    let smoke = if scale == Scale::Smoke {
        " --smoke"
    } else {
        ""
    };
    writeln!(
        out,
        "| {} | {:.1} MB | {:.3} s | {cpu_text} | {:.3} s | {ratio:.2}x | {peak_text} | {target}x, {:.0} MB | {met} | \
         `cargo run --release --example gen_large -- DIR --only {}{smoke}; posedeck info DIR/{}` |",
        input.name(),
        mb(size_of(&path)?),
        ours.as_secs_f64(),
        theirs.as_secs_f64(),
        mb(memory_limit),
        input.name(),
        input.file_name(scale),
    )?;
    Ok(())
}

fn main() -> Result<()> {
    Plan::from_env().print_table(
        "Opening at dataset scale",
        "| input | size | posedeck info | its CPU time | cat | ratio | peak RSS | target (time, memory) | met? | reproduce |\n\
         |---|---:|---:|---:|---:|---:|---:|---|---|---|\n",
        row,
    )
}
