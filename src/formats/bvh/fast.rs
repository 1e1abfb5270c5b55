//! The fast path for large BVH files: the file is read in windows (never whole), and the lines
//! of each window are parsed and posed on every core at once.
//!
//! It covers the layout every exporter writes: after `Frame Time:`, one frame of exactly
//! `channel_count` values per line (blank lines allowed). Anything else (values wrapped over
//! lines, a bad number, a file too short to be worth the threads, a header longer than the first
//! window) falls back to the streaming reader of [`super::read`], which also gives the exact
//! error message. Both paths give the same clip and the same warnings.

use std::io::Read;
use std::path::Path;

use super::clip::{assemble, frame_budget};
use super::fk::{Kinematics, WorldPose};
use super::motion::count_warnings;
use super::parse::open;
use super::up::UpEvidence;
use crate::formats::LoadError;
use crate::model::{Clip, PosesBuilder};

/// Files smaller than this go straight to the streaming reader.
const MIN_FAST_BYTES: u64 = 64 << 10;
/// Bytes read at the start to find the hierarchy and the motion header.
const HEAD_BYTES: usize = 1 << 20;
/// Bytes of motion lines parsed per window.
const WINDOW_BYTES: usize = 16 << 20;

/// Reads the BVH file at `path` into a clip (same result as [`super::read`] on its bytes).
///
/// # Errors
/// When the file cannot be read, or as [`super::read`].
pub fn read_file(path: &Path) -> Result<Clip, LoadError> {
    match read_fast(path, WINDOW_BYTES) {
        Ok(Some(clip)) => Ok(clip),
        Ok(None) => {
            let bytes = std::fs::read(path).map_err(|e| LoadError::io(path, e))?;
            super::read(&bytes, path)
        }
        Err(e) => Err(LoadError::io(path, e)),
    }
}

/// One window's share of lines, posed: positions as f32 and the up-axis evidence.
struct Part {
    coords: Vec<f32>,
    frames: usize,
    evidence: UpEvidence,
}

/// The fast path, `window_bytes` of motion lines at a time; `Ok(None)` when the file is not of the layout it covers.
fn read_fast(path: &Path, window_bytes: usize) -> std::io::Result<Option<Clip>> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size < MIN_FAST_BYTES {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let Some(last_newline) = memchr::memrchr(b'\n', &head) else {
        return Ok(None);
    };
    let Ok(mut opened) = open(&head[..=last_newline]) else {
        return Ok(None);
    };
    let (Some(header), channels) = (opened.header, opened.channel_count()) else {
        return Ok(None);
    };
    if channels == 0 {
        return Ok(None);
    }
    let data_start = last_newline + 1 - opened.bytes_left();
    let names: Vec<String> = opened.joints.iter().map(|j| j.name.clone()).collect();
    let kinematics = Kinematics::new(&opened.joints);
    let joint_count = kinematics.joint_count();
    let max_frames = frame_budget(usize::try_from(size).unwrap_or(usize::MAX), joint_count);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);

    let mut builder = PosesBuilder::new(joint_count, 3, false, false);
    let mut evidence = UpEvidence::new(&names);
    let mut window: Vec<u8> = head[data_start..].to_vec();
    let mut at_end = false;
    while !at_end {
        let want = window_bytes.saturating_sub(window.len());
        let before = window.len();
        (&mut file).take(want as u64).read_to_end(&mut window)?;
        at_end = window.len() - before < want;
        let complete = if at_end {
            window.len()
        } else {
            memchr::memrchr(b'\n', &window).map_or(0, |i| i + 1)
        };
        let Some(parts) =
            parse_parallel(&window[..complete], threads, channels, &kinematics, &names)
        else {
            return Ok(None);
        };
        for part in parts {
            let per_frame = joint_count * 3;
            for frame in part.coords.chunks_exact(per_frame.max(1)).take(part.frames) {
                builder.begin_frame();
                builder.push_person(frame, None, None);
            }
            evidence.merge(&part.evidence);
        }
        if builder.frame_count() > max_frames {
            // The streaming reader refuses it with the line where the budget ran out.
            return Ok(None);
        }
        window.drain(..complete);
    }
    let frames = builder.frame_count();
    if frames == 0 {
        return Ok(None);
    }
    let mut warnings = std::mem::take(&mut opened.warnings);
    warnings.extend(count_warnings(&header, frames, 0, channels));
    Ok(Some(assemble(
        &opened,
        &kinematics,
        builder,
        &evidence,
        warnings,
        path,
    )))
}

