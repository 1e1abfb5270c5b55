//! The element type of an NPY array (`descr`, e.g. `<f4`, `>i2`, `|u1`) and its conversion to
//! floating point.

use std::fmt;

/// Byte order of multi-byte elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    /// Least significant byte first (`<`, and `=` / `|` on little-endian machines).
    Little,
    /// Most significant byte first (`>`).
    Big,
}

/// The numeric kinds posedeck converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    /// IEEE float (`f2`, `f4`, `f8`).
    Float,
    /// Signed integer (`i1` … `i8`).
    Int,
    /// Unsigned integer (`u1` … `u8`).
    Uint,
}

/// A numeric element type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dtype {
    /// Float, signed or unsigned.
    pub kind: ScalarKind,
    /// Bytes per element: 1, 2, 4 or 8 (floats 2, 4 or 8).
    pub size_bytes: usize,
    /// Byte order.
    pub order: ByteOrder,
}

impl Dtype {
    /// The NumPy name, e.g. `float64`.
    #[must_use]
    pub fn numpy_name(self) -> String {
        let kind = match self.kind {
            ScalarKind::Float => "float",
            ScalarKind::Int => "int",
            ScalarKind::Uint => "uint",
        };
        format!("{kind}{}", self.size_bytes * 8)
    }

    /// Converts one element's bytes to `f64` (exact for every kind except 64-bit integers
    /// beyond 2^53). `bytes` must hold `size_bytes` bytes; shorter input gives NaN.
    #[must_use]
    pub fn to_f64(self, bytes: &[u8]) -> f64 {
        macro_rules! read {
            ($ty:ty, $n:literal) => {{
                let Some(array) = bytes.first_chunk::<$n>().copied() else {
                    return f64::NAN;
                };
                match self.order {
                    ByteOrder::Little => <$ty>::from_le_bytes(array),
                    ByteOrder::Big => <$ty>::from_be_bytes(array),
                }
            }};
        }
        match (self.kind, self.size_bytes) {
            (ScalarKind::Float, 2) => f64::from(f16_to_f32(read!(u16, 2))),
            (ScalarKind::Float, 4) => f64::from(read!(f32, 4)),
            (ScalarKind::Float, 8) => read!(f64, 8),
            (ScalarKind::Int, 1) => f64::from(read!(i8, 1)),
            (ScalarKind::Int, 2) => f64::from(read!(i16, 2)),
            (ScalarKind::Int, 4) => f64::from(read!(i32, 4)),
            (ScalarKind::Int, 8) => read!(i64, 8) as f64,
            (ScalarKind::Uint, 1) => f64::from(read!(u8, 1)),
            (ScalarKind::Uint, 2) => f64::from(read!(u16, 2)),
            (ScalarKind::Uint, 4) => f64::from(read!(u32, 4)),
            (ScalarKind::Uint, 8) => read!(u64, 8) as f64,
            _ => f64::NAN,
        }
    }
}

impl fmt::Display for Dtype {
    /// Writes the descr as NumPy does, e.g. `<f4` or `|u1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = match (self.size_bytes, self.order) {
            (1, _) => '|',
            (_, ByteOrder::Little) => '<',
            (_, ByteOrder::Big) => '>',
        };
        let kind = match self.kind {
            ScalarKind::Float => 'f',
            ScalarKind::Int => 'i',
            ScalarKind::Uint => 'u',
        };
        write!(f, "{order}{kind}{}", self.size_bytes)
    }
}

/// The machine's own byte order (what `=` means).
const NATIVE: ByteOrder = if cfg!(target_endian = "big") {
    ByteOrder::Big
} else {
    ByteOrder::Little
};

/// Parses a `descr` string: a type code such as `<f8`, `>i2`, `|u1`, `f4`, or a NumPy type
/// name such as `float32`.
///
/// # Errors
/// A readable sentence for object, string, complex, boolean, date and other non-numeric types,
/// and for anything unrecognised.
pub fn parse_descr(descr: &str) -> Result<Dtype, String> {
    if let Some(dtype) = from_name(descr) {
        return Ok(dtype);
    }
    let (order, rest) = match descr.as_bytes().first() {
        Some(b'<') => (ByteOrder::Little, descr.get(1..).unwrap_or_default()),
        Some(b'>') => (ByteOrder::Big, descr.get(1..).unwrap_or_default()),
        Some(b'=' | b'|') => (NATIVE, descr.get(1..).unwrap_or_default()),
        _ => (NATIVE, descr),
    };
    let mut chars = rest.chars();
    let kind_char = chars.next().unwrap_or(' ');
    let size_text = chars.as_str();
    let kind = match kind_char {
        'f' => ScalarKind::Float,
        'i' => ScalarKind::Int,
        'u' => ScalarKind::Uint,
        _ => return Err(refusal(descr, kind_char)),
    };
    let size_bytes: usize = size_text
        .parse()
        .map_err(|_| format!("dtype `{descr}` has no valid item size"))?;
    let valid = match kind {
        ScalarKind::Float => matches!(size_bytes, 2 | 4 | 8),
        ScalarKind::Int | ScalarKind::Uint => matches!(size_bytes, 1 | 2 | 4 | 8),
    };
    if !valid {
        return Err(format!(
            "dtype `{descr}` ({}-byte {}) is not supported; posedeck reads float16/32/64 and \
             8- to 64-bit integers",
            size_bytes,
            match kind {
                ScalarKind::Float => "float",
                ScalarKind::Int => "signed integer",
                ScalarKind::Uint => "unsigned integer",
            }
        ));
    }
    Ok(Dtype {
        kind,
        size_bytes,
        order,
    })
}

