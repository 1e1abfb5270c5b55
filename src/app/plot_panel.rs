//! The plot panel docked under the view: the selected measurements over the whole clip, a
//! cursor at the playhead, min / max / value at the cursor; clicking or dragging in the plot
//! seeks. With clean-up on, the cleaned curve is drawn solid and the file's raw values thin and
//! faint beside it. With athlete metrics on, foot contacts show as bars above the curves (left on top, right
//! under it), as in a gait diagram.

use egui::{Color32, RichText, Ui};
use egui_plot::{Line, LineStyle, Plot, PlotPoints, VLine};

use crate::analysis::gait::{Contact, Foot};

use super::entry::LoadedClip;
use super::measure::{LengthUnit, PlotSeries, SeriesDrawing};

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

/// Colour of a left foot contact bar (the left side's sky blue).
const LEFT_CONTACT: Color32 = Color32::from_rgb(86, 180, 233);
/// Colour of a right foot contact bar (the right side's orange).
const RIGHT_CONTACT: Color32 = Color32::from_rgb(230, 159, 0);

/// Min, max and the value at `frame` of a series (finite samples only).
#[must_use]
pub fn summary(values: &[f32], frame: usize) -> (Option<f32>, Option<f32>, Option<f32>) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let min = finite.clone().reduce(f32::min);
    let max = finite.reduce(f32::max);
    let at = values.get(frame).copied().filter(|v| v.is_finite());
    (min, max, at)
}

/// Most points drawn per curve: longer series are reduced to the minimum and maximum of each
/// bucket of samples, which keeps every peak.
const MAX_POINTS: usize = 4000;

/// Lines of one series, split at missing samples so gaps stay gaps, thinned to about
/// [`MAX_POINTS`] points.
fn runs(values: &[f32], rate_hz: f64) -> Vec<Vec<[f64; 2]>> {
    let step = values.len().div_ceil(MAX_POINTS / 2).max(1);
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (b, bucket) in values.chunks(step).enumerate() {
        let first = b * step;
        let finite = bucket
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, v)| (first + i, f64::from(*v)));
        let lo = finite.clone().min_by(|a, b| a.1.total_cmp(&b.1));
        let hi = finite.max_by(|a, b| a.1.total_cmp(&b.1));
        let (Some(lo), Some(hi)) = (lo, hi) else {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            continue;
        };
        let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
        run.push([a.0 as f64 / rate_hz, a.1]);
        if b.0 != a.0 {
            run.push([b.0 as f64 / rate_hz, b.1]);
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// One curve ready to draw.
struct Curve {
    name: String,
    colour: Color32,
    width: f32,
    runs: Vec<Vec<[f64; 2]>>,
}

/// The header lines and curves of the selected series.
fn prepare(
    series: &[PlotSeries],
    frame: usize,
    rate_hz: f64,
    show_raw: bool,
) -> (Vec<(Color32, String)>, Vec<Curve>) {
    let mut headers = Vec::new();
    let mut curves = Vec::new();
    for (k, s) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let values = s.cleaned.as_ref().unwrap_or(&s.raw);
        let drawing = s.drawing.get_or_init(|| {
            let (min, max, _) = summary(values, 0);
            SeriesDrawing {
                min,
                max,
                raw_runs: runs(&s.raw, rate_hz),
                cleaned_runs: s.cleaned.as_ref().map(|c| runs(c, rate_hz)),
            }
        });
        let (min, max) = (drawing.min, drawing.max);
        let at = values.get(frame).copied().filter(|v| v.is_finite());
        let f = |v: Option<f32>| {
            v.map_or_else(|| "—".to_owned(), |v| LengthUnit::format(v, &s.unit, false))
        };
        headers.push((
            colour,
            format!(
                "{}  at cursor {} · min {} · max {}",
                s.name,
                f(at),
                f(min),
                f(max)
            ),
        ));
        if let Some(cleaned_runs) = &drawing.cleaned_runs {
            if show_raw {
                curves.push(Curve {
                    name: format!("{} raw", s.name),
                    colour: colour.gamma_multiply(0.45),
                    width: 1.0,
                    runs: drawing.raw_runs.clone(),
                });
            }
            curves.push(Curve {
                name: s.name.clone(),
                colour,
                width: 2.0,
                runs: cleaned_runs.clone(),
            });
        } else {
            curves.push(Curve {
                name: s.name.clone(),
                colour,
                width: 1.8,
                runs: drawing.raw_runs.clone(),
            });
        }
    }
    (headers, curves)
}

