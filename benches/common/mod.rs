//! What the opening benchmarks share (`open`: `posedeck info`; `first_frame`: the viewer):
//! running a child under `/usr/bin/time`, `cat` over the same input, medians, sizes and the
//! memory target.

#![allow(dead_code, reason = "each bench uses part of what is shared")]

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use posedeck::synth::large::{LargeInput, Scale};

/// The benches' result type.
pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Opening targets: the most `posedeck info` may take, in multiples of `cat`.
pub fn ratio_target(input: LargeInput) -> f64 {
    match input {
        LargeInput::Bvh | LargeInput::Coco => 3.0,
        LargeInput::C3dFloat | LargeInput::C3dInteger | LargeInput::OpenPose => 2.0,
        LargeInput::Npy => 1.2,
    }
}

/// One child run: wall time, and peak RSS in bytes and CPU time (user + system) when
/// `/usr/bin/time` is there.
pub struct Run {
    /// Wall time.
    pub wall: Duration,
    /// Peak RSS, bytes.
    pub peak_rss: Option<u64>,
    /// User + system time.
    pub cpu: Option<Duration>,
}

/// Runs `program args` with stdout to /dev/null under `/usr/bin/time -f %M` when available.
pub fn run(program: &str, args: &[&str]) -> Result<Run> {
    let timer = Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut c = Command::new(timer);
        c.args(["-f", "%M %U %S", program]);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output()?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{program} {args:?} failed: {stderr}").into());
    }
    let fields: Vec<f64> = stderr
        .lines()
        .last()
        .map(|l| {
            l.split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let (peak_rss, cpu) = match fields[..] {
        [kib, user_s, system_s] => (
            Some(kib as u64 * 1024),
            Some(Duration::from_secs_f64(user_s + system_s)),
        ),
        _ => (None, None),
    };
    Ok(Run {
        wall,
        peak_rss,
        cpu,
    })
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Bytes of a file, or of every file in a folder.
pub fn size_of(path: &Path) -> Result<u64> {
    if path.is_dir() {
        let mut total = 0;
        for entry in std::fs::read_dir(path)? {
            total += entry?.metadata()?.len();
        }
        Ok(total)
    } else {
        Ok(std::fs::metadata(path)?.len())
    }
}

/// The `cat` command line for `path` (all files of a folder through `xargs`).
pub fn cat_command(path: &Path) -> (String, Vec<String>) {
    let p = path.display().to_string();
    if path.is_dir() {
        (
            "sh".to_owned(),
            vec![
                "-c".to_owned(),
                format!("find '{p}' -name '*.json' -print0 | xargs -0 cat > /dev/null"),
            ],
        )
    } else {
        ("cat".to_owned(), vec![p])
    }
}

/// Positions of the clip as f32, bytes (every person row of every frame).
pub fn positions_bytes(path: &Path) -> Result<u64> {
    let clip = posedeck::formats::load(path)?;
    let values: usize = clip.poses.chunks().iter().map(|c| c.coords().len()).sum();
    Ok(values as u64 * 4)
}

pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// What a run of an opening bench covers, from the environment: `POSEDECK_BENCH_SMOKE`,
/// `POSEDECK_LARGE_DIR`, `POSEDECK_BENCH_RUNS`, `POSEDECK_BENCH_ONLY`.
pub struct Plan {
    /// Hundredth-size inputs, one run each.
    pub smoke: bool,
    /// The input scale.
    pub scale: Scale,
    /// Where the inputs are written.
    pub dir: PathBuf,
    /// Runs per input.
    pub runs: usize,
    /// The inputs.
    pub inputs: Vec<LargeInput>,
}

impl Plan {
    /// The plan the environment asks for.
    pub fn from_env() -> Self {
        let smoke = std::env::var_os("POSEDECK_BENCH_SMOKE").is_some_and(|v| v != "0");
        let dir = std::env::var_os("POSEDECK_LARGE_DIR").map_or_else(
            || std::env::temp_dir().join("posedeck-large"),
            PathBuf::from,
        );
        let runs = std::env::var("POSEDECK_BENCH_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(if smoke { 1 } else { 5 });
        let only: Option<Vec<LargeInput>> = std::env::var("POSEDECK_BENCH_ONLY").ok().map(|list| {
            list.split(',')
                .filter_map(|n| LargeInput::from_name(n.trim()))
                .collect()
        });
        Self {
            smoke,
            scale: if smoke { Scale::Smoke } else { Scale::Full },
            dir,
            runs,
            inputs: only.unwrap_or_else(|| LargeInput::ALL.to_vec()),
        }
    }

    /// Runs `row` for every input into a table under `header` (the Markdown head rows), then
    /// prints `title` with how it was measured, and the table.
    pub fn print_table(
        &self,
        title: &str,
        header: &str,
        mut row: impl FnMut(&mut String, LargeInput, &Path, Scale, usize) -> Result<()>,
    ) -> Result<()> {
        let mut table = header.to_owned();
        for &input in &self.inputs {
            row(&mut table, input, &self.dir, self.scale, self.runs)?;
            // Print as we go: the full run takes minutes.
            eprint!(".");
        }
        eprintln!();
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "{title} ({}, {} build, median of {} alternating runs, warm page cache, inputs in {})\n",
            if self.smoke {
                "smoke sizes"
            } else {
                "full sizes"
            },
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
            self.runs,
            self.dir.display()
        )?;
        write!(stdout, "{table}")?;
        Ok(())
    }
}
