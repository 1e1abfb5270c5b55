//! One thread's part of the motion index: a byte range of the motion section, read with
//! `read_at` into one reused buffer, line by line. Each line is checked to hold only number-like
//! tokens (bytes of `0-9 . + - e E` between whitespace) and counted; lines of exactly the
//! channel count are frames, blank lines are skipped, anything else is recorded for the index
//! to judge.

use std::fs::File;

/// Bytes read per `read_at`; also the longest line the index accepts.
pub(super) const BUFFER_BYTES: usize = 256 << 10;

/// A line that is neither a frame nor blank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ShortLine {
    /// File offset of the line's first byte.
    pub start: u64,
    /// File offset just past the line (its newline included).
    pub end: u64,
    /// Tokens on it (fewer than the channel count).
    pub tokens: usize,
}

/// What one range holds.
#[derive(Debug, Default)]
pub(super) struct Scanned {
    /// File offset of the first byte of each frame line, in order.
    pub frame_starts: Vec<u64>,
    /// File offset just past the last frame line.
    pub frames_end: u64,
    /// The first line with fewer tokens than a frame, and whether a frame follows it here.
    pub short: Option<ShortLine>,
    /// True when a frame line follows the short line, or a second short line exists.
    pub short_not_last: bool,
    /// True when a line has a byte that is not whitespace or number-like, more tokens than a
    /// frame, or is longer than [`BUFFER_BYTES`]: the index cannot vouch for the file.
    pub odd: bool,
}

/// Scans `start..end` of `file` (`start` at a line start, `end` at a line start or the end of
/// the file) for lines of `channels` tokens.
///
/// # Errors
/// When the file cannot be read.
pub(super) fn scan_range(
    file: &File,
    start: u64,
    end: u64,
    channels: usize,
) -> std::io::Result<Scanned> {
    let mut scanned = Scanned {
        frames_end: start,
        ..Scanned::default()
    };
    let estimate = (end - start) / (channels as u64 * 2).max(1);
    scanned
        .frame_starts
        .reserve(usize::try_from(estimate.min(1 << 20)).unwrap_or(0));
    let mut buffer = vec![0; BUFFER_BYTES];
    let mut filled = 0;
    // File offset of buffer[0].
    let mut base = start;
    loop {
        let want = usize::try_from((end - base).saturating_sub(filled as u64))
            .unwrap_or(usize::MAX)
            .min(BUFFER_BYTES - filled);
        let read = super::frames::read_exact_at(
            file,
            &mut buffer[filled..filled + want],
            base + filled as u64,
        )?;
        filled += read;
        let at_end = read < want || base + filled as u64 >= end;
        let mut line_start = 0;
        while let Some(newline) = memchr::memchr(b'\n', &buffer[line_start..filled]) {
            let line_end = line_start + newline + 1;
            scanned.line(
                &buffer[line_start..line_end],
                base + line_start as u64,
                channels,
            );
            line_start = line_end;
        }
        if at_end {
            if line_start < filled {
                scanned.line(
                    &buffer[line_start..filled],
                    base + line_start as u64,
                    channels,
                );
            }
            return Ok(scanned);
        }
        if line_start == 0 {
            // A line longer than the buffer: no exporter writes one.
            scanned.odd = true;
            return Ok(scanned);
        }
        buffer.copy_within(line_start..filled, 0);
        filled -= line_start;
        base += line_start as u64;
        if scanned.odd {
            return Ok(scanned);
        }
    }
}

impl Scanned {
    /// Takes one line (with its newline, if any) starting at file offset `start`.
    fn line(&mut self, line: &[u8], start: u64, channels: usize) {
        let (tokens, odd) = count_tokens(line);
        if odd || tokens > channels {
            self.odd = true;
        } else if tokens == channels {
            if self.short.is_some() {
                self.short_not_last = true;
            }
            self.frame_starts.push(start);
            self.frames_end = start + line.len() as u64;
        } else if tokens > 0 {
            if self.short.is_some() {
                self.short_not_last = true;
            } else {
                self.short = Some(ShortLine {
                    start,
                    end: start + line.len() as u64,
                    tokens,
                });
            }
        }
    }
}

/// Whitespace as [`super::tokens`] has it, as 1 or 0 (without branches, so loops over it
/// vectorise).
fn space(b: u8) -> u8 {
    u8::from(b == b' ') | u8::from(b.wrapping_sub(9) < 5)
}

