//! One frame of a clip to scene primitives, for the 3D view and for the 2D image view.
//!
//! Bones are coloured by body side, joints are dots, missing joints (NaN) are never drawn and
//! the bones that touch them are skipped. Everything else on the picture (ground grid, scale,
//! legend, person numbers) is made here too, so every renderer shows the same thing.

use crate::analysis::body::BodyMap;
use crate::model::{Clip, FrameView, PersonView, Skeleton};

use super::body::{self, BodyPerson};
use super::camera::OrbitCamera;
use super::primitives::{Anchor, Disc, JointId, Label, Rgba, Scene, ScreenRect, Segment};
use super::stage::{MAX_SAMPLED_FRAMES, Stage, sample_frames};
use super::style::{self, Figure, Style};
use super::view2d::{View2d, fit_area};

/// Fraction of the view's half-size kept free around the athlete when the 3D camera is fitted.
pub const FIT_MARGIN_3D: f32 = 0.06;

/// Half-size of the ground grid around the camera target when the camera follows, metres.
const FOLLOW_GRID_HALF_M: f32 = 6.0;

/// Largest ground grid drawn, metres from the centre (a lab walkway is rarely longer).
const MAX_GRID_HALF_M: f32 = 30.0;

/// The camera for frame `frame`: `base`'s angles and field of view, aimed at the athlete and
/// at the distance that fits them (the whole clip, or the athlete when the camera follows).
#[must_use]
pub fn fit_camera(
    clip: &Clip,
    stage: &Stage,
    frame: usize,
    base: &OrbitCamera,
    viewport: &ScreenRect,
) -> OrbitCamera {
    let mut camera = *base;
    camera.target = stage.target_at(clip, frame);
    let (min, max) = stage.framing_box(clip, frame);
    camera.fit_box(min, max, viewport, &fit_area(viewport), FIT_MARGIN_3D);
    camera
}

/// The fitted 2D view of a clip: the box holding every sampled joint.
#[must_use]
pub fn fit_2d(clip: &Clip) -> View2d {
    let mut min = [f32::INFINITY; 2];
    let mut max = [f32::NEG_INFINITY; 2];
    for index in sample_frames(clip.frame_count(), MAX_SAMPLED_FRAMES) {
        let Some(frame) = clip.poses.frame(index) else {
            continue;
        };
        for person in frame.persons() {
            for joint in 0..clip.poses.joints() {
                if let Some(p) = person.joint(joint) {
                    min = [min[0].min(p[0]), min[1].min(p[1])];
                    max = [max[0].max(p[0]), max[1].max(p[1])];
                }
            }
        }
    }
    View2d::fitted(min, max)
}

/// One person's joints already placed on screen: (screen position, depth) per joint.
type Placed = Vec<Option<([f32; 2], f32)>>;

/// How one person (or one extra part of them) is drawn.
struct PersonStyle<'a> {
    /// Their skeleton.
    skeleton: &'a Skeleton,
    /// Index of the person in the frame (for the shade and the joint ids).
    person: usize,
    /// Draw joint dots (not for the small bones of face and hands).
    with_discs: bool,
    /// Bone width in pixels.
    width: f32,
    /// Draw the bones (not when the body style draws the person: its discs stay, unseen, for
    /// picking joints).
    with_bones: bool,
}

/// Adds the bones and joints of one person to `scene`; `placed` gives each joint's screen
/// position and depth (larger = farther), or `None` when missing or not visible. The depth of
/// each bone added is pushed to `depth_keys`.
fn add_person(
    scene: &mut Scene,
    person: &PersonStyle<'_>,
    placed: &Placed,
    style: &Style,
    depth_keys: &mut Vec<f32>,
) {
    let skeleton = person.skeleton;
    let bones = if person.with_bones {
        skeleton.bones()
    } else {
        &[]
    };
    for bone in bones {
        let (Some(Some((a, da))), Some(Some((b, db)))) =
            (placed.get(bone.from), placed.get(bone.to))
        else {
            continue;
        };
        scene.segments.push(Segment {
            a: *a,
            b: *b,
            colour: style
                .palette
                .person(skeleton.bone_side(*bone), person.person),
            width: person.width,
        });
        depth_keys.push((da + db) * 0.5);
    }
    if !person.with_discs {
        return;
    }
    for (joint, place) in placed.iter().enumerate() {
        if let Some((centre, _)) = place {
            scene.discs.push(Disc {
                centre: *centre,
                radius: style.joint_radius,
                colour: style
                    .palette
                    .person(skeleton.side(joint), person.person)
                    .with_alpha(if person.with_bones { 255 } else { 0 }),
                joint: JointId {
                    person: person.person,
                    joint,
                },
            });
        }
    }
}

