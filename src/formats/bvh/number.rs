//! Parsing motion values fast: plain decimals (`-12.345678`, `7`, `.5`) eight digits at a time,
//! anything else by the general parser, always to the same `f64` as `str::parse`.
//!
//! A plain decimal of at most 8 digits makes an integer mantissa below 10^8 < 2^53 and a divisor
//! 10^k (k <= 8), both exact in `f64`, so the one IEEE division rounds the true value correctly,
//! as `str::parse` does (Clinger's fast path). Exponents (`9.27476E-16`) and longer numbers go to
//! `fast_float2`, also correctly rounded.

/// Bytes a buffer must hold after its last token for [`parse_value`]: it reads 8 bytes at a time
/// past the token, so buffers are padded with this many spaces.
pub(super) const PADDING_BYTES: usize = 24;

/// Exact powers of ten up to 10^8 (and room for a masked index).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
];

/// The whitespace of [`super::tokens`].
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

/// The 8 bytes at `at` as a little-endian word (first byte lowest); bytes past the end of `bytes`
/// count as spaces.
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [b' '; 8];
    if let Some(eight) = bytes.get(at..at + 8) {
        word.copy_from_slice(eight);
    } else {
        let tail = bytes.get(at..).unwrap_or_default();
        word[..tail.len()].copy_from_slice(tail);
    }
    u64::from_le_bytes(word)
}

/// How many of the bytes of `word` (first byte lowest) are ASCII digits before the first one
/// that is not (8 when all are).
///
/// Per byte, with `t = byte ^ b'0'`: a digit has `t < 10`, so `t + 0x76 < 0x80`; any other byte
/// sets bit 7 of `t + 0x76` (10 ≤ t < 0x8A) or of `t` itself (t ≥ 0x80). A carry out of a byte
/// only reaches later bytes, which come after the first non-digit and do not matter.
fn leading_digits(word: u64) -> usize {
    let t = word ^ 0x3030_3030_3030_3030;
    let not_digit = (t.wrapping_add(0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080;
    (not_digit.trailing_zeros() / 8) as usize
}

/// The value of the first `count` (0..=8) bytes of `word`, all ASCII digits, first byte most
/// significant: the SWAR conversion of eight digits, with the digits moved to the top so that
/// the bytes below them read as leading zeros.
fn digits_value(word: u64, count: usize) -> u64 {
    if count == 0 {
        return 0;
    }
    let values = (word & 0x0f0f_0f0f_0f0f_0f0f) << (8 * (8 - count));
    let pairs = values.wrapping_mul(10).wrapping_add(values >> 8);
    let low = (pairs & 0x0000_00ff_0000_00ff).wrapping_mul(100 + (1_000_000 << 32));
    let high = ((pairs >> 16) & 0x0000_00ff_0000_00ff).wrapping_mul(1 + (10_000 << 32));
    low.wrapping_add(high) >> 32
}

/// The plain decimal of at most 8 digits at `at` (`-12.345678`, `7`, `.5`, `1.`), with the
/// index of the byte after it, when it is followed by whitespace (or the end); `None` for
/// anything else.
///
/// The 8 bytes after the sign are one word; when a point follows the integer digits, the bytes
/// above it move down one and the 9th byte comes in on top, so the word holds the digits of
/// both parts, converted at once.
#[expect(
    clippy::inline_always,
    reason = "measured: as a call, the two cursors of `frames.rs` cannot overlap their values"
)]
#[inline(always)]
fn plain_decimal(bytes: &[u8], at: usize) -> Option<(f64, usize)> {
    let first = *bytes.get(at)?;
    let negative = first == b'-';
    let start = at + usize::from(negative || first == b'+');
    let word = word_at(bytes, start);
    let whole_digits = leading_digits(word);
    let has_point = whole_digits < 8 && (word >> (8 * (whole_digits & 7))) as u8 == b'.';
    let (digits_word, point) = if has_point {
        let below = (1_u64 << (8 * whole_digits)) - 1;
        let ninth = u64::from(bytes.get(start + 8).copied().unwrap_or(b' '));
        ((word & below) | ((word >> 8) & !below) | (ninth << 56), 1)
    } else {
        (word, 0)
    };
    let digits = if has_point {
        leading_digits(digits_word)
    } else {
        whole_digits
    };
    let end = start + digits + point;
    let ends_well = bytes.get(end).is_none_or(|&b| is_space(b));
    if digits == 0 || !ends_well || (!has_point && digits == 8) {
        return None;
    }
    // Below 10^8, so the signed conversion (one instruction) is exact, and so is 10^k, k <= 8;
    // the digits past the integer ones are the fraction (none without a point).
    let mantissa = digits_value(digits_word, digits);
    let magnitude = mantissa as i64 as f64 / POW10[(digits - whole_digits) & 15];
    // The magnitude is +0 or positive: setting the sign bit negates it, without a branch.
    let value = f64::from_bits(magnitude.to_bits() | (u64::from(negative) << 63));
    Some((value, end))
}

