//! Shared JSON plumbing for the COCO and OpenPose readers: typed parsing whose errors say where
//! (a JSON path such as `$.annotations[3].keypoints` for a wrong type, the line for broken
//! syntax), flexible number lists and ids, and a tally that turns thousands of repeated oddities
//! into one warning sentence.
//!
//! Paths come from the `serde_path_to_error` crate, which follows the deserializer as it walks
//! the document; syntax errors come from `serde_json` with their line and column.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};

use super::{LoadError, Location};
use crate::model::FormatId;

/// Parses `bytes` (one JSON document, an optional UTF-8 byte-order mark first) into `T`.
///
/// # Errors
/// A syntax error or truncation gives [`Location::Line`]; a value of the wrong type or a missing
/// field gives [`Location::JsonPath`] (with the line and column in the message).
pub fn parse<T: DeserializeOwned>(
    bytes: &[u8],
    path: &Path,
    format: FormatId,
) -> Result<T, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Tracking the path costs about a third of the parse of a large file, and only an error
    // needs it: parse plainly first, and only on failure parse again with the path tracked.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    if let Ok(value) = T::deserialize(&mut deserializer)
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| convert_error(&e, path, format))?;
    deserializer
        .end()
        .map_err(|e| syntax_error(&e, path, format))?;
    Ok(value)
}

/// Turns a path-tracking `serde_json` error into a [`LoadError`].
fn convert_error(
    error: &serde_path_to_error::Error<serde_json::Error>,
    path: &Path,
    format: FormatId,
) -> LoadError {
    let inner = error.inner();
    match inner.classify() {
        serde_json::error::Category::Data => {
            let message = without_position(inner);
            LoadError::parse(
                path,
                format,
                Location::JsonPath(json_path(error.path())),
                format!(
                    "{message} (line {}, column {})",
                    inner.line(),
                    inner.column()
                ),
            )
        }
        _ => syntax_error(inner, path, format),
    }
}

/// A syntax, truncation or I/O error at a line.
fn syntax_error(error: &serde_json::Error, path: &Path, format: FormatId) -> LoadError {
    let message = without_position(error);
    let message = if error.is_eof() {
        format!(
            "the JSON ends early at column {} ({message}); the file looks truncated",
            error.column()
        )
    } else {
        format!("broken JSON at column {}: {message}", error.column())
    };
    LoadError::parse(path, format, Location::Line(error.line().max(1)), message)
}

/// `serde_json` appends ` at line L column C` to its messages; the location says that already.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

/// Writes a `serde_path_to_error` path as `$.a[3].b`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::from("$");
    for segment in path {
        match segment {
            serde_path_to_error::Segment::Seq { index } => push_index(&mut out, *index),
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => push_key(&mut out, key),
            serde_path_to_error::Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

/// Appends `[index]` to a JSON path.
pub fn push_index(out: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "[{index}]");
}

/// Appends `.key` (or `["key"]` when the key is not a plain identifier) to a JSON path.
pub fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        out.push('.');
        out.push_str(key);
    } else {
        out.push_str("[\"");
        for c in key.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str("\"]");
    }
}

/// `$.<list>[index].<field>`, e.g. `$.annotations[3].keypoints`.
#[must_use]
pub fn item_path(list: &str, index: usize, field: Option<&str>) -> String {
    let mut out = String::from("$");
    push_key(&mut out, list);
    push_index(&mut out, index);
    if let Some(field) = field {
        push_key(&mut out, field);
    }
    out
}

/// A flat list of numbers; `null` entries become NaN.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Numbers(pub Vec<f32>);

impl<'de> Deserialize<'de> for Numbers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumbersVisitor;

        impl<'de> Visitor<'de> for NumbersVisitor {
            type Value = Numbers;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of numbers")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Numbers, A::Error> {
                // No capacity from the size hint: the length is only known once read.
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Option<f64>>()? {
                    values.push(value.map_or(f32::NAN, |v| v as f32));
                }
                // Doubling left up to half the list spare: a large COCO file or OpenPose folder
                // holds hundreds of thousands of these lists at once.
                values.shrink_to_fit();
                Ok(Numbers(values))
            }
        }

        deserializer.deserialize_seq(NumbersVisitor)
    }
}

/// An id written as an integer (`785`) or a string (`"785"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JsonId {
    /// An integer id (integral floats such as `785.0` included).
    Int(i64),
    /// A string id.
    Text(String),
}

impl fmt::Display for JsonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(value) => write!(f, "{value}"),
            Self::Text(text) => write!(f, "\"{text}\""),
        }
    }
}

