//! Compare mode: two clips played together on one clock, side by side, one above the other or
//! overlaid (pelvis on pelvis), synced by hand, on a marked event or automatically, with a
//! difference plot of a chosen joint angle.
//!
//! - [`clock`]: the linked clock (one timeline, speed, loop range); [`link`]: each clip's time
//!   at a clock time (offset, time scale, nudges, events). Neither has UI types.
//! - [`auto`]: automatic alignment in a background thread.
//! - `overlay`: both athletes in one view; `view`: the arrangements; `plot`: the
//!   difference plot; `panel`: the sync controls; `timeline`: the linked timeline;
//!   [`picker`]: choosing two clips.

pub mod auto;
pub mod clock;
pub mod link;
mod overlay;
mod panel;
pub mod picker;
mod plot;
mod timeline;
mod view;

use std::time::Duration;

use egui::{Key, Modifiers, Ui};

use crate::analysis::align::{AlignOptions, score_at};
use crate::analysis::spatial::{BodyShape, OverlayOptions};

use super::entry::{ClipEntry, LoadedClip};
use super::look::Look;
use auto::AutoAlign;
use clock::LinkedClock;
use link::TimeLink;

/// How the two clips are arranged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Arrangement {
    /// A on the left, B on the right.
    #[default]
    SideBySide,
    /// A above, B below.
    TopBottom,
    /// Both in one view, B in its own colours over A.
    Overlay,
}

impl Arrangement {
    /// Every choice, in button order.
    pub const ALL: [Self; 3] = [Self::SideBySide, Self::TopBottom, Self::Overlay];

    /// Name for buttons.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::SideBySide => "Side by side",
            Self::TopBottom => "Top / bottom",
            Self::Overlay => "Overlay",
        }
    }
}

/// The state of compare mode.
#[derive(Debug)]
pub struct CompareState {
    /// Row of clip A in the clip list.
    pub a: usize,
    /// Row of clip B.
    pub b: usize,
    /// How they are arranged.
    pub arrangement: Arrangement,
    /// Opacity of B over A in the overlay, 0–1.
    pub opacity: f32,
    /// What the overlay matches.
    pub overlay: OverlayOptions,
    /// How the clips' times relate.
    pub link: TimeLink,
    /// The linked clock.
    pub clock: LinkedClock,
    /// The automatic alignment.
    pub auto: AutoAlign,
    /// Search a time scale too.
    pub time_warp: bool,
    /// Show the difference plot.
    pub show_plot: bool,
    /// Name of the angle preset plotted.
    pub plot_angle: Option<&'static str>,
    /// Both clips' body measurements, for the overlay.
    shapes: (BodyShape, BodyShape),
    /// The plot's curves and what they were computed for.
    plot_cache: Option<plot::Cached>,
    /// How well the clips match as synced now, and the sync it was computed for.
    sync_score: Option<(TimeLink, Option<f64>)>,
    /// UI clock at the last frame drawn while playing.
    last_time_s: Option<f64>,
}

/// Clips `a` and `b` of `entries`, both mutable, when both are loaded and differ.
pub fn pair_mut(
    entries: &mut [ClipEntry],
    a: usize,
    b: usize,
) -> Option<(&mut LoadedClip, &mut LoadedClip)> {
    if a == b || a.max(b) >= entries.len() {
        return None;
    }
    let (low, high) = entries.split_at_mut(a.max(b));
    let first = low.get_mut(a.min(b))?.loaded_mut()?;
    let second = high.first_mut()?.loaded_mut()?;
    Some(if a < b {
        (first, second)
    } else {
        (second, first)
    })
}

impl CompareState {
    /// Compares rows `a` and `b` of `entries` (both must be loaded): paused at the start,
    /// side by side, synced at their first frames.
    #[must_use]
    pub fn new(entries: &mut [ClipEntry], a: usize, b: usize) -> Option<Self> {
        let (ca, cb) = pair_mut(entries, a, b)?;
        ca.playback.pause();
        cb.playback.pause();
        let shapes = (BodyShape::of(&ca.clip), BodyShape::of(&cb.clip));
        let link = TimeLink::default();
        let (start, end) = span(&link, ca, cb);
        Some(Self {
            a,
            b,
            arrangement: Arrangement::default(),
            opacity: 0.8,
            overlay: OverlayOptions::default(),
            link,
            clock: LinkedClock::new(start, end),
            auto: AutoAlign::Idle,
            time_warp: false,
            show_plot: true,
            plot_angle: None,
            shapes,
            plot_cache: None,
            sync_score: None,
            last_time_s: None,
        })
    }

    /// Runs the automatic alignment now, on this thread (tests and screenshots).
    pub fn align_now(&mut self, entries: &mut [ClipEntry]) {
        if let Some((ca, cb)) = pair_mut(entries, self.a, self.b) {
            let options = AlignOptions {
                time_warp: self.time_warp,
            };
            self.auto = AutoAlign::now(&ca.clip, &cb.clip, options);
        }
    }