/// NumPy type names that `np.dtype` also accepts as a descr.
fn from_name(name: &str) -> Option<Dtype> {
    let (kind, size_bytes) = match name {
        "float16" | "half" => (ScalarKind::Float, 2),
        "float32" | "single" => (ScalarKind::Float, 4),
        "float64" | "double" | "float" => (ScalarKind::Float, 8),
        "int8" => (ScalarKind::Int, 1),
        "int16" => (ScalarKind::Int, 2),
        "int32" => (ScalarKind::Int, 4),
        "int64" | "int" => (ScalarKind::Int, 8),
        "uint8" => (ScalarKind::Uint, 1),
        "uint16" => (ScalarKind::Uint, 2),
        "uint32" => (ScalarKind::Uint, 4),
        "uint64" => (ScalarKind::Uint, 8),
        _ => return None,
    };
    Some(Dtype {
        kind,
        size_bytes,
        order: NATIVE,
    })
}

/// Why a non-numeric type code is refused.
fn refusal(descr: &str, kind: char) -> String {
    let what = match kind {
        'O' => {
            return format!(
                "dtype `{descr}` holds Python objects, stored as a pickle; posedeck never \
                 unpickles (it could run code). Save a plain float array instead"
            );
        }
        'b' | '?' => "booleans",
        'c' => "complex numbers",
        'S' | 'a' => "byte strings",
        'U' => "text strings",
        'V' => "raw or structured records",
        'M' | 'm' => "dates or time spans",
        _ => return format!("dtype `{descr}` is not a numeric type posedeck knows"),
    };
    format!(
        "dtype `{descr}` holds {what}, not coordinates; posedeck reads float and integer arrays"
    )
}

/// Converts an IEEE half-precision float to `f32` (exact).
#[must_use]
pub fn f16_to_f32(bits: u16) -> f32 {
    let sign = u32::from(bits >> 15) << 31;
    let exponent = u32::from((bits >> 10) & 0x1f);
    let mantissa = u32::from(bits & 0x3ff);
    let magnitude = match (exponent, mantissa) {
        (0, 0) => 0,
        (0, m) => {
            // Subnormal: value = m * 2^-24, exact in f32.
            let value = m as f32 * (1.0 / 16_777_216.0);
            value.to_bits()
        }
        (0x1f, 0) => 0x7f80_0000,
        (0x1f, m) => 0x7fc0_0000 | (m << 13),
        (e, m) => ((e + 127 - 15) << 23) | (m << 13),
    };
    f32::from_bits(sign | magnitude)
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "decoding is exact: values must be bit-identical"
)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_parse() {
        let d = parse_descr("<f8").expect("f8");
        assert_eq!(
            (d.kind, d.size_bytes, d.order),
            (ScalarKind::Float, 8, ByteOrder::Little)
        );
        let d = parse_descr(">i2").expect("i2");
        assert_eq!(
            (d.kind, d.size_bytes, d.order),
            (ScalarKind::Int, 2, ByteOrder::Big)
        );
        let d = parse_descr("|u1").expect("u1");
        assert_eq!((d.kind, d.size_bytes), (ScalarKind::Uint, 1));
        assert_eq!(parse_descr("=f4").expect("f4").order, NATIVE);
        assert_eq!(parse_descr("f2").expect("f2").size_bytes, 2);
        assert_eq!(parse_descr("float32").expect("name").size_bytes, 4);
        assert_eq!(parse_descr(">f4").expect("f4").to_string(), ">f4");
        assert_eq!(parse_descr("|i1").expect("i1").to_string(), "|i1");
        assert_eq!(parse_descr("<u8").expect("u8").numpy_name(), "uint64");
    }

    #[test]
    fn non_numeric_types_are_refused_by_name() {
        let err = parse_descr("|O").expect_err("object");
        assert!(err.contains("never unpickles"), "{err}");
        assert!(parse_descr("<c16").expect_err("c").contains("complex"));
        assert!(parse_descr("<U10").expect_err("U").contains("text strings"));
        assert!(parse_descr("|S3").expect_err("S").contains("byte strings"));
        assert!(parse_descr("|b1").expect_err("b").contains("booleans"));
        assert!(parse_descr("<M8[ns]").expect_err("M").contains("dates"));
        assert!(
            parse_descr("<f16")
                .expect_err("f16")
                .contains("not supported")
        );
        assert!(parse_descr("<i3").is_err());
        assert!(parse_descr("<f").is_err());
        assert!(parse_descr("").is_err());
    }

    #[test]
    fn elements_convert_exactly() {
        let f8 = parse_descr(">f8").expect("f8");
        assert_eq!(
            f8.to_f64(&(-128.084_162_506_341_04_f64).to_be_bytes()),
            -128.084_162_506_341_04
        );
        let i2 = parse_descr("<i2").expect("i2");
        assert_eq!(i2.to_f64(&(-300_i16).to_le_bytes()), -300.0);
        let u4 = parse_descr(">u4").expect("u4");
        assert_eq!(u4.to_f64(&4_000_000_000_u32.to_be_bytes()), 4_000_000_000.0);
        assert!(u4.to_f64(&[1, 2]).is_nan(), "short input");
    }

    #[test]
    fn half_floats_convert_exactly() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x7c00), f32::INFINITY);
        assert_eq!(f16_to_f32(0xfc00), f32::NEG_INFINITY);
        assert!(f16_to_f32(0x7e00).is_nan());
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
    }
}
