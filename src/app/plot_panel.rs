//! The plot panel docked under the view: the selected measurements over the whole clip, a
//! cursor at the playhead, min / max / value at the cursor; clicking or dragging in the plot
//! seeks. With clean-up on, the cleaned curve is drawn solid and the file's raw values thin and
//! faint beside it.

use egui::{Color32, RichText, Ui};
use egui_plot::{Line, LineStyle, Plot, PlotPoints, VLine};

use super::entry::LoadedClip;
use super::measure::{LengthUnit, PlotSeries};

/// Height of the plot, points.
pub const PLOT_HEIGHT: f32 = 150.0;

/// Curve colours (Okabe–Ito, then greys), one per series.
const COLOURS: [Color32; 7] = [
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(240, 228, 66),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(0, 114, 178),
];

/// Min, max and the value at `frame` of a series (finite samples only).
#[must_use]
pub fn summary(values: &[f32], frame: usize) -> (Option<f32>, Option<f32>, Option<f32>) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let min = finite.clone().reduce(f32::min);
    let max = finite.reduce(f32::max);
    let at = values.get(frame).copied().filter(|v| v.is_finite());
    (min, max, at)
}

/// Lines of one series, split at missing samples so gaps stay gaps.
fn runs(values: &[f32], rate_hz: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if v.is_finite() {
            run.push([i as f64 / rate_hz, f64::from(*v)]);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Shows the plot of `loaded`'s selected measurements.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip) {
    let frame = loaded.playback.frame();
    let rate_hz = loaded.clip.playback_rate_hz();
    let series: Vec<PlotSeries> = loaded.measure.series().to_vec();
    let show_raw = loaded.measure.show_raw;
    if series.is_empty() {
        ui.weak("Plot: pick values to plot in the Measure panel.");
        return;
    }
    for (k, s) in series.iter().enumerate() {
        ui.horizontal(|ui| {
            let values = s.cleaned.as_ref().unwrap_or(&s.raw);
            let (min, max, at) = summary(values, frame);
            let f = |v: Option<f32>| {
                v.map_or_else(|| "—".to_owned(), |v| LengthUnit::format(v, &s.unit, false))
            };
            ui.label(
                RichText::new("•")
                    .size(18.0)
                    .color(COLOURS[k % COLOURS.len()]),
            );
            ui.add(
                egui::Label::new(format!(
                    "{}  at cursor {} · min {} · max {}",
                    s.name,
                    f(at),
                    f(min),
                    f(max)
                ))
                .truncate(),
            );
        });
    }
    let cursor_s = frame as f64 / rate_hz;
    let response = Plot::new("measure_plot")
        .height(PLOT_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label("time (s)")
        .show(ui, |plot| {
            for (k, s) in series.iter().enumerate() {
                let colour = COLOURS[k % COLOURS.len()];
                if let Some(cleaned) = &s.cleaned {
                    if show_raw {
                        for run in runs(&s.raw, rate_hz) {
                            plot.line(
                                Line::new(format!("{} raw", s.name), PlotPoints::new(run))
                                    .color(colour.gamma_multiply(0.45))
                                    .width(1.0),
                            );
                        }
                    }
                    for run in runs(cleaned, rate_hz) {
                        plot.line(
                            Line::new(s.name.clone(), PlotPoints::new(run))
                                .color(colour)
                                .width(2.0),
                        );
                    }
                } else {
                    for run in runs(&s.raw, rate_hz) {
                        plot.line(
                            Line::new(s.name.clone(), PlotPoints::new(run))
                                .color(colour)
                                .width(1.8),
                        );
                    }
                }
            }
            plot.vline(
                VLine::new("playhead", cursor_s)
                    .color(Color32::WHITE)
                    .style(LineStyle::dashed_loose())
                    .width(1.2),
            );
        });
    loaded.measure.plot_area = Some(*response.transform.frame());
    let r = &response.response;
    if (r.clicked() || r.dragged())
        && let Some(pos) = r.interact_pointer_pos()
    {
        let t = response.transform.value_from_position(pos).x;
        if t.is_finite() {
            loaded.playback.pause();
            loaded
                .playback
                .seek_frame((t * rate_hz).round().max(0.0) as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_ignores_gaps_and_runs_split_at_them() {
        let values = [1.0, f32::NAN, 3.0, -2.0, f32::NAN];
        assert_eq!(summary(&values, 2), (Some(-2.0), Some(3.0), Some(3.0)));
        assert_eq!(summary(&values, 1).2, None);
        let r = runs(&values, 10.0);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1], vec![[0.2, 3.0], [0.3, -2.0]]);
    }
}
