//! The 3D view: orbit by dragging, pan with the right (or middle) button, zoom with the wheel,
//! double-click to reset.

use egui::{Color32, PointerButton, Sense, Ui};

use crate::scene::{self, Preset, ScreenRect, style};

use crate::render::view::Projector;

use super::entry::LoadedClip;
use super::look::Look;
use super::view_layers;

/// Radians of orbit per pixel dragged.
const ORBIT_RAD_PER_PX: f32 = 0.008;

/// Background of the views, a little darker than the panels (the rendered pictures' too).
pub const VIEW_BACKGROUND: Color32 = Color32::from_rgb(
    style::BACKGROUND.0[0],
    style::BACKGROUND.0[1],
    style::BACKGROUND.0[2],
);

/// The view rectangle as a scene rectangle.
pub fn screen_rect(rect: egui::Rect) -> ScreenRect {
    ScreenRect {
        min: [rect.min.x, rect.min.y],
        max: [rect.max.x, rect.max.y],
    }
}

/// Shows the 3D view of `loaded` at its current frame, filling the space left in `ui`.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip, look: &Look) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let viewport = screen_rect(response.rect);
    painter.rect_filled(response.rect, 0.0, VIEW_BACKGROUND);
    let frame = loaded.playback.frame();
    let stage = loaded.stage();
    let camera_now = |loaded: &LoadedClip| {
        let mut camera =
            scene::fit_camera(&loaded.clip, &stage, frame, &loaded.view3d.base, &viewport);
        camera.distance /= loaded.view3d.zoom.max(1e-3);
        for (t, p) in camera.target.iter_mut().zip(loaded.view3d.pan_m) {
            *t += p;
        }
        camera
    };

    let delta = response.drag_delta();
    if response.dragged_by(PointerButton::Primary) {
        loaded
            .view3d
            .base
            .orbit(-delta.x * ORBIT_RAD_PER_PX, delta.y * ORBIT_RAD_PER_PX);
    }
    if response.dragged_by(PointerButton::Secondary) || response.dragged_by(PointerButton::Middle) {
        let before = camera_now(loaded);
        let mut after = before;
        after.pan_by_pixels(delta.x, delta.y, &viewport);
        for axis in 0..3 {
            loaded.view3d.pan_m[axis] += after.target[axis] - before.target[axis];
        }
    }
    if response.hovered() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll * 0.002).exp() * pinch;
        if factor.is_finite() && factor > 0.0 {
            loaded.view3d.zoom = (loaded.view3d.zoom * factor).clamp(0.05, 50.0);
        }
    }
    if response.double_clicked() {
        loaded.view3d.set_preset(Preset::ThreeQuarter);
    }

    let camera = camera_now(loaded);
    let projector = Projector::World {
        frame: stage.frame,
        camera,
        viewport,
    };
    view_layers::draw(
        &response,
        &painter,
        loaded,
        look,
        &projector,
        |clip, frame, style| scene::build_3d(clip, frame, &stage, &camera, &viewport, style),
        "drag: orbit · right-drag: pan · wheel: zoom · double-click: reset",
    );
}

/// How to steer the view, in small grey text in the top-left corner (left out when the view is
/// too narrow for it and the legend, e.g. two views side by side).
pub fn hints(painter: &egui::Painter, rect: egui::Rect, text: &str) {
    // Not in a narrow view, where they would run into the legend.
    if rect.width() < text.chars().count() as f32 * 6.0 + 120.0 {
        return;
    }
    painter.text(
        rect.min + egui::vec2(10.0, 8.0),
        egui::Align2::LEFT_TOP,
        text,
        egui::FontId::proportional(12.0),
        Color32::from_gray(140),
    );
}
