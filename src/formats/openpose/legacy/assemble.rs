//! A verbatim copy of the whole-folder assembly before the chunked reader (test only): the
//! reference the new reader is compared with.

//! Parsed frame files to one clip: body poses (2D, or 3D when any `pose_keypoints_3d` is
//! filled), face and hands as extra parts, track ids from `person_id`, and the body layout
//! told from the point count and geometry.

use super::super::frame::{FrameFile, Group, Person};
use super::super::layout_detect;
use super::super::parts;
use crate::formats::json_path::{self, Tally};
use crate::formats::keypoint_tuples::{TupleTallies, Tuples, most_common_count};
use crate::model::{
    Clip, ClipMeta, ClipPart, LayoutId, PosesBuilder, Side, Skeleton, Space, Units, UpAxis,
};

/// People whose coordinates are kept aside for the layout decision, at most.
const LAYOUT_SAMPLE: usize = 5000;

/// One frame of the clip: the file it came from and its content (`None` when the file could
/// not be read; the frame is then empty).
#[derive(Clone, Debug)]
pub struct FrameSource {
    /// The file name, for warnings.
    pub name: String,
    /// The parsed content.
    pub frame: Option<FrameFile>,
}

impl FrameSource {
    fn people(&self) -> &[Person] {
        self.frame
            .as_ref()
            .and_then(|f| f.people.as_deref())
            .unwrap_or(&[])
    }
}

/// Builds the clip from frames in order; `meta` already names the source.
#[must_use]
pub fn assemble(frames: &[FrameSource], mut meta: ClipMeta) -> Clip {
    let all_people = || frames.iter().flat_map(FrameSource::people);
    let dims = if all_people().any(|p| !p.values(Group::Body, 3).is_empty()) {
        3
    } else {
        2
    };
    let count_of = |group: Group| point_count(frames, group, dims);
    let body_joints = count_of(Group::Body);
    if body_joints.is_none() {
        meta.warnings.push(
            "no body keypoints in any frame: assumed the BODY_25 layout for an empty clip"
                .to_owned(),
        );
    }
    let joints = body_joints.unwrap_or(25);
    let with_tracks = all_people().any(|p| p.person_id.0.is_some());

    let mut body = Track::new(Group::Body, joints, dims, with_tracks);
    let mut extra: Vec<Track> = [Group::Face, Group::HandLeft, Group::HandRight]
        .into_iter()
        .filter_map(|g| count_of(g).map(|n| Track::new(g, n, dims, with_tracks)))
        .collect();
    let mut sample: Vec<Vec<f32>> = Vec::new();
    let mut no_people = Tally::default();
    let mut candidates = false;
    for source in frames {
        if let Some(frame) = &source.frame {
            candidates |= frame.part_candidates.is_some();
            if frame.people.is_none() {
                no_people.note(|| source.name.clone());
            }
        }
        body.builder.begin_frame();
        for track in &mut extra {
            track.builder.begin_frame();
        }
        for (index, person) in source.people().iter().enumerate() {
            body.push(person, &source.name, index);
            if sample.len() < LAYOUT_SAMPLE {
                sample.push(body.tuples.coords().to_vec());
            }
            for track in &mut extra {
                track.push(person, &source.name, index);
            }
        }
    }

    let warnings = &mut meta.warnings;
    no_people.warn(
        warnings,
        "frame files have no `people` list and are shown empty",
    );
    let detected = layout_detect::detect(joints, dims, sample.iter().map(Vec::as_slice));
    if let Some(warning) = &detected.warning {
        warnings.push(warning.clone());
    }
    let skeleton = detected
        .layout
        .and_then(LayoutId::layout)
        .map_or_else(|| Skeleton::unnamed(joints), crate::model::Layout::skeleton);
    body.tallies.warn(warnings, joints);
    let mut part_names = Vec::new();
    let mut clip_parts = Vec::new();
    for track in extra {
        track.tallies.warn(warnings, track.joints);
        part_names.push(format!(
            "{} ({} points)",
            part_name(track.group),
            track.joints
        ));
        clip_parts.push(ClipPart {
            name: part_name(track.group).to_owned(),
            skeleton: part_skeleton(track.group, track.joints),
            poses: track.builder.finish(),
        });
    }

    describe(
        frames,
        &mut meta.details,
        Description {
            layout: detected.detail,
            dims,
            parts: part_names,
            with_tracks,
            candidates,
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
    let mut clip = Clip::new(skeleton, None, space, body.builder.finish(), meta);
    clip.parts = clip_parts;
    clip
}

/// The number of points of `group`: its standard count (70 face, 21 per hand) when any person
/// has exactly that, else the most common count among the people.
fn point_count(frames: &[FrameSource], group: Group, dims: usize) -> Option<usize> {
    let all_people = || frames.iter().flat_map(FrameSource::people);
    let standard = match group {
        Group::Body => None,
        Group::Face => Some(parts::FACE_POINTS),
        Group::HandLeft | Group::HandRight => Some(parts::HAND_POINTS),
    };
    let has = |n: usize| all_people().any(|p| p.values(group, dims).len() == n * (dims + 1));
    match standard {
        Some(n) if has(n) => Some(n),
        _ => most_common_count(all_people().map(|p| p.values(group, dims).len()), dims + 1),
    }
}

/// Facts for the clip's details besides the version.
struct Description {
    layout: String,
    dims: usize,
    parts: Vec<String>,
    with_tracks: bool,
    candidates: bool,
}

fn describe(frames: &[FrameSource], details: &mut Vec<(String, String)>, facts: Description) {
    if let Some(version) = frames
        .iter()
        .find_map(|f| f.frame.as_ref().and_then(|f| f.version.as_ref()))
    {
        details.push((
            "version".into(),
            version.to_string().trim_matches('"').to_owned(),
        ));
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

/// The builder and buffers of one keypoint group.
struct Track {
    group: Group,
    joints: usize,
    dims: usize,
    builder: PosesBuilder,
    tuples: Tuples,
    tallies: TupleTallies,
}

impl Track {
    fn new(group: Group, joints: usize, dims: usize, with_tracks: bool) -> Self {
        Self {
            group,
            joints,
            dims,
            builder: PosesBuilder::new(joints, dims, true, with_tracks),
            tuples: Tuples::new(joints, dims),
            tallies: TupleTallies::default(),
        }
    }

    fn push(&mut self, person: &Person, file: &str, index: usize) {
        let key = self.group.key(self.dims);
        self.tuples.fill(
            person.values(self.group, self.dims),
            || {
                format!(
                    "{file}: {}",
                    json_path::item_path("people", index, Some(key))
                )
            },
            &mut self.tallies,
        );
        self.builder.push_person(
            self.tuples.coords(),
            Some(self.tuples.confidence()),
            person.person_id.0.or(Some(-1)),
        );
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
