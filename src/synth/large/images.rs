//! Image-space inputs for the large benchmarks: a COCO keypoints file with segmentation polygons
//! and an OpenPose folder of per-frame files, people walking on the spot seen from the side,
//! with a pixel of deterministic jitter so no two frames are the same.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::walker::{Walker, jitter};
use crate::formats::openpose;
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space};
use crate::synth::keypoints::{SideCamera, coco17_cm};

/// People per image, repeated: 15 images, 26 people (150,000 images give 260,000 annotations).
const COCO_PEOPLE: [usize; 15] = [2, 2, 1, 2, 2, 1, 2, 1, 2, 2, 1, 3, 2, 2, 1];

/// Vertices of each segmentation polygon.
const POLYGON_VERTICES: usize = 30;

/// The camera: 6 m to the side, 1280 × 720 pixels.
const CAMERA: SideCamera = SideCamera {
    centre_cm: glam::DVec3::new(-600.0, 100.0, 0.0),
    focal_px: 1500.0,
    width_px: 1280.0,
    height_px: 720.0,
};

/// COCO-17 image points of person `person` at frame `k` (people 1.2 m apart, out of step).
fn person_points(walker: &Walker, k: usize, person: usize) -> [[f64; 2]; 17] {
    let shift = person * walker.stride_frames() / 3;
    let mut pose = walker.on_the_spot(k + shift);
    pose.root_cm.z += (person as f64 - 1.0) * 120.0;
    let world = pose.world();
    let mut out = [[0.0; 2]; 17];
    for (j, (slot, p)) in out.iter_mut().zip(coco17_cm(&world)).enumerate() {
        let [x, y] = CAMERA.project(p);
        let key = (k as u64, (person * 17 + j) as u64);
        *slot = [x + jitter(key.0, key.1, 0), y + jitter(key.0, key.1, 1)];
    }
    out
}

/// Two decimals, as COCO's own files have.
fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[derive(Serialize)]
struct Image {
    id: usize,
    file_name: String,
    width: u32,
    height: u32,
}

#[derive(Serialize)]
struct Annotation {
    id: usize,
    image_id: usize,
    category_id: u32,
    iscrowd: u8,
    num_keypoints: usize,
    area: f64,
    bbox: [f64; 4],
    segmentation: [Vec<f64>; 1],
    keypoints: Vec<f64>,
}

/// The `person` category of COCO-17 with its skeleton.
fn category() -> serde_json::Value {
    let layout = LayoutId::Coco17.layout();
    let names: Vec<&str> = layout.map(|l| l.names.to_vec()).unwrap_or_default();
    let skeleton: Vec<[usize; 2]> = layout
        .map(|l| {
            l.skeleton()
                .bones()
                .iter()
                .map(|b| [b.from + 1, b.to + 1])
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "id": 1, "name": "person", "supercategory": "person",
        "keypoints": names, "skeleton": skeleton,
    })
}

/// One annotation: keypoints, their box, and an outline polygon around the box's ellipse.
fn annotation(id: usize, image_id: usize, points: &[[f64; 2]; 17]) -> Annotation {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    let mut keypoints = Vec::with_capacity(51);
    for p in points {
        for d in 0..2 {
            lo[d] = lo[d].min(p[d]);
            hi[d] = hi[d].max(p[d]);
        }
        keypoints.extend([r2(p[0]), r2(p[1]), 2.0]);
    }
    let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
    let centre = [lo[0] + w / 2.0, lo[1] + h / 2.0];
    let polygon = (0..POLYGON_VERTICES)
        .flat_map(|v| {
            let a = std::f64::consts::TAU * v as f64 / POLYGON_VERTICES as f64;
            let wobble = 1.0 + 0.05 * jitter(id as u64, v as u64, 2);
            [
                r2(centre[0] + a.cos() * w / 2.0 * wobble),
                r2(centre[1] + a.sin() * h / 2.0 * wobble),
            ]
        })
        .collect();
    Annotation {
        id,
        image_id,
        category_id: 1,
        iscrowd: 0,
        num_keypoints: 17,
        area: r2(std::f64::consts::FRAC_PI_4 * w * h),
        bbox: [r2(lo[0]), r2(lo[1]), r2(w), r2(h)],
        segmentation: [polygon],
        keypoints,
    }
}

