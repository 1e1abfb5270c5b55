//! Automatic time alignment of two clips of the same movement.
//!
//! Both clips are reduced to their joint-angle curves (the presets both skeletons have), so
//! position, size and orientation in space do not matter. The curves are resampled onto one
//! common time grid, standardised per angle, and every time shift that leaves enough overlap is
//! scored by the correlation of the two sets of curves. The search runs coarse to fine: first
//! on block averages (at most [`COARSE_SAMPLES`] per clip, so two one-minute clips take a few
//! milliseconds), then at full resolution around the coarse answer, refined to a fraction of a
//! sample by a parabola through the neighbours. With [`AlignOptions::time_warp`], B's speed
//! relative to A is searched too (a linear time scale from 0.7 to 1.43), for one performance
//! slower than the other.
//!
//! Convention (as `posedeck align` prints it): clip B's moment at time `t` lines up with clip
//! A's moment at time `offset_s + time_scale · t` (`time_scale` is 1 without time warp).

use super::align_curves::{angle_curves, block_means, correlation, resample, standardise};
use super::angles::{AnglePreset, presets_for};
use super::body::BodyMap;
use crate::model::Clip;

/// The result of aligning clip B to clip A.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alignment {
    /// B at `t` matches A at `offset_s + time_scale · t`.
    pub offset_s: f64,
    /// The offset in frames of clip A (rounded).
    pub offset_frames: i64,
    /// Seconds of A per second of B (below 1: B is slower); 1 without time warp.
    pub time_scale: f64,
    /// Pearson correlation of the aligned angle curves, from −1 to 1; above about 0.8 the two
    /// movements match well, below about 0.5 the alignment should not be trusted.
    pub score: f64,
    /// How many angle curves took part.
    pub angles_used: usize,
}

impl Alignment {
    /// A's time matching B's time `b_time_s`.
    #[must_use]
    pub fn a_time_s(&self, b_time_s: f64) -> f64 {
        self.offset_s + self.time_scale * b_time_s
    }
}

/// What the search may change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlignOptions {
    /// Also search B's speed relative to A (a linear time scale).
    pub time_warp: bool,
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
/// Most samples per clip in the coarse search.
pub const COARSE_SAMPLES: usize = 600;
/// Time scales tried with time warp: from 1 / `WARP_RANGE` to `WARP_RANGE`.
const WARP_RANGE: f64 = 1.43;
/// Most time scales on the first grid (a long clip needs a fine grid: a scale off by δ drifts
/// by δ times its length).
const MAX_WARP_STEPS: f64 = 61.0;
/// Rounds of halving the scale step around the best scale.
const REFINE_ROUNDS: usize = 4;

/// The step between time scales on the first grid (natural log) for a clip B of `duration_s`:
/// fine enough that the nearest scale drifts at most about 0.25 s over the clip, but at least
/// 29 and at most 61 scales.
fn warp_log_step(duration_s: f64) -> f64 {
    let span = 2.0 * WARP_RANGE.ln();
    let wanted = 0.5 / duration_s.max(1e-3);
    wanted.clamp(span / (MAX_WARP_STEPS - 1.0), span / 28.0)
}

/// Both clips' curves, ready to be compared.
struct Prepared {
    /// A on the grid, standardised.
    a: Vec<Vec<f32>>,
    /// B's raw curves, one sample per frame.
    b_raw: Vec<Vec<f32>>,
    rate_a: f64,
    rate_b: f64,
    frames_b: usize,
    grid_hz: f64,
    angles: usize,
}

impl Prepared {
    fn new(a: &Clip, b: &Clip) -> Result<Self, AlignError> {
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
        let count_a = ((a.frame_count() - 1) as f64 / rate_a * grid_hz) as usize + 1;
        let a_curves = angle_curves(a, &presets)
            .iter()
            .map(|c| {
                let mut r = resample(c, rate_a, grid_hz, count_a);
                standardise(&mut r);
                r
            })
            .collect();
        Ok(Self {
            a: a_curves,
            b_raw: angle_curves(b, &presets),
            rate_a,
            rate_b,
            frames_b: b.frame_count(),
            grid_hz,
            angles: presets.len(),
        })
    }

    /// B on the grid in A's time at time scale `scale`, standardised.
    fn b_at(&self, scale: f64) -> Vec<Vec<f32>> {
        let count = ((self.frames_b - 1) as f64 / self.rate_b * scale * self.grid_hz) as usize + 1;
        self.b_raw
            .iter()
            .map(|c| {
                let mut r = resample(c, self.rate_b / scale, self.grid_hz, count);
                standardise(&mut r);
                r
            })
            .collect()
    }
}

/// The shifts (in samples) that keep enough overlap between curves of `len_a` and `len_b`.
fn shift_range(len_a: usize, len_b: usize) -> (i64, i64) {
    let min_overlap = (len_a.min(len_b) as f64 * MIN_OVERLAP).max(3.0) as i64;
    (-(len_b as i64) + min_overlap, len_a as i64 - min_overlap)
}

