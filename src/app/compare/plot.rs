//! The difference plot: one joint angle of both clips over the linked clock (aligned time),
//! and A − B, in degrees, with the largest difference marked.

use egui::{Color32, RichText, Ui};
use egui_plot::{Corner, Legend, Line, Plot, PlotPoints, VLine};

use crate::analysis::angles::{AnglePreset, PRESETS, presets_for};
use crate::analysis::body::BodyMap;
use crate::model::Clip;
use crate::render::frame_at_time;
use crate::scene::style::Palette;

use super::super::entry::LoadedClip;
use super::super::painter;
use super::CompareState;
use super::link::TimeLink;

/// Most points per curve.
const MAX_POINTS: usize = 4000;

/// The curves of one angle and what they were computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct Cached {
    key: (&'static str, TimeLink, (f64, f64)),
    curves: Curves,
}

/// One angle of both clips and their difference over clock time, degrees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curves {
    /// `[clock s, degrees]` of A.
    pub a: Vec<[f64; 2]>,
    /// Of B.
    pub b: Vec<[f64; 2]>,
    /// A − B where both are known.
    pub diff: Vec<[f64; 2]>,
}

impl Curves {
    /// The largest |A − B|: `(clock s, degrees)`.
    #[must_use]
    pub fn largest_difference(&self) -> Option<[f64; 2]> {
        self.diff
            .iter()
            .copied()
            .max_by(|x, y| x[1].abs().total_cmp(&y[1].abs()))
    }
}

/// The angle of person 0 of `clip` at `time_s` (seconds of the clip), degrees; `None` outside
/// the clip or where a landmark is missing.
fn angle_deg(clip: &Clip, map: &BodyMap, preset: &AnglePreset, time_s: f64) -> Option<f64> {
    let duration = clip.frame_count() as f64 / clip.playback_rate_hz();
    if !(0.0..duration).contains(&time_s) {
        return None;
    }
    let frame = clip.poses.frame(frame_at_time(clip, time_s))?;
    let angle = preset.angle_rad(map, &frame.person(0)?, &clip.space)?;
    Some(f64::from(angle).to_degrees())
}

/// Samples `preset` in both clips over `span_s` of the clock.
#[must_use]
pub fn curves(
    a: &Clip,
    b: &Clip,
    preset: &AnglePreset,
    link: &TimeLink,
    span_s: (f64, f64),
) -> Curves {
    let (rate_a, rate_b) = (a.playback_rate_hz(), b.playback_rate_hz());
    let (map_a, map_b) = (BodyMap::new(&a.skeleton), BodyMap::new(&b.skeleton));
    let length = (span_s.1 - span_s.0).max(0.0);
    let count = ((length * rate_a.max(rate_b)).ceil() as usize + 1).min(MAX_POINTS);
    let step = length / (count.max(2) - 1) as f64;
    let mut out = Curves::default();
    for k in 0..count {
        let t = span_s.0 + k as f64 * step;
        let va = angle_deg(a, &map_a, preset, link.a_time_s(t, rate_a));
        let vb = angle_deg(b, &map_b, preset, link.b_time_s(t, rate_b));
        if let Some(va) = va {
            out.a.push([t, va]);
        }
        if let Some(vb) = vb {
            out.b.push([t, vb]);
        }
        if let (Some(va), Some(vb)) = (va, vb) {
            out.diff.push([t, va - vb]);
        }
    }
    out
}

/// The presets both clips have, knee angles first (what coaches look at first).
fn common_presets(a: &Clip, b: &Clip) -> Vec<&'static AnglePreset> {
    let map_b = BodyMap::new(&b.skeleton);
    presets_for(&BodyMap::new(&a.skeleton))
        .into_iter()
        .filter(|p| p.applies_to(&map_b))
        .collect()
}

/// Shows the plot of the chosen angle (a picker above it).
pub fn show(ui: &mut Ui, state: &mut CompareState, a: &LoadedClip, b: &LoadedClip) {
    let presets = common_presets(&a.clip, &b.clip);
    let Some(first) = presets.first() else {
        ui.weak("The two skeletons have no joint angle in common.");
        return;
    };
    let default = presets
        .iter()
        .find(|p| p.name == "right knee flexion")
        .unwrap_or(first)
        .name;
    let name = state.plot_angle.get_or_insert(default);
    let Some(preset) = PRESETS.iter().find(|p| p.name == *name) else {
        return;
    };
    let key = (preset.name, state.link, state.clock.span_s());
    if state.plot_cache.as_ref().is_none_or(|c| c.key != key) {
        state.plot_cache = Some(Cached {
            key,
            curves: curves(&a.clip, &b.clip, preset, &state.link, state.clock.span_s()),
        });
    }
    let Some(cached) = &state.plot_cache else {
        return;
    };
    let data = &cached.curves;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Angle");
        egui::ComboBox::from_id_salt("compare_plot_angle")
            .selected_text(preset.name)
            .show_ui(ui, |ui| {
                for p in &presets {
                    ui.selectable_value(&mut state.plot_angle, Some(p.name), p.name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.weak(preset.convention);
        if let Some([t, d]) = data.largest_difference() {
            ui.label(
                RichText::new(format!("largest A − B: {d:+.1}° at {t:.2} s"))
                    .color(Color32::from_rgb(240, 200, 90)),
            );
        }
    });
    let colour_a = painter::colour(Palette::STANDARD.left);
    let colour_b = painter::colour(Palette::SECOND.left);
    let now = state.clock.time_s();
    let largest = data.largest_difference();
    Plot::new("compare_difference_plot")
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label("aligned time (A's clock), s")
        .y_axis_label("degrees")
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(
                Line::new("A", PlotPoints::from(data.a.clone()))
                    .color(colour_a)
                    .width(2.0),
            );
            plot.line(
                Line::new("B", PlotPoints::from(data.b.clone()))
                    .color(colour_b)
                    .width(2.0),
            );
            plot.line(
                Line::new("A − B", PlotPoints::from(data.diff.clone()))
                    .color(Color32::from_rgb(240, 200, 90))
                    .width(1.5),
            );
            plot.vline(
                VLine::new("", now)
                    .color(Color32::from_gray(200))
                    .width(1.0),
            );
            if let Some([t, _]) = largest {
                plot.vline(
                    VLine::new("", t)
                        .color(Color32::from_rgba_unmultiplied(240, 200, 90, 90))
                        .width(1.0),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_difference_is_signed_and_placed() {
        let curves = Curves {
            a: Vec::new(),
            b: Vec::new(),
            diff: vec![[0.0, 3.0], [0.5, -12.0], [1.0, 8.0]],
        };
        assert_eq!(curves.largest_difference(), Some([0.5, -12.0]));
    }
}
