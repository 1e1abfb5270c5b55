//! The library's bars: folder and view choices, indexing progress with cancel, the filters,
//! and the start page before any folder is open.

use std::path::PathBuf;

use egui::{DragValue, ProgressBar, RichText, Ui};

use crate::library::filter::DimsFilter;
use crate::library::{Sort, SortKey};

use super::{Layout, LibraryView};

/// The top row: title, folder, open choices, layout, grouping; then the progress row.
pub fn top(ui: &mut Ui, view: &mut LibraryView) {
    let mut open: Option<PathBuf> = None;
    ui.horizontal(|ui| {
        ui.heading("Library");
        if ui
            .button("Open folder…")
            .on_hover_text("Choose a folder of clips")
            .clicked()
        {
            open = view.picker.pick_folder();
        }
        let field = egui::TextEdit::singleline(&mut view.typed_path)
            .hint_text("or type a folder path")
            .desired_width(220.0);
        let response = ui.add(field);
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Open").clicked() || entered) && !view.typed_path.trim().is_empty() {
            open = Some(PathBuf::from(view.typed_path.trim()));
        }
        ui.menu_button("Recent", |ui| {
            if view.settings.recent_folders.is_empty() {
                ui.weak("No folders yet");
            }
            for folder in view.settings.recent_folders.clone() {
                if ui.button(folder.display().to_string()).clicked() {
                    open = Some(folder);
                    ui.close();
                }
            }
        });
        ui.separator();
        ui.selectable_value(&mut view.layout, Layout::Grid, "Grid");
        ui.selectable_value(&mut view.layout, Layout::Table, "Table");
        if ui
            .checkbox(&mut view.group_by_folder, "By folder")
            .changed()
        {
            view.changed();
        }
    });
    if let Some(dir) = open {
        if dir.is_dir() {
            view.open_folder(dir);
        } else {
            view.notices
                .push(format!("{} is not a folder.", dir.display()));
        }
    }
    progress(ui, view);
}

/// Files seen / clips found / failures, a bar while indexing, and Cancel.
fn progress(ui: &mut Ui, view: &mut LibraryView) {
    let (Some(p), Some(root)) = (view.progress(), view.root.clone()) else {
        return;
    };
    let cancelled = view
        .indexer
        .as_ref()
        .is_some_and(crate::library::Indexer::is_cancelled);
    ui.horizontal(|ui| {
        let counts = format!(
            "{} files seen · {} clips · {} could not be opened",
            p.files_seen, p.clips_found, p.failures
        );
        if p.finished {
            let state = if cancelled { "Cancelled" } else { "Indexed" };
            ui.label(RichText::new(format!("{state} {}", root.display())).weak());
            ui.label(counts);
        } else {
            if ui.button("Cancel").clicked() {
                view.cancel();
            }
            if let Some(indexer) = &view.indexer {
                let paused = indexer.is_paused();
                if ui.button(if paused { "Resume" } else { "Pause" }).clicked() {
                    indexer.set_paused(!paused);
                }
            }
            let fraction = if p.candidates == 0 {
                0.0
            } else {
                p.processed as f32 / p.candidates as f32
            };
            let bar = ProgressBar::new(fraction)
                .desired_width(220.0)
                .text(format!("{} / {}", p.processed, p.candidates))
                .animate(true);
            ui.add(bar);
            ui.label(counts);
        }
    });
}

