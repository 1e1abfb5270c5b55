//! Malformed input for the text readers (TRC, DeepLabCut CSV, CMU Panoptic JSON, NTU
//! `.skeleton`): truncations at many offsets, flipped bytes and lying counts must give `Ok` or
//! an `Err` that names the file and a line or JSON path — never a panic, and never a big
//! allocation (a counting allocator records the largest block any reader asks for).

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use posedeck::formats::{self, LoadError, Location, dlc, ntu, panoptic, trc};
use posedeck::model::Clip;

/// The system allocator, recording the largest single block requested.
struct Counting;

static LARGEST_BLOCK: AtomicUsize = AtomicUsize::new(0);

#[expect(
    unsafe_code,
    reason = "a GlobalAlloc wrapper is the only way to observe how big the readers' blocks get"
)]
// SAFETY: every call is forwarded unchanged to `System`; only the requested size is recorded.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST_BLOCK.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST_BLOCK.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: `ptr` came from `System` with `layout`; same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The largest block any test in this binary may see. The readers store at most one or two
/// values per input byte plus a fixed 1 Mi values; the biggest input here is about 10 MB.
const BLOCK_LIMIT: usize = 64 << 20;

fn assert_no_big_block() {
    let largest = LARGEST_BLOCK.load(Ordering::Relaxed);
    assert!(
        largest <= BLOCK_LIMIT,
        "a block of {largest} bytes was allocated"
    );
}

type Reader = fn(&[u8], &Path) -> Result<Clip, LoadError>;

/// Checks the outcome of one malformed input: `Ok`, or an error naming the file and a place.
fn check(reader: Reader, bytes: &[u8], path: &Path, what: &str) {
    match reader(bytes, path) {
        Ok(clip) => {
            assert_eq!(clip.poses.joints(), clip.skeleton.joint_count(), "{what}");
        }
        Err(error) => {
            let message = error.to_string();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            assert!(message.contains(name.as_ref()), "{what}: {message}");
            assert!(
                matches!(
                    error.location(),
                    Some(Location::Line(_) | Location::JsonPath(_) | Location::Byte(_))
                ),
                "{what}: no place in `{message}`"
            );
        }
    }
}

/// Truncates `bytes` at the first and last 48 offsets and at ~150 offsets between.
fn truncations(reader: Reader, bytes: &[u8], path: &Path) {
    let step = (bytes.len() / 150).max(1);
    let ends = (0..48.min(bytes.len()))
        .chain((0..bytes.len()).step_by(step))
        .chain(bytes.len().saturating_sub(48)..bytes.len());
    for end in ends {
        check(reader, &bytes[..end], path, &format!("truncated at {end}"));
    }
}

/// Flips bits at ~300 pseudo-random positions (a fixed sequence), one position at a time.
fn flips(reader: Reader, bytes: &[u8], path: &Path) {
    let mut state = 0x2545_f491_u64;
    let mut copy = bytes.to_vec();
    for round in 0..300 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = (state >> 33) as usize % bytes.len().max(1);
        let mask = [0x01, 0x08, 0x20, 0x80, 0xff][round % 5];
        let Some(byte) = copy.get_mut(at) else { return };
        *byte ^= mask;
        check(reader, &copy, path, &format!("byte {at} ^ {mask:#x}"));
        copy[at] = bytes[at];
    }
}

fn datasets() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn shared(file: &str) -> Option<(PathBuf, Vec<u8>)> {
    let path = datasets()?.join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((path, bytes))
}

const TRC: &str = "trc/pose2sim_demo_Balancing_for_IK.trc";
const DLC: &str = "dlc/openfield_CollectedData_Pranav.csv";
const PANOPTIC: [&str; 2] = [
    "panoptic/160906_band1_body3DScene_00000168.json",
    "panoptic/160906_band1_body3DScene_00000169.json",
];

#[test]
fn trc_survives_truncation_and_flipped_bytes() {
    let Some((path, bytes)) = shared(TRC) else {
        return;
    };
    truncations(trc::read, &bytes, &path);
    flips(trc::read, &bytes, &path);
    assert_no_big_block();
}

#[test]
fn trc_lying_counts_are_warnings() {
    let Some((path, bytes)) = shared(TRC) else {
        return;
    };
    let text = String::from_utf8(bytes).expect("utf-8");
    let lying = text.replacen("60\t60\t100\t21", "60\t60\t1000000000\t1000000000", 1);
    let clip = trc::read(lying.as_bytes(), &path).expect("loads");
    assert_eq!(clip.frame_count(), 100);
    assert_eq!(clip.skeleton.joint_count(), 21);
    assert_eq!(clip.meta.warnings.len(), 2, "{:?}", clip.meta.warnings);
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("NumFrames says 1000000000"))
    );
    assert_no_big_block();
}

