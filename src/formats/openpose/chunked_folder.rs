//! An OpenPose folder read chunk by chunk (a [`ChunkedSource`]), so the viewer can show the
//! first frames before the last file is read: one chunk is one run of files.
//!
//! Opening reads the first run only, and takes from it the plan (2D or 3D, body points,
//! tracks) and an outline: the frame count is exact, but people, layout, warnings and details
//! are those of the first run, so the outline is never final. Every chunk is then read by the
//! plan; [`ChunkedSource::finish`] merges the runs' counts and, when the later frames decide
//! otherwise than the first run did, reads the folder again whole, so the clip is always the
//! one [`super::read_folder`] gives. Face and hand parts are not chunked: a folder whose first
//! run has them is read whole (`open_chunked` gives `None`), and one where they appear later
//! is read again whole at the end.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::assemble::{self, Gathered};
use super::convert::{RunFacts, convert};
use super::folder::{self, Sequence};
use super::plan::{Plan, RunStats};
use super::read_files::{self, FILES_PER_RUN};
use crate::formats::LoadError;
use crate::formats::chunked::ChunkedSource;
use crate::formats::keypoint_tuples::TupleTallies;
use crate::model::{Clip, ClipOutline, PoseChunk, Poses};

/// What a read chunk leaves for the end besides its poses.
type RunSide = (RunStats, Vec<TupleTallies>, RunFacts);

/// An OpenPose folder opened for chunked reading.
pub struct FolderSource {
    path: PathBuf,
    sequence: Sequence,
    plan: Plan,
    outline: ClipOutline,
    runs: Mutex<Vec<Option<RunSide>>>,
}

/// Opens the folder (or `*` pattern) `path` for chunked reading: lists it and reads its first
/// run of files. `Ok(None)` when that run has face or hand parts or no body points (the whole
/// reader, [`super::read_folder`], is then the one to use).
///
/// A folder path does not go through [`crate::formats::chunked::open`]; call this instead.
///
/// # Errors
/// When the folder cannot be listed or holds no `.json` file.
pub fn open_chunked(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    let sequence = folder::scan(path)?;
    let mut buffer = Vec::new();
    let first = read_files::read_run(&sequence.names, 0, &mut buffer);
    let plan = assemble::plan_of(std::slice::from_ref(&first));
    if !plan.parts.is_empty() || plan.body_joints.is_none() || !first.any_people() {
        return Ok(None);
    }
    let name_of = |frame: usize| sequence.names.name(frame).to_owned();
    let converted = convert(first, &plan, &name_of);
    let gathered = assemble::gather(vec![converted], &plan);
    let Ok(preview) = super::folder_clip(path, sequence.clone(), gathered, &plan) else {
        return Ok(None);
    };
    let mut outline = preview.outline();
    outline.frame_count = sequence.names.len();
    let runs = (0..sequence.names.len().div_ceil(FILES_PER_RUN))
        .map(|_| None)
        .collect();
    Ok(Some(Box::new(FolderSource {
        path: path.to_path_buf(),
        sequence,
        plan,
        outline,
        runs: Mutex::new(runs),
    })))
}

impl ChunkedSource for FolderSource {
    fn outline(&self) -> &ClipOutline {
        &self.outline
    }

    fn outline_is_final(&self) -> bool {
        false
    }

