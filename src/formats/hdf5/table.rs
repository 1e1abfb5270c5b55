//! Compound (record) datasets read as a table: the raw records plus the field layout, with
//! fields looked up by name (SLEAP's field sets grew across format versions, so never by
//! position) and decoded as numbers, number arrays or text.

use hdf5_reader::{CompoundField, Dataset, Datatype, StringPadding, StringSize};

use super::file::H5;
use super::number;
use crate::formats::LoadError;

/// The records of a one-dimensional compound dataset.
pub(crate) struct Table {
    bytes: Vec<u8>,
    row_bytes: usize,
    rows: usize,
    fields: Vec<CompoundField>,
}

/// Where one field sits in a record and what it holds.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    offset: usize,
    dtype: Datatype,
}

impl Table {
    /// Reads every record of `dataset`.
    ///
    /// # Errors
    /// When the dataset is not a one-dimensional compound, claims more than the file can
    /// hold, or cannot be read.
    pub(crate) fn read(h5: &H5, dataset: &Dataset) -> Result<Self, LoadError> {
        let Datatype::Compound { size, fields } = dataset.dtype() else {
            return Err(h5.error(format!(
                "dataset `{}` holds {}, not records",
                dataset.name(),
                number::describe(dataset.dtype())
            )));
        };
        let row_bytes = *size as usize;
        let &[rows] = dataset.shape() else {
            return Err(h5.error(format!(
                "dataset `{}` has {} dimensions, not 1",
                dataset.name(),
                dataset.ndim()
            )));
        };
        h5.check_size(dataset, rows, row_bytes)?;
        let bytes = if rows == 0 {
            Vec::new()
        } else {
            h5.raw_bytes(dataset)?
        };
        let rows = usize::try_from(rows).unwrap_or(usize::MAX);
        if row_bytes == 0 || bytes.len() / row_bytes < rows {
            return Err(h5.error(format!(
                "dataset `{}` holds {} bytes, too few for {rows} records of {row_bytes} bytes",
                dataset.name(),
                bytes.len()
            )));
        }
        Ok(Self {
            bytes,
            row_bytes,
            rows,
            fields: fields.clone(),
        })
    }

    /// Number of records.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The names of the fields, in record order.
    pub(crate) fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }

    /// The field called `name`, when the record has it and it fits in the record.
    pub(crate) fn column(&self, name: &str) -> Option<Column> {
        let field = self.fields.iter().find(|f| f.name == name)?;
        let offset = field.byte_offset as usize;
        let width = hdf5_reader::dtype_element_size(&field.datatype).ok()?;
        (offset.checked_add(width)? <= self.row_bytes).then(|| Column {
            offset,
            dtype: field.datatype.clone(),
        })
    }

    /// The bytes of `column` in record `row`.
    fn cell(&self, row: usize, column: &Column) -> Option<&[u8]> {
        let start = row
            .checked_mul(self.row_bytes)?
            .checked_add(column.offset)?;
        self.bytes
            .get(start..start.checked_add(self.row_bytes - column.offset)?)
    }

    /// A numeric field of record `row`.
    pub(crate) fn number(&self, row: usize, column: &Column) -> Option<f64> {
        number::decode(self.cell(row, column)?, &column.dtype)
    }

    /// A numeric field of record `row` as a whole number, when it is one and fits in `i64`.
    pub(crate) fn integer(&self, row: usize, column: &Column) -> Option<i64> {
        let value = self.number(row, column)?;
        // `i64::MAX as f64` is 2^63 exactly; anything at or beyond it does not fit.
        (value.fract() == 0.0 && value.abs() < i64::MAX as f64).then_some(value as i64)
    }

    /// An array-of-numbers field of record `row` (such as pandas' `values_block_0`), appended
    /// to `out`; a plain numeric field gives one value. Returns false when the field holds
    /// something else.
    pub(crate) fn numbers(&self, row: usize, column: &Column, out: &mut Vec<f64>) -> bool {
        let Some(cell) = self.cell(row, column) else {
            return false;
        };
        match &column.dtype {
            Datatype::Array { base, dims } => {
                let Some(width) = number::width(base).filter(|w| *w > 0) else {
                    return false;
                };
                let count = dims
                    .iter()
                    .fold(1_usize, |n, &d| n.saturating_mul(d as usize));
                let Some(bytes) = count.checked_mul(width).and_then(|n| cell.get(..n)) else {
                    return false;
                };
                let before = out.len();
                out.extend(
                    bytes
                        .chunks_exact(width)
                        .filter_map(|b| number::decode(b, base)),
                );
                out.len() - before == count
            }
            dtype => number::decode(cell, dtype).is_some_and(|v| {
                out.push(v);
                true
            }),
        }
    }

    /// A fixed-length string field of record `row`, without its padding; a numeric field is
    /// written as a number.
    pub(crate) fn text(&self, row: usize, column: &Column) -> Option<String> {
        let cell = self.cell(row, column)?;
        match &column.dtype {
            Datatype::String {
                size: StringSize::Fixed(len),
                padding,
                ..
            } => {
                let bytes = cell.get(..*len as usize)?;
                let bytes = match padding {
                    StringPadding::SpacePad => bytes.trim_ascii_end(),
                    _ => bytes.split(|&b| b == 0).next().unwrap_or_default(),
                };
                Some(String::from_utf8_lossy(bytes).into_owned())
            }
            dtype => {
                let value = number::decode(cell, dtype)?;
                Some(if value.fract() == 0.0 && value.abs() < 1e15 {
                    format!("{}", value as i64)
                } else {
                    value.to_string()
                })
            }
        }
    }
}

