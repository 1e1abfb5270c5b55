//! Parsed frame files to one clip: body poses (2D, or 3D when any `pose_keypoints_3d` is
//! filled), face and hands as extra parts, track ids from `person_id`, and the body layout
//! told from the point count and geometry.

use std::sync::Arc;

use super::convert::{Converted, RunFacts, convert};
use super::frame::Group;
use super::layout_detect;
use super::parts;
use super::plan::{Plan, RunStats};
use super::raw::RawChunk;
use crate::formats::keypoint_tuples::TupleTallies;
use crate::model::{
    Clip, ClipMeta, ClipPart, DEFAULT_FRAMES_PER_CHUNK, LayoutId, Poses, Side, Skeleton, Space,
    Units, UpAxis,
};

/// People whose coordinates are kept aside for the layout decision, at most.
const LAYOUT_SAMPLE: usize = 5000;

/// The plan of every frame of `runs` (in frame order).
#[must_use]
pub fn plan_of(runs: &[RawChunk]) -> Plan {
    let mut stats = RunStats::default();
    for run in runs {
        stats.merge(&RunStats::of(run));
    }
    Plan::from_stats(&stats)
}

/// Builds the clip from runs of frames in order, each made into chunks of the clip (and
/// dropped) in turn; `name_of(frame)` names the file of a frame for warnings; `meta` already
/// names the source.
#[must_use]
pub fn assemble(runs: Vec<RawChunk>, name_of: &dyn Fn(usize) -> String, meta: ClipMeta) -> Clip {
    let plan = plan_of(&runs);
    let converted = runs
        .into_iter()
        .map(|run| convert(run, &plan, name_of))
        .collect();
    finish(gather(converted, &plan), &plan, meta)
}

/// The runs of a clip put together: poses, counts of malformed lists and frame facts.
#[derive(Debug)]
pub struct Gathered {
    /// The body poses (complete).
    pub body: Poses,
    /// One per part of the plan.
    pub parts: Vec<Poses>,
    /// Malformed lists: the body's, then each part's.
    pub tallies: Vec<TupleTallies>,
    /// The frame facts of every run.
    pub facts: RunFacts,
}

impl Gathered {
    /// Nothing gathered yet: `body` and `parts` to be filled.
    #[must_use]
    pub fn new(body: Poses, parts: Vec<Poses>) -> Self {
        let tallies = vec![TupleTallies::default(); 1 + parts.len()];
        Self {
            body,
            parts,
            tallies,
            facts: RunFacts::default(),
        }
    }

    /// Adds the counts and facts of the next run.
    pub fn merge(&mut self, tallies: Vec<TupleTallies>, facts: RunFacts) {
        for (total, later) in self.tallies.iter_mut().zip(tallies) {
            total.merge(later);
        }
        self.facts.merge(facts);
    }
}

/// Puts the runs (made into chunks by `plan`, in frame order) together.
#[must_use]
pub fn gather(converted: Vec<Converted>, plan: &Plan) -> Gathered {
    let (joints, dims) = (plan.joints(), plan.dims);
    let frame_count = converted.iter().map(|c| c.body.frame_count()).sum();
    let pending =
        |joints| Poses::pending(joints, dims, true, DEFAULT_FRAMES_PER_CHUNK, frame_count);
    let mut gathered = Gathered::new(
        pending(joints),
        plan.parts.iter().map(|&(_, n)| pending(n)).collect(),
    );
    for run in converted {
        let inserted = gathered.body.insert_chunk(Arc::new(run.body));
        debug_assert!(inserted, "a run fits its chunk");
        for (poses, chunk) in gathered.parts.iter_mut().zip(run.parts) {
            let inserted = poses.insert_chunk(Arc::new(chunk));
            debug_assert!(inserted, "a run fits its chunk");
        }
        gathered.merge(run.tallies, run.facts);
    }
    gathered
}