/// Foot contacts as a gait diagram above `curves`: a bar per contact, left on top, right
/// under it.
fn contact_bars(contacts: &[Contact], rate_hz: f64, curves: &[Curve]) -> Vec<Curve> {
    let (lo, hi) = curves
        .iter()
        .flat_map(|c| c.runs.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[1]), hi.max(p[1]))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let span = (hi - lo).max(1e-6);
    contacts
        .iter()
        .map(|c| {
            let (name, colour, y) = match c.foot {
                Foot::Left => ("left foot on the ground", LEFT_CONTACT, hi + 0.14 * span),
                Foot::Right => ("right foot on the ground", RIGHT_CONTACT, hi + 0.07 * span),
            };
            let (start_s, end_s) = (
                c.start_frame as f64 / rate_hz,
                (c.end_frame + 1) as f64 / rate_hz,
            );
            Curve {
                name: name.to_owned(),
                colour,
                width: 5.0,
                runs: vec![vec![[start_s, y], [end_s, y]]],
            }
        })
        .collect()
}

/// Shows the plot of `loaded`'s selected measurements.
pub fn show(ui: &mut Ui, loaded: &mut LoadedClip) {
    let frame = loaded.playback.frame();
    let rate_hz = loaded.clip.playback_rate_hz();
    if loaded.is_reading() {
        ui.weak(format!(
            "Plot: shown when every frame is read ({:.0} % so far).",
            loaded.read_fraction() * 100.0
        ));
        return;
    }
    if loaded.measure.series().is_empty() && loaded.measure.is_computing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(format!(
                "Plot: working out the curves of {} frames…",
                loaded.clip.frame_count()
            ));
        });
        return;
    }
    if loaded.measure.series().is_empty() {
        ui.weak("Plot: pick values to plot in the Measure panel.");
        return;
    }
    let (headers, mut curves) = prepare(
        loaded.measure.series(),
        frame,
        rate_hz,
        loaded.measure.show_raw,
    );
    if let Some(gait) = loaded.measure.metrics().and_then(|m| m.gait.as_ref()) {
        let bars = contact_bars(&gait.contacts, rate_hz, &curves);
        curves.extend(bars);
    }
    for (colour, text) in headers {
        ui.horizontal(|ui| {
            ui.label(RichText::new("•").size(18.0).color(colour));
            ui.add(egui::Label::new(text).truncate());
        });
    }
    let cursor_s = frame as f64 / rate_hz;
    let units: Vec<&str> = loaded
        .measure
        .series()
        .iter()
        .map(|s| s.unit.as_str())
        .collect();
    let y_label = if units.windows(2).all(|w| w[0] == w[1]) {
        units.first().map_or_else(String::new, |u| match *u {
            "°" => "degrees".to_owned(),
            "°/s" => "degrees/s".to_owned(),
            other => other.to_owned(),
        })
    } else {
        String::new()
    };
    let response = Plot::new("measure_plot")
        .height(PLOT_HEIGHT)
        .y_axis_label(y_label)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label("time (s)")
        .show(ui, |plot| {
            for curve in curves {
                for run in curve.runs {
                    plot.line(
                        Line::new(curve.name.clone(), PlotPoints::new(run))
                            .color(curve.colour)
                            .width(curve.width),
                    );
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
        // A long series is thinned to bucket minima and maxima: the peaks stay.
        let long: Vec<f32> = (0..100_000)
            .map(|i| if i == 54_321 { 9.0 } else { (i % 7) as f32 })
            .collect();
        let r = runs(&long, 100.0);
        let points: usize = r.iter().map(Vec::len).sum();
        assert!(points <= MAX_POINTS + 2, "{points}");
        assert!(
            r[0].iter()
                .any(|p| (p[1] - 9.0).abs() < 1e-9 && (p[0] - 543.21).abs() < 1e-9)
        );
    }
}
