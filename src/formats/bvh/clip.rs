//! From a BVH file to a [`Clip`]: world positions of every ROOT / JOINT per frame.
//!
//! The motion values are streamed: each frame is posed by forward kinematics as soon as its
//! values are read and only the f32 world positions are kept, so the motion is never held twice.
//! A file with no frames (no `MOTION` section, or `Frames: 0`) becomes one frame of the rest pose,
//! because a viewer user opening a skeleton file expects to see the skeleton; a warning says so.

use std::path::Path;

use super::document::BvhJoint;
use super::failure::Failure;
use super::fk::{Kinematics, WorldPose};
use super::parse::{Opened, open};
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
/// See [`super::parse()`]; also a file whose positions would take implausibly more memory than
/// its text (thousands of joints without channels over many frames).
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    read_with_budget(bytes, path, BASE_OUTPUT_BYTES).map_err(|f| f.into_load_error(path))
}

/// [`read`] with `base_output_bytes` in place of [`BASE_OUTPUT_BYTES`].
fn read_with_budget(bytes: &[u8], path: &Path, base_output_bytes: usize) -> Result<Clip, Failure> {
    let mut opened = open(bytes)?;
    let names: Vec<String> = opened.joints.iter().map(|j| j.name.clone()).collect();
    let kinematics = Kinematics::new(&opened.joints);
    let joint_count = kinematics.joint_count();
    let max_frames = budget(bytes.len(), joint_count, base_output_bytes);

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
    if frames == 0 {
        let rest: Vec<f64> = opened
            .joints
            .iter()
            .flat_map(BvhJoint::rest_values)
            .collect();
        add(&rest, &mut builder);
        warnings.push("no motion frames: the rest pose (the OFFSETs) is shown as one frame".into());
    }
    Ok(assemble(
        &opened,
        &kinematics,
        builder,
        &evidence,
        warnings,
        path,
    ))
}

/// Frames of `joints` joints a file of `file_bytes` bytes may expand to.
fn budget(file_bytes: usize, joints: usize, base_output_bytes: usize) -> usize {
    OUTPUT_BYTES_PER_INPUT_BYTE
        .saturating_mul(file_bytes)
        .saturating_add(base_output_bytes)
        / joints.saturating_mul(3 * size_of::<f32>()).max(1)
}

/// The most frames a file of `file_bytes` bytes may expand to (see [`read`]).
pub(super) fn frame_budget(file_bytes: usize, joints: usize) -> usize {
    budget(file_bytes, joints, BASE_OUTPUT_BYTES)
}

/// The clip of an opened file whose frames are all in `builder`.
pub(super) fn assemble(
    opened: &Opened<'_>,
    kinematics: &Kinematics,
    builder: PosesBuilder,
    evidence: &UpEvidence,
    warnings: Vec<String>,
    path: &Path,
) -> Clip {
    let parts = describe(opened, kinematics, evidence, warnings, path);
    Clip::new(
        parts.skeleton,
        parts.frame_rate_hz,
        parts.space,
        builder.finish(),
        parts.meta,
    )
}

/// Everything of a clip but its poses.
pub(super) struct Described {
    /// The joints (End Sites excluded) and their tree.
    pub skeleton: Skeleton,
    /// From `Frame Time:`, when positive.
    pub frame_rate_hz: Option<f64>,
    /// 3D, units unknown, the guessed up axis.
    pub space: Space,
    /// Warnings and details.
    pub meta: ClipMeta,
}

/// The skeleton, rate, space (up axis from `evidence`) and metadata of an opened file.
pub(super) fn describe(
    opened: &Opened<'_>,
    kinematics: &Kinematics,
    evidence: &UpEvidence,
    warnings: Vec<String>,
    path: &Path,
) -> Described {
    let names: Vec<String> = opened.joints.iter().map(|j| j.name.clone()).collect();
    let parents: Vec<Option<usize>> = opened.joints.iter().map(|j| j.parent).collect();
    let (up, up_how) = evidence.decide();
    let frame_rate_hz = opened
        .header
        .map(|h| h.frame_time_s)
        .filter(|&t| t > 0.0)
        .map(|t| 1.0 / t)
        .filter(|r| r.is_finite());
    let mut space = Space::world(Units::Unknown, up);
    space.up_guessed = true;
    let mut meta = ClipMeta::new(path, FormatId::Bvh);
    meta.warnings = warnings;
    meta.details = details(opened, kinematics.end_site_count(), up_how);
    Described {
        skeleton: Skeleton::from_parents(names, parents, LayoutId::FromFile),
        frame_rate_hz,
        space,
        meta,
    }
}

/// The key of the detail that says how the up axis was guessed.
pub(super) const UP_AXIS_DETAIL: &str = "up axis";

