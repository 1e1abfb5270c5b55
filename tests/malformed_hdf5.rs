//! Damaged copies of the four shared HDF5 files (SLEAP project, SLEAP analysis in both axis
//! orders, DeepLabCut `.h5`): truncations, flipped bytes and lying dataset sizes must give `Ok`
//! or an `Err` naming the file — never a panic (not even one the reader catches), never an
//! allocation beyond a bound proportional to the file's size.
//!
//! The offsets are sampled (fixed, so every run tests the same copies): the HDF5 metadata at
//! the start of the file densely, the rest spread evenly plus a fixed pseudo-random sample.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

mod common;

use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use posedeck::formats;

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

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            // SAFETY: forwarded unchanged to the system allocator.
            unsafe { System.alloc_zeroed(layout) }
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

/// Panics seen anywhere in this test binary (including ones a reader catches).
static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts every panic, then reports it as usual.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Most bytes one allocation may take while reading a damaged copy of `len` bytes: the
/// reader's read limit (64 bytes per file byte plus 4 MiB), the copy of the file the HDF5
/// reader keeps, and slack.
fn allocation_bound(len: usize) -> usize {
    64 * len + (4 << 20) + 2 * len + (1 << 20)
}

/// Loads `bytes` (written to `dir/name`) and checks the outcome; returns true when it loaded.
fn check(dir: &Path, name: &str, bytes: &[u8], case: &str) -> bool {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the damaged copy");
    let panics_before = PANICS.load(Ordering::SeqCst);
    counting::take_biggest();
    let result = formats::load(&path);
    let biggest = counting::take_biggest();
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        panics_before,
        "{case}: the reader panicked"
    );
    assert!(
        biggest <= allocation_bound(bytes.len()),
        "{case}: allocated {biggest} bytes for a {}-byte file",
        bytes.len()
    );
    match result {
        Ok(clip) => {
            assert_eq!(clip.poses.dims(), 2, "{case}");
            true
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(name),
                "{case}: `{message}` does not name the file"
            );
            false
        }
    }
}

/// A fixed pseudo-random sequence (xorshift), for reproducible samples.
fn samples(seed: u64, count: usize, below: usize) -> Vec<usize> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below.max(1) as u64) as usize
        })
        .collect()
}

/// Truncation points: every 64 bytes of the first 4 KiB (superblock, root group), `spread`
/// evenly over the file, `spread` pseudo-random ones, and the last bytes.
fn truncations(len: usize, spread: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = (0..4096.min(len)).step_by(64).collect();
    offsets.extend((1..=spread).map(|i| i * len / (spread + 1)));
    offsets.extend(samples(len as u64 | 1, spread, len));
    offsets.extend([len.saturating_sub(1), len.saturating_sub(8)]);
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

/// Bytes to flip: the superblock's fields (when `plan.superblock`), bytes inside the file's B-trees, heaps and symbol
/// table nodes (found by their signatures, at most `structures`), and `data` spread over the
/// file (mostly compressed chunks: these decode everything, the slow cases in a debug build).
fn flips(bytes: &[u8], plan: &Plan) -> Vec<usize> {
    let (structures, data) = (plan.structures, plan.data_flips);
    let superblock = if plan.superblock {
        96.min(bytes.len())
    } else {
        0
    };
    let mut offsets: Vec<usize> = (0..superblock).step_by(8).collect();
    let signatures: [&[u8]; 8] = [
        b"TREE", b"HEAP", b"SNOD", b"GCOL", b"OHDR", b"FRHP", b"BTHD", b"BTLF",
    ];
    let mut found: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| signatures.contains(w))
        .map(|(i, _)| i)
        .collect();
    let step = (found.len() / structures.max(1)).max(1);
    found = found.into_iter().step_by(step).take(structures).collect();
    offsets.extend(found.iter().flat_map(|&at| [at, at + 6, at + 12]));
    offsets.extend((1..=data).map(|i| i * bytes.len() / (data + 1)));
    offsets.retain(|&o| o < bytes.len());
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

/// Every offset where the u64 values of `dims` are stored one after another, little-endian
/// (a dataspace's dimensions; a single value also matches data).
fn find_dims(bytes: &[u8], dims: &[u64]) -> Vec<usize> {
    let needle: Vec<u8> = dims.iter().flat_map(|d| d.to_le_bytes()).collect();
    bytes
        .windows(needle.len().max(1))
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| i)
        .collect()
}

