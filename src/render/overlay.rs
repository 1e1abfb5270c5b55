//! What a coach adds on top of a frame: trails of the extremities over the last seconds, and
//! joint-angle labels on the body.
//!
//! Both are added to a [`Scene`] as ordinary primitives (the trails by [`crate::scene::trail`],
//! which the viewer uses too), placed with the frame's
//! [`Projector`], so every renderer draws them. Angles are the presets of
//! [`crate::analysis::angles`], with the conventions written there; a caption in the picture's
//! bottom-right corner says them in short.

use crate::analysis::angles::{AngleKind, AnglePreset, presets_for};
use crate::analysis::body::{BodyMap, Landmark};
use crate::model::{Clip, Side};
use crate::scene::trail::{self, TrailSpan, Trails};
use crate::scene::{Anchor, Label, Rgba, Scene, ScreenRect, Style};

use super::body_labels::{BodyLabel, add_body_labels};
use super::view::Projector;

/// What to add to each frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Extras {
    /// Trails over this many seconds before the frame (`None` or ≤ 0: none).
    pub trail_s: Option<f64>,
    /// Joint-angle labels.
    pub angles: bool,
}

impl Extras {
    /// The caption a picture with these extras shows once, bottom right: the angle
    /// conventions in short.
    #[must_use]
    pub fn caption(&self, style: &Style, viewport: &ScreenRect) -> Option<Label> {
        // One line above the corner notes of the scene builders, so the two never collide.
        self.angles.then(|| Label {
            pos: [
                viewport.max[0] - 10.0,
                viewport.max[1] - 8.0 - style.label_size * 1.3,
            ],
            text: ANGLE_CAPTION.to_owned(),
            colour: Rgba::rgb(160, 160, 160),
            size: style.label_size * 0.8,
            anchor: Anchor::RightBottom,
        })
    }

    /// Adds the trails and angle labels of `frame` to `scene`.
    pub fn add(
        &self,
        scene: &mut Scene,
        clip: &Clip,
        frame: usize,
        projector: &Projector,
        style: &Style,
    ) {
        if !self.angles && self.trail_s.is_none_or(|s| s <= 0.0) {
            return;
        }
        let map = BodyMap::new(&clip.skeleton);
        if let Some(seconds) = self.trail_s.filter(|s| s.is_finite() && *s > 0.0) {
            let trails = Trails {
                points: trail::extremities(clip),
                window_s: seconds,
                span: TrailSpan::Past,
            };
            let place = |p: [f32; 3]| projector.place(p).map(|(s, _)| s);
            trails.add(scene, clip, frame, style, &place);
        }
        if self.angles {
            add_angles(scene, clip, &map, frame, projector, style);
        }
    }
}

/// The joint an angle is shown at, and a short name.
fn vertex_and_name(preset: &AnglePreset) -> (Landmark, &'static str) {
    match preset.kind {
        AngleKind::Flexion { b, .. } | AngleKind::Dorsiflexion { b, .. } => {
            let name = if preset.name.contains("knee") {
                "knee"
            } else if preset.name.contains("elbow") {
                "elbow"
            } else {
                "ankle"
            };
            (b, name)
        }
        AngleKind::Segments { b_from, .. } => {
            let name = if preset.name.contains("hip") {
                "hip"
            } else {
                "shoulder"
            };
            (b_from, name)
        }
        AngleKind::ToVertical { to, .. } => (to, "trunk"),
    }
}

/// The caption that says the conventions of the labels, in short.
pub const ANGLE_CAPTION: &str = "angles: knee, elbow 0° = straight · hip: thigh to trunk · \
shoulder: 0° = arm down · ankle: + = dorsiflexion · trunk: from vertical";

