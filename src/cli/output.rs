//! The one place the command line writes to standard output, and atomic file output.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where a sub-command's result goes: standard output (`-`) or a file.
pub enum Sink {
    /// Standard output, buffered.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file next to the target, renamed over it on [`Sink::finish`].
    File {
        /// The buffered temporary file.
        writer: BufWriter<File>,
        /// The temporary file's path.
        temp: PathBuf,
        /// The final path.
        target: PathBuf,
    },
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
        let name = out
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let temp = out.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp)?;
        Ok(Self::File {
            writer: BufWriter::new(file),
            temp,
            target: out.to_path_buf(),
        })
    }

    /// The writer to write into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Self::Stdout(w) => w,
            Self::File { writer, .. } => writer,
        }
    }

    /// Flushes, and for a file renames the temporary file over the target.
    ///
    /// # Errors
    /// When flushing or renaming fails (the temporary file is removed then).
    pub fn finish(self) -> io::Result<()> {
        match self {
            Self::Stdout(mut w) => w.flush(),
            Self::File {
                writer,
                temp,
                target,
            } => {
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
