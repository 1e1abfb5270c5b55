//! The scrub bar of the timeline: the clip from end to end with second ticks, the A-B loop
//! range (shaded, with handles to drag), bookmark flags and the playhead.
//!
//! Drag to scrub (playback pauses and resumes on release), shift-drag to set a loop range,
//! drag a range handle to move that end, click a flag to jump to its bookmark.

use egui::{Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::clip_settings::Bookmark;
use super::playback::Playback;

/// Height of the bar, points (ticks and their labels included).
const BAR_HEIGHT: f32 = 42.0;
/// Height of the band holding the bookmark flags.
const FLAG_BAND: f32 = 10.0;
/// How near a range handle the pointer must press to grab it, points.
const HANDLE_GRAB: f32 = 6.0;

/// The loop range colour (Okabe–Ito bluish green).
pub const RANGE_COLOUR: Color32 = Color32::from_rgb(0, 158, 115);

/// What a drag on the bar is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BarDrag {
    /// Not dragging.
    #[default]
    None,
    /// Scrubbing; playback resumes on release when `resume`.
    Scrub {
        /// Playback was running when the drag started.
        resume: bool,
    },
    /// Drawing a new loop range from `anchor` (shift-drag).
    Range {
        /// The frame where the drag started.
        anchor: usize,
    },
    /// Moving the range's first frame (A).
    HandleA,
    /// Moving the range's last frame (B).
    HandleB,
}

/// What the user asked of the bookmarks on the bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagClick {
    /// Bookmark `index` was clicked.
    Select(usize),
}

/// Frame under screen x.
fn frame_at(track: Rect, x: f32, frame_count: usize) -> usize {
    let last = frame_count.saturating_sub(1);
    if last == 0 || track.width() <= 0.0 {
        return 0;
    }
    let t = ((x - track.left()) / track.width()).clamp(0.0, 1.0);
    (t * last as f32).round() as usize
}

/// Screen x of a frame.
fn x_of(track: Rect, frame: usize, frame_count: usize) -> f32 {
    let last = frame_count.saturating_sub(1).max(1);
    track.left() + track.width() * frame.min(last) as f32 / last as f32
}

/// A round tick step, seconds, so ticks are at least `min_px` apart.
fn tick_step_s(duration_s: f64, width_px: f32, min_px: f32) -> f64 {
    let want = duration_s * f64::from(min_px) / f64::from(width_px.max(1.0));
    [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| *s >= want)
    .unwrap_or(3600.0)
}

/// Shows the bar; returns a click on a bookmark flag, if any.
pub fn show(
    ui: &mut Ui,
    playback: &mut Playback,
    bookmarks: &[Bookmark],
    drag: &mut BarDrag,
) -> Option<FlagClick> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, BAR_HEIGHT), Sense::click_and_drag());
    let count = playback.frame_count();
    response.widget_info(|| {
        egui::WidgetInfo::slider(
            count > 1,
            playback.frame() as f64,
            "Timeline (drag to scrub, shift-drag to set a loop range)",
        )
    });
    let track = Rect::from_min_max(
        pos2(rect.left() + 6.0, rect.top() + FLAG_BAND + 2.0),
        pos2(rect.right() - 6.0, rect.top() + FLAG_BAND + 14.0),
    );
    handle_drag(ui, &response, track, playback, drag);

    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    painter.rect_filled(track, CornerRadius::same(3), visuals.extreme_bg_color);
    painter.rect_stroke(
        track,
        CornerRadius::same(3),
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    // Played part.
    let head_x = x_of(track, playback.frame(), count);
    painter.rect_filled(
        Rect::from_min_max(track.min, pos2(head_x, track.bottom())),
        CornerRadius::same(3),
        visuals.selection.bg_fill.gamma_multiply(0.5),
    );
    // Second ticks.
    let duration = playback.duration_s();
    let step = tick_step_s(duration, track.width(), 60.0);
    let rate = playback.rate_hz();
    let mut t = 0.0;
    let text_colour = visuals.weak_text_color();
    while t <= duration + 1e-9 && step > 0.0 {
        let frame = (t * rate).round() as usize;
        let x = x_of(track, frame, count);
        painter.line_segment(
            [pos2(x, track.bottom()), pos2(x, track.bottom() + 4.0)],
            Stroke::new(1.0, text_colour),
        );
        let label = if step < 1.0 {
            format!("{t:.1} s")
        } else {
            format!("{t:.0} s")
        };
        // The labels at the ends stay inside the bar.
        let align = if x - track.left() < 16.0 {
            Align2::LEFT_TOP
        } else if track.right() - x < 16.0 {
            Align2::RIGHT_TOP
        } else {
            Align2::CENTER_TOP
        };
        painter.text(
            pos2(x, track.bottom() + 5.0),
            align,
            label,
            FontId::proportional(10.0),
            text_colour,
        );
        t += step;
    }
    // The loop range and its handles.
    if let Some(range) = playback.loop_range() {
        let (a, b) = (
            x_of(track, range.first, count),
            x_of(track, range.last, count),
        );
        let band = Rect::from_min_max(pos2(a, track.top()), pos2(b.max(a + 2.0), track.bottom()));
        painter.rect_filled(band, 0.0, RANGE_COLOUR.gamma_multiply(0.45));
        for (x, name) in [(a, "A"), (b, "B")] {
            painter.rect_filled(
                Rect::from_center_size(pos2(x, track.center().y), vec2(4.0, track.height() + 6.0)),
                CornerRadius::same(1),
                RANGE_COLOUR,
            );
            painter.text(
                pos2(x, track.top() - 1.0),
                Align2::CENTER_BOTTOM,
                name,
                FontId::proportional(9.0),
                RANGE_COLOUR,
            );
        }
    }
    let clicked = flags(ui, track, bookmarks, count);
    // Playhead.
    painter.line_segment(
        [
            pos2(head_x, track.top() - 3.0),
            pos2(head_x, track.bottom() + 3.0),
        ],
        Stroke::new(2.0, visuals.strong_text_color()),
    );
    painter.circle_filled(
        pos2(head_x, track.center().y),
        5.0,
        visuals.strong_text_color(),
    );
    clicked
}

