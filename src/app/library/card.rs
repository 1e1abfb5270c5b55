//! One card of the grid (thumbnail, name, facts) and one row of the "could not open" list.

use egui::{
    Align2, Color32, CornerRadius, FontId, Rect, Response, RichText, Sense, Stroke, Ui, UiBuilder,
    vec2,
};

use crate::library::ClipRecord;
use crate::library::thumbnail::{PREVIEW_FRAMES, THUMB_SIZE};

use super::super::clip_list::ERROR_RED;

/// Card width and height, points.
pub const CARD_SIZE: [f32; 2] = [THUMB_SIZE[0] as f32 + 12.0, THUMB_SIZE[1] as f32 + 66.0];
/// Space between cards, points.
pub const GAP: f32 = 8.0;
/// Moments of the hover preview shown per second.
const PREVIEW_FPS: f64 = 4.0;
/// Warning colour (loaded with oddities).
pub const WARN_YELLOW: Color32 = Color32::from_rgb(240, 200, 80);

/// `1 frame`, `524 frames`.
fn frames(n: usize) -> String {
    if n == 1 {
        "1 frame".to_owned()
    } else {
        format!("{n} frames")
    }
}

/// The card's second and third lines: format and shape, then timing.
#[must_use]
pub fn fact_lines(record: &ClipRecord) -> (String, String) {
    let format = record.format.map_or("?", |f| f.label());
    let Some(f) = record.facts() else {
        return (format.to_owned(), "could not open".to_owned());
    };
    let people = if f.people == 1 {
        "1 person".to_owned()
    } else {
        format!("{} people", f.people)
    };
    let first = format!("{format} · {}D · {people} · {} joints", f.dims, f.joints);
    let second = match (f.duration_s, f.frame_rate_hz) {
        (Some(d), Some(r)) => format!("{d:.1} s · {} · {r:.0} fps", frames(f.frames)),
        _ => format!("{} · no frame rate", frames(f.frames)),
    };
    (first, second)
}

/// Draws a card in `rect`; `thumb` is its thumbnail, `preview` the hovered clip's strip.
pub fn card(
    ui: &mut Ui,
    rect: Rect,
    record: &ClipRecord,
    thumb: Option<&egui::TextureHandle>,
    preview: Option<&egui::TextureHandle>,
    selected: bool,
) -> Response {
    let id = ui.scope_id().with(("library-card", &record.path));
    let response = ui.interact(rect, id, Sense::click());
    let visuals = ui.visuals();
    let fill = if response.hovered() {
        visuals.widgets.hovered.bg_fill
    } else {
        visuals.faint_bg_color
    };
    let stroke = if selected {
        Stroke::new(2.0, visuals.selection.stroke.color)
    } else {
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color)
    };
    let painter = ui.painter_at(rect);
    painter.rect(
        rect,
        CornerRadius::same(6),
        fill,
        stroke,
        egui::StrokeKind::Inside,
    );
    let image_rect = Rect::from_min_size(
        rect.min + vec2(6.0, 6.0),
        vec2(THUMB_SIZE[0] as f32, THUMB_SIZE[1] as f32),
    );
    let hovered = response.hovered();
    if let (true, Some(strip)) = (hovered, preview) {
        let t = ui.input(|i| i.time);
        let k = ((t * PREVIEW_FPS) as u64 % u64::from(PREVIEW_FRAMES)) as f32;
        let n = PREVIEW_FRAMES as f32;
        let uv = Rect::from_min_max(egui::pos2(k / n, 0.0), egui::pos2((k + 1.0) / n, 1.0));
        painter.image(strip.id(), image_rect, uv, Color32::WHITE);
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(1.0 / PREVIEW_FPS));
    } else if let Some(texture) = thumb {
        let uv = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        painter.image(texture.id(), image_rect, uv, Color32::WHITE);
    } else {
        painter.rect_filled(image_rect, CornerRadius::same(4), visuals.extreme_bg_color);
        painter.text(
            image_rect.center(),
            Align2::CENTER_CENTER,
            "no picture",
            FontId::proportional(12.0),
            visuals.weak_text_color(),
        );
    }
    let warnings = record.facts().map_or(0, |f| f.warnings.len());
    if warnings > 0 {
        let at = image_rect.right_top() + vec2(-4.0, 4.0);
        painter.text(
            at,
            Align2::RIGHT_TOP,
            if warnings == 1 {
                "1 warning".to_owned()
            } else {
                format!("{warnings} warnings")
            },
            FontId::proportional(12.0),
            WARN_YELLOW,
        );
    }
    let text_rect = Rect::from_min_max(
        egui::pos2(rect.min.x + 6.0, image_rect.max.y + 4.0),
        rect.max - vec2(6.0, 2.0),
    );
    let mut text_ui = ui.new_child(UiBuilder::new().max_rect(text_rect));
    text_ui.spacing_mut().item_spacing.y = 1.0;
    let (first, second) = fact_lines(record);
    text_ui.add(
        egui::Label::new(RichText::new(&record.name).strong())
            .truncate()
            .selectable(false),
    );
    text_ui.add(
        egui::Label::new(RichText::new(first).small())
            .truncate()
            .selectable(false),
    );
    text_ui.add(
        egui::Label::new(RichText::new(second).small())
            .truncate()
            .selectable(false),
    );
    let folder = if record.folder.is_empty() {
        "."
    } else {
        record.folder.as_str()
    };
    response.on_hover_ui(|ui| {
        ui.label(RichText::new(record.path.display().to_string()).strong());
        ui.label(format!("folder: {folder}"));
        if let Some(f) = record.facts() {
            ui.label(format!("layout: {}", f.layout));
            for w in &f.warnings {
                ui.colored_label(WARN_YELLOW, format!("warning: {w}"));
            }
        }
        ui.weak("Double-click or Enter to open");
    })
}

/// Draws a "could not open" row in `rect`: the name and the reason.
pub fn failure(ui: &mut Ui, rect: Rect, record: &ClipRecord, selected: bool) -> Response {
    let id = ui.scope_id().with(("library-failure", &record.path));
    let response = ui.interact(rect, id, Sense::click());
    if selected || response.hovered() {
        ui.painter()
            .rect_filled(rect, CornerRadius::same(4), ui.visuals().faint_bg_color);
    }
    let mut row = ui.new_child(UiBuilder::new().max_rect(rect.shrink2(vec2(8.0, 2.0))));
    row.spacing_mut().item_spacing.y = 1.0;
    let where_ = if record.folder.is_empty() {
        record.name.clone()
    } else {
        format!("{}/{}", record.folder, record.name)
    };
    let format = record
        .format
        .map_or(String::new(), |f| format!("  ({})", f.label()));
    row.add(
        egui::Label::new(RichText::new(format!("{where_}{format}")).strong())
            .truncate()
            .selectable(false),
    );
    let reason = record.error().unwrap_or_default();
    // The reason without the path it starts with (the row already names the file).
    let path_text = record.path.display().to_string();
    let short = reason
        .strip_prefix(&path_text)
        .map_or(reason, |r| r.trim_start_matches(':').trim_start());
    row.add(
        egui::Label::new(RichText::new(short).color(ERROR_RED).small())
            .wrap()
            .selectable(false),
    );
    response.on_hover_text(reason)
}
