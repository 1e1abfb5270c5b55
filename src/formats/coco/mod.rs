//! COCO keypoints JSON: ground-truth files (`images`, `annotations`, `categories`) and results
//! lists (a bare list of detections), read into a clip where each image is a frame; and a
//! writer of ground-truth files.
//!
//! Spec: <https://cocodataset.org/#format-data> and <https://cocodataset.org/#format-results>.
//! Parsing uses `serde_json` with typed records ([`document`]); errors carry the JSON path of a
//! wrong value or the line of broken syntax.

mod category;
pub mod chunked;
pub mod document;
mod ground_truth;
mod results;
mod write;

use std::path::Path;

pub use document::{Annotation, Category, CocoDocument, GroundTruth, Image, ResultEntry};
pub use write::write;

use super::LoadError;
use crate::model::Clip;

/// Reads a COCO ground-truth file or results list.
///
/// # Errors
/// On broken JSON (the line), a value of the wrong type or a missing required field (the JSON
/// path), or a file with no keypoints at all.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    match document::parse(bytes, path)? {
        CocoDocument::GroundTruth(ground_truth) => ground_truth::build(&ground_truth, path),
        CocoDocument::Results(entries) => Ok(results::build(&entries, path)),
    }
}

/// Parses a COCO file into its typed records without building a clip (for tools that need
/// fields the clip does not keep, such as detection scores or annotation ids).
///
/// # Errors
/// As [`read`], for the JSON itself.
pub fn parse(bytes: &[u8], path: &Path) -> Result<CocoDocument, LoadError> {
    document::parse(bytes, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LayoutId;

    const SMALL: &str = r#"{
      "images": [{"id": 2, "file_name": "b.jpg", "width": 10, "height": 20},
                 {"id": 1, "file_name": "a.jpg", "width": 10, "height": 20},
                 {"id": 3, "file_name": "empty.jpg"}],
      "categories": [{"id": 1, "name": "person", "keypoints": ["a", "b"], "skeleton": [[1, 2]]}],
      "annotations": [
        {"id": 10, "image_id": 1, "category_id": 1, "keypoints": [1, 2, 2, 0, 0, 0], "num_keypoints": 1},
        {"id": 11, "image_id": 2, "category_id": 1, "keypoints": [3, 4, 1, 5, 6, 2], "num_keypoints": 2, "iscrowd": false},
        {"id": 12, "image_id": 1, "category_id": 1, "keypoints": [7, 8, 2, 9, 9, 2], "num_keypoints": 5}
      ]}"#;

    #[test]
    fn frames_follow_images_and_people_follow_the_file() {
        let clip = read(SMALL.as_bytes(), Path::new("s.json")).expect("loads");
        assert_eq!(
            clip.frame_count(),
            2,
            "the image without annotations is no frame"
        );
        assert_eq!(clip.skeleton.names(), ["a", "b"]);
        assert_eq!(clip.skeleton.layout(), LayoutId::FromFile);
        assert_eq!(clip.skeleton.bones().len(), 1);
        let first = clip.poses.frame(0).expect("frame 0");
        assert_eq!(first.people(), 1);
        let p = first.person(0).expect("person");
        assert_eq!(p.joint(0), Some([3.0, 4.0, 0.0]));
        assert_eq!(p.confidence_of(0), Some(1.0));
        let second = clip.poses.frame(1).expect("frame 1");
        assert_eq!(second.people(), 2);
        let p = second.person(0).expect("person");
        assert_eq!(p.joint(1), None, "v = 0 is missing");
        assert_eq!(p.confidence_of(1), Some(0.0));
        assert_eq!(
            second.person(1).and_then(|p| p.joint(0)),
            Some([7.0, 8.0, 0.0])
        );
        assert_eq!(clip.frame_rate_hz, None);
        assert!(
            clip.meta.warnings.iter().any(
                |w| w.contains("num_keypoints") && w.contains("$.annotations[2].num_keypoints")
            ),
            "{:?}",
            clip.meta.warnings
        );
        assert!(
            clip.meta
                .details
                .contains(&("frame images".into(), "b.jpg, a.jpg".into()))
        );
    }

    #[test]
    fn results_lists_group_by_first_seen_image() {
        let text = r#"[{"image_id": 5, "category_id": 1, "keypoints": [1, 2, 0.5], "score": 0.9},
                       {"image_id": 4, "category_id": 1, "keypoints": [3, 4, 0], "score": 0.1},
                       {"image_id": 5, "category_id": 1, "keypoints": [5, 6, 1], "score": 0.3}]"#;
        let clip = read(text.as_bytes(), Path::new("r.json")).expect("loads");
        assert_eq!(clip.frame_count(), 2);
        assert_eq!(clip.poses.frame(0).map(|f| f.people()), Some(2));
        let last = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(1))
            .expect("person");
        assert_eq!(last.joint(0), Some([5.0, 6.0, 0.0]));
        let other = clip
            .poses
            .frame(1)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(other.joint(0), None, "confidence 0 is missing");
        assert!(clip.meta.warnings.iter().any(|w| w.contains("unnamed")));
    }

    #[test]
    fn errors_name_the_json_path() {
        let text = SMALL.replace(r#""keypoints": [1, 2, 2, 0, 0, 0]"#, r#""keypoints": "x""#);
        let err = read(text.as_bytes(), Path::new("s.json")).expect_err("string keypoints");
        assert!(
            err.to_string().contains("$.annotations[0].keypoints"),
            "{err}"
        );
        let text = SMALL.replace(r#""id": 11, "image_id": 2,"#, r#""id": 11,"#);
        let err = read(text.as_bytes(), Path::new("s.json")).expect_err("no image id");
        assert!(err.to_string().contains("$.annotations[1]"), "{err}");
        assert!(err.to_string().contains("image_id"), "{err}");
        let err = read(br#"{"images": [], "annotations": [{"image_id": 1, "category_id": 3}], "categories": [{"id": 3, "name": "car"}]}"#, Path::new("i.json"))
            .expect_err("no keypoints anywhere");
        assert!(err.to_string().contains("not a keypoints file"), "{err}");
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_poses() {
        let clip = read(SMALL.as_bytes(), Path::new("s.json")).expect("loads");
        let text = write(&clip);
        let again = read(text.as_bytes(), Path::new("w.json")).expect("reads back");
        assert_eq!(again.skeleton, clip.skeleton);
        assert_eq!(again.frame_count(), clip.frame_count());
        for (a, b) in clip.poses.frames().zip(again.poses.frames()) {
            assert_eq!(a.people(), b.people());
            for (p, q) in a.persons().zip(b.persons()) {
                for j in 0..2 {
                    assert_eq!(p.joint(j), q.joint(j));
                    let (c, d) = (p.confidence_of(j), q.confidence_of(j));
                    assert!(c == d || p.joint(j).is_none(), "{c:?} {d:?}");
                }
            }
        }
        assert_eq!(write(&again), text, "deterministic");
    }
}
