//! Draws scene primitives with `egui::Painter`.

use egui::{Align2, Color32, FontId, Painter, Pos2, Stroke};

use crate::scene::{Anchor, Rgba, Scene};

/// The egui colour of a scene colour.
#[must_use]
pub fn colour(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

fn pos(p: [f32; 2]) -> Pos2 {
    Pos2::new(p[0], p[1])
}

fn align(anchor: Anchor) -> Align2 {
    match anchor {
        Anchor::LeftTop => Align2::LEFT_TOP,
        Anchor::LeftCenter => Align2::LEFT_CENTER,
        Anchor::LeftBottom => Align2::LEFT_BOTTOM,
        Anchor::CenterTop => Align2::CENTER_TOP,
        Anchor::CenterCenter => Align2::CENTER_CENTER,
        Anchor::CenterBottom => Align2::CENTER_BOTTOM,
        Anchor::RightTop => Align2::RIGHT_TOP,
        Anchor::RightBottom => Align2::RIGHT_BOTTOM,
    }
}

/// Paints `scene` in order: grid, body capsules, bones, joints, labels (the order the `render`
/// command draws in).
pub fn paint(painter: &Painter, scene: &Scene) {
    for s in &scene.grid {
        painter.line_segment([pos(s.a), pos(s.b)], Stroke::new(s.width, colour(s.colour)));
    }
    for c in &scene.capsules {
        let points: Vec<Pos2> = c.outline().into_iter().map(pos).collect();
        if points.len() >= 3 {
            painter.add(egui::Shape::convex_polygon(
                points,
                colour(c.colour),
                Stroke::NONE,
            ));
        }
    }
    for s in &scene.segments {
        painter.line_segment([pos(s.a), pos(s.b)], Stroke::new(s.width, colour(s.colour)));
    }
    for d in scene.discs.iter().filter(|d| d.colour.0[3] > 0) {
        painter.circle_filled(pos(d.centre), d.radius, colour(d.colour));
    }
    for l in &scene.labels {
        painter.text(
            pos(l.pos),
            align(l.anchor),
            &l.text,
            FontId::proportional(l.size),
            colour(l.colour),
        );
    }
}
