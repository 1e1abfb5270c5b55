//! The Measure panel: which values to show, custom measurements picked on the body, data
//! clean-up (off by default) and the athlete read-out.

use egui::{ComboBox, DragValue, RichText, ScrollArea, Ui};

use crate::analysis::angles::PRESETS;
use crate::analysis::body::BodyMap;
use crate::analysis::gaps::GapFill;
use crate::analysis::measure::{AngleDef, Quantity};
use crate::scene::confidence;

use super::super::entry::LoadedClip;
use super::units::LengthUnit;
use super::{MeasureState, PickKind};

/// Shows the panel for `loaded`.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip) {
    let frame = loaded.playback.frame();
    // Esc cancels a pick (and is left to others otherwise).
    if loaded.measure.pick.is_some()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        loaded.measure.pick = None;
    }
    ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(4.0);
        ui.heading("Measure");
        presets(ui, loaded);
        ui.separator();
        custom(ui, &mut loaded.measure);
        ui.separator();
        selected(ui, loaded, frame);
        ui.separator();
        cleanup(ui, &mut loaded.measure);
        ui.separator();
        display(ui, loaded);
    });
}

fn presets(ui: &mut Ui, loaded: &mut LoadedClip) {
    let map = BodyMap::new(&loaded.clip.skeleton);
    let plane = if loaded.is_3d() { "3D" } else { "image plane" };
    ui.label(RichText::new(format!("Joint angles ({plane})")).strong());
    // One row per joint: its name, then the left and right presets (or the single one).
    let mut rows: Vec<(&str, Vec<(usize, &str)>)> = Vec::new();
    for (i, preset) in PRESETS.iter().enumerate() {
        if !preset.applies_to(&map) {
            continue;
        }
        let (base, side) = if let Some(b) = preset.name.strip_prefix("left ") {
            (b, "L")
        } else if let Some(b) = preset.name.strip_prefix("right ") {
            (b, "R")
        } else {
            (preset.name, "on")
        };
        match rows.iter_mut().find(|(b, _)| *b == base) {
            Some((_, sides)) => sides.push((i, side)),
            None => rows.push((base, vec![(i, side)])),
        }
    }
    if rows.is_empty() {
        ui.weak("This skeleton's joints are not named: pick angles by clicking joints below.");
        return;
    }
    egui::Grid::new("angle_presets")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (base, sides) in rows {
                ui.label(base).on_hover_text(PRESETS[sides[0].0].convention);
                ui.horizontal(|ui| {
                    for (i, side) in sides {
                        let q = Quantity::Angle(AngleDef::Preset(i));
                        let mut on = loaded.measure.selected.contains(&q);
                        if ui
                            .checkbox(&mut on, side)
                            .on_hover_text(format!(
                                "{}: {}",
                                PRESETS[i].name, PRESETS[i].convention
                            ))
                            .changed()
                        {
                            loaded.measure.toggle(q);
                        }
                    }
                });
                ui.end_row();
            }
        });
}

fn custom(ui: &mut Ui, measure: &mut MeasureState) {
    ui.label(RichText::new("Custom (click joints in the view)").strong());
    ui.horizontal_wrapped(|ui| {
        for (kind, label, hint) in [
            (
                PickKind::Angle,
                "Angle (3 joints)",
                "The angle at the middle joint, 0–180°.",
            ),
            (
                PickKind::ToVertical,
                "Segment to vertical",
                "A segment's angle to the vertical, 0° = pointing up.",
            ),
            (
                PickKind::ToHorizontal,
                "Segment to horizontal",
                "A segment's angle to the horizontal, + = end above start.",
            ),
            (
                PickKind::Distance,
                "Distance",
                "Distance between two joints.",
            ),
            (PickKind::Speed, "Speed", "Linear speed of a joint."),
            (
                PickKind::Acceleration,
                "Acceleration",
                "Linear acceleration of a joint.",
            ),
        ] {
            let active = measure.pick.as_ref().is_some_and(|p| p.kind == kind);
            if ui
                .selectable_label(active, label)
                .on_hover_text(hint)
                .clicked()
            {
                if active {
                    measure.pick = None;
                } else {
                    measure.start_pick(kind);
                }
            }
        }
    });
    if let Some(pick) = &measure.pick {
        ui.label(RichText::new(pick.kind.prompt()).color(egui::Color32::from_rgb(240, 228, 66)));
    }
}

