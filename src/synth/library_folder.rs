//! A big mixed-format clip folder for trying and benchmarking the clip library (see
//! `examples/gen_library.rs`): small clips (BVH, C3D, TRC, COCO JSON, 2D and 3D NPY, OpenPose
//! frame folders) cut from the synthetic sample motions at many lengths, spread over
//! `session_NNN/` folders of 100, with a few damaged files (cut short), a few files that are
//! not pose data, and a few large clips (a 5-minute 120 fps BVH, a 100,000-frame NPY). The
//! output is a pure function of the spec: the same spec writes the same bytes.

use std::path::Path;

use crate::formats::{bvh, npy};
use crate::synth::pose::Pose;
use crate::synth::samples::{self, KEYPOINT_RATE_HZ};
use crate::synth::{bvh_doc, families};

/// Clips per folder.
const PER_FOLDER: usize = 100;
/// Lengths (as fractions of a motion) the small clips are cut to.
const CUTS: [(f64, f64); 6] = [
    (0.0, 1.0),
    (0.0, 0.5),
    (0.5, 1.0),
    (0.25, 0.75),
    (0.0, 0.3),
    (0.6, 0.9),
];
/// One small clip in this many is damaged (cut to a third).
const DAMAGED_EVERY: usize = 997;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FolderSpec {
    /// Small clips.
    pub clips: usize,
    /// Large clips.
    pub large: usize,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Small clips written (damaged ones included).
    pub clips: usize,
    /// Of those, damaged.
    pub damaged: usize,
    /// Files written (frames of a folder count one each; notes included).
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

fn cut(frames: &[Pose], (from, to): (f64, f64)) -> &[Pose] {
    let n = frames.len();
    let a = ((n as f64 * from) as usize).min(n.saturating_sub(2));
    let b = ((n as f64 * to) as usize).clamp(a + 2, n);
    &frames[a..b]
}

/// One small clip: a file (extension, bytes) or a frame folder (file names and texts).
enum Seed {
    File(&'static str, Vec<u8>),
    Folder(Vec<(String, String)>),
}

/// Every distinct small clip, in a fixed order.
fn seeds() -> Vec<(String, Seed)> {
    let mut out = Vec::new();
    let motions = samples::clips();
    let walk = samples::walk_keypoint_frames();
    let jump = samples::jump_keypoint_frames();
    let camera = samples::side_camera(jump.first().map_or(0.0, |p| p.root_cm.z + 5.0));
    for (c, span) in CUTS.iter().enumerate() {
        for clip in &motions {
            let doc = bvh_doc::document(cut(&clip.poses, *span), clip.rate_hz);
            out.push((
                format!("{}_{c}", clip.name),
                Seed::File("bvh", bvh::write(&doc).into_bytes()),
            ));
        }
        if let Some(squat) = motions.iter().find(|m| m.name == "squat") {
            let c3d = families::squat_c3d(cut(&squat.poses, *span), squat.rate_hz);
            out.push((format!("squat_markers_{c}"), Seed::File("c3d", c3d)));
        }
        let trc = families::walk_trc(cut(&walk, *span), KEYPOINT_RATE_HZ);
        out.push((format!("walk_markers_{c}"), Seed::File("trc", trc)));
        let frames = cut(&walk, *span);
        let npy3 = npy::write_f32(&[frames.len(), 17, 3], &samples::h36m_values(frames));
        out.push((format!("walk_h36m_{c}"), Seed::File("npy", npy3)));
        out.push((
            format!("jump_coco_2d_{c}"),
            Seed::File("npy", samples::coco_2d_npy(cut(&jump, *span), &camera)),
        ));
        let coco = families::jump_coco(cut(&jump, *span), &camera, KEYPOINT_RATE_HZ);
        out.push((format!("jump_coco_{c}"), Seed::File("json", coco)));
    }
    for (c, span) in CUTS.iter().take(2).enumerate() {
        let files = families::jump_openpose(cut(&jump, *span), &camera, KEYPOINT_RATE_HZ);
        out.push((format!("jump_openpose_{c}"), Seed::Folder(files)));
    }
    out
}

fn write(path: &Path, bytes: &[u8], written: &mut Written) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)?;
    written.files += 1;
    written.bytes += bytes.len() as u64;
    Ok(())
}

