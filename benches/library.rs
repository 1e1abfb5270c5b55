//! Library indexing benchmark: a generated folder of mixed-format clips (10,000 small ones by
//! default, plus the few large ones) indexed as the viewer does (thumbnails drawn, empty
//! cache; hover previews are drawn later, one card at a time), as the command line does (no pictures), and again with a warm cache, against
//! reading the same files with `cat`.
//!
//! Run with `cargo bench --bench library` (`POSEDECK_BENCH_CLIPS=N` for another size). Prints a
//! Markdown table for BENCHMARKS.md. The operating system's file cache is warm for every row
//! (`cat` runs first), so the rows compare the work done, not the disk.

use std::error::Error;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use posedeck::library::{IndexOptions, Indexer};
use posedeck::synth::library_folder::{FolderSpec, write_library};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Indexes `root` with `options` and returns (time, clips found, bytes read, files seen).
fn index(options: &IndexOptions) -> (Duration, usize, usize, usize) {
    let start = Instant::now();
    let indexer = Indexer::start(options.clone());
    let found = indexer.wait(Duration::MAX).len();
    let elapsed = start.elapsed();
    let p = indexer.progress();
    (elapsed, found, p.bytes_read, p.files_seen)
}

/// `cat` over every file under `root` (through `find -exec cat {} +`).
fn cat(root: &Path) -> Result<Duration> {
    let start = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg("find \"$1\" -type f -exec cat {} + > /dev/null")
        .arg("sh")
        .arg(root)
        .status()?;
    if !status.success() {
        return Err("cat failed".into());
    }
    Ok(start.elapsed())
}

fn main() -> Result<()> {
    let clips: usize = std::env::var("POSEDECK_BENCH_CLIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("library");
    let written = write_library(&root, FolderSpec { clips, large: 3 })?;
    let mb = written.bytes as f64 / 1e6;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Folder: {} small clips ({} damaged) + 3 large, {} files, {mb:.1} MB; {} threads\n",
        written.clips,
        written.damaged,
        written.files,
        std::thread::available_parallelism().map_or(1, usize::from)
    )?;
    // Warm the OS file cache, then time `cat`.
    cat(&root)?;
    let cat_time = cat(&root)?;
    let cache_dir = tempfile::tempdir()?;
    let db = cache_dir.path().join("library.sqlite3");
    let viewer = IndexOptions {
        cache_db: Some(db.clone()),
        ..IndexOptions::new(&root)
    };
    let cli = IndexOptions {
        cache_db: None,
        pictures: false,
        ..IndexOptions::new(&root)
    };
    writeln!(out, "| run | time (s) | clips | clips/s | MB read | MB/s |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    let row =
        |out: &mut std::io::StdoutLock<'_>, name: &str, t: Duration, found: usize, bytes: usize| {
            let s = t.as_secs_f64();
            writeln!(
                out,
                "| {name} | {s:.2} | {found} | {:.0} | {:.1} | {:.1} |",
                found as f64 / s,
                bytes as f64 / 1e6,
                if bytes == 0 {
                    0.0
                } else {
                    bytes as f64 / 1e6 / s
                }
            )
        };
    writeln!(
        out,
        "| `cat` every file | {:.2} | – | – | {mb:.1} | {:.1} |",
        cat_time.as_secs_f64(),
        mb / cat_time.as_secs_f64()
    )?;
    let (t, found, bytes, _) = index(&cli);
    row(
        &mut out,
        "index, no pictures, no cache (CLI --no-cache)",
        t,
        found,
        bytes,
    )?;
    let (t, found, bytes, _) = index(&viewer);
    row(
        &mut out,
        "index + thumbnails, empty cache (viewer, first time)",
        t,
        found,
        bytes,
    )?;
    let (t, found, bytes, _) = index(&viewer);
    row(
        &mut out,
        "index, warm cache (viewer, again)",
        t,
        found,
        bytes,
    )?;
    let small = IndexOptions {
        root: root.join("session_000"),
        ..viewer.clone()
    };
    let (t, found, _, _) = index(&small);
    writeln!(
        out,
        "\nOne warm folder of {found} clips: {:.1} ms",
        t.as_secs_f64() * 1e3
    )?;
    Ok(())
}
