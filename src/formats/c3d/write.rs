//! C3D writer: one person's markers (and analog channels, when the clip has them) as float or
//! scaled-integer data, in any of the three processor formats.
//!
//! Layout: header (block 1), parameters from block 2 (groups POINT, ANALOG, TRIAL), data after
//! them, padded to whole blocks. Trials above 65,535 frames keep the header and `POINT:FRAMES` at
//! 65,535 and give the true count in `TRIAL:ACTUAL_START_FIELD` / `ACTUAL_END_FIELD` (two 16-bit
//! words each) and `POINT:LONG_FRAMES` (float), as Vicon writes them.

use crate::model::{Clip, Units};

use super::header::{BLOCK_BYTES, Header, KEY};
use super::param_value::ParamType;
use super::param_writer::ParamWriter;
use super::processor::Processor;

/// How point coordinates are stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PointStorage {
    /// 32-bit floats (exact round trip); `POINT:SCALE` is −1.
    #[default]
    Float,
    /// 16-bit integers × a positive `POINT:SCALE` chosen from the largest coordinate.
    Integer,
}

/// Choices for [`write()`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// Float or scaled integers.
    pub storage: PointStorage,
    /// Number format of the file.
    pub processor: Processor,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            storage: PointStorage::Float,
            processor: Processor::Intel,
        }
    }
}

/// Largest integer a scaled value is stored as (a margin below `i16::MAX`).
const INT_RANGE: f32 = 32_000.0;

/// The C3D bytes of `clip` (its first person per frame; 2D clips get z = 0).
#[must_use]
pub fn write(clip: &Clip, options: &WriteOptions) -> Vec<u8> {
    let p = options.processor;
    let frames = clip.frame_count();
    let points = clip.poses.joints().min(usize::from(u16::MAX));
    let coords = gather_points(clip, points);
    let point_scale = match options.storage {
        PointStorage::Float => -1.0,
        PointStorage::Integer => integer_scale(coords.iter().copied()),
    };
    let analog = AnalogPlan::new(clip, frames, options.storage);

    let mut params = ParamWriter::new(p);
    params.group(1, "POINT");
    params.int(1, "USED", &[points as u16]);
    params.int(1, "FRAMES", &[frames.min(65_535) as u16]);
    params.int(1, "DATA_START", &[0]); // patched below
    params.float(1, "SCALE", &[point_scale]);
    params.float(1, "RATE", &[clip.frame_rate_hz.unwrap_or(0.0) as f32]);
    params.strings_continued(
        1,
        "LABELS",
        &clip.skeleton.names()[..points.min(clip.skeleton.names().len())],
    );
    if clip.space.units != Units::Unknown {
        params.strings(1, "UNITS", &[clip.space.units.as_str().to_owned()]);
    }
    if frames > 65_535 {
        params.float(1, "LONG_FRAMES", &[frames as f32]);
    }
    params.group(2, "ANALOG");
    params.int(2, "USED", &[analog.channels as u16]);
    if analog.channels > 0 {
        params.float(2, "RATE", &[analog.rate_hz as f32]);
        params.float(2, "GEN_SCALE", &[1.0]);
        params.numbers_continued(2, "SCALE", ParamType::Float, &analog.scales);
        let zeros = vec![0.0; analog.channels];
        params.numbers_continued(2, "OFFSET", ParamType::Int16, &zeros);
        params.strings_continued(2, "LABELS", &analog.labels);
        params.strings_continued(2, "UNITS", &analog.units);
    }
    if frames > 65_535 {
        let end = u32::try_from(frames).unwrap_or(u32::MAX);
        params.group(3, "TRIAL");
        params.int(3, "ACTUAL_START_FIELD", &[1, 0]);
        params.int(
            3,
            "ACTUAL_END_FIELD",
            &[(end & 0xffff) as u16, (end >> 16) as u16],
        );
    }
    let parameter_blocks = (4 + params.bytes.len() + 2).div_ceil(BLOCK_BYTES);
    let data_start_block = (2 + parameter_blocks).min(usize::from(u16::MAX)) as u16;
    params.patch_int("DATA_START", data_start_block);

    let header = Header {
        parameter_block: 2,
        point_count: points as u16,
        analog_values_per_frame: (analog.channels * analog.per_frame).min(65_535) as u16,
        first_frame: 1,
        last_frame: frames.clamp(1, 65_535) as u16,
        max_gap: 0,
        scale: point_scale,
        data_start_block,
        analog_samples_per_frame: analog.per_frame.min(65_535) as u16,
        frame_rate_hz: clip.frame_rate_hz.unwrap_or(0.0) as f32,
    };
    let mut out = header.encode(p);
    out.extend_from_slice(&[1, KEY, parameter_blocks.min(255) as u8, p.byte()]);
    out.extend_from_slice(&params.bytes);
    out.resize((1 + parameter_blocks) * BLOCK_BYTES, 0);

    let mut push = |value: f32, storage: PointStorage, scale: f32| match storage {
        PointStorage::Float => out.extend_from_slice(&p.f32_bytes(value)),
        PointStorage::Integer => out.extend_from_slice(&p.i16_bytes(to_i16(value / scale))),
    };
    for f in 0..frames {
        for xyz in coords.chunks_exact(3).skip(f * points).take(points) {
            let valid = xyz.iter().all(|v| v.is_finite());
            for &v in xyz {
                push(if valid { v } else { 0.0 }, options.storage, point_scale);
            }
            // Fourth word: 0 (residual 0, no camera mask) when valid, −1 when missing.
            let word = if valid { 0.0 } else { -1.0 };
            match options.storage {
                PointStorage::Float => push(word, PointStorage::Float, 1.0),
                PointStorage::Integer => push(word, PointStorage::Integer, 1.0),
            }
        }
        for row in 0..analog.per_frame {
            for (ch, scale) in analog.scales.iter().enumerate() {
                let v = analog.value(f * analog.per_frame + row, ch);
                push(v, options.storage, *scale);
            }
        }
    }
    out.resize(out.len().div_ceil(BLOCK_BYTES) * BLOCK_BYTES, 0);
    out
}

