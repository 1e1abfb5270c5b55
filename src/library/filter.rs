//! Which clips the browser shows: name search and facet filters. Pure functions, no I/O.

use std::collections::BTreeSet;

use crate::model::FormatId;

use super::record::ClipRecord;

/// Coordinate dimensions to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DimsFilter {
    /// 2D and 3D.
    #[default]
    Any,
    /// Only 2D clips.
    Two,
    /// Only 3D clips.
    Three,
}

/// The filters of the library view. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Words that must all appear in the clip's name or folder (case-insensitive).
    pub text: String,
    /// Formats to show; empty = every format.
    pub formats: Vec<FormatId>,
    /// 2D, 3D or both.
    pub dims: DimsFilter,
    /// Shortest duration shown, seconds (clips of unknown duration fail a set bound).
    pub min_duration_s: Option<f64>,
    /// Longest duration shown, seconds.
    pub max_duration_s: Option<f64>,
    /// Fewest people in the busiest frame.
    pub min_people: Option<usize>,
    /// Most people in the busiest frame.
    pub max_people: Option<usize>,
    /// Skeleton layout label (as in [`super::ClipFacts::layout`]); `None` = any.
    pub layout: Option<String>,
}

impl Filter {
    /// True when nothing is filtered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// True when anything but the name search is set (failed files carry no facts to test, so
    /// they are hidden then).
    fn has_facets(&self) -> bool {
        self.dims != DimsFilter::Any
            || self.min_duration_s.is_some()
            || self.max_duration_s.is_some()
            || self.min_people.is_some()
            || self.max_people.is_some()
            || self.layout.is_some()
    }

    /// Whether `record` passes every filter.
    #[must_use]
    pub fn matches(&self, record: &ClipRecord) -> bool {
        if !self.text_matches(record) {
            return false;
        }
        if !self.formats.is_empty() && !record.format.is_some_and(|f| self.formats.contains(&f)) {
            return false;
        }
        let Some(facts) = record.facts() else {
            return !self.has_facets();
        };
        let dims_ok = match self.dims {
            DimsFilter::Any => true,
            DimsFilter::Two => facts.dims == 2,
            DimsFilter::Three => facts.dims == 3,
        };
        let duration_ok = match (self.min_duration_s, self.max_duration_s, facts.duration_s) {
            (None, None, _) => true,
            (_, _, None) => false,
            (min, max, Some(d)) => min.is_none_or(|m| d >= m) && max.is_none_or(|m| d <= m),
        };
        let people_ok = self.min_people.is_none_or(|m| facts.people >= m)
            && self.max_people.is_none_or(|m| facts.people <= m);
        let layout_ok = self.layout.as_ref().is_none_or(|l| *l == facts.layout);
        dims_ok && duration_ok && people_ok && layout_ok
    }

    fn text_matches(&self, record: &ClipRecord) -> bool {
        let haystack = format!("{}/{}", record.folder, record.name).to_lowercase();
        self.text
            .split_whitespace()
            .all(|word| haystack.contains(&word.to_lowercase()))
    }

    /// Indices of the records in `records` that pass.
    #[must_use]
    pub fn apply(&self, records: &[ClipRecord]) -> Vec<usize> {
        records
            .iter()
            .enumerate()
            .filter(|(_, r)| self.matches(r))
            .map(|(i, _)| i)
            .collect()
    }
}

/// The distinct layouts among `records` that loaded, sorted (for the layout menu).
#[must_use]
pub fn layouts<'a>(records: impl IntoIterator<Item = &'a ClipRecord>) -> Vec<String> {
    let set: BTreeSet<&str> = records
        .into_iter()
        .filter_map(|r| r.facts().map(|f| f.layout.as_str()))
        .collect();
    set.into_iter().map(str::to_owned).collect()
}

/// The distinct formats among `records`, sorted.
#[must_use]
pub fn formats<'a>(records: impl IntoIterator<Item = &'a ClipRecord>) -> Vec<FormatId> {
    let mut list: Vec<FormatId> = records.into_iter().filter_map(|r| r.format).collect();
    list.sort_by_key(|f| f.as_str());
    list.dedup();
    list
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::library::record::{ClipFacts, Status};

    pub(crate) fn record(
        name: &str,
        format: FormatId,
        dims: usize,
        duration_s: Option<f64>,
        people: usize,
    ) -> ClipRecord {
        let facts = ClipFacts {
            frames: 10,
            frame_rate_hz: duration_s.map(|_| 30.0),
            duration_s,
            dims,
            people,
            joints: 17,
            layout: if dims == 2 {
                "COCO-17".into()
            } else {
                "from file".into()
            },
            warnings: Vec::new(),
        };
        ClipRecord::new(
            Path::new("/r"),
            &Path::new("/r/sub").join(name),
            100,
            Some(format),
            Status::Ok(facts),
        )
    }

    fn sample() -> Vec<ClipRecord> {
        vec![
            record("Walk_fast.bvh", FormatId::Bvh, 3, Some(4.0), 1),
            record("jump.npy", FormatId::Npy, 2, Some(1.5), 1),
            record("crowd.json", FormatId::Coco, 2, None, 5),
            ClipRecord::new(
                Path::new("/r"),
                Path::new("/r/broken.c3d"),
                5,
                Some(FormatId::C3d),
                Status::Failed("bad".into()),
            ),
        ]
    }

    #[test]
    fn the_default_shows_everything() {
        assert!(Filter::default().is_empty());
        assert_eq!(Filter::default().apply(&sample()), [0, 1, 2, 3]);
    }

    #[test]
    fn name_search_is_case_insensitive_and_needs_every_word() {
        let f = Filter {
            text: "walk FAST".into(),
            ..Filter::default()
        };
        assert_eq!(f.apply(&sample()), [0]);
        let f = Filter {
            text: "sub/ JU".into(),
            ..Filter::default()
        };
        assert_eq!(f.apply(&sample()), [1]);
        let f = Filter {
            text: "broken".into(),
            ..Filter::default()
        };
        assert_eq!(f.apply(&sample()), [3]);
    }

    #[test]
    fn facets_filter_by_format_dims_duration_people_and_layout() {
        let records = sample();
        let f = Filter {
            formats: vec![FormatId::Npy, FormatId::C3d],
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [1, 3]);
        let f = Filter {
            dims: DimsFilter::Two,
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [1, 2]);
        let f = Filter {
            dims: DimsFilter::Three,
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [0]);
        // Unknown durations fail a bound; bounds are inclusive.
        let f = Filter {
            min_duration_s: Some(1.5),
            max_duration_s: Some(3.0),
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [1]);
        let f = Filter {
            min_people: Some(2),
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [2]);
        let f = Filter {
            max_people: Some(1),
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [0, 1]);
        let f = Filter {
            layout: Some("COCO-17".into()),
            ..Filter::default()
        };
        assert_eq!(f.apply(&records), [1, 2]);
    }

    #[test]
    fn menus_list_distinct_values() {
        assert_eq!(layouts(&sample()), ["COCO-17", "from file"]);
        assert_eq!(
            formats(&sample()),
            [FormatId::Bvh, FormatId::C3d, FormatId::Coco, FormatId::Npy]
        );
    }
}
