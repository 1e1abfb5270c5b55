//! OpenPose per-frame JSON: one file is a one-frame clip, a folder of `*_keypoints.json`
//! files (or a `*` pattern) is one clip ordered by the number in the file names.
//!
//! Spec: OpenPose `doc/02_output.md`. Every version is accepted (`pose_keypoints_2d` and the
//! old `pose_keypoints`, with or without `person_id`). A point with confidence 0 is missing
//! even when its coordinates are not 0. Face and hands become [`ClipPart`]s with their own
//! skeletons; BODY_25 and BODY_25B (same count, different order) are told apart by geometry
//! (see [`layout_detect`]). Frame rates are not recorded by OpenPose: `None`, unless the
//! folder name says (`…_60fps`).
//!
//! [`ClipPart`]: crate::model::ClipPart

mod assemble;
mod chunked_folder;
mod convert;
pub mod folder;
pub mod frame;
pub mod layout_detect;
#[cfg(test)]
mod legacy;
pub mod names;
mod numbering;
pub mod parts;
mod plan;
mod raw;
mod read_files;
mod write;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use chunked_folder::{FolderSource, open_chunked};
pub use write::{write_folder, write_frames};

use super::sniff::{self, Sniffed};
use super::{LoadError, SNIFF_BYTES};
use crate::model::{Clip, ClipMeta, FormatId};

/// Reads one frame file as a one-frame clip.
///
/// # Errors
/// On broken JSON (the line) or a value of the wrong type (the JSON path).
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let frame = frame::parse(bytes, path)?;
    let name = file_name(path);
    let meta = ClipMeta::new(path, FormatId::OpenPose);
    let mut chunk = raw::RawChunk::new(0);
    chunk.push_frame(&frame);
    Ok(assemble::assemble(vec![chunk], &|_| name.clone(), meta))
}

/// Reads a folder of frame files (or the files matching a `*`/`?` pattern) as one clip.
///
/// The files are read and parsed on every core, a run of files at a time, and only their
/// numbers are kept until the clip is built. A file that cannot be read or parsed becomes an
/// empty frame with a warning, so the other frames keep their place in time.
///
/// # Errors
/// When the folder holds no `.json` files, none of them is an OpenPose frame, or every one
/// fails to parse (the error of the first file is returned).
pub fn read_folder(path: &Path) -> Result<Clip, LoadError> {
    let sequence = folder::scan(path)?;
    let (plan, runs) = read_files::read_chunks(&sequence.names);
    let gathered = assemble::gather(runs, &plan);
    folder_clip(path, sequence, gathered, &plan)
}

/// The clip of the folder listed as `sequence`, from its gathered runs.
///
/// # Errors
/// When every file failed (the first file's error) or none has a `people` list.
fn folder_clip(
    path: &Path,
    sequence: folder::Sequence,
    mut gathered: assemble::Gathered,
    plan: &plan::Plan,
) -> Result<Clip, LoadError> {
    let mut meta = ClipMeta::new(path, FormatId::OpenPose);
    meta.warnings.extend(sequence.warnings);
    let files = sequence.names.len();
    let failures = gathered.facts.failures;
    let first_error = gathered.facts.first_error.take();
    if failures == files {
        return Err(first_error.unwrap_or_else(|| LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "a folder without frame files".into(),
        }));
    }
    if !gathered.facts.any_people {
        return Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "none of its .json files has an OpenPose `people` list".into(),
        });
    }
    if let Some(error) = first_error {
        meta.warnings.push(format!(
            "{failures} frame files could not be read and are shown as empty frames (first: {error})"
        ));
    }
    meta.details.push(("frame files".into(), files.to_string()));
    meta.details.extend(sequence.details);
    let mut clip = assemble::finish(gathered, plan, meta);
    clip.frame_rate_hz = sequence.frame_rate_hz;
    Ok(clip)
}

