//! Parsed frame files of a run of consecutive frames, held compactly until the clip is
//! assembled: every keypoint list of every person in one flat `f32` buffer per list kind (a
//! kind nobody fills, such as empty face arrays, costs nothing), track ids as `i64`, and one
//! byte of flags per frame. The `x, y, c` values take the room the finished poses will take
//! (coordinates plus confidence), so a folder is never held twice over.

use std::ops::Range;

use super::frame::{FrameFile, Group};
use crate::formats::LoadError;

/// Flag: the file was read and parsed.
const PARSED: u8 = 1;
/// Flag: the file has a `people` list.
const HAS_PEOPLE: u8 = 2;
/// Flag: the file has `part_candidates`.
const CANDIDATES: u8 = 4;

/// The index of a keypoint list kind: the four groups in 2D, then in 3D.
fn kind(group: Group, dims: usize) -> usize {
    let index = match group {
        Group::Body => 0,
        Group::Face => 1,
        Group::HandLeft => 2,
        Group::HandRight => 3,
    };
    if dims == 3 { index + 4 } else { index }
}

/// One kind of keypoint list for every person of a chunk.
#[derive(Clone, Debug, Default)]
struct Lists {
    values: Vec<f32>,
    /// The end of each person's values, for the people up to the last one with any values
    /// (the others have none).
    ends: Vec<usize>,
}

impl Lists {
    fn push(&mut self, person: usize, values: &[f32]) {
        if values.is_empty() && self.ends.is_empty() {
            return;
        }
        while self.ends.len() < person {
            self.ends.push(self.values.len());
        }
        self.values.extend_from_slice(values);
        self.ends.push(self.values.len());
    }

    fn get(&self, person: usize) -> &[f32] {
        let Some(&end) = self.ends.get(person) else {
            return &[];
        };
        let start = person
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        self.values.get(start..end).unwrap_or(&[])
    }

