//! Files written whole or not at all: the bytes go to a temporary file beside the target, which
//! is renamed over it once complete, so a reader (or a crash, or Ctrl-C) never leaves half a
//! file under the target's name. Used by the command line's outputs and the viewer's exports.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written under a temporary name.
#[derive(Debug)]
pub struct AtomicFile {
    writer: BufWriter<File>,
    temp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `target` (the temporary file is `.NAME.PID.tmp` in the same folder, so the
    /// rename stays on one file system).
    ///
    /// # Errors
    /// When the temporary file cannot be created.
    pub fn create(target: &Path) -> io::Result<Self> {
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let temp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp)?;
        Ok(Self {
            writer: BufWriter::new(file),
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The writer to write into.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.writer
    }

    /// Flushes, syncs and renames the temporary file over the target.
    ///
    /// # Errors
    /// When flushing or renaming fails (the temporary file is removed then).
    pub fn finish(self) -> io::Result<()> {
        let Self {
            writer,
            temp,
            target,
        } = self;
        let result = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&temp, &target));
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }

    /// Gives up: removes the temporary file, leaving any existing target untouched.
    pub fn abandon(self) {
        let Self { writer, temp, .. } = self;
        drop(writer);
        let _ = std::fs::remove_file(&temp);
    }
}

/// Writes `bytes` to `target` atomically.
///
/// # Errors
/// When the file cannot be written.
pub fn write(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.writer().write_all(bytes)?;
    file.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let mut file = AtomicFile::create(&target).unwrap();
        file.writer().write_all(b"hello").unwrap();
        assert!(!target.exists());
        file.finish().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
        // Abandoning keeps the old content and leaves no temporary file.
        let mut file = AtomicFile::create(&target).unwrap();
        file.writer().write_all(b"half").unwrap();
        file.abandon();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
