//! Reading a large clip a chunk at a time: the outline first (header and a fast index of where
//! frames start), then the chunks of frames, in any order, on every core.
//!
//! A reader that can do this implements [`ChunkedSource`]. [`read_all`] parses every chunk on
//! scoped threads that end before it returns (the threads parse; the caller's thread collects).
//! The viewer's loader calls it with a callback that hands each chunk to the window as soon as
//! it is parsed, and a [`ReadControl`] through which the window asks for the chunk it needs to
//! draw next and can cancel; [`super::load_with`] calls it with no callback.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Duration;

use super::LoadError;
use crate::model::{Clip, ClipOutline, FormatId, PoseChunk, Poses};

/// A clip opened for reading chunk by chunk.
pub trait ChunkedSource: Send + Sync {
    /// What is known before any frame is parsed: skeleton, rate, space, frame count, warnings.
    fn outline(&self) -> &ClipOutline;

    /// True when [`ChunkedSource::outline`] is what the whole read will report (frame count,
    /// people and warnings), so `info` needs no more. A reader whose fast index met something
    /// odd says `false`, and `info` then reads the whole clip to report it exactly.
    fn outline_is_final(&self) -> bool {
        true
    }

    /// Frames per chunk: chunk `k` holds frames `k * frames_per_chunk ..`.
    fn frames_per_chunk(&self) -> usize {
        crate::model::DEFAULT_FRAMES_PER_CHUNK
    }

    /// Parses chunk `index`: `frames_per_chunk` frames (fewer in the last chunk), its first
    /// frame numbered `index * frames_per_chunk`.
    ///
    /// # Errors
    /// When the chunk is malformed; the error names the file and the place.
    fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError>;

    /// The whole clip from every chunk (`poses` is complete). The default puts the outline and
    /// the poses together; a reader that learns more while parsing adds it here.
    ///
    /// # Errors
    /// When what the chunks hold together is not a valid clip.
    fn finish(&self, poses: Poses) -> Result<Clip, LoadError> {
        Ok(clip_from_outline(self.outline().clone(), poses))
    }
}

/// A clip from an outline and its (complete) poses. Parts are not chunked, so none are kept.
#[must_use]
pub fn clip_from_outline(outline: ClipOutline, poses: Poses) -> Clip {
    Clip::new(
        outline.skeleton,
        outline.frame_rate_hz,
        outline.space,
        poses,
        outline.meta,
    )
}

/// Opens `path`, already detected as `format`, for chunked reading; `Ok(None)` when that
/// format is read whole.
///
/// # Errors
/// When the file cannot be read or its header or frame index is malformed.
pub fn open(path: &Path, format: FormatId) -> Result<Option<Box<dyn ChunkedSource>>, LoadError> {
    match format {
        FormatId::Bvh => super::bvh::chunked::open(path),
        FormatId::C3d => super::c3d::open_chunked(path),
        FormatId::Npy => super::npy::open_chunked(path),
        FormatId::Coco => Ok(super::coco::chunked::open(path)?
            .map(|source| Box::new(source) as Box<dyn ChunkedSource>)),
        _ => Ok(None),
    }
}

/// Poses with room for every chunk of `source`, none read yet.
#[must_use]
pub fn pending_poses(source: &dyn ChunkedSource) -> Poses {
    let outline = source.outline();
    Poses::pending(
        outline.skeleton.joint_count(),
        outline.space.dims,
        outline.with_confidence,
        source.frames_per_chunk(),
        outline.frame_count,
    )
}

/// What the caller of [`read_all`] can change while it runs.
#[derive(Debug)]
pub struct ReadControl {
    cancel: AtomicBool,
    wanted_frame: AtomicUsize,
    /// For a read behind a window: whether the window has drawn the first chunk yet (`None`
    /// when nobody waits for that).
    shown: Option<(Mutex<bool>, Condvar)>,
}

impl Default for ReadControl {
    fn default() -> Self {
        Self {
            cancel: AtomicBool::new(false),
            wanted_frame: AtomicUsize::new(usize::MAX),
            shown: None,
        }
    }
}

