//! What the viewer remembers between runs: bones drawn between markers of an unknown marker set
//! (reused for every clip with those labels) and the layout picked for a file.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;
use posedeck::model::LayoutId;

use super::{SIZE, asset, common};

/// A fresh, empty config folder for one test.
fn config_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("posedeck-gui-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The real app on `path`, remembering in `dir`, paused at `frame`.
fn app_on(path: std::path::PathBuf, dir: &std::path::Path, frame: usize) -> PosedeckApp {
    let options = posedeck::app::ViewerOptions {
        paths: vec![path],
        screenshot: None,
        frame: None,
        ..Default::default()
    };
    let mut app = PosedeckApp::new(&options);
    app.remember_in(dir.to_path_buf());
    app.set_settings_store(posedeck::app::clip_settings::SettingsStore::at(dir));
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(1));
    app.select(0);
    if let Some(playback) = app.playback_mut() {
        playback.pause();
        playback.seek_frame(frame);
    }
    app
}

fn harness(app: PosedeckApp) -> Harness<'static, PosedeckApp> {
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Centre of the dot of marker `joint` as last painted.
fn marker_at(harness: &mut Harness<'_, PosedeckApp>, joint: usize) -> egui::Pos2 {
    let loaded = harness.state_mut().selected_clip_mut().unwrap();
    let (_, scene) = loaded.painted.as_ref().unwrap();
    let disc = scene.discs.iter().find(|d| d.joint.joint == joint).unwrap();
    egui::pos2(disc.centre[0], disc.centre[1])
}

fn click(harness: &mut Harness<'_, PosedeckApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
}

fn bone_count(harness: &mut Harness<'_, PosedeckApp>) -> usize {
    let loaded = harness.state_mut().selected_clip_mut().unwrap();
    loaded.clip.skeleton.bones().len()
}

#[test]
fn markers_connected_by_hand_are_saved_per_marker_set_and_restored() {
    let Some(path) = common::dataset("c3d/sample13_golfswing1.c3d") else {
        return;
    };
    let dir = config_dir("markers");
    let mut harness = harness(app_on(path.clone(), &dir, 200));
    assert_eq!(
        bone_count(&mut harness),
        0,
        "an unknown marker set starts as a cloud"
    );
    harness.get_by_label("Connect markers").click();
    harness.run();
    // Join the markers the way a user would: head to neck, neck to pelvis.
    for (a, b) in [(0, 1), (1, 6), (6, 12)] {
        let pa = marker_at(&mut harness, a);
        click(&mut harness, pa);
        let pb = marker_at(&mut harness, b);
        click(&mut harness, pb);
    }
    assert_eq!(bone_count(&mut harness), 3);
    harness.snapshot("connect_markers");

    let saved = std::fs::read_to_string(dir.join("marker_bones.json")).unwrap();
    assert!(saved.contains("Channel103"), "{saved}");

    // A second run on another trial with the same labels draws the same bones.
    let other = common::dataset("c3d/sample13_golfswing_bad.c3d").unwrap_or(path);
    let mut again = harness_for_restore(other, &dir);
    assert_eq!(bone_count(&mut again), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn harness_for_restore(
    path: std::path::PathBuf,
    dir: &std::path::Path,
) -> Harness<'static, PosedeckApp> {
    harness(app_on(path, dir, 0))
}

#[test]
fn the_layout_picked_for_a_file_is_restored_next_time() {
    let dir = config_dir("layout");
    let path = asset("walk_h36m.npy");
    let mut first = harness(app_on(path.clone(), &dir, 0));
    let layout = |h: &mut Harness<'_, PosedeckApp>| {
        h.state_mut()
            .selected_clip_mut()
            .map(|c| c.clip.skeleton.layout())
    };
    let before = layout(&mut first).unwrap();
    let other = LayoutId::with_joint_count(17)
        .find(|l| *l != before)
        .unwrap();
    // The layout menu shows the current layout as its value.
    first.get_by_value(before.label()).click();
    first.run();
    first.get_by_label(other.label()).click();
    first.run();
    assert_eq!(layout(&mut first), Some(other));

    let mut second = harness(app_on(path, &dir, 0));
    assert_eq!(layout(&mut second), Some(other));
    std::fs::remove_dir_all(&dir).unwrap();
}