/// Weight of the overlap in ranking shifts: among shifts that match about equally well (a
/// periodic movement such as walking matches every stride later), the one where the clips
/// overlap most wins.
const OVERLAP_WEIGHT: f64 = 0.02;

/// The best shift within `lowest..=highest`, refined by a parabola through its neighbours:
/// `(refined shift, score)`.
fn best_shift(a: &[Vec<f32>], b: &[Vec<f32>], lowest: i64, highest: i64) -> Option<(f64, f64)> {
    let scores: Vec<(i64, f64, usize)> = (lowest..=highest)
        .filter_map(|s| correlation(a, b, s).map(|(r, n)| (s, r, n)))
        .collect();
    let most = scores.iter().map(|x| x.2).max().unwrap_or(1).max(1) as f64;
    let rank = |x: &(i64, f64, usize)| x.1 + OVERLAP_WEIGHT * x.2 as f64 / most;
    let (index, &(shift, score, _)) = scores
        .iter()
        .enumerate()
        .max_by(|x, y| rank(x.1).total_cmp(&rank(y.1)))?;
    let refined = match (scores.get(index.wrapping_sub(1)), scores.get(index + 1)) {
        (Some(&(sl, left, _)), Some(&(sr, right, _))) if sl == shift - 1 && sr == shift + 1 => {
            let denom = left - 2.0 * score + right;
            if denom < 0.0 {
                shift as f64 + (0.5 * (left - right) / denom).clamp(-0.5, 0.5)
            } else {
                shift as f64
            }
        }
        _ => shift as f64,
    };
    Some((refined, score))
}

/// The coarse search at time scale `scale`: `(shift in coarse samples, score)`.
fn coarse(prep: &Prepared, a_coarse: &[Vec<f32>], scale: f64, factor: usize) -> Option<(f64, f64)> {
    let b: Vec<Vec<f32>> = prep
        .b_at(scale)
        .iter()
        .map(|c| block_means(c, factor))
        .collect();
    let len_b = b.first().map_or(0, Vec::len);
    let len_a = a_coarse.first().map_or(0, Vec::len);
    let (lowest, highest) = shift_range(len_a, len_b);
    best_shift(a_coarse, &b, lowest, highest)
}

/// Finds the time shift that best lines clip B up with clip A (no time warp).
///
/// # Errors
/// When the clips share no angle preset or one is too short.
pub fn align(a: &Clip, b: &Clip) -> Result<Alignment, AlignError> {
    align_with(a, b, AlignOptions::default())
}

/// Finds the time shift (and with `options.time_warp` the time scale) that best lines clip B up
/// with clip A.
///
/// # Errors
/// When the clips share no angle preset or one is too short.
pub fn align_with(a: &Clip, b: &Clip, options: AlignOptions) -> Result<Alignment, AlignError> {
    let prep = Prepared::new(a, b)?;
    let len_a = prep.a.first().map_or(0, Vec::len);
    let longest =
        ((prep.frames_b as f64 / prep.rate_b * WARP_RANGE * prep.grid_hz) as usize).max(len_a);
    let factor = longest.div_ceil(COARSE_SAMPLES).max(1);
    let a_coarse: Vec<Vec<f32>> = prep.a.iter().map(|c| block_means(c, factor)).collect();
    let log_step = warp_log_step(prep.frames_b as f64 / prep.rate_b);
    let scales: Vec<f64> = if options.time_warp {
        let half = (WARP_RANGE.ln() / log_step).ceil() as i64;
        (-half..=half)
            .map(|k| (k as f64 * log_step).exp())
            .collect()
    } else {
        vec![1.0]
    };
    let tried: Vec<(f64, f64, f64)> = scales
        .iter()
        .filter_map(|&s| coarse(&prep, &a_coarse, s, factor).map(|(shift, r)| (s, shift, r)))
        .collect();
    let &(mut scale, mut coarse_shift, mut best) = tried
        .iter()
        .max_by(|x, y| x.2.total_cmp(&y.2))
        .ok_or(AlignError::NoCommonAngles)?;
    // Narrow the scale down around the best one: halve the step each round, keep the better.
    if options.time_warp {
        let mut step = log_step / 2.0;
        for _ in 0..REFINE_ROUNDS {
            for candidate in [scale * (-step).exp(), scale * step.exp()] {
                if let Some((shift, r)) = coarse(&prep, &a_coarse, candidate, factor)
                    && r > best
                {
                    (scale, coarse_shift, best) = (candidate, shift, r);
                }
            }
            step /= 2.0;
        }
    }
    let b = prep.b_at(scale);
    let centre = (coarse_shift * factor as f64).round() as i64;
    let reach = 2 * factor as i64 + 1;
    let (lowest, highest) = shift_range(len_a, b.first().map_or(0, Vec::len));
    let (shift, score) = best_shift(
        &prep.a,
        &b,
        (centre - reach).max(lowest),
        (centre + reach).min(highest),
    )
    .ok_or(AlignError::NoCommonAngles)?;
    let offset_s = shift / prep.grid_hz;
    Ok(Alignment {
        offset_s,
        offset_frames: (offset_s * prep.rate_a).round() as i64,
        time_scale: scale,
        score,
        angles_used: prep.angles,
    })
}

