//! Frames from image ids: each image a slot (in `images` order), image ids missing from
//! `images` extra slots at the end (first-seen order); the slots with annotations are the
//! frames. One counting sort by slot keeps file order within a frame, as the whole-file
//! reader's stable sort does, in linear time.

use std::collections::HashMap;

use super::build::Entry;
use super::images::Images;
use super::items::{IMAGE_TEXT, Scanned};
use crate::formats::json_path::{self, JsonId, Tally};

/// Image id to slot: a table when the ids are integers in a compact range, else a map.
pub enum Slots {
    /// `table[id - min]` is the slot (`u32::MAX`: none).
    Dense {
        /// The smallest id.
        min: i64,
        /// Slots by id.
        table: Vec<u32>,
    },
    /// Slots by id.
    Map(HashMap<JsonId, u32>),
}

impl Slots {
    /// The slots of `images`, warning about repeated ids (the first image keeps the id).
    pub fn new(images: &Images, warnings: &mut Vec<String>) -> Self {
        let items = &images.items;
        let ints = items.iter().all(|i| i.flags & IMAGE_TEXT == 0);
        let (min, max) = items.iter().fold((i64::MAX, i64::MIN), |(lo, hi), i| {
            (lo.min(i.id), hi.max(i.id))
        });
        let span = max.checked_sub(min).and_then(|s| usize::try_from(s).ok());
        let mut duplicates = Tally::default();
        let mut slots = match span {
            Some(span) if ints && span < items.len().saturating_mul(4) + 1024 => Self::Dense {
                min,
                table: vec![u32::MAX; span + 1],
            },
            _ => Self::Map(HashMap::with_capacity(items.len())),
        };
        for (index, item) in items.iter().enumerate() {
            let slot = u32::try_from(index).unwrap_or(u32::MAX);
            let fresh = match &mut slots {
                Self::Dense { min, table } => {
                    let cell = usize::try_from(item.id - *min)
                        .ok()
                        .and_then(|i| table.get_mut(i));
                    match cell {
                        Some(cell) if *cell == u32::MAX => {
                            *cell = slot;
                            true
                        }
                        _ => false,
                    }
                }
                Self::Map(map) => match map.entry(images.id(item)) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(slot);
                        true
                    }
                    std::collections::hash_map::Entry::Occupied(_) => false,
                },
            };
            if !fresh {
                duplicates.note(|| json_path::item_path("images", index, Some("id")));
            }
        }
        duplicates.warn(
            warnings,
            "images repeat an id already used; their annotations go to the first image with that id",
        );
        slots
    }

    fn get(&self, id: &JsonId) -> Option<u32> {
        match (self, id) {
            (Self::Dense { min, table }, JsonId::Int(v)) => v
                .checked_sub(*min)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| table.get(i).copied())
                .filter(|&s| s != u32::MAX),
            (Self::Dense { .. }, JsonId::Text(_)) => None,
            (Self::Map(map), id) => map.get(id).copied(),
        }
    }
}

/// The slot of each selected annotation (aligned with `selected`), warning about image ids
/// missing from `images` (when the file has `images`).
pub fn slot_each(
    scanned: &Scanned,
    selected: &[usize],
    slots: &Slots,
    has_images: bool,
    image_count: usize,
    warnings: &mut Vec<String>,
) -> Vec<u32> {
    let mut orphans: HashMap<JsonId, u32> = HashMap::new();
    let mut tally = Tally::default();
    let mut out = Vec::with_capacity(selected.len());
    for &index in selected {
        let Some(item) = scanned.items.get(index) else {
            continue;
        };
        let id = if item.flags & IMAGE_TEXT == 0 {
            JsonId::Int(item.image)
        } else {
            scanned.image_id(item)
        };
        let slot = if let Some(slot) = slots.get(&id) {
            slot
        } else {
            if has_images {
                tally.note(|| json_path::item_path("annotations", index, Some("image_id")));
            }
            let next = u32::try_from(image_count + orphans.len()).unwrap_or(u32::MAX);
            *orphans.entry(id).or_insert(next)
        };
        out.push(slot);
    }
    tally.warn(
        warnings,
        "annotations name an image id that is not in `images`; they are shown as extra frames \
         at the end",
    );
    out
}

/// The selected annotations in frame order.
pub struct Order {
    /// One per person, in frame order.
    pub entries: Vec<Entry>,
    /// Where each selected annotation went in `entries`.
    pub positions: Vec<u32>,
    /// Number of frames.
    pub frame_count: usize,
    /// The most people in a frame.
    pub max_people: usize,
    /// Slot and first annotation of the first frames (as many as the details list, and one).
    pub first_of_frame: Vec<(usize, usize)>,
}

impl Order {
    /// Sorts `selected` (with its `slot_of`) by slot, stably.
    #[must_use]
    pub fn new(scanned: &Scanned, selected: &[usize], slot_of: &[u32], listed: usize) -> Self {
        let slot_count = slot_of.iter().map(|&s| s as usize + 1).max().unwrap_or(0);
        let mut counts = vec![0_u32; slot_count];
        for &slot in slot_of {
            counts[slot as usize] += 1;
        }
        // Each slot's first position, and its frame number.
        let mut frame_of = vec![0_u32; slot_count];
        let mut frame_count = 0_usize;
        let mut max_people = 0_usize;
        let mut at = 0_u32;
        for (slot, count) in counts.iter_mut().enumerate() {
            if *count == 0 {
                continue;
            }
            frame_of[slot] = u32::try_from(frame_count).unwrap_or(u32::MAX);
            frame_count += 1;
            max_people = max_people.max(*count as usize);
            let first = at;
            at += *count;
            *count = first;
        }
        let blank = Entry {
            start: 0,
            len: 0,
            frame: 0,
        };
        let mut entries = vec![blank; selected.len()];
        let mut positions = Vec::with_capacity(selected.len());
        let mut first_of_frame = vec![(usize::MAX, usize::MAX); frame_count.min(listed + 1)];
        for (&index, &slot) in selected.iter().zip(slot_of) {
            let position = counts[slot as usize];
            counts[slot as usize] += 1;
            positions.push(position);
            let Some(item) = scanned.items.get(index) else {
                continue;
            };
            let frame = frame_of[slot as usize];
            if let Some(first) = first_of_frame.get_mut(frame as usize)
                && first.1 > index
            {
                *first = (slot as usize, index);
            }
            entries[position as usize] = Entry {
                start: item.start,
                len: item.len,
                frame,
            };
        }
        Self {
            entries,
            positions,
            frame_count,
            max_people,
            first_of_frame,
        }
    }
}

/// Track ids of the entries (in entry order), when any selected annotation has one: integers
/// as they are, text numbered in order of first appearance, -1 for none.
#[must_use]
pub fn tracks(scanned: &Scanned, selected: &[usize], positions: &[u32]) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    let mut text: HashMap<&str, i64> = HashMap::new();
    let mut tracks = scanned.tracks.iter().peekable();
    for (&index, &position) in selected.iter().zip(positions) {
        while tracks.next_if(|(i, _)| (*i as usize) < index).is_some() {}
        let Some((_, id)) = tracks.next_if(|(i, _)| *i as usize == index) else {
            continue;
        };
        if out.is_empty() {
            out = vec![-1; selected.len()];
        }
        let value = match id {
            JsonId::Int(v) => *v,
            JsonId::Text(t) => {
                let next = text.len() as i64;
                *text.entry(t.as_str()).or_insert(next)
            }
        };
        if let Some(cell) = out.get_mut(position as usize) {
            *cell = value;
        }
    }
    (!out.is_empty()).then_some(out)
}
