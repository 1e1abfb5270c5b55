//! The small, text-like subset of Python's pickle protocol 0 that PyTables uses for Python
//! objects stored in HDF5 attributes (pandas writes a table's column labels this way, e.g.
//! `values_block_0_kind` = a list of `(scorer, bodypart, coord)` tuples).
//!
//! The pickle is read as **data**, never executed: only literals (None, booleans, integers,
//! floats, strings) and the containers list, tuple and dict are understood, with the memo
//! (`p`/`g`) for repeated strings. Anything else — above all `c` (import a global), `R`
//! (call), `i`/`o`/`b` (build an object) — is refused with an error naming the byte. The
//! decoded size and nesting depth are bounded by the input's length, so a memo reference
//! repeated over and over cannot blow up.
//!
//! Hand-written: the Rust pickle crates (`serde-pickle`) decode far more of the protocol than
//! this needs, and a 150-line reader of literals keeps the attack surface to what is checked
//! here.

use std::collections::HashMap;

/// A decoded pickle value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A float.
    Float(f64),
    /// A (unicode or byte) string.
    Text(String),
    /// A list.
    List(Vec<Value>),
    /// A tuple.
    Tuple(Vec<Value>),
    /// A dict, as (key, value) pairs in insertion order.
    Dict(Vec<(Value, Value)>),
}