/// Parses `lines` (whole lines) on `threads` threads, split at line breaks; `None` when a line
/// is not one frame of finite numbers.
fn parse_parallel(
    lines: &[u8],
    threads: usize,
    channels: usize,
    kinematics: &Kinematics,
    names: &[String],
) -> Option<Vec<Part>> {
    let mut pieces = Vec::with_capacity(threads);
    let mut rest = lines;
    for left in (1..=threads.max(1)).rev() {
        let cut = if left == 1 {
            rest.len()
        } else {
            let guess = rest.len() / left;
            memchr::memchr(b'\n', &rest[guess..]).map_or(rest.len(), |i| guess + i + 1)
        };
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .into_iter()
            .map(|piece| scope.spawn(move || parse_lines(piece, channels, kinematics, names)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    })
}

/// Parses and poses whole lines of one frame each.
fn parse_lines(
    lines: &[u8],
    channels: usize,
    kinematics: &Kinematics,
    names: &[String],
) -> Option<Part> {
    let joint_count = kinematics.joint_count();
    let mut coords = Vec::with_capacity(lines.len() / 2 / channels.max(1) * joint_count * 3);
    let mut evidence = UpEvidence::new(names);
    let mut values = vec![0.0; channels];
    let mut pose = WorldPose::default();
    let mut frames = 0;
    for line in lines.split(|&b| b == b'\n') {
        if !parse_line(line, &mut values)? {
            continue;
        }
        kinematics.solve(&values, &mut pose);
        evidence.add_frame(&pose.joints, &pose.end_sites);
        coords.extend(pose.joints.iter().flatten().map(|&v| v as f32));
        frames += 1;
    }
    Some(Part {
        coords,
        frames,
        evidence,
    })
}

/// Parses one line into `values`: `Some(true)` for a full frame, `Some(false)` for a blank
/// line, `None` for anything else.
fn parse_line(line: &[u8], values: &mut [f64]) -> Option<bool> {
    let mut i = 0;
    let mut count = 0;
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i == line.len() {
            break;
        }
        let (value, used) = match short_decimal(&line[i..]) {
            Some(parsed) => parsed,
            None => fast_float2::parse_partial::<f64, _>(&line[i..]).ok()?,
        };
        i += used;
        if used == 0 || !value.is_finite() || (i < line.len() && !is_space(line[i])) {
            return None;
        }
        *values.get_mut(count)? = value;
        count += 1;
    }
    match count {
        0 => Some(false),
        n if n == values.len() => Some(true),
        _ => None,
    }
}

/// Exact powers of ten up to 10^15.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The number at the start of `text` when it is a plain decimal of at most 15 digits
/// (`-12.345678`, `7`, `.5`), with the bytes it takes; `None` for anything else (exponents,
/// longer numbers), which the general parser handles.
///
/// Exact: the digits make an integer below 2^53 and 10^k (k ≤ 15) is exact too, so the one
/// IEEE division rounds the true value correctly, as `str::parse` does (Clinger's fast path).
fn short_decimal(text: &[u8]) -> Option<(f64, usize)> {
    let mut i = usize::from(matches!(text.first(), Some(b'-' | b'+')));
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut fraction = 0;
    let mut seen_point = false;
    while let Some(&b) = text.get(i) {
        if b.is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += 1;
            fraction += usize::from(seen_point);
        } else if b == b'.' && !seen_point {
            seen_point = true;
        } else {
            break;
        }
        i += 1;
    }
    if digits == 0 || digits > 15 || text.get(i).is_some_and(|&b| !is_space(b)) {
        return None;
    }
    let magnitude = mantissa as f64 / POW10[fraction];
    Some((
        if text[0] == b'-' {
            -magnitude
        } else {
            magnitude
        },
        i,
    ))
}

/// The whitespace of [`super::tokens`].
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "short decimals parse to the same f64 bit for bit"
)]
mod tests {
    use super::*;

