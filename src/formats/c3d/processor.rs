//! Processor types: how a C3D file stores its 16-bit integers and 32-bit floats.
//!
//! Byte 4 of the parameter section is `83 + type` (C3D User Guide, "parameter header"):
//! Intel stores little-endian integers and IEEE floats, DEC stores little-endian integers and
//! VAX `F_floating` values, MIPS (SGI) stores big-endian integers and IEEE floats.

/// The processor type a C3D file was written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Processor {
    /// Intel PC: little-endian integers, little-endian IEEE floats (type byte 84).
    Intel,
    /// DEC VAX / PDP-11: little-endian integers, VAX `F_floating` floats (type byte 85).
    Dec,
    /// MIPS / SGI: big-endian integers and IEEE floats (type byte 86).
    Mips,
}

impl Processor {
    /// The processor for a parameter-section type byte (84, 85 or 86).
    #[must_use]
    pub fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            84 => Some(Self::Intel),
            85 => Some(Self::Dec),
            86 => Some(Self::Mips),
            _ => None,
        }
    }

    /// The parameter-section type byte of this processor.
    #[must_use]
    pub fn byte(self) -> u8 {
        match self {
            Self::Intel => 84,
            Self::Dec => 85,
            Self::Mips => 86,
        }
    }

    /// A readable name for `details`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Intel => "Intel (little-endian, IEEE floats)",
            Self::Dec => "DEC (little-endian, VAX floats)",
            Self::Mips => "MIPS (big-endian, IEEE floats)",
        }
    }

    /// Decodes an unsigned 16-bit word.
    #[must_use]
    pub fn u16(self, bytes: [u8; 2]) -> u16 {
        match self {
            Self::Intel | Self::Dec => u16::from_le_bytes(bytes),
            Self::Mips => u16::from_be_bytes(bytes),
        }
    }

    /// Decodes a signed 16-bit word.
    #[must_use]
    pub fn i16(self, bytes: [u8; 2]) -> i16 {
        self.u16(bytes) as i16
    }

    /// Decodes a 32-bit float (a VAX reserved operand decodes to NaN).
    #[must_use]
    pub fn f32(self, bytes: [u8; 4]) -> f32 {
        match self {
            Self::Intel => f32::from_le_bytes(bytes),
            Self::Mips => f32::from_be_bytes(bytes),
            Self::Dec => vax_to_f32(bytes),
        }
    }

    /// Encodes an unsigned 16-bit word.
    #[must_use]
    pub fn u16_bytes(self, value: u16) -> [u8; 2] {
        match self {
            Self::Intel | Self::Dec => value.to_le_bytes(),
            Self::Mips => value.to_be_bytes(),
        }
    }

    /// Encodes a signed 16-bit word.
    #[must_use]
    pub fn i16_bytes(self, value: i16) -> [u8; 2] {
        self.u16_bytes(value as u16)
    }

    /// Encodes a 32-bit float (NaN and infinities become the VAX reserved operand on DEC).
    #[must_use]
    pub fn f32_bytes(self, value: f32) -> [u8; 4] {
        match self {
            Self::Intel => value.to_le_bytes(),
            Self::Mips => value.to_be_bytes(),
            Self::Dec => f32_to_vax(value),
        }
    }
}

/// VAX `F_floating`: two little-endian 16-bit words, the one holding sign and exponent first.
/// Value = (0.5 + fraction / 2^24) × 2^(exponent − 128), i.e. IEEE-like bits read with an
/// exponent bias of 129. Exponent 0 is zero (sign 0) or a reserved operand (sign 1).
fn vax_to_f32(bytes: [u8; 4]) -> f32 {
    let [b0, b1, b2, b3] = bytes;
    let bits = u32::from_le_bytes([b2, b3, b0, b1]);
    let negative = bits >> 31 == 1;
    let exponent = ((bits >> 23) & 0xff) as i32;
    let fraction = bits & 0x007f_ffff;
    if exponent == 0 {
        return if negative { f32::NAN } else { 0.0 };
    }
    let mantissa = 1.0 + f64::from(fraction) / f64::from(1_u32 << 23);
    let magnitude = mantissa * 2_f64.powi(exponent - 129);
    let value = if negative { -magnitude } else { magnitude };
    value as f32
}

