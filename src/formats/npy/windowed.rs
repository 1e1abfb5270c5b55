//! The values of a C-order array read from the file a window at a time, not mapped or loaded
//! whole: the file's pages stay in the page cache and never count against the process, so
//! opening a large array costs its positions in memory and nothing more (issue 10).

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::build::Values;
use super::decode::COrderValues;
use super::dtype::Dtype;

/// Elements decoded per read: 1 MiB of f32, a few hundred frames of a typical array.
const WINDOW: usize = 1 << 18;

/// A C-order array in a file, decoded window by window as the builder walks through it.
#[derive(Debug)]
pub struct WindowedValues {
    data_offset: u64,
    dtype: Dtype,
    count: usize,
    state: RefCell<Window>,
}

#[derive(Debug)]
struct Window {
    file: File,
    /// Index of the first element in `values`.
    first: usize,
    values: Vec<f32>,
    bytes: Vec<u8>,
    /// The first read error; the values it would have given are NaN.
    error: Option<io::Error>,
}

impl WindowedValues {
    /// The `count` elements of `dtype` stored from byte `data_offset` of `file` on.
    #[must_use]
    pub fn new(file: File, data_offset: usize, dtype: Dtype, count: usize) -> Self {
        Self {
            data_offset: data_offset as u64,
            dtype,
            count,
            state: RefCell::new(Window {
                file,
                first: 0,
                values: Vec::new(),
                bytes: Vec::new(),
                error: None,
            }),
        }
    }

    /// The first read error, if any happened (the file changed or vanished while being read).
    #[must_use]
    pub fn take_error(&self) -> Option<io::Error> {
        self.state.borrow_mut().error.take()
    }

    /// Reads the window of elements that starts at `first`.
    fn refill(&self, window: &mut Window, first: usize) {
        let size = self.dtype.size_bytes.max(1);
        let len = WINDOW.min(self.count - first);
        window.first = first;
        window.values.resize(len, f32::NAN);
        window.bytes.resize(len * size, 0);
        let offset = self.data_offset + (first * size) as u64;
        let read = window
            .file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| window.file.read_exact(&mut window.bytes));
        match read {
            Ok(()) => {
                COrderValues::new(&window.bytes, self.dtype).decode_run(0, &mut window.values);
            }
            Err(error) => {
                window.values.fill(f32::NAN);
                window.error.get_or_insert(error);
            }
        }
    }
}

impl Values for WindowedValues {
    fn count(&self) -> usize {
        self.count
    }

    fn value(&self, index: usize) -> f32 {
        let mut one = [f32::NAN];
        self.decode_run(index, &mut one);
        one[0]
    }

    fn decode_run(&self, start: usize, out: &mut [f32]) {
        let mut window = self.state.borrow_mut();
        let mut at = start;
        let mut rest = out;
        while !rest.is_empty() && at < self.count {
            let inside = at >= window.first && at < window.first + window.values.len();
            if !inside {
                self.refill(&mut window, at);
            }
            let from = at - window.first;
            let take = (window.values.len() - from).min(rest.len());
            let (head, tail) = rest.split_at_mut(take);
            head.copy_from_slice(&window.values[from..from + take]);
            rest = tail;
            at += take;
        }
        rest.fill(f32::NAN);
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "values pass through unchanged: they must be bit-identical"
)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::formats::npy::{read, read_file, write_f32};

    #[test]
    fn runs_across_windows_match_the_bytes_and_the_end_is_nan() {
        let frames = WINDOW / 51 + 20;
        let count = frames * 51;
        let values: Vec<f32> = (0..count).map(|i| i as f32 * 0.5).collect();
        let bytes = write_f32(&[frames, 17, 3], &values);
        let dir = std::env::temp_dir().join(format!("posedeck-windowed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("a.npy");
        std::fs::write(&path, &bytes).expect("write");
        let header = crate::formats::npy::parse_header(&bytes).expect("header");
        let file = File::open(&path).expect("open");
        let windowed = WindowedValues::new(file, header.data_offset, header.dtype, count);
        let mut run = vec![0.0_f32; 600];
        // A run that straddles the window boundary, then one before it (a refill backwards).
        windowed.decode_run(WINDOW - 300, &mut run);
        assert_eq!(run[0], values[WINDOW - 300]);
        assert_eq!(run[599], values[WINDOW + 299]);
        windowed.decode_run(10, &mut run);
        assert_eq!(run[0], 5.0);
        assert_eq!(windowed.value(count - 1), values[count - 1]);
        assert!(windowed.value(count).is_nan());
        windowed.decode_run(count - 2, &mut run);
        assert_eq!(run[1], values[count - 1]);
        assert!(run[2].is_nan());
        assert!(windowed.take_error().is_none());
        // The file reader and the in-memory reader build the same clip.
        let from_file = read_file(&path).expect("reads");
        let from_bytes = read(&bytes, Path::new(&path)).expect("reads");
        assert_eq!(from_file.poses, from_bytes.poses);
        assert_eq!(from_file.meta.warnings, from_bytes.meta.warnings);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
