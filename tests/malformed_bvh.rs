//! The BVH reader on damaged copies of the four real files in `../shared/datasets/bvh`:
//! truncations, flipped bytes, lying `Frames:` lines, wrong channel counts, unbalanced braces and
//! non-finite values. Every case must give `Ok` (with a warning whenever data was lost) or an
//! error naming the file and a line — never a panic, never a huge allocation.
//!
//! To stay fast in debug builds, the sweeps that parse many copies work on the first 12 KiB of
//! each file (the hierarchy and the first frames, where the structure is); a further 7
//! truncations are spread over each whole file, and the single mutations use whole files.
#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing fixture or marker must fail the test loudly"
)]

use std::path::{Path, PathBuf};

use posedeck::formats::LoadError;
use posedeck::formats::bvh;

const FILES: [&str; 4] = [
    "bvh/cmu_12_01_walk.bvh",
    "bvh/mocapbank_crlf_tabs.bvh",
    "bvh/biovision_example.bvh",
    "bvh/video2bvh_cxk_cmu_style_rig.bvh",
];

/// Bytes of each file the sweeps use.
const SWEEP_BYTES: usize = 12 << 10;
/// Bytes of each file the flipped-byte sweep uses.
const FLIP_BYTES: usize = 8 << 10;

/// `relative` inside `../shared/datasets`, or `None` (with a printed reason) when the folder is
/// absent; with `POSEDECK_REQUIRE_DATASETS` set, an absent folder fails instead.
fn dataset(relative: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        return Some(dir.join(relative));
    }
    assert!(
        std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
        "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not present", dir.display());
    None
}

/// Each real file's path and bytes (empty when the datasets are absent).
fn files() -> Vec<(PathBuf, Vec<u8>)> {
    FILES
        .iter()
        .filter_map(|f| dataset(f))
        .map(|path| {
            let bytes = std::fs::read(&path).expect("readable");
            (path, bytes)
        })
        .collect()
}

/// The 1-based line number in an error message (`… BVH line 12: …`).
fn line_of(err: &LoadError) -> Option<usize> {
    let text = err.to_string();
    let at = text.find(" line ")?;
    let digits: String = text[at + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Checks an error: it names the file and a line that exists in `bytes` (or the one after).
fn check_error(err: &LoadError, path: &Path, bytes: &[u8], what: &str) {
    let text = err.to_string();
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(text.contains(name), "{what}: no file name in `{text}`");
    let line = line_of(err).unwrap_or_else(|| panic!("{what}: no line in `{text}`"));
    let lines = bytes.split(|&b| b == b'\n').count();
    assert!(
        (1..=lines).contains(&line),
        "{what}: line {line} of {lines}: `{text}`"
    );
}

/// Parses and reads `bytes`; both must agree on success, and an error must name file and line.
/// Returns the warnings of a successful parse.
fn run(path: &Path, bytes: &[u8], what: &str) -> Option<Vec<String>> {
    let parsed = bvh::parse(bytes, path);
    let read = bvh::read(bytes, path);
    match (parsed, read) {
        (Ok((doc, warnings)), Ok(clip)) => {
            assert_eq!(clip.frame_count(), doc.frames.max(1), "{what}");
            assert_eq!(clip.skeleton.joint_count(), doc.joints.len(), "{what}");
            Some(warnings)
        }
        (Err(a), Err(b)) => {
            check_error(&a, path, bytes, what);
            assert_eq!(a.to_string(), b.to_string(), "{what}");
            None
        }
        (a, b) => panic!("{what}: parse {:?} but read {:?}", a.err(), b.err()),
    }
}

/// Start of the file's last token: cutting at or after it can shorten the last number without
/// any sign of loss, so only cuts before it must be reported.
fn last_token_start(bytes: &[u8]) -> usize {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    bytes[..end]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |i| i + 1)
}

fn check_truncation(path: &Path, bytes: &[u8], cut: usize) {
    let what = format!("{} cut at {cut}", path.display());
    let truncated = &bytes[..cut];
    if let Some(warnings) = run(path, truncated, &what) {
        let lost_data = cut < last_token_start(bytes);
        assert!(
            !lost_data || !warnings.is_empty(),
            "{what}: data lost without a warning"
        );
    }
}

#[test]
fn truncation_anywhere() {
    for (path, bytes) in files() {
        let motion = find(&bytes, b"MOTION").expect("MOTION");
        // Inside the header: every seventh byte up to the first motion values.
        for cut in (0..motion + 60).step_by(7) {
            check_truncation(&path, &bytes, cut);
        }
        // 200 evenly spaced over the first 12 KiB, 8 over the whole file.
        let sweep = bytes.len().min(SWEEP_BYTES);
        for k in 0..200 {
            check_truncation(&path, &bytes[..sweep], k * sweep / 200);
        }
        for k in 1..8 {
            check_truncation(&path, &bytes, k * bytes.len() / 8);
        }
    }
}

#[test]
fn flipped_bytes() {
    let replacements = [b'x', b'{', b'}', b'\n', b' ', b'-', b'.', 0, 0xff];
    for (path, bytes) in files() {
        // The hierarchy and the first frames.
        let sweep = &bytes[..bytes.len().min(FLIP_BYTES)];
        let mut state = 0x2545_f491_u32;
        for k in 0..200 {
            // A small deterministic generator: xorshift32.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = state as usize % sweep.len();
            let mut damaged = sweep.to_vec();
            damaged[at] = replacements[k % replacements.len()];
            run(
                &path,
                &damaged,
                &format!("{} byte {at} flipped", path.display()),
            );
        }
    }
}

fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).position(|w| w == needle)
}