/// Writes a COCO keypoints file of `images` images (people per image from [`COCO_PEOPLE`]).
///
/// # Errors
/// When writing fails.
pub fn write_coco(out: &mut impl Write, images: usize) -> std::io::Result<()> {
    let walker = Walker::new(30.0);
    let mut image_list = Vec::with_capacity(images);
    let mut annotations = Vec::new();
    for i in 0..images {
        let image_id = i + 1;
        image_list.push(Image {
            id: image_id,
            file_name: format!("{image_id:012}.jpg"),
            width: 1280,
            height: 720,
        });
        for person in 0..COCO_PEOPLE[i % COCO_PEOPLE.len()] {
            let points = person_points(&walker, i, person);
            annotations.push(annotation(annotations.len() + 1, image_id, &points));
        }
    }
    let file = serde_json::json!({
        "info": {"description": "posedeck large benchmark input"},
        "images": image_list,
        "annotations": annotations,
        "categories": [category()],
    });
    serde_json::to_writer(&mut *out, &file).map_err(std::io::Error::other)
}

/// People in OpenPose frame `k`: 1 to 3, changing every three seconds.
fn openpose_people(k: usize) -> usize {
    1 + ((jitter((k / 90) as u64, 5, 5) + 1.0) * 1.5) as usize % 3
}

/// Frames per block handed to the OpenPose writer.
const OPENPOSE_BLOCK: usize = 3000;

/// Writes `frames` OpenPose BODY_25 frame files into `dir`
/// (`frame_<12-digit frame>_keypoints.json`).
///
/// # Errors
/// When the folder or a file cannot be written.
pub fn write_openpose(dir: &Path, frames: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let walker = Walker::new(30.0);
    let layout = LayoutId::Body25.layout();
    let skeleton = layout.map_or_else(|| Skeleton::unnamed(25), crate::model::Layout::skeleton);
    let mut start = 0;
    while start < frames {
        let count = OPENPOSE_BLOCK.min(frames - start);
        let mut poses = PosesBuilder::new(25, 2, true, false);
        for k in start..start + count {
            poses.begin_frame();
            for person in 0..openpose_people(k) {
                let c = person_points(&walker, k, person);
                let (coords, confidence) = body25(&c, k, person);
                poses.push_person(&coords, Some(&confidence), None);
            }
        }
        let clip = Clip::new(
            skeleton.clone(),
            Some(30.0),
            Space::image_px(),
            poses.finish(),
            ClipMeta::new("generated", FormatId::OpenPose),
        );
        for (i, (_, text)) in openpose::write_frames(&clip, "frame")
            .into_iter()
            .enumerate()
        {
            let name = format!("frame_{:012}_keypoints.json", start + i);
            std::fs::write(dir.join(name), text)?;
        }
        start += count;
    }
    Ok(())
}

/// COCO-17 points to BODY_25 order with confidences (feet points derived from the ankles).
fn body25(c: &[[f64; 2]; 17], k: usize, person: usize) -> (Vec<f32>, Vec<f32>) {
    let mid = |a: usize, b: usize| {
        [
            f64::midpoint(c[a][0], c[b][0]),
            f64::midpoint(c[a][1], c[b][1]),
        ]
    };
    let toe = |ankle: usize, dx: f64| [c[ankle][0] + dx, c[ankle][1] + 6.0];
    let order = [
        c[0],
        mid(5, 6),
        c[6],
        c[8],
        c[10],
        c[5],
        c[7],
        c[9],
        mid(11, 12),
        c[12],
        c[14],
        c[16],
        c[11],
        c[13],
        c[15],
        c[2],
        c[1],
        c[4],
        c[3],
        toe(15, 14.0),
        toe(15, 10.0),
        toe(15, -4.0),
        toe(16, 14.0),
        toe(16, 10.0),
        toe(16, -4.0),
    ];
    let coords = order.iter().flatten().map(|&v| v as f32).collect();
    let confidence = (0..25)
        .map(|j| (0.75 + 0.2 * jitter(k as u64, (person * 25 + j) as u64, 3)) as f32)
        .collect();
    (coords, confidence)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::formats::coco;

    #[test]
    fn coco_and_openpose_read_back() {
        let mut bytes = Vec::new();
        write_coco(&mut bytes, 30).unwrap();
        let clip = coco::read(&bytes, Path::new("large.json")).unwrap();
        assert_eq!(clip.frame_count(), 30);
        assert_eq!(clip.poses.max_people(), 3);
        let dir = tempfile::tempdir().unwrap();
        write_openpose(dir.path(), 200).unwrap();
        let clip = openpose::read_folder(dir.path()).unwrap();
        assert_eq!(clip.frame_count(), 200);
        assert!(clip.poses.max_people() >= 2);
    }
}