/// A label with each applicable angle (degrees) beside its joint, away from the body's centre,
/// in the side's colour (the trunk's beside the middle of the trunk); labels that would cover
/// one another are moved apart.
fn add_angles(
    scene: &mut Scene,
    clip: &Clip,
    map: &BodyMap,
    frame: usize,
    projector: &Projector,
    style: &Style,
) {
    let presets = presets_for(map);
    let Some(view) = clip.poses.frame(frame) else {
        return;
    };
    let mut labels = Vec::new();
    for (p, person) in view.persons().enumerate() {
        let centre = map.point(&person, Landmark::Pelvis);
        for preset in &presets {
            let Some(angle) = preset.angle_rad(map, &person, &clip.space) else {
                continue;
            };
            let (vertex, name) = vertex_and_name(preset);
            let (at, direction) = if let AngleKind::ToVertical { from, to } = preset.kind {
                // Beside the middle of the trunk, to the right.
                let (Some(a), Some(b)) = (map.point(&person, from), map.point(&person, to)) else {
                    continue;
                };
                (
                    [0, 1, 2].map(|d| f32::midpoint(a[d], b[d])),
                    Some([1.0, 0.0]),
                )
            } else {
                let Some(at) = map.point(&person, vertex) else {
                    continue;
                };
                (at, None)
            };
            let degrees = angle.to_degrees();
            let number = if matches!(preset.kind, AngleKind::Dorsiflexion { .. }) {
                format!("{degrees:+.0}")
            } else {
                format!("{degrees:.0}")
            };
            // A true minus sign, as in the conventions.
            let text = format!("{name} {}°", number.replace('-', "\u{2212}"));
            let side = if preset.name.starts_with("left") {
                Side::Left
            } else if preset.name.starts_with("right") {
                Side::Right
            } else {
                Side::Centre
            };
            let colour = if side == Side::Centre {
                crate::scene::style::TEXT
            } else {
                style.palette.person(side, p)
            };
            labels.push(BodyLabel {
                at,
                centre,
                direction,
                text,
                colour,
                line: None,
            });
        }
    }
    add_body_labels(scene, &labels, projector, style);
}

/// Offsets of the copies that make a label's halo, pixels.
pub(super) const HALO: [(f32, f32); 8] = [
    (-1.0, -1.0),
    (0.0, -1.0),
    (1.0, -1.0),
    (-1.0, 0.0),
    (1.0, 0.0),
    (-1.0, 1.0),
    (0.0, 1.0),
    (1.0, 1.0),
];

/// Colour of the halo: the background, nearly opaque.
pub(super) const HALO_COLOUR: Rgba = Rgba([18, 18, 18, 230]);

/// The approximate box of a label (min x, min y, max x, max y): Ubuntu Light averages about
/// half an em per character.
fn approx_box(label: &Label) -> [f32; 4] {
    let w = label.text.chars().count() as f32 * label.size * 0.52;
    let h = label.size * 1.15;
    let (fx, fy) = match label.anchor {
        Anchor::LeftTop => (0.0, 0.0),
        Anchor::LeftCenter => (0.0, 0.5),
        Anchor::LeftBottom => (0.0, 1.0),
        Anchor::CenterTop => (0.5, 0.0),
        Anchor::CenterCenter => (0.5, 0.5),
        Anchor::CenterBottom => (0.5, 1.0),
        Anchor::RightTop => (1.0, 0.0),
        Anchor::RightBottom => (1.0, 1.0),
    };
    let x0 = label.pos[0] - w * fx;
    let y0 = label.pos[1] - h * fy;
    [x0, y0, x0 + w, y0 + h]
}

