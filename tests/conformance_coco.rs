//! The shared COCO files load and match the reference numbers of `shared/datasets/MANIFEST.md`
//! (obtained with pycocotools 2.0.11).

use std::path::{Path, PathBuf};

use posedeck::formats::{self, coco};
use posedeck::model::layout::COCO17;
use posedeck::model::{Bone, Clip, FormatId, LayoutId, Poses, Units};

fn dataset(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/coco")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

const GROUND_TRUTH: &str = "mmpose_test_coco.json";
const RESULTS: &str = "cocoapi_person_keypoints_val2014_fakekeypoints100_results.json";

fn ground_truth() -> Option<coco::GroundTruth> {
    let path = dataset(GROUND_TRUTH)?;
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read: {e}"));
    match coco::parse(&bytes, &path).unwrap_or_else(|e| panic!("{e}")) {
        coco::CocoDocument::GroundTruth(gt) => Some(gt),
        coco::CocoDocument::Results(_) => panic!("a ground-truth object"),
    }
}

/// Every joint of every person as (coords, confidence), NaN-aware equality by bits.
fn assert_same_poses(a: &Poses, b: &Poses) {
    assert_eq!(a.frame_count(), b.frame_count());
    assert_eq!((a.joints(), a.dims()), (b.joints(), b.dims()));
    for (fa, fb) in a.frames().zip(b.frames()) {
        assert_eq!(fa.people(), fb.people());
        for (pa, pb) in fa.persons().zip(fb.persons()) {
            let bits = |v: &f32| v.to_bits();
            let ca: Vec<u32> = pa.coords.iter().map(bits).collect();
            let cb: Vec<u32> = pb.coords.iter().map(bits).collect();
            assert_eq!(ca, cb);
            let conf = |p: &posedeck::model::PersonView<'_>| {
                p.confidence.map(|c| c.iter().map(bits).collect::<Vec<_>>())
            };
            assert_eq!(conf(&pa), conf(&pb));
            assert_eq!(pa.track_id, pb.track_id);
        }
    }
}

fn round_trip(clip: &Clip) {
    let text = coco::write(clip);
    let again = coco::read(text.as_bytes(), Path::new("written.json"))
        .unwrap_or_else(|e| panic!("read back: {e}"));
    assert_eq!(again.skeleton.names(), clip.skeleton.names());
    assert_eq!(again.skeleton.bones(), clip.skeleton.bones());
    assert_eq!(again.skeleton.layout(), clip.skeleton.layout());
    assert_same_poses(&clip.poses, &again.poses);
    assert_eq!(coco::write(&again), text, "the writer is deterministic");
}

#[test]
fn ground_truth_document_matches_pycocotools() {
    let Some(gt) = ground_truth() else { return };
    let images = gt.images.as_deref().expect("images");
    assert_eq!(images.len(), 4);
    let ids: Vec<String> = images.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, ["785", "40083", "196141", "197388"]);
    assert_eq!(images[0].file_name.as_deref(), Some("000000000785.jpg"));
    assert_eq!(
        (images[0].width, images[0].height),
        (Some(640.0), Some(425.0))
    );
    assert_eq!(gt.annotations.len(), 14);
    assert!(
        gt.annotations
            .iter()
            .all(|a| a.iscrowd.is_some_and(|f| !f.0))
    );

    let first = &gt.annotations[0];
    assert_eq!(
        first.id.as_ref().map(ToString::to_string).as_deref(),
        Some("442619")
    );
    assert_eq!(first.image_id.to_string(), "785");
    assert_eq!(first.num_keypoints, Some(17.0));
    let keypoints = &first.keypoints.as_ref().expect("keypoints").0;
    assert_eq!(&keypoints[..6], &[367.0, 81.0, 2.0, 374.0, 73.0, 2.0]);
    let bbox = &first.bbox.as_ref().expect("bbox").0;
    assert_eq!(bbox.as_slice(), &[280.79, 44.73, 218.7, 346.68]);

    let lowest = gt
        .annotations
        .iter()
        .min_by_key(|a| {
            a.id.as_ref()
                .map(ToString::to_string)
                .and_then(|s| s.parse::<i64>().ok())
        })
        .expect("annotations");
    assert_eq!(
        lowest.id.as_ref().map(ToString::to_string).as_deref(),
        Some("198196")
    );
    assert_eq!(lowest.image_id.to_string(), "40083");
    assert_eq!(lowest.num_keypoints, Some(14.0));
    let keypoints = &lowest.keypoints.as_ref().expect("keypoints").0;
    assert_eq!(&keypoints[..3], &[99.0, 144.0, 2.0]);

    let categories = gt.categories.as_deref().expect("categories");
    let skeleton = categories[0].skeleton.as_deref().expect("skeleton");
    let expected: [[i64; 2]; 19] = [
        [16, 14],
        [14, 12],
        [17, 15],
        [15, 13],
        [12, 13],
        [6, 12],
        [7, 13],
        [6, 7],
        [6, 8],
        [7, 9],
        [8, 10],
        [9, 11],
        [2, 3],
        [1, 2],
        [1, 3],
        [2, 4],
        [3, 5],
        [4, 6],
        [5, 7],
    ];
    let found: Vec<[i64; 2]> = skeleton.iter().map(|l| [l[0], l[1]]).collect();
    assert_eq!(found, expected);
}

