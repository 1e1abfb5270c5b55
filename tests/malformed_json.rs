//! Broken COCO and OpenPose JSON: truncations, flipped bytes, wrong types at known paths, huge
//! arrays, empty people lists. Every case gives `Ok` or an `Err` that names the file and a line
//! or JSON path; none panics.

use std::path::{Path, PathBuf};

use posedeck::formats::{self, LoadError, Location, coco, openpose};
use posedeck::model::Clip;
use serde_json::{Value, json};

fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

type Reader = fn(&[u8], &Path) -> Result<Clip, LoadError>;

/// The shared JSON files and the reader for each.
fn files() -> Vec<(PathBuf, Reader)> {
    let list: [(&str, Reader); 5] = [
        ("coco/mmpose_test_coco.json", coco::read),
        (
            "coco/cocoapi_person_keypoints_val2014_fakekeypoints100_results.json",
            coco::read,
        ),
        (
            "openpose/spin_im1010_openpose_body25_v1.2.json",
            openpose::read,
        ),
        (
            "openpose/pose_format_sample_body25_face_hands/video_000000000000_keypoints.json",
            openpose::read,
        ),
        (
            "openpose/pose2sim_demo_cam1_body25b/cam01.0008.json",
            openpose::read,
        ),
    ];
    list.into_iter()
        .filter_map(|(name, reader)| shared(name).map(|p| (p, reader)))
        .collect()
}

/// An error must name the file and say where: a line or a JSON path.
fn assert_useful(result: &Result<Clip, LoadError>, name: &str, case: &str) {
    let Err(error) = result else { return };
    let text = error.to_string();
    assert!(text.contains(name), "{case}: no file name in `{text}`");
    match error.location() {
        Some(Location::Line(line)) => assert!(*line >= 1, "{case}: {text}"),
        Some(Location::JsonPath(path)) => assert!(path.starts_with('$'), "{case}: {text}"),
        other => panic!("{case}: no line or JSON path ({other:?}) in `{text}`"),
    }
}

/// Every offset of the first `head` bytes, then about `spread` more across the file.
fn offsets(len: usize, head: usize, spread: usize) -> impl Iterator<Item = usize> {
    let step = (len / spread.max(1)).max(1);
    (0..len.min(head)).chain((head..len).step_by(step))
}

#[test]
fn truncations_at_many_offsets() {
    for (path, read) in files() {
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut errors = 0;
        for cut in offsets(bytes.len(), 120, 150) {
            let result = read(&bytes[..cut], &path);
            assert_useful(&result, &name, &format!("{name} cut at {cut}"));
            errors += usize::from(result.is_err());
        }
        assert!(
            errors > 100,
            "{name}: a cut JSON document is an error ({errors})"
        );
        assert!(read(&bytes, &path).is_ok(), "{name}: the whole file loads");
    }
}

#[test]
fn flipped_bytes() {
    for (path, read) in files() {
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut copy = bytes.clone();
        for at in offsets(bytes.len(), 40, 60) {
            for change in [0x01_u8, 0x20, 0x80, 0xFF] {
                copy[at] = bytes[at] ^ change;
                assert_useful(
                    &read(&copy, &path),
                    &name,
                    &format!("{name} byte {at} ^ {change:#x}"),
                );
            }
            for replacement in [b'[', b'"', b'9', b'\0'] {
                copy[at] = replacement;
                assert_useful(
                    &read(&copy, &path),
                    &name,
                    &format!("{name} byte {at} = {replacement}"),
                );
            }
            copy[at] = bytes[at];
        }
    }
}

fn coco_value() -> Option<(PathBuf, Value)> {
    let path = shared("coco/mmpose_test_coco.json")?;
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read: {e}"));
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("json: {e}"));
    Some((path, value))
}

fn load_value(value: &Value, read: Reader, name: &str) -> Result<Clip, LoadError> {
    let bytes = serde_json::to_vec(value).unwrap_or_else(|e| panic!("serialise: {e}"));
    let result = read(&bytes, Path::new(name));
    assert_useful(&result, name, name);
    result
}

fn path_of(error: &LoadError) -> String {
    match error.location() {
        Some(Location::JsonPath(path)) => path.clone(),
        other => panic!("expected a JSON path, got {other:?} in `{error}`"),
    }
}

