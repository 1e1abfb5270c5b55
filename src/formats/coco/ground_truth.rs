//! A ground-truth object as a clip: every image with annotations of the keypoint category is a
//! frame (in `images` order), its annotations are the people (in file order).
//!
//! Annotations are grouped by one stable sort of `(frame slot, annotation index)`, so a file
//! with hundreds of thousands of annotations costs `n log n`, never `images x annotations`.

use std::collections::HashMap;
use std::path::Path;

use super::super::json_path::{self, JsonId, Tally};
use super::super::keypoint_tuples::{TupleTallies, Tuples, most_common_count};
use super::super::{LoadError, Location};
use super::category::{self, Chosen};
use super::document::{Annotation, GroundTruth, Image};
use crate::model::{Clip, ClipMeta, FormatId, Poses, PosesBuilder, Skeleton, Space};

/// Most image names listed in the `frame images` detail.
pub(super) const LISTED_IMAGES: usize = 16;

/// Builds the clip of a ground-truth file.
///
/// # Errors
/// When no annotation has keypoints and no category names any (an instances or captions file).
pub fn build(document: &GroundTruth, path: &Path) -> Result<Clip, LoadError> {
    let mut meta = ClipMeta::new(path, FormatId::Coco);
    let warnings = &mut meta.warnings;
    let chosen = category::choose_in(document.categories.as_deref(), warnings);
    let selected = select(document, chosen.as_ref(), warnings);
    let (skeleton, joints) = skeleton_of(document, chosen.as_ref(), &selected, path, warnings)?;
    let order = frame_order(document, &selected, warnings);
    let (poses, stats) = fill(document, &order, &selected, joints, warnings);

    let details = &mut meta.details;
    if let Some(c) = &chosen {
        details.push(c.detail());
    }
    let images = document.images.as_deref().unwrap_or(&[]);
    stats.describe(images.len(), image_sizes(images), details);
    Ok(Clip::new(skeleton, None, Space::image_px(), poses, meta))
}

/// Indices of the annotations of the keypoint category that have keypoints.
fn select(
    document: &GroundTruth,
    chosen: Option<&Chosen>,
    warnings: &mut Vec<String>,
) -> Vec<usize> {
    let belongs = |a: &Annotation| match (chosen, &a.category_id) {
        (Some(Chosen { id: Some(id), .. }), Some(cat)) => cat == id,
        (Some(_), _) => true,
        (None, _) => a.keypoints.is_some(),
    };
    let has_keypoints: Vec<Option<bool>> = document
        .annotations
        .iter()
        .map(|a| belongs(a).then_some(a.keypoints.is_some()))
        .collect();
    select_with_keypoints(&has_keypoints, chosen, warnings)
}

/// Indices of the annotations that belong to the keypoint category and have keypoints, given
/// for each annotation `None` (another category) or whether it has `keypoints`; warns about
/// the ones without and when none belongs. Shared by the whole-file and chunked readers.
pub(super) fn select_with_keypoints(
    has_keypoints: &[Option<bool>],
    chosen: Option<&Chosen>,
    warnings: &mut Vec<String>,
) -> Vec<usize> {
    let mut no_keypoints = Tally::default();
    let mut selected: Vec<usize> = Vec::new();
    for (index, has) in has_keypoints.iter().enumerate() {
        match has {
            None => {}
            Some(false) => {
                no_keypoints.note(|| json_path::item_path("annotations", index, None));
            }
            Some(true) => selected.push(index),
        }
    }
    no_keypoints.warn(
        warnings,
        "annotations of the keypoint category have no `keypoints` and were skipped",
    );
    if selected.is_empty() && !has_keypoints.is_empty() {
        warnings.push(format!(
            "none of the {} annotations belongs to the keypoint category{}",
            has_keypoints.len(),
            chosen.map_or_else(String::new, |c| format!(" `{}`", c.name))
        ));
    }
    selected
}