impl Value {
    /// The items of a list or tuple.
    pub(crate) fn items(&self) -> Option<&[Value]> {
        match self {
            Self::List(items) | Self::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a string.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value stored under `key` in a dict.
    pub(crate) fn get(&self, key: &Value) -> Option<&Value> {
        match self {
            Self::Dict(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Number of nodes and string bytes (the cost of keeping a copy).
    fn cost(&self) -> usize {
        match self {
            Self::Text(text) => 1 + text.len(),
            Self::List(items) | Self::Tuple(items) => {
                1 + items.iter().map(Self::cost).sum::<usize>()
            }
            Self::Dict(pairs) => {
                1 + pairs
                    .iter()
                    .map(|(k, v)| k.cost() + v.cost())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }
}

/// Deepest nesting of containers accepted.
const MAX_DEPTH: usize = 32;

/// One entry of the unpickler's stack.
enum Slot {
    Mark,
    Value(Value, usize),
}

/// An error: (byte offset, message).
type Failure = (usize, String);

/// Decodes a protocol-0 pickle of literals; the error is (byte offset, message).
pub(crate) fn decode(input: &[u8]) -> Result<Value, Failure> {
    let mut machine = Machine {
        budget: input.len().saturating_mul(4).saturating_add(4096),
        spent: 0,
        stack: Vec::new(),
        memo: HashMap::new(),
    };
    let mut pos = 0_usize;
    loop {
        let at = pos;
        let Some(&op) = input.get(pos) else {
            return Err((at, "the pickle ends without its STOP (`.`)".to_owned()));
        };
        pos += 1;
        let fail = |message: &str| (at, message.to_owned());
        match op {
            b'.' => {
                return match (machine.stack.pop(), machine.stack.is_empty()) {
                    (Some(Slot::Value(value, _)), true) => Ok(value),
                    _ => Err(fail("the pickle does not end with exactly one value")),
                };
            }
            b'(' => machine.stack.push(Slot::Mark),
            b'N' => machine.stack.push(Slot::Value(Value::None, 0)),
            b']' => machine.stack.push(Slot::Value(Value::List(Vec::new()), 1)),
            b')' => machine.stack.push(Slot::Value(Value::Tuple(Vec::new()), 1)),
            b'}' => machine.stack.push(Slot::Value(Value::Dict(Vec::new()), 1)),
            b'I' | b'L' | b'F' | b'V' | b'S' | b'p' | b'g' => {
                let line = read_line(input, &mut pos)
                    .ok_or_else(|| fail("an argument without its end of line"))?;
                machine.argument(op, line).map_err(fail)?;
            }
            b'l' | b't' | b'd' => machine.container(op).map_err(fail)?,
            b'a' | b's' | b'e' | b'u' => machine.add_items(op).map_err(fail)?,
            other => {
                return Err((
                    at,
                    format!(
                        "unsupported pickle opcode `{}` (only literals, lists, tuples and dicts are read)",
                        other.escape_ascii()
                    ),
                ));
            }
        }
    }
}

/// The unpickler's state: the stack, the memo and what copies from the memo have cost.
struct Machine {
    budget: usize,
    spent: usize,
    stack: Vec<Slot>,
    memo: HashMap<u64, (Value, usize)>,
}

impl Machine {
    /// An opcode with a line argument: a literal, PUT (`p`) or GET (`g`).
    fn argument(&mut self, op: u8, line: &[u8]) -> Result<(), &'static str> {
        match op {
            b'p' => {
                let Some(Slot::Value(value, depth)) = self.stack.last() else {
                    return Err("PUT (`p`) with no value to store");
                };
                let key = memo_key(line).ok_or("a bad memo key")?;
                self.memo.insert(key, (value.clone(), *depth));
            }
            b'g' => {
                let key = memo_key(line).ok_or("a bad memo key")?;
                let Some((value, depth)) = self.memo.get(&key) else {
                    return Err("GET (`g`) of a memo entry never stored");
                };
                if matches!(value, Value::List(_) | Value::Dict(_)) {
                    return Err("a memo reference to a list or dict is not supported");
                }
                self.spent = self.spent.saturating_add(value.cost());
                if self.spent > self.budget {
                    return Err("the pickle expands to far more than its size");
                }
                self.stack.push(Slot::Value(value.clone(), *depth));
            }
            _ => {
                let value = literal(op, line).ok_or("a bad literal")?;
                self.stack.push(Slot::Value(value, 0));
            }
        }
        Ok(())
    }

    /// LIST (`l`), TUPLE (`t`) or DICT (`d`) of the items above the topmost mark.
    fn container(&mut self, op: u8) -> Result<(), &'static str> {
        let (items, depth) =
            pop_to_mark(&mut self.stack).ok_or("a container without its MARK (`(`)")?;
        let value = match op {
            b'l' => Value::List(items),
            b't' => Value::Tuple(items),
            _ => Value::Dict(pairs(items).ok_or("a dict with an odd number of items")?),
        };
        if depth + 1 > MAX_DEPTH {
            return Err("containers nested too deeply");
        }
        self.stack.push(Slot::Value(value, depth + 1));
        Ok(())
    }

    /// APPEND (`a`), SETITEM (`s`), APPENDS (`e`) or SETITEMS (`u`) into the container below.
    fn add_items(&mut self, op: u8) -> Result<(), &'static str> {
        let (items, depth) = match op {
            b'a' => pop_values(&mut self.stack, 1),
            b's' => pop_values(&mut self.stack, 2),
            _ => pop_to_mark(&mut self.stack),
        }
        .ok_or("an append or set-item without its values")?;
        let Some(Slot::Value(target, target_depth)) = self.stack.last_mut() else {
            return Err("an append or set-item with no container below it");
        };
        *target_depth = (*target_depth).max(depth + 1);
        if *target_depth > MAX_DEPTH {
            return Err("containers nested too deeply");
        }
        match (op, target) {
            (b'a' | b'e', Value::List(list)) => list.extend(items),
            (b's' | b'u', Value::Dict(dict)) => {
                dict.extend(pairs(items).ok_or("a dict with an odd number of items")?);
            }
            _ => return Err("an append or set-item on the wrong kind of container"),
        }
        Ok(())
    }
}

/// The bytes up to the next newline (consumed), or `None` at the end of input.
fn read_line<'a>(input: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let rest = input.get(*pos..)?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    *pos += end + 1;
    rest.get(..end)
}

/// A memo key (a decimal number).
fn memo_key(line: &[u8]) -> Option<u64> {
    std::str::from_utf8(line).ok()?.parse().ok()
}

/// A literal of opcode `op` with argument `line`.
fn literal(op: u8, line: &[u8]) -> Option<Value> {
    let ascii = || std::str::from_utf8(line).ok();
    match op {
        b'I' => match line {
            b"00" => Some(Value::Bool(false)),
            b"01" => Some(Value::Bool(true)),
            _ => ascii()?.parse().ok().map(Value::Int),
        },
        b'L' => ascii()?
            .strip_suffix('L')
            .unwrap_or(ascii()?)
            .parse()
            .ok()
            .map(Value::Int),
        b'F' => ascii()?.parse().ok().map(Value::Float),
        b'V' => raw_unicode_escape(line).map(Value::Text),
        _ => quoted_string(line).map(Value::Text),
    }
}

/// Decodes Python's `raw-unicode-escape`: `\uXXXX` and `\UXXXXXXXX` escapes, other bytes
/// Latin-1.
fn raw_unicode_escape(line: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(line.len());
    let mut i = 0;
    while let Some(&b) = line.get(i) {
        let digits = match (b, line.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 8,
            _ => 0,
        };
        if digits == 0 {
            text.push(char::from(b));
            i += 1;
            continue;
        }
        let hex = std::str::from_utf8(line.get(i + 2..i + 2 + digits)?).ok()?;
        text.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        i += 2 + digits;
    }
    Some(text)
}

/// Decodes a Python 2 `repr` of a byte string (`'abc'`, `"it's"`) as Latin-1 text.
fn quoted_string(line: &[u8]) -> Option<String> {
    let (&quote, rest) = line.split_first()?;
    if quote != b'\'' && quote != b'"' {
        return None;
    }
    let body = rest.strip_suffix(&[quote])?;
    let mut text = String::with_capacity(body.len());
    let mut bytes = body.iter();
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            text.push(char::from(b));
            continue;
        }
        let decoded = match bytes.next()? {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'x' => {
                let hi = char::from(*bytes.next()?).to_digit(16)?;
                let lo = char::from(*bytes.next()?).to_digit(16)?;
                char::from((hi * 16 + lo) as u8)
            }
            &other => char::from(other),
        };
        text.push(decoded);
    }
    Some(text)
}

/// Pops the values above the topmost mark (and the mark); returns them with their deepest
/// nesting.
fn pop_to_mark(stack: &mut Vec<Slot>) -> Option<(Vec<Value>, usize)> {
    let mark = stack.iter().rposition(|s| matches!(s, Slot::Mark))?;
    let mut depth = 0;
    let items = stack
        .drain(mark..)
        .skip(1)
        .filter_map(|slot| match slot {
            Slot::Value(value, d) => {
                depth = depth.max(d);
                Some(value)
            }
            Slot::Mark => None,
        })
        .collect();
    Some((items, depth))
}

/// Pops `count` values (no mark may be among them).
fn pop_values(stack: &mut Vec<Slot>, count: usize) -> Option<(Vec<Value>, usize)> {
    let start = stack.len().checked_sub(count)?;
    let slots = stack.get(start..)?;
    if slots.iter().any(|s| matches!(s, Slot::Mark)) {
        return None;
    }
    let mut depth = 0;
    let items = stack
        .drain(start..)
        .filter_map(|slot| match slot {
            Slot::Value(value, d) => {
                depth = depth.max(d);
                Some(value)
            }
            Slot::Mark => None,
        })
        .collect();
    Some((items, depth))
}

/// Items taken two by two as (key, value) pairs.
fn pairs(items: Vec<Value>) -> Option<Vec<(Value, Value)>> {
    if !items.len().is_multiple_of(2) {
        return None;
    }
    let mut pairs = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(key), Some(value)) = (items.next(), items.next()) {
        pairs.push((key, value));
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    /// `values_block_0_kind` of the shared DeepLabCut file, as PyTables stored it.
    const KIND: &[u8] = b"(lp0\n(VPranav\np1\nVsnout\np2\nVx\np3\ntp4\na(g1\ng2\nVy\np5\ntp6\na.";

    #[test]
    fn pandas_column_labels() {
        let value = decode(KIND).expect("decodes");
        assert_eq!(
            value,
            Value::List(vec![
                Value::Tuple(vec![text("Pranav"), text("snout"), text("x")]),
                Value::Tuple(vec![text("Pranav"), text("snout"), text("y")]),
            ])
        );
    }

    #[test]
    fn non_index_axes_and_info() {
        let axes = decode(b"(lp0\n(L1L\n(lp1\n(VPranav\np2\ntp3\natp4\na.").expect("axes");
        let first = axes.items().and_then(|a| a.first()).expect("one axis");
        assert_eq!(first.items().map(<[Value]>::len), Some(2));
        assert_eq!(first.items().and_then(|t| t.first()), Some(&Value::Int(1)));
        let info = decode(
            b"(dp0\nL1L\n(dp1\nVnames\np2\n(lp3\nVscorer\np4\nasVtype\np5\nVMultiIndex\np6\nss.",
        )
        .expect("info");
        let names = info
            .get(&Value::Int(1))
            .and_then(|d| d.get(&text("names")))
            .and_then(Value::items)
            .expect("names");
        assert_eq!(names, [text("scorer")]);
    }

    #[test]
    fn literals_and_escapes() {
        assert_eq!(decode(b"I01\n."), Ok(Value::Bool(true)));
        assert_eq!(decode(b"I-7\n."), Ok(Value::Int(-7)));
        assert_eq!(decode(b"F0.5\n."), Ok(Value::Float(0.5)));
        assert_eq!(decode(b"N."), Ok(Value::None));
        assert_eq!(
            decode(b"Vcaf\xe9 \\u00e9\\u005c\n."),
            Ok(text("caf\u{e9} \u{e9}\\"))
        );
        assert_eq!(decode(b"S'it\\'s\\x41'\n."), Ok(text("it'sA")));
        assert_eq!(
            decode(b"(I1\nI2\ntp0\n."),
            Ok(Value::Tuple(vec![Value::Int(1), Value::Int(2)]))
        );
    }

    #[test]
    fn code_and_damage_are_refused() {
        let (at, message) = decode(b"cos\nsystem\n(S'ls'\ntR.").expect_err("a global");
        assert_eq!(at, 0);
        assert!(
            message.contains("unsupported pickle opcode `c`"),
            "{message}"
        );
        assert!(decode(b"(lp0\nVa\n").is_err(), "no STOP");
        assert!(decode(b"g5\n.").is_err(), "unknown memo entry");
        assert!(decode(b"a.").is_err(), "append with nothing");
        assert!(decode(b"(Va\nVb\nVc\nd.").is_err(), "odd dict");
        assert!(decode(b"VA\nVB\n.").is_err(), "two values at STOP");
        assert!(
            decode(b"(lp0\ng0\n.").is_err(),
            "a list fetched from the memo"
        );
    }

    #[test]
    fn expansion_and_nesting_are_bounded() {
        // Each tuple holds two copies of the one before: the copies exceed the budget long
        // before they could exhaust memory.
        let mut chain = b"Vxxxxxxxxxxxxxxxx\np0\n".to_vec();
        for i in 0..40 {
            chain.extend_from_slice(format!("(g{i}\ng{i}\ntp{}\n", i + 1).as_bytes());
        }
        chain.push(b'.');
        let (_, message) = decode(&chain).expect_err("bounded");
        assert!(message.contains("expands to far more"), "{message}");
        let deep: Vec<u8> = [
            b"(".repeat(100),
            b"N".to_vec(),
            b"t".repeat(100),
            b".".to_vec(),
        ]
        .concat();
        let (_, message) = decode(&deep).expect_err("deep");
        assert!(message.contains("nested too deeply"), "{message}");
    }
}
