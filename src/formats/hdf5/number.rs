//! Numbers of any stored width: integers (1, 2, 4 or 8 bytes, either sign, either byte order),
//! floats (4 or 8 bytes) and enums over integers, all read as `f64`.
//!
//! `hdf5-reader`'s own element types are strict (an `f64` read of an `f32` dataset is an
//! error), while pose files store the same quantity in different widths (SLEAP's analysis
//! export writes `float64`, other writers `float32`; h5wasm writes integer columns as floats).

use hdf5_reader::error::{Error, Result};
use hdf5_reader::{ByteOrder, Datatype, H5Type};

/// One stored number of any numeric type, as `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Number(pub f64);

impl H5Type for Number {
    fn hdf5_type() -> Datatype {
        Datatype::FloatingPoint {
            size: 8,
            byte_order: ByteOrder::LittleEndian,
        }
    }

    fn from_bytes(bytes: &[u8], dtype: &Datatype) -> Result<Self> {
        decode(bytes, dtype)
            .map(Number)
            .ok_or_else(|| Error::TypeMismatch {
                expected: "a number".into(),
                actual: describe(dtype),
            })
    }

    fn element_size(dtype: &Datatype) -> usize {
        width(dtype).unwrap_or(0)
    }
}

/// The width in bytes of a numeric type, or `None` for other types.
pub(crate) fn width(dtype: &Datatype) -> Option<usize> {
    match dtype {
        Datatype::FixedPoint { size, .. } | Datatype::FloatingPoint { size, .. } => {
            Some(usize::from(*size))
        }
        Datatype::Enum { base, .. } => width(base),
        _ => None,
    }
}

/// True when [`decode`] reads values of this type.
pub(crate) fn is_numeric(dtype: &Datatype) -> bool {
    match dtype {
        Datatype::FixedPoint { size, .. } => matches!(size, 1 | 2 | 4 | 8),
        Datatype::FloatingPoint { size, .. } => matches!(size, 4 | 8),
        Datatype::Enum { base, .. } => is_numeric(base),
        _ => false,
    }
}

/// Decodes the number at the start of `bytes`; `None` when the type is not numeric or the
/// bytes are too few.
pub(crate) fn decode(bytes: &[u8], dtype: &Datatype) -> Option<f64> {
    match dtype {
        Datatype::FixedPoint {
            size,
            signed,
            byte_order,
        } => {
            let raw = bytes.get(..usize::from(*size))?;
            let mut buffer = [0_u8; 8];
            let value = match byte_order {
                ByteOrder::LittleEndian => {
                    buffer.get_mut(..raw.len())?.copy_from_slice(raw);
                    u64::from_le_bytes(buffer)
                }
                ByteOrder::BigEndian => {
                    buffer.get_mut(8 - raw.len()..)?.copy_from_slice(raw);
                    u64::from_be_bytes(buffer)
                }
            };
            Some(integer(value, raw.len(), *signed))
        }
        Datatype::FloatingPoint {
            size: 4,
            byte_order,
        } => {
            let raw: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
            Some(f64::from(match byte_order {
                ByteOrder::LittleEndian => f32::from_le_bytes(raw),
                ByteOrder::BigEndian => f32::from_be_bytes(raw),
            }))
        }
        Datatype::FloatingPoint {
            size: 8,
            byte_order,
        } => {
            let raw: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
            Some(match byte_order {
                ByteOrder::LittleEndian => f64::from_le_bytes(raw),
                ByteOrder::BigEndian => f64::from_be_bytes(raw),
            })
        }
        Datatype::Enum { base, .. } => decode(bytes, base),
        _ => None,
    }
}

/// An unsigned `bytes`-byte integer in the low bits of `value`, sign-extended when `signed`.
fn integer(value: u64, bytes: usize, signed: bool) -> f64 {
    if !signed || bytes == 0 || bytes >= 8 {
        return if signed {
            value as i64 as f64
        } else {
            value as f64
        };
    }
    let shift = 64 - 8 * bytes as u32;
    (((value << shift) as i64) >> shift) as f64
}

/// A short name of a datatype for messages, such as `a 9-byte string`.
pub(crate) fn describe(dtype: &Datatype) -> String {
    match dtype {
        Datatype::FixedPoint { size, signed, .. } => {
            let sign = if *signed { "signed" } else { "unsigned" };
            format!("a {size}-byte {sign} integer")
        }
        Datatype::FloatingPoint { size, .. } => format!("a {size}-byte float"),
        Datatype::String { .. } => "a string".to_owned(),
        Datatype::Compound { fields, .. } => format!("a record of {} fields", fields.len()),
        Datatype::Array { base, dims } => format!("an array {dims:?} of {}", describe(base)),
        Datatype::Enum { .. } => "an enumeration".to_owned(),
        Datatype::VarLen { .. } => "a variable-length sequence".to_owned(),
        Datatype::Opaque { .. } => "opaque bytes".to_owned(),
        Datatype::Reference { .. } => "an object reference".to_owned(),
        Datatype::Bitfield { .. } => "a bit field".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(size: u8, signed: bool, byte_order: ByteOrder) -> Datatype {
        Datatype::FixedPoint {
            size,
            signed,
            byte_order,
        }
    }

    #[test]
    fn integers_of_every_width_and_order() {
        let le = ByteOrder::LittleEndian;
        assert_eq!(decode(&[0xff], &fixed(1, true, le)), Some(-1.0));
        assert_eq!(decode(&[0xff], &fixed(1, false, le)), Some(255.0));
        assert_eq!(decode(&[0xfe, 0xff], &fixed(2, true, le)), Some(-2.0));
        assert_eq!(
            decode(&[0, 0, 1, 0], &fixed(4, false, ByteOrder::BigEndian)),
            Some(256.0)
        );
        assert_eq!(decode(&[0xff; 8], &fixed(8, true, le)), Some(-1.0));
        assert_eq!(decode(&[0xff; 3], &fixed(4, true, le)), None, "too short");
    }

    #[test]
    fn floats_and_enums() {
        let le = ByteOrder::LittleEndian;
        let f4 = Datatype::FloatingPoint {
            size: 4,
            byte_order: le,
        };
        assert_eq!(
            decode(&39.072_227_f32.to_le_bytes(), &f4),
            Some(f64::from(39.072_227_f32))
        );
        let f8 = Datatype::FloatingPoint {
            size: 8,
            byte_order: ByteOrder::BigEndian,
        };
        assert_eq!(decode(&201.0_f64.to_be_bytes(), &f8), Some(201.0));
        let flag = Datatype::Enum {
            base: Box::new(fixed(1, true, le)),
            members: Vec::new(),
        };
        assert_eq!(decode(&[1], &flag), Some(1.0));
        assert!(is_numeric(&flag));
        assert_eq!(width(&flag), Some(1));
        let half = Datatype::FloatingPoint {
            size: 2,
            byte_order: le,
        };
        assert!(!is_numeric(&half));
        assert_eq!(decode(&[0, 0], &half), None);
    }
}