/// Orders `items` by `keys`, largest (farthest) first; ties keep their order.
fn sort_far_to_near<T: Clone>(items: &mut Vec<T>, keys: &[f32]) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| {
        let ki = keys.get(i).copied().unwrap_or(0.0);
        let kj = keys.get(j).copied().unwrap_or(0.0);
        kj.total_cmp(&ki)
    });
    let sorted: Vec<T> = order
        .iter()
        .filter_map(|&i| items.get(i).cloned())
        .collect();
    *items = sorted;
}

/// Adds the bones and joints of every person (and the thinner bones of extra parts) of
/// `frame_index`, placing joints with `place(file_point) -> (screen, depth)`; the body style
/// adds capsules too, sized with `metres_per_unit` (estimated from the bones when `None`).
fn add_people(
    scene: &mut Scene,
    clip: &Clip,
    frame_index: usize,
    style: &Style,
    metres_per_unit: Option<f32>,
    place: &dyn Fn([f32; 3]) -> Option<([f32; 2], f32)>,
) {
    let body_map = (style.figure == Figure::Body).then(|| BodyMap::new(&clip.skeleton));
    let mut capsule_keys = Vec::new();
    let place_person = |person: &PersonView<'_>, joints: usize| -> Placed {
        (0..joints)
            .map(|j| person.joint(j).and_then(place))
            .collect()
    };
    let mut seg_keys = Vec::new();
    let mut disc_keys = Vec::new();
    if let Some(frame) = clip.poses.frame(frame_index) {
        for (p, person) in frame.persons().enumerate() {
            let placed = place_person(&person, clip.poses.joints());
            let before = scene.discs.len();
            if let Some(map) = &body_map {
                let who = BodyPerson {
                    skeleton: &clip.skeleton,
                    map,
                    person: &person,
                    index: p,
                    metres_per_unit,
                    palette: &style.palette,
                };
                body::add_body(&mut scene.capsules, &mut capsule_keys, &who, place);
            }
            let who = PersonStyle {
                skeleton: &clip.skeleton,
                person: p,
                with_discs: true,
                width: style.bone_width,
                with_bones: body_map.is_none(),
            };
            add_person(scene, &who, &placed, style, &mut seg_keys);
            for disc in scene.discs.iter().skip(before) {
                let depth = placed
                    .get(disc.joint.joint)
                    .and_then(|x| x.map(|(_, d)| d))
                    .unwrap_or(0.0);
                disc_keys.push(depth);
            }
        }
        if frame.people() > 1 {
            add_person_numbers(scene, &frame, clip, style, place);
        }
    }
    for part in &clip.parts {
        let Some(frame) = part.poses.frame(frame_index) else {
            continue;
        };
        for (p, person) in frame.persons().enumerate() {
            let placed = place_person(&person, part.poses.joints());
            let who = PersonStyle {
                skeleton: &part.skeleton,
                person: p,
                with_discs: false,
                width: style.part_width,
                with_bones: true,
            };
            add_person(scene, &who, &placed, style, &mut seg_keys);
        }
    }
    sort_far_to_near(&mut scene.segments, &seg_keys);
    sort_far_to_near(&mut scene.discs, &disc_keys);
    sort_far_to_near(&mut scene.capsules, &capsule_keys);
}