/// Bytes a motion value may be made of, as 1 or 0.
fn number_like(b: u8) -> u8 {
    u8::from(b.wrapping_sub(b'0') < 10)
        | u8::from(b == b'.')
        | u8::from(b == b'-')
        | u8::from(b == b'+')
        | u8::from((b | 0x20) == b'e')
}

/// Bytes handled together by [`count_tokens`] (one SSE2 register).
const LANES: usize = 16;

/// Tokens on `line` (whitespace-separated runs), and whether a byte is neither whitespace nor
/// number-like. Works on fixed blocks of [`LANES`] bytes with byte-wide counters per lane, so
/// the compiler turns it into vector code; the last partial block is padded with spaces.
fn count_tokens(line: &[u8]) -> (usize, bool) {
    let mut tokens = 0;
    let mut counts = [0_u8; LANES];
    let mut bad = [0_u8; LANES];
    // 1 when the byte before the block is whitespace (or the line starts).
    let mut before = 1;
    let mut blocks = line.chunks_exact(LANES);
    for (k, block) in (&mut blocks).enumerate() {
        let mut bytes = [0; LANES];
        bytes.copy_from_slice(block);
        before = add_block(&bytes, before, &mut counts, &mut bad);
        if k % 255 == 254 {
            // Flush before a lane's byte counter can overflow.
            tokens += counts.iter().map(|&c| usize::from(c)).sum::<usize>();
            counts = [0; LANES];
        }
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        let mut bytes = [b' '; LANES];
        bytes[..rest.len()].copy_from_slice(rest);
        add_block(&bytes, before, &mut counts, &mut bad);
    }
    tokens += counts.iter().map(|&c| usize::from(c)).sum::<usize>();
    (tokens, bad.iter().any(|&b| b != 0))
}

/// Adds one block's token starts to `counts` and its odd bytes to `bad`; returns whether its
/// last byte is whitespace.
#[expect(
    clippy::inline_always,
    reason = "measured: as a call its counters go through memory and the index takes 1.5x longer"
)]
#[inline(always)]
fn add_block(
    bytes: &[u8; LANES],
    before: u8,
    counts: &mut [u8; LANES],
    bad: &mut [u8; LANES],
) -> u8 {
    let spaces: [u8; LANES] = std::array::from_fn(|i| space(bytes[i]));
    let mut previous = [0; LANES];
    previous[0] = before;
    previous[1..].copy_from_slice(&spaces[..LANES - 1]);
    for i in 0..LANES {
        counts[i] += (spaces[i] ^ 1) & previous[i];
        bad[i] |= (spaces[i] | number_like(bytes[i])) ^ 1;
    }
    spaces[LANES - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_odd_bytes() {
        assert_eq!(count_tokens(b""), (0, false));
        assert_eq!(count_tokens(b" \t\r\n"), (0, false));
        assert_eq!(count_tokens(b"1 -2.5\t.5e-3\r\n"), (3, false));
        assert_eq!(count_tokens(b"  1  2 "), (2, false));
        assert_eq!(count_tokens(b"1 nan 3"), (3, true));
        assert_eq!(count_tokens(b"1 2\x003"), (2, true));
        assert_eq!(count_tokens(b"1 \xc3\xa9"), (2, true));
        let long: Vec<u8> = b"12.5 ".repeat(1000);
        assert_eq!(count_tokens(&long), (1000, false));
        let glued: Vec<u8> = b"1".repeat(700);
        assert_eq!(count_tokens(&glued), (1, false), "one token over blocks");
    }

    fn scan_text(text: &str, channels: usize) -> Scanned {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.txt");
        std::fs::write(&path, text).unwrap();
        let file = File::open(&path).unwrap();
        scan_range(&file, 0, text.len() as u64, channels).unwrap()
    }

    #[test]
    fn frames_blank_lines_and_a_short_last_line() {
        let s = scan_text("1 2 3\n\n4 5 6\r\n  \n7 8\n", 3);
        assert_eq!(s.frame_starts, [0, 7]);
        assert_eq!(s.frames_end, 14);
        assert_eq!(
            s.short,
            Some(ShortLine {
                start: 17,
                end: 21,
                tokens: 2
            })
        );
        assert!(!s.short_not_last && !s.odd);
        let s = scan_text("1 2 3\n7 8\n4 5 6", 3);
        assert!(s.short_not_last, "a frame after a short line");
        let s = scan_text("1 2 3 4\n", 3);
        assert!(s.odd, "too many tokens");
        let s = scan_text("1 2 3\n4 5 6", 3);
        assert_eq!(
            (s.frame_starts.len(), s.frames_end),
            (2, 11),
            "no last newline"
        );
    }
}
