//! What the 2D and 3D views share once their camera is set: the frame's scene with the trails,
//! onion skin and measures added, painted with the steering hint; then the hovered joint, the
//! Measure panel's and the connect-markers tool's clicks. The painted scene is kept for the tests
//! that compare it with `posedeck render`.

use egui::{Painter, Response};

use crate::model::Clip;
use crate::render::view::Projector;
use crate::scene::{Scene, Style};

use super::entry::LoadedClip;
use super::look::Look;
use super::measure::decorate;
use super::view3d::{hints, screen_rect};
use super::{connect, hover, painter};

/// Says, in the middle of the view, that the frame is still being read.
fn reading_note(painter: &Painter, rect: egui::Rect, frame: usize, fraction: f32) {
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        format!(
            "Reading frame {frame}… ({:.0} % of the clip read)",
            fraction * 100.0
        ),
        egui::FontId::proportional(16.0),
        egui::Color32::from_gray(200),
    );
}

/// Draws `loaded` at its current frame in the view `response` covers. `build` makes the frame's
/// scene (the 2D or 3D one) from the clip shown (cleaned when clean-up is on); `projector` places
/// file points on screen; `hint` says how to steer the view.
pub fn draw(
    response: &Response,
    painter: &Painter,
    loaded: &mut LoadedClip,
    look: &Look,
    projector: &Projector,
    build: impl FnOnce(&Clip, usize, &Style) -> Scene,
    hint: &str,
) {
    let viewport = screen_rect(response.rect);
    let frame = loaded.playback.frame();
    let style = look.style(loaded.figure);
    loaded.view_size = [response.rect.width(), response.rect.height()];
    let shown = loaded.measure.shown(&loaded.clip);
    let mut built = build(shown, frame, &style);
    look.filter_labels(&mut built);
    let place = |p: [f32; 3]| projector.place(p).map(|(screen, _)| screen);
    loaded
        .tools
        .decorate(&mut built, shown, frame, look, &style, &place);
    decorate::add_to_scene(
        &mut built,
        shown,
        &loaded.measure,
        frame,
        projector,
        &viewport,
        &style,
    );
    let painter = painter.with_clip_rect(response.rect);
    painter::paint(&painter, &built);
    hints(&painter, response.rect, hint);
    if loaded.frame_missing(frame) {
        loaded.want_frame(frame);
        reading_note(&painter, response.rect, frame, loaded.read_fraction());
    } else {
        if loaded.drawn_frame.is_none() {
            loaded.first_frame_shown();
        }
        loaded.drawn_frame = Some(frame);
    }
    decorate::paint_extras(
        &painter,
        response.rect,
        &built,
        &loaded.measure,
        frame,
        projector,
    );
    hover::show(response, &painter, &built, shown, frame);
    decorate::handle_pick(response, &built, &mut loaded.measure);
    connect::handle(response, &painter, &built, loaded);
    loaded.painted = Some((viewport, built));
}
