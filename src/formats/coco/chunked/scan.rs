//! A JSON cursor that finds structure without building values: where a string, number, array or
//! object starts and ends, with whole values skipped by `memchr` jumps between the only bytes
//! that matter inside them (brackets and quotes), not byte by byte.
//!
//! It checks the grammar of what the index reads (keys, ids, numbers of `keypoints`) but not of
//! the values it skips (a polygon's numbers): those are checked by `serde_json` when the chunk
//! holding them is parsed. Every method returns `None` at anything it does not expect; when
//! that happened because the bytes ran out, [`Cursor::hit_end`] is set, so a caller reading the
//! file in windows can read further and try again.

/// A position in a window of JSON bytes.
#[derive(Debug)]
pub struct Cursor<'a> {
    /// The window.
    pub bytes: &'a [u8],
    /// The next byte to look at.
    pub pos: usize,
    /// True once a method stopped because the window ended.
    pub hit_end: bool,
}

/// A string's content, between its quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str {
    /// First byte after the opening quote.
    pub start: usize,
    /// The closing quote.
    pub end: usize,
    /// True when the content holds a backslash escape.
    pub escaped: bool,
}

/// JSON whitespace.
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

impl<'a> Cursor<'a> {
    /// A cursor at `pos` of `bytes`.
    #[must_use]
    pub fn new(bytes: &'a [u8], pos: usize) -> Self {
        Self {
            bytes,
            pos,
            hit_end: false,
        }
    }

    /// Notes that the window ended; `None`.
    pub fn end(&mut self) -> Option<u8> {
        self.hit_end = true;
        None
    }

