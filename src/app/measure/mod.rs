//! Measuring in the viewer: the Measure panel (angle presets, custom angles, distances, speeds,
//! clean-up of the data, athlete metrics), the values drawn on the body, and the series the plot
//! panel shows.
//!
//! The numbers come from [`crate::analysis::measure`], [`crate::analysis::cleaning`],
//! [`crate::analysis::com`] and [`crate::analysis::gait`]; this module only keeps the user's
//! choices and caches the series of the selected clip.

mod cache;
pub mod decorate;
pub mod metrics;
pub mod panel;
mod units;

use crate::analysis::angles::PRESETS;
use crate::analysis::body::BodyMap;
use crate::analysis::cleaning::{Cleaned, Cleaning, Cutoff};
use crate::analysis::gaps::GapFill;
use crate::analysis::measure::{AngleDef, Quantity};
use crate::model::Clip;
use cache::{BACKGROUND_FRAMES, Cache, CacheKey, Job};

pub use metrics::Metrics;
pub use units::LengthUnit;

/// What the next clicks on joints in the view make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickKind {
    /// Three joints: the angle at the second.
    Angle,
    /// Two joints: the segment's angle to the vertical.
    ToVertical,
    /// Two joints: the segment's angle to the horizontal.
    ToHorizontal,
    /// Two joints: the distance between them.
    Distance,
    /// One joint: its speed.
    Speed,
    /// One joint: its acceleration.
    Acceleration,
}

impl PickKind {
    /// How many joints it needs.
    #[must_use]
    pub fn joints_needed(self) -> usize {
        match self {
            Self::Angle => 3,
            Self::ToVertical | Self::ToHorizontal | Self::Distance => 2,
            Self::Speed | Self::Acceleration => 1,
        }
    }

    /// The quantity made of the picked joints.
    fn quantity(self, j: &[usize]) -> Option<Quantity> {
        Some(match (self, j) {
            (Self::Angle, [a, b, c]) => Quantity::Angle(AngleDef::ThreeJoints {
                a: *a,
                b: *b,
                c: *c,
            }),
            (Self::ToVertical, [from, to]) => Quantity::Angle(AngleDef::SegmentToVertical {
                from: *from,
                to: *to,
            }),
            (Self::ToHorizontal, [from, to]) => Quantity::Angle(AngleDef::SegmentToHorizontal {
                from: *from,
                to: *to,
            }),
            (Self::Distance, [a, b]) => Quantity::Distance { a: *a, b: *b },
            (Self::Speed, [joint]) => Quantity::Speed { joint: *joint },
            (Self::Acceleration, [joint]) => Quantity::Acceleration { joint: *joint },
            _ => return None,
        })
    }

    /// What to tell the user while picking.
    #[must_use]
    pub fn prompt(self) -> &'static str {
        match self {
            Self::Angle => "click three joints: end, vertex, end",
            Self::ToVertical | Self::ToHorizontal => "click two joints: segment start, end",
            Self::Distance => "click two joints",
            Self::Speed | Self::Acceleration => "click a joint",
        }
    }
}

/// A pick in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    /// What it makes.
    pub kind: PickKind,
    /// Joints clicked so far.
    pub joints: Vec<usize>,
}

/// Min and max of a series' shown values and its lines thinned for drawing, worked out the
/// first time the plot draws the series: a one-hour clip has 432,000 samples per series, which
/// no frame should walk again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesDrawing {
    /// Smallest finite value shown.
    pub min: Option<f32>,
    /// Largest finite value shown.
    pub max: Option<f32>,
    /// The file's values as lines (time s, value), split at gaps and thinned.
    pub raw_runs: Vec<Vec<[f64; 2]>>,
    /// The cleaned values as lines, when cleaning is on.
    pub cleaned_runs: Option<Vec<Vec<[f64; 2]>>>,
}

/// One curve of the plot panel, in display units.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotSeries {
    /// Name with unit, e.g. `left knee flexion (°)`.
    pub name: String,
    /// Unit shown after values.
    pub unit: String,
    /// Values of the file's data, one per frame (NaN = missing).
    pub raw: Vec<f32>,
    /// Values after gap filling / filtering, when those are on.
    pub cleaned: Option<Vec<f32>>,
    /// Worked out by the plot panel when it first draws the series.
    pub drawing: std::cell::OnceCell<SeriesDrawing>,
}

