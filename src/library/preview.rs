//! A card's hover preview, made the first time the card is hovered: the clip is read again (a
//! user action, one file), its preview strip drawn on a background thread and kept in the cache
//! for next time.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::formats;
use crate::render::TextPainter;

use super::cache::Cache;
use super::thumbnail;

/// A preview being drawn.
#[derive(Debug)]
pub struct PreviewJob {
    path: PathBuf,
    receiver: Receiver<Option<Vec<u8>>>,
}

/// What a job has to say.
#[derive(Debug, PartialEq, Eq)]
pub enum PreviewState {
    /// Still drawing.
    Drawing,
    /// Done: the strip (PNG), or `None` when the clip could not be drawn.
    Done(Option<Vec<u8>>),
}

/// The cached preview of `path`, when the cache has one for the file as it was indexed.
#[must_use]
pub fn cached(cache: &Cache, path: &Path) -> Option<Vec<u8>> {
    let (size, mtime_ns) = cache.key_of(path).ok().flatten()?;
    cache.preview(path, size, mtime_ns).ok().flatten()
}

impl PreviewJob {
    /// Starts drawing the preview of `path`, storing it in the cache at `cache_db` when given.
    #[must_use]
    pub fn start(path: &Path, cache_db: Option<PathBuf>) -> Self {
        let (sender, receiver) = mpsc::channel();
        let job_path = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("posedeck-preview".to_owned())
            .spawn(move || {
                let png = formats::load(&job_path)
                    .ok()
                    .and_then(|clip| thumbnail::draw_preview(&clip, &mut TextPainter::new()).ok());
                if let (Some(png), Some(db)) = (&png, cache_db)
                    && let Some(cache) = Cache::open(&db).cache
                    && let Ok(Some((size, mtime_ns))) = cache.key_of(&job_path)
                {
                    let _ = cache.store_preview(&job_path, size, mtime_ns, png);
                }
                let _ = sender.send(png);
            });
        if spawned.is_err() {
            // No thread: the card keeps its thumbnail.
        }
        Self {
            path: path.to_path_buf(),
            receiver,
        }
    }

    /// The clip whose preview this is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the strip is ready.
    #[must_use]
    pub fn state(&self) -> PreviewState {
        match self.receiver.try_recv() {
            Ok(png) => PreviewState::Done(png),
            Err(TryRecvError::Empty) => PreviewState::Drawing,
            Err(TryRecvError::Disconnected) => PreviewState::Done(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::{IndexOptions, index_all};

    #[test]
    fn a_preview_is_drawn_once_and_then_comes_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let walk = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/walk.bvh");
        let clip = dir.path().join("walk.bvh");
        std::fs::copy(walk, &clip).unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let db = cache_dir.path().join("c.sqlite3");
        let options = IndexOptions {
            root: dir.path().to_path_buf(),
            cache_db: Some(db.clone()),
            threads: 1,
            pictures: true,
        };
        let _ = index_all(options);
        let cache = Cache::open(&db).cache.unwrap();
        assert_eq!(cached(&cache, &clip), None);
        let job = PreviewJob::start(&clip, Some(db.clone()));
        let png = loop {
            match job.state() {
                PreviewState::Drawing => std::thread::sleep(std::time::Duration::from_millis(10)),
                PreviewState::Done(png) => break png.unwrap(),
            }
        };
        assert_eq!(cached(&cache, &clip), Some(png));
    }
}
