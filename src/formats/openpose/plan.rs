//! What the whole clip's frames decide together: 2D or 3D, the number of body, face and hand
//! points, and whether people carry track ids. Each run of frames is counted on its own
//! ([`RunStats`]); the counts merge in frame order into exactly what one pass over every person
//! would give, so a reader can guess the plan from the first run, build the rest with it on
//! every core, and check the guess at the end.

use super::frame::Group;
use super::parts;
use super::raw::RawChunk;

/// The counts of one keypoint list kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct KindStats {
    /// Lengths seen, as exact value counts, in the order first seen, with how often.
    lengths: Vec<(usize, usize)>,
}

impl KindStats {
    fn note(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        match self.lengths.iter_mut().find(|(l, _)| *l == len) {
            Some((_, times)) => *times += 1,
            None => self.lengths.push((len, 1)),
        }
    }

    fn merge(&mut self, later: &Self) {
        for &(len, times) in &later.lengths {
            match self.lengths.iter_mut().find(|(l, _)| *l == len) {
                Some((_, seen)) => *seen += times,
                None => self.lengths.push((len, times)),
            }
        }
    }

    /// The number of points in tuples of `stride`: `standard` when any list has exactly that
    /// many, else the most common count (ties to the one seen first), empty lists not counted.
    fn point_count(&self, standard: Option<usize>, stride: usize) -> Option<usize> {
        if let Some(n) = standard
            && self.lengths.iter().any(|&(len, _)| len == n * stride)
        {
            return Some(n);
        }
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for &(len, times) in &self.lengths {
            let count = len / stride.max(1);
            if count == 0 {
                continue;
            }
            match counts.iter_mut().find(|(c, _)| *c == count) {
                Some((_, seen)) => *seen += times,
                None => counts.push((count, times)),
            }
        }
        let best = counts.iter().map(|&(_, times)| times).max()?;
        counts
            .iter()
            .find(|&&(_, times)| times == best)
            .map(|&(c, _)| c)
    }
}

/// The counts of a run of frames.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Per list kind: the four groups in 2D, then in 3D.
    kinds: [KindStats; 8],
    with_tracks: bool,
}

impl RunStats {
    /// Counts every person of `chunk`.
    #[must_use]
    pub fn of(chunk: &RawChunk) -> Self {
        let mut stats = Self::default();
        for person in chunk.people() {
            stats.with_tracks |= chunk.person_id(person).is_some();
            for (k, (group, dims)) in kinds().enumerate() {
                if let Some(kind) = stats.kinds.get_mut(k) {
                    kind.note(chunk.values(person, group, dims).len());
                }
            }
        }
        stats
    }

    /// Adds the counts of `later`, a run after these.
    pub fn merge(&mut self, later: &Self) {
        for (kind, other) in self.kinds.iter_mut().zip(&later.kinds) {
            kind.merge(other);
        }
        self.with_tracks |= later.with_tracks;
    }

    fn kind(&self, group: Group, dims: usize) -> &KindStats {
        let index = kinds().position(|k| k == (group, dims)).unwrap_or_default();
        &self.kinds[index]
    }
}

/// Every list kind, in the order of [`RunStats`].
fn kinds() -> impl Iterator<Item = (Group, usize)> {
    [2, 3]
        .into_iter()
        .flat_map(|dims| Group::ALL.into_iter().map(move |g| (g, dims)))
}

/// What the frames decide together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// 3 when any person has `pose_keypoints_3d`, else 2.
    pub dims: usize,
    /// Body points; `None` when no frame has any.
    pub body_joints: Option<usize>,
    /// True when any person has a track id.
    pub with_tracks: bool,
    /// The face and hand groups somebody has, with their point counts.
    pub parts: Vec<(Group, usize)>,
}

impl Plan {
    /// The plan of frames counted as `stats`.
    #[must_use]
    pub fn from_stats(stats: &RunStats) -> Self {
        let dims = if stats.kind(Group::Body, 3).lengths.is_empty() {
            2
        } else {
            3
        };
        let count_of = |group: Group| {
            let standard = match group {
                Group::Body => None,
                Group::Face => Some(parts::FACE_POINTS),
                Group::HandLeft | Group::HandRight => Some(parts::HAND_POINTS),
            };
            stats.kind(group, dims).point_count(standard, dims + 1)
        };
        Self {
            dims,
            body_joints: count_of(Group::Body),
            with_tracks: stats.with_tracks,
            parts: [Group::Face, Group::HandLeft, Group::HandRight]
                .into_iter()
                .filter_map(|g| count_of(g).map(|n| (g, n)))
                .collect(),
        }
    }

    /// Body points, BODY_25's 25 when no frame has any.
    #[must_use]
    pub fn joints(&self) -> usize {
        self.body_joints.unwrap_or(25)
    }
}