/// `bytes` with the first `from` replaced by `to`.
fn replace_first(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = find(bytes, from).unwrap_or_else(|| panic!("{from:?} not found"));
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

/// The 1-based line on which the first `needle` starts.
fn line_at(bytes: &[u8], needle: &[u8]) -> usize {
    let at = find(bytes, needle).expect("needle");
    bytes[..at].split(|&b| b == b'\n').count()
}

/// The `Frames:` line of `bytes` rewritten to claim `claim` frames.
fn with_claim(bytes: &[u8], claim: &str) -> Vec<u8> {
    let at = find(bytes, b"Frames:").expect("Frames:");
    let end = at + bytes[at..].iter().position(|&b| b == b'\n').expect("eol");
    [
        &bytes[..at],
        format!("Frames: {claim}\r").as_bytes(),
        &bytes[end..],
    ]
    .concat()
}

#[test]
fn lying_frame_counts_load_what_is_there() {
    for (path, bytes) in files() {
        let (truth, _) = bvh::parse(&bytes, &path).expect("clean file");
        for claim in ["1000000", "1099511627776", "18446744073709551615", "0", "1"] {
            let damaged = with_claim(&bytes, claim);
            let what = format!("{} Frames: {claim}", path.display());
            let (doc, warnings) = bvh::parse(&damaged, &path).expect(&what);
            assert_eq!(doc.frames, truth.frames, "{what}");
            assert!(
                doc.motion.capacity() <= damaged.len(),
                "{what}: over-allocated"
            );
            assert!(
                warnings.iter().any(|w| w.contains(claim)),
                "{what}: {warnings:?}"
            );
            if claim == "1099511627776" {
                let clip = bvh::read(&damaged, &path).expect(&what);
                assert_eq!(clip.frame_count(), truth.frames, "{what}");
            }
        }
        for claim in ["-1", "2.5", "many", "99999999999999999999999"] {
            let damaged = with_claim(&bytes, claim);
            let err = bvh::parse(&damaged, &path).expect_err(claim);
            check_error(&err, &path, &damaged, claim);
            assert_eq!(line_of(&err), Some(line_at(&bytes, b"Frames:")), "{claim}");
        }
    }
}

#[test]
fn zero_frame_time_means_no_rate() {
    for (path, bytes) in files() {
        let at = find(&bytes, b"Frame Time:").expect("Frame Time:");
        let end = at + bytes[at..].iter().position(|&b| b == b'\n').expect("eol");
        let damaged = [&bytes[..at], b"Frame Time: 0", &bytes[end..]].concat();
        let clip = bvh::read(&damaged, &path).expect("loads");
        assert_eq!(clip.frame_rate_hz, None);
        assert!(
            clip.meta.warnings.iter().any(|w| w.contains("Frame Time")),
            "{:?}",
            clip.meta.warnings
        );
    }
}

#[test]
fn wrong_channel_counts() {
    for (path, bytes) in files() {
        let name = path.display();
        // One channel fewer than named on the root: the sixth name is left over.
        let damaged = replace_first(&bytes, b"CHANNELS 6", b"CHANNELS 5");
        let err = bvh::parse(&damaged, &path).expect_err("5 of 6");
        check_error(&err, &path, &damaged, "CHANNELS 5");
        assert_eq!(
            line_of(&err),
            Some(line_at(&bytes, b"CHANNELS 6")),
            "{name}"
        );
        // One more than named on the first joint: the next keyword is not a channel.
        let damaged = replace_first(&bytes, b"CHANNELS 3", b"CHANNELS 4");
        let err = bvh::parse(&damaged, &path).expect_err("4 of 3");
        check_error(&err, &path, &damaged, "CHANNELS 4");
        assert!(err.to_string().contains("channel name"), "{err}");
        // An absurd count does not allocate.
        let damaged = replace_first(&bytes, b"CHANNELS 3", b"CHANNELS 4000000000");
        let err = bvh::read(&damaged, &path).expect_err("huge");
        check_error(&err, &path, &damaged, "CHANNELS 4000000000");
        // A channel name that does not exist.
        let damaged = replace_first(&bytes, b"Xposition", b"Wposition");
        let err = bvh::read(&damaged, &path).expect_err("Wposition");
        assert!(err.to_string().contains("`Wposition`"), "{err}");
    }
}

#[test]
fn unbalanced_braces() {
    for (path, bytes) in files() {
        let motion_line = line_at(&bytes, b"MOTION");
        // The root's closing brace removed: MOTION arrives while it is open.
        let motion = find(&bytes, b"MOTION").expect("MOTION");
        let close = bytes[..motion].iter().rposition(|&b| b == b'}').expect("}");
        let mut damaged = bytes.clone();
        damaged[close] = b' ';
        let err = bvh::read(&damaged, &path).expect_err("missing }");
        check_error(&err, &path, &damaged, "missing }");
        assert_eq!(line_of(&err), Some(motion_line));
        assert!(err.to_string().contains("unbalanced"), "{err}");
        // One brace too many before MOTION.
        let damaged = [&bytes[..motion], b"}\n", &bytes[motion..]].concat();
        let err = bvh::read(&damaged, &path).expect_err("extra }");
        assert_eq!(line_of(&err), Some(motion_line), "{err}");
        // An opening brace with no joint.
        let damaged = replace_first(&bytes, b"OFFSET", b"{ OFFSET");
        let err = bvh::read(&damaged, &path).expect_err("stray {");
        check_error(&err, &path, &damaged, "stray {");
    }
}

#[test]
fn non_finite_motion_values() {
    for (path, bytes) in files() {
        let time = find(&bytes, b"Frame Time:").expect("Frame Time:");
        let first_value_line = line_at(&bytes, b"Frame Time:") + 1;
        let eol = time + bytes[time..].iter().position(|&b| b == b'\n').expect("eol");
        for bad in ["NaN", "nan", "inf", "-Infinity", "1e999", "1,5", "#"] {
            let damaged = [&bytes[..=eol], bad.as_bytes(), b" ", &bytes[eol + 1..]].concat();
            let err = bvh::read(&damaged, &path).expect_err(bad);
            check_error(&err, &path, &damaged, bad);
            assert_eq!(line_of(&err), Some(first_value_line), "{bad}: {err}");
        }
    }
}

#[test]
fn extra_root_and_garbage_after_the_hierarchy() {
    for (path, bytes) in files() {
        let motion = find(&bytes, b"MOTION").expect("MOTION");
        // A second hierarchy with one channel: every frame is now one value short of whole.
        let extra = b"ROOT Prop\n{\n\tOFFSET 0 0 0\n\tCHANNELS 1 Xrotation\n}\n";
        let damaged = [&bytes[..motion], extra, &bytes[motion..]].concat();
        let (doc, warnings) = bvh::parse(&damaged, &path).expect("two roots");
        assert_eq!(doc.joints.last().map(|j| j.parent), Some(None));
        assert!(
            warnings.iter().any(|w| w.contains("2 ROOT")),
            "{warnings:?}"
        );
        // A JOINT outside any ROOT.
        let stray = b"JOINT Lost\n{\n\tOFFSET 0 0 0\n}\n";
        let damaged = [&bytes[..motion], stray, &bytes[motion..]].concat();
        let err = bvh::read(&damaged, &path).expect_err("stray JOINT");
        assert_eq!(line_of(&err), Some(line_at(&bytes, b"MOTION")), "{err}");
    }
}
