//! The grid: cards in rows (grouped under folder headings when asked), then the "could not
//! open" section. Only the rows on screen are drawn, so 10,000 clips scroll smoothly.

use std::path::PathBuf;

use egui::{Rect, RichText, ScrollArea, Ui, UiBuilder, pos2, vec2};

use super::LibraryView;
use super::card::{self, CARD_SIZE, GAP};

/// Height of a folder heading or the failure heading, points.
const HEADING_H: f32 = 30.0;
/// Height of one failure row, points.
const FAILURE_H: f32 = 46.0;

/// A row of the grid.
#[derive(Debug)]
enum Row {
    Folder(String, usize),
    Cards(Vec<usize>),
    FailuresHeading(usize),
    Failure(usize),
}

impl Row {
    fn height(&self) -> f32 {
        match self {
            Self::Folder(..) | Self::FailuresHeading(_) => HEADING_H,
            Self::Cards(_) => CARD_SIZE[1] + GAP,
            Self::Failure(_) => FAILURE_H,
        }
    }
}

fn rows(view: &LibraryView, per_row: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    if view.group_by_folder {
        let mut start = 0;
        while start < view.shown.len() {
            let folder = &view.items[view.shown[start]].record.folder;
            let end = view.shown[start..]
                .iter()
                .position(|&i| view.items[i].record.folder != *folder)
                .map_or(view.shown.len(), |n| start + n);
            let name = if folder.is_empty() {
                ".".to_owned()
            } else {
                folder.clone()
            };
            rows.push(Row::Folder(name, end - start));
            rows.extend(
                view.shown[start..end]
                    .chunks(per_row)
                    .map(|c| Row::Cards(c.to_vec())),
            );
            start = end;
        }
    } else {
        rows.extend(view.shown.chunks(per_row).map(|c| Row::Cards(c.to_vec())));
    }
    if !view.failed.is_empty() {
        rows.push(Row::FailuresHeading(view.failed.len()));
        rows.extend(view.failed.iter().map(|&i| Row::Failure(i)));
    }
    rows
}

/// Draws the grid; sets `opened` on a double click; returns cards per row.
pub fn show(ui: &mut Ui, view: &mut LibraryView, opened: &mut Option<PathBuf>) -> usize {
    let width = ui.available_width();
    let per_row = (((width - GAP) / (CARD_SIZE[0] + GAP)).floor() as usize).max(1);
    let rows = rows(view, per_row);
    if rows.is_empty() {
        ui.add_space(20.0);
        let text = if view.is_indexing() {
            "Looking for clips…"
        } else if view.items.is_empty() {
            "No pose files in this folder."
        } else {
            "No clip matches the filters."
        };
        ui.weak(text);
        return per_row;
    }
    let total: f32 = rows.iter().map(Row::height).sum();
    let selected_top = view
        .scroll_to_selected
        .then(|| {
            let mut y = 0.0;
            for row in &rows {
                let hit = match row {
                    Row::Cards(c) => c.iter().any(|&i| Some(i) == view.selected),
                    Row::Failure(i) => Some(*i) == view.selected,
                    _ => false,
                };
                if hit {
                    return Some((y, row.height()));
                }
                y += row.height();
            }
            None
        })
        .flatten();
    view.scroll_to_selected = false;
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let (all, _) = ui.allocate_exact_size(vec2(width, total), egui::Sense::hover());
            if let Some((y, h)) = selected_top {
                let r = Rect::from_min_size(pos2(all.min.x, all.min.y + y), vec2(width, h));
                ui.scroll_to_rect(r, None);
            }
            let mut y = 0.0;
            for row in &rows {
                let h = row.height();
                let visible = y + h >= viewport.min.y && y <= viewport.max.y;
                if visible {
                    let top = all.min + vec2(0.0, y);
                    draw_row(
                        ui,
                        view,
                        row,
                        Rect::from_min_size(top, vec2(width, h)),
                        opened,
                    );
                }
                y += h;
            }
        });
    per_row
}

fn draw_row(
    ui: &mut Ui,
    view: &mut LibraryView,
    row: &Row,
    rect: Rect,
    opened: &mut Option<PathBuf>,
) {
    match row {
        Row::Folder(name, count) => {
            let mut child = ui.new_child(UiBuilder::new().max_rect(rect.shrink2(vec2(4.0, 4.0))));
            child.horizontal(|ui| {
                ui.label(RichText::new(format!("{name}/")).strong());
                ui.weak(format!("{count} clips"));
            });
        }
        Row::FailuresHeading(count) => {
            let mut child = ui.new_child(UiBuilder::new().max_rect(rect.shrink2(vec2(4.0, 4.0))));
            child.label(
                RichText::new(format!("Could not open ({count})"))
                    .strong()
                    .color(super::super::clip_list::ERROR_RED),
            );
        }
        Row::Failure(i) => {
            let selected = view.selected == Some(*i);
            if card::failure(ui, rect, &view.items[*i].record, selected).clicked() {
                view.selected = Some(*i);
            }
        }
        Row::Cards(indices) => {
            for (k, &i) in indices.iter().enumerate() {
                let min = rect.min + vec2(GAP + k as f32 * (CARD_SIZE[0] + GAP), GAP / 2.0);
                let card_rect = Rect::from_min_size(min, vec2(CARD_SIZE[0], CARD_SIZE[1]));
                let ctx = ui.ctx().clone();
                let item = &view.items[i];
                let path = item.record.path.clone();
                let thumb = view
                    .textures
                    .thumbnail(&ctx, &path, item.thumbnail_png.as_deref());
                let hovered = ui.rect_contains_pointer(card_rect);
                let preview = if hovered {
                    view.preview_texture(&ctx, &path)
                } else {
                    None
                };
                let selected = view.selected == Some(i);
                let response = card::card(
                    ui,
                    card_rect,
                    &view.items[i].record,
                    thumb.as_ref(),
                    preview.as_ref(),
                    selected,
                );
                if response.clicked() {
                    view.selected = Some(i);
                }
                if response.double_clicked() {
                    *opened = Some(path);
                }
            }
        }
    }
}
