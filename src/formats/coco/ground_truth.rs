//! A ground-truth object as a clip: every image with annotations of the keypoint category is a
//! frame (in `images` order), its annotations are the people (in file order).
//!
//! Annotations are grouped by one stable sort of `(frame slot, annotation index)`, so a file
//! with hundreds of thousands of annotations costs `n log n`, never `images x annotations`.

use std::collections::HashMap;
use std::path::Path;

use super::super::LoadError;
use super::super::json_path::{self, JsonId, Tally};
use super::super::keypoint_tuples::{TupleTallies, Tuples, most_common_count};
use super::category::{self, Chosen};
use super::document::{Annotation, GroundTruth, Image};
use crate::model::{Clip, ClipMeta, FormatId, PosesBuilder, Space};

/// Most image names listed in the `frame images` detail.
const LISTED_IMAGES: usize = 16;

/// Builds the clip of a ground-truth file.
///
/// # Errors
/// When no annotation has keypoints and no category names any (an instances or captions file).
pub fn build(document: GroundTruth, path: &Path) -> Result<Clip, LoadError> {
    let mut meta = ClipMeta::new(path, FormatId::Coco);
    let warnings = &mut meta.warnings;
    let chosen = match &document.categories {
        None => {
            warnings.push("the file has no `categories`: keypoint names are unknown".to_owned());
            None
        }
        Some(categories) => category::choose(categories, warnings),
    };
    let belongs = |a: &Annotation| match (&chosen, &a.category_id) {
        (Some(Chosen { id: Some(id), .. }), Some(cat)) => cat == id,
        (Some(_), _) => true,
        (None, _) => a.keypoints.is_some(),
    };
    let mut no_keypoints = Tally::default();
    let mut selected: Vec<usize> = Vec::new();
    for (index, annotation) in document.annotations.iter().enumerate() {
        if !belongs(annotation) {
            continue;
        }
        if annotation.keypoints.is_none() {
            no_keypoints.note(|| json_path::item_path("annotations", index, None));
            continue;
        }
        selected.push(index);
    }
    no_keypoints.warn(
        warnings,
        "annotations of the keypoint category have no `keypoints` and were skipped",
    );
    let (skeleton, joints) = match &chosen {
        Some(c) if !c.names.is_empty() => (
            category::skeleton(c.names.clone(), c.bones.clone()),
            c.names.len(),
        ),
        _ => {
            let lengths = selected
                .iter()
                .filter_map(|&i| document.annotations.get(i))
                .filter_map(|a| a.keypoints.as_ref().map(|k| k.0.len()));
            let Some(count) = most_common_count(lengths, 3) else {
                return Err(LoadError::parse(
                    path,
                    FormatId::Coco,
                    json_path_location("$.categories"),
                    "no category lists `keypoints` and no annotation has any: this is not a \
                     keypoints file (an instances or captions file?)",
                ));
            };
            let skeleton =
                category::assumed_skeleton(count, "no category names the keypoints", warnings);
            (skeleton, count)
        }
    };

    let images = document.images.as_deref().unwrap_or(&[]);
    if document.images.is_none() {
        warnings.push("the file has no `images`: frames follow the annotations' image ids in first-seen order".to_owned());
    }
    let slots = Slots::new(images, warnings);
    let mut orphans: HashMap<&JsonId, usize> = HashMap::new();
    let mut orphan_tally = Tally::default();
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(selected.len());
    for &index in &selected {
        let Some(annotation) = document.annotations.get(index) else {
            continue;
        };
        let slot = if let Some(&slot) = slots.by_id.get(&annotation.image_id) {
            slot
        } else {
            if document.images.is_some() {
                orphan_tally.note(|| json_path::item_path("annotations", index, Some("image_id")));
            }
            let next = images.len() + orphans.len();
            *orphans.entry(&annotation.image_id).or_insert(next)
        };
        order.push((slot, index));
    }
    order.sort_by_key(|&(slot, _)| slot);
    if document.images.is_some() {
        orphan_tally.warn(
            warnings,
            "annotations name an image id that is not in `images`; they are shown as extra frames at the end",
        );
    }

    let tracks = TrackIds::new(&selected, &document.annotations);
    let mut builder = PosesBuilder::new(joints, 2, true, tracks.is_some());
    let mut tallies = TupleTallies::default();
    let mut num_keypoints_wrong = Tally::default();
    let mut crowd = 0_usize;
    let mut visibility = [0_usize; 4];
    let mut triples = Tuples::new(joints, 2);
    let mut frame_images: Vec<String> = Vec::new();
    let mut previous_slot = None;
    for &(slot, index) in &order {
        let Some(annotation) = document.annotations.get(index) else {
            continue;
        };
        if previous_slot != Some(slot) {
            builder.begin_frame();
            previous_slot = Some(slot);
            frame_images.push(image_name(images.get(slot), &annotation.image_id));
        }
        let values = annotation.keypoints.as_ref().map_or(&[][..], |k| &k.0[..]);
        triples.fill(
            values,
            || json_path::item_path("annotations", index, Some("keypoints")),
            &mut tallies,
        );
        for v in triples.confidence() {
            let bucket = if v.is_nan() || *v < 0.0 {
                3
            } else {
                (*v as usize).min(3)
            };
            if let Some(count) = visibility.get_mut(bucket) {
                *count += 1;
            }
        }
        if let Some(claimed) = annotation.num_keypoints {
            let labelled = triples.confidence().iter().filter(|v| **v > 0.0).count();
            if (claimed - labelled as f64).abs() > 0.5 {
                num_keypoints_wrong
                    .note(|| json_path::item_path("annotations", index, Some("num_keypoints")));
            }
        }
        if annotation.iscrowd.is_some_and(|f| f.0) {
            crowd += 1;
        }
        builder.push_person(
            triples.coords(),
            Some(triples.confidence()),
            tracks.as_ref().map(|t| t.of(annotation)),
        );
    }
    tallies.warn(warnings, joints);
    num_keypoints_wrong.warn(
        warnings,
        "annotations have a `num_keypoints` that differs from their count of v > 0",
    );
    let poses = builder.finish();

    let details = &mut meta.details;
    if let Some(c) = &chosen {
        let id =
            c.id.as_ref()
                .map_or_else(String::new, |id| format!(" (id {id})"));
        details.push(("category".into(), format!("{}{id}", c.name)));
    }
    details.push((
        "annotations".into(),
        format!("{} of the keypoint category, {crowd} crowd", order.len()),
    ));
    details.push((
        "visibility".into(),
        format!(
            "v=0: {}, v=1: {}, v=2: {}, other: {}",
            visibility[0], visibility[1], visibility[2], visibility[3]
        ),
    ));
    details.push((
        "images".into(),
        format!(
            "{} with annotations of {} listed",
            frame_images.len(),
            images.len()
        ),
    ));
    if let Some(size) = image_sizes(images) {
        details.push(("image size px".into(), size));
    }
    if !frame_images.is_empty() {
        let mut list: Vec<&str> = frame_images
            .iter()
            .take(LISTED_IMAGES)
            .map(String::as_str)
            .collect();
        if frame_images.len() > LISTED_IMAGES {
            list.push("…");
        }
        details.push(("frame images".into(), list.join(", ")));
    }
    Ok(Clip::new(skeleton, None, Space::image_px(), poses, meta))
}

