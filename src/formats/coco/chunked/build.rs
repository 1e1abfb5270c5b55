//! The outline and the chunk index from what the pass found, by the rules of
//! [`super::super::ground_truth`] (same frames, people, warnings and details), without the
//! annotations' values: the visibility codes stand in for the keypoints.
//!
//! The tallies whose first place the whole-file reader notes while filling frames (in frame
//! order, not file order) keep the earliest `(frame slot, annotation)` here instead.

use std::path::Path;

use super::images::Images;
use super::items::{AnnotationItem, CROWD, NONE, POSITIVE, Scanned};
use super::slots::{Order, Slots, slot_each, tracks};
use super::toplevel::Found;
use crate::formats::coco::category::{self, Chosen};
use crate::formats::coco::ground_truth::{self, LISTED_IMAGES, Stats, sizes_text};
use crate::formats::json_path::{self, JsonId, Tally};
use crate::formats::keypoint_tuples::{TupleTallies, Tuples, most_common_count};
use crate::model::{ClipMeta, ClipOutline, FormatId, Space};

/// Where one person's annotation is, in frame order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// File offset of the annotation object.
    pub start: u64,
    /// Its length in bytes.
    pub len: u32,
    /// The frame it belongs to.
    pub frame: u32,
}

/// Every person's annotation, by frame.
#[derive(Debug, Default)]
pub struct Index {
    /// In frame order, file order within a frame.
    pub entries: Vec<Entry>,
    /// Track ids of the entries, when any annotation has one.
    pub tracks: Option<Vec<i64>>,
    /// Joints per person.
    pub joints: usize,
}

/// A tally whose first place is the smallest key among those noted.
#[derive(Default)]
struct Earliest {
    count: usize,
    first: Option<((usize, usize), usize)>,
}

impl Earliest {
    fn note(&mut self, key: (usize, usize), index: usize) {
        self.count += 1;
        if self.first.is_none_or(|(k, _)| key < k) {
            self.first = Some((key, index));
        }
    }

    fn into_tally(self, field: &str) -> Tally {
        let mut tally = Tally::default();
        if let Some((_, index)) = self.first {
            for _ in 0..self.count {
                tally.note(|| json_path::item_path("annotations", index, Some(field)));
            }
        }
        tally
    }
}

/// The outline and index; `None` when the whole-file reader must decide (no keypoints at all:
/// it reports the error). `frame_name(slot)` is the file name of image `slot`, if it has one.
#[must_use]
pub fn build(
    found: &Found,
    path: &Path,
    frame_name: &dyn Fn(usize) -> Option<String>,
) -> Option<(ClipOutline, Index)> {
    let scanned = &found.annotations;
    let mut meta = ClipMeta::new(path, FormatId::Coco);
    let warnings = &mut meta.warnings;
    let chosen = category::choose_in(found.categories.as_deref(), warnings);
    let selected = select(scanned, chosen.as_ref(), warnings);
    let (skeleton, joints) = if let Some(c) = chosen.as_ref().filter(|c| !c.names.is_empty()) {
        let skeleton = category::skeleton(c.names.clone(), c.bones.clone());
        (skeleton, c.names.len())
    } else {
        let lengths = selected
            .iter()
            .filter_map(|&i| scanned.items.get(i))
            .map(|item| item.keypoints_len as usize);
        let count = most_common_count(lengths, 3)?;
        let why = "no category names the keypoints";
        (category::assumed_skeleton(count, why, warnings), count)
    };
    if found.images.is_none() {
        warnings.push(
            "the file has no `images`: frames follow the annotations' image ids in first-seen \
             order"
                .to_owned(),
        );
    }
    let empty = Images::default();
    let images = found.images.as_ref().unwrap_or(&empty);
    let slots = Slots::new(images, warnings);
    let has_images = found.images.is_some();
    let image_count = images.items.len();
    let slot_of = slot_each(
        scanned,
        &selected,
        &slots,
        has_images,
        image_count,
        warnings,
    );
    // The frame order and the tallies are independent: one on each core.
    let mut stats = Stats::default();
    let order = std::thread::scope(|scope| {
        let order = std::thread::Builder::new().spawn_scoped(scope, || {
            Order::new(scanned, &selected, &slot_of, LISTED_IMAGES)
        });
        tally(scanned, &selected, &slot_of, joints, &mut stats, warnings);
        match order {
            Ok(order) => order.join().ok(),
            // No thread: the order is built here.
            Err(_) => Some(Order::new(scanned, &selected, &slot_of, LISTED_IMAGES)),
        }
    })?;
    for &(slot, item) in &order.first_of_frame {
        stats.frame(|| {
            frame_name(slot).unwrap_or_else(|| {
                let id = scanned
                    .items
                    .get(item)
                    .map_or(JsonId::Int(0), |i| scanned.image_id(i));
                format!("image {id}")
            })
        });
    }
    stats.frames = order.frame_count;
    let details = &mut meta.details;
    if let Some(c) = &chosen {
        details.push(c.detail());
    }
    let sizes = images
        .first_size
        .map(|(first, same)| sizes_text(first, same));
    stats.describe(images.items.len(), sizes, details);
    let outline = ClipOutline {
        skeleton,
        frame_rate_hz: None,
        space: Space::image_px(),
        meta,
        parts: Vec::new(),
        frame_count: order.frame_count,
        max_people: order.max_people,
        with_confidence: order.frame_count > 0,
    };
    let index = Index {
        entries: order.entries,
        tracks: tracks(scanned, &selected, &order.positions),
        joints,
    };
    Some((outline, index))
}

