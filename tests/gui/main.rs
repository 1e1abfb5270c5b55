//! Screenshot tests of the real viewer (`egui_kittest` on wgpu), one binary for every GUI test.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui` rewrites the PNGs under `tests/snapshots/`.

mod coach_play;
#[path = "../common/mod.rs"]
mod common;
mod compare;
mod figures;
mod library;
mod measure;
mod reading;
mod remembered;
mod render_agrees;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use posedeck::app::PosedeckApp;
use posedeck::app::entry::EntryState;
use posedeck::model::Clip;

/// Size of the snapshots, points (= pixels).
const SIZE: [f32; 2] = [800.0, 480.0];

/// The real app on `clips`, paused at `frame` of the first one.
fn harness(clips: Vec<Clip>, frame: usize) -> Harness<'static, PosedeckApp> {
    harness_with_step(clips, frame, 0.25)
}

/// As [`harness`], with `step_dt_s` seconds per simulated frame.
fn harness_with_step(
    clips: Vec<Clip>,
    frame: usize,
    step_dt_s: f32,
) -> Harness<'static, PosedeckApp> {
    let mut app = PosedeckApp::from_clips(clips);
    // Never the user's saved display choices.
    app.set_settings_store(posedeck::app::clip_settings::SettingsStore::none());
    if let Some(playback) = app.playback_mut() {
        playback.pause();
        playback.seek_frame(frame);
    }
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .with_step_dt(step_dt_s)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness
}

/// The real app on `paths`, loaded as the window loads them, paused at `frame` of the first.
fn harness_on_files(paths: Vec<std::path::PathBuf>, frame: usize) -> Harness<'static, PosedeckApp> {
    let first = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let options = posedeck::app::ViewerOptions {
        paths,
        screenshot: None,
        frame: None,
        compare: false,
    };
    let mut app = PosedeckApp::new(&options);
    // Never the user's saved bookmarks and views.
    app.set_settings_store(posedeck::app::clip_settings::SettingsStore::none());
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(2));
    app.select(0);
    let Some(playback) = app.playback_mut() else {
        panic!("{first} did not load");
    };
    playback.pause();
    playback.seek_frame(frame);
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness
}

/// `name` in the bundled samples folder `assets/`.
fn asset(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

#[test]
fn view_3d_of_a_walk() {
    // The sample walk (BVH, Y up, units unknown so the scale is estimated), mid-stride, with the
    // camera following the athlete.
    let mut harness = harness_on_files(vec![asset("walk.bvh"), asset("jump_coco_2d.npy")], 220);
    harness.snapshot("view_3d");
}

#[test]
fn view_2d_of_image_keypoints() {
    // Real 2D OpenPose BODY_25 keypoints of a dancer seen from the front, in image pixels
    // (y down), layout guessed by the reader. (The sample jump is a pure side view whose left
    // and right coincide, which shows less.)
    let Some(dancer) = common::dataset("npy/video2bvh_cxk_2d_pose_body25.npy") else {
        return;
    };
    let mut harness = harness_on_files(vec![dancer, asset("walk.bvh")], 270);
    harness.snapshot("view_2d");
}

#[test]
fn keys_play_pause_and_step() {
    let mut harness = harness(vec![figures::walker_3d()], 10);
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    let frame = |h: &mut Harness<'_, PosedeckApp>| h.state_mut().playback_mut().map(|p| p.frame());
    assert_eq!(frame(&mut harness), Some(11));
    harness.key_press(egui::Key::ArrowLeft);
    harness.key_press(egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(frame(&mut harness), Some(9));
    harness.key_press(egui::Key::Space);
    harness.step();
    let playing = harness.state_mut().playback_mut().map(|p| p.is_playing());
    assert_eq!(playing, Some(true));
    harness.key_press(egui::Key::Space);
    harness.step();
    let playing = harness.state_mut().playback_mut().map(|p| p.is_playing());
    assert_eq!(playing, Some(false));
    harness.key_press(egui::Key::End);
    harness.run();
    assert_eq!(frame(&mut harness), Some(59));
    harness.key_press(egui::Key::Home);
    harness.run();
    assert_eq!(frame(&mut harness), Some(0));
    // The position reads in seconds and frames.
    harness.get_by_label_contains("s · frame");
}

#[test]
fn a_file_that_cannot_be_read_is_listed_with_its_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Recognised as BVH by its content, but broken.
    std::fs::write(dir.path().join("broken.bvh"), "HIERARCHY\nROOT\n").expect("write");
    // (A folder would open in the library; a file opens in the viewer's list.)
    let options = posedeck::app::ViewerOptions {
        paths: vec![dir.path().join("broken.bvh")],
        screenshot: None,
        frame: None,
        compare: false,
    };
    let mut app = PosedeckApp::new(&options);
    app.wait_until_loaded(std::time::Duration::from_mins(1));
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    assert_eq!(harness.state().entries().len(), 1);
    harness.get_by_label("broken.bvh");
    harness.get_by_label("This file could not be read:");
}

#[test]
fn clicking_a_clip_in_the_list_shows_it() {
    let mut harness = harness(vec![figures::walker_3d(), figures::walker_2d()], 0);
    assert_eq!(harness.state().selected(), Some(0));
    harness.get_by_label("Up:");
    harness.get_by_label("walker_2d.npy").click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(1));
    // The 2D view has no up-axis menu; both views offer the layout picker.
    assert!(harness.query_by_label("Up:").is_none());
    harness.get_by_label("Layout:");
}