/// How well the clips match when B at `t` is put against A at `offset_s + time_scale · t`: the
/// correlation of the angle curves, −1 to 1 (for alignments adjusted by hand).
///
/// # Errors
/// As [`align`].
pub fn score_at(a: &Clip, b: &Clip, offset_s: f64, time_scale: f64) -> Result<f64, AlignError> {
    let prep = Prepared::new(a, b)?;
    let scale = if time_scale.is_finite() && time_scale > 0.0 {
        time_scale
    } else {
        1.0
    };
    let b_curves = prep.b_at(scale);
    let shift = (offset_s * prep.grid_hz).round() as i64;
    correlation(&prep.a, &b_curves, shift)
        .map(|(r, _)| r)
        .ok_or(AlignError::NoCommonAngles)
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
    /// by `yaw_rad` about +Z and moved; joint 13 is missing every 7th frame.
    fn clip(start_s: f64, rate_hz: f64, frames: usize, scale: f32, yaw_rad: f32) -> Clip {
        noisy_clip(start_s, rate_hz, frames, (scale, yaw_rad), 0.0, 1.0)
    }

    /// As [`clip`], with deterministic noise of up to `noise_m` on every coordinate, joints 3
    /// and 16 also missing every 11th and 13th frame, and the movement played `slowness` times
    /// slower.
    fn noisy_clip(
        start_s: f64,
        rate_hz: f64,
        frames: usize,
        (scale, yaw_rad): (f32, f32),
        noise_m: f32,
        slowness: f64,
    ) -> Clip {
        let mut seed = 0x2545_f491_u32 ^ (rate_hz * 1000.0 + start_s * 7.0) as u32;
        let mut noise = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * noise_m
        };
        let mut poses = PosesBuilder::new(17, 3, false, false);
        for f in 0..frames {
            let t = start_s + f as f64 / rate_hz / slowness;
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
                .map(|c| c + noise())
                .collect();
            if f % 7 == 0 {
                coords[13 * 3..13 * 3 + 3].fill(f32::NAN);
            }
            if noise_m > 0.0 && f % 11 == 0 {
                coords[3 * 3..3 * 3 + 3].fill(f32::NAN);
            }
            if noise_m > 0.0 && f % 13 == 0 {
                coords[16 * 3..16 * 3 + 3].fill(f32::NAN);
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
    fn recovers_the_shift_despite_noise_and_missing_joints() {
        let a = noisy_clip(0.0, 60.0, 240, (1.0, 0.0), 0.01, 1.0);
        // B: 25 fps, 0.8 of the size, turned half round, 1 cm noise, joints missing.
        let b = noisy_clip(1.2, 25.0, 60, (0.8, 3.0), 0.01, 1.0);
        let result = align(&a, &b).unwrap();
        assert!(
            (result.offset_s - 1.2).abs() < 1.0 / 60.0,
            "offset {} s",
            result.offset_s
        );
        assert!(
            (result.offset_frames - 72).abs() <= 1,
            "{}",
            result.offset_frames
        );
        assert!(result.score > 0.7, "score {}", result.score);
    }

    #[test]
    fn time_warp_finds_a_slower_performance() {
        let a = clip(0.0, 60.0, 240, 1.0, 0.0);
        // B starts 0.5 s into the movement and performs it 1.2 times slower, at 100 fps.
        let b = noisy_clip(0.5, 100.0, 380, (1.1, 0.7), 0.005, 1.2);
        let plain = align(&a, &b).unwrap();
        let warped = align_with(&a, &b, AlignOptions { time_warp: true }).unwrap();
        assert!(
            (warped.time_scale - 1.0 / 1.2).abs() < 0.02,
            "scale {}",
            warped.time_scale
        );
        // B's moment 1 s in is the movement at 0.5 + 1 / 1.2 s: A's time.
        let want = 0.5 + 1.0 / 1.2;
        assert!(
            (warped.a_time_s(1.0) - want).abs() < 1.0 / 60.0,
            "{}",
            warped.a_time_s(1.0)
        );
        // B's first moment: within two frames of A (the time scale's small error is
        // multiplied by the distance from the middle of the overlap).
        assert!(
            (warped.offset_s - 0.5).abs() < 2.0 / 60.0,
            "{}",
            warped.offset_s
        );
        assert!(
            warped.score > plain.score,
            "{} vs {}",
            warped.score,
            plain.score
        );
        // The score of the found alignment, recomputed for a hand-set one, agrees.
        let again = score_at(&a, &b, warped.offset_s, warped.time_scale).unwrap();
        assert!(
            (again - warped.score).abs() < 0.02,
            "{again} {}",
            warped.score
        );
    }

    #[test]
    fn refuses_clips_without_common_angles_or_frames() {
        let a = clip(0.0, 60.0, 100, 1.0, 0.0);
        let short = clip(0.0, 60.0, 5, 1.0, 0.0);
        assert_eq!(align(&a, &short), Err(AlignError::TooShort('B')));
    }
}
