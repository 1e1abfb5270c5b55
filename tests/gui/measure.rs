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
const SIZE: [f32; 2] = [1000.0, 620.0];

/// The real app on `paths` (loaded as the window loads them), paused at `frame`, with the
/// Measure panel opened from the toolbar.
fn measuring(paths: Vec<std::path::PathBuf>, frame: usize) -> Harness<'static, PosedeckApp> {
    let options = posedeck::app::ViewerOptions {
        paths,
        screenshot: None,
        frame: None,
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
    let knees: Vec<&String> = texts.iter().filter(|t| t.starts_with("knee ")).collect();
    assert!(knees.len() >= 2, "both knees labelled: {texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("knee flexion: 180° − angle hip–knee–ankle")),
        "the convention is written in the view: {texts:?}"
    );
    // The panel and the plot read the same value at the cursor.
    harness.get_by_label_contains("left knee flexion (°)  at cursor");
    harness.snapshot("measure_walk_knees");
}
