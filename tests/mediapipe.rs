//! MediaPipe landmark dumps written by the tests themselves (there is no shared sample): JSON
//! and CSV, normalised and world, plus malformed ones. Everything goes through
//! `formats::load`, as a user's file would.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use posedeck::formats::{self, Location};
use posedeck::model::{Clip, FormatId, LayoutId, Space, Units, UpAxis};

/// Landmark `i` of frame `f` in normalised image coordinates (exact binary fractions).
fn normalised(f: usize, i: usize) -> [f32; 3] {
    [
        0.25 + i as f32 / 256.0 + f as f32 / 64.0,
        0.125 + i as f32 / 64.0,
        -0.5 + i as f32 / 128.0,
    ]
}

/// The same landmark as world coordinates: origin midway between the hips (23, 24).
fn world(frame: usize, index: usize) -> [f32; 3] {
    let point = normalised(frame, index);
    let (left, right) = (normalised(frame, 23), normalised(frame, 24));
    [0, 1, 2].map(|d| point[d] - f32::midpoint(left[d], right[d]))
}

fn visibility(i: usize) -> f32 {
    1.0 - i as f32 / 64.0
}

fn landmark_objects(f: usize, point: fn(usize, usize) -> [f32; 3]) -> String {
    let items: Vec<String> = (0..33)
        .map(|i| {
            let [x, y, z] = point(f, i);
            format!(
                r#"{{"x": {x}, "y": {y}, "z": {z}, "visibility": {}, "presence": 0.5}}"#,
                visibility(i)
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Err(err) = std::fs::write(&path, text) {
        panic!("cannot write {}: {err}", path.display());
    }
    path
}

fn load(path: &Path) -> Clip {
    assert_eq!(
        formats::detect(path).ok(),
        Some(FormatId::MediaPipe),
        "{}",
        path.display()
    );
    formats::load(path).unwrap_or_else(|e| panic!("{e}"))
}

fn joint(clip: &Clip, frame: usize, person: usize, joint: usize) -> Option<[f32; 3]> {
    clip.poses
        .frame(frame)
        .and_then(|f| f.person(person))
        .and_then(|p| p.joint(joint))
}

#[test]
fn tasks_api_json_with_world_landmarks_is_3d_metres() {
    let dir = tempfile::tempdir().expect("temp dir");
    let frames: Vec<String> = (0..3)
        .map(|f| {
            format!(
                r#"{{"timestamp_ms": {}, "pose_landmarks": [{}], "pose_world_landmarks": [{}]}}"#,
                f * 40,
                landmark_objects(f, normalised),
                landmark_objects(f, world)
            )
        })
        .collect();
    let text = format!(r#"{{"frames": [{}]}}"#, frames.join(",\n"));
    let clip = load(&write(dir.path(), "result.json", &text));
    assert_eq!(clip.frame_count(), 3);
    assert_eq!(clip.space, Space::world(Units::M, UpAxis::NegY));
    assert_eq!(clip.skeleton.layout(), LayoutId::MediaPipe33);
    assert_eq!(clip.skeleton.name(23), "left_hip");
    assert_eq!(
        clip.frame_rate_hz,
        Some(25.0),
        "from timestamp_ms 0, 40, 80"
    );
    for f in 0..3 {
        for i in [0, 11, 23, 32] {
            let [x, y, z] = world(f, i);
            assert_eq!(
                joint(&clip, f, 0, i),
                Some([x, y, z]),
                "frame {f} landmark {i}"
            );
        }
    }
    let person = clip.poses.frame(2).and_then(|f| f.person(0)).expect("pose");
    assert_eq!(
        person.confidence_of(16),
        Some(0.75),
        "visibility, not presence"
    );
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
}

#[test]
fn normalised_json_is_2d_and_scaled_by_the_image_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let frames: Vec<String> = (0..2)
        .map(|f| {
            format!(
                r#"{{"pose_landmarks": [{}]}}"#,
                landmark_objects(f, normalised)
            )
        })
        .collect();
    let text = format!(
        r#"{{"fps": 30, "image_width": 640, "image_height": 480, "frames": [{}, {{"pose_landmarks": []}}]}}"#,
        frames.join(", ")
    );
    let clip = load(&write(dir.path(), "clip.json", &text));
    assert_eq!(clip.space, Space::image_px());
    assert_eq!(clip.frame_rate_hz, Some(30.0));
    assert_eq!(clip.frame_count(), 3);
    assert_eq!(clip.poses.frame(2).map(|f| f.people()), Some(0));
    let [x, y, _] = normalised(1, 5);
    assert_eq!(joint(&clip, 1, 0, 5), Some([x * 640.0, y * 480.0, 0.0]));
    assert_eq!(clip.poses.dims(), 2);
}

#[test]
fn landmarks_key_is_decided_by_the_hips() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Same key, world data: the hips sit at the origin.
    let text = format!(r#"[{{"landmarks": {}}}]"#, landmark_objects(0, world));
    let clip = load(&write(dir.path(), "a.json", &text));
    assert!(clip.space.is_3d());
    assert_eq!(clip.space.units, Units::M);
    // Normalised data without an image size: 2D in normalised units.
    let text = format!(r#"[{{"landmarks": {}}}]"#, landmark_objects(0, normalised));
    let clip = load(&write(dir.path(), "b.json", &text));
    assert_eq!((clip.space.dims, clip.space.units), (2, Units::Unknown));
    assert_eq!(clip.space.up, UpAxis::NegY);
    let [x, y, _] = normalised(0, 0);
    assert_eq!(joint(&clip, 0, 0, 0), Some([x, y, 0.0]));
}

#[test]
fn legacy_solutions_json_with_two_poses_per_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = |f| format!(r#"{{"landmark": {}}}"#, landmark_objects(f, normalised));
    let text = format!(
        r#"[{{"pose_landmarks": [{}, {}]}}, {{"pose_landmarks": null}}]"#,
        list(0),
        list(1)
    );
    let clip = load(&write(dir.path(), "legacy.json", &text));
    assert_eq!(clip.frame_count(), 2);
    assert_eq!(clip.poses.max_people(), 2);
    let [x, y, _] = normalised(1, 3);
    assert_eq!(joint(&clip, 0, 1, 3), Some([x, y, 0.0]));
    assert_eq!(clip.poses.frame(1).map(|f| f.people()), Some(0));
}

fn long_csv(point: fn(usize, usize) -> [f32; 3]) -> String {
    let rows: Vec<String> = (0..4)
        .flat_map(|f| (0..33).map(move |i| (f, i)))
        .map(|(f, i)| {
            let [x, y, z] = point(f, i);
            let v = visibility(i);
            format!("{f},{i},{x},{y},{z},{v},0.5,{}\n", f * 20)
        })
        .collect();
    format!(
        "frame,landmark,x,y,z,visibility,presence,timestamp_ms\n{}",
        rows.concat()
    )
}

#[test]
fn long_csv_normalised_and_world() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clip = load(&write(dir.path(), "landmarks.csv", &long_csv(normalised)));
    assert_eq!(clip.frame_count(), 4);
    assert_eq!(clip.space.dims, 2);
    assert_eq!(clip.frame_rate_hz, Some(50.0));
    let [x, y, _] = normalised(3, 32);
    assert_eq!(joint(&clip, 3, 0, 32), Some([x, y, 0.0]));

    let clip = load(&write(dir.path(), "landmarks2.csv", &long_csv(world)));
    assert_eq!(clip.space, Space::world(Units::M, UpAxis::NegY));
    let [x, y, z] = world(2, 15);
    assert_eq!(joint(&clip, 2, 0, 15), Some([x, y, z]));
    let person = clip.poses.frame(2).and_then(|f| f.person(0)).expect("pose");
    assert_eq!(person.confidence_of(15), Some(visibility(15)));
}

#[test]
fn wide_csv_with_names_and_gaps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from("frame");
    for i in 0..33 {
        write!(text, ",x{i},y{i},z{i},v{i}").expect("write");
    }
    text.push('\n');
    for f in 0..3 {
        text.push_str(&f.to_string());
        for i in 0..33 {
            let [x, y, z] = normalised(f, i);
            if f == 1 && i == 7 {
                text.push_str(",,,,");
            } else {
                write!(text, ",{x},{y},{z},{}", visibility(i)).expect("write");
            }
        }
        text.push('\n');
    }
    let clip = load(&write(dir.path(), "wide.txt", &text));
    assert_eq!(clip.frame_count(), 3);
    assert_eq!(joint(&clip, 1, 0, 7), None, "empty cells are missing");
    let [x, y, _] = normalised(1, 8);
    assert_eq!(joint(&clip, 1, 0, 8), Some([x, y, 0.0]));
    assert!(clip.frame_rate_hz.is_none());

    let named = "nose_x,nose_y,left_hip_x,left_hip_y\n0.5,0.25,0.5,0.75\n";
    let clip = load(&write(dir.path(), "named.csv", named));
    assert_eq!(joint(&clip, 0, 0, 23), Some([0.5, 0.75, 0.0]));
    assert_eq!(joint(&clip, 0, 0, 1), None);
}

#[test]
fn malformed_dumps_name_the_file_and_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, &str, &str); 6] = [
        (
            "bad_number.json",
            r#"[{"landmarks": [{"x": 0.5, "y": "high"}]}]"#,
            "at $[0].landmarks[0].y: expected a number",
        ),
        (
            "bad_shape.json",
            r#"{"frames": [{"pose_landmarks": [[{"x": 1, "y": 2}], 5]}]}"#,
            "at $.frames[0].pose_landmarks[1]: expected a list of landmarks",
        ),
        (
            "cut.json",
            "[{\"pose_landmarks\": [[{\"x\": 0.5,\n \"y\"",
            "line 2: invalid JSON",
        ),
        (
            "bad_cell.csv",
            "frame,landmark,x,y\n0,0,0.5,0.5\n1,0,0.5,oops\n",
            "line 3: expected a number, found `oops`",
        ),
        (
            "bad_landmark.csv",
            "frame,landmark,x,y\n0,elbow,0.5,0.5\n",
            "line 2: `elbow` is not one of the 33 pose landmarks",
        ),
        (
            "bad_frame.csv",
            "frame,x0,y0\n0,1,2\n1.5,1,2\n",
            "line 3: expected a frame number, found `1.5`",
        ),
    ];
    for (name, text, expected) in cases {
        let path = write(dir.path(), name, text);
        let err = formats::load(&path).expect_err(name);
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(
            message.contains(&format!("MediaPipe {expected}")),
            "{message}"
        );
    }
    let err = formats::load(&write(dir.path(), "t.csv", "frame,landmark,x,y\n0,0,1,2\n"))
        .map(|c| c.frame_count());
    assert_eq!(err.ok(), Some(1));
}

#[test]
fn every_truncation_of_a_dump_is_handled() {
    let text = format!(
        r#"{{"frames": [{{"pose_landmarks": {}}}, {{"pose_landmarks": {}}}]}}"#,
        landmark_objects(0, normalised),
        landmark_objects(1, normalised)
    );
    for len in 0..text.len() {
        let bytes = &text.as_bytes()[..len];
        match formats::mediapipe::read(bytes, Path::new("cut.json")) {
            Ok(_) => panic!("a cut JSON at {len} loaded"),
            Err(err) => assert!(
                matches!(
                    err.location(),
                    Some(Location::Line(_) | Location::JsonPath(_))
                ),
                "{err}"
            ),
        }
    }
    let csv = long_csv(world);
    for len in (0..csv.len()).step_by(7) {
        // A CSV cut between rows is a shorter clip; inside a row, a shorter last row.
        let result = formats::mediapipe::read(&csv.as_bytes()[..len], Path::new("cut.csv"));
        if let Err(err) = result {
            assert!(matches!(err.location(), Some(Location::Line(_))), "{err}");
        }
    }
}
