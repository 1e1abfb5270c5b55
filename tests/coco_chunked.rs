//! The chunked COCO reader gives what the whole-file reader gives: for every COCO file of the
//! shared datasets and the assets, and for odd and broken variants (the malformed cases,
//! annotations before images, text ids, tracks, escapes, a results list, truncation...), the
//! same clip or the same error, and `info`'s outline equals the loaded clip's outline.

mod common;

use std::path::{Path, PathBuf};

use posedeck::formats::{self, coco, from_bytes};
use posedeck::model::Clip;
use serde_json::{Value, json};

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posedeck-coco-chunked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    dir
}

fn same_floats(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn assert_same_clip(chunked: &Clip, whole: &Clip, case: &str) {
    assert_eq!(chunked.outline(), whole.outline(), "{case}: outline");
    assert_eq!(chunked.skeleton, whole.skeleton, "{case}");
    assert_eq!(chunked.meta, whole.meta, "{case}");
    for (f, (a, b)) in chunked.poses.frames().zip(whole.poses.frames()).enumerate() {
        assert_eq!(a.people(), b.people(), "{case}: frame {f}");
        for (p, q) in a.persons().zip(b.persons()) {
            assert_eq!(p.track_id, q.track_id, "{case}: frame {f}");
            assert_eq!(p.coords.dim(), q.coords.dim(), "{case}");
            for (x, y) in p.coords.iter().zip(q.coords.iter()) {
                assert!(same_floats(*x, *y), "{case}: frame {f}: {x} {y}");
            }
            let (c, d) = (
                p.confidence.unwrap_or_else(|| panic!("conf")),
                q.confidence.unwrap_or_else(|| panic!("conf")),
            );
            for (x, y) in c.iter().zip(d.iter()) {
                assert!(same_floats(*x, *y), "{case}: frame {f}: {x} {y}");
            }
        }
    }
}

/// Loads `path` both ways and compares; returns whether the chunked source took the file.
fn check(path: &Path) -> bool {
    let case = path.display().to_string();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read: {e}"));
    let whole = from_bytes::load_bytes(path, &bytes);
    let chunked = formats::load(path);
    let outline = formats::outline_with(path, &formats::LoadOptions::default());
    let taken = coco::chunked::open(path)
        .unwrap_or_else(|e| panic!("opens: {e}"))
        .is_some();
    eprintln!("{case}: chunked source {taken}");
    match (chunked, whole) {
        (Ok(chunked), Ok(Some(whole))) => {
            assert_same_clip(&chunked, &whole, &case);
            assert_eq!(
                outline.unwrap_or_else(|e| panic!("outline: {e}")),
                whole.outline(),
                "{case}: info"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{case}"),
        (Err(formats::LoadError::UnknownFormat { .. }), Ok(None)) => {}
        (a, b) => panic!("{case}: chunked {a:?}\nwhole {b:?}"),
    }
    taken
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
    path
}

fn write_value(name: &str, value: &Value) -> PathBuf {
    write(
        name,
        &serde_json::to_vec(value).unwrap_or_else(|e| panic!("serialise: {e}")),
    )
}

/// [`check`] on `bytes` written to a file `name` (removed afterwards).
fn check_bytes(name: &str, bytes: &[u8]) -> bool {
    let path = write(name, bytes);
    let taken = check(&path);
    let _ = std::fs::remove_file(&path);
    taken
}

#[test]
fn every_coco_file_reads_the_same() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut files = json_files(&assets, "coco");
    assert!(!files.is_empty(), "the COCO asset");
    if let Some(dir) = common::dataset("coco") {
        files.extend(json_files(&dir, ""));
    }
    for path in &files {
        let taken = check(path);
        let results = path.to_string_lossy().contains("results");
        assert_eq!(
            taken,
            !results,
            "{}: a results list is read whole",
            path.display()
        );
    }
}

/// The `.json` files of `dir` whose names hold `holding`.
fn json_files(dir: &Path, holding: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                && name.contains(holding)
        })
        .collect();
    out.sort();
    out
}

fn original() -> Option<Value> {
    let path = common::dataset("coco/mmpose_test_coco.json")?;
    Some(
        serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("read: {e}")))
            .unwrap_or_else(|e| panic!("json: {e}")),
    )
}

/// An edit of the shared COCO file.
type Edit = fn(&mut Value);

