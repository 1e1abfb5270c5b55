//! The clip's facts: format, joints, people, units, up axis, rate, and every warning.

use egui::{Color32, Grid, RichText, ScrollArea, Ui};

use crate::model::Clip;

use super::clip_list::rate_text;
use super::entry::LoadedClip;

/// Yellow for warnings.
pub const WARNING_YELLOW: Color32 = Color32::from_rgb(240, 200, 90);

/// The facts shown, as (key, value) rows.
fn rows(clip: &Clip, scale_note: Option<&str>) -> Vec<(String, String)> {
    let mut rows = vec![
        ("file".to_owned(), clip.meta.display_name()),
        ("format".to_owned(), clip.meta.format.label().to_owned()),
        (
            "space".to_owned(),
            if clip.space.is_3d() {
                "3D world".to_owned()
            } else {
                "2D image (y down)".to_owned()
            },
        ),
        (
            "joints".to_owned(),
            format!(
                "{} · {}",
                clip.poses.joints(),
                clip.skeleton.layout().label()
            ),
        ),
        (
            "people".to_owned(),
            format!("up to {} per frame", clip.poses.max_people()),
        ),
    ];
    let units = match scale_note {
        Some(note) => format!("{}; {note}", clip.space.units.as_str()),
        None => clip.space.units.as_str().to_owned(),
    };
    rows.push(("units".to_owned(), units));
    if clip.space.is_3d() {
        let how = if clip.space.up_guessed {
            " (guessed)"
        } else {
            ""
        };
        rows.push((
            "up axis used".to_owned(),
            format!("{}{how}", clip.space.up.label()),
        ));
    }
    rows.push(("frames".to_owned(), clip.frame_count().to_string()));
    let rate = clip.frame_rate_hz.map_or_else(
        || {
            format!(
                "not in file; playing at {}",
                rate_text(clip.playback_rate_hz())
            )
        },
        rate_text,
    );
    rows.push(("frame rate".to_owned(), rate));
    if let Some(d) = clip.duration_s() {
        rows.push(("duration".to_owned(), format!("{d:.3} s")));
    }
    if clip.poses.has_confidence() {
        rows.push(("confidence".to_owned(), "per joint".to_owned()));
    }
    for part in &clip.parts {
        rows.push((
            "part".to_owned(),
            format!("{} ({} joints)", part.name, part.skeleton.joint_count()),
        ));
    }
    rows.extend(clip.meta.details.iter().cloned());
    rows
}

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
                            for (key, value) in rows(clip, scale_note.as_deref()) {
                                ui.weak(key);
                                // Long values are cut to the panel; the whole value on hover.
                                ui.add(egui::Label::new(value.as_str()).truncate())
                                    .on_hover_text(value);
                                ui.end_row();
                            }
                        });
                });
        });
}
