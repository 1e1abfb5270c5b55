//! The Measure panel (issue 7): angle values on the body, the plot with its cursor, clean-up
//! stated on screen, athlete metrics, confidence colours, custom angles picked by clicking.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test when the viewer shows nothing"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;

use super::asset;

/// Size of these snapshots: wide enough for the clip list, the view and the Measure panel.
const SIZE: [f32; 2] = [1100.0, 620.0];

/// The real app on `paths` (loaded as the window loads them), paused at `frame`, with the
/// Measure panel opened from the toolbar.
fn measuring(paths: Vec<std::path::PathBuf>, frame: usize) -> Harness<'static, PosedeckApp> {
    let options = posedeck::app::ViewerOptions {
        paths,
        screenshot: None,
        frame: None,
        ..Default::default()
    };
    let mut app = PosedeckApp::new(&options);
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(2));
    app.select(0);
    let playback = app.playback_mut().expect("the clip loaded");
    playback.pause();
    playback.seek_frame(frame);
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness.get_by_label("Measure").click();
    harness.run();
    harness
}

fn frame(h: &mut Harness<'_, PosedeckApp>) -> usize {
    h.state_mut()
        .playback_mut()
        .map(|p| p.frame())
        .expect("a clip")
}

/// Texts of the labels the view painted (halo copies included).
fn painted_texts(h: &mut Harness<'_, PosedeckApp>) -> Vec<String> {
    let loaded = h.state_mut().selected_clip_mut().expect("a clip");
    let (_, scene) = loaded.painted.clone().expect("painted");
    scene.labels.into_iter().map(|l| l.text).collect()
}

#[test]
fn knee_angles_on_the_body_and_in_the_plot_with_a_cursor() {
    let mut harness = measuring(vec![asset("walk.bvh")], 110);
    let texts = painted_texts(&mut harness);
    let knees: Vec<&String> = texts
        .iter()
        .filter(|t| t.starts_with("knee ") && !t.contains(':'))
        .collect();
    assert!(knees.len() >= 2, "both knees labelled: {texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "knee flexion: 0° = straight, 0–180° · 3D"),
        "the convention is written in the view: {texts:?}"
    );
    // The same numbers as `posedeck render --angles` writes on this frame.
    let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
    let (viewport, _) = loaded.painted.clone().expect("painted");
    let shot = posedeck::render::Shot::new(
        &loaded.clip,
        posedeck::render::ViewChoice::default_for(&loaded.clip),
    )
    .expect("a shot");
    let style = posedeck::scene::Style::default();
    let mut rendered = shot.scene(110, &viewport, &style);
    posedeck::render::Extras {
        trail_s: None,
        angles: true,
    }
    .add(
        &mut rendered,
        &loaded.clip,
        110,
        &shot.projector(110, &viewport),
        &style,
    );
    let mut ours: Vec<&String> = knees.clone();
    ours.sort();
    let mut theirs: Vec<String> = rendered
        .labels
        .into_iter()
        .map(|l| l.text)
        .filter(|t| t.starts_with("knee "))
        .collect();
    theirs.sort();
    assert_eq!(ours, theirs.iter().collect::<Vec<_>>());
    // The panel and the plot read the same value at the cursor.
    harness.get_by_label_contains("left knee flexion (°)  at cursor");
    harness.snapshot("measure_walk_knees");
}

#[test]
fn filtering_is_stated_on_screen_and_plotted_beside_the_raw_data() {
    let mut harness = measuring(vec![asset("walk.bvh")], 220);
    let filter = harness.get_by_label("Low-pass filter (Butterworth, zero lag)");
    filter.scroll_to_me();
    harness.run();
    harness
        .get_by_label("Low-pass filter (Butterworth, zero lag)")
        .click();
    harness.run();
    let texts = painted_texts(&mut harness);
    let note = texts
        .iter()
        .find(|t| t.starts_with("data cleaned: Butterworth "))
        .unwrap_or_else(|| panic!("the view states the filter: {texts:?}"));
    assert!(note.ends_with(" Hz (auto), zero lag"), "{note}");
    let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
    let series = loaded.measure.series();
    assert!(
        series.iter().all(|s| s.cleaned.is_some()),
        "raw and filtered both plotted"
    );
    // The filter smooths: the cleaned knee curve moves less from frame to frame.
    let roughness = |v: &[f32]| -> f32 {
        v.windows(3)
            .map(|w| (w[0] - 2.0 * w[1] + w[2]).abs())
            .filter(|d| d.is_finite())
            .sum()
    };
    let s = &series[0];
    let cleaned = s.cleaned.as_ref().expect("cleaned");
    assert!(roughness(cleaned) < roughness(&s.raw), "{}", s.name);
    harness.snapshot("measure_walk_filtered");
}

