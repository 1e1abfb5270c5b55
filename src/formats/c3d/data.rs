//! The point records of the data section: X, Y, Z and the fourth "residual / cameras" word.
//!
//! Integer files store coordinates as int16 × |`POINT:SCALE`|; float files store floats in the
//! file's float format. A negative fourth word marks the point invalid in that frame (its
//! coordinates are ignored, the SIMI samples keep plausible-looking ones); otherwise the high
//! byte is a 7-bit camera mask and the low byte the residual in units of |`POINT:SCALE`|
//! (C3D User Guide, "3D point data"; the Python `c3d` package reads it the same way).

use crate::model::{Poses, PosesBuilder};

use super::decoder::Decoder;
use super::processor::Processor;
use super::trial::{Storage, Trial};

/// One point of one frame as stored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RawPoint {
    /// X, Y, Z in `POINT:UNITS` (integers already scaled).
    pub xyz: [f32; 3],
    /// The fourth word as an integer (float files: the float converted to an integer).
    pub word: i32,
}

impl RawPoint {
    /// True when the fourth word is not negative and the coordinates are finite.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.word >= 0 && self.xyz.iter().all(|v| v.is_finite())
    }

    /// The residual in `POINT:UNITS` (low byte × |scale|), for valid points.
    #[cfg(test)]
    #[must_use]
    pub fn residual(&self, scale: f32) -> Option<f32> {
        self.is_valid()
            .then(|| f32::from((self.word & 0xff) as u8) * scale.abs())
    }

    /// The 7-bit mask of the cameras that saw the point, for valid points.
    #[cfg(test)]
    #[must_use]
    pub fn cameras(&self) -> Option<u8> {
        self.is_valid().then_some(((self.word >> 8) & 0x7f) as u8)
    }
}

/// Point `index` of the frame whose bytes are `frame` (`None` when out of range), decoded by
/// the same functions as [`read_points`].
#[cfg(test)]
#[must_use]
pub fn point(d: Decoder<'_>, trial: &Trial, frame: &[u8], index: usize) -> Option<RawPoint> {
    let p = d.processor;
    match trial.storage {
        Storage::Integer => {
            let at = index.checked_mul(8)?;
            let w = frame.get(at..at + 8)?;
            Some(int_point(w, trial.scale.abs(), |b| p.i16(b)))
        }
        Storage::Float => {
            let at = index.checked_mul(16)?;
            Some(float_point(frame.get(at..at + 16)?, |b| p.f32(b)))
        }
    }
}

/// An integer point record (8 bytes): three words times |scale| and the fourth word.
#[inline]
fn int_point(w: &[u8], scale: f32, word: impl Fn([u8; 2]) -> i16) -> RawPoint {
    let at = |i: usize| word([w[2 * i], w[2 * i + 1]]);
    RawPoint {
        xyz: [
            f32::from(at(0)) * scale,
            f32::from(at(1)) * scale,
            f32::from(at(2)) * scale,
        ],
        word: i32::from(at(3)),
    }
}

/// A float point record (16 bytes).
#[inline]
fn float_point(w: &[u8], value: impl Fn([u8; 4]) -> f32) -> RawPoint {
    let at = |i: usize| value([w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]]);
    let fourth = at(3);
    RawPoint {
        xyz: [at(0), at(1), at(2)],
        // `as` saturates and maps NaN to 0; a NaN fourth word is invalid.
        word: if fourth.is_nan() { -1 } else { fourth as i32 },
    }
}

/// What was seen while reading the points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointCounts {
    /// Points read (frames × points).
    pub total: usize,
    /// Points that are valid.
    pub valid: usize,
    /// How many valid points have each residual byte (the low byte of the fourth word). Exact
    /// counts, so counts of chunks read in any order add up to the same mean.
    pub residuals: [u64; 256],
}

impl Default for PointCounts {
    fn default() -> Self {
        Self {
            total: 0,
            valid: 0,
            residuals: [0; 256],
        }
    }
}