/// Facts shown with the clip: channels per frame, frame time, declared frames, root channel
/// order, End Sites, how the up axis was guessed, and the number of hierarchies when several.
fn details(opened: &Opened<'_>, end_sites: usize, up_how: String) -> Vec<(String, String)> {
    let header = opened.header;
    let root_channels = opened.joints.first().map_or_else(String::new, |root| {
        let names: Vec<&str> = root.channels.iter().map(|c| c.name()).collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(" ")
        }
    });
    let mut details = vec![
        (
            "channels per frame".into(),
            opened.channel_count().to_string(),
        ),
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
        ("End Sites".into(), end_sites.to_string()),
        (UP_AXIS_DETAIL.into(), up_how),
    ];
    let roots = opened.joints.iter().filter(|j| j.parent.is_none()).count();
    if roots > 1 {
        details.push(("ROOT hierarchies".into(), roots.to_string()));
    }
    details
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::model::UpAxis;

    const T_POSE: &str = "HIERARCHY\nROOT Hips\n{\n\tOFFSET 0 90 0\n\
        \tCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n\
        \tJOINT Head\n\t{\n\t\tOFFSET 0 60 0\n\t\tCHANNELS 3 Zrotation Xrotation Yrotation\n\
        \t\tEnd Site\n\t\t{\n\t\t\tOFFSET 0 20 0\n\t\t}\n\t}\n\
        \tJOINT LeftFoot\n\t{\n\t\tOFFSET 10 -85 0\n\t\tCHANNELS 3 Zrotation Xrotation Yrotation\n\t}\n}\n";

    fn joint(clip: &Clip, frame: usize, index: usize) -> Option<[f32; 3]> {
        clip.poses.frame(frame)?.person(0)?.joint(index)
    }

    #[test]
    fn skeleton_only_file_shows_the_rest_pose() {
        let clip = read(T_POSE.as_bytes(), Path::new("t.bvh")).expect("loads");
        assert_eq!(clip.frame_count(), 1);
        assert_eq!(clip.frame_rate_hz, None);
        assert_eq!(
            joint(&clip, 0, 0),
            Some([0.0, 90.0, 0.0]),
            "root OFFSET kept"
        );
        assert_eq!(joint(&clip, 0, 1), Some([0.0, 150.0, 0.0]));
        assert_eq!(joint(&clip, 0, 2), Some([10.0, 5.0, 0.0]));
        assert_eq!(clip.space.up, UpAxis::Y);
        assert!(clip.space.up_guessed);
        assert_eq!(clip.skeleton.parents(), [None, Some(0), Some(0)]);
        assert_eq!(clip.meta.format, FormatId::Bvh);
        let warnings = clip.meta.warnings.join(" | ");
        assert!(warnings.contains("no MOTION"), "{warnings}");
        assert!(warnings.contains("rest pose"), "{warnings}");
        assert!(warnings.contains("non-zero OFFSET"), "{warnings}");
    }

    #[test]
    fn frames_rate_and_details() {
        let text = format!(
            "{T_POSE}MOTION\nFrames: 2\nFrame Time: 0.04\n\
             1 2 3 0 0 0 0 0 0 0 0 0\n4 5 6 0 0 90 0 0 0 0 0 0\n"
        );
        let clip = read(text.as_bytes(), Path::new("m.bvh")).expect("loads");
        assert_eq!(clip.frame_count(), 2);
        assert_eq!(clip.frame_rate_hz, Some(25.0));
        assert_eq!(joint(&clip, 0, 0), Some([1.0, 2.0, 3.0]));
        // Frame 1: the root turned 90° about Y (the last ZXY channel): the foot's (10, -85, 0)
        // becomes (0, -85, -10).
        assert_eq!(joint(&clip, 1, 2), Some([4.0, -80.0, -4.0]));
        let details: Vec<(&str, &str)> = clip
            .meta
            .details
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(details[0], ("channels per frame", "12"));
        assert_eq!(details[1], ("frame time", "0.04 s"));
        assert_eq!(details[2], ("frames declared", "2"));
        assert_eq!(
            details[3],
            (
                "root channels",
                "Xposition Yposition Zposition Zrotation Xrotation Yrotation"
            )
        );
        assert_eq!(details[4], ("End Sites", "1"));
        assert!(details[5].1.starts_with("+Y up"), "{details:?}");
    }

    #[test]
    fn zero_frames_and_zero_frame_time() {
        let text = format!("{T_POSE}MOTION\nFrames: 0\nFrame Time: 0\n");
        let clip = read(text.as_bytes(), Path::new("z.bvh")).expect("loads");
        assert_eq!(clip.frame_count(), 1, "rest pose");
        assert_eq!(clip.frame_rate_hz, None);
        assert!(clip.meta.warnings.iter().any(|w| w.contains("Frame Time")));
    }

    #[test]
    fn many_joints_without_channels_cannot_blow_up_memory() {
        let file = |frames: usize| {
            let mut text =
                String::from("HIERARCHY\nROOT r\n{\nOFFSET 0 0 0\nCHANNELS 1 Xrotation\n");
            for i in 0..2000 {
                let _ = write!(text, "JOINT j{i}\n{{\nOFFSET 0 1 0\n}}\n");
            }
            text.push_str("}\nMOTION\nFrames: 3000\nFrame Time: 0.1\n");
            text.push_str(&"0\n".repeat(frames));
            text
        };
        // With no base allowance, 16 output bytes per input byte: about 40 frames of 2001
        // joints for this 60 kB file.
        let text = file(3000);
        let err = read_with_budget(text.as_bytes(), Path::new("b.bvh"), 0).expect_err("refused");
        assert!(err.message.contains("refusing"), "{}", err.message);
        assert!(
            err.line > 8000,
            "the line of the frame that went over: {}",
            err.line
        );
        let text = file(10);
        let clip = read_with_budget(text.as_bytes(), Path::new("b.bvh"), 0).expect("small enough");
        assert_eq!(clip.frame_count(), 10);
    }
}
