//! The joint under the pointer: a ring around it and its name in a tooltip.

use std::fmt::Write as _;

use egui::{Color32, Painter, Pos2, Response, Stroke};

use crate::model::{Clip, Side};
use crate::scene::Scene;

/// Extra pixels around a joint's dot that still count as pointing at it.
const SLACK_PX: f32 = 5.0;

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Centre => "centre",
    }
}

/// Highlights the joint under the pointer and names it in a tooltip.
pub fn show(response: &Response, painter: &Painter, scene: &Scene, clip: &Clip, frame: usize) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let Some(id) = scene.joint_at([pointer.x, pointer.y], SLACK_PX) else {
        return;
    };
    if let Some(disc) = scene.discs.iter().find(|d| d.joint == id) {
        painter.circle_stroke(
            Pos2::new(disc.centre[0], disc.centre[1]),
            disc.radius + 3.0,
            Stroke::new(1.5, Color32::WHITE),
        );
    }
    let name = clip.skeleton.name(id.joint);
    let side = side_word(clip.skeleton.side(id.joint));
    let mut text = format!("{name} ({side})");
    let person = clip.poses.frame(frame).and_then(|f| f.person(id.person));
    if clip.poses.max_people() > 1 {
        let _ = write!(text, "\nperson {}", id.person + 1);
    }
    if let Some([x, y, z]) = person.as_ref().and_then(|p| p.joint(id.joint)) {
        let units = clip.space.units.as_str();
        if clip.space.is_3d() {
            let _ = write!(text, "\nx {x:.3}, y {y:.3}, z {z:.3} {units}");
        } else {
            let _ = write!(text, "\nx {x:.1}, y {y:.1} {units}");
        }
    }
    if let Some(c) = person.as_ref().and_then(|p| p.confidence_of(id.joint)) {
        let _ = write!(text, "\nconfidence {c:.2}");
    }
    response.clone().on_hover_text_at_pointer(text);
}
