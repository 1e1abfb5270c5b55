//! MediaPipe landmark dumps in CSV, long (one row per landmark) or wide (one row per frame);
//! see the [module docs](super).

use std::collections::BTreeMap;
use std::path::Path;

use super::{Collected, Kind, POSE_LANDMARKS, Pose, rate_from_times_s};
use crate::formats::{LoadError, Location};
use crate::model::{FormatId, LayoutId};

const FRAME_COLUMNS: [&str; 5] = [
    "frame",
    "frame_index",
    "frame_idx",
    "frame_id",
    "frame_number",
];
const LANDMARK_COLUMNS: [&str; 9] = [
    "landmark",
    "landmark_id",
    "landmark_index",
    "landmark_idx",
    "id",
    "index",
    "keypoint",
    "joint",
    "name",
];
const PERSON_COLUMNS: [&str; 5] = ["person", "person_id", "pose", "pose_index", "pose_id"];

/// What a coordinate column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Axis {
    X,
    Y,
    Z,
    Visibility,
    Presence,
}

impl Axis {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "x" => Self::X,
            "y" => Self::Y,
            "z" => Self::Z,
            "v" | "vis" | "visibility" => Self::Visibility,
            "p" | "presence" => Self::Presence,
            _ => return None,
        })
    }
}

/// A time column and its unit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TimeColumn {
    index: usize,
    seconds_per_unit: f64,
}

/// The two accepted layouts.
#[derive(Clone, Debug, PartialEq)]
enum Layout {
    Long {
        frame: usize,
        landmark: usize,
        person: Option<usize>,
        axes: Vec<(usize, Axis)>,
    },
    Wide {
        frame: Option<usize>,
        /// `(column, landmark, axis)`.
        columns: Vec<(usize, usize, Axis)>,
    },
}

/// Splits one CSV line into fields (double quotes may wrap a field; `""` is a quote).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

/// A landmark index from `7`, `7.0`, `LEFT_EAR`, `left_ear` or `PoseLandmark.LEFT_EAR`.
fn landmark_index(text: &str) -> Option<usize> {
    let text = text.trim();
    if let Ok(index) = text.parse::<usize>() {
        return (index < POSE_LANDMARKS).then_some(index);
    }
    if let Ok(value) = text.parse::<f64>() {
        return (value.fract() == 0.0 && (0.0..POSE_LANDMARKS as f64).contains(&value))
            .then_some(value as usize);
    }
    let name = text.rsplit('.').next().unwrap_or(text).to_ascii_lowercase();
    LayoutId::MediaPipe33
        .layout()?
        .names
        .iter()
        .position(|n| *n == name)
}

/// A wide-layout column: `x0`, `x_0`, `x00`, `0_x`, `nose_x`, `left_hip_visibility`.
fn wide_column(name: &str) -> Option<(usize, Axis)> {
    let split_digits = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if split_digits.len() < name.len() {
        let digits = name.get(split_digits.len()..)?;
        let axis = Axis::parse(split_digits.strip_suffix('_').unwrap_or(split_digits))?;
        return Some((landmark_index(digits)?, axis));
    }
    let (landmark, axis) = name.rsplit_once('_')?;
    Some((landmark_index(landmark)?, Axis::parse(axis)?))
}

fn position(columns: &[String], names: &[&str]) -> Option<usize> {
    columns.iter().position(|c| names.contains(&c.as_str()))
}

fn time_column(columns: &[String]) -> Option<TimeColumn> {
    [
        ("timestamp_ms", 1e-3),
        ("time_ms", 1e-3),
        ("time_s", 1.0),
        ("timestamp_s", 1.0),
    ]
    .iter()
    .find_map(|&(name, seconds_per_unit)| {
        let index = columns.iter().position(|c| c == name)?;
        Some(TimeColumn {
            index,
            seconds_per_unit,
        })
    })
}

