//! The timeline under the view: play/pause, frame steps, a scrub slider, time and frame, loop.

use egui::{RichText, Slider, Ui};

use super::icons::{self, Icon};
use super::playback::Playback;

/// What the timeline keeps between frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimelineState {
    /// Playback was running when scrubbing started, so it resumes on release.
    resume_after_scrub: bool,
}

/// The position as the timeline shows it: `1.234 s · frame 74 / 524` (frames count from 0).
#[must_use]
pub fn position_text(playback: &Playback) -> String {
    format!(
        "{:.3} s · frame {} / {}",
        playback.frame_time_s(),
        playback.frame(),
        playback.frame_count()
    )
}

/// Shows the timeline for `playback`: a full-width scrub slider, then the buttons and the
/// position.
pub fn show(ui: &mut Ui, playback: &mut Playback, state: &mut TimelineState) {
    ui.spacing_mut().slider_width = ui.available_width();
    let last = playback.frame_count().saturating_sub(1);
    let mut frame = playback.frame();
    let response = ui.add_enabled(
        playback.frame_count() > 1,
        Slider::new(&mut frame, 0..=last).show_value(false),
    );
    if response.drag_started() {
        state.resume_after_scrub = playback.is_playing();
        playback.pause();
    }
    if response.changed() {
        playback.seek_frame(frame);
    }
    if response.drag_stopped() && state.resume_after_scrub {
        state.resume_after_scrub = false;
        playback.play();
    }
    ui.horizontal(|ui| {
        let size = egui::vec2(30.0, 24.0);
        if icons::button(ui, Icon::StepBack, size, "Previous frame")
            .on_hover_text("Previous frame (Left arrow)")
            .clicked()
        {
            playback.step(-1);
        }
        let (icon, name) = if playback.is_playing() {
            (Icon::Pause, "Pause")
        } else {
            (Icon::Play, "Play")
        };
        if icons::button(ui, icon, size, name)
            .on_hover_text("Play / pause (Space)")
            .clicked()
        {
            playback.toggle();
        }
        if icons::button(ui, Icon::StepForward, size, "Next frame")
            .on_hover_text("Next frame (Right arrow)")
            .clicked()
        {
            playback.step(1);
        }
        let mut looping = playback.is_looping();
        if ui.checkbox(&mut looping, "Loop").changed() {
            playback.set_looping(looping);
        }
        ui.add_space(8.0);
        let label = ui.label(RichText::new(position_text(playback)).monospace());
        response.labelled_by(label.id);
        // The keys, when there is room for them (never over the position).
        let keys = "Space: play/pause · Left/Right: step · Home/End";
        let room = ui.available_width();
        let needed = keys.len() as f32 * 7.0 + 16.0;
        if room >= needed {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(keys);
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_seconds_and_frames() {
        let mut playback = Playback::new(524, 60.0);
        playback.seek_frame(74);
        assert_eq!(position_text(&playback), "1.233 s · frame 74 / 524");
    }
}
