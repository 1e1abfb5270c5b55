//! The linked timeline: one scrub slider over aligned time, play/pause, frame steps, speed,
//! loop and loop range, and where each clip is.

use egui::{RichText, Slider, Ui};

use super::super::entry::ClipEntry;
use super::super::icons::{self, Icon};
use super::clock::SPEEDS;
use super::{CompareState, pair_mut};

/// The position of one clip: `A 1.234 s · frame 123`.
fn position(tag: &str, time_s: f64, frame: usize) -> String {
    format!("{tag} {time_s:.3} s · frame {frame}")
}

/// The clock as the timeline shows it: `aligned 1.234 s` (negative before A starts).
fn clock_text(time_s: f64) -> String {
    format!("aligned {:.3} s", time_s + 0.0)
}

/// Shows the linked timeline.
pub fn show(ui: &mut Ui, state: &mut CompareState, entries: &mut [ClipEntry]) {
    let step = state.step_s(entries);
    let clock = &mut state.clock;
    let (start, end) = clock.span_s();
    ui.spacing_mut().slider_width = ui.available_width();
    let mut t = clock.time_s();
    let response = ui.add_enabled(
        end > start,
        Slider::new(&mut t, start..=end).show_value(false),
    );
    if response.changed() {
        clock.pause();
        clock.seek(t);
    }
    ui.horizontal_wrapped(|ui| {
        let size = egui::vec2(30.0, 24.0);
        if icons::button(ui, Icon::StepBack, size, "Previous frame").clicked() {
            clock.pause();
            clock.seek(clock.time_s() - step);
        }
        let (icon, name) = if clock.is_playing() {
            (Icon::Pause, "Pause")
        } else {
            (Icon::Play, "Play")
        };
        if icons::button(ui, icon, size, name)
            .on_hover_text("Play / pause both (Space)")
            .clicked()
        {
            clock.toggle();
        }
        if icons::button(ui, Icon::StepForward, size, "Next frame").clicked() {
            clock.pause();
            clock.seek(clock.time_s() + step);
        }
        let mut speed = clock.speed();
        let speed_label = ui.label("Speed");
        egui::ComboBox::from_id_salt("compare_speed")
            .selected_text(format!("×{speed}"))
            .width(60.0)
            .show_ui(ui, |ui| {
                for s in SPEEDS {
                    ui.selectable_value(&mut speed, s, format!("×{s}"));
                }
            })
            .response
            .labelled_by(speed_label.id);
        clock.set_speed(speed);
        let mut looping = clock.is_looping();
        if ui.checkbox(&mut looping, "Loop").changed() {
            clock.set_looping(looping);
        }
        if ui
            .small_button("In")
            .on_hover_text("Loop from here")
            .clicked()
        {
            clock.set_loop_in();
        }
        if ui
            .small_button("Out")
            .on_hover_text("Loop up to here")
            .clicked()
        {
            clock.set_loop_out();
        }
        if clock.has_loop_range() {
            let (a, b) = clock.loop_range_s();
            ui.weak(format!("{a:.2}–{b:.2} s"));
            if ui
                .small_button("×")
                .on_hover_text("Loop over everything")
                .clicked()
            {
                clock.clear_loop_range();
            }
        }
        ui.add_space(6.0);
        ui.monospace(clock_text(clock.time_s()));
        if let Some((a, b)) = pair_mut(entries, state.a, state.b) {
            let text = format!(
                "{} │ {}",
                position("A", a.playback.frame_time_s(), a.playback.frame()),
                position("B", b.playback.frame_time_s(), b.playback.frame()),
            );
            let label = ui.label(RichText::new(text).monospace().weak());
            response.labelled_by(label.id);
        }
    });
}