#[test]
fn dragging_orbits_the_3d_view_and_double_click_resets_it() {
    let mut harness = harness_with_step(vec![figures::walker_3d()], 0, 1.0 / 60.0);
    let azimuth = |h: &mut Harness<'_, PosedeckApp>| {
        h.state_mut()
            .selected_clip_mut()
            .map_or(f32::NAN, |c| c.view3d.base.azimuth_rad)
    };
    let start = azimuth(&mut harness);
    let centre = egui::pos2(560.0, 250.0);
    harness.hover_at(centre);
    harness.drag_at(centre);
    harness.step();
    for dx in [10.0, 20.0, 30.0, 40.0] {
        harness.hover_at(centre + egui::vec2(dx, 0.0));
        harness.step();
    }
    harness.drop_at(centre + egui::vec2(40.0, 0.0));
    harness.run();
    let turned = azimuth(&mut harness);
    // Dragging right turns the camera the other way round the athlete (0.008 rad per pixel).
    assert!((turned - start).abs() > 0.1, "{start} -> {turned}");
    harness.hover_at(centre);
    // Let time pass so the end of the drag does not count towards a triple click.
    for _ in 0..60 {
        harness.step();
    }
    // Two clicks, a few frames apart (well under egui's double-click delay).
    for pressed in [true, false, true, false] {
        harness.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    let end = azimuth(&mut harness);
    assert!((end - start).abs() < 1e-6, "{start} {turned} {end}");
}

#[test]
fn hovering_a_joint_names_it() {
    // The 2D walker's head sits near the top centre of the view; look for a joint around it.
    let mut harness = harness(vec![figures::walker_2d()], 10);
    let mut named = None;
    'search: for y in (50..100).step_by(4) {
        for x in (540..600).step_by(4) {
            harness.hover_at(egui::pos2(x as f32, y as f32));
            harness.run();
            if let Some(node) = harness
                .query_all_by_label_contains("confidence 0.90")
                .next()
            {
                named = node.accesskit_node().label();
                break 'search;
            }
        }
    }
    let named = named.expect("a tooltip names a joint near the head");
    let face = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"];
    assert!(face.iter().any(|j| named.starts_with(j)), "{named}");
    assert!(named.contains(" px"), "{named}");
}

#[test]
fn opened_files_are_added_to_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("broken.bvh");
    std::fs::write(&bad, "HIERARCHY\nROOT\n").expect("write");
    let mut app = PosedeckApp::from_clips(vec![figures::walker_3d()]);
    app.open(vec![bad]);
    app.wait_until_loaded(std::time::Duration::from_mins(1));
    let names: Vec<&str> = app.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["walker_3d.npy", "broken.bvh"]);
    // A file that fails to load does not take the view away from the clip being watched.
    assert_eq!(app.selected(), Some(0));
}

#[test]
fn playback_runs_at_the_clip_rate_on_the_ui_clock() {
    // 30 fps clip of 60 frames; the harness clock advances 0.1 s per drawn frame.
    let mut harness = harness_with_step(vec![figures::walker_3d()], 0, 0.1);
    let frame = |h: &mut Harness<'_, PosedeckApp>| h.state_mut().playback_mut().map(|p| p.frame());
    harness.key_press(egui::Key::Space);
    // Key down starts playback (the clock starts on that frame), key up is one more frame.
    harness.step();
    assert_eq!(frame(&mut harness), Some(3));
    for _ in 0..10 {
        harness.step();
    }
    // One more second of the UI clock = 30 more frames of the clip.
    assert_eq!(frame(&mut harness), Some(33));
    for _ in 0..10 {
        harness.step();
    }
    // 2.1 s: looped past the 2 s end of the clip to 0.1 s.
    assert_eq!(frame(&mut harness), Some(3));
}

#[test]
fn cancelling_a_load_stops_it_and_nothing_arrives_afterwards() {
    // 300 clips given at once, cancelled straight away.
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<std::path::PathBuf> = (0..300)
        .map(|i| {
            let path = dir.path().join(format!("walk_{i:03}.bvh"));
            std::fs::copy(asset("walk.bvh"), &path).unwrap();
            path
        })
        .collect();
    let options = posedeck::app::ViewerOptions {
        paths,
        ..Default::default()
    };
    let mut app = PosedeckApp::new(&options);
    app.set_settings_store(posedeck::app::clip_settings::SettingsStore::none());
    assert!(app.is_loading());
    app.cancel_loading();
    assert!(!app.is_loading());
    let listed = app.entries().len();
    assert!(
        app.entries()
            .iter()
            .all(|e| !matches!(e.state, EntryState::Loading))
    );
    // The thread stops; nothing it read reaches the list, and the window keeps drawing.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    assert_eq!(harness.state().entries().len(), listed);
    assert!(harness.query_by_label("Cancel").is_none());
}
