//! Flat lists of numbers (a person's keypoints, a box) read fast, and numbers read as
//! `serde_json` reads them.

use super::scan::{Cursor, is_ws};

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each byte of `word` that equals `byte` (exact, no false positives).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

fn trim(token: &[u8]) -> &[u8] {
    let start = token.iter().position(|b| !is_ws(*b)).unwrap_or(token.len());
    let end = token
        .iter()
        .rposition(|b| !is_ws(*b))
        .map_or(start, |e| e + 1);
    token.get(start..end).unwrap_or(&[])
}

impl<'a> Cursor<'a> {
    /// A flat list of numbers at the cursor, read fast: its end found by `memchr`, commas
    /// found eight bytes at a time, `third` called with every third item's bytes (trimmed);
    /// returns the item count. A list holding a string, a nested list or object, or an empty
    /// last item gives `None`; the other items' grammar is left to `serde_json` (see the
    /// module docs).
    pub fn flat_numbers(&mut self, mut third: impl FnMut(&'a [u8]) -> Option<()>) -> Option<usize> {
        self.eat(b'[')?;
        let bytes = self.bytes;
        let rest = bytes.get(self.pos..).unwrap_or(&[]);
        let Some(len) = memchr::memchr(b']', rest) else {
            self.end();
            return None;
        };
        let body = rest.get(..len)?;
        if memchr::memchr3(b'"', b'[', b'{', body).is_some() {
            return None;
        }
        let mut count = 0_usize;
        let mut phase = 0_u8;
        let mut token = 0;
        let mut base = 0;
        while base < body.len() {
            let word = if let Some(full) = body.get(base..base + 8) {
                u64::from_le_bytes(full.try_into().ok()?)
            } else {
                let mut word = [b' '; 8];
                for (w, b) in word.iter_mut().zip(body.get(base..).unwrap_or(&[])) {
                    *w = *b;
                }
                u64::from_le_bytes(word)
            };
            let mut commas = bytes_equal(word, b',');
            while commas != 0 {
                let at = base + (commas.trailing_zeros() / 8) as usize;
                commas &= commas - 1;
                if phase == 2 {
                    third(trim(body.get(token..at)?))?;
                    phase = 0;
                } else {
                    phase += 1;
                }
                count += 1;
                token = at + 1;
            }
            base += 8;
        }
        let last = trim(body.get(token..)?);
        if last.is_empty() {
            if count > 0 {
                return None;
            }
        } else {
            count += 1;
            if phase == 2 {
                third(last)?;
            }
        }
        self.pos += len + 1;
        Some(count)
    }
}

/// A number's value as `serde_json` reads it into an `f64` (`null` is NaN), or `None` when
/// `serde_json` would refuse it (out of range).
#[must_use]
#[inline]
pub fn number_value(token: &[u8]) -> Option<f64> {
    match token {
        b"null" => Some(f64::NAN),
        [d] | [d, b'.', b'0'] if d.is_ascii_digit() => Some(f64::from(d - b'0')),
        // Plain integers of up to 15 digits are exact in an f64.
        _ if token.len() <= 15 && token.iter().all(u8::is_ascii_digit) => Some(
            token
                .iter()
                .fold(0_u64, |v, d| v * 10 + u64::from(d - b'0')) as f64,
        ),
        _ => std::str::from_utf8(token)
            .ok()?
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text: &str) -> Cursor<'_> {
        Cursor::new(text.as_bytes(), 0)
    }

    #[test]
    fn flat_lists_give_every_third_item() {
        let mut thirds = Vec::new();
        let mut c = cursor("[ 1, 2e3 ,0.5, -4, 5, null , 7 ] ,");
        let count = c.flat_numbers(|t| {
            thirds.push(t);
            Some(())
        });
        assert_eq!(count, Some(7));
        assert_eq!(thirds, [&b"0.5"[..], b"null"]);
        assert_eq!(c.ws(), Some(b','));
        for bad in ["[1, \"x\"]", "[1, 2,,]", "[1, 2,]", "[[1]]", "[1, {}]"] {
            let mut c = cursor(bad);
            assert!(c.flat_numbers(|_| Some(())).is_none(), "{bad}");
        }
        assert_eq!(
            bytes_equal(u64::from_le_bytes(*b",a,,\x80\xac,b"), b','),
            0x0080_0000_8080_0080
        );
        let mut c = cursor(" [ ] ");
        assert_eq!(c.flat_numbers(|_| Some(())), Some(0));
        let mut c = cursor("[1, 2, 3");
        assert!(c.flat_numbers(|_| Some(())).is_none());
        assert!(c.hit_end);
    }

    #[test]
    fn numbers_read_as_serde_reads_them() {
        assert_eq!(number_value(b"2.0"), Some(2.0));
        assert_eq!(number_value(b"1280"), Some(1280.0));
        assert_eq!(number_value(b"0"), Some(0.0));
        assert_eq!(number_value(b"-2.5e1"), Some(-25.0));
        assert!(number_value(b"null").is_some_and(f64::is_nan));
        assert_eq!(number_value(b"1e400"), None, "serde_json refuses it");
    }
}
