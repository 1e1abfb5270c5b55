//! Loads one clip whole (every chunk parsed, as the viewer's background load does) and prints
//! its frame count, people rows and load time: for measuring a full load's time and peak memory
//! with `/usr/bin/time`, e.g.
//! `/usr/bin/time -f '%e s %M KB' target/release/examples/load_clip FILE`.

use std::io::Write as _;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: load_clip FILE")?;
    let start = Instant::now();
    let clip = posedeck::formats::load(std::path::Path::new(&path))?;
    let rows: usize = clip.poses.chunks().iter().map(|c| c.coords().dim().0).sum();
    writeln!(
        std::io::stdout().lock(),
        "{} frames, {rows} people rows, {} warnings, loaded in {:.3} s",
        clip.frame_count(),
        clip.meta.warnings.len(),
        start.elapsed().as_secs_f64()
    )?;
    Ok(())
}
