//! Indexing a folder in the background: a walker lists candidates, worker threads read the
//! ones the cache does not already know, results stream out as they are ready, and a writer
//! thread stores them in the cache. Progress counters and a cancel flag are shared with the
//! caller; nothing here blocks it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::render::TextPainter;

use super::cache::{self, Cache, Cached, Row};
use super::read::{self, Outcome};
use super::record::ClipRecord;
use super::walk::{self, Candidate};

/// Rows written to the cache per transaction.
const BATCH_ROWS: usize = 256;

/// How to index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexOptions {
    /// The folder.
    pub root: PathBuf,
    /// The cache database (`None`: no cache, every file is read).
    pub cache_db: Option<PathBuf>,
    /// Reading threads (at least 1).
    pub threads: usize,
    /// Draw card pictures (the command line does not need them).
    pub pictures: bool,
}

impl IndexOptions {
    /// Defaults for `root`: the user's cache, one thread per core, pictures drawn.
    #[must_use]
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            cache_db: cache::default_dir().map(|d| d.join(cache::DB_NAME)),
            threads: std::thread::available_parallelism().map_or(2, usize::from),
            pictures: true,
        }
    }
}

/// One clip found (or failed), as soon as it is known.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// What the browser shows.
    pub record: ClipRecord,
    /// The thumbnail, PNG.
    pub thumbnail_png: Option<Vec<u8>>,
}

/// Counters shared with the indexing threads.
#[derive(Debug, Default)]
struct Counters {
    files_seen: AtomicUsize,
    clips_found: AtomicUsize,
    failures: AtomicUsize,
    from_cache: AtomicUsize,
    bytes_read: AtomicUsize,
    candidates: AtomicUsize,
    processed: AtomicUsize,
    finished: AtomicBool,
}

/// Where indexing stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files looked at so far.
    pub files_seen: usize,
    /// Clips found so far (loaded or failed).
    pub clips_found: usize,
    /// Of those, how many could not be read.
    pub failures: usize,
    /// Clips taken from the cache without reading.
    pub from_cache: usize,
    /// Bytes read from disk.
    pub bytes_read: usize,
    /// Files and frame folders found by the walk so far.
    pub candidates: usize,
    /// Of those, how many are dealt with (read, or taken from the cache).
    pub processed: usize,
    /// The walk and every read are done (or were cancelled).
    pub finished: bool,
}

/// A running index: results, progress and cancel.
#[derive(Debug)]
pub struct Indexer {
    receiver: Receiver<Found>,
    counters: Arc<Counters>,
    cancel: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    notices: Arc<Mutex<Vec<String>>>,
    root: PathBuf,
}

impl Indexer {
    /// Starts indexing in the background.
    #[must_use]
    pub fn start(options: IndexOptions) -> Self {
        let (sender, receiver) = mpsc::channel();
        let counters = Arc::new(Counters::default());
        let cancel = Arc::new(AtomicBool::new(false));
        let notices = Arc::new(Mutex::new(Vec::new()));
        let paused = Arc::new(AtomicBool::new(false));
        let root = options.root.clone();
        let shared = Shared {
            counters: Arc::clone(&counters),
            cancel: Arc::clone(&cancel),
            paused: Arc::clone(&paused),
            notices: Arc::clone(&notices),
        };
        let spawned = std::thread::Builder::new()
            .name("posedeck-index".to_owned())
            .spawn(move || {
                run(&options, &sender, &shared);
                let counters = shared.counters;
                counters.finished.store(true, Ordering::Release);
            });
        if let Err(e) = spawned {
            counters.finished.store(true, Ordering::Release);
            if let Ok(mut n) = notices.lock() {
                n.push(format!("Cannot start indexing: {e}."));
            }
        }
        Self {
            receiver,
            counters,
            cancel,
            paused,
            notices,
            root,
        }
    }