/// Checks that `path` is a folder (or a `*` pattern) of OpenPose frames: it holds `.json`
/// files and one of the first three (in frame order) starts like an OpenPose frame. Reads a
/// few KB, parses nothing.
///
/// # Errors
/// When the folder cannot be listed, holds no `.json` file, or its files are not OpenPose.
pub fn detect_folder(path: &Path) -> Result<(), LoadError> {
    let sequence = folder::scan(path)?;
    let looks_right = |file: PathBuf| {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        std::fs::File::open(&file)
            .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
            .is_ok()
            && sniff::sniff(&file, &head) == Sniffed::Format(FormatId::OpenPose)
    };
    if sequence.names.paths().take(3).any(looks_right) {
        Ok(())
    } else {
        Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "a folder of .json files that do not look like OpenPose frames".into(),
        })
    }
}

/// True when [`detect_folder`] accepts `path`.
#[must_use]
pub fn is_frame_folder(path: &Path) -> bool {
    (path.is_dir() || folder::is_pattern(path)) && detect_folder(path).is_ok()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LayoutId;

    #[test]
    fn one_file_is_one_frame_with_parts_and_tracks() {
        let hand = vec!["1"; 63].join(",");
        let text = format!(
            r#"{{"version":1.3,"people":[
            {{"person_id":[3],"pose_keypoints_2d":[1,2,0.5, 5,6,0, 7,8,0.25],
             "hand_left_keypoints_2d":[1,1,1],"face_keypoints_2d":[]}},
            {{"person_id":[-1],"pose_keypoints_2d":[9,9,1, 9,9,1, 9,9,1],
             "hand_left_keypoints_2d":[{hand}]}}]}}"#
        );
        let clip = read(text.as_bytes(), Path::new("a_000_keypoints.json")).expect("loads");
        assert_eq!(clip.frame_count(), 1);
        assert_eq!(clip.poses.max_people(), 2);
        let frame = clip.poses.frame(0).expect("frame");
        let first = frame.person(0).expect("person");
        assert_eq!(first.joint(0), Some([1.0, 2.0, 0.0]));
        assert_eq!(first.joint(1), None, "c = 0 is missing even at 5, 6");
        assert_eq!(first.track_id, Some(3));
        assert_eq!(frame.person(1).and_then(|p| p.track_id), Some(-1));
        assert_eq!(
            clip.skeleton.layout(),
            LayoutId::FromFile,
            "3 points: unnamed"
        );
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("3 body points"))
        );
        assert_eq!(clip.parts.len(), 1, "an empty face array is no part");
        assert_eq!(clip.parts[0].name, "hand_left");
        assert_eq!(clip.parts[0].skeleton.joint_count(), 21);
        assert_eq!(clip.parts[0].poses.frame(0).map(|f| f.people()), Some(2));
        assert!(
            clip.meta
                .warnings
                .iter()
                .any(|w| w.contains("do not hold 21 points"))
        );
    }

    #[test]
    fn three_d_arrays_make_a_3d_clip() {
        let text =
            r#"{"people":[{"pose_keypoints_2d":[1,2,1],"pose_keypoints_3d":[1,2,3,1, 4,5,6,0]}]}"#;
        let clip = read(text.as_bytes(), Path::new("f.json")).expect("loads");
        assert_eq!(clip.space.dims, 3);
        let person = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(person.joint(0), Some([1.0, 2.0, 3.0]));
        assert_eq!(person.joint(1), None);
    }

    #[test]
    fn empty_people_and_wrong_types() {
        let clip = read(br#"{"version":1.3,"people":[]}"#, Path::new("e.json")).expect("loads");
        assert_eq!(clip.frame_count(), 1);
        assert_eq!(clip.poses.max_people(), 0);
        assert_eq!(clip.skeleton.joint_count(), 25);
        let err = read(
            br#"{"people":[{"pose_keypoints_2d":"x"}]}"#,
            Path::new("e.json"),
        )
        .expect_err("string keypoints");
        assert!(
            err.to_string().contains("$.people[0].pose_keypoints_2d"),
            "{err}"
        );
    }
}