/// The filter row; returns true when a filter or the order changed.
pub fn filters(ui: &mut Ui, view: &mut LibraryView) -> bool {
    if view.root.is_none() {
        return false;
    }
    let before = (view.filter.clone(), view.sort);
    ui.horizontal_wrapped(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut view.filter.text)
                .hint_text("Search names")
                .desired_width(150.0),
        );
        let formats = view.formats_available.clone();
        let label = if view.filter.formats.is_empty() {
            "Format: all".to_owned()
        } else {
            format!("Format: {}", view.filter.formats.len())
        };
        ui.menu_button(label, |ui| {
            for format in formats {
                let mut on = view.filter.formats.contains(&format);
                if ui.checkbox(&mut on, format.label()).changed() {
                    if on {
                        view.filter.formats.push(format);
                    } else {
                        view.filter.formats.retain(|f| *f != format);
                    }
                }
            }
        });
        let dims = match view.filter.dims {
            DimsFilter::Any => "2D and 3D",
            DimsFilter::Two => "2D only",
            DimsFilter::Three => "3D only",
        };
        ui.menu_button(dims, |ui| {
            ui.selectable_value(&mut view.filter.dims, DimsFilter::Any, "2D and 3D");
            ui.selectable_value(&mut view.filter.dims, DimsFilter::Two, "2D only");
            ui.selectable_value(&mut view.filter.dims, DimsFilter::Three, "3D only");
        });
        let duration = match (view.filter.min_duration_s, view.filter.max_duration_s) {
            (None, None) => "Duration".to_owned(),
            (Some(min), None) => format!("{min} s or longer"),
            (None, Some(max)) => format!("up to {max} s"),
            (Some(min), Some(max)) => format!("{min}–{max} s"),
        };
        ui.menu_button(duration, |ui| {
            bound(ui, "at least", &mut view.filter.min_duration_s, 1.0, "s");
            bound(ui, "at most", &mut view.filter.max_duration_s, 10.0, "s");
        });
        let people = match (view.filter.min_people, view.filter.max_people) {
            (None, None) => "People".to_owned(),
            (Some(min), None) => format!("{min} or more people"),
            (None, Some(max)) => format!("up to {max} people"),
            (Some(min), Some(max)) => format!("{min}–{max} people"),
        };
        ui.menu_button(people, |ui| {
            count_bound(ui, "at least", &mut view.filter.min_people, 2);
            count_bound(ui, "at most", &mut view.filter.max_people, 1);
        });
        let layouts = view.layouts_available.clone();
        let layout = view
            .filter
            .layout
            .clone()
            .unwrap_or_else(|| "Any layout".to_owned());
        ui.menu_button(layout, |ui| {
            ui.selectable_value(&mut view.filter.layout, None, "Any layout");
            for layout in layouts {
                ui.selectable_value(&mut view.filter.layout, Some(layout.clone()), layout);
            }
        });
        ui.separator();
        ui.menu_button(format!("Sort: {}", view.sort.key.label()), |ui| {
            for key in SortKey::ALL {
                ui.selectable_value(&mut view.sort.key, key, key.label());
            }
        });
        let arrow = if view.sort.descending {
            "Descending"
        } else {
            "Ascending"
        };
        if ui
            .button(arrow)
            .on_hover_text("Reverse the order")
            .clicked()
        {
            view.sort = Sort {
                key: view.sort.key,
                descending: !view.sort.descending,
            };
        }
        if !view.filter.is_empty() && ui.button("Clear filters").clicked() {
            view.filter = crate::library::Filter::default();
        }
    });
    (view.filter.clone(), view.sort) != before
}

/// An optional bound in seconds: a checkbox and a number.
fn bound(ui: &mut Ui, label: &str, value: &mut Option<f64>, default: f64, unit: &str) {
    ui.horizontal(|ui| {
        let mut on = value.is_some();
        if ui.checkbox(&mut on, label).changed() {
            *value = on.then_some(default);
        }
        if let Some(v) = value {
            ui.add(
                DragValue::new(v)
                    .range(0.0..=86_400.0)
                    .speed(0.1)
                    .suffix(format!(" {unit}")),
            );
        }
    });
}

/// An optional bound on a count.
fn count_bound(ui: &mut Ui, label: &str, value: &mut Option<usize>, default: usize) {
    ui.horizontal(|ui| {
        let mut on = value.is_some();
        if ui.checkbox(&mut on, label).changed() {
            *value = on.then_some(default);
        }
        if let Some(v) = value {
            ui.add(DragValue::new(v).range(0..=1000));
        }
    });
}

/// The start page: how to open a folder, recent folders, the last clip.
pub fn home(ui: &mut Ui, view: &mut LibraryView) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.heading("Browse a folder of clips");
        ui.label("Open a folder with the button above, type its path, drop it on the window, or run: posedeck DIR");
        ui.add_space(12.0);
        let recent = view.settings.recent_folders.clone();
        if !recent.is_empty() {
            ui.label(RichText::new("Recent folders").strong());
            for folder in recent {
                if ui.link(folder.display().to_string()).clicked() && folder.is_dir() {
                    view.open_folder(folder);
                }
            }
        }
        if let Some(last) = &view.settings.last_clip {
            ui.add_space(8.0);
            ui.weak(format!("Last opened clip: {}", last.display()));
        }
    });
}
