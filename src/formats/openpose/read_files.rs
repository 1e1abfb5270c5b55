//! Reading the frame files of a folder on every core, a run of files at a time: each thread
//! takes the next run, reads its files into one reused buffer, parses each and keeps only its
//! numbers (see [`RawChunk`]), so at no time is more than one parsed file per thread held in
//! its parsed form.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::frame;
use super::names::FrameNames;
use super::raw::RawChunk;
use crate::formats::LoadError;
use crate::model::DEFAULT_FRAMES_PER_CHUNK;

/// Files per run: one chunk of the finished clip.
pub const FILES_PER_RUN: usize = DEFAULT_FRAMES_PER_CHUNK;

/// The largest read buffer kept from one file to the next.
const MAX_KEPT_BUFFER_BYTES: usize = 1 << 20;

/// Reads and parses every file of `names`, in runs of [`FILES_PER_RUN`], on every core; the
/// runs come back in file order. A file that fails is an empty frame with its error.
#[must_use]
pub fn read_runs(names: &FrameNames) -> Vec<RawChunk> {
    let count = names.len().div_ceil(FILES_PER_RUN);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(count)
        .max(1);
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<RawChunk>> = (0..count).map(|_| None).collect();
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
                        done.push((index, read_run(names, index, &mut buffer)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            if let Ok(done) = handle.join() {
                for (index, chunk) in done {
                    if let Some(slot) = slots.get_mut(index) {
                        *slot = Some(chunk);
                    }
                }
            }
        }
    });
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
            Ok(frame) => chunk.push_frame(frame),
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
