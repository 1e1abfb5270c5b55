//! Bounds-checked reads of 8-, 16- and 32-bit values at byte offsets of a C3D file.

use super::processor::Processor;

/// What went wrong, and where: turned into a [`crate::formats::LoadError`] naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Byte offset of the problem in the file.
    pub offset: u64,
    /// One readable sentence.
    pub message: String,
}

impl Fault {
    /// A fault at byte `offset`.
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset: offset as u64,
            message: message.into(),
        }
    }
}

/// The file's bytes with its processor type: every read is checked against the end.
#[derive(Clone, Copy, Debug)]
pub struct Decoder<'a> {
    /// The whole file.
    pub bytes: &'a [u8],
    /// How numbers are stored.
    pub processor: Processor,
}

impl<'a> Decoder<'a> {
    /// A decoder over `bytes`.
    pub fn new(bytes: &'a [u8], processor: Processor) -> Self {
        Self { bytes, processor }
    }

    /// `len` bytes at `offset`, when they are all in the file.
    pub fn slice(&self, offset: usize, len: usize) -> Option<&'a [u8]> {
        self.bytes.get(offset..offset.checked_add(len)?)
    }

    /// The byte at `offset`.
    pub fn u8(&self, offset: usize) -> Option<u8> {
        self.bytes.get(offset).copied()
    }

    /// The signed byte at `offset`.
    pub fn i8(&self, offset: usize) -> Option<i8> {
        self.u8(offset).map(|b| b as i8)
    }

    /// The unsigned 16-bit word at `offset`.
    pub fn u16(&self, offset: usize) -> Option<u16> {
        let s = self.slice(offset, 2)?;
        Some(self.processor.u16([*s.first()?, *s.get(1)?]))
    }

    /// The signed 16-bit word at `offset`.
    pub fn i16(&self, offset: usize) -> Option<i16> {
        self.u16(offset).map(|w| w as i16)
    }

    /// The 32-bit float at `offset`.
    pub fn f32(&self, offset: usize) -> Option<f32> {
        let s = self.slice(offset, 4)?;
        Some(
            self.processor
                .f32([*s.first()?, *s.get(1)?, *s.get(2)?, *s.get(3)?]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_end() {
        let bytes = [1_u8, 2, 3];
        let d = Decoder::new(&bytes, Processor::Intel);
        assert_eq!(d.u16(0), Some(0x0201));
        assert_eq!(d.u16(1), Some(0x0302));
        assert_eq!(d.u16(2), None);
        assert_eq!(d.f32(0), None);
        assert_eq!(d.slice(usize::MAX, 2), None);
        assert_eq!(d.i8(2), Some(3));
        assert_eq!(d.u8(3), None);
    }
}
