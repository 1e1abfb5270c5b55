//! Zero-lag Butterworth low-pass filtering of a sampled signal, and automatic cut-off selection
//! by residual analysis (Winter, "Biomechanics and Motor Control of Human Movement", 4th ed.,
//! §3.4.4-3.4.5).
//!
//! A second-order Butterworth section is run forwards and then backwards over the signal, which
//! cancels the phase lag and gives a fourth-order response. The cut-off of each pass is corrected
//! by Winter's factor 0.802 so that the double pass has its -3 dB point at the requested cut-off.
//! Missing samples (NaN) split the signal into runs that are filtered separately and stay NaN;
//! each run is padded at both ends by point reflection to keep the ends from ringing.

use std::f64::consts::PI;

/// Winter's correction of the cut-off for a forward-backward (double) pass.
const DOUBLE_PASS_CORRECTION: f64 = 0.802;

/// Coefficients of a second-order low-pass section.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Section {
    a0: f64,
    a1: f64,
    a2: f64,
    b1: f64,
    b2: f64,
}

impl Section {
    /// A critically placed Butterworth section for `cutoff_hz` at `rate_hz`; `None` when the
    /// cut-off is not below the Nyquist frequency.
    fn butterworth(cutoff_hz: f64, rate_hz: f64) -> Option<Self> {
        let corrected = cutoff_hz / DOUBLE_PASS_CORRECTION;
        if !(corrected > 0.0 && corrected < rate_hz / 2.0) {
            return None;
        }
        let wc = (PI * corrected / rate_hz).tan();
        let k1 = std::f64::consts::SQRT_2 * wc;
        let k2 = wc * wc;
        let a0 = k2 / (1.0 + k1 + k2);
        let k3 = 2.0 * a0 / k2;
        Some(Self {
            a0,
            a1: 2.0 * a0,
            a2: a0,
            b1: -2.0 * a0 + k3,
            b2: 1.0 - 2.0 * a0 - k3,
        })
    }

    /// Runs the section over `x` in place, starting from a steady state at `x[0]`.
    fn run(&self, x: &mut [f64]) {
        let Some(&first) = x.first() else { return };
        let (mut x1, mut x2, mut y1, mut y2) = (first, first, first, first);
        for value in x.iter_mut() {
            let x0 = *value;
            let y0 = self.a0 * x0 + self.a1 * x1 + self.a2 * x2 + self.b1 * y1 + self.b2 * y2;
            x2 = x1;
            x1 = x0;
            y2 = y1;
            y1 = y0;
            *value = y0;
        }
    }
}

/// Low-pass filters `signal` (sampled at `rate_hz`) with a zero-lag fourth-order Butterworth
/// filter at `cutoff_hz`. NaN samples stay NaN and split the signal into separately filtered runs.
/// Returns the signal unchanged when the cut-off is not below the Nyquist frequency.
#[must_use]
pub fn butterworth_zero_lag(signal: &[f32], rate_hz: f64, cutoff_hz: f64) -> Vec<f32> {
    let mut out = signal.to_vec();
    let Some(section) = Section::butterworth(cutoff_hz, rate_hz) else {
        return out;
    };
    let mut start = 0;
    while start < signal.len() {
        if !signal[start].is_finite() {
            start += 1;
            continue;
        }
        let end = signal[start..]
            .iter()
            .position(|v| !v.is_finite())
            .map_or(signal.len(), |p| start + p);
        filter_run(&section, &signal[start..end], &mut out[start..end]);
        start = end;
    }
    out
}

/// Filters one run without gaps, padded by point reflection at both ends.
fn filter_run(section: &Section, run: &[f32], out: &mut [f32]) {
    let n = run.len();
    if n < 3 {
        return;
    }
    let pad = (n - 1).min(30);
    let first = f64::from(run[0]);
    let last = f64::from(run[n - 1]);
    let mut buffer = Vec::with_capacity(n + 2 * pad);
    buffer.extend((1..=pad).rev().map(|i| 2.0 * first - f64::from(run[i])));
    buffer.extend(run.iter().map(|v| f64::from(*v)));
    buffer.extend((1..=pad).map(|i| 2.0 * last - f64::from(run[n - 1 - i])));
    section.run(&mut buffer);
    buffer.reverse();
    section.run(&mut buffer);
    buffer.reverse();
    for (o, v) in out.iter_mut().zip(&buffer[pad..pad + n]) {
        *o = *v as f32;
    }
}

/// Root-mean-square difference between a signal and its filtered version, over finite samples.
fn residual(signal: &[f32], filtered: &[f32]) -> Option<f64> {
    let (sum, count) = signal
        .iter()
        .zip(filtered)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .fold((0.0, 0_usize), |(s, c), (a, b)| {
            let d = f64::from(*a) - f64::from(*b);
            (s + d * d, c + 1)
        });
    (count > 0).then(|| (sum / count as f64).sqrt())
}

