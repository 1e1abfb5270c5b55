//! The chunked C3D and NPY readers (issue 10) keep the whole readers' results: for every C3D
//! and NPY file of the datasets and assets, and for damaged and unusual variants of them,
//! `formats::load` (through the chunked source) gives the clip `from_bytes::load_bytes` gives,
//! or the same error, and `formats::outline_with` is that clip's outline whenever the source
//! says its outline is final.
#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing fixture must fail the test loudly"
)]

mod common;

use std::path::{Path, PathBuf};

use posedeck::formats::{self, c3d, chunked, from_bytes, npy};
use posedeck::model::{AnalogChannels, Clip, PosesBuilder};

/// Checks the contract for the file at `path`; returns whether it was read in chunks.
fn check(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let chunked = formats::load(path);
    let what = path.display().to_string();
    let whole = match from_bytes::load_bytes(path, &bytes) {
        Ok(Some(clip)) => Ok(clip),
        Ok(None) => {
            // Not recognised at all (a damaged key or magic): no format, nothing chunked.
            let error = chunked.map(|_| ()).expect_err("unrecognised content");
            assert!(
                matches!(error, formats::LoadError::UnknownFormat { .. }),
                "{what}: {error}"
            );
            return false;
        }
        Err(error) => Err(error),
    };
    check_viewing(path, &chunked, &what);
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => assert_same(a, b, &what),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}"),
        _ => panic!(
            "{what}: whole reader {:?}, chunked reader {:?}",
            whole
                .as_ref()
                .map(|_| "a clip")
                .map_err(ToString::to_string),
            chunked
                .as_ref()
                .map(|_| "a clip")
                .map_err(ToString::to_string),
        ),
    }
    let Ok(format) = formats::detect(path) else {
        return false;
    };
    let source = match chunked::open(path, format) {
        Ok(Some(source)) => source,
        Ok(None) => return false,
        Err(error) => {
            assert!(
                whole.is_err(),
                "{what}: opens whole but not in chunks: {error}"
            );
            return false;
        }
    };
    if source.outline_is_final() {
        let outline = formats::outline_with(path, &formats::LoadOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let clip = chunked.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(outline, clip.outline(), "{what}: outline");
    }
    true
}

/// The viewer's quick open, once every chunk is read and finished, gives the clip
/// `formats::load` gives, or fails as it does; its outline is never final for C3D and NPY.
fn check_viewing(path: &Path, loaded: &Result<Clip, formats::LoadError>, what: &str) {
    let viewed = formats::open_for_viewing(path).and_then(|source| {
        let Some(source) = source else {
            return Ok(None);
        };
        assert!(!source.outline_is_final(), "{what}: quick outline is final");
        let mut clip = chunked::read_clip(source.as_ref())?;
        formats::apply_options(&mut clip, &formats::LoadOptions::default());
        Ok(Some(clip))
    });
    match (loaded, &viewed) {
        (Ok(a), Ok(Some(b))) => assert_same(a, b, &format!("{what} (viewer)")),
        // Read whole by the viewer too (through `formats::load`).
        (_, Ok(None)) => {}
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what} (viewer)"),
        _ => panic!(
            "{what}: load {:?}, viewer {:?}",
            loaded
                .as_ref()
                .map(|_| "a clip")
                .map_err(ToString::to_string),
            viewed
                .as_ref()
                .map(|_| "a clip")
                .map_err(ToString::to_string),
        ),
    }
}

fn bits(values: impl Iterator<Item = f32>) -> Vec<u32> {
    values.map(f32::to_bits).collect()
}

