//! Optional clean-up of a whole clip before measuring: filling short gaps in each joint's track
//! and zero-lag Butterworth low-pass filtering, both off unless asked for.
//!
//! Each coordinate of each joint of each person slot is treated as one signal over the frames
//! (a person slot is the n-th person of every frame, which is the same athlete in single-person
//! clips and in tracked files). Gaps are filled first ([`super::gaps`]), then the signal is
//! filtered ([`super::filter`]); gaps left open stay missing. A person absent from a frame is
//! never invented. Confidences are kept as the file gave them.

use super::filter::{butterworth_zero_lag, residual_cutoff_hz};
use super::gaps::{GapFill, fill_gaps};
use crate::model::{Clip, PosesBuilder};

/// Most signals the automatic cut-off analyses (evenly spread over joints and axes).
const AUTO_MAX_SIGNALS: usize = 48;
/// Most samples of each signal it analyses (a window in the middle of the clip).
const AUTO_MAX_SAMPLES: usize = 6000;

/// How the low-pass cut-off is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cutoff {
    /// A fixed cut-off, Hz.
    Hz(f64),
    /// Winter's residual analysis on each signal (at most 48 signals of at most 6000 samples,
    /// evenly chosen, on long clips); the median of the choices is used for all.
    Auto,
}

/// What to do to a clip. The default does nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cleaning {
    /// Fill gaps of at most this many frames, with this method.
    pub gap_fill: Option<(GapFill, usize)>,
    /// Low-pass filter with this cut-off.
    pub lowpass: Option<Cutoff>,
}

/// A cleaned clip and what was done to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cleaned {
    /// The clip with cleaned coordinates.
    pub clip: Clip,
    /// Number of joint samples (joint × frame) that were missing and are now filled.
    pub filled_samples: usize,
    /// The cut-off used, Hz (`None` when not filtered, or when no cut-off below Nyquist exists).
    pub cutoff_hz: Option<f64>,
}

impl Cleaning {
    /// True when nothing is asked for.
    #[must_use]
    pub fn is_off(&self) -> bool {
        self.gap_fill.is_none() && self.lowpass.is_none()
    }