/// How long [`read_rest`]'s threads wait for the window to draw the first chunk (see
/// [`ReadControl::for_window`]) before they start anyway.
pub const FIRST_FRAME_WAIT: Duration = Duration::from_millis(50);

impl ReadControl {
    /// For a read behind a window: [`read_rest`] starts parsing once the window has drawn the
    /// first chunk ([`ReadControl::first_frame_shown`]), or after [`FIRST_FRAME_WAIT`], so
    /// that on a two-core machine the first frame is not drawn while both cores parse.
    #[must_use]
    pub fn for_window() -> Self {
        Self {
            shown: Some((Mutex::new(false), Condvar::new())),
            ..Self::default()
        }
    }

    /// The window has drawn the first chunk: the rest may be parsed.
    pub fn first_frame_shown(&self) {
        if let Some((shown, drawn)) = &self.shown {
            if let Ok(mut shown) = shown.lock() {
                *shown = true;
            }
            drawn.notify_all();
        }
    }

    /// Waits (at most [`FIRST_FRAME_WAIT`]) until the window has drawn the first chunk, when
    /// this read is behind a window.
    fn wait_for_first_frame(&self) {
        if let Some((shown, drawn)) = &self.shown
            && let Ok(guard) = shown.lock()
        {
            let _ = drawn.wait_timeout_while(guard, FIRST_FRAME_WAIT, |shown| {
                !*shown && !self.is_cancelled()
            });
        }
    }

    /// Stops the read: no further chunk is started, and [`read_all`] returns `Ok(None)`.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some((_, drawn)) = &self.shown {
            drawn.notify_all();
        }
    }

    /// True once [`ReadControl::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Asks for the chunk holding `frame` next (the frame the viewer is about to draw).
    pub fn want_frame(&self, frame: usize) {
        self.wanted_frame.store(frame, Ordering::Relaxed);
    }

    fn take_wanted(&self) -> Option<usize> {
        let frame = self.wanted_frame.swap(usize::MAX, Ordering::Relaxed);
        (frame != usize::MAX).then_some(frame)
    }
}

/// Which chunks are taken, and which comes next.
struct Claims {
    taken: Vec<AtomicBool>,
    next: AtomicUsize,
}

impl Claims {
    fn new(count: usize) -> Self {
        Self {
            taken: (0..count).map(|_| AtomicBool::new(false)).collect(),
            next: AtomicUsize::new(0),
        }
    }

    fn claim(&self, index: usize) -> bool {
        self.taken
            .get(index)
            .is_some_and(|t| !t.swap(true, Ordering::Relaxed))
    }

    /// The wanted chunk if nobody has it yet, else the next one in order.
    fn next(&self, wanted: Option<usize>) -> Option<usize> {
        if let Some(index) = wanted
            && self.claim(index)
        {
            return Some(index);
        }
        loop {
            let index = self.next.fetch_add(1, Ordering::Relaxed);
            if index >= self.taken.len() {
                return None;
            }
            if self.claim(index) {
                return Some(index);
            }
        }
    }
}

/// Parses every chunk of `source` on all cores, calling `on_chunk` (on the caller's thread)
/// with each as it is done, and returns the complete poses; `Ok(None)` when cancelled.
///
/// # Errors
/// The first chunk's error; the other threads stop starting chunks.
pub fn read_all(
    source: &dyn ChunkedSource,
    control: &ReadControl,
    on_chunk: impl FnMut(&Arc<PoseChunk>),
) -> Result<Option<Poses>, LoadError> {
    read_rest(source, pending_poses(source), control, on_chunk)
}

