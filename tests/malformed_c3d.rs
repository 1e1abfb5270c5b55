//! Malformed C3D input: truncations, flipped bytes, lying headers and parameters, built from
//! every shared C3D file. Each read must return `Ok` or an `Err` naming the file and a byte
//! offset, never panic, and never make an allocation larger than the file could justify (a
//! counting allocator records the largest single allocation of the reading thread).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::{Path, PathBuf};

use ndarray::Array2;
use posedeck::formats::c3d::{self, PointStorage, WriteOptions};
use posedeck::formats::{LoadError, Location};
use posedeck::model::{
    AnalogChannels, Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space, Units,
    UpAxis,
};

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, noting the largest single request of each thread.
struct Tracking;

fn note(size: usize) {
    let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
}

#[expect(
    unsafe_code,
    reason = "a counting allocator must implement GlobalAlloc"
)]
// SAFETY: every call is forwarded unchanged to `System`, which upholds the contract.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

const FILES: [&str; 13] = [
    "sample01_Eb015pi.c3d",
    "sample01_Eb015vr.c3d",
    "sample02_dec_int.c3d",
    "sample02_dec_real.c3d",
    "sample02_pc_int.c3d",
    "sample02_pc_real.c3d",
    "sample02_sgi_int.c3d",
    "sample02_sgi_real.c3d",
    "sample13_golfswing1.c3d",
    "sample13_golfswing_bad.c3d",
    "sample16_basketball_simi.c3d",
    "sample16_golf_simi.c3d",
    "sample18_bad_parameter_section.c3d",
];

fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/c3d");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return Vec::new();
    }
    FILES
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (path, bytes)
        })
        .collect()
}

/// Reads `bytes` and checks the contract; returns whether it loaded.
fn check(path: &Path, bytes: &[u8], what: &str) -> bool {
    LARGEST.with(|l| l.set(0));
    let result = c3d::read(bytes, path);
    let largest = LARGEST.with(Cell::get);
    // Decoded values take at most 2 × the bytes they came from (f32 per int16), builders may
    // double a buffer while growing, and names and parameters are small.
    let limit = 8 * bytes.len() + (1 << 20);
    assert!(
        largest <= limit,
        "{what}: an allocation of {largest} bytes for a {}-byte file",
        bytes.len()
    );
    match result {
        Ok(clip) => {
            let values = clip.frame_count() * clip.poses.joints().max(1);
            assert!(
                values <= bytes.len(),
                "{what}: {values} point slots from {} bytes",
                bytes.len()
            );
            if let Some(analog) = &clip.analog {
                assert!(
                    analog.samples.len() <= bytes.len(),
                    "{what}: analog larger than the file"
                );
            }
            true
        }
        Err(err) => {
            let text = err.to_string();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(
                text.contains(&name),
                "{what}: `{text}` does not name the file"
            );
            assert!(
                matches!(
                    err,
                    LoadError::Parse {
                        location: Location::Byte(_),
                        ..
                    }
                ),
                "{what}: `{text}` gives no byte offset"
            );
            false
        }
    }
}

/// Processor byte and byte offsets of the parameter section and the data section.
fn layout(bytes: &[u8]) -> (u8, usize, usize) {
    let start = (usize::from(bytes[0]) - 1) * 512;
    let processor = bytes[start + 3];
    let word9 = [bytes[16], bytes[17]];
    let block = if processor == 86 {
        u16::from_be_bytes(word9)
    } else {
        u16::from_le_bytes(word9)
    };
    (processor, start, (usize::from(block) - 1) * 512)
}

fn put_u16(bytes: &mut [u8], at: usize, value: u16, processor: u8) {
    let encoded = if processor == 86 {
        value.to_be_bytes()
    } else {
        value.to_le_bytes()
    };
    bytes[at..at + 2].copy_from_slice(&encoded);
}

/// One parameter or group record as found by a plain walk of a well-formed section.
struct Record {
    name: String,
    group: i8,
    /// Byte offset of the record.
    at: usize,
    /// Byte offset of its next-record field.
    offset_field: usize,
}