    /// Pauses (`true`) or resumes reading; files already found in the cache still come in.
    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Relaxed);
    }

    /// True while paused.
    #[must_use]
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }

    /// The folder being indexed.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Asks the threads to stop soon (what was found so far stays).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once [`Self::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The counters now.
    #[must_use]
    pub fn progress(&self) -> Progress {
        let c = &self.counters;
        Progress {
            files_seen: c.files_seen.load(Ordering::Relaxed),
            clips_found: c.clips_found.load(Ordering::Relaxed),
            failures: c.failures.load(Ordering::Relaxed),
            from_cache: c.from_cache.load(Ordering::Relaxed),
            bytes_read: c.bytes_read.load(Ordering::Relaxed),
            candidates: c.candidates.load(Ordering::Relaxed),
            processed: c.processed.load(Ordering::Relaxed),
            finished: c.finished.load(Ordering::Acquire),
        }
    }

    /// Notes for the user (a rebuilt cache, a folder that cannot be read).
    #[must_use]
    pub fn notices(&self) -> Vec<String> {
        self.notices.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// Every clip found since the last call, without waiting.
    #[must_use]
    pub fn poll(&self) -> Vec<Found> {
        self.receiver.try_iter().collect()
    }

    /// Waits (at most `timeout`) until indexing ends; returns every clip not yet polled.
    #[must_use]
    pub fn wait(&self, timeout: Duration) -> Vec<Found> {
        let deadline = Instant::now().checked_add(timeout);
        let mut out = Vec::new();
        loop {
            let next = match deadline {
                Some(deadline) => self
                    .receiver
                    .recv_timeout(deadline.saturating_duration_since(Instant::now())),
                None => self
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            match next {
                Ok(found) => out.push(found),
                Err(RecvTimeoutError::Disconnected | RecvTimeoutError::Timeout) => break,
            }
        }
        out
    }
}

fn note(notices: &Mutex<Vec<String>>, text: String) {
    if let Ok(mut n) = notices.lock() {
        n.push(text);
    }
}

/// A message to the cache writer.
enum Write {
    Row(Box<Row>),
    Forget(Vec<PathBuf>),
}

/// The state the indexing threads share with the [`Indexer`].
struct Shared {
    counters: Arc<Counters>,
    cancel: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    notices: Arc<Mutex<Vec<String>>>,
}

#[expect(
    clippy::too_many_lines,
    reason = "one pipeline: cache, workers, walk, writer, in order"
)]
fn run(options: &IndexOptions, sender: &Sender<Found>, shared: &Shared) {
    let Shared {
        counters,
        cancel,
        paused,
        notices,
    } = shared;
    let root = &options.root;
    if !root.exists() {
        note(notices, format!("{} does not exist.", root.display()));
        return;
    }
    let mut cached: HashMap<PathBuf, Cached> = HashMap::new();
    let mut cache = None;
    if let Some(db) = &options.cache_db {
        let opened = Cache::open(db);
        if let Some(text) = opened.notice {
            note(notices, text);
        }
        if let Some(c) = opened.cache {
            match c.load_under(root) {
                Ok(rows) => {
                    cached = rows;
                    cache = Some(c);
                }
                Err(e) => {
                    // Damaged inside: start again with an empty cache.
                    drop(c);
                    cache::remove_db(db);
                    note(
                        notices,
                        format!("The clip cache was damaged ({e}) and has been rebuilt."),
                    );
                    cache = Cache::open(db).cache;
                }
            }
        }
    }
    let (write_tx, write_rx) = mpsc::channel::<Write>();
    let writer = cache.map(|cache| {
        let notices = Arc::clone(notices);
        std::thread::spawn(move || write_rows(cache, &write_rx, &notices))
    });
    let (job_tx, job_rx) = mpsc::channel::<Candidate>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let mut workers = Vec::new();
    for n in 0..options.threads.max(1) {
        let jobs = Arc::clone(&job_rx);
        let ctx = Worker {
            root: root.clone(),
            sender: sender.clone(),
            writes: write_tx.clone(),
            counters: Arc::clone(counters),
            cancel: Arc::clone(cancel),
            paused: Arc::clone(paused),
            pictures: options.pictures,
        };
        let spawned = std::thread::Builder::new()
            .name(format!("posedeck-index-{n}"))
            .spawn(move || ctx.run(&jobs));
        match spawned {
            Ok(handle) => workers.push(handle),
            Err(e) => note(notices, format!("Cannot start a reading thread: {e}.")),
        }
    }
    let mut seen: HashSet<PathBuf> = HashSet::new();
    walk::walk(root, cancel, &mut |candidate| {
        counters
            .files_seen
            .fetch_add(candidate.files, Ordering::Relaxed);
        counters.candidates.fetch_add(1, Ordering::Relaxed);
        seen.insert(candidate.path.clone());
        if let Some(hit) = cached.get(&candidate.path)
            && hit.size_bytes == candidate.size_bytes
            && hit.mtime_ns == candidate.mtime_ns
            && !(options.pictures && lacks_pictures(hit))
        {
            counters.processed.fetch_add(1, Ordering::Relaxed);
            if let Some((record, thumb)) = &hit.entry {
                counters.from_cache.fetch_add(1, Ordering::Relaxed);
                counters.clips_found.fetch_add(1, Ordering::Relaxed);
                if record.error().is_some() {
                    counters.failures.fetch_add(1, Ordering::Relaxed);
                }
                let _ = sender.send(Found {
                    record: record.clone(),
                    thumbnail_png: thumb.clone(),
                });
            }
            return;
        }
        if workers.is_empty() {
            return;
        }
        let _ = job_tx.send(candidate);
    });
    drop(job_tx);
    for worker in workers {
        let _ = worker.join();
    }
    if !cancel.load(Ordering::Relaxed) {
        let gone: Vec<PathBuf> = cached.into_keys().filter(|p| !seen.contains(p)).collect();
        if !gone.is_empty() {
            let _ = write_tx.send(Write::Forget(gone));
        }
    }
    drop(write_tx);
    if let Some(writer) = writer {
        let _ = writer.join();
    }
}