#[test]
fn clicking_and_dragging_in_the_plot_seeks() {
    let mut harness = measuring(vec![asset("walk.bvh")], 0);
    let area = harness
        .state_mut()
        .selected_clip_mut()
        .and_then(|l| l.measure.plot_area)
        .expect("the plot was drawn");
    let at = |fx: f32| egui::pos2(area.left() + area.width() * fx, area.center().y);
    harness.hover_at(at(0.5));
    harness.run();
    click(&mut harness, at(0.5));
    harness.run();
    let middle = frame(&mut harness);
    // The walk is 440 frames: the middle of the plot is near frame 220.
    assert!((150..300).contains(&middle), "{middle}");
    harness.drag_at(at(0.5));
    harness.step();
    harness.hover_at(at(0.8));
    harness.step();
    harness.drop_at(at(0.8));
    harness.run();
    let later = frame(&mut harness);
    assert!(later > middle + 60, "{middle} -> {later}");
}

#[test]
fn athlete_metrics_read_out_beside_the_walker() {
    let mut harness = measuring(vec![asset("walk.bvh")], 200);
    let check = harness.get_by_label("Athlete metrics");
    check.scroll_to_me();
    harness.run();
    harness.get_by_label("Athlete metrics").click();
    harness.run();
    let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
    let metrics = loaded.measure.metrics().expect("metrics on").clone();
    let gait = metrics.gait.clone().expect("the walk has foot contacts");
    let cadence = gait.cadence_steps_per_min.expect("cadence");
    // A normal walk: 80-140 steps per minute; steps 0.4-1.0 m (scale estimated from height).
    assert!((80.0..140.0).contains(&cadence), "{cadence}");
    let step_m = gait.step_length.expect("step") * metrics.unit.per_clip_unit;
    assert!((0.4..1.0).contains(&step_m), "{step_m}");
    let speed = metrics.com_speed[200];
    assert!((0.6..2.0).contains(&speed), "COM speed {speed} m/s");
    assert!(
        loaded
            .measure
            .series()
            .iter()
            .any(|s| s.name.starts_with("centre of mass speed (m/s est.)"))
    );
    harness.snapshot("measure_walk_metrics");
}

#[test]
fn joints_coloured_by_confidence_with_a_legend() {
    // Real OpenPose BODY_25B output with its confidences (pose2sim demo, camera 1).
    let Some(folder) = common_dataset("openpose/pose2sim_demo_cam1_body25b") else {
        return;
    };
    let mut harness = measuring(vec![folder], 50);
    let check = harness.get_by_label("Colour joints by confidence");
    check.scroll_to_me();
    harness.run();
    harness.get_by_label("Colour joints by confidence").click();
    harness.run();
    let texts = painted_texts(&mut harness);
    assert!(texts.iter().any(|t| t == "joint confidence"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "• < 0.3"), "{texts:?}");
    let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
    let (_, scene) = loaded.painted.clone().expect("painted");
    let band_colours: Vec<[u8; 3]> = posedeck::scene::confidence::BANDS
        .iter()
        .map(|(_, c, _)| [c.0[0], c.0[1], c.0[2]])
        .collect();
    assert!(
        scene.discs.iter().all(|d| band_colours.contains(&[
            d.colour.0[0],
            d.colour.0[1],
            d.colour.0[2]
        ])),
        "every joint dot takes a band colour"
    );
    harness.snapshot("measure_confidence");
}

#[test]
fn a_custom_angle_by_clicking_three_joints() {
    // BODY_25 sample jump: right hip 9, right knee 10, right ankle 11.
    let mut harness = measuring(vec![asset("jump_openpose")], 30);
    harness.get_by_label("Angle (3 joints)").click();
    harness.run();
    for joint in [9, 10, 11] {
        let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
        let (_, scene) = loaded.painted.clone().expect("painted");
        let disc = scene
            .discs
            .iter()
            .find(|d| d.joint.joint == joint && d.joint.person == 0)
            .expect("the joint is drawn");
        let pos = egui::pos2(disc.centre[0], disc.centre[1]);
        harness.hover_at(pos);
        harness.run();
        click(&mut harness, pos);
        harness.run();
    }
    let loaded = harness.state_mut().selected_clip_mut().expect("a clip");
    let q = posedeck::analysis::measure::Quantity::Angle(
        posedeck::analysis::measure::AngleDef::ThreeJoints { a: 9, b: 10, c: 11 },
    );
    assert!(
        loaded.measure.selected.contains(&q),
        "{:?}",
        loaded.measure.selected
    );
    assert!(loaded.measure.pick.is_none());
    let map = posedeck::analysis::body::BodyMap::new(&loaded.clip.skeleton);
    let expected = q.series(&loaded.clip, &map, 0)[30].to_degrees();
    let texts = painted_texts(&mut harness);
    let want = format!("angle {expected:.0}°");
    assert!(texts.contains(&want), "{want} in {texts:?}");
}

/// A primary click at `pos`.
fn click(h: &mut Harness<'_, PosedeckApp>, pos: egui::Pos2) {
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
}

fn common_dataset(relative: &str) -> Option<std::path::PathBuf> {
    super::common::dataset(relative)
}