/// Moves `label` down until it covers none of `placed` (at most a few dozen steps).
pub(super) fn make_room(label: &mut Label, placed: &[Label]) {
    for _ in 0..32 {
        let b = approx_box(label);
        let hit = placed
            .iter()
            .map(approx_box)
            .find(|p| b[0] < p[2] && p[0] < b[2] && b[1] < p[3] && p[1] < b[3]);
        match hit {
            Some(p) => label.pos[1] += p[3] - b[1] + 1.0,
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space, Units, UpAxis};
    use crate::render::view::{Shot, ViewChoice};
    use crate::scene::{Preset, Segment};

    /// H36M-17 with the left knee bent 90°, Y up, metres; the left wrist moves 0.1 m per frame.
    fn clip(frames: usize) -> Clip {
        let skeleton = LayoutId::H36m17.layout().unwrap().skeleton();
        let mut poses = PosesBuilder::new(17, 3, false, false);
        for f in 0..frames {
            let mut c = [0.0_f32; 17 * 3];
            let mut set = |j: usize, p: [f32; 3]| c[j * 3..j * 3 + 3].copy_from_slice(&p);
            set(0, [0.0, 1.0, 0.0]);
            set(1, [-0.1, 1.0, 0.0]);
            set(2, [-0.1, 0.55, 0.0]);
            set(3, [-0.1, 0.1, 0.0]);
            set(4, [0.1, 1.0, 0.0]);
            set(5, [0.1, 0.55, 0.0]);
            set(6, [0.1, 0.55, 0.45]);
            set(7, [0.0, 1.25, 0.0]);
            set(8, [0.0, 1.45, 0.0]);
            set(9, [0.0, 1.55, 0.0]);
            set(10, [0.0, 1.75, 0.0]);
            set(11, [0.2, 1.45, 0.0]);
            set(12, [0.2, 1.15, 0.0]);
            set(13, [0.2, 0.9, 0.1 * f as f32]);
            set(14, [-0.2, 1.45, 0.0]);
            set(15, [-0.2, 1.15, 0.0]);
            set(16, [-0.2, 0.9, 0.0]);
            poses.begin_frame();
            poses.push_person(&c, None, None);
        }
        Clip::new(
            skeleton,
            Some(10.0),
            Space::world(Units::M, UpAxis::Y),
            poses.finish(),
            ClipMeta::new("bent", FormatId::Npy),
        )
    }

    #[test]
    fn angle_labels_say_the_degrees_with_their_joint() {
        let clip = clip(1);
        let shot = Shot::new(&clip, ViewChoice::preset(Preset::Front)).unwrap();
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [640.0, 480.0]);
        let mut scene = shot.scene(0, &viewport, &Style::default());
        let before = scene.labels.len();
        let extras = Extras {
            trail_s: None,
            angles: true,
        };
        extras.add(
            &mut scene,
            &clip,
            0,
            &shot.projector(0, &viewport),
            &Style::default(),
        );
        let texts: Vec<&str> = scene.labels[before..]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert!(texts.contains(&"knee 90°"), "{texts:?}");
        assert!(texts.contains(&"knee 0°"), "{texts:?}");
        assert!(texts.contains(&"trunk 0°"), "{texts:?}");
        let caption = extras.caption(&Style::default(), &viewport).unwrap();
        assert_eq!(caption.text, ANGLE_CAPTION);
        // Each label comes after its halo of eight dark copies.
        let knees: Vec<&Label> = scene
            .labels
            .iter()
            .filter(|l| l.text == "knee 90°")
            .collect();
        assert_eq!(knees.len(), 9);
        assert!(knees[..8].iter().all(|l| l.colour == HALO_COLOUR));
        assert_eq!(knees[8].colour, crate::scene::style::LEFT);
    }

    #[test]
    fn labels_that_would_overlap_are_moved_apart() {
        let label = |y: f32| Label {
            pos: [0.0, y],
            text: "knee 40°".to_owned(),
            colour: Rgba::rgb(1, 1, 1),
            size: 12.0,
            anchor: Anchor::LeftTop,
        };
        let placed = vec![label(0.0)];
        let mut second = label(5.0);
        make_room(&mut second, &placed);
        // The first box ends at 12 × 1.15 = 13.8 px; the second starts one pixel lower.
        assert!((second.pos[1] - 14.8).abs() < 1e-4, "{:?}", second.pos);
        let mut far = label(40.0);
        make_room(&mut far, &placed);
        assert!((far.pos[1] - 40.0).abs() < f32::EPSILON);
    }

    #[test]
    fn trails_fade_towards_the_past() {
        let clip = clip(11);
        let shot = Shot::new(&clip, ViewChoice::preset(Preset::Side)).unwrap();
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [640.0, 480.0]);
        let mut scene = shot.scene(10, &viewport, &Style::default());
        let grid = scene.grid.len();
        let extras = Extras {
            trail_s: Some(0.5),
            angles: false,
        };
        extras.add(
            &mut scene,
            &clip,
            10,
            &shot.projector(10, &viewport),
            &Style::default(),
        );
        // 0.5 s at 10 fps: frames 5..=10, five segments per trailed point, five points.
        let trail = &scene.grid[grid..];
        assert_eq!(trail.len(), 25);
        let wrist: Vec<&Segment> = trail
            .iter()
            .filter(|s| s.colour.0[..3] == crate::scene::style::LEFT.0[..3])
            .filter(|s| (s.a[0] - s.b[0]).abs() > 1.0)
            .collect();
        assert_eq!(wrist.len(), 5, "{wrist:?}");
        assert!(
            wrist
                .windows(2)
                .all(|w| w[0].colour.0[3] < w[1].colour.0[3])
        );
        assert_eq!(wrist[4].colour.0[3], 220);
    }
}
