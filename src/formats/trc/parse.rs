//! Parses TRC text into a [`TrcDocument`].
//!
//! Hand-written: the format is five header lines and tab-separated rows; a CSV crate would not
//! know its header and would add nothing for the rows.

use std::path::Path;

use super::document::{TrcDocument, TrcHeader};
use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Most coordinate values the reader stores per byte of input (plus a fixed allowance), so a
/// marker row naming thousands of markers above thousands of one-cell rows cannot make it
/// allocate far more than the file holds. A complete row needs at least one byte (a tab) per
/// value; real files use about twenty.
const VALUES_PER_BYTE: usize = 1;
/// Fixed allowance of coordinate values on top of [`VALUES_PER_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;

/// Parses a TRC file; returns the document and the oddities met (one sentence each).
///
/// # Errors
/// When a header line is missing, no marker is named, or a cell holds something other than a
/// number; the error names the line.
pub fn parse(bytes: &[u8], path: &Path) -> Result<(TrcDocument, Vec<String>), LoadError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let err = |line: usize, message: String| {
        LoadError::parse(path, FormatId::Trc, Location::Line(line), message)
    };
    let mut warnings = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));

    let mut next_line = |what: &str, number| {
        lines
            .next()
            .map(|(_, line)| line)
            .ok_or_else(|| err(number, format!("the file ends before the {what}")))
    };
    let first = next_line("`PathFileType` line", 1)?;
    let first_cells = split_cells(first);
    if !first_cells
        .first()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("PathFileType"))
    {
        return Err(err(1, "a TRC file starts with `PathFileType`".to_owned()));
    }
    let path_file_type = first_cells.get(1..).unwrap_or_default().join("\t");

    let keys_line = next_line("header names (line 2)", 2)?;
    let values_line = next_line("header values (line 3)", 3)?;
    let header = parse_header(keys_line, values_line, &mut warnings);

    let names_line = next_line("marker names (line 4)", 4)?;
    let marker_names: Vec<String> = split_cells(names_line)
        .iter()
        .skip(2)
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if marker_names.is_empty() {
        return Err(err(
            4,
            "the marker names row (line 4) names no marker".to_owned(),
        ));
    }
    if let Some(claimed) = header.num_markers
        && claimed != marker_names.len() as u64
    {
        warnings.push(format!(
            "NumMarkers says {claimed} but line 4 names {} markers; the names are used",
            marker_names.len()
        ));
    }

    let mut document = TrcDocument {
        path_file_type,
        header,
        marker_names,
        ..TrcDocument::default()
    };
    let mut rows = RowReader {
        markers: document.marker_names.len(),
        budget: bytes
            .len()
            .saturating_mul(VALUES_PER_BYTE)
            .saturating_add(VALUES_ALLOWANCE),
        short_rows: 0,
        long_rows: 0,
        comma_decimals: false,
    };
    for (number, line) in lines {
        let cells = split_cells(line);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The `X1 Y1 Z1` line (normally line 5) and any other label line before the data.
        if document.frame_count() == 0 && !starts_with_number(&cells) {
            continue;
        }
        rows.read(&cells, &mut document)
            .map_err(|message| err(number, message))?;
    }
    rows.report(&document, &mut warnings);
    Ok((document, warnings))
}

/// Splits a line into cells: on tabs, or on runs of spaces for a line without any tab.
fn split_cells(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t').collect()
    } else {
        line.split_whitespace().collect()
    }
}

/// True when the first non-empty cell is a number (a data row, not a label row).
fn starts_with_number(cells: &[&str]) -> bool {
    cells
        .iter()
        .map(|c| c.trim())
        .find(|c| !c.is_empty())
        .is_some_and(|c| c.parse::<f64>().is_ok())
}

