//! The one-hour BVH: a CMU-style 31-joint rig (hip, lower-back, neck, finger and thumb joints
//! added to the sample rig) walking on a circle, written in blocks with the BVH writer so the
//! whole file never sits in memory.

use std::io::Write;

use super::walker::{Walker, jitter};
use crate::formats::bvh::{self, BvhDocument, BvhJoint, Channel};
use crate::synth::bvh_doc::round;
use crate::synth::pose::{Axis, Pose, order_of};
use crate::synth::rig::{JOINT_COUNT, JOINTS};

/// Frames written per call of the BVH writer.
const BLOCK_FRAMES: usize = 2400;

/// Where a CMU joint's values come from.
#[derive(Clone, Copy)]
enum Source {
    /// The sample rig's joint of this index.
    Rig(usize),
    /// An added joint: small sway of this amplitude, degrees.
    Added(f64),
}

/// One joint of the CMU-style rig: name, parent, offset, source, end site.
struct CmuJoint {
    name: &'static str,
    parent: Option<usize>,
    offset_cm: [f64; 3],
    source: Source,
    end_site_cm: Option<[f64; 3]>,
}

fn rig_offset(index: usize) -> [f64; 3] {
    JOINTS[index].offset_cm
}

fn scaled(v: [f64; 3], k: f64) -> [f64; 3] {
    v.map(|c| c * k)
}

/// The 31 joints in depth-first order (CMU names).
fn cmu_joints() -> Vec<CmuJoint> {
    let j = |name, parent: Option<usize>, offset_cm, source, end_site_cm| CmuJoint {
        name,
        parent,
        offset_cm,
        source,
        end_site_cm,
    };
    let rig = |name: &'static str, parent: usize, index: usize| {
        j(
            name,
            Some(parent),
            rig_offset(index),
            Source::Rig(index),
            JOINTS[index].end_site_cm,
        )
    };
    let zero = [0.0; 3];
    let mut joints = vec![j("Hips", None, zero, Source::Rig(0), None)];
    for (side, hip, first) in [("L", "LHipJoint", 1), ("R", "RHipJoint", 5)] {
        let base = joints.len();
        joints.push(j(hip, Some(0), zero, Source::Added(0.6), None));
        let names = if side == "L" {
            ["LeftUpLeg", "LeftLeg", "LeftFoot", "LeftToeBase"]
        } else {
            ["RightUpLeg", "RightLeg", "RightFoot", "RightToeBase"]
        };
        for (k, name) in names.into_iter().enumerate() {
            joints.push(rig(name, base + k, first + k));
        }
    }
    joints.push(j("LowerBack", Some(0), zero, Source::Added(0.8), None));
    joints.push(rig("Spine", 11, 9));
    joints.push(rig("Spine1", 12, 10));
    joints.push(rig("Neck", 13, 11));
    joints.push(j("Neck1", Some(14), zero, Source::Added(0.8), None));
    joints.push(rig("Head", 15, 12));
    for (left, first) in [(true, 13), (false, 17)] {
        let names = if left {
            ["LeftShoulder", "LeftArm", "LeftForeArm", "LeftHand"]
        } else {
            ["RightShoulder", "RightArm", "RightForeArm", "RightHand"]
        };
        let base = joints.len();
        joints.push(rig(names[0], 13, first));
        for (k, name) in names.into_iter().enumerate().skip(1) {
            joints.push(rig(name, base + k - 1, first + k));
        }
        let hand = base + 3;
        let hand_end = JOINTS[first + 3].end_site_cm.unwrap_or([0.0, -8.0, 0.0]);
        joints[hand].end_site_cm = None;
        let (finger, index, thumb) = if left {
            ("LeftFingerBase", "LeftHandIndex1", "LThumb")
        } else {
            ("RightFingerBase", "RightHandIndex1", "RThumb")
        };
        let side = if left { 1.0 } else { -1.0 };
        joints.push(j(
            finger,
            Some(hand),
            scaled(hand_end, 0.5),
            Source::Added(4.0),
            None,
        ));
        joints.push(j(
            index,
            Some(hand + 1),
            scaled(hand_end, 0.3),
            Source::Added(6.0),
            Some(scaled(hand_end, 0.2)),
        ));
        joints.push(j(
            thumb,
            Some(hand),
            [side * 1.5, -2.0, 2.0],
            Source::Added(5.0),
            Some([side * 1.0, -2.5, 1.5]),
        ));
    }
    joints
}