/// A cached clip that loaded but was indexed without pictures (by the command line).
fn lacks_pictures(hit: &Cached) -> bool {
    hit.entry
        .as_ref()
        .is_some_and(|(record, thumb)| record.error().is_none() && thumb.is_none())
}

/// What a reading thread needs.
struct Worker {
    root: PathBuf,
    sender: Sender<Found>,
    writes: Sender<Write>,
    counters: Arc<Counters>,
    cancel: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    pictures: bool,
}

impl Worker {
    fn run(&self, jobs: &Mutex<Receiver<Candidate>>) {
        let mut text = self.pictures.then(TextPainter::new);
        loop {
            while self.paused.load(Ordering::Relaxed) && !self.cancel.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let next = match jobs.lock() {
                Ok(receiver) => receiver.recv(),
                Err(_) => return,
            };
            let Ok(candidate) = next else {
                return;
            };
            if self.cancel.load(Ordering::Relaxed) {
                continue;
            }
            self.counters
                .bytes_read
                .fetch_add(candidate.size_bytes as usize, Ordering::Relaxed);
            let outcome = read::read(&self.root, &candidate, text.as_mut());
            self.counters.processed.fetch_add(1, Ordering::Relaxed);
            let mut row = Row {
                path: candidate.path.clone(),
                size_bytes: candidate.size_bytes,
                mtime_ns: candidate.mtime_ns,
                record: None,
                thumbnail_png: None,
            };
            if let Outcome::Clip(record, pictures) = outcome {
                self.counters.clips_found.fetch_add(1, Ordering::Relaxed);
                if record.error().is_some() {
                    self.counters.failures.fetch_add(1, Ordering::Relaxed);
                }
                let thumb = pictures;
                let _ = self.sender.send(Found {
                    record: (*record).clone(),
                    thumbnail_png: thumb.clone(),
                });
                row.record = Some(*record);
                row.thumbnail_png = thumb;
            }
            let _ = self.writes.send(Write::Row(Box::new(row)));
        }
    }
}

fn write_rows(mut cache: Cache, rows: &Receiver<Write>, notices: &Mutex<Vec<String>>) {
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    let mut failed = false;
    let mut flush = |cache: &mut Cache, batch: &mut Vec<Row>| {
        if !batch.is_empty()
            && !failed
            && let Err(e) = cache.store(batch)
        {
            failed = true;
            note(
                notices,
                format!("The clip cache could not be written ({e})."),
            );
        }
        batch.clear();
    };
    loop {
        match rows.recv_timeout(Duration::from_millis(500)) {
            Ok(Write::Row(row)) => {
                batch.push(*row);
                if batch.len() >= BATCH_ROWS {
                    flush(&mut cache, &mut batch);
                }
            }
            Ok(Write::Forget(paths)) => {
                flush(&mut cache, &mut batch);
                let _ = cache.forget(&paths);
            }
            Err(RecvTimeoutError::Timeout) => flush(&mut cache, &mut batch),
            Err(RecvTimeoutError::Disconnected) => {
                flush(&mut cache, &mut batch);
                return;
            }
        }
    }
}