impl PointCounts {
    /// Adds the counts of other frames.
    pub fn add(&mut self, other: &Self) {
        self.total += other.total;
        self.valid += other.valid;
        for (sum, n) in self.residuals.iter_mut().zip(other.residuals) {
            *sum += n;
        }
    }

    /// The mean residual of the valid points in `POINT:UNITS` (`None` when none is valid).
    #[must_use]
    pub fn mean_residual(&self, scale: f32) -> Option<f64> {
        if self.valid == 0 {
            return None;
        }
        let sum: f64 = (0..=255_u8)
            .zip(self.residuals)
            .map(|(byte, n)| n as f64 * f64::from(f32::from(byte) * scale.abs()))
            .sum();
        Some(sum / self.valid as f64)
    }

    #[inline]
    fn note(&mut self, raw: &RawPoint) -> bool {
        self.total += 1;
        let valid = raw.is_valid();
        if valid {
            self.valid += 1;
            self.residuals[(raw.word & 0xff) as usize] += 1;
        }
        valid
    }
}

/// Calls `$body` with `$width` (bytes per point record) and `$decode` (a record's
/// [`RawPoint`]) chosen once for the trial's storage and processor, so the decoding of a point
/// is inlined and the processor is not looked up again for every number.
macro_rules! with_decoder {
    ($processor:expr, $trial:expr, |$width:ident, $decode:ident| $body:expr) => {{
        let scale = $trial.scale.abs();
        match ($trial.storage, $processor) {
            (Storage::Integer, Processor::Intel | Processor::Dec) => {
                let ($width, $decode) = (8, |w: &[u8]| int_point(w, scale, i16::from_le_bytes));
                $body
            }
            (Storage::Integer, Processor::Mips) => {
                let ($width, $decode) = (8, |w: &[u8]| int_point(w, scale, i16::from_be_bytes));
                $body
            }
            (Storage::Float, Processor::Intel) => {
                let ($width, $decode) = (16, |w: &[u8]| float_point(w, f32::from_le_bytes));
                $body
            }
            (Storage::Float, Processor::Mips) => {
                let ($width, $decode) = (16, |w: &[u8]| float_point(w, f32::from_be_bytes));
                $body
            }
            (Storage::Float, Processor::Dec) => {
                let ($width, $decode) = (16, |w: &[u8]| float_point(w, |b| Processor::Dec.f32(b)));
                $body
            }
        }
    }};
}

/// Decodes the points of the whole frames stored in `frames` (each `trial.frame_bytes()` long,
/// points first) into `coords` (`points × 3` per frame); invalid points become NaN (missing).
/// Frames past the end of `frames` or of `coords` are left alone.
pub fn decode_frames(
    processor: Processor,
    trial: &Trial,
    frames: &[u8],
    coords: &mut [f32],
    counts: &mut PointCounts,
) {
    let (frame_bytes, per_frame) = (trial.frame_bytes().max(1), trial.points * 3);
    if per_frame == 0 {
        return;
    }
    with_decoder!(processor, trial, |width, decode| {
        for (frame, out) in frames
            .chunks_exact(frame_bytes)
            .zip(coords.chunks_exact_mut(per_frame))
        {
            let records = frame[..trial.point_bytes()].chunks_exact(width);
            for (record, xyz) in records.zip(out.chunks_exact_mut(3)) {
                let raw = decode(record);
                if counts.note(&raw) {
                    xyz.copy_from_slice(&raw.xyz);
                } else {
                    xyz.fill(f32::NAN);
                }
            }
        }
    });
}

