//! A `.npy` file read a chunk of frames at a time (issue 10).
//!
//! [`open_chunked`] parses the header from a lazily mapped file (only its first page is
//! touched) and checks the shape against the file length, then makes the outline as the whole
//! reader would. What that reader decides from the values (is the third column a confidence,
//! how many points are missing) comes from one pass over the data on every core that reads it
//! into small buffers ([`ValueStats`]); the layout guess follows from the joint count and
//! dimensions; the up axis and units are guessed from the first chunks, and the outline is
//! final when those hold every frame the guess looks at (else `finish` guesses again from the
//! whole clip, and `info` reads it all). Several people per frame also make the outline not
//! final: how many are present in a frame is only known once it is built.
//!
//! [`open_for_viewing`] decides from the first chunk alone instead of the pass, so the viewer
//! shows the first frame sooner; its outline is not final, and `finish` takes the facts from
//! every chunk read (the values the pass would see) and gives the clip [`open_chunked`] gives
//! (read again whole if the first chunk misled the decision).
//!
//! Each chunk is read with `read_at` (one read in C order, one per person or per coordinate
//! column otherwise) and built as the whole reader builds its frames.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::build::{Missing, build_frames, describe, space_of};
use super::stats::ValueStats;
use super::stored::StoredArray;

mod viewing;
use super::up::sample_is_complete;
use super::{PoseShape, head_meta};
use crate::formats::chunked::ChunkedSource;
use crate::formats::{LoadError, Location};
use crate::model::{
    Clip, ClipMeta, ClipOutline, DEFAULT_FRAMES_PER_CHUNK, FormatId, PoseChunk, Poses,
    PosesBuilder, Skeleton,
};

/// The most values one chunk holds (fewer frames per chunk when frames are wide).
const CHUNK_VALUES: usize = 2 << 20;

/// At most this many chunks are read to guess the up axis before giving up on a final outline.
const GUESS_CHUNKS: usize = 4;

/// Opens the `.npy` file at `path` for chunked reading; `Ok(None)` for an array with no frames
/// (the whole reader reads it).
///
/// # Errors
/// As [`super::read`]; also when the file cannot be opened or read.
pub fn open_chunked(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    open(path, true)
}

/// [`open_chunked`] that decides whether the third column is a confidence, and counts the
/// missing points, from the first chunk only: the outline is not final, and `finish` takes
/// those facts from every chunk read, so the clip is the one [`open_chunked`] gives.
///
/// # Errors
/// As [`open_chunked`], but data that cannot be read is found by the chunk reads.
pub fn open_for_viewing(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    open(path, false)
}

/// Opens the file; `scan`: the outline's facts about the values come from every value (else
/// from the first chunk).
fn open(path: &Path, scan: bool) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    let to_error = |e: super::NpyError| {
        LoadError::parse(path, FormatId::Npy, Location::Byte(e.offset), e.message)
    };
    let (header, trailing) = {
        let bytes = crate::formats::mapped::map_file_lazily(path)?;
        let array = super::parse(&bytes, path)?;
        (array.header().clone(), array.trailing_bytes())
    };
    let (shape, header_meta) =
        head_meta(&header, trailing, ClipMeta::new(path, FormatId::Npy)).map_err(to_error)?;
    if shape.frames == 0 || !matches!(shape.channels, 2 | 3) {
        return Ok(None);
    }
    let file = File::open(path).map_err(|e| LoadError::io(path, e))?;
    let frame_values = shape.people * shape.joints * shape.channels;
    let mut source = NpySource {
        path: path.to_path_buf(),
        array: StoredArray {
            file,
            header,
            shape,
            frames_per_chunk: (CHUNK_VALUES / frame_values.max(1))
                .clamp(1, DEFAULT_FRAMES_PER_CHUNK),
        },
        with_confidence: false,
        meta: header_meta.clone(),
        chunk_stats: None,
    };
    let stats = if scan {
        source.array.stats()
    } else {
        source.array.first_chunk_stats()
    }
    .map_err(|(offset, error)| source.unreadable(offset, &error))?;
    source.with_confidence = stats.with_confidence(shape.channels);
    if !scan {
        let chunks = shape.frames.div_ceil(source.array.frames_per_chunk);
        source.chunk_stats = Some(Mutex::new(vec![None; chunks]));
    }
    let dims = source.dims();
    let missing = stats.missing(dims);
    let (skeleton, meta) = describe(&shape, source.with_confidence, &missing, source.meta);
    source.meta = meta;
    let (space, meta, guess_is_final) = source.guess_space(&skeleton)?;
    let one_person = shape.people == 1;
    let outline = ClipOutline {
        skeleton,
        frame_rate_hz: None,
        space,
        meta,
        parts: Vec::new(),
        frame_count: shape.frames,
        max_people: if one_person {
            usize::from(present(&missing) > 0)
        } else {
            shape.people
        },
        with_confidence: source.with_confidence,
    };
    Ok(Some(Box::new(Opened {
        source,
        outline,
        is_final: guess_is_final && one_person && scan,
        header_meta: (!scan).then_some(header_meta),
    })))
}

