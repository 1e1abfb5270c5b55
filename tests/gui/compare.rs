//! Compare mode: two sprint starts (the sample and a second, different one made by the
//! generator: later, slower, other technique, 120 fps against 100 fps) side by side, aligned
//! automatically, overlaid pelvis on pelvis, with the knee-angle difference plot.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test when not comparing"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::analysis::spatial::SizeMatch;
use posedeck::app::compare::Arrangement;
use posedeck::app::compare::auto::AutoAlign;
use posedeck::app::{PosedeckApp, ViewerOptions};

/// Compare snapshots need room for two views and a plot, points.
const SIZE: [f32; 2] = [960.0, 600.0];

/// The viewer started as `posedeck sprint_start.bvh sprint_start_2.bvh --compare`.
fn sprints(step_dt_s: f32) -> Harness<'static, PosedeckApp> {
    let options = ViewerOptions {
        paths: vec![
            super::asset("sprint_start.bvh"),
            super::asset("sprint_start_2.bvh"),
        ],
        screenshot: None,
        frame: None,
        compare: true,
    };
    let mut app = PosedeckApp::new(&options);
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(2));
    assert!(app.compare_mut().is_some(), "--compare starts compare mode");
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .with_step_dt(step_dt_s)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Runs `change` on compare mode's state (and the clip list), then redraws.
fn with_compare(
    harness: &mut Harness<'static, PosedeckApp>,
    change: impl FnOnce(
        &mut posedeck::app::compare::CompareState,
        &mut [posedeck::app::entry::ClipEntry],
    ),
) {
    let (state, entries) = harness.state_mut().compare_mut().expect("comparing");
    change(state, entries);
    harness.run();
}

/// The frames clips A and B show.
fn frames(harness: &mut Harness<'static, PosedeckApp>) -> (usize, usize) {
    let (_, entries) = harness.state_mut().compare_mut().expect("comparing");
    let frame = |i: usize| entries[i].loaded().expect("loaded").playback.frame();
    (frame(0), frame(1))
}

#[test]
fn clips_of_different_rates_play_in_real_time_on_one_clock() {
    // 0.1 s of UI clock per drawn frame.
    let mut harness = sprints(0.1);
    harness.key_press(egui::Key::Space);
    harness.step();
    for _ in 0..9 {
        harness.step();
    }
    harness.key_press(egui::Key::Space);
    harness.step();
    // About one second in: A (100 fps) near frame 100, B (120 fps) near frame 120, at the
    // same moment of their clocks.
    let (fa, fb) = frames(&mut harness);
    let ta = fa as f64 / 100.0;
    let tb = fb as f64 / 120.0;
    assert!((ta - tb).abs() <= 0.011, "A frame {fa}, B frame {fb}");
    assert!((0.8..=1.3).contains(&ta), "{ta}");
    // Nudging B by two frames moves only B.
    harness.get_by_label("Nudge");
    with_compare(&mut harness, |state, entries| {
        state.link.nudge_b_frames = 2;
        state.relink(entries);
    });
    let (fa2, fb2) = frames(&mut harness);
    assert_eq!((fa2, fb2), (fa, fb + 2));
}

#[test]
fn side_by_side_at_block_exit() {
    let mut harness = sprints(0.25);
    with_compare(&mut harness, |state, _| state.clock.seek(0.9));
    harness.snapshot("compare_side_by_side");
}

#[test]
fn marked_events_line_the_clips_up() {
    let mut harness = sprints(0.25);
    // Front foot leaves the block: 0.83 s in A; in B, 0.15 s later and 8 % slower.
    let exit_b = 0.15 + 1.08 * 0.83;
    with_compare(&mut harness, |state, _| state.clock.seek(0.83));
    harness.get_by_label("Mark A here").click();
    harness.run();
    with_compare(&mut harness, |state, _| state.clock.seek(exit_b));
    harness.get_by_label("Mark B here").click();
    harness.run();
    harness.get_by_label("Line up on the event").click();
    harness.run();
    let (fa, fb) = frames(&mut harness);
    assert_eq!(fa, 83);
    assert!((fb as f64 - exit_b * 120.0).abs() <= 1.0, "B frame {fb}");
}

#[test]
fn automatic_alignment_shows_its_result_and_confidence() {
    let mut harness = sprints(0.25);
    harness.get_by_label("Also find a speed difference").click();
    harness.run();
    harness.get_by_label("Align automatically").click();
    // The alignment runs in a background thread; the window keeps drawing meanwhile.
    for _ in 0..200 {
        harness.step();
        let done = harness
            .state_mut()
            .compare_mut()
            .is_some_and(|(s, _)| !s.auto.is_running());
        if done {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.run();
    let found = {
        let (state, _) = harness.state_mut().compare_mut().expect("comparing");
        match &state.auto {
            AutoAlign::Found(found) => *found,
            other => panic!("no alignment: {other:?}"),
        }
    };
    // B is the same start 0.15 s later and 8 % slower: A's time = (B's time − 0.15) / 1.08.
    assert!((found.time_scale - 1.0 / 1.08).abs() < 0.03, "{found:?}");
    assert!((found.a_time_s(1.05) - 0.83).abs() < 0.03, "{found:?}");
    harness.get_by_label_contains("score 0.");
    harness.snapshot("compare_alignment_result");
    harness.get_by_label("Accept").click();
    harness.run();
    // The sync now in use is scored as the search scored it.
    harness.get_by_label_contains("Match as synced: 0.9");
    let (state, _) = harness.state_mut().compare_mut().expect("comparing");
    assert!((state.link.offset_s - found.offset_s).abs() < 1e-12);
}

#[test]
fn overlay_pelvis_on_pelvis_after_alignment() {
    let mut harness = sprints(0.25);
    with_compare(&mut harness, |state, entries| {
        state.time_warp = true;
        state.align_now(entries);
        state.accept_alignment(entries);
        state.arrangement = Arrangement::Overlay;
        state.overlay.size = SizeMatch::LegLength;
        state.opacity = 0.8;
        // Seen from the side, as a coach films a start.
        if let Some(a) = entries[0].loaded_mut() {
            a.view3d.set_preset(posedeck::scene::Preset::Side);
        }
        state.show_plot = false;
        state.clock.seek(1.2);
    });
    harness.snapshot("compare_overlay");
}

#[test]
fn difference_plot_of_knee_flexion() {
    let mut harness = sprints(0.25);
    with_compare(&mut harness, |state, entries| {
        state.time_warp = true;
        state.align_now(entries);
        state.accept_alignment(entries);
        state.arrangement = Arrangement::Overlay;
        state.overlay.size = SizeMatch::LegLength;
        state.plot_angle = Some("left knee flexion");
        state.clock.seek(1.2);
    });
    harness.get_by_label_contains("largest A − B");
    harness.snapshot("compare_difference_plot");
}

#[test]
fn the_compare_button_pairs_the_selected_clip_with_another() {
    let options = ViewerOptions {
        paths: vec![super::asset("sprint_start.bvh"), super::asset("cmj.bvh")],
        screenshot: None,
        frame: None,
        compare: false,
    };
    let mut app = PosedeckApp::new(&options);
    app.set_autoplay(false);
    app.wait_until_loaded(std::time::Duration::from_mins(2));
    app.select(0);
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run();
    assert!(harness.state_mut().compare_mut().is_none());
    harness.get_by_label("Compare").click();
    harness.run();
    let (state, _) = harness.state_mut().compare_mut().expect("comparing");
    assert_eq!((state.a, state.b), (0, 1));
    harness.get_by_label("Exit compare").click();
    harness.run();
    assert!(harness.state_mut().compare_mut().is_none());
}