/// Recognises a header row.
fn layout(header: &str) -> Option<Layout> {
    let columns: Vec<String> = fields(header)
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let x = columns.iter().position(|c| c == "x");
    let y = columns.iter().position(|c| c == "y");
    if let (Some(_), Some(_), Some(frame), Some(landmark)) = (
        x,
        y,
        position(&columns, &FRAME_COLUMNS),
        position(&columns, &LANDMARK_COLUMNS),
    ) {
        let axes = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, Axis::parse(c)?)))
            .collect();
        return Some(Layout::Long {
            frame,
            landmark,
            person: position(&columns, &PERSON_COLUMNS),
            axes,
        });
    }
    let wide: Vec<(usize, usize, Axis)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| wide_column(c).map(|(landmark, axis)| (i, landmark, axis)))
        .collect();
    let has = |axis| wide.iter().any(|&(_, l, a)| l == 0 && a == axis);
    (has(Axis::X) && has(Axis::Y)).then(|| Layout::Wide {
        frame: position(&columns, &FRAME_COLUMNS),
        columns: wide,
    })
}

/// True when `line` is the header of a MediaPipe landmark CSV (long or wide), for sniffing.
#[must_use]
pub fn looks_like_csv_header(line: &str) -> bool {
    line.contains(',') && layout(line).is_some()
}

fn error(path: &Path, line: usize, message: impl Into<String>) -> LoadError {
    LoadError::parse(path, FormatId::MediaPipe, Location::Line(line), message)
}

/// A number cell: empty or `nan` is NaN.
fn number(cell: Option<&String>, line: usize, path: &Path) -> Result<f32, LoadError> {
    let text = cell.map_or("", |c| c.trim());
    if text.is_empty() {
        return Ok(f32::NAN);
    }
    text.parse::<f32>()
        .map_err(|_| error(path, line, format!("expected a number, found `{text}`")))
}

/// An integer cell (frame or person number).
fn integer(cell: Option<&String>, what: &str, line: usize, path: &Path) -> Result<i64, LoadError> {
    let text = cell.map_or("", |c| c.trim());
    text.parse::<i64>()
        .ok()
        .or_else(|| {
            let value = text.parse::<f64>().ok()?;
            (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as i64)
        })
        .ok_or_else(|| {
            error(
                path,
                line,
                format!("expected a {what} number, found `{text}`"),
            )
        })
}

fn set(pose: &mut Pose, landmark: usize, axis: Axis, value: f32) {
    let slot = match axis {
        Axis::X => pose.coords.get_mut(landmark * 3),
        Axis::Y => pose.coords.get_mut(landmark * 3 + 1),
        Axis::Z => pose.coords.get_mut(landmark * 3 + 2),
        Axis::Visibility => pose.visibility.get_mut(landmark),
        Axis::Presence => pose.presence.get_mut(landmark),
    };
    if let Some(slot) = slot {
        *slot = value;
    }
}

/// Parses a CSV dump.
///
/// # Errors
/// When the header matches neither layout, or a cell is not a number (with its line).
pub fn parse(bytes: &[u8], path: &Path) -> Result<Collected, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes
            .get(..e.valid_up_to())
            .map_or(1, |valid| valid.split(|&b| b == b'\n').count());
        error(path, line, "the file is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(error(path, 1, "the file is empty"));
    };
    let Some(layout) = layout(header) else {
        return Err(error(
            path,
            header_line,
            "not a MediaPipe landmark CSV: expected columns `frame, landmark, x, y, ...` or \
             `x0, y0, z0, ...`",
        ));
    };
    let time = time_column(
        &fields(header)
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect::<Vec<_>>(),
    );
    let has = |axis: Axis| match &layout {
        Layout::Long { axes, .. } => axes.iter().any(|&(_, a)| a == axis),
        Layout::Wide { columns, .. } => columns.iter().any(|&(_, _, a)| a == axis),
    };
    let (has_visibility, has_presence, has_z) =
        (has(Axis::Visibility), has(Axis::Presence), has(Axis::Z));
    let rows = lines.map(|(number, line)| (number, fields(line)));
    let (frames, times_s, shape) = match &layout {
        Layout::Long {
            frame,
            landmark,
            person,
            axes,
        } => {
            let (frames, times) = long_rows(rows, [*frame, *landmark], *person, axes, time, path)?;
            (frames, times, "long (one row per landmark)")
        }
        Layout::Wide { frame, columns } => {
            let (frames, times) = wide_rows(rows, *frame, columns, time, path)?;
            (frames, times, "wide (one row per frame)")
        }
    };
    let mut details = vec![("landmark source".to_owned(), format!("CSV, {shape}"))];
    let frame_rate_hz = rate_from_times_s(&times_s);
    if frame_rate_hz.is_some() {
        details.push((
            "frame rate".to_owned(),
            "estimated from the time column".to_owned(),
        ));
    }
    Ok(Collected {
        frames,
        landmarks: POSE_LANDMARKS,
        // World landmarks need a z; without one the file can only be normalised.
        kind: if has_z {
            Kind::Unsure
        } else {
            Kind::Normalised
        },
        has_visibility,
        has_presence,
        frame_rate_hz,
        image_size_px: None,
        details,
        warnings: Vec::new(),
    })
}

