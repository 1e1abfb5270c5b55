//! Loads whole clips as `posedeck::formats::load` does (the full parse, not `info`'s outline) and
//! prints the time and the throughput: `cargo run --release --example load_clip -- FILE...`.
//! Run it under `/usr/bin/time -f '%e s %U user %S sys %M KB'` for CPU time and peak memory.

use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        return Err("usage: load_clip FILE...".into());
    }
    for path in paths {
        let bytes = std::fs::metadata(&path)?.len();
        let started = Instant::now();
        let clip = posedeck::formats::load(Path::new(&path))?;
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "{path}: {} frames of {} joints in {seconds:.3} s, {:.0} MB/s",
            clip.frame_count(),
            clip.skeleton.joint_count(),
            bytes as f64 / seconds / 1e6
        );
    }
    Ok(())
}
