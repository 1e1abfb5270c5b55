//! One parameter's value: its type, dimensions and raw bytes, decoded on demand.

use super::processor::Processor;

/// The element type of a parameter (C3D User Guide, "parameter section").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// Type −1: characters.
    Char,
    /// Type 1: one byte.
    Byte,
    /// Type 2: a 16-bit integer.
    Int16,
    /// Type 4: a 32-bit float.
    Float,
}

impl ParamType {
    /// The type for a type byte, when it is one of −1, 1, 2, 4.
    #[must_use]
    pub fn from_code(code: i8) -> Option<Self> {
        match code {
            -1 => Some(Self::Char),
            1 => Some(Self::Byte),
            2 => Some(Self::Int16),
            4 => Some(Self::Float),
            _ => None,
        }
    }

    /// The type byte written to a file.
    #[must_use]
    pub fn code(self) -> i8 {
        match self {
            Self::Char => -1,
            Self::Byte => 1,
            Self::Int16 => 2,
            Self::Float => 4,
        }
    }

    /// Bytes per element.
    #[must_use]
    pub fn size(self) -> usize {
        match self {
            Self::Char | Self::Byte => 1,
            Self::Int16 => 2,
            Self::Float => 4,
        }
    }
}

/// A parameter value as stored: type, dimensions (first varies fastest) and raw data.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamValue {
    /// Element type.
    pub kind: ParamType,
    /// Dimensions; empty for a scalar.
    pub dims: Vec<usize>,
    /// `product(dims) × kind.size()` bytes in the file's number format.
    pub data: Vec<u8>,
    /// The file's number format.
    pub processor: Processor,
}

impl ParamValue {
    /// Every element as a number (characters give their byte value).
    #[must_use]
    pub fn numbers(&self) -> Vec<f64> {
        let p = self.processor;
        match self.kind {
            ParamType::Char | ParamType::Byte => self.data.iter().map(|&b| f64::from(b)).collect(),
            ParamType::Int16 => self
                .data
                .chunks_exact(2)
                .map(|c| f64::from(p.i16([c[0], c[1]])))
                .collect(),
            ParamType::Float => self
                .data
                .chunks_exact(4)
                .map(|c| f64::from(p.f32([c[0], c[1], c[2], c[3]])))
                .collect(),
        }
    }

    /// Every element as an unsigned 16-bit word where the type is int16 (C3D stores counts
    /// such as `POINT:USED` and frame numbers as int16 that are meant as unsigned), or rounded
    /// otherwise; `None` for elements that are not finite or out of range.
    #[must_use]
    pub fn words(&self) -> Vec<Option<u16>> {
        let p = self.processor;
        match self.kind {
            ParamType::Int16 => self
                .data
                .chunks_exact(2)
                .map(|c| Some(p.u16([c[0], c[1]])))
                .collect(),
            _ => self
                .numbers()
                .into_iter()
                .map(|v| {
                    let r = v.round();
                    (r.is_finite() && (0.0..=65535.0).contains(&r)).then_some(r as u16)
                })
                .collect(),
        }
    }

    /// The first element as a number.
    #[must_use]
    pub fn first_number(&self) -> Option<f64> {
        self.numbers().first().copied()
    }

    /// The first element as an unsigned word (see [`ParamValue::words`]).
    #[must_use]
    pub fn first_word(&self) -> Option<u16> {
        self.words().first().copied().flatten()
    }

    /// The strings of a character parameter: the first dimension is the length, the others
    /// count the strings. Trailing and leading spaces and NULs are trimmed. Bytes above 127
    /// are read as Latin-1. Non-character parameters give no strings.
    #[must_use]
    pub fn strings(&self) -> Vec<String> {
        if self.kind != ParamType::Char {
            return Vec::new();
        }
        let length = self.dims.first().copied().unwrap_or(1);
        if length == 0 {
            // No data to read: one empty string per element, at most one per possible point.
            let count = self
                .dims
                .iter()
                .skip(1)
                .fold(1_usize, |acc, &d| acc.saturating_mul(d));
            return vec![String::new(); count.min(usize::from(u16::MAX))];
        }
        self.data
            .chunks(length)
            .map(|chunk| {
                let text: String = chunk.iter().map(|&b| char::from(b)).collect();
                text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                    .to_owned()
            })
            .collect()
    }

    /// True for a character parameter whose strings have zero length.
    #[must_use]
    pub fn has_zero_length_strings(&self) -> bool {
        self.kind == ParamType::Char && self.dims.first() == Some(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(kind: ParamType, dims: Vec<usize>, data: Vec<u8>) -> ParamValue {
        ParamValue {
            kind,
            dims,
            data,
            processor: Processor::Intel,
        }
    }

    #[test]
    fn character_arrays_split_on_the_first_dimension() {
        let v = value(ParamType::Char, vec![4, 3], b"RFT1LFT \0\0  ".to_vec());
        assert_eq!(v.strings(), ["RFT1", "LFT", ""]);
        let one = value(ParamType::Char, vec![2], b"mm".to_vec());
        assert_eq!(one.strings(), ["mm"]);
        let empty = value(ParamType::Char, vec![0, 29], Vec::new());
        assert_eq!(empty.strings().len(), 29);
        assert!(empty.has_zero_length_strings());
    }

    #[test]
    fn numbers_and_words() {
        let v = value(ParamType::Int16, vec![2], vec![0xff, 0xff, 0x2d, 0x00]);
        assert_eq!(v.numbers(), [-1.0, 45.0]);
        assert_eq!(v.words(), [Some(65535), Some(45)]);
        let f = value(ParamType::Float, vec![], 515.0_f32.to_le_bytes().to_vec());
        assert_eq!(f.first_word(), Some(515));
        let neg = value(ParamType::Float, vec![], (-3.0_f32).to_le_bytes().to_vec());
        assert_eq!(neg.first_word(), None);
        assert_eq!(neg.first_number(), Some(-3.0));
    }
}
