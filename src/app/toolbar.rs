//! The row above the view: view presets, up axis, follow, the skeleton layout picker, the
//! body style and the Export menu.

use egui::{ComboBox, Ui};

use crate::model::UpAxis;
use crate::scene::{Figure, Preset};

use super::connect::{self, UserEdit};
use super::entry::LoadedClip;
use super::export::{self, Exporter};
use super::look::Look;
use super::tools_menu;

/// Shows the toolbar for `loaded`.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip, exporter: &mut Exporter, look: &mut Look) {
    ui.horizontal_wrapped(|ui| {
        if loaded.is_3d() {
            ui.label("View:");
            for preset in Preset::ALL {
                if ui
                    .button(preset.label())
                    .on_hover_text(preset_hint(preset))
                    .clicked()
                {
                    loaded.view3d.set_preset(preset);
                    loaded.tools.remember_view(preset);
                }
            }
            ui.separator();
            up_axis_combo(ui, loaded);
            ui.separator();
            let default = loaded.follows_by_default();
            let mut follow = loaded.view3d.follow.unwrap_or(default);
            if ui
                .checkbox(&mut follow, "Follow athlete")
                .on_hover_text("Keep the athlete centred as they travel (long walks and runs).")
                .changed()
            {
                loaded.view3d.follow = Some(follow);
                loaded.view3d.reset_framing();
            }
        } else if ui
            .button("Fit")
            .on_hover_text("Show the whole clip (double-click the view)")
            .clicked()
        {
            loaded.view2d.reset();
        }
        layout_combo(ui, loaded);
        connect::toolbar(ui, loaded);
        ui.separator();
        let mut body = loaded.figure == Figure::Body;
        if ui
            .checkbox(&mut body, "Body")
            .on_hover_text("Draw limbs, trunk and head as shaded shapes instead of lines.")
            .changed()
        {
            loaded.figure = if body { Figure::Body } else { Figure::Stick };
        }
        ui.separator();
        tools_menu::show(ui, loaded, look);
        ui.separator();
        export::menu(ui, loaded, exporter);
        super::measure::toolbar_toggle(ui, loaded);
    });
}

/// What a preset shows, and its key.
fn preset_hint(preset: Preset) -> &'static str {
    match preset {
        Preset::ThreeQuarter => "Three-quarter view from the front-right (1)",
        Preset::Front => "From the front: the frontal plane (2)",
        Preset::Side => "From the side: the sagittal plane (3)",
        Preset::Top => "From above: the transverse plane (4)",
    }
}

fn up_label(up: UpAxis, detected: UpAxis, guessed: bool) -> String {
    if up == detected {
        let how = if guessed { "guessed" } else { "from file" };
        format!("{} · {how}", up.label())
    } else {
        up.label().to_owned()
    }
}

fn up_axis_combo(ui: &mut Ui, loaded: &mut LoadedClip) {
    ui.label("Up:");
    let current = loaded.clip.space.up;
    let detected = loaded.detected_up;
    let guessed = loaded.clip.space.up_guessed;
    let mut chosen = current;
    ComboBox::from_id_salt("up_axis")
        .selected_text(up_label(current, detected, guessed && current == detected))
        .show_ui(ui, |ui| {
            for up in UpAxis::ALL {
                ui.selectable_value(&mut chosen, up, up_label(up, detected, guessed));
            }
        })
        .response
        .on_hover_text("Which file axis points up. Change it if the athlete lies on the floor.");
    if chosen != current {
        loaded.set_up_axis(chosen);
        loaded.edits.push(UserEdit::Up(chosen));
    }
}

fn layout_combo(ui: &mut Ui, loaded: &mut LoadedClip) {
    let Some(choices) = loaded.layout_choices() else {
        return;
    };
    ui.separator();
    ui.label("Layout:");
    let current = loaded.clip.skeleton.layout();
    let mut chosen = current;
    ComboBox::from_id_salt("layout")
        .selected_text(current.label())
        .show_ui(ui, |ui| {
            for layout in choices {
                ui.selectable_value(&mut chosen, layout, layout.label());
            }
        })
        .response
        .on_hover_text(
            "The file does not name its joints: pick the keypoint model it was made with.",
        );
    if chosen != current {
        loaded.set_layout(chosen);
        loaded.edits.push(UserEdit::Layout(chosen));
    }
}
