//! Playback, key frames, trails and onion skin in the real viewer: screenshots of each, and
//! the coach's round trip (slow down, loop a stride, bookmark, reopen).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;
use posedeck::app::clip_settings::SettingsStore;
use posedeck::scene::trail::TrailSpan;

use super::{asset, figures, harness, harness_on_files};

/// The frame shown by the selected clip.
fn frame(h: &mut Harness<'_, PosedeckApp>) -> Option<usize> {
    h.state_mut().playback_mut().map(|p| p.frame())
}

/// Shows `frame` of the selected clip.
fn seek(h: &mut Harness<'_, PosedeckApp>, frame: usize) {
    if let Some(p) = h.state_mut().playback_mut() {
        p.seek_frame(frame);
    }
}

#[test]
fn trails_of_the_extremities_past_and_future() {
    // The sample walk from the side, mid-stride: head, wrists and ankles over 0.6 s before
    // (thicker) and after (thinner) the frame.
    let mut harness = harness_on_files(vec![asset("walk.bvh")], 220);
    if let Some(clip) = harness.state_mut().selected_clip_mut() {
        clip.tools.trails_on = true;
        clip.tools.trail_window_s = 0.6;
        clip.tools.trail_span = TrailSpan::Both;
        clip.view3d.set_preset(posedeck::scene::Preset::Side);
    }
    harness.run();
    harness.snapshot("coach_trails");
}

#[test]
fn onion_skin_of_the_poses_around_the_frame() {
    let mut harness = harness(vec![figures::walker_2d()], 30);
    if let Some(clip) = harness.state_mut().selected_clip_mut() {
        clip.tools.onion_on = true;
        clip.tools.onion.before = 2;
        clip.tools.onion.after = 2;
        clip.tools.onion.spacing_frames = 4;
    }
    harness.run();
    harness.snapshot("coach_onion_skin");
}

#[test]
fn the_key_frames_panel_lists_bookmarks_and_edits_the_selected_one() {
    let mut harness = harness(vec![figures::walker_3d()], 12);
    harness.key_press(egui::Key::B);
    harness.run();
    harness.key_press(egui::Key::End);
    harness.key_press(egui::Key::B);
    harness.run();
    let Some(clip) = harness.state_mut().selected_clip_mut() else {
        panic!("no clip");
    };
    let bookmarks = &mut clip.tools.settings.bookmarks;
    assert_eq!(
        bookmarks.iter().map(|b| b.frame).collect::<Vec<_>>(),
        [12, 59]
    );
    bookmarks[0].title = "Right heel strike".to_owned();
    bookmarks[0].note = "Heel first, knee nearly straight.".to_owned();
    bookmarks[1].title = "Toe off".to_owned();
    harness.run();
    // Clicking a bookmark in the list jumps to it and opens its editor.
    harness
        .get_by_label("Right heel strike  ·  0.40 s, frame 12")
        .click();
    harness.run();
    assert_eq!(frame(&mut harness), Some(12));
    harness.get_by_label("Delete this key frame");
    // Shift + Right goes to the next bookmark.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    harness.run();
    assert_eq!(frame(&mut harness), Some(59));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(frame(&mut harness), Some(12));
    harness.snapshot("coach_bookmarks");
}

#[test]
fn f1_opens_the_list_of_shortcuts() {
    let mut harness = harness(vec![figures::walker_3d()], 0);
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label("Bookmark the frame shown (key frame)");
    harness.snapshot("coach_help");
    harness.key_press(egui::Key::F1);
    harness.run();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
}