impl<'de> Deserialize<'de> for JsonId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = JsonId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or string id")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<JsonId, E> {
                Ok(JsonId::Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<JsonId, E> {
                i64::try_from(v)
                    .map(JsonId::Int)
                    .map_err(|_| E::custom(format!("id {v} is too large")))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<JsonId, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(JsonId::Int(v as i64))
                } else {
                    Err(E::custom(format!("id {v} is not an integer")))
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonId, E> {
                Ok(JsonId::Text(v.to_owned()))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

/// A yes/no flag written as `0`/`1` or `false`/`true` (COCO `iscrowd`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;

        impl Visitor<'_> for FlagVisitor {
            type Value = Flag;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("0, 1, true or false")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Ok(Flag(v != 0))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Ok(Flag(v != 0))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Ok(Flag(v != 0.0))
            }
        }

        deserializer.deserialize_any(FlagVisitor)
    }
}

/// Counts one kind of oddity and remembers where it was first seen, so that a file with
/// thousands of them gets one warning sentence, not thousands.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    count: usize,
    first: Option<String>,
}

impl Tally {
    /// Records one occurrence at `place` (a JSON path or file name), built only when first.
    pub fn note(&mut self, place: impl FnOnce() -> String) {
        if self.first.is_none() {
            self.first = Some(place());
        }
        self.count += 1;
    }

    /// Adds the occurrences of `later`, all noted after these (a reader that counts in
    /// parallel pieces merges them in order).
    pub fn merge(&mut self, later: Self) {
        if self.first.is_none() {
            self.first = later.first;
        }
        self.count += later.count;
    }

    /// How many occurrences were noted.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// Pushes `"<count> <what> (first at <place>)"` to `warnings` when anything was noted.
    pub fn warn(&self, warnings: &mut Vec<String>, what: &str) {
        if let Some(first) = &self.first {
            warnings.push(format!("{} {what} (first at {first})", self.count));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    struct Item {
        #[serde(rename = "id")]
        _id: JsonId,
        values: Numbers,
    }

    fn parse_doc(text: &str) -> Result<Doc, LoadError> {
        parse(text.as_bytes(), Path::new("t.json"), FormatId::Coco)
    }

    #[test]
    fn wrong_types_name_the_json_path() {
        let err = parse_doc(r#"{"items": [{"id": 1, "values": [1]}, {"id": 2, "values": "x"}]}"#)
            .expect_err("string instead of numbers");
        assert_eq!(
            err.location(),
            Some(&Location::JsonPath("$.items[1].values".into()))
        );
        assert!(err.to_string().contains("a list of numbers"), "{err}");
        let err = parse_doc(r#"{"items": [{"values": []}]}"#).expect_err("missing id");
        assert_eq!(
            err.location(),
            Some(&Location::JsonPath("$.items[0]".into()))
        );
        let err = parse_doc(r#"{"items": [{"id": 1, "values": [1, "a"]}]}"#)
            .expect_err("string in the list");
        assert_eq!(
            err.location(),
            Some(&Location::JsonPath("$.items[0].values[1]".into()))
        );
    }

    #[test]
    fn syntax_errors_and_truncation_name_the_line() {
        let err = parse_doc("{\"items\": [\n{\"id\": 1,\n \"values\": [1, 2").expect_err("cut");
        assert_eq!(err.location(), Some(&Location::Line(3)));
        assert!(err.to_string().contains("truncated"), "{err}");
        let err = parse_doc("{\"items\": []} x").expect_err("trailing");
        assert_eq!(err.location(), Some(&Location::Line(1)));
    }

    #[test]
    fn numbers_ids_and_flags_are_flexible() {
        let doc = parse_doc("\u{feff}{\"items\": [{\"id\": \"a\", \"values\": [1.5, null, -2]}]}")
            .expect("parses");
        let values = &doc.items[0].values.0;
        assert_eq!(values[0].to_bits(), 1.5_f32.to_bits());
        assert!(values[1].is_nan());
        assert_eq!(values[2].to_bits(), (-2.0_f32).to_bits());
        let flags: Vec<Flag> = serde_json::from_str("[0, 1, true, false]").expect("flags");
        assert_eq!(
            flags,
            vec![Flag(false), Flag(true), Flag(true), Flag(false)]
        );
        let ids: Vec<JsonId> = serde_json::from_str("[785, 7.0, \"x\"]").expect("ids");
        assert_eq!(
            ids,
            vec![JsonId::Int(785), JsonId::Int(7), JsonId::Text("x".into())]
        );
        assert!(serde_json::from_str::<JsonId>("7.5").is_err());
    }

    #[test]
    fn paths_quote_odd_keys_and_tally_counts() {
        assert_eq!(
            item_path("annotations", 3, Some("keypoints")),
            "$.annotations[3].keypoints"
        );
        let mut out = String::from("$");
        push_key(&mut out, "a b");
        assert_eq!(out, "$[\"a b\"]");
        let mut tally = Tally::default();
        tally.note(|| "$.a[1]".into());
        tally.note(|| "$.a[2]".into());
        let mut warnings = Vec::new();
        tally.warn(&mut warnings, "odd things");
        assert_eq!(warnings, vec!["2 odd things (first at $.a[1])".to_owned()]);
    }
}