    fn shrink(&mut self) {
        self.values.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// One frame of a [`RawChunk`].
#[derive(Clone, Debug)]
pub struct RawFrame {
    /// The file was read and parsed (else the frame is empty and counted as a failure).
    pub parsed: bool,
    /// The file has a `people` list.
    pub has_people: bool,
    /// The file has `part_candidates`.
    pub candidates: bool,
    /// Its people, as person indices of the chunk.
    pub people: Range<usize>,
}

/// Consecutive frames, parsed.
#[derive(Debug, Default)]
pub struct RawChunk {
    first_frame: usize,
    flags: Vec<u8>,
    /// `frames + 1` offsets into the people.
    people_ends: Vec<usize>,
    /// Track id per person, -1 when untracked.
    ids: Vec<i64>,
    lists: [Lists; 8],
    version: Option<String>,
    first_error: Option<LoadError>,
    failures: usize,
}

impl RawChunk {
    /// An empty chunk whose first frame is frame `first_frame` of the clip.
    #[must_use]
    pub fn new(first_frame: usize) -> Self {
        Self {
            first_frame,
            people_ends: vec![0],
            ..Self::default()
        }
    }

    /// Adds a parsed frame.
    pub fn push_frame(&mut self, frame: &FrameFile) {
        let mut flags = PARSED;
        if frame.part_candidates.is_some() {
            flags |= CANDIDATES;
        }
        if self.version.is_none()
            && let Some(version) = &frame.version
        {
            self.version = Some(version.to_string().trim_matches('"').to_owned());
        }
        if let Some(people) = &frame.people {
            flags |= HAS_PEOPLE;
            for person in people {
                let index = self.ids.len();
                self.ids.push(person.person_id.0.unwrap_or(-1));
                for dims in [2, 3] {
                    for group in Group::ALL {
                        self.lists[kind(group, dims)].push(index, person.values(group, dims));
                    }
                }
            }
        }
        self.flags.push(flags);
        self.people_ends.push(self.ids.len());
    }

    /// Adds a frame whose file could not be read or parsed (an empty frame).
    pub fn push_failure(&mut self, error: LoadError) {
        self.failures += 1;
        self.first_error.get_or_insert(error);
        self.flags.push(0);
        self.people_ends.push(self.ids.len());
    }

    /// Gives back spare buffer room once the chunk is complete.
    pub fn shrink(&mut self) {
        for lists in &mut self.lists {
            lists.shrink();
        }
        self.ids.shrink_to_fit();
    }

    /// Index of the chunk's first frame in the clip.
    #[must_use]
    pub fn first_frame(&self) -> usize {
        self.first_frame
    }

    /// Number of frames.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.flags.len()
    }

    /// Frame `index` of the chunk (an empty, unparsed frame when out of range).
    #[must_use]
    pub fn frame(&self, index: usize) -> RawFrame {
        let flags = self.flags.get(index).copied().unwrap_or(0);
        let start = self.people_ends.get(index).copied().unwrap_or(0);
        let end = self.people_ends.get(index + 1).copied().unwrap_or(start);
        RawFrame {
            parsed: flags & PARSED != 0,
            has_people: flags & HAS_PEOPLE != 0,
            candidates: flags & CANDIDATES != 0,
            people: start..end,
        }
    }

    /// True when a parsed frame has a `people` list.
    #[must_use]
    pub fn any_people(&self) -> bool {
        self.flags.iter().any(|f| f & HAS_PEOPLE != 0)
    }

    /// Every person index of the chunk.
    #[must_use]
    pub fn people(&self) -> Range<usize> {
        0..self.ids.len()
    }

    /// The track id of person `person`, `None` when untracked.
    #[must_use]
    pub fn person_id(&self, person: usize) -> Option<i64> {
        self.ids.get(person).copied().filter(|&id| id >= 0)
    }

    /// The flat values of `group` in 2D (`dims` 2) or 3D (`dims` 3) of person `person`.
    #[must_use]
    pub fn values(&self, person: usize, group: Group, dims: usize) -> &[f32] {
        self.lists
            .get(kind(group, dims))
            .map_or(&[], |lists| lists.get(person))
    }

    /// The first `version` of the chunk's files, as shown.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Number of files that could not be read or parsed.
    #[must_use]
    pub fn failures(&self) -> usize {
        self.failures
    }

    /// The error of the first file that could not be read or parsed.
    pub fn take_first_error(&mut self) -> Option<LoadError> {
        self.first_error.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json_path::Numbers;
    use crate::formats::openpose::frame::{Person, PersonId};

    #[test]
    fn lists_nobody_fills_cost_nothing_and_gaps_read_empty() {
        let person = |id, body: Vec<f32>, face: Vec<f32>| Person {
            person_id: PersonId(id),
            pose_keypoints_2d: Numbers(body),
            face_keypoints_2d: Numbers(face),
            ..Person::default()
        };
        let mut chunk = RawChunk::new(5);
        chunk.push_frame(&FrameFile {
            people: Some(vec![
                person(None, vec![1.0, 2.0, 3.0], vec![]),
                person(Some(4), vec![], vec![]),
                person(None, vec![4.0; 6], vec![9.0; 3]),
                person(None, vec![], vec![]),
            ]),
            ..FrameFile::default()
        });
        chunk.push_frame(&FrameFile::default());
        assert_eq!(chunk.frame_count(), 2);
        assert_eq!(chunk.frame(0).people, 0..4);
        assert!(!chunk.frame(1).has_people && chunk.frame(1).parsed);
        assert_eq!(chunk.values(0, Group::Body, 2), &[1.0, 2.0, 3.0]);
        assert!(chunk.values(1, Group::Body, 2).is_empty());
        assert_eq!(chunk.values(2, Group::Body, 2), &[4.0; 6]);
        assert!(chunk.values(3, Group::Body, 2).is_empty());
        assert!(chunk.values(0, Group::Face, 2).is_empty());
        assert_eq!(chunk.values(2, Group::Face, 2), &[9.0; 3]);
        assert!(chunk.values(3, Group::Face, 2).is_empty());
        assert_eq!(chunk.person_id(1), Some(4));
        assert_eq!(chunk.person_id(0), None);
        assert!(chunk.lists[kind(Group::HandLeft, 2)].ends.is_empty());
    }
}