/// Numbers each person ("1", "2", ...) above their highest joint on screen.
fn add_person_numbers(
    scene: &mut Scene,
    frame: &FrameView<'_>,
    clip: &Clip,
    style: &Style,
    place: &dyn Fn([f32; 3]) -> Option<([f32; 2], f32)>,
) {
    for (p, person) in frame.persons().enumerate() {
        let top = (0..clip.poses.joints())
            .filter_map(|j| person.joint(j).and_then(place))
            .map(|(s, _)| s)
            .min_by(|a, b| a[1].total_cmp(&b[1]));
        if let Some(top) = top {
            scene.labels.push(Label {
                pos: [top[0], top[1] - style.joint_radius - 4.0],
                text: format!("{}", p + 1),
                colour: style.palette.person(crate::model::Side::Centre, p),
                size: style.label_size,
                anchor: Anchor::CenterBottom,
            });
        }
    }
}

/// Says so in the middle of the view when the frame shows no joint at all (all missing, or
/// nobody in the frame), so an empty view is not mistaken for a broken one.
fn add_nothing_visible_note(scene: &mut Scene, viewport: &ScreenRect, style: &Style) {
    if scene.discs.is_empty() && scene.segments.is_empty() {
        scene.labels.push(Label {
            pos: viewport.center(),
            text: "no joint visible in this frame".to_owned(),
            colour: style::TEXT_WARN,
            size: style.label_size,
            anchor: Anchor::CenterCenter,
        });
    }
}

/// The left / right legend in the top-right corner.
fn add_legend(scene: &mut Scene, viewport: &ScreenRect, style: &Style) {
    let y = viewport.min[1] + 8.0;
    let right_x = viewport.max[0] - 10.0;
    scene.labels.push(Label {
        pos: [right_x, y],
        text: "right".to_owned(),
        colour: style::RIGHT,
        size: style.label_size,
        anchor: Anchor::RightTop,
    });
    scene.labels.push(Label {
        pos: [right_x - style.label_size * 3.0, y],
        text: "left".to_owned(),
        colour: style::LEFT,
        size: style.label_size,
        anchor: Anchor::RightTop,
    });
}

/// A note in the bottom-left corner (scale, axes).
fn add_corner_note(
    scene: &mut Scene,
    viewport: &ScreenRect,
    style: &Style,
    text: String,
    colour: Rgba,
) {
    scene.labels.push(Label {
        pos: [viewport.min[0] + 10.0, viewport.max[1] - 8.0],
        text,
        colour,
        size: style.label_size * 0.9,
        anchor: Anchor::LeftBottom,
    });
}

/// The ground grid: 1 m squares on the floor, around the clip or around the followed athlete.
fn add_ground_grid(
    scene: &mut Scene,
    stage: &Stage,
    camera: &OrbitCamera,
    viewport: &ScreenRect,
    style: &Style,
) {
    let (lo, hi) = if stage.follows {
        let t = camera.target;
        (
            [t[0] - FOLLOW_GRID_HALF_M, t[2] - FOLLOW_GRID_HALF_M],
            [t[0] + FOLLOW_GRID_HALF_M, t[2] + FOLLOW_GRID_HALF_M],
        )
    } else {
        let cx = (stage.min[0] + stage.max[0]) * 0.5;
        let cz = (stage.min[2] + stage.max[2]) * 0.5;
        let hx = ((stage.max[0] - stage.min[0]) * 0.5 + 1.0).max(2.0);
        let hz = ((stage.max[2] - stage.min[2]) * 0.5 + 1.0).max(2.0);
        ([cx - hx, cz - hz], [cx + hx, cz + hz])
    };
    let clampm = |v: f32, c: f32| v.clamp(c - MAX_GRID_HALF_M, c + MAX_GRID_HALF_M);
    let centre = [(lo[0] + hi[0]) * 0.5, (lo[1] + hi[1]) * 0.5];
    let x0 = clampm(lo[0], centre[0]).floor();
    let x1 = clampm(hi[0], centre[0]).ceil();
    let z0 = clampm(lo[1], centre[1]).floor();
    let z1 = clampm(hi[1], centre[1]).ceil();
    if !(x0.is_finite() && x1.is_finite() && z0.is_finite() && z1.is_finite()) {
        return;
    }
    let y = stage.floor_y;
    let mut line = |a: [f32; 3], b: [f32; 3], on_axis: bool| {
        if let Some((sa, sb)) = camera.screen_segment(a, b, viewport) {
            scene.grid.push(Segment {
                a: sa,
                b: sb,
                colour: if on_axis {
                    style::GRID_AXIS
                } else {
                    style::GRID
                },
                width: style.grid_width,
            });
        }
    };
    let mut x = x0;
    while x <= x1 {
        line([x, y, z0], [x, y, z1], x == 0.0);
        x += 1.0;
    }
    let mut z = z0;
    while z <= z1 {
        line([x0, y, z], [x1, y, z], z == 0.0);
        z += 1.0;
    }
}

