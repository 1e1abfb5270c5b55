//! The 2D view: image space (y down, aspect kept); drag to pan, wheel to zoom about the pointer,
//! double-click to reset.

use egui::{PointerButton, Sense, Ui};

use crate::scene;

use crate::render::view::Projector;

use super::entry::LoadedClip;
use super::look::Look;
use super::measure::decorate;
use super::view3d::{VIEW_BACKGROUND, hints, screen_rect};
use super::{connect, hover, painter};

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
    let frame = loaded.playback.frame();
    let style = look.style(loaded.figure);
    loaded.view_size = [response.rect.width(), response.rect.height()];
    let projector = Projector::Image {
        view: loaded.view2d,
        viewport,
    };
    let shown = loaded.measure.shown(&loaded.clip);
    let mut built = scene::build_2d(shown, frame, &loaded.view2d, &viewport, &style);
    look.filter_labels(&mut built);
    let view = loaded.view2d;
    let place = |p: [f32; 3]| view.screen_from_image([p[0], p[1]], &viewport);
    loaded
        .tools
        .decorate(&mut built, shown, frame, look, &style, &place);
    decorate::add_to_scene(
        &mut built,
        shown,
        &loaded.measure,
        frame,
        &projector,
        &viewport,
        &style,
    );
    let painter = painter.with_clip_rect(response.rect);
    painter::paint(&painter, &built);
    hints(
        &painter,
        response.rect,
        "drag: pan · wheel: zoom · double-click: reset",
    );
    decorate::paint_extras(
        &painter,
        response.rect,
        &built,
        &loaded.measure,
        frame,
        &projector,
    );
    hover::show(&response, &painter, &built, shown, frame);
    decorate::handle_pick(&response, &built, &mut loaded.measure);
    connect::handle(&response, &painter, &built, loaded);
    loaded.painted = Some((viewport, built));
}
