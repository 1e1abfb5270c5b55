//! One OpenPose frame file as typed records.
//!
//! Accepts every version seen in the wild: `_2d`-suffixed keys (1.2 and later) and the old
//! unsuffixed ones (`pose_keypoints`), `person_id` as `[-1]`, `-1` or absent (1.2), and any
//! `version` value.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::super::json_path::{self, Numbers};
use super::super::{LoadError, Location};
use crate::model::FormatId;

/// The content of one `*_keypoints.json` file.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FrameFile {
    /// The `version` field as written (a number or a string), if any.
    #[serde(default)]
    pub version: Option<serde_json::Value>,
    /// The people detected; `None` when the key is absent.
    #[serde(default)]
    pub people: Option<Vec<Person>>,
    /// Present when OpenPose ran with `--part_candidates` (not shown).
    #[serde(default)]
    pub part_candidates: Option<IgnoredAny>,
}

/// One detected person.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Person {
    /// Track id; `-1` (or absent) when tracking was off.
    #[serde(default)]
    pub person_id: PersonId,
    /// Body `x, y, c` triples.
    #[serde(default, alias = "pose_keypoints")]
    pub pose_keypoints_2d: Numbers,
    /// Face `x, y, c` triples (70 points).
    #[serde(default, alias = "face_keypoints")]
    pub face_keypoints_2d: Numbers,
    /// Left hand `x, y, c` triples (21 points).
    #[serde(default, alias = "hand_left_keypoints")]
    pub hand_left_keypoints_2d: Numbers,
    /// Right hand `x, y, c` triples (21 points).
    #[serde(default, alias = "hand_right_keypoints")]
    pub hand_right_keypoints_2d: Numbers,
    /// Body `x, y, z, c` quadruples (only with `--3d`).
    #[serde(default)]
    pub pose_keypoints_3d: Numbers,
    /// Face quadruples.
    #[serde(default)]
    pub face_keypoints_3d: Numbers,
    /// Left hand quadruples.
    #[serde(default)]
    pub hand_left_keypoints_3d: Numbers,
    /// Right hand quadruples.
    #[serde(default)]
    pub hand_right_keypoints_3d: Numbers,
}

/// A person's track id: `[-1]`, `-1`, `[7]`, `7` or `null`; `None` means untracked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonId(pub Option<i64>);

impl<'de> Deserialize<'de> for PersonId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl<'de> Visitor<'de> for IdVisitor {
            type Value = PersonId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer id or a list holding one")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PersonId, E> {
                Ok(PersonId((v >= 0).then_some(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PersonId, E> {
                Ok(PersonId(i64::try_from(v).ok()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PersonId, E> {
                let integral = v.fract() == 0.0 && (0.0..9.0e15).contains(&v);
                Ok(PersonId(integral.then_some(v as i64)))
            }

            fn visit_unit<E: de::Error>(self) -> Result<PersonId, E> {
                Ok(PersonId(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PersonId, A::Error> {
                let first = seq.next_element::<PersonId>()?.unwrap_or_default();
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(first)
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

/// Which keypoint group of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The body.
    Body,
    /// The face.
    Face,
    /// The left hand.
    HandLeft,
    /// The right hand.
    HandRight,
}

impl Group {
    /// Every group, body first.
    pub const ALL: [Self; 4] = [Self::Body, Self::Face, Self::HandLeft, Self::HandRight];

    /// The JSON key of this group in 2D or 3D.
    #[must_use]
    pub fn key(self, dims: usize) -> &'static str {
        match (self, dims) {
            (Self::Body, 3) => "pose_keypoints_3d",
            (Self::Face, 3) => "face_keypoints_3d",
            (Self::HandLeft, 3) => "hand_left_keypoints_3d",
            (Self::HandRight, 3) => "hand_right_keypoints_3d",
            (Self::Body, _) => "pose_keypoints_2d",
            (Self::Face, _) => "face_keypoints_2d",
            (Self::HandLeft, _) => "hand_left_keypoints_2d",
            (Self::HandRight, _) => "hand_right_keypoints_2d",
        }
    }
}

impl Person {
    /// The flat values of `group` in 2D (`dims` 2) or 3D (`dims` 3).
    #[must_use]
    pub fn values(&self, group: Group, dims: usize) -> &[f32] {
        let numbers = match (group, dims) {
            (Group::Body, 3) => &self.pose_keypoints_3d,
            (Group::Face, 3) => &self.face_keypoints_3d,
            (Group::HandLeft, 3) => &self.hand_left_keypoints_3d,
            (Group::HandRight, 3) => &self.hand_right_keypoints_3d,
            (Group::Body, _) => &self.pose_keypoints_2d,
            (Group::Face, _) => &self.face_keypoints_2d,
            (Group::HandLeft, _) => &self.hand_left_keypoints_2d,
            (Group::HandRight, _) => &self.hand_right_keypoints_2d,
        };
        &numbers.0
    }
}

/// Parses one frame file.
///
/// # Errors
/// On broken JSON (the line) or a value of the wrong type (the JSON path).
pub fn parse(bytes: &[u8], path: &Path) -> Result<FrameFile, LoadError> {
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if let Some(&first) = first
        && first != b'{'
    {
        return Err(LoadError::parse(
            path,
            FormatId::OpenPose,
            Location::JsonPath("$".into()),
            format!(
                "an OpenPose frame file holds one JSON object, this one starts with `{}`",
                char::from(first).escape_default()
            ),
        ));
    }
    json_path::parse(bytes, path, FormatId::OpenPose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_keys_and_every_person_id_spelling() {
        let text = r#"{"version": "1.0", "people": [
            {"pose_keypoints": [1, 2, 0.5]},
            {"person_id": [-1], "pose_keypoints_2d": []},
            {"person_id": 4},
            {"person_id": [7, 8]},
            {"person_id": null}]}"#;
        let frame = parse(text.as_bytes(), Path::new("f.json")).expect("parses");
        let people = frame.people.expect("people");
        assert_eq!(people[0].values(Group::Body, 2), &[1.0, 2.0, 0.5]);
        let ids: Vec<Option<i64>> = people.iter().map(|p| p.person_id.0).collect();
        assert_eq!(ids, vec![None, None, Some(4), Some(7), None]);
    }

    #[test]
    fn wrong_types_name_the_path() {
        let text = r#"{"people": [{"pose_keypoints_2d": [1, 2, 3]}, {"face_keypoints_2d": {}}]}"#;
        let err = parse(text.as_bytes(), Path::new("f.json")).expect_err("object as list");
        assert!(
            err.to_string().contains("$.people[1].face_keypoints_2d"),
            "{err}"
        );
    }
}
