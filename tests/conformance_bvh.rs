//! Conformance of the BVH reader with the four real files in `../shared/datasets/bvh`: every
//! reference number of `shared/datasets/MANIFEST.md` §1 (obtained with the Python library `bvh`
//! 0.3), through both `bvh::parse` and `formats::load`, plus forward kinematics checked against
//! the independent 3D pose array the video2bvh file was made from.
#![expect(
    clippy::float_cmp,
    reason = "numbers parsed from the files' decimal text must equal the reference literals exactly"
)]
#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing fixture must fail the test loudly"
)]

use std::path::{Path, PathBuf};

use posedeck::formats::{self, bvh};
use posedeck::model::{Units, UpAxis};

/// `relative` inside `../shared/datasets`, or `None` (with a printed reason) when the folder is
/// absent; with `POSEDECK_REQUIRE_DATASETS` set, an absent folder fails instead.
fn dataset(relative: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        return Some(dir.join(relative));
    }
    assert!(
        std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
        "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not present", dir.display());
    None
}

/// One row of the MANIFEST §1 reference table.
struct Reference {
    file: &'static str,
    frames: usize,
    frame_time_s: f64,
    joints: usize,
    first_names: &'static [&'static str],
    end_sites: usize,
    channels: usize,
    root_order: &'static str,
    root_offset: [f64; 3],
    frame0_first6: [f64; 6],
    last_first3: [f64; 3],
    up: UpAxis,
}

const ZXY: &str = "Xposition Yposition Zposition Zrotation Xrotation Yrotation";

const REFERENCES: [Reference; 4] = [
    Reference {
        file: "bvh/cmu_12_01_walk.bvh",
        frames: 524,
        frame_time_s: 0.008_333_3,
        joints: 31,
        first_names: &[
            "Hips",
            "LHipJoint",
            "LeftUpLeg",
            "LeftLeg",
            "LeftFoot",
            "LeftToeBase",
        ],
        end_sites: 7,
        channels: 96,
        root_order: "Xposition Yposition Zposition Zrotation Yrotation Xrotation",
        root_offset: [0.0; 3],
        frame0_first6: [0.0265, 16.2134, -25.4911, 0.0, 0.0, 0.0],
        last_first3: [-0.454, 15.7918, 42.8202],
        up: UpAxis::Y,
    },
    Reference {
        file: "bvh/mocapbank_crlf_tabs.bvh",
        frames: 455,
        frame_time_s: 0.033_333,
        joints: 19,
        first_names: &[
            "Hips",
            "Chest",
            "Chest2",
            "LeftCollar",
            "LeftShoulder",
            "LeftElbow",
        ],
        end_sites: 5,
        channels: 60,
        root_order: ZXY,
        root_offset: [0.0; 3],
        frame0_first6: [-44.0003, 93.5663, 229.0256, -7.98, -20.33, -7.46],
        last_first3: [-47.3922, 94.1088, 230.5628],
        up: UpAxis::Y,
    },
    Reference {
        file: "bvh/biovision_example.bvh",
        frames: 2,
        frame_time_s: 0.033_333,
        joints: 18,
        first_names: &["Hips", "Chest", "Neck", "Head", "LeftCollar", "LeftUpArm"],
        end_sites: 5,
        channels: 57,
        root_order: ZXY,
        root_offset: [0.0; 3],
        frame0_first6: [8.03, 35.01, 88.36, -3.41, 14.78, -164.35],
        last_first3: [7.81, 35.1, 86.47],
        up: UpAxis::Y,
    },
    Reference {
        file: "bvh/video2bvh_cxk_cmu_style_rig.bvh",
        frames: 900,
        frame_time_s: 0.033_333_333_333_333_33,
        joints: 22,
        first_names: &[
            "Hips",
            "LeftHipJoint",
            "LeftUpLeg",
            "LeftLeg",
            "LeftFoot",
            "LowerBack",
        ],
        end_sites: 5,
        channels: 69,
        root_order: ZXY,
        root_offset: [0.0; 3],
        frame0_first6: [
            0.0,
            0.0,
            922.100_633_285_041_5,
            8.403_374_860_442_609,
            36.298_357_895_031_415,
            -10.225_153_879_926_962,
        ],
        last_first3: [0.0, 0.0, 922.100_633_285_041_5],
        up: UpAxis::Z,
    },
];

