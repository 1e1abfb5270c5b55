//! NumPy `.npy` arrays of keypoints: reader and writer.
//!
//! The format (NEP 1): magic `\x93NUMPY`, version, header length, a Python dict literal giving
//! the dtype, memory order and shape, then the raw data. Pose arrays are `(frames, joints, 2|3)`
//! or `(frames, people, joints, 2|3)`; the file names no joints, units, frame rate or axes, so
//! the layout, up axis and units are guessed and said so in the warnings. [`read`] builds the
//! clip from the file's bytes (the library's path); [`open_chunked`] reads a file on disk a
//! chunk of frames at a time (what `formats::load` and `posedeck info` use), with the same
//! result: `stats` gathers in one pass what the outline needs to know about every value.
//!
//! Hand-written rather than built on `npyz` or `ndarray-npy`: those read into a fixed Rust
//! element type, do not report byte offsets, and do not bound what a header claims against the
//! bytes present; here every dtype converts to `f32` and every error names its byte. The header
//! literal is parsed, never evaluated, and object arrays (pickles) are refused, never unpickled.

mod build;
mod chunked;
mod decode;
mod dtype;
mod header;
mod literal;
mod shape;
mod stats;
mod stored;
mod up;
mod write;

use std::path::Path;

pub use build::Values;
pub use chunked::{open_chunked, open_for_viewing};
pub use decode::{COrderValues, NpyArray, c_order_from_fortran};
pub use dtype::{ByteOrder, Dtype, ScalarKind};
pub use header::{MAGIC, NpyError, NpyHeader, parse_header, shape_repr};
pub use shape::{PoseShape, UNDERSTOOD, is_pose_like, pose_shape};
pub use write::{write_f32, write_f64};

use super::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId};

/// Reads a `.npy` file of keypoints.
///
/// # Errors
/// When the header is malformed, the dtype is not numeric (objects are refused, never
/// unpickled), the file is shorter than the shape needs, or the shape is not a pose sequence;
/// the error names the byte offset.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let array = parse(bytes, path)?;
    let meta = ClipMeta::new(path, FormatId::Npy);
    clip_from_array(&array, meta)
        .map_err(|e| LoadError::parse(path, FormatId::Npy, Location::Byte(e.offset), e.message))
}

/// Parses the header of an in-memory `.npy` file and checks its data length, for callers that
/// want the raw values ([`NpyArray::to_f32`], [`NpyArray::to_f64`]).
///
/// # Errors
/// As [`read`], except that any shape is accepted.
pub fn parse<'a>(bytes: &'a [u8], path: &Path) -> Result<NpyArray<'a>, LoadError> {
    NpyArray::parse(bytes)
        .map_err(|e| LoadError::parse(path, FormatId::Npy, Location::Byte(e.offset), e.message))
}

/// Builds a clip from a checked array; `meta` names the source and format. Adds the dtype,
/// shape and order to the details.
///
/// # Errors
/// When the shape is not a pose sequence (the offset is that of the shape in the header).
pub fn clip_from_array(array: &NpyArray<'_>, meta: ClipMeta) -> Result<Clip, NpyError> {
    // C-order arrays (nearly all) are built straight from the bytes: no decoded copy.
    match array.c_order_values() {
        Some(values) => clip_with_values(array, meta, &values),
        None => clip_with_values(array, meta, array.to_f32().as_slice()),
    }
}

/// As [`clip_from_array`], with the array's elements in C order given by `values`.
fn clip_with_values<V: build::Values + ?Sized>(
    array: &NpyArray<'_>,
    meta: ClipMeta,
    values: &V,
) -> Result<Clip, NpyError> {
    let (shape, meta) = head_meta(array.header(), array.trailing_bytes(), meta)?;
    Ok(build::build_clip(values, &shape, meta))
}

