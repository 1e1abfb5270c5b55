//! Tests of [`super::MeasureState`]: defaults, picking joints, the cached series.

use super::*;
use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};

const METRES: LengthUnit = LengthUnit {
    per_clip_unit: 1.0,
    symbol: "m",
    estimated: false,
};

/// H36M-17, Y up, metres, 20 frames at 10 fps; the left wrist (13) moves 0.1 m per frame and
/// the right knee (2) is missing in frames 5 and 6.
fn clip() -> Clip {
    let skeleton = LayoutId::H36m17.layout().unwrap().skeleton();
    let mut b = PosesBuilder::new(17, 3, false, false);
    for f in 0..20 {
        let mut c = vec![0.0_f32; 17 * 3];
        let mut set = |j: usize, p: [f32; 3]| c[j * 3..j * 3 + 3].copy_from_slice(&p);
        set(0, [0.0, 1.0, 0.0]);
        set(1, [-0.1, 1.0, 0.0]);
        set(2, [-0.1, 0.55, 0.0]);
        set(3, [-0.1, 0.1, 0.0]);
        set(4, [0.1, 1.0, 0.0]);
        set(5, [0.1, 0.55, 0.0]);
        set(6, [0.1, 0.55, 0.45]);
        set(9, [0.0, 1.55, 0.0]);
        set(11, [0.2, 1.45, 0.0]);
        set(12, [0.2, 1.15, 0.0]);
        set(13, [0.2, 0.9, 0.1 * f as f32]);
        set(14, [-0.2, 1.45, 0.0]);
        if f == 5 || f == 6 {
            set(2, [f32::NAN; 3]);
        }
        b.begin_frame();
        b.push_person(&c, None, None);
    }
    Clip::new(
        skeleton,
        Some(10.0),
        Space::world(Units::M, UpAxis::Y),
        b.finish(),
        ClipMeta::new("state", FormatId::Npy),
    )
}

#[test]
fn starts_with_both_knees_closed_and_clean_up_off() {
    let clip = clip();
    let state = MeasureState::for_clip(&clip);
    let names: Vec<String> = state.selected.iter().map(|q| q.name(&[])).collect();
    assert_eq!(names, ["left knee flexion", "right knee flexion"]);
    assert!(!state.open);
    assert!(state.cleaning.is_off());
    assert!(!state.metrics && !state.confidence_colours);
}

#[test]
fn picking_joints_adds_the_measurement_once_complete() {
    let mut state = MeasureState::default();
    state.start_pick(PickKind::Angle);
    state.picked(1);
    state.picked(1); // a double click on the same joint counts once
    state.picked(2);
    assert!(state.selected.is_empty());
    state.picked(3);
    assert!(state.pick.is_none());
    assert_eq!(
        state.selected,
        [Quantity::Angle(AngleDef::ThreeJoints { a: 1, b: 2, c: 3 })]
    );
    state.start_pick(PickKind::Speed);
    state.picked(13);
    assert_eq!(state.selected[1], Quantity::Speed { joint: 13 });
}

#[test]
fn series_are_in_display_units_and_cleaned_ones_appear_with_clean_up() {
    let clip = clip();
    let mut state = MeasureState::for_clip(&clip);
    state.open = true;
    state.selected.push(Quantity::Speed { joint: 13 });
    state.refresh(&clip, METRES);
    let series = state.series();
    assert_eq!(series.len(), 3);
    assert_eq!(series[0].name, "left knee flexion (°)");
    assert!(
        (series[0].raw[0] - 90.0).abs() < 1e-3,
        "degrees: {}",
        series[0].raw[0]
    );
    assert!(series[1].raw[5].is_nan(), "the missing knee is a gap");
    assert_eq!(series[2].unit, "m/s");
    assert!((series[2].raw[10] - 1.0).abs() < 1e-4);
    assert!(series.iter().all(|s| s.cleaned.is_none()));
    assert!(state.cleaning_note().is_none());
    // Gap filling on: the knee gap is filled in the cleaned curve only, and the view says so.
    state.max_gap_frames = 3;
    state.sync_cleaning(true, false);
    state.refresh(&clip, METRES);
    let right = &state.series()[1];
    assert!(right.raw[5].is_nan());
    assert!(right.cleaned.as_ref().unwrap()[5].abs() < 1e-3);
    let note = state.cleaning_note().unwrap();
    assert!(
        note.starts_with("data cleaned: gaps ≤ 3 frames filled (spline, 2)"),
        "{note}"
    );
    assert!(!std::ptr::eq(state.shown(&clip), std::ptr::from_ref(&clip)));
    // Closing the panel shows the file's data again.
    state.open = false;
    assert!(std::ptr::eq(state.shown(&clip), std::ptr::from_ref(&clip)));
}

#[test]
fn a_background_job_gives_the_same_numbers() {
    let clip = clip();
    let mut state = MeasureState::for_clip(&clip);
    state.refresh(&clip, METRES);
    let key = state.cache.as_ref().map(|c| c.key.clone()).unwrap();
    let job = Job::start(key, &clip);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let cache = loop {
        if let Some(cache) = job.take() {
            break cache;
        }
        assert!(std::time::Instant::now() < deadline, "job never finished");
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    assert_eq!(cache.series.len(), state.series().len());
    for (a, b) in cache.series.iter().zip(state.series()) {
        // NaN marks the missing knee: compare bit patterns.
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!((&a.name, bits(&a.raw)), (&b.name, bits(&b.raw)));
    }
}

#[test]
fn nothing_is_measured_while_frames_are_still_read() {
    let whole = clip();
    let mut reading = whole.clone();
    reading.poses = crate::model::Poses::pending(17, 3, false, 8, 20);
    let mut state = MeasureState::for_clip(&whole);
    state.refresh(&reading, METRES);
    assert!(state.series().is_empty() && !state.is_computing());
    state.refresh(&whole, METRES);
    assert!(!state.series().is_empty());
}
