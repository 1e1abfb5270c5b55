//! The token stream of a `.skeleton` file and the reader's place in it, for error messages.

use std::path::Path;
use std::str::FromStr;

use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Whitespace-separated tokens with the line each starts on.
pub(super) struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// The line of the last token read (1-based).
    pub line: usize,
}

impl<'a> Tokens<'a> {
    /// The next token and its 1-based line.
    pub(super) fn next(&mut self) -> Option<(&'a str, usize)> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !b.is_ascii_whitespace() {
                break;
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
        let start = self.pos;
        while bytes
            .get(self.pos)
            .is_some_and(|b| !b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
        // Both ends sit next to ASCII whitespace or the end, so they are char boundaries.
        self.text
            .get(start..self.pos)
            .filter(|t| !t.is_empty())
            .map(|t| (t, self.line))
    }

    /// Bytes not read yet.
    pub(super) fn remaining(&self) -> usize {
        self.text.len().saturating_sub(self.pos)
    }
}

/// The token stream plus where in the file structure it is, for error messages.
pub(super) struct Reader<'a> {
    /// The tokens.
    pub tokens: Tokens<'a>,
    path: &'a Path,
    /// The frame being read (0-based).
    pub frame: u64,
    /// The body being read in that frame, if any.
    pub body: Option<usize>,
    /// The joint being read in that body, if any.
    pub joint: Option<usize>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`, the content of `path`.
    pub(super) fn new(text: &'a str, path: &'a Path) -> Self {
        Self {
            tokens: Tokens {
                text,
                pos: 0,
                line: 1,
            },
            path,
            frame: 0,
            body: None,
            joint: None,
        }
    }

    /// Where the reader is, e.g. `frame index 3, body 1, joint 7`.
    fn place(&self) -> String {
        let body = self.body.map(|b| format!(", body {b}")).unwrap_or_default();
        let joint = self
            .joint
            .map(|j| format!(", joint {j}"))
            .unwrap_or_default();
        format!("frame index {}{body}{joint}", self.frame)
    }

    /// A parse error at `line` of the file.
    pub(super) fn error(&self, line: usize, message: impl Into<String>) -> LoadError {
        LoadError::parse(self.path, FormatId::Ntu, Location::Line(line), message)
    }

    /// The next token, or an error saying the file ends where `what` was expected.
    pub(super) fn token(&mut self, what: &str) -> Result<(&'a str, usize), LoadError> {
        self.tokens.next().ok_or_else(|| {
            self.error(
                self.tokens.line,
                format!(
                    "the file ends in {} where {what} was expected",
                    self.place()
                ),
            )
        })
    }

    /// `token` (from `line`) as a `T`, or an error naming `what` and the place.
    pub(super) fn parse<T: FromStr>(
        &self,
        token: &str,
        line: usize,
        what: &str,
    ) -> Result<T, LoadError> {
        token.parse().map_err(|_| {
            self.error(
                line,
                format!(
                    "{what} `{token}` in {} is not a valid number here",
                    self.place()
                ),
            )
        })
    }

    /// The next token as a `T`.
    pub(super) fn next_parsed<T: FromStr>(&mut self, what: &str) -> Result<T, LoadError> {
        let (token, line) = self.token(what)?;
        self.parse(token, line, what)
    }

    /// Checks that `count` items of at least `values` numbers each can fit in the bytes left
    /// (every number takes a character and a separator).
    pub(super) fn check_fits(
        &self,
        line: usize,
        count: usize,
        values: usize,
        what: &str,
    ) -> Result<(), LoadError> {
        let needed = count.saturating_mul(values).saturating_mul(2);
        if needed > self.tokens.remaining().saturating_add(1) {
            return Err(self.error(
                line,
                format!(
                    "{what} {count} in {} cannot fit in the {} bytes left",
                    self.place(),
                    self.tokens.remaining()
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_lines_across_crlf_and_blank_lines() {
        let mut reader = Reader::new("3\r\n\r\n 1 2.5\tx\n", Path::new("t.skeleton"));
        let mut seen = Vec::new();
        while let Some(token) = reader.tokens.next() {
            seen.push(token);
        }
        assert_eq!(seen, [("3", 1), ("1", 3), ("2.5", 3), ("x", 3)]);
        assert_eq!(reader.tokens.remaining(), 0);
        let error = reader
            .next_parsed::<u64>("bodyCount")
            .expect_err("at the end");
        assert!(
            error.to_string().contains("ends in frame index 0"),
            "{error}"
        );
        reader.body = Some(1);
        let error = reader
            .parse::<u64>("x", 3, "jointCount")
            .expect_err("not a number");
        assert!(
            error
                .to_string()
                .ends_with("jointCount `x` in frame index 0, body 1 is not a valid number here"),
            "{error}"
        );
    }
}
