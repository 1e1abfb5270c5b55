//! The `posedeck` binary: the viewer when given no sub-command, else the sub-command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// posedeck: view, measure and export precomputed pose and motion-capture data.
#[derive(Debug, Parser)]
#[command(
    name = "posedeck",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Args {
    /// A sub-command; without one, the viewer opens.
    #[command(subcommand)]
    command: Option<posedeck::cli::Command>,
    /// Files or folders to open in the viewer (default: the bundled samples in `assets/`).
    paths: Vec<PathBuf>,
    /// Save a screenshot of the viewer window to this PNG, then quit.
    #[arg(long, value_name = "OUT.png")]
    screenshot: Option<PathBuf>,
    /// Open the first clip paused at frame N (0-based; the last frame if the clip is shorter).
    #[arg(long, value_name = "N")]
    frame: Option<usize>,
    /// Compare the first two clips: play them together side by side or overlaid, synced.
    #[arg(long)]
    compare: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(command) = &args.command {
        return posedeck::cli::run(command);
    }
    let options = posedeck::app::ViewerOptions {
        paths: args.paths,
        screenshot: args.screenshot,
        frame: args.frame,
        compare: args.compare,
    };
    match posedeck::app::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("posedeck: {message}");
            ExitCode::FAILURE
        }
    }
}
