//! The sample clips of `assets/`: the committed files are exactly what the generator makes,
//! they load, and the movements in them are biomechanically plausible.
//!
//! Regenerate the files with `cargo run --example gen_samples` after changing the generator.
//! Measured values are printed (`cargo test --test samples -- --nocapture`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use glam::DVec3;
use posedeck::formats;
use posedeck::synth::com::centre_of_mass_cm;
use posedeck::synth::keypoints::{h36m17_cm, to_h36m_world_mm};
use posedeck::synth::pose::World;
use posedeck::synth::rig::{JOINTS, joint};
use posedeck::synth::samples::{self, SampleClip};

const GRAVITY_CM_PER_S2: f64 = 981.0;

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn all_clips() -> &'static [SampleClip] {
    static CLIPS: OnceLock<Vec<SampleClip>> = OnceLock::new();
    CLIPS.get_or_init(samples::clips)
}

fn clip(name: &str) -> &'static SampleClip {
    all_clips()
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no clip {name}"))
}

fn worlds(clip: &SampleClip) -> Vec<World> {
    clip.poses
        .iter()
        .map(posedeck::synth::pose::Pose::world)
        .collect()
}

const FEET: [usize; 2] = [joint::LEFT_FOOT, joint::RIGHT_FOOT];

/// Knee flexion of the leg whose hip is `hip`, from joint positions, degrees.
fn knee_flexion_deg(w: &World, hip: usize) -> f64 {
    let p = &w.position_cm;
    let thigh = p[hip + 1] - p[hip];
    let shank = p[hip + 2] - p[hip + 1];
    thigh.angle_between(shank).to_degrees()
}

/// Frames at which a foot comes down on the floor after at least `min_gap` frames off it.
fn strikes(ws: &[World], foot: usize, min_gap: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut off = min_gap;
    for (k, w) in ws.iter().enumerate() {
        if w.foot_floor_height_cm(foot) <= 0.2 {
            if off >= min_gap && k > 0 {
                out.push(k);
            }
            off = 0;
        } else {
            off += 1;
        }
    }
    out
}

/// Yaw of the line from `right` to `left` in the floor plane, degrees (0: left along +X,
/// positive: turned to the left, i.e. the left point moved backwards).
fn line_yaw_deg(w: &World, left: usize, right: usize) -> f64 {
    let d = w.position_cm[left] - w.position_cm[right];
    (-d.z).atan2(d.x).to_degrees()
}

#[test]
fn committed_assets_match_the_generator_byte_for_byte() {
    let files = samples::sample_files();
    let expected = [
        "walk.bvh",
        "sprint_start.bvh",
        "squat.bvh",
        "cmj.bvh",
        "golf_swing.bvh",
        "walk_h36m.npy",
        "jump_coco_2d.npy",
        "jump_coco.json",
        "jump_openpose/jump_000000000000_keypoints.json",
        "squat_markers.c3d",
        "walk_markers.trc",
    ];
    for name in expected {
        assert!(
            files.iter().any(|(n, _)| n == name),
            "the generator makes no {name}"
        );
    }
    let mut stale = Vec::new();
    for (name, bytes) in &files {
        let path = assets().join(name);
        let committed = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}); run `cargo run --example gen_samples`",
                path.display()
            )
        });
        if &committed != bytes {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "assets differ from the generator: {stale:?}; run `cargo run --example gen_samples`"
    );
    // Generating twice gives the same bytes.
    assert!(samples::sample_files() == files);
}

#[test]
fn sample_files_are_small() {
    let mut total = 0;
    for (name, bytes) in samples::sample_files() {
        println!("{name}: {} bytes", bytes.len());
        assert!(bytes.len() < 300_000, "{name} is {} bytes", bytes.len());
        total += bytes.len();
    }
    println!("total: {total} bytes");
    assert!(total < 1_000_000, "{total}");
}

