//! The clip's facts: format, joints, people, units, up axis, rate, and every warning.

use egui::{Color32, Grid, RichText, ScrollArea, Ui};

use super::entry::LoadedClip;

/// Yellow for warnings.
pub const WARNING_YELLOW: Color32 = Color32::from_rgb(240, 200, 90);

/// Shows the info of `loaded`; warnings are always visible, never folded away.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip) {
    let scale_note = if loaded.is_3d() {
        let stage = loaded.stage();
        stage.scale_source.is_estimated().then(|| {
            format!(
                "scale estimated from body height ({:.4} m per unit)",
                stage.frame.metres_per_unit
            )
        })
    } else {
        None
    };
    let clip = &loaded.clip;
    ScrollArea::vertical()
        .id_salt("clip_info")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !clip.meta.warnings.is_empty() {
                ui.label(RichText::new("Warnings").strong().color(WARNING_YELLOW));
                for warning in &clip.meta.warnings {
                    ui.label(RichText::new(warning.as_str()).color(WARNING_YELLOW));
                }
                ui.separator();
            }
            egui::CollapsingHeader::new("Clip info")
                .default_open(true)
                .show(ui, |ui| {
                    Grid::new("clip_info_grid")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            let mut row = |key: &str, value: String| {
                                ui.weak(key);
                                ui.label(value);
                                ui.end_row();
                            };
                            row("file", clip.meta.display_name());
                            row("format", clip.meta.format.label().to_owned());
                            let dims = if clip.space.is_3d() {
                                "3D world".to_owned()
                            } else {
                                "2D image (y down)".to_owned()
                            };
                            row("space", dims);
                            row(
                                "joints",
                                format!(
                                    "{} · {}",
                                    clip.poses.joints(),
                                    clip.skeleton.layout().label()
                                ),
                            );
                            row("people", format!("up to {} per frame", clip.poses.max_people()));
                            let mut units = clip.space.units.as_str().to_owned();
                            if let Some(note) = &scale_note {
                                units.push_str(&format!("; {note}"));
                            }
                            row("units", units);
                            if clip.space.is_3d() {
                                let how = if clip.space.up_guessed { " (guessed)" } else { "" };
                                row("up axis", format!("{}{how}", clip.space.up.label()));
                            }
                            row("frames", clip.frame_count().to_string());
                            row(
                                "frame rate",
                                clip.frame_rate_hz.map_or_else(
                                    || format!("not in file; playing at {} fps", clip.playback_rate_hz()),
                                    |r| format!("{r} fps"),
                                ),
                            );
                            if let Some(d) = clip.duration_s() {
                                row("duration", format!("{d:.3} s"));
                            }
                            if clip.poses.has_confidence() {
                                row("confidence", "per joint".to_owned());
                            }
                            for part in &clip.parts {
                                row("part", format!("{} ({} joints)", part.name, part.skeleton.joint_count()));
                            }
                            for (key, value) in &clip.meta.details {
                                row(key, value.clone());
                            }
                        });
                });
        });
}
