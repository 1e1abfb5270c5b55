//! Unit tests of the playback state machine, driven by a fixed clock.

use super::*;

#[test]
fn advances_at_the_clip_rate() {
    // 10 frames at 100 fps, fed by a 60 Hz clock.
    let mut p = Playback::new(10, 100.0);
    p.play();
    assert!(p.advance(1.0 / 60.0));
    assert_eq!(p.frame(), 1);
    p.advance(1.0 / 60.0);
    assert_eq!(p.frame(), 3);
    p.advance(1.0 / 60.0);
    assert_eq!(p.frame(), 5);
    // A slow screen (10 Hz) skips frames but keeps real time.
    let mut p = Playback::new(100, 100.0);
    p.play();
    p.advance(0.1);
    assert_eq!(p.frame(), 10);
}

#[test]
fn loops_at_the_end() {
    let mut p = Playback::new(4, 10.0);
    p.play();
    p.advance(0.25); // 2.5 frames in: frame 2
    assert_eq!(p.frame(), 2);
    p.advance(0.2); // 0.45 s, past the 0.4 s loop: 0.05 s → frame 0
    assert_eq!(p.frame(), 0);
    assert!(p.is_playing());
}

#[test]
fn stops_at_the_end_without_loop_and_restarts_on_play() {
    let mut p = Playback::new(4, 10.0);
    p.set_looping(false);
    p.play();
    p.advance(0.25);
    p.advance(0.25);
    assert_eq!(p.frame(), 3);
    assert!(!p.is_playing());
    p.play();
    assert_eq!(p.frame(), 0);
    assert!(p.is_playing());
}

#[test]
fn pause_freezes_the_frame() {
    let mut p = Playback::new(10, 10.0);
    p.play();
    p.advance(0.15);
    p.toggle();
    assert!(!p.is_playing());
    assert!(!p.advance(0.2));
    assert_eq!(p.frame(), 1);
}

#[test]
fn steps_and_wraps() {
    let mut p = Playback::new(5, 30.0);
    p.play();
    p.step(1);
    assert!(!p.is_playing(), "stepping pauses");
    assert_eq!(p.frame(), 1);
    p.step(-2);
    assert_eq!(p.frame(), 4, "wraps backwards when looping");
    p.step(1);
    assert_eq!(p.frame(), 0, "wraps forwards");
    p.set_looping(false);
    p.step(-1);
    assert_eq!(p.frame(), 0, "stops at the start without loop");
}

#[test]
fn seeks_by_frame_and_time() {
    let mut p = Playback::new(524, 60.0);
    p.seek_frame(74);
    assert_eq!(p.frame(), 74);
    assert!((p.frame_time_s() - 74.0 / 60.0).abs() < 1e-12);
    p.seek_time(2.0);
    assert_eq!(p.frame(), 120);
    p.seek_time(1e9);
    assert_eq!(p.frame(), 523);
    p.seek_time(-1.0);
    assert_eq!(p.frame(), 0);
    p.seek_frame(10_000);
    assert_eq!(p.frame(), 523);
}

#[test]
fn empty_and_single_frame_clips_do_not_move() {
    let mut p = Playback::new(0, 30.0);
    p.play();
    assert!(!p.advance(1.0));
    p.step(3);
    assert_eq!(p.frame(), 0);
    let mut p = Playback::new(1, 0.0);
    assert!((p.rate_hz() - 30.0).abs() < 1e-12);
    p.play();
    assert!(!p.is_playing());
}

#[test]
fn speed_scales_the_clock() {
    // 100 frames at 100 fps: a quarter of real time moves 2.5 frames per 0.1 s.
    let mut p = Playback::new(100, 100.0);
    p.set_speed(0.25);
    assert_eq!(p.speed_percent(), 25);
    p.play();
    p.advance(0.1);
    assert_eq!(p.frame(), 2);
    p.advance(0.1);
    assert_eq!(p.frame(), 5);
    p.set_speed(2.0);
    p.advance(0.1);
    assert_eq!(p.frame(), 25);
    // Out-of-range and non-finite speeds are clamped or ignored.
    p.set_speed(10.0);
    assert!((p.speed() - MAX_SPEED).abs() < 1e-12);
    p.set_speed(0.0);
    assert!((p.speed() - MIN_SPEED).abs() < 1e-12);
    p.set_speed(f64::NAN);
    assert!((p.speed() - MIN_SPEED).abs() < 1e-12);
}

