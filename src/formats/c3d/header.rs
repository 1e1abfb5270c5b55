//! The header section: block 1, 256 16-bit words that duplicate the main parameters.
//!
//! Word numbers in the comments are 1-based, as in the C3D User Guide ("the header section").

use super::decoder::{Decoder, Fault};
use super::processor::Processor;

/// Size of a C3D block in bytes.
pub const BLOCK_BYTES: usize = 512;

/// The data-format key in byte 2 of the file.
pub const KEY: u8 = 0x50;

/// Header word 150 when four-character event labels are supported.
const EVENT_LABELS_KEY: u16 = 12345;

/// The fields of the header a reader needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Header {
    /// Byte 1: the block (1-based) where the parameter section starts.
    pub parameter_block: u8,
    /// Word 2: 3D points per frame.
    pub point_count: u16,
    /// Word 3: analog values per frame, all channels together.
    pub analog_values_per_frame: u16,
    /// Word 4: number of the first frame (1-based, as recorded).
    pub first_frame: u16,
    /// Word 5: number of the last frame.
    pub last_frame: u16,
    /// Word 6: maximum interpolation gap in frames.
    pub max_gap: u16,
    /// Words 7–8: `POINT:SCALE` (negative = float storage).
    pub scale: f32,
    /// Word 9: block (1-based) where the data section starts.
    pub data_start_block: u16,
    /// Word 10: analog samples per channel per 3D frame.
    pub analog_samples_per_frame: u16,
    /// Words 11–12: 3D frame rate.
    pub frame_rate_hz: f32,
}

/// The parameter block number from byte 1, after checking the key in byte 2.
///
/// # Errors
/// When the file is shorter than a header, the key is not 0x50, or the block is 0 or past the end.
pub fn parameter_block(bytes: &[u8]) -> Result<u8, Fault> {
    if bytes.len() < BLOCK_BYTES {
        return Err(Fault::new(
            bytes.len(),
            format!(
                "the file has {} bytes, fewer than the 512-byte C3D header",
                bytes.len()
            ),
        ));
    }
    let (Some(&block), Some(&key)) = (bytes.first(), bytes.get(1)) else {
        return Err(Fault::new(0, "the file is empty"));
    };
    if key != KEY {
        return Err(Fault::new(
            1,
            format!("byte 2 is 0x{key:02X}, not the C3D key 0x50"),
        ));
    }
    let start = (usize::from(block).max(1) - 1) * BLOCK_BYTES;
    if block == 0 || start + 4 > bytes.len() {
        return Err(Fault::new(
            0,
            format!(
                "the header puts the parameter section at block {block}, outside the file's {} blocks",
                bytes.len().div_ceil(BLOCK_BYTES)
            ),
        ));
    }
    Ok(block)
}

impl Header {
    /// Decodes the header words with the processor type read from the parameter section.
    ///
    /// # Errors
    /// When the file is shorter than one block (checked by [`parameter_block`] first).
    pub fn parse(bytes: &[u8], processor: Processor) -> Result<Self, Fault> {
        let parameter_block = parameter_block(bytes)?;
        let d = Decoder::new(bytes, processor);
        let word = |n: usize| d.u16(2 * (n - 1)).unwrap_or(0);
        let float = |n: usize| d.f32(2 * (n - 1)).unwrap_or(f32::NAN);
        Ok(Self {
            parameter_block,
            point_count: word(2),
            analog_values_per_frame: word(3),
            first_frame: word(4),
            last_frame: word(5),
            max_gap: word(6),
            scale: float(7),
            data_start_block: word(9),
            analog_samples_per_frame: word(10),
            frame_rate_hz: float(11),
        })
    }

    /// The 512-byte header block for these fields (events and label/range section left out).
    #[must_use]
    pub fn encode(&self, processor: Processor) -> Vec<u8> {
        let mut block = vec![0_u8; BLOCK_BYTES];
        let mut put = |n: usize, bytes: &[u8]| {
            let at = 2 * (n - 1);
            if let Some(dst) = block.get_mut(at..at + bytes.len()) {
                dst.copy_from_slice(bytes);
            }
        };
        put(1, &[self.parameter_block, KEY]);
        put(2, &processor.u16_bytes(self.point_count));
        put(3, &processor.u16_bytes(self.analog_values_per_frame));
        put(4, &processor.u16_bytes(self.first_frame));
        put(5, &processor.u16_bytes(self.last_frame));
        put(6, &processor.u16_bytes(self.max_gap));
        put(7, &processor.f32_bytes(self.scale));
        put(9, &processor.u16_bytes(self.data_start_block));
        put(10, &processor.u16_bytes(self.analog_samples_per_frame));
        put(11, &processor.f32_bytes(self.frame_rate_hz));
        put(150, &processor.u16_bytes(EVENT_LABELS_KEY));
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Header {
        Header {
            parameter_block: 2,
            point_count: 36,
            analog_values_per_frame: 64,
            first_frame: 1,
            last_frame: 89,
            max_gap: 10,
            scale: -0.281_181_87,
            data_start_block: 13,
            analog_samples_per_frame: 4,
            frame_rate_hz: 50.0,
        }
    }

    #[test]
    fn encode_then_parse_for_every_processor() {
        for p in [Processor::Intel, Processor::Dec, Processor::Mips] {
            let mut bytes = sample().encode(p);
            bytes.resize(1024, 0);
            assert_eq!(Header::parse(&bytes, p), Ok(sample()));
        }
    }

    #[test]
    fn bad_keys_and_blocks_are_faults() {
        assert_eq!(parameter_block(&[2, 0x50]).map_err(|f| f.offset), Err(2));
        let mut bytes = vec![0_u8; 512];
        bytes[0] = 2;
        bytes[1] = 0x51;
        assert_eq!(parameter_block(&bytes).map_err(|f| f.offset), Err(1));
        bytes[1] = 0x50;
        // Block 2 starts at 512: past the end of a one-block file.
        assert!(parameter_block(&bytes).is_err());
        bytes[0] = 1;
        assert_eq!(parameter_block(&bytes), Ok(1));
        bytes[0] = 0;
        assert!(parameter_block(&bytes).is_err());
    }
}
