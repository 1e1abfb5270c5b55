//! OpenSim TRC marker trajectories (tab-separated text): reader and writer.
//!
//! Layout (see `shared/notes/formats.md` §8): line 1 `PathFileType`, line 2 the header names,
//! line 3 their values, line 4 `Frame# Time` and the marker names (each followed by two empty
//! cells), line 5 `X1 Y1 Z1 ...`, then one row per frame. Empty cells and `NaN` are missing
//! markers. Counts in the header are checked against the rows, never trusted.
//!
//! The clip is 3D in the file's `Units`, one subject per frame, markers named as in the file and
//! no bones (recognising marker sets is a separate step). OpenSim is Y-up; only when the markers
//! clearly stand along Z is Z taken as up instead (with a warning).

mod document;
mod parse;
mod write;

use std::path::Path;

pub use document::{TrcDocument, TrcHeader};
pub use parse::parse;
pub use write::{document_from_clip, write, write_document};

use super::LoadError;
use crate::model::{
    Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

/// Reads a TRC file.
///
/// # Errors
/// When a header line is missing, no marker is named, or a cell is not a number; the error
/// names the file and the line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let (document, warnings) = parse(bytes, path)?;
    let mut meta = ClipMeta::new(path, FormatId::Trc);
    meta.warnings = warnings;
    Ok(to_clip(&document, meta))
}

/// Turns a parsed document into a clip; `meta` already holds the parse warnings.
#[must_use]
pub fn to_clip(document: &TrcDocument, mut meta: ClipMeta) -> Clip {
    let markers = document.marker_count();
    let skeleton = Skeleton::from_names_and_bones(
        document.marker_names.clone(),
        Vec::new(),
        LayoutId::FromFile,
    );
    let mut builder = PosesBuilder::new(markers, 3, false, false);
    let mut coords = vec![f32::NAN; markers * 3];
    for row in 0..document.frame_count() {
        builder.begin_frame();
        let Some(values) = document.row(row) else {
            continue;
        };
        let mut any = false;
        for (point, stored) in values.chunks_exact(3).zip(coords.chunks_exact_mut(3)) {
            let present = point.iter().all(|v| v.is_finite());
            for (out, &value) in stored.iter_mut().zip(point) {
                *out = if present { value as f32 } else { f32::NAN };
            }
            any |= present;
        }
        if any {
            builder.push_person(&coords, None, None);
        }
    }
    let poses = builder.finish();

    let header = &document.header;
    let units = Units::parse(&header.units);
    if units == Units::Unknown {
        meta.warnings.push(format!(
            "Units `{}` is not a length unit posedeck knows; coordinates are shown unscaled",
            header.units
        ));
    }
    let rate_ok = |r: &Option<f64>| r.filter(|r| r.is_finite() && *r > 0.0);
    let frame_rate_hz = rate_ok(&header.data_rate_hz).or_else(|| rate_ok(&header.camera_rate_hz));
    if frame_rate_hz.is_none() {
        meta.warnings
            .push("neither DataRate nor CameraRate is a positive rate".to_owned());
    }
    let mut space = Space::world(units, UpAxis::Y);
    if stands_along_z(document) {
        space.up = UpAxis::Z;
        space.up_guessed = true;
        meta.warnings.push(
            "the markers stand along Z, so Z is taken as up (OpenSim files are normally Y-up)"
                .to_owned(),
        );
    }
    add_details(document, &mut meta);
    Clip::new(skeleton, frame_rate_hz, space, poses, meta)
}

/// True when, on average over the frames, the marker cloud is clearly taller along Z than along
/// Y and X: a Z-up recording written into a TRC file.
fn stands_along_z(document: &TrcDocument) -> bool {
    let mut sums = [0.0_f64; 3];
    let mut frames = 0_usize;
    for row in 0..document.frame_count() {
        let Some(values) = document.row(row) else {
            continue;
        };
        let mut low = [f64::INFINITY; 3];
        let mut high = [f64::NEG_INFINITY; 3];
        let mut present = 0;
        for point in values
            .chunks_exact(3)
            .filter(|p| p.iter().all(|v| v.is_finite()))
        {
            present += 1;
            for (axis, &value) in point.iter().enumerate().take(3) {
                low[axis] = low[axis].min(value);
                high[axis] = high[axis].max(value);
            }
        }
        if present >= 3 {
            frames += 1;
            for axis in 0..3 {
                sums[axis] += high[axis] - low[axis];
            }
        }
    }
    let [x, y, z] = sums;
    frames > 0 && z > 2.0 * y && z > 1.5 * x
}

/// Records the header facts worth showing.
fn add_details(document: &TrcDocument, meta: &mut ClipMeta) {
    let details = &mut meta.details;
    details.push(("PathFileType".to_owned(), document.path_file_type.clone()));
    for (key, value) in &document.header.fields {
        details.push((key.clone(), value.clone()));
    }
    if let (Some(first), Some(last)) = (
        document.frame_numbers.first(),
        document.frame_numbers.last(),
    ) {
        details.push(("Frame# range".to_owned(), format!("{first} to {last}")));
    }
    if let (Some(first), Some(last)) = (document.times_s.first(), document.times_s.last()) {
        details.push(("time range (s)".to_owned(), format!("{first} to {last}")));
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn text(rows: &[[f64; 6]]) -> String {
        let mut text = String::from(
            "PathFileType\t4\t(X/Y/Z)\tt.trc\nDataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n\
             50\t50\t2\t2\tm\nFrame#\tTime\tHead\t\t\tFoot\t\t\n\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n",
        );
        for (i, row) in rows.iter().enumerate() {
            let _ = write!(text, "{}\t{}", i + 1, i as f64 / 50.0);
            for v in row {
                if v.is_nan() {
                    text.push('\t');
                } else {
                    let _ = write!(text, "\t{v}");
                }
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn clip_has_markers_rate_units_and_missing() {
        let nan = f64::NAN;
        let source = text(&[
            [0.1, 1.7, 0.2, 0.1, 0.0, 0.2],
            [0.2, 1.6, 0.3, nan, 0.1, 0.3],
        ]);
        let clip = read(source.as_bytes(), Path::new("t.trc")).expect("reads");
        assert_eq!(clip.skeleton.names(), ["Head", "Foot"]);
        assert!(clip.skeleton.bones().is_empty());
        assert_eq!(clip.frame_rate_hz, Some(50.0));
        assert_eq!(clip.space, Space::world(Units::M, UpAxis::Y));
        assert_eq!(clip.frame_count(), 2);
        let second = clip
            .poses
            .frame(1)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(second.joint(0), Some([0.2, 1.6, 0.3]));
        assert_eq!(
            second.joint(1),
            None,
            "a marker with one empty cell is missing"
        );
        assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    }

    #[test]
    fn z_up_markers_are_recognised() {
        let source = text(&[
            [0.1, 0.2, 1.7, 0.1, 0.25, 0.0],
            [0.1, 0.2, 1.7, 0.3, 0.1, 0.0],
        ]);
        // Two markers are not enough to judge (at least three are needed) ...
        let clip = read(source.as_bytes(), Path::new("t.trc")).expect("reads");
        assert_eq!(clip.space.up, UpAxis::Y);
        // ... three are.
        let source = source
            .replace("Foot\t\t\n", "Foot\t\t\tHip\t\t\n")
            .replace("\t0\n", "\t0\t0.1\t0.2\t0.9\n");
        let clip = read(source.as_bytes(), Path::new("t.trc")).expect("reads");
        assert_eq!(clip.space.up, UpAxis::Z);
        assert!(clip.space.up_guessed);
    }
}