/// Same frames, skeleton, space, metadata, people and values (NaN equals NaN).
fn assert_same(a: &Clip, b: &Clip, what: &str) {
    assert_eq!(a.frame_count(), b.frame_count(), "{what}: frames");
    assert_eq!(a.skeleton, b.skeleton, "{what}: skeleton");
    assert_eq!(a.space, b.space, "{what}: space");
    assert_eq!(a.meta, b.meta, "{what}: warnings and details");
    assert_eq!(
        a.frame_rate_hz.map(f64::to_bits),
        b.frame_rate_hz.map(f64::to_bits),
        "{what}: rate"
    );
    assert_eq!(a.poses.max_people(), b.poses.max_people(), "{what}: people");
    assert_eq!(a.poses.has_confidence(), b.poses.has_confidence(), "{what}");
    assert_eq!(a.poses.dims(), b.poses.dims(), "{what}: dims");
    assert_eq!(a.parts.len(), b.parts.len(), "{what}: parts");
    assert_eq!(
        a.analog.as_ref().map(analog_bits),
        b.analog.as_ref().map(analog_bits),
        "{what}: analog"
    );
    for f in 0..a.frame_count() {
        let (fa, fb) = (
            a.poses.frame(f).expect("frame"),
            b.poses.frame(f).expect("frame"),
        );
        assert_eq!(fa.people(), fb.people(), "{what}: people in frame {f}");
        for (pa, pb) in fa.persons().zip(fb.persons()) {
            assert_eq!(
                bits(pa.coords.iter().copied()),
                bits(pb.coords.iter().copied()),
                "{what}: frame {f}"
            );
            assert_eq!(
                pa.confidence.map(|c| bits(c.iter().copied())),
                pb.confidence.map(|c| bits(c.iter().copied())),
                "{what}: confidence in frame {f}"
            );
            assert_eq!(pa.track_id, pb.track_id, "{what}: track in frame {f}");
        }
    }
}