    /// Takes the automatic alignment found, if any.
    pub fn accept_alignment(&mut self, entries: &mut [ClipEntry]) {
        if let AutoAlign::Found(found) = &self.auto {
            self.link.accept(found);
            self.auto = AutoAlign::Idle;
            self.relink(entries);
        }
    }

    /// The score (−1 to 1) of the current sync, as the automatic alignment scores its own
    /// result; recomputed only when the sync changed. `None` when the clips cannot be scored.
    pub fn sync_score(&mut self, a: &LoadedClip, b: &LoadedClip) -> Option<f64> {
        let link = self.link;
        // Nudges count too: they move the offset by frames.
        let offset_s = link.offset_s + link.nudge_a_frames as f64 / a.playback.rate_hz()
            - link.time_scale * link.nudge_b_frames as f64 / b.playback.rate_hz();
        if self.sync_score.is_none_or(|(l, _)| l != link) {
            let score = score_at(&a.clip, &b.clip, offset_s, link.time_scale).ok();
            self.sync_score = Some((link, score));
        }
        self.sync_score.and_then(|(_, s)| s)
    }

    /// Refits the clock's span after the link changed.
    pub fn relink(&mut self, entries: &mut [ClipEntry]) {
        if let Some((ca, cb)) = pair_mut(entries, self.a, self.b) {
            let (start, end) = span(&self.link, ca, cb);
            self.clock.set_span(start, end);
        }
    }

    /// Shows each clip at its moment of the clock.
    pub fn sync_clips(&self, entries: &mut [ClipEntry]) {
        if let Some((ca, cb)) = pair_mut(entries, self.a, self.b) {
            let t = self.clock.time_s();
            let ta = self.link.a_time_s(t, ca.playback.rate_hz());
            let tb = self.link.b_time_s(t, cb.playback.rate_hz());
            ca.playback.seek_time(ta);
            cb.playback.seek_time(tb);
        }
    }

    /// Space, arrows, Home and End drive the linked clock.
    pub fn handle_keys(&mut self, ui: &Ui, entries: &[ClipEntry]) {
        let (space, left, right, home, end) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Space),
                i.consume_key(Modifiers::NONE, Key::ArrowLeft),
                i.consume_key(Modifiers::NONE, Key::ArrowRight),
                i.consume_key(Modifiers::NONE, Key::Home),
                i.consume_key(Modifiers::NONE, Key::End),
            )
        });
        if space {
            self.clock.toggle();
        }
        let step = self.step_s(entries);
        if left {
            self.clock.pause();
            self.clock.seek(self.clock.time_s() - step);
        }
        if right {
            self.clock.pause();
            self.clock.seek(self.clock.time_s() + step);
        }
        if home {
            self.clock.pause();
            self.clock.seek(self.clock.span_s().0);
        }
        if end {
            self.clock.pause();
            self.clock.seek(self.clock.span_s().1);
        }
    }

    /// One frame of the faster clip, seconds.
    fn step_s(&self, entries: &[ClipEntry]) -> f64 {
        let rate = |i: usize| {
            entries
                .get(i)
                .and_then(ClipEntry::loaded)
                .map_or(30.0, |l| l.playback.rate_hz())
        };
        1.0 / rate(self.a).max(rate(self.b))
    }

    /// Moves the clock on by the UI time since the last frame, polls the alignment thread, and
    /// asks for the next repaint.
    pub fn advance(&mut self, ui: &Ui, entries: &mut [ClipEntry]) {
        self.auto.poll();
        if self.auto.is_running() {
            ui.ctx().request_repaint_after(Duration::from_millis(50));
        }
        let now = ui.input(|i| i.time);
        if self.clock.is_playing() {
            if let Some(last) = self.last_time_s.replace(now) {
                self.clock.advance(now - last);
            }
            let step = self.step_s(entries) / self.clock.speed().max(0.01);
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(step.clamp(0.002, 0.1)));
        } else {
            self.last_time_s = None;
        }
        self.sync_clips(entries);
    }
}

/// The clock span that shows both clips whole.
fn span(link: &TimeLink, a: &LoadedClip, b: &LoadedClip) -> (f64, f64) {
    link.span_s(
        a.playback.duration_s(),
        a.playback.rate_hz(),
        b.playback.duration_s(),
        b.playback.rate_hz(),
    )
}

impl CompareState {
    /// The sync controls (left panel).
    pub fn left_ui(&mut self, ui: &mut Ui, entries: &mut [ClipEntry]) {
        egui::ScrollArea::vertical()
            .id_salt("compare_controls")
            .auto_shrink([false, true])
            .show(ui, |ui| panel::show(ui, self, entries));
    }

    /// The linked timeline (bottom panel).
    pub fn bottom_ui(&mut self, ui: &mut Ui, entries: &mut [ClipEntry]) {
        timeline::show(ui, self, entries);
    }

    /// The views and the difference plot (central panel). Returns true when the user left
    /// compare mode.
    pub fn central_ui(&mut self, ui: &mut Ui, entries: &mut [ClipEntry], look: &Look) -> bool {
        view::show(ui, self, entries, look).exit
    }
}