#[test]
fn bvh_files_load_and_match_the_rig_kinematics() {
    for c in all_clips() {
        let path = assets().join(format!("{}.bvh", c.name));
        let loaded = formats::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.frame_count(), c.poses.len(), "{}", c.name);
        let rate = loaded.frame_rate_hz.unwrap_or(0.0);
        assert!((rate - c.rate_hz).abs() < 1e-6, "{} at {rate} Hz", c.name);
        let names = loaded.skeleton.names();
        assert_eq!(names.len(), JOINTS.len());
        for (n, j) in names.iter().zip(JOINTS.iter()) {
            assert_eq!(n, j.name);
        }
        let mut worst = 0.0_f64;
        for (k, pose) in c.poses.iter().enumerate() {
            let w = pose.world();
            let frame = loaded.poses.frame(k).expect("frame");
            let person = frame.person(0).expect("person");
            for (i, expected) in w.position_cm.iter().enumerate() {
                let got = person.joint(i).expect("joint");
                let got = DVec3::new(f64::from(got[0]), f64::from(got[1]), f64::from(got[2]));
                worst = worst.max((got - *expected).length());
            }
        }
        // Four decimals in the file, f32 in the clip.
        println!(
            "{}: loaded positions within {worst:.4} cm of the generator's",
            c.name
        );
        assert!(worst < 0.02, "{}: {worst} cm", c.name);
    }
}

#[test]
fn npy_files_load_with_their_layouts() {
    let walk = formats::load(&assets().join("walk_h36m.npy")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(walk.poses.joints(), 17);
    assert_eq!(walk.poses.dims(), 3);
    let frames = samples::walk_keypoint_frames();
    assert_eq!(walk.frame_count(), frames.len());
    assert_eq!(frames.len(), 132);
    for (k, pose) in frames.iter().enumerate() {
        let person = walk
            .poses
            .frame(k)
            .and_then(|f| f.person(0))
            .expect("person");
        for (i, point) in h36m17_cm(&pose.world()).into_iter().enumerate() {
            let expected = to_h36m_world_mm(point).map(|v| v as f32);
            assert_eq!(person.joint(i), Some(expected));
        }
    }

    let jump = formats::load(&assets().join("jump_coco_2d.npy")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jump.poses.joints(), 17);
    assert_eq!(jump.poses.dims(), 2);
    let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
    for frame in jump.poses.frames() {
        let person = frame.person(0).expect("person");
        for i in 0..17 {
            let p = person.joint(i).expect("joint");
            for d in 0..2 {
                min[d] = min[d].min(p[d]);
                max[d] = max[d].max(p[d]);
            }
        }
    }
    println!(
        "jump 2D: x {:.0}..{:.0} px, y {:.0}..{:.0} px",
        min[0], max[0], min[1], max[1]
    );
    assert!(min[0] > 0.0 && max[0] < 1280.0 && min[1] > 0.0 && max[1] < 720.0);
    // Standing in the first frame: nose (0) above the ankles (15, 16) by about 0.9 of the height.
    let first = jump
        .poses
        .frame(0)
        .and_then(|f| f.person(0))
        .expect("person");
    let nose = first.joint(0).expect("nose")[1];
    let ankle = first.joint(16).expect("ankle")[1];
    let tall = f64::from(ankle - nose) / 0.9;
    println!("jump 2D: standing athlete about {tall:.0} px tall");
    assert!((400.0..500.0).contains(&tall), "{tall}");
}

#[test]
fn walk_has_normal_gait_parameters() {
    let c = clip("walk");
    let ws = worlds(c);
    let dt = 1.0 / c.rate_hz;
    let mut all_strikes: Vec<usize> = FEET.iter().flat_map(|&f| strikes(&ws, f, 10)).collect();
    all_strikes.sort_unstable();
    let steps: Vec<f64> = all_strikes
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 * dt)
        .collect();
    let cadence = 60.0 / (steps.iter().sum::<f64>() / steps.len() as f64);
    let stride_cm = ws[330].position_cm[joint::HIPS].z - ws[0].position_cm[joint::HIPS].z;
    let speed = stride_cm / 3.3 / 100.0;
    let (lo, hi) = ws.iter().fold((f64::MAX, f64::MIN), |(lo, hi), w| {
        let y = w.position_cm[joint::HIPS].y;
        (lo.min(y), hi.max(y))
    });
    println!(
        "walk: cadence {cadence:.1} steps/min, speed {speed:.2} m/s, stride {:.2} m, pelvis up-down {:.1} cm",
        stride_cm / 300.0,
        hi - lo
    );
    assert!((105.0..=115.0).contains(&cadence), "{cadence}");
    assert!((1.3..=1.4).contains(&speed), "{speed}");
    assert!((3.0..=5.5).contains(&(hi - lo)));

    // Step width (ankle to ankle across the direction of travel) at each heel strike, and the
    // toes clearing the floor in mid-swing.
    let widths: Vec<f64> = all_strikes
        .iter()
        .map(|&k| {
            (ws[k].position_cm[joint::LEFT_FOOT].x - ws[k].position_cm[joint::RIGHT_FOOT].x).abs()
        })
        .collect();
    let mut clearance = f64::MAX;
    for &foot in &FEET {
        for k in 1..ws.len() {
            let lifted = ws[k].foot_floor_height_cm(foot) > 0.2
                && ws[k - 1].foot_floor_height_cm(foot) <= 0.2;
            if lifted && k + 30 < ws.len() {
                for w in &ws[k + 8..k + 30] {
                    clearance = clearance.min(w.foot_floor_height_cm(foot));
                }
            }
        }
    }
    println!(
        "walk: step width {:.1}..{:.1} cm, minimum toe clearance in mid-swing {clearance:.2} cm",
        widths.iter().copied().fold(f64::MAX, f64::min),
        widths.iter().copied().fold(f64::MIN, f64::max)
    );
    assert!(
        widths.iter().all(|w| (6.0..=14.0).contains(w)),
        "{widths:?}"
    );
    assert!((1.0..=3.0).contains(&clearance), "{clearance}");

    // Loops: one stride later the pose is the same (the root has moved on).
    for k in 0..c.poses.len() - 110 {
        let (a, b) = (&c.poses[k], &c.poses[k + 110]);
        for (x, y) in a
            .angles_deg
            .iter()
            .flatten()
            .zip(b.angles_deg.iter().flatten())
        {
            assert!((x - y).abs() < 0.05, "frame {k}: {x} vs {y}");
        }
        assert!((a.root_cm.y - b.root_cm.y).abs() < 0.01);
    }
}

