//! Command-line sub-commands, one file each (see `shared/notes/cli.md`).

pub mod align;
pub mod angles;
pub mod export;
pub mod info;
pub mod library;
pub mod output;
pub mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::formats;

/// A sub-command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// What the loader understood about one clip.
    Info {
        /// The clip (a file, or a folder of per-frame files).
        path: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write joint positions (`frame,person,joint,x,y,z,confidence`) or, with `--angles`, joint
    /// angles (`frame,time_s,person,angle,degrees`) as CSV.
    Export {
        /// The clip (a file, or a folder of per-frame files).
        path: PathBuf,
        /// Export the joint-angle presets instead of positions.
        #[arg(long)]
        angles: bool,
        /// Output CSV file, or `-` for standard output.
        #[arg(long, value_name = "OUT")]
        csv: PathBuf,
    },
    /// Draw a frame, a strip of frames (`--strip K`) or a GIF (`-o OUT.gif`) without a window.
    Render(render::RenderArgs),
    /// Index a folder the way the clip browser does: every clip, and the files that look like
    /// pose data but could not be read.
    Library {
        /// The folder.
        dir: PathBuf,
        /// Print a JSON array (one object per clip) instead of a table.
        #[arg(long)]
        json: bool,
        /// Read every file instead of using (and filling) the user's clip cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// The time shift that best lines clip B up with clip A (from joint-angle curves).
    Align {
        /// Clip A, the reference.
        a: PathBuf,
        /// Clip B, the clip to shift.
        b: PathBuf,
        /// Print `{"offset_s", "offset_frames", "score", "time_scale"}` as JSON.
        #[arg(long)]
        json: bool,
        /// Also find a speed difference (a linear time scale: B slower or faster than A).
        #[arg(long)]
        time_warp: bool,
    },
}

/// Runs a sub-command; returns the process exit code. Errors are printed to standard error as
/// one sentence naming the file.
#[must_use]
pub fn run(command: &Command) -> ExitCode {
    let result = match command {
        Command::Info { path, json } => run_info(path, *json),
        Command::Export { path, angles, csv } => run_export(path, *angles, csv),
        Command::Align {
            a,
            b,
            json,
            time_warp,
        } => run_align(a, b, *json, *time_warp),
        Command::Render(args) => render::run(args),
        Command::Library {
            dir,
            json,
            no_cache,
        } => run_library(dir, *json, *no_cache),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("posedeck: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_info(path: &Path, as_json: bool) -> Result<(), String> {
    // The outline only: a large clip's frames are indexed, not parsed.
    let outline =
        formats::outline_with(path, &formats::LoadOptions::default()).map_err(|e| e.to_string())?;
    let report = info::InfoReport::new(path, &outline);
    let text = if as_json {
        info::json(&report).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        info::text(&report, &outline)
    };
    output::print(&text).map_err(|e| format!("cannot write to standard output: {e}"))
}

fn run_export(path: &Path, angles: bool, out: &Path) -> Result<(), String> {
    let clip = formats::load(path).map_err(|e| e.to_string())?;
    let fail = |e: std::io::Error| format!("{}: cannot write: {e}", out.display());
    let mut sink = output::Sink::open(out).map_err(fail)?;
    if angles {
        angles::write_angles(&clip, sink.writer()).map_err(fail)?;
    } else {
        export::write_positions(&clip, sink.writer()).map_err(fail)?;
    }
    sink.finish().map_err(fail)
}

fn run_library(dir: &Path, as_json: bool, no_cache: bool) -> Result<(), String> {
    let (records, notices) = library::index(dir, no_cache)?;
    for notice in notices {
        eprintln!("posedeck: {notice}");
    }
    let text = if as_json {
        library::json(&records).map_err(|e| e.to_string())?
    } else {
        library::text(dir, &records)
    };
    output::print(&text).map_err(|e| format!("cannot write to standard output: {e}"))
}

fn run_align(a: &Path, b: &Path, as_json: bool, time_warp: bool) -> Result<(), String> {
    let clip_a = formats::load(a).map_err(|e| e.to_string())?;
    let clip_b = formats::load(b).map_err(|e| e.to_string())?;
    let options = crate::analysis::align::AlignOptions { time_warp };
    let alignment = crate::analysis::align::align_with(&clip_a, &clip_b, options)
        .map_err(|e| format!("cannot align {} and {}: {e}", a.display(), b.display()))?;
    let text = if as_json {
        serde_json::to_string(&align::AlignReport::from(alignment))
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())?
    } else {
        align::text(&alignment)
    };
    output::print(&text).map_err(|e| format!("cannot write to standard output: {e}"))
}
