//! The clip list in the left panel: name, format, frames, duration and rate of each clip;
//! files that could not be read show their error in red.

use std::fmt::Write as _;

use egui::{Color32, RichText, ScrollArea, Ui};

use super::entry::{ClipEntry, EntryState, LoadedClip};

/// Red for errors, readable on the dark theme.
pub const ERROR_RED: Color32 = Color32::from_rgb(255, 110, 100);

/// One line describing a loaded clip: `BVH · 3D · 524 frames · 8.73 s · 60 fps`.
#[must_use]
pub fn summary(loaded: &LoadedClip) -> String {
    let clip = &loaded.clip;
    let dims = if clip.space.is_3d() { "3D" } else { "2D" };
    let mut text = format!(
        "{} · {dims} · {} frames",
        clip.meta.format.label(),
        clip.frame_count()
    );
    match (clip.duration_s(), clip.frame_rate_hz) {
        (Some(duration), Some(rate)) => {
            let _ = write!(text, " · {duration:.2} s · {rate:.4} fps");
        }
        _ => text.push_str(" · no frame rate"),
    }
    // `60.0000 fps` reads better as `60 fps`.
    text.replace(".0000 fps", " fps")
}

/// Shows the list; clicking a row selects it. Returns the new selection when it changed.
pub fn show(
    ui: &mut Ui,
    entries: &[ClipEntry],
    selected: Option<usize>,
    notes: &[String],
) -> Option<usize> {
    let mut clicked = None;
    ScrollArea::vertical()
        .id_salt("clip_list")
        .max_height(ui.available_height() * 0.5)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (index, entry) in entries.iter().enumerate() {
                let is_selected = selected == Some(index);
                let response = ui
                    .selectable_label(is_selected, RichText::new(&entry.name).strong())
                    .on_hover_text(entry.path.display().to_string());
                if response.clicked() {
                    clicked = Some(index);
                }
                match &entry.state {
                    EntryState::Loading => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.weak("loading…");
                        });
                    }
                    EntryState::Ready(loaded) => {
                        ui.weak(summary(loaded));
                    }
                    EntryState::Failed(message) => {
                        // The row already names the file: show the reason without the path.
                        let prefix = format!("{}: ", entry.path.display());
                        let reason = message.strip_prefix(&prefix).unwrap_or(message);
                        ui.label(RichText::new(reason).color(ERROR_RED));
                    }
                }
                ui.add_space(4.0);
            }
            for note in notes {
                ui.label(RichText::new(note).color(ERROR_RED));
            }
        });
    clicked.filter(|&c| Some(c) != selected)
}
