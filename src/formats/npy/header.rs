//! The NPY header: magic, version, header length and the dictionary that gives the element
//! type, the memory order and the shape.

use std::fmt::Write as _;

use super::dtype::{Dtype, parse_descr};
use super::literal::{self, Literal, Spanned};

/// The six bytes every NPY file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// A problem in NPY bytes, at a byte offset from the start of the array's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyError {
    /// Byte offset of the problem.
    pub offset: u64,
    /// What is wrong, as one readable sentence.
    pub message: String,
}

impl NpyError {
    /// An error at `offset`.
    pub fn at(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset: offset as u64,
            message: message.into(),
        }
    }
}

/// What the header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyHeader {
    /// Format version, `(1, 0)`, `(2, 0)` or `(3, 0)`.
    pub version: (u8, u8),
    /// The header length field (HLEN): bytes of dictionary text including padding.
    pub header_len: usize,
    /// The dictionary text without its trailing padding and newline.
    pub dict_text: String,
    /// Element type.
    pub dtype: Dtype,
    /// True when the data is stored column-major (Fortran order).
    pub fortran_order: bool,
    /// Array shape.
    pub shape: Vec<usize>,
    /// Byte offset of the `shape` value (for error messages).
    pub shape_offset: usize,
    /// Byte offset where the array data starts.
    pub data_offset: usize,
    /// Dictionary keys other than the three NumPy writes.
    pub extra_keys: Vec<String>,
}

impl NpyHeader {
    /// The shape as Python writes it: `(900, 17, 3)`, `(5,)` or `()`.
    #[must_use]
    pub fn shape_text(&self) -> String {
        shape_repr(&self.shape)
    }

    /// Number of elements, `None` when the product overflows.
    #[must_use]
    pub fn element_count(&self) -> Option<usize> {
        self.shape
            .iter()
            .try_fold(1_usize, |acc, &d| acc.checked_mul(d))
    }
}

/// A shape as Python's `repr` of a tuple writes it.
#[must_use]
pub fn shape_repr(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_owned(),
        [one] => format!("({one},)"),
        [first, rest @ ..] => {
            let mut text = format!("({first}");
            for dim in rest {
                let _ = write!(text, ", {dim}");
            }
            text.push(')');
            text
        }
    }
}

/// Parses the header at the start of `bytes`. Reads nothing past the header.
///
/// # Errors
/// When the magic, version or header length is wrong, the header runs past the end of
/// `bytes`, or the dictionary is not a valid NumPy header of a numeric array.
pub fn parse_header(bytes: &[u8]) -> Result<NpyHeader, NpyError> {
    if !bytes.starts_with(MAGIC) {
        let same = bytes.iter().zip(MAGIC).take_while(|(a, b)| a == b).count();
        return Err(NpyError::at(
            same,
            if same == bytes.len() {
                "the file ends inside the NPY magic `\\x93NUMPY`"
            } else {
                "not an NPY file: it does not start with `\\x93NUMPY`"
            },
        ));
    }
    let (Some(&major), Some(&minor)) = (bytes.get(6), bytes.get(7)) else {
        return Err(NpyError::at(
            bytes.len(),
            "the file ends before the version",
        ));
    };
    let (len_size, utf8) = match (major, minor) {
        (1, 0) => (2, false),
        (2, 0) => (4, false),
        (3, 0) => (4, true),
        _ => {
            return Err(NpyError::at(
                6,
                format!("NPY version {major}.{minor} is unknown (posedeck reads 1.0, 2.0 and 3.0)"),
            ));
        }
    };
    let prefix = 8 + len_size;
    let Some(len_bytes) = bytes.get(8..prefix) else {
        return Err(NpyError::at(
            bytes.len(),
            "the file ends inside the header length",
        ));
    };
    let header_len = len_bytes
        .iter()
        .rev()
        .fold(0_usize, |acc, &b| (acc << 8) | usize::from(b));
    let data_offset = prefix
        .checked_add(header_len)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| {
            NpyError::at(
                8,
                format!(
                    "the header length says {header_len} bytes but the file has only {} after it",
                    bytes.len().saturating_sub(prefix)
                ),
            )
        })?;
    let text = bytes.get(prefix..data_offset).unwrap_or_default();
    // Versions 1.0 and 2.0 are Latin-1 (any byte may appear inside a string); 3.0 is UTF-8.
    if utf8 && let Err(e) = std::str::from_utf8(text) {
        return Err(NpyError::at(
            prefix + e.valid_up_to(),
            "a version 3.0 header must be UTF-8",
        ));
    }
    let parsed = literal::parse(text).map_err(|e| NpyError::at(prefix + e.offset, e.message))?;
    let dict_end = text
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let dict_text = String::from_utf8_lossy(text.get(..dict_end).unwrap_or_default()).into_owned();
    let fields = interpret(&parsed, prefix)?;
    Ok(NpyHeader {
        version: (major, minor),
        header_len,
        dict_text,
        dtype: fields.dtype,
        fortran_order: fields.fortran_order,
        shape: fields.shape,
        shape_offset: fields.shape_offset,
        data_offset,
        extra_keys: fields.extra_keys,
    })
}

