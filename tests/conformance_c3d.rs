//! Every C3D file in `../shared/datasets/c3d` against the reference numbers of its MANIFEST.md
//! (c3d 0.6.0 and ezc3d 1.7.2), plus the equivalence of the sample02 processor / storage pairs.

#![expect(
    clippy::float_cmp,
    reason = "rates and analog rates are compared exactly as stored"
)]

use std::path::{Path, PathBuf};

use posedeck::formats::{LoadError, Location, c3d};
use posedeck::model::{Clip, Units, UpAxis};

fn dataset(name: &str) -> Option<(PathBuf, Vec<u8>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/c3d")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some((path, bytes)),
        Err(e) => {
            eprintln!("skipped: {} is not readable ({e})", path.display());
            None
        }
    }
}

fn load(name: &str) -> Option<Clip> {
    let (path, bytes) = dataset(name)?;
    Some(c3d::read(&bytes, &path).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn detail<'a>(clip: &'a Clip, key: &str) -> &'a str {
    clip.meta
        .details
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// One MANIFEST row.
struct Reference {
    file: &'static str,
    processor: &'static str,
    markers: usize,
    first_frame: u32,
    last_frame: u32,
    rate_hz: f64,
    scale: &'static str,
    data_start_block: u32,
    analog_per_frame: usize,
    frames: usize,
    /// (index, label, x y z) of the first valid marker of frame 0.
    first_valid: Option<(usize, &'static str, [f32; 3])>,
    valid_in_frame0: usize,
}

const SAMPLE02_FIRST: Option<(usize, &str, [f32; 3])> =
    Some((3, "RSK1", [406.589, -259.812, 424.0223]));
const SAMPLE01_FIRST: Option<(usize, &str, [f32; 3])> =
    Some((0, "RFT1", [248.5833, 226.8333, 37.4167]));

fn sample02(file: &'static str, processor: &'static str, scale: &'static str) -> Reference {
    Reference {
        file,
        processor,
        markers: 36,
        first_frame: 1,
        last_frame: 89,
        rate_hz: 50.0,
        scale,
        data_start_block: 13,
        analog_per_frame: 4,
        frames: 89,
        first_valid: SAMPLE02_FIRST,
        valid_in_frame0: 20,
    }
}

fn references() -> Vec<Reference> {
    vec![
        sample02("sample02_pc_int.c3d", "Intel", "0.28118187"),
        sample02("sample02_pc_real.c3d", "Intel", "-0.28118187"),
        sample02("sample02_dec_int.c3d", "DEC", "0.28118187"),
        sample02("sample02_dec_real.c3d", "DEC", "-0.28118187"),
        sample02("sample02_sgi_int.c3d", "MIPS", "0.28118187"),
        sample02("sample02_sgi_real.c3d", "MIPS", "-0.28118187"),
        Reference {
            file: "sample01_Eb015pi.c3d",
            processor: "Intel",
            markers: 26,
            first_frame: 1,
            last_frame: 450,
            rate_hz: 50.0,
            scale: "0.083333336",
            data_start_block: 11,
            analog_per_frame: 4,
            frames: 450,
            first_valid: SAMPLE01_FIRST,
            valid_in_frame0: 22,
        },
        Reference {
            file: "sample01_Eb015vr.c3d",
            processor: "DEC",
            markers: 26,
            first_frame: 1,
            last_frame: 450,
            rate_hz: 50.0,
            scale: "-0.083333336",
            data_start_block: 11,
            analog_per_frame: 4,
            frames: 450,
            first_valid: SAMPLE01_FIRST,
            valid_in_frame0: 22,
        },
        Reference {
            file: "sample13_golfswing1.c3d",
            processor: "Intel",
            markers: 29,
            first_frame: 2,
            last_frame: 514,
            rate_hz: 107.526_88,
            scale: "-1",
            data_start_block: 11,
            analog_per_frame: 1,
            frames: 513,
            first_valid: Some((0, "Channel103", [1368.5779, 451.6108, 363.8951])),
            valid_in_frame0: 29,
        },
        Reference {
            file: "sample13_golfswing_bad.c3d",
            processor: "Intel",
            markers: 29,
            first_frame: 1,
            last_frame: 514,
            rate_hz: 107.526_88,
            scale: "-1",
            data_start_block: 7,
            analog_per_frame: 1,
            frames: 514,
            first_valid: Some((0, "Channel103", [1376.0144, 554.7599, 527.0157])),
            valid_in_frame0: 29,
        },
        Reference {
            file: "sample16_basketball_simi.c3d",
            processor: "Intel",
            markers: 22,
            first_frame: 1,
            last_frame: 34,
            rate_hz: 25.000_002,
            scale: "-1",
            data_start_block: 10,
            analog_per_frame: 0,
            frames: 34,
            first_valid: None,
            valid_in_frame0: 0,
        },
        Reference {
            file: "sample16_golf_simi.c3d",
            processor: "Intel",
            markers: 21,
            first_frame: 1,
            last_frame: 137,
            rate_hz: 200.0,
            scale: "-1",
            data_start_block: 10,
            analog_per_frame: 0,
            frames: 137,
            first_valid: None,
            valid_in_frame0: 0,
        },
    ]
}

#[test]
fn every_file_matches_its_manifest_row() {
    for r in references() {
        let Some(clip) = load(r.file) else {
            return;
        };
        let name = r.file;
        assert!(
            detail(&clip, "processor").starts_with(r.processor),
            "{name}"
        );
        assert_eq!(clip.poses.joints(), r.markers, "{name}");
        assert_eq!(detail(&clip, "markers"), r.markers.to_string(), "{name}");
        assert_eq!(
            detail(&clip, "first frame"),
            r.first_frame.to_string(),
            "{name}"
        );
        assert_eq!(
            detail(&clip, "last frame"),
            r.last_frame.to_string(),
            "{name}"
        );
        let rate = clip.frame_rate_hz.expect("rate");
        assert!((rate - r.rate_hz).abs() < 1e-4, "{name}: {rate}");
        assert!(
            detail(&clip, "storage").ends_with(&format!("POINT:SCALE {})", r.scale))
                || detail(&clip, "storage").ends_with(&format!("POINT:SCALE {}", r.scale)),
            "{name}: {}",
            detail(&clip, "storage")
        );
        let float = r.scale.starts_with('-');
        assert_eq!(
            detail(&clip, "storage").starts_with("32-bit floats"),
            float,
            "{name}"
        );
        assert!(
            detail(&clip, "data start").starts_with(&format!("block {} ", r.data_start_block)),
            "{name}: {}",
            detail(&clip, "data start")
        );
        if r.analog_per_frame > 0 {
            assert!(
                detail(&clip, "analog channels")
                    .contains(&format!("({} sample", r.analog_per_frame)),
                "{name}: {}",
                detail(&clip, "analog channels")
            );
        } else {
            assert!(clip.analog.is_none(), "{name}");
        }
        assert_eq!(clip.frame_count(), r.frames, "{name}");
        assert!(
            !clip.poses.has_confidence(),
            "{name}: a residual is not a confidence"
        );

        let frame0 = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("frame 0");
        let valid: Vec<usize> = (0..r.markers)
            .filter(|&j| frame0.joint(j).is_some())
            .collect();
        assert_eq!(valid.len(), r.valid_in_frame0, "{name}");
        match r.first_valid {
            Some((index, label, xyz)) => {
                assert_eq!(valid.first(), Some(&index), "{name}");
                assert_eq!(clip.skeleton.name(index), label, "{name}");
                let got = frame0.joint(index).expect("valid");
                for (g, w) in got.iter().zip(xyz) {
                    assert!((g - w).abs() < 1e-3, "{name}: {got:?} vs {xyz:?}");
                }
            }
            None => assert!(valid.is_empty(), "{name}"),
        }
        assert!(
            clip.skeleton.bones().is_empty(),
            "{name}: markers only, no bones"
        );
        assert!(clip.space.is_3d() && clip.space.up_guessed, "{name}");
    }
}

#[test]
fn analog_channels_are_scaled_as_the_manifest_says() {
    // sample02 ch0 "FX1": GEN_SCALE 0.5, SCALE[0] −0.86, OFFSET[0] 2048.
    let sample02 = [-7.74_f32, -7.31, -6.02, -7.31];
    let sample01 = [-26.66_f32, -25.8, -25.8, -26.66];
    let cases = [
        ("sample02_pc_int.c3d", sample02),
        ("sample02_pc_real.c3d", sample02),
        ("sample02_dec_int.c3d", sample02),
        ("sample02_dec_real.c3d", sample02),
        ("sample02_sgi_int.c3d", sample02),
        ("sample02_sgi_real.c3d", sample02),
        ("sample01_Eb015pi.c3d", sample01),
        ("sample01_Eb015vr.c3d", sample01),
    ];
    for (name, first4) in cases {
        let Some(clip) = load(name) else {
            return;
        };
        let analog = clip.analog.as_ref().expect("analog");
        assert_eq!(analog.labels.len(), 16, "{name}");
        assert_eq!(analog.labels[0], "FX1", "{name}");
        assert_eq!(analog.rate_hz, 200.0, "{name}");
        assert_eq!(analog.samples.dim(), (clip.frame_count() * 4, 16), "{name}");
        for (got, want) in analog.samples.column(0).iter().zip(first4) {
            assert!((got - want).abs() < 1e-4, "{name}: {got} vs {want}");
        }
    }
    let Some(golf) = load("sample13_golfswing1.c3d") else {
        return;
    };
    let analog = golf.analog.as_ref().expect("analog");
    assert_eq!(analog.samples.dim(), (513, 8), "ezc3d: 8 analog channels");
    assert_eq!(analog.labels[0], "Channel1");
}

/// Every point of every frame, `None` where missing.
fn points(clip: &Clip) -> Vec<Option<[f32; 3]>> {
    let joints = clip.poses.joints();
    clip.poses
        .frames()
        .flat_map(|f| {
            let person = f.person(0);
            (0..joints)
                .map(move |j| person.as_ref().and_then(|p| p.joint(j)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Same points missing, coordinates within `tolerance`.
fn assert_close(a: &[Option<[f32; 3]>], b: &[Option<[f32; 3]>], tolerance: f32) {
    assert_eq!(a.len(), b.len());
    for (i, (p, q)) in a.iter().zip(b).enumerate() {
        match (p, q) {
            (None, None) => {}
            (Some(p), Some(q)) => {
                let close = p.iter().zip(q).all(|(u, v)| (u - v).abs() <= tolerance);
                assert!(close, "point {i}: {p:?} vs {q:?}");
            }
            other => panic!("point {i}: validity differs: {other:?}"),
        }
    }
}

#[test]
fn sample02_processor_and_storage_pairs_give_equal_data() {
    let names = [
        "sample02_pc_int.c3d",
        "sample02_dec_int.c3d",
        "sample02_sgi_int.c3d",
        "sample02_pc_real.c3d",
        "sample02_dec_real.c3d",
        "sample02_sgi_real.c3d",
    ];
    let mut clips = Vec::new();
    for name in names {
        let Some(clip) = load(name) else {
            return;
        };
        clips.push(clip);
    }
    let all: Vec<_> = clips.iter().map(points).collect();
    let analog: Vec<_> = clips
        .iter()
        .map(|c| c.analog.as_ref().expect("analog").samples.clone())
        .collect();
    // Same storage, different processor: bit-equal after decoding. dec_int is the exception:
    // the file itself differs from pc_int in 155 stored words (camera masks and coordinates
    // off by one count, e.g. 2043 vs 2044), so it is compared within one count below.
    for (a, b) in [(0, 2), (3, 4), (3, 5)] {
        assert_eq!(all[a].len(), all[b].len());
        let differ = all[a].iter().zip(&all[b]).position(|(p, q)| p != q);
        assert_eq!(
            differ, None,
            "{} vs {}: first difference at point {differ:?}",
            names[a], names[b]
        );
        let differ = analog[a]
            .iter()
            .zip(analog[b].iter())
            .position(|(p, q)| p != q);
        assert_eq!(
            differ, None,
            "{} vs {}: analog differs at value {differ:?}",
            names[a], names[b]
        );
        assert_eq!(clips[a].skeleton.names(), clips[b].skeleton.names());
    }
    let one_count = 0.281_181_87 + 1e-4;
    assert_close(&all[0], &all[1], one_count);
    assert_eq!(clips[0].skeleton.names(), clips[1].skeleton.names());
    for (u, v) in analog[0].iter().zip(analog[1].iter()) {
        assert!((u - v).abs() <= 0.5 * 0.86 + 1e-4, "analog {u} vs {v}");
    }
    // Integer vs float: equal within the integer scale's precision (one count: pc_int stores
    // 2043 where the float files and dec_int hold 2044 × scale), same points missing.
    assert_close(&all[0], &all[3], one_count);
    assert_close(&all[1], &all[3], one_count);
    for (u, v) in analog[0].iter().zip(analog[3].iter()) {
        assert!((u - v).abs() < 1e-3, "{u} vs {v}");
    }
}

#[test]
fn sample01_integer_and_dec_float_agree() {
    let (Some(pi), Some(vr)) = (load("sample01_Eb015pi.c3d"), load("sample01_Eb015vr.c3d")) else {
        return;
    };
    assert_close(&points(&pi), &points(&vr), 0.083_333_336 / 2.0 + 1e-3);
}

#[test]
fn units_labels_and_up_axes() {
    for name in [
        "sample01_Eb015pi.c3d",
        "sample02_pc_real.c3d",
        "sample18_bad_parameter_section.c3d",
    ] {
        let Some(clip) = load(name) else {
            return;
        };
        assert_eq!(clip.space.units, Units::Mm, "{name}");
        assert_eq!(clip.space.up, UpAxis::Z, "{name}: a Vicon gait lab is Z-up");
    }
    for name in ["sample13_golfswing1.c3d", "sample13_golfswing_bad.c3d"] {
        let Some(clip) = load(name) else {
            return;
        };
        // The Phoenix golf samples stand along +X (POINT:Y_SCREEN says +Z, the markers do not).
        assert_eq!(clip.space.up, UpAxis::X, "{name}");
        assert!(detail(&clip, "up axis").contains("guessed from the markers"));
    }
    let Some(simi) = load("sample16_basketball_simi.c3d") else {
        return;
    };
    assert_eq!(&simi.skeleton.names()[..3], ["2000", "2001", "2002"]);
    assert_eq!(simi.space.units, Units::Unknown);
    assert_eq!(simi.space.up, UpAxis::Z);
}

#[test]
fn simi_files_load_with_every_point_missing() {
    for name in ["sample16_basketball_simi.c3d", "sample16_golf_simi.c3d"] {
        let Some(clip) = load(name) else {
            return;
        };
        assert!(points(&clip).iter().all(Option::is_none), "{name}");
        let warnings = &clip.meta.warnings;
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("all points are flagged invalid (residual -1)")),
            "{name}: {warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("POINT:UNITS is missing")),
            "{name}: {warnings:?}"
        );
    }
}

#[test]
fn golfswing_bad_loads_with_a_warning_per_defect() {
    let Some(clip) = load("sample13_golfswing_bad.c3d") else {
        return;
    };
    assert_eq!(clip.frame_count(), 514, "c3d 0.6.0 reads 514 frames");
    let warnings = clip.meta.warnings.join("\n");
    for expected in [
        "POINT:DATA_START is 0",
        "data start block 7",
        "POINT:DESCRIPTIONS holds zero-length strings",
        "ANALOG:OFFSET is stored as float",
        "POINT:FRAMES says 515",
    ] {
        assert!(
            warnings.contains(expected),
            "missing `{expected}` in:\n{warnings}"
        );
    }
    let Some(good) = load("sample13_golfswing1.c3d") else {
        return;
    };
    let warnings = good.meta.warnings.join("\n");
    assert!(warnings.contains("POINT:DATA_START is 1"), "{warnings}");
}

/// sample18's parameter section claims 12 blocks but its data starts in block 12; the last
/// record (EVENT:LABELS, byte 5564) runs into the data and a garbage record follows. The c3d
/// package raises and ezc3d crashes; everything before the broken record is intact (POINT and
/// ANALOG), so the file loads with a warning naming the byte offset. The numbers below are
/// our own reading (the MANIFEST has none); the frames decode to a plausible walk along +X.
#[test]
fn sample18_keeps_the_parameters_before_the_broken_record() {
    let Some(clip) = load("sample18_bad_parameter_section.c3d") else {
        return;
    };
    let warning = clip
        .meta
        .warnings
        .iter()
        .find(|w| w.contains("parameter section is broken"))
        .expect("a warning about the broken parameter section");
    assert!(warning.contains("byte 5564"), "{warning}");
    assert_eq!(clip.frame_count(), 332);
    assert_eq!(clip.poses.joints(), 45);
    assert_eq!(clip.skeleton.name(0), "P1");
    assert_eq!(clip.skeleton.name(44), "P45");
    assert_eq!(clip.frame_rate_hz, Some(120.0));
    let p1 = clip
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .and_then(|p| p.joint(0))
        .expect("P1 in frame 0");
    let scale = 0.088_955_1_f32;
    for (got, raw) in p1.iter().zip([-6603.0_f32, 2632.0, 5916.0]) {
        assert!((got - raw * scale).abs() < 1e-2, "{p1:?}");
    }
    let analog = clip.analog.as_ref().expect("32 EMG / force channels");
    assert_eq!(analog.samples.dim(), (3320, 32));
    assert_eq!(analog.rate_hz, 1200.0);
}

#[test]
fn sample18_cut_inside_its_parameters_is_an_error_naming_file_and_byte() {
    let Some((path, bytes)) = dataset("sample18_bad_parameter_section.c3d") else {
        return;
    };
    let cut = bytes.get(..4000).expect("long enough");
    let err = c3d::read(cut, &path).expect_err("no data section");
    let text = err.to_string();
    assert!(
        text.contains("sample18_bad_parameter_section.c3d"),
        "{text}"
    );
    assert!(text.contains(" byte "), "{text}");
    assert!(matches!(
        err,
        LoadError::Parse {
            location: Location::Byte(_),
            ..
        }
    ));
}

#[test]
fn the_loader_dispatches_c3d_files_by_content() {
    let Some((path, _)) = dataset("sample02_pc_real.c3d") else {
        return;
    };
    let clip = posedeck::formats::load(&path).expect("loads");
    assert_eq!(clip.meta.format, posedeck::model::FormatId::C3d);
    assert_eq!(clip.frame_count(), 89);
    assert_eq!(clip.meta.source, path);
}