type Frames = (Vec<Vec<Pose>>, Vec<Option<f64>>);

/// Long rows: grouped by frame number (ascending) and person.
fn long_rows(
    rows: impl Iterator<Item = (usize, Vec<String>)>,
    [frame_col, landmark_col]: [usize; 2],
    person_col: Option<usize>,
    axes: &[(usize, Axis)],
    time: Option<TimeColumn>,
    path: &Path,
) -> Result<Frames, LoadError> {
    let mut frames: BTreeMap<i64, (BTreeMap<i64, Pose>, Option<f64>)> = BTreeMap::new();
    for (line, cells) in rows {
        let frame = integer(cells.get(frame_col), "frame", line, path)?;
        let person = match person_col {
            Some(col) => integer(cells.get(col), "person", line, path)?,
            None => 0,
        };
        let landmark_text = cells.get(landmark_col).map_or("", |c| c.trim());
        let Some(landmark) = landmark_index(landmark_text) else {
            return Err(error(
                path,
                line,
                format!("`{landmark_text}` is not one of the 33 pose landmarks (0..32 or a name)"),
            ));
        };
        let entry = frames.entry(frame).or_default();
        if let Some(t) = time {
            let seconds = f64::from(number(cells.get(t.index), line, path)?) * t.seconds_per_unit;
            entry.1 = entry.1.or(Some(seconds).filter(|s| s.is_finite()));
        }
        let pose = entry
            .0
            .entry(person)
            .or_insert_with(|| Pose::missing(POSE_LANDMARKS));
        for &(col, axis) in axes {
            set(pose, landmark, axis, number(cells.get(col), line, path)?);
        }
    }
    Ok(frames
        .into_values()
        .map(|(poses, time)| (poses.into_values().collect(), time))
        .unzip())
}

