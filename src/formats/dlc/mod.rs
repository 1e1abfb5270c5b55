//! DeepLabCut CSV: labelled data (`CollectedData_<scorer>.csv`) and analysis output.
//!
//! The header is three rows `scorer` / `bodyparts` / `coords` (single animal) or four with an
//! `individuals` row (multi-animal); the first cell names each level. The leading index
//! column(s) hold an image path (labelled data; recent versions split it over three columns) or
//! a frame number (analysis output). Each body part has `x`, `y` and, in analysis output,
//! `likelihood` columns (`z` too in 3D output); an empty cell or `NaN` is a missing point.
//!
//! The clip has one frame per row in file order, one person per individual (track id = the
//! individual's position in the header, in multi-animal files), joints = the distinct body parts
//! in column order (an individual without a body part, such as maDLC's `single` with its unique
//! body parts, has it missing), likelihood as confidence, image pixels and no frame rate.
//!
//! Hand-written rather than with a CSV crate: the crate has none, and DeepLabCut (pandas) writes
//! plain comma-separated lines whose only quoting is around a cell that holds a comma or a
//! quote, which `cells::split_csv` handles; records spanning lines do not occur.

mod cells;
pub mod h5;
mod header;
mod rows;

use std::path::Path;

use super::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, Skeleton, Space, Units, UpAxis};
use header::{Header, read_header};
use rows::RowReader;

/// Reads a DeepLabCut CSV file.
///
/// # Errors
/// When the header rows are not DeepLabCut's or a cell is not a number; the error names the
/// file and the line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let err = |line: usize, message: String| {
        LoadError::parse(path, FormatId::Dlc, Location::Line(line), message)
    };
    let mut meta = ClipMeta::new(path, FormatId::Dlc);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header = read_header(&mut lines, &mut meta.warnings).map_err(|(l, m)| err(l, m))?;
    let mut rows = RowReader::new(&header, bytes.len());
    for (number, line) in lines {
        if !line.trim().is_empty() {
            rows.read(line).map_err(|message| err(number, message))?;
        }
    }
    add_details(
        &header,
        rows.first_index.take(),
        rows.numeric_index,
        &mut meta,
    );
    let poses = rows.finish(&mut meta.warnings);
    let space = if header.dims == 3 {
        Space {
            up_guessed: true,
            ..Space::world(Units::Unknown, UpAxis::NegY)
        }
    } else {
        Space::image_px()
    };
    let skeleton = Skeleton::from_names_and_bones(header.joints, Vec::new(), LayoutId::FromFile);
    Ok(Clip::new(skeleton, None, space, poses, meta))
}

/// Records scorer, individuals and the index kind.
fn add_details(
    header: &Header,
    first_index: Option<String>,
    numeric_index: bool,
    meta: &mut ClipMeta,
) {
    let details = &mut meta.details;
    details.push(("scorer".to_owned(), header.scorer.clone()));
    if header.multi_animal {
        details.push(("individuals".to_owned(), header.individuals.join(", ")));
    }
    if let Some(first) = first_index {
        let kind = if numeric_index {
            "frame numbers"
        } else {
            "image paths"
        };
        details.push(("index".to_owned(), kind.to_owned()));
        details.push(("first row".to_owned(), first));
    }
    if header.with_confidence {
        details.push(("confidence".to_owned(), "likelihood".to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTI: &str = "scorer,,,me,me,me,me,me,me,me,me,me,me,me,me,me,me,me\n\
        individuals,,,m1,m1,m1,m1,m1,m1,m2,m2,m2,m2,m2,m2,single,single,single\n\
        bodyparts,,,nose,nose,nose,tail,tail,tail,nose,nose,nose,tail,tail,tail,dish,dish,dish\n\
        coords,,,x,y,likelihood,x,y,likelihood,x,y,likelihood,x,y,likelihood,x,y,likelihood\n\
        labeled-data,v1,img0.png,1,2,0.9,3,4,0.8,5,6,0.7,,,,9,10,1\n\
        labeled-data,\"v,1\",img1.png,NaN,2,0.5,3,4,0.8,,,,,,,9,10,1\r\n";

    #[test]
    fn multi_animal_rows_become_tracked_people() {
        let clip = read(MULTI.as_bytes(), Path::new("c.csv")).expect("reads");
        assert_eq!(clip.skeleton.names(), ["nose", "tail", "dish"]);
        assert_eq!(clip.space, Space::image_px());
        assert_eq!(clip.frame_rate_hz, None);
        assert_eq!(clip.frame_count(), 2);
        assert!(clip.poses.has_confidence());
        let frame = clip.poses.frame(0).expect("frame 0");
        assert_eq!(frame.people(), 3);
        let m2 = frame.person(1).expect("m2");
        assert_eq!(m2.track_id, Some(1));
        assert_eq!(m2.joint(0), Some([5.0, 6.0, 0.0]));
        assert_eq!(m2.joint(1), None, "empty cells are missing");
        assert_eq!(m2.confidence_of(0), Some(0.7));
        let single = frame.person(2).expect("single");
        assert_eq!(single.track_id, Some(2));
        assert_eq!(single.joint(0), None, "`single` has no nose");
        assert_eq!(single.joint(2), Some([9.0, 10.0, 0.0]));
        // Frame 1: m2 has no point at all, so only m1 and `single` are present.
        let frame = clip.poses.frame(1).expect("frame 1");
        assert_eq!(frame.people(), 2);
        let m1 = frame.person(0).expect("m1");
        assert_eq!(m1.joint(0), None, "x = NaN makes the point missing");
        assert!(m1.confidence_of(0).is_some_and(f32::is_nan));
        assert_eq!(frame.person(1).and_then(|p| p.track_id), Some(2));
        assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
        assert!(
            clip.meta
                .details
                .contains(&("individuals".into(), "m1, m2, single".into()))
        );
    }

    #[test]
    fn single_animal_analysis_output_with_frame_numbers() {
        let text =
            "scorer,net,net,net\nbodyparts,a,a,a\ncoords,x,y,likelihood\n0,1.5,2.5,0.99\n1,,,0.1\n";
        let clip = read(text.as_bytes(), Path::new("v.csv")).expect("reads");
        assert_eq!(clip.frame_count(), 2);
        let first = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(first.track_id, None);
        assert_eq!(first.confidence_of(0), Some(0.99));
        assert_eq!(clip.poses.frame(1).map(|f| f.people()), Some(0));
        assert!(
            clip.meta
                .details
                .contains(&("index".into(), "frame numbers".into()))
        );
    }

    #[test]
    fn bad_headers_and_cells_name_the_line() {
        let error = read(b"bodyparts,a\n", Path::new("a.csv")).expect_err("no scorer");
        assert_eq!(error.location(), Some(&Location::Line(1)));
        let error = read(b"scorer,s\nbodyparts,a\n", Path::new("a.csv")).expect_err("no coords");
        assert!(error.to_string().contains("no `coords` row"), "{error}");
        let text = "scorer,s,s\nbodyparts,a,a\ncoords,x,y\nimg.png,1,oops\n";
        let error = read(text.as_bytes(), Path::new("a.csv")).expect_err("bad cell");
        assert_eq!(error.location(), Some(&Location::Line(4)));
        assert!(error.to_string().contains("column 3 (a y)"), "{error}");
    }
}
