//! Keyframe curves: shape-preserving (monotone) cubic interpolation through `(time, value)` keys.
//!
//! The movements are written as tables of keys, one per joint angle, read off published
//! curves. Between keys the curve is a cubic Hermite segment with Fritsch–Carlson slopes
//! (the PCHIP rule: harmonic mean of the neighbouring secants, zero at a local extremum), so it
//! never overshoots the keys: a peak written in the table is the peak of the curve, and a table
//! that stays at a value holds it exactly. Hand-written because the rule is a dozen lines and a
//! spline crate would not give this exact behaviour (periodic wrap, no overshoot) out of the box.

/// One key: time (seconds or percent of a cycle) and value.
pub type Key = (f64, f64);

/// The value at `time` of the curve through `keys` (sorted by time, at least one key).
///
/// Before the first key and after the last the curve holds the end value; the slope at the end
/// keys is zero, so a movement eases in and out of its first and last pose.
#[must_use]
pub fn eval(keys: &[Key], time: f64) -> f64 {
    let (Some(&(t_first, v_first)), Some(&(t_last, v_last))) = (keys.first(), keys.last()) else {
        return 0.0;
    };
    if time <= t_first {
        return v_first;
    }
    if time >= t_last {
        return v_last;
    }
    let seg = keys
        .windows(2)
        .position(|w| time < w[1].0)
        .unwrap_or(keys.len().saturating_sub(2));
    let slope_at = |k: usize| -> f64 {
        if k == 0 || k + 1 >= keys.len() {
            return 0.0;
        }
        pchip_slope(keys[k - 1], keys[k], keys[k + 1])
    };
    hermite(
        keys[seg],
        keys[seg + 1],
        slope_at(seg),
        slope_at(seg + 1),
        time,
    )
}

/// The value at `time` of the periodic curve through `keys` with period `period`.
///
/// Keys lie in `[0, period]`; a key at `period` (if present) must equal the key at 0 and is
/// ignored for the wrap. Time is taken modulo the period, so the curve loops without a seam.
#[must_use]
pub fn eval_periodic(keys: &[Key], period: f64, time: f64) -> f64 {
    // Drop a closing key that repeats the first one a period later.
    let keys = match (keys.first(), keys.last()) {
        (Some(first), Some(last)) if keys.len() > 1 && (last.0 - first.0 - period).abs() < 1e-9 => {
            &keys[..keys.len() - 1]
        }
        _ => keys,
    };
    let n = keys.len();
    if n == 0 {
        return 0.0;
    }
    if n == 1 {
        return keys[0].1;
    }
    // Key `i` of the infinite periodic sequence (any integer i).
    let key = |i: isize| -> Key {
        let len = n as isize;
        let wraps = i.div_euclid(len);
        let (t, v) = keys[i.rem_euclid(len) as usize];
        (t + wraps as f64 * period, v)
    };
    let first_t = keys[0].0;
    let time = first_t + (time - first_t).rem_euclid(period);
    let mut seg = n as isize - 1;
    for i in 0..n as isize {
        if time < key(i + 1).0 {
            seg = i;
            break;
        }
    }
    let slope = |i: isize| pchip_slope(key(i - 1), key(i), key(i + 1));
    hermite(key(seg), key(seg + 1), slope(seg), slope(seg + 1), time)
}

/// Fritsch–Carlson slope at the middle of three keys.
fn pchip_slope(a: Key, b: Key, c: Key) -> f64 {
    let h0 = b.0 - a.0;
    let h1 = c.0 - b.0;
    if h0 <= 0.0 || h1 <= 0.0 {
        return 0.0;
    }
    let d0 = (b.1 - a.1) / h0;
    let d1 = (c.1 - b.1) / h1;
    if d0 * d1 <= 0.0 {
        return 0.0;
    }
    let w0 = 2.0 * h1 + h0;
    let w1 = h1 + 2.0 * h0;
    (w0 + w1) / (w0 / d0 + w1 / d1)
}

/// Cubic Hermite segment from `a` to `b` with end slopes `ma`, `mb`, evaluated at `time`.
fn hermite(a: Key, b: Key, ma: f64, mb: f64, time: f64) -> f64 {
    let h = b.0 - a.0;
    if h <= 0.0 {
        return b.1;
    }
    let s = (time - a.0) / h;
    let s2 = s * s;
    let s3 = s2 * s;
    let h00 = 2.0 * s3 - 3.0 * s2 + 1.0;
    let h10 = s3 - 2.0 * s2 + s;
    let h01 = -2.0 * s3 + 3.0 * s2;
    let h11 = s3 - s2;
    h00 * a.1 + h10 * h * ma + h01 * b.1 + h11 * h * mb
}

/// Smooth step from 0 (at `start`) to 1 (at `end`) with zero slope at both ends.
#[must_use]
pub fn smoothstep(start: f64, end: f64, time: f64) -> f64 {
    if end <= start {
        return if time >= end { 1.0 } else { 0.0 };
    }
    let s = ((time - start) / (end - start)).clamp(0.0, 1.0);
    s * s * (3.0 - 2.0 * s)
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "keys and ends are hit exactly")]
mod tests {
    use super::*;

    #[test]
    fn passes_through_keys_and_holds_ends() {
        let keys = [(0.0, 1.0), (1.0, 3.0), (2.0, 2.0)];
        assert_eq!(eval(&keys, -1.0), 1.0);
        assert_eq!(eval(&keys, 0.0), 1.0);
        assert_eq!(eval(&keys, 1.0), 3.0);
        assert_eq!(eval(&keys, 2.0), 2.0);
        assert_eq!(eval(&keys, 5.0), 2.0);
    }

    #[test]
    fn never_overshoots_a_peak_key() {
        let keys = [(0.0, 0.0), (0.3, 10.0), (1.0, 0.0)];
        for i in 0..=100 {
            let v = eval(&keys, f64::from(i) / 100.0);
            assert!((0.0..=10.0).contains(&v), "{v}");
        }
    }

    #[test]
    fn monotone_data_gives_a_monotone_curve() {
        let keys = [(0.0, 0.0), (0.1, 5.0), (0.2, 5.5), (1.0, 20.0)];
        let mut last = -1.0;
        for i in 0..=100 {
            let v = eval(&keys, f64::from(i) / 100.0);
            assert!(v >= last);
            last = v;
        }
    }

    #[test]
    fn periodic_curve_wraps_without_a_seam() {
        let keys = [
            (0.0, 0.0),
            (25.0, 1.0),
            (50.0, 0.0),
            (75.0, -1.0),
            (100.0, 0.0),
        ];
        assert_eq!(eval_periodic(&keys, 100.0, 25.0), 1.0);
        assert_eq!(eval_periodic(&keys, 100.0, 125.0), 1.0);
        assert_eq!(eval_periodic(&keys, 100.0, -25.0), -1.0);
        let before = eval_periodic(&keys, 100.0, 99.999);
        let after = eval_periodic(&keys, 100.0, 100.001);
        assert!((before - after).abs() < 1e-3);
        // Midway between 0 and the peak at 25 a symmetric table gives a symmetric value.
        let a = eval_periodic(&keys, 100.0, 12.5);
        let b = eval_periodic(&keys, 100.0, 37.5);
        assert!((a - b).abs() < 1e-12);
    }

    #[test]
    fn smoothstep_ends() {
        assert_eq!(smoothstep(1.0, 2.0, 0.0), 0.0);
        assert_eq!(smoothstep(1.0, 2.0, 1.5), 0.5);
        assert_eq!(smoothstep(1.0, 2.0, 3.0), 1.0);
    }
}
