//! The data layout of a trial, resolved from the header and the parameters: how many points
//! and analog values a frame holds, how they are stored, where the data starts and how many
//! whole frames the file really contains.
//!
//! Parameters win over the header when both are usable (C3D User Guide); the header fills in
//! what the parameters miss or get wrong (sample13 golfswing: `POINT:DATA_START` = 0 or 1).

use super::decoder::Fault;
use super::header::{BLOCK_BYTES, Header};
use super::param_value::ParamValue;
use super::parameters::Parameters;

/// How point (and analog) values are stored, chosen by the sign of `POINT:SCALE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    /// 16-bit integers; coordinates = stored × scale.
    Integer,
    /// 32-bit floats in the file's float format.
    Float,
}

impl Storage {
    /// Bytes per stored value.
    #[must_use]
    pub fn word_bytes(self) -> usize {
        match self {
            Self::Integer => 2,
            Self::Float => 4,
        }
    }
}

/// Largest frame count taken from the 16-bit header or `POINT:FRAMES` (longer trials use
/// `TRIAL:ACTUAL_END_FIELD` or `POINT:LONG_FRAMES`).
const SHORT_TRIAL_MAX: u64 = 65_535;

/// The resolved layout of the data section.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// 3D points per frame.
    pub points: usize,
    /// Integer or float storage.
    pub storage: Storage,
    /// `POINT:SCALE` as used (its magnitude scales integers and residuals).
    pub scale: f32,
    /// Analog channels.
    pub analog_channels: usize,
    /// Analog samples per channel per 3D frame.
    pub analog_per_frame: usize,
    /// Byte offset of the first frame.
    pub data_start: usize,
    /// Frames to read: those claimed that are wholly in the file.
    pub frames: usize,
    /// Frames the header or parameters claim.
    pub claimed_frames: u64,
    /// Number of the first frame as recorded (1-based).
    pub first_frame: u64,
    /// 3D frame rate, when the file gives a usable one.
    pub frame_rate_hz: Option<f64>,
    /// Analog sampling rate, when there are analog channels and a rate.
    pub analog_rate_hz: Option<f64>,
}

impl Trial {
    /// Bytes of the point records of one frame.
    #[must_use]
    pub fn point_bytes(&self) -> usize {
        self.points * 4 * self.storage.word_bytes()
    }

    /// Analog values per frame, all channels together.
    #[must_use]
    pub fn analog_values(&self) -> usize {
        self.analog_channels * self.analog_per_frame
    }

    /// Bytes of one whole frame (points then analog).
    #[must_use]
    pub fn frame_bytes(&self) -> usize {
        (self.points * 4 + self.analog_values()) * self.storage.word_bytes()
    }

    /// Byte offset of frame `index`.
    #[must_use]
    pub fn frame_offset(&self, index: usize) -> usize {
        self.data_start + index * self.frame_bytes()
    }
}

/// Resolves the layout; problems that can be survived become `warnings`.
///
/// # Errors
/// When neither header nor parameters give a usable data start, the file declares no points
/// and no analog channels, or the data section holds no whole frame.
pub fn resolve(
    header: &Header,
    params: &Parameters,
    file_len: usize,
    warnings: &mut Vec<String>,
) -> Result<Trial, Fault> {
    let points = points(header, params, warnings);
    let (analog_channels, analog_per_frame) = analog_layout(header, params, warnings);
    let data_start = data_start(header, params, file_len, warnings)?;
    let (claimed_frames, first_frame) = claimed_frames(header, params, warnings);
    let available = file_len - data_start;
    let (storage, scale) = storage(
        header,
        params,
        points * 4 + analog_channels * analog_per_frame,
        claimed_frames,
        available,
        warnings,
    );
    let frame_rate_hz = frame_rate(header, params, warnings);
    let analog_rate_hz = (analog_channels > 0)
        .then(|| {
            params
                .get("ANALOG", "RATE")
                .and_then(ParamValue::first_number)
                .filter(|r| r.is_finite() && *r > 0.0)
                .or_else(|| frame_rate_hz.map(|r| r * analog_per_frame as f64))
        })
        .flatten();
    let mut trial = Trial {
        points,
        storage,
        scale,
        analog_channels,
        analog_per_frame,
        data_start,
        frames: 0,
        claimed_frames,
        first_frame,
        frame_rate_hz,
        analog_rate_hz,
    };
    let frame_bytes = trial.frame_bytes();
    if frame_bytes == 0 {
        return Err(Fault::new(
            2,
            "the file declares no 3D points and no analog channels",
        ));
    }
    let whole = (available / frame_bytes) as u64;
    trial.frames = usize::try_from(whole.min(claimed_frames)).unwrap_or(0);
    if trial.frames == 0 {
        let message = if claimed_frames == 0 {
            "the file declares 0 frames".to_owned()
        } else {
            format!(
                "the data section at byte {data_start} holds no whole frame: a frame takes {frame_bytes} bytes, {available} remain"
            )
        };
        return Err(Fault::new(data_start, message));
    }
    if whole < claimed_frames {
        warnings.push(format!(
            "the file claims {claimed_frames} frames but holds only {whole} whole ones (the data section is cut short); read {whole}"
        ));
    }
    Ok(trial)
}

