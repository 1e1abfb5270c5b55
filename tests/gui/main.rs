//! Screenshot tests of the real viewer (`egui_kittest` on wgpu), one binary for every GUI test.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui` rewrites the PNGs under `tests/snapshots/`.

mod figures;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;
use posedeck::model::Clip;

/// Size of the snapshots, points (= pixels).
const SIZE: [f32; 2] = [800.0, 480.0];

/// The real app on `clips`, paused at `frame` of the first one.
fn harness(clips: Vec<Clip>, frame: usize) -> Harness<'static, PosedeckApp> {
    let mut app = PosedeckApp::from_clips(clips);
    if let Some(playback) = app.playback_mut() {
        playback.pause();
        playback.seek_frame(frame);
    }
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness
}

#[test]
fn view_3d_of_a_walker() {
    let mut harness = harness(vec![figures::walker_3d(), figures::walker_2d()], 10);
    harness.snapshot("view_3d");
}

#[test]
fn view_2d_of_a_walker() {
    let mut harness = harness(vec![figures::walker_2d(), figures::walker_3d()], 10);
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
    // The position reads in seconds and frames.
    harness.get_by_label_contains("s · frame");
}

#[test]
fn a_file_that_cannot_be_read_is_listed_with_its_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Recognised as BVH by its content, but broken.
    std::fs::write(dir.path().join("broken.bvh"), "HIERARCHY\nROOT\n").expect("write");
    let options = posedeck::app::ViewerOptions {
        paths: vec![dir.path().to_path_buf()],
        screenshot: None,
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