/// `points × 3` coordinates per frame, frame after frame (NaN where missing).
fn gather_points(clip: &Clip, points: usize) -> Vec<f32> {
    let mut coords = Vec::with_capacity(clip.frame_count() * points * 3);
    for f in 0..clip.frame_count() {
        let person = clip.poses.frame(f).and_then(|frame| frame.person(0));
        for j in 0..points {
            let xyz = person
                .as_ref()
                .and_then(|p| p.joint(j))
                .unwrap_or([f32::NAN; 3]);
            coords.extend(xyz);
        }
    }
    coords
}

/// A positive scale that maps the largest finite magnitude to [`INT_RANGE`].
fn integer_scale(values: impl Iterator<Item = f32>) -> f32 {
    let max = values
        .filter(|v| v.is_finite())
        .fold(0.0_f32, |m, v| m.max(v.abs()));
    if max > 0.0 { max / INT_RANGE } else { 1.0 }
}

/// Rounds to the nearest int16 (saturating; NaN gives 0).
pub(super) fn to_i16(value: f32) -> i16 {
    value.round() as i16
}

/// The analog channels to write.
struct AnalogPlan<'a> {
    channels: usize,
    per_frame: usize,
    rate_hz: f64,
    labels: Vec<String>,
    units: Vec<String>,
    /// Float storage: 1; integer storage: per-channel scale.
    scales: Vec<f32>,
    clip: &'a Clip,
}

impl<'a> AnalogPlan<'a> {
    fn new(clip: &'a Clip, frames: usize, storage: PointStorage) -> Self {
        let empty = Self {
            channels: 0,
            per_frame: 0,
            rate_hz: 0.0,
            labels: Vec::new(),
            units: Vec::new(),
            scales: Vec::new(),
            clip,
        };
        let Some(analog) = &clip.analog else {
            return empty;
        };
        let (rows, channels) = analog.samples.dim();
        let per_frame = rows.checked_div(frames).unwrap_or(0);
        if channels == 0 || per_frame == 0 {
            return empty;
        }
        let scales = (0..channels)
            .map(|ch| match storage {
                PointStorage::Float => 1.0,
                PointStorage::Integer => integer_scale(analog.samples.column(ch).iter().copied()),
            })
            .collect();
        let mut labels = analog.labels.clone();
        labels.resize(channels, String::new());
        let mut units = analog.units.clone();
        units.resize(channels, String::new());
        Self {
            channels,
            per_frame,
            rate_hz: analog.rate_hz,
            labels,
            units,
            scales,
            clip,
        }
    }

