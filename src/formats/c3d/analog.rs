//! Analog channels (force plates, EMG): raw values after the points of each frame, scaled to
//! physical units as (raw − `ANALOG:OFFSET[ch]`) × `ANALOG:SCALE[ch]` × `ANALOG:GEN_SCALE`.

use ndarray::Array2;

use crate::model::AnalogChannels;

use super::decoder::Decoder;
use super::labels::{continued_numbers, continued_strings, names};
use super::param_value::{ParamType, ParamValue};
use super::parameters::Parameters;
use super::processor::Processor;
use super::trial::{Storage, Trial};

/// How raw analog values become physical ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Scaling {
    /// `ANALOG:GEN_SCALE` (1 when missing).
    pub gen_scale: f32,
    /// `ANALOG:SCALE` per channel (1 where missing).
    pub scales: Vec<f32>,
    /// `ANALOG:OFFSET` per channel (0 where missing).
    pub offsets: Vec<f32>,
    /// `ANALOG:FORMAT` is "UNSIGNED": integer values are uint16.
    pub unsigned: bool,
}

impl Scaling {
    /// The physical value of `raw` on channel `ch`.
    #[must_use]
    pub fn apply(&self, ch: usize, raw: f32) -> f32 {
        let offset = self.offsets.get(ch).copied().unwrap_or(0.0);
        let scale = self.scales.get(ch).copied().unwrap_or(1.0);
        (raw - offset) * scale * self.gen_scale
    }
}

/// Reads the scaling parameters for `channels` channels.
#[must_use]
pub fn scaling(params: &Parameters, channels: usize, warnings: &mut Vec<String>) -> Scaling {
    let unsigned = params
        .get("ANALOG", "FORMAT")
        .and_then(|v| v.strings().into_iter().next())
        .is_some_and(|f| f.eq_ignore_ascii_case("UNSIGNED"));
    let gen_scale = params
        .get("ANALOG", "GEN_SCALE")
        .and_then(ParamValue::first_number)
        .filter(|v| v.is_finite())
        .map_or(1.0, |v| v as f32);
    let scales = per_channel(params, "SCALE", channels, 1.0, warnings);
    if params
        .get("ANALOG", "OFFSET")
        .is_some_and(|v| v.kind == ParamType::Float)
    {
        warnings.push(
            "ANALOG:OFFSET is stored as float (the C3D spec says int16); its values are used as they are"
                .to_owned(),
        );
    }
    let mut offsets = per_channel(params, "OFFSET", channels, 0.0, warnings);
    if unsigned {
        // Offsets of unsigned data are uint16 stored in int16 words.
        for offset in &mut offsets {
            if *offset < 0.0 {
                *offset += 65_536.0;
            }
        }
    }
    Scaling {
        gen_scale,
        scales,
        offsets,
        unsigned,
    }
}

/// `ANALOG:{name}` (with continuations) for `channels` channels, padded with `default`.
fn per_channel(
    params: &Parameters,
    name: &str,
    channels: usize,
    default: f32,
    warnings: &mut Vec<String>,
) -> Vec<f32> {
    let Some(given) = continued_numbers(params, "ANALOG", name) else {
        warnings.push(format!(
            "ANALOG:{name} is missing; the {channels} channels use {default}"
        ));
        return vec![default; channels];
    };
    let mut values: Vec<f32> = given
        .into_iter()
        .take(channels)
        .map(|v| if v.is_finite() { v as f32 } else { default })
        .collect();
    if values.len() < channels {
        warnings.push(format!(
            "ANALOG:{name} gives {} values for {channels} channels; the others use {default}",
            values.len()
        ));
        values.resize(channels, default);
    }
    values
}

/// Appends the physical analog values of the whole frames stored in `frames` (each
/// `trial.frame_bytes()` long, analog values after the points) to `out`, sample by sample.
pub fn decode_frames(
    processor: Processor,
    trial: &Trial,
    scaling: &Scaling,
    frames: &[u8],
    out: &mut Vec<f32>,
) {
    let channels = trial.analog_channels.max(1);
    let word = trial.storage.word_bytes();
    let p = processor;
    let analog_bytes = trial.analog_values() * word;
    for frame in frames.chunks_exact(trial.frame_bytes().max(1)) {
        let Some(block) = frame.get(trial.point_bytes()..trial.point_bytes() + analog_bytes) else {
            continue;
        };
        for (i, raw) in block.chunks_exact(word).enumerate() {
            let raw = match (trial.storage, scaling.unsigned) {
                (Storage::Float, _) => p.f32([raw[0], raw[1], raw[2], raw[3]]),
                (Storage::Integer, true) => f32::from(p.u16([raw[0], raw[1]])),
                (Storage::Integer, false) => f32::from(p.i16([raw[0], raw[1]])),
            };
            out.push(scaling.apply(i % channels, raw));
        }
    }
}

/// Reads every analog sample of the trial's frames as `(samples, channels)` physical values.
#[must_use]
pub fn samples(d: Decoder<'_>, trial: &Trial, scaling: &Scaling) -> Option<Array2<f32>> {
    let rows = trial.frames * trial.analog_per_frame;
    let frames = d.slice(trial.data_start, trial.frames * trial.frame_bytes())?;
    let mut values = Vec::with_capacity(rows * trial.analog_channels);
    decode_frames(d.processor, trial, scaling, frames, &mut values);
    Array2::from_shape_vec((rows, trial.analog_channels), values).ok()
}

/// What the parameters say about the analog channels: all but the samples.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalogHeader {
    /// How raw values become physical ones.
    pub scaling: Scaling,
    /// Sampling rate (0 when unknown).
    pub rate_hz: f64,
    /// Channel labels.
    pub labels: Vec<String>,
    /// Channel units.
    pub units: Vec<String>,
}

impl AnalogHeader {
    /// The channels with their `(samples, channels)` values.
    #[must_use]
    pub fn with_samples(self, samples: Array2<f32>) -> AnalogChannels {
        AnalogChannels {
            rate_hz: self.rate_hz,
            labels: self.labels,
            units: self.units,
            samples,
        }
    }
}

/// The analog channels' parameters, when the trial has any.
#[must_use]
pub fn header(
    trial: &Trial,
    params: &Parameters,
    warnings: &mut Vec<String>,
) -> Option<AnalogHeader> {
    let channels = trial.analog_channels;
    if channels == 0 || trial.analog_per_frame == 0 {
        return None;
    }
    let scaling = scaling(params, channels, warnings);
    let labels = names(params, "ANALOG", "LABELS", channels, "A", warnings);
    let mut units = continued_strings(params, "ANALOG", "UNITS").unwrap_or_default();
    units.resize(channels, String::new());
    Some(AnalogHeader {
        scaling,
        rate_hz: trial.analog_rate_hz.unwrap_or(0.0),
        labels,
        units,
    })
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "decoded values are compared bit for bit")]
mod tests {
    use super::*;

    #[test]
    fn scaling_subtracts_the_offset_then_multiplies() {
        // sample02 channel 0: GEN_SCALE 0.5, SCALE −0.86, OFFSET 2048.
        let s = Scaling {
            gen_scale: 0.5,
            scales: vec![-0.86],
            offsets: vec![2048.0],
            unsigned: false,
        };
        assert!((s.apply(0, 2066.0) - -7.74).abs() < 1e-5);
        assert_eq!(
            s.apply(5, 3.0),
            1.5,
            "missing channels use scale 1, offset 0"
        );
    }
}