/// Wide rows: one frame each, in file order; a row with no coordinate is an empty frame.
fn wide_rows(
    rows: impl Iterator<Item = (usize, Vec<String>)>,
    frame_col: Option<usize>,
    columns: &[(usize, usize, Axis)],
    time: Option<TimeColumn>,
    path: &Path,
) -> Result<Frames, LoadError> {
    let mut frames = Vec::new();
    let mut times = Vec::new();
    for (line, cells) in rows {
        if let Some(col) = frame_col {
            integer(cells.get(col), "frame", line, path)?;
        }
        times.push(match time {
            Some(t) => {
                Some(f64::from(number(cells.get(t.index), line, path)?) * t.seconds_per_unit)
                    .filter(|s| s.is_finite())
            }
            None => None,
        });
        let mut pose = Pose::missing(POSE_LANDMARKS);
        for &(col, landmark, axis) in columns {
            set(
                &mut pose,
                landmark,
                axis,
                number(cells.get(col), line, path)?,
            );
        }
        let any = pose.coords.iter().any(|v| v.is_finite());
        frames.push(if any { vec![pose] } else { Vec::new() });
    }
    Ok((frames, times))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_long_and_wide_headers() {
        assert!(looks_like_csv_header("frame,landmark,x,y,z,visibility"));
        assert!(looks_like_csv_header("Frame, Landmark_ID, X, Y"));
        assert!(looks_like_csv_header("frame,x0,y0,z0,v0,x1,y1,z1,v1"));
        assert!(looks_like_csv_header(
            "nose_x,nose_y,nose_z,left_eye_inner_x"
        ));
        assert!(looks_like_csv_header("x_0,y_0"));
        assert!(!looks_like_csv_header("scorer,DLC,DLC"));
        assert!(!looks_like_csv_header("a,b,c"));
        assert!(!looks_like_csv_header("frame,x,y"), "no landmark column");
        assert!(!looks_like_csv_header("x0 y0"));
    }

    #[test]
    fn column_names_and_landmark_names() {
        assert_eq!(wide_column("x0"), Some((0, Axis::X)));
        assert_eq!(wide_column("visibility_32"), Some((32, Axis::Visibility)));
        assert_eq!(wide_column("y07"), Some((7, Axis::Y)));
        assert_eq!(wide_column("left_hip_z"), Some((23, Axis::Z)));
        assert_eq!(wide_column("x33"), None);
        assert_eq!(wide_column("frame"), None);
        assert_eq!(landmark_index("PoseLandmark.RIGHT_FOOT_INDEX"), Some(32));
        assert_eq!(landmark_index("12.0"), Some(12));
        assert_eq!(landmark_index("33"), None);
        assert_eq!(fields(r#"1,"a,""b""",3"#), ["1", "a,\"b\"", "3"]);
    }

    #[test]
    fn long_rows_group_by_frame_and_person() {
        let text = "frame,person,landmark,x,y,z,visibility,timestamp_ms\n\
                    1,0,NOSE,0.5,0.25,0.1,0.9,40\n\
                    0,0,0,0.4,0.2,,0.8,0\n\
                    0,1,left_hip,0.3,0.6,0.0,1.0,0\n";
        let c = parse(text.as_bytes(), Path::new("m.csv")).expect("parse");
        assert_eq!(c.frames.len(), 2);
        assert_eq!(c.frames[0].len(), 2);
        assert_eq!(&c.frames[0][0].coords[..2], [0.4, 0.2]);
        assert!(c.frames[0][0].coords[2].is_nan());
        assert_eq!(&c.frames[0][1].coords[69..72], [0.3, 0.6, 0.0]);
        assert_eq!(c.frames[1][0].visibility[..1], [0.9]);
        assert_eq!(c.frame_rate_hz, Some(25.0));
        assert_eq!(c.kind, Kind::Unsure);
        assert!(c.has_visibility && !c.has_presence);
    }

    #[test]
    fn wide_rows_are_frames() {
        let text = "frame,x0,y0,v0,x23,y23\n0,0.5,0.5,0.9,0.4,0.6\n1,,,,,\n";
        let c = parse(text.as_bytes(), Path::new("m.csv")).expect("parse");
        assert_eq!(c.frames.len(), 2);
        assert_eq!(&c.frames[0][0].coords[69..71], [0.4, 0.6]);
        assert!(c.frames[1].is_empty());
        assert_eq!(c.kind, Kind::Normalised, "no z column");
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "frame,landmark,x,y\n0,0,0.5,abc\n",
                "m.csv: MediaPipe line 2: expected a number, found `abc`",
            ),
            (
                "frame,landmark,x,y\n\n0,40,0.5,0.5\n",
                "m.csv: MediaPipe line 3: `40` is not one of the 33 pose landmarks (0..32 or a name)",
            ),
            (
                "frame,landmark,x,y\nzero,0,0.5,0.5\n",
                "m.csv: MediaPipe line 2: expected a frame number, found `zero`",
            ),
            (
                "a,b\n1,2\n",
                "m.csv: MediaPipe line 1: not a MediaPipe landmark CSV: expected columns `frame, landmark, x, y, ...` or `x0, y0, z0, ...`",
            ),
            ("", "m.csv: MediaPipe line 1: the file is empty"),
        ];
        for (text, expected) in cases {
            let err = parse(text.as_bytes(), Path::new("m.csv")).expect_err(text);
            assert_eq!(err.to_string(), expected);
        }
        let err = parse(b"frame,landmark,x,y\n\xff\n", Path::new("m.csv")).expect_err("utf8");
        assert_eq!(err.location(), Some(&Location::Line(2)));
    }
}