/// The scene of frame `frame_index` of a 3D clip seen by `camera` in `viewport`.
#[must_use]
pub fn build_3d(
    clip: &Clip,
    frame_index: usize,
    stage: &Stage,
    camera: &OrbitCamera,
    viewport: &ScreenRect,
    style: &Style,
) -> Scene {
    let mut scene = Scene::default();
    if !viewport.is_usable() {
        return scene;
    }
    add_ground_grid(&mut scene, stage, camera, viewport, style);
    let place = |p: [f32; 3]| {
        let world = stage.frame.from_file(p);
        camera
            .screen_from_world(world, viewport)
            .map(|s| (s, camera.depth_of(world)))
    };
    let metres_per_unit = Some(stage.frame.metres_per_unit);
    add_people(
        &mut scene,
        clip,
        frame_index,
        style,
        metres_per_unit,
        &place,
    );
    add_nothing_visible_note(&mut scene, viewport, style);
    add_legend(&mut scene, viewport, style);
    let (text, colour) = if stage.scale_source.is_estimated() {
        (
            "grid 1 m · scale estimated from body height".to_owned(),
            style::TEXT_WARN,
        )
    } else {
        ("grid 1 m".to_owned(), style::TEXT)
    };
    add_corner_note(&mut scene, viewport, style, text, colour);
    scene
}

/// A round grid step (1, 2 or 5 × 10^k image pixels) that is at least `min_screen_px` apart on
/// screen at `scale` screen pixels per image pixel.
#[must_use]
pub fn nice_step_px(scale: f32, min_screen_px: f32) -> f32 {
    let want = (min_screen_px / scale.max(1e-6)).max(1e-3);
    let mut step = 10_f32.powi(want.log10().floor() as i32);
    for factor in [1.0, 2.0, 5.0, 10.0] {
        if step * factor >= want {
            step *= factor;
            break;
        }
    }
    step
}