/// The inverse of [`vax_to_f32`]; values beyond the VAX range saturate, tiny ones become zero.
fn f32_to_vax(value: f32) -> [u8; 4] {
    const RESERVED: [u8; 4] = [0x00, 0x80, 0x00, 0x00];
    if !value.is_finite() {
        return RESERVED;
    }
    if value == 0.0 {
        return [0; 4];
    }
    let sign = if value < 0.0 { 1_u32 << 31 } else { 0 };
    let magnitude = f64::from(value.abs());
    // magnitude = m × 2^e with m in [1, 2): VAX exponent field = e + 129.
    let mut e = magnitude.log2().floor() as i32;
    let mut m = magnitude / 2_f64.powi(e);
    if m >= 2.0 {
        m /= 2.0;
        e += 1;
    } else if m < 1.0 {
        m *= 2.0;
        e -= 1;
    }
    let mut fraction = ((m - 1.0) * f64::from(1_u32 << 23)).round() as u32;
    if fraction >= 1 << 23 {
        fraction = 0;
        e += 1;
    }
    let field = e + 129;
    let bits = if field <= 0 {
        return [0; 4];
    } else if field > 255 {
        sign | 0x7fff_ffff
    } else {
        sign | ((field as u32) << 23) | fraction
    };
    let [c0, c1, c2, c3] = bits.to_le_bytes();
    [c2, c3, c0, c1]
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "decoded values are compared bit for bit")]
mod tests {
    use super::*;

    #[test]
    fn type_bytes_round_trip() {
        for p in [Processor::Intel, Processor::Dec, Processor::Mips] {
            assert_eq!(Processor::from_byte(p.byte()), Some(p));
        }
        assert_eq!(Processor::from_byte(83), None);
    }

    #[test]
    fn vax_one_and_known_constants() {
        // 1.0 in VAX F: word 0x4080, word 0x0000, each little-endian.
        assert_eq!(Processor::Dec.f32([0x80, 0x40, 0x00, 0x00]), 1.0);
        assert_eq!(Processor::Dec.f32([0x80, 0xc0, 0x00, 0x00]), -1.0);
        assert_eq!(Processor::Dec.f32([0x00, 0x00, 0x00, 0x00]), 0.0);
        assert!(Processor::Dec.f32([0x00, 0x80, 0x12, 0x34]).is_nan());
        // 0.5: exponent field 128, fraction 0.
        assert_eq!(Processor::Dec.f32([0x00, 0x40, 0x00, 0x00]), 0.5);
        // The largest VAX value is beyond IEEE's exponent 255 reading, but still finite.
        let max = Processor::Dec.f32([0xff, 0x7f, 0xff, 0xff]);
        assert!(max.is_finite() && max > 1.0e38);
    }

    #[test]
    fn vax_encoding_round_trips() {
        for v in [
            1.0_f32,
            -1.0,
            0.5,
            -0.281_181_87,
            406.589,
            1.0e-30,
            3.0e37,
            123_456.79,
            f32::MIN_POSITIVE,
        ] {
            let bytes = Processor::Dec.f32_bytes(v);
            assert_eq!(Processor::Dec.f32(bytes), v, "{v}");
        }
        assert!(
            Processor::Dec
                .f32(Processor::Dec.f32_bytes(f32::NAN))
                .is_nan()
        );
        assert_eq!(Processor::Dec.f32_bytes(1.0), [0x80, 0x40, 0x00, 0x00]);
    }

    #[test]
    fn endianness() {
        assert_eq!(Processor::Intel.u16([0x34, 0x12]), 0x1234);
        assert_eq!(Processor::Dec.u16([0x34, 0x12]), 0x1234);
        assert_eq!(Processor::Mips.u16([0x12, 0x34]), 0x1234);
        assert_eq!(Processor::Mips.i16([0xff, 0xff]), -1);
        assert_eq!(Processor::Mips.f32(1.5_f32.to_be_bytes()), 1.5);
        assert_eq!(Processor::Mips.f32_bytes(1.5), 1.5_f32.to_be_bytes());
        assert_eq!(Processor::Intel.i16_bytes(-2), [0xfe, 0xff]);
    }
}
