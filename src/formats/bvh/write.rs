//! Writes a [`BvhDocument`] as BVH text in the standard layout: `HIERARCHY`, `ROOT` / `JOINT` /
//! `End Site` blocks indented with TABs, `CHANNELS n …`, then `MOTION`, `Frames:`, `Frame Time:`
//! and one line per frame, LF line endings.
//!
//! Output is byte-stable (the sample generator commits files written with it): OFFSETs and motion
//! values are written with six decimals, trailing zeros and a trailing point removed, and `-0`
//! written as `0` (Rust's float formatting is exact, so this does not depend on the platform).
//! The frame time is written in the shortest form that reads back to the same `f64`, so
//! `1/30 s` keeps its full precision.
//!
//! Joints are written in depth-first order of the tree their `parent` indices describe (children
//! in index order, End Sites after child joints), and each frame's values are written in that
//! order too, so a document whose joints are not already depth-first still gives a correct file.
//! A joint whose parent index is not smaller than its own is written as a further `ROOT`.

use std::fmt::Write as _;

use super::document::BvhDocument;

/// Writes `doc` as BVH text. Only whole frames present in `doc.motion` are written (at most
/// `doc.frames`), and `Frames:` says how many; with no channels, no frames are written.
#[must_use]
pub fn write(doc: &BvhDocument) -> String {
    let count = doc.joints.len();
    let mut children = vec![Vec::new(); count];
    let mut roots = Vec::new();
    for (index, joint) in doc.joints.iter().enumerate() {
        match joint.parent.filter(|&p| p < index) {
            Some(parent) => children[parent].push(index),
            None => roots.push(index),
        }
    }
    let mut first_value = Vec::with_capacity(count);
    let mut next = 0;
    for joint in &doc.joints {
        first_value.push(next);
        next += joint.channels.len();
    }
    let channel_count = next;

    let mut out = String::from("HIERARCHY\n");
    let mut order = Vec::with_capacity(count);
    // Explicit stack: deep trees cannot overflow the call stack.
    let mut stack: Vec<Step> = roots.iter().rev().map(|&r| Step::Open(r, 0)).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(index, depth) => {
                let Some(joint) = doc.joints.get(index) else {
                    continue;
                };
                order.push(index);
                let keyword = if depth == 0 { "ROOT" } else { "JOINT" };
                line(
                    &mut out,
                    depth,
                    &format!("{keyword} {}", clean_name(&joint.name, index)),
                );
                line(&mut out, depth, "{");
                line(&mut out, depth + 1, &offset_line(joint.offset));
                let mut channels = format!("CHANNELS {}", joint.channels.len());
                for channel in &joint.channels {
                    channels.push(' ');
                    channels.push_str(channel.name());
                }
                line(&mut out, depth + 1, &channels);
                stack.push(Step::Close(index, depth));
                for &child in children[index].iter().rev() {
                    stack.push(Step::Open(child, depth + 1));
                }
            }
            Step::Close(index, depth) => {
                for &end_site in doc.joints.get(index).map_or(&[][..], |j| &j.end_sites) {
                    line(&mut out, depth + 1, "End Site");
                    line(&mut out, depth + 1, "{");
                    line(&mut out, depth + 2, &offset_line(end_site));
                    line(&mut out, depth + 1, "}");
                }
                line(&mut out, depth, "}");
            }
        }
    }

    let frames = doc
        .motion
        .len()
        .checked_div(channel_count)
        .map_or(0, |whole| doc.frames.min(whole));
    let _ = writeln!(
        out,
        "MOTION\nFrames: {frames}\nFrame Time: {}",
        frame_time(doc.frame_time_s)
    );
    for frame in doc.motion.chunks_exact(channel_count.max(1)).take(frames) {
        let mut first = true;
        for &index in &order {
            let start = first_value.get(index).copied().unwrap_or(0);
            let len = doc.joints.get(index).map_or(0, |j| j.channels.len());
            for value in frame.get(start..start + len).unwrap_or_default() {
                if !first {
                    out.push(' ');
                }
                first = false;
                out.push_str(&number(*value));
            }
        }
        out.push('\n');
    }
    out
}

