//! Command-line sub-commands, one file each (see `shared/notes/cli.md`).

use std::path::PathBuf;

use clap::Subcommand;

/// A sub-command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// What the loader understood about one clip.
    Info {
        /// The clip (file or folder).
        path: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a sub-command; returns the process exit code.
#[must_use]
pub fn run(command: &Command) -> std::process::ExitCode {
    let _ = command;
    std::process::ExitCode::FAILURE
}