    fn frames_per_chunk(&self) -> usize {
        FILES_PER_RUN
    }

    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        let names = &self.sequence.names;
        let mut buffer = Vec::new();
        let run = read_files::read_run(names, index, &mut buffer);
        let stats = RunStats::of(&run);
        let converted = convert(run, &self.plan, &|frame| names.name(frame).to_owned());
        let mut runs = self.runs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = runs.get_mut(index) {
            *slot = Some((stats, converted.tallies, converted.facts));
        }
        Ok(converted.body)
    }

    fn finish(&self, poses: Poses) -> Result<Clip, LoadError> {
        let sides: Vec<Option<RunSide>> = {
            let mut runs = self.runs.lock().unwrap_or_else(PoisonError::into_inner);
            runs.iter_mut().map(Option::take).collect()
        };
        let mut stats = RunStats::default();
        let mut rest = Vec::with_capacity(sides.len());
        for side in sides {
            let Some((run_stats, tallies, facts)) = side else {
                return super::read_folder(&self.path);
            };
            stats.merge(&run_stats);
            rest.push((tallies, facts));
        }
        if Plan::from_stats(&stats) != self.plan {
            // The later frames decide otherwise than the first run: read it whole.
            return super::read_folder(&self.path);
        }
        let mut gathered = Gathered::new(poses, Vec::new());
        for (tallies, facts) in rest {
            gathered.merge(tallies, facts);
        }
        super::folder_clip(&self.path, self.sequence.clone(), gathered, &self.plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::chunked::{self, ReadControl};

    fn frame(people: &[(i64, f32)]) -> String {
        let people: Vec<String> = people
            .iter()
            .map(|&(id, x)| {
                let body: Vec<String> = (0..25)
                    .map(|j| format!("{},{},0.5", x + j as f32, 2.0 * j as f32))
                    .collect();
                format!(
                    r#"{{"person_id":[{id}],"pose_keypoints_2d":[{}],"face_keypoints_2d":[]}}"#,
                    body.join(",")
                )
            })
            .collect();
        format!(r#"{{"version":1.3,"people":[{}]}}"#, people.join(","))
    }

    fn same_as_whole(path: &Path) -> Clip {
        let source = open_chunked(path).expect("opens").expect("chunked");
        assert!(!source.outline_is_final());
        let whole = super::super::read_folder(path).expect("reads whole");
        assert_eq!(source.outline().frame_count, whole.frame_count());
        let clip = chunked::read_clip(source.as_ref()).expect("reads in chunks");
        assert_eq!(format!("{clip:?}"), format!("{whole:?}"));
        clip
    }

    #[test]
    fn chunks_give_the_whole_clip_and_a_late_surprise_reads_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in 0..2100_usize {
            let text = match f {
                500 => "{\"people\": [".to_owned(),
                700 => r#"{"version":1.3}"#.to_owned(),
                _ => frame(&[(-1, f as f32), (-1, 1.0)][..=(f % 2)]),
            };
            std::fs::write(dir.path().join(format!("v_{f:04}_keypoints.json")), text)
                .expect("write");
        }
        let clip = same_as_whole(dir.path());
        assert_eq!(clip.frame_count(), 2100);
        assert_eq!(clip.poses.max_people(), 2);
        assert_eq!(clip.meta.warnings.len(), 2, "{:?}", clip.meta.warnings);

        // A track id first met in the last run: the plan changes, the folder is read again.
        std::fs::write(dir.path().join("v_2099_keypoints.json"), frame(&[(4, 1.0)]))
            .expect("write");
        let clip = same_as_whole(dir.path());
        let last = clip.poses.frame(2099).and_then(|f| f.person(0));
        assert_eq!(last.and_then(|p| p.track_id), Some(4));

        // The wanted frame comes early and a cancel stops the read.
        let source = open_chunked(dir.path()).expect("opens").expect("chunked");
        let control = ReadControl::default();
        control.cancel();
        let read = chunked::read_all(source.as_ref(), &control, |_| {}).expect("no error");
        assert!(read.is_none());
    }

    #[test]
    fn folders_with_parts_are_read_whole_and_others_in_chunks() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/datasets/openpose/pose_format_sample_body25_face_hands");
        if dir.exists() {
            assert!(open_chunked(&dir).expect("opens").is_none());
        }
        let crowd = dir.with_file_name("pose2sim_demo_cam1_body25b");
        if crowd.exists() {
            same_as_whole(&crowd);
        }
        let jump = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/jump_openpose");
        match open_chunked(&jump).expect("opens") {
            Some(_) => drop(same_as_whole(&jump)),
            None => assert!(!crate::formats::load(&jump).expect("loads").parts.is_empty()),
        }
    }
}
