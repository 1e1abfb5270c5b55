//! Damaged copies of the shared `.pose` file: truncations, flipped bytes and lying counts must
//! give `Ok` or an `Err` naming the file and a byte offset — never a panic, never an
//! allocation sized by what a header merely claims.

use std::path::{Path, PathBuf};

use posedeck::formats::{self, Location, pose_format};

/// Records the largest single allocation made by the current thread.
mod counting {
    #![expect(
        unsafe_code,
        reason = "a global allocator wrapper is unsafe by definition"
    )]

    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        static BIGGEST: Cell<usize> = const { Cell::new(0) };
    }

    fn note(size: usize) {
        let _ = BIGGEST.try_with(|b| b.set(b.get().max(size)));
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            // SAFETY: forwarded unchanged to the system allocator.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from `alloc` above with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            note(new_size);
            // SAFETY: forwarded unchanged to the system allocator.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// Resets the record and returns the previous one.
    pub fn take_biggest() -> usize {
        BIGGEST.with(|b| b.replace(0))
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// The shared file's bytes, or `None` (with the reason on stdout) when the folder is absent.
fn sample() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/pose_format/mediapipe_holistic.pose");
    let bytes = std::fs::read(&path).ok();
    if bytes.is_none() {
        skip_reason(&path);
    }
    bytes
}

#[expect(clippy::print_stdout, reason = "a skipped test says why")]
fn skip_reason(path: &Path) {
    println!("skipped: {} is absent", path.display());
}

/// Reads `bytes` and checks the outcome; returns true when it loaded.
fn check(bytes: &[u8], case: &str) -> bool {
    counting::take_biggest();
    let result = pose_format::read(bytes, Path::new("bad.pose"));
    let biggest = counting::take_biggest();
    // The clip holds at most the file's floats (as f32) plus growth slack.
    assert!(
        biggest <= 2 * bytes.len() + 65_536,
        "{case}: allocated {biggest} bytes at once for a {}-byte file",
        bytes.len()
    );
    match result {
        Ok(_) => true,
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.starts_with("bad.pose: pose-format byte "),
                "{case}: {message}"
            );
            assert!(matches!(err.location(), Some(Location::Byte(_))), "{case}");
            false
        }
    }
}

/// Byte offset of the first count of component 0 (after version, dims, count, name, format).
const POINT_COUNT_AT: usize = 4 + 6 + 2 + (2 + 14) + (2 + 4);
/// Where the v0.1 body (fps, frames, people) starts in the shared file.
const BODY_AT: usize = 2710;

fn put_u16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

/// The shared file rewritten as version 0.2 (f32 fps, u32 frames).
fn as_version_0_2(v01: &[u8], frames: u32, people: u16) -> Vec<u8> {
    let mut out = v01.to_vec();
    out[..4].copy_from_slice(&0.2_f32.to_le_bytes());
    let mut body = 24.0_f32.to_le_bytes().to_vec();
    body.extend_from_slice(&frames.to_le_bytes());
    body.extend_from_slice(&people.to_le_bytes());
    out.splice(BODY_AT..BODY_AT + 6, body);
    out
}

#[test]
fn truncations_are_errors_with_offsets() {
    let Some(bytes) = sample() else { return };
    // Every offset through the header and the body counts, then a stride through the data.
    let mut lengths: Vec<usize> = (0..BODY_AT + 16).collect();
    lengths.extend((BODY_AT + 16..bytes.len()).step_by(997));
    lengths.extend(bytes.len() - 8..bytes.len());
    for len in lengths {
        let loaded = check(&bytes[..len], &format!("truncated to {len}"));
        assert!(!loaded, "truncated to {len} bytes loaded");
    }
    let message = pose_format::read(&bytes[..bytes.len() - 1], Path::new("bad.pose"))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some(
            "bad.pose: pose-format byte 2716: truncated: 170 frames need 484160 bytes of data \
             and confidence, only 484159 remain"
        )
    );
}

/// The shared file cut down to its first `frames` frames (header count fixed), so that many
/// damaged copies can be read quickly.
fn first_frames(bytes: &[u8], frames: usize) -> Vec<u8> {
    const FRAMES: usize = 170;
    const VALUES: usize = 178 * 3;
    let data_at = BODY_AT + 6;
    let confidence_at = data_at + FRAMES * VALUES * 4;
    let mut out = bytes[..data_at].to_vec();
    put_u16(&mut out, BODY_AT + 2, frames as u16);
    out.extend_from_slice(&bytes[data_at..data_at + frames * VALUES * 4]);
    out.extend_from_slice(&bytes[confidence_at..confidence_at + frames * 178 * 4]);
    out
}

#[test]
fn flipped_bytes_never_panic() {
    let Some(bytes) = sample() else { return };
    // Every byte of the header and body counts of a 3-frame cut, with three masks.
    let small = first_frames(&bytes, 3);
    assert!(check(&small, "3-frame cut"));
    let mut loaded = 0;
    for at in 0..BODY_AT + 6 {
        for mask in [0xff_u8, 0x01, 0x80] {
            let mut damaged = small.clone();
            damaged[at] ^= mask;
            loaded += usize::from(check(&damaged, &format!("byte {at} ^ {mask:#x}")));
        }
    }
    assert!(loaded > 0, "a damaged point name still loads");
    // A deterministic spread through the whole file.
    let mut state = 0x2545_f491_u64;
    for _ in 0..100 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let at = (state >> 33) as usize % bytes.len();
        let mut damaged = bytes.clone();
        damaged[at] ^= 0xff;
        check(&damaged, &format!("byte {at} ^ 0xff"));
    }
}

#[test]
fn lying_counts_are_refused_before_allocating() {
    let Some(bytes) = sample() else { return };
    // 65535 points, limbs or colours in component 0; 65535 components.
    for (at, what) in [
        (POINT_COUNT_AT, "points"),
        (POINT_COUNT_AT + 2, "limbs"),
        (POINT_COUNT_AT + 4, "colours"),
        (10, "components"),
    ] {
        let mut damaged = bytes.clone();
        put_u16(&mut damaged, at, u16::MAX);
        assert!(!check(&damaged, what), "{what}");
    }
    // Version 0.2 bodies claiming 2^31 or 2^32 - 1 frames, or 65535 people.
    for (frames, people) in [
        (1_u32 << 31, 1_u16),
        (u32::MAX, 1),
        (170, u16::MAX),
        (u32::MAX, 0),
    ] {
        let damaged = as_version_0_2(&bytes, frames, people);
        let case = format!("{frames} frames of {people} people");
        assert!(!check(&damaged, &case), "{case}");
    }
    // The honest 0.2 rewrite loads the same clip.
    let honest = as_version_0_2(&bytes, 170, 1);
    assert!(check(&honest, "honest 0.2"));
    let clip = pose_format::read(&honest, Path::new("ok.pose")).expect("0.2 copy");
    assert_eq!((clip.frame_count(), clip.poses.joints()), (170, 178));
    // A v0.1 header that claims 65535 frames: the body holds only 170.
    let mut damaged = bytes.clone();
    put_u16(&mut damaged, BODY_AT + 2, u16::MAX);
    assert!(!check(&damaged, "v0.1 frames 65535"));
}

#[test]
fn damaged_files_fail_cleanly_through_load() {
    let Some(bytes) = sample() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.pose");
    std::fs::write(&path, &bytes[..1000]).expect("write");
    let err = formats::load(&path).expect_err("truncated");
    let message = err.to_string();
    assert!(message.contains("cut.pose: pose-format byte "), "{message}");
    assert!(message.contains("truncated"), "{message}");
}
