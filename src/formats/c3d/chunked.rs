//! A C3D file read a chunk of frames at a time (issue 10).
//!
//! [`open_chunked`] reads the header and parameters from a lazily mapped file (only their
//! blocks are touched), checks every claimed size against the file length (`trial::resolve`),
//! and makes the outline as the whole reader would: the two facts that depend on the point data
//! (the mean residual and the "all points are flagged invalid" warning) come from one pass that
//! decodes only the fourth word of each point, on every core, and the up axis from the same
//! sampled frames the whole reader looks at. So the outline is always final.
//!
//! [`open_for_viewing`] skips that pass so the viewer shows the first frame sooner: its outline
//! has the header's facts and the sampled up axis but not the point counts (not final), and
//! `finish` adds up the counts the chunk reads made as they decoded (the same counts as the
//! pass), so the clip is the one [`open_chunked`] gives.
//!
//! Each chunk is one `read_at` of its frames, decoded as the whole reader decodes them; the
//! analog samples in those frames are kept per chunk and put together in `finish`.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ndarray::{Array2, Array3};

use super::data::{self, PointCounts};
use super::{Head, analog, head, up_axis};
use crate::formats::chunked::ChunkedSource;
use crate::formats::{LoadError, Location, scan};
use crate::model::{Clip, ClipOutline, FormatId, PoseChunk, Poses};

/// The most bytes of the file one chunk reads (fewer frames per chunk when frames are wide).
const CHUNK_BYTES: usize = 8 << 20;

/// Opens the C3D file at `path` for chunked reading; `Ok(None)` for a file without points
/// (analog only), which the whole reader reads.
///
/// # Errors
/// As [`super::read`]; also when the file cannot be opened or read.
pub fn open_chunked(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    open(path, true)
}

/// [`open_chunked`] without the pass over every point: the outline lacks the point counts (the
/// mean residual, the "all points are flagged invalid" warning) and is not final; `finish`
/// adds them up from the chunks read (or makes the pass when some chunk was not read), so the clip is the one [`open_chunked`] gives.
///
/// # Errors
/// As [`open_chunked`], but a point block that cannot be read is found by the chunk reads.
pub fn open_for_viewing(path: &Path) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    open(path, false)
}

/// Opens the file, counting every point first when `count` is true.
fn open(path: &Path, count: bool) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    let head = {
        let bytes = crate::formats::mapped::map_file_lazily(path)?;
        head(&bytes).map_err(|fault| fail(path, fault.offset, fault.message))?
    };
    if head.trial.points == 0 {
        return Ok(None);
    }
    let file = File::open(path).map_err(|e| LoadError::io(path, e))?;
    let counts = if count {
        count_points(&file, &head).map_err(|(offset, error)| unreadable(path, offset, &error))?
    } else {
        PointCounts::default()
    };
    let samples =
        sampled_people(&file, &head).map_err(|(offset, error)| unreadable(path, offset, &error))?;
    let up = up_axis::guess_from(samples.iter().map(|s| s.view()), head.hint);
    let (meta, space, skeleton) = head.describe(path, &counts, &up);
    let outline = ClipOutline {
        skeleton,
        frame_rate_hz: head.trial.frame_rate_hz,
        space,
        meta,
        parts: Vec::new(),
        frame_count: head.trial.frames,
        max_people: usize::from(head.trial.frames > 0),
        with_confidence: false,
    };
    let frames_per_chunk = (CHUNK_BYTES / head.trial.frame_bytes().max(1))
        .clamp(1, crate::model::DEFAULT_FRAMES_PER_CHUNK);
    let chunks = head.trial.frames.div_ceil(frames_per_chunk);
    Ok(Some(Box::new(C3dSource {
        path: path.to_path_buf(),
        file,
        head,
        outline,
        frames_per_chunk,
        analog: Mutex::new(vec![None; chunks]),
        counted: count,
        chunk_counts: Mutex::new(vec![None; chunks]),
        up,
    })))
}

/// A parse error at byte `offset` of `path`.
fn fail(path: &Path, offset: u64, message: String) -> LoadError {
    LoadError::parse(path, FormatId::C3d, Location::Byte(offset), message)
}

fn unreadable(path: &Path, offset: u64, error: &std::io::Error) -> LoadError {
    fail(
        path,
        offset,
        format!("the point data could not be read: {error}"),
    )
}

/// The valid points and residuals of every frame, counted on every core.
fn count_points(file: &File, head: &Head) -> Result<PointCounts, (u64, std::io::Error)> {
    let trial = &head.trial;
    let frame_bytes = trial.frame_bytes();
    let len = (trial.frames * frame_bytes) as u64;
    let parts = scan::scan_file(
        file,
        trial.data_start as u64,
        len,
        frame_bytes,
        |counts: &mut PointCounts, block, _| {
            data::count_frames(head.processor, trial, block, counts);
        },
    )?;
    let mut counts = PointCounts::default();
    for part in &parts {
        counts.add(part);
    }
    Ok(counts)
}

