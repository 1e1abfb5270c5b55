//! C3D reader and writer (biomechanics marker and analog data).
//!
//! The modules follow the file's sections in the spec's order (C3D User Guide, C3D.ORG):
//! `processor` ([`Processor`]: Intel / DEC VAX / MIPS number formats), `header` (block 1),
//! `parameters` (group and parameter records, `param_value`, `labels`), `trial` (the data
//! layout resolved from both), `data` (point records), `analog` (analog channels), `up_axis`
//! (which way is up), and `write` ([`write()`], with `param_writer`). [`read`] reads a file
//! whole from its bytes (the library's path); [`open_chunked`] reads a file on disk a chunk of
//! frames at a time (`chunked`, what `formats::load` and `posedeck info` use), with the same
//! result.
//!
//! Hand-written rather than built on a crate: `c3dio` 0.8 allocates its point grid from the
//! header's frame and marker counts before checking them against the file length (and
//! subtracts the u16 frame numbers unchecked), slices the data section without bounds checks,
//! and does not read `LABELS2` continuations; `c3d-rs` 0.1 is an early port whose analog
//! parameters are untested by its own account. Neither keeps the parameters read before a
//! broken record (sample18) or falls back to the header for the rest (sample13 golfswing).

mod analog;
mod chunked;
mod data;
mod decoder;
mod header;
mod labels;
mod param_value;
mod param_writer;
mod parameters;
mod processor;
mod trial;
mod up_axis;
mod write;

use std::path::Path;

pub use chunked::{open_chunked, open_for_viewing};
pub use processor::Processor;
pub use write::{PointStorage, WriteOptions, write};

use super::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, Skeleton, Space, Units, UpAxis};
use decoder::{Decoder, Fault};
use header::{BLOCK_BYTES, Header};
use parameters::Parameters;
use trial::{Storage, Trial};

/// Reads a C3D file: its markers as one "person" per frame (invalid points missing), the
/// analog channels beside them, and what was noticed in `meta.warnings` / `meta.details`.
///
/// # Errors
/// When the file is not a C3D file, its processor type is unknown, it has no usable data start,
/// or its data section holds no whole frame; the error names the file and the byte offset.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    decode(bytes, path).map_err(|fault| {
        LoadError::parse(
            path,
            FormatId::C3d,
            Location::Byte(fault.offset),
            fault.message,
        )
    })
}

/// A file whose header, parameters and data layout have been read.
struct Opened<'a> {
    decoder: Decoder<'a>,
    parameters: Parameters,
    trial: Trial,
    warnings: Vec<String>,
}

/// Reads the header and parameters and resolves the data layout.
fn open(bytes: &[u8]) -> Result<Opened<'_>, Fault> {
    let block = header::parameter_block(bytes)?;
    let start = (usize::from(block) - 1) * BLOCK_BYTES;
    let type_at = start + 3;
    let type_byte = bytes.get(type_at).copied().unwrap_or(0);
    let processor = Processor::from_byte(type_byte).ok_or_else(|| {
        Fault::new(
            type_at,
            format!(
                "the processor type byte is {type_byte}; expected 84 (Intel), 85 (DEC) or 86 (MIPS)"
            ),
        )
    })?;
    let header = Header::parse(bytes, processor)?;
    let decoder = Decoder::new(bytes, processor);
    // Parameters end where the data starts (or at the end of the file).
    let data_block = usize::from(header.data_start_block);
    let bound = if data_block > usize::from(block) {
        ((data_block - 1) * BLOCK_BYTES).min(bytes.len())
    } else {
        bytes.len()
    };
    let walk = parameters::walk(decoder, start, bound);
    let mut warnings = Vec::new();
    if let Some(fault) = &walk.broken {
        warnings.push(format!(
            "the parameter section is broken: {}; kept the {} parameters read before it and used the header for the rest",
            fault.message,
            walk.parameters.count()
        ));
    }
    let declared_end = start + usize::from(walk.declared_blocks) * BLOCK_BYTES;
    if walk.declared_blocks > 0 && walk.end > declared_end {
        warnings.push(format!(
            "the parameter records run to byte {}, past the {} blocks the parameter section declares (byte {declared_end})",
            walk.end, walk.declared_blocks
        ));
    }
    let trial = trial::resolve(&header, &walk.parameters, bytes.len(), &mut warnings)?;
    Ok(Opened {
        decoder,
        parameters: walk.parameters,
        trial,
        warnings,
    })
}

/// What the header and parameters say, before any point is read.
struct Head {
    processor: Processor,
    trial: Trial,
    labels: Vec<String>,
    units: Units,
    /// `POINT:Y_SCREEN` as an up axis.
    hint: Option<UpAxis>,
    /// The warnings met before the point data.
    warnings: Vec<String>,
    analog: Option<analog::AnalogHeader>,
    /// The warnings about the analog channels (they follow those about the point data).
    analog_warnings: Vec<String>,
}

/// Reads the header and parameters: everything but the data section.
fn head(bytes: &[u8]) -> Result<Head, Fault> {
    let Opened {
        decoder,
        parameters,
        trial,
        mut warnings,
    } = open(bytes)?;
    let labels = labels::names(
        &parameters,
        "POINT",
        "LABELS",
        trial.points,
        "P",
        &mut warnings,
    );
    for group in ["POINT", "ANALOG"] {
        if parameters
            .get(group, "DESCRIPTIONS")
            .is_some_and(param_value::ParamValue::has_zero_length_strings)
        {
            warnings.push(format!("{group}:DESCRIPTIONS holds zero-length strings"));
        }
    }
    let units = point_units(&parameters, &mut warnings);
    let mut analog_warnings = Vec::new();
    let analog = analog::header(&trial, &parameters, &mut analog_warnings);
    let hint = parameters
        .get("POINT", "Y_SCREEN")
        .and_then(|v| v.strings().into_iter().next())
        .and_then(|s| up_axis::from_screen(&s));
    Ok(Head {
        processor: decoder.processor,
        trial,
        labels,
        units,
        hint,
        warnings,
        analog,
        analog_warnings,
    })
}

