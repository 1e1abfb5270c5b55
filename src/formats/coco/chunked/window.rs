//! The file scanned a window at a time: each window is a read-only map of a few megabytes of
//! the file (no copy out of the page cache), unmapped when the window moves on, so a 240 MB file
//! is scanned with a few megabytes of memory and only the current windows' pages count in the
//! process's memory. When the system refuses a map, the window is read (`read_at`) into a
//! reused buffer instead.
//!
//! A scan step runs on a [`Cursor`] over the window; when it stops because the window ended,
//! the window is moved to where the step began (and grown when one step needs more than the
//! whole window) and the step runs again. Steps must therefore change nothing when they fail.

use std::fs::File;
use std::os::unix::fs::FileExt;

use memmap2::Mmap;

use super::scan::Cursor;
use crate::formats::mapped::map_range;

/// Bytes a window holds at first.
pub const WINDOW_BYTES: usize = 4 << 20;

/// Why a scan stopped early.
#[derive(Debug)]
pub enum Stop {
    /// Something the fast index does not read as `serde` would: the whole-file reader decides.
    Odd,
    /// The file could not be read.
    Io(std::io::Error),
}

/// A window of a file.
#[derive(Debug)]
pub struct Window<'f> {
    file: &'f File,
    file_len: u64,
    /// File offset of the window's first byte.
    start: u64,
    /// The window, when it is mapped.
    map: Option<Mmap>,
    /// The window, when it was read (the map is `None`).
    buf: Vec<u8>,
    capacity: usize,
}

impl<'f> Window<'f> {
    /// An empty window on `file` of `file_len` bytes.
    #[must_use]
    pub fn new(file: &'f File, file_len: u64) -> Self {
        Self {
            file,
            file_len,
            start: 0,
            map: None,
            buf: Vec::new(),
            capacity: WINDOW_BYTES,
        }
    }

    /// The file.
    #[must_use]
    pub fn file(&self) -> &'f File {
        self.file
    }

    /// The file's length.
    #[must_use]
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or(&self.buf)
    }

    fn at_eof(&self) -> bool {
        self.start + self.bytes().len() as u64 >= self.file_len
    }

    fn fill(&mut self, from: u64) -> Result<(), Stop> {
        let want = usize::try_from(self.file_len.saturating_sub(from))
            .unwrap_or(usize::MAX)
            .min(self.capacity);
        self.start = from;
        // Unmap the last window before mapping the next: only one counts in memory.
        self.map = None;
        self.map = map_range(self.file, from, want).filter(|map| map.len() == want);
        if self.map.is_some() {
            self.buf = Vec::new();
            return Ok(());
        }
        self.buf.resize(want, 0);
        let mut done = 0;
        while done < want {
            let read = self
                .file
                .read_at(&mut self.buf[done..], from + done as u64)
                .map_err(Stop::Io)?;
            if read == 0 {
                self.buf.truncate(done);
                break;
            }
            done += read;
        }
        Ok(())
    }

    /// Runs `step` on a cursor at file offset `at`; returns its value and the file offset it
    /// stopped at. Moves or grows the window and runs `step` again while it stops for want of
    /// bytes.
    ///
    /// # Errors
    /// [`Stop::Odd`] when `step` fails with the bytes it needs in the window; [`Stop::Io`].
    pub fn run<T>(
        &mut self,
        at: u64,
        mut step: impl FnMut(&mut Cursor<'_>, u64) -> Option<T>,
    ) -> Result<(T, u64), Stop> {
        loop {
            let inside = at >= self.start && at < self.start + self.bytes().len() as u64;
            if !inside {
                self.fill(at)?;
            }
            let offset = usize::try_from(at - self.start).map_err(|_| Stop::Odd)?;
            let mut cursor = Cursor::new(self.bytes(), offset);
            if let Some(value) = step(&mut cursor, self.start) {
                return Ok((value, self.start + cursor.pos as u64));
            }
            if !cursor.hit_end || self.at_eof() {
                return Err(Stop::Odd);
            }
            if offset == 0 {
                self.capacity = self.capacity.saturating_mul(2);
            }
            self.fill(at)?;
        }
    }
}

/// How an array walk ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Walked {
    /// At the array's `]`: the file offset after it.
    End(u64),
    /// At an item starting exactly at the offset asked for.
    Reached,
}

/// Walks the items of an array, from file offset `at` (after its `[` when `first`, else at an
/// item), calling `item` on each; stops at the `]`, or at an item that starts at `stop` (when
/// an item starts past `stop`, `stop` is forgotten), or with [`Stop::Odd`] when `cancelled()`.
///
/// # Errors
/// As [`Window::run`].
pub fn walk_array(
    window: &mut Window<'_>,
    mut at: u64,
    mut first: bool,
    mut stop: Option<u64>,
    cancelled: &dyn Fn() -> bool,
    mut item: impl FnMut(&mut Cursor<'_>, u64) -> Option<()>,
) -> Result<Walked, Stop> {
    if first {
        let (empty, next) = window.run(at, |c, _| {
            if c.ws()? == b']' {
                c.pos += 1;
                Some(true)
            } else {
                Some(false)
            }
        })?;
        if empty {
            return Ok(Walked::End(next));
        }
        at = next;
        first = false;
    }
    debug_assert!(!first);
    loop {
        let (start, next) = window.run(at, |c, base| c.ws().map(|_| base + c.pos as u64))?;
        if let Some(s) = stop {
            if start == s {
                return Ok(Walked::Reached);
            }
            if start > s {
                stop = None;
            }
        }
        if cancelled() {
            return Err(Stop::Odd);
        }
        let ((), after) = window.run(next, &mut item)?;
        let (end, after) = window.run(after, |c, _| match c.ws()? {
            b',' => {
                c.pos += 1;
                Some(false)
            }
            b']' => {
                c.pos += 1;
                Some(true)
            }
            _ => None,
        })?;
        if end {
            return Ok(Walked::End(after));
        }
        at = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_across_window_ends_are_read_again_whole() {
        let dir = std::env::temp_dir().join(format!("posedeck-window-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("a.json");
        let items: Vec<String> = (0..2000)
            .map(|i| format!("[{i}, \"{}\"]", "x".repeat(i % 700)))
            .collect();
        let text = format!("[{}] ", items.join(" , "));
        std::fs::write(&path, &text).expect("write");
        let file = File::open(&path).expect("open");
        let mut window = Window::new(&file, text.len() as u64);
        window.capacity = 1000;
        let mut seen = Vec::new();
        let walked = walk_array(&mut window, 1, true, None, &|| false, |c, _| {
            c.eat(b'[')?;
            let n = c.number()?;
            c.eat(b',')?;
            c.string()?;
            c.eat(b']')?;
            seen.push(String::from_utf8_lossy(n).into_owned());
            Some(())
        })
        .expect("walks");
        assert_eq!(walked, Walked::End(text.len() as u64 - 1));
        assert_eq!(seen.len(), 2000);
        assert_eq!(seen[1999], "1999");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
