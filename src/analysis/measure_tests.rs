//! Tests of [`super`]: every measurement on known geometry.

use super::*;
use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Units, UpAxis};

const RATE_HZ: f64 = 10.0;

/// A COCO-17 clip (2D image pixels, y down) or a H36M-17 clip (3D, Y up), one person per frame,
/// with joints from `joints(frame)`.
fn clip_of(frames: usize, three_d: bool, joints: impl Fn(usize) -> Vec<[f32; 3]>) -> Clip {
    let (layout, space, dims) = if three_d {
        (LayoutId::H36m17, Space::world(Units::M, UpAxis::Y), 3)
    } else {
        (LayoutId::Coco17, Space::image_px(), 2)
    };
    let skeleton = layout.layout().unwrap().skeleton();
    let mut b = PosesBuilder::new(17, dims, false, false);
    for f in 0..frames {
        let points = joints(f);
        let mut c = vec![f32::NAN; 17 * dims];
        for (j, p) in points.iter().enumerate() {
            c[j * dims..j * dims + dims].copy_from_slice(&p[..dims]);
        }
        b.begin_frame();
        b.push_person(&c, None, None);
    }
    Clip::new(
        skeleton,
        Some(RATE_HZ),
        space,
        b.finish(),
        ClipMeta::new("test", FormatId::Npy),
    )
}

fn degrees(clip: &Clip, q: Quantity) -> Vec<f32> {
    let map = BodyMap::new(&clip.skeleton);
    q.series(clip, &map, 0)
        .iter()
        .map(|v| v.to_degrees())
        .collect()
}

fn preset(name: &str) -> AngleDef {
    AngleDef::Preset(PRESETS.iter().position(|p| p.name == name).unwrap())
}

/// COCO-17 indices.
const L_HIP: usize = 11;
const L_KNEE: usize = 13;
const L_ANKLE: usize = 15;

/// A COCO-17 leg in the image (y down) rotated by `turn_rad` about the knee, knee bent by
/// `flexion_deg`; the rest of the body missing.
fn leg_2d(turn_rad: f32, flexion_deg: f32) -> Vec<[f32; 3]> {
    let knee = Vec3::new(300.0, 200.0, 0.0);
    let rot = glam::Mat3::from_rotation_z(turn_rad);
    let thigh = rot * Vec3::new(0.0, -100.0, 0.0);
    let shank_dir =
        glam::Mat3::from_rotation_z(flexion_deg.to_radians()) * Vec3::new(0.0, 100.0, 0.0);
    let shank = rot * shank_dir;
    let mut points = vec![[f32::NAN; 3]; 17];
    points[L_HIP] = (knee + thigh).to_array();
    points[L_KNEE] = knee.to_array();
    points[L_ANKLE] = (knee + shank).to_array();
    points
}

#[test]
fn three_joint_right_angle_is_90_degrees() {
    let clip = clip_of(1, false, |_| leg_2d(0.0, 90.0));
    let q = Quantity::Angle(AngleDef::ThreeJoints {
        a: L_HIP,
        b: L_KNEE,
        c: L_ANKLE,
    });
    assert!((degrees(&clip, q)[0] - 90.0).abs() < 1e-3);
}

#[test]
fn straight_leg_is_zero_flexion_in_2d_and_3d() {
    let clip = clip_of(1, false, |_| leg_2d(0.3, 0.0));
    let knee = degrees(&clip, Quantity::Angle(preset("left knee flexion")))[0];
    assert!(knee.abs() < 1e-3, "{knee}");
    let clip3 = clip_of(1, true, |_| {
        let mut p = vec![[0.0; 3]; 17];
        p[4] = [0.1, 1.0, 0.0]; // left hip
        p[5] = [0.1, 0.55, 0.0]; // left knee
        p[6] = [0.1, 0.1, 0.0]; // left ankle
        p
    });
    let knee = degrees(&clip3, Quantity::Angle(preset("left knee flexion")))[0];
    assert!(knee.abs() < 1e-3, "{knee}");
}

#[test]
fn no_wrap_around_whichever_way_the_body_points() {
    // Sports2D issue 31: angles from differences of atan2 headings jump to 329° or beyond 360°
    // when a segment crosses the ±180° heading. Turn a bent leg all the way round in the image
    // (and a nearly straight, slightly hyperextended one): the flexion never changes.
    for flexion in [0.5_f32, 5.0, 31.0, 90.0, 150.0, 179.0] {
        for step in 0..72 {
            let turn = (step as f32 * 5.0).to_radians();
            let clip = clip_of(1, false, |_| leg_2d(turn, flexion));
            let knee = degrees(&clip, Quantity::Angle(preset("left knee flexion")))[0];
            assert!(
                (knee - flexion).abs() < 1e-2,
                "turn {step}: {knee} vs {flexion}"
            );
            let inner = degrees(
                &clip,
                Quantity::Angle(AngleDef::ThreeJoints {
                    a: L_HIP,
                    b: L_KNEE,
                    c: L_ANKLE,
                }),
            )[0];
            assert!((inner - (180.0 - flexion)).abs() < 1e-2);
            for def in [
                AngleDef::SegmentToVertical {
                    from: L_KNEE,
                    to: L_ANKLE,
                },
                AngleDef::SegmentToHorizontal {
                    from: L_KNEE,
                    to: L_ANKLE,
                },
            ] {
                let v = degrees(&clip, Quantity::Angle(def))[0];
                let range = if def.is_signed() {
                    -90.0..=90.0
                } else {
                    0.0..=180.0
                };
                assert!(range.contains(&v), "{def:?} {v}");
            }
        }
    }
}

