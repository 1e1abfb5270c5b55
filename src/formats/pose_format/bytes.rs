//! A little-endian byte reader that knows its offset, so every error can name the byte where
//! the problem is.

use std::path::Path;

use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Reads little-endian values from a byte slice, front to back.
#[derive(Debug)]
pub(super) struct ByteReader<'a> {
    bytes: &'a [u8],
    offset: usize,
    path: &'a Path,
}

impl<'a> ByteReader<'a> {
    /// A reader at the start of `bytes`, the content of `path`.
    pub(super) fn new(bytes: &'a [u8], path: &'a Path) -> Self {
        Self {
            bytes,
            offset: 0,
            path,
        }
    }

    /// The offset of the next byte to read.
    pub(super) fn offset(&self) -> usize {
        self.offset
    }

    /// How many bytes are left after the current offset.
    pub(super) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.offset)
    }

    /// A parse error at `offset`.
    pub(super) fn error_at(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::parse(
            self.path,
            FormatId::Pose,
            Location::Byte(offset as u64),
            message,
        )
    }

    /// The next `count` bytes, or a "truncated" error naming `what` was being read.
    pub(super) fn take(&mut self, count: usize, what: &str) -> Result<&'a [u8], LoadError> {
        let end = self.offset.checked_add(count);
        let Some(slice) = end.and_then(|end| self.bytes.get(self.offset..end)) else {
            return Err(self.error_at(
                self.offset,
                format!(
                    "truncated: {what} needs {count} bytes but only {} remain",
                    self.remaining()
                ),
            ));
        };
        self.offset += count;
        Ok(slice)
    }

    /// Checks that `count` items of `item_bytes` bytes each can still follow, before anything
    /// is allocated for them.
    pub(super) fn expect_items(
        &self,
        count: usize,
        item_bytes: usize,
        what: &str,
    ) -> Result<(), LoadError> {
        match count.checked_mul(item_bytes) {
            Some(need) if need <= self.remaining() => Ok(()),
            _ => Err(self.error_at(
                self.offset,
                format!(
                    "truncated or wrong count: the header claims {count} {what} ({item_bytes} \
                     bytes or more each) but only {} bytes remain",
                    self.remaining()
                ),
            )),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], LoadError> {
        let slice = self.take(N, what)?;
        let mut out = [0_u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    /// A little-endian `u16`.
    pub(super) fn u16(&mut self, what: &str) -> Result<u16, LoadError> {
        self.array(what).map(u16::from_le_bytes)
    }

    /// A little-endian `u32`.
    pub(super) fn u32(&mut self, what: &str) -> Result<u32, LoadError> {
        self.array(what).map(u32::from_le_bytes)
    }

    /// A little-endian `f32`.
    pub(super) fn f32(&mut self, what: &str) -> Result<f32, LoadError> {
        self.array(what).map(f32::from_le_bytes)
    }

    /// A string: `u16` byte length, then UTF-8 bytes. Invalid UTF-8 is replaced (and reported
    /// through `lossy`).
    pub(super) fn string(&mut self, what: &str, lossy: &mut bool) -> Result<String, LoadError> {
        let length = self.u16(what)?;
        let bytes = self.take(usize::from(length), what)?;
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(text.to_owned());
        }
        *lossy = true;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Little-endian `f32` values of a byte slice (a trailing partial value is ignored).
pub(super) fn f32_values(bytes: &[u8]) -> impl Iterator<Item = f32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_and_reports_truncation_offsets() {
        let bytes = [0x02, 0x00, b'h', b'i', 0x00, 0x00, 0x80, 0x3f, 0x07];
        let path = Path::new("t.pose");
        let mut r = ByteReader::new(&bytes, path);
        let mut lossy = false;
        assert_eq!(r.string("name", &mut lossy).ok().as_deref(), Some("hi"));
        assert!(!lossy);
        assert_eq!(r.f32("value").ok(), Some(1.0));
        assert_eq!(r.offset(), 8);
        let err = r.u16("count").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("t.pose: pose-format byte 8: truncated: count needs 2 bytes but only 1 remain")
        );
        assert!(r.expect_items(usize::MAX, 4, "points").is_err());
        assert!(r.expect_items(1, 1, "points").is_ok());
        let floats: Vec<f32> = f32_values(&[0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 9]).collect();
        assert_eq!(floats, vec![1.0, 2.0]);
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let bytes = [0x01, 0x00, 0xff];
        let mut r = ByteReader::new(&bytes, Path::new("t.pose"));
        let mut lossy = false;
        assert_eq!(
            r.string("name", &mut lossy).ok().as_deref(),
            Some("\u{fffd}")
        );
        assert!(lossy);
    }
}