struct Fields {
    dtype: Dtype,
    fortran_order: bool,
    shape: Vec<usize>,
    shape_offset: usize,
    extra_keys: Vec<String>,
}

/// Reads `descr`, `fortran_order` and `shape` from the parsed dictionary (any key order).
fn interpret(parsed: &Spanned, base: usize) -> Result<Fields, NpyError> {
    let Literal::Dict(entries) = &parsed.value else {
        return Err(NpyError::at(
            base + parsed.offset,
            "the header is not a dictionary (expected `{'descr': ..., 'fortran_order': ..., \
             'shape': ...}`)",
        ));
    };
    let mut dtype = None;
    let mut fortran_order = None;
    let mut shape = None;
    let mut extra_keys = Vec::new();
    for (key, value) in entries {
        let Literal::Str(name) = &key.value else {
            return Err(NpyError::at(
                base + key.offset,
                "a header key is not a string",
            ));
        };
        let at = base + value.offset;
        match name.as_str() {
            "descr" => dtype = Some(descr(&value.value, at)?),
            "fortran_order" => {
                let Literal::Bool(flag) = value.value else {
                    return Err(NpyError::at(at, "`fortran_order` must be True or False"));
                };
                fortran_order = Some(flag);
            }
            "shape" => shape = Some((dims(&value.value, at, base)?, at)),
            other => extra_keys.push(other.to_owned()),
        }
    }
    let missing = |key: &str| {
        NpyError::at(
            base + parsed.offset,
            format!("the header has no `{key}` entry"),
        )
    };
    let (shape, shape_offset) = shape.ok_or_else(|| missing("shape"))?;
    Ok(Fields {
        dtype: dtype.ok_or_else(|| missing("descr"))?,
        fortran_order: fortran_order.ok_or_else(|| missing("fortran_order"))?,
        shape,
        shape_offset,
        extra_keys,
    })
}

fn descr(value: &Literal, at: usize) -> Result<Dtype, NpyError> {
    match value {
        Literal::Str(text) => parse_descr(text).map_err(|m| NpyError::at(at, m)),
        Literal::List(_) => Err(NpyError::at(
            at,
            "the array has a structured dtype (a list of named fields); posedeck reads plain \
             numeric arrays such as (frames, joints, 3) floats",
        )),
        _ => Err(NpyError::at(at, "`descr` is not a dtype string")),
    }
}

fn dims(value: &Literal, at: usize, base: usize) -> Result<Vec<usize>, NpyError> {
    let Literal::Tuple(items) = value else {
        return Err(NpyError::at(at, "`shape` is not a tuple of integers"));
    };
    items
        .iter()
        .map(|item| match item.value {
            Literal::Int(d) => usize::try_from(d).map_err(|_| {
                NpyError::at(
                    base + item.offset,
                    format!("the shape has a negative dimension {d}"),
                )
            }),
            _ => Err(NpyError::at(
                base + item.offset,
                "`shape` holds something other than integers",
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 128 bytes of the shared 3D sample, as NumPy wrote them.
    fn sample_header() -> Vec<u8> {
        let mut bytes = b"\x93NUMPY\x01\x00\x76\x00".to_vec();
        bytes.extend_from_slice(
            b"{'descr': '<f8', 'fortran_order': False, 'shape': (900, 17, 3), }",
        );
        bytes.resize(127, b' ');
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn numpy_header_parses() {
        let header = parse_header(&sample_header()).expect("header");
        assert_eq!(header.version, (1, 0));
        assert_eq!(header.header_len, 118);
        assert_eq!(header.data_offset, 128);
        assert_eq!(
            header.dict_text,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (900, 17, 3), }"
        );
        assert_eq!(header.dtype.to_string(), "<f8");
        assert!(!header.fortran_order);
        assert_eq!(header.shape, vec![900, 17, 3]);
        assert_eq!(header.shape_offset, 60);
        assert_eq!(header.element_count(), Some(45_900));
        assert!(header.extra_keys.is_empty());
    }

    #[test]
    fn short_and_lying_prefixes_are_located() {
        let bytes = sample_header();
        for (len, offset) in [(0, 0), (3, 3), (6, 6), (7, 7), (9, 9), (100, 8)] {
            let err = parse_header(&bytes[..len]).expect_err("short");
            assert_eq!(err.offset, offset, "length {len}: {}", err.message);
        }
        let err = parse_header(b"PK\x03\x04 not npy").expect_err("zip");
        assert_eq!(err.offset, 0);
        assert!(err.message.contains("not an NPY file"));
    }

    #[test]
    fn shapes_print_as_python_tuples() {
        assert_eq!(shape_repr(&[]), "()");
        assert_eq!(shape_repr(&[5]), "(5,)");
        assert_eq!(shape_repr(&[900, 17, 3]), "(900, 17, 3)");
    }
}
