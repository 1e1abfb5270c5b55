//! What the index keeps of each annotation: the fields the outline and its warnings
//! need, read by the [`Cursor`] without building the objects. Anything `serde_json` would read
//! differently (a duplicate field, an id of the wrong type, a string among the keypoints) makes
//! the scan give up (`None`) so the whole-file reader decides.

use super::flat::number_value;
use super::scan::Cursor;
use crate::formats::json_path::JsonId;

/// Marks "absent" in the `u32` fields of [`AnnotationItem`].
pub const NONE: u32 = u32::MAX;

/// [`AnnotationItem::flags`]: `iscrowd` is true.
pub const CROWD: u8 = 1;
/// [`AnnotationItem::flags`]: the image id is text, [`AnnotationItem::image`] indexes
/// [`Scanned::texts`].
pub const IMAGE_TEXT: u8 = 2;

/// Visibility code of one keypoint: the bucket (0, 1, 2, or 3 for anything else) in the low
/// bits, [`POSITIVE`] when `v > 0`.
pub const POSITIVE: u8 = 4;

/// One annotation, compactly (millions of them may be indexed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnnotationItem {
    /// File offset of its `{`.
    pub start: u64,
    /// Its length in bytes, through the `}`.
    pub len: u32,
    /// Number of values in `keypoints`, [`NONE`] when absent or `null`.
    pub keypoints_len: u32,
    /// The image id (or, with [`IMAGE_TEXT`], the index of its text).
    pub image: i64,
    /// `num_keypoints`, NaN when absent or `null`.
    pub num_keypoints: f64,
    /// Index of its `category_id` in [`Scanned::categories`], [`NONE`] when absent or `null`.
    pub category: u32,
    /// [`CROWD`], [`IMAGE_TEXT`].
    pub flags: u8,
}

/// What a scan of (part of) the `annotations` array found, in file order.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The annotations.
    pub items: Vec<AnnotationItem>,
    /// Visibility codes of every complete triple of every annotation's keypoints, in order.
    pub codes: Vec<u8>,
    /// Distinct category ids.
    pub categories: Vec<JsonId>,
    /// Text image ids.
    pub texts: Vec<String>,
    /// Track ids: annotation number (within this scan) and id.
    pub tracks: Vec<(u32, JsonId)>,
}

/// Known annotation keys, one bit each, to refuse duplicates as `serde` does.
const ANNOTATION_KEYS: [&[u8]; 8] = [
    b"id",
    b"image_id",
    b"category_id",
    b"keypoints",
    b"num_keypoints",
    b"iscrowd",
    b"bbox",
    b"track_id",
];

/// The bit of `key` among `keys`.
pub fn key_bit(keys: &[&[u8]], key: &[u8]) -> Option<u32> {
    let first = key.first()?;
    keys.iter()
        .position(|k| k.len() == key.len() && k.first() == Some(first) && *k == key)
        .and_then(|i| u32::try_from(i).ok())
}

/// An id (`serde` [`JsonId`] semantics) at the cursor.
pub fn id(c: &mut Cursor<'_>) -> Option<JsonId> {
    if c.ws()? == b'"' {
        let s = c.string()?;
        let raw = c.bytes.get(s.start - 1..=s.end)?;
        return if s.escaped {
            serde_json::from_slice::<String>(raw).ok().map(JsonId::Text)
        } else {
            let text = std::str::from_utf8(raw.get(1..raw.len() - 1)?).ok()?;
            Some(JsonId::Text(text.to_owned()))
        };
    }
    let token = c.number()?;
    let plain = token.len() <= 18 && token.iter().all(u8::is_ascii_digit);
    if plain {
        let value = token
            .iter()
            .fold(0_i64, |v, d| v * 10 + i64::from(d - b'0'));
        return Some(JsonId::Int(value));
    }
    serde_json::from_slice::<JsonId>(token).ok()
}

/// `null` (`Ok(None)`) or an id; `Err(())` for anything else.
fn optional_id(c: &mut Cursor<'_>) -> Result<Option<JsonId>, ()> {
    if c.null().ok_or(())? {
        Ok(None)
    } else {
        id(c).map(Some).ok_or(())
    }
}

/// `null` (NaN) or a number as an `f64`.
pub fn optional_f64(c: &mut Cursor<'_>) -> Option<f64> {
    if c.null()? {
        return Some(f64::NAN);
    }
    number_value(c.number()?)
}

