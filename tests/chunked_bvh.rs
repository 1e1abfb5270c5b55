//! The chunked BVH reader against the whole-file reader (issue 10): for every BVH in
//! `../shared/datasets` and `assets/`, and for damaged copies of them (truncations, lying
//! `Frames:` lines, wrapped frames, bad numbers early and late, odd bytes, CRLF, blank lines),
//! `formats::load` (the chunked path) gives the same clip as `from_bytes::load_bytes` (the
//! whole-file reader) or the same error, at several chunk sizes and thread counts; and `info`'s
//! outline equals the loaded clip's whenever the reader calls its outline final.
#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing fixture must fail the test loudly"
)]

mod common;

use std::path::{Path, PathBuf};

use posedeck::formats::bvh::chunked::open_with;
use posedeck::formats::chunked::{ChunkedSource, read_clip};
use posedeck::formats::{self, LoadOptions, from_bytes};
use posedeck::model::Clip;

const DATASETS: [&str; 4] = [
    "bvh/cmu_12_01_walk.bvh",
    "bvh/mocapbank_crlf_tabs.bvh",
    "bvh/biovision_example.bvh",
    "bvh/video2bvh_cxk_cmu_style_rig.bvh",
];

/// Every real BVH file: the shared datasets and the bundled samples.
fn real_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = DATASETS.iter().filter_map(|f| common::dataset(f)).collect();
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut samples: Vec<PathBuf> = std::fs::read_dir(&assets)
        .expect("assets")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "bvh"))
        .collect();
    samples.sort();
    assert!(samples.len() >= 5, "the bundled BVH samples");
    files.extend(samples);
    files
}

/// Asserts that two clips are the same: skeleton, rate, space, metadata and every coordinate
/// (bit for bit; NaN equals NaN).
fn assert_same_clip(got: &Clip, want: &Clip, what: &str) {
    assert_eq!(got.frame_count(), want.frame_count(), "{what}: frames");
    assert_eq!(got.skeleton, want.skeleton, "{what}: skeleton");
    assert_eq!(got.frame_rate_hz, want.frame_rate_hz, "{what}: rate");
    assert_eq!(got.space, want.space, "{what}: space");
    assert_eq!(got.meta.warnings, want.meta.warnings, "{what}: warnings");
    assert_eq!(got.meta.details, want.meta.details, "{what}: details");
    assert_eq!(got.meta.format, want.meta.format, "{what}: format");
    assert_eq!(got.parts.len(), want.parts.len(), "{what}: parts");
    for (f, (a, b)) in got.poses.frames().zip(want.poses.frames()).enumerate() {
        assert_eq!(a.people(), b.people(), "{what}: people in frame {f}");
        for (p, (x, y)) in a.persons().zip(b.persons()).enumerate() {
            for j in 0..got.skeleton.joint_count() {
                let (x, y) = (x.joint(j), y.joint(j));
                let same = match (x, y) {
                    (Some(x), Some(y)) => x
                        .iter()
                        .zip(&y)
                        .all(|(u, v)| u.to_bits() == v.to_bits() || (u.is_nan() && v.is_nan())),
                    _ => x.is_none() && y.is_none(),
                };
                assert!(
                    same,
                    "{what}: frame {f} person {p} joint {j}: {x:?} vs {y:?}"
                );
            }
        }
    }
}

/// Chunk sizes and thread counts the real files are read with.
const EVERY_LAYOUT: [(usize, usize); 4] = [(1, 1), (7, 2), (64, 3), (1024, 2)];
/// The same for damaged copies (fewer, to keep the test quick in debug builds).
const TWO_LAYOUTS: [(usize, usize); 2] = [(7, 2), (1024, 2)];