/// The measuring choices for one clip.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent check boxes of the Measure panel"
)]
pub struct MeasureState {
    /// The Measure panel is open and its values are drawn; closed = the view shows the file's
    /// data with nothing added.
    pub open: bool,
    /// The quantities shown on the body and in the plot.
    pub selected: Vec<Quantity>,
    /// Gap filling and low-pass filtering (off by default).
    pub cleaning: Cleaning,
    /// Gap-filling method chosen in the panel (applied when gap filling is on).
    pub gap_method: GapFill,
    /// Longest gap to fill, frames.
    pub max_gap_frames: usize,
    /// Cut-off chosen in the panel, Hz.
    pub cutoff_hz: f64,
    /// Cut-off by residual analysis instead of `cutoff_hz`.
    pub cutoff_auto: bool,
    /// Plot the file's values beside the cleaned ones.
    pub show_raw: bool,
    /// Colour joints by confidence (files that store it).
    pub confidence_colours: bool,
    /// Show the athlete read-out and put its curves in the plot.
    pub metrics: bool,
    /// Show the plot panel.
    pub show_plot: bool,
    /// A custom measurement being picked in the view.
    pub pick: Option<Pick>,
    /// The person measured (slot index).
    pub person: usize,
    /// Where the plot's data area was last drawn (screen points), for seeking by pointer.
    pub plot_area: Option<egui::Rect>,
    cache: Option<Cache>,
    job: Option<Job>,
}

impl Default for MeasureState {
    fn default() -> Self {
        Self {
            open: false,
            selected: Vec::new(),
            cleaning: Cleaning::default(),
            gap_method: GapFill::Spline,
            max_gap_frames: 10,
            cutoff_hz: 6.0,
            cutoff_auto: true,
            show_raw: true,
            confidence_colours: false,
            metrics: false,
            show_plot: true,
            pick: None,
            person: 0,
            plot_area: None,
            cache: None,
            job: None,
        }
    }
}

