//! Malformed NPY and NPZ input: truncations at many offsets, flipped header bytes and lying
//! headers of the real files in `../shared/datasets/npy`. Each gives `Ok` or an `Err` naming
//! the file and a byte offset — never a panic, and never an allocation a header merely claims
//! (a counting allocator records the largest single allocation).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use posedeck::formats::{Location, npy, npz};

/// Wraps the system allocator and remembers the largest request.
struct Counting;

static LARGEST_BYTES: AtomicUsize = AtomicUsize::new(0);

#[expect(
    unsafe_code,
    reason = "a counting allocator must implement GlobalAlloc; it only forwards to System"
)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST_BYTES.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST_BYTES.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// No single allocation may exceed this (the real files are under 400 KB).
const MAX_ALLOCATION_BYTES: usize = 16 * 1024 * 1024;

fn assert_no_big_allocation() {
    let largest = LARGEST_BYTES.load(Ordering::Relaxed);
    assert!(
        largest <= MAX_ALLOCATION_BYTES,
        "an allocation of {largest} bytes happened"
    );
}

/// The two shared files, or nothing (with a printed reason) when the folder is absent.
fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/npy");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
            "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
            dir.display()
        );
        eprintln!("skipped: {} is not present", dir.display());
        return Vec::new();
    }
    [
        "video2bvh_cxk_3d_pose_h36m17.npy",
        "video2bvh_cxk_2d_pose_body25.npy",
    ]
    .iter()
    .map(|name| {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        (path, bytes)
    })
    .collect()
}

/// Reads `bytes` as `path`; an error must name the file and a byte offset. Returns the
/// offset of an error.
fn check(path: &Path, bytes: &[u8]) -> Option<u64> {
    match npy::read(bytes, path) {
        Ok(_) => None,
        Err(err) => {
            let text = err.to_string();
            let name = path.display().to_string();
            assert!(text.starts_with(&format!("{name}: NPY byte ")), "{text}");
            match err.location() {
                Some(Location::Byte(offset)) => Some(*offset),
                other => panic!("no byte offset ({other:?}): {text}"),
            }
        }
    }
}

/// The sample with its header dict replaced by `dict`, padded to the same header length.
fn with_dict(bytes: &[u8], dict: &str) -> Vec<u8> {
    assert!(dict.len() < 117);
    let mut out = bytes[..10].to_vec();
    out.extend_from_slice(dict.as_bytes());
    out.resize(127, b' ');
    out.push(b'\n');
    out.extend_from_slice(&bytes[128..]);
    out
}

#[test]
fn truncation_at_many_offsets() {
    for (path, bytes) in samples() {
        let mut cuts: Vec<usize> = (0..=140).collect();
        cuts.extend((140..bytes.len()).step_by(997));
        cuts.push(bytes.len() - 1);
        for cut in cuts {
            let offset = check(&path, &bytes[..cut]);
            let offset = offset.unwrap_or_else(|| panic!("cut at {cut} loaded"));
            if cut >= 128 {
                assert_eq!(
                    offset, cut as u64,
                    "truncated data is reported where the file ends"
                );
            } else {
                assert!(offset <= cut as u64, "cut at {cut} reported at {offset}");
            }
        }
        assert!(check(&path, &bytes).is_none(), "the whole file loads");
    }
    assert_no_big_allocation();
}

#[test]
fn flipped_header_bytes() {
    for (path, bytes) in samples() {
        for position in 0..128 {
            for mask in [0x01_u8, 0x08, 0x20, 0x80, 0xff] {
                let mut flipped = bytes.clone();
                flipped[position] ^= mask;
                if let Some(offset) = check(&path, &flipped) {
                    assert!(offset <= bytes.len() as u64, "offset {offset} past the end");
                }
            }
        }
    }
    assert_no_big_allocation();
}

#[test]
fn lying_headers() {
    for (path, bytes) in samples() {
        let descr = if bytes[23] == b'8' { "<f8" } else { "<f4" };
        // A shape of 2^40 frames: the growth room NumPy leaves after the first axis fits it.
        let huge = with_dict(
            &bytes,
            &format!(
                "{{'descr': '{descr}', 'fortran_order': False, 'shape': (1099511627776, 17, 3), }}"
            ),
        );
        assert_eq!(check(&path, &huge), Some(huge.len() as u64));
        // A shape whose element count overflows 64 bits.
        let overflow = with_dict(
            &bytes,
            &format!(
                "{{'descr': '{descr}', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }}"
            ),
        );
        assert_eq!(check(&path, &overflow), Some(60));
        // A dimension beyond 64 bits.
        let wide = with_dict(
            &bytes,
            &format!(
                "{{'descr': '{descr}', 'fortran_order': False, 'shape': (99999999999999999999, 3), }}"
            ),
        );
        assert_eq!(check(&path, &wide), Some(61));
        // HLEN past the end of the file.
        let mut hlen = bytes.clone();
        hlen[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
        let mut short = hlen[..1000].to_vec();
        assert_eq!(check(&path, &short), Some(8));
        short[8..10].copy_from_slice(&990_u16.to_le_bytes());
        assert!(check(&path, &short).is_some());
        // Not a dict, code instead of a literal, an object dtype.
        let list = with_dict(&bytes, &format!("['{descr}', False, (900, 17, 3)]"));
        assert_eq!(check(&path, &list), Some(10));
        let code = with_dict(&bytes, "__import__('os').system('true')");
        assert_eq!(check(&path, &code), Some(10));
        let object = with_dict(
            &bytes,
            "{'descr': '|O', 'fortran_order': False, 'shape': (900, 17, 3), }",
        );
        assert_eq!(check(&path, &object), Some(20));
        // A wrong element type that still fits the data: loads (as integers), no panic.
        let ints = with_dict(
            &bytes,
            "{'descr': '<u2', 'fortran_order': False, 'shape': (900, 17, 3), }",
        );
        let _ = check(&path, &ints);
    }
    assert_no_big_allocation();
}

#[test]
fn npz_truncations_and_bombs() {
    for (path, bytes) in samples() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("keypoints.npy", options).expect("start");
        zip.write_all(&bytes).expect("write");
        let archive = zip.finish().expect("finish").into_inner();
        let npz_path = path.with_extension("npz");
        assert!(npz::read(&archive, &npz_path).is_ok());
        for cut in (0..archive.len()).step_by(509) {
            let err = npz::read(&archive[..cut], &npz_path).expect_err("truncated");
            assert!(
                err.to_string()
                    .starts_with(&format!("{}: NPZ", npz_path.display())),
                "{err}"
            );
        }
        // Declare a 4 GB member in the central directory.
        let mut bomb = archive.clone();
        let central = bomb
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("central directory");
        bomb[central + 24..central + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(npz::read(&bomb, &npz_path).is_err());
    }
    assert_no_big_allocation();
}
