//! BVH read a chunk at a time ([`ChunkedSource`]): `open` parses the hierarchy and the motion
//! header with the whole-file reader's code, indexes the motion section on every core
//! (`super::index`) and parses a few chunks to guess the up axis (`super::sample`); each
//! further chunk is read with `read_at` and parsed on its own. The file is never mapped or read
//! whole, so memory holds the positions and a few buffers.
//!
//! The outline (`info`) counts the frames and values of every line but does not parse every
//! number: a token made of number bytes that is not a number (`1.2.3`, `1e999`) outside the
//! sampled chunks is found by the full load, which then fails with the whole-file reader's
//! error, while `info` shows the outline.
//!
//! Whatever the index does not cover (see `super::index`), a file whose frames would exceed
//! the reader's memory budget, a hierarchy longer than [`HEAD_BYTES`] or an empty motion section
//! gives `Ok(None)`, and the whole-file reader ([`super::read`]) reads the file as before. A
//! malformed number found while reading a chunk is reported with the whole-file reader's exact
//! message (it is run on the file to find it).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use super::clip::{UP_AXIS_DETAIL, describe, frame_budget};
use super::fk::Kinematics;
use super::frames::{ChunkFrames, PosedFrames, read_exact_at, values_of};
use super::index::index_motion;
use super::motion::count_warnings;
use super::parse::open as open_head;
use super::sample::sample;
use super::up::UpEvidence;
use crate::formats::chunked::{ChunkedSource, clip_from_outline};
use crate::formats::{LoadError, Location};
use crate::model::{Clip, ClipOutline, FormatId, PoseChunk, Poses};

/// Bytes read at the start to find the hierarchy and the motion header.
pub const HEAD_BYTES: usize = 1 << 20;

/// A BVH file opened for chunked reading.
pub struct BvhSource {
    frames: ChunkFrames,
    path: PathBuf,
    outline: ClipOutline,
    /// Whether the sampled chunks settle the up axis (see [`super::sample`]).
    outline_is_final: bool,
    /// Text buffers for [`ChunkedSource::read_chunk`], reused from chunk to chunk.
    buffers: Mutex<Vec<Vec<u8>>>,
    /// Each chunk's up-axis evidence once read.
    evidence: Mutex<Vec<Option<UpEvidence>>>,
    /// The chunks `open` parsed for the up axis, until they are asked for.
    parsed: Mutex<Vec<(usize, PoseChunk)>>,
    /// The whole-file reader's error, once a chunk was found malformed.
    whole_error: OnceLock<LoadError>,
}

/// Opens the BVH file at `path` for chunked reading with the default chunk size, on every core;
/// `Ok(None)` when the whole-file reader must read it.
///
/// # Errors
/// When the file cannot be read.
pub fn open(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let source = open_with(path, crate::model::DEFAULT_FRAMES_PER_CHUNK, threads)?;
    Ok(source.map(|s| Box::new(s) as Box<dyn ChunkedSource>))
}

/// [`open`] with `frames_per_chunk` frames per chunk, indexing on `threads` threads.
///
/// # Errors
/// When the file cannot be read.
pub fn open_with(
    path: &Path,
    frames_per_chunk: usize,
    threads: usize,
) -> Result<Option<BvhSource>, LoadError> {
    let io = |e| LoadError::io(path, e);
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut head = vec![0; usize::try_from(size).map_or(HEAD_BYTES, |s| s.min(HEAD_BYTES))];
    let read = read_exact_at(&file, &mut head, 0).map_err(io)?;
    head.truncate(read);
    if (read as u64) < size {
        // Only whole lines: a number cut by the head's end would read as another.
        let Some(last_newline) = memchr::memrchr(b'\n', &head) else {
            return Ok(None);
        };
        head.truncate(last_newline + 1);
    }
    let Ok(mut opened) = open_head(&head) else {
        return Ok(None);
    };
    let channels = opened.channel_count();
    let Some(header) = opened.header else {
        return Ok(None);
    };
    let data_start = (head.len() - opened.bytes_left()) as u64;
    let Some(index) =
        index_motion(&file, data_start, size, channels, frames_per_chunk, threads).map_err(io)?
    else {
        return Ok(None);
    };
    let names: Vec<String> = opened.joints.iter().map(|j| j.name.clone()).collect();
    let budget = frame_budget(usize::try_from(size).unwrap_or(usize::MAX), names.len());
    if index.frames > budget {
        // The whole-file reader refuses it, naming the line where the budget ran out.
        return Ok(None);
    }
    let left_over = match index.short {
        None => 0,
        Some(line) => {
            let mut text = vec![0; usize::try_from(line.end - line.start).unwrap_or(0)];
            let read = read_exact_at(&file, &mut text, line.start).map_err(io)?;
            match values_of(&text[..read]) {
                Some(values) if values.len() == line.tokens => values.len(),
                // A bad number: the whole-file reader's error names it.
                _ => return Ok(None),
            }
        }
    };
    let frames = ChunkFrames {
        file,
        kinematics: Kinematics::new(&opened.joints),
        names,
        channels,
        index,
    };
    let mut buffer = Vec::new();
    let Some(sampled) = sample(&frames, &mut buffer) else {
        // A bad number in a sampled chunk: the whole-file reader's error names it.
        return Ok(None);
    };
    let mut warnings = std::mem::take(&mut opened.warnings);
    warnings.extend(count_warnings(
        &header,
        frames.index.frames,
        left_over,
        channels,
    ));
    let described = describe(
        &opened,
        &frames.kinematics,
        &sampled.combined,
        warnings,
        path,
    );
    let outline = ClipOutline {
        skeleton: described.skeleton,
        frame_rate_hz: described.frame_rate_hz,
        space: described.space,
        meta: described.meta,
        parts: Vec::new(),
        frame_count: frames.index.frames,
        max_people: 1,
        with_confidence: false,
    };
    let mut evidence = vec![None; frames.index.chunk_count()];
    for (index, chunk_evidence) in sampled.evidence {
        if let Some(slot) = evidence.get_mut(index) {
            *slot = Some(chunk_evidence);
        }
    }
    Ok(Some(BvhSource {
        frames,
        path: path.to_path_buf(),
        outline,
        outline_is_final: sampled.settled,
        buffers: Mutex::new(vec![buffer]),
        evidence: Mutex::new(evidence),
        parsed: Mutex::new(sampled.chunks),
        whole_error: OnceLock::new(),
    }))
}