/// Starts, follows and ends a drag on the bar.
fn handle_drag(
    ui: &Ui,
    response: &egui::Response,
    track: Rect,
    playback: &mut Playback,
    drag: &mut BarDrag,
) {
    let count = playback.frame_count();
    if count < 2 {
        return;
    }
    let pointer = response.interact_pointer_pos();
    if response.drag_started() || (response.clicked() && *drag == BarDrag::None) {
        // Where the button went down: a drag only starts once the pointer has moved a little.
        let Some(p) = ui.input(|i| i.pointer.press_origin()).or(pointer) else {
            return;
        };
        let shift = ui.input(|i| i.modifiers.shift);
        let near = |frame: usize| (x_of(track, frame, count) - p.x).abs() <= HANDLE_GRAB;
        let grab = playback.loop_range().and_then(|r| {
            if near(r.first) {
                Some(BarDrag::HandleA)
            } else if near(r.last) {
                Some(BarDrag::HandleB)
            } else {
                None
            }
        });
        *drag = if shift {
            BarDrag::Range {
                anchor: frame_at(track, p.x, count),
            }
        } else if let Some(grab) = grab {
            grab
        } else {
            let resume = playback.is_playing();
            playback.pause();
            BarDrag::Scrub { resume }
        };
    }
    if let Some(p) = pointer {
        let frame = frame_at(track, p.x, count);
        match *drag {
            BarDrag::None => {}
            BarDrag::Scrub { .. } => playback.seek_frame(frame),
            BarDrag::Range { anchor } => {
                if anchor != frame {
                    playback.set_loop_range(anchor, frame);
                }
            }
            BarDrag::HandleA | BarDrag::HandleB => {
                if let Some(r) = playback.loop_range() {
                    let other = if *drag == BarDrag::HandleA {
                        r.last
                    } else {
                        r.first
                    };
                    playback.set_loop_range(other, frame);
                    // Crossing the other handle swaps which end is held.
                    *drag = if frame < other {
                        BarDrag::HandleA
                    } else {
                        BarDrag::HandleB
                    };
                }
            }
        }
    }
    if response.drag_stopped() || response.clicked() {
        if let BarDrag::Scrub { resume: true } = *drag {
            playback.play();
        }
        *drag = BarDrag::None;
    }
}

/// Bookmark flags above the track, each clickable, named by its title on hover.
fn flags(ui: &mut Ui, track: Rect, bookmarks: &[Bookmark], count: usize) -> Option<FlagClick> {
    let mut clicked = None;
    for (i, b) in bookmarks.iter().enumerate() {
        let x = x_of(track, b.frame, count);
        let [r, g, bl] = b.colour;
        let colour = Color32::from_rgb(r, g, bl);
        let top = track.top() - FLAG_BAND;
        let hit = Rect::from_min_max(pos2(x - 5.0, top), pos2(x + 5.0, track.bottom()));
        let id = ui.scope_id().with(("bookmark_flag", i));
        let response = ui
            .interact(hit, id, Sense::click())
            .on_hover_text(format!("{} · frame {}", b.title, b.frame));
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Bookmark {}", b.title))
        });
        let painter = ui.painter();
        painter.line_segment(
            [pos2(x, top), pos2(x, track.bottom())],
            Stroke::new(1.5, colour),
        );
        let flag: Vec<Pos2> = vec![pos2(x, top), pos2(x + 7.0, top + 3.5), pos2(x, top + 7.0)];
        painter.add(egui::Shape::convex_polygon(flag, colour, Stroke::NONE));
        if response.clicked() {
            clicked = Some(FlagClick::Select(i));
        }
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_positions_agree() {
        let track = Rect::from_min_max(pos2(10.0, 0.0), pos2(110.0, 10.0));
        assert_eq!(frame_at(track, 10.0, 101), 0);
        assert_eq!(frame_at(track, 60.0, 101), 50);
        assert_eq!(frame_at(track, 500.0, 101), 100);
        assert!((x_of(track, 50, 101) - 60.0).abs() < 1e-4);
        assert_eq!(frame_at(track, 50.0, 1), 0);
    }

    #[test]
    fn ticks_are_round_and_spaced() {
        assert!((tick_step_s(2.0, 800.0, 60.0) - 0.2).abs() < 1e-12);
        assert!((tick_step_s(3600.0, 800.0, 60.0) - 300.0).abs() < 1e-12);
    }
}
