//! Athlete metrics of the kind 3D athlete-tracking systems advertise, as a broadcast-style
//! read-out beside the athlete and as curves for the plot: centre of mass (Dempster segment
//! fractions via Winter, see [`crate::analysis::com`]) and its speed; foot contacts, step and
//! stride length, cadence, contact and flight time ([`crate::analysis::gait`]).

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, vec2};

use crate::analysis::body::BodyMap;
use crate::analysis::com::centre_of_mass;
use crate::analysis::gait::{Foot, GaitSummary, analyse};
use crate::analysis::kinematics::speed;
use crate::analysis::measure::Dimension;
use crate::model::Clip;

use super::PlotSeries;
use super::units::LengthUnit;

/// Colour of the centre-of-mass marker and the read-out's accent.
pub const COM_COLOUR: Color32 = Color32::from_rgb(240, 228, 66);

/// Metrics of one person over a clip.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Centre of mass per frame (file coordinates), NaN where a segment is missing.
    pub com: Vec<[f32; 3]>,
    /// Its speed in display units per second, from the clip drawn (cleaned when cleaning is on).
    pub com_speed: Vec<f32>,
    /// Its speed from the file's raw data, when the clip drawn is cleaned.
    pub com_speed_raw: Option<Vec<f32>>,
    /// Step metrics (person 1 only, as [`crate::analysis::gait`] measures).
    pub gait: Option<GaitSummary>,
    /// Length units.
    pub unit: LengthUnit,
}

fn com_track(clip: &Clip, map: &BodyMap, person: usize) -> Vec<[f32; 3]> {
    (0..clip.frame_count())
        .map(|f| {
            clip.poses
                .frame(f)
                .and_then(|fr| fr.person(person))
                .and_then(|p| centre_of_mass(map, &p))
                .unwrap_or([f32::NAN; 3])
        })
        .collect()
}

impl Metrics {
    /// The metrics of `person` in `shown` (the clip drawn), with the raw speed from `raw` when
    /// the two differ.
    #[must_use]
    pub fn of(shown: &Clip, raw: &Clip, person: usize, unit: LengthUnit) -> Self {
        let map = BodyMap::new(&shown.skeleton);
        let rate = shown.playback_rate_hz();
        let (factor, _) = unit.display(Dimension::Speed);
        let to_display = |v: Vec<f32>| -> Vec<f32> { v.into_iter().map(|x| x * factor).collect() };
        let com = com_track(shown, &map, person);
        let com_speed = to_display(speed(&com, rate));
        let com_speed_raw = (!std::ptr::eq(shown, raw))
            .then(|| to_display(speed(&com_track(raw, &map, person), rate)));
        Self {
            com,
            com_speed,
            com_speed_raw,
            gait: analyse(shown),
            unit,
        }
    }

    /// The plot curves: centre-of-mass speed.
    #[must_use]
    pub fn plot_series(&self) -> Vec<PlotSeries> {
        let (_, unit) = self.unit.display(Dimension::Speed);
        let (raw, cleaned) = match &self.com_speed_raw {
            Some(raw) => (raw.clone(), Some(self.com_speed.clone())),
            None => (self.com_speed.clone(), None),
        };
        vec![PlotSeries {
            name: format!("centre of mass speed ({unit})"),
            unit,
            raw,
            cleaned,
            drawing: std::cell::OnceCell::new(),
        }]
    }

    /// Whether each foot is on the ground at `frame`.
    #[must_use]
    pub fn feet_down(&self, frame: usize) -> [bool; 2] {
        let down = |foot: Foot| {
            self.gait.as_ref().is_some_and(|g| {
                g.contacts
                    .iter()
                    .any(|c| c.foot == foot && (c.start_frame..=c.end_frame).contains(&frame))
            })
        };
        [down(Foot::Left), down(Foot::Right)]
    }

