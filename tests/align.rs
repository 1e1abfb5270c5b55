//! Automatic alignment on the generator's movements: a copy of the sprint start resampled and
//! cut, and two different performances of it (the sample and a second sprinter who reacts
//! later, runs slower and moves differently).
#![expect(
    clippy::unwrap_used,
    reason = "test helpers unwrap known-good generated data"
)]

use std::path::Path;

use posedeck::analysis::align::{AlignOptions, align, align_with};
use posedeck::formats::{self, bvh};
use posedeck::model::Clip;
use posedeck::synth::bvh_doc;
use posedeck::synth::ground::solve;
use posedeck::synth::motions::sprint_start::{FRONT_OFF_S, REAR_OFF_S, SprintStart};
use posedeck::synth::variation::Variation;

fn asset(name: &str) -> Clip {
    formats::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(name),
    )
    .unwrap()
}

/// The sprint start at `rate_hz`, without its first `skip` frames.
fn sprint_cut(rate_hz: f64, skip: usize) -> Clip {
    let frames = (2.0 * rate_hz) as usize + 1;
    let poses = solve(&SprintStart::new(), rate_hz, frames);
    let text = bvh::write(&bvh_doc::document(&poses[skip..], rate_hz));
    bvh::read(text.as_bytes(), Path::new("cut.bvh")).unwrap()
}

#[test]
fn a_resampled_and_cut_copy_is_found_within_one_frame() {
    let a = asset("sprint_start.bvh");
    // 50 Hz, starting 23 frames (0.46 s) in: B at t is A at t + 0.46 s.
    let b = sprint_cut(50.0, 23);
    let found = align(&a, &b).unwrap();
    assert!((found.offset_s - 0.46).abs() <= 0.01, "{found:?}");
    assert!((found.offset_frames - 46).abs() <= 1, "{found:?}");
    assert!(found.score > 0.97, "{found:?}");
}

#[test]
fn two_different_sprint_starts_line_up_at_the_block_exit() {
    let a = asset("sprint_start.bvh");
    let b = asset("sprint_start_2.bvh");
    let second = Variation::SECOND_SPRINTER;
    // Where B's athlete leaves the blocks (rear foot, then front foot), seconds of B.
    let in_b = |t: f64| second.delay_s + second.tempo * t;
    let warped = align_with(&a, &b, AlignOptions { time_warp: true }).unwrap();
    assert!(
        (warped.time_scale - 1.0 / second.tempo).abs() < 0.02,
        "{warped:?}"
    );
    for event in [REAR_OFF_S, FRONT_OFF_S, 1.5] {
        let err = warped.a_time_s(in_b(event)) - event;
        // Within two frames of A (100 Hz).
        assert!(
            err.abs() <= 0.02,
            "event {event} s off by {err} s: {warped:?}"
        );
    }
    assert!(warped.score > 0.9, "{warped:?}");
    // Without time warp the shift is the best single compromise: between the delays at the
    // start and at the end of the movement, and a poorer match.
    let plain = align(&a, &b).unwrap();
    assert!((-0.35..=-0.1).contains(&plain.offset_s), "{plain:?}");
    assert!(plain.score < warped.score, "{plain:?} vs {warped:?}");
}