fn json_path_location(path: &str) -> super::super::Location {
    super::super::Location::JsonPath(path.to_owned())
}

/// Image id to position in `images`.
struct Slots<'a> {
    by_id: HashMap<&'a JsonId, usize>,
}

impl<'a> Slots<'a> {
    fn new(images: &'a [Image], warnings: &mut Vec<String>) -> Self {
        let mut by_id = HashMap::with_capacity(images.len());
        let mut duplicates = Tally::default();
        for (index, image) in images.iter().enumerate() {
            if by_id.contains_key(&image.id) {
                duplicates.note(|| json_path::item_path("images", index, Some("id")));
            } else {
                by_id.insert(&image.id, index);
            }
        }
        duplicates.warn(
            warnings,
            "images repeat an id already used; their annotations go to the first image with that id",
        );
        Self { by_id }
    }
}

/// The name shown for a frame: the image file name, or its id.
fn image_name(image: Option<&Image>, id: &JsonId) -> String {
    image
        .and_then(|i| i.file_name.clone())
        .unwrap_or_else(|| format!("image {id}"))
}

/// `640×425` when every image has that size, else `varies (first 640×425)`.
fn image_sizes(images: &[Image]) -> Option<String> {
    let mut sizes = images.iter().filter_map(|i| Some((i.width?, i.height?)));
    let first = sizes.next()?;
    let same = sizes.all(|s| s == first);
    let text = format!("{}×{}", first.0, first.1);
    Some(if same {
        text
    } else {
        format!("varies (first {text})")
    })
}

/// PoseTrack-style `track_id`s as integers (string ids numbered in order of first appearance).
struct TrackIds<'a> {
    text: HashMap<&'a str, i64>,
}

impl<'a> TrackIds<'a> {
    fn new(selected: &[usize], annotations: &'a [Annotation]) -> Option<Self> {
        let mut any = false;
        let mut text = HashMap::new();
        for annotation in selected.iter().filter_map(|&i| annotations.get(i)) {
            match &annotation.track_id {
                Some(JsonId::Text(t)) => {
                    let next = text.len() as i64;
                    text.entry(t.as_str()).or_insert(next);
                    any = true;
                }
                Some(JsonId::Int(_)) => any = true,
                None => {}
            }
        }
        any.then_some(Self { text })
    }

    fn of(&self, annotation: &Annotation) -> i64 {
        match &annotation.track_id {
            Some(JsonId::Int(v)) => *v,
            Some(JsonId::Text(t)) => self.text.get(t.as_str()).copied().unwrap_or(-1),
            None => -1,
        }
    }
}