fn parse_file(path: &Path) -> (bvh::BvhDocument, Vec<String>) {
    let bytes = std::fs::read(path).expect("readable");
    bvh::parse(&bytes, path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn parse_matches_every_reference_number() {
    for reference in &REFERENCES {
        let Some(path) = dataset(reference.file) else {
            return;
        };
        let (doc, warnings) = parse_file(&path);
        let file = reference.file;
        assert!(warnings.is_empty(), "{file}: {warnings:?}");
        assert_eq!(doc.frames, reference.frames, "{file} frames");
        assert_eq!(
            doc.frame_time_s, reference.frame_time_s,
            "{file} frame time"
        );
        assert_eq!(doc.joints.len(), reference.joints, "{file} joints");
        assert!(
            doc.joints.iter().all(|j| !j.channels.is_empty()),
            "{file}: every joint has channels"
        );
        let names: Vec<&str> = doc.joints.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(&names[..6], reference.first_names, "{file} first names");
        assert_eq!(
            doc.end_site_count(),
            reference.end_sites,
            "{file} End Sites"
        );
        assert_eq!(doc.channel_count(), reference.channels, "{file} channels");
        let root = &doc.joints[0];
        let order: Vec<&str> = root.channels.iter().map(|c| c.name()).collect();
        assert_eq!(order.join(" "), reference.root_order, "{file} root order");
        assert_eq!(root.parent, None);
        assert_eq!(root.offset, reference.root_offset, "{file} root OFFSET");
        assert_eq!(doc.motion.len(), reference.frames * reference.channels);
        let first = doc.frame(0).expect("frame 0");
        assert_eq!(first[..6], reference.frame0_first6, "{file} frame 0");
        let last = doc.frame(reference.frames - 1).expect("last frame");
        assert_eq!(last[..3], reference.last_first3, "{file} last frame");
        assert!(doc.frame(reference.frames).is_none());
    }
}

#[test]
fn load_gives_the_reference_clip() {
    for reference in &REFERENCES {
        let Some(path) = dataset(reference.file) else {
            return;
        };
        let file = reference.file;
        let clip = formats::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            clip.meta.warnings.is_empty(),
            "{file}: {:?}",
            clip.meta.warnings
        );
        assert_eq!(clip.frame_count(), reference.frames, "{file} frames");
        assert_eq!(
            clip.frame_rate_hz,
            Some(1.0 / reference.frame_time_s),
            "{file} rate"
        );
        assert_eq!(
            clip.skeleton.joint_count(),
            reference.joints,
            "{file} joints"
        );
        assert_eq!(&clip.skeleton.names()[..6], reference.first_names, "{file}");
        assert_eq!(
            clip.skeleton.bones().len(),
            reference.joints - 1,
            "{file} bones"
        );
        assert_eq!(clip.space.dims, 3);
        assert_eq!(clip.space.units, Units::Unknown);
        assert_eq!(clip.space.up, reference.up, "{file} up axis");
        assert!(clip.space.up_guessed);
        assert_eq!(clip.poses.max_people(), 1);
        let detail = |key: &str| {
            clip.meta
                .details
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(detail("channels per frame"), reference.channels.to_string());
        assert_eq!(detail("End Sites"), reference.end_sites.to_string());
        assert_eq!(detail("root channels"), reference.root_order);
        assert!(
            detail("up axis").starts_with(reference.up.label()),
            "{file}"
        );
        // The root joint is drawn at its position channels in the first and last frames.
        for (index, want) in [
            (0, &reference.frame0_first6[..3]),
            (reference.frames - 1, &reference.last_first3[..]),
        ] {
            let hips = clip
                .poses
                .frame(index)
                .and_then(|f| f.person(0))
                .and_then(|p| p.joint(0))
                .expect("root");
            let want = [want[0] as f32, want[1] as f32, want[2] as f32];
            assert_eq!(hips, want, "{file} frame {index} root");
        }
    }
}

fn index(doc: &bvh::BvhDocument, name: &str) -> usize {
    doc.joints
        .iter()
        .position(|j| j.name == name)
        .unwrap_or_else(|| panic!("no joint {name}"))
}

#[test]
fn cmu_walk_forward_kinematics() {
    let Some(path) = dataset("bvh/cmu_12_01_walk.bvh") else {
        return;
    };
    let (doc, _) = parse_file(&path);
    let up = 1; // Y
    for frame in [0, 262, 523] {
        let world = bvh::world_positions(&doc, frame);
        assert_eq!(world.len(), 31);
        let values = doc.frame(frame).expect("frame");
        assert_eq!(
            world[0],
            [values[0], values[1], values[2]],
            "Hips = position channels"
        );
        let hips = world[0][up];
        for foot in ["LeftFoot", "RightFoot", "LeftToeBase", "RightToeBase"] {
            let y = world[index(&doc, foot)][up];
            assert!(
                y < hips - 10.0,
                "frame {frame}: {foot} at {y}, hips at {hips}"
            );
        }
        let head = world[index(&doc, "Head")][up];
        assert!(head > hips + 5.0, "frame {frame}: head {head}");
        let ends = bvh::end_site_positions(&doc, frame);
        assert_eq!(ends.len(), 7);
    }
    // Frame 0 exactly: LHipJoint has a zero OFFSET so it sits on the hips, and LeftUpLeg is
    // the hips plus its OFFSET (2.10660, -1.59283, 1.11709) turned by LHipJoint's rotation,
    // which is 0 0 0 in frame 0 (the root's rotation is 0 0 0 too).
    let world = bvh::world_positions(&doc, 0);
    assert_eq!(world[1], world[0]);
    let left_up_leg = world[2];
    let want = [0.0265 + 2.10660, 16.2134 - 1.59283, -25.4911 + 1.11709];
    for axis in 0..3 {
        assert!(
            (left_up_leg[axis] - want[axis]).abs() < 1e-12,
            "{left_up_leg:?}"
        );
    }
    // The walk goes along +Z: the hips move about 68 units over the clip.
    let last = bvh::world_positions(&doc, 523);
    assert!(last[0][2] - world[0][2] > 60.0);
}

/// Frame `frame` of the NPY array `(900, 17, 3)` of little-endian f64 the video2bvh file was
/// built from (read by hand here, so the check does not depend on our NPY reader).
fn h36m_frame(bytes: &[u8], frame: usize) -> Vec<[f64; 3]> {
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let start = 10 + header_len + frame * 17 * 24;
    (0..17)
        .map(|j| {
            let at = |k: usize| {
                let o = start + j * 24 + k * 8;
                f64::from_le_bytes(bytes[o..o + 8].try_into().expect("8 bytes"))
            };
            [at(0), at(1), at(2)]
        })
        .collect()
}

fn direction(from: [f64; 3], to: [f64; 3]) -> [f64; 3] {
    let d = [to[0] - from[0], to[1] - from[1], to[2] - from[2]];
    let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    d.map(|v| v / len)
}

/// video2bvh computed its Euler angles (ZXY) from a 3D pose array shipped beside it; the BVH
/// rig has its own (average) bone lengths, but every limb must point the same way. A wrong
/// rotation order, sign or intrinsic/extrinsic mix-up would turn them.
#[test]
fn video2bvh_bones_point_like_the_3d_pose_it_was_made_from() {
    let (Some(bvh_path), Some(npy_path)) = (
        dataset("bvh/video2bvh_cxk_cmu_style_rig.bvh"),
        dataset("npy/video2bvh_cxk_3d_pose_h36m17.npy"),
    ) else {
        return;
    };
    let (doc, _) = parse_file(&bvh_path);
    let npy = std::fs::read(npy_path).expect("npy");
    // (BVH parent joint, BVH child joint, H36M parent index, H36M child index).
    let bones = [
        ("LeftUpLeg", "LeftLeg", 4, 5),
        ("LeftLeg", "LeftFoot", 5, 6),
        ("RightUpLeg", "RightLeg", 1, 2),
        ("RightLeg", "RightFoot", 2, 3),
        ("Spine", "Spine1", 7, 8),
        ("LeftArm", "LeftForeArm", 11, 12),
        ("LeftForeArm", "LeftHand", 12, 13),
        ("RightArm", "RightForeArm", 14, 15),
        ("RightForeArm", "RightHand", 15, 16),
    ];
    for frame in [0, 300, 899] {
        let world = bvh::world_positions(&doc, frame);
        let h36m = h36m_frame(&npy, frame);
        assert_eq!(
            world[0],
            [0.0, 0.0, 922.100_633_285_041_5],
            "root, frame {frame}"
        );
        assert_eq!(world[0], h36m[0], "pelvis, frame {frame}");
        for (a, b, i, j) in bones {
            let ours = direction(world[index(&doc, a)], world[index(&doc, b)]);
            let theirs = direction(h36m[i], h36m[j]);
            let cos: f64 = ours.iter().zip(&theirs).map(|(p, q)| p * q).sum();
            assert!(
                cos > 0.9999,
                "frame {frame} {a}->{b}: {ours:?} vs {theirs:?} (cos {cos})"
            );
        }
    }
    // The root never moves: z = 922.1006332850415 in every frame.
    for frame in 0..doc.frames {
        let values = doc.frame(frame).expect("frame");
        assert_eq!(
            values[..3],
            [0.0, 0.0, 922.100_633_285_041_5],
            "frame {frame}"
        );
    }
}

#[test]
fn real_files_survive_the_writer() {
    for reference in &REFERENCES {
        let Some(path) = dataset(reference.file) else {
            return;
        };
        let (doc, _) = parse_file(&path);
        let text = bvh::write(&doc);
        let (back, warnings) =
            bvh::parse(text.as_bytes(), Path::new("written.bvh")).expect("reads back");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(back.joints.len(), doc.joints.len());
        assert_eq!(back.frames, doc.frames);
        assert_eq!(back.frame_time_s, doc.frame_time_s);
        for (a, b) in back.joints.iter().zip(&doc.joints) {
            assert_eq!(
                (&a.name, a.parent, &a.channels),
                (&b.name, b.parent, &b.channels)
            );
            assert_eq!(a.end_sites.len(), b.end_sites.len());
        }
        let worst = back
            .motion
            .iter()
            .zip(&doc.motion)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(worst <= 5e-7, "{}: {worst}", reference.file);
    }
}
