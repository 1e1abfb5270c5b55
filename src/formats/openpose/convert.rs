//! One run of parsed frames to its chunk of the finished clip, following the [`Plan`]: body
//! poses and each face or hand part as [`PoseChunk`]s, with the counts of malformed lists and
//! the frame facts the warnings and details need (merged later in frame order).

use super::frame::Group;
use super::plan::Plan;
use super::raw::RawChunk;
use crate::formats::LoadError;
use crate::formats::json_path::{self, Tally};
use crate::formats::keypoint_tuples::{TupleTallies, Tuples};
use crate::model::{PoseChunk, PosesBuilder};

/// A run of frames as chunks of the clip.
#[derive(Debug)]
pub struct Converted {
    /// The body poses.
    pub body: PoseChunk,
    /// One chunk per part of the plan, in its order.
    pub parts: Vec<PoseChunk>,
    /// Malformed lists: the body's, then each part's.
    pub tallies: Vec<TupleTallies>,
    /// What the frames say besides their people.
    pub facts: RunFacts,
}

/// What a run's frames say besides their people.
#[derive(Debug, Default)]
pub struct RunFacts {
    /// Parsed files without a `people` list.
    pub no_people: Tally,
    /// True when a parsed file has `part_candidates`.
    pub candidates: bool,
    /// The first `version` in the run.
    pub version: Option<String>,
    /// True when a parsed file has a `people` list.
    pub any_people: bool,
    /// Files that could not be read or parsed.
    pub failures: usize,
    /// The error of the first of them.
    pub first_error: Option<LoadError>,
}

impl RunFacts {
    /// Adds the facts of `later`, a run after these.
    pub fn merge(&mut self, later: Self) {
        self.no_people.merge(later.no_people);
        self.candidates |= later.candidates;
        if self.version.is_none() {
            self.version = later.version;
        }
        self.any_people |= later.any_people;
        self.failures += later.failures;
        if self.first_error.is_none() {
            self.first_error = later.first_error;
        }
    }
}

/// Builds the chunks of `run` by `plan`; `name_of(frame)` names a frame's file for warnings.
#[must_use]
pub fn convert(mut run: RawChunk, plan: &Plan, name_of: &dyn Fn(usize) -> String) -> Converted {
    let first = run.first_frame();
    let mut tracks: Vec<Track> = std::iter::once((Group::Body, plan.joints()))
        .chain(plan.parts.iter().copied())
        .map(|(group, joints)| Track::new(group, joints, plan, first))
        .collect();
    let mut facts = RunFacts {
        version: run.version().map(str::to_owned),
        any_people: run.any_people(),
        failures: run.failures(),
        first_error: run.take_first_error(),
        ..RunFacts::default()
    };
    for local in 0..run.frame_count() {
        let frame = run.frame(local);
        let name = || name_of(first + local);
        if frame.parsed {
            facts.candidates |= frame.candidates;
            if !frame.has_people {
                facts.no_people.note(name);
            }
        }
        for track in &mut tracks {
            track.builder.begin_frame();
        }
        for (index, person) in frame.people.enumerate() {
            for track in &mut tracks {
                track.push(&run, person, &name, index);
            }
        }
    }
    drop(run);
    let mut body = None;
    let mut parts = Vec::new();
    let mut tallies = Vec::new();
    for track in tracks {
        tallies.push(track.tallies);
        let chunk = track.builder.into_chunk();
        if body.is_none() {
            body = Some(chunk);
        } else {
            parts.push(chunk);
        }
    }
    Converted {
        body: body.unwrap_or_else(|| {
            PosesBuilder::new(0, 2, true, false)
                .for_chunk(first)
                .into_chunk()
        }),
        parts,
        tallies,
        facts,
    }
}

/// The builder and buffers of one keypoint group.
struct Track {
    group: Group,
    dims: usize,
    builder: PosesBuilder,
    tuples: Tuples,
    tallies: TupleTallies,
}

impl Track {
    fn new(group: Group, joints: usize, plan: &Plan, first_frame: usize) -> Self {
        Self {
            group,
            dims: plan.dims,
            builder: PosesBuilder::new(joints, plan.dims, true, plan.with_tracks)
                .for_chunk(first_frame),
            tuples: Tuples::new(joints, plan.dims),
            tallies: TupleTallies::default(),
        }
    }

    fn push(&mut self, run: &RawChunk, person: usize, file: &dyn Fn() -> String, index: usize) {
        let key = self.group.key(self.dims);
        self.tuples.fill(
            run.values(person, self.group, self.dims),
            || {
                format!(
                    "{}: {}",
                    file(),
                    json_path::item_path("people", index, Some(key))
                )
            },
            &mut self.tallies,
        );
        self.builder.push_person(
            self.tuples.coords(),
            Some(self.tuples.confidence()),
            run.person_id(person).or(Some(-1)),
        );
    }
}
