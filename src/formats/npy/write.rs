//! Writes `.npy` files byte for byte as `numpy.save` does (format 1.0, C order, little-endian).
//!
//! NumPy's header is the dict `{'descr': '<f4', 'fortran_order': False, 'shape': (…), }`,
//! followed by `21 - len(str(shape[0]))` spaces of room to grow the first axis in place, then
//! padded with spaces and ended with `\n` so that the data starts at a multiple of 64 bytes.

use super::header::{MAGIC, shape_repr};

/// NumPy aligns the data to this many bytes.
const ARRAY_ALIGN: usize = 64;
/// NumPy leaves room for the first axis to grow to this many digits.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// An NPY file of `<f4` values in C order with the given shape.
///
/// `data` should hold exactly the product of `shape` values; extra values are left out and
/// missing ones are written as NaN, so the file is always valid.
#[must_use]
pub fn write_f32(shape: &[usize], data: &[f32]) -> Vec<u8> {
    write(shape, "<f4", data, 4, |v, out| {
        out.extend_from_slice(&v.to_le_bytes());
    })
}

/// An NPY file of `<f8` values in C order with the given shape (see [`write_f32`]).
#[must_use]
pub fn write_f64(shape: &[usize], data: &[f64]) -> Vec<u8> {
    write(shape, "<f8", data, 8, |v, out| {
        out.extend_from_slice(&v.to_le_bytes());
    })
}

fn write<T: Copy + NanValue>(
    shape: &[usize],
    descr: &str,
    data: &[T],
    size_bytes: usize,
    put: impl Fn(T, &mut Vec<u8>),
) -> Vec<u8> {
    let count = shape.iter().fold(1_usize, |acc, &d| acc.saturating_mul(d));
    let header = header_bytes(shape, descr);
    let mut out = Vec::with_capacity(header.len() + data.len().min(count) * size_bytes);
    out.extend_from_slice(&header);
    for &value in data.iter().take(count) {
        put(value, &mut out);
    }
    for _ in data.len()..count {
        put(T::NAN, &mut out);
    }
    out
}

/// The magic, version, length and padded header text for a C-order array.
fn header_bytes(shape: &[usize], descr: &str) -> Vec<u8> {
    let mut text = format!(
        "{{'descr': '{descr}', 'fortran_order': False, 'shape': {}, }}",
        shape_repr(shape)
    );
    if let Some(first) = shape.first() {
        let digits = first.to_string().len();
        text.extend(std::iter::repeat_n(
            ' ',
            GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits),
        ));
    }
    // Version 1.0 has a 2-byte length; NumPy switches to 2.0 (4 bytes) when it does not fit.
    let padded_len = |len_size: usize| {
        let unpadded = MAGIC.len() + 2 + len_size + text.len() + 1;
        text.len() + 1 + ARRAY_ALIGN - unpadded % ARRAY_ALIGN
    };
    let (version, len_size) = if u16::try_from(padded_len(2)).is_ok() {
        (1_u8, 2)
    } else {
        (2_u8, 4)
    };
    let pad = padded_len(len_size) - text.len() - 1;
    text.extend(std::iter::repeat_n(' ', pad));
    text.push('\n');
    let mut out = Vec::with_capacity(MAGIC.len() + 2 + len_size + text.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[version, 0]);
    let len = text.len() as u32;
    out.extend_from_slice(len.to_le_bytes().get(..len_size).unwrap_or_default());
    out.extend_from_slice(text.as_bytes());
    out
}

/// Element types that have a NaN to pad with.
trait NanValue {
    const NAN: Self;
}

impl NanValue for f32 {
    const NAN: Self = f32::NAN;
}

impl NanValue for f64 {
    const NAN: Self = f64::NAN;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::npy::NpyArray;

    #[test]
    fn header_is_numpys_byte_for_byte() {
        let bytes = write_f64(&[900, 17, 3], &vec![0.0; 900 * 17 * 3]);
        let expected_text = "{'descr': '<f8', 'fortran_order': False, 'shape': (900, 17, 3), }";
        let mut expected = b"\x93NUMPY\x01\x00\x76\x00".to_vec();
        expected.extend_from_slice(expected_text.as_bytes());
        expected.resize(127, b' ');
        expected.push(b'\n');
        assert_eq!(&bytes[..128], &expected[..]);
        assert_eq!(bytes.len(), 128 + 900 * 17 * 3 * 8);
    }

    #[test]
    fn padding_matches_numpy_for_other_shapes() {
        // numpy.save(np.zeros((5,), np.float32)): the text is 57 bytes + 20 growth spaces + 40
        // padding spaces + newline = 118, so the data starts at 128.
        let bytes = write_f32(&[5], &[0.0; 5]);
        assert_eq!(&bytes[8..10], &[118, 0]);
        assert!(
            bytes[10..].starts_with(b"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }")
        );
        assert_eq!(bytes[127], b'\n');
        // A scalar has no growth padding: a 55-byte text + 62 spaces + newline = 118.
        let bytes = write_f32(&[], &[1.5]);
        assert_eq!(&bytes[8..10], &[118, 0]);
        assert_eq!(&bytes[128..], &1.5_f32.to_le_bytes());
        // An exact multiple of 64 still gets a full 64 bytes of padding, as in NumPy.
        // (1, 10^17, 10^18): 117 bytes of text with growth spaces, 10 + 117 + 1 = 128.
        let header = header_bytes(&[1, 10_usize.pow(17), 10_usize.pow(18)], "<f4");
        assert_eq!(header.len(), 192);
        assert_eq!(&header[127..191], &[b' '; 64]);
    }

    #[test]
    fn round_trips_through_the_reader() {
        let data: Vec<f32> = (0..2 * 4 * 3).map(|i| i as f32 * 0.5 - 3.0).collect();
        let bytes = write_f32(&[2, 4, 3], &data);
        assert_eq!(bytes.len() % 64, (2 * 4 * 3 * 4) % 64);
        let array = NpyArray::parse(&bytes).expect("parses");
        assert_eq!(array.header().shape, vec![2, 4, 3]);
        assert_eq!(array.header().dtype.to_string(), "<f4");
        assert_eq!(array.header().data_offset, 128);
        assert_eq!(array.to_f32(), data);
        let wide: Vec<f64> = vec![1e300, -2.5, f64::MIN_POSITIVE];
        let bytes = write_f64(&[3], &wide);
        assert_eq!(NpyArray::parse(&bytes).expect("parses").to_f64(), wide);
    }

    #[test]
    fn wrong_lengths_still_give_valid_files() {
        let bytes = write_f32(&[3], &[1.0, 2.0]);
        let values = NpyArray::parse(&bytes).expect("parses").to_f32();
        assert_eq!(values[..2], [1.0, 2.0]);
        assert!(values[2].is_nan());
        let bytes = write_f32(&[1], &[1.0, 2.0]);
        assert_eq!(NpyArray::parse(&bytes).expect("parses").to_f32(), vec![1.0]);
        assert_eq!(NpyArray::parse(&bytes).expect("parses").trailing_bytes(), 0);
    }

    #[test]
    fn huge_headers_switch_to_version_2() {
        let shape = vec![1_usize; 30_000];
        let header = header_bytes(&shape, "<f4");
        assert_eq!(&header[6..8], &[2, 0]);
        assert_eq!(header.len() % 64, 0);
    }
}