    /// Skips whitespace and returns the next byte (not consumed).
    pub fn ws(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !is_ws(b) {
                return Some(b);
            }
            self.pos += 1;
        }
        self.end()
    }

    /// Skips whitespace and consumes `want`.
    pub fn eat(&mut self, want: u8) -> Option<()> {
        (self.ws()? == want).then(|| self.pos += 1)
    }

    /// A string at the cursor (after whitespace), consumed.
    pub fn string(&mut self) -> Option<Str> {
        if self.ws()? != b'"' {
            return None;
        }
        let start = self.pos + 1;
        // Keys and ids are short: look at a few bytes before calling `memchr`.
        if let Some(head) = self.bytes.get(start..(start + 16).min(self.bytes.len())) {
            for (i, &b) in head.iter().enumerate() {
                if b == b'\\' {
                    break;
                }
                if b == b'"' {
                    self.pos = start + i + 1;
                    return Some(Str {
                        start,
                        end: start + i,
                        escaped: false,
                    });
                }
            }
        }
        let mut at = start;
        let mut escaped = false;
        loop {
            let Some(found) = self
                .bytes
                .get(at..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
            else {
                self.end();
                return None;
            };
            at += found;
            if self.bytes.get(at) == Some(&b'"') {
                self.pos = at + 1;
                return Some(Str {
                    start,
                    end: at,
                    escaped,
                });
            }
            escaped = true;
            at += 2;
        }
    }

    /// A number at the cursor (after whitespace), checked against the JSON grammar and
    /// followed by a delimiter; returns its bytes.
    pub fn number(&mut self) -> Option<&'a [u8]> {
        self.ws()?;
        let bytes = self.bytes;
        let start = self.pos;
        let mut at = start;
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let first = at;
        if !digits(&mut at) || (bytes.get(first) == Some(&b'0') && at > first + 1) {
            return self.stop_at(at);
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                return self.stop_at(at);
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if !digits(&mut at) {
                return self.stop_at(at);
            }
        }
        match bytes.get(at) {
            Some(&b) if is_ws(b) || matches!(b, b',' | b']' | b'}') => {
                self.pos = at;
                bytes.get(start..at)
            }
            _ => self.stop_at(at),
        }
    }

    /// `None`, noting the end of the window when `at` reached it.
    fn stop_at<T>(&mut self, at: usize) -> Option<T> {
        if at >= self.bytes.len() {
            self.end();
        }
        None
    }

    /// `null` at the cursor (after whitespace): consumed, `Some(true)`; anything else is left,
    /// `Some(false)`.
    pub fn null(&mut self) -> Option<bool> {
        if self.ws()? != b'n' {
            return Some(false);
        }
        self.literal(b"null").map(|()| true)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        if rest.len() < word.len() + 1 {
            self.end();
            return None;
        }
        if rest.starts_with(word) {
            self.pos += word.len();
            return Some(());
        }
        None
    }

    /// Skips one value of any kind (after whitespace).
    pub fn skip_value(&mut self) -> Option<()> {
        match self.ws()? {
            b'"' => self.string().map(|_| ()),
            b'[' => self.skip_nested(b'[', b']'),
            b'{' => self.skip_nested(b'{', b'}'),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(|_| ()),
        }
    }

    /// Skips an array or object: only brackets of its own kind and quotes are looked at
    /// (brackets of the other kind are balanced inside, or the file is broken).
    fn skip_nested(&mut self, open: u8, close: u8) -> Option<()> {
        let mut depth = 0_usize;
        loop {
            let Some(found) = self
                .bytes
                .get(self.pos..)
                .and_then(|rest| memchr::memchr3(open, close, b'"', rest))
            else {
                self.end();
                return None;
            };
            self.pos += found;
            match self.bytes.get(self.pos) {
                Some(&b) if b == open => {
                    depth += 1;
                    self.pos += 1;
                }
                Some(&b) if b == close => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                _ => {
                    self.string()?;
                }
            }
        }
    }

    /// Walks the members of an object at the cursor, calling `member` with each key (its raw
    /// bytes; `None` is returned for an escaped key) and the cursor at the value, which
    /// `member` must consume.
    pub fn object(&mut self, mut member: impl FnMut(&[u8], &mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.ws()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            if key.escaped {
                return None;
            }
            self.eat(b':')?;
            let bytes = self.bytes;
            member(bytes.get(key.start..key.end)?, self)?;
            match self.ws()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::coco::chunked::flat::number_value;

    fn cursor(text: &str) -> Cursor<'_> {
        Cursor::new(text.as_bytes(), 0)
    }

    #[test]
    fn strings_with_escaped_quotes_and_brackets() {
        let mut c = cursor(r#"  "a\"]}[{\\" , "#);
        let s = c.string().expect("string");
        assert!(s.escaped);
        assert_eq!(&c.bytes[s.start..s.end], br#"a\"]}[{\\"#);
        assert_eq!(c.ws(), Some(b','));
        let mut c = cursor(r#""plain"x"#);
        assert_eq!(c.string().map(|s| s.escaped), Some(false));
        let mut c = cursor(r#""cut \"#);
        assert!(c.string().is_none());
        assert!(c.hit_end);
    }

    #[test]
    fn skipping_nested_arrays_and_objects() {
        let text = r#"[[1,2,[3]],{"k":"]]"},"[",[]] ,"#;
        let mut c = cursor(text);
        c.skip_value().expect("array");
        assert_eq!(c.ws(), Some(b','));
        let text = r#"{"a":{"b":[1,"}"]},"c":"{"} }"#;
        let mut c = cursor(text);
        c.skip_value().expect("object");
        assert_eq!(c.ws(), Some(b'}'));
        let mut c = cursor("[[1,2],[3");
        assert!(c.skip_value().is_none());
        assert!(c.hit_end);
        let mut c = cursor("]");
        assert!(c.skip_value().is_none());
        assert!(!c.hit_end);
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for good in ["0", "-0", "12", "1.5", "-2.25e-3", "6E+2", "1e400"] {
            let text = format!("{good},");
            let mut c = cursor(&text);
            assert_eq!(c.number(), Some(good.as_bytes()), "{good}");
        }
        for bad in ["01", "1.", ".5", "+1", "1e", "--1", "1x", "NaN", "1.2.3"] {
            let text = format!("{bad},");
            let mut c = cursor(&text);
            assert!(c.number().is_none(), "{bad}");
            assert!(!c.hit_end, "{bad}");
        }
        let mut c = cursor("123");
        assert!(c.number().is_none(), "no delimiter yet");
        assert!(c.hit_end);
    }

    #[test]
    fn objects_and_number_lists() {
        let text = r#"{ "a" : [1, null, 2e2] , "b":{"x":[]}, "c": "s" }"#;
        let mut c = cursor(text);
        let mut keys = Vec::new();
        let mut values = Vec::new();
        c.object(|key, c| {
            keys.push(String::from_utf8_lossy(key).into_owned());
            if key == b"a" {
                c.flat_numbers(|t| {
                    values.push(number_value(t)?);
                    Some(())
                })
                .map(|_| ())
            } else {
                c.skip_value()
            }
        })
        .expect("object");
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(values, [200.0]);
        let mut c = cursor(r#"{"a\u0062": 1}"#);
        assert!(c.object(|_, c| c.skip_value()).is_none(), "escaped key");
    }
}