/// Chooses a cut-off by Winter's residual analysis: the residual is computed for cut-offs from
/// 1 Hz up to just below Nyquist (at most 20 Hz); a line fitted to the high-frequency part (where
/// the residual is noise) meets the residual axis at the noise level, and the lowest cut-off whose
/// residual falls to that level is chosen. `None` when the signal is too short or the rate too low.
#[must_use]
pub fn residual_cutoff_hz(signal: &[f32], rate_hz: f64) -> Option<f64> {
    let top = (rate_hz / 2.0 * DOUBLE_PASS_CORRECTION * 0.95).min(20.0);
    if top < 2.0 || signal.iter().filter(|v| v.is_finite()).count() < 10 {
        return None;
    }
    let steps = 40;
    let cutoffs: Vec<f64> = (0..=steps)
        .map(|i| 1.0 + (top - 1.0) * f64::from(i) / f64::from(steps))
        .collect();
    let residuals: Vec<f64> = cutoffs
        .iter()
        .map(|&fc| residual(signal, &butterworth_zero_lag(signal, rate_hz, fc)).unwrap_or(0.0))
        .collect();
    // Fit a line to the upper half of the curve (noise region) and take its intercept.
    let half = cutoffs.len() / 2;
    let (xs, ys) = (&cutoffs[half..], &residuals[half..]);
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let sxy: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let intercept = mean_y - slope * mean_x;
    cutoffs
        .iter()
        .zip(&residuals)
        .find(|(_, r)| **r <= intercept)
        .map(|(fc, _)| *fc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq_hz: f64, rate_hz: f64, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (2.0 * PI * freq_hz * i as f64 / rate_hz).sin() as f32)
            .collect()
    }

    fn amplitude(signal: &[f32]) -> f32 {
        // Ignore the ends.
        let middle = &signal[signal.len() / 4..signal.len() * 3 / 4];
        middle.iter().fold(0.0_f32, |m, v| m.max(v.abs()))
    }

    #[test]
    fn passes_low_and_stops_high_frequencies_without_lag() {
        let rate = 100.0;
        let slow = sine(1.0, rate, 400);
        let filtered = butterworth_zero_lag(&slow, rate, 6.0);
        assert!((amplitude(&filtered) - 1.0).abs() < 0.02);
        // Zero lag: the filtered slow sine stays in phase sample by sample.
        for (a, b) in slow[100..300].iter().zip(&filtered[100..300]) {
            assert!((a - b).abs() < 0.02, "{a} vs {b}");
        }
        let fast = sine(25.0, rate, 400);
        assert!(amplitude(&butterworth_zero_lag(&fast, rate, 6.0)) < 0.05);
    }

    #[test]
    fn cutoff_is_minus_3_db_after_the_double_pass() {
        let rate = 200.0;
        let at_cutoff = sine(10.0, rate, 2000);
        let gain = amplitude(&butterworth_zero_lag(&at_cutoff, rate, 10.0));
        assert!(
            (gain - std::f32::consts::FRAC_1_SQRT_2).abs() < 0.03,
            "{gain}"
        );
    }

    #[test]
    fn gaps_stay_gaps_and_runs_are_filtered_separately() {
        let mut signal = vec![1.0_f32; 50];
        signal[20] = f32::NAN;
        let out = butterworth_zero_lag(&signal, 100.0, 5.0);
        assert!(out[20].is_nan());
        assert!(
            out.iter()
                .filter(|v| v.is_finite())
                .all(|v| (v - 1.0).abs() < 1e-4)
        );
    }

    #[test]
    fn residual_analysis_picks_a_plausible_cutoff() {
        // A 2 Hz movement with small, deterministic high-frequency noise.
        let rate = 100.0;
        let signal: Vec<f32> = (0..500_i32)
            .map(|i| {
                let t = f64::from(i) / rate;
                let noise = 0.02 * (f64::from(i * 7919 % 13) / 6.0 - 1.0);
                ((2.0 * PI * 2.0 * t).sin() + noise) as f32
            })
            .collect();
        let fc = residual_cutoff_hz(&signal, rate).unwrap();
        assert!((2.0..=12.0).contains(&fc), "cut-off {fc} Hz");
        assert!(residual_cutoff_hz(&signal[..5], rate).is_none());
    }

    #[test]
    fn cutoff_at_or_above_nyquist_leaves_the_signal() {
        let signal = sine(3.0, 20.0, 50);
        assert_eq!(butterworth_zero_lag(&signal, 20.0, 50.0), signal);
    }
}