/// Reads lines 2 and 3 into a [`TrcHeader`].
fn parse_header(keys_line: &str, values_line: &str, warnings: &mut Vec<String>) -> TrcHeader {
    let keys = split_cells(keys_line);
    let values = split_cells(values_line);
    let mut header = TrcHeader::default();
    for (index, key) in keys.iter().enumerate() {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let value = values.get(index).map_or("", |v| v.trim());
        header.fields.push((key.to_owned(), value.to_owned()));
        let mut number = |what: &str| {
            let parsed = value.parse::<f64>().ok().filter(|v| v.is_finite());
            if parsed.is_none() {
                warnings.push(format!("{what} `{value}` in line 3 is not a number"));
            }
            parsed
        };
        match key.to_ascii_lowercase().as_str() {
            "datarate" => header.data_rate_hz = number("DataRate"),
            "camerarate" => header.camera_rate_hz = number("CameraRate"),
            "numframes" => header.num_frames = number("NumFrames").and_then(to_count),
            "nummarkers" => header.num_markers = number("NumMarkers").and_then(to_count),
            "units" => value.clone_into(&mut header.units),
            "origdatarate" => header.orig_data_rate_hz = number("OrigDataRate"),
            "origdatastartframe" => {
                header.orig_data_start_frame = number("OrigDataStartFrame").map(|v| v as i64);
            }
            "orignumframes" => header.orig_num_frames = number("OrigNumFrames").and_then(to_count),
            _ => {}
        }
    }
    header
}

/// A non-negative whole number as a count.
fn to_count(value: f64) -> Option<u64> {
    (value >= 0.0 && value.fract() == 0.0 && value < 1.8e19).then_some(value as u64)
}

/// Reads data rows into the document, counting oddities for one warning each at the end.
struct RowReader {
    markers: usize,
    /// Coordinate values the reader may still store.
    budget: usize,
    short_rows: usize,
    long_rows: usize,
    comma_decimals: bool,
}

impl RowReader {
    /// Reads one data row; the error is the message for the row's line.
    fn read(&mut self, cells: &[&str], document: &mut TrcDocument) -> Result<(), String> {
        let width = self.markers * 3;
        self.budget = self.budget.checked_sub(width).ok_or_else(|| {
            format!(
                "line 4 names {} markers but the rows are far shorter than that; \
                 this is not a consistent TRC file",
                self.markers
            )
        })?;
        let frame_cell = cells.first().map_or("", |c| c.trim());
        let frame = parse_frame_number(frame_cell)
            .ok_or_else(|| format!("the frame number `{frame_cell}` is not a whole number"))?;
        let time_s = self
            .number(cells.get(1).copied())
            .map_err(|text| format!("the time `{text}` is not a number"))?;
        document.frame_numbers.push(frame);
        document.times_s.push(time_s);
        for column in 0..width {
            let value = self
                .number(cells.get(2 + column).copied())
                .map_err(|text| {
                    let marker = document
                        .marker_names
                        .get(column / 3)
                        .map_or("", String::as_str);
                    let axis = ["X", "Y", "Z"].get(column % 3).copied().unwrap_or("");
                    format!(
                        "column {} ({axis} of marker `{marker}`): `{text}` is not a number",
                        column + 3
                    )
                })?;
            document.coords.push(value);
        }
        if cells.len() < 2 + width {
            self.short_rows += 1;
        }
        if cells.iter().skip(2 + width).any(|c| !c.trim().is_empty()) {
            self.long_rows += 1;
        }
        Ok(())
    }

    /// A cell as a number: NaN for an absent, empty or `NaN` cell; the text on failure.
    fn number<'a>(&mut self, cell: Option<&'a str>) -> Result<f64, &'a str> {
        let Some(cell) = cell else {
            return Ok(f64::NAN);
        };
        let text = cell.trim();
        if text.is_empty() {
            return Ok(f64::NAN);
        }
        if let Ok(value) = text.parse::<f64>() {
            return Ok(value);
        }
        // A decimal comma from a locale that writes `0,123`.
        if text.bytes().filter(|&b| b == b',').count() == 1
            && !text.contains('.')
            && let Ok(value) = text.replace(',', ".").parse::<f64>()
        {
            self.comma_decimals = true;
            return Ok(value);
        }
        Err(text)
    }

    /// Adds the warnings about what was counted.
    fn report(&self, document: &TrcDocument, warnings: &mut Vec<String>) {
        let rows = document.frame_count();
        if let Some(claimed) = document.header.num_frames
            && claimed != rows as u64
        {
            warnings.push(format!(
                "NumFrames says {claimed} but the file holds {rows} rows; the rows are used"
            ));
        }
        if self.short_rows > 0 {
            warnings.push(format!(
                "{} rows have fewer cells than {} markers need; the absent values are missing",
                self.short_rows, self.markers
            ));
        }
        if self.long_rows > 0 {
            warnings.push(format!(
                "{} rows have more values than {} markers need; the extra values are ignored",
                self.long_rows, self.markers
            ));
        }
        if self.comma_decimals {
            warnings.push("some numbers use a decimal comma; read as decimal points".to_owned());
        }
    }
}

