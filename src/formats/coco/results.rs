//! A results list as a clip: each distinct `image_id` is a frame (first-seen order), its
//! detections are the people (file order), the third value of each triple is the confidence.
//!
//! A results file names no keypoints: the point count comes from the first detection, and 17
//! points are assumed to be COCO-17 (with a warning).

use std::collections::HashMap;
use std::path::Path;

use super::super::json_path::{self, JsonId};
use super::super::keypoint_tuples::{TupleTallies, Tuples, most_common_count};
use super::category;
use super::document::ResultEntry;
use crate::model::{Clip, ClipMeta, FormatId, PosesBuilder, Space};

/// Builds the clip of a results list.
#[must_use]
pub fn build(entries: &[ResultEntry], path: &Path) -> Clip {
    let mut meta = ClipMeta::new(path, FormatId::Coco);
    let joints = most_common_count(entries.iter().map(|e| e.keypoints.0.len()), 3).unwrap_or(0);
    let skeleton = if entries.is_empty() {
        meta.warnings
            .push("the results list is empty: no detections to show".to_owned());
        crate::model::Skeleton::unnamed(0)
    } else {
        category::assumed_skeleton(
            joints,
            "a results list names no keypoints",
            &mut meta.warnings,
        )
    };

    let mut slots: HashMap<&JsonId, usize> = HashMap::new();
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let next = slots.len();
        let slot = *slots.entry(&entry.image_id).or_insert(next);
        order.push((slot, index));
    }
    order.sort_by_key(|&(slot, _)| slot);

    let mut builder = PosesBuilder::new(joints, 2, true, false);
    let mut tuples = Tuples::new(joints, 2);
    let mut tallies = TupleTallies::default();
    let mut previous_slot = None;
    for &(slot, index) in &order {
        let Some(entry) = entries.get(index) else {
            continue;
        };
        if previous_slot != Some(slot) {
            builder.begin_frame();
            previous_slot = Some(slot);
        }
        tuples.fill(
            &entry.keypoints.0,
            || {
                let mut place = String::from("$");
                json_path::push_index(&mut place, index);
                place.push_str(".keypoints");
                place
            },
            &mut tallies,
        );
        builder.push_person(tuples.coords(), Some(tuples.confidence()), None);
    }
    tallies.warn(&mut meta.warnings, joints);

    let mut categories: Vec<&JsonId> = Vec::new();
    for id in entries.iter().filter_map(|e| e.category_id.as_ref()) {
        if !categories.contains(&id) {
            categories.push(id);
            if categories.len() > 8 {
                break;
            }
        }
    }
    if categories.len() > 1 {
        meta.warnings.push(format!(
            "the detections belong to several categories ({}); all are shown with one skeleton",
            join(&categories)
        ));
    }
    let details = &mut meta.details;
    details.push(("kind".into(), "results list (detections)".into()));
    details.push((
        "detections".into(),
        format!("{} on {} images", entries.len(), slots.len()),
    ));
    let scores = entries.iter().filter_map(|e| e.score);
    let (low, high) = scores.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
        (lo.min(s), hi.max(s))
    });
    if low <= high {
        details.push(("scores".into(), format!("{low} to {high}")));
    }
    Clip::new(skeleton, None, Space::image_px(), builder.finish(), meta)
}

fn join(ids: &[&JsonId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
