//! A large file is shown before it is whole: the timeline spans the whole clip from the first
//! frame, a frame far ahead is read first when the user jumps to it, and the clip fills in.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use posedeck::app::PosedeckApp;
use posedeck::app::clip_settings::SettingsStore;
use posedeck::synth::large::{LargeInput, Scale};

use super::SIZE;

/// Steps `h` (with short naps for the loading threads) until `done` or 120 s.
fn step_until(
    h: &mut Harness<'_, PosedeckApp>,
    mut done: impl FnMut(&mut PosedeckApp) -> bool,
) -> bool {
    let deadline = Instant::now() + Duration::from_mins(2);
    while Instant::now() < deadline {
        h.step();
        if done(h.state_mut()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

#[test]
fn a_long_bvh_shows_at_once_jumps_ahead_and_fills_in() {
    let dir = tempfile::tempdir().unwrap();
    // 4,320 frames (five chunks) of the one-hour generator's walk.
    let path = LargeInput::Bvh.ensure(dir.path(), Scale::Smoke).unwrap();
    let whole = posedeck::formats::load(&path).unwrap();
    let frames = whole.frame_count();
    assert!(frames > 4 * posedeck::model::DEFAULT_FRAMES_PER_CHUNK);

    let mut app = PosedeckApp::from_clips(Vec::new());
    app.set_settings_store(SettingsStore::none());
    app.set_autoplay(false);
    app.open(vec![path]);
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    assert!(step_until(&mut h, |app| app.selected_clip_mut().is_some()));
    let loaded = h.state_mut().selected_clip_mut().unwrap();
    assert_eq!(
        loaded.playback.frame_count(),
        frames,
        "the timeline spans the whole clip from the first frame on"
    );
    loaded.playback.seek_frame(frames - 1);
    assert!(step_until(&mut h, |app| {
        app.selected_clip_mut()
            .is_some_and(|l| l.drawn_frame == Some(frames - 1))
    }));
    assert!(step_until(&mut h, |app| !app.is_loading()));
    let loaded = h.state_mut().selected_clip_mut().unwrap();
    assert!(loaded.was_read_in_chunks(), "a BVH is read in chunks");
    assert!(!loaded.is_reading());
    assert!(loaded.clip.poses.is_complete());
    for frame in [0, 1023, 1024, frames / 2, frames - 1] {
        let a = loaded.clip.poses.frame(frame).and_then(|f| f.person(0));
        let b = whole.poses.frame(frame).and_then(|f| f.person(0));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            a.coords, b.coords,
            "frame {frame} as the whole-file load has it"
        );
    }
    assert_eq!(loaded.clip.meta.warnings, whole.meta.warnings);
}

#[test]
fn c3d_and_npy_opened_quickly_end_with_the_whole_files_details() {
    let dir = tempfile::tempdir().unwrap();
    for input in [LargeInput::C3dFloat, LargeInput::Npy] {
        let path = input.ensure(dir.path(), Scale::Smoke).unwrap();
        let whole = posedeck::formats::load(&path).unwrap();
        let mut app = PosedeckApp::from_clips(Vec::new());
        app.set_settings_store(SettingsStore::none());
        app.set_autoplay(false);
        app.open(vec![path.clone()]);
        let mut h = Harness::builder()
            .with_size(SIZE)
            .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
        assert!(step_until(&mut h, |app| app.selected_clip_mut().is_some()));
        assert!(step_until(&mut h, |app| !app.is_loading()));
        let loaded = h.state_mut().selected_clip_mut().unwrap();
        let what = path.display();
        assert!(loaded.was_read_in_chunks(), "{what} is read in chunks");
        assert!(loaded.clip.poses.is_complete(), "{what}");
        assert_eq!(loaded.clip.frame_count(), whole.frame_count(), "{what}");
        assert_eq!(loaded.clip.skeleton, whole.skeleton, "{what}");
        assert_eq!(loaded.clip.space, whole.space, "{what}");
        assert_eq!(
            loaded.clip.meta, whole.meta,
            "{what}: the whole read's warnings and details replace the preview's"
        );
    }
}