#[test]
fn trc_names_row_far_wider_than_the_rows_is_refused() {
    let mut text = String::from("PathFileType\t4\nDataRate\n60\nFrame#\tTime");
    for i in 0..20_000 {
        let _ = write!(text, "\tM{i}\t\t");
    }
    text.push('\n');
    for i in 0..200_000 {
        let _ = writeln!(text, "{i}\t0");
    }
    let error = trc::read(text.as_bytes(), Path::new("wide.trc")).expect_err("refused");
    assert!(
        error.to_string().starts_with("wide.trc: TRC line "),
        "{error}"
    );
    assert_no_big_block();
}

#[test]
fn dlc_survives_truncation_and_flipped_bytes() {
    let Some((path, bytes)) = shared(DLC) else {
        return;
    };
    truncations(dlc::read, &bytes, &path);
    flips(dlc::read, &bytes, &path);
    assert_no_big_block();
}

const MULTI_ANIMAL: &str = "\
scorer,,,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex,Alex
individuals,,,mus1,mus1,mus1,mus1,mus1,mus1,mus2,mus2,mus2,mus2,mus2,mus2
bodyparts,,,snout,snout,snout,tail,tail,tail,snout,snout,snout,tail,tail,tail
coords,,,x,y,likelihood,x,y,likelihood,x,y,likelihood,x,y,likelihood
labeled-data,cage1,\"img,001.png\",10.5,20.25,0.9,30,40,0.8,110.5,120,0.7,,,
labeled-data,cage1,img002.png,NaN,,0.1,31,41,0.99,111.5,121,0.5,131,141,0.6
";

#[test]
fn dlc_multi_animal_fixture_survives_truncation_and_flipped_bytes() {
    let path = Path::new("CollectedData_Alex.csv");
    let clip = dlc::read(MULTI_ANIMAL.as_bytes(), path).expect("the fixture itself loads");
    assert_eq!(clip.poses.max_people(), 2);
    truncations(dlc::read, MULTI_ANIMAL.as_bytes(), path);
    flips(dlc::read, MULTI_ANIMAL.as_bytes(), path);
    assert_no_big_block();
}

#[test]
fn dlc_header_far_wider_than_the_rows_is_refused() {
    let mut header = [
        String::from("scorer"),
        String::from("bodyparts"),
        String::from("coords"),
    ];
    for i in 0..20_000 {
        header[0].push_str(",s,s");
        let _ = write!(header[1], ",p{i},p{i}");
        header[2].push_str(",x,y");
    }
    let mut text = header.join("\n");
    text.push('\n');
    for i in 0..200_000 {
        let _ = writeln!(text, "{i},1,2");
    }
    let error = dlc::read(text.as_bytes(), Path::new("wide.csv")).expect_err("refused");
    assert!(
        error.to_string().starts_with("wide.csv: DeepLabCut line "),
        "{error}"
    );
    assert_no_big_block();
}

#[test]
fn panoptic_survives_truncation_and_flipped_bytes() {
    for file in PANOPTIC {
        let Some((path, bytes)) = shared(file) else {
            return;
        };
        truncations(panoptic::read, &bytes, &path);
        flips(panoptic::read, &bytes, &path);
    }
    assert_no_big_block();
}

