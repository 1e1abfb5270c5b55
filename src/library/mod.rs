//! The clip library: indexing a folder of clips in the background (with a cache), and the pure
//! logic of the browser (filters, sorting, grouping). No egui.
//!
//! - [`walk`]: candidates (files, OpenPose frame folders) with size and time, nothing read.
//! - [`read`]: one candidate read once into a [`ClipRecord`] and card pictures ([`thumbnail`]).
//! - [`cache`]: `SQLite` cache keyed by path, size and modification time.
//! - [`index`]: worker threads, progress, cancel.
//! - [`preview`]: a card's hover preview, drawn the first time it is hovered.
//! - [`filter`], [`sort`]: what the browser shows and in which order.
//! - [`settings`]: recent folders and the last opened clip.
//! - [`mod@scan`]: the viewer's simple listing of pose files in a folder.

pub mod cache;
pub mod filter;
pub mod index;
pub mod preview;
pub mod read;
pub mod record;
pub mod scan;
pub mod settings;
pub mod sort;
pub mod thumbnail;
pub mod user_files;
pub mod walk;

pub use filter::{DimsFilter, Filter};
pub use index::{Found, IndexOptions, Indexer, Progress, index_all};
pub use record::{ClipFacts, ClipRecord, Status};
pub use scan::scan;
pub use sort::{Sort, SortKey};

/// Whether `path` is a folder to browse in the library: a folder that is not itself one clip
/// (an OpenPose or Panoptic frame folder is a clip and opens in the viewer).
#[must_use]
pub fn is_library_folder(path: &std::path::Path) -> bool {
    path.is_dir() && crate::formats::detect(path).is_err()
}
