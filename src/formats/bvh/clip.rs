//! From a BVH file to a [`Clip`]: world positions of every ROOT / JOINT per frame.
//!
//! The motion values are streamed: each frame is posed by forward kinematics as soon as its
//! values are read and only the f32 world positions are kept, so the motion is never held twice.
//! A file with no frames (no `MOTION` section, or `Frames: 0`) becomes one frame of the rest pose,
//! because a viewer user opening a skeleton file expects to see the skeleton; a warning says so.

use std::path::Path;

use super::document::BvhDocument;
use super::failure::Failure;
use super::fk::{Kinematics, WorldPose};
use super::parse::open;
use super::up::UpEvidence;
use crate::formats::LoadError;
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units};

/// Output allowed per input byte, on top of [`BASE_OUTPUT_BYTES`]. A real BVH file yields fewer
/// position bytes than it has text (about 0.5); only joints without channels make the positions
/// grow faster than the file, and a file made of thousands of them is refused rather than
/// allowed to claim gigabytes.
const OUTPUT_BYTES_PER_INPUT_BYTE: usize = 16;
/// Output always allowed.
const BASE_OUTPUT_BYTES: usize = 256 << 20;

/// Reads a BVH file into a clip of 3D world positions (file units, up axis guessed).
///
/// # Errors
/// See [`super::parse`]; also a file whose positions would take implausibly more memory than
/// its text (thousands of joints without channels over many frames).
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    read_inner(bytes, path).map_err(|f| f.into_load_error(path))
}

fn read_inner(bytes: &[u8], path: &Path) -> Result<Clip, Failure> {
    let mut opened = open(bytes)?;
    let names: Vec<String> = opened.joints.iter().map(|j| j.name.clone()).collect();
    let parents: Vec<Option<usize>> = opened.joints.iter().map(|j| j.parent).collect();
    let kinematics = Kinematics::new(&opened.joints);
    let joint_count = kinematics.joint_count();
    let max_frames = OUTPUT_BYTES_PER_INPUT_BYTE
        .saturating_mul(bytes.len())
        .saturating_add(BASE_OUTPUT_BYTES)
        / joint_count.saturating_mul(3 * size_of::<f32>()).max(1);

    let mut builder = PosesBuilder::new(joint_count, 3, false, false);
    let mut pose = WorldPose::default();
    let mut coords = Vec::with_capacity(joint_count * 3);
    let mut evidence = UpEvidence::new(&names);
    let mut add = |values: &[f64], builder: &mut PosesBuilder| {
        kinematics.solve(values, &mut pose);
        evidence.add_frame(&pose.joints, &pose.end_sites);
        coords.clear();
        coords.extend(pose.joints.iter().flatten().map(|&v| v as f32));
        builder.begin_frame();
        builder.push_person(&coords, None, None);
    };
    let frames = opened.stream_frames(|values, line| {
        if builder.frame_count() >= max_frames {
            return Err(Failure::at(
                line,
                format!(
                    "the motion would expand to more than {} MB of joint positions \
                     ({joint_count} joints per frame); refusing to load it",
                    max_frames.saturating_mul(joint_count * 12) >> 20
                ),
            ));
        }
        add(values, &mut builder);
        Ok(())
    })?;

    let mut warnings = std::mem::take(&mut opened.warnings);
    let root_channels = opened.joints.first().map_or_else(String::new, |root| {
        let names: Vec<&str> = root.channels.iter().map(|c| c.name()).collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(" ")
        }
    });
    let root_count = opened.joints.iter().filter(|j| j.parent.is_none()).count();
    let document = BvhDocument {
        joints: std::mem::take(&mut opened.joints),
        frame_time_s: 0.0,
        frames: 0,
        motion: Vec::new(),
    };
    let channel_count = document.channel_count();
    if frames == 0 {
        add(&document.rest_frame(), &mut builder);
        warnings.push("no motion frames: the rest pose (the OFFSETs) is shown as one frame".into());
    }
    let (up, up_how) = evidence.decide();

    let header = opened.header;
    let frame_rate_hz = header
        .map(|h| h.frame_time_s)
        .filter(|&t| t > 0.0)
        .map(|t| 1.0 / t)
        .filter(|r| r.is_finite());
    let mut space = Space::world(Units::Unknown, up);
    space.up_guessed = true;
    let mut meta = ClipMeta::new(path, FormatId::Bvh);
    meta.warnings = warnings;
    meta.details = vec![
        ("channels per frame".into(), channel_count.to_string()),
        (
            "frame time".into(),
            header.map_or_else(
                || "none (no MOTION section)".into(),
                |h| format!("{} s", h.frame_time_s),
            ),
        ),
        (
            "frames declared".into(),
            header.map_or_else(|| "none".into(), |h| h.claimed_frames.to_string()),
        ),
        ("root channels".into(), root_channels),
        ("End Sites".into(), kinematics.end_site_count().to_string()),
        ("up axis".into(), up_how),
    ];
    if root_count > 1 {
        meta.details
            .push(("ROOT hierarchies".into(), root_count.to_string()));
    }
    let skeleton = Skeleton::from_parents(names, parents, LayoutId::FromFile);
    Ok(Clip::new(
        skeleton,
        frame_rate_hz,
        space,
        builder.finish(),
        meta,
    ))
}