/// Indices of the annotations of the keypoint category that have keypoints.
fn select(scanned: &Scanned, chosen: Option<&Chosen>, warnings: &mut Vec<String>) -> Vec<usize> {
    let chosen_category = chosen.and_then(|c| {
        let id = c.id.as_ref()?;
        Some(
            scanned
                .categories
                .iter()
                .position(|k| k == id)
                .map_or(NONE - 1, |i| u32::try_from(i).unwrap_or(NONE - 1)),
        )
    });
    let belongs = |a: &AnnotationItem| match (chosen, chosen_category, a.category) {
        (Some(_), Some(wanted), cat) if cat != NONE => cat == wanted,
        (Some(_), _, _) => true,
        (None, _, _) => a.keypoints_len != NONE,
    };
    let has_keypoints: Vec<Option<bool>> = scanned
        .items
        .iter()
        .map(|item| belongs(item).then_some(item.keypoints_len != NONE))
        .collect();
    ground_truth::select_with_keypoints(&has_keypoints, chosen, warnings)
}

/// The fill-time warnings and the counts of the details, from the visibility codes.
fn tally(
    scanned: &Scanned,
    selected: &[usize],
    slot_of: &[u32],
    joints: usize,
    stats: &mut Stats,
    warnings: &mut Vec<String>,
) {
    let (mut ragged, mut wrong, mut claimed_wrong) = (
        Earliest::default(),
        Earliest::default(),
        Earliest::default(),
    );
    let mut codes_at = 0_usize;
    let mut next = selected.iter().zip(slot_of).peekable();
    for (index, item) in scanned.items.iter().enumerate() {
        let len = if item.keypoints_len == NONE {
            0
        } else {
            item.keypoints_len as usize
        };
        let points = len / 3;
        let codes = scanned
            .codes
            .get(codes_at..codes_at + points)
            .unwrap_or(&[]);
        codes_at += points;
        let Some((_, &slot)) = next.next_if(|(i, _)| **i == index) else {
            continue;
        };
        let key = (slot as usize, index);
        if len > 0 {
            if len % 3 != 0 {
                ragged.note(key, index);
            }
            if points != joints {
                wrong.note(key, index);
            }
        }
        let mut labelled = 0;
        for j in 0..joints {
            let code = codes.get(j).copied().unwrap_or(3);
            stats.visibility[usize::from(code & 3)] += 1;
            labelled += usize::from(code & POSITIVE != 0);
        }
        if !item.num_keypoints.is_nan() && (item.num_keypoints - labelled as f64).abs() > 0.5 {
            claimed_wrong.note(key, index);
        }
        stats.annotations += 1;
        stats.crowd += usize::from(item.flags & CROWD != 0);
    }
    let mut tallies = TupleTallies::default();
    if !selected.is_empty() {
        // Sets the tuple size the messages name, as filling the first person does.
        Tuples::new(joints, 2).fill(&[], String::new, &mut tallies);
    }
    tallies.ragged = ragged.into_tally("keypoints");
    tallies.wrong_count = wrong.into_tally("keypoints");
    tallies.warn(warnings, joints);
    claimed_wrong.into_tally("num_keypoints").warn(
        warnings,
        "annotations have a `num_keypoints` that differs from their count of v > 0",
    );
}
