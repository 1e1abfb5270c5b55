//! Loading clips on a background thread, so the window never freezes.
//!
//! The thread first lists what the given paths hold (folders are scanned for pose files), then
//! loads the files one by one, sending each result as it is ready. A file that cannot be read
//! comes back as its error message, never as a stopped app.
//!
//! A large file of a format read in chunks (see [`formats::chunked`]) is shown before it is
//! whole: the thread indexes it, parses its first chunk and sends [`LoadEvent::Opened`] with a
//! clip whose other frames are still missing, then sends each chunk as it is parsed (on every
//! core, the chunk the window asks for first) and finally the whole clip.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::formats::{self, LoadOptions, chunked};
use crate::library;
use crate::model::{Clip, PoseChunk};

pub use crate::formats::chunked::ReadControl;

/// A message from the loading thread.
#[derive(Debug)]
pub enum LoadEvent {
    /// The files that will be loaded, in order, and notes about paths that gave none.
    Listed {
        /// One entry per clip to load.
        paths: Vec<PathBuf>,
        /// For example "no pose files in `x`".
        notes: Vec<String>,
    },
    /// File `index` is indexed and its first chunk read: the clip can be shown; its other
    /// frames follow as [`LoadEvent::Chunk`]s, then the whole clip as [`LoadEvent::Loaded`].
    Opened {
        /// Index into the listed paths.
        index: usize,
        /// The clip with only its first chunk of frames.
        clip: Box<Clip>,
        /// Through it the window asks for the frame it needs to draw next.
        control: Arc<ReadControl>,
    },
    /// One more chunk of file `index`.
    Chunk {
        /// Index into the listed paths.
        index: usize,
        /// The frames.
        chunk: Arc<PoseChunk>,
    },
    /// File `index` of the listed paths is loaded, or failed with this message.
    Loaded {
        /// Index into the listed paths.
        index: usize,
        /// The clip, or why it could not be read.
        result: Result<Box<Clip>, String>,
    },
}

/// The sending end: events also wake the window, so a frame read in the background is drawn at
/// once rather than at the next poll. Chunks wake it at most every [`CHUNK_WAKE`], so hundreds
/// of chunks a second do not take the parsing threads' cores for redraws.
struct Outbox {
    sender: mpsc::Sender<LoadEvent>,
    waker: Arc<OnceLock<egui::Context>>,
    last_wake: std::cell::Cell<Option<Instant>>,
}

/// The shortest time between two wake-ups for chunks (a 60 Hz screen's frame).
const CHUNK_WAKE: Duration = Duration::from_millis(16);

impl Outbox {
    /// Sends `event`; false when the window is gone.
    fn send(&self, event: LoadEvent) -> bool {
        let is_chunk = matches!(event, LoadEvent::Chunk { .. });
        let sent = self.sender.send(event).is_ok();
        let now = Instant::now();
        let due = self
            .last_wake
            .get()
            .is_none_or(|last| now.duration_since(last) >= CHUNK_WAKE);
        if (!is_chunk || due)
            && let Some(ctx) = self.waker.get()
        {
            self.last_wake.set(Some(now));
            ctx.request_repaint();
        }
        sent
    }
}

/// The receiving end of a loading thread.
#[derive(Debug)]
pub struct Loader {
    receiver: Receiver<LoadEvent>,
    finished: bool,
    /// Set by [`Loader::cancel`]: the thread starts no further file.
    cancel: Arc<AtomicBool>,
    /// The chunked read in progress, cancelled with the loader.
    reading: Arc<std::sync::Mutex<Option<Arc<ReadControl>>>>,
    /// The window to wake when an event is sent (set by [`Loader::wake`]).
    waker: Arc<OnceLock<egui::Context>>,
}

