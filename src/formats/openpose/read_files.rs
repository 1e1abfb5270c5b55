//! Reading the frame files of a folder on every core, a run of files at a time: each thread
//! takes the next run, reads its files into one reused buffer, parses each and keeps only its
//! numbers (see [`RawChunk`]), then makes the run into its chunks of the clip right away, by
//! the [`Plan`] guessed from the first run. Only the finished chunks stay, so the folder is
//! never held twice over. The runs' counts, merged at the end, check the guess; when the
//! later frames decide otherwise (a track id or a 3D person first met late), the folder is read
//! again with the right plan.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::assemble::plan_of;
use super::convert::{Converted, convert};
use super::frame;
use super::names::FrameNames;
use super::plan::{Plan, RunStats};
use super::raw::RawChunk;
use crate::formats::LoadError;
use crate::model::DEFAULT_FRAMES_PER_CHUNK;

/// Files per run: one chunk of the finished clip.
pub const FILES_PER_RUN: usize = DEFAULT_FRAMES_PER_CHUNK;

/// The largest read buffer kept from one file to the next.
const MAX_KEPT_BUFFER_BYTES: usize = 1 << 20;

/// Reads every file of `names` and makes the runs into chunks of the clip (in frame order),
/// with the plan every frame decides. A file that fails is an empty frame with its error.
#[must_use]
pub fn read_chunks(names: &FrameNames) -> (Plan, Vec<Converted>) {
    let mut buffer = Vec::new();
    let first = read_run(names, 0, &mut buffer);
    let mut guess = plan_of(std::slice::from_ref(&first));
    let mut first = Some(first);
    for _ in 0..2 {
        let (stats, converted) = read_by_plan(names, &guess, first.take());
        let plan = Plan::from_stats(&stats);
        if plan == guess {
            return (plan, converted);
        }
        drop(converted);
        guess = plan;
    }
    // The files changed while they were read: read them whole, then decide.
    let runs = read_runs(names);
    let plan = plan_of(&runs);
    let name_of = |frame: usize| names.name(frame).to_owned();
    let converted = runs
        .into_iter()
        .map(|run| convert(run, &plan, &name_of))
        .collect();
    (plan, converted)
}

/// Reads the runs of `names` from run `start` on, on every core, and hands each to `work` in
/// the thread that read it. Slot `i` holds run `i`'s result; it is empty for runs before
/// `start` and for the runs of a thread that panicked.
fn map_runs<T: Send>(
    names: &FrameNames,
    start: usize,
    work: &(impl Fn(RawChunk) -> T + Sync),
) -> Vec<Option<T>> {
    let count = names.len().div_ceil(FILES_PER_RUN);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(count)
        .max(1);
    let next = AtomicUsize::new(start);
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    let mut buffer = Vec::new();
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            break;
                        }
                        done.push((index, work(read_run(names, index, &mut buffer))));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            if let Ok(done) = handle.join() {
                for (index, result) in done {
                    if let Some(slot) = slots.get_mut(index) {
                        *slot = Some(result);
                    }
                }
            }
        }
    });
    slots
}

/// Reads every run (run 0 given when already read) on every core and makes each into chunks
/// by `plan` in the thread that read it; returns the merged counts and the chunks in order.
fn read_by_plan(
    names: &FrameNames,
    plan: &Plan,
    first: Option<RawChunk>,
) -> (RunStats, Vec<Converted>) {
    let name_of = |frame: usize| names.name(frame).to_owned();
    let work = |run: RawChunk| {
        let stats = RunStats::of(&run);
        (stats, convert(run, plan, &name_of))
    };
    let mut slots = map_runs(names, usize::from(first.is_some()), &work);
    if let (Some(run), Some(slot)) = (first, slots.first_mut()) {
        *slot = Some(work(run));
    }
    let mut stats = RunStats::default();
    let mut converted = Vec::with_capacity(slots.len());
    let mut buffer = Vec::new();
    for (index, slot) in slots.into_iter().enumerate() {
        // The runs of a thread that panicked are read again here, so no frame is lost.
        let (run_stats, run) = slot.unwrap_or_else(|| work(read_run(names, index, &mut buffer)));
        stats.merge(&run_stats);
        converted.push(run);
    }
    (stats, converted)
}

/// Reads and parses every file of `names`, in runs of [`FILES_PER_RUN`], on every core; the
/// runs come back in file order. A file that fails is an empty frame with its error.
#[must_use]
pub fn read_runs(names: &FrameNames) -> Vec<RawChunk> {
    let slots = map_runs(names, 0, &|run| run);
    // The runs of a thread that panicked are read again here, so no frame is lost.
    let mut buffer = Vec::new();
    slots
        .into_iter()
        .enumerate()
        .map(|(index, slot)| slot.unwrap_or_else(|| read_run(names, index, &mut buffer)))
        .collect()
}

/// Reads run `index` of `names`, using `buffer` for the file bytes.
#[must_use]
pub fn read_run(names: &FrameNames, index: usize, buffer: &mut Vec<u8>) -> RawChunk {
    let first = index * FILES_PER_RUN;
    let end = (first + FILES_PER_RUN).min(names.len());
    let mut chunk = RawChunk::new(first);
    for file in first..end {
        let path = names.path(file);
        match read_file(&path, buffer).and_then(|()| frame::parse(buffer, &path)) {
            Ok(frame) => chunk.push_frame(&frame),
            Err(error) => chunk.push_failure(error),
        }
        if buffer.capacity() > MAX_KEPT_BUFFER_BYTES {
            // One huge file does not keep its room for the rest of the run.
            *buffer = Vec::new();
        }
    }
    chunk.shrink();
    chunk
}

/// Reads the file at `path` into `buffer` (cleared first).
fn read_file(path: &Path, buffer: &mut Vec<u8>) -> Result<(), LoadError> {
    buffer.clear();
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_end(buffer))
        .map(|_| ())
        .map_err(|e| LoadError::io(path, e))
}