    fn value(&self, row: usize, ch: usize) -> f32 {
        self.clip
            .analog
            .as_ref()
            .and_then(|a| a.samples.get((row, ch)).copied())
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ndarray::Array2;

    use super::super::read;
    use super::*;
    use crate::model::{
        AnalogChannels, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, UpAxis,
    };

    /// `frames` frames of `markers` markers (marker 1 missing every 7th frame) and, when
    /// `analog_per_frame > 0`, two analog channels.
    fn clip(frames: usize, markers: usize, analog_per_frame: usize) -> Clip {
        let mut builder = PosesBuilder::new(markers, 3, false, false);
        for f in 0..frames {
            builder.begin_frame();
            let coords: Vec<f32> = (0..markers)
                .flat_map(|m| {
                    let t = f as f32 * 0.01;
                    if m == 1 && f % 7 == 0 {
                        [f32::NAN; 3]
                    } else {
                        [
                            100.0 * t.sin() + m as f32,
                            -250.5 + t,
                            900.0 + m as f32 * 0.125,
                        ]
                    }
                })
                .collect();
            builder.push_person(&coords, None, None);
        }
        let names = (0..markers).map(|m| format!("M{m}")).collect();
        let skeleton = Skeleton::from_names_and_bones(names, Vec::new(), LayoutId::FromFile);
        let mut clip = Clip::new(
            skeleton,
            Some(120.0),
            Space::world(Units::Mm, UpAxis::Z),
            builder.finish(),
            ClipMeta::new("made.c3d", FormatId::C3d),
        );
        if analog_per_frame > 0 {
            let rows = frames * analog_per_frame;
            let samples = Array2::from_shape_fn((rows, 2), |(r, c)| {
                (r as f32 * 0.37).cos() * 50.0 + c as f32
            });
            clip.analog = Some(AnalogChannels {
                rate_hz: 120.0 * analog_per_frame as f64,
                labels: vec!["FZ1".into(), "EMG".into()],
                units: vec!["N".into(), "V".into()],
                samples,
            });
        }
        clip
    }

    fn same_points(a: &Clip, b: &Clip, tolerance: f32) {
        assert_eq!(a.frame_count(), b.frame_count());
        assert_eq!(a.poses.joints(), b.poses.joints());
        for f in 0..a.frame_count() {
            let pa = a.poses.frame(f).and_then(|x| x.person(0)).expect("a");
            let pb = b.poses.frame(f).and_then(|x| x.person(0)).expect("b");
            for j in 0..a.poses.joints() {
                match (pa.joint(j), pb.joint(j)) {
                    (None, None) => {}
                    (Some(x), Some(y)) => {
                        for (u, v) in x.iter().zip(y) {
                            assert!(
                                (u - v).abs() <= tolerance,
                                "frame {f} joint {j}: {u} vs {v}"
                            );
                        }
                    }
                    other => panic!("frame {f} joint {j}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn float_files_round_trip_exactly_in_every_processor() {
        let original = clip(50, 3, 4);
        for processor in [Processor::Intel, Processor::Dec, Processor::Mips] {
            let options = WriteOptions {
                storage: PointStorage::Float,
                processor,
            };
            let bytes = write(&original, &options);
            assert_eq!(bytes.len() % BLOCK_BYTES, 0);
            let back = read(&bytes, Path::new("made.c3d")).expect("reads back");
            assert!(back.meta.warnings.is_empty(), "{:?}", back.meta.warnings);
            same_points(&original, &back, 0.0);
            assert_eq!(back.skeleton.names(), original.skeleton.names());
            assert_eq!(back.frame_rate_hz, Some(120.0));
            assert_eq!(back.space.units, Units::Mm);
            assert_eq!(back.analog, original.analog, "{processor:?}");
        }
    }

    #[test]
    fn integer_files_round_trip_within_the_scale() {
        let original = clip(30, 2, 2);
        let options = WriteOptions {
            storage: PointStorage::Integer,
            processor: Processor::Intel,
        };
        let back = read(&write(&original, &options), Path::new("int.c3d")).expect("reads");
        // Largest magnitude ≈ 900.1 → scale ≈ 0.0281; rounding costs at most half of it.
        same_points(&original, &back, 900.2 / INT_RANGE / 2.0 + 1e-4);
        let (a, b) = (
            original.analog.expect("analog"),
            back.analog.expect("analog"),
        );
        assert_eq!(a.samples.dim(), b.samples.dim());
        for (x, y) in a.samples.iter().zip(b.samples.iter()) {
            assert!((x - y).abs() <= 51.0 / INT_RANGE, "{x} vs {y}");
        }
    }

    #[test]
    fn long_trials_keep_their_true_frame_count() {
        let original = clip(70_000, 2, 1);
        for processor in [Processor::Intel, Processor::Mips] {
            let options = WriteOptions {
                storage: PointStorage::Float,
                processor,
            };
            let bytes = write(&original, &options);
            let back = read(&bytes, Path::new("long.c3d")).expect("reads");
            assert_eq!(back.frame_count(), 70_000);
            assert!(back.meta.warnings.is_empty(), "{:?}", back.meta.warnings);
            let detail = |key: &str| {
                back.meta
                    .details
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
            };
            assert_eq!(detail("first frame").as_deref(), Some("1"));
            assert_eq!(detail("last frame").as_deref(), Some("70000"));
            same_points(&original, &back, 0.0);
            assert_eq!(back.analog.map(|a| a.samples.nrows()), Some(70_000));
        }
    }

    #[test]
    fn many_labels_continue_in_labels2() {
        let original = clip(2, 300, 0);
        let back = read(
            &write(&original, &WriteOptions::default()),
            Path::new("m.c3d"),
        )
        .expect("reads");
        assert_eq!(back.skeleton.names(), original.skeleton.names());
        assert_eq!(back.skeleton.name(299), "M299");
        assert!(back.analog.is_none());
    }

    #[test]
    fn a_clip_without_rate_or_units_says_so_when_read_back() {
        let mut original = clip(3, 1, 0);
        original.frame_rate_hz = None;
        original.space.units = Units::Unknown;
        let back = read(
            &write(&original, &WriteOptions::default()),
            Path::new("u.c3d"),
        )
        .expect("reads");
        assert_eq!(back.frame_rate_hz, None);
        assert_eq!(back.space.units, Units::Unknown);
        assert_eq!(back.meta.warnings.len(), 2, "{:?}", back.meta.warnings);
    }
}