impl Head {
    /// The clip's metadata, space and skeleton once the points are counted and the up axis
    /// guessed.
    fn describe(
        &self,
        path: &Path,
        counts: &data::PointCounts,
        up: &up_axis::UpGuess,
    ) -> (ClipMeta, Space, Skeleton) {
        let mut warnings = self.warnings.clone();
        if counts.total > 0 && counts.valid == 0 {
            warnings.push(
                "all points are flagged invalid (residual -1); every point is missing".to_owned(),
            );
        }
        warnings.extend(self.analog_warnings.iter().cloned());
        let mut space = Space::world(self.units, up.up);
        space.up_guessed = true;
        let mut meta = ClipMeta::new(path, FormatId::C3d);
        meta.details = details(
            self.processor,
            &self.trial,
            counts,
            self.analog.as_ref(),
            &up.reason,
        );
        meta.warnings = warnings;
        let skeleton =
            Skeleton::from_names_and_bones(self.labels.clone(), Vec::new(), LayoutId::FromFile);
        (meta, space, skeleton)
    }
}

/// Reads the whole clip from the file's bytes.
fn decode(bytes: &[u8], path: &Path) -> Result<Clip, Fault> {
    let head = head(bytes)?;
    let decoder = Decoder::new(bytes, head.processor);
    let (poses, counts) = data::read_points(decoder, &head.trial);
    let up = up_axis::guess(&poses, head.hint);
    let (meta, space, skeleton) = head.describe(path, &counts, &up);
    let analog = head.analog.clone().and_then(|a| {
        let samples = analog::samples(decoder, &head.trial, &a.scaling)?;
        Some(a.with_samples(samples))
    });
    let mut clip = Clip::new(skeleton, head.trial.frame_rate_hz, space, poses, meta);
    clip.analog = analog;
    Ok(clip)
}

/// `POINT:UNITS` as a [`Units`], warning when it is missing or not a length unit.
fn point_units(parameters: &Parameters, warnings: &mut Vec<String>) -> Units {
    let text = parameters
        .get("POINT", "UNITS")
        .and_then(|v| v.strings().into_iter().next());
    match text {
        None => {
            warnings.push("POINT:UNITS is missing; the units are unknown".to_owned());
            Units::Unknown
        }
        Some(text) => {
            let units = Units::parse(&text);
            if units == Units::Unknown {
                warnings.push(format!(
                    "POINT:UNITS is `{text}`, not a length unit posedeck knows; the units are unknown"
                ));
            }
            units
        }
    }
}

/// The facts shown in `info` and the UI.
fn details(
    processor: Processor,
    trial: &Trial,
    counts: &data::PointCounts,
    analog: Option<&analog::AnalogHeader>,
    up_reason: &str,
) -> Vec<(String, String)> {
    let storage = match trial.storage {
        Storage::Integer => format!("16-bit integers × POINT:SCALE {}", trial.scale),
        Storage::Float => format!("32-bit floats (POINT:SCALE {})", trial.scale),
    };
    let rate = trial
        .frame_rate_hz
        .map_or_else(|| "unknown".to_owned(), |r| format!("{} Hz", short(r)));
    let analog = analog.map_or_else(
        || "none".to_owned(),
        |a| {
            let per_frame = trial.analog_per_frame;
            let samples = if per_frame == 1 { "sample" } else { "samples" };
            format!(
                "{} at {} Hz ({per_frame} {samples} per frame)",
                a.labels.len(),
                short(a.rate_hz),
            )
        },
    );
    let last = trial.first_frame + trial.frames as u64 - 1;
    let residual = counts.mean_residual(trial.scale).map_or_else(
        || "no valid points".to_owned(),
        |mean| format!("{} (low byte of word 4 × |POINT:SCALE|)", short(mean)),
    );
    [
        ("processor", processor.label().to_owned()),
        ("storage", storage),
        ("markers", trial.points.to_string()),
        ("point rate", rate),
        ("analog channels", analog),
        (
            "data start",
            format!(
                "block {} (byte {})",
                trial.data_start / BLOCK_BYTES + 1,
                trial.data_start
            ),
        ),
        ("first frame", trial.first_frame.to_string()),
        ("last frame", last.to_string()),
        ("mean residual", residual),
        ("up axis", up_reason.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// A rate with at most four decimals and no trailing zeros.
fn short(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_c3d_and_unknown_processors_name_the_byte() {
        let mut bytes = vec![0_u8; 1024];
        bytes[0] = 2;
        bytes[1] = 0x51;
        let err = read(&bytes, Path::new("x.c3d")).expect_err("bad key");
        assert_eq!(err.location(), Some(&Location::Byte(1)));
        bytes[1] = 0x50;
        bytes[512 + 3] = 90;
        let err = read(&bytes, Path::new("x.c3d")).expect_err("bad processor");
        assert_eq!(err.location(), Some(&Location::Byte(515)));
        assert!(
            err.to_string()
                .starts_with("x.c3d: C3D byte 515: the processor type byte is 90")
        );
    }

    #[test]
    fn rates_are_printed_short() {
        assert_eq!(short(50.0), "50");
        assert_eq!(short(f64::from(107.526_88_f32)), "107.5269");
        assert_eq!(short(0.5), "0.5");
    }
}
