//! `posedeck align A B [--json] [--time-warp]`: the time shift (and with `--time-warp` the time
//! scale) that best lines clip B up with clip A.

use serde::Serialize;

use crate::analysis::align::Alignment;

/// The `align --json` object (keys fixed by `shared/notes/cli.md`).
#[derive(Debug, Serialize)]
pub struct AlignReport {
    /// B at `t` matches A at `t + offset_s`.
    pub offset_s: f64,
    /// The offset in frames of clip A.
    pub offset_frames: i64,
    /// Correlation of the aligned joint-angle curves, −1 to 1 (1 = identical shape).
    pub score: f64,
    /// Seconds of A per second of B (1 without `--time-warp`; below 1: B is slower): B at `t`
    /// matches A at `offset_s + time_scale · t`.
    pub time_scale: f64,
}

impl From<Alignment> for AlignReport {
    fn from(a: Alignment) -> Self {
        Self {
            offset_s: a.offset_s,
            offset_frames: a.offset_frames,
            score: a.score,
            time_scale: a.time_scale,
        }
    }
}

/// The readable sentence for the terminal.
#[must_use]
pub fn text(alignment: &Alignment) -> String {
    let trust = if alignment.score >= 0.8 {
        "a good match"
    } else if alignment.score >= 0.5 {
        "a fair match"
    } else {
        "a poor match: check the result"
    };
    let t = if (alignment.time_scale - 1.0).abs() > 1e-9 {
        format!("{:.4} · t", alignment.time_scale)
    } else {
        "t".to_owned()
    };
    format!(
        "B at time t lines up with A at {t} {} {:.3} s ({} frames of A); score {:.3} from {} joint angles ({trust})\n",
        if alignment.offset_s < 0.0 { "-" } else { "+" },
        alignment.offset_s.abs(),
        alignment.offset_frames,
        alignment.score,
        alignment.angles_used,
    )
}