#[test]
fn panoptic_wrong_shapes_name_the_json_path() {
    let path = Path::new("frame.json");
    let cases = [
        ("[1, 2]", "$"),
        (r#"{"univTime": 1}"#, "$"),
        (r#"{"bodies": {"id": 0}}"#, "$.bodies"),
        (r#"{"bodies": [{"id": 0}, 7]}"#, "$.bodies[0]"),
        (
            r#"{"bodies": [{"id": "zero", "joints19": []}]}"#,
            "$.bodies[0].id",
        ),
        (
            r#"{"bodies": [{"id": 0, "joints19": [1, 2, 3, 4]}]}"#,
            "$.bodies[0].joints19",
        ),
    ];
    for (text, at) in cases {
        let error = panoptic::read(text.as_bytes(), path).expect_err(text);
        assert_eq!(
            error.location(),
            Some(&Location::JsonPath(at.into())),
            "{text}"
        );
        assert!(
            error.to_string().starts_with("frame.json: Panoptic at "),
            "{error}"
        );
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = panoptic::read(deep.as_bytes(), path).expect_err("deep nesting");
    assert!(
        matches!(error.location(), Some(Location::Line(1))),
        "{error}"
    );
}

/// One NTU body with 25 joints (see the conformance test for the layout).
fn ntu_body(id: &str, base: f32) -> String {
    let mut text = format!("{id} 0 1 1 1 1 0 0.0123 -0.0456 2\r\n25\r\n");
    for j in 0..25 {
        let (x, y) = (0.01 * j as f32, base + 0.02 * j as f32);
        let _ = write!(
            text,
            "{x} {y} 3.5 256.1 212.2 960.3 540.4 0.5 0.5 -0.5 0.5 {}\r\n",
            j % 3
        );
    }
    text
}

/// Three frames: one body, none, two bodies with 64-bit ids.
fn ntu_fixture(frame_count: &str) -> String {
    let mut text = format!("{frame_count}\r\n1\r\n");
    text.push_str(&ntu_body("72057594037931101", 0.1));
    text.push_str("0\r\n2\r\n");
    text.push_str(&ntu_body("72057594037931101", 0.2));
    text.push_str(&ntu_body("72057594037931188", -0.3));
    text
}

#[test]
fn ntu_fixture_survives_truncation_and_flipped_bytes() {
    let path = Path::new("S001C001P001R001A001.skeleton");
    let text = ntu_fixture("3");
    assert_eq!(
        ntu::read(text.as_bytes(), path)
            .expect("loads")
            .frame_count(),
        3
    );
    truncations(ntu::read, text.as_bytes(), path);
    flips(ntu::read, text.as_bytes(), path);
    assert_no_big_block();
}

#[test]
fn ntu_lying_counts_warn_or_fail_without_allocating() {
    let path = Path::new("lying.skeleton");
    // frameCount 2^40: the three frames present load, with a warning.
    let clip = ntu::read(ntu_fixture("1099511627776").as_bytes(), path).expect("loads");
    assert_eq!(clip.frame_count(), 3);
    assert!(clip.meta.warnings[0].contains("1099511627776"));
    // bodyCount and jointCount of 2^40: they cannot fit in what is left.
    let text = ntu_fixture("3").replacen("\r\n1\r\n", "\r\n1099511627776\r\n", 1);
    let error = ntu::read(text.as_bytes(), path).expect_err("bodyCount");
    assert_eq!(error.location(), Some(&Location::Line(2)));
    let text = ntu_fixture("3").replacen("\r\n25\r\n", "\r\n1099511627776\r\n", 1);
    let error = ntu::read(text.as_bytes(), path).expect_err("jointCount");
    assert_eq!(error.location(), Some(&Location::Line(4)));
    // A negative or absurd frameCount is not a count.
    let error = ntu::read(b"-1\r\n", path).expect_err("negative");
    assert!(error.to_string().contains("frameCount `-1`"), "{error}");
    assert_no_big_block();
}

#[test]
fn ntu_many_tiny_bodies_stay_bounded() {
    // 200 000 one-joint bodies with distinct ids in one frame: loads or fails fast.
    let mut text = String::from("1\n200000\n");
    for i in 0..200_000 {
        let _ = writeln!(text, "{i} 0 0 0 0 0 0 0 0 2 1 1 1 1 0 0 0 0 1 0 0 0 2");
    }
    check(
        ntu::read,
        text.as_bytes(),
        Path::new("tiny.skeleton"),
        "tiny bodies",
    );
    assert_no_big_block();
}

#[test]
fn corrupted_files_through_load_name_the_file() {
    let Some(dir) = datasets() else { return };
    let temp = tempfile::tempdir().expect("temp dir");
    for file in [TRC, DLC, PANOPTIC[0]] {
        let bytes = std::fs::read(dir.join(file)).expect("read");
        let name = Path::new(file).file_name().expect("name");
        let path = temp.path().join(name);
        for end in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 7] {
            std::fs::write(&path, &bytes[..end]).expect("write");
            if let Err(error) = formats::load(&path) {
                let message = error.to_string();
                assert!(message.contains(&*name.to_string_lossy()), "{message}");
            }
        }
    }
    let path = temp.path().join("cut.skeleton");
    std::fs::write(&path, &ntu_fixture("3").as_bytes()[..500]).expect("write");
    let error = formats::load(&path).expect_err("cut inside a frame");
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: NTU line ", path.display()))
    );
    assert_no_big_block();
}
