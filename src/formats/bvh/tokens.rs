//! Whitespace tokeniser over the raw bytes of a BVH file, tracking 1-based line numbers.
//!
//! Any ASCII whitespace separates tokens (space, TAB, CR, LF, vertical tab, form feed), so CRLF
//! files, TAB-separated values and blank lines need no special cases. A leading UTF-8 byte order
//! mark is skipped.

use super::failure::Failure;

/// One whitespace-separated token and the line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    /// The token's bytes (never empty, never containing whitespace).
    pub text: &'a [u8],
    /// 1-based line number.
    pub line: usize,
}

impl Token<'_> {
    /// The token as text, with invalid UTF-8 replaced, for messages and names.
    pub fn lossy(&self) -> String {
        String::from_utf8_lossy(self.text).into_owned()
    }

    /// True when the token equals `word`, ignoring ASCII case.
    pub fn is(&self, word: &str) -> bool {
        self.text.eq_ignore_ascii_case(word.as_bytes())
    }

    /// The token as a finite number. Accepts what BVH exporters write: `.0083333`, `-0.000000`,
    /// `9.27476E-16`, `12`, `+3.5`; rejects NaN and infinities (also those reached by overflow).
    pub fn number(&self) -> Result<f64, Failure> {
        let value = std::str::from_utf8(self.text)
            .ok()
            .and_then(|text| text.parse::<f64>().ok());
        match value {
            Some(v) if v.is_finite() => Ok(v),
            Some(_) => Err(Failure::at(
                self.line,
                format!(
                    "{} is not a finite number (NaN and infinity are not allowed)",
                    self.quoted()
                ),
            )),
            None => Err(Failure::at(
                self.line,
                format!("expected a number, found {}", self.quoted()),
            )),
        }
    }

    /// A short quoted form of the token for error messages (long tokens are cut).
    pub fn quoted(&self) -> String {
        let text = self.lossy();
        let mut short: String = text.chars().take(40).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        format!("`{short}`")
    }
}

/// A forward-only cursor over the tokens of a file.
#[derive(Clone, Debug)]
pub(super) struct Tokens<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Line of the byte at `pos`.
    line: usize,
    /// Line of the last token returned (1 before any).
    last_line: usize,
}

impl<'a> Tokens<'a> {
    /// A cursor at the start of `bytes` (after a UTF-8 byte order mark, if any).
    pub fn new(bytes: &'a [u8]) -> Self {
        let pos = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Self {
            bytes,
            pos,
            line: 1,
            last_line: 1,
        }
    }

    /// Line of the last token returned: the place to blame when the file ends too early.
    pub fn last_line(&self) -> usize {
        self.last_line
    }

    /// Bytes not yet consumed.
    pub fn remaining_bytes(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn skip_whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !is_space(b) {
                break;
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
    }

    /// The next token, or `None` at the end of the file.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_whitespace();
        let start = self.pos;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_space(b) {
                break;
            }
            self.pos += 1;
        }
        let text = self.bytes.get(start..self.pos)?;
        if text.is_empty() {
            return None;
        }
        self.last_line = self.line;
        Some(Token {
            text,
            line: self.line,
        })
    }

    /// The next token without consuming it.
    pub fn peek(&self) -> Option<Token<'a>> {
        self.clone().next_token()
    }

    /// The rest of the current line after the last token, trimmed of whitespace, and consumes it
    /// (but not the line break). Used for joint names, which may contain spaces.
    pub fn rest_of_line(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'\n' || b == b'\r' {
                break;
            }
            self.pos += 1;
        }
        let rest = self.bytes.get(start..self.pos).unwrap_or_default();
        rest.trim_ascii()
    }
}

/// True for the ASCII whitespace bytes that separate tokens.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8]) -> Vec<(String, usize)> {
        let mut tokens = Tokens::new(text);
        std::iter::from_fn(|| tokens.next_token())
            .map(|t| (t.lossy(), t.line))
            .collect()
    }

    #[test]
    fn crlf_tabs_blank_lines_and_bom() {
        let got = all(b"\xEF\xBB\xBFHIERARCHY\r\n\r\nROOT\tHips \r\n{\x0b}\n\n");
        let want = [
            ("HIERARCHY", 1),
            ("ROOT", 3),
            ("Hips", 3),
            ("{", 4),
            ("}", 4),
        ];
        assert_eq!(
            got,
            want.map(|(t, l)| (t.to_owned(), l)).to_vec(),
            "tokens and 1-based lines"
        );
    }

    #[test]
    fn rest_of_line_keeps_inner_spaces() {
        let mut tokens = Tokens::new(b"JOINT  Left Arm \t\r\n{");
        assert!(tokens.next_token().is_some_and(|t| t.is("joint")));
        assert_eq!(tokens.rest_of_line(), b"Left Arm");
        let brace = tokens.next_token().expect("brace");
        assert_eq!((brace.text, brace.line), (&b"{"[..], 2));
        assert_eq!(tokens.last_line(), 2);
        assert_eq!(tokens.next_token(), None);
    }

    #[test]
    fn permissive_finite_numbers() {
        let cases: [(&[u8], f64); 6] = [
            (b".0083333", 0.008_333_3),
            (b"-0.000000", 0.0),
            (b"9.27476E-16", 9.274_76e-16),
            (b"12", 12.0),
            (b"+3.5", 3.5),
            (b"1.", 1.0),
        ];
        for (text, want) in cases {
            let token = Token { text, line: 7 };
            assert_eq!(token.number(), Ok(want));
        }
        for bad in [
            &b"nan"[..],
            b"-inf",
            b"infinity",
            b"1e400",
            b"1,5",
            b"abc",
            b"-",
        ] {
            let err = Token { text: bad, line: 7 }.number().expect_err("rejected");
            assert_eq!(err.line, 7);
        }
        let err = Token {
            text: b"NaN",
            line: 3,
        }
        .number()
        .expect_err("NaN");
        assert!(err.message.contains("finite"), "{}", err.message);
    }

    #[test]
    fn peek_does_not_consume_and_long_tokens_are_cut() {
        let mut tokens = Tokens::new(b"  abc");
        assert_eq!(tokens.peek().map(|t| t.lossy()), Some("abc".to_owned()));
        assert_eq!(tokens.remaining_bytes(), 5);
        let token = tokens.next_token().expect("token");
        assert_eq!(token.quoted(), "`abc`");
        let long = [b'x'; 60];
        let mut tokens = Tokens::new(&long);
        let quoted = tokens.next_token().expect("token").quoted();
        assert_eq!(quoted.chars().count(), 43);
    }
}