/// The clip from its gathered runs; `meta` already holds the listing's warnings and details.
#[must_use]
pub fn finish(gathered: Gathered, plan: &Plan, mut meta: ClipMeta) -> Clip {
    if plan.body_joints.is_none() {
        meta.warnings.push(
            "no body keypoints in any frame: assumed the BODY_25 layout for an empty clip"
                .to_owned(),
        );
    }
    let (joints, dims) = (plan.joints(), plan.dims);
    let Gathered {
        body,
        parts,
        tallies,
        facts,
    } = gathered;
    let warnings = &mut meta.warnings;
    facts.no_people.warn(
        warnings,
        "frame files have no `people` list and are shown empty",
    );
    let sample: Vec<Vec<f32>> = body
        .frames()
        .flat_map(|frame| frame.persons().collect::<Vec<_>>())
        .take(LAYOUT_SAMPLE)
        .map(|person| person.coords.iter().copied().collect())
        .collect();
    let detected = layout_detect::detect(joints, dims, sample.iter().map(Vec::as_slice));
    if let Some(warning) = &detected.warning {
        warnings.push(warning.clone());
    }
    let skeleton = detected
        .layout
        .and_then(LayoutId::layout)
        .map_or_else(|| Skeleton::unnamed(joints), crate::model::Layout::skeleton);
    let mut tallies = tallies.into_iter();
    if let Some(body_tallies) = tallies.next() {
        body_tallies.warn(warnings, joints);
    }
    let mut part_names = Vec::new();
    let mut clip_parts = Vec::new();
    for ((&(group, points), poses), part_tallies) in plan.parts.iter().zip(parts).zip(tallies) {
        part_tallies.warn(warnings, points);
        part_names.push(format!("{} ({} points)", part_name(group), points));
        clip_parts.push(ClipPart {
            name: part_name(group).to_owned(),
            skeleton: part_skeleton(group, points),
            poses,
        });
    }

    describe(
        &mut meta.details,
        Description {
            version: facts.version,
            layout: detected.detail,
            dims,
            parts: part_names,
            with_tracks: plan.with_tracks,
            candidates: facts.candidates,
        },
    );
    let space = if dims == 3 {
        Space {
            up_guessed: true,
            ..Space::world(Units::Unknown, UpAxis::NegY)
        }
    } else {
        Space::image_px()
    };
    let mut clip = Clip::new(skeleton, None, space, body, meta);
    clip.parts = clip_parts;
    clip
}

/// Facts for the clip's details besides the version.
struct Description {
    version: Option<String>,
    layout: String,
    dims: usize,
    parts: Vec<String>,
    with_tracks: bool,
    candidates: bool,
}

fn describe(details: &mut Vec<(String, String)>, facts: Description) {
    if let Some(version) = facts.version {
        details.push(("version".into(), version));
    }
    details.push(("body layout".into(), facts.layout));
    let coordinates = if facts.dims == 3 {
        "3D (pose_keypoints_3d)"
    } else {
        "2D"
    };
    details.push(("coordinates".into(), coordinates.into()));
    if !facts.parts.is_empty() {
        details.push(("parts".into(), facts.parts.join(", ")));
    }
    if facts.with_tracks {
        details.push(("tracks".into(), "person_id".into()));
    }
    if facts.candidates {
        details.push(("part_candidates".into(), "present, not shown".into()));
    }
}

fn part_name(group: Group) -> &'static str {
    match group {
        Group::Body => "body",
        Group::Face => "face",
        Group::HandLeft => "hand_left",
        Group::HandRight => "hand_right",
    }
}

fn part_skeleton(group: Group, joints: usize) -> Skeleton {
    match (group, joints) {
        (Group::Face, parts::FACE_POINTS) => parts::face(),
        (Group::HandLeft, parts::HAND_POINTS) => parts::hand(Side::Left),
        (Group::HandRight, parts::HAND_POINTS) => parts::hand(Side::Right),
        _ => Skeleton::unnamed(joints),
    }
}