fn annotation_edits() -> Vec<(&'static str, Edit)> {
    let mut cases: Vec<(&'static str, Edit)> = Vec::new();
    let mut add = |name, edit: Edit| cases.push((name, edit));
    add("string_keypoints", |v| {
        v["annotations"][0]["keypoints"] = json!("367, 81, 2");
    });
    add("no_image_id", |v| {
        v["annotations"][3]
            .as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("image_id");
    });
    add("object_in_keypoints", |v| {
        v["annotations"][2]["keypoints"][4] = json!({"x": 1});
    });
    add("list_as_image_id", |v| v["images"][1]["id"] = json!([1]));
    add("link_out_of_range", |v| {
        v["categories"][0]["skeleton"][0] = json!([99, 2]);
    });
    add("survivable", |v| {
        v["annotations"][1]["keypoints"]
            .as_array_mut()
            .unwrap_or_else(|| panic!("list"))
            .pop();
        v["annotations"][4]["iscrowd"] = json!(false);
        v["annotations"][6]["iscrowd"] = json!(true);
        v["annotations"][5]["num_keypoints"] = json!(3);
        v["annotations"][7]["keypoints"] = json!([]);
        v["annotations"][8]["keypoints"] = json!(null);
        v["annotations"][9]["keypoints"][2] = json!(0.5);
        v["annotations"][9]["keypoints"][5] = json!(-1);
        v["annotations"][9]["keypoints"][8] = json!(null);
        v["annotations"][9]["keypoints"][11] = json!(7.5e0);
    });
    add("no_categories", |v| {
        v.as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("categories");
    });
    add("null_images", |v| v["images"] = json!(null));
    add("no_images", |v| {
        v.as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("images");
    });
    add("unknown_image_id", |v| {
        v["annotations"][1]["image_id"] = json!(123_456);
        v["annotations"][3]["image_id"] = json!("text id");
        v["annotations"][5]["image_id"] = json!(123_456);
    });
    cases
}

fn list_edits() -> Vec<(&'static str, Edit)> {
    let mut cases: Vec<(&'static str, Edit)> = Vec::new();
    let mut add = |name, edit: Edit| cases.push((name, edit));
    add("duplicate_and_text_image_ids", |v| {
        v["images"][2]["id"] = v["images"][0]["id"].clone();
        v["images"][3]["id"] = json!("img\"3");
        v["annotations"][0]["image_id"] = json!("img\"3");
        v["images"][1]["file_name"] = json!("a \\ \"quoted\" name \u{e9}");
        v["images"][0]["width"] = json!(null);
    });
    add("tracks", |v| {
        v["annotations"][0]["track_id"] = json!(4);
        v["annotations"][2]["track_id"] = json!("b");
        v["annotations"][5]["track_id"] = json!("a");
        v["annotations"][6]["track_id"] = json!("b");
    });
    add("other_category", |v| {
        v["annotations"][2]["category_id"] = json!(7);
        v["annotations"][4]
            .as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("category_id");
    });
    add("two_keypoint_categories", |v| {
        let mut dog = v["categories"][0].clone();
        dog["id"] = json!(2);
        dog["name"] = json!("dog");
        v["categories"]
            .as_array_mut()
            .unwrap_or_else(|| panic!("list"))
            .insert(0, dog);
        v["annotations"][1]["category_id"] = json!(2);
    });
    add("no_keypoint_names", |v| {
        v["categories"][0]
            .as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("keypoints");
    });
    add("no_keypoints_anywhere", |v| {
        v["categories"][0]
            .as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("keypoints");
        for a in v["annotations"]
            .as_array_mut()
            .unwrap_or_else(|| panic!("list"))
        {
            a.as_object_mut()
                .unwrap_or_else(|| panic!("object"))
                .remove("keypoints");
        }
    });
    add("nested_and_escaped_values", |v| {
        v["annotations"][0]["extra"] = json!([{"a": "]}\\\"{["}, [[1e-3, -2E+2], []], null]);
        v["annotations"][1]["segmentation"] = json!({"counts": "a]}[{", "size": [1, 2]});
        v["info"] = json!({"k": "},{\"image_id\": 5}"});
    });
    add("ids_as_floats", |v| {
        v["annotations"][0]["image_id"] = json!(785.0);
        v["annotations"][0]["id"] = json!(1e3);
    });
    add("no_annotations", |v| {
        v.as_object_mut()
            .unwrap_or_else(|| panic!("object"))
            .remove("annotations");
    });
    add("empty_object", |v| *v = json!({}));
    add("category_key_before_annotations", |v| {
        v["annotations"][0]["aaa"] = json!("before");
    });
    add("first_place_in_frame_order", |v| {
        let (first, last) = (v["images"][0]["id"].clone(), v["images"][3]["id"].clone());
        v["annotations"][0]["image_id"] = last;
        v["annotations"][13]["image_id"] = first;
        for a in [0, 13] {
            v["annotations"][a]["num_keypoints"] = json!(99);
            v["annotations"][a]["keypoints"]
                .as_array_mut()
                .unwrap_or_else(|| panic!("list"))
                .push(json!(1));
        }
    });
    cases
}

#[test]
fn malformed_and_odd_variants_read_the_same() {
    let Some(original) = original() else {
        return;
    };
    let mut cases = Vec::new();
    for (name, edit) in annotation_edits().into_iter().chain(list_edits()) {
        let mut value = original.clone();
        edit(&mut value);
        cases.push((name, value));
    }
    for (name, value) in &cases {
        let compact = serde_json::to_vec(value).unwrap_or_else(|e| panic!("serialise: {e}"));
        check_bytes(&format!("{name}.json"), &compact);
        let pretty = serde_json::to_vec_pretty(value).expect("pretty");
        check_bytes(&format!("{name}_pretty.json"), &pretty);
    }
    let huge = format!("[{}1]", "1.5,".repeat(200_000));
    let mut value = original.clone();
    value["annotations"][0]["keypoints"] = json!("HUGE");
    let text = serde_json::to_string(&value)
        .expect("text")
        .replace("\"HUGE\"", &huge);
    assert!(check_bytes("huge_list.json", text.as_bytes()));
}

#[test]
fn broken_and_odd_texts_read_the_same() {
    let Some(original) = original() else {
        return;
    };
    let text = serde_json::to_string(&original).expect("text");
    let odd: Vec<(&str, String)> = vec![
        ("truncated", text[..text.len() / 2].to_owned()),
        ("trailing", format!("{text} x")),
        ("bom", format!("\u{feff}{text}")),
        (
            "escaped_key",
            text.replacen("\"image_id\"", "\"image\\u005fid\"", 1),
        ),
        (
            "duplicate_key",
            text.replacen("\"image_id\":", "\"image_id\":1,\"image_id\":", 1),
        ),
        (
            "broken_polygon",
            text.replacen("\"segmentation\":[[", "\"segmentation\":[[1.2.3,", 1),
        ),
        (
            "nan",
            text.replacen("\"keypoints\":[", "\"keypoints\":[NaN,", 1),
        ),
        (
            "huge_exponent",
            text.replacen("\"keypoints\":[", "\"keypoints\":[1e999,", 1),
        ),
        ("results_list", "[]".to_owned()),
        (
            "array_annotations_null",
            text.replacen("\"annotations\":[", "\"annotations\":null,\"x\":[", 1),
        ),
    ];
    for (name, text) in odd {
        check_bytes(&format!("{name}.json"), text.as_bytes());
    }
}

/// A file large enough to be scanned on two threads, with split-point look-alikes inside
/// strings and nested arrays, many chunks, and annotations in no image order.
#[test]
fn a_large_file_splits_and_reads_the_same() {
    // Look-alikes in every annotation: the split point is never a boundary, one thread reads.
    large_file("large_lookalikes.json", 1);
    // Look-alikes in a few: the split is verified and both threads' work is kept.
    large_file("large.json", 1000);
}

fn large_file(name: &str, lookalike_every: u32) {
    let names: Vec<String> = (0..17).map(|i| format!("k{i}")).collect();
    let mut annotations = Vec::new();
    for i in 0..9000_u32 {
        let image = (i * 7919) % 2500 + 1;
        let keypoints: Vec<f64> = (0..51)
            .map(|k| {
                if k % 3 == 2 {
                    f64::from((i + k) % 3)
                } else {
                    f64::from(i * 3 + k) / 7.0
                }
            })
            .collect();
        let polygon: Vec<f64> = (0..120).map(|k| f64::from(k * i % 997) + 0.25).collect();
        annotations.push(json!({
            "id": i, "image_id": image, "category_id": 1, "keypoints": keypoints,
            "num_keypoints": 11, "segmentation": [polygon],
        }));
        if i % lookalike_every == 0 {
            let last = annotations.last_mut().unwrap_or_else(|| panic!("pushed"));
            last["note"] = json!("},{\"image_id\": 1}");
            last["parts"] = json!([{"a": 1}, {"b": [2]}]);
        }
        annotations.last_mut().unwrap_or_else(|| panic!("pushed"))["track_id"] = if i % 5 == 0 {
            json!(i % 11)
        } else {
            json!(null)
        };
    }
    let images: Vec<Value> = (1..=2600)
        .map(|i| json!({"id": i, "file_name": format!("{i:06}.jpg"), "width": 64, "height": 48}))
        .collect();
    let value = json!({
        "annotations": annotations,
        "categories": [{"id": 1, "name": "person", "keypoints": names, "skeleton": [[1, 2]]}],
        "images": images,
    });
    let path = write_value(name, &value);
    assert!(
        std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("meta: {e}"))
            .len()
            > 8 << 20
    );
    assert!(check(&path));
    let _ = std::fs::remove_file(&path);
    if lookalike_every > 1 {
        // The second thread reads the members after the annotations: a key there that came
        // before them too is refused as `serde` refuses it.
        let text = serde_json::to_vec(&value).unwrap_or_else(|e| panic!("serialise: {e}"));
        for key in ["images", "categories", "annotations"] {
            let mut twice = format!("{{\"{key}\": [], ").into_bytes();
            twice.extend_from_slice(text.get(1..).unwrap_or_default());
            let twice_name = format!("twice_{key}_{name}");
            assert!(!check_bytes(&twice_name, &twice), "{key}");
        }
    }
}

/// A file whose `images` are large enough to be read on two threads, before the annotations
/// (as COCO's own files are laid out) and after them, with text ids on both sides of the split
/// and sizes that change past the middle.
#[test]
fn large_images_split_and_read_the_same() {
    let names: Vec<String> = (0..17).map(|i| format!("k{i}")).collect();
    let count = 70_000_u32;
    let images: Vec<Value> = (1..=count)
        .map(|i| {
            let id = if i.is_multiple_of(9) {
                json!(format!("img {i}"))
            } else {
                json!(i)
            };
            let width = if i > count * 3 / 4 { 640 } else { 64 };
            json!({"id": id, "file_name": format!("frame_{i:08}.jpg"), "width": width, "height": 48})
        })
        .collect();
    let annotations: Vec<Value> = (0..3000_u32)
        .map(|i| {
            let image = (i * 7919) % count + 1;
            let image_id = if image.is_multiple_of(9) {
                json!(format!("img {image}"))
            } else {
                json!(image)
            };
            let keypoints: Vec<f64> = (0..51).map(|k| f64::from(i + k % 3)).collect();
            json!({"id": i, "image_id": image_id, "category_id": 1, "keypoints": keypoints})
        })
        .collect();
    let categories = json!([{"id": 1, "name": "person", "keypoints": names}]);
    let parts = [
        ("images", serde_json::to_string(&images)),
        ("annotations", serde_json::to_string(&annotations)),
        ("categories", serde_json::to_string(&categories)),
    ];
    let parts: Vec<(&str, String)> = parts
        .into_iter()
        .map(|(key, text)| (key, text.unwrap_or_else(|e| panic!("serialise: {e}"))))
        .collect();
    for (name, order) in [("images_first", [0, 1, 2]), ("images_last", [1, 2, 0])] {
        let members: Vec<String> = order
            .iter()
            .map(|&i| format!("\"{}\": {}", parts[i].0, parts[i].1))
            .collect();
        let text = format!("{{{}}}", members.join(", "));
        assert!(text.len() > 5 << 20, "{name}: large enough to split");
        assert!(
            check_bytes(&format!("{name}.json"), text.as_bytes()),
            "{name}"
        );
        // A key after the images that came before them too is refused as `serde` refuses it.
        let twice = format!("{{\"categories\": [], {}", &text[1..]);
        assert!(
            !check_bytes(&format!("{name}_twice.json"), twice.as_bytes()),
            "{name}"
        );
    }
}

/// The 150,000-image benchmark input (made by `gen_large`), when present: the same clip both
/// ways. Slow in a debug build, so run on request:
/// `cargo test --release --test coco_chunked -- --ignored`.
#[test]
#[ignore = "needs the large inputs of `gen_large`"]
fn the_large_benchmark_file_reads_the_same() {
    let dir = std::env::var_os("POSEDECK_LARGE_DIR")
        .map_or_else(|| PathBuf::from("/tmp/posedeck-large"), PathBuf::from);
    let path = dir.join("person_keypoints_150k.json");
    if path.exists() {
        assert!(check(&path));
    } else {
        eprintln!("skipped: {} is absent", path.display());
    }
}
