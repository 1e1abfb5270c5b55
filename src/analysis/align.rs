//! Automatic time alignment of two clips of the same movement.
//!
//! Both clips are reduced to their joint-angle curves (the presets both skeletons have), so
//! position, size and orientation in space do not matter. The curves are resampled onto one
//! common time grid, standardised per angle, and every time shift that leaves enough overlap is
//! scored by the correlation of the two sets of curves; the best shift is refined to a fraction
//! of a sample by fitting a parabola through its neighbours.
//!
//! Convention (as `posedeck align` prints it): clip B's moment at time `t` lines up with clip
//! A's moment at time `t + offset_s`.

use super::angles::{AnglePreset, presets_for};
use super::body::BodyMap;
use crate::model::Clip;

/// The result of aligning clip B to clip A.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alignment {
    /// B at `t` matches A at `t + offset_s`.
    pub offset_s: f64,
    /// The offset in frames of clip A (rounded).
    pub offset_frames: i64,
    /// Pearson correlation of the aligned angle curves, from −1 to 1; above about 0.8 the two
    /// movements match well, below about 0.5 the alignment should not be trusted.
    pub score: f64,
    /// How many angle curves took part.
    pub angles_used: usize,
}

/// Why two clips could not be aligned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    /// The skeletons share no angle preset.
    #[error("the two skeletons have no joint angle in common")]
    NoCommonAngles,
    /// A clip is too short or has no frame rate.
    #[error("clip {0} is too short to align (at least 10 frames with a known frame rate)")]
    TooShort(char),
}

/// Minimum overlap as a fraction of the shorter clip.
const MIN_OVERLAP: f64 = 0.3;

