//! The COCO keypoints JSON as typed records: a ground-truth object or a results list.
//!
//! Only the fields a viewer needs are kept; everything else (segmentation polygons, licences,
//! URLs) is skipped while parsing without being stored.

use std::path::Path;

use serde::Deserialize;

use super::super::LoadError;
use super::super::json_path::{self, Flag, JsonId, Numbers};
use crate::model::FormatId;

/// A parsed COCO file.
#[derive(Clone, Debug)]
pub enum CocoDocument {
    /// A ground-truth object with `images`, `annotations` and `categories`.
    GroundTruth(GroundTruth),
    /// A bare list of detections.
    Results(Vec<ResultEntry>),
}

/// A ground-truth file (`person_keypoints_*.json`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GroundTruth {
    /// The images, in file order. `None` when the key is absent.
    #[serde(default)]
    pub images: Option<Vec<Image>>,
    /// The annotations, in file order.
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// The categories. `None` when the key is absent.
    #[serde(default)]
    pub categories: Option<Vec<Category>>,
}

/// One entry of `images`.
#[derive(Clone, Debug, Deserialize)]
pub struct Image {
    /// The image id annotations refer to.
    pub id: JsonId,
    /// The image file name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Width in pixels.
    #[serde(default)]
    pub width: Option<f64>,
    /// Height in pixels.
    #[serde(default)]
    pub height: Option<f64>,
}

/// One entry of `categories`.
#[derive(Clone, Debug, Deserialize)]
pub struct Category {
    /// The category id annotations refer to.
    pub id: JsonId,
    /// Its name, e.g. `person`.
    #[serde(default)]
    pub name: Option<String>,
    /// Keypoint names; `None` for categories without keypoints.
    #[serde(default)]
    pub keypoints: Option<Vec<String>>,
    /// Links as 1-based index pairs into `keypoints`.
    #[serde(default)]
    pub skeleton: Option<Vec<Vec<i64>>>,
}

/// One entry of `annotations`.
#[derive(Clone, Debug, Deserialize)]
pub struct Annotation {
    /// The annotation id.
    #[serde(default)]
    pub id: Option<JsonId>,
    /// The image it belongs to.
    pub image_id: JsonId,
    /// Its category.
    #[serde(default)]
    pub category_id: Option<JsonId>,
    /// Flat `x, y, v` triples.
    #[serde(default)]
    pub keypoints: Option<Numbers>,
    /// How many keypoints have `v > 0`, as the file claims.
    #[serde(default)]
    pub num_keypoints: Option<f64>,
    /// Crowd region (`0`/`1` or `false`/`true`).
    #[serde(default)]
    pub iscrowd: Option<Flag>,
    /// Bounding box `[x, y, width, height]`, top-left corner first.
    #[serde(default)]
    pub bbox: Option<Numbers>,
    /// PoseTrack-style track id.
    #[serde(default)]
    pub track_id: Option<JsonId>,
}

/// One detection of a results list.
#[derive(Clone, Debug, Deserialize)]
pub struct ResultEntry {
    /// The image it was detected in.
    pub image_id: JsonId,
    /// Its category.
    #[serde(default)]
    pub category_id: Option<JsonId>,
    /// Flat `x, y, c` triples.
    pub keypoints: Numbers,
    /// Detection score.
    #[serde(default)]
    pub score: Option<f64>,
}

/// Parses a COCO file, telling a ground-truth object from a results list by its first
/// character.
///
/// # Errors
/// On broken JSON (with the line) or a value of the wrong type (with the JSON path).
pub fn parse(bytes: &[u8], path: &Path) -> Result<CocoDocument, LoadError> {
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if first == Some(b'[') {
        json_path::parse(bytes, path, FormatId::Coco).map(CocoDocument::Results)
    } else {
        json_path::parse(bytes, path, FormatId::Coco).map(CocoDocument::GroundTruth)
    }
}
