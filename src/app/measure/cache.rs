//! The Measure panel's cached numbers (cleaned clip, plot series, athlete metrics), and the
//! background job that works them out for a long clip so the window never waits for them.

use std::sync::{Arc, Mutex};

use crate::analysis::body::BodyMap;
use crate::analysis::cleaning::{Cleaned, Cleaning};
use crate::analysis::measure::Quantity;
use crate::model::Clip;

use super::{LengthUnit, Metrics, PlotSeries};

/// Clips of at least this many frames get their series on a background thread (about 0.1 s of
/// work and more); shorter ones at once, so a short clip's plot is there in the same frame.
pub const BACKGROUND_FRAMES: usize = 50_000;

/// What the cache was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheKey {
    /// The quantities measured.
    pub selected: Vec<Quantity>,
    /// The clean-up applied.
    pub cleaning: Cleaning,
    /// Athlete metrics on.
    pub metrics: bool,
    /// The person measured.
    pub person: usize,
    /// The clip's space.
    pub space: crate::model::Space,
    /// The clip's skeleton layout.
    pub layout: crate::model::LayoutId,
    /// The clip's frame count.
    pub frames: usize,
    /// Display units.
    pub unit: LengthUnit,
}

/// The numbers for one [`CacheKey`].
#[derive(Clone, Debug)]
pub struct Cache {
    /// What they were computed for.
    pub key: CacheKey,
    /// The cleaned clip, when clean-up is on.
    pub cleaned: Option<Cleaned>,
    /// The plot's curves.
    pub series: Vec<PlotSeries>,
    /// Athlete metrics, when on.
    pub metrics: Option<Metrics>,
}

impl Cache {
    /// Works out the numbers of `key` on `clip`.
    #[must_use]
    pub fn compute(key: CacheKey, clip: &Clip) -> Self {
        let cleaned = (!key.cleaning.is_off()).then(|| key.cleaning.apply(clip));
        let map = BodyMap::new(&clip.skeleton);
        let names = clip.skeleton.names().to_vec();
        let unit = key.unit;
        let mut series: Vec<PlotSeries> = key
            .selected
            .iter()
            .map(|q| {
                let (factor, unit_text) = unit.display(q.dimension());
                let scale =
                    |v: Vec<f32>| -> Vec<f32> { v.into_iter().map(|x| x * factor).collect() };
                PlotSeries {
                    name: format!("{} ({unit_text})", q.name(&names)),
                    unit: unit_text,
                    raw: scale(q.series(clip, &map, key.person)),
                    cleaned: cleaned
                        .as_ref()
                        .map(|c| scale(q.series(&c.clip, &map, key.person))),
                    drawing: std::cell::OnceCell::new(),
                }
            })
            .collect();
        let metrics = key.metrics.then(|| {
            let shown = cleaned.as_ref().map_or(clip, |c| &c.clip);
            Metrics::of(shown, clip, key.person, unit)
        });
        if let Some(m) = &metrics {
            series.extend(m.plot_series());
        }
        Self {
            key,
            cleaned,
            series,
            metrics,
        }
    }
}

/// A [`Cache`] being worked out on a background thread.
#[derive(Clone, Debug)]
pub struct Job {
    /// What it is for.
    pub key: CacheKey,
    done: Arc<Mutex<Option<Cache>>>,
}

impl Job {
    /// Starts working out `key` on `clip` (a cheap copy: the poses' chunks are shared). When no
    /// thread can be started, works it out at once.
    #[must_use]
    pub fn start(key: CacheKey, clip: &Clip) -> Self {
        let done = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&done);
        let (job_key, clip_copy) = (key.clone(), clip.clone());
        let spawned = std::thread::Builder::new()
            .name("posedeck-measure".to_owned())
            .spawn(move || {
                let cache = Cache::compute(job_key, &clip_copy);
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(cache);
                }
            });
        if spawned.is_err()
            && let Ok(mut slot) = done.lock()
        {
            *slot = Some(Cache::compute(key.clone(), clip));
        }
        Self { key, done }
    }

    /// The numbers, once worked out.
    #[must_use]
    pub fn take(&self) -> Option<Cache> {
        self.done.lock().ok().and_then(|mut slot| slot.take())
    }
}
