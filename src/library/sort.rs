//! Ordering and grouping the browser's clips. Pure functions, no I/O.

use std::cmp::Ordering;

use super::record::ClipRecord;
use crate::model::FormatId;

/// A column the clips can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// File name (natural order: `clip2` before `clip10`).
    #[default]
    Name,
    /// Folder, then name.
    Folder,
    /// Format name.
    Format,
    /// Length in seconds (unknown last).
    Duration,
    /// Number of frames.
    Frames,
    /// Frame rate (unknown last).
    FrameRate,
    /// People in the busiest frame.
    People,
    /// 2D or 3D.
    Dims,
    /// Number of joints.
    Joints,
    /// Skeleton layout.
    Layout,
    /// Size on disk.
    Size,
}

impl SortKey {
    /// Every column, in the order the table shows them.
    pub const ALL: [Self; 11] = [
        Self::Name,
        Self::Folder,
        Self::Format,
        Self::Duration,
        Self::Frames,
        Self::FrameRate,
        Self::People,
        Self::Dims,
        Self::Joints,
        Self::Layout,
        Self::Size,
    ];

    /// The column's heading.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Folder => "Folder",
            Self::Format => "Format",
            Self::Duration => "Duration",
            Self::Frames => "Frames",
            Self::FrameRate => "FPS",
            Self::People => "People",
            Self::Dims => "2D/3D",
            Self::Joints => "Joints",
            Self::Layout => "Layout",
            Self::Size => "Size",
        }
    }
}

/// A sort order: a column and its direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub key: SortKey,
    /// Largest first.
    pub descending: bool,
}

/// Natural comparison: runs of digits compare by value, the rest case-insensitively.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                let by_char = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}

/// Compares optional numbers with unknown values last whatever the direction.
fn cmp_known<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Compares two records by `sort`; ties go by folder and name so the order is stable.
#[must_use]
pub fn compare(a: &ClipRecord, b: &ClipRecord, sort: Sort) -> Ordering {
    let (fa, fb) = (a.facts(), b.facts());
    let d = sort.descending;
    let directed = |o: Ordering| if d { o.reverse() } else { o };
    let primary = match sort.key {
        SortKey::Name => directed(natural_cmp(&a.name, &b.name)),
        SortKey::Folder => directed(natural_cmp(&a.folder, &b.folder)),
        SortKey::Format => directed(
            a.format
                .map(FormatId::as_str)
                .cmp(&b.format.map(FormatId::as_str)),
        ),
        SortKey::Duration => cmp_known(
            fa.and_then(|f| f.duration_s),
            fb.and_then(|f| f.duration_s),
            d,
        ),
        SortKey::Frames => cmp_known(fa.map(|f| f.frames), fb.map(|f| f.frames), d),
        SortKey::FrameRate => cmp_known(
            fa.and_then(|f| f.frame_rate_hz),
            fb.and_then(|f| f.frame_rate_hz),
            d,
        ),
        SortKey::People => cmp_known(fa.map(|f| f.people), fb.map(|f| f.people), d),
        SortKey::Dims => cmp_known(fa.map(|f| f.dims), fb.map(|f| f.dims), d),
        SortKey::Joints => cmp_known(fa.map(|f| f.joints), fb.map(|f| f.joints), d),
        SortKey::Layout => cmp_known(
            fa.map(|f| f.layout.as_str()),
            fb.map(|f| f.layout.as_str()),
            d,
        ),
        SortKey::Size => directed(a.size_bytes.cmp(&b.size_bytes)),
    };
    primary
        .then_with(|| natural_cmp(&a.folder, &b.folder))
        .then_with(|| natural_cmp(&a.name, &b.name))
}

/// Sorts `indices` (into `records`) by `sort`.
pub fn sort_indices(records: &[ClipRecord], indices: &mut [usize], sort: Sort) {
    indices.sort_by(|&i, &j| compare(&records[i], &records[j], sort));
}

/// `indices` grouped by folder: folders in natural order, each group keeping the given order.
#[must_use]
pub fn group_by_folder(records: &[ClipRecord], indices: &[usize]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut order: Vec<usize> = indices.to_vec();
    // A stable sort by folder keeps the chosen order inside each folder.
    order.sort_by(|&i, &j| natural_cmp(&records[i].folder, &records[j].folder));
    for i in order {
        match groups.last_mut() {
            Some((folder, members)) if *folder == records[i].folder => members.push(i),
            _ => groups.push((records[i].folder.clone(), vec![i])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::library::record::{ClipFacts, Status};

    fn record(
        path: &str,
        format: FormatId,
        duration_s: Option<f64>,
        people: usize,
        size: u64,
    ) -> ClipRecord {
        let facts = ClipFacts {
            frames: duration_s.map_or(5, |d| (d * 10.0) as usize),
            frame_rate_hz: duration_s.map(|_| 10.0),
            duration_s,
            dims: 3,
            people,
            joints: 20,
            layout: "from file".into(),
            warnings: Vec::new(),
        };
        ClipRecord::new(
            Path::new("/r"),
            &Path::new("/r").join(path),
            size,
            Some(format),
            Status::Ok(facts),
        )
    }

    fn names(records: &[ClipRecord], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| records[i].name.clone()).collect()
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural_cmp("clip2", "clip10"), Ordering::Less);
        assert_eq!(natural_cmp("Clip007", "clip7"), Ordering::Equal);
        assert_eq!(natural_cmp("a", "B"), Ordering::Less);
        assert_eq!(natural_cmp("run", "run_1"), Ordering::Less);
    }

    #[test]
    fn sorts_by_any_column_with_unknown_values_last() {
        let records = vec![
            record("b/clip10.bvh", FormatId::Bvh, Some(3.0), 1, 300),
            record("a/clip2.npy", FormatId::Npy, None, 4, 100),
            record("a/clip1.trc", FormatId::Trc, Some(1.0), 2, 200),
        ];
        let mut idx = vec![0, 1, 2];
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::Name,
                descending: false,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip1.trc", "clip2.npy", "clip10.bvh"]
        );
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::Duration,
                descending: false,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip1.trc", "clip10.bvh", "clip2.npy"]
        );
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::Duration,
                descending: true,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip10.bvh", "clip1.trc", "clip2.npy"]
        );
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::People,
                descending: true,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip2.npy", "clip1.trc", "clip10.bvh"]
        );
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::Size,
                descending: false,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip2.npy", "clip1.trc", "clip10.bvh"]
        );
        sort_indices(
            &records,
            &mut idx,
            Sort {
                key: SortKey::Format,
                descending: false,
            },
        );
        assert_eq!(
            names(&records, &idx),
            ["clip10.bvh", "clip2.npy", "clip1.trc"]
        );
        for key in SortKey::ALL {
            let mut all = vec![0, 1, 2];
            sort_indices(
                &records,
                &mut all,
                Sort {
                    key,
                    descending: true,
                },
            );
            all.sort_unstable();
            assert_eq!(all, [0, 1, 2], "{}", key.label());
        }
    }

    #[test]
    fn groups_by_folder_keeping_the_order_inside() {
        let records = vec![
            record("b/x.bvh", FormatId::Bvh, Some(3.0), 1, 1),
            record("a/z.bvh", FormatId::Bvh, Some(1.0), 1, 1),
            record("a/y.bvh", FormatId::Bvh, Some(2.0), 1, 1),
        ];
        let groups = group_by_folder(&records, &[0, 2, 1]);
        assert_eq!(
            groups,
            vec![("a".to_owned(), vec![2, 1]), ("b".to_owned(), vec![0])]
        );
    }
}