/// `null`, `true`, `false` or a number, as `iscrowd` is read: `Some(flag)`.
fn flag(c: &mut Cursor<'_>) -> Option<bool> {
    match c.ws()? {
        b'n' => c.null().map(|_| false),
        b't' | b'f' => {
            let value = c.ws()? == b't';
            c.skip_value()?;
            Some(value)
        }
        _ => number_value(c.number()?).map(|v| v != 0.0),
    }
}

/// The visibility code of a keypoint's last value.
#[must_use]
pub fn code(v: f32) -> u8 {
    let bucket = if v.is_nan() || v < 0.0 {
        3
    } else {
        (v as u8).min(3)
    };
    bucket | if v > 0.0 { POSITIVE } else { 0 }
}

/// The visibility code of a keypoint's last value from its bytes (as [`code`] of its value),
/// without converting the usual one-digit values (`2`, `2.0`) to floating point; `None` when
/// `serde_json` would refuse the number.
#[must_use]
#[inline]
pub fn token_code(token: &[u8]) -> Option<u8> {
    match token {
        [d] | [d, b'.', b'0'] if d.is_ascii_digit() => {
            let v = d - b'0';
            Some(v.min(3) | if v > 0 { POSITIVE } else { 0 })
        }
        _ => Some(code(number_value(token)? as f32)),
    }
}

impl Scanned {
    /// Reads the annotation object at the cursor (file offset `base` + cursor position).
    pub fn annotation(&mut self, c: &mut Cursor<'_>, base: u64) -> Option<()> {
        c.ws()?;
        let start = c.pos;
        let codes_before = self.codes.len();
        let mut seen = 0_u32;
        let mut image = None;
        let mut item = AnnotationItem {
            start: base + start as u64,
            len: 0,
            keypoints_len: NONE,
            image: 0,
            num_keypoints: f64::NAN,
            category: NONE,
            flags: 0,
        };
        let mut track = None;
        let mut category_id = None;
        let codes = &mut self.codes;
        let found = c.object(|key, c| {
            let Some(bit) = key_bit(&ANNOTATION_KEYS, key) else {
                return c.skip_value();
            };
            if seen & (1 << bit) != 0 {
                return None;
            }
            seen |= 1 << bit;
            match bit {
                0 => optional_id(c).ok().map(|_| ()),
                1 => id(c).map(|id| image = Some(id)),
                2 => optional_id(c).ok().map(|id| category_id = id),
                3 => {
                    if c.null()? {
                        return Some(());
                    }
                    let len = c.flat_numbers(|token| {
                        codes.push(token_code(token)?);
                        Some(())
                    })?;
                    item.keypoints_len = u32::try_from(len).ok()?;
                    Some(())
                }
                4 => optional_f64(c).map(|v| item.num_keypoints = v),
                5 => flag(c).map(|crowd| {
                    if crowd {
                        item.flags |= CROWD;
                    }
                }),
                6 => {
                    if c.null()? {
                        return Some(());
                    }
                    c.flat_numbers(|_| Some(())).map(|_| ())
                }
                _ => optional_id(c).ok().map(|id| track = id),
            }
        });
        if found.is_none() {
            self.codes.truncate(codes_before);
            return None;
        }
        let image = image?;
        item.len = u32::try_from(c.pos - start).ok()?;
        match image {
            JsonId::Int(v) => item.image = v,
            JsonId::Text(text) => {
                item.image = i64::try_from(self.texts.len()).ok()?;
                item.flags |= IMAGE_TEXT;
                self.texts.push(text);
            }
        }
        if let Some(category) = category_id {
            item.category = self.category_index(category)?;
        }
        if let Some(track) = track {
            self.tracks
                .push((u32::try_from(self.items.len()).ok()?, track));
        }
        self.items.push(item);
        Some(())
    }

    fn category_index(&mut self, id: JsonId) -> Option<u32> {
        let index = if let Some(index) = self.categories.iter().position(|c| *c == id) {
            index
        } else {
            self.categories.push(id);
            self.categories.len() - 1
        };
        u32::try_from(index).ok().filter(|&i| i != NONE)
    }

    /// The image id of `item`.
    #[must_use]
    pub fn image_id(&self, item: &AnnotationItem) -> JsonId {
        if item.flags & IMAGE_TEXT == 0 {
            JsonId::Int(item.image)
        } else {
            let text = usize::try_from(item.image)
                .ok()
                .and_then(|i| self.texts.get(i));
            JsonId::Text(text.cloned().unwrap_or_default())
        }
    }