/// The pose reading of the array's shape, and `meta` with what the header says (dtype, shape,
/// order, version in the details; unusual entries, trailing bytes and an empty array in the
/// warnings), before any value is looked at.
///
/// # Errors
/// When the shape is not a pose sequence (the offset is that of the shape in the header).
fn head_meta(
    header: &NpyHeader,
    trailing_bytes: usize,
    mut meta: ClipMeta,
) -> Result<(PoseShape, ClipMeta), NpyError> {
    let (shape, note) =
        pose_shape(&header.shape).map_err(|m| NpyError::at(header.shape_offset, m))?;
    meta.details.extend([
        (
            "dtype".to_owned(),
            format!("{} ({})", header.dtype, header.dtype.numpy_name()),
        ),
        ("shape".to_owned(), header.shape_text()),
        (
            "order".to_owned(),
            if header.fortran_order {
                "Fortran (column-major)"
            } else {
                "C (row-major)"
            }
            .to_owned(),
        ),
        (
            "NPY version".to_owned(),
            format!("{}.{}", header.version.0, header.version.1),
        ),
    ]);
    if let Some(note) = note {
        meta.warnings.push(note);
    }
    if !header.extra_keys.is_empty() {
        meta.warnings.push(format!(
            "the header has entries NumPy does not write ({}); they are ignored",
            header.extra_keys.join(", ")
        ));
    }
    if trailing_bytes > 0 {
        meta.warnings.push(format!(
            "{trailing_bytes} bytes after the array data are ignored"
        ));
    }
    if shape.frames == 0 {
        meta.warnings.push("the array has no frames".to_owned());
    }
    Ok((shape, meta))
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "decoding is exact: values must be bit-identical"
)]
mod tests {
    use super::*;

