//! Where each frame's point records come from: slices of the file's bytes, or windows of frames
//! read from the open file, so that a large trial's pages are never held by the process next to
//! the positions built from them (issue 10).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::decoder::{Decoder, Fault};
use super::trial::Trial;

/// Bytes read per window: a few hundred frames of a typical trial.
const WINDOW_BYTES: usize = 1 << 20;

/// The point records of one frame after another.
#[derive(Debug)]
pub enum FrameBytes<'a> {
    /// Slices of the whole file in memory (or mapped).
    Slices(Decoder<'a>),
    /// Windows read from the file.
    File(FileWindow),
}

/// Consecutive frames read from a file, refilled when a frame outside them is asked for.
#[derive(Debug)]
pub struct FileWindow {
    file: File,
    first: usize,
    frames: usize,
    bytes: Vec<u8>,
    error: Option<(usize, io::Error)>,
}

impl FileWindow {
    /// Frames read from `file` (the same file the header and parameters came from).
    #[must_use]
    pub fn new(file: File) -> Self {
        Self {
            file,
            first: 0,
            frames: 0,
            bytes: Vec::new(),
            error: None,
        }
    }

    fn frame(&mut self, trial: &Trial, index: usize) -> &[u8] {
        let size = trial.frame_bytes().max(1);
        if index < self.first || index >= self.first + self.frames {
            let count = (WINDOW_BYTES / size)
                .max(1)
                .min(trial.frames.saturating_sub(index).max(1));
            let offset = trial.frame_offset(index);
            self.first = index;
            self.frames = count;
            self.bytes.clear();
            let read = self
                .file
                .seek(SeekFrom::Start(offset as u64))
                .and_then(|_| {
                    (&mut self.file)
                        .take((count * size) as u64)
                        .read_to_end(&mut self.bytes)
                });
            if let Err(error) = read {
                self.bytes.clear();
                self.error.get_or_insert((offset, error));
            }
        }
        // Like a slice of the file: a frame cut short by the end of the file gives nothing.
        let at = (index - self.first) * size;
        self.bytes
            .get(at..at + trial.point_bytes())
            .unwrap_or_default()
    }
}

impl FrameBytes<'_> {
    /// The point records of frame `index`; empty when the file ends before the frame does.
    pub fn frame(&mut self, trial: &Trial, index: usize) -> &[u8] {
        match self {
            Self::Slices(d) => d
                .slice(trial.frame_offset(index), trial.point_bytes())
                .unwrap_or_default(),
            Self::File(window) => window.frame(trial, index),
        }
    }

    /// The first read error, as a fault at the byte where the failed read started.
    #[must_use]
    pub fn fault(&mut self) -> Option<Fault> {
        match self {
            Self::Slices(_) => None,
            Self::File(window) => window.error.take().map(|(offset, error)| {
                Fault::new(offset, format!("the point data could not be read: {error}"))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{read, read_file};

    /// The file reader (windows of frames) and the in-memory reader give the same clip, for
    /// whole files of every processor type and for a file cut off in the middle of a frame.
    #[test]
    fn file_windows_match_the_in_memory_reader() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/c3d");
        let names = [
            "sample01_Eb015pi.c3d",
            "sample02_pc_real.c3d",
            "sample02_dec_real.c3d",
            "sample02_sgi_int.c3d",
        ];
        let tmp = std::env::temp_dir().join(format!("posedeck-c3d-frames-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).expect("temp dir");
        for name in names {
            let Ok(bytes) = std::fs::read(dir.join(name)) else {
                eprintln!("skipped: ../shared/datasets is absent");
                return;
            };
            let cut = tmp.join(format!("cut_{name}"));
            std::fs::write(&cut, &bytes[..bytes.len() - bytes.len() / 3 - 7]).expect("write");
            for path in [dir.join(name), cut] {
                let bytes = std::fs::read(&path).expect("read");
                let from_file = read_file(&path).expect("file reader");
                let from_bytes = read(&bytes, &path).expect("bytes reader");
                // Bit for bit (NaN marks missing points and is never `==` itself).
                let bits = |clip: &crate::model::Clip| -> Vec<u32> {
                    let chunks = clip.poses.chunks().iter();
                    chunks
                        .flat_map(|c| c.coords().iter().map(|v| v.to_bits()).collect::<Vec<_>>())
                        .collect()
                };
                assert_eq!(bits(&from_file), bits(&from_bytes), "{}", path.display());
                assert_eq!(from_file.frame_count(), from_bytes.frame_count());
                assert_eq!(from_file.meta.warnings, from_bytes.meta.warnings);
            }
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
