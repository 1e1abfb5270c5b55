//! The sync controls in the left panel: nudges, event marks, automatic alignment.

use egui::{RichText, Ui};

use crate::analysis::align::AlignOptions;
use crate::model::Clip;
use crate::scene::style::Palette;

use super::super::clip_list::ERROR_RED;
use super::super::entry::ClipEntry;
use super::super::painter;
use super::auto::{self, AutoAlign};
use super::{CompareState, pair_mut};

/// "+0.253 s" with the sign always shown.
fn signed_s(seconds: f64) -> String {
    format!("{seconds:+.3} s")
}

/// A row of − / + buttons moving a nudge by one frame; true when it changed.
fn nudge_row(ui: &mut Ui, label: &str, frames: &mut i64) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label(label);
        if ui
            .small_button("−")
            .on_hover_text("One frame earlier")
            .clicked()
        {
            *frames -= 1;
            changed = true;
        }
        ui.monospace(format!("{frames:+} frames"));
        if ui
            .small_button("+")
            .on_hover_text("One frame later")
            .clicked()
        {
            *frames += 1;
            changed = true;
        }
    });
    changed
}

/// Shows the controls: who is A and B, the sync, nudges, event marks, automatic alignment.
pub fn show(ui: &mut Ui, state: &mut CompareState, entries: &mut [ClipEntry]) {
    ui.heading("Compare");
    let Some((a, b)) = pair_mut(entries, state.a, state.b) else {
        return;
    };
    for (tag, loaded, palette) in [("A", &*a, Palette::STANDARD), ("B", &*b, Palette::SECOND)] {
        ui.label(
            RichText::new(format!("{tag}  {}", loaded.clip.meta.display_name()))
                .color(painter::colour(palette.left))
                .strong(),
        );
    }
    let (rate_a, rate_b) = (a.playback.rate_hz(), b.playback.rate_hz());
    let now = state.clock.time_s();
    ui.add_space(4.0);
    ui.label(format!(
        "Sync: B shifted {} · B's duration {:.1} % of A's",
        signed_s(state.link.offset_s + 0.0),
        100.0 / state.link.time_scale
    ))
    .on_hover_text("B's moment t shows with A's moment offset + scale · t");
    if let Some(score) = state.sync_score(a, b) {
        ui.label(format!(
            "Match as synced: {score:.2} of 1 ({})",
            auto::trust(score)
        ))
        .on_hover_text("Correlation of the joint-angle curves at this sync (1 = same shape)");
    }
    let accept = auto_section(ui, state, &a.clip, &b.clip);
    let mut relink = false;
    ui.separator();
    ui.label(RichText::new("Nudge").strong());
    relink |= nudge_row(ui, "A", &mut state.link.nudge_a_frames);
    relink |= nudge_row(ui, "B", &mut state.link.nudge_b_frames);
    ui.horizontal(|ui| {
        let label = ui.label("B's duration");
        let mut percent = 100.0 / state.link.time_scale;
        let response = ui
            .add(
                egui::DragValue::new(&mut percent)
                    .range(70.0..=143.0)
                    .speed(0.1)
                    .fixed_decimals(1)
                    .suffix(" % of A's"),
            )
            .labelled_by(label.id)
            .on_hover_text("Above 100 %: B performs the movement more slowly than A");
        if response.changed() && percent > 0.0 {
            state.link.time_scale = 100.0 / percent;
            relink = true;
        }
    });

    ui.separator();
    ui.label(RichText::new("Sync on an event").strong())
        .on_hover_text("Go to the same moment in each clip (e.g. take-off), mark it, then line up");
    ui.horizontal(|ui| {
        if ui.button("Mark A here").clicked() {
            state.link.event_a_s = Some(state.link.a_time_s(now, rate_a));
        }
        if ui.button("Mark B here").clicked() {
            state.link.event_b_s = Some(state.link.b_time_s(now, rate_b));
        }
    });
    let mark = |m: Option<f64>| m.map_or_else(|| "—".to_owned(), |s| format!("{s:.3} s"));
    ui.weak(format!(
        "A: {} · B: {}",
        mark(state.link.event_a_s),
        mark(state.link.event_b_s)
    ));
    let both = state.link.event_a_s.is_some() && state.link.event_b_s.is_some();
    if ui
        .add_enabled(both, egui::Button::new("Line up on the event"))
        .clicked()
        && state.link.sync_on_events()
    {
        relink = true;
        if let Some(event) = state.link.event_a_s {
            state.clock.pause();
            state.clock.seek(event);
        }
    }

    ui.separator();
    if ui
        .button("Reset sync")
        .on_hover_text("Both clips start together, at their own speed")
        .clicked()
    {
        state.link.reset();
        relink = true;
    }
    if accept {
        state.accept_alignment(entries);
    } else if relink {
        state.relink(entries);
    }
}

/// The automatic alignment: start it, show what it found and how sure it is. Returns true when
/// the user accepted the result.
fn auto_section(ui: &mut Ui, state: &mut CompareState, clip_a: &Clip, clip_b: &Clip) -> bool {
    ui.separator();
    ui.label(RichText::new("Automatic alignment").strong());
    ui.checkbox(&mut state.time_warp, "Also find a speed difference")
        .on_hover_text("Search a time scale too, for one performance slower than the other");
    ui.horizontal(|ui| {
        let running = state.auto.is_running();
        if ui
            .add_enabled(!running, egui::Button::new("Align automatically"))
            .on_hover_text(
                "Match the joint-angle curves: position, size and orientation do not matter",
            )
            .clicked()
        {
            let options = AlignOptions {
                time_warp: state.time_warp,
            };
            state.auto = AutoAlign::start(clip_a, clip_b, options);
        }
        if running {
            ui.spinner();
        }
    });
    let mut accept = false;
    match &state.auto {
        AutoAlign::Found(found) => {
            ui.label(format!(
                "B shifted {} ({:+} frames of A)",
                signed_s(found.offset_s),
                found.offset_frames
            ));
            if (found.time_scale - 1.0).abs() > 1e-6 {
                ui.label(format!(
                    "B's duration: {:.1} % of A's ({})",
                    100.0 / found.time_scale,
                    if found.time_scale < 1.0 {
                        "slower"
                    } else {
                        "faster"
                    }
                ));
            }
            ui.label(
                RichText::new(format!(
                    "score {:.2} of 1 ({}), {} angles",
                    found.score,
                    auto::trust(found.score),
                    found.angles_used
                ))
                .strong(),
            );
            ui.horizontal(|ui| {
                accept = ui.button("Accept").clicked();
                if ui.button("Dismiss").clicked() {
                    state.auto = AutoAlign::Idle;
                }
            });
        }
        AutoAlign::Failed(message) => {
            ui.label(RichText::new(message.as_str()).color(ERROR_RED));
        }
        AutoAlign::Idle | AutoAlign::Running(_) => {}
    }
    accept
}
