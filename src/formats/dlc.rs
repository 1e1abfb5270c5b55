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
//! quote, which [`split_csv`] handles; records spanning lines do not occur.

use std::borrow::Cow;
use std::path::Path;

use super::{LoadError, Location};
use crate::model::{
    Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

/// Most stored values per byte of input plus a fixed allowance (see the TRC reader): a header
/// naming thousands of body parts above one-cell rows cannot make the reader allocate far more
/// than the file holds.
const VALUES_PER_BYTE: usize = 2;
/// Fixed allowance of stored values on top of [`VALUES_PER_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;
/// Most header rows before `coords` (scorer, individuals, bodyparts, coords and a spare).
const MAX_HEADER_ROWS: usize = 6;

/// What a data column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A coordinate axis: 0 = x, 1 = y, 2 = z.
    Axis(usize),
    /// The network's likelihood.
    Likelihood,
}

/// One data column: which cell, which individual and body part, what it holds.
#[derive(Clone, Copy, Debug)]
struct Column {
    cell: usize,
    person: usize,
    joint: usize,
    kind: Kind,
}

/// The header rows, understood.
#[derive(Debug, Default)]
struct Header {
    scorer: String,
    /// Number of leading index cells.
    index_cells: usize,
    /// Number of cells in the `coords` row.
    width: usize,
    columns: Vec<Column>,
    joints: Vec<String>,
    individuals: Vec<String>,
    multi_animal: bool,
    dims: usize,
    with_confidence: bool,
}

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

    let joints = header.joints.len();
    let dims = header.dims;
    let people = header.individuals.len();
    let per_person = joints * (dims + usize::from(header.with_confidence));
    let mut budget = bytes
        .len()
        .saturating_mul(VALUES_PER_BYTE)
        .saturating_add(VALUES_ALLOWANCE);
    let mut builder = PosesBuilder::new(joints, dims, header.with_confidence, header.multi_animal);
    let mut coords = vec![f32::NAN; people * joints * dims];
    let mut confidence = vec![f32::NAN; people * joints];
    let (mut short_rows, mut long_rows) = (0_usize, 0_usize);
    let mut first_index: Option<String> = None;
    let mut numeric_index = true;

    for (number, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells = split_csv(line);
        let index: Vec<&str> = cells
            .iter()
            .take(header.index_cells)
            .map(|c| c.trim())
            .collect();
        numeric_index &= index.iter().all(|c| c.parse::<i64>().is_ok());
        first_index.get_or_insert_with(|| index.join("/"));
        coords.fill(f32::NAN);
        confidence.fill(f32::NAN);
        for column in &header.columns {
            let value = match cells.get(column.cell) {
                Some(cell) => parse_cell(cell).ok_or_else(|| {
                    err(
                        number,
                        format!(
                            "column {} ({} {}): `{}` is not a number",
                            column.cell + 1,
                            header.joints.get(column.joint).map_or("", String::as_str),
                            kind_name(column.kind),
                            cell.trim()
                        ),
                    )
                })?,
                None => f32::NAN,
            };
            let point = column.person * joints + column.joint;
            let slot = match column.kind {
                Kind::Axis(axis) => coords.get_mut(point * dims + axis),
                Kind::Likelihood => confidence.get_mut(point),
            };
            if let Some(slot) = slot {
                *slot = value;
            }
        }
        if cells.len() < header.columns.iter().map(|c| c.cell + 1).max().unwrap_or(0) {
            short_rows += 1;
        }
        if cells.iter().skip(header.width).any(|c| !c.trim().is_empty()) {
            long_rows += 1;
        }

        builder.begin_frame();
        for person in 0..people {
            let range = person * joints..(person + 1) * joints;
            let (Some(person_coords), Some(person_conf)) = (
                coords.get_mut(range.start * dims..range.end * dims),
                confidence.get_mut(range),
            ) else {
                continue;
            };
            if !keep_whole_points(person_coords, person_conf, dims) {
                continue;
            }
            budget = budget.checked_sub(per_person).ok_or_else(|| {
                err(
                    number,
                    "the header names far more points than the rows hold; \
                     this is not a consistent DeepLabCut file"
                        .to_owned(),
                )
            })?;
            let conf = header.with_confidence.then_some(&*person_conf);
            builder.push_person(person_coords, conf, Some(person as i64));
        }
    }

    if short_rows > 0 {
        meta.warnings.push(format!(
            "{short_rows} rows have fewer cells than the header; the absent values are missing"
        ));
    }
    if long_rows > 0 {
        meta.warnings.push(format!(
            "{long_rows} rows have more cells than the header; the extra values are ignored"
        ));
    }
    add_details(&header, first_index, numeric_index, &mut meta);
    let skeleton = Skeleton::from_names_and_bones(header.joints, Vec::new(), LayoutId::FromFile);
    let space = if dims == 3 {
        Space {
            up_guessed: true,
            ..Space::world(Units::Unknown, UpAxis::NegY)
        }
    } else {
        Space::image_px()
    };
    Ok(Clip::new(skeleton, None, space, builder.finish(), meta))
}

