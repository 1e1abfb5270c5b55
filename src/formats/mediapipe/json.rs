//! MediaPipe landmark dumps in JSON (shapes: see the [module docs](super)).

use std::path::Path;

use serde_json::{Map, Value};

use super::{Collected, Kind, Pose, rate_from_times_s};
use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Keys holding world landmarks, in order of preference.
const WORLD_KEYS: [&str; 2] = ["pose_world_landmarks", "world_landmarks"];
/// Keys holding normalised landmarks (`landmarks` may be either: the data decides).
const NORMALISED_KEYS: [&str; 3] = ["pose_landmarks", "landmarks", "normalized_landmarks"];

fn error(path: &Path, json_path: &str, message: impl Into<String>) -> LoadError {
    LoadError::parse(
        path,
        FormatId::MediaPipe,
        Location::JsonPath(json_path.to_owned()),
        message,
    )
}

/// What the parser keeps while walking the frames.
struct State<'a> {
    path: &'a Path,
    landmarks: Option<usize>,
    has_visibility: bool,
    has_presence: bool,
    resized: usize,
}

/// Parses a JSON dump.
///
/// # Errors
/// On invalid JSON (with its line) or a shape that is not one of the accepted ones (with the
/// JSON path).
pub fn parse(bytes: &[u8], path: &Path) -> Result<Collected, LoadError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        LoadError::parse(
            path,
            FormatId::MediaPipe,
            Location::Line(e.line()),
            format!("invalid JSON: {e}"),
        )
    })?;
    let empty = Map::new();
    let root_object = root.as_object().unwrap_or(&empty);
    let (frames, frames_path) = frames_of(&root, path)?;
    let world = frames
        .iter()
        .filter_map(|f| f.as_object())
        .any(|f| WORLD_KEYS.iter().any(|k| f.contains_key(*k)));
    let keys: &[&str] = if world { &WORLD_KEYS } else { &NORMALISED_KEYS };
    let mut state = State {
        path,
        landmarks: None,
        has_visibility: false,
        has_presence: false,
        resized: 0,
    };
    let mut poses_per_frame = Vec::with_capacity(frames.len());
    let mut times_s = Vec::with_capacity(frames.len());
    let mut kind = if world { Kind::World } else { Kind::Normalised };
    let mut used_key = None;
    for (i, frame) in frames.iter().enumerate() {
        let frame_path = if frames_path.is_empty() {
            "$".to_owned()
        } else {
            format!("{frames_path}[{i}]")
        };
        let (value, value_path) = match frame {
            Value::Object(object) => {
                times_s.push(
                    object
                        .get("timestamp_ms")
                        .and_then(Value::as_f64)
                        .map(|t| t / 1e3),
                );
                match landmark_key(object, keys, &[]) {
                    Some(key) => {
                        used_key.get_or_insert(key);
                        if key == "landmarks" {
                            kind = Kind::Unsure;
                        }
                        (
                            object.get(key).unwrap_or(&Value::Null),
                            format!("{frame_path}.{key}"),
                        )
                    }
                    None => (&Value::Null, frame_path),
                }
            }
            other => {
                times_s.push(None);
                (*other, frame_path)
            }
        };
        poses_per_frame.push(poses(value, &value_path, &mut state)?);
    }
    let mut warnings = Vec::new();
    if state.resized > 0 {
        warnings.push(format!(
            "{} poses had a different number of landmarks than the first and were padded or cut.",
            state.resized
        ));
    }
    let source = used_key.map_or_else(|| "JSON".to_owned(), |key| format!("JSON `{key}`"));
    let mut details = vec![("landmark source".to_owned(), source)];
    let frame_rate_hz = frame_rate(root_object, &times_s, &mut details);
    Ok(Collected {
        frames: poses_per_frame,
        landmarks: state.landmarks.unwrap_or(super::POSE_LANDMARKS),
        kind,
        has_visibility: state.has_visibility,
        has_presence: state.has_presence,
        frame_rate_hz,
        image_size_px: image_size(root_object),
        details,
        warnings,
    })
}

/// The frames of the root value and the JSON path of their list (`""` for a single frame).
fn frames_of<'a>(
    root: &'a Value,
    path: &Path,
) -> Result<(Vec<&'a Value>, &'static str), LoadError> {
    match root {
        Value::Array(frames) => Ok((frames.iter().collect(), "$")),
        Value::Object(object) => match object.get("frames") {
            Some(Value::Array(frames)) => Ok((frames.iter().collect(), "$.frames")),
            Some(_) => Err(error(path, "$.frames", "`frames` is not a list")),
            None if landmark_key(object, &WORLD_KEYS, &NORMALISED_KEYS).is_some() => {
                Ok((vec![root], ""))
            }
            None => Err(error(
                path,
                "$",
                "no `frames` list and no landmark key (`pose_landmarks`, \
                 `pose_world_landmarks`, `landmarks`)",
            )),
        },
        _ => Err(error(path, "$", "expected a list of frames or an object")),
    }
}