/// The scene of frame `frame_index` of a 2D clip in image space (y down).
#[must_use]
pub fn build_2d(
    clip: &Clip,
    frame_index: usize,
    view: &View2d,
    viewport: &ScreenRect,
    style: &Style,
) -> Scene {
    let mut scene = Scene::default();
    if !viewport.is_usable() {
        return scene;
    }
    let step = nice_step_px(view.scale(viewport), 60.0);
    let lo = view.image_from_screen(viewport.min, viewport);
    let hi = view.image_from_screen(viewport.max, viewport);
    let lines = ((hi[0] - lo[0]) / step).abs() + ((hi[1] - lo[1]) / step).abs();
    if lines.is_finite() && lines < 400.0 {
        let mut x = (lo[0] / step).ceil() * step;
        while x <= hi[0] {
            if let (Some(a), Some(b)) = (
                view.screen_from_image([x, lo[1]], viewport),
                view.screen_from_image([x, hi[1]], viewport),
            ) {
                let colour = if x == 0.0 {
                    style::GRID_AXIS
                } else {
                    style::GRID
                };
                scene.grid.push(Segment {
                    a,
                    b,
                    colour,
                    width: style.grid_width,
                });
            }
            x += step;
        }
        let mut y = (lo[1] / step).ceil() * step;
        while y <= hi[1] {
            if let (Some(a), Some(b)) = (
                view.screen_from_image([lo[0], y], viewport),
                view.screen_from_image([hi[0], y], viewport),
            ) {
                let colour = if y == 0.0 {
                    style::GRID_AXIS
                } else {
                    style::GRID
                };
                scene.grid.push(Segment {
                    a,
                    b,
                    colour,
                    width: style.grid_width,
                });
            }
            y += step;
        }
    }
    let place = |p: [f32; 3]| {
        view.screen_from_image([p[0], p[1]], viewport)
            .map(|s| (s, 0.0))
    };
    add_people(&mut scene, clip, frame_index, style, None, &place);
    add_nothing_visible_note(&mut scene, viewport, style);
    add_legend(&mut scene, viewport, style);
    add_corner_note(
        &mut scene,
        viewport,
        style,
        format!("image pixels, y down · grid {step} px"),
        style::TEXT,
    );
    scene
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Bone, ClipMeta, FormatId, LayoutId, PosesBuilder, Side, Space, Units, UpAxis,
    };

    /// A three-joint chain: left hip (0) – left knee (1) – right knee (2), Y up, metres.
    fn chain(knee: [f32; 3]) -> Clip {
        let skeleton = Skeleton::with_sides(
            vec!["hip".into(), "knee".into(), "other".into()],
            vec![Bone { from: 0, to: 1 }, Bone { from: 1, to: 2 }],
            vec![Side::Left, Side::Left, Side::Right],
            LayoutId::FromFile,
        );
        let mut b = PosesBuilder::new(3, 3, false, false);
        b.begin_frame();
        b.push_person(
            &[0.0, 1.0, 0.0, knee[0], knee[1], knee[2], 0.3, 0.5, 0.0],
            None,
            None,
        );
        Clip::new(
            skeleton,
            Some(30.0),
            Space::world(Units::M, UpAxis::Y),
            b.finish(),
            ClipMeta::new("chain", FormatId::Bvh),
        )
    }

    fn vp() -> ScreenRect {
        ScreenRect::from_min_size([0.0, 0.0], [640.0, 400.0])
    }

    #[test]
    fn bones_and_joints_of_a_full_frame() {
        let clip = chain([0.0, 0.5, 0.0]);
        let stage = Stage::of_clip(&clip);
        let camera = fit_camera(&clip, &stage, 0, &OrbitCamera::default(), &vp());
        let scene = build_3d(&clip, 0, &stage, &camera, &vp(), &Style::default());
        assert_eq!(scene.segments.len(), 2);
        assert_eq!(scene.discs.len(), 3);
        // Hip–knee is a left bone; knee–other joins left and right: centre.
        let colours: Vec<Rgba> = scene.segments.iter().map(|s| s.colour).collect();
        assert!(colours.contains(&style::LEFT));
        assert!(colours.contains(&style::CENTRE));
        assert!(!scene.grid.is_empty());
        assert!(scene.labels.iter().any(|l| l.text == "grid 1 m"));
    }

    #[test]
    fn a_missing_joint_has_no_disc_and_no_bones() {
        let clip = chain([f32::NAN, f32::NAN, f32::NAN]);
        let stage = Stage::of_clip(&clip);
        let camera = fit_camera(&clip, &stage, 0, &OrbitCamera::default(), &vp());
        let scene = build_3d(&clip, 0, &stage, &camera, &vp(), &Style::default());
        assert!(scene.segments.is_empty(), "{:?}", scene.segments);
        assert_eq!(scene.discs.len(), 2);
        assert!(!scene.labels.iter().any(|l| l.text.starts_with("no joint")));
        assert!(scene.discs.iter().all(|d| d.joint.joint != 1));
        let view = fit_2d(&clip);
        let scene = build_2d(&clip, 0, &view, &vp(), &Style::default());
        assert!(scene.segments.is_empty());
    }

    #[test]
    fn the_fitted_athlete_is_centred_and_upright() {
        // A 1.8 m pole from (0,0,0) to (0,1.8,0), Z up in millimetres this time.
        let skeleton = Skeleton::from_names_and_bones(
            vec!["foot".into(), "head".into()],
            vec![Bone { from: 0, to: 1 }],
            LayoutId::FromFile,
        );
        let mut b = PosesBuilder::new(2, 3, false, false);
        b.begin_frame();
        b.push_person(&[0.0, 0.0, 0.0, 0.0, 0.0, 1800.0], None, None);
        let clip = Clip::new(
            skeleton,
            Some(30.0),
            Space::world(Units::Mm, UpAxis::Z),
            b.finish(),
            ClipMeta::new("pole", FormatId::C3d),
        );
        let stage = Stage::of_clip(&clip);
        let base = OrbitCamera::default().with_preset(super::super::camera::Preset::Front);
        let camera = fit_camera(&clip, &stage, 0, &base, &vp());
        let scene = build_3d(&clip, 0, &stage, &camera, &vp(), &Style::default());
        let foot = scene
            .discs
            .iter()
            .find(|d| d.joint.joint == 0)
            .unwrap()
            .centre;
        let head = scene
            .discs
            .iter()
            .find(|d| d.joint.joint == 1)
            .unwrap()
            .centre;
        assert!(head[1] < foot[1], "head above feet: {head:?} {foot:?}");
        assert!((head[0] - 320.0).abs() < 1.0 && (foot[0] - 320.0).abs() < 1.0);
        let mid = (head[1] + foot[1]) * 0.5;
        assert!((mid - 200.0).abs() < 20.0, "{mid}");
        assert!(
            foot[1] - head[1] > 250.0,
            "fills the view: {}",
            foot[1] - head[1]
        );
    }

    #[test]
    fn an_empty_frame_says_so() {
        let clip = chain([f32::NAN; 3]);
        let mut b = PosesBuilder::new(3, 3, false, false);
        b.begin_frame();
        let empty = Clip::new(
            clip.skeleton.clone(),
            Some(30.0),
            clip.space,
            b.finish(),
            ClipMeta::new("empty", FormatId::C3d),
        );
        let stage = Stage::of_clip(&empty);
        let camera = fit_camera(&empty, &stage, 0, &OrbitCamera::default(), &vp());
        let scene = build_3d(&empty, 0, &stage, &camera, &vp(), &Style::default());
        assert!(scene.discs.is_empty());
        let note = scene
            .labels
            .iter()
            .find(|l| l.text == "no joint visible in this frame");
        assert_eq!(note.map(|l| l.pos), Some([320.0, 200.0]));
    }

    #[test]
    fn two_d_keeps_y_down() {
        let skeleton = Skeleton::from_names_and_bones(
            vec!["top".into(), "bottom".into()],
            vec![Bone { from: 0, to: 1 }],
            LayoutId::FromFile,
        );
        let mut b = PosesBuilder::new(2, 2, false, false);
        b.begin_frame();
        b.push_person(&[100.0, 50.0, 100.0, 250.0], None, None);
        let clip = Clip::new(
            skeleton,
            None,
            Space::image_px(),
            b.finish(),
            ClipMeta::new("img", FormatId::Npy),
        );
        let view = fit_2d(&clip);
        let scene = build_2d(&clip, 0, &view, &vp(), &Style::default());
        let top = scene
            .discs
            .iter()
            .find(|d| d.joint.joint == 0)
            .unwrap()
            .centre;
        let bottom = scene
            .discs
            .iter()
            .find(|d| d.joint.joint == 1)
            .unwrap()
            .centre;
        assert!(top[1] < bottom[1]);
        assert!((top[0] - 320.0).abs() < 1e-3);
    }

    #[test]
    fn nice_steps() {
        for (scale, want) in [(1.0, 100.0), (2.0, 50.0), (0.1, 1000.0), (0.5, 200.0)] {
            let step = nice_step_px(scale, 60.0);
            assert!((step - want).abs() < 1e-3, "{scale}: {step}");
        }
    }
}
