//! The one pass over a ground-truth file: the top-level object's members, the `annotations`
//! and `images` arrays read compactly (each on two threads when it is large), `categories`
//! parsed by `serde` (it is small).
//!
//! A large array is split at an object boundary found by a resynchronising search (`}`, `,`,
//! `{` with only whitespace between) about half-way through the rest of the file: the second
//! thread scans from there to the array's end, while the first scans from the array's start
//! and must arrive exactly at that boundary, which proves it was one. The second thread hands
//! its items over as soon as the array ends (the first appends them) and goes on through the
//! members after the array (`images` after the annotations, or the annotations after COCO's
//! own `images`, themselves split again), so both cores stay busy to the end; duplicate keys
//! are checked when the two threads' results are joined. If the first arrives elsewhere (the
//! pattern was inside a string, or past the array), the second thread's work is dropped and
//! the first goes on alone.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, Ordering};

use super::images::Images;
use super::items::Scanned;
use super::scan::Cursor;
use super::window::{Stop, Walked, Window, walk_array};
use crate::formats::coco::document::Category;

/// Below this many bytes of annotations, one thread scans them.
const PARALLEL_MIN_BYTES: u64 = 4 << 20;

/// Where the second thread starts, in percent of the bytes from the annotations to the end:
/// the second thread reads everything after the split (the rest of the annotations and the
/// members after them), so the split aims at the middle of the rest.
const SPLIT_PERCENT: u64 = 50;

/// Bytes searched for a split point.
const SEARCH_BYTES: usize = 1 << 18;

/// What the pass found.
#[derive(Debug, Default)]
pub struct Found {
    /// The annotations (none when the key is absent).
    pub annotations: Scanned,
    /// The images; `None` when the key is absent or `null`.
    pub images: Option<Images>,
    /// The categories; `None` when the key is absent or `null`.
    pub categories: Option<Vec<Category>>,
}

/// The known keys, in the order of the `seen` flags.
const KNOWN: [Key; 3] = [Key::Annotations, Key::Images, Key::Categories];

/// Which known key a member has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Annotations,
    Images,
    Categories,
    Other,
}

/// Scans the ground-truth file `file` of `len` bytes.
///
/// # Errors
/// [`Stop::Odd`] for a file the fast pass does not read exactly as `serde` would (a results
/// list, broken JSON, a duplicate key...); [`Stop::Io`].
pub fn scan(file: &File, len: u64) -> Result<Found, Stop> {
    let mut window = Window::new(file, len);
    let ((), at) = window.run(0, |c, _| {
        if c.bytes.get(c.pos..)?.starts_with(b"\xEF\xBB\xBF") {
            c.pos += 3;
        }
        c.eat(b'{')
    })?;
    let mut found = Found::default();
    let mut seen = [false; 3];
    let (empty, next) = window.run(at, |c, _| Some(c.ws()? == b'}'))?;
    if empty {
        finish(&mut window, next + 1)?;
        return Ok(found);
    }
    let at = next_member(&mut window, at, &mut found, &mut seen)?;
    match at {
        Next::At(at) => rest(&mut window, at, &mut found, &mut seen)?,
        Next::Done => {}
    }
    Ok(found)
}

/// What follows a member's value.
enum Next {
    /// The next `,` or `}` is at this file offset.
    At(u64),
    /// The members after it were read already (by the annotations' second thread), through
    /// the end of the file.
    Done,
}

/// Reads the member whose key is at `at`, after checking it is not a duplicate.
fn next_member(
    window: &mut Window<'_>,
    at: u64,
    found: &mut Found,
    seen: &mut [bool; 3],
) -> Result<Next, Stop> {
    let (key, next) = window.run(at, |c, _| {
        let s = c.string()?;
        let key = match c.bytes.get(s.start..s.end)? {
            b"annotations" => Key::Annotations,
            b"images" => Key::Images,
            b"categories" => Key::Categories,
            _ if s.escaped => return None,
            _ => Key::Other,
        };
        c.eat(b':')?;
        Some(key)
    })?;
    if let Some(index) = KNOWN.iter().position(|k| *k == key) {
        if seen[index] {
            return Err(Stop::Odd);
        }
        seen[index] = true;
    }
    member(window, key, next, found, seen)
}