    #[test]
    fn short_decimals_parse_exactly_as_the_standard_parser() {
        let cases = [
            "0",
            "-0",
            "7",
            "-12.345678",
            ".5",
            "+3.5",
            "1.",
            "123456789.012345",
            "0.1",
            "-0.000001",
            "99999.999999",
            "0.3",
            "2.675",
            "-180",
        ];
        for text in cases {
            let (value, used) = short_decimal(text.as_bytes()).expect(text);
            let want: f64 = text.parse().unwrap();
            assert_eq!(value.to_bits(), want.to_bits(), "{text}");
            assert_eq!(used, text.len());
        }
        for text in ["1e5", "1234567890123456", "-", ".", "1.2.3", "abc", "1x"] {
            assert!(short_decimal(text.as_bytes()).is_none(), "{text}");
        }
        let mut state: u64 = 1;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let whole = (state >> 40) % 100_000;
            let frac = (state >> 8) % 1_000_000;
            let text = format!("-{whole}.{frac:06}");
            let want: f64 = text.parse().unwrap();
            let (value, _) = short_decimal(text.as_bytes()).unwrap();
            assert_eq!(value.to_bits(), want.to_bits(), "{text}");
        }
    }

    #[test]
    fn lines_are_frames_or_blank_or_refused() {
        let mut values = [0.0; 3];
        assert_eq!(parse_line(b"1 -2.5\t.5\r", &mut values), Some(true));
        assert_eq!(values, [1.0, -2.5, 0.5]);
        assert_eq!(parse_line(b"  \r", &mut values), Some(false));
        assert_eq!(parse_line(b"1 2", &mut values), None, "wrapped frame");
        assert_eq!(parse_line(b"1 2 3 4", &mut values), None);
        assert_eq!(parse_line(b"1 nan 3", &mut values), None);
        assert_eq!(parse_line(b"1 2x 3", &mut values), None);
        assert_eq!(parse_line(b"1 1e400 3", &mut values), None);
    }

    /// A three-joint chain (head above foot, so the up axis is found by name) of `frames`
    /// frames whose values change from frame to frame.
    fn chain_file(frames: usize) -> String {
        use crate::formats::bvh::{BvhDocument, BvhJoint, Channel};
        let joint = |name: &str, parent, offset, channels: Vec<Channel>| BvhJoint {
            name: name.to_owned(),
            parent,
            offset,
            channels,
            end_sites: Vec::new(),
        };
        let rotations = vec![Channel::Zrotation, Channel::Xrotation, Channel::Yrotation];
        let mut root_channels = vec![Channel::Xposition, Channel::Yposition, Channel::Zposition];
        root_channels.extend(rotations.iter().copied());
        let joints = vec![
            joint("Hips", None, [0.0; 3], root_channels),
            joint("Head", Some(0), [0.0, 60.0, 0.0], rotations.clone()),
            joint("LeftFoot", Some(0), [10.0, -90.0, 0.0], rotations),
        ];
        let motion = (0..frames * 12)
            .map(|i| ((i * 7919) % 2000) as f64 / 97.0 - 10.0)
            .collect();
        crate::formats::bvh::write(&BvhDocument {
            joints,
            frame_time_s: 1.0 / 120.0,
            frames,
            motion,
        })
    }

    #[test]
    fn large_files_read_the_same_on_both_paths() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bvh");
        let bytes = chain_file(12_000).into_bytes();
        assert!(bytes.len() as u64 > MIN_FAST_BYTES);
        std::fs::write(&path, &bytes).unwrap();
        let fast = read_fast(&path, 100_000).unwrap().expect("fast path taken");
        let slow = super::super::read(&bytes, &path).unwrap();
        assert_eq!(fast.poses, slow.poses);
        assert_eq!(fast.meta.warnings, slow.meta.warnings);
        assert_eq!(fast.meta.details, slow.meta.details);
        assert_eq!(fast.space, slow.space);
        // A wrapped frame sends the file to the streaming reader, which still reads it.
        let text = String::from_utf8(bytes).unwrap();
        let motion_at = text.find("Frame Time").unwrap();
        let line_start = motion_at + text[motion_at..].find('\n').unwrap() + 1;
        let space = line_start + text[line_start..].find(' ').unwrap();
        let mut wrapped = text.clone();
        wrapped.replace_range(space..=space, "\n");
        std::fs::write(&path, &wrapped).unwrap();
        assert!(read_fast(&path, 100_000).unwrap().is_none());
        let clip = read_file(&path).unwrap();
        assert_eq!(clip.poses, slow.poses);
    }
}
