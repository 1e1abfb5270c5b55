//! The 2D view: image space (y down, aspect kept); drag to pan, wheel to zoom about the pointer,
//! double-click to reset.

use egui::{PointerButton, Sense, Ui};

use crate::scene;

use crate::render::view::Projector;

use super::entry::LoadedClip;
use super::look::Look;
use super::view_layers;
use super::view3d::{VIEW_BACKGROUND, screen_rect};

/// Shows the 2D view of `loaded` at its current frame, filling the space left in `ui`.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip, look: &Look) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let viewport = screen_rect(response.rect);
    painter.rect_filled(response.rect, 0.0, VIEW_BACKGROUND);
    let view = &mut loaded.view2d;
    if response.dragged_by(PointerButton::Primary)
        || response.dragged_by(PointerButton::Secondary)
        || response.dragged_by(PointerButton::Middle)
    {
        let d = response.drag_delta();
        view.pan[0] += d.x;
        view.pan[1] += d.y;
    }
    if let Some(pointer) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll * 0.002).exp() * pinch;
        if (factor - 1.0).abs() > 1e-6 {
            view.zoom_about(factor, [pointer.x, pointer.y], &viewport);
        }
    }
    if response.double_clicked() {
        view.reset();
    }
    let view = loaded.view2d;
    let projector = Projector::Image { view, viewport };
    view_layers::draw(
        &response,
        &painter,
        loaded,
        look,
        &projector,
        |clip, frame, style| scene::build_2d(clip, frame, &view, &viewport, style),
        "drag: pan · wheel: zoom · double-click: reset",
    );
}
