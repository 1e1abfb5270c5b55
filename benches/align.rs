//! Automatic alignment benchmark: two one-minute walks (the generator's walk at 100 Hz, and a
//! second walker at 120 Hz who starts 0.4 s later with other technique), aligned by time shift;
//! the same with the second walker also 6 % slower, aligned with time warp; and both again for
//! five-minute clips, to show how the time grows. Walking is periodic, so the offset found is
//! only defined up to a whole number of strides (1.1 s of A).
//!
//! Run with `cargo bench --bench align`. Prints a Markdown table for BENCHMARKS.md (median of
//! several runs after a warm-up run). Generating the clips is not timed.

use std::hint::black_box;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use posedeck::analysis::align::{AlignOptions, align_with};
use posedeck::formats::bvh;
use posedeck::model::Clip;
use posedeck::synth::bvh_doc;
use posedeck::synth::ground::{Motion, solve};
use posedeck::synth::motions::walk::Walk;
use posedeck::synth::variation::{Variation, Varied};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// `seconds` of `motion` at `rate_hz` as a clip (through BVH, as a file would load).
fn clip(motion: &dyn Motion, rate_hz: f64, seconds: f64) -> Result<Clip> {
    let frames = (seconds * rate_hz).round() as usize;
    let poses = solve(motion, rate_hz, frames);
    let text = bvh::write(&bvh_doc::document(&poses, rate_hz));
    Ok(bvh::read(text.as_bytes(), Path::new("generated.bvh"))?)
}

fn main() -> Result<()> {
    let second = Variation {
        delay_s: 0.4,
        tempo: 1.06,
        swing_knee_deg: 8.0,
        trunk_flex_deg: 4.0,
    };
    let same_tempo = Variation {
        tempo: 1.0,
        ..second
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "| clips | search | frames A / B | time (median of 5) | offset | time scale | score |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for minutes in [1.0, 5.0] {
        let seconds = 60.0 * minutes;
        let a = clip(&Walk, 100.0, seconds)?;
        let b_same = clip(&Varied::new(&Walk, same_tempo), 120.0, seconds)?;
        let b_slower = clip(&Varied::new(&Walk, second), 120.0, seconds)?;
        for (name, b, options) in [
            (
                "B 0.4 s later: time shift",
                &b_same,
                AlignOptions { time_warp: false },
            ),
            (
                "B also 6 % slower: shift + time warp",
                &b_slower,
                AlignOptions { time_warp: true },
            ),
        ] {
            let mut result = align_with(&a, b, options)?;
            let samples: Vec<Duration> = (0..5)
                .map(|_| {
                    let start = Instant::now();
                    if let Ok(r) = align_with(black_box(&a), black_box(b), options) {
                        result = r;
                    }
                    start.elapsed()
                })
                .collect();
            writeln!(
                out,
                "| {minutes:.0} min walk 100 Hz vs 120 Hz | {name} | {} / {} | {:.1} ms | {:+.3} s | {:.3} | {:.3} |",
                a.frame_count(),
                b.frame_count(),
                median(samples).as_secs_f64() * 1000.0,
                result.offset_s,
                result.time_scale,
                result.score,
            )?;
        }
    }
    Ok(())
}
