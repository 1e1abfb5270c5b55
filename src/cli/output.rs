//! The one place the command line writes to standard output, and atomic file output.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::formats::atomic::AtomicFile;

/// Where a sub-command's result goes: standard output (`-`) or a file.
pub enum Sink {
    /// Standard output, buffered.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file next to the target, renamed over it on [`Sink::finish`].
    File(AtomicFile),
}

impl Sink {
    /// Opens `out` (`-` = standard output). A file is written to a temporary name first and
    /// renamed when finished, so a reader never sees half a file.
    ///
    /// # Errors
    /// When the temporary file cannot be created.
    pub fn open(out: &Path) -> io::Result<Self> {
        if out.as_os_str() == "-" {
            return Ok(Self::Stdout(BufWriter::new(io::stdout())));
        }
        AtomicFile::create(out).map(Self::File)
    }

    /// The writer to write into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Self::Stdout(w) => w,
            Self::File(file) => file.writer(),
        }
    }

    /// Flushes, and for a file renames the temporary file over the target.
    ///
    /// # Errors
    /// When flushing or renaming fails (the temporary file is removed then).
    pub fn finish(self) -> io::Result<()> {
        match self {
            Self::Stdout(mut w) => w.flush(),
            Self::File(file) => file.finish(),
        }
    }

    /// Gives up on a file (its temporary file is removed); standard output is left as is.
    pub fn abandon(self) {
        if let Self::File(file) = self {
            file.abandon();
        }
    }
}

/// Writes `text` to standard output.
///
/// # Errors
/// When standard output is closed.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
