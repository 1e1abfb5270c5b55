//! Loading clips on a background thread, so the window never freezes.
//!
//! The thread first lists what the given paths hold (folders are scanned for pose files), then
//! loads the files one by one, sending each result as it is ready. A file that cannot be read
//! comes back as its error message, never as a stopped app.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::formats;
use crate::library;
use crate::model::Clip;

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
    /// File `index` of the listed paths is loaded, or failed with this message.
    Loaded {
        /// Index into the listed paths.
        index: usize,
        /// The clip, or why it could not be read.
        result: Result<Box<Clip>, String>,
    },
}

/// The receiving end of a loading thread.
#[derive(Debug)]
pub struct Loader {
    receiver: Receiver<LoadEvent>,
    finished: bool,
    /// Set by [`Loader::cancel`]: the thread starts no further file.
    cancel: Arc<AtomicBool>,
}

/// What the user's paths stand for: files as they are, folders as the pose files inside.
fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for path in paths {
        if path.is_dir() {
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

impl Loader {
    /// Starts loading `paths` (files or folders) on a new thread.
    #[must_use]
    pub fn start(paths: Vec<PathBuf>) -> Self {
        let (sender, receiver) = mpsc::channel();
        let worker = sender.clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("posedeck-loader".to_owned())
            .spawn(move || {
                let (paths, notes) = expand(&paths);
                let listed = paths.clone();
                if worker.send(LoadEvent::Listed { paths, notes }).is_err() {
                    return;
                }
                for (index, path) in listed.iter().enumerate() {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let result = formats::load(path).map(Box::new).map_err(|e| e.to_string());
                    if worker.send(LoadEvent::Loaded { index, result }).is_err() {
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
        }
    }

    /// Stops loading: no further file is started, and the file being read (which cannot be
    /// interrupted mid-parse) is dropped when it is done. Nothing more is reported.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
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