/// A frame number cell: a whole number, possibly written as `12.0`.
fn parse_frame_number(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().or_else(|| {
        text.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e18)
            .map(|v| v as i64)
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    const SMALL: &str = "PathFileType\t4\t(X/Y/Z)\tsmall.trc\n\
        DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n\
        100\t100\t2\t2\tmm\t100\t1\t2\n\
        Frame#\tTime\tA\t\t\tB marker\t\t\n\
        \t\tX1\tY1\tZ1\tX2\tY2\tZ2\n\
        \n\
        1\t0\t1.5\t2\t3\t\t\t\t\n\
        2\t0.01\t4\t5\t6\tNaN\t8\t9\n";

    #[test]
    fn reads_header_names_and_rows() {
        let (doc, warnings) = parse(SMALL.as_bytes(), Path::new("small.trc")).expect("parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc.path_file_type, "4\t(X/Y/Z)\tsmall.trc");
        assert_eq!(doc.header.data_rate_hz, Some(100.0));
        assert_eq!(doc.header.num_frames, Some(2));
        assert_eq!(doc.header.units, "mm");
        assert_eq!(doc.header.orig_data_start_frame, Some(1));
        assert_eq!(doc.marker_names, ["A", "B marker"]);
        assert_eq!(doc.frame_numbers, [1, 2]);
        assert_eq!(doc.times_s, [0.0, 0.01]);
        assert_eq!(doc.marker(0, 0), Some([1.5, 2.0, 3.0]));
        assert!(doc.marker(0, 1).expect("row").iter().all(|v| v.is_nan()));
        let b = doc.marker(1, 1).expect("row 1");
        assert!(b[0].is_nan());
        assert_eq!(&b[1..], &[8.0, 9.0]);
    }

    #[test]
    fn lying_counts_short_rows_and_decimal_commas_are_warnings() {
        let text = SMALL
            .replace("100\t100\t2\t2", "100\t100\t1000000000\t7")
            .replace("4\t5\t6\tNaN\t8\t9", "4,5\t5");
        let (doc, warnings) = parse(text.as_bytes(), Path::new("x.trc")).expect("parses");
        assert_eq!(doc.frame_count(), 2);
        assert_eq!(doc.marker(1, 0).map(|m| m[0]), Some(4.5));
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].contains("NumMarkers says 7"));
        assert!(warnings[1].contains("NumFrames says 1000000000"));
    }

    #[test]
    fn bad_cells_and_missing_lines_name_the_line() {
        let text = SMALL.replace("4\t5\t6", "4\tfive\t6");
        let error = parse(text.as_bytes(), Path::new("x.trc")).expect_err("bad cell");
        assert_eq!(error.location(), Some(&Location::Line(8)));
        assert!(error.to_string().contains("Y of marker `A`"), "{error}");
        let error = parse(b"PathFileType\t4\nDataRate\n", Path::new("x.trc")).expect_err("short");
        assert_eq!(error.location(), Some(&Location::Line(3)));
        let error = parse(b"DataRate\n", Path::new("x.trc")).expect_err("no magic");
        assert_eq!(error.location(), Some(&Location::Line(1)));
    }

    #[test]
    fn wide_marker_row_over_short_rows_is_refused_not_allocated() {
        let mut text = String::from("PathFileType\t4\nDataRate\n60\nFrame#\tTime");
        for i in 0..20_000 {
            let _ = write!(text, "\tM{i}\t\t");
        }
        text.push('\n');
        for i in 0..200_000 {
            let _ = writeln!(text, "{i}");
        }
        let error = parse(text.as_bytes(), Path::new("x.trc")).expect_err("amplification");
        assert!(error.to_string().contains("far shorter"), "{error}");
    }
}