#[test]
fn walk_knees_ankles_and_stance_feet_follow_normative_gait() {
    let ws = worlds(clip("walk"));
    for (hip, foot) in [
        (joint::LEFT_UP_LEG, joint::LEFT_FOOT),
        (joint::RIGHT_UP_LEG, joint::RIGHT_FOOT),
    ] {
        let peak = ws
            .iter()
            .map(|w| knee_flexion_deg(w, hip))
            .fold(f64::MIN, f64::max);
        let foot_strikes = strikes(&ws, foot, 10);
        let loading: Vec<f64> = foot_strikes
            .iter()
            .filter(|&&s| s + 25 < ws.len())
            .map(|&s| {
                (s..s + 25)
                    .map(|k| knee_flexion_deg(&ws[k], hip))
                    .fold(f64::MIN, f64::max)
            })
            .collect();
        let ankle_range = ws.iter().fold((f64::MAX, f64::MIN), |(lo, hi), w| {
            let shank = w.position_cm[foot] - w.position_cm[foot - 1];
            let sole = w.position_cm[foot + 1] - w.position_cm[foot];
            // Dorsiflexion: how much the foot has turned up against the shank from neutral.
            let neutral = DVec3::new(0.0, -1.0, 0.0)
                .angle_between(DVec3::from_array(JOINTS[foot + 1].offset_cm));
            let a = (shank.angle_between(sole) - neutral).to_degrees();
            (lo.min(a), hi.max(a))
        });
        println!(
            "walk {}: knee peak in swing {peak:.1}°, loading-response peaks {loading:.1?}°, ankle {:.1}..{:.1}°",
            JOINTS[hip].name, ankle_range.0, ankle_range.1
        );
        assert!((55.0..=70.0).contains(&peak), "{peak}");
        assert!(
            loading.iter().all(|l| (12.0..=25.0).contains(l)),
            "{loading:?}"
        );
        assert!((-22.0..=-10.0).contains(&ankle_range.0) && (5.0..=15.0).contains(&ankle_range.1));

        // The foot stays put in mid-stance: its lowest point drifts less than a centimetre.
        for &s in foot_strikes.iter().filter(|&&s| s + 45 < ws.len()) {
            let spots: Vec<DVec3> = (s + 15..s + 45)
                .map(|k| {
                    let c = ws[k].foot_contacts(foot);
                    *c.iter()
                        .min_by(|a, b| a.y.total_cmp(&b.y))
                        .expect("contacts")
                })
                .collect();
            let drift = spots
                .iter()
                .map(|p| (p.with_y(0.0) - spots[0].with_y(0.0)).length())
                .fold(0.0, f64::max);
            let height = spots.iter().map(|p| p.y.abs()).fold(0.0, f64::max);
            assert!(drift < 1.0, "{} slides {drift} cm", JOINTS[foot].name);
            assert!(height < 0.05, "{} floats {height} cm", JOINTS[foot].name);
        }
    }
}