/// The root's `fps` (or `frame_rate`, `frame_rate_hz`), else a rate estimated from the frames'
/// timestamps (noted in `details`).
fn frame_rate(
    root: &Map<String, Value>,
    times_s: &[Option<f64>],
    details: &mut Vec<(String, String)>,
) -> Option<f64> {
    let declared = ["fps", "frame_rate", "frame_rate_hz"]
        .iter()
        .find_map(|k| root.get(*k).and_then(Value::as_f64))
        .filter(|r| r.is_finite() && *r > 0.0);
    declared.or_else(|| {
        let rate = rate_from_times_s(times_s);
        if rate.is_some() {
            details.push((
                "frame rate".to_owned(),
                "estimated from timestamp_ms".to_owned(),
            ));
        }
        rate
    })
}

/// The first of `first` then `second` keys that `object` has.
fn landmark_key(
    object: &Map<String, Value>,
    first: &[&'static str],
    second: &[&'static str],
) -> Option<&'static str> {
    first
        .iter()
        .chain(second)
        .find(|k| object.contains_key(**k))
        .copied()
}

/// Image size from `image_width` / `image_height` (or `width` / `height`), when both are
/// positive numbers.
fn image_size(root: &Map<String, Value>) -> Option<(f32, f32)> {
    let get = |a: &str, b: &str| {
        root.get(a)
            .or_else(|| root.get(b))
            .and_then(Value::as_f64)
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    Some((
        get("image_width", "width")? as f32,
        get("image_height", "height")? as f32,
    ))
}

/// The poses of one landmark value (see the module docs for the shapes).
fn poses(value: &Value, at: &str, state: &mut State<'_>) -> Result<Vec<Pose>, LoadError> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Object(object) => match object.get("landmark") {
            Some(list) => Ok(vec![pose(list, &format!("{at}.landmark"), state)?]),
            None => Err(error(
                state.path,
                at,
                "expected a list of landmarks or an object with a `landmark` list",
            )),
        },
        Value::Array(items) => {
            let Some(first) = items.first() else {
                return Ok(Vec::new());
            };
            let is_pose_list = match first {
                Value::Array(inner) => !inner.first().is_some_and(Value::is_number),
                Value::Object(object) => object.contains_key("landmark"),
                _ => false,
            };
            if is_pose_list {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match item {
                        Value::Object(object) => match object.get("landmark") {
                            Some(list) => pose(list, &format!("{at}[{i}].landmark"), state),
                            None => Err(error(
                                state.path,
                                &format!("{at}[{i}]"),
                                "expected an object with a `landmark` list",
                            )),
                        },
                        _ => pose(item, &format!("{at}[{i}]"), state),
                    })
                    .collect()
            } else {
                Ok(vec![pose(value, at, state)?])
            }
        }
        _ => Err(error(state.path, at, "expected a list of landmarks")),
    }
}

/// One pose from a list of landmarks.
fn pose(value: &Value, at: &str, state: &mut State<'_>) -> Result<Pose, LoadError> {
    let Value::Array(items) = value else {
        return Err(error(state.path, at, "expected a list of landmarks"));
    };
    let count = *state.landmarks.get_or_insert(items.len());
    if items.len() != count {
        state.resized += 1;
    }
    let mut pose = Pose::missing(count);
    for (i, item) in items.iter().enumerate().take(count) {
        let item_at = format!("{at}[{i}]");
        let values = landmark(item, &item_at, state)?;
        pose.coords[i * 3..i * 3 + 3].copy_from_slice(&values[..3]);
        pose.visibility[i] = values[3];
        pose.presence[i] = values[4];
    }
    Ok(pose)
}

/// One landmark as `[x, y, z, visibility, presence]` (NaN = absent or null).
fn landmark(value: &Value, at: &str, state: &mut State<'_>) -> Result<[f32; 5], LoadError> {
    let mut out = [f32::NAN; 5];
    match value {
        Value::Object(object) => {
            if !object.contains_key("x") && !object.contains_key("y") {
                return Err(error(state.path, at, "a landmark needs `x` and `y`"));
            }
            for (slot, key) in out
                .iter_mut()
                .zip(["x", "y", "z", "visibility", "presence"])
            {
                *slot = match object.get(key) {
                    // Protobuf JSON omits zero coordinates.
                    None if matches!(key, "x" | "y" | "z") => 0.0,
                    None => continue,
                    Some(v) => number(v, &format!("{at}.{key}"), state.path)?,
                };
            }
        }
        Value::Array(items) => {
            if !(2..=5).contains(&items.len()) {
                return Err(error(
                    state.path,
                    at,
                    format!(
                        "a landmark list holds x, y, z, visibility, presence (2 to 5 values), not \
                         {}",
                        items.len()
                    ),
                ));
            }
            for (i, (slot, item)) in out.iter_mut().zip(items).enumerate() {
                *slot = number(item, &format!("{at}[{i}]"), state.path)?;
            }
            if items.len() == 2 {
                out[2] = 0.0;
            }
        }
        _ => return Err(error(state.path, at, "expected a landmark object or list")),
    }
    state.has_visibility |= out[3].is_finite();
    state.has_presence |= out[4].is_finite();
    Ok(out)
}

