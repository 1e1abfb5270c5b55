//! The curves automatic alignment compares: joint angles of person 0, resampled onto a common
//! time grid, standardised per angle, and their block averages for the coarse search.

use super::angles::AnglePreset;
use super::body::BodyMap;
use crate::model::Clip;

/// Angle curves of person 0 of `clip`, one per preset, one sample per frame (radians; NaN where
/// a landmark is missing).
#[must_use]
pub fn angle_curves(clip: &Clip, presets: &[&AnglePreset]) -> Vec<Vec<f32>> {
    let map = BodyMap::new(&clip.skeleton);
    presets
        .iter()
        .map(|preset| {
            clip.poses
                .frames()
                .map(|frame| {
                    frame
                        .person(0)
                        .and_then(|p| preset.angle_rad(&map, &p, &clip.space))
                        .unwrap_or(f32::NAN)
                })
                .collect()
        })
        .collect()
}

/// Linear resampling of `curve` (at `rate_hz`) onto `count` samples at `grid_hz`.
#[must_use]
pub fn resample(curve: &[f32], rate_hz: f64, grid_hz: f64, count: usize) -> Vec<f32> {
    (0..count)
        .map(|i| {
            let x = i as f64 / grid_hz * rate_hz;
            let k = x.floor() as usize;
            let frac = (x - x.floor()) as f32;
            match (curve.get(k), curve.get(k + 1)) {
                (Some(a), Some(b)) => a + (b - a) * frac,
                (Some(a), None) if frac < 1e-4 => *a,
                _ => f32::NAN,
            }
        })
        .collect()
}

/// Least spread a curve is divided by, radians (≈ 6°): an angle that hardly moves keeps its
/// small weight instead of having its noise blown up to the size of a real movement.
pub const MIN_SPREAD_RAD: f64 = 0.1;

/// Standardises a curve to zero mean and unit spread over its finite samples (all NaN when
/// fewer than two are finite); spreads under [`MIN_SPREAD_RAD`] are divided by that instead.
pub fn standardise(curve: &mut [f32]) {
    let finite: Vec<f64> = curve
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| f64::from(*v))
        .collect();
    if finite.len() < 2 {
        curve.fill(f32::NAN);
        return;
    }
    let mean = finite.iter().sum::<f64>() / finite.len() as f64;
    let var = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / finite.len() as f64;
    let sd = var.sqrt().max(MIN_SPREAD_RAD);
    for v in curve.iter_mut() {
        *v = ((f64::from(*v) - mean) / sd) as f32;
    }
}

/// Means of consecutive blocks of `factor` samples (NaN samples left out; NaN when a block has
/// none), for the coarse search: averaging first keeps fast movements from aliasing.
#[must_use]
pub fn block_means(curve: &[f32], factor: usize) -> Vec<f32> {
    curve
        .chunks(factor.max(1))
        .map(|block| {
            let (sum, n) = block
                .iter()
                .filter(|v| v.is_finite())
                .fold((0.0_f32, 0_u32), |(s, n), v| (s + v, n + 1));
            if n == 0 { f32::NAN } else { sum / n as f32 }
        })
        .collect()
}

/// Correlation of the sets of curves `a` and `b` when B's sample `j` is put against A's sample
/// `j + shift`: each curve is centred on its own mean over the overlap, then covariances and
/// variances are pooled over the curves (so one curve's offset does not count as a mismatch).
/// Returns it with the number of sample pairs; `None` when fewer than three pairs overlap or a
/// side does not vary.
#[must_use]
pub fn correlation(a: &[Vec<f32>], b: &[Vec<f32>], shift: i64) -> Option<(f64, usize)> {
    let (mut cov, mut var_a, mut var_b, mut total) = (0.0, 0.0, 0.0, 0_usize);
    let start = usize::try_from(-shift).unwrap_or(0);
    let first_a = usize::try_from(shift).unwrap_or(0);
    for (ca, cb) in a.iter().zip(b) {
        let (mut sab, mut saa, mut sbb, mut sa, mut sb, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0_usize);
        let pairs = ca.iter().skip(first_a).zip(cb.iter().skip(start));
        for (va, vb) in pairs {
            if va.is_finite() && vb.is_finite() {
                let (x, y) = (f64::from(*va), f64::from(*vb));
                sab += x * y;
                saa += x * x;
                sbb += y * y;
                sa += x;
                sb += y;
                n += 1;
            }
        }
        if n >= 2 {
            let nf = n as f64;
            cov += sab - sa * sb / nf;
            var_a += saa - sa * sa / nf;
            var_b += sbb - sb * sb / nf;
            total += n;
        }
    }
    if total < 3 {
        return None;
    }
    (var_a > 0.0 && var_b > 0.0).then(|| (cov / (var_a * var_b).sqrt(), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_means_skip_missing_samples() {
        let means = block_means(&[1.0, 3.0, f32::NAN, 5.0, f32::NAN, f32::NAN, 2.0], 2);
        assert_eq!(means.len(), 4);
        assert_eq!((means[0], means[1]), (2.0, 5.0));
        assert!(means[2].is_nan());
        assert!((means[3] - 2.0).abs() < 1e-6);
    }

    #[test]
    fn correlation_of_a_shifted_copy_is_one_at_the_shift() {
        let a: Vec<f32> = (0..50).map(|i| ((i * i) % 17) as f32).collect();
        let b: Vec<f32> = a[5..].to_vec();
        let (r, n) = correlation(std::slice::from_ref(&a), std::slice::from_ref(&b), 5).unwrap();
        assert!((r - 1.0).abs() < 1e-9 && n == 45, "{r} {n}");
        let (r, _) = correlation(&[a], &[b], 2).unwrap();
        assert!(r < 0.9, "{r}");
    }

    #[test]
    fn resampling_interpolates_and_ends_at_the_last_sample() {
        let r = resample(&[0.0, 1.0, 2.0], 10.0, 20.0, 5);
        assert_eq!(r, [0.0, 0.5, 1.0, 1.5, 2.0]);
        assert!(resample(&[0.0, 1.0], 10.0, 20.0, 4)[3].is_nan());
    }
}