/// The `(markers, 3)` coordinates of the frames the up-axis guess looks at.
fn sampled_people(file: &File, head: &Head) -> Result<Vec<Array2<f32>>, (u64, std::io::Error)> {
    let trial = &head.trial;
    let mut frame = vec![0_u8; trial.frame_bytes()];
    let mut ignored = PointCounts::default();
    up_axis::sampled_frames(trial.frames)
        .map(|index| {
            let offset = trial.frame_offset(index) as u64;
            file.read_exact_at(&mut frame, offset)
                .map_err(|e| (offset, e))?;
            let mut coords = Array2::from_elem((trial.points, 3), f32::NAN);
            if let Some(out) = coords.as_slice_mut() {
                data::decode_frames(head.processor, trial, &frame, out, &mut ignored);
            }
            Ok(coords)
        })
        .collect()
}

/// A C3D file opened for chunked reading.
struct C3dSource {
    path: PathBuf,
    file: File,
    head: Head,
    outline: ClipOutline,
    frames_per_chunk: usize,
    /// The analog values of each chunk read so far (when the trial has analog channels).
    analog: Mutex<Vec<Option<Vec<f32>>>>,
    /// True when the outline's point counts are the whole file's.
    counted: bool,
    /// The point counts of each chunk read so far (kept when `counted` is false).
    chunk_counts: Mutex<Vec<Option<PointCounts>>>,
    /// The up axis guessed from the sampled frames.
    up: up_axis::UpGuess,
}

impl C3dSource {
    /// The counts of every point, added up from the chunks read (`None` when some chunk was
    /// not read through this source).
    fn counts_of_chunks(&self) -> Option<PointCounts> {
        let slots = self.chunk_counts.lock().ok()?;
        let mut total = PointCounts::default();
        for slot in slots.iter() {
            total.add(slot.as_ref()?);
        }
        Some(total)
    }
}

impl ChunkedSource for C3dSource {
    fn outline(&self) -> &ClipOutline {
        &self.outline
    }

    fn outline_is_final(&self) -> bool {
        self.counted
    }

    fn frames_per_chunk(&self) -> usize {
        self.frames_per_chunk
    }

    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
        let trial = &self.head.trial;
        let fpc = self.frames_per_chunk();
        let first = index.saturating_mul(fpc).min(trial.frames);
        let frames = (trial.frames - first).min(fpc);
        let offset = trial.frame_offset(first) as u64;
        let mut bytes = vec![0_u8; frames * trial.frame_bytes()];
        self.file
            .read_exact_at(&mut bytes, offset)
            .map_err(|e| unreadable(&self.path, offset, &e))?;
        let mut coords = vec![f32::NAN; frames * trial.points * 3];
        let mut counts = PointCounts::default();
        data::decode_frames(self.head.processor, trial, &bytes, &mut coords, &mut counts);
        if !self.counted
            && let Ok(mut slots) = self.chunk_counts.lock()
            && let Some(slot) = slots.get_mut(index)
        {
            *slot = Some(counts);
        }
        if let Some(header) = &self.head.analog {
            let mut values = Vec::with_capacity(frames * trial.analog_values());
            analog::decode_frames(
                self.head.processor,
                trial,
                &header.scaling,
                &bytes,
                &mut values,
            );
            if let Ok(mut slots) = self.analog.lock()
                && let Some(slot) = slots.get_mut(index)
            {
                *slot = Some(values);
            }
        }
        let coords = Array3::from_shape_vec((frames, trial.points, 3), coords).map_err(|e| {
            fail(
                &self.path,
                offset,
                format!("chunk {index} has the wrong size: {e}"),
            )
        })?;
        Ok(PoseChunk::one_person_per_frame(first, coords, None))
    }

    fn finish(&self, poses: Poses) -> Result<Clip, LoadError> {
        let mut outline = self.outline.clone();
        if !self.counted {
            let counts = match self.counts_of_chunks() {
                Some(counts) => counts,
                None => count_points(&self.file, &self.head)
                    .map_err(|(offset, error)| unreadable(&self.path, offset, &error))?,
            };
            outline.meta = self.head.describe(&self.path, &counts, &self.up).0;
        }
        let mut clip = Clip::new(
            outline.skeleton,
            outline.frame_rate_hz,
            outline.space,
            poses,
            outline.meta,
        );
        if let Some(header) = &self.head.analog {
            let trial = &self.head.trial;
            let mut slots = self
                .analog
                .lock()
                .map_err(|_| fail(&self.path, 0, "a chunk reader stopped".to_owned()))?;
            let mut values = Vec::with_capacity(trial.frames * trial.analog_values());
            for slot in slots.iter_mut() {
                values.extend(slot.take().unwrap_or_default());
            }
            let rows = trial.frames * trial.analog_per_frame;
            let samples =
                Array2::from_shape_vec((rows, trial.analog_channels), values).map_err(|_| {
                    fail(
                        &self.path,
                        trial.data_start as u64,
                        "the analog samples of some chunks are missing".to_owned(),
                    )
                })?;
            clip.analog = Some(header.clone().with_samples(samples));
        }
        Ok(clip)
    }
}