/// Checks the contract on the file at `path`: the chunked load (default, and each chunk size
/// and thread count of `layouts`) equals the whole-file reader, or fails with its message;
/// `info`'s outline equals the clip's when final. Returns whether the chunked path took the
/// file.
fn check_file(path: &Path, what: &str, layouts: &[(usize, usize)]) -> bool {
    let bytes = std::fs::read(path).expect("readable");
    let whole = from_bytes::load_bytes(path, &bytes).map(|c| c.expect("recognised as BVH"));
    let loaded = formats::load(path);
    match (&loaded, &whole) {
        (Ok(got), Ok(want)) => assert_same_clip(got, want, what),
        (Err(got), Err(want)) => assert_eq!(got.to_string(), want.to_string(), "{what}"),
        _ => panic!(
            "{what}: chunked {:?} but whole {:?}",
            loaded
                .as_ref()
                .map(Clip::frame_count)
                .map_err(ToString::to_string),
            whole
                .as_ref()
                .map(Clip::frame_count)
                .map_err(ToString::to_string)
        ),
    }
    let mut taken = false;
    for &(frames_per_chunk, threads) in layouts {
        let what = format!("{what} ({frames_per_chunk} frames per chunk, {threads} threads)");
        let Some(source) = open_with(path, frames_per_chunk, threads).expect("opens") else {
            continue;
        };
        taken = true;
        let outline = source.outline().clone();
        match (read_clip(&source), &whole) {
            (Ok(got), Ok(want)) => {
                assert_same_clip(&got, want, &what);
                if source.outline_is_final() {
                    assert_eq!(outline, want.outline(), "{what}: outline");
                }
            }
            (Err(got), Err(want)) => assert_eq!(got.to_string(), want.to_string(), "{what}"),
            (got, want) => panic!(
                "{what}: chunked {:?} but whole {:?}",
                got.map(|c| c.frame_count()).map_err(|e| e.to_string()),
                want.as_ref()
                    .map(Clip::frame_count)
                    .map_err(ToString::to_string)
            ),
        }
    }
    let outline = formats::outline_with(path, &LoadOptions::default());
    match (&outline, &loaded) {
        (Ok(got), Ok(clip)) => assert_eq!(*got, clip.outline(), "{what}: info's outline"),
        (Err(got), Err(want)) => assert_eq!(got.to_string(), want.to_string(), "{what}"),
        // A number made of number bytes but not a number (`1.2.3`, `1e999`) after the first
        // chunk: `info` does not parse every value (see `formats::bvh::chunked`).
        (Ok(_), Err(_)) => {}
        (Err(got), Ok(_)) => panic!("{what}: info fails but load works: {got}"),
    }
    taken
}

#[test]
fn every_real_file_reads_the_same_in_chunks() {
    for path in real_files() {
        let what = path.display().to_string();
        assert!(
            check_file(&path, &what, &EVERY_LAYOUT),
            "{what}: the chunked path takes it"
        );
    }
}

/// The motion lines of `bytes`: the offset where the first one starts.
fn motion_start(bytes: &[u8]) -> usize {
    let at = bytes
        .windows(10)
        .position(|w| w.eq_ignore_ascii_case(b"Frame Time"))
        .expect("Frame Time");
    at + bytes[at..].iter().position(|&b| b == b'\n').expect("line") + 1
}

/// The offset of the first byte of the `n`th motion line (0-based).
fn motion_line(bytes: &[u8], n: usize) -> usize {
    let mut at = motion_start(bytes);
    for _ in 0..n {
        at += bytes[at..].iter().position(|&b| b == b'\n').expect("line") + 1;
    }
    at
}