#[test]
fn ground_truth_clip_matches_pycocotools() {
    let Some(path) = dataset(GROUND_TRUTH) else {
        return;
    };
    assert_eq!(formats::detect(&path).expect("detects"), FormatId::Coco);
    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::Coco);
    assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    assert_eq!(clip.frame_count(), 4, "4 images with annotations");
    assert_eq!(clip.frame_rate_hz, None);
    assert_eq!(clip.space.dims, 2);
    assert_eq!(clip.space.units, Units::Px);
    let people: Vec<usize> = clip.poses.frames().map(|f| f.people()).collect();
    assert_eq!(people, [1, 3, 5, 5]);
    assert_eq!(people.iter().sum::<usize>(), 14);
    assert_eq!(clip.poses.max_people(), 5);

    assert_eq!(clip.skeleton.layout(), LayoutId::Coco17);
    assert_eq!(clip.skeleton.names(), COCO17.names);
    let bones: Vec<Bone> = [
        (15, 13),
        (13, 11),
        (16, 14),
        (14, 12),
        (11, 12),
        (5, 11),
        (6, 12),
        (5, 6),
        (5, 7),
        (6, 8),
        (7, 9),
        (8, 10),
        (1, 2),
        (0, 1),
        (0, 2),
        (1, 3),
        (2, 4),
        (3, 5),
        (4, 6),
    ]
    .into_iter()
    .map(|(from, to)| Bone { from, to })
    .collect();
    assert_eq!(clip.skeleton.bones(), bones.as_slice());

    // First annotation: image 785 = frame 0.
    let first = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("person");
    assert_eq!(first.joint(0), Some([367.0, 81.0, 0.0]));
    assert_eq!(first.joint(1), Some([374.0, 73.0, 0.0]));
    assert_eq!(first.confidence_of(0), Some(2.0));
    // Lowest id 198196 is the first annotation of image 40083 = frame 1.
    let lowest = clip
        .poses
        .frame(1)
        .and_then(|f| f.person(0))
        .expect("person");
    assert_eq!(lowest.joint(0), Some([99.0, 144.0, 0.0]));
    assert_eq!(lowest.confidence_of(0), Some(2.0));
    let present = (0..17).filter(|&j| lowest.joint(j).is_some()).count();
    assert_eq!(present, 14, "num_keypoints 14");

    // Visibility over all 14 x 17 keypoints: v=0 57 (missing), v=1 17, v=2 164.
    let (mut missing, mut v1, mut v2) = (0, 0, 0);
    for frame in clip.poses.frames() {
        for person in frame.persons() {
            for j in 0..17 {
                // Visibility flags are small integers, stored exactly.
                let flag = person.confidence_of(j).map(f32::to_bits);
                let (zero, one, two) = (0.0_f32.to_bits(), 1.0_f32.to_bits(), 2.0_f32.to_bits());
                match (person.joint(j), flag) {
                    (None, Some(v)) if v == zero => missing += 1,
                    (Some(_), Some(v)) if v == one => v1 += 1,
                    (Some(_), Some(v)) if v == two => v2 += 1,
                    other => panic!("unexpected point {other:?}"),
                }
            }
        }
    }
    assert_eq!((missing, v1, v2), (57, 17, 164));
    let detail = |key: &str| {
        clip.meta
            .details
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        detail("visibility").as_deref(),
        Some("v=0: 57, v=1: 17, v=2: 164, other: 0")
    );
    assert_eq!(
        detail("image size px").as_deref(),
        Some("varies (first 640×425)")
    );
    assert!(
        detail("frame images").is_some_and(|v| v.starts_with("000000000785.jpg, 000000040083.jpg"))
    );
    round_trip(&clip);
}

#[test]
fn results_list_matches_pycocotools() {
    let Some(path) = dataset(RESULTS) else { return };
    let bytes = std::fs::read(&path).expect("read");
    let coco::CocoDocument::Results(entries) = coco::parse(&bytes, &path).expect("parses") else {
        panic!("a results list");
    };
    assert_eq!(entries.len(), 125);
    let entry = &entries[0];
    assert_eq!(entry.image_id.to_string(), "136");
    assert_eq!(
        entry
            .category_id
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("1")
    );
    assert_eq!(
        &entry.keypoints.0[..6],
        &[36.0, 181.0, 2.0, 20.25, 191.0, 0.0]
    );
    assert_eq!(entry.score, Some(0.897));

    let clip = formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, FormatId::Coco);
    assert_eq!(clip.frame_count(), 47, "47 distinct image ids");
    let total: usize = clip.poses.frames().map(|f| f.people()).sum();
    assert_eq!(total, 125);
    assert_eq!(clip.skeleton.layout(), LayoutId::Coco17);
    assert!(
        clip.meta
            .warnings
            .iter()
            .any(|w| w.contains("assumed the COCO-17 layout")),
        "{:?}",
        clip.meta.warnings
    );
    let first = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("person");
    assert_eq!(first.joint(0), Some([36.0, 181.0, 0.0]));
    assert_eq!(first.confidence_of(0), Some(2.0));
    assert_eq!(first.joint(1), None, "third value 0: missing");
    assert_eq!(
        clip.poses.frame(0).map(|f| f.people()),
        Some(2),
        "image 136 has 2 detections"
    );
    round_trip(&clip);
}
