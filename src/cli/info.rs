//! `posedeck info PATH [--json]`: what the loader understood about one clip.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::model::ClipOutline;

/// The `info --json` object (keys fixed by `shared/notes/cli.md`).
#[derive(Debug, Serialize)]
pub struct InfoReport {
    /// The path as given.
    pub path: String,
    /// Lower-case format name.
    pub format: &'static str,
    /// Number of frames.
    pub frames: usize,
    /// Declared frame rate, or null.
    pub frame_rate_hz: Option<f64>,
    /// 2 or 3.
    pub dims: usize,
    /// Joint names in file order.
    pub joints: Vec<String>,
    /// The most people in any one frame.
    pub people: usize,
    /// `mm`, `cm`, `m`, `px` or `unknown`.
    pub units: &'static str,
    /// Recoverable oddities.
    pub warnings: Vec<String>,
}

impl InfoReport {
    /// The report for the clip outlined by `clip`, read from `path` as given on the command
    /// line.
    #[must_use]
    pub fn new(path: &Path, clip: &ClipOutline) -> Self {
        Self {
            path: path.display().to_string(),
            format: clip.meta.format.as_str(),
            frames: clip.frame_count,
            frame_rate_hz: clip.frame_rate_hz,
            dims: clip.space.dims,
            joints: clip.skeleton.names().to_vec(),
            people: clip.max_people,
            units: clip.space.units.as_str(),
            warnings: clip.meta.warnings.clone(),
        }
    }
}

/// The human-readable `info` text.
#[must_use]
pub fn text(report: &InfoReport, clip: &ClipOutline) -> String {
    let mut out = String::new();
    let rate = report
        .frame_rate_hz
        .map_or_else(|| "not stated".to_owned(), |r| format!("{r} Hz"));
    let duration = clip
        .duration_s()
        .map_or_else(|| "unknown".to_owned(), |d| format!("{d:.3} s"));
    let _ = writeln!(out, "{}", report.path);
    let _ = writeln!(out, "  format      {}", clip.meta.format.label());
    let _ = writeln!(out, "  frames      {}", report.frames);
    let _ = writeln!(out, "  frame rate  {rate}");
    let _ = writeln!(out, "  duration    {duration}");
    let _ = writeln!(out, "  dimensions  {}D", report.dims);
    let _ = writeln!(out, "  units       {}", report.units);
    let guessed = if clip.space.up_guessed {
        " (guessed)"
    } else {
        ""
    };
    let _ = writeln!(out, "  up axis     {}{guessed}", clip.space.up.label());
    let _ = writeln!(out, "  people      {} at most", report.people);
    let _ = writeln!(
        out,
        "  skeleton    {} ({} joints, {} bones)",
        clip.skeleton.layout().label(),
        report.joints.len(),
        clip.skeleton.bones().len()
    );
    let _ = writeln!(out, "  joints      {}", report.joints.join(", "));
    for (name, skeleton) in &clip.parts {
        let _ = writeln!(
            out,
            "  part        {name} ({} points)",
            skeleton.joint_count()
        );
    }
    for (key, value) in &clip.meta.details {
        let _ = writeln!(out, "  {key:<11} {value}");
    }
    if report.warnings.is_empty() {
        let _ = writeln!(out, "  warnings    none");
    } else {
        let _ = writeln!(out, "  warnings    {}", report.warnings.len());
        for warning in &report.warnings {
            let _ = writeln!(out, "    - {warning}");
        }
    }
    out
}

/// The `info --json` text (one object and a newline).
///
/// # Errors
/// Never in practice (serialising plain data).
pub fn json(report: &InfoReport) -> serde_json::Result<String> {
    serde_json::to_string_pretty(report).map(|s| s + "\n")
}
