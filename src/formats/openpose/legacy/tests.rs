use std::path::{Path, PathBuf};

use super::{read, read_folder};
use crate::formats::LoadError;
use crate::formats::openpose;
use crate::model::Clip;

fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/openpose")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        assert!(
            std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
            "{} is absent",
            path.display()
        );
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Every coordinate, confidence and track id by its bits (NaN == NaN), the skeletons, space,
/// warnings, details and parts: the whole clip's `Debug` text, which prints all of them.
fn assert_same(new: &Result<Clip, LoadError>, old: &Result<Clip, LoadError>, what: &str) {
    match (new, old) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.frame_count(), b.frame_count(), "{what}: frames");
            assert_eq!(a.meta.warnings, b.meta.warnings, "{what}: warnings");
            assert_eq!(a.meta.details, b.meta.details, "{what}: details");
            assert_eq!(a.parts.len(), b.parts.len(), "{what}: parts");
            let bits = |clip: &Clip| {
                let mut out = Vec::new();
                for poses in std::iter::once(&clip.poses).chain(clip.parts.iter().map(|p| &p.poses))
                {
                    for frame in poses.frames() {
                        out.push(u64::MAX);
                        for person in frame.persons() {
                            out.extend(person.coords.iter().map(|v| u64::from(v.to_bits())));
                            out.extend(
                                person
                                    .confidence
                                    .iter()
                                    .flatten()
                                    .map(|v| u64::from(v.to_bits())),
                            );
                            out.push(person.track_id.map_or(u64::MAX - 1, i64::cast_unsigned));
                        }
                    }
                }
                out
            };
            assert!(bits(a) == bits(b), "{what}: poses differ");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}: clip");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}: error"),
        (a, b) => panic!(
            "{what}: new {:?} but old {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        ),
    }
}

fn compare_folder(path: &Path) {
    assert_same(
        &openpose::read_folder(path),
        &read_folder(path),
        &path.display().to_string(),
    );
    let (new, old) = (openpose::folder::list(path), super::folder::list(path));
    match (new, old) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.files, b.files);
            assert_eq!((a.warnings, a.details), (b.warnings, b.details));
            assert_eq!(a.frame_rate_hz, b.frame_rate_hz);
        }
        (a, b) => assert_eq!(
            a.err().map(|e| e.to_string()),
            b.err().map(|e| e.to_string())
        ),
    }
}

fn compare_file(path: &Path) {
    let bytes = std::fs::read(path).expect("reads");
    assert_same(
        &openpose::read(&bytes, path),
        &read(&bytes, path),
        &path.display().to_string(),
    );
}

/// Copies the files of `from` into `to`; returns the copies' paths (never the originals':
/// the shared datasets are not to be written).
fn copy_dir(from: &Path, to: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(from)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let copies: Vec<PathBuf> = files
        .iter()
        .map(|file| to.join(file.file_name().expect("name")))
        .collect();
    for (file, copy) in files.iter().zip(&copies) {
        std::fs::copy(file, copy).expect("copy");
    }
    assert!(copies.iter().all(|c| c.starts_with(to)));
    copies
}

#[test]
fn the_shared_datasets_and_assets_read_as_before() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/jump_openpose");
    compare_folder(&assets);
    for entry in std::fs::read_dir(&assets).expect("assets") {
        compare_file(&entry.expect("entry").path());
    }
    for name in [
        "pose_format_sample_body25_face_hands",
        "pose2sim_demo_cam1_body25b",
    ] {
        let Some(dir) = shared(name) else { return };
        compare_folder(&dir);
        compare_folder(&dir.join("*.json"));
        compare_folder(&dir.join("*00?_keypoints.json"));
        compare_folder(&dir.join("cam01.00[2*.json"));
        for entry in std::fs::read_dir(&dir).expect("dataset") {
            compare_file(&entry.expect("entry").path());
        }
    }
    if let Some(spin) = shared("spin_im1010_openpose_body25_v1.2.json") {
        compare_file(&spin);
    }
}

