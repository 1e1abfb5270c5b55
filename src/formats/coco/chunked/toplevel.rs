//! The one pass over a ground-truth file: the top-level object's members, the `annotations`
//! and `images` arrays read compactly (each on two threads when it is large, see
//! [`super::parallel`]: `images` after the annotations, or the annotations after COCO's own
//! `images`), `categories` parsed by `serde` (it is small). Duplicate keys are refused as
//! `serde` does, also when the second thread of a large array read the members after it.

use std::fs::File;

use super::images::Images;
use super::items::Scanned;
use super::parallel::{Tail, parallel_array};
use super::window::{Stop, Window};
use crate::formats::coco::document::Category;

/// Bytes searched for a split point, and the most whitespace allowed after the object.
pub const SEARCH_BYTES: usize = 1 << 18;

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
pub enum Next {
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
pub fn rest(
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