/// Counts the valid points and their residuals in the whole frames stored in `frames`,
/// decoding nothing else.
pub fn count_frames(processor: Processor, trial: &Trial, frames: &[u8], counts: &mut PointCounts) {
    let frame_bytes = trial.frame_bytes().max(1);
    let scale = trial.scale.abs();
    if trial.storage == Storage::Integer && (scale * 32_768.0).is_finite() {
        // Scaled 16-bit coordinates are always finite: only the fourth word decides.
        let word = |w: &[u8], be: bool| {
            let bytes = [w[6], w[7]];
            let word = if be {
                i16::from_be_bytes(bytes)
            } else {
                i16::from_le_bytes(bytes)
            };
            RawPoint {
                xyz: [0.0; 3],
                word: i32::from(word),
            }
        };
        let be = processor == Processor::Mips;
        for frame in frames.chunks_exact(frame_bytes) {
            count_records(&frame[..trial.point_bytes()], 8, |w| word(w, be), counts);
        }
        return;
    }
    with_decoder!(processor, trial, |width, decode| {
        for frame in frames.chunks_exact(frame_bytes) {
            count_records(&frame[..trial.point_bytes()], width, decode, counts);
        }
    });
}

/// Counts the records of one frame. A branch-free pass finds how many are valid and the range
/// of their residual bytes; only when those differ are the residuals counted one by one (most
/// systems write one residual byte for a whole trial).
#[inline]
fn count_records(
    records: &[u8],
    width: usize,
    decode: impl Fn(&[u8]) -> RawPoint,
    counts: &mut PointCounts,
) {
    let (mut valid, mut low, mut high) = (0_usize, 255_u8, 0_u8);
    let mut total = 0_usize;
    for record in records.chunks_exact(width) {
        let raw = decode(record);
        let ok = raw.is_valid();
        let byte = (raw.word & 0xff) as u8;
        total += 1;
        valid += usize::from(ok);
        low = low.min(if ok { byte } else { 255 });
        high = high.max(if ok { byte } else { 0 });
    }
    counts.total += total;
    counts.valid += valid;
    if valid == 0 {
        return;
    }
    if low == high {
        counts.residuals[usize::from(low)] += valid as u64;
        return;
    }
    for record in records.chunks_exact(width) {
        let raw = decode(record);
        if raw.is_valid() {
            counts.residuals[(raw.word & 0xff) as usize] += 1;
        }
    }
}

/// Reads every point of the trial's frames from the file's bytes; invalid points become NaN
/// (missing). `d` gives the processor type.
#[must_use]
pub fn read_points(d: Decoder<'_>, trial: &Trial) -> (Poses, PointCounts) {
    let mut builder = PosesBuilder::new(trial.points, 3, false, false);
    let mut counts = PointCounts::default();
    let mut coords = vec![f32::NAN; trial.points * 3];
    for f in 0..trial.frames {
        builder.begin_frame();
        if trial.points == 0 {
            continue;
        }
        // Whole frames only (see `trial::resolve`), so the slice is always there.
        let frame = d
            .slice(trial.frame_offset(f), trial.frame_bytes())
            .unwrap_or_default();
        coords.fill(f32::NAN);
        decode_frames(d.processor, trial, frame, &mut coords, &mut counts);
        builder.push_person(&coords, None, None);
    }
    (builder.finish(), counts)
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "decoded values are compared bit for bit")]
mod tests {
    use std::path::PathBuf;

    use super::super::open;
    use super::*;