fn rotation_channel(axis: Axis) -> Channel {
    match axis {
        Axis::X => Channel::Xrotation,
        Axis::Y => Channel::Yrotation,
        Axis::Z => Channel::Zrotation,
    }
}

/// The document's joints (channels as the sample rig's; added joints Z X Y).
fn document_joints(joints: &[CmuJoint]) -> Vec<BvhJoint> {
    joints
        .iter()
        .map(|j| {
            let mut channels = Vec::with_capacity(6);
            if j.parent.is_none() {
                channels.extend([Channel::Xposition, Channel::Yposition, Channel::Zposition]);
            }
            let order = match j.source {
                Source::Rig(i) => order_of(i),
                Source::Added(_) => [Axis::Z, Axis::X, Axis::Y],
            };
            channels.extend(order.map(rotation_channel));
            BvhJoint {
                name: j.name.to_owned(),
                parent: j.parent,
                offset: j.offset_cm.map(round),
                channels,
                end_sites: j.end_site_cm.map(|e| e.map(round)).into_iter().collect(),
            }
        })
        .collect()
}

/// Appends frame `k`'s values (six decimals are kept by the writer).
fn push_frame(motion: &mut Vec<f64>, joints: &[CmuJoint], pose: &Pose, k: usize) {
    motion.extend(pose.root_cm.to_array());
    let t = k as f64;
    for (index, joint) in joints.iter().enumerate() {
        match joint.source {
            Source::Rig(i) if i < JOINT_COUNT => {
                // A little tremor on every channel, as in captured data (no exact zeros).
                let idx = index as u64;
                motion.extend((0..3).map(|axis| {
                    pose.angles_deg[i][axis] + 0.4 * jitter(k as u64, idx, axis as u64 + 7)
                }));
            }
            Source::Rig(_) => motion.extend([0.0; 3]),
            Source::Added(amplitude_deg) => {
                let phase = index as f64 * 0.7;
                let wave = (t * 0.021 + phase).sin();
                let idx = index as u64;
                motion.extend(
                    (0..3).map(|axis| {
                        amplitude_deg * (wave * 0.8 + 0.2 * jitter(k as u64, idx, axis))
                    }),
                );
            }
        }
    }
}

/// Writes `frames` frames at `rate_hz` to `out`.
///
/// # Errors
/// When writing fails.
pub fn write(out: &mut impl Write, frames: usize, rate_hz: f64) -> std::io::Result<()> {
    let joints = cmu_joints();
    let doc_joints = document_joints(&joints);
    let mut walker = Walker::new(rate_hz);
    let frame_time_s = 1.0 / rate_hz;
    let header = bvh::write(&BvhDocument {
        joints: doc_joints.clone(),
        frame_time_s,
        frames: 0,
        motion: Vec::new(),
    });
    let hierarchy = header.split("MOTION\n").next().unwrap_or_default();
    out.write_all(hierarchy.as_bytes())?;
    write!(
        out,
        "MOTION\nFrames: {frames}\nFrame Time: {frame_time_s}\n"
    )?;
    let mut written = 0;
    while written < frames {
        let count = BLOCK_FRAMES.min(frames - written);
        let mut motion = Vec::with_capacity(count * 96);
        for k in written..written + count {
            push_frame(&mut motion, &joints, &walker.next_pose(), k);
        }
        let text = bvh::write(&BvhDocument {
            joints: doc_joints.clone(),
            frame_time_s,
            frames: count,
            motion,
        });
        // Keep the lines after `Frame Time:`.
        let body = text
            .split_once("Frame Time:")
            .and_then(|(_, rest)| rest.split_once('\n'))
            .map_or("", |(_, lines)| lines);
        out.write_all(body.as_bytes())?;
        written += count;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_rig_has_31_joints_and_96_channels_and_reads_back() {
        let joints = cmu_joints();
        assert_eq!(joints.len(), 31);
        let mut bytes = Vec::new();
        write(&mut bytes, 300, 120.0).unwrap();
        let clip = bvh::read(&bytes, Path::new("large.bvh")).unwrap();
        assert_eq!(clip.frame_count(), 300);
        assert_eq!(clip.skeleton.names().len(), 31);
        let text = String::from_utf8(bytes).unwrap();
        let line = text.lines().last().unwrap();
        assert_eq!(line.split(' ').count(), 96);
    }
}