/// The skeleton and its joint count: the category's names, or a count read from the data.
fn skeleton_of(
    document: &GroundTruth,
    chosen: Option<&Chosen>,
    selected: &[usize],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<(Skeleton, usize), LoadError> {
    if let Some(c) = chosen.filter(|c| !c.names.is_empty()) {
        let skeleton = category::skeleton(c.names.clone(), c.bones.clone());
        return Ok((skeleton, c.names.len()));
    }
    let lengths = selected
        .iter()
        .filter_map(|&i| document.annotations.get(i))
        .filter_map(|a| a.keypoints.as_ref().map(|k| k.0.len()));
    let Some(count) = most_common_count(lengths, 3) else {
        return Err(LoadError::parse(
            path,
            FormatId::Coco,
            Location::JsonPath("$.categories".into()),
            "no category lists `keypoints` and no annotation has any: this is not a keypoints \
             file (an instances or captions file?)",
        ));
    };
    let skeleton = category::assumed_skeleton(count, "no category names the keypoints", warnings);
    Ok((skeleton, count))
}

/// `(frame slot, annotation index)` pairs sorted by slot: images in `images` order, then
/// image ids missing from `images` in first-seen order.
fn frame_order(
    document: &GroundTruth,
    selected: &[usize],
    warnings: &mut Vec<String>,
) -> Vec<(usize, usize)> {
    let images = document.images.as_deref().unwrap_or(&[]);
    if document.images.is_none() {
        warnings.push(
            "the file has no `images`: frames follow the annotations' image ids in first-seen \
             order"
                .to_owned(),
        );
    }
    let slots = Slots::new(images, warnings);
    let mut orphans: HashMap<&JsonId, usize> = HashMap::new();
    let mut orphan_tally = Tally::default();
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(selected.len());
    for &index in selected {
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
    orphan_tally.warn(
        warnings,
        "annotations name an image id that is not in `images`; they are shown as extra frames \
         at the end",
    );
    order
}

/// What was counted while filling the poses, for the details.
#[derive(Default)]
pub(super) struct Stats {
    /// Annotations shown.
    pub annotations: usize,
    /// Of which crowd regions.
    pub crowd: usize,
    /// Points with v = 0, 1, 2 and anything else.
    pub visibility: [usize; 4],
    /// Frames (images with annotations).
    pub frames: usize,
    /// Names of the first frames' images (one more than are listed).
    pub frame_images: Vec<String>,
}

impl Stats {
    fn count_visibility(&mut self, values: &[f32]) {
        for v in values {
            let bucket = if v.is_nan() || *v < 0.0 {
                3
            } else {
                (*v as usize).min(3)
            };
            if let Some(count) = self.visibility.get_mut(bucket) {
                *count += 1;
            }
        }
    }

    /// Notes a new frame whose image is named `name()`.
    pub fn frame(&mut self, name: impl FnOnce() -> String) {
        self.frames += 1;
        if self.frame_images.len() <= LISTED_IMAGES {
            self.frame_images.push(name());
        }
    }

    /// The details: counts, visibility, images (`image_count` listed, `sizes` as
    /// [`sizes_text`] says).
    pub fn describe(
        &self,
        image_count: usize,
        sizes: Option<String>,
        details: &mut Vec<(String, String)>,
    ) {
        let [v0, v1, v2, other] = self.visibility;
        details.push((
            "annotations".into(),
            format!(
                "{} of the keypoint category, {} crowd",
                self.annotations, self.crowd
            ),
        ));
        details.push((
            "visibility".into(),
            format!("v=0: {v0}, v=1: {v1}, v=2: {v2}, other: {other}"),
        ));
        details.push((
            "images".into(),
            format!("{} with annotations of {image_count} listed", self.frames),
        ));
        if let Some(size) = sizes {
            details.push(("image size px".into(), size));
        }
        if !self.frame_images.is_empty() {
            let mut list: Vec<&str> = self
                .frame_images
                .iter()
                .take(LISTED_IMAGES)
                .map(String::as_str)
                .collect();
            if self.frames > LISTED_IMAGES {
                list.push("…");
            }
            details.push(("frame images".into(), list.join(", ")));
        }
    }
}

/// One frame per slot, one person per annotation.
fn fill(
    document: &GroundTruth,
    order: &[(usize, usize)],
    selected: &[usize],
    joints: usize,
    warnings: &mut Vec<String>,
) -> (Poses, Stats) {
    let images = document.images.as_deref().unwrap_or(&[]);
    let tracks = TrackIds::new(selected, &document.annotations);
    let mut builder = PosesBuilder::new(joints, 2, true, tracks.is_some());
    let mut tallies = TupleTallies::default();
    let mut num_keypoints_wrong = Tally::default();
    let mut stats = Stats::default();
    let mut triples = Tuples::new(joints, 2);
    let mut previous_slot = None;
    for &(slot, index) in order {
        let Some(annotation) = document.annotations.get(index) else {
            continue;
        };
        if previous_slot != Some(slot) {
            builder.begin_frame();
            previous_slot = Some(slot);
            stats.frame(|| image_name(images.get(slot), &annotation.image_id));
        }
        let values = annotation.keypoints.as_ref().map_or(&[][..], |k| &k.0[..]);
        triples.fill(
            values,
            || json_path::item_path("annotations", index, Some("keypoints")),
            &mut tallies,
        );
        stats.count_visibility(triples.confidence());
        if let Some(claimed) = annotation.num_keypoints {
            let labelled = triples.confidence().iter().filter(|v| **v > 0.0).count();
            if (claimed - labelled as f64).abs() > 0.5 {
                num_keypoints_wrong
                    .note(|| json_path::item_path("annotations", index, Some("num_keypoints")));
            }
        }
        stats.annotations += 1;
        stats.crowd += usize::from(annotation.iscrowd.is_some_and(|f| f.0));
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
    (builder.finish(), stats)
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
    Some(sizes_text(first, same))
}

/// `640×425`, or `varies (first 640×425)` when not every image has the first size.
pub(super) fn sizes_text(first: (f64, f64), same: bool) -> String {
    let text = format!("{}×{}", first.0, first.1);
    if same {
        text
    } else {
        format!("varies (first {text})")
    }
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
