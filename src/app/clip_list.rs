//! The clip list in the left panel: name, format, frames, duration and rate of each clip;
//! files that could not be read show their error in red.

use std::fmt::Write as _;

use egui::{Color32, RichText, ScrollArea, Ui};

use super::entry::{ClipEntry, EntryState, LoadedClip};

/// Red for errors, readable on the dark theme.
pub const ERROR_RED: Color32 = Color32::from_rgb(255, 110, 100);

/// A frame rate as people say it: `120 fps` for 120.0005 (a file's rounded frame time),
/// `29.97 fps`, `107.527 fps`.
#[must_use]
pub fn rate_text(rate_hz: f64) -> String {
    if (rate_hz - rate_hz.round()).abs() < 0.01 {
        format!("{rate_hz:.0} fps")
    } else {
        let text = format!("{rate_hz:.3}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("{text} fps")
    }
}

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
            let _ = write!(text, " · {duration:.2} s · {}", rate_text(rate));
        }
        _ => text.push_str(" · no frame rate"),
    }
    text
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
                        if loaded.is_reading() {
                            let fraction = loaded.read_fraction();
                            ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_height(14.0)
                                    .text(format!("reading frames {:.0} %", fraction * 100.0)),
                            );
                        }
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

#[cfg(test)]
mod tests {
    use super::rate_text;

    #[test]
    fn rates_read_as_people_say_them() {
        assert_eq!(rate_text(120.000_48), "120 fps");
        assert_eq!(rate_text(30.0), "30 fps");
        assert_eq!(rate_text(29.97), "29.97 fps");
        assert_eq!(rate_text(107.527), "107.527 fps");
    }
}
