//! Regenerates the sample clips in `assets/`: `cargo run --example gen_samples`.
//!
//! The files are a pure function of the generator's code, so running this twice, or on another
//! machine, writes the same bytes; `tests/samples.rs` checks that the committed files match.

use std::io::Write as _;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let written = posedeck::synth::write_samples(&dir)?;
    let mut out = std::io::stdout().lock();
    for path in written {
        let size = std::fs::metadata(&path)?.len();
        writeln!(out, "{:>9} bytes  {}", size, path.display())?;
    }
    Ok(())
}
