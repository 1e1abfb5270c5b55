//! A large array of the pass read on two threads: split at an object boundary found by a
//! resynchronising search (`}`, `,`, `{` with only whitespace between) about half-way through
//! the rest of the file. The second thread scans from there to the array's end, while the
//! first scans from the array's start and must arrive exactly at that boundary, which proves it
//! was one. The second thread hands its items over as soon as the array ends (the first appends
//! them) and goes on through the members after the array, so both cores stay busy to the end.
//! If the first arrives elsewhere (the pattern was inside a string, or past the array), the
//! second thread's work is dropped and the first goes on alone.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, Ordering};

use super::images::Images;
use super::items::Scanned;
use super::scan::Cursor;
use super::toplevel::{Found, SEARCH_BYTES, rest};
use super::window::{Stop, Walked, Window, walk_array};

/// Below this many bytes of annotations, one thread scans them.
const PARALLEL_MIN_BYTES: u64 = 4 << 20;

/// Where the second thread starts, in percent of the bytes from the annotations to the end:
/// the second thread reads everything after the split (the rest of the annotations and the
/// members after them), so the split aims at the middle of the rest.
const SPLIT_PERCENT: u64 = 50;

/// What follows a large array.
pub enum Tail {
    /// Its `]` ends before this file offset.
    At(u64),
    /// The members after it, read by the second thread through the end of the file, and
    /// which known keys they hold.
    Read(Box<Found>, [bool; 3]),
}

/// The items of a large array, read compactly: annotations or images.
pub trait Part: Default + Send {
    /// Which known key holds the array.
    const KEY: usize;
    /// Reads the item at the cursor (file offset `base` + cursor position).
    fn item(&mut self, c: &mut Cursor<'_>, base: u64) -> Option<()>;
    /// Appends `other`, the items after these.
    fn append(&mut self, other: Self);
}

impl Part for Scanned {
    const KEY: usize = 0;
    fn item(&mut self, c: &mut Cursor<'_>, base: u64) -> Option<()> {
        self.annotation(c, base)
    }
    fn append(&mut self, other: Self) {
        Scanned::append(self, other);
    }
}

impl Part for Images {
    const KEY: usize = 1;
    fn item(&mut self, c: &mut Cursor<'_>, base: u64) -> Option<()> {
        self.image(c, base)
    }
    fn append(&mut self, other: Self) {
        Images::append(self, other);
    }
}

/// Reads the array whose items start at `at` (after its `[`); returns them and what follows.
/// Two threads when it is large and a split point is found: the second reads from the split
/// to the array's end and on through the members after it, so that both cores stay busy to
/// the end; it hands over its items as soon as the array ends, and the first thread appends
/// them while the second reads on.
pub fn parallel_array<P: Part>(window: &mut Window<'_>, at: u64) -> Result<(P, Tail), Stop> {
    let file = window.file();
    let len = window.file_len();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let split = if cores > 1 && len - at >= PARALLEL_MIN_BYTES {
        split_point(file, at + (len - at) / 100 * SPLIT_PERCENT).map_err(Stop::Io)?
    } else {
        None
    };
    let never = || false;
    let Some(split) = split else {
        return walk_alone(window, at);
    };
    let mut first = P::default();
    let cancel = AtomicBool::new(false);
    let (send, receive) = std::sync::mpsc::sync_channel(1);
    std::thread::scope(|scope| {
        let cancel = &cancel;
        let second = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut window = Window::new(file, len);
            let mut items = P::default();
            let cancelled = || cancel.load(Ordering::Relaxed);
            let walked = walk_array(&mut window, split, false, None, &cancelled, |c, base| {
                items.item(c, base)
            })?;
            let Walked::End(end) = walked else {
                return Err(Stop::Odd);
            };
            // A failed send means the first thread gave up: nothing to hand over.
            let _ = send.send(items);
            let mut after = Found::default();
            let mut seen = [false; 3];
            seen[P::KEY] = true;
            rest(&mut window, end, &mut after, &mut seen)?;
            seen[P::KEY] = false;
            Ok((after, seen))
        });
        let Ok(second) = second else {
            // No second thread: this one reads the whole array.
            return walk_alone(window, at);
        };
        let walked = walk_array(window, at, true, Some(split), &never, |c, base| {
            first.item(c, base)
        });
        let reached = matches!(walked, Ok(Walked::Reached));
        if reached && let Ok(items) = receive.recv() {
            first.append(items);
        } else {
            cancel.store(true, Ordering::Relaxed);
        }
        let second = second.join().map_err(|_| Stop::Odd);
        match walked? {
            Walked::End(end) => Ok((first, Tail::At(end))),
            Walked::Reached => {
                let (after, seen) = second??;
                Ok((first, Tail::Read(Box::new(after), seen)))
            }
        }
    })
}

/// The items of the array whose items start at `at` (after its `[`), read on this thread.
fn walk_alone<P: Part>(window: &mut Window<'_>, at: u64) -> Result<(P, Tail), Stop> {
    let mut items = P::default();
    let walked = walk_array(window, at, true, None, &|| false, |c, base| {
        items.item(c, base)
    })?;
    match walked {
        Walked::End(end) => Ok((items, Tail::At(end))),
        Walked::Reached => Err(Stop::Odd),
    }
}

/// The first offset at or after `from` that looks like the start of an array item of objects:
/// a `{` after `,` after `}`, with whitespace only between.
fn split_point(file: &File, from: u64) -> std::io::Result<Option<u64>> {
    let mut buf = vec![0; SEARCH_BYTES];
    let read = file.read_at(&mut buf, from)?;
    buf.truncate(read);
    let before = |mut i: usize| {
        while i > 0 && buf[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i.checked_sub(1).map(|j| (j, buf[j]))
    };
    for (i, _) in buf.iter().enumerate().filter(|(_, b)| **b == b'{') {
        if let Some((comma, b',')) = before(i)
            && let Some((_, b'}')) = before(comma)
        {
            return Ok(Some(from + i as u64));
        }
    }
    Ok(None)
}
