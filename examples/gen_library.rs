//! Makes a big mixed-format clip folder for trying and benchmarking the library:
//!
//! ```text
//! cargo run --release --example gen_library -- DIR [--clips 10000] [--large 3]
//! ```
//!
//! See `posedeck::synth::library_folder` for what is written. The same command writes the same
//! bytes.

use std::io::Write as _;
use std::path::PathBuf;

use posedeck::synth::library_folder::{FolderSpec, write_library};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut spec = FolderSpec {
        clips: 10_000,
        large: 3,
    };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| {
            args.next()
                .and_then(|v| v.parse::<usize>().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--clips" => spec.clips = number("--clips")?,
            "--large" => spec.large = number("--large")?,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let dir: PathBuf = dir.ok_or("usage: gen_library DIR [--clips N] [--large N]")?;
    let written = write_library(&dir, spec).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {} clips ({} damaged) + {} large, {} files, {:.1} MB",
        dir.display(),
        written.clips,
        written.damaged,
        spec.large,
        written.files,
        written.bytes as f64 / 1e6
    )
    .map_err(|e| e.to_string())
}
