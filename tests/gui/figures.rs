//! Test clips built in code: a walking figure in 3D (Human3.6M-17 joints, Z up, millimetres)
//! and in 2D (COCO-17 keypoints in image pixels).

use posedeck::model::{Clip, ClipMeta, FormatId, PosesBuilder, Space, Units, UpAxis};

/// Stance of a simple gait at phase `t` (radians): (forward, up) offsets of the feet and hands.
fn swing(t: f32) -> (f32, f32) {
    (0.3 * t.sin(), 0.05 * (t.cos().max(0.0)))
}

/// One frame of the figure in a Y-up frame, metres, facing +Z (its left is +X), pelvis over
/// `(x, z)`.
fn pose_y_up(t: f32, x: f32, z: f32) -> Vec<[f32; 3]> {
    let (leg, lift) = swing(t);
    let (arm, _) = swing(t + std::f32::consts::PI);
    let hip_y = 0.95;
    vec![
        [x, hip_y, z],                         // 0 Hip
        [x - 0.12, hip_y, z],                  // 1 RHip
        [x - 0.13, 0.5 + lift, z - leg * 0.5], // 2 RKnee
        [x - 0.14, 0.08 + lift, z - leg],      // 3 RAnkle
        [x + 0.12, hip_y, z],                  // 4 LHip
        [x + 0.13, 0.5, z + leg * 0.5],        // 5 LKnee
        [x + 0.14, 0.08, z + leg],             // 6 LAnkle
        [x, 1.2, z],                           // 7 Spine
        [x, 1.45, z],                          // 8 Thorax
        [x, 1.55, z + 0.02],                   // 9 Neck
        [x, 1.72, z + 0.04],                   // 10 Head
        [x + 0.2, 1.45, z],                    // 11 LShoulder
        [x + 0.24, 1.18, z + arm * 0.4],       // 12 LElbow
        [x + 0.26, 0.95, z + arm * 0.8],       // 13 LWrist
        [x - 0.2, 1.45, z],                    // 14 RShoulder
        [x - 0.24, 1.18, z - arm * 0.4],       // 15 RElbow
        [x - 0.26, 0.95, z - arm * 0.8],       // 16 RWrist
    ]
}

/// 60 frames at 30 fps of the figure walking in place, stored Z up in millimetres (a lab C3D).
pub fn walker_3d() -> Clip {
    let mut builder = PosesBuilder::new(17, 3, false, false);
    for f in 0..60 {
        let t = f as f32 / 30.0 * std::f32::consts::TAU;
        builder.begin_frame();
        let coords: Vec<f32> = pose_y_up(t, 0.0, 0.0)
            .into_iter()
            // Y-up (x, y, z) to Z-up: (x, -z, y); metres to millimetres.
            .flat_map(|[x, y, z]| [x * 1000.0, -z * 1000.0, y * 1000.0])
            .collect();
        builder.push_person(&coords, None, None);
    }
    let skeleton = posedeck::model::layout::H36M17.skeleton();
    let mut meta = ClipMeta::new("walker_3d.npy", FormatId::Npy);
    meta.warnings
        .push("Joint names are not stored in the file; assuming Human3.6M-17.".to_owned());
    Clip::new(
        skeleton,
        Some(30.0),
        Space::world(Units::Mm, UpAxis::Z),
        builder.finish(),
        meta,
    )
}

/// COCO-17 indices of the Human3.6M joints used for the 2D figure, with a face.
fn coco_from(p: &[[f32; 3]]) -> Vec<[f32; 2]> {
    // Side view of the Y-up figure: image x = 600 + z * 300, image y = 700 - y * 300.
    let img = |q: [f32; 3]| [600.0 + q[2] * 300.0, 700.0 - q[1] * 300.0];
    let head = p[10];
    let eye = |dx: f32| img([head[0] + dx, head[1] + 0.03, head[2] + 0.08]);
    vec![
        img([head[0], head[1], head[2] + 0.1]),  // nose
        eye(0.03),                               // left eye
        eye(-0.03),                              // right eye
        img([head[0] + 0.08, head[1], head[2]]), // left ear
        img([head[0] - 0.08, head[1], head[2]]), // right ear
        img(p[11]),
        img(p[14]),
        img(p[12]),
        img(p[15]),
        img(p[13]),
        img(p[16]),
        img(p[4]),
        img(p[1]),
        img(p[5]),
        img(p[2]),
        img(p[6]),
        img(p[3]),
    ]
}

/// 60 frames at 25 fps of the figure seen from the side in image pixels (y down), with one
/// missing keypoint (the right wrist) in every frame.
pub fn walker_2d() -> Clip {
    let mut builder = PosesBuilder::new(17, 2, true, false);
    for f in 0..60 {
        let t = f as f32 / 25.0 * std::f32::consts::TAU;
        builder.begin_frame();
        let mut coords: Vec<f32> = coco_from(&pose_y_up(t, 0.0, 0.0))
            .into_iter()
            .flatten()
            .collect();
        coords[20] = f32::NAN;
        coords[21] = f32::NAN;
        builder.push_person(&coords, Some(&[0.9; 17]), None);
    }
    let skeleton = posedeck::model::layout::COCO17.skeleton();
    Clip::new(
        skeleton,
        Some(25.0),
        Space::image_px(),
        builder.finish(),
        ClipMeta::new("walker_2d.npy", FormatId::Npy),
    )
}
