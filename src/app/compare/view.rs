//! The compare view: the arrangement bar, then the two clips side by side, one above the
//! other, or overlaid; the difference plot underneath when shown.

use egui::{Align2, Color32, FontId, Rect, RichText, Ui, UiBuilder};

use crate::analysis::spatial::SizeMatch;
use crate::scene::style::Palette;

use super::super::entry::{ClipEntry, LoadedClip};
use super::super::look::Look;
use super::super::painter;
use super::super::{view2d, view3d};
use super::overlay::{self, OverlayLook};
use super::{Arrangement, CompareState, pair_mut, plot};

/// Height of the difference plot, points.
const PLOT_HEIGHT: f32 = 170.0;

/// What the user asked for from the view's bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BarAction {
    /// Leave compare mode.
    pub exit: bool,
}

/// The bar over the view: arrangement, overlay options, plot switch, exit.
fn bar(ui: &mut Ui, state: &mut CompareState) -> BarAction {
    let mut action = BarAction::default();
    ui.horizontal_wrapped(|ui| {
        for arrangement in Arrangement::ALL {
            ui.selectable_value(&mut state.arrangement, arrangement, arrangement.label());
        }
        ui.separator();
        if state.arrangement == Arrangement::Overlay {
            let text = format!("B opacity {:.0} %", state.opacity * 100.0);
            ui.add(
                egui::Slider::new(&mut state.opacity, 0.1..=1.0)
                    .show_value(false)
                    .text(text),
            );
            ui.checkbox(&mut state.overlay.match_facing, "Match facing")
                .on_hover_text("Turn B about the vertical so both athletes face the same way");
            let label = ui.label("Size");
            egui::ComboBox::from_id_salt("compare_size")
                .selected_text(state.overlay.size.label())
                .show_ui(ui, |ui| {
                    for size in SizeMatch::ALL {
                        ui.selectable_value(&mut state.overlay.size, size, size.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
        }
        ui.checkbox(&mut state.show_plot, "Difference plot");
        if ui.button("Exit compare").clicked() {
            action.exit = true;
        }
    });
    action
}

/// Shows `loaded` in `rect` with a title naming it ("A name") over the view.
fn one(
    ui: &mut Ui,
    rect: Rect,
    loaded: &mut LoadedClip,
    look: &Look,
    tag: &str,
    note: Option<&str>,
) {
    let palette = if tag == "A" {
        Palette::STANDARD
    } else {
        Palette::SECOND
    };
    ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
        if loaded.is_3d() {
            view3d::show(ui, loaded, look);
        } else {
            view2d::show(ui, loaded, look);
        }
    });
    let painter = ui.painter_at(rect);
    let title = format!("{tag} {}", loaded.clip.meta.display_name());
    painter.text(
        rect.left_top() + egui::vec2(10.0, 26.0),
        Align2::LEFT_TOP,
        title,
        FontId::proportional(14.0),
        painter::colour(palette.left),
    );
    if let Some(note) = note {
        painter.text(
            rect.center_bottom() - egui::vec2(0.0, 28.0),
            Align2::CENTER_BOTTOM,
            note,
            FontId::proportional(13.0),
            Color32::from_gray(190),
        );
    }
}

/// "waiting to start" / "finished" when the clock is outside a clip.
fn outside_note(time_s: f64, loaded: &LoadedClip) -> Option<&'static str> {
    if time_s < 0.0 {
        Some("waiting to start")
    } else if time_s > loaded.playback.duration_s() {
        Some("finished")
    } else {
        None
    }
}

/// Shows the compare view in the space left in `ui`. Returns what the bar asked for.
pub fn show(
    ui: &mut Ui,
    state: &mut CompareState,
    entries: &mut [ClipEntry],
    look: &Look,
) -> BarAction {
    let action = bar(ui, state);
    ui.add_space(2.0);
    let Some((a, b)) = pair_mut(entries, state.a, state.b) else {
        ui.label(RichText::new("One of the compared clips is no longer loaded.").strong());
        return BarAction { exit: true };
    };
    let mut area = ui.available_rect_before_wrap();
    if state.show_plot {
        let plot_rect = Rect::from_min_max(
            egui::pos2(area.left(), area.bottom() - PLOT_HEIGHT),
            area.right_bottom(),
        );
        area.max.y = plot_rect.min.y - 4.0;
        ui.scope_builder(UiBuilder::new().max_rect(plot_rect), |ui| {
            plot::show(ui, state, a, b);
        });
    }
    let t = state.clock.time_s();
    let note_a = outside_note(state.link.a_time_s(t, a.playback.rate_hz()), a);
    let note_b = outside_note(state.link.b_time_s(t, b.playback.rate_hz()), b);
    match state.arrangement {
        Arrangement::SideBySide | Arrangement::TopBottom => {
            let gap = 2.0;
            let (first, second) = if state.arrangement == Arrangement::SideBySide {
                let mid = area.center().x;
                (
                    Rect::from_min_max(area.min, egui::pos2(mid - gap, area.max.y)),
                    Rect::from_min_max(egui::pos2(mid + gap, area.min.y), area.max),
                )
            } else {
                let mid = area.center().y;
                (
                    Rect::from_min_max(area.min, egui::pos2(area.max.x, mid - gap)),
                    Rect::from_min_max(egui::pos2(area.min.x, mid + gap), area.max),
                )
            };
            one(ui, first, a, look, "A", note_a);
            one(ui, second, b, look, "B", note_b);
        }
        Arrangement::Overlay => {
            let look = OverlayLook {
                shapes: &state.shapes,
                options: state.overlay,
                opacity: state.opacity,
            };
            ui.scope_builder(UiBuilder::new().max_rect(area), |ui| {
                overlay::show(ui, a, b, &look);
            });
        }
    }
    action
}
