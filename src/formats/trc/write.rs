//! Writes a clip as TRC text that OpenSim and [`super::read`] accept.
//!
//! Every number is written as the shortest text that reads back to the same `f64`, and the
//! `f32` coordinates are widened to `f64` first, so reading the text gives back exactly the
//! clip's values. The output depends only on the clip: the same clip gives the same bytes.

use std::fmt::Write as _;

use super::document::{TrcDocument, TrcHeader};
use crate::model::{Clip, UpAxis};

/// Writes `clip` as TRC text.
///
/// One subject: the first person of each frame (a frame with nobody is a row of empty cells).
/// Coordinates are turned to Y-up, as OpenSim expects, by a rotation that maps the clip's up
/// axis onto +Y (nothing changes for a Y-up clip); 2D clips get z = 0. The rate is the clip's
/// playback rate, `Frame#` counts from 1 and `Time` is `index / rate`.
#[must_use]
pub fn write(clip: &Clip) -> String {
    write_document(&document_from_clip(clip))
}

/// Builds the TRC document [`write()`] writes.
#[must_use]
pub fn document_from_clip(clip: &Clip) -> TrcDocument {
    let markers = clip.poses.joints();
    let frames = clip.frame_count();
    let rate_hz = clip.playback_rate_hz();
    let units = clip.space.units.as_str().to_owned();
    let marker_names: Vec<String> = (0..markers)
        .map(|i| {
            let name = clean_cell(clip.skeleton.name(i));
            if name.is_empty() {
                format!("Marker{}", i + 1)
            } else {
                name
            }
        })
        .collect();
    let mut coords = Vec::with_capacity(frames.saturating_mul(markers * 3));
    for frame in clip.poses.frames() {
        let person = frame.person(0);
        for marker in 0..markers {
            match person.as_ref().and_then(|p| p.joint(marker)) {
                Some(point) => coords.extend(to_y_up(point, clip.space.up).map(f64::from)),
                None => coords.extend([f64::NAN; 3]),
            }
        }
    }
    let count = frames.to_string();
    let rate = rate_hz.to_string();
    let fields = [
        ("DataRate", rate.as_str()),
        ("CameraRate", rate.as_str()),
        ("NumFrames", count.as_str()),
        ("NumMarkers", markers.to_string().as_str()),
        ("Units", units.as_str()),
        ("OrigDataRate", rate.as_str()),
        ("OrigDataStartFrame", "1"),
        ("OrigNumFrames", count.as_str()),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .to_vec();
    TrcDocument {
        path_file_type: format!("4\t(X/Y/Z)\t{}", clean_cell(&clip.meta.display_name())),
        header: TrcHeader {
            fields,
            data_rate_hz: Some(rate_hz),
            camera_rate_hz: Some(rate_hz),
            num_frames: Some(frames as u64),
            num_markers: Some(markers as u64),
            units,
            orig_data_rate_hz: Some(rate_hz),
            orig_data_start_frame: Some(1),
            orig_num_frames: Some(frames as u64),
        },
        marker_names,
        frame_numbers: (1..=frames as i64).collect(),
        times_s: (0..frames).map(|i| i as f64 / rate_hz).collect(),
        coords,
    }
}

/// Writes a document as TRC text (tab-separated, `\n` line ends, trailing tabs after the last
/// marker name as OpenSim tools write them).
#[must_use]
pub fn write_document(document: &TrcDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "PathFileType\t{}", document.path_file_type);
    let (keys, values): (Vec<&str>, Vec<&str>) = document
        .header
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .unzip();
    let _ = writeln!(out, "{}", keys.join("\t"));
    let _ = writeln!(out, "{}", values.join("\t"));
    out.push_str("Frame#\tTime");
    for name in &document.marker_names {
        let _ = write!(out, "\t{name}\t\t");
    }
    out.push_str("\n\t");
    for i in 1..=document.marker_count() {
        let _ = write!(out, "\tX{i}\tY{i}\tZ{i}");
    }
    out.push('\n');
    for row in 0..document.frame_count() {
        let frame = document.frame_numbers.get(row).copied().unwrap_or(0);
        let _ = write!(out, "{frame}");
        push_number(
            &mut out,
            document.times_s.get(row).copied().unwrap_or(f64::NAN),
        );
        for &value in document.row(row).unwrap_or_default() {
            push_number(&mut out, value);
        }
        out.push('\n');
    }
    out
}