    fn sample(name: &str) -> Option<Vec<u8>> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/datasets/c3d")
            .join(name);
        std::fs::read(path).ok()
    }

    #[test]
    fn residual_is_the_low_byte_times_the_scale() {
        let raw = RawPoint {
            xyz: [1.0, 2.0, 3.0],
            word: 0x3E10,
        };
        let r = raw.residual(0.083_333_336).expect("valid");
        assert!((r - 1.333_333_4).abs() < 1e-6, "{r}");
        assert_eq!(raw.cameras(), Some(0x3E));
        let invalid = RawPoint { word: -1, ..raw };
        assert_eq!(invalid.residual(1.0), None);
        let nan = RawPoint {
            xyz: [f32::NAN, 0.0, 0.0],
            word: 0,
        };
        assert!(!nan.is_valid());
    }

    /// MANIFEST: sample01 Eb015pi frame 0 marker 0 raw int16 2983 2722 449 15888, residual
    /// 1.3333 (0x10 × 0.0833333), cameras 0x3E.
    #[test]
    fn sample01_first_point_word_per_spec() {
        let Some(bytes) = sample("sample01_Eb015pi.c3d") else {
            eprintln!("skipped: ../shared/datasets is absent");
            return;
        };
        let opened = open(&bytes).expect("opens");
        let (d, trial) = (opened.decoder, &opened.trial);
        let frame = d
            .slice(trial.data_start, trial.frame_bytes())
            .expect("frame 0");
        let raw = point(d, trial, frame, 0).expect("marker 0");
        assert_eq!(raw.word, 15888);
        let scale = trial.scale;
        for (got, stored) in raw.xyz.iter().zip([2983.0_f32, 2722.0, 449.0]) {
            assert_eq!(*got, stored * scale);
        }
        let residual = raw.residual(scale).expect("valid");
        assert!((residual - 1.3333).abs() < 1e-4, "{residual}");
        assert_eq!(raw.cameras(), Some(0x3E));
    }

    /// MANIFEST: sample02 marker 3 frame 0 is int16 1446 −924 1508 8452 in `pc_int` and
    /// 8452.0 in the float files; residual 1.1247.
    #[test]
    fn sample02_marker3_raw_words_in_every_processor() {
        for name in [
            "sample02_pc_int.c3d",
            "sample02_dec_int.c3d",
            "sample02_sgi_int.c3d",
            "sample02_pc_real.c3d",
            "sample02_dec_real.c3d",
            "sample02_sgi_real.c3d",
        ] {
            let Some(bytes) = sample(name) else {
                eprintln!("skipped: ../shared/datasets is absent");
                return;
            };
            let opened = open(&bytes).expect("opens");
            let (d, trial) = (opened.decoder, &opened.trial);
            let frame = d
                .slice(trial.data_start, trial.frame_bytes())
                .expect("frame 0");
            let raw = point(d, trial, frame, 3).expect("marker 3");
            assert_eq!(raw.word, 8452, "{name}");
            let residual = raw.residual(trial.scale).expect("valid");
            assert!((residual - 1.1247).abs() < 1e-4, "{name}: {residual}");
            if trial.storage == Storage::Integer {
                assert_eq!(
                    raw.xyz,
                    [1446.0_f32, -924.0, 1508.0].map(|v| v * trial.scale),
                    "{name}"
                );
            }
            let marker0 = point(d, trial, frame, 0).expect("marker 0");
            assert_eq!(marker0.word, -1, "{name}: RFT1 is invalid in frame 0");
        }
    }

    /// MANIFEST: golfswing1 marker 0 residual 1.0; SIMI marker 0 raw 0.4891 0.5615 1.7682 with
    /// residual −1 (invalid, coordinates kept in the file).
    #[test]
    fn golf_residual_and_simi_raw_point() {
        let cases = [
            (
                "sample13_golfswing1.c3d",
                [1368.5779, 451.6108, 363.8951],
                1,
            ),
            ("sample16_basketball_simi.c3d", [0.4891, 0.5615, 1.7682], -1),
            ("sample16_golf_simi.c3d", [2.5213, 0.7167, 0.2536], -1),
        ];
        for (name, xyz, word) in cases {
            let Some(bytes) = sample(name) else {
                eprintln!("skipped: ../shared/datasets is absent");
                return;
            };
            let opened = open(&bytes).expect("opens");
            let (d, trial) = (opened.decoder, &opened.trial);
            let frame = d
                .slice(trial.data_start, trial.frame_bytes())
                .expect("frame 0");
            let raw = point(d, trial, frame, 0).expect("marker 0");
            for (got, want) in raw.xyz.iter().zip(xyz) {
                assert!((got - want).abs() < 1e-4, "{name}: {got} vs {want}");
            }
            assert_eq!(raw.word, word, "{name}");
            if word >= 0 {
                assert_eq!(raw.residual(trial.scale), Some(1.0), "{name}");
            } else {
                assert_eq!(raw.residual(trial.scale), None, "{name}");
            }
        }
    }
}