    /// An NPY file of format `version` with header `dict` (padded to 64 bytes) and `data`.
    pub(crate) fn npy_bytes(version: u8, dict: &str, data: &[u8]) -> Vec<u8> {
        let prefix = if version == 1 { 10 } else { 12 };
        let mut text = dict.as_bytes().to_vec();
        while !(prefix + text.len() + 1).is_multiple_of(64) {
            text.push(b' ');
        }
        text.push(b'\n');
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[version, 0]);
        let len = u32::try_from(text.len()).expect("small");
        if version == 1 {
            out.extend_from_slice(&u16::try_from(len).expect("small").to_le_bytes());
        } else {
            out.extend_from_slice(&len.to_le_bytes());
        }
        out.extend_from_slice(&text);
        out.extend_from_slice(data);
        out
    }

    /// `value` (a small integer) encoded as `descr`.
    fn encode(value: f64, descr: &str) -> Vec<u8> {
        let dtype = dtype::parse_descr(descr).expect("descr");
        let big = dtype.order == ByteOrder::Big;
        macro_rules! bytes {
            ($v:expr) => {
                if big {
                    $v.to_be_bytes().to_vec()
                } else {
                    $v.to_le_bytes().to_vec()
                }
            };
        }
        match (dtype.kind, dtype.size_bytes) {
            (ScalarKind::Float, 2) => {
                // Exact for small integers: rebias the f32 exponent, keep 10 mantissa bits.
                let bits = (value as f32).to_bits();
                let sign = ((bits >> 16) & 0x8000) as u16;
                let half = if value == 0.0 {
                    sign
                } else {
                    let exponent = ((bits >> 23) & 0xff) as u16 - 127 + 15;
                    sign | (exponent << 10) | ((bits >> 13) & 0x3ff) as u16
                };
                bytes!(half)
            }
            (ScalarKind::Float, 4) => bytes!(value as f32),
            (ScalarKind::Float, 8) => bytes!(value),
            (ScalarKind::Int, 1) => bytes!(value as i8),
            (ScalarKind::Int, 2) => bytes!(value as i16),
            (ScalarKind::Int, 4) => bytes!(value as i32),
            (ScalarKind::Int, 8) => bytes!(value as i64),
            (ScalarKind::Uint, 1) => bytes!(value as u8),
            (ScalarKind::Uint, 2) => bytes!(value as u16),
            (ScalarKind::Uint, 4) => bytes!(value as u32),
            (ScalarKind::Uint, 8) => bytes!(value as u64),
            _ => unreachable!(),
        }
    }

    /// A `(2, 3, 2)` array of `descr`, stored in C or Fortran order, and its C-order values.
    fn small_array(descr: &str, fortran: bool) -> (Vec<u8>, Vec<f64>) {
        let (a, b, c) = (2, 3, 2);
        let signed = descr.contains('i') || descr.contains('f');
        let value = |i: usize, j: usize, k: usize| {
            let n = ((i * b + j) * c + k) as f64;
            if signed { n - 5.0 } else { n + 1.0 }
        };
        let mut c_order = Vec::new();
        for i in 0..a {
            for j in 0..b {
                for k in 0..c {
                    c_order.push(value(i, j, k));
                }
            }
        }
        let mut stored = vec![0.0; a * b * c];
        for i in 0..a {
            for j in 0..b {
                for k in 0..c {
                    let at = if fortran {
                        i + a * (j + b * k)
                    } else {
                        (i * b + j) * c + k
                    };
                    stored[at] = value(i, j, k);
                }
            }
        }
        let data: Vec<u8> = stored.iter().flat_map(|&v| encode(v, descr)).collect();
        let dict = format!(
            "{{'descr': '{descr}', 'fortran_order': {}, 'shape': (2, 3, 2), }}",
            if fortran { "True" } else { "False" }
        );
        (npy_bytes(1, &dict, &data), c_order)
    }

    const DESCRS: [&str; 22] = [
        "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "=f8", "|i1", "<i1", "<i2", ">i2", "<i4", ">i4",
        "<i8", ">i8", "|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8",
    ];

    #[test]
    fn every_dtype_endianness_and_order_decodes() {
        for descr in DESCRS {
            for fortran in [false, true] {
                let (bytes, expected) = small_array(descr, fortran);
                let array = NpyArray::parse(&bytes).expect(descr);
                assert_eq!(array.header().fortran_order, fortran);
                assert_eq!(array.to_f64(), expected, "{descr} fortran={fortran}");
                let as_f32: Vec<f32> = expected.iter().map(|&v| v as f32).collect();
                assert_eq!(array.to_f32(), as_f32, "{descr} fortran={fortran}");
                let clip = read(&bytes, Path::new("a.npy")).expect(descr);
                assert_eq!(clip.frame_count(), 2);
                assert_eq!(clip.poses.joints(), 3);
                assert_eq!(clip.poses.dims(), 2);
                let last = clip
                    .poses
                    .frame(1)
                    .and_then(|f| f.person(0))
                    .expect("person");
                let (x, y) = (expected[10] as f32, expected[11] as f32);
                assert_eq!(
                    last.joint(2),
                    Some([x, y, 0.0]),
                    "{descr} fortran={fortran}"
                );
                let order = if fortran {
                    "Fortran (column-major)"
                } else {
                    "C (row-major)"
                };
                assert!(clip.meta.details.contains(&("order".into(), order.into())));
            }
        }
    }

    #[test]
    fn version_2_and_3_headers_and_header_spellings() {
        let data: Vec<u8> = (1..=12).flat_map(|v| (v as f32).to_le_bytes()).collect();
        let v2 = npy_bytes(
            2,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 2), }",
            &data,
        );
        let array = NpyArray::parse(&v2).expect("v2");
        assert_eq!(array.header().version, (2, 0));
        assert_eq!(array.header().data_offset, 128);
        assert_eq!(array.to_f32()[11], 12.0);
        // Version 3 allows UTF-8; an unknown key is reported, not fatal.
        let v3 = npy_bytes(
            3,
            "{'shape': (2, 3, 2), 'descr': '<f4', 'note': 'café', 'fortran_order': False}",
            &data,
        );
        let clip = read(&v3, Path::new("v3.npy")).expect("v3");
        assert!(clip.meta.warnings.iter().any(|w| w.contains("(note)")));
        assert!(
            clip.meta
                .details
                .contains(&("NPY version".into(), "3.0".into()))
        );
        // Version 1.0 headers are Latin-1, so the same bytes load there too.
        let mut v1 = npy_bytes(
            1,
            "{'note': 'café', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 2)}",
            &data,
        );
        let clip = read(&v1, Path::new("v1.npy")).expect("Latin-1");
        assert!(clip.meta.warnings.iter().any(|w| w.contains("(note)")));
        // A version 3.0 header must be UTF-8.
        let mut bad = v3.clone();
        bad[23] = 0xff;
        let err = read(&bad, Path::new("v3.npy")).expect_err("not UTF-8");
        assert_eq!(err.location(), Some(&Location::Byte(23)));
        // Any key order, no spaces, double quotes, no trailing comma, Python 2 longs.
        v1 = npy_bytes(
            1,
            "{\"shape\":(2L,3L,2L),\"fortran_order\":False,\"descr\":\"<f4\"}",
            &data,
        );
        let array = NpyArray::parse(&v1).expect("compact");
        assert_eq!(array.header().shape, vec![2, 3, 2]);
        assert_eq!(array.header().shape_text(), "(2, 3, 2)");
        // A 1-tuple shape parses, and is then refused as a pose array with the shape named.
        let flat = npy_bytes(
            1,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (12,), }",
            &data,
        );
        assert_eq!(
            NpyArray::parse(&flat).expect("1-D").header().shape,
            vec![12]
        );
        let err = read(&flat, Path::new("flat.npy"))
            .expect_err("1-D")
            .to_string();
        assert!(err.contains("one-dimensional, shape (12,)"), "{err}");
        assert!(err.contains("flat.npy: NPY byte 60:"), "{err}");
    }

    #[test]
    fn bad_headers_name_the_byte() {
        let at = |bytes: &[u8]| {
            let err = read(bytes, Path::new("bad.npy")).expect_err("refused");
            let text = err.to_string();
            assert!(text.starts_with("bad.npy: NPY byte "), "{text}");
            (err.location().cloned(), text)
        };
        let data = [0_u8; 48];
        let (loc, text) = at(&npy_bytes(
            1,
            "{'descr': '|O', 'fortran_order': False, 'shape': (2, 3, 2), }",
            &data,
        ));
        assert_eq!(loc, Some(Location::Byte(20)));
        assert!(text.contains("never unpickles"), "{text}");
        let (_, text) = at(&npy_bytes(
            1,
            "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (3,), }",
            &data,
        ));
        assert!(text.contains("structured dtype"), "{text}");
        let (_, text) = at(&npy_bytes(
            1,
            "{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }",
            &data,
        ));
        assert!(text.contains("complex"), "{text}");
        let (_, text) = at(&npy_bytes(
            1,
            "{'descr': '<U4', 'fortran_order': False, 'shape': (3,), }",
            &data,
        ));
        assert!(text.contains("text strings"), "{text}");
        let (loc, text) = at(&npy_bytes(1, "['descr', '<f4']", &data));
        assert_eq!(loc, Some(Location::Byte(10)));
        assert!(text.contains("not a dictionary"), "{text}");
        let (_, text) = at(&npy_bytes(1, "{'descr': '<f4', 'shape': (2, 3, 2)}", &data));
        assert!(text.contains("no `fortran_order`"), "{text}");
        let (loc, text) = at(&npy_bytes(
            1,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3, 2)}",
            &data,
        ));
        assert_eq!(loc, Some(Location::Byte(64)));
        assert!(text.contains("negative"), "{text}");
        let (loc, text) = at(&npy_bytes(
            1,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3, 2, 2, 1), }",
            &[0; 192],
        ));
        assert_eq!(loc, Some(Location::Byte(60)));
        assert!(
            text.contains("shape (4, 3, 2, 2, 1)") && text.contains("ST-GCN"),
            "{text}"
        );
        let (_, text) = at(&npy_bytes(9, "{}", &data));
        assert!(text.contains("version 9.0"), "{text}");
        let (loc, _) = at(b"\x93NUMPX\x01\x00");
        assert_eq!(loc, Some(Location::Byte(5)));
    }

    #[test]
    fn claimed_sizes_are_checked_before_allocating() {
        let huge = npy_bytes(
            1,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 17, 3), }",
            &[0; 64],
        );
        let err = read(&huge, Path::new("big.npy")).expect_err("truncated");
        assert_eq!(err.location(), Some(&Location::Byte(huge.len() as u64)));
        assert!(err.to_string().contains("truncated"), "{err}");
        let overflow = npy_bytes(
            1,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 3), }",
            &[],
        );
        let err = read(&overflow, Path::new("o.npy")).expect_err("overflow");
        assert_eq!(err.location(), Some(&Location::Byte(60)));
        assert!(err.to_string().contains("too large"), "{err}");
        let mut lying = npy_bytes(
            2,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2), }",
            &[0; 8],
        );
        lying[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = read(&lying, Path::new("l.npy")).expect_err("HLEN");
        assert_eq!(err.location(), Some(&Location::Byte(8)));
    }
}
