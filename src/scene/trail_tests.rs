//! Tests of trails and onion skin on a clip whose left wrist moves along x.

use super::*;
use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};

/// H36M-17 standing still except the left wrist (joint 13), which moves 0.1 per frame along x;
/// 10 fps, 2D-like coordinates so `place` can be the identity on x, y.
fn clip(frames: usize) -> Clip {
    let skeleton = LayoutId::H36m17.layout().unwrap().skeleton();
    let mut poses = PosesBuilder::new(17, 3, false, false);
    for f in 0..frames {
        let mut c = [0.0_f32; 17 * 3];
        for j in 0..17 {
            c[j * 3] = j as f32;
            c[j * 3 + 1] = 1.0;
        }
        c[13 * 3] = 0.1 * f as f32;
        poses.begin_frame();
        poses.push_person(&c, None, None);
    }
    Clip::new(
        skeleton,
        Some(10.0),
        Space::world(Units::M, UpAxis::Y),
        poses.finish(),
        ClipMeta::new("t", FormatId::Npy),
    )
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "the signature of a place function"
)]
fn identity(p: [f32; 3]) -> Option<[f32; 2]> {
    Some([p[0] * 100.0, p[1] * 100.0])
}

#[test]
fn trail_frames_cover_the_window_on_the_chosen_side() {
    assert_eq!(
        trail_frames(10, 100, 10.0, 0.5, TrailSpan::Past),
        vec![5, 6, 7, 8, 9, 10]
    );
    assert_eq!(
        trail_frames(10, 100, 10.0, 0.3, TrailSpan::Future),
        vec![10, 11, 12, 13]
    );
    assert_eq!(
        trail_frames(1, 4, 10.0, 0.5, TrailSpan::Both),
        vec![0, 1, 2, 3]
    );
    // Nothing to trail without a window or frames.
    assert_eq!(trail_frames(3, 10, 10.0, 0.0, TrailSpan::Past), vec![3]);
    assert!(trail_frames(3, 0, 10.0, 1.0, TrailSpan::Past).is_empty());
    // A long window of a fast clip is thinned but keeps the frame shown and both ends.
    let frames = trail_frames(5000, 100_000, 1000.0, 2.0, TrailSpan::Both);
    assert!(frames.len() <= MAX_TRAIL_POINTS + 2, "{}", frames.len());
    assert!(frames.contains(&5000));
    assert_eq!(frames.first(), Some(&3000));
    assert_eq!(frames.last(), Some(&7000));
    assert!(frames.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn trails_fade_away_from_the_frame_and_the_future_is_thinner() {
    let clip = clip(21);
    let trails = Trails {
        points: vec![TrailPoint::joint(&clip, 13)],
        window_s: 0.5,
        span: TrailSpan::Both,
    };
    let mut scene = Scene::default();
    trails.add(&mut scene, &clip, 10, &Style::default(), &identity);
    // Frames 5..=15: ten pieces, in time order.
    assert_eq!(scene.grid.len(), 10);
    let alphas: Vec<u8> = scene.grid.iter().map(|s| s.colour.0[3]).collect();
    assert_eq!(alphas[4], 220, "the piece ending at the frame is opaque");
    assert_eq!(alphas[5], 220, "and so is the one starting there");
    assert!(alphas[..5].windows(2).all(|w| w[0] < w[1]), "{alphas:?}");
    assert!(alphas[5..].windows(2).all(|w| w[0] > w[1]), "{alphas:?}");
    assert!(scene.grid[5].width < scene.grid[4].width);
    // The wrist is a left joint: the left colour.
    assert_eq!(
        scene.grid[0].colour.0[..3],
        crate::scene::style::LEFT.0[..3]
    );
    // The trail follows the wrist along x.
    assert!((scene.grid[0].a[0] - 50.0).abs() < 1e-3);
    assert!((scene.grid[9].b[0] - 150.0).abs() < 1e-3);
}

#[test]
fn missing_points_break_the_trail() {
    let clip = clip(11);
    let trails = Trails {
        points: vec![TrailPoint::joint(&clip, 13)],
        window_s: 1.0,
        span: TrailSpan::Past,
    };
    // Frames 3 and 4 are "not visible".
    let place = |p: [f32; 3]| {
        (!(0.25..0.45).contains(&p[0]))
            .then(|| identity(p))
            .flatten()
    };
    let mut scene = Scene::default();
    trails.add(&mut scene, &clip, 10, &Style::default(), &place);
    // 10 pieces, minus the three touching frames 3 or 4.
    assert_eq!(scene.grid.len(), 7);
}

#[test]
fn onion_skin_shows_faded_poses_at_the_spacing() {
    let clip = clip(30);
    let onion = OnionSkin {
        before: 2,
        after: 1,
        spacing_frames: 5,
    };
    assert_eq!(
        onion.frames(12, 30),
        vec![(7, 1, true), (2, 2, true), (17, 1, false)]
    );
    // Near the ends, ghosts beyond the clip are left out.
    assert_eq!(onion.frames(3, 6), vec![]);
    let mut scene = Scene::default();
    onion.add(&mut scene, &clip, 12, &Style::default(), &identity);
    let bones = clip.skeleton.bones().len();
    assert_eq!(scene.grid.len(), 3 * bones);
    // Farthest first and faintest; nearer ghosts more opaque; poses after are thinner.
    let first = scene.grid[0];
    let last = scene.grid[3 * bones - 1];
    assert!(first.colour.0[3] < last.colour.0[3]);
    assert!(
        scene
            .grid
            .iter()
            .all(|s| s.colour.0[3] <= ONION_ALPHA as u8)
    );
    let widths: Vec<f32> = scene.grid.iter().map(|s| s.width).collect();
    assert!(widths.iter().any(|w| *w < widths[0]));
}

#[test]
fn extremities_are_found_by_name() {
    let clip = clip(1);
    let points = extremities(&clip);
    assert_eq!(points.len(), 5);
    assert!(points.contains(&TrailPoint::joint(&clip, 13)));
}