    /// The read-out's rows (name, value) at `frame`.
    #[must_use]
    pub fn rows(&self, frame: usize) -> Vec<(&'static str, String)> {
        let (_, speed_unit) = self.unit.display(Dimension::Speed);
        let (length_factor, length_unit) = self.unit.display(Dimension::Length);
        let dash = || "—".to_owned();
        let length = |v: Option<f32>| {
            v.map_or_else(dash, |v| {
                LengthUnit::format(v * length_factor, &length_unit, false)
            })
        };
        let seconds = |v: Option<f64>| v.map_or_else(dash, |v| format!("{v:.2} s"));
        let speed = self
            .com_speed
            .get(frame)
            .filter(|v| v.is_finite())
            .map_or_else(dash, |v| LengthUnit::format(*v, &speed_unit, false));
        let gait = self.gait.as_ref();
        let [left, right] = self.feet_down(frame);
        let word = |down: bool| if down { "ground" } else { "air" };
        vec![
            ("COM speed", speed),
            (
                "cadence",
                gait.and_then(|g| g.cadence_steps_per_min)
                    .map_or_else(dash, |c| format!("{c:.0} steps/min")),
            ),
            ("step", length(gait.and_then(|g| g.step_length))),
            ("stride", length(gait.and_then(|g| g.stride_length))),
            ("contact", seconds(gait.and_then(|g| g.contact_time_s))),
            ("flight", seconds(gait.and_then(|g| g.flight_time_s))),
            (
                "feet",
                if gait.is_some() {
                    format!("L {} · R {}", word(left), word(right))
                } else {
                    dash()
                },
            ),
        ]
    }
}

/// Draws the centre-of-mass marker at `com_screen` and the read-out beside `athlete` (the
/// athlete's box on screen): to its right when there is room, else to its left, else on the
/// roomier side, always inside `view`.
pub fn draw_readout(
    painter: &Painter,
    view: Rect,
    metrics: &Metrics,
    frame: usize,
    com_screen: Option<Pos2>,
    athlete: Rect,
) {
    if let Some(c) = com_screen {
        painter.circle_filled(c, 6.0, Color32::from_black_alpha(200));
        painter.circle_stroke(c, 6.0, Stroke::new(2.0, COM_COLOUR));
        painter.line_segment(
            [c - vec2(9.0, 0.0), c + vec2(9.0, 0.0)],
            Stroke::new(1.5, COM_COLOUR),
        );
        painter.line_segment(
            [c - vec2(0.0, 9.0), c + vec2(0.0, 9.0)],
            Stroke::new(1.5, COM_COLOUR),
        );
    }
    let rows = metrics.rows(frame);
    let font = FontId::proportional(12.0);
    let line = 16.0;
    let size = vec2(178.0, 26.0 + line * rows.len() as f32);
    let gap = 18.0;
    let room_right = view.max.x - 8.0 - (athlete.max.x + gap);
    let room_left = athlete.min.x - gap - (view.min.x + 8.0);
    let x = if room_right >= size.x || room_right >= room_left {
        athlete.max.x + gap
    } else {
        athlete.min.x - gap - size.x
    };
    let mut min = Pos2::new(x, athlete.center().y - size.y * 0.5);
    min.x = min.x.clamp(
        view.min.x + 8.0,
        (view.max.x - size.x - 8.0).max(view.min.x + 8.0),
    );
    min.y = min.y.clamp(
        view.min.y + 30.0,
        (view.max.y - size.y - 30.0).max(view.min.y + 30.0),
    );
    let rect = Rect::from_min_size(min, size);
    painter.rect_filled(rect, 6.0, Color32::from_rgba_unmultiplied(10, 12, 16, 215));
    painter.rect_filled(
        Rect::from_min_size(rect.min, vec2(4.0, size.y)),
        2.0,
        COM_COLOUR,
    );
    painter.text(
        rect.min + vec2(12.0, 6.0),
        Align2::LEFT_TOP,
        "ATHLETE",
        FontId::proportional(11.0),
        COM_COLOUR,
    );
    for (i, (name, value)) in rows.iter().enumerate() {
        let y = rect.min.y + 24.0 + line * i as f32;
        painter.text(
            Pos2::new(rect.min.x + 12.0, y),
            Align2::LEFT_TOP,
            *name,
            font.clone(),
            Color32::from_gray(170),
        );
        painter.text(
            Pos2::new(rect.max.x - 8.0, y),
            Align2::RIGHT_TOP,
            value,
            font.clone(),
            Color32::WHITE,
        );
    }
}
