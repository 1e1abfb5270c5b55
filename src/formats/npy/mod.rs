//! NumPy `.npy` arrays of keypoints: reader and writer.
//!
//! The format (NEP 1): magic `\x93NUMPY`, version, header length, a Python dict literal giving
//! the dtype, memory order and shape, then the raw data. Pose arrays are `(frames, joints, 2|3)`
//! or `(frames, people, joints, 2|3)`; the file names no joints, units, frame rate or axes, so
//! the layout, up axis and units are guessed and said so in the warnings.
//!
//! Hand-written rather than built on `npyz` or `ndarray-npy`: those read into a fixed Rust
//! element type, do not report byte offsets, and do not bound what a header claims against the
//! bytes present; here every dtype converts to `f32` and every error names its byte. The header
//! literal is parsed, never evaluated, and object arrays (pickles) are refused, never unpickled.

mod build;
mod decode;
mod dtype;
mod header;
mod literal;
mod shape;
mod up;
mod write;

use std::path::Path;

pub use decode::{NpyArray, c_order_from_fortran};
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
pub fn clip_from_array(array: &NpyArray<'_>, mut meta: ClipMeta) -> Result<Clip, NpyError> {
    let header = array.header();
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
            if header.fortran_order { "Fortran (column-major)" } else { "C (row-major)" }
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
    if array.trailing_bytes() > 0 {
        meta.warnings.push(format!(
            "{} bytes after the array data are ignored",
            array.trailing_bytes()
        ));
    }
    if shape.frames == 0 {
        meta.warnings.push("the array has no frames".to_owned());
    }
    Ok(build::build_clip(&array.to_f32(), &shape, meta))
}