/// What the user's paths stand for: files as they are, folders as the pose files inside.
fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for path in paths {
        // A folder that is one clip (OpenPose or Panoptic frames) is loaded as it is; any other
        // folder is searched for pose files.
        if crate::library::is_library_folder(path) {
            let found = library::scan(path);
            if found.is_empty() {
                notes.push(format!("No pose files found in {}.", path.display()));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    // A file named twice (alone and inside a folder given too) is listed once, first place kept.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    (out, notes)
}

/// Loads `path`: in chunks, announced early, when its format allows; else whole.
fn load_one(
    path: &std::path::Path,
    index: usize,
    worker: &Outbox,
    control: &Arc<ReadControl>,
) -> Result<Box<Clip>, String> {
    let source = match formats::open_for_viewing(path) {
        Ok(Some(source)) => source,
        Ok(None) => return formats::load(path).map(Box::new).map_err(|e| e.to_string()),
        Err(error) => return Err(error.to_string()),
    };
    let source = source.as_ref();
    let first = chunked::read_first(source).map_err(|e| e.to_string())?;
    let mut preview = chunked::clip_from_outline(source.outline().clone(), first.clone());
    formats::apply_options(&mut preview, &LoadOptions::default());
    let opened = LoadEvent::Opened {
        index,
        clip: Box::new(preview),
        control: Arc::clone(control),
    };
    if !worker.send(opened) {
        control.cancel();
    }
    let poses = chunked::read_rest(source, first, control, |chunk| {
        let event = LoadEvent::Chunk {
            index,
            chunk: Arc::clone(chunk),
        };
        if !worker.send(event) {
            control.cancel();
        }
    })
    .map_err(|e| e.to_string())?;
    let Some(poses) = poses else {
        return Err(format!("{}: loading cancelled.", path.display()));
    };
    let mut clip = source.finish(poses).map_err(|e| e.to_string())?;
    formats::apply_options(&mut clip, &LoadOptions::default());
    Ok(Box::new(clip))
}

impl Loader {
    /// Starts loading `paths` (files or folders) on a new thread.
    #[must_use]
    pub fn start(paths: Vec<PathBuf>) -> Self {
        let (sender, receiver) = mpsc::channel();
        let waker = Arc::new(OnceLock::new());
        let worker = Outbox {
            sender: sender.clone(),
            waker: Arc::clone(&waker),
            last_wake: std::cell::Cell::new(None),
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let reading = Arc::new(std::sync::Mutex::new(None));
        let current = Arc::clone(&reading);
        let spawned = std::thread::Builder::new()
            .name("posedeck-loader".to_owned())
            .spawn(move || {
                let (paths, notes) = expand(&paths);
                let listed = paths.clone();
                if !worker.send(LoadEvent::Listed { paths, notes }) {
                    return;
                }
                for (index, path) in listed.iter().enumerate() {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let control = Arc::new(ReadControl::for_window());
                    if let Ok(mut slot) = current.lock() {
                        *slot = Some(Arc::clone(&control));
                    }
                    let result = load_one(path, index, &worker, &control);
                    if control.is_cancelled() || !worker.send(LoadEvent::Loaded { index, result }) {
                        return;
                    }
                }
            });
        if let Err(error) = spawned {
            // No thread: say so in the list; the window still opens.
            let _ = sender.send(LoadEvent::Listed {
                paths: Vec::new(),
                notes: vec![format!("Cannot start loading: {error}.")],
            });
        }
        // Only the thread holds a sender now, so the channel closes when it is done.
        drop(sender);
        Self {
            receiver,
            finished: false,
            cancel,
            reading,
            waker,
        }
    }

    /// Wakes `ctx` whenever the thread sends something (call once the window exists).
    pub fn wake(&self, ctx: &egui::Context) {
        let _ = self.waker.set(ctx.clone());
    }

    /// Stops loading: no further file is started, and the file being read (which cannot be
    /// interrupted mid-parse) is dropped when it is done. Nothing more is reported.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Ok(slot) = self.reading.lock()
            && let Some(control) = slot.as_ref()
        {
            control.cancel();
        }
        self.finished = true;
    }

    /// True once the thread has sent everything.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Every event available now, without waiting.
    pub fn poll(&mut self) -> Vec<LoadEvent> {
        let mut events = Vec::new();
        if self.cancel.load(Ordering::Relaxed) {
            return events;
        }
        loop {
            match self.receiver.try_recv() {
                Ok(event) => events.push(event),
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        events
    }

    /// Waits (at most `timeout`) for every remaining event.
    pub fn wait(&mut self, timeout: Duration) -> Vec<LoadEvent> {
        let deadline = Instant::now() + timeout;
        let mut events = Vec::new();
        while !self.finished {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok(event) => events.push(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => self.finished = true,
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_comes_back_as_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.bvh");
        std::fs::write(&bad, "not a pose file").unwrap();
        let missing = dir.path().join("missing.bvh");
        let mut loader = Loader::start(vec![bad.clone(), missing]);
        let events = loader.wait(Duration::from_secs(30));
        assert!(loader.is_finished());
        let errors: Vec<String> = events
            .into_iter()
            .filter_map(|e| match e {
                LoadEvent::Loaded { result: Err(m), .. } => Some(m),
                _ => None,
            })
            .collect();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].contains("bad.bvh"), "{}", errors[0]);
        assert!(errors[1].contains("missing.bvh") && errors[1].contains("cannot read"));
    }

    #[test]
    fn a_cancelled_loader_is_finished_and_reports_nothing_more() {
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut loader = Loader::start(vec![assets.join("walk.bvh"), assets.join("squat.bvh")]);
        loader.cancel();
        assert!(loader.is_finished());
        assert!(loader.poll().is_empty());
        assert!(loader.wait(Duration::from_secs(1)).is_empty());
    }

    #[test]
    fn an_empty_folder_gives_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut loader = Loader::start(vec![dir.path().to_path_buf()]);
        let events = loader.wait(Duration::from_secs(30));
        let Some(LoadEvent::Listed { paths, notes }) = events.into_iter().next() else {
            panic!("no listing");
        };
        assert!(paths.is_empty());
        assert_eq!(notes.len(), 1);
    }
}