/// Reads the header rows up to and including `coords`; the error is (line, message).
fn read_header<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    warnings: &mut Vec<String>,
) -> Result<Header, (usize, String)> {
    let mut scorer = None;
    let mut individuals = None;
    let mut bodyparts = None;
    let mut coords = None;
    let mut last_line = 0;
    for (number, line) in lines.by_ref().take(MAX_HEADER_ROWS) {
        last_line = number;
        let cells: Vec<String> = split_csv(line).into_iter().map(Cow::into_owned).collect();
        let level = cells.first().map(|c| c.trim().to_ascii_lowercase());
        if scorer.is_none() && level.as_deref() != Some("scorer") {
            return Err((number, "a DeepLabCut CSV starts with a `scorer` row".to_owned()));
        }
        match level.as_deref() {
            Some("scorer") => scorer = Some(cells),
            Some("individuals") => individuals = Some((number, cells)),
            Some("bodyparts") => bodyparts = Some((number, cells)),
            Some("coords") => {
                coords = Some((number, cells));
                break;
            }
            other => warnings.push(format!(
                "header row {number} (`{}`) is not a DeepLabCut level; ignored",
                other.unwrap_or("")
            )),
        }
    }
    let Some((coords_line, coords)) = coords else {
        return Err((last_line.max(1), "the header has no `coords` row".to_owned()));
    };
    let Some((bodyparts_line, bodyparts)) = bodyparts else {
        return Err((coords_line, "the header has no `bodyparts` row".to_owned()));
    };
    let index_cells = coords
        .iter()
        .skip(1)
        .position(|c| !c.trim().is_empty())
        .map(|p| p + 1)
        .ok_or_else(|| (coords_line, "the `coords` row names no column".to_owned()))?;
    let mut header = Header {
        scorer: scorer
            .and_then(|s| s.get(index_cells).map(|c| c.trim().to_owned()))
            .unwrap_or_default(),
        index_cells,
        width: coords.len(),
        multi_animal: individuals.is_some(),
        dims: 2,
        ..Header::default()
    };
    let mut unknown = Vec::new();
    for (cell, kind_text) in coords.iter().enumerate().skip(index_cells) {
        let kind_text = kind_text.trim().to_ascii_lowercase();
        let kind = match kind_text.as_str() {
            "" => continue,
            "x" => Kind::Axis(0),
            "y" => Kind::Axis(1),
            "z" => Kind::Axis(2),
            "likelihood" => Kind::Likelihood,
            _ => {
                unknown.push(kind_text);
                continue;
            }
        };
        let part = bodyparts.get(cell).map_or("", |c| c.trim());
        if part.is_empty() {
            return Err((bodyparts_line, format!("column {} has no body part", cell + 1)));
        }
        let who = individuals
            .as_ref()
            .and_then(|(_, row)| row.get(cell))
            .map_or("", |c| c.trim());
        let joint = index_or_push(&mut header.joints, part);
        let person = index_or_push(&mut header.individuals, who);
        match kind {
            Kind::Axis(2) => header.dims = 3,
            Kind::Likelihood => header.with_confidence = true,
            Kind::Axis(_) => {}
        }
        header.columns.push(Column {
            cell,
            person,
            joint,
            kind,
        });
    }
    if header.columns.is_empty() {
        return Err((coords_line, "no `x`, `y` or `likelihood` column".to_owned()));
    }
    if !unknown.is_empty() {
        unknown.dedup();
        warnings.push(format!(
            "columns of unknown kind ignored: {}",
            unknown.join(", ")
        ));
    }
    Ok(header)
}

/// The position of `name` in `names`, adding it at the end when new.
fn index_or_push(names: &mut Vec<String>, name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_else(|| {
        names.push(name.to_owned());
        names.len() - 1
    })
}

/// Marks a point missing (all coordinates and confidence) unless all its coordinates are
/// present; returns true when any point of the person is present.
fn keep_whole_points(coords: &mut [f32], confidence: &mut [f32], dims: usize) -> bool {
    let mut any = false;
    for (point, conf) in coords.chunks_exact_mut(dims).zip(confidence.iter_mut()) {
        if point.iter().all(|v| v.is_finite()) {
            any = true;
        } else {
            point.fill(f32::NAN);
            *conf = f32::NAN;
        }
    }
    any
}

/// A cell as a number: NaN when empty or `NaN`; `None` when it is something else.
fn parse_cell(cell: &str) -> Option<f32> {
    let text = cell.trim();
    if text.is_empty() {
        return Some(f32::NAN);
    }
    let value = text.parse::<f64>().ok()?;
    Some(if value.is_finite() {
        value as f32
    } else {
        f32::NAN
    })
}

/// The column kind as the `coords` row names it.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Axis(0) => "x",
        Kind::Axis(1) => "y",
        Kind::Axis(_) => "z",
        Kind::Likelihood => "likelihood",
    }
}

/// Splits one CSV line into cells, undoing pandas' quoting (`"a,b"`, `"say ""hi"""`).
fn split_csv(line: &str) -> Vec<Cow<'_, str>> {
    if !line.contains('"') {
        return line.split(',').map(Cow::Borrowed).collect();
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.is_empty() => quoted = true,
            ',' if !quoted => cells.push(Cow::Owned(std::mem::take(&mut cell))),
            _ => cell.push(c),
        }
    }
    cells.push(Cow::Owned(cell));
    cells
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
        let text = "scorer,net,net,net\nbodyparts,a,a,a\ncoords,x,y,likelihood\n0,1.5,2.5,0.99\n1,,,0.1\n";
        let clip = read(text.as_bytes(), Path::new("v.csv")).expect("reads");
        assert_eq!(clip.frame_count(), 2);
        let first = clip.poses.frame(0).and_then(|f| f.person(0)).expect("person");
        assert_eq!(first.track_id, None);
        assert_eq!(first.confidence_of(0), Some(0.99));
        assert_eq!(clip.poses.frame(1).map(|f| f.people()), Some(0));
        assert!(clip.meta.details.contains(&("index".into(), "frame numbers".into())));
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

    #[test]
    fn quoted_cells_are_unquoted() {
        assert_eq!(
            split_csv(r#"a,"b,c","say ""hi""",d"#),
            ["a", "b,c", "say \"hi\"", "d"]
        );
        assert_eq!(split_csv("1,,2"), ["1", "", "2"]);
    }
}
