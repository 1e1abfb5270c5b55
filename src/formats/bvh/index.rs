//! The motion index: where each chunk of frames starts in the file, found on every core without
//! parsing a number. The motion section is cut into one byte range per thread at line breaks,
//! each range is scanned by [`super::scan`], and the results are put together.
//!
//! The index covers the layout every exporter writes: one frame of exactly `channels` values per
//! line, blank lines allowed, the last line possibly short (a truncated file). Anything else
//! (a frame wrapped over lines, a byte that cannot be part of a number, a short line in the
//! middle) gives `None`, and the whole-file reader reads the file.

use std::fs::File;
use std::os::unix::fs::FileExt;

use super::scan::{BUFFER_BYTES, Scanned, ShortLine, scan_range};

/// Motion sections smaller than this are scanned on one thread.
const MIN_PARALLEL_BYTES: u64 = 1 << 20;

/// Where the frames of the motion section are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct MotionIndex {
    /// Number of whole frames (lines of `channels` values).
    pub frames: usize,
    /// Frames per chunk.
    pub frames_per_chunk: usize,
    /// File offset of the first line of each chunk, then the offset just past the last frame
    /// line: chunk `k` is `bounds[k]..bounds[k + 1]` (blank lines included).
    pub bounds: Vec<u64>,
    /// The short last line (values that do not fill a frame), if any.
    pub short: Option<ShortLine>,
}

impl MotionIndex {
    /// Number of chunks.
    pub fn chunk_count(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// File offsets of chunk `index`'s lines, and its number of frames.
    pub fn chunk(&self, index: usize) -> Option<(u64, u64, usize)> {
        let start = *self.bounds.get(index)?;
        let end = *self.bounds.get(index + 1)?;
        let first = index * self.frames_per_chunk;
        let frames = self.frames.saturating_sub(first).min(self.frames_per_chunk);
        Some((start, end, frames))
    }
}

/// Indexes `start..end` of `file` (the motion values after the `Frame Time:` line) on `threads`
/// threads; `Ok(None)` when the layout is not one the index covers.
///
/// # Errors
/// When the file cannot be read.
pub(super) fn index_motion(
    file: &File,
    start: u64,
    end: u64,
    channels: usize,
    frames_per_chunk: usize,
    threads: usize,
) -> std::io::Result<Option<MotionIndex>> {
    if channels == 0 || frames_per_chunk == 0 || start > end {
        return Ok(None);
    }
    let threads = if end - start < MIN_PARALLEL_BYTES {
        1
    } else {
        threads.max(1)
    };
    let cuts = cut_points(file, start, end, threads)?;
    let parts: Vec<std::io::Result<Scanned>> = if cuts.len() == 2 {
        vec![scan_range(file, start, end, channels)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let (from, to) = (w[0], w[1]);
                    scope.spawn(move || scan_range(file, from, to, channels))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(std::io::Error::other("a motion index thread panicked"))
                    })
                })
                .collect()
        })
    };
    let parts = parts.into_iter().collect::<std::io::Result<Vec<_>>>()?;
    Ok(merge(&parts, frames_per_chunk))
}

/// `start`, then `threads - 1` offsets just after a line break, then `end`: the ranges the
/// threads scan (empty ranges are dropped).
fn cut_points(file: &File, start: u64, end: u64, threads: usize) -> std::io::Result<Vec<u64>> {
    let mut cuts = vec![start];
    let mut probe = vec![0; 4096];
    for k in 1..threads as u64 {
        let guess = start + (end - start) / threads as u64 * k;
        let mut at = guess.max(*cuts.last().unwrap_or(&start));
        let cut = loop {
            if at >= end {
                break end;
            }
            let read = file.read_at(&mut probe, at)?;
            if read == 0 {
                break end;
            }
            if let Some(i) = memchr::memchr(b'\n', &probe[..read]) {
                break (at + i as u64 + 1).min(end);
            }
            at += read as u64;
            if at - guess > BUFFER_BYTES as u64 {
                // No line break within a scan buffer: the scan refuses such a line anyway.
                break end;
            }
        };
        if cut > *cuts.last().unwrap_or(&start) && cut < end {
            cuts.push(cut);
        }
    }
    cuts.push(end);
    Ok(cuts)
}

