//! The key frames panel: the clip's bookmarks in frame order, click to jump, and an editor for
//! the one selected (title, colour, note).

use egui::{Color32, RichText, Sense, Ui};

use super::clip_list::ERROR_RED;
use super::clip_settings::BOOKMARK_COLOURS;
use super::entry::LoadedClip;

fn colour32([r, g, b]: [u8; 3]) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// A small square of `colour`.
fn swatch(ui: &mut Ui, colour: [u8; 3], size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), Sense::click());
    ui.painter()
        .rect_filled(rect.shrink(1.0), 2.0, colour32(colour));
    response
}

/// Shows the panel's content for `loaded`.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip, saved_where: Option<&str>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Key frames");
        if ui
            .button("+ Add")
            .on_hover_text("Bookmark the frame shown (B)")
            .clicked()
        {
            let playback = &loaded.playback;
            loaded
                .tools
                .add_bookmark(playback.frame(), playback.frame_time_s());
        }
    });
    if let Some(notice) = loaded.tools.notice.clone() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(notice).color(ERROR_RED).small());
            if ui.small_button("OK").clicked() {
                loaded.tools.notice = None;
            }
        });
    }
    ui.separator();
    let rate = loaded.playback.rate_hz();
    let mut jump = None;
    if loaded.tools.settings.bookmarks.is_empty() {
        ui.weak("No key frames yet. Press B to bookmark the frame shown.");
    }
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() * 0.5)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (i, b) in loaded.tools.settings.bookmarks.iter().enumerate() {
                ui.horizontal(|ui| {
                    swatch(ui, b.colour, 12.0);
                    let selected = loaded.tools.selected_bookmark == Some(i);
                    let text = format!(
                        "{}  ·  {:.2} s, frame {}",
                        b.title,
                        b.frame as f64 / rate,
                        b.frame
                    );
                    if ui.selectable_label(selected, text).clicked() {
                        jump = Some(i);
                    }
                });
            }
        });
    if let Some(i) = jump
        && let Some(b) = loaded.tools.settings.bookmarks.get(i)
    {
        loaded.playback.pause();
        loaded.playback.seek_frame(b.frame);
        loaded.tools.selected_bookmark = Some(i);
    }
    editor(ui, loaded);
    ui.add_space(6.0);
    match saved_where {
        Some(path) => ui.weak("Saved in your settings folder").on_hover_text(path),
        None => ui.weak("Not saved: this clip is not a file on disk"),
    };
}

/// The editor of the selected bookmark.
fn editor(ui: &mut Ui, loaded: &mut LoadedClip) {
    let tools = &mut loaded.tools;
    let Some(index) = tools.selected_bookmark else {
        return;
    };
    let Some(bookmark) = tools.settings.bookmarks.get_mut(index) else {
        tools.selected_bookmark = None;
        return;
    };
    ui.separator();
    let mut changed = false;
    ui.label(RichText::new(format!("Frame {}", bookmark.frame)).strong());
    ui.horizontal(|ui| {
        let label = ui.label("Title");
        changed |= ui
            .add(egui::TextEdit::singleline(&mut bookmark.title).desired_width(f32::INFINITY))
            .labelled_by(label.id)
            .changed();
    });
    ui.horizontal(|ui| {
        ui.label("Colour");
        for colour in BOOKMARK_COLOURS {
            let r = swatch(ui, colour, 16.0);
            if bookmark.colour == colour {
                ui.painter().rect_stroke(
                    r.rect,
                    2.0,
                    egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Inside,
                );
            }
            if r.clicked() {
                bookmark.colour = colour;
                changed = true;
            }
        }
        changed |= ui.color_edit_button_srgb(&mut bookmark.colour).changed();
    });
    let label = ui.label("Note");
    changed |= ui
        .add(
            egui::TextEdit::multiline(&mut bookmark.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text("What happens here (e.g. right heel strike)"),
        )
        .labelled_by(label.id)
        .changed();
    let remove = ui.button("Delete this key frame").clicked();
    if changed {
        tools.dirty = true;
    }
    if remove {
        tools.remove_bookmark(index);
    }
}