#[test]
fn segment_to_vertical_and_horizontal_on_known_segments() {
    // Image y grows downwards: a shank from knee (300, 200) straight down to (300, 300).
    let clip = clip_of(1, false, |_| leg_2d(0.0, 0.0));
    let vertical = |from, to| Quantity::Angle(AngleDef::SegmentToVertical { from, to });
    let horizontal = |from, to| Quantity::Angle(AngleDef::SegmentToHorizontal { from, to });
    assert!((degrees(&clip, vertical(L_KNEE, L_ANKLE))[0] - 180.0).abs() < 1e-3);
    assert!(degrees(&clip, vertical(L_KNEE, L_HIP))[0].abs() < 1e-3);
    assert!((degrees(&clip, horizontal(L_KNEE, L_HIP))[0] - 90.0).abs() < 1e-3);
    assert!((degrees(&clip, horizontal(L_KNEE, L_ANKLE))[0] + 90.0).abs() < 1e-3);
    // Just either side of straight down: 179°, never 181° or −179°.
    for turn in [-1.0_f32, 1.0] {
        let clip = clip_of(1, false, |_| leg_2d(turn.to_radians(), 0.0));
        let v = degrees(&clip, vertical(L_KNEE, L_ANKLE))[0];
        assert!((v - 179.0).abs() < 1e-2, "{v}");
        let h = degrees(&clip, horizontal(L_KNEE, L_ANKLE))[0];
        assert!((h + 89.0).abs() < 1e-2, "{h}");
    }
    // A level segment in 3D (Y up) is 0° to the horizontal, 90° to the vertical.
    let clip3 = clip_of(1, true, |_| {
        let mut p = vec![[0.0; 3]; 17];
        p[1] = [0.0, 1.0, 0.0];
        p[2] = [0.3, 1.0, 0.4];
        p
    });
    assert!(degrees(&clip3, horizontal(1, 2))[0].abs() < 1e-3);
    assert!((degrees(&clip3, vertical(1, 2))[0] - 90.0).abs() < 1e-3);
}

#[test]
fn speed_and_acceleration_of_a_constant_velocity_joint() {
    // The left wrist of H36M-17 (13) moves (0.3, 0.4, 0) m per frame at 10 frames/s: 5 m/s.
    let clip = clip_of(8, true, |f| {
        let mut p = vec![[0.0; 3]; 17];
        p[13] = [0.3 * f as f32, 1.0 + 0.4 * f as f32, 0.0];
        p
    });
    let map = BodyMap::new(&clip.skeleton);
    let speed = Quantity::Speed { joint: 13 }.series(&clip, &map, 0);
    assert!(speed.iter().all(|v| (v - 5.0).abs() < 1e-4), "{speed:?}");
    let acc = Quantity::Acceleration { joint: 13 }.series(&clip, &map, 0);
    assert!(acc.iter().all(|v| v.abs() < 1e-3), "{acc:?}");
    // A still joint has zero speed; the distance between two fixed joints is constant.
    let still = Quantity::Speed { joint: 0 }.series(&clip, &map, 0);
    assert!(still.iter().all(|v| v.abs() < 1e-6));
}

#[test]
fn acceleration_of_a_uniformly_accelerating_joint() {
    // x = a t² / 2 with a = 2 m/s²: central second differences are exact inside the clip.
    let clip = clip_of(10, true, |f| {
        let t = f as f32 / RATE_HZ as f32;
        let mut p = vec![[0.0; 3]; 17];
        p[0] = [t * t, 0.0, 0.0];
        p
    });
    let map = BodyMap::new(&clip.skeleton);
    let acc = Quantity::Acceleration { joint: 0 }.series(&clip, &map, 0);
    for v in &acc[2..8] {
        assert!((v - 2.0).abs() < 1e-2, "{acc:?}");
    }
}

#[test]
fn angular_velocity_of_a_steadily_bending_knee() {
    // Flexion grows 3° per frame at 10 frames/s: 30°/s.
    let clip = clip_of(10, false, |f| leg_2d(0.2, 10.0 + 3.0 * f as f32));
    let w = degrees(
        &clip,
        Quantity::AngularVelocity(preset("left knee flexion")),
    );
    assert!(w.iter().all(|v| (v - 30.0).abs() < 1e-2), "{w:?}");
}

#[test]
fn distance_between_two_joints_and_missing_frames() {
    let clip = clip_of(3, false, |f| {
        let mut p = leg_2d(0.0, 90.0);
        if f == 1 {
            p[L_ANKLE] = [f32::NAN; 3];
        }
        p
    });
    let map = BodyMap::new(&clip.skeleton);
    let d = Quantity::Distance {
        a: L_HIP,
        b: L_ANKLE,
    }
    .series(&clip, &map, 0);
    // Thigh 100 px up, shank 100 px sideways: hip to ankle is 100 √2.
    assert!((d[0] - 100.0 * std::f32::consts::SQRT_2).abs() < 1e-3);
    assert!(d[1].is_nan(), "a missing joint is a gap, not 0");
    let names = clip.skeleton.names().to_vec();
    assert_eq!(
        Quantity::Distance {
            a: L_HIP,
            b: L_ANKLE
        }
        .name(&names),
        "distance left_hip–left_ankle"
    );
}