/// `POINT:USED`, else header word 2.
fn points(header: &Header, params: &Parameters, warnings: &mut Vec<String>) -> usize {
    let from_header = header.point_count;
    match params.get("POINT", "USED").and_then(ParamValue::first_word) {
        Some(used) => {
            if used != from_header {
                warnings.push(format!(
                    "POINT:USED is {used} but the header says {from_header} points; using {used}"
                ));
            }
            usize::from(used)
        }
        None => usize::from(from_header),
    }
}

/// Analog channels and samples per channel per frame.
fn analog_layout(
    header: &Header,
    params: &Parameters,
    warnings: &mut Vec<String>,
) -> (usize, usize) {
    let total = usize::from(header.analog_values_per_frame);
    let header_per_frame = usize::from(header.analog_samples_per_frame);
    let channels = match params
        .get("ANALOG", "USED")
        .and_then(ParamValue::first_word)
    {
        Some(used) => usize::from(used),
        None if header_per_frame > 0 => total / header_per_frame,
        None => 0,
    };
    if channels == 0 {
        return (0, 0);
    }
    let per_frame = if header_per_frame > 0 {
        header_per_frame
    } else if total % channels == 0 && total > 0 {
        total / channels
    } else {
        let analog_rate = params
            .get("ANALOG", "RATE")
            .and_then(ParamValue::first_number);
        let point_rate = params
            .get("POINT", "RATE")
            .and_then(ParamValue::first_number);
        match (analog_rate, point_rate) {
            (Some(a), Some(p)) if p > 0.0 && (a / p).is_finite() && a / p >= 1.0 => {
                (a / p).round().min(65_535.0) as usize
            }
            _ => 1,
        }
    };
    if channels * per_frame != total {
        warnings.push(format!(
            "the header says {total} analog values per frame, but {channels} channels × {per_frame} samples = {}; using the latter",
            channels * per_frame
        ));
    }
    (channels, per_frame)
}

/// The byte offset of the data section: `POINT:DATA_START` when it points past the parameter
/// block and into the file, else header word 9.
fn data_start(
    header: &Header,
    params: &Parameters,
    file_len: usize,
    warnings: &mut Vec<String>,
) -> Result<usize, Fault> {
    let blocks = file_len.div_ceil(BLOCK_BYTES);
    let usable = |block: u16| {
        let block = usize::from(block);
        block > usize::from(header.parameter_block) && block <= blocks
    };
    let from_header = header.data_start_block;
    let chosen = match params
        .get("POINT", "DATA_START")
        .and_then(ParamValue::first_word)
    {
        Some(block) if usable(block) => {
            if block != from_header {
                warnings.push(format!(
                    "POINT:DATA_START is block {block} but the header says {from_header}; using {block}"
                ));
            }
            block
        }
        Some(block) if usable(from_header) => {
            warnings.push(format!(
                "POINT:DATA_START is {block}, which is not a data block; using the header's data start block {from_header}"
            ));
            from_header
        }
        None if usable(from_header) => from_header,
        _ => {
            return Err(Fault::new(
                16,
                format!(
                    "no usable data start: header word 9 says block {from_header} and the file has {blocks} blocks"
                ),
            ));
        }
    };
    Ok((usize::from(chosen) - 1) * BLOCK_BYTES)
}