    /// Appends `other` (the scan of the annotations after these).
    pub fn append(&mut self, other: Self) {
        let first = u32::try_from(self.items.len()).unwrap_or(NONE);
        let texts = i64::try_from(self.texts.len()).unwrap_or(0);
        let remap: Vec<u32> = other
            .categories
            .into_iter()
            .map(|id| self.category_index(id).unwrap_or(NONE))
            .collect();
        self.items.extend(other.items.into_iter().map(|mut item| {
            if item.category != NONE {
                item.category = remap.get(item.category as usize).copied().unwrap_or(NONE);
            }
            if item.flags & IMAGE_TEXT != 0 {
                item.image += texts;
            }
            item
        }));
        self.codes.extend(other.codes);
        self.texts.extend(other.texts);
        self.tracks.extend(
            other
                .tracks
                .into_iter()
                .map(|(i, id)| (i.saturating_add(first), id)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Option<Scanned> {
        let mut scanned = Scanned::default();
        let mut c = Cursor::new(text.as_bytes(), 0);
        scanned.annotation(&mut c, 100)?;
        Some(scanned)
    }

    #[test]
    fn an_annotation_keeps_what_the_outline_needs() {
        let text = r#"{"segmentation": [[1, 2e3, 3]], "keypoints": [1, 2, 2, 3, 4, 0.5, 5, 6, -1],
            "image_id": "a", "category_id": 7, "iscrowd": true, "num_keypoints": 2,
            "track_id": 3, "bbox": [1, 2, 3, null], "id": 9} ,"#;
        let s = scan(text).expect("scans");
        let item = s.items[0];
        assert_eq!(item.start, 100);
        assert_eq!(item.len as usize, text.rfind('}').expect("end") + 1);
        assert_eq!(item.keypoints_len, 9);
        assert_eq!(s.codes, vec![2 | POSITIVE, POSITIVE, 3]);
        assert_eq!(s.image_id(&item), JsonId::Text("a".into()));
        assert_eq!(s.categories, vec![JsonId::Int(7)]);
        assert_eq!(item.flags & CROWD, CROWD);
        assert_eq!(item.num_keypoints.to_bits(), 2.0_f64.to_bits());
        assert_eq!(s.tracks, vec![(0, JsonId::Int(3))]);
    }

    #[test]
    fn token_codes_are_the_codes_of_the_values() {
        for token in [
            "0", "1", "2", "3", "9", "0.0", "2.0", "7.0", "-1", "-0", "0.5", "2.5", "1e1", "null",
        ] {
            let value = number_value(token.as_bytes()).expect("number") as f32;
            assert_eq!(token_code(token.as_bytes()), Some(code(value)), "{token}");
        }
        assert_eq!(token_code(b"1e999"), None);
    }

    #[test]
    fn what_serde_would_refuse_stops_the_scan() {
        assert!(scan(r#"{"category_id": 1}"#).is_none(), "no image_id");
        assert!(
            scan(r#"{"image_id": 1, "image_id": 2}"#).is_none(),
            "duplicate"
        );
        assert!(scan(r#"{"image_id": 1, "keypoints": [1, "x", 2]}"#).is_none());
        assert!(scan(r#"{"image_id": [1]}"#).is_none());
        assert!(scan(r#"{"image_id": 1.5}"#).is_none());
        assert!(scan(r#"{"image_id": 1, "keypoints": [1, 2, 1e999]}"#).is_none());
        let s = scan(r#"{"image_id": 7.0, "keypoints": null, "iscrowd": null} "#).expect("ok");
        assert_eq!(s.items[0].image, 7);
        assert_eq!(s.items[0].keypoints_len, NONE);
        assert!(s.codes.is_empty());
    }

    #[test]
    fn appending_scans_renumbers() {
        let mut first = scan(r#"{"image_id": "x", "category_id": 2} "#).expect("first");
        let second =
            scan(r#"{"image_id": "y", "category_id": 1, "track_id": "t"} "#).expect("second");
        first.append(second);
        assert_eq!(first.items[1].category, 1);
        assert_eq!(first.image_id(&first.items[1]), JsonId::Text("y".into()));
        assert_eq!(first.tracks, vec![(1, JsonId::Text("t".into()))]);
    }
}