#[test]
fn coco_wrong_types_at_known_paths() {
    let Some((_, original)) = coco_value() else {
        return;
    };

    let mut value = original.clone();
    value["annotations"][0]["keypoints"] = json!("367, 81, 2");
    let error = load_value(&value, coco::read, "a.json").expect_err("string keypoints");
    assert_eq!(path_of(&error), "$.annotations[0].keypoints");

    let mut value = original.clone();
    value["annotations"][3]
        .as_object_mut()
        .expect("object")
        .remove("image_id");
    let error = load_value(&value, coco::read, "b.json").expect_err("no image_id");
    assert_eq!(path_of(&error), "$.annotations[3]");
    assert!(error.to_string().contains("image_id"), "{error}");

    let mut value = original.clone();
    value["annotations"][2]["keypoints"][4] = json!({"x": 1});
    let error = load_value(&value, coco::read, "c.json").expect_err("object in keypoints");
    assert_eq!(path_of(&error), "$.annotations[2].keypoints[4]");

    let mut value = original.clone();
    value["images"][1]["id"] = json!([1]);
    let error = load_value(&value, coco::read, "d.json").expect_err("list as id");
    assert_eq!(path_of(&error), "$.images[1].id");

    let mut value = original.clone();
    value["categories"][0]["skeleton"][0] = json!([99, 2]);
    let clip = load_value(&value, coco::read, "e.json").expect("an out-of-range link is dropped");
    assert_eq!(clip.skeleton.bones().len(), 18);
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("$.categories[0].skeleton[0]")),
        "{:?}",
        clip.meta.warnings
    );

    let mut value = original.clone();
    value["annotations"][1]["keypoints"]
        .as_array_mut()
        .expect("list")
        .pop();
    value["annotations"][4]["iscrowd"] = json!(false);
    value["annotations"][5]["num_keypoints"] = json!(3);
    let clip = load_value(&value, coco::read, "f.json").expect("survivable");
    let warnings = clip.meta.warnings.join("\n");
    assert!(warnings.contains("not a multiple of 3"), "{warnings}");
    assert!(
        warnings.contains("(first at $.annotations[1].keypoints)"),
        "{warnings}"
    );
    assert!(
        warnings.contains("2 annotations have a `num_keypoints`"),
        "{warnings}"
    );

    let mut value = original.clone();
    value.as_object_mut().expect("object").remove("categories");
    let clip = load_value(&value, coco::read, "g.json").expect("no categories");
    assert_eq!(clip.skeleton.joint_count(), 17);
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("assumed the COCO-17 layout"))
    );

    let mut value = original;
    value["annotations"][1]["image_id"] = json!(123_456);
    let clip = load_value(&value, coco::read, "h.json").expect("unknown image id");
    assert_eq!(clip.frame_count(), 5, "an extra frame at the end");
    assert_eq!(clip.poses.frame(4).map(|f| f.people()), Some(1));
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("$.annotations[1].image_id"))
    );
}

/// Serialises `value` with the string `"HUGE"` replaced by a list of a million numbers.
fn with_huge_list(value: &Value) -> Vec<u8> {
    let huge = format!("[{}1]", "1.5,".repeat(999_999));
    serde_json::to_string(value)
        .unwrap_or_else(|e| panic!("serialise: {e}"))
        .replace("\"HUGE\"", &huge)
        .into_bytes()
}

#[test]
fn huge_keypoint_arrays_do_not_grow_everyone() {
    let Some((_, mut value)) = coco_value() else {
        return;
    };
    value["annotations"][0]["keypoints"] = json!("HUGE");
    let clip = coco::read(&with_huge_list(&value), Path::new("huge.json")).expect("loads");
    assert_eq!(clip.poses.joints(), 17);
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("do not hold 17 points"))
    );

    let mut people = vec![json!({"pose_keypoints_2d": vec![1.0_f32; 75]}); 3];
    people.insert(1, json!({"pose_keypoints_2d": "HUGE"}));
    let frame = json!({"version": 1.3, "people": people});
    let clip =
        openpose::read(&with_huge_list(&frame), Path::new("huge_keypoints.json")).expect("loads");
    assert_eq!(clip.poses.joints(), 25, "the most common count wins");
    assert_eq!(clip.poses.max_people(), 4);
}