/// Big clips: a long BVH (the walk looped to 5 minutes at 120 fps) and a 100,000-frame NPY.
fn write_large(dir: &Path, count: usize, written: &mut Written) -> std::io::Result<()> {
    let motions = samples::clips();
    let keypoints = samples::walk_keypoint_frames();
    let one = samples::h36m_values(&keypoints);
    let per = 17 * 3;
    for k in 0..count {
        let path = dir.join("large");
        match motions.first() {
            Some(walk) if k % 2 == 0 && !walk.poses.is_empty() => {
                let poses: Vec<Pose> = (0..36_000)
                    .map(|i| walk.poses[i % walk.poses.len()].clone())
                    .collect();
                let doc = bvh_doc::document(&poses, 120.0);
                write(
                    &path.join(format!("long_walk_{k}.bvh")),
                    bvh::write(&doc).as_bytes(),
                    written,
                )?;
            }
            _ => {
                let frames = 100_000;
                let data: Vec<f32> = (0..frames)
                    .flat_map(|i| {
                        let f = i % keypoints.len().max(1);
                        one[f * per..(f + 1) * per].iter().copied()
                    })
                    .collect();
                let bytes = npy::write_f32(&[frames, 17, 3], &data);
                write(&path.join(format!("long_h36m_{k}.npy")), &bytes, written)?;
            }
        }
    }
    Ok(())
}

/// Writes the folder `spec` describes into `dir`.
///
/// # Errors
/// When a file cannot be written.
pub fn write_library(dir: &Path, spec: FolderSpec) -> std::io::Result<Written> {
    let seeds = seeds();
    let mut written = Written::default();
    for i in 0..spec.clips {
        let folder = dir.join(format!("session_{:03}", i / PER_FOLDER));
        // A fixed scramble so neighbours differ in format and length.
        let (name, seed) = &seeds[(i * 7919 + i / 13) % seeds.len()];
        match seed {
            Seed::File(ext, content) => {
                let path = folder.join(format!("clip_{i:05}_{name}.{ext}"));
                if i % DAMAGED_EVERY == DAMAGED_EVERY - 1 {
                    written.damaged += 1;
                    write(&path, &content[..content.len() / 3], &mut written)?;
                } else {
                    write(&path, content, &mut written)?;
                }
            }
            Seed::Folder(files) => {
                let sub = folder.join(format!("clip_{i:05}_{name}"));
                for (file, text) in files {
                    write(&sub.join(file), text.as_bytes(), &mut written)?;
                }
            }
        }
        written.clips += 1;
        if i % PER_FOLDER == 0 {
            let note = format!("Session {} notes: not pose data.\n", i / PER_FOLDER);
            write(&folder.join("notes.txt"), note.as_bytes(), &mut written)?;
        }
    }
    write_large(dir, spec.large, &mut written)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push((
                        path.strip_prefix(dir).unwrap().to_path_buf(),
                        std::fs::read(&path).unwrap(),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn writes_the_same_bytes_every_time_with_mixed_formats() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let spec = FolderSpec {
            clips: 150,
            large: 0,
        };
        let written = write_library(a.path(), spec).unwrap();
        assert_eq!(written, write_library(b.path(), spec).unwrap());
        assert_eq!(written.clips, 150);
        let files = contents(a.path());
        assert_eq!(files, contents(b.path()));
        assert_eq!(files.len(), written.files);
        let ext = |e: &str| {
            files
                .iter()
                .filter(|(p, _)| p.extension().is_some_and(|x| x == e))
                .count()
        };
        for e in ["bvh", "c3d", "trc", "npy", "json", "txt"] {
            assert!(ext(e) > 0, "no .{e}");
        }
    }
}
