//! The timeline under the view: the scrub bar (loop range, bookmarks), the transport buttons,
//! speed, every-Nth-frame stepping, the A-B loop controls, and time in seconds and frames.

use egui::{ComboBox, DragValue, RichText, Ui};

use super::clip_tools::ClipTools;
use super::icons::{self, Icon};
use super::look::Look;
use super::playback::{MAX_STEP_FRAMES, Playback, SPEED_STEPS};
use super::timeline_bar::{self, BarDrag, FlagClick};

/// What the timeline keeps between frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimelineState {
    /// The drag in progress on the scrub bar.
    drag: BarDrag,
}

/// The position as the timeline shows it: `1.233 s · frame  74 / 524` (frames count from 0).
/// The time and frame are padded to the width of the clip's last ones, so that in its
/// monospace font the text keeps one width while the clip plays (the controls beside it do
/// not move, nor wrap to a second row when the numbers grow).
#[must_use]
pub fn position_text(playback: &Playback) -> String {
    let last = playback.frame_count().saturating_sub(1);
    let time_width = format!("{:.3}", last as f64 / playback.rate_hz()).len();
    let frame_width = last.to_string().len();
    format!(
        "{:>time_width$.3} s · frame {:>frame_width$} / {}",
        playback.frame_time_s(),
        playback.frame(),
        playback.frame_count()
    )
}

/// The loop range as the timeline shows it: `A-B 0.500–1.100 s (frames 15–33)`.
#[must_use]
pub fn range_text(playback: &Playback) -> Option<String> {
    let range = playback.loop_range()?;
    let rate = playback.rate_hz();
    Some(format!(
        "A-B {:.3}–{:.3} s (frames {}–{})",
        range.first as f64 / rate,
        (range.last + 1) as f64 / rate,
        range.first,
        range.last
    ))
}

/// A speed as the timeline shows it: `25 %`.
#[must_use]
pub fn speed_text(speed: f64) -> String {
    format!("{:.0} %", speed * 100.0)
}

/// Shows the timeline for `playback`: the scrub bar, then the controls and the position.
pub fn show(
    ui: &mut Ui,
    playback: &mut Playback,
    tools: &mut ClipTools,
    state: &mut TimelineState,
    look: &mut Look,
) {
    let bookmarks = tools.settings.bookmarks.clone();
    if let Some(FlagClick::Select(i)) =
        timeline_bar::show(ui, playback, &bookmarks, &mut state.drag)
        && let Some(b) = bookmarks.get(i)
    {
        playback.pause();
        playback.seek_frame(b.frame);
        tools.selected_bookmark = Some(i);
        look.bookmarks_open = true;
    }
    ui.horizontal_wrapped(|ui| {
        transport(ui, playback);
        ui.separator();
        ui.horizontal(|ui| speed(ui, playback));
        ui.separator();
        ui.horizontal(|ui| step_frames(ui, playback));
        ui.separator();
        ui.horizontal(|ui| loop_controls(ui, playback));
        ui.separator();
        let label = ui.add(
            egui::Label::new(RichText::new(position_text(playback)).monospace())
                .wrap_mode(egui::TextWrapMode::Extend),
        );
        label.on_hover_text(format!("{:.3} fps", playback.rate_hz()));
        ui.toggle_value(&mut look.bookmarks_open, "Key frames")
            .on_hover_text("Show the key frames panel (K); B bookmarks the frame shown");
        if ui
            .small_button("?")
            .on_hover_text("Keyboard shortcuts (F1 or ?)")
            .clicked()
        {
            look.help_open = !look.help_open;
        }
    });
}

fn step_frames(ui: &mut Ui, playback: &mut Playback) {
    let mut step = playback.step_frames();
    ui.label("Step");
    if ui
        .add(
            DragValue::new(&mut step)
                .range(1..=MAX_STEP_FRAMES)
                .suffix(" fr"),
        )
        .on_hover_text(
            "Frames moved by one step (Left / Right arrows): every Nth frame of a high-rate clip",
        )
        .changed()
    {
        playback.set_step_frames(step);
    }
}

fn transport(ui: &mut Ui, playback: &mut Playback) {
    let size = egui::vec2(30.0, 24.0);
    if icons::button(ui, Icon::ToStart, size, "Start")
        .on_hover_text("Start of the clip, or of the loop range (Home)")
        .clicked()
    {
        playback.pause();
        playback.seek_frame(playback.play_range().first);
    }
    if icons::button(ui, Icon::StepBack, size, "Previous frame")
        .on_hover_text("Step back (Left arrow)")
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
        .on_hover_text("Step forward (Right arrow)")
        .clicked()
    {
        playback.step(1);
    }
    if icons::button(ui, Icon::ToEnd, size, "End")
        .on_hover_text("End of the clip, or of the loop range (End)")
        .clicked()
    {
        playback.pause();
        playback.seek_frame(playback.play_range().last);
    }
    let mut looping = playback.is_looping();
    if ui
        .checkbox(&mut looping, "Loop")
        .on_hover_text("Start over at the end (L)")
        .changed()
    {
        playback.set_looping(looping);
    }
}

fn speed(ui: &mut Ui, playback: &mut Playback) {
    ui.label("Speed");
    let mut chosen = playback.speed();
    ComboBox::from_id_salt("speed")
        .selected_text(speed_text(chosen))
        .width(64.0)
        .show_ui(ui, |ui| {
            for s in SPEED_STEPS {
                ui.selectable_value(&mut chosen, s, speed_text(s));
            }
        })
        .response
        .on_hover_text("Percent of real time (slower: −, faster: +)");
    if (chosen - playback.speed()).abs() > 1e-12 {
        playback.set_speed(chosen);
    }
}

fn loop_controls(ui: &mut Ui, playback: &mut Playback) {
    if ui
        .button("In")
        .on_hover_text("Loop from this frame (I); or shift-drag on the timeline")
        .clicked()
    {
        playback.mark_in();
    }
    if ui
        .button("Out")
        .on_hover_text("Loop up to this frame (O)")
        .clicked()
    {
        playback.mark_out();
    }
    if let Some(text) = range_text(playback) {
        ui.add(
            egui::Label::new(RichText::new(text).color(timeline_bar::RANGE_COLOUR))
                .wrap_mode(egui::TextWrapMode::Extend),
        );
        if ui
            .small_button("×")
            .on_hover_text("Clear the loop range (X)")
            .clicked()
        {
            playback.clear_loop_range();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_seconds_and_frames() {
        let mut playback = Playback::new(524, 60.0);
        playback.seek_frame(74);
        assert_eq!(position_text(&playback), "1.233 s · frame  74 / 524");
        playback.seek_frame(523);
        assert_eq!(position_text(&playback), "8.717 s · frame 523 / 524");
        let mut long = Playback::new(432_000, 120.0);
        long.seek_frame(54);
        assert_eq!(
            position_text(&long),
            "   0.450 s · frame     54 / 432000",
            "as wide as the last frame's"
        );
        long.seek_frame(431_999);
        assert_eq!(position_text(&long), "3599.992 s · frame 431999 / 432000");
        playback.seek_frame(74);
        assert_eq!(range_text(&playback), None);
        playback.set_loop_range(30, 59);
        assert_eq!(
            range_text(&playback).as_deref(),
            Some("A-B 0.500–1.000 s (frames 30–59)")
        );
        assert_eq!(speed_text(0.25), "25 %");
    }
}