/// Points neither NaN nor at (0, 0).
fn present(missing: &Missing) -> usize {
    missing.total - missing.nan - missing.zero_xy
}

/// An array opened for chunked reading, before its outline is made.
struct NpySource {
    path: PathBuf,
    array: StoredArray,
    with_confidence: bool,
    /// What the header and the values say, without the space's guesses.
    meta: ClipMeta,
    /// The facts about the values of each chunk read so far, when the outline's were not
    /// taken from every value.
    chunk_stats: Option<Mutex<Vec<Option<ValueStats>>>>,
}

/// The source with its outline.
struct Opened {
    source: NpySource,
    outline: ClipOutline,
    is_final: bool,
    /// What the header says, kept when the values were not all looked at (so `finish` makes
    /// the pass and describes the clip from it).
    header_meta: Option<ClipMeta>,
}

impl NpySource {
    fn dims(&self) -> usize {
        if self.with_confidence {
            2
        } else {
            self.array.shape.channels
        }
    }

    fn unreadable(&self, offset: u64, error: &io::Error) -> LoadError {
        LoadError::parse(
            &self.path,
            FormatId::Npy,
            Location::Byte(offset),
            format!("the array data could not be read: {error}"),
        )
    }

    /// Chunk `index` built as the whole reader builds its frames.
    fn build_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        let (first, frames) = self.array.chunk_frames(index);
        let values = self
            .array
            .fetch(index)
            .map_err(|(offset, error)| self.unreadable(offset, &error))?;
        if let Some(slots) = &self.chunk_stats {
            let mut stats = ValueStats::default();
            stats.add(&values, self.array.shape.channels);
            if let Ok(mut slots) = slots.lock()
                && let Some(slot) = slots.get_mut(index)
            {
                *slot = Some(stats);
            }
        }
        let local = PoseShape {
            frames,
            people_first: false,
            ..self.array.shape
        };
        let mut builder = PosesBuilder::new(
            self.array.shape.joints,
            self.dims(),
            self.with_confidence,
            self.array.shape.people > 1,
        )
        .for_chunk(first);
        let mut missing = Missing::default();
        build_frames(
            values.as_slice(),
            &local,
            0..frames,
            self.with_confidence,
            &mut builder,
            &mut missing,
        );
        Ok(builder.into_chunk())
    }

    /// The space guessed from the first chunks (2D: image pixels), `meta` with what the guess
    /// says, and whether the guess is what the whole clip gives.
    fn guess_space(
        &self,
        skeleton: &Skeleton,
    ) -> Result<(crate::model::Space, ClipMeta, bool), LoadError> {
        let mut meta = self.meta.clone();
        if self.dims() == 2 {
            return Ok((crate::model::Space::image_px(), meta, true));
        }
        let chunks = self
            .array
            .shape
            .frames
            .div_ceil(self.array.frames_per_chunk);
        let read = chunks.min(GUESS_CHUNKS);
        let mut read_chunks = Vec::with_capacity(read);
        for index in 0..read {
            read_chunks.push(self.build_chunk(index)?);
            let poses = self.prefix(&read_chunks);
            if sample_is_complete(&poses, skeleton) || index + 1 == chunks {
                let space = space_of(&poses, skeleton, &mut meta);
                return Ok((space, meta, true));
            }
        }
        let poses = self.prefix(&read_chunks);
        let space = space_of(&poses, skeleton, &mut meta);
        Ok((space, meta, false))
    }

    /// The poses of the first chunks, as a clip of their frames.
    fn prefix(&self, chunks: &[PoseChunk]) -> Poses {
        let frames = (chunks.len() * self.array.frames_per_chunk).min(self.array.shape.frames);
        let mut poses = Poses::pending(
            self.array.shape.joints,
            self.dims(),
            self.with_confidence,
            self.array.frames_per_chunk,
            frames,
        );
        for chunk in chunks {
            poses.insert_chunk(std::sync::Arc::new(chunk.clone()));
        }
        poses
    }
}

impl ChunkedSource for Opened {
    fn outline(&self) -> &ClipOutline {
        &self.outline
    }

    fn outline_is_final(&self) -> bool {
        self.is_final
    }

    fn frames_per_chunk(&self) -> usize {
        self.source.array.frames_per_chunk
    }

    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        self.source.build_chunk(index)
    }

    fn finish(&self, poses: Poses) -> Result<Clip, LoadError> {
        if let Some(header_meta) = &self.header_meta {
            return self.finish_after_pass(poses, header_meta.clone());
        }
        let skeleton = self.outline().skeleton.clone();
        let mut meta = self.source.meta.clone();
        let space = space_of(&poses, &skeleton, &mut meta);
        Ok(Clip::new(skeleton, None, space, poses, meta))
    }
}
