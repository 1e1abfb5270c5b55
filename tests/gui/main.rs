//! Screenshot tests of the real viewer (`egui_kittest` on wgpu), one binary for every GUI test.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui` rewrites the PNGs under `tests/snapshots/`.

mod figures;

use egui_kittest::Harness;
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