#[cfg(test)]
impl Table {
    /// A table of `row_bytes`-byte records with `fields`, for tests of the readers.
    pub(crate) fn from_records(
        fields: Vec<CompoundField>,
        row_bytes: usize,
        bytes: Vec<u8>,
    ) -> Self {
        Self {
            rows: bytes.len() / row_bytes.max(1),
            bytes,
            row_bytes,
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use hdf5_reader::{ByteOrder, StringEncoding};

    use super::*;

    fn table() -> Table {
        let fields = vec![
            CompoundField {
                name: "index".into(),
                byte_offset: 0,
                datatype: Datatype::String {
                    size: StringSize::Fixed(4),
                    encoding: StringEncoding::Ascii,
                    padding: StringPadding::NullTerminate,
                },
            },
            CompoundField {
                name: "values".into(),
                byte_offset: 4,
                datatype: Datatype::Array {
                    base: Box::new(Datatype::FloatingPoint {
                        size: 4,
                        byte_order: ByteOrder::LittleEndian,
                    }),
                    dims: vec![2],
                },
            },
            CompoundField {
                name: "track".into(),
                byte_offset: 12,
                datatype: Datatype::FixedPoint {
                    size: 4,
                    signed: true,
                    byte_order: ByteOrder::LittleEndian,
                },
            },
            CompoundField {
                name: "beyond".into(),
                byte_offset: 14,
                datatype: Datatype::FixedPoint {
                    size: 4,
                    signed: true,
                    byte_order: ByteOrder::LittleEndian,
                },
            },
        ];
        let mut bytes = Vec::new();
        for (name, values, track) in [
            (b"ab\0\0", [1.5_f32, 2.5], -1_i32),
            (b"wxyz", [3.0, 4.0], 7),
        ] {
            bytes.extend_from_slice(name);
            bytes.extend(values.iter().flat_map(|v| v.to_le_bytes()));
            bytes.extend_from_slice(&track.to_le_bytes());
        }
        Table::from_records(fields, 16, bytes)
    }

    #[test]
    fn fields_by_name() {
        let table = table();
        let index = table.column("index").expect("index");
        assert_eq!(table.text(0, &index).as_deref(), Some("ab"));
        assert_eq!(table.text(1, &index).as_deref(), Some("wxyz"));
        let values = table.column("values").expect("values");
        let mut out = Vec::new();
        assert!(table.numbers(1, &values, &mut out));
        assert_eq!(out, [3.0, 4.0]);
        let track = table.column("track").expect("track");
        assert_eq!(table.integer(0, &track), Some(-1));
        assert_eq!(table.text(1, &track).as_deref(), Some("7"));
        assert!(
            table.column("beyond").is_none(),
            "a field past the record end"
        );
        assert!(table.column("absent").is_none());
        assert_eq!(table.number(2, &track), None, "no third row");
        assert_eq!(table.field_names().count(), 4);
    }
}