/// Indexes `options.root` and waits for the end: every clip, sorted by path, and the notices.
#[must_use]
pub fn index_all(options: IndexOptions) -> (Vec<Found>, Vec<String>) {
    let indexer = Indexer::start(options);
    let mut found = indexer.wait(Duration::MAX);
    found.sort_by(|a, b| a.record.path.cmp(&b.record.path));
    (found, indexer.notices())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(name)
    }

    /// A folder with two clips, a broken one, a frame folder and a text file.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::copy(asset("walk.bvh"), root.join("walk.bvh")).unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::copy(asset("jump_coco_2d.npy"), root.join("sub/jump.npy")).unwrap();
        std::fs::write(root.join("broken.bvh"), "HIERARCHY\nROOT\n").unwrap();
        std::fs::write(root.join("notes.txt"), "not pose data").unwrap();
        let frames = root.join("sub/frames");
        std::fs::create_dir(&frames).unwrap();
        for entry in std::fs::read_dir(asset("jump_openpose")).unwrap().take(5) {
            let path = entry.unwrap().path();
            std::fs::copy(&path, frames.join(path.file_name().unwrap())).unwrap();
        }
        dir
    }

    fn options(root: &Path, db: &Path) -> IndexOptions {
        IndexOptions {
            root: root.to_path_buf(),
            cache_db: Some(db.to_path_buf()),
            threads: 2,
            pictures: true,
        }
    }

    fn index(options: &IndexOptions) -> (Vec<Found>, Progress) {
        let indexer = Indexer::start(options.clone());
        let mut found = indexer.wait(Duration::from_mins(2));
        found.sort_by(|a, b| a.record.path.cmp(&b.record.path));
        (found, indexer.progress())
    }

    #[test]
    fn finds_clips_and_failures_and_reads_only_what_changed() {
        let dir = folder();
        let root = dir.path();
        let cache_dir = tempfile::tempdir().unwrap();
        let db = cache_dir.path().join(cache::DB_NAME);
        let (found, progress) = index(&options(root, &db));
        let names: Vec<&str> = found.iter().map(|f| f.record.name.as_str()).collect();
        assert_eq!(names, ["broken.bvh", "frames", "jump.npy", "walk.bvh"]);
        assert!(progress.finished);
        assert_eq!(
            (progress.clips_found, progress.failures, progress.from_cache),
            (4, 1, 0)
        );
        // 4 loose files + 5 frames.
        assert_eq!(progress.files_seen, 9);
        assert!(found[0].record.error().unwrap().contains("broken.bvh"));
        assert!(found[0].thumbnail_png.is_none());
        assert_eq!(found[1].record.facts().unwrap().frames, 5);
        assert_eq!(found[2].record.folder, "sub");
        assert!(found[3].thumbnail_png.is_some());

        // Warm: nothing is read again.
        let (again, progress) = index(&options(root, &db));
        assert_eq!(again, found);
        assert_eq!((progress.from_cache, progress.bytes_read), (4, 0));

        // A changed file (size differs) is read again; a removed one disappears.
        std::fs::write(root.join("broken.bvh"), "HIERARCHY\nROOT Hips\n{\n").unwrap();
        std::fs::remove_file(root.join("sub/jump.npy")).unwrap();
        let (changed, progress) = index(&options(root, &db));
        let names: Vec<&str> = changed.iter().map(|f| f.record.name.as_str()).collect();
        assert_eq!(names, ["broken.bvh", "frames", "walk.bvh"]);
        assert_eq!(progress.from_cache, 2);
        assert_eq!(progress.bytes_read, 22);
        // The cache forgot the removed file.
        let cache = Cache::open(&db).cache.unwrap();
        assert!(
            !cache
                .load_under(root)
                .unwrap()
                .contains_key(&root.join("sub/jump.npy"))
        );
        assert!(cache.key_of(&root.join("walk.bvh")).unwrap().is_some());
    }

    #[test]
    fn works_without_a_cache_and_with_a_damaged_one() {
        let dir = folder();
        let mut no_cache = options(dir.path(), Path::new("/unused"));
        no_cache.cache_db = None;
        no_cache.pictures = false;
        let (found, _) = index(&no_cache);
        assert_eq!(found.len(), 4);
        assert!(found.iter().all(|f| f.thumbnail_png.is_none()));

        let cache_dir = tempfile::tempdir().unwrap();
        let db = cache_dir.path().join(cache::DB_NAME);
        std::fs::write(
            &db,
            b"this is not a database, it is a damaged file of some length",
        )
        .unwrap();
        let indexer = Indexer::start(options(dir.path(), &db));
        let found = indexer.wait(Duration::from_mins(2));
        assert_eq!(found.len(), 4);
        assert!(
            indexer.notices().iter().any(|n| n.contains("rebuilt")),
            "{:?}",
            indexer.notices()
        );
    }

    #[test]
    fn cancelling_stops_early_and_keeps_what_was_found() {
        let dir = folder();
        let indexer = Indexer::start(IndexOptions {
            cache_db: None,
            ..options(dir.path(), Path::new("/x"))
        });
        indexer.cancel();
        let found = indexer.wait(Duration::from_mins(1));
        assert!(indexer.progress().finished);
        assert!(indexer.is_cancelled());
        assert!(found.len() <= 4);
    }

    #[test]
    fn a_missing_folder_is_a_notice() {
        let (found, notices) = index_all(IndexOptions::new("/definitely/not/here"));
        assert!(found.is_empty());
        assert!(notices[0].contains("does not exist"));
    }
}