#[test]
fn shift_drag_on_the_timeline_sets_a_loop_range() {
    let mut harness = harness(vec![figures::walker_3d()], 0);
    let bar = harness
        .get_by_label("Timeline (drag to scrub, shift-drag to set a loop range)")
        .rect();
    let y = bar.top() + 17.0;
    let at = |t: f32| egui::pos2(bar.left() + 6.0 + (bar.width() - 12.0) * t, y);
    harness.hover_at(at(0.25));
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    harness.event(egui::Event::PointerButton {
        pos: at(0.25),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::SHIFT,
    });
    harness.step();
    for t in [0.3, 0.4, 0.5] {
        harness.hover_at(at(t));
        harness.step();
    }
    harness.drop_at(at(0.5));
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    harness.run();
    let range = harness
        .state_mut()
        .playback_mut()
        .and_then(|p| p.loop_range());
    let range = range.expect("a range was drawn");
    // 60 frames: a quarter of the bar is frame 15, half is frame 30 (give or take a frame).
    assert!(
        range.first.abs_diff(15) <= 1 && range.last.abs_diff(30) <= 1,
        "{range:?}"
    );
    // A plain drag scrubs and leaves the range alone.
    harness.drag_at(at(0.75));
    harness.step();
    harness.drop_at(at(0.75));
    harness.run();
    assert!(frame(&mut harness).is_some_and(|f| f.abs_diff(44) <= 1));
    assert_eq!(
        harness
            .state_mut()
            .playback_mut()
            .and_then(|p| p.loop_range()),
        Some(range)
    );
}

#[test]
fn a_coach_slows_the_walk_loops_a_stride_bookmarks_and_finds_it_again() {
    let config = tempfile::tempdir().expect("temp dir");
    let open = |config: &std::path::Path| {
        let options = posedeck::app::ViewerOptions {
            paths: vec![asset("walk.bvh")],
            screenshot: None,
            frame: None,
            ..Default::default()
        };
        let mut app = PosedeckApp::new(&options);
        app.set_settings_store(SettingsStore::at(config));
        app.set_autoplay(false);
        app.wait_until_loaded(std::time::Duration::from_mins(2));
        app.select(0);
        Harness::builder()
            .with_size(super::SIZE)
            .with_theme(egui::Theme::Dark)
            .with_step_dt(0.1)
            .wgpu()
            .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app)
    };
    let mut harness = open(config.path());
    harness.run();
    // 25 %: three steps down from real time.
    for _ in 0..3 {
        harness.key_press(egui::Key::Minus);
    }
    harness.run();
    let percent = harness
        .state_mut()
        .playback_mut()
        .map(|p| p.speed_percent());
    assert_eq!(percent, Some(25));
    // One stride of the 100 fps walk: frames 100 to 210, with I and O.
    seek(&mut harness, 100);
    harness.key_press(egui::Key::I);
    harness.run();
    seek(&mut harness, 210);
    harness.key_press(egui::Key::O);
    harness.run();
    harness.get_by_label("A-B 1.000–2.110 s (frames 100–210)");
    // Playing from B wraps to A at a quarter of real time: 0.1 s per drawn frame = 2.5 frames.
    harness.key_press(egui::Key::Space);
    for _ in 0..8 {
        harness.step();
        let f = frame(&mut harness).unwrap_or_default();
        assert!((100..=210).contains(&f), "{f}");
    }
    assert!(frame(&mut harness).is_some_and(|f| f < 150));
    harness.key_press(egui::Key::Space);
    harness.run();
    // Bookmark heel strike at frame 120, name it, change the view to the side.
    seek(&mut harness, 120);
    harness.key_press(egui::Key::B);
    harness.key_press(egui::Key::Num3);
    harness.run();
    if let Some(clip) = harness.state_mut().selected_clip_mut() {
        clip.tools.settings.bookmarks[0].title = "Heel strike".to_owned();
        clip.tools.dirty = true;
    }
    harness.run();
    drop(harness);
    // Reopened: the bookmark and the side view are back.
    let mut harness = open(config.path());
    harness.run();
    let clip = harness.state_mut().selected_clip_mut().expect("loaded");
    assert_eq!(clip.tools.settings.bookmarks.len(), 1);
    assert_eq!(clip.tools.settings.bookmarks[0].frame, 120);
    assert_eq!(clip.tools.settings.bookmarks[0].title, "Heel strike");
    let side = posedeck::scene::OrbitCamera::default().with_preset(posedeck::scene::Preset::Side);
    assert!((clip.view3d.base.azimuth_rad - side.azimuth_rad).abs() < 1e-6);
    harness.get_by_label("Heel strike  ·  1.20 s, frame 120");
    harness.get_by_label("Bookmark Heel strike");
    // Nothing was written beside the sample.
    let beside: Vec<String> = std::fs::read_dir(asset(""))
        .expect("assets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.trim_start_matches('.').starts_with("walk.bvh") && n != "walk.bvh")
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn every_shortcut_of_the_help_list_acts() {
    let mut harness = harness(vec![figures::walker_3d()], 10);
    let press = |h: &mut Harness<'_, PosedeckApp>, key: egui::Key| {
        h.key_press(key);
        h.run();
    };
    // Faster, then back to real time.
    press(&mut harness, egui::Key::Plus);
    let speed =
        |h: &mut Harness<'_, PosedeckApp>| h.state_mut().playback_mut().map(|p| p.speed_percent());
    assert_eq!(speed(&mut harness), Some(150));
    press(&mut harness, egui::Key::Minus);
    assert_eq!(speed(&mut harness), Some(100));
    // Every 5th frame.
    if let Some(p) = harness.state_mut().playback_mut() {
        p.set_step_frames(5);
    }
    press(&mut harness, egui::Key::ArrowRight);
    assert_eq!(frame(&mut harness), Some(15));
    // A range 15..=40: Home and End go to its ends; X clears it.
    press(&mut harness, egui::Key::I);
    seek(&mut harness, 40);
    press(&mut harness, egui::Key::O);
    press(&mut harness, egui::Key::Home);
    assert_eq!(frame(&mut harness), Some(15));
    press(&mut harness, egui::Key::End);
    assert_eq!(frame(&mut harness), Some(40));
    press(&mut harness, egui::Key::X);
    assert_eq!(
        harness
            .state_mut()
            .playback_mut()
            .and_then(|p| p.loop_range()),
        None
    );
    // L turns looping off and on.
    press(&mut harness, egui::Key::L);
    assert_eq!(
        harness.state_mut().playback_mut().map(|p| p.is_looping()),
        Some(false)
    );
    press(&mut harness, egui::Key::L);
    // T and G turn trails and onion skin on; K opens the key frames panel.
    press(&mut harness, egui::Key::T);
    press(&mut harness, egui::Key::G);
    let clip = harness.state_mut().selected_clip_mut().expect("clip");
    assert!(clip.tools.trails_on && clip.tools.onion_on);
    assert!(harness.query_by_label("+ Add").is_none());
    press(&mut harness, egui::Key::K);
    harness.get_by_label("+ Add");
    // 2 turns the 3D view to the front.
    press(&mut harness, egui::Key::Num2);
    let front = posedeck::scene::OrbitCamera::default().with_preset(posedeck::scene::Preset::Front);
    let clip = harness.state_mut().selected_clip_mut().expect("clip");
    assert!((clip.view3d.base.azimuth_rad - front.azimuth_rad).abs() < 1e-6);
}