impl BvhSource {
    /// Reads and poses chunk `index` with a buffer from the pool.
    fn pose_chunk(&self, index: usize) -> Result<PosedFrames, Option<std::io::Error>> {
        let pool = || self.buffers.lock().unwrap_or_else(PoisonError::into_inner);
        let mut buffer = pool().pop().unwrap_or_default();
        let result = self.frames.pose(index, &mut buffer);
        pool().push(buffer);
        result
    }

    /// Keeps chunk `index`'s up-axis evidence for [`ChunkedSource::finish`].
    fn keep(&self, index: usize, evidence: UpEvidence) {
        let mut all = self.evidence.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = all.get_mut(index) {
            *slot = Some(evidence);
        }
    }

    /// The error of a malformed chunk: the whole-file reader's, which names the first bad value
    /// and its line (worked out once, on the error path only).
    fn malformed(&self, index: usize) -> LoadError {
        let error = self.whole_error.get_or_init(|| {
            let whole = crate::formats::mapped::map_file(&self.path)
                .and_then(|bytes| super::read(&bytes, &self.path).map(|_| ()));
            match whole {
                Err(error) => error,
                Ok(()) => LoadError::parse(
                    &self.path,
                    FormatId::Bvh,
                    Location::Byte(self.frames.index.chunk(index).map_or(0, |c| c.0)),
                    "the motion section changed while it was read",
                ),
            }
        });
        copy_error(error)
    }
}

/// A copy of `error` (which is not `Clone`: it may hold an I/O error).
fn copy_error(error: &LoadError) -> LoadError {
    match error {
        LoadError::Io { path, source } => {
            LoadError::io(path, std::io::Error::new(source.kind(), source.to_string()))
        }
        LoadError::Parse {
            path,
            format,
            location,
            message,
        } => LoadError::parse(path, *format, location.clone(), message.clone()),
        LoadError::UnknownFormat { path, hint } => LoadError::UnknownFormat {
            path: path.clone(),
            hint: hint.clone(),
        },
        LoadError::Unsupported { path, what } => LoadError::Unsupported {
            path: path.clone(),
            what: what.clone(),
        },
    }
}

impl ChunkedSource for BvhSource {
    fn outline(&self) -> &ClipOutline {
        &self.outline
    }

    fn frames_per_chunk(&self) -> usize {
        self.frames.index.frames_per_chunk
    }

    fn outline_is_final(&self) -> bool {
        self.outline_is_final
    }

    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        {
            let mut parsed = self.parsed.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(at) = parsed.iter().position(|(i, _)| *i == index) {
                return Ok(parsed.swap_remove(at).1);
            }
        }
        match self.pose_chunk(index) {
            Ok(posed) => {
                self.keep(index, posed.evidence);
                let first = index * self.frames.index.frames_per_chunk;
                Ok(PoseChunk::one_person_per_frame(first, posed.coords, None))
            }
            Err(Some(error)) => Err(LoadError::io(&self.path, error)),
            Err(None) => Err(self.malformed(index)),
        }
    }

    fn finish(&self, poses: Poses) -> Result<Clip, LoadError> {
        let mut outline = self.outline.clone();
        // The up axis from every frame, as the whole-file reader guesses it.
        let all = self.evidence.lock().unwrap_or_else(PoisonError::into_inner);
        let mut chunks = all.iter();
        if let Some(Some(first)) = chunks.next() {
            let mut evidence = first.clone();
            for later in chunks.flatten() {
                evidence.merge(later);
            }
            let (up, up_how) = evidence.decide();
            outline.space.up = up;
            for (key, value) in &mut outline.meta.details {
                if key == UP_AXIS_DETAIL {
                    value.clone_from(&up_how);
                }
            }
        }
        Ok(clip_from_outline(outline, poses))
    }
}