/// One step of the depth-first walk: open a joint (write its header, queue its children) or
/// close it (write its End Sites and `}`), with its depth.
enum Step {
    Open(usize, usize),
    Close(usize, usize),
}

fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push('\t');
    }
    out.push_str(text);
    out.push('\n');
}

fn offset_line(offset: [f64; 3]) -> String {
    format!(
        "OFFSET {} {} {}",
        number(offset[0]),
        number(offset[1]),
        number(offset[2])
    )
}

/// A name that survives being read back: line breaks become spaces, surrounding space goes, and
/// an empty name becomes `joint_<index>` (what the reader calls unnamed joints).
fn clean_name(name: &str, index: usize) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        format!("joint_{index}")
    } else {
        trimmed.to_owned()
    }
}

/// Six decimals, trailing zeros and point removed, `-0` as `0`; non-finite values as `0`.
fn number(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let mut text = format!("{value:.6}");
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    if text == "-0" {
        return "0".to_owned();
    }
    text
}

/// The shortest text that reads back to the same frame time; `0` when it is not finite.
fn frame_time(seconds: f64) -> String {
    if seconds.is_finite() {
        format!("{seconds}")
    } else {
        "0".to_owned()
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "the frame time is written in shortest round-trip form and must read back exactly"
)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::formats::bvh::{BvhJoint, Channel, parse};

    #[test]
    fn numbers_are_short_and_stable() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.000_000_1, "0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.008_333_3, "0.008333"),
            (123.456_789_9, "123.45679"),
            (9.274_76e-16, "0"),
            (1e20, "100000000000000000000"),
            (f64::NAN, "0"),
        ];
        for (value, want) in cases {
            assert_eq!(number(value), want, "{value}");
        }
        assert_eq!(frame_time(1.0 / 30.0), "0.03333333333333333");
        assert_eq!(frame_time(0.008_333_3), "0.0083333");
    }

    fn joint(
        name: &str,
        parent: Option<usize>,
        offset: [f64; 3],
        channels: &[Channel],
    ) -> BvhJoint {
        BvhJoint {
            name: name.to_owned(),
            parent,
            offset,
            channels: channels.to_vec(),
            end_sites: Vec::new(),
        }
    }

    #[test]
    fn exact_layout() {
        let mut root = joint(
            "Hips",
            None,
            [0.0, 1.5, -0.0],
            &[Channel::Yposition, Channel::Zrotation],
        );
        root.end_sites.push([0.0, 0.25, 0.0]);
        let doc = BvhDocument {
            joints: vec![
                root,
                joint("Left Leg", Some(0), [1.0, -2.0, 0.0], &[Channel::Xrotation]),
            ],
            frame_time_s: 0.04,
            frames: 2,
            motion: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        };
        let want = "HIERARCHY\nROOT Hips\n{\n\tOFFSET 0 1.5 0\n\tCHANNELS 2 Yposition Zrotation\n\
            \tJOINT Left Leg\n\t{\n\t\tOFFSET 1 -2 0\n\t\tCHANNELS 1 Xrotation\n\t}\n\
            \tEnd Site\n\t{\n\t\tOFFSET 0 0.25 0\n\t}\n}\n\
            MOTION\nFrames: 2\nFrame Time: 0.04\n1 2 3\n4 5 6\n";
        assert_eq!(write(&doc), want);
    }

    #[test]
    fn round_trip_within_the_written_precision() {
        use Channel::{
            Xposition as Xp, Xrotation as Xr, Yposition as Yp, Yrotation as Yr, Zposition as Zp,
            Zrotation as Zr,
        };
        let mut joints = vec![
            // Root without position channels.
            joint("hip", None, [0.0, 0.0, 0.0], &[Zr, Xr, Yr]),
            joint(
                "mixamorig:Spine",
                Some(0),
                [0.0, 10.123_456_7, 0.5],
                &[Zr, Yr, Xr],
            ),
            joint("Head", Some(1), [0.0, 20.0, 0.0], &[Xr, Yr, Zr]),
            joint("LeftArm", Some(1), [5.0, 18.0, 0.0], &[Yr, Zr, Xr, Xp]),
            joint("RightArm", Some(1), [-5.0, 18.0, 0.0], &[Xr, Zr, Yr]),
            joint("Leg", Some(0), [1.0, -1.0, 0.0], &[Yr, Xr, Zr, Zp, Yp]),
            // A second root.
            joint("prop", None, [100.0, 0.0, 0.0], &[Xp, Yp, Zp]),
        ];
        joints[2].end_sites.push([0.0, 9.5, 0.0]);
        joints[3].end_sites = vec![[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]];
        joints[5].end_sites.push([0.0, -3.25, 0.0]);
        let channels: usize = joints.iter().map(|j| j.channels.len()).sum();
        let frames = 3;
        let motion = (0..frames * channels)
            .map(|i| ((i * 37 % 101) as f64 - 50.0) * 1.234_567_89)
            .collect();
        let doc = BvhDocument {
            joints,
            frame_time_s: 1.0 / 120.0,
            frames,
            motion,
        };
        let text = write(&doc);
        let (back, warnings) = parse(text.as_bytes(), Path::new("rt.bvh")).expect("reads back");
        assert_eq!(
            warnings.len(),
            2,
            "two ROOTs, position channels: {warnings:?}"
        );
        assert_eq!(back.frames, doc.frames);
        assert_eq!(back.frame_time_s, doc.frame_time_s);
        assert_eq!(back.joints.len(), doc.joints.len());
        for (a, b) in back.joints.iter().zip(&doc.joints) {
            assert_eq!(
                (&a.name, a.parent, &a.channels),
                (&b.name, b.parent, &b.channels)
            );
            assert_eq!(a.end_sites.len(), b.end_sites.len());
            for (x, y) in a.offset.iter().zip(&b.offset) {
                assert!((x - y).abs() <= 5e-7, "{} offset", a.name);
            }
            for (p, q) in a
                .end_sites
                .iter()
                .flatten()
                .zip(b.end_sites.iter().flatten())
            {
                assert!((p - q).abs() <= 5e-7, "{} end site", a.name);
            }
        }
        assert_eq!(back.motion.len(), doc.motion.len());
        for (x, y) in back.motion.iter().zip(&doc.motion) {
            assert!((x - y).abs() <= 5e-7);
        }
        assert_eq!(write(&back), text, "writing is stable");
    }

    #[test]
    fn joints_out_of_depth_first_order_are_reordered_with_their_values() {
        // a -> {b, c}, b -> {d}: the index order a, b, c, d is not depth-first (d belongs
        // under b), so the file holds a, b, d, c and each frame's values move with them.
        let doc = BvhDocument {
            joints: vec![
                joint("a", None, [0.0; 3], &[Channel::Xrotation]),
                joint("b", Some(0), [0.0; 3], &[Channel::Xrotation]),
                joint("c", Some(0), [0.0; 3], &[Channel::Xrotation]),
                joint("d", Some(1), [0.0; 3], &[Channel::Xrotation]),
            ],
            frame_time_s: 0.1,
            frames: 1,
            motion: vec![0.0, 1.0, 2.0, 3.0],
        };
        let (back, _) = parse(write(&doc).as_bytes(), Path::new("o.bvh")).expect("reads back");
        let names: Vec<&str> = back.joints.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "d", "c"]);
        assert_eq!(back.motion, [0.0, 1.0, 3.0, 2.0]);
    }
}