/// The number of frames claimed and the number of the first frame.
fn claimed_frames(header: &Header, params: &Parameters, warnings: &mut Vec<String>) -> (u64, u64) {
    let field = |name: &str| {
        params.get("TRIAL", name).and_then(|v| {
            let words = v.words();
            let low = u64::from(words.first().copied().flatten()?);
            let high = u64::from(words.get(1).copied().flatten().unwrap_or(0));
            Some(low + (high << 16))
        })
    };
    let trial_start = field("ACTUAL_START_FIELD");
    let trial_end = field("ACTUAL_END_FIELD");
    let trial_count = match (trial_start, trial_end) {
        (Some(start), Some(end)) if end >= start => Some(end - start + 1),
        (None, Some(end)) => Some(end),
        _ => None,
    };
    let long_frames = params
        .get("POINT", "LONG_FRAMES")
        .and_then(ParamValue::first_number)
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v.round() as u64);
    let point_frames = params
        .get("POINT", "FRAMES")
        .and_then(ParamValue::first_word)
        .map(u64::from);
    let (first, last) = (u64::from(header.first_frame), u64::from(header.last_frame));
    let header_count = (last >= first && last != SHORT_TRIAL_MAX).then(|| last - first + 1);
    let first_frame = trial_start.unwrap_or(first);
    let claimed = if let Some(count) = trial_count.filter(|&c| c > SHORT_TRIAL_MAX) {
        count
    } else if let Some(count) = long_frames.filter(|&c| c > SHORT_TRIAL_MAX) {
        count
    } else if let Some(count) = header_count {
        if let Some(frames) = point_frames.filter(|&f| f != count && f != SHORT_TRIAL_MAX) {
            warnings.push(format!(
                "POINT:FRAMES says {frames} frames but the header's frames {first}–{last} make {count}; using {count}"
            ));
        }
        count
    } else {
        [trial_count, long_frames, point_frames, Some(last)]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0)
    };
    (claimed, first_frame)
}

/// `POINT:SCALE` (else the header's) and the storage its sign selects. A zero or non-finite
/// scale cannot select a storage: the one whose frames fit the file is taken.
fn storage(
    header: &Header,
    params: &Parameters,
    values_per_frame: usize,
    claimed_frames: u64,
    available: usize,
    warnings: &mut Vec<String>,
) -> (Storage, f32) {
    let from_params = params
        .get("POINT", "SCALE")
        .and_then(ParamValue::first_number)
        .map(|s| s as f32)
        .filter(|s| s.is_finite() && *s != 0.0);
    let from_header = Some(header.scale).filter(|s| s.is_finite() && *s != 0.0);
    let scale = match (from_params, from_header) {
        (Some(p), Some(h)) => {
            if (p - h).abs() > 1e-6 * p.abs().max(h.abs()) {
                warnings.push(format!(
                    "POINT:SCALE is {p} but the header says {h}; using {p}"
                ));
            }
            Some(p)
        }
        (Some(s), None) | (None, Some(s)) => Some(s),
        (None, None) => None,
    };
    match scale {
        Some(s) if s < 0.0 => (Storage::Float, s),
        Some(s) => (Storage::Integer, s),
        None => {
            let float_bytes = (values_per_frame as u64) * 4 * claimed_frames;
            let (storage, scale) = if float_bytes <= available as u64 {
                (Storage::Float, -1.0)
            } else {
                (Storage::Integer, 1.0)
            };
            warnings.push(format!(
                "POINT:SCALE is zero or not a number; reading {} values by the data section's size",
                if storage == Storage::Float {
                    "float"
                } else {
                    "integer"
                }
            ));
            (storage, scale)
        }
    }
}