    /// One line saying what is on, for the screen; `None` when off.
    #[must_use]
    pub fn describe(&self, cleaned: Option<&Cleaned>) -> Option<String> {
        let mut parts = Vec::new();
        if let Some((method, frames)) = self.gap_fill {
            let how = match method {
                GapFill::Linear => "linear",
                GapFill::Spline => "spline",
            };
            let filled = cleaned.map_or(0, |c| c.filled_samples);
            parts.push(format!("gaps ≤ {frames} frames filled ({how}, {filled})"));
        }
        if let Some(cutoff) = self.lowpass {
            let used = cleaned.and_then(|c| c.cutoff_hz);
            parts.push(match (cutoff, used) {
                (Cutoff::Auto, Some(hz)) => {
                    format!("Butterworth {hz:.1} Hz (auto), zero lag")
                }
                (Cutoff::Hz(_), Some(hz)) => format!("Butterworth {hz:.1} Hz, zero lag"),
                (_, None) => {
                    "low-pass asked but not applied (cut-off not below Nyquist)".to_owned()
                }
            });
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// Applies the cleaning to `clip` (parts and analog channels are kept unchanged).
    #[must_use]
    pub fn apply(&self, clip: &Clip) -> Cleaned {
        if self.is_off() {
            return Cleaned {
                clip: clip.clone(),
                filled_samples: 0,
                cutoff_hz: None,
            };
        }
        let poses = &clip.poses;
        let (frames, joints, dims) = (clip.frame_count(), poses.joints(), poses.dims());
        let people = poses.max_people();
        let rate_hz = clip.playback_rate_hz();
        // signals[person][joint * dims + d][frame]
        let mut signals: Vec<Vec<Vec<f32>>> = (0..people)
            .map(|_| vec![vec![f32::NAN; frames]; joints * dims])
            .collect();
        let mut with_tracks = false;
        for (f, frame) in (0..frames).filter_map(|f| Some((f, poses.frame(f)?))) {
            for (p, person) in frame.persons().enumerate() {
                with_tracks |= person.track_id.is_some();
                for j in 0..joints {
                    if let Some(point) = person.joint(j) {
                        for d in 0..dims {
                            signals[p][j * dims + d][f] = point[d];
                        }
                    }
                }
            }
        }
        let missing_before = count_missing(&signals);
        if let Some((method, max_gap)) = self.gap_fill {
            for signal in signals.iter_mut().flatten() {
                *signal = fill_gaps(signal, max_gap, method);
            }
        }
        let filled_samples = missing_before.saturating_sub(count_missing(&signals)) / dims.max(1);
        let cutoff_hz = match self.lowpass {
            None => None,
            Some(Cutoff::Hz(hz)) => (hz > 0.0 && hz / 0.802 < rate_hz / 2.0).then_some(hz),
            Some(Cutoff::Auto) => {
                // Residual analysis filters each signal some forty times: on long clips with
                // many joints, analyse an even sample of the signals over a window of the clip.
                let all: Vec<&Vec<f32>> = signals.iter().flatten().collect();
                let stride = all.len().div_ceil(AUTO_MAX_SIGNALS).max(1);
                let window = frames.min(AUTO_MAX_SAMPLES);
                let start = (frames - window) / 2;
                let mut choices: Vec<f64> = all
                    .iter()
                    .step_by(stride)
                    .filter_map(|s| residual_cutoff_hz(&s[start..start + window], rate_hz))
                    .collect();
                choices.sort_by(f64::total_cmp);
                choices.get(choices.len() / 2).copied()
            }
        };
        if let Some(hz) = cutoff_hz {
            for signal in signals.iter_mut().flatten() {
                *signal = butterworth_zero_lag(signal, rate_hz, hz);
            }
        }
        let mut builder = PosesBuilder::new(joints, dims, poses.has_confidence(), with_tracks);
        let mut coords = vec![f32::NAN; joints * dims];
        for (f, frame) in (0..frames).map(|f| (f, poses.frame(f))) {
            builder.begin_frame();
            let Some(frame) = frame else {
                continue;
            };
            for (p, person) in frame.persons().enumerate() {
                for (k, slot) in coords.iter_mut().enumerate() {
                    *slot = signals[p][k][f];
                }
                let confidence: Option<Vec<f32>> = person.confidence.map(|c| c.to_vec());
                builder.push_person(&coords, confidence.as_deref(), person.track_id);
            }
        }
        let mut out = clip.clone();
        out.poses = builder.finish();
        Cleaned {
            clip: out,
            filled_samples,
            cutoff_hz,
        }
    }
}

fn count_missing(signals: &[Vec<Vec<f32>>]) -> usize {
    signals
        .iter()
        .flatten()
        .map(|s| s.iter().filter(|v| !v.is_finite()).count())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, Space, Units, UpAxis};

    /// One H36M-17 person whose joints all move along x as `x(f)`; joint 3 missing in `gap`.
    fn moving(frames: usize, x: impl Fn(usize) -> f32, gap: std::ops::Range<usize>) -> Clip {
        let skeleton = LayoutId::H36m17.layout().unwrap().skeleton();
        let mut b = PosesBuilder::new(17, 3, false, false);
        for f in 0..frames {
            let mut c = vec![0.0_f32; 17 * 3];
            for j in 0..17 {
                c[j * 3] = x(f);
                c[j * 3 + 1] = j as f32 * 0.1;
            }
            if gap.contains(&f) {
                c[9..12].fill(f32::NAN);
            }
            b.begin_frame();
            b.push_person(&c, None, None);
        }
        Clip::new(
            skeleton,
            Some(100.0),
            Space::world(Units::M, UpAxis::Y),
            b.finish(),
            ClipMeta::new("moving", FormatId::Npy),
        )
    }

    #[test]
    fn off_by_default_and_says_nothing() {
        let cleaning = Cleaning::default();
        assert!(cleaning.is_off());
        assert_eq!(cleaning.describe(None), None);
        let clip = moving(20, |f| f as f32, 5..7);
        let out = cleaning.apply(&clip);
        assert_eq!(out.filled_samples, 0);
        let joint = |c: &Clip, f: usize| c.poses.frame(f).unwrap().person(0).unwrap().joint(3);
        assert!(joint(&out.clip, 6).is_none(), "no gap filled when off");
        assert_eq!(joint(&out.clip, 9), joint(&clip, 9));
    }

    #[test]
    fn fills_short_gaps_of_a_joint_and_counts_them() {
        let clip = moving(20, |f| f as f32 * 0.01, 5..8);
        let cleaning = Cleaning {
            gap_fill: Some((GapFill::Linear, 5)),
            lowpass: None,
        };
        let cleaned = cleaning.apply(&clip);
        assert_eq!(cleaned.filled_samples, 3);
        let joint = |f: usize| {
            cleaned
                .clip
                .poses
                .frame(f)
                .unwrap()
                .person(0)
                .unwrap()
                .joint(3)
        };
        let p = joint(6).unwrap();
        assert!((p[0] - 0.06).abs() < 1e-6, "{p:?}");
        let text = cleaning.describe(Some(&cleaned)).unwrap();
        assert!(
            text.contains("gaps ≤ 5 frames filled (linear, 3)"),
            "{text}"
        );
        // A gap longer than asked stays.
        let long = moving(20, |f| f as f32, 2..12);
        let cleaned = cleaning.apply(&long);
        assert_eq!(cleaned.filled_samples, 0);
        assert!(
            cleaned
                .clip
                .poses
                .frame(6)
                .unwrap()
                .person(0)
                .unwrap()
                .joint(3)
                .is_none()
        );
    }

    #[test]
    fn lowpass_removes_jitter_and_keeps_the_movement() {
        // 1 Hz sway plus ±1 cm alternating jitter (25 Hz at 50 frames/s... here 50 Hz at 100).
        let clip = moving(
            300,
            |f| {
                let t = f as f32 / 100.0;
                (std::f32::consts::TAU * t).sin() + if f % 2 == 0 { 0.01 } else { -0.01 }
            },
            0..0,
        );
        let cleaning = Cleaning {
            gap_fill: None,
            lowpass: Some(Cutoff::Hz(6.0)),
        };
        let cleaned = cleaning.apply(&clip);
        assert_eq!(cleaned.cutoff_hz, Some(6.0));
        for f in 50..250 {
            let x = cleaned
                .clip
                .poses
                .frame(f)
                .unwrap()
                .person(0)
                .unwrap()
                .joint(0)
                .unwrap()[0];
            let truth = (std::f32::consts::TAU * f as f32 / 100.0).sin();
            assert!((x - truth).abs() < 0.003, "frame {f}: {x} vs {truth}");
        }
        let auto = Cleaning {
            gap_fill: None,
            lowpass: Some(Cutoff::Auto),
        }
        .apply(&clip);
        let hz = auto.cutoff_hz.unwrap();
        assert!((1.0..=20.0).contains(&hz), "{hz}");
        // A cut-off above Nyquist is refused and said so.
        let refused = Cleaning {
            gap_fill: None,
            lowpass: Some(Cutoff::Hz(80.0)),
        };
        let cleaned = refused.apply(&clip);
        assert_eq!(cleaned.cutoff_hz, None);
        assert!(
            refused
                .describe(Some(&cleaned))
                .unwrap()
                .contains("not applied")
        );
    }
}
