//! What measuring adds to the view: values on the body (scene labels, placed as `render
//! --angles` places them), the conventions of the values shown, joint colours by confidence,
//! the clean-up note, the athlete read-out, and picking joints for custom measurements.

use egui::{Align2, Color32, FontId, Painter, Pos2, Response, Stroke};

use crate::analysis::body::{BodyMap, Landmark};
use crate::analysis::measure::{Anchor as ValueAnchor, AngleDef, Quantity};
use crate::model::{Clip, Side};
use crate::render::body_labels::{BodyLabel, add_body_labels};
use crate::render::view::Projector;
use crate::scene::{Anchor, Label, Scene, ScreenRect, Style, confidence, style};

use super::metrics::draw_readout;
use super::units::LengthUnit;
use super::{MeasureState, PlotSeries};

/// Extra pixels around a joint's dot that still count as clicking it.
const PICK_SLACK_PX: f32 = 6.0;

/// A short name for the value on the body: `knee`, `hip`, `∠`, `v`...
fn short_name(q: Quantity, names: &[String]) -> String {
    let angle = |def: AngleDef| match def {
        AngleDef::Preset(_) => def
            .preset()
            .map(|p| {
                let base = p
                    .name
                    .trim_start_matches("left ")
                    .trim_start_matches("right ");
                base.split(' ').next().unwrap_or(base).to_owned()
            })
            .unwrap_or_default(),
        AngleDef::ThreeJoints { .. } => "angle".to_owned(),
        AngleDef::SegmentToVertical { .. } => "to vertical".to_owned(),
        AngleDef::SegmentToHorizontal { .. } => "to horizontal".to_owned(),
    };
    match q {
        Quantity::Angle(def) => angle(def),
        Quantity::AngularVelocity(def) => format!("ω {}", angle(def)),
        Quantity::Distance { .. } => String::new(),
        Quantity::Speed { joint } => format!("{} v", names.get(joint).map_or("", String::as_str)),
        Quantity::Acceleration { joint } => {
            format!("{} a", names.get(joint).map_or("", String::as_str))
        }
    }
}

/// The side a value belongs to, for its colour.
fn side_of(q: Quantity, clip: &Clip) -> Side {
    let def = match q {
        Quantity::Angle(def) | Quantity::AngularVelocity(def) => def,
        Quantity::Distance { .. } => return Side::Centre,
        Quantity::Speed { joint } | Quantity::Acceleration { joint } => {
            return clip.skeleton.side(joint);
        }
    };
    match def {
        AngleDef::Preset(_) => def.preset().map_or(Side::Centre, |p| {
            if p.name.starts_with("left") {
                Side::Left
            } else if p.name.starts_with("right") {
                Side::Right
            } else {
                Side::Centre
            }
        }),
        AngleDef::ThreeJoints { b, .. } => clip.skeleton.side(b),
        AngleDef::SegmentToVertical { from, .. } | AngleDef::SegmentToHorizontal { from, .. } => {
            clip.skeleton.side(from)
        }
    }
}

fn is_signed(q: Quantity) -> bool {
    match q {
        Quantity::Angle(def) => def.is_signed(),
        Quantity::AngularVelocity(_) => true,
        _ => false,
    }
}

/// The value of a plot series at `frame` (cleaned when cleaning is on).
fn value_at(series: &PlotSeries, frame: usize) -> Option<f32> {
    series
        .cleaned
        .as_ref()
        .unwrap_or(&series.raw)
        .get(frame)
        .copied()
        .filter(|v| v.is_finite())
}

/// Adds the measured values of `frame` on the body, their conventions and (when asked) the
/// confidence colours to `scene`. `clip` is the clip drawn.
pub fn add_to_scene(
    scene: &mut Scene,
    clip: &Clip,
    measure: &MeasureState,
    frame: usize,
    projector: &Projector,
    viewport: &ScreenRect,
    style: &Style,
) {
    if !measure.open {
        return;
    }
    if measure.confidence_colours {
        confidence::colour_joints(scene, clip, frame, viewport, style);
    }
    let map = BodyMap::new(&clip.skeleton);
    let names = clip.skeleton.names().to_vec();
    let person = clip
        .poses
        .frame(frame)
        .and_then(|f| f.person(measure.person));
    let mut labels = Vec::new();
    if let Some(person) = &person {
        let centre = map.point(person, Landmark::Pelvis);
        for (q, series) in measure.selected.iter().zip(measure.series()) {
            let Some(value) = value_at(series, frame) else {
                continue;
            };
            let (at, line) = match *q {
                Quantity::Angle(def) | Quantity::AngularVelocity(def) => {
                    let at = def.anchor().and_then(|a| match a {
                        ValueAnchor::Joint(j) => person.joint(j),
                        other => other.point(&map, person),
                    });
                    (at, None)
                }
                Quantity::Distance { a, b } => match (person.joint(a), person.joint(b)) {
                    (Some(pa), Some(pb)) => (
                        Some([0, 1, 2].map(|d| f32::midpoint(pa[d], pb[d]))),
                        Some((pa, pb)),
                    ),
                    _ => (None, None),
                },
                Quantity::Speed { joint } | Quantity::Acceleration { joint } => {
                    (person.joint(joint), None)
                }
            };
            let Some(at) = at else { continue };
            let number = LengthUnit::format(value, &series.unit, is_signed(*q));
            let name = short_name(*q, &names);
            let text = if name.is_empty() {
                number
            } else {
                format!("{name} {number}")
            };
            // The trunk's value sits beside the middle of the trunk, to the right (as render's).
            let direction = matches!(
                q,
                Quantity::Angle(def) | Quantity::AngularVelocity(def)
                    if matches!(def.anchor(), Some(ValueAnchor::Mid(..)))
            )
            .then_some([1.0, 0.0]);
            labels.push(BodyLabel {
                at,
                centre,
                direction,
                text,
                colour: style.palette.person(side_of(*q, clip), measure.person),
                line,
            });
        }
    }
    add_body_labels(scene, &labels, projector, style);
    add_conventions(scene, clip, measure, viewport, style);
}

