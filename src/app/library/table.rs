//! The table view: one row per clip, a column per fact; click a heading to sort by it.

use std::path::PathBuf;

use egui::{Rect, RichText, ScrollArea, Sense, Ui, UiBuilder, vec2};

use crate::library::{ClipRecord, Sort, SortKey};

use super::LibraryView;
use super::card::WARN_YELLOW;

/// Row height, points.
const ROW_H: f32 = 22.0;

/// Column widths, points (name takes what is left).
fn width(key: SortKey) -> f32 {
    match key {
        SortKey::Name => 0.0,
        SortKey::Folder => 90.0,
        SortKey::Layout => 100.0,
        SortKey::Format => 72.0,
        SortKey::Duration => 66.0,
        SortKey::Size => 62.0,
        SortKey::Frames | SortKey::People => 54.0,
        SortKey::FrameRate | SortKey::Joints | SortKey::Dims => 48.0,
    }
}

fn cell(record: &ClipRecord, key: SortKey) -> String {
    let f = record.facts();
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_owned());
    match key {
        SortKey::Name => record.name.clone(),
        SortKey::Folder => {
            if record.folder.is_empty() {
                ".".to_owned()
            } else {
                record.folder.clone()
            }
        }
        SortKey::Format => record.format.map_or("?", |f| f.label()).to_owned(),
        SortKey::Duration => or_dash(f.and_then(|f| f.duration_s).map(|d| format!("{d:.2} s"))),
        SortKey::Frames => or_dash(f.map(|f| f.frames.to_string())),
        SortKey::FrameRate => or_dash(f.and_then(|f| f.frame_rate_hz).map(|r| format!("{r:.1}"))),
        SortKey::People => or_dash(f.map(|f| f.people.to_string())),
        SortKey::Dims => or_dash(f.map(|f| format!("{}D", f.dims))),
        SortKey::Joints => or_dash(f.map(|f| f.joints.to_string())),
        SortKey::Layout => or_dash(f.map(|f| f.layout.clone())),
        SortKey::Size => human_size(record.size_bytes),
    }
}

/// `1.2 MB`-style sizes.
#[must_use]
pub fn human_size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.0} KB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

fn columns(total: f32) -> Vec<(SortKey, f32)> {
    let fixed: f32 = SortKey::ALL.iter().map(|&k| width(k)).sum();
    let name = (total - fixed).max(140.0);
    SortKey::ALL
        .iter()
        .map(|&k| (k, if k == SortKey::Name { name } else { width(k) }))
        .collect()
}

/// Draws the table (clips, then failures); sets `opened` on a double click.
pub fn show(ui: &mut Ui, view: &mut LibraryView, opened: &mut Option<PathBuf>) {
    let cols = columns(ui.available_width());
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for &(key, w) in &cols {
            // The sorted column's heading is highlighted (the bar above says which way).
            let mut heading = RichText::new(key.label()).strong();
            if view.sort.key == key {
                heading = heading.color(ui.visuals().selection.stroke.color);
            }
            let button = egui::Button::new(heading).frame(false);
            let clicked = ui
                .allocate_ui_with_layout(
                    vec2(w, ROW_H),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_min_size(vec2(w, ROW_H));
                        ui.add_space(4.0);
                        ui.add(button).clicked()
                    },
                )
                .inner;
            if clicked {
                view.sort = if view.sort.key == key {
                    Sort {
                        key,
                        descending: !view.sort.descending,
                    }
                } else {
                    Sort {
                        key,
                        descending: false,
                    }
                };
                view.changed();
            }
        }
    });
    view.refresh();
    let rows: Vec<usize> = view
        .shown
        .iter()
        .chain(view.failed.iter())
        .copied()
        .collect();
    let scroll_to = view
        .scroll_to_selected
        .then(|| {
            view.selected
                .and_then(|s| rows.iter().position(|&r| r == s))
        })
        .flatten();
    view.scroll_to_selected = false;
    let width = ui.available_width();
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_H, rows.len(), |ui, range| {
            for n in range {
                let i = rows[n];
                let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_H), Sense::click());
                if scroll_to == Some(n) {
                    ui.scroll_to_rect(rect, None);
                }
                let selected = view.selected == Some(i);
                if selected {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
                } else if response.hovered() {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
                }
                let record = &view.items[i].record;
                let mut x = rect.min.x;
                for &(key, w) in &cols {
                    let cell_rect =
                        Rect::from_min_size(egui::pos2(x + 4.0, rect.min.y), vec2(w - 8.0, ROW_H));
                    let mut child = ui.new_child(UiBuilder::new().max_rect(cell_rect));
                    let mut text = RichText::new(cell(record, key));
                    if key == SortKey::Name && record.error().is_some() {
                        text = text.color(super::super::clip_list::ERROR_RED);
                    } else if key == SortKey::Name
                        && record.facts().is_some_and(|f| !f.warnings.is_empty())
                    {
                        text = text.color(WARN_YELLOW);
                    }
                    child.add(egui::Label::new(text).truncate().selectable(false));
                    x += w;
                }
                let tip = record.error().map(str::to_owned);
                let response = match tip {
                    Some(reason) => response.on_hover_text(reason),
                    None => response,
                };
                if response.clicked() {
                    view.selected = Some(i);
                }
                if response.double_clicked() && record.error().is_none() {
                    *opened = Some(record.path.clone());
                }
            }
        });
}
