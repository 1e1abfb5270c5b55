//! Small transport icons (play, pause, step) drawn as shapes: egui's default fonts carry no
//! media symbols, and shapes look the same on every machine.

use egui::{Color32, Pos2, Response, Sense, Shape, Stroke, Ui, Vec2, pos2, vec2};

/// Which icon to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    /// A right-pointing triangle.
    Play,
    /// Two bars.
    Pause,
    /// A bar and a left-pointing triangle.
    StepBack,
    /// A right-pointing triangle and a bar.
    StepForward,
    /// A bar and two left-pointing triangles (jump to the start).
    ToStart,
    /// Two right-pointing triangles and a bar (jump to the end).
    ToEnd,
}

fn triangle(centre: Pos2, half: f32, right: bool, colour: Color32) -> Shape {
    let s = if right { 1.0 } else { -1.0 };
    Shape::convex_polygon(
        vec![
            centre + vec2(-s * half * 0.8, -half),
            centre + vec2(s * half * 0.9, 0.0),
            centre + vec2(-s * half * 0.8, half),
        ],
        colour,
        Stroke::NONE,
    )
}

fn bar(centre: Pos2, half_h: f32, width: f32, colour: Color32) -> Shape {
    Shape::rect_filled(
        egui::Rect::from_center_size(centre, vec2(width, half_h * 2.0)),
        0.0,
        colour,
    )
}

/// A button showing `icon`, named `name` for screen readers; returns its response.
pub fn button(ui: &mut Ui, icon: Icon, size: Vec2, name: &str) -> Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        ui.painter()
            .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        let c = rect.center();
        let half = rect.height() * 0.25;
        let colour = visuals.fg_stroke.color;
        let shapes = match icon {
            Icon::Play => vec![triangle(c, half, true, colour)],
            Icon::Pause => vec![
                bar(c - vec2(half * 0.45, 0.0), half, half * 0.5, colour),
                bar(c + vec2(half * 0.45, 0.0), half, half * 0.5, colour),
            ],
            Icon::StepBack => vec![
                bar(pos2(c.x - half * 0.9, c.y), half, half * 0.3, colour),
                triangle(c + vec2(half * 0.25, 0.0), half, false, colour),
            ],
            Icon::StepForward => vec![
                triangle(c - vec2(half * 0.25, 0.0), half, true, colour),
                bar(pos2(c.x + half * 0.9, c.y), half, half * 0.3, colour),
            ],
            Icon::ToStart => vec![
                bar(pos2(c.x - half * 1.3, c.y), half, half * 0.3, colour),
                triangle(c - vec2(half * 0.2, 0.0), half * 0.8, false, colour),
                triangle(c + vec2(half * 0.9, 0.0), half * 0.8, false, colour),
            ],
            Icon::ToEnd => vec![
                triangle(c - vec2(half * 0.9, 0.0), half * 0.8, true, colour),
                triangle(c + vec2(half * 0.2, 0.0), half * 0.8, true, colour),
                bar(pos2(c.x + half * 1.3, c.y), half, half * 0.3, colour),
            ],
        };
        ui.painter().extend(shapes);
    }
    response
}
