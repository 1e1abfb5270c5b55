//! Filling short gaps (runs of missing samples) in a sampled signal.
//!
//! Only gaps of at most `max_gap` samples with valid samples on both sides are filled; longer
//! gaps and gaps at the ends stay missing, because inventing long stretches of movement would be
//! dishonest. Linear filling joins the two neighbours; spline filling uses a cubic Hermite curve
//! whose end slopes come from the neighbouring samples (Catmull-Rom style), which keeps velocity
//! continuous across the gap.

/// How gaps are filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GapFill {
    /// Straight line between the samples around the gap.
    Linear,
    /// Cubic Hermite curve matching the slopes on both sides.
    Spline,
}

/// Returns `signal` with gaps of at most `max_gap` samples filled.
#[must_use]
pub fn fill_gaps(signal: &[f32], max_gap: usize, method: GapFill) -> Vec<f32> {
    let mut out = signal.to_vec();
    let n = signal.len();
    let mut i = 0;
    while i < n {
        if signal[i].is_finite() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && !signal[i].is_finite() {
            i += 1;
        }
        let end = i; // first valid sample after the gap, or n
        let len = end - start;
        if start == 0 || end == n || len > max_gap {
            continue;
        }
        let (left, right) = (start - 1, end);
        let (y0, y1) = (f64::from(signal[left]), f64::from(signal[right]));
        let span = (right - left) as f64;
        // Slopes per sample from the outer neighbours when they exist, else the chord.
        let chord = (y1 - y0) / span;
        let m0 = left
            .checked_sub(1)
            .and_then(|k| signal.get(k))
            .filter(|v| v.is_finite())
            .map_or(chord, |v| y0 - f64::from(*v));
        let m1 = signal
            .get(right + 1)
            .filter(|v| v.is_finite())
            .map_or(chord, |v| f64::from(*v) - y1);
        for (k, slot) in out[start..end].iter_mut().enumerate() {
            let t = (k + 1) as f64 / span;
            let value = match method {
                GapFill::Linear => y0 + (y1 - y0) * t,
                GapFill::Spline => {
                    let (t2, t3) = (t * t, t * t * t);
                    let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
                    let h10 = t3 - 2.0 * t2 + t;
                    let h01 = -2.0 * t3 + 3.0 * t2;
                    let h11 = t3 - t2;
                    h00 * y0 + h10 * span * m0 + h01 * y1 + h11 * span * m1
                }
            };
            *slot = value as f32;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f32 = f32::NAN;

    #[test]
    fn linear_fills_short_inner_gaps_only() {
        let signal = [NAN, 0.0, NAN, NAN, 3.0, NAN, NAN, NAN, NAN, 8.0, NAN];
        let out = fill_gaps(&signal, 3, GapFill::Linear);
        assert!(out[0].is_nan(), "leading gap stays");
        assert_eq!(&out[1..5], &[0.0, 1.0, 2.0, 3.0]);
        assert!(out[5..9].iter().all(|v| v.is_nan()), "gap of 4 > 3 stays");
        assert!(out[10].is_nan(), "trailing gap stays");
    }

    #[test]
    fn spline_reproduces_a_parabola_closely_and_a_line_exactly() {
        let line: Vec<f32> = (0..10).map(|i| 2.0 * i as f32).collect();
        let mut gappy = line.clone();
        gappy[4] = NAN;
        gappy[5] = NAN;
        let out = fill_gaps(&gappy, 5, GapFill::Spline);
        for (a, b) in out.iter().zip(&line) {
            assert!((a - b).abs() < 1e-5);
        }
        let parabola: Vec<f32> = (0..12).map(|i| (i * i) as f32).collect();
        let mut gappy = parabola.clone();
        gappy[5] = NAN;
        gappy[6] = NAN;
        let out = fill_gaps(&gappy, 5, GapFill::Spline);
        assert!((out[5] - 25.0).abs() < 1.0, "{}", out[5]);
        assert!((out[6] - 36.0).abs() < 1.0, "{}", out[6]);
    }
}