#[test]
fn jump_flies_for_half_a_second_under_gravity() {
    let c = clip("cmj");
    let ws = worlds(c);
    let dt = 1.0 / c.rate_hz;
    let airborne: Vec<usize> = (0..ws.len())
        .filter(|&k| FEET.iter().all(|&f| ws[k].foot_floor_height_cm(f) > 0.2))
        .collect();
    let flight = airborne.len() as f64 * dt;
    let first = airborne[0];
    let last = *airborne.last().expect("flight");
    assert_eq!(last - first + 1, airborne.len(), "one flight");
    let com: Vec<f64> = ws.iter().map(|w| centre_of_mass_cm(w).y).collect();
    // Centre of mass falls at g throughout the flight.
    for k in first + 1..last {
        let accel = (com[k + 1] - 2.0 * com[k] + com[k - 1]) / (dt * dt);
        assert!(
            (accel + GRAVITY_CM_PER_S2).abs() < 1.0,
            "frame {k}: {accel}"
        );
    }
    let v_up = (com[first + 1] - com[first - 1]) / (2.0 * dt);
    let peak = com.iter().copied().fold(f64::MIN, f64::max);
    let gain = peak - com[first];
    let expected_gain = v_up * v_up / (2.0 * GRAVITY_CM_PER_S2);
    let root_gain = ws
        .iter()
        .map(|w| w.position_cm[joint::HIPS].y)
        .fold(f64::MIN, f64::max)
        - ws[first].position_cm[joint::HIPS].y;
    let depth = ws
        .iter()
        .take(first)
        .map(|w| knee_flexion_deg(w, joint::LEFT_UP_LEG))
        .fold(f64::MIN, f64::max);
    println!(
        "cmj: flight {flight:.2} s, take-off speed {:.2} m/s, centre-of-mass rise {gain:.1} cm (v²/2g = {expected_gain:.1}), pelvis rise {root_gain:.1} cm, countermovement knee {depth:.0}°",
        v_up / 100.0
    );
    assert!((0.4..=0.6).contains(&flight), "{flight}");
    assert!(
        (gain - expected_gain).abs() < 0.5,
        "{gain} vs {expected_gain}"
    );
    assert!((80.0..=100.0).contains(&depth), "{depth}");
    // Lands near where it took off.
    let drift = (ws[last + 1].position_cm[joint::LEFT_FOOT]
        - ws[first - 1].position_cm[joint::LEFT_FOOT])
        .with_y(0.0)
        .length();
    assert!(drift < 10.0, "{drift}");
}

#[test]
fn squat_reaches_depth_with_balance() {
    let c = clip("squat");
    let ws = worlds(c);
    let knees: Vec<f64> = ws
        .iter()
        .map(|w| knee_flexion_deg(w, joint::RIGHT_UP_LEG))
        .collect();
    let mut bottoms = Vec::new();
    for k in 1..knees.len() - 1 {
        if knees[k] > 60.0 && knees[k] >= knees[k - 1] && knees[k] > knees[k + 1] {
            bottoms.push(k);
        }
    }
    let depth: Vec<f64> = bottoms.iter().map(|&k| knees[k]).collect();
    let periods: Vec<f64> = bottoms
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 / c.rate_hz)
        .collect();
    println!("squat: bottoms at knee {depth:.1?}°, {periods:.2?} s apart");
    assert_eq!(bottoms.len(), 3);
    assert!(depth.iter().all(|d| (95.0..=115.0).contains(d)));
    assert!(periods.iter().all(|p| (2.0..=3.0).contains(p)));
    for (k, w) in ws.iter().enumerate() {
        let com = centre_of_mass_cm(w).z;
        let heel = FEET
            .iter()
            .map(|&f| w.foot_contacts(f)[0].z)
            .fold(f64::MIN, f64::max);
        let toe = FEET
            .iter()
            .map(|&f| w.foot_contacts(f)[2].z)
            .fold(f64::MAX, f64::min);
        assert!(
            heel < com && com < toe,
            "frame {k}: centre of mass at {com} outside {heel}..{toe}"
        );
    }
}