/// `POINT:RATE`, else the header's rate.
fn frame_rate(header: &Header, params: &Parameters, warnings: &mut Vec<String>) -> Option<f64> {
    let usable = |r: f64| r.is_finite() && r > 0.0;
    let rate = params
        .get("POINT", "RATE")
        .and_then(ParamValue::first_number)
        .filter(|r| usable(*r))
        .or_else(|| Some(f64::from(header.frame_rate_hz)).filter(|r| usable(*r)));
    if rate.is_none() {
        warnings.push("neither POINT:RATE nor the header gives a frame rate".to_owned());
    }
    rate
}

#[cfg(test)]
mod tests {
    use super::super::param_value::ParamType;
    use super::super::parameters::{Group, Parameter};
    use super::super::processor::Processor;
    use super::*;

    fn header() -> Header {
        Header {
            parameter_block: 2,
            point_count: 2,
            analog_values_per_frame: 0,
            first_frame: 1,
            last_frame: 10,
            max_gap: 0,
            scale: -1.0,
            data_start_block: 3,
            analog_samples_per_frame: 0,
            frame_rate_hz: 100.0,
        }
    }

    /// POINT (1), ANALOG (2) and TRIAL (3) groups with the given int16 / float parameters.
    fn params(ints: &[(u8, &str, &[u16])], floats: &[(u8, &str, f32)]) -> Parameters {
        let mut all = Parameters::default();
        for (id, name) in [(1, "POINT"), (2, "ANALOG"), (3, "TRIAL")] {
            all.add_group(Group {
                id,
                name: name.into(),
            });
        }
        for (group_id, name, values) in ints {
            all.add(Parameter {
                group_id: *group_id,
                name: (*name).into(),
                value: ParamValue {
                    kind: ParamType::Int16,
                    dims: vec![values.len()],
                    data: values.iter().flat_map(|v| v.to_le_bytes()).collect(),
                    processor: Processor::Intel,
                },
            });
        }
        for (group_id, name, value) in floats {
            all.add(Parameter {
                group_id: *group_id,
                name: (*name).into(),
                value: ParamValue {
                    kind: ParamType::Float,
                    dims: vec![],
                    data: value.to_le_bytes().to_vec(),
                    processor: Processor::Intel,
                },
            });
        }
        all
    }

    /// A file length holding the header, one parameter block and `frames` float frames of
    /// two points.
    fn len_for(frames: usize) -> usize {
        2 * BLOCK_BYTES + frames * 2 * 16
    }