fn records(bytes: &[u8]) -> Vec<Record> {
    let (processor, start, data) = layout(bytes);
    let mut found = Vec::new();
    let mut pos = start + 4;
    while pos + 2 < data.min(bytes.len()) {
        let len = usize::from((bytes[pos] as i8).unsigned_abs());
        let group = bytes[pos + 1] as i8;
        if len == 0 || group == 0 {
            break;
        }
        let field = pos + 2 + len;
        let word = [bytes[field], bytes[field + 1]];
        let next = if processor == 86 {
            i16::from_be_bytes(word)
        } else {
            i16::from_le_bytes(word)
        };
        found.push(Record {
            name: String::from_utf8_lossy(&bytes[pos + 2..field]).into_owned(),
            group,
            at: pos,
            offset_field: field,
        });
        if next < 2 {
            break;
        }
        pos = field + next as usize;
    }
    found
}

/// The file cut a little after its data start, so that flip tests stay quick.
fn short(bytes: &[u8]) -> Vec<u8> {
    let (_, _, data) = layout(bytes);
    bytes[..(data + 2048).min(bytes.len())].to_vec()
}

#[test]
fn truncations_at_many_offsets() {
    for (path, bytes) in samples() {
        let (_, start, data) = layout(&bytes);
        let mut cuts: Vec<usize> = (0..=600).collect();
        cuts.extend((0..bytes.len()).step_by(bytes.len() / 40 + 1));
        for edge in [start, data, bytes.len()] {
            cuts.extend(edge.saturating_sub(5)..=edge + 5);
        }
        let mut loaded = 0;
        for cut in cuts.into_iter().filter(|&c| c <= bytes.len()) {
            loaded += usize::from(check(
                &path,
                &bytes[..cut],
                &format!("{} cut at {cut}", path.display()),
            ));
        }
        assert!(loaded > 0, "{}: some long prefix loads", path.display());
        assert!(
            !check(&path, &bytes[..data.min(bytes.len())], "no data"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn flipped_header_bytes() {
    for (path, bytes) in samples() {
        let base = short(&bytes);
        for at in 0..512 {
            // Every byte inverted; the words a reader uses (1–12) also with single bits.
            let masks: &[u8] = if at < 24 {
                &[0xff, 0x80, 0x01]
            } else {
                &[0xff]
            };
            for &mask in masks {
                let mut flipped = base.clone();
                flipped[at] ^= mask;
                check(
                    &path,
                    &flipped,
                    &format!("{} header byte {at} ^ {mask:#x}", path.display()),
                );
            }
        }
    }
}

#[test]
fn flipped_parameter_bytes() {
    for (path, bytes) in samples() {
        let base = short(&bytes);
        let (_, start, data) = layout(&bytes);
        for at in (start..data.min(base.len())).step_by(3) {
            let masks: &[u8] = if at % 2 == 0 { &[0xff] } else { &[0x80] };
            for &mask in masks {
                let mut flipped = base.clone();
                flipped[at] ^= mask;
                check(
                    &path,
                    &flipped,
                    &format!("{} parameter byte {at} ^ {mask:#x}", path.display()),
                );
            }
        }
    }
}

/// A lie: its name, header words (byte offset, value) and parameters (group, name, value).
type LieCase = (
    &'static str,
    Vec<(usize, u16)>,
    Vec<(&'static str, &'static str, u16)>,
);

#[test]
fn lying_counts_in_header_and_parameters() {
    for (path, bytes) in samples() {
        let (processor, _, _) = layout(&bytes);
        let params = records(&bytes);
        let data_of = |group_name: &str, name: &str| {
            let group_id = params
                .iter()
                .find(|r| r.group < 0 && r.name == group_name)?
                .group
                .unsigned_abs();
            let r = params
                .iter()
                .find(|r| r.group == group_id as i8 && r.name == name)?;
            // type, ndims, dims, then data.
            let ndims = usize::from(bytes[r.offset_field + 3]);
            Some(r.offset_field + 4 + ndims)
        };
        let cases: [LieCase; 7] = [
            (
                "65535 markers",
                vec![(2, 65535)],
                vec![("POINT", "USED", 65535)],
            ),
            (
                "65535 frames",
                vec![(8, 65535)],
                vec![("POINT", "FRAMES", 65535)],
            ),
            ("last frame before first", vec![(6, 500), (8, 3)], vec![]),
            (
                "65535 analog channels",
                vec![(4, 65535), (18, 65535)],
                vec![("ANALOG", "USED", 65535)],
            ),
            (
                "data start past the end",
                vec![(16, 65535)],
                vec![("POINT", "DATA_START", 65535)],
            ),
            (
                "data start in the header",
                vec![(16, 1)],
                vec![("POINT", "DATA_START", 0)],
            ),
            (
                "zero everything",
                vec![(2, 0), (4, 0), (18, 0)],
                vec![("POINT", "USED", 0), ("ANALOG", "USED", 0)],
            ),
        ];
        for (what, header, parameters) in cases {
            let mut lying = bytes.clone();
            for (at, value) in header {
                put_u16(&mut lying, at, value, processor);
            }
            for (group, name, value) in parameters {
                if let Some(at) = data_of(group, name) {
                    put_u16(&mut lying, at, value, processor);
                }
            }
            check(&path, &lying, &format!("{}: {what}", path.display()));
        }
    }
}

#[test]
fn broken_parameter_records() {
    for (path, bytes) in samples() {
        let base = short(&bytes);
        let (processor, _, _) = layout(&bytes);
        for r in records(&bytes) {
            let what =
                |how: &str| format!("{} record {} at {}: {how}", path.display(), r.name, r.at);
            for next in [-1_i16, 0, 1, 2, i16::MAX] {
                let mut broken = base.clone();
                put_u16(&mut broken, r.offset_field, next as u16, processor);
                check(&path, &broken, &what(&format!("next offset {next}")));
            }
            for len in [127_u8, 0x81] {
                let mut broken = base.clone();
                broken[r.at] = len;
                check(&path, &broken, &what(&format!("name length {len}")));
            }
            if r.group > 0 {
                // Seven dimensions of 255: a product that no section could hold.
                let mut broken = base.clone();
                let dims = r.offset_field + 3;
                if dims + 8 <= broken.len() {
                    broken[dims] = 7;
                    broken[dims + 1..dims + 8].fill(255);
                    check(&path, &broken, &what("dimensions 255^7"));
                }
                let mut broken = base.clone();
                broken[r.offset_field + 2] = 3; // an unknown type
                check(&path, &broken, &what("type 3"));
            }
        }
    }
}

/// A writer-made long trial whose `TRIAL` and `LONG_FRAMES` parameters claim 2^31 frames.
#[test]
fn a_long_trial_claiming_two_billion_frames() {
    let frames = 70_000;
    let mut builder = PosesBuilder::new(1, 3, false, false);
    for f in 0..frames {
        builder.begin_frame();
        builder.push_person(&[f as f32, 1.0, 2.0], None, None);
    }
    let mut clip = Clip::new(
        Skeleton::from_names_and_bones(vec!["M".into()], Vec::new(), LayoutId::FromFile),
        Some(100.0),
        Space::world(Units::Mm, UpAxis::Z),
        builder.finish(),
        ClipMeta::new("long.c3d", FormatId::C3d),
    );
    clip.analog = Some(AnalogChannels {
        rate_hz: 100.0,
        labels: vec!["A".into()],
        units: vec!["V".into()],
        samples: Array2::zeros((frames, 1)),
    });
    let options = WriteOptions {
        storage: PointStorage::Integer,
        ..WriteOptions::default()
    };
    let bytes = c3d::write(&clip, &options);
    let path = Path::new("long.c3d");
    let params = records(&bytes);
    let field = |name: &str| {
        let r = params
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        r.offset_field + 2 + 2 + 1 // type, ndims, one dimension
    };
    let mut lying = bytes.clone();
    let end = field("ACTUAL_END_FIELD");
    put_u16(&mut lying, end, 0xffff, 84);
    put_u16(&mut lying, end + 2, 0x7fff, 84);
    let long = params
        .iter()
        .find(|r| r.name == "LONG_FRAMES")
        .expect("LONG_FRAMES")
        .offset_field
        + 4;
    lying[long..long + 4].copy_from_slice(&2_147_483_648.0_f32.to_le_bytes());
    let clip = c3d::read(&lying, path).expect("whole frames are read");
    // Every whole frame in the file is read: the 70 000 written, and as many zero frames of
    // 10 bytes as the padding of the last block holds.
    assert!(
        (frames..=frames + 51).contains(&clip.frame_count()),
        "{}",
        clip.frame_count()
    );
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("claims 2147483647 frames")),
        "{:?}",
        clip.meta.warnings
    );
    for cut in [bytes.len() / 3, 2000] {
        check(path, &lying[..cut], &format!("2^31 frames cut at {cut}"));
    }
}

#[test]
fn the_allocation_tracker_sees_large_allocations() {
    LARGEST.with(|l| l.set(0));
    let big = vec![1_u8; 3 << 20];
    assert!(LARGEST.with(Cell::get) >= big.len());
}

/// A crafted parameter section of 100 000 `POINT:LABELSn` continuation records: the walk and
/// the lookups stay linear (no quadratic scan, no hang) and the file loads.
#[test]
fn a_parameter_section_of_a_hundred_thousand_records() {
    fn record(bytes: &mut Vec<u8>, group: i8, name: &str, kind: i8, dims: &[u8], data: &[u8]) {
        bytes.push(name.len() as u8);
        bytes.push(group as u8);
        bytes.extend_from_slice(name.as_bytes());
        let next = if group < 0 {
            3
        } else {
            2 + 2 + dims.len() + data.len() + 1
        };
        bytes.extend_from_slice(&(next as i16).to_le_bytes());
        if group > 0 {
            bytes.push(kind as u8);
            bytes.push(dims.len() as u8);
            bytes.extend_from_slice(dims);
            bytes.extend_from_slice(data);
        }
        bytes.push(0);
    }
    let mut params = Vec::new();
    record(&mut params, -1, "POINT", 0, &[], &[]);
    record(&mut params, 1, "USED", 2, &[], &1_i16.to_le_bytes());
    record(&mut params, 1, "LABELS", -1, &[4, 1], b"HEAD");
    for n in 2..100_002 {
        record(&mut params, 1, &format!("LABELS{n}"), -1, &[4, 1], b"MORE");
    }
    let parameter_blocks = (4 + params.len()).div_ceil(512) + 1;
    let data_block = 2 + parameter_blocks;
    let mut bytes = vec![0_u8; 512];
    bytes[0] = 2;
    bytes[1] = 0x50;
    bytes[2..4].copy_from_slice(&1_u16.to_le_bytes()); // one point
    bytes[6..8].copy_from_slice(&1_u16.to_le_bytes()); // first frame
    bytes[8..10].copy_from_slice(&2_u16.to_le_bytes()); // last frame
    bytes[12..16].copy_from_slice(&(-1.0_f32).to_le_bytes());
    bytes[16..18].copy_from_slice(&(data_block as u16).to_le_bytes());
    bytes[20..24].copy_from_slice(&100.0_f32.to_le_bytes());
    bytes.extend_from_slice(&[1, 0x50, 255, 84]);
    bytes.extend_from_slice(&params);
    bytes.resize((data_block - 1) * 512, 0);
    for frame in 0..2 {
        for v in [frame as f32, 2.0, 3.0, 0.0] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    let path = Path::new("many.c3d");
    assert!(check(path, &bytes, "100 000 records"));
    let clip = c3d::read(&bytes, path).expect("loads");
    assert_eq!(clip.skeleton.names(), ["HEAD"]);
    assert_eq!(clip.frame_count(), 2);
}