/// A folder with every oddity the reader handles: broken, empty and people-less files,
/// `part_candidates`, a 3D person, tracks, ragged and short lists, old keys, string
/// versions, faces of several sizes, gaps, repeats and a file outside the sequence.
#[test]
fn odd_folders_read_as_before() {
    let Some(sign) = shared("pose_format_sample_body25_face_hands") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let files = copy_dir(&sign, dir.path());
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("w");
    let bytes = std::fs::read(&files[4]).expect("read");
    std::fs::write(&files[4], &bytes[..bytes.len() / 2]).expect("truncate");
    compare_folder(dir.path());
    write("video_000000000009_keypoints.json", "");
    write(
        "video_000000000011_keypoints.json",
        r#"{"version":"1.0","part_candidates":[{}],"people":null}"#,
    );
    write(
        "video_000000000012_keypoints.json",
        r#"{"people":[{"person_id":[3],"pose_keypoints":[1,2,0.5,3,4,0]},
            {"person_id":7,"pose_keypoints_2d":[1,2,3,4],"face_keypoints_2d":[1,1,1]}]}"#,
    );
    write("video_000000000012_keypoints_b.json", r#"{"people":[]}"#);
    write("video_0012_keypoints.json", r#"{"people":[{}]}"#);
    write("notes.json", r#"{"x":1}"#);
    compare_folder(dir.path());
    write(
        "video_000000000013_keypoints.json",
        r#"{"people":[{"pose_keypoints_3d":[1,2,3,1,4,5,6,0,7,8,9]}]}"#,
    );
    compare_folder(dir.path());
    compare_folder(&dir.path().join("video_00000000001?_keypoints.json"));

    for file in &files {
        std::fs::write(file, b"{\"people\": [").expect("break");
    }
    let broken = tempfile::tempdir().expect("temp dir");
    copy_dir(dir.path(), broken.path());
    for entry in std::fs::read_dir(broken.path()).expect("list") {
        std::fs::write(entry.expect("entry").path(), b"[1]").expect("break");
    }
    compare_folder(broken.path());
    let no_people = tempfile::tempdir().expect("temp dir");
    std::fs::write(no_people.path().join("a_1.json"), "{}").expect("w");
    std::fs::write(no_people.path().join("a_2.json"), r#"{"people":"x"}"#).expect("w");
    compare_folder(no_people.path());
    let empty = tempfile::tempdir().expect("temp dir");
    compare_folder(empty.path());
    compare_folder(&empty.path().join("nothing_*.json"));
}

/// More frames than one run, so runs are read by both threads and joined in order.
#[test]
fn a_folder_of_several_runs_reads_as_before() {
    let (Some(sign), Some(crowd)) = (
        shared("pose_format_sample_body25_face_hands"),
        shared("pose2sim_demo_cam1_body25b"),
    ) else {
        return;
    };
    let mut sources: Vec<Vec<u8>> = Vec::new();
    for dir in [&sign, &crowd] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        sources.extend(files.iter().map(|f| std::fs::read(f).expect("read")));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for frame in 0..2600 {
        if frame == 1800 {
            continue;
        }
        let mut bytes = sources[(frame * 7) % sources.len()].clone();
        if frame == 1500 {
            bytes.truncate(40);
        }
        if frame == 2100 {
            bytes = br#"{"people":[{"person_id":[5],"pose_keypoints_2d":[1,2,1]}]}"#.to_vec();
        }
        std::fs::write(dir.path().join(format!("f_{frame}_keypoints.json")), bytes).expect("write");
    }
    compare_folder(dir.path());
    let clip = openpose::read_folder(dir.path()).expect("reads");
    assert_eq!(clip.frame_count(), 2599);
    assert_eq!(clip.parts.len(), 3, "face and hands from the sign frames");
}