impl MeasureState {
    /// The starting choices for `clip`: both knee flexions when the skeleton has knees.
    #[must_use]
    pub fn for_clip(clip: &Clip) -> Self {
        let map = BodyMap::new(&clip.skeleton);
        let selected = PRESETS
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name.contains("knee") && p.applies_to(&map))
            .map(|(i, _)| Quantity::Angle(AngleDef::Preset(i)))
            .collect();
        Self {
            selected,
            ..Self::default()
        }
    }

    /// Turns a quantity on or off.
    pub fn toggle(&mut self, q: Quantity) {
        if let Some(i) = self.selected.iter().position(|s| *s == q) {
            self.selected.remove(i);
        } else {
            self.selected.push(q);
        }
    }

    /// Starts picking joints for a custom measurement.
    pub fn start_pick(&mut self, kind: PickKind) {
        self.pick = Some(Pick {
            kind,
            joints: Vec::new(),
        });
    }

    /// Adds a clicked joint to the pick; the measurement is added once it has its joints.
    pub fn picked(&mut self, joint: usize) {
        let Some(pick) = &mut self.pick else { return };
        if pick.joints.last() == Some(&joint) {
            return;
        }
        pick.joints.push(joint);
        if pick.joints.len() >= pick.kind.joints_needed() {
            let q = pick.kind.quantity(&pick.joints);
            self.pick = None;
            if let Some(q) = q
                && !self.selected.contains(&q)
            {
                self.selected.push(q);
            }
        }
    }

    /// Brings the cleaned clip, series and metrics up to date with the choices and `clip`. A
    /// long clip's are worked out on a background thread (the view keeps drawing meanwhile;
    /// [`Self::is_computing`] says so); a short clip's at once.
    pub fn refresh(&mut self, clip: &Clip, unit: LengthUnit) {
        if !clip.poses.is_complete() {
            // Frames are still being read: series and metrics wait for the whole clip.
            self.cache = None;
            self.job = None;
            return;
        }
        let key = CacheKey {
            selected: self.selected.clone(),
            cleaning: self.cleaning,
            metrics: self.metrics,
            person: self.person,
            space: clip.space,
            layout: clip.skeleton.layout(),
            frames: clip.frame_count(),
            unit,
        };
        if self.cache.as_ref().is_some_and(|c| c.key == key) {
            return;
        }
        if let Some(job) = &self.job
            && job.key == key
        {
            if let Some(cache) = job.take() {
                self.cache = Some(cache);
                self.job = None;
            }
            return;
        }
        if clip.frame_count() < BACKGROUND_FRAMES {
            self.cache = Some(Cache::compute(key, clip));
            self.job = None;
        } else {
            self.job = Some(Job::start(key, clip));
        }
    }

    /// True while a long clip's series are being worked out in the background.
    #[must_use]
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// Reads the panel's cleaning controls into [`Cleaning`] (gap filling / filtering on or off
    /// are set by the panel directly).
    pub fn sync_cleaning(&mut self, fill: bool, filter: bool) {
        self.cleaning.gap_fill = fill.then_some((self.gap_method, self.max_gap_frames.max(1)));
        self.cleaning.lowpass = filter.then_some(if self.cutoff_auto {
            Cutoff::Auto
        } else {
            Cutoff::Hz(self.cutoff_hz)
        });
    }

    /// The cleaned clip, when cleaning is on (after [`Self::refresh`]).
    #[must_use]
    pub fn cleaned(&self) -> Option<&Cleaned> {
        self.cache.as_ref().and_then(|c| c.cleaned.as_ref())
    }

    /// The clip to draw: the cleaned one when cleaning is on, else `clip`.
    #[must_use]
    pub fn shown<'a>(&'a self, clip: &'a Clip) -> &'a Clip {
        if !self.open {
            return clip;
        }
        self.cleaned().map_or(clip, |c| &c.clip)
    }

    /// The plot's curves (after [`Self::refresh`]).
    #[must_use]
    pub fn series(&self) -> &[PlotSeries] {
        self.cache.as_ref().map_or(&[], |c| c.series.as_slice())
    }

    /// The athlete metrics, when shown (after [`Self::refresh`]).
    #[must_use]
    pub fn metrics(&self) -> Option<&Metrics> {
        if !self.open {
            return None;
        }
        self.cache.as_ref().and_then(|c| c.metrics.as_ref())
    }

    /// One line saying what clean-up is on, for the screen; `None` when the data is as read.
    #[must_use]
    pub fn cleaning_note(&self) -> Option<String> {
        self.cleaning
            .describe(self.cleaned())
            .map(|text| format!("data cleaned: {text}"))
    }
}

/// The display units of `loaded`'s lengths: metres for 3D (declared or estimated scale), the
/// file's units for 2D (image pixels for keypoints).
pub fn length_unit(loaded: &mut super::entry::LoadedClip) -> LengthUnit {
    if loaded.is_3d() {
        LengthUnit::of_stage(&loaded.stage())
    } else if loaded.clip.space.units == crate::model::Units::Px {
        LengthUnit::PIXELS
    } else {
        LengthUnit {
            per_clip_unit: 1.0,
            symbol: loaded.clip.space.units.as_str(),
            estimated: false,
        }
    }
}

/// Brings `loaded`'s measurements up to date (cheap when nothing changed).
pub fn refresh(loaded: &mut super::entry::LoadedClip) {
    let unit = length_unit(loaded);
    loaded.measure.refresh(&loaded.clip, unit);
}

/// The toolbar button that opens and closes the Measure panel and the plot.
pub fn toolbar_toggle(ui: &mut egui::Ui, loaded: &mut super::entry::LoadedClip) {
    let open = loaded.measure.open;
    if ui
        .add(egui::Button::new("Measure").selected(open))
        .on_hover_text(
            "Joint angles on the body, custom measurements, plots, filtering, athlete metrics",
        )
        .clicked()
    {
        loaded.measure.open = !open;
        loaded.measure.pick = None;
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