#[test]
fn golf_swing_turns_pelvis_then_thorax_on_planted_feet() {
    let c = clip("golf_swing");
    let ws = worlds(c);
    let at = |t: f64| (t * c.rate_hz).round() as usize;
    let pelvis = |k: usize| line_yaw_deg(&ws[k], joint::LEFT_UP_LEG, joint::RIGHT_UP_LEG);
    let thorax = |k: usize| line_yaw_deg(&ws[k], joint::LEFT_ARM, joint::RIGHT_ARM);
    let (top, impact, finish) = (at(1.45), at(1.72), at(2.3));
    println!(
        "golf: top pelvis {:.0}° thorax {:.0}° (X-factor {:.0}°), impact pelvis {:.0}° thorax {:.0}°, finish thorax {:.0}°",
        pelvis(top),
        thorax(top),
        pelvis(top) - thorax(top),
        pelvis(impact),
        thorax(impact),
        thorax(finish)
    );
    assert!((-55.0..=-35.0).contains(&pelvis(top)));
    assert!((-110.0..=-75.0).contains(&thorax(top)));
    assert!((25.0..=50.0).contains(&pelvis(impact)));
    assert!(thorax(finish) > 90.0);
    let lead = ws[0].position_cm[joint::LEFT_FOOT];
    let mut widest_grip = 0.0_f64;
    for (k, w) in ws.iter().enumerate() {
        assert!(
            (w.position_cm[joint::LEFT_FOOT] - lead).length() < 0.5,
            "frame {k}: lead foot moved"
        );
        widest_grip = widest_grip
            .max((w.position_cm[joint::LEFT_HAND] - w.position_cm[joint::RIGHT_HAND]).length());
    }
    // Wrists 8 cm apart on the grip; a little more where an arm cannot quite reach.
    println!("golf: wrists at most {widest_grip:.1} cm apart");
    assert!(widest_grip < 12.0, "{widest_grip}");
}

#[test]
fn sprint_start_leaves_the_blocks_and_accelerates() {
    let c = clip("sprint_start");
    let ws = worlds(c);
    let at = |t: f64| (t * c.rate_hz).round() as usize;
    // Set position: hips above the head, hands on the track.
    let set = &ws[at(0.3)];
    assert!(set.position_cm[joint::HIPS].y > set.position_cm[joint::HEAD].y);
    for hand in [joint::LEFT_HAND, joint::RIGHT_HAND] {
        let tip = set.end_site(hand).expect("finger tip").y;
        assert!((-0.5..4.0).contains(&tip), "finger tips at {tip} cm");
    }
    let front = knee_flexion_deg(set, joint::LEFT_UP_LEG);
    let rear = knee_flexion_deg(set, joint::RIGHT_UP_LEG);
    println!("sprint set: front knee {front:.0}°, rear knee {rear:.0}° flexion");
    assert!((80.0..=100.0).contains(&front) && (55.0..=80.0).contains(&rear));
    // Contacts after the blocks.
    let mut contacts = Vec::new();
    for (f, &foot) in FEET.iter().enumerate() {
        let mut start: Option<usize> = None;
        for (k, w) in ws.iter().enumerate() {
            let down = w.foot_floor_height_cm(foot) <= 0.2;
            match (down, start) {
                (true, None) => start = Some(k),
                (false, Some(s)) => {
                    contacts.push((s, k, f));
                    start = None;
                }
                _ => {}
            }
        }
    }
    contacts.sort_unstable();
    let seconds = |frames: usize| frames as f64 / c.rate_hz;
    let blocks: Vec<f64> = contacts
        .iter()
        .filter(|s| s.0 == 0)
        .map(|s| seconds(s.1))
        .collect();
    let steps: Vec<f64> = contacts
        .iter()
        .filter(|s| s.0 > 0)
        .map(|s| seconds(s.1 - s.0))
        .collect();
    println!("sprint: feet leave the blocks at {blocks:.2?} s; contacts {steps:.2?} s");
    assert_eq!(blocks.len(), 2);
    assert!((0.6..0.72).contains(&blocks[0]) && (0.78..0.9).contains(&blocks[1]));
    assert!(steps.len() >= 4);
    assert!(steps.iter().all(|s| (0.09..=0.2).contains(s)), "{steps:?}");
    let end = ws.len() - 1;
    let speed = (ws[end].position_cm[joint::HIPS].z - ws[end - 20].position_cm[joint::HIPS].z)
        / 0.2
        / 100.0;
    let lean = |k: usize| {
        let trunk = ws[k].position_cm[joint::NECK] - ws[k].position_cm[joint::HIPS];
        trunk.angle_between(DVec3::Y).to_degrees()
    };
    println!(
        "sprint: speed {speed:.1} m/s at 2 s; trunk lean {:.0}° at block exit, {:.0}° at the end",
        lean(at(0.83)),
        lean(end)
    );
    assert!((6.0..=7.5).contains(&speed), "{speed}");
    assert!(lean(at(0.83)) > 40.0 && lean(end) < lean(at(0.83)) - 10.0);
}