/// The members after a value that ends at `at`, through the object's `}` and the end of the
/// file.
fn rest(
    window: &mut Window<'_>,
    mut at: u64,
    found: &mut Found,
    seen: &mut [bool; 3],
) -> Result<(), Stop> {
    loop {
        let (end, next) = window.run(at, |c, _| {
            let b = c.ws()?;
            c.pos += 1;
            match b {
                b',' => Some(false),
                b'}' => Some(true),
                _ => None,
            }
        })?;
        if end {
            return finish(window, next);
        }
        match next_member(window, next, found, seen)? {
            Next::At(next) => at = next,
            Next::Done => return Ok(()),
        }
    }
}

/// Reads one member's value at `at`; returns what follows it.
fn member(
    window: &mut Window<'_>,
    key: Key,
    at: u64,
    found: &mut Found,
    seen: &mut [bool; 3],
) -> Result<Next, Stop> {
    let (first, at) = window
        .run(at, |c, base| {
            let b = c.ws()?;
            Some((b, base + c.pos as u64))
        })?
        .0;
    match (key, first) {
        (Key::Other, _) => Ok(Next::At(window.run(at, |c, _| c.skip_value())?.1)),
        (Key::Images | Key::Categories, b'n') => Ok(Next::At(window.run(at, |c, _| c.null())?.1)),
        (Key::Annotations, b'[') => {
            let (annotations, tail) = parallel_array::<Scanned>(window, at + 1)?;
            found.annotations = annotations;
            after_array(tail, found, seen)
        }
        (Key::Images, b'[') => {
            let (images, tail) = parallel_array::<Images>(window, at + 1)?;
            found.images = Some(images);
            after_array(tail, found, seen)
        }
        (Key::Categories, _) => {
            let (categories, end) = window.run(at, |c, _| {
                let start = c.pos;
                c.skip_value()?;
                serde_json::from_slice::<Vec<Category>>(c.bytes.get(start..c.pos)?)
                    .map_or(Some(Err(Stop::Odd)), |categories| Some(Ok(categories)))
            })?;
            found.categories = Some(categories?);
            Ok(Next::At(end))
        }
        _ => Err(Stop::Odd),
    }
}

/// After the closing `}`: only whitespace may follow.
fn finish(window: &mut Window<'_>, at: u64) -> Result<(), Stop> {
    let rest = window.file_len().saturating_sub(at);
    if rest > SEARCH_BYTES as u64 {
        return Err(Stop::Odd);
    }
    let ((), _) = window.run(at, |c, _| {
        let tail = c.bytes.get(c.pos..)?;
        (tail.len() as u64 == rest && tail.iter().all(u8::is_ascii_whitespace)).then_some(())
    })?;
    Ok(())
}

/// What follows a large array.
enum Tail {
    /// Its `]` ends before this file offset.
    At(u64),
    /// The members after it, read by the second thread through the end of the file, and
    /// which known keys they hold.
    Read(Box<Found>, [bool; 3]),
}

/// What follows an array read by [`parallel_array`]: the members the second thread read after
/// it are joined to `found` (a key seen twice is refused, as `serde` does).
fn after_array(tail: Tail, found: &mut Found, seen: &mut [bool; 3]) -> Result<Next, Stop> {
    let (after, after_seen) = match tail {
        Tail::At(end) => return Ok(Next::At(end)),
        Tail::Read(after, after_seen) => (after, after_seen),
    };
    for (index, was) in after_seen.iter().enumerate() {
        if *was && seen[index] {
            return Err(Stop::Odd);
        }
        seen[index] |= *was;
    }
    let after = *after;
    if after_seen[0] {
        found.annotations = after.annotations;
    }
    if after.images.is_some() {
        found.images = after.images;
    }
    if after.categories.is_some() {
        found.categories = after.categories;
    }
    Ok(Next::Done)
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
fn parallel_array<P: Part>(window: &mut Window<'_>, at: u64) -> Result<(P, Tail), Stop> {
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