#[test]
fn light_theme_with_trails_and_onion_skin() {
    let mut harness = harness_on_files(vec![asset("walk.bvh")], 220);
    harness.state_mut().look_mut().light = true;
    if let Some(clip) = harness.state_mut().selected_clip_mut() {
        clip.tools.trails_on = true;
        clip.tools.onion_on = true;
        clip.tools.onion.spacing_frames = 12;
    }
    harness.run();
    harness.snapshot("coach_light_theme");
}

#[test]
fn a_corrupt_sidecar_is_set_aside_with_a_notice() {
    let config = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let clip = data.path().join("walk.bvh");
    std::fs::copy(asset("walk.bvh"), &clip).expect("copy");
    let store = SettingsStore::at(config.path());
    let (sidecar, _) = store.sidecar_for(&clip).expect("a sidecar path");
    std::fs::create_dir_all(sidecar.parent().expect("parent")).expect("mkdir");
    std::fs::write(&sidecar, "{ not json").expect("write");
    let options = posedeck::app::ViewerOptions {
        paths: vec![clip],
        screenshot: None,
        frame: None,
        ..Default::default()
    };
    let mut app = PosedeckApp::new(&options);
    app.set_settings_store(store);
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(2));
    app.select(0);
    let mut harness = Harness::builder()
        .with_size(super::SIZE)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    // The panel opens to say so; the clip plays on with no bookmarks.
    harness.get_by_label_contains("could not be read");
    assert!(sidecar.with_extension("json.bad").exists());
    harness.key_press(egui::Key::B);
    harness.run();
    let saved = std::fs::read_to_string(&sidecar).expect("saved again");
    assert!(saved.contains("\"frame\": 0"), "{saved}");
}
