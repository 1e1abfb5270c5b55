//! What the index keeps of each entry of `images`: its id, where its file name is (read again
//! only for the frames the details list) and what the details say of the sizes.

use super::items::{IMAGE_TEXT, id, optional_f64};
use super::scan::Cursor;
use crate::formats::json_path::JsonId;

/// One entry of `images`, compactly: its id and where its file name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageItem {
    /// The id (or, with [`IMAGE_TEXT`] in `flags`, the index of its text in the list).
    pub id: i64,
    /// File offset of the file name's opening quote; [`u64::MAX`] when there is none.
    pub name_at: u64,
    /// Length of the file name in bytes, quotes included.
    pub name_len: u32,
    /// [`IMAGE_TEXT`].
    pub flags: u8,
}

/// The images, compactly, and what the details say of their sizes.
#[derive(Debug, Default)]
pub struct Images {
    /// The images, in file order.
    pub items: Vec<ImageItem>,
    /// Text ids.
    pub texts: Vec<String>,
    /// The first size with both width and height, and whether every such size equals it.
    pub first_size: Option<((f64, f64), bool)>,
}

/// Known image keys.
const IMAGE_KEYS: [&[u8]; 4] = [b"id", b"file_name", b"width", b"height"];

impl Images {
    /// The id of `item`.
    #[must_use]
    pub fn id(&self, item: &ImageItem) -> JsonId {
        if item.flags & IMAGE_TEXT == 0 {
            JsonId::Int(item.id)
        } else {
            let text = usize::try_from(item.id)
                .ok()
                .and_then(|i| self.texts.get(i));
            JsonId::Text(text.cloned().unwrap_or_default())
        }
    }

    /// Reads the image object at the cursor (file offset `base` + cursor position).
    pub fn image(&mut self, c: &mut Cursor<'_>, base: u64) -> Option<()> {
        let mut seen = 0_u32;
        let mut id_found = None;
        let mut name = (u64::MAX, 0_u32);
        let mut size = (None, None);
        c.object(|key, c| {
            let Some(bit) = super::items::key_bit(&IMAGE_KEYS, key) else {
                return c.skip_value();
            };
            if seen & (1 << bit) != 0 {
                return None;
            }
            seen |= 1 << bit;
            match bit {
                0 => id(c).map(|id| id_found = Some(id)),
                1 => {
                    if c.null()? {
                        return Some(());
                    }
                    let s = c.string()?;
                    let raw = c.bytes.get(s.start - 1..=s.end)?;
                    if s.escaped {
                        serde_json::from_slice::<String>(raw).ok()?;
                    } else {
                        std::str::from_utf8(raw).ok()?;
                    }
                    name = (base + (s.start - 1) as u64, u32::try_from(raw.len()).ok()?);
                    Some(())
                }
                2 => optional_f64(c).map(|v| size.0 = Some(v).filter(|v| !v.is_nan())),
                _ => optional_f64(c).map(|v| size.1 = Some(v).filter(|v| !v.is_nan())),
            }
        })?;
        let mut item = ImageItem {
            id: 0,
            name_at: name.0,
            name_len: name.1,
            flags: 0,
        };
        match id_found? {
            JsonId::Int(v) => item.id = v,
            JsonId::Text(text) => {
                item.id = i64::try_from(self.texts.len()).ok()?;
                item.flags |= IMAGE_TEXT;
                self.texts.push(text);
            }
        }
        if let (Some(w), Some(h)) = size {
            match &mut self.first_size {
                None => self.first_size = Some(((w, h), true)),
                Some((first, same)) => *same &= *first == (w, h),
            }
        }
        self.items.push(item);
        Some(())
    }

    /// Appends `other`, the images after these.
    pub fn append(&mut self, other: Self) {
        let texts = i64::try_from(self.texts.len()).unwrap_or(0);
        self.items.extend(other.items.into_iter().map(|mut item| {
            if item.flags & IMAGE_TEXT != 0 {
                item.id += texts;
            }
            item
        }));
        self.texts.extend(other.texts);
        self.first_size = match (self.first_size, other.first_size) {
            (None, later) => later,
            (Some(first), None) => Some(first),
            (Some((first, same)), Some((later, later_same))) => {
                Some((first, same && later_same && first == later))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_keep_ids_names_and_sizes() {
        let text = r#"{"file_name": "a\u00e9.jpg", "id": 3, "width": 640, "height": null},
            {"id": "b", "width": 640, "height": 480} {"id": 4, "width": 64, "height": 48} "#;
        let mut images = Images::default();
        let mut c = Cursor::new(text.as_bytes(), 0);
        images.image(&mut c, 10).expect("image");
        let first = images.items[0];
        assert_eq!((first.name_at, first.name_len), (24, 13));
        assert_eq!(images.id(&first), JsonId::Int(3));
        assert_eq!(images.first_size, None, "no height");
        c.eat(b',').expect("comma");
        images.image(&mut c, 10).expect("image");
        assert_eq!(images.id(&images.items[1]), JsonId::Text("b".into()));
        assert_eq!(images.first_size, Some(((640.0, 480.0), true)));
        images.image(&mut c, 10).expect("image");
        assert_eq!(images.first_size, Some(((640.0, 480.0), false)));
    }

    #[test]
    fn appending_images_renumbers_text_ids_and_joins_sizes() {
        let read = |text: &str| {
            let mut images = Images::default();
            let mut c = Cursor::new(text.as_bytes(), 0);
            images.image(&mut c, 0).expect("image");
            images
        };
        let mut first = read(r#"{"id": "a", "width": 640, "height": 480} "#);
        first.append(read(r#"{"id": "b", "width": 640, "height": 480} "#));
        assert_eq!(first.id(&first.items[1]), JsonId::Text("b".into()));
        assert_eq!(first.first_size, Some(((640.0, 480.0), true)));
        first.append(read(r#"{"id": 7, "width": 64, "height": 48} "#));
        assert_eq!(first.id(&first.items[2]), JsonId::Int(7));
        assert_eq!(first.first_size, Some(((640.0, 480.0), false)));
        let mut none = read(r#"{"id": 1} "#);
        none.append(read(r#"{"id": 2, "width": 64, "height": 48} "#));
        assert_eq!(none.first_size, Some(((64.0, 48.0), true)));
    }
}
