//! The angles CSV with the user's own angles (the viewer's Export menu): they follow the presets
//! in every frame, with the value the Measure panel shows.

use posedeck::analysis::angles_csv::{write_angles, write_angles_with};
use posedeck::analysis::body::BodyMap;
use posedeck::analysis::measure::{AngleDef, Quantity};

#[test]
fn custom_angles_follow_the_presets_in_every_frame() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/walk.bvh");
    let clip = posedeck::formats::load(&path).unwrap();
    let names = clip.skeleton.names();
    let index = |n: &str| names.iter().position(|x| x == n).unwrap();
    let knee = AngleDef::ThreeJoints {
        a: index("RightUpLeg"),
        b: index("RightLeg"),
        c: index("RightFoot"),
    };
    let mut plain = Vec::new();
    write_angles(&clip, &mut plain).unwrap();
    let mut with = Vec::new();
    write_angles_with(&clip, &[knee, AngleDef::Preset(0)], &mut with).unwrap();
    let (plain, with) = (
        String::from_utf8(plain).unwrap(),
        String::from_utf8(with).unwrap(),
    );
    let name = Quantity::Angle(knee).name(names);
    assert!(!name.contains(','), "{name}");
    let custom_rows: Vec<&str> = with
        .lines()
        .filter(|l| l.split(',').nth(3) == Some(name.as_str()))
        .collect();
    assert_eq!(
        custom_rows.len(),
        clip.frame_count(),
        "one row per frame and person"
    );
    // The preset given again is not written twice.
    assert_eq!(
        with.lines().count(),
        plain.lines().count() + clip.frame_count()
    );
    // Frame 100's value is the angle at the right knee, in degrees.
    let map = BodyMap::new(&clip.skeleton);
    let frame = clip.poses.frame(100).unwrap();
    let expected = knee
        .angle_rad(&map, &frame.person(0).unwrap(), &clip.space)
        .unwrap()
        .to_degrees();
    let row = custom_rows[100];
    let degrees: f32 = row.rsplit(',').next().unwrap().parse().unwrap();
    assert!((degrees - expected).abs() < 1e-4, "{row}");
    assert!(row.starts_with("100,1,0,"), "{row}");
}