/// As [`read_all`], starting from `poses` (made by [`pending_poses`]) in which some chunks may
/// already be read: only the missing ones are parsed.
///
/// # Errors
/// As [`read_all`].
pub fn read_rest(
    source: &dyn ChunkedSource,
    mut poses: Poses,
    control: &ReadControl,
    mut on_chunk: impl FnMut(&Arc<PoseChunk>),
) -> Result<Option<Poses>, LoadError> {
    let fpc = poses.frames_per_chunk();
    let claims = Claims::new(poses.chunk_count());
    for index in (0..poses.chunk_count()).filter(|&k| poses.has_chunk(k)) {
        claims.claim(index);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(poses.chunk_count())
        .max(1);
    let failed = AtomicBool::new(false);
    let mut first_error = None;
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..threads {
            let sender = sender.clone();
            let (claims, failed) = (&claims, &failed);
            scope.spawn(move || {
                control.wait_for_first_frame();
                while !control.is_cancelled() && !failed.load(Ordering::Relaxed) {
                    let wanted = control.take_wanted().map(|frame| frame / fpc);
                    let Some(index) = claims.next(wanted) else {
                        break;
                    };
                    let result = source.read_chunk(index);
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (index, result) in receiver {
            match result {
                Ok(chunk) => {
                    let chunk = Arc::new(chunk);
                    if poses.insert_chunk(Arc::clone(&chunk)) {
                        on_chunk(&chunk);
                    } else if first_error.is_none() {
                        first_error = Some(misfit(source, index));
                        failed.store(true, Ordering::Relaxed);
                    }
                }
                Err(error) => {
                    if first_error.is_none() {
                        first_error = Some(error);
                    }
                }
            }
        }
    });
    if let Some(error) = first_error {
        return Err(error);
    }
    if control.is_cancelled() {
        return Ok(None);
    }
    Ok(Some(poses))
}

/// Poses of `source` with its first chunk read (on the caller's thread): what a viewer shows
/// first.
///
/// # Errors
/// The reader's error for the first chunk.
pub fn read_first(source: &dyn ChunkedSource) -> Result<Poses, LoadError> {
    let mut poses = pending_poses(source);
    if poses.chunk_count() > 0 {
        let chunk = Arc::new(source.read_chunk(0)?);
        if !poses.insert_chunk(chunk) {
            return Err(misfit(source, 0));
        }
    }
    Ok(poses)
}

/// The error for a reader bug: a chunk that does not fit its place.
fn misfit(source: &dyn ChunkedSource, index: usize) -> LoadError {
    let meta = &source.outline().meta;
    LoadError::parse(
        &meta.source,
        meta.format,
        super::Location::Whole,
        format!("chunk {index} does not hold the frames the index promised"),
    )
}

/// Reads the whole clip of `source` (all cores) and finishes it.
///
/// # Errors
/// The reader's error.
pub fn read_clip(source: &dyn ChunkedSource) -> Result<Clip, LoadError> {
    let control = ReadControl::default();
    match read_all(source, &control, |_| {})? {
        Some(poses) => source.finish(poses),
        None => Err(misfit(source, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, Space, Units, UpAxis};
    use ndarray::Array3;

    /// A source of `frames` frames of one 2-joint person whose x is the frame number; chunk
    /// `fail` (if any) is malformed.
    struct Counting {
        outline: ClipOutline,
        fail: Option<usize>,
    }

    impl Counting {
        fn new(frames: usize, fail: Option<usize>) -> Self {
            let skeleton = crate::model::Skeleton::unnamed(2);
            Self {
                outline: ClipOutline {
                    skeleton,
                    frame_rate_hz: Some(10.0),
                    space: Space::world(Units::M, UpAxis::Y),
                    meta: ClipMeta::new("counting.test", FormatId::Npy),
                    parts: Vec::new(),
                    frame_count: frames,
                    max_people: 1,
                    with_confidence: false,
                },
                fail,
            }
        }
    }

    impl ChunkedSource for Counting {
        fn outline(&self) -> &ClipOutline {
            &self.outline
        }
        fn frames_per_chunk(&self) -> usize {
            3
        }
        fn read_chunk(&self, index: usize) -> Result<PoseChunk, LoadError> {
            if self.fail == Some(index) {
                return Err(LoadError::parse(
                    Path::new("counting.test"),
                    FormatId::Npy,
                    super::super::Location::Byte(index as u64),
                    "bad chunk",
                ));
            }
            let first = index * 3;
            let frames = (self.outline.frame_count - first).min(3);
            let coords = Array3::from_shape_fn((frames, 2, 3), |(f, _, _)| (first + f) as f32);
            Ok(PoseChunk::one_person_per_frame(first, coords, None))
        }
    }

    #[test]
    fn reads_every_chunk_once_and_in_place() {
        let source = Counting::new(20, None);
        let mut seen = Vec::new();
        let poses = read_all(&source, &ReadControl::default(), |c| {
            seen.push(c.first_frame());
        })
        .expect("reads")
        .expect("not cancelled");
        seen.sort_unstable();
        assert_eq!(seen, vec![0, 3, 6, 9, 12, 15, 18]);
        assert!(poses.is_complete());
        for f in 0..20 {
            let x = poses
                .frame(f)
                .and_then(|v| v.person(0))
                .and_then(|p| p.joint(1));
            assert_eq!(x, Some([f as f32; 3]));
        }
        let clip = read_clip(&source).expect("clip");
        assert_eq!(clip.frame_count(), 20);
        assert_eq!(clip.outline().frame_count, 20);
    }

    #[test]
    fn a_bad_chunk_is_the_error_and_cancel_stops() {
        let error = read_all(&Counting::new(20, Some(4)), &ReadControl::default(), |_| {})
            .expect_err("chunk 4 fails");
        assert!(error.to_string().contains("byte 4"), "{error}");
        let control = ReadControl::default();
        control.cancel();
        let none = read_all(&Counting::new(20, None), &control, |_| {}).expect("no error");
        assert!(none.is_none());
    }

    #[test]
    fn the_rest_after_the_first_chunk() {
        let source = Counting::new(8, None);
        let first = read_first(&source).expect("first");
        assert!(first.has_chunk(0) && !first.has_chunk(1));
        let mut seen = Vec::new();
        let poses = read_rest(&source, first, &ReadControl::default(), |c| {
            seen.push(c.first_frame());
        })
        .expect("reads")
        .expect("whole");
        seen.sort_unstable();
        assert_eq!(seen, vec![3, 6], "chunk 0 is not read twice");
        assert!(poses.is_complete());
    }

    #[test]
    fn the_wanted_chunk_comes_early() {
        let control = ReadControl::default();
        control.want_frame(19);
        let mut order = Vec::new();
        let _ = read_all(&Counting::new(2000, None), &control, |c| {
            order.push(c.first_frame());
        });
        let place = order
            .iter()
            .position(|&f| f == 18)
            .expect("chunk of frame 19");
        assert!(place < 4, "wanted chunk came {place}th of {}", order.len());
    }

    #[test]
    fn a_read_behind_a_window_waits_for_the_first_frame_at_most_a_moment() {
        // Shown already: no wait.
        let control = ReadControl::for_window();
        control.first_frame_shown();
        let poses = read_all(&Counting::new(20, None), &control, |_| {}).expect("reads");
        assert!(poses.is_some_and(|p| p.is_complete()));
        // Never shown: it starts anyway after the wait.
        let control = ReadControl::for_window();
        let started = std::time::Instant::now();
        let poses = read_all(&Counting::new(20, None), &control, |_| {}).expect("reads");
        assert!(poses.is_some_and(|p| p.is_complete()));
        assert!(
            started.elapsed() >= FIRST_FRAME_WAIT,
            "waited for the window"
        );
        // Shown while the threads wait: they start then.
        let control = Arc::new(ReadControl::for_window());
        let window = Arc::clone(&control);
        let shower = std::thread::spawn(move || window.first_frame_shown());
        let poses = read_all(&Counting::new(20, None), &control, |_| {}).expect("reads");
        assert!(poses.is_some_and(|p| p.is_complete()));
        shower.join().expect("shown");
        // Cancelled while waiting: nothing is read.
        let control = ReadControl::for_window();
        control.cancel();
        let none = read_all(&Counting::new(20, None), &control, |_| {}).expect("no error");
        assert!(none.is_none());
    }
}