/// Puts the ranges' results together; `None` when the file is not of the covered layout.
fn merge(parts: &[Scanned], frames_per_chunk: usize) -> Option<MotionIndex> {
    let mut frames = 0;
    let mut bounds = Vec::new();
    let mut frames_end = None;
    let mut short: Option<ShortLine> = None;
    for part in parts {
        if part.odd || part.short_not_last {
            return None;
        }
        if !part.frame_starts.is_empty() {
            if short.is_some() {
                // Values that do not fill a frame, then more frames: wrapped lines.
                return None;
            }
            // The first frame of this part that starts a chunk.
            let skip = (frames_per_chunk - frames % frames_per_chunk) % frames_per_chunk;
            bounds.extend(
                part.frame_starts
                    .iter()
                    .skip(skip)
                    .step_by(frames_per_chunk)
                    .copied(),
            );
            frames += part.frame_starts.len();
            frames_end = Some(part.frames_end);
        }
        if let Some(line) = part.short {
            if short.is_some() {
                return None;
            }
            short = Some(line);
        }
    }
    bounds.push(frames_end?);
    Some(MotionIndex {
        frames,
        frames_per_chunk,
        bounds,
        short,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `frames` lines of `channels` values (line `i` holds `i`), with `extra` appended.
    fn motion(frames: usize, channels: usize, extra: &str) -> String {
        let mut text = String::new();
        for i in 0..frames {
            let line: Vec<String> = (0..channels).map(|_| i.to_string()).collect();
            text.push_str(&line.join(" "));
            text.push('\n');
        }
        text.push_str(extra);
        text
    }

    fn index_of(text: &str, channels: usize, fpc: usize, threads: usize) -> Option<MotionIndex> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.txt");
        std::fs::write(&path, text).unwrap();
        let file = File::open(&path).unwrap();
        let size = text.len() as u64;
        let cuts = cut_points(&file, 0, size, threads).unwrap();
        let parts: Vec<Scanned> = cuts
            .windows(2)
            .map(|w| scan_range(&file, w[0], w[1], channels).unwrap())
            .collect();
        let merged = merge(&parts, fpc);
        let whole = index_motion(&file, 0, size, channels, fpc, threads).unwrap();
        assert_eq!(merged, whole, "forced cuts and the real index agree");
        merged
    }

    /// The value on the first line of chunk `k`.
    fn first_value(text: &str, index: &MotionIndex, k: usize) -> usize {
        let (start, _, _) = index.chunk(k).unwrap();
        let rest = &text[start as usize..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    }

    #[test]
    fn chunk_bounds_and_the_last_partial_chunk_on_any_number_of_threads() {
        let text = motion(1000, 4, "");
        for threads in [1, 2, 3, 7] {
            let index = index_of(&text, 4, 64, threads).expect("covered");
            assert_eq!(index.frames, 1000);
            assert_eq!(index.chunk_count(), 16, "{threads} threads");
            for k in 0..16 {
                assert_eq!(first_value(&text, &index, k), k * 64, "chunk {k}");
            }
            assert_eq!(
                index.chunk(15).unwrap().2,
                1000 - 15 * 64,
                "last partial chunk"
            );
            assert_eq!(*index.bounds.last().unwrap(), text.len() as u64);
            assert_eq!(index.short, None);
        }
    }

    #[test]
    fn a_truncated_last_line_is_left_over() {
        let text = motion(300, 5, "7 7 7");
        for threads in [1, 2, 4] {
            let index = index_of(&text, 5, 100, threads).expect("covered");
            assert_eq!(index.frames, 300);
            let short = index.short.expect("short line");
            assert_eq!(short.tokens, 3);
            assert_eq!(&text[short.start as usize..short.end as usize], "7 7 7");
            assert_eq!(*index.bounds.last().unwrap(), short.start);
        }
    }

    #[test]
    fn crlf_and_blank_lines_are_covered() {
        let text = motion(200, 3, "").replace('\n', "\r\n\r\n");
        let index = index_of(&text, 3, 50, 2).expect("covered");
        assert_eq!(index.frames, 200);
        assert_eq!(first_value(&text, &index, 3), 150);
    }

    #[test]
    fn wrapped_or_odd_motion_is_not_covered() {
        let mut wrapped = motion(100, 4, "");
        wrapped.insert_str(0, "1 2\n3 4\n");
        assert_eq!(index_of(&wrapped, 4, 10, 2), None);
        let short_middle = motion(50, 4, "1 2\n") + &motion(50, 4, "");
        assert_eq!(index_of(&short_middle, 4, 10, 1), None);
        assert_eq!(index_of(&short_middle, 4, 10, 3), None);
        assert_eq!(index_of(&motion(10, 4, "nan 1 2 3\n"), 4, 10, 1), None);
        assert_eq!(index_of(&motion(10, 4, "1 2 3 4 5\n"), 4, 10, 1), None);
        assert_eq!(index_of("\n \n", 4, 10, 1), None, "no frames");
        let old_mac = motion(10, 4, "").replace('\n', "\r");
        assert_eq!(
            index_of(&old_mac, 4, 10, 1),
            None,
            "CR alone joins the lines"
        );
    }
}
