//! A file's bytes without copying them: a read-only memory map of the page cache.
//!
//! Reading a large file into a fresh `Vec` touches every page of new memory, which costs about
//! 3 s per GiB on this machine kind (issue 10) before a reader has looked at one byte. A memory
//! map shares the pages the kernel already holds instead. Files that cannot be mapped (empty
//! files, pipes, special files) are read into memory as before.

use std::fs::File;
use std::ops::Deref;
use std::path::Path;

use memmap2::{Mmap, MmapOptions};

use super::LoadError;

/// The bytes of one file, mapped or read.
#[derive(Debug)]
pub enum FileBytes {
    /// A read-only map of the whole file.
    Mapped(Mmap),
    /// The file read into memory (when it could not be mapped).
    Read(Vec<u8>),
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Mapped(map) => map,
            Self::Read(bytes) => bytes,
        }
    }
}

/// Maps `path` read-only, or reads it when it cannot be mapped.
///
/// # Errors
/// When the file cannot be opened or read; the error names the file.
pub fn map_file(path: &Path) -> Result<FileBytes, LoadError> {
    map_with(path, true)
}

/// As [`map_file`], without faulting the pages in: for a reader that looks at a small part of
/// the map (a header) and reads the rest another way. Pages never touched never count in the
/// process's memory.
///
/// # Errors
/// As [`map_file`].
pub fn map_file_lazily(path: &Path) -> Result<FileBytes, LoadError> {
    map_with(path, false)
}

fn map_with(path: &Path, populate: bool) -> Result<FileBytes, LoadError> {
    let file = File::open(path).map_err(|e| LoadError::io(path, e))?;
    let is_regular = file.metadata().is_ok_and(|m| m.is_file() && m.len() > 0);
    if is_regular && let Some(map) = map(&file, populate) {
        return Ok(FileBytes::Mapped(map));
    }
    std::fs::read(path)
        .map(FileBytes::Read)
        .map_err(|e| LoadError::io(path, e))
}

/// A read-only map of `len` bytes of the open `file` from byte `offset` (any offset: the map
/// starts at the page holding it), its pages faulted in up front, or `None` when the system
/// refuses. For a reader that scans a large file a window at a time without the kernel's copy
/// into a buffer: dropping the map unmaps it, so only the current window's pages count in the
/// process's memory.
#[must_use]
pub fn map_range(file: &File, offset: u64, len: usize) -> Option<Mmap> {
    if len == 0 {
        return None;
    }
    let mut options = MmapOptions::new();
    options.offset(offset).len(len).populate();
    map_with_options(file, &options)
}

/// A read-only map of `file`, with its pages faulted in up front when `populate` (one system
/// call instead of a page fault per 4 KiB), or `None` when the system refuses.
fn map(file: &File, populate: bool) -> Option<Mmap> {
    let mut options = MmapOptions::new();
    if populate {
        options.populate();
    }
    map_with_options(file, &options)
}

/// `options.map(file)`, or `None` when the system refuses.
#[expect(
    unsafe_code,
    reason = "mapping a file is unsafe because another process could change or truncate it while \
              it is mapped: a change gives wrong numbers (the readers check every length and \
              offset against the slice, so no out-of-bounds read), a truncation during the load \
              stops the process with SIGBUS. posedeck never writes to source files, and a map \
              lives only while one file is parsed; ripgrep makes the same trade-off"
)]
fn map_with_options(file: &File, options: &MmapOptions) -> Option<Mmap> {
    // SAFETY: see the reason above; the map is read-only and lives as long as the bytes are used.
    unsafe { options.map(file) }.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_file_and_reads_an_empty_one() {
        let dir = std::env::temp_dir().join(format!("posedeck-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let full = dir.join("full.bin");
        let empty = dir.join("empty.bin");
        std::fs::write(&full, b"abc").expect("write");
        std::fs::write(&empty, b"").expect("write");
        let bytes = map_file(&full).expect("maps");
        assert!(matches!(bytes, FileBytes::Mapped(_)));
        assert_eq!(&*bytes, b"abc");
        let none = map_file(&empty).expect("reads");
        assert!(none.is_empty());
        let missing = map_file(&dir.join("absent.bin"));
        assert!(missing.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