/// One line per value shown: its name and convention, top left under the view's hints.
fn add_conventions(
    scene: &mut Scene,
    clip: &Clip,
    measure: &MeasureState,
    viewport: &ScreenRect,
    style: &Style,
) {
    let names = clip.skeleton.names();
    let plane = if clip.space.is_3d() {
        "3D"
    } else {
        "image plane"
    };
    let size = style.label_size * 0.8;
    // Bottom up from above the scale note: the clean-up note, then one line per convention
    // (left and right of the same preset share one).
    let mut y = viewport.max[1] - 8.0 - style.label_size * 1.4;
    if let Some(note) = measure.cleaning_note() {
        scene.labels.push(Label {
            pos: [viewport.min[0] + 10.0, y],
            text: note,
            colour: style::TEXT_WARN,
            size: style.label_size * 0.9,
            anchor: Anchor::LeftBottom,
        });
        y -= style.label_size * 1.3;
    }
    let mut lines: Vec<String> = Vec::new();
    for q in &measure.selected {
        let name = q.name(names);
        let name = name
            .strip_prefix("left ")
            .or_else(|| name.strip_prefix("right "))
            .unwrap_or(&name);
        // The view says the reading of the number (after the "; "); the panel says it all.
        let convention = q.convention();
        let short = convention.rsplit("; ").next().unwrap_or(convention);
        let line = format!("{name}: {short} · {plane}");
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    for line in lines.into_iter().rev() {
        scene.labels.push(Label {
            pos: [viewport.min[0] + 10.0, y],
            text: line,
            colour: style::TEXT.with_alpha(210),
            size,
            anchor: Anchor::LeftBottom,
        });
        y -= size * 1.3;
    }
}

/// Handles a click on a joint while picking a custom measurement.
pub fn handle_pick(response: &Response, scene: &Scene, measure: &mut MeasureState) {
    if !measure.open || measure.pick.is_none() || !response.clicked() {
        return;
    }
    if let Some(pos) = response.interact_pointer_pos()
        && let Some(id) = scene.joint_at([pos.x, pos.y], PICK_SLACK_PX)
    {
        measure.person = id.person;
        measure.picked(id.joint);
    }
}

/// Draws what is not a scene primitive: the pick prompt with the joints picked so far, and the
/// athlete read-out.
pub fn paint_extras(
    painter: &Painter,
    rect: egui::Rect,
    scene: &Scene,
    measure: &MeasureState,
    frame: usize,
    projector: &Projector,
) {
    if !measure.open {
        return;
    }
    if let Some(pick) = &measure.pick {
        for joint in &pick.joints {
            if let Some(d) = scene
                .discs
                .iter()
                .find(|d| d.joint.joint == *joint && d.joint.person == measure.person)
            {
                painter.circle_stroke(
                    Pos2::new(d.centre[0], d.centre[1]),
                    d.radius + 5.0,
                    Stroke::new(2.0, Color32::WHITE),
                );
            }
        }
        painter.text(
            Pos2::new(rect.center().x, rect.min.y + 30.0),
            Align2::CENTER_TOP,
            format!(
                "{} ({} of {}) · Esc: cancel",
                pick.kind.prompt(),
                pick.joints.len(),
                pick.kind.joints_needed()
            ),
            FontId::proportional(15.0),
            Color32::from_rgb(240, 228, 66),
        );
    }
    if let Some(metrics) = measure.metrics() {
        let com = metrics
            .com
            .get(frame)
            .and_then(|p| projector.place(*p))
            .map(|(s, _)| Pos2::new(s[0], s[1]));
        let athlete = scene
            .discs
            .iter()
            .filter(|d| d.joint.person == measure.person)
            .fold(egui::Rect::NOTHING, |r, d| {
                r.union(egui::Rect::from_center_size(
                    Pos2::new(d.centre[0], d.centre[1]),
                    egui::vec2(2.0 * d.radius, 2.0 * d.radius),
                ))
            });
        let athlete = if athlete.is_positive() {
            athlete
        } else {
            egui::Rect::from_center_size(com.unwrap_or_else(|| rect.center()), egui::Vec2::ZERO)
        };
        draw_readout(painter, rect, metrics, frame, com, athlete);
    }
}