/// Replaces the first token of motion line `n` with `token`.
fn replace_value(bytes: &[u8], n: usize, token: &str) -> Vec<u8> {
    let start = motion_line(bytes, n);
    let end = start
        + bytes[start..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .expect("token end");
    [&bytes[..start], token.as_bytes(), &bytes[end..]].concat()
}

/// `text` with its `Frames:` line saying `claim`.
fn with_claim(text: &str, claim: &str) -> Vec<u8> {
    let at = text.find("Frames:").expect("Frames:");
    let end = at + text[at..].find(['\r', '\n']).expect("line end");
    format!("{}Frames: {claim}{}", &text[..at], &text[end..]).into_bytes()
}

/// Damaged copies of one file: (what, bytes).
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let frames: usize = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Frames:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("Frames:");
    let last = frames - 1;
    let late = frames * 2 / 3;
    let mut out = vec![
        (
            "a lying Frames: (more)".to_owned(),
            with_claim(&text, "999999"),
        ),
        ("a lying Frames: (fewer)".to_owned(), with_claim(&text, "1")),
        (
            "LF only".to_owned(),
            text.replace("\r\n", "\n").into_bytes(),
        ),
        (
            "CRLF".to_owned(),
            text.replace("\r\n", "\n")
                .replace('\n', "\r\n")
                .into_bytes(),
        ),
        ("blank lines between frames".to_owned(), {
            let start = motion_start(bytes);
            [
                &bytes[..start],
                text[start..].replace('\n', "\n\n \t\n").as_bytes(),
            ]
            .concat()
        }),
        (
            "no newline at the end".to_owned(),
            text.trim_end().as_bytes().to_vec(),
        ),
        (
            "NaN in the first frame".to_owned(),
            replace_value(bytes, 0, "NaN"),
        ),
        (
            "1e999 in a late frame".to_owned(),
            replace_value(bytes, late, "1e999"),
        ),
        (
            "1.2.3 in a late frame".to_owned(),
            replace_value(bytes, late, "1.2.3"),
        ),
        (
            "-- in the last frame".to_owned(),
            replace_value(bytes, last, "--5"),
        ),
        (
            "a letter in a late frame".to_owned(),
            replace_value(bytes, late, "x"),
        ),
        (
            "an exponent in a late frame".to_owned(),
            replace_value(bytes, late, "1.5E+01"),
        ),
        ("a value wrapped to the next line".to_owned(), {
            let at = motion_line(bytes, late);
            let space = at
                + bytes[at..]
                    .iter()
                    .position(|&b| b == b' ' || b == b'\t')
                    .expect("gap");
            [&bytes[..space], b"\n", &bytes[space + 1..]].concat()
        }),
        (
            "an extra value on a line".to_owned(),
            replace_value(bytes, late, "1 2"),
        ),
        (
            "a UTF-8 byte in a late frame".to_owned(),
            replace_value(bytes, late, "\u{e9}"),
        ),
    ];
    // Truncations: inside the hierarchy, the header, at the first frame, inside a number of a
    // late frame, after a space of the last frame, and one byte short.
    let end_of_late = motion_line(bytes, late + 1);
    for (name, cut) in [
        ("inside the hierarchy", bytes.len().min(200)),
        ("after the motion header", motion_start(bytes)),
        ("inside a late frame", end_of_late - 7),
        ("inside the last frame", motion_line(bytes, last) + 3),
        ("one byte short", bytes.len() - 1),
    ] {
        out.push((format!("cut {name}"), bytes[..cut].to_vec()));
    }
    out
}

#[test]
fn damaged_files_read_the_same_or_fail_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The shared datasets (but the 2-frame example, too short to damage) and one sample.
    let damageable = |p: &PathBuf| {
        let sample = p.parent().is_some_and(|d| d.ends_with("assets"));
        if sample {
            p.ends_with("walk.bvh")
        } else {
            !p.ends_with("biovision_example.bvh")
        }
    };
    for path in real_files().into_iter().filter(damageable) {
        let bytes = std::fs::read(&path).expect("readable");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for (what, copy) in damaged(&bytes) {
            let target = dir.path().join(&name);
            std::fs::write(&target, &copy).expect("written");
            check_file(&target, &format!("{name}, {what}"), &TWO_LAYOUTS);
        }
    }
}

/// A three-joint chain of `frames` frames whose values change from frame to frame.
fn chain_file(frames: usize) -> String {
    use posedeck::formats::bvh::{BvhDocument, BvhJoint, Channel};
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
        .map(|i| ((i * 7919) % 20011) as f64 / 97.0 - 100.0)
        .collect();
    posedeck::formats::bvh::write(&BvhDocument {
        joints,
        frame_time_s: 1.0 / 120.0,
        frames,
        motion,
    })
}

#[test]
fn a_file_of_many_chunks_on_both_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chain.bvh");
    let text = chain_file(40_000);
    assert!(text.len() > 2 << 20, "large enough for both threads");
    std::fs::write(&path, &text).expect("written");
    assert!(
        check_file(&path, "chain", &EVERY_LAYOUT),
        "the chunked path takes it"
    );
    // The last line cut in half: its values are left over, with the same warning.
    let last_line = text.trim_end().rfind('\n').expect("lines") + 1;
    let middle = last_line + (text.len() - last_line) / 2;
    let cut = middle + text[middle..].find(' ').expect("a gap");
    std::fs::write(&path, &text.as_bytes()[..cut]).expect("written");
    assert!(check_file(&path, "chain, cut", &TWO_LAYOUTS));
    let source = open_with(&path, 1000, 2).expect("opens").expect("chunked");
    let outline = source.outline();
    assert_eq!(outline.frame_count, 39_999);
    assert!(
        outline
            .meta
            .warnings
            .iter()
            .any(|w| w.contains("do not fill")),
        "{:?}",
        outline.meta.warnings
    );
}