#[test]
fn openpose_wrong_types_and_empty_people() {
    let cases = [
        (
            json!({"people": [{"pose_keypoints_2d": "1 2 3"}]}),
            "$.people[0].pose_keypoints_2d",
        ),
        (
            json!({"people": [{}, {"person_id": "seven"}]}),
            "$.people[1].person_id",
        ),
        (json!({"people": {"a": 1}}), "$.people"),
        (
            json!({"people": [{"hand_left_keypoints_2d": [1, true, 3]}]}),
            "$.people[0].hand_left_keypoints_2d[1]",
        ),
        (json!([1, 2, 3]), "$"),
    ];
    for (value, expected) in cases {
        let error = load_value(&value, openpose::read, "bad.json").expect_err(expected);
        assert_eq!(path_of(&error), expected);
    }
    let clip = load_value(
        &json!({"version": 1.3, "people": []}),
        openpose::read,
        "e.json",
    )
    .expect("an empty frame");
    assert_eq!((clip.frame_count(), clip.poses.max_people()), (1, 0));
    let clip =
        load_value(&json!({"version": 1.3}), openpose::read, "n.json").expect("no people key");
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("no `people` list"))
    );
}

#[test]
fn deep_nesting_overflowing_numbers_and_results_without_keypoints() {
    let deep = "[".repeat(100_000);
    for read in [coco::read as Reader, openpose::read] {
        let result = read(deep.as_bytes(), Path::new("deep.json"));
        assert_useful(&result, "deep.json", "deep nesting");
        assert!(result.is_err());
    }
    let result = openpose::read(
        br#"{"people":[{"pose_keypoints_2d":[1e999,2,3]}]}"#,
        Path::new("big.json"),
    );
    assert_useful(&result, "big.json", "number out of range");
    let result = coco::read(
        br#"[{"image_id": 1, "keypoints": [1, 2, 1]}, {"image_id": 2, "score": 1}]"#,
        Path::new("r.json"),
    );
    let error = result.expect_err("results entry without keypoints");
    assert_eq!(path_of(&error), "$[1]");
    assert!(error.to_string().contains("keypoints"), "{error}");
}

#[test]
fn folders_with_broken_frames() {
    let Some(source) = shared("openpose/pose_format_sample_body25_face_hands") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&source)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for (i, file) in names.iter().enumerate() {
        let bytes = std::fs::read(file).expect("read");
        let name = file.file_name().expect("name");
        let keep = if i == 4 { bytes.len() / 2 } else { bytes.len() };
        std::fs::write(dir.path().join(name), &bytes[..keep]).expect("write");
    }
    let clip = formats::load(dir.path()).expect("one truncated frame is survivable");
    assert_eq!(clip.frame_count(), 9);
    assert_eq!(
        clip.poses.frame(4).map(|f| f.people()),
        Some(0),
        "shown empty"
    );
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("1 frame files could not be read")
                && w.contains("video_000000000004_keypoints.json")),
        "{:?}",
        clip.meta.warnings
    );

    for file in &names {
        let name = file.file_name().expect("name");
        std::fs::write(dir.path().join(name), b"{\"people\": [").expect("write");
    }
    let error = formats::load(dir.path()).expect_err("every frame broken");
    assert!(
        error
            .to_string()
            .contains("video_000000000000_keypoints.json"),
        "{error}"
    );
    assert_eq!(error.location(), Some(&Location::Line(1)));

    let empty = tempfile::tempdir().expect("temp dir");
    let error = formats::load(empty.path()).expect_err("no json files");
    assert!(error.to_string().contains("without .json"), "{error}");
    let other = tempfile::tempdir().expect("temp dir");
    std::fs::write(other.path().join("config.json"), br#"{"x": 1}"#).expect("write");
    let error = formats::detect(other.path()).expect_err("not OpenPose");
    assert!(
        error.to_string().contains("do not look like OpenPose"),
        "{error}"
    );
    let error = formats::load(other.path()).expect_err("not OpenPose");
    assert!(error.to_string().contains("`people`"), "{error}");
    std::fs::write(empty.path().join("a_0.json"), br#"{"people": []}"#).expect("write");
    std::fs::write(empty.path().join("a_3.json"), br#"{"people": []}"#).expect("write");
    std::fs::write(empty.path().join("notes.json"), br#"{"x": 1}"#).expect("write");
    let clip = formats::load(empty.path()).expect("empty frames");
    assert_eq!(clip.frame_count(), 2);
    let warnings = clip.meta.warnings.join("\n");
    assert!(
        warnings.contains("2 frame numbers are missing"),
        "{warnings}"
    );
    assert!(warnings.contains("1 other .json files"), "{warnings}");
    assert!(warnings.contains("no body keypoints"), "{warnings}");
}