/// A number, or NaN for `null`.
fn number(value: &Value, at: &str, path: &Path) -> Result<f32, LoadError> {
    match value {
        Value::Null => Ok(f32::NAN),
        Value::Number(n) => Ok(n.as_f64().map_or(f32::NAN, |v| v as f32)),
        other => Err(error(
            path,
            at,
            format!("expected a number, found `{other}`"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Collected, LoadError> {
        parse(text.as_bytes(), Path::new("m.json"))
    }

    #[test]
    fn tasks_api_shape_with_two_poses_and_world_landmarks() {
        let text = r#"{"fps": 30, "frames": [
            {"timestamp_ms": 0, "pose_landmarks": [[{"x": 0.5, "y": 0.5, "z": 0.1}]],
             "pose_world_landmarks": [[{"x": 0.1, "y": -0.5, "z": 0.2, "visibility": 0.9}],
                                      [{"x": 0.3, "y": 0.4, "z": null, "visibility": 0.8}]]},
            {"timestamp_ms": 33, "pose_world_landmarks": []}
        ]}"#;
        let c = parse_str(text).expect("parse");
        assert_eq!(c.kind, Kind::World);
        assert_eq!(c.landmarks, 1);
        assert_eq!(c.frames.len(), 2);
        assert_eq!(c.frames[0].len(), 2);
        assert_eq!(c.frames[0][0].coords, [0.1, -0.5, 0.2]);
        assert!(c.frames[0][1].coords[2].is_nan());
        assert_eq!(c.frames[0][1].visibility, [0.8]);
        assert!(c.frames[1].is_empty());
        assert!(c.has_visibility && !c.has_presence);
        assert_eq!(c.frame_rate_hz, Some(30.0));
    }

    #[test]
    fn legacy_protobuf_shape_and_bare_lists() {
        let text = r#"[{"pose_landmarks": {"landmark": [{"x": 0.25, "visibility": 1}]}},
                       [[0.5, 0.5], [0.1, 0.2, 0.3, 0.4, 0.5]],
                       null]"#;
        let c = parse_str(text).expect("parse");
        assert_eq!(c.kind, Kind::Normalised);
        assert_eq!(c.landmarks, 1, "set by the first pose");
        assert_eq!(c.frames[0][0].coords, [0.25, 0.0, 0.0]);
        assert_eq!(c.frames[1].len(), 1);
        assert_eq!(c.frames[1][0].coords, [0.5, 0.5, 0.0]);
        assert!(c.frames[2].is_empty());
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    }

    #[test]
    fn single_frame_objects_and_timestamps() {
        let c = parse_str(r#"{"landmarks": [[1, 2, 3]], "image_width": 10, "height": 20}"#)
            .expect("parse");
        assert_eq!(c.kind, Kind::Unsure);
        assert_eq!(c.image_size_px, Some((10.0, 20.0)));
        let c = parse_str(
            r#"[{"timestamp_ms": 1000, "landmarks": []}, {"timestamp_ms": 1040, "landmarks": []},
                {"timestamp_ms": 1080, "landmarks": null}]"#,
        )
        .expect("parse");
        let rate = c.frame_rate_hz.expect("rate");
        assert!((rate - 25.0).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn errors_name_the_json_path_or_line() {
        let cases = [
            (
                r#"{"frames": [{"landmarks": [{"x": "a", "y": 1}]}]}"#,
                "m.json: MediaPipe at $.frames[0].landmarks[0].x: expected a number, found `\"a\"`",
            ),
            (
                r#"[{"landmarks": [{"z": 1}]}]"#,
                "m.json: MediaPipe at $[0].landmarks[0]: a landmark needs `x` and `y`",
            ),
            (
                r#"[{"landmarks": [[1, 2, 3, 4, 5, 6]]}]"#,
                "m.json: MediaPipe at $[0].landmarks[0]: a landmark list holds x, y, z, visibility, presence (2 to 5 values), not 6",
            ),
            (
                r#"{"frames": 3}"#,
                "m.json: MediaPipe at $.frames: `frames` is not a list",
            ),
            (
                r#"{"people": []}"#,
                "m.json: MediaPipe at $: no `frames` list and no landmark key (`pose_landmarks`, `pose_world_landmarks`, `landmarks`)",
            ),
            (
                r#"[{"landmarks": 7}]"#,
                "m.json: MediaPipe at $[0].landmarks: expected a list of landmarks",
            ),
            (
                r#"[{"landmarks": [{"landmark": [{"x": 1, "y": 1}]}, 4]}]"#,
                "m.json: MediaPipe at $[0].landmarks[1]: expected a list of landmarks",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_str(text).expect_err(text);
            assert_eq!(err.to_string(), expected);
        }
        let err = parse_str("[\n{\"landmarks\": [}").expect_err("invalid");
        assert_eq!(err.location(), Some(&Location::Line(2)));
    }
}