/// Angle curves of person 0 of `clip`, for the given presets, one `Vec` per preset (radians).
fn curves(clip: &Clip, presets: &[&AnglePreset]) -> Vec<Vec<f32>> {
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
fn resample(curve: &[f32], rate_hz: f64, grid_hz: f64, count: usize) -> Vec<f32> {
    (0..count)
        .map(|i| {
            let x = i as f64 / grid_hz * rate_hz;
            let k = x.floor() as usize;
            let frac = (x - x.floor()) as f32;
            match (curve.get(k), curve.get(k + 1)) {
                (Some(a), Some(b)) => a + (b - a) * frac,
                (Some(a), None) if frac == 0.0 => *a,
                _ => f32::NAN,
            }
        })
        .collect()
}

/// Standardises a curve to zero mean and unit spread over its finite samples.
fn standardise(curve: &mut [f32]) {
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
    let sd = var.sqrt().max(1e-3);
    for v in curve.iter_mut() {
        *v = ((f64::from(*v) - mean) / sd) as f32;
    }
}

/// Correlation of A and B when B's sample `j` is put against A's sample `j + shift`.
fn correlation(a: &[Vec<f32>], b: &[Vec<f32>], shift: i64) -> Option<(f64, usize)> {
    let (mut sab, mut saa, mut sbb, mut sa, mut sb, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0_usize);
    for (ca, cb) in a.iter().zip(b) {
        let start = usize::try_from(-shift).unwrap_or(0);
        for (j, vb) in cb.iter().enumerate().skip(start) {
            let Ok(i) = usize::try_from(j as i64 + shift) else {
                continue;
            };
            let Some(va) = ca.get(i) else { break };
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
    }
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let cov = sab - sa * sb / nf;
    let va = saa - sa * sa / nf;
    let vb = sbb - sb * sb / nf;
    (va > 0.0 && vb > 0.0).then(|| (cov / (va * vb).sqrt(), n))
}

/// Finds the time shift that best lines clip B up with clip A.
///
/// # Errors
/// When the clips share no angle preset or one is too short.
pub fn align(a: &Clip, b: &Clip) -> Result<Alignment, AlignError> {
    let rate_a = a
        .frame_rate_hz
        .filter(|r| *r > 0.0)
        .ok_or(AlignError::TooShort('A'))?;
    let rate_b = b
        .frame_rate_hz
        .filter(|r| *r > 0.0)
        .ok_or(AlignError::TooShort('B'))?;
    if a.frame_count() < 10 {
        return Err(AlignError::TooShort('A'));
    }
    if b.frame_count() < 10 {
        return Err(AlignError::TooShort('B'));
    }
    let map_b = BodyMap::new(&b.skeleton);
    let presets: Vec<&AnglePreset> = presets_for(&BodyMap::new(&a.skeleton))
        .into_iter()
        .filter(|p| p.applies_to(&map_b))
        .collect();
    if presets.is_empty() {
        return Err(AlignError::NoCommonAngles);
    }
    let grid_hz = rate_a.max(rate_b).min(120.0);
    let count =
        |clip: &Clip, rate: f64| ((clip.frame_count() - 1) as f64 / rate * grid_hz) as usize + 1;
    let (count_a, count_b) = (count(a, rate_a), count(b, rate_b));
    let prepare = |clip: &Clip, rate: f64, n: usize| -> Vec<Vec<f32>> {
        curves(clip, &presets)
            .iter()
            .map(|c| {
                let mut r = resample(c, rate, grid_hz, n);
                standardise(&mut r);
                r
            })
            .collect()
    };
    let ca = prepare(a, rate_a, count_a);
    let cb = prepare(b, rate_b, count_b);
    let min_overlap = (count_a.min(count_b) as f64 * MIN_OVERLAP).max(3.0) as i64;
    let lowest = -(count_b as i64) + min_overlap;
    let highest = count_a as i64 - min_overlap;
    let scores: Vec<(i64, f64)> = (lowest..=highest)
        .filter_map(|s| correlation(&ca, &cb, s).map(|(r, _)| (s, r)))
        .collect();
    let best = scores
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.1.total_cmp(&y.1.1))
        .ok_or(AlignError::NoCommonAngles)?;
    let (index, &(shift, score)) = best;
    // Parabolic refinement between neighbouring shifts.
    let refined = match (scores.get(index.wrapping_sub(1)), scores.get(index + 1)) {
        (Some(&(_, left)), Some(&(_, right))) => {
            let denom = left - 2.0 * score + right;
            if denom < 0.0 {
                shift as f64 + 0.5 * (left - right) / denom
            } else {
                shift as f64
            }
        }
        _ => shift as f64,
    };
    let offset_s = refined / grid_hz;
    Ok(Alignment {
        offset_s,
        offset_frames: (offset_s * rate_a).round() as i64,
        score,
        angles_used: presets.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};

    /// Non-periodic joint-angle curves (sums of Gaussian bumps) of a movement lasting 4 s.
    fn angles_at(t: f64) -> [f64; 4] {
        let bump = |c: f64, w: f64| (-((t - c) / w).powi(2)).exp();
        [
            1.4 * bump(1.0, 0.3) + 0.5 * bump(2.6, 0.4),
            0.9 * bump(1.6, 0.25) + 1.1 * bump(3.1, 0.3),
            1.2 * bump(0.7, 0.4) + 0.3 * bump(2.0, 0.2),
            0.8 * bump(2.3, 0.5),
        ]
    }

    /// A H36M-17 clip of the movement, starting `start_s` into it, at `rate_hz`, scaled, rotated
    /// by `yaw_rad` about +Z and moved; `drop` joint 13 every 7th frame (missing).
    fn clip(start_s: f64, rate_hz: f64, frames: usize, scale: f32, yaw_rad: f32) -> Clip {
        let mut poses = PosesBuilder::new(17, 3, false, false);
        for f in 0..frames {
            let t = start_s + f as f64 / rate_hz;
            let [lk, rk, le, re] = angles_at(t).map(|a| a as f32);
            let sag = |from: [f32; 3], angle: f32, len: f32| {
                [
                    from[0] + len * angle.sin(),
                    from[1],
                    from[2] - len * angle.cos(),
                ]
            };
            let mut p = [[0.0_f32; 3]; 17];
            p[0] = [0.0, 0.0, 0.9];
            p[4] = [0.0, 0.1, 0.9];
            p[1] = [0.0, -0.1, 0.9];
            p[5] = sag(p[4], 0.0, 0.42);
            p[6] = sag(p[5], -lk, 0.42);
            p[2] = sag(p[1], 0.0, 0.42);
            p[3] = sag(p[2], -rk, 0.42);
            p[7] = [0.0, 0.0, 1.15];
            p[8] = [0.0, 0.0, 1.4];
            p[9] = [0.0, 0.0, 1.48];
            p[10] = [0.0, 0.0, 1.7];
            p[11] = [0.0, 0.2, 1.42];
            p[12] = sag(p[11], 0.0, 0.3);
            p[13] = sag(p[12], le, 0.26);
            p[14] = [0.0, -0.2, 1.42];
            p[15] = sag(p[14], 0.0, 0.3);
            p[16] = sag(p[15], re, 0.26);
            let (s, c) = yaw_rad.sin_cos();
            let mut coords: Vec<f32> = p
                .iter()
                .flat_map(|q| {
                    let (x, y) = (q[0] * c - q[1] * s, q[0] * s + q[1] * c);
                    [x * scale + 3.0, y * scale - 2.0, q[2] * scale]
                })
                .collect();
            if f % 7 == 0 {
                coords[13 * 3..13 * 3 + 3].fill(f32::NAN);
            }
            poses.begin_frame();
            poses.push_person(&coords, None, None);
        }
        Clip::new(
            LayoutId::H36m17.layout().unwrap().skeleton(),
            Some(rate_hz),
            Space::world(Units::M, UpAxis::Z),
            poses.finish(),
            ClipMeta::new("synthetic", FormatId::Npy),
        )
    }

    #[test]
    fn recovers_a_known_shift_across_rates_sizes_and_orientations() {
        let a = clip(0.0, 60.0, 240, 1.0, 0.0);
        // B starts 0.75 s into the movement: B at t matches A at t + 0.75 s.
        let b = clip(0.75, 50.0, 150, 1.3, 1.2);
        let result = align(&a, &b).unwrap();
        assert!(
            (result.offset_s - 0.75).abs() < 1.0 / 60.0,
            "offset {} s",
            result.offset_s
        );
        assert_eq!(result.offset_frames, 45);
        assert!(result.score > 0.95, "score {}", result.score);
        // And the other way round.
        let back = align(&b, &a).unwrap();
        assert!(
            (back.offset_s + 0.75).abs() < 1.0 / 50.0,
            "{}",
            back.offset_s
        );
    }

    #[test]
    fn refuses_clips_without_common_angles_or_frames() {
        let a = clip(0.0, 60.0, 100, 1.0, 0.0);
        let short = clip(0.0, 60.0, 5, 1.0, 0.0);
        assert_eq!(align(&a, &short), Err(AlignError::TooShort('B')));
    }
}
