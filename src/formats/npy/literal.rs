//! The Python literal in an NPY header, e.g. `{'descr': '<f4', 'fortran_order': False,
//! 'shape': (900, 17, 3), }`.
//!
//! NumPy reads it with `ast.literal_eval`; this parser accepts the same small subset (dicts,
//! tuples, lists, strings, integers, `True`, `False`, `None`) and nothing that could run code.
//! Hand-written because the subset is tiny and every error must carry a byte offset.

/// A parsed literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    /// A quoted string.
    Str(String),
    /// An integer (Python 2 writers may append `L`).
    Int(i64),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// `( ... )`.
    Tuple(Vec<Spanned>),
    /// `[ ... ]`.
    List(Vec<Spanned>),
    /// `{ key: value, ... }` in file order.
    Dict(Vec<(Spanned, Spanned)>),
}

/// A literal and the byte offset (within the parsed text) where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned {
    /// Where the literal starts.
    pub offset: usize,
    /// The literal.
    pub value: Literal,
}

/// A syntax error: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset within the parsed text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Nesting deeper than this is refused (headers nest two or three levels at most).
const MAX_DEPTH: usize = 32;

/// Parses `text` as one literal followed only by whitespace.
///
/// # Errors
/// On anything that is not such a literal.
pub fn parse(text: &[u8]) -> Result<Spanned, SyntaxError> {
    let mut parser = Parser { text, pos: 0 };
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.pos < text.len() {
        return Err(parser.error("unexpected text after the header dictionary"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Spanned, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the header nests too deeply"));
        }
        self.skip_space();
        let offset = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.dict(depth)?,
            Some(b'(') => Literal::Tuple(self.sequence(b')', depth)?),
            Some(b'[') => Literal::List(self.sequence(b']', depth)?),
            Some(quote @ (b'\'' | b'"')) => Literal::Str(self.string(quote)?),
            Some(b'0'..=b'9' | b'-' | b'+') => Literal::Int(self.int()?),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.word()?,
            Some(b) => {
                return Err(self.error(format!(
                    "unexpected character `{}` in the header",
                    char::from(b).escape_default()
                )));
            }
            None => return Err(self.error("the header ends early")),
        };
        Ok(Spanned { offset, value })
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, SyntaxError> {
        self.pos += 1; // `{`
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Literal::Dict(entries));
            }
            let key = self.value(depth + 1)?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after a dictionary key"));
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected `,` or `}` in the header dictionary")),
            }
        }
    }

    fn sequence(&mut self, close: u8, depth: usize) -> Result<Vec<Spanned>, SyntaxError> {
        self.pos += 1; // `(` or `[`
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {}
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `{}` in a sequence",
                        char::from(close)
                    )));
                }
            }
        }
    }

    fn string(&mut self, quote: u8) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut content = Vec::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.error("a string in the header is not closed"));
                }
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ok(String::from_utf8_lossy(&content).into_owned());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    if let Some(b) = self.peek() {
                        content.push(b);
                        self.pos += 1;
                    }
                }
                Some(b) => {
                    content.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn int(&mut self) -> Result<i64, SyntaxError> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'_') {
            self.pos += 1;
        }
        let digits: String = self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .filter(|b| **b != b'_')
            .map(|b| char::from(*b))
            .collect();
        // Python 2 long integers: `900L`.
        if matches!(self.peek(), Some(b'L' | b'l')) {
            self.pos += 1;
        }
        digits.parse::<i64>().map_err(|_| SyntaxError {
            offset: start,
            message: format!("`{digits}` is not an integer posedeck can use"),
        })
    }

    fn word(&mut self) -> Result<Literal, SyntaxError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or_default();
        match word {
            b"True" => Ok(Literal::Bool(true)),
            b"False" => Ok(Literal::Bool(false)),
            b"None" => Ok(Literal::None),
            _ => Err(SyntaxError {
                offset: start,
                message: format!(
                    "`{}` is not a literal (the header may only hold strings, numbers, \
                     True, False and None)",
                    String::from_utf8_lossy(word)
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Literal {
        parse(text.as_bytes()).expect("parses").value
    }

    fn ints(items: &[Spanned]) -> Vec<i64> {
        items
            .iter()
            .map(|s| match s.value {
                Literal::Int(i) => i,
                _ => panic!("not an int"),
            })
            .collect()
    }

    #[test]
    fn numpy_header_parses_with_offsets() {
        let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (900, 17, 3), }   \n";
        let Literal::Dict(entries) = value(text) else {
            panic!("dict")
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].0.value, Literal::Str("descr".into()));
        assert_eq!(entries[0].1.value, Literal::Str("<f8".into()));
        assert_eq!(entries[0].1.offset, 10);
        assert_eq!(entries[1].1.value, Literal::Bool(false));
        let Literal::Tuple(shape) = &entries[2].1.value else {
            panic!("tuple")
        };
        assert_eq!(ints(shape), vec![900, 17, 3]);
        assert_eq!(entries[2].1.offset, 50);
    }

    #[test]
    fn one_tuples_empty_tuples_long_ints_and_double_quotes() {
        let Literal::Tuple(one) = value("(5,)") else {
            panic!()
        };
        assert_eq!(ints(&one), vec![5]);
        assert_eq!(value("()"), Literal::Tuple(Vec::new()));
        let Literal::Tuple(long) = value("(900L, 17L)") else {
            panic!()
        };
        assert_eq!(ints(&long), vec![900, 17]);
        assert_eq!(value("\"a\\'b\""), Literal::Str("a'b".into()));
        assert_eq!(value(" None "), Literal::None);
        assert!(matches!(value("[('x', '<f4')]"), Literal::List(l) if l.len() == 1));
    }

    #[test]
    fn errors_carry_offsets() {
        let err = parse(b"{'a': 1,, }").expect_err("double comma");
        assert_eq!(err.offset, 8);
        let err = parse(b"{'a': __import__('os')}").expect_err("code");
        assert_eq!(err.offset, 6);
        assert!(err.message.contains("__import__"));
        let err = parse(b"{'a': 'open").expect_err("open string");
        assert_eq!(err.offset, 6);
        let err = parse(b"{'a': 1} x").expect_err("trailing");
        assert_eq!(err.offset, 9);
        let err = parse(b"(99999999999999999999999,)").expect_err("overflow");
        assert_eq!(err.offset, 1);
        assert!(parse(b"").is_err());
        assert!(parse(b"{'a' 1}").is_err());
        let deep = "(".repeat(10_000);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