#[test]
fn faster_and_slower_step_through_the_presets() {
    let mut p = Playback::new(10, 30.0);
    p.slower();
    assert_eq!(p.speed_percent(), 75);
    p.slower();
    assert_eq!(p.speed_percent(), 50);
    p.slower();
    assert_eq!(p.speed_percent(), 25);
    p.slower();
    p.slower();
    assert_eq!(p.speed_percent(), 10, "stays at the slowest");
    for _ in 0..10 {
        p.faster();
    }
    assert_eq!(p.speed_percent(), 200, "stays at the fastest");
    // From a speed between presets, the next one up.
    p.set_speed(0.3);
    p.faster();
    assert_eq!(p.speed_percent(), 50);
}

#[test]
fn loops_inside_the_a_b_range() {
    // 100 frames at 10 fps; loop frames 20..=29 (one second).
    let mut p = Playback::new(100, 10.0);
    p.seek_frame(20);
    p.mark_in();
    p.seek_frame(29);
    p.mark_out();
    assert_eq!(
        p.loop_range(),
        Some(LoopRange {
            first: 20,
            last: 29
        })
    );
    p.play();
    assert_eq!(p.frame(), 29, "playing inside the range starts where it is");
    p.advance(0.05);
    assert_eq!(p.frame(), 29);
    p.advance(0.1); // 3.05 s, past the end of frame 29 (3.0 s): back to 2.05 s
    assert_eq!(p.frame(), 20);
    for _ in 0..30 {
        p.advance(0.1);
        assert!(p.loop_range().unwrap().contains(p.frame()), "{}", p.frame());
    }
    // Played from outside the range, playback starts at A.
    p.pause();
    p.seek_frame(70);
    p.play();
    assert_eq!(p.frame(), 20);
    // Cleared, it runs on past B.
    p.clear_loop_range();
    p.seek_frame(29);
    p.advance(0.1);
    assert_eq!(p.frame(), 30);
}

#[test]
fn a_b_range_without_loop_stops_at_b_and_restarts_at_a() {
    let mut p = Playback::new(100, 10.0);
    p.set_looping(false);
    p.set_loop_range(50, 40);
    assert_eq!(
        p.loop_range(),
        Some(LoopRange {
            first: 40,
            last: 50
        })
    );
    p.seek_frame(48);
    p.play();
    p.advance(0.25);
    assert_eq!(p.frame(), 50);
    assert!(p.is_playing(), "frame 50 shows for its full 0.1 s");
    p.advance(0.1);
    assert_eq!(p.frame(), 50);
    assert!(!p.is_playing());
    p.play();
    assert_eq!(p.frame(), 40);
}

#[test]
fn marks_keep_a_before_b() {
    let mut p = Playback::new(100, 10.0);
    p.seek_frame(60);
    p.mark_out();
    assert_eq!(p.loop_range(), Some(LoopRange { first: 0, last: 60 }));
    p.seek_frame(30);
    p.mark_in();
    assert_eq!(
        p.loop_range(),
        Some(LoopRange {
            first: 30,
            last: 60
        })
    );
    // A after B: B moves to the end of the clip.
    p.seek_frame(80);
    p.mark_in();
    assert_eq!(
        p.loop_range(),
        Some(LoopRange {
            first: 80,
            last: 99
        })
    );
    // B before A: A moves to the start.
    p.seek_frame(10);
    p.mark_out();
    assert_eq!(p.loop_range(), Some(LoopRange { first: 0, last: 10 }));
    p.set_loop_range(500, 700);
    assert_eq!(
        p.loop_range(),
        Some(LoopRange {
            first: 99,
            last: 99
        })
    );
    let mut empty = Playback::new(0, 10.0);
    empty.mark_in();
    assert_eq!(empty.loop_range(), None);
}

#[test]
fn steps_every_nth_frame_and_wraps_in_the_range() {
    let mut p = Playback::new(1000, 250.0);
    p.set_step_frames(10);
    p.step(1);
    assert_eq!(p.frame(), 10);
    p.step(3);
    assert_eq!(p.frame(), 40);
    p.step(-5);
    assert_eq!(p.frame(), 990, "wraps backwards over the clip");
    p.set_step_frames(0);
    assert_eq!(p.step_frames(), 1, "at least one frame");
    // Inside an A-B range, steps wrap within it.
    p.set_step_frames(4);
    p.set_loop_range(100, 109);
    p.seek_frame(108);
    p.step(1);
    assert_eq!(p.frame(), 102);
    p.step(-1);
    assert_eq!(p.frame(), 108);
    p.set_looping(false);
    p.step(1);
    assert_eq!(p.frame(), 109, "stops at B without loop");
}