#[test]
fn clips_stay_on_the_floor_upright_and_start_at_the_origin() {
    for c in all_clips() {
        let ws = worlds(c);
        let start = c.poses[0].root_cm;
        assert!(
            start.x.abs() < 1.0 && start.z.abs() < 1.0,
            "{} starts at {start}",
            c.name
        );
        let mut lowest = f64::MAX;
        for (k, w) in ws.iter().enumerate() {
            let t = k as f64 / c.rate_hz;
            for &f in &FEET {
                lowest = lowest.min(w.foot_floor_height_cm(f));
            }
            let head = w.position_cm[joint::HEAD].y;
            let pelvis = w.position_cm[joint::HIPS].y;
            let ankles = FEET
                .iter()
                .map(|&f| w.position_cm[f].y)
                .fold(f64::MIN, f64::max);
            // The sprinter's head is below the hips in the set position and in the blocks.
            let head_up = c.name != "sprint_start" || t > 0.83;
            assert!(
                !head_up || head > pelvis,
                "{} frame {k}: head {head} below pelvis {pelvis}",
                c.name
            );
            assert!(
                pelvis > ankles,
                "{} frame {k}: pelvis {pelvis} below a foot {ankles}",
                c.name
            );
        }
        println!("{}: lowest foot point {lowest:.3} cm", c.name);
        assert!(
            lowest > -0.05,
            "{}: a foot goes {lowest} cm into the floor",
            c.name
        );
    }
}

#[test]
fn every_format_family_loads_with_the_same_movement() {
    use posedeck::model::{FormatId, LayoutId, Units, UpAxis};
    let npy = formats::load(&assets().join("jump_coco_2d.npy")).unwrap();
    let coco = formats::load(&assets().join("jump_coco.json")).unwrap();
    let openpose = formats::load(&assets().join("jump_openpose")).unwrap();
    assert_eq!(coco.meta.format, FormatId::Coco);
    assert_eq!(openpose.meta.format, FormatId::OpenPose);
    assert_eq!(coco.skeleton.layout(), LayoutId::Coco17);
    assert_eq!(openpose.skeleton.layout(), LayoutId::Body25);
    assert_eq!(coco.frame_count(), npy.frame_count());
    assert_eq!(openpose.frame_count(), npy.frame_count());
    for f in [0, npy.frame_count() / 2, npy.frame_count() - 1] {
        let a = npy.poses.frame(f).and_then(|fr| fr.person(0)).unwrap();
        let b = coco.poses.frame(f).and_then(|fr| fr.person(0)).unwrap();
        let c = openpose.poses.frame(f).and_then(|fr| fr.person(0)).unwrap();
        // COCO-17 knee (13) = BODY_25 LKnee (13); nose 0 = 0.
        for (coco_joint, body25_joint) in [(0, 0), (13, 13), (16, 11)] {
            let p = a.joint(coco_joint).unwrap();
            assert_eq!(b.joint(coco_joint), Some(p));
            let q = c.joint(body25_joint).unwrap();
            assert!((q[0] - p[0]).abs() < 1e-3 && (q[1] - p[1]).abs() < 1e-3);
        }
    }
    let c3d = formats::load(&assets().join("squat_markers.c3d")).unwrap();
    assert_eq!(c3d.meta.format, FormatId::C3d);
    assert_eq!((c3d.space.units, c3d.space.up), (Units::Mm, UpAxis::Z));
    assert_eq!(c3d.frame_rate_hz, Some(50.0));
    assert!(c3d.skeleton.bones().len() >= 16, "marker set connected");
    let trc = formats::load(&assets().join("walk_markers.trc")).unwrap();
    assert_eq!(trc.meta.format, FormatId::Trc);
    assert_eq!((trc.space.units, trc.space.up), (Units::M, UpAxis::Y));
    assert!(trc.skeleton.bones().len() >= 16, "marker set connected");
    // Every sample loads without warnings.
    for clip in [&coco, &openpose, &c3d, &trc] {
        assert!(clip.meta.warnings.is_empty(), "{:?}", clip.meta.warnings);
    }
}