fn analog_bits(a: &AnalogChannels) -> (u64, Vec<String>, Vec<String>, Vec<usize>, Vec<u32>) {
    (
        a.rate_hz.to_bits(),
        a.labels.clone(),
        a.units.clone(),
        a.samples.shape().to_vec(),
        bits(a.samples.iter().copied()),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posedeck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `bytes` as `dir/name` and checks it.
fn check_bytes(dir: &Path, name: &str, bytes: &[u8]) -> bool {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    check(&path)
}

fn dataset_files(folder: &str, ext: &str) -> Vec<PathBuf> {
    let Some(dir) = common::dataset(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dataset folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .{ext} in {}", dir.display());
    files
}

fn asset_files(ext: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("assets")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Damaged copies of `bytes`: cut at several places, and with header bytes flipped.
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let len = bytes.len();
    let mut out = Vec::new();
    for cut in [
        0,
        7,
        100,
        511,
        600,
        1100,
        len / 5,
        len / 2,
        len - len / 3 - 7,
        len - 1,
    ] {
        if cut < len {
            out.push((format!("cut{cut}"), bytes[..cut].to_vec()));
        }
    }
    for at in [0, 1, 2, 3, 4, 8, 9, 10, 16, 20, 40, 70, 512 + 3] {
        if at < len {
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 0xff;
            out.push((format!("flip{at}"), flipped));
        }
    }
    out
}

#[test]
fn every_c3d_file_and_its_damaged_copies() {
    let dir = temp_dir("chunked-c3d");
    let mut chunked = 0;
    for path in dataset_files("c3d", "c3d")
        .into_iter()
        .chain(asset_files("c3d"))
    {
        chunked += usize::from(check(&path));
        let bytes = std::fs::read(&path).expect("read");
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        for (what, variant) in damaged(&bytes) {
            let name = format!("{}_{what}.c3d", stem.as_deref().unwrap_or("x"));
            check_bytes(&dir, &name, &variant);
        }
    }
    assert!(chunked >= 10, "only {chunked} files were read in chunks");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A clip of `copies` × sample02's 89 frames with its analog channels, so it spans chunks.
fn long_c3d(storage: c3d::PointStorage, processor: c3d::Processor) -> Option<Vec<u8>> {
    let path = common::dataset("c3d/sample02_pc_real.c3d")?;
    let clip = formats::load(&path).expect("sample02");
    let copies = 25;
    let joints = clip.poses.joints();
    let mut builder = PosesBuilder::new(joints, 3, false, false);
    for _ in 0..copies {
        for frame in clip.poses.frames() {
            builder.begin_frame();
            let person = frame.person(0).expect("one person");
            builder.push_person(
                &person.coords.iter().copied().collect::<Vec<_>>(),
                None,
                None,
            );
        }
    }
    let mut long = Clip::new(
        clip.skeleton.clone(),
        clip.frame_rate_hz,
        clip.space,
        builder.finish(),
        clip.meta.clone(),
    );
    let analog = clip.analog.clone().expect("sample02 has analog channels");
    let rows = analog.samples.nrows();
    let tiled =
        ndarray::Array2::from_shape_fn((rows * copies, analog.samples.ncols()), |(r, c)| {
            analog.samples[[r % rows, c]]
        });
    long.analog = Some(AnalogChannels {
        samples: tiled,
        ..analog
    });
    Some(c3d::write(&long, &c3d::WriteOptions { storage, processor }))
}

#[test]
fn long_c3d_trials_with_analog_in_every_storage_and_processor() {
    let dir = temp_dir("chunked-c3d-long");
    for storage in [c3d::PointStorage::Float, c3d::PointStorage::Integer] {
        for processor in [
            c3d::Processor::Intel,
            c3d::Processor::Dec,
            c3d::Processor::Mips,
        ] {
            let Some(bytes) = long_c3d(storage, processor) else {
                return;
            };
            let name = format!("long_{storage:?}_{processor:?}.c3d");
            assert!(check_bytes(&dir, &name, &bytes), "{name} read in chunks");
            let path = dir.join(&name);
            let clip = formats::load(&path).expect("loads");
            assert_eq!(clip.frame_count(), 89 * 25);
            assert!(clip.analog.is_some());
            // Cut in the middle of a chunk and of a frame.
            let cut = bytes.len() - bytes.len() / 3 - 7;
            check_bytes(&dir, &format!("cut_{name}"), &bytes[..cut]);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_npy_file_and_its_damaged_copies() {
    let dir = temp_dir("chunked-npy");
    let mut chunked = 0;
    for path in dataset_files("npy", "npy")
        .into_iter()
        .chain(asset_files("npy"))
    {
        chunked += usize::from(check(&path));
        let bytes = std::fs::read(&path).expect("read");
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        for (what, variant) in damaged(&bytes) {
            let name = format!("{}_{what}.npy", stem.as_deref().unwrap_or("x"));
            check_bytes(&dir, &name, &variant);
        }
    }
    assert!(chunked >= 4, "only {chunked} files were read in chunks");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An NPY file of `descr` with `shape`, its values stored in Fortran order when `fortran`
/// (`values` are in C order).
fn npy_file(descr: &str, shape: &[usize], fortran: bool, values: &[f64]) -> Vec<u8> {
    let mut stored = values.to_vec();
    if fortran {
        let n = shape.len();
        let mut index = vec![0_usize; n];
        for v in values {
            let mut at = 0;
            let mut stride = 1;
            for axis in 0..n {
                at += index[axis] * stride;
                stride *= shape[axis];
            }
            stored[at] = *v;
            for axis in (0..n).rev() {
                index[axis] += 1;
                if index[axis] < shape[axis] {
                    break;
                }
                index[axis] = 0;
            }
        }
    }
    let big = descr.starts_with('>');
    let data: Vec<u8> = stored
        .iter()
        .flat_map(|&v| match &descr[1..] {
            "f4" if big => (v as f32).to_be_bytes().to_vec(),
            "f4" => (v as f32).to_le_bytes().to_vec(),
            "f8" if big => v.to_be_bytes().to_vec(),
            "f8" => v.to_le_bytes().to_vec(),
            "i2" => (v as i16).to_le_bytes().to_vec(),
            other => panic!("{other}"),
        })
        .collect();
    let dims: Vec<String> = shape.iter().map(ToString::to_string).collect();
    let mut dict = format!(
        "{{'descr': '{descr}', 'fortran_order': {}, 'shape': ({},), }}",
        if fortran { "True" } else { "False" },
        dims.join(", ")
    );
    while !(10 + dict.len() + 1).is_multiple_of(64) {
        dict.push(' ');
    }
    dict.push('\n');
    let mut out = npy::MAGIC.to_vec();
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&u16::try_from(dict.len()).expect("short").to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.extend_from_slice(&data);
    out
}

/// H36M-like values: a person standing along z (head at 1700) whose joints move with the
/// frame; `missing(frame, joint)` makes a joint NaN.
fn standing(frames: usize, people: usize, missing: impl Fn(usize, usize) -> bool) -> Vec<f64> {
    let mut values = Vec::new();
    for f in 0..frames {
        for p in 0..people {
            for j in 0..17 {
                let h = match j {
                    10 => 1700.0,
                    3 | 6 => 0.0,
                    _ => 900.0 + j as f64,
                };
                let point = [f as f64 * 0.5 + j as f64 * 10.0, p as f64 * 100.0, h];
                if missing(f, j) {
                    values.extend([f64::NAN; 3]);
                } else {
                    values.extend(point);
                }
            }
        }
    }
    values
}

#[test]
fn npy_dtypes_orders_people_and_odd_values_across_chunks() {
    let dir = temp_dir("chunked-npy-shapes");
    let frames = 2500;
    let plain = standing(frames, 1, |f, j| f % 97 == 0 && j == 5);
    for descr in ["<f4", ">f4", "<f8", ">f8", "<i2"] {
        for fortran in [false, true] {
            let bytes = npy_file(descr, &[frames, 17, 3], fortran, &plain);
            let name = format!("plain_{}_{fortran}.npy", &descr[1..]);
            assert!(check_bytes(&dir, &name, &bytes), "{name} read in chunks");
        }
    }
    // Several people, frames first or people first, C or Fortran order; person 1 absent in
    // some frames.
    let two = standing(frames, 2, |f, _| f % 5 == 0);
    for fortran in [false, true] {
        let bytes = npy_file("<f4", &[frames, 2, 17, 3], fortran, &two);
        check_bytes(&dir, &format!("two_{fortran}.npy"), &bytes);
        // (people, frames, joints, 3): the same values with the first two axes swapped.
        let mut swapped = vec![0.0; two.len()];
        for f in 0..frames {
            for p in 0..2 {
                let from = (f * 2 + p) * 51;
                let to = (p * frames + f) * 51;
                swapped[to..to + 51].copy_from_slice(&two[from..from + 51]);
            }
        }
        let bytes = npy_file("<f4", &[2, frames, 17, 3], fortran, &swapped);
        check_bytes(&dir, &format!("two_first_{fortran}.npy"), &bytes);
    }
    // No head or ankle in the first 1500 frames: the up axis needs later chunks.
    let late = standing(frames, 1, |f, j| f < 1500 && matches!(j, 3 | 6 | 10));
    check_bytes(
        &dir,
        "late_heads.npy",
        &npy_file("<f4", &[frames, 17, 3], false, &late),
    );
    // Every value missing; infinities; a pixel array with a confidence and (0, 0) points.
    let nan = vec![f64::NAN; frames * 17 * 3];
    check_bytes(
        &dir,
        "all_nan.npy",
        &npy_file("<f4", &[frames, 17, 3], false, &nan),
    );
    let mut inf = plain.clone();
    inf[7] = f64::INFINITY;
    inf[1000] = f64::NEG_INFINITY;
    check_bytes(
        &dir,
        "inf.npy",
        &npy_file("<f4", &[frames, 17, 3], false, &inf),
    );
    let pixels: Vec<f64> = (0..frames * 17)
        .flat_map(|i| {
            if i % 13 == 0 {
                [0.0, 0.0, 0.0]
            } else {
                [(i % 640) as f64, (i % 480) as f64, (i % 10) as f64 / 10.0]
            }
        })
        .collect();
    for descr in ["<f4", "<f8"] {
        let bytes = npy_file(descr, &[frames, 17, 3], false, &pixels);
        check_bytes(&dir, &format!("pixels_{}.npy", &descr[1..]), &bytes);
    }
    let xy: Vec<f64> = pixels.chunks_exact(3).flat_map(|p| [p[0], p[1]]).collect();
    check_bytes(
        &dir,
        "xy.npy",
        &npy_file("<f4", &[frames, 17, 2], false, &xy),
    );
    check_bytes(&dir, "empty.npy", &npy_file("<f4", &[0, 17, 3], false, &[]));
    // Frames so wide that a chunk holds fewer than the usual number of them.
    let wide: Vec<f64> = (0..60 * 12_000 * 3).map(|i| f64::from(i % 1000)).collect();
    let bytes = npy_file("<f4", &[60, 12_000, 3], false, &wide);
    assert!(check_bytes(&dir, "wide.npy", &bytes));
    let bytes = npy_file("<f4", &[60, 12_000, 3], true, &wide);
    assert!(check_bytes(&dir, "wide_fortran.npy", &bytes));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The viewer's first chunk reads the third column one way, the whole file the other way: the
/// clip the viewer ends with is still the one `formats::load` gives.
#[test]
fn npy_whose_first_chunk_misleads_the_confidence_decision() {
    let dir = temp_dir("viewing-npy-confidence");
    let frames = 2500;
    let point = |i: usize, wide: bool, third: f64| {
        let span = if wide { 640 } else { 10 };
        [(i % span) as f64, (i % 7) as f64, third]
    };
    // Pixels and a confidence at first; a third value of 5 after the first chunk (3D).
    let late_depth: Vec<f64> = (0..frames * 17)
        .flat_map(|i| point(i, true, if i == 2000 * 17 { 5.0 } else { 0.5 }))
        .collect();
    // A narrow first chunk (3D), wide pixels with a confidence later.
    let late_wide: Vec<f64> = (0..frames * 17)
        .flat_map(|i| point(i, i >= 1500 * 17, 0.25))
        .collect();
    for (name, values) in [("late_depth.npy", late_depth), ("late_wide.npy", late_wide)] {
        let bytes = npy_file("<f4", &[frames, 17, 3], false, &values);
        assert!(check_bytes(&dir, name, &bytes), "{name} read in chunks");
        let path = dir.join(name);
        let quick = formats::open_for_viewing(&path)
            .expect("opens")
            .expect("chunked");
        let clip = formats::load(&path).expect("loads");
        assert_ne!(
            quick.outline().space.dims,
            clip.space.dims,
            "{name}: the first chunk decides otherwise"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A C3D whose points are all flagged invalid: the warning comes from the pass `finish` makes.
#[test]
fn c3d_with_every_point_invalid() {
    let Some(path) = common::dataset("c3d/sample02_pc_real.c3d") else {
        return;
    };
    let dir = temp_dir("viewing-c3d-invalid");
    let clip = formats::load(&path).expect("sample02");
    let joints = clip.poses.joints();
    let mut builder = PosesBuilder::new(joints, 3, false, false);
    for _ in 0..3000 {
        builder.begin_frame();
        builder.push_person(&vec![f32::NAN; joints * 3], None, None);
    }
    let empty = Clip::new(
        clip.skeleton.clone(),
        clip.frame_rate_hz,
        clip.space,
        builder.finish(),
        clip.meta.clone(),
    );
    for storage in [c3d::PointStorage::Float, c3d::PointStorage::Integer] {
        let options = c3d::WriteOptions {
            storage,
            processor: c3d::Processor::Intel,
        };
        let name = format!("invalid_{storage:?}.c3d");
        assert!(check_bytes(&dir, &name, &c3d::write(&empty, &options)));
        let path = dir.join(&name);
        let loaded = formats::load(&path).expect("loads");
        let warning = "all points are flagged invalid";
        assert!(
            loaded.meta.warnings.iter().any(|w| w.contains(warning)),
            "{name}: {:?}",
            loaded.meta.warnings
        );
        let quick = formats::open_for_viewing(&path)
            .expect("opens")
            .expect("chunked");
        assert!(
            !quick
                .outline()
                .meta
                .warnings
                .iter()
                .any(|w| w.contains(warning)),
            "{name}: the quick outline has not counted the points"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
