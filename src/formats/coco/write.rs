//! Writes a clip as a COCO ground-truth file: one category (`person`) with the clip's joint
//! names and 1-based links, one image per frame, one annotation per person.
//!
//! Each point is written `x, y, v` with `v` the clip's confidence (2 when the clip stores none,
//! or when a present point has a confidence that COCO would read as "not labelled");
//! missing points are `0, 0, 0`. Frames without people have no annotation, so a COCO reader
//! does not see them (COCO has no empty frames). 3D clips lose their `z`. The output is
//! deterministic: same clip, same bytes.

use serde::Serialize;

use crate::model::Clip;

#[derive(Serialize)]
struct File<'a> {
    info: Info,
    images: Vec<Image>,
    annotations: Vec<Annotation>,
    categories: [Category<'a>; 1],
}

#[derive(Serialize)]
struct Info {
    description: &'static str,
}

#[derive(Serialize)]
struct Image {
    id: usize,
    file_name: String,
    width: u32,
    height: u32,
}

#[derive(Serialize)]
struct Category<'a> {
    id: u32,
    name: &'static str,
    supercategory: &'static str,
    keypoints: &'a [String],
    skeleton: Vec<[usize; 2]>,
}

#[derive(Serialize)]
struct Annotation {
    id: usize,
    image_id: usize,
    category_id: u32,
    iscrowd: u8,
    num_keypoints: usize,
    keypoints: Vec<f32>,
    bbox: [f32; 4],
    area: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    track_id: Option<i64>,
}

/// The COCO ground-truth JSON of `clip` (see the module docs for what is kept).
#[must_use]
pub fn write(clip: &Clip) -> String {
    let names = clip.skeleton.names();
    let joints = clip.poses.joints();
    let mut images = Vec::new();
    let mut annotations = Vec::new();
    let (mut max_x, mut max_y) = (0.0_f32, 0.0_f32);
    for (frame_index, frame) in clip.poses.frames().enumerate() {
        if frame.people() == 0 {
            continue;
        }
        let image_id = frame_index + 1;
        images.push(Image {
            id: image_id,
            file_name: format!("frame_{frame_index:06}.png"),
            width: 0,
            height: 0,
        });
        for person in frame.persons() {
            let mut keypoints = Vec::with_capacity(joints * 3);
            let mut labelled = 0;
            let mut bounds = [
                f32::INFINITY,
                f32::INFINITY,
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
            ];
            for joint in 0..joints {
                let Some([x, y, _]) = person.joint(joint) else {
                    keypoints.extend([0.0, 0.0, 0.0]);
                    continue;
                };
                let v = person
                    .confidence_of(joint)
                    .filter(|c| c.is_finite() && *c > 0.0)
                    .unwrap_or(2.0);
                keypoints.extend([x, y, v]);
                labelled += 1;
                bounds = [
                    bounds[0].min(x),
                    bounds[1].min(y),
                    bounds[2].max(x),
                    bounds[3].max(y),
                ];
            }
            let bbox = if labelled == 0 {
                [0.0; 4]
            } else {
                max_x = max_x.max(bounds[2]);
                max_y = max_y.max(bounds[3]);
                [
                    bounds[0],
                    bounds[1],
                    bounds[2] - bounds[0],
                    bounds[3] - bounds[1],
                ]
            };
            annotations.push(Annotation {
                id: annotations.len() + 1,
                image_id,
                category_id: 1,
                iscrowd: 0,
                num_keypoints: labelled,
                keypoints,
                bbox,
                area: bbox[2] * bbox[3],
                track_id: person.track_id,
            });
        }
    }
    // The images are not known: size them so that every point lies inside.
    let width = size_px(max_x);
    let height = size_px(max_y);
    for image in &mut images {
        image.width = width;
        image.height = height;
    }
    let file = File {
        info: Info {
            description: "written by posedeck",
        },
        images,
        annotations,
        categories: [Category {
            id: 1,
            name: "person",
            supercategory: "person",
            keypoints: names,
            skeleton: clip
                .skeleton
                .bones()
                .iter()
                .map(|b| [b.from + 1, b.to + 1])
                .collect(),
        }],
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// An image side in pixels that holds coordinates up to `max`.
fn size_px(max: f32) -> u32 {
    if max.is_finite() && max > 0.0 {
        (max.ceil() as u32).saturating_add(1)
    } else {
        1
    }
}