/// The number at `at` in `bytes` (which must not start with whitespace there) and the index of
/// the byte after its token; `None` when the token is not a finite number. Gives exactly what
/// `str::parse::<f64>` gives for the token.
#[expect(
    clippy::inline_always,
    reason = "called once per motion value; measured: left to itself the compiler kept it a call"
)]
#[inline(always)]
pub(super) fn parse_value(bytes: &[u8], at: usize) -> Option<(f64, usize)> {
    match plain_decimal(bytes, at) {
        Some(parsed) => Some(parsed),
        None => general(bytes, at),
    }
}

/// [`parse_value`] for what is not a plain decimal.
#[cold]
#[inline(never)]
fn general(bytes: &[u8], at: usize) -> Option<(f64, usize)> {
    let rest = bytes.get(at..)?;
    let length = rest.iter().position(|&b| is_space(b)).unwrap_or(rest.len());
    let token = rest.get(..length)?;
    let (value, used) = fast_float2::parse_partial::<f64, _>(token).ok()?;
    (used == length && length > 0 && value.is_finite()).then_some((value, at + length))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_value` and `str::parse` agree bit for bit on `text` (both fail or both give the
    /// same bits), and the whole token is used.
    fn agrees(text: &str) {
        let mut padded = text.as_bytes().to_vec();
        padded.extend_from_slice(&[b' '; PADDING_BYTES]);
        for bytes in [text.as_bytes(), &padded[..]] {
            let got = parse_value(bytes, 0);
            let want = text.parse::<f64>().ok().filter(|v| v.is_finite());
            match (got, want) {
                (Some((value, end)), Some(want)) => {
                    assert_eq!(value.to_bits(), want.to_bits(), "{text}");
                    assert_eq!(end, text.len(), "{text}");
                }
                (None, None) => {}
                _ => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn digits_are_counted_and_valued() {
        let word = |text: &[u8]| word_at(text, 0);
        assert_eq!(leading_digits(word(b"1234.567")), 4);
        assert_eq!(leading_digits(word(b"12345678")), 8);
        assert_eq!(leading_digits(word(b"-1")), 0);
        assert_eq!(leading_digits(word(b"9\xff9")), 1);
        assert_eq!(leading_digits(word(b"0:/9")), 1);
        assert_eq!(digits_value(word(b"1234.567"), 4), 1234);
        assert_eq!(digits_value(word(b"0000007x"), 7), 7);
        assert_eq!(digits_value(word(b"9876543 "), 7), 9_876_543);
        assert_eq!(digits_value(word(b"5"), 1), 5);
    }

    #[test]
    fn special_spellings_agree_with_the_standard_parser() {
        for text in [
            "0",
            "-0",
            "+0",
            "7",
            "-12.345678",
            ".5",
            "-.5",
            "+3.5",
            "1.",
            "-1.",
            "0.1",
            "0.3",
            "2.675",
            "-180",
            "9999999.9999999",
            "99999999",
            "1234567.12345678",
            "0.000001",
            "-0.000000",
            "9.27476E-16",
            "1e5",
            "1E+5",
            "-2.5e-3",
            "1e400",
            "1e-400",
            "nan",
            "inf",
            "-infinity",
            "",
            "-",
            "+",
            ".",
            "-.",
            "1.2.3",
            "1-2",
            "--1",
            "1e",
            "e5",
            "1x",
            "0x10",
            "12,5",
            "1.5e",
            "00000000012.5",
            "0.008333333333333333",
            "123456789012345678901234567890",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn many_decimals_agree_with_the_standard_parser() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300_000 {
            let r = next();
            let whole_digits = (r % 9) as usize;
            let fraction_digits = ((r >> 8) % 10) as usize;
            let sign = ["", "-", "+"][((r >> 16) % 3) as usize];
            let mut text = sign.to_owned();
            let mut digits = next();
            for _ in 0..whole_digits {
                text.push(char::from(b'0' + (digits % 10) as u8));
                digits /= 10;
            }
            if fraction_digits > 0 || (r >> 20) % 4 == 0 {
                text.push('.');
            }
            let mut digits = next();
            for _ in 0..fraction_digits {
                text.push(char::from(b'0' + (digits % 10) as u8));
                digits /= 10;
            }
            agrees(&text);
        }
    }

    #[test]
    fn tokens_end_at_whitespace() {
        let line = b"1.5\t-2 .25\r\n3e2 x";
        let mut at = 0;
        let mut got = Vec::new();
        while at < line.len() {
            if is_space(line[at]) {
                at += 1;
                continue;
            }
            let Some((value, end)) = parse_value(line, at) else {
                break;
            };
            got.push(value);
            at = end;
        }
        assert_eq!(got, [1.5, -2.0, 0.25, 300.0]);
        assert_eq!(parse_value(b"1.5x", 0), None);
    }
}