/// Appends a tab and the shortest round-trip text of `value` (nothing for NaN or infinity).
fn push_number(out: &mut String, value: f64) {
    out.push('\t');
    if value.is_finite() {
        let _ = write!(out, "{value}");
    }
}

/// A name made safe for one TRC cell: no tabs or line breaks, no surrounding spaces.
fn clean_cell(text: &str) -> String {
    text.replace(['\t', '\r', '\n'], " ").trim().to_owned()
}

/// Rotates a point so that `up` becomes +Y (a proper rotation: handedness is kept).
fn to_y_up([x, y, z]: [f32; 3], up: UpAxis) -> [f32; 3] {
    match up {
        UpAxis::Y => [x, y, z],
        UpAxis::Z => [x, z, -y],
        UpAxis::NegY => [x, -y, -z],
        UpAxis::X => [-y, x, z],
        UpAxis::NegZ => [x, -z, y],
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units};

    fn clip(up: UpAxis) -> Clip {
        let skeleton = Skeleton::from_names_and_bones(
            vec!["Head".into(), "L\tHeel".into()],
            Vec::new(),
            LayoutId::FromFile,
        );
        let mut builder = PosesBuilder::new(2, 3, false, false);
        builder.begin_frame();
        builder.push_person(&[0.1, 1.7, 0.2, 0.3, 0.05, f32::NAN], None, None);
        builder.begin_frame();
        let poses = builder.finish();
        Clip::new(
            skeleton,
            Some(120.0),
            Space::world(Units::M, up),
            poses,
            ClipMeta::new("walk.trc", FormatId::Trc),
        )
    }

    #[test]
    fn writes_the_opensim_layout() {
        let text = write(&clip(UpAxis::Y));
        let expected = "PathFileType\t4\t(X/Y/Z)\twalk.trc\n\
            DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n\
            120\t120\t2\t2\tm\t120\t1\t2\n\
            Frame#\tTime\tHead\t\t\tL Heel\t\t\n\
            \t\tX1\tY1\tZ1\tX2\tY2\tZ2\n\
            1\t0\t0.10000000149011612\t1.7000000476837158\t0.20000000298023224\t\t\t\n\
            2\t0.008333333333333333\t\t\t\t\t\t\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn awkward_values_read_back_bit_for_bit() {
        let values = [-0.0, 1e-40, 3.402_823_5e38, 0.1, -1.000_000_1, f32::NAN];
        let skeleton = Skeleton::unnamed(2);
        let mut builder = PosesBuilder::new(2, 3, false, false);
        builder.begin_frame();
        builder.push_person(&values, None, None);
        let clip = Clip::new(
            skeleton,
            Some(29.97),
            Space::world(Units::Mm, UpAxis::Y),
            builder.finish(),
            ClipMeta::new("odd.trc", FormatId::Trc),
        );
        let text = write(&clip);
        let read = super::super::read(text.as_bytes(), Path::new("odd.trc")).expect("reads");
        assert_eq!(read.skeleton.names(), ["0", "1"]);
        assert_eq!(read.frame_rate_hz, Some(29.97));
        assert_eq!(read.space, clip.space);
        let person = read
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        let bits: Vec<u32> = person.coords.iter().take(3).map(|v| v.to_bits()).collect();
        assert_eq!(
            bits,
            values[..3].iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(person.joint(1), None);
        assert_eq!(
            write(&read).split_once('\n').map(|p| p.1),
            text.split_once('\n').map(|p| p.1)
        );
    }

    #[test]
    fn z_up_clips_are_turned_y_up() {
        let doc = document_from_clip(&clip(UpAxis::Z));
        assert_eq!(
            doc.marker(0, 0),
            Some([0.1_f32, 0.2, -1.7].map(f64::from)),
            "(x, y, z) -> (x, z, -y)"
        );
        let read = super::super::read(write(&clip(UpAxis::Z)).as_bytes(), Path::new("a.trc"))
            .expect("reads");
        assert_eq!(read.space.up, UpAxis::Y);
    }
}
