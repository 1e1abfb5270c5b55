//! One Panoptic frame file as stored: `univTime`, `fpsType` and the bodies' `joints19`.

use std::path::Path;

use serde_json::Value;

use super::NAMES;
use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Numbers per joint: x, y, z, confidence.
const VALUES_PER_JOINT: usize = 4;

/// One body of a frame, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PanopticBody {
    /// The subject id (stable across a sequence), when present.
    pub id: Option<i64>,
    /// The 19 joints as `[x, y, z, c]`, as written (`null` read as NaN).
    pub joints: Vec<[f64; 4]>,
}

/// One frame file, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PanopticFrame {
    /// `version`.
    pub version: Option<f64>,
    /// `univTime`: the capture's universal time stamp (milliseconds).
    pub univ_time: Option<f64>,
    /// `fpsType`, e.g. `hd_29_97`.
    pub fps_type: Option<String>,
    /// The bodies in file order.
    pub bodies: Vec<PanopticBody>,
}

/// Parses one frame file.
///
/// # Errors
/// When the file is not JSON or not shaped like a Panoptic body frame; the error names the file
/// and the line or JSON path.
pub fn parse(bytes: &[u8], path: &Path) -> Result<PanopticFrame, LoadError> {
    let err = |at: &str, message: String| {
        LoadError::parse(
            path,
            FormatId::Panoptic,
            Location::JsonPath(at.to_owned()),
            message,
        )
    };
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        LoadError::parse(
            path,
            FormatId::Panoptic,
            Location::Line(e.line()),
            format!("invalid JSON (column {}): {message}", e.column()),
        )
    })?;
    let Some(root) = root.as_object() else {
        return Err(err("$", "a Panoptic frame is a JSON object".to_owned()));
    };
    let Some(bodies) = root.get("bodies") else {
        return Err(err("$", "no `bodies` array".to_owned()));
    };
    let Some(bodies) = bodies.as_array() else {
        return Err(err("$.bodies", "`bodies` is not an array".to_owned()));
    };
    let mut frame = PanopticFrame {
        version: root.get("version").and_then(Value::as_f64),
        univ_time: root.get("univTime").and_then(Value::as_f64),
        fps_type: root
            .get("fpsType")
            .and_then(Value::as_str)
            .map(str::to_owned),
        bodies: Vec::with_capacity(bodies.len()),
    };
    for (index, body) in bodies.iter().enumerate() {
        let at = format!("$.bodies[{index}]");
        let Some(body) = body.as_object() else {
            return Err(err(&at, "a body is not an object".to_owned()));
        };
        let id = match body.get("id") {
            None | Some(Value::Null) => None,
            Some(id) => Some(as_whole(id).ok_or_else(|| {
                err(
                    &format!("{at}.id"),
                    format!("the id `{id}` is not a whole number"),
                )
            })?),
        };
        let Some(joints) = body.get("joints19") else {
            let message = if body.contains_key("joints15") {
                "only `joints15` (the retired MPI-15 layout) is present; posedeck reads `joints19`"
            } else {
                "no `joints19` array"
            };
            return Err(err(&at, message.to_owned()));
        };
        let at = format!("{at}.joints19");
        let values = joints
            .as_array()
            .filter(|v| v.len() == NAMES.len() * VALUES_PER_JOINT)
            .ok_or_else(|| {
                let found = joints.as_array().map_or_else(
                    || "is not an array".to_owned(),
                    |v| format!("holds {} values", v.len()),
                );
                err(
                    &at,
                    format!("{found}; 19 joints × (x, y, z, c) are 76 numbers"),
                )
            })?;
        let mut numbers = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            numbers.push(match value {
                Value::Null => f64::NAN,
                other => other.as_f64().ok_or_else(|| {
                    err(&format!("{at}[{i}]"), format!("`{other}` is not a number"))
                })?,
            });
        }
        let joints = numbers
            .chunks_exact(VALUES_PER_JOINT)
            .filter_map(|j| match *j {
                [x, y, z, c] => Some([x, y, z, c]),
                _ => None,
            })
            .collect();
        frame.bodies.push(PanopticBody { id, joints });
    }
    Ok(frame)
}

/// A JSON number that is a whole number (`3` or `3.0`).
fn as_whole(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|v| v.fract() == 0.0 && v.abs() < 9.0e18)
            .map(|v| v as i64)
    })
}