fn selected(ui: &mut Ui, loaded: &mut LoadedClip, frame: usize) {
    ui.label(RichText::new("Shown").strong());
    let names = loaded.clip.skeleton.names().to_vec();
    let measure = &mut loaded.measure;
    if measure.selected.is_empty() {
        ui.weak("Nothing selected.");
    }
    let mut remove = None;
    let mut add = None;
    for (i, q) in measure.selected.iter().enumerate() {
        let value = measure.series().get(i).and_then(|s| {
            let values = s.cleaned.as_ref().unwrap_or(&s.raw);
            values
                .get(frame)
                .filter(|v| v.is_finite())
                .map(|v| LengthUnit::format(*v, &s.unit, false))
        });
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text("Stop showing this")
                .clicked()
            {
                remove = Some(i);
            }
            if let Quantity::Angle(def) = q
                && ui
                    .small_button("ω")
                    .on_hover_text("Add its angular velocity (°/s)")
                    .clicked()
            {
                add = Some(Quantity::AngularVelocity(*def));
            }
            ui.label(q.name(&names));
            ui.label(RichText::new(value.unwrap_or_else(|| "—".to_owned())).strong());
        });
        ui.label(RichText::new(q.convention()).small().weak());
    }
    if let Some(i) = remove {
        measure.selected.remove(i);
    }
    if let Some(q) = add
        && !measure.selected.contains(&q)
    {
        measure.selected.push(q);
    }
}

fn cleanup(ui: &mut Ui, measure: &mut MeasureState) {
    ui.label(RichText::new("Data clean-up (off = as in the file)").strong());
    let mut fill = measure.cleaning.gap_fill.is_some();
    let mut filter = measure.cleaning.lowpass.is_some();
    ui.checkbox(&mut fill, "Fill gaps")
        .on_hover_text("Joints missing for a few frames are filled; longer gaps stay gaps.");
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        let method = ui.label("method");
        ComboBox::from_id_salt("gap_method")
            .selected_text(match measure.gap_method {
                GapFill::Linear => "linear",
                GapFill::Spline => "spline",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut measure.gap_method, GapFill::Linear, "linear");
                ui.selectable_value(&mut measure.gap_method, GapFill::Spline, "spline");
            })
            .response
            .labelled_by(method.id);
        let up_to = ui.label("up to");
        ui.add(DragValue::new(&mut measure.max_gap_frames).range(1..=120))
            .labelled_by(up_to.id);
        ui.label("frames");
    });
    ui.checkbox(&mut filter, "Low-pass filter (Butterworth, zero lag)")
        .on_hover_text(
            "4th-order zero-lag Butterworth: a 2nd-order filter run forwards and backwards.",
        );
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        ui.checkbox(&mut measure.cutoff_auto, "auto")
            .on_hover_text("Cut-off by Winter's residual analysis");
        let label = ui.label("or cut-off");
        ui.add_enabled(
            !measure.cutoff_auto,
            DragValue::new(&mut measure.cutoff_hz)
                .range(0.5..=50.0)
                .speed(0.1)
                .suffix(" Hz"),
        )
        .labelled_by(label.id);
    });
    measure.sync_cleaning(fill, filter);
    ui.add_enabled(
        !measure.cleaning.is_off(),
        egui::Checkbox::new(&mut measure.show_raw, "Plot raw data too"),
    );
    if let Some(note) = measure.cleaning_note() {
        ui.label(
            RichText::new(note)
                .small()
                .color(egui::Color32::from_rgb(240, 200, 90)),
        );
    }
}

fn display(ui: &mut Ui, loaded: &mut LoadedClip) {
    let has_confidence = confidence::clip_has_confidence(&loaded.clip);
    let measure = &mut loaded.measure;
    ui.add_enabled(
        has_confidence,
        egui::Checkbox::new(
            &mut measure.confidence_colours,
            "Colour joints by confidence",
        ),
    )
    .on_disabled_hover_text("This file stores no confidences.");
    ui.checkbox(&mut measure.metrics, "Athlete metrics")
        .on_hover_text(
            "Centre of mass (Dempster/Winter segment fractions) and its speed; foot contacts, \
             step and stride length, cadence, contact and flight time.",
        );
    ui.checkbox(&mut measure.show_plot, "Plot panel");
}