    #[test]
    fn header_frames_and_layout() {
        let mut warnings = Vec::new();
        let trial = resolve(
            &header(),
            &Parameters::default(),
            len_for(10),
            &mut warnings,
        )
        .expect("resolves");
        assert_eq!(trial.frames, 10);
        assert_eq!(trial.first_frame, 1);
        assert_eq!(trial.storage, Storage::Float);
        assert_eq!(trial.data_start, 1024);
        assert_eq!(trial.frame_bytes(), 32);
        assert_eq!(trial.frame_offset(2), 1024 + 64);
        assert_eq!(trial.frame_rate_hz, Some(100.0));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_short_file_keeps_its_whole_frames_with_a_warning() {
        let mut warnings = Vec::new();
        let trial = resolve(
            &header(),
            &Parameters::default(),
            len_for(4) + 31,
            &mut warnings,
        )
        .expect("resolves");
        assert_eq!(trial.frames, 4);
        assert_eq!(trial.claimed_frames, 10);
        assert!(warnings[0].contains("holds only 4 whole"), "{warnings:?}");
        let err = resolve(
            &header(),
            &Parameters::default(),
            len_for(0) + 31,
            &mut warnings,
        )
        .expect_err("no whole frame");
        assert_eq!(err.offset, 1024);
    }

    #[test]
    fn long_trials_take_the_trial_fields() {
        let mut h = header();
        h.last_frame = 65_535;
        let p = params(
            &[
                (3, "ACTUAL_START_FIELD", &[1, 0]),
                (3, "ACTUAL_END_FIELD", &[4464, 1]), // 70 000
                (1, "FRAMES", &[65_535]),
            ],
            &[(1, "LONG_FRAMES", 70_000.0)],
        );
        let mut warnings = Vec::new();
        let trial = resolve(&h, &p, len_for(70_000), &mut warnings).expect("resolves");
        assert_eq!(trial.claimed_frames, 70_000);
        assert_eq!(trial.frames, 70_000);
        assert!(warnings.is_empty(), "{warnings:?}");
        // LONG_FRAMES alone.
        let p = params(&[], &[(1, "LONG_FRAMES", 70_000.0)]);
        let trial = resolve(&h, &p, len_for(70_000), &mut warnings).expect("resolves");
        assert_eq!(trial.claimed_frames, 70_000);
        // An invalid header and nothing else: its last frame number.
        let trial =
            resolve(&h, &Parameters::default(), len_for(70_000), &mut warnings).expect("resolves");
        assert_eq!(trial.claimed_frames, 65_535);
    }

    #[test]
    fn parameters_win_and_the_header_fills_in() {
        let p = params(
            &[
                (1, "USED", &[1]),
                (1, "DATA_START", &[0]),
                (1, "FRAMES", &[11]),
            ],
            &[(1, "SCALE", 0.5), (1, "RATE", 50.0)],
        );
        let mut warnings = Vec::new();
        let trial = resolve(&header(), &p, len_for(10), &mut warnings).expect("resolves");
        assert_eq!(trial.points, 1);
        assert_eq!(trial.storage, Storage::Integer);
        assert_eq!(trial.scale.to_bits(), 0.5_f32.to_bits());
        assert_eq!(
            trial.data_start, 1024,
            "DATA_START = 0 falls back to the header"
        );
        assert_eq!(trial.frame_rate_hz, Some(50.0));
        assert_eq!(trial.frames, 10);
        let text = warnings.join("\n");
        for expected in [
            "POINT:USED is 1",
            "POINT:DATA_START is 0",
            "POINT:SCALE is 0.5",
            "POINT:FRAMES says 11",
        ] {
            assert!(text.contains(expected), "missing `{expected}` in {text}");
        }
    }

    #[test]
    fn analog_layout_and_rates() {
        let mut h = header();
        h.analog_values_per_frame = 6;
        h.analog_samples_per_frame = 3;
        let p = params(&[(2, "USED", &[2])], &[(2, "RATE", 300.0)]);
        let mut warnings = Vec::new();
        let len = 2 * BLOCK_BYTES + 10 * (2 * 16 + 6 * 4);
        let trial = resolve(&h, &p, len, &mut warnings).expect("resolves");
        assert_eq!((trial.analog_channels, trial.analog_per_frame), (2, 3));
        assert_eq!(trial.analog_rate_hz, Some(300.0));
        assert_eq!(trial.frames, 10);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn no_points_no_analog_or_no_data_start_are_errors() {
        let mut h = header();
        h.point_count = 0;
        let mut warnings = Vec::new();
        let err =
            resolve(&h, &Parameters::default(), len_for(10), &mut warnings).expect_err("empty");
        assert_eq!(err.offset, 2);
        let mut h = header();
        h.data_start_block = 2;
        let err =
            resolve(&h, &Parameters::default(), len_for(10), &mut warnings).expect_err("no data");
        assert_eq!(err.offset, 16);
    }

    #[test]
    fn a_zero_scale_picks_the_storage_that_fits() {
        let mut h = header();
        h.scale = 0.0;
        let mut warnings = Vec::new();
        let float = resolve(&h, &Parameters::default(), len_for(10), &mut warnings).expect("float");
        assert_eq!(float.storage, Storage::Float);
        let int = resolve(
            &h,
            &Parameters::default(),
            2 * BLOCK_BYTES + 10 * 16,
            &mut warnings,
        )
        .expect("int");
        assert_eq!(int.storage, Storage::Integer);
        assert_eq!(int.frames, 10);
        assert!(
            warnings.iter().all(|w| w.contains("POINT:SCALE is zero")),
            "{warnings:?}"
        );
    }
}
