//! Loads one clip whole and prints when its outline, its first chunk (the viewer's first
//! frame) and all of it were ready: for measuring a full load's time and peak memory with
//! `/usr/bin/time`, e.g. `/usr/bin/time -f '%e s %M KB' target/release/examples/load_clip FILE`.
//! A format that is not read in chunks is loaded whole.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use posedeck::formats::{self, chunked};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: load_clip FILE")?;
    let path = Path::new(&path);
    let start = Instant::now();
    let mut out = std::io::stdout().lock();
    let Some(source) = formats::open_chunked(path)? else {
        let clip = formats::load(path)?;
        writeln!(
            out,
            "read whole: {} frames in {:.3} s",
            clip.frame_count(),
            start.elapsed().as_secs_f64()
        )?;
        return Ok(());
    };
    let outline_s = start.elapsed().as_secs_f64();
    let mut first_chunk_s = None;
    let control = chunked::ReadControl::default();
    control.want_frame(0);
    let poses = chunked::read_all(source.as_ref(), &control, |_| {
        first_chunk_s.get_or_insert_with(|| start.elapsed().as_secs_f64());
    })?
    .ok_or("cancelled")?;
    let clip = source.finish(poses)?;
    let rows: usize = clip.poses.chunks().iter().map(|c| c.coords().dim().0).sum();
    writeln!(
        out,
        "{} frames, {rows} people rows: outline after {outline_s:.3} s, first chunk after {:.3} s, \
         all after {:.3} s",
        clip.frame_count(),
        first_chunk_s.unwrap_or(f64::NAN),
        start.elapsed().as_secs_f64()
    )?;
    Ok(())
}
