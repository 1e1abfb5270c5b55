//! The toolbar's "Trails" and "Display" menus: trails of chosen joints, onion skin, bone and
//! joint sizes, labels and the theme.

use egui::{Slider, Ui};

use crate::analysis::body::Source;
use crate::scene::trail::{MAX_ONION_POSES, TrailPoint, TrailSpan};

use super::clip_tools::MAX_TRAIL_WINDOW_S;
use super::entry::LoadedClip;
use super::look::{BONE_WIDTH_RANGE_PX, JOINT_RADIUS_RANGE_PX, Look};

/// Shows both menus.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip, look: &mut Look) {
    ui.menu_button("Trails", |ui| trails_menu(ui, loaded));
    ui.menu_button("Display", |ui| display_menu(ui, look));
}

fn trails_menu(ui: &mut Ui, loaded: &mut LoadedClip) {
    let tools = &mut loaded.tools;
    ui.checkbox(&mut tools.trails_on, "Trails (T)");
    ui.add_enabled_ui(tools.trails_on, |ui| {
        ui.add(
            Slider::new(&mut tools.trail_window_s, 0.1..=MAX_TRAIL_WINDOW_S)
                .logarithmic(true)
                .text("seconds")
                .fixed_decimals(1),
        );
        ui.horizontal(|ui| {
            for span in TrailSpan::ALL {
                ui.selectable_value(&mut tools.trail_span, span, span.label());
            }
        });
        ui.label("Joints:");
        let clip = &loaded.clip;
        let mut chosen = tools.trail_points(clip);
        let mut changed = false;
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .id_salt("trail_joints")
            .show(ui, |ui| {
                // Points between two joints (a COCO head is between the ears).
                for point in chosen.clone() {
                    if let Source::Mid(i, j) = point.source {
                        let mut on = true;
                        let name = format!(
                            "midpoint of {} and {}",
                            clip.skeleton.name(i),
                            clip.skeleton.name(j)
                        );
                        if ui.checkbox(&mut on, name).changed() {
                            changed = true;
                            chosen.retain(|p| *p != point);
                        }
                    }
                }
                for joint in 0..clip.skeleton.joint_count() {
                    let point = TrailPoint::joint(clip, joint);
                    let mut on = chosen.contains(&point);
                    if ui.checkbox(&mut on, clip.skeleton.name(joint)).changed() {
                        changed = true;
                        if on {
                            chosen.push(point);
                        } else {
                            chosen.retain(|p| *p != point);
                        }
                    }
                }
            });
        if changed {
            tools.trail_points = Some(chosen);
        }
    });
    ui.separator();
    ui.checkbox(&mut tools.onion_on, "Onion skin (G)")
        .on_hover_text("Faded poses before (thicker) and after (thinner) the frame shown");
    ui.add_enabled_ui(tools.onion_on, |ui| {
        let max = MAX_ONION_POSES;
        ui.add(Slider::new(&mut tools.onion.before, 0..=max).text("poses before"));
        ui.add(Slider::new(&mut tools.onion.after, 0..=max).text("poses after"));
        ui.add(
            Slider::new(&mut tools.onion.spacing_frames, 1..=120)
                .logarithmic(true)
                .text("frames apart"),
        );
    });
}

fn display_menu(ui: &mut Ui, look: &mut Look) {
    ui.add(Slider::new(&mut look.bone_width_px, BONE_WIDTH_RANGE_PX).text("bone thickness, px"));
    ui.add(Slider::new(&mut look.joint_radius_px, JOINT_RADIUS_RANGE_PX).text("joint size, px"));
    ui.checkbox(&mut look.notes, "Legend and notes in the view");
    ui.checkbox(&mut look.joint_names, "Joint names");
    ui.separator();
    ui.horizontal(|ui| {
        ui.label("Theme:");
        ui.selectable_value(&mut look.light, false, "Dark");
        ui.selectable_value(&mut look.light, true, "Light");
    });
    ui.checkbox(&mut look.bookmarks_open, "Key frames panel (K)");
}
