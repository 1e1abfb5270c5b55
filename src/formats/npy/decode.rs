//! The array data after the header: checked against the shape before anything is allocated,
//! then converted to floating point in C (row-major) order.

use super::dtype::{ByteOrder, Dtype, ScalarKind};
use super::header::{NpyError, NpyHeader, parse_header};

/// A parsed NPY array whose data length has been checked against its shape.
#[derive(Clone, Debug)]
pub struct NpyArray<'a> {
    header: NpyHeader,
    data: &'a [u8],
    trailing_bytes: usize,
}

impl<'a> NpyArray<'a> {
    /// Parses the header of `bytes` and checks that the data the shape needs is present.
    /// Allocates nothing in proportion to the claimed shape.
    ///
    /// # Errors
    /// A bad header (see [`parse_header`]), a shape whose element or byte count overflows, or
    /// fewer data bytes than the shape needs (the offset is where the file ends).
    pub fn parse(bytes: &'a [u8]) -> Result<Self, NpyError> {
        let header = parse_header(bytes)?;
        let needed = header
            .element_count()
            .and_then(|n| n.checked_mul(header.dtype.size_bytes))
            .ok_or_else(|| {
                NpyError::at(
                    header.shape_offset,
                    format!(
                        "the shape {} of {} elements is too large to exist",
                        header.shape_text(),
                        header.dtype
                    ),
                )
            })?;
        let available = bytes.len().saturating_sub(header.data_offset);
        if available < needed {
            return Err(NpyError::at(
                bytes.len(),
                format!(
                    "the file is truncated: shape {} of {} needs {needed} bytes of data after the \
                     header, but only {available} are present",
                    header.shape_text(),
                    header.dtype
                ),
            ));
        }
        let end = header.data_offset + needed;
        let data = bytes.get(header.data_offset..end).unwrap_or_default();
        Ok(Self {
            trailing_bytes: bytes.len() - end,
            header,
            data,
        })
    }

    /// The header.
    #[must_use]
    pub fn header(&self) -> &NpyHeader {
        &self.header
    }

    /// Number of elements (the product of the shape).
    #[must_use]
    pub fn element_count(&self) -> usize {
        self.data.len() / self.header.dtype.size_bytes.max(1)
    }

    /// Bytes after the array data (normally 0).
    #[must_use]
    pub fn trailing_bytes(&self) -> usize {
        self.trailing_bytes
    }

    /// Every element as `f64`, in C order (last index fastest) whatever the stored order.
    #[must_use]
    pub fn to_f64(&self) -> Vec<f64> {
        self.decode(|v| v)
    }

    /// The elements in C order, read straight from the bytes; `None` for a Fortran-order array
    /// of more than one dimension (decode that with [`NpyArray::to_f32`]).
    #[must_use]
    pub fn c_order_values(&self) -> Option<COrderValues<'_>> {
        (!self.header.fortran_order || self.header.shape.len() <= 1).then_some(COrderValues {
            data: self.data,
            dtype: self.header.dtype,
        })
    }

    /// Every element as `f32`, in C order (last index fastest) whatever the stored order.
    #[must_use]
    pub fn to_f32(&self) -> Vec<f32> {
        self.decode(|v| v as f32)
    }

    fn decode<T: Copy>(&self, convert: impl Fn(f64) -> T) -> Vec<T> {
        let dtype = self.header.dtype;
        let size = dtype.size_bytes.max(1);
        let stored: Vec<T> = self
            .data
            .chunks_exact(size)
            .map(|chunk| convert(dtype.to_f64(chunk)))
            .collect();
        if self.header.fortran_order && self.header.shape.len() > 1 {
            c_order_from_fortran(&stored, &self.header.shape)
        } else {
            stored
        }
    }
}

/// The elements of a C-order array, decoded one at a time from the file's bytes.
#[derive(Clone, Copy, Debug)]
pub struct COrderValues<'a> {
    data: &'a [u8],
    dtype: Dtype,
}

impl<'a> COrderValues<'a> {
    /// The elements of `dtype` stored in `data`, in C order.
    #[must_use]
    pub fn new(data: &'a [u8], dtype: Dtype) -> Self {
        Self { data, dtype }
    }
}

impl super::build::Values for COrderValues<'_> {
    fn count(&self) -> usize {
        self.data.len() / self.dtype.size_bytes.max(1)
    }

    fn value(&self, index: usize) -> f32 {
        let size = self.dtype.size_bytes.max(1);
        index
            .checked_mul(size)
            .and_then(|at| self.data.get(at..at + size))
            .map_or(f32::NAN, |bytes| self.dtype.to_f64(bytes) as f32)
    }

    fn decode_run(&self, start: usize, out: &mut [f32]) {
        let size = self.dtype.size_bytes.max(1);
        let run = start
            .checked_mul(size)
            .and_then(|at| self.data.get(at..))
            .unwrap_or_default();
        let take = (run.len() / size).min(out.len());
        let (head, tail) = out.split_at_mut(take);
        tail.fill(f32::NAN);
        let little_f32 = Dtype {
            kind: ScalarKind::Float,
            size_bytes: 4,
            order: ByteOrder::Little,
        };
        if self.dtype == little_f32 {
            // The common case (NumPy's float32 on every usual machine): a plain copy.
            for (slot, bytes) in head.iter_mut().zip(run.as_chunks::<4>().0) {
                *slot = f32::from_le_bytes(*bytes);
            }
        } else {
            for (slot, bytes) in head.iter_mut().zip(run.chunks_exact(size)) {
                *slot = self.dtype.to_f64(bytes) as f32;
            }
        }
    }
}

/// Reorders column-major (`fortran_order`) values into row-major order. `values` must hold the
/// product of `shape` elements; missing ones are skipped.
#[must_use]
pub fn c_order_from_fortran<T: Copy>(values: &[T], shape: &[usize]) -> Vec<T> {
    // Fortran strides: the first index is fastest.
    let mut strides = Vec::with_capacity(shape.len());
    let mut stride = 1_usize;
    for &dim in shape {
        strides.push(stride);
        stride = stride.saturating_mul(dim);
    }
    let mut out = Vec::with_capacity(values.len());
    let mut index = vec![0_usize; shape.len()];
    let mut offset = 0_usize;
    for _ in 0..values.len() {
        if let Some(&v) = values.get(offset) {
            out.push(v);
        }
        // Advance the C-order odometer (last index fastest), keeping the Fortran offset.
        for axis in (0..shape.len()).rev() {
            let (Some(i), Some(&dim), Some(&s)) =
                (index.get_mut(axis), shape.get(axis), strides.get(axis))
            else {
                break;
            };
            *i += 1;
            offset += s;
            if *i < dim {
                break;
            }
            offset -= s * *i;
            *i = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortran_order_transposes() {
        // A 2x3 array [[0, 1, 2], [3, 4, 5]] stored column-major is 0 3 1 4 2 5.
        let fortran = [0, 3, 1, 4, 2, 5];
        assert_eq!(
            c_order_from_fortran(&fortran, &[2, 3]),
            vec![0, 1, 2, 3, 4, 5]
        );
        // 2x3x2: element (i, j, k) = 100i + 10j + k.
        let shape = [2, 3, 2];
        let mut stored = vec![0; 12];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    stored[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        let c = c_order_from_fortran(&stored, &shape);
        assert_eq!(c, vec![0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121]);
    }
}
