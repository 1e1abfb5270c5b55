//! Writes the large benchmark inputs of issue 10 into a folder outside the repository:
//! `cargo run --release --example gen_large -- DIR [--only NAME] [--smoke]`.
//!
//! NAME is one of `bvh`, `c3d-float`, `c3d-int`, `coco`, `openpose`, `npy`. The files are a pure
//! function of the generator's code (same bytes on every run); existing files are rewritten.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use posedeck::synth::large::{LargeInput, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dir = None;
    let mut only = Vec::new();
    let mut scale = Scale::Full;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => {
                let name = args.next().ok_or("--only needs a name")?;
                only.push(LargeInput::from_name(&name).ok_or(format!("unknown input {name}"))?);
            }
            "--smoke" => scale = Scale::Smoke,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}").into()),
        }
    }
    let dir = dir.ok_or("usage: gen_large DIR [--only NAME] [--smoke]")?;
    if only.is_empty() {
        only = LargeInput::ALL.to_vec();
    }
    let mut out = std::io::stdout().lock();
    for input in only {
        let started = Instant::now();
        let path = input.write(&dir, scale)?;
        writeln!(
            out,
            "{:>6.1} s  {}",
            started.elapsed().as_secs_f64(),
            path.display()
        )?;
    }
    Ok(())
}
