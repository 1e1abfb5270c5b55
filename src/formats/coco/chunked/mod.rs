//! A COCO ground-truth file read in chunks (issue 10): one fast pass over the file finds the
//! images, the categories and, for every annotation, where it is and what the warnings need
//! (see `toplevel`); the outline and an index of each frame's annotations follow
//! (`build`). A chunk is then read by parsing only its annotations with `serde_json`.
//!
//! The pass reads the file a window of a few megabytes at a time (`window`): each window is
//! a read-only map (no copy out of the page cache) that is unmapped when the pass moves on, so
//! only the current windows' pages count in the process's memory. A results list (a top-level array), or
//! anything the pass does not read exactly as `serde` would, is left to the whole-file reader:
//! [`open`] returns `Ok(None)`.
//!
//! The pass checks the grammar of what it reads, not of the values it skips (segmentation
//! polygons, `area`, unknown keys): a file broken inside those gets its outline from `info`,
//! and its error (the whole-file reader's own message) when its chunks are parsed.

mod build;
mod flat;
mod images;
mod items;
mod parallel;
mod scan;
mod slots;
mod toplevel;
mod window;

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use build::Index;
use window::Stop;

use super::document::Annotation;
use crate::formats::chunked::ChunkedSource;
use crate::formats::keypoint_tuples::{TupleTallies, Tuples};
use crate::formats::{LoadError, Location};
use crate::model::{ClipOutline, DEFAULT_FRAMES_PER_CHUNK, FormatId, PoseChunk, PosesBuilder};

/// A COCO ground-truth file opened for reading chunk by chunk.
#[derive(Debug)]
pub struct CocoSource {
    path: PathBuf,
    file: File,
    outline: ClipOutline,
    index: Index,
    /// `chunk_starts[k]..chunk_starts[k + 1]` are the entries of chunk `k`.
    chunk_starts: Vec<usize>,
}

/// Opens `path` (detected as COCO) for chunked reading; `Ok(None)` when the whole-file reader
/// must read it (a results list, an odd layout, a file with no keypoints).
///
/// # Errors
/// When the file cannot be read.
pub fn open(path: &Path) -> Result<Option<CocoSource>, LoadError> {
    let file = File::open(path).map_err(|e| LoadError::io(path, e))?;
    let len = file.metadata().map_err(|e| LoadError::io(path, e))?.len();
    let found = match toplevel::scan(&file, len) {
        Ok(found) => found,
        Err(Stop::Odd) => return Ok(None),
        Err(Stop::Io(e)) => return Err(LoadError::io(path, e)),
    };
    let frame_name = |slot: usize| {
        let image = found.images.as_ref()?.items.get(slot)?;
        if image.name_at == u64::MAX {
            return None;
        }
        let mut raw = vec![0; image.name_len as usize];
        file.read_exact_at(&mut raw, image.name_at).ok()?;
        serde_json::from_slice::<String>(&raw).ok()
    };
    let Some((outline, index)) = build::build(&found, path, &frame_name) else {
        return Ok(None);
    };
    // Freeing the pass's tens of megabytes takes a few milliseconds: not on the way to the
    // first frame (when no thread can be started, the closure and `found` are dropped here).
    let _ = std::thread::Builder::new().spawn(move || drop(found));
    let fpc = DEFAULT_FRAMES_PER_CHUNK;
    let chunks = outline.frame_count.div_ceil(fpc);
    let mut chunk_starts = Vec::with_capacity(chunks + 1);
    for (position, entry) in index.entries.iter().enumerate() {
        if entry.frame as usize == chunk_starts.len() * fpc {
            chunk_starts.push(position);
        }
    }
    chunk_starts.push(index.entries.len());
    if chunk_starts.len() != chunks + 1 {
        return Ok(None);
    }
    Ok(Some(CocoSource {
        path: path.to_path_buf(),
        file,
        outline,
        index,
        chunk_starts,
    }))
}

impl CocoSource {
    /// The error for an annotation `serde` refused at file offset `at`: the whole-file reader's
    /// own error, so that it reads as it always did.
    fn error_at(&self, at: u64, error: &serde_json::Error) -> LoadError {
        let whole = crate::formats::mapped::map_file(&self.path)
            .and_then(|bytes| super::read(&bytes, &self.path));
        match whole {
            Err(error) => error,
            Ok(_) => LoadError::parse(
                &self.path,
                FormatId::Coco,
                Location::Byte(at),
                format!("the annotation changed while the file was read: {error}"),
            ),
        }
    }

    fn read(&self, buf: &mut Vec<u8>, at: u64, len: usize) -> Result<(), LoadError> {
        buf.resize(len, 0);
        self.file
            .read_exact_at(buf, at)
            .map_err(|e| LoadError::io(&self.path, e))
    }
}

impl ChunkedSource for CocoSource {
    fn outline(&self) -> &ClipOutline {
        &self.outline
    }

    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        let fpc = DEFAULT_FRAMES_PER_CHUNK;
        let (from, to) = match (
            self.chunk_starts.get(index),
            self.chunk_starts.get(index + 1),
        ) {
            (Some(&from), Some(&to)) => (from, to),
            _ => (0, 0),
        };
        let entries = self.index.entries.get(from..to).unwrap_or(&[]);
        let tracks = self.index.tracks.as_ref().and_then(|t| t.get(from..to));
        let joints = self.index.joints;
        let mut builder =
            PosesBuilder::new(joints, 2, true, tracks.is_some()).for_chunk(index * fpc);
        // One read for the chunk when its annotations lie together, else one each.
        let low = entries.iter().map(|e| e.start).min().unwrap_or(0);
        let high = entries
            .iter()
            .map(|e| e.start + u64::from(e.len))
            .max()
            .unwrap_or(0);
        let total: u64 = entries.iter().map(|e| u64::from(e.len)).sum();
        let together = high - low <= total * 2 + (1 << 20);
        let mut buf = Vec::new();
        if together {
            self.read(&mut buf, low, usize::try_from(high - low).unwrap_or(0))?;
        }
        let mut triples = Tuples::new(joints, 2);
        let mut tallies = TupleTallies::default();
        let mut previous = None;
        for (position, entry) in entries.iter().enumerate() {
            let len = entry.len as usize;
            let bytes = if together {
                let at = usize::try_from(entry.start - low).unwrap_or(usize::MAX);
                buf.get(at..at.saturating_add(len)).unwrap_or(&[])
            } else {
                self.read(&mut buf, entry.start, len)?;
                &buf[..]
            };
            let annotation: Annotation =
                serde_json::from_slice(bytes).map_err(|e| self.error_at(entry.start, &e))?;
            if previous != Some(entry.frame) {
                builder.begin_frame();
                previous = Some(entry.frame);
            }
            let values = annotation.keypoints.as_ref().map_or(&[][..], |k| &k.0[..]);
            triples.fill(values, String::new, &mut tallies);
            let track = tracks.and_then(|t| t.get(position).copied());
            builder.push_person(triples.coords(), Some(triples.confidence()), track);
        }
        Ok(builder.into_chunk())
    }
}