/// How hard to damage one file.
struct Plan {
    /// Evenly spread (and as many random) truncation points.
    truncations: usize,
    /// Structures (B-tree nodes, heaps) to flip bytes in.
    structures: usize,
    /// Flips spread over the data.
    data_flips: usize,
    /// Flip the superblock's fields (most are redundant: the copy loads, decoding everything).
    superblock: bool,
    /// Dataspaces (their dimensions in order) whose first dimension is made to lie.
    dims: &'static [&'static [u64]],
    /// Include the plausible lie (twice the size, plus one), which decodes everything.
    plausible_lie: bool,
}

/// Runs every kind of damage in `plan` on the shared file `relative`, written as `name`.
fn damage(relative: &str, name: &str, plan: &Plan) {
    count_panics();
    let Some(path) = common::dataset(relative) else {
        return;
    };
    let original = std::fs::read(&path).expect("read the shared file");
    let dir = tempfile::tempdir().expect("temporary folder");
    assert!(check(dir.path(), name, &original, "the intact file"));
    let (mut loaded, mut cases) = (0, 0);
    let mut run = |bytes: &[u8], case: String| {
        loaded += usize::from(check(dir.path(), name, bytes, &case));
        cases += 1;
    };
    for offset in truncations(original.len(), plan.truncations) {
        run(&original[..offset], format!("truncated at {offset}"));
    }
    for offset in flips(&original, plan) {
        let mut flipped = original.clone();
        if let Some(byte) = flipped.get_mut(offset) {
            *byte ^= 0xff;
        }
        run(&flipped, format!("byte {offset} flipped"));
    }
    for dims in plan.dims {
        let Some(&dim) = dims.first() else { continue };
        let mut lies = vec![0, dim << 20, u64::MAX / 2, u64::MAX - 1];
        if plan.plausible_lie {
            lies.push(dim * 2 + 1);
        }
        // A dataspace of several dimensions: its first match (the second is the maximum).
        let matches = find_dims(&original, dims);
        let take = if dims.len() > 1 { 1 } else { matches.len() };
        for at in matches.into_iter().take(take) {
            for &lie in &lies {
                let mut lying = original.clone();
                if let Some(slot) = lying.get_mut(at..at + 8) {
                    slot.copy_from_slice(&lie.to_le_bytes());
                }
                run(&lying, format!("{dim} at byte {at} claimed as {lie}"));
            }
        }
    }
    // Most damage must be noticed; some copies (a flipped byte in a coordinate) still load.
    assert!(
        loaded < cases,
        "{relative}: all {cases} damaged copies loaded"
    );
}

#[test]
fn damaged_sleap_projects() {
    // frames 1100, instances 2274 and pred_points 54576 rows.
    let plan = Plan {
        truncations: 24,
        structures: 10,
        data_flips: 10,
        superblock: true,
        dims: &[&[1100], &[2274], &[54_576]],
        plausible_lie: true,
    };
    damage(SLP, "damaged.slp", &plan);
}

/// The analysis files decode 11 MB of `tracks` whenever the damage misses the metadata, about
/// a second each in a debug build: the slow cases are few.
const ANALYSIS: Plan = Plan {
    truncations: 32,
    structures: 2,
    data_flips: 1,
    superblock: false,
    dims: &[&[1100, 27, 24, 2], &[27, 2, 24, 1100]],
    plausible_lie: false,
};

#[test]
fn damaged_sleap_analysis_standard() {
    damage(STANDARD, "damaged.analysis.h5", &ANALYSIS);
}

#[test]
fn damaged_sleap_analysis_matlab() {
    damage(MATLAB, "damaged.analysis.h5", &ANALYSIS);
}

#[test]
fn damaged_deeplabcut_h5() {
    // table 116 rows.
    let plan = Plan {
        truncations: 64,
        structures: 32,
        data_flips: 64,
        superblock: true,
        dims: &[&[116]],
        plausible_lie: true,
    };
    damage(DLC, "damaged.h5", &plan);
}

#[test]
fn hdf5_signature_without_a_file_behind_it() {
    count_panics();
    let dir = tempfile::tempdir().expect("temporary folder");
    let magic = b"\x89HDF\r\n\x1a\n";
    assert!(!check(dir.path(), "magic.h5", magic, "the signature alone"));
    let mut junk = magic.to_vec();
    junk.extend(samples(7, 4000, 256).iter().map(|&b| b as u8));
    assert!(!check(
        dir.path(),
        "junk.slp",
        &junk,
        "the signature and noise"
    ));
}

const SLP: &str = "sleap/centered_pair_predictions.slp";
const STANDARD: &str = "sleap/centered_pair_standard.analysis.h5";
const MATLAB: &str = "sleap/centered_pair_matlab_layout.analysis.h5";
const DLC: &str = "dlc/openfield_CollectedData_Pranav.h5";
