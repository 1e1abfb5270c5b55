//! Frame numbers in file names: the last run of digits in the stem, compared as a number
//! (`…_9_keypoints.json` before `…_10_keypoints.json`), the name without it as the key that
//! groups the files of one sequence, and the gaps and repeats of a sorted sequence.

use std::cmp::Ordering;

use super::folder::Sequence;

/// A file name with its frame number.
#[derive(Clone, Copy, Debug)]
pub(super) struct Numbered<'a> {
    pub(super) name: &'a str,
    /// The last digit run of the stem, without leading zeros (compared by length, then text).
    digits: Option<&'a str>,
    /// The name before the digit run and after it; the whole name when it has no digits.
    key: (&'a str, Option<&'a str>),
}

impl<'a> Numbered<'a> {
    pub(super) fn new(name: &'a str) -> Self {
        let stem_len = name.rfind('.').unwrap_or(name.len());
        let stem = name.get(..stem_len).unwrap_or(name);
        let end = stem.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1);
        match end {
            Some(end) => {
                let start = stem
                    .get(..end)
                    .and_then(|s| s.rfind(|c: char| !c.is_ascii_digit()))
                    .map_or(0, |i| i + 1);
                let run = stem.get(start..end).unwrap_or("");
                let trimmed = run.trim_start_matches('0');
                let digits = if trimmed.is_empty() {
                    run.get(run.len().saturating_sub(1)..).unwrap_or("0")
                } else {
                    trimmed
                };
                Self {
                    name,
                    digits: Some(digits),
                    key: (stem.get(..start).unwrap_or(""), name.get(end..)),
                }
            }
            None => Self {
                name,
                digits: None,
                key: (name, None),
            },
        }
    }

    /// Writes the group key: the name with its frame number replaced by `#`.
    pub(super) fn write_key(&self, out: &mut String) {
        out.push_str(self.key.0);
        if let Some(after) = self.key.1 {
            out.push('#');
            out.push_str(after);
        } else if self.digits.is_some() {
            out.push('#');
        }
    }

    pub(super) fn order(a: &Self, b: &Self) -> Ordering {
        let by_number = match (a.digits, b.digits) {
            (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_number.then_with(|| a.name.cmp(b.name))
    }

    fn number(&self) -> Option<u128> {
        self.digits.and_then(|d| d.parse().ok())
    }
}

/// Warns about missing and repeated frame numbers; records the number range.
pub(super) fn note_gaps(frames: &[Numbered<'_>], listing: &mut Sequence) {
    let numbers: Vec<u128> = frames.iter().filter_map(Numbered::number).collect();
    if numbers.len() != frames.len() {
        return;
    }
    let (Some(first), Some(last)) = (numbers.first(), numbers.last()) else {
        return;
    };
    listing
        .details
        .push(("frame numbers".into(), format!("{first} to {last}")));
    let mut missing: u128 = 0;
    let mut first_gap = None;
    let mut repeated = 0_usize;
    for pair in numbers.windows(2) {
        let [a, b] = pair else { continue };
        if b == a {
            repeated += 1;
        } else if b - a > 1 {
            missing = missing.saturating_add(b - a - 1);
            first_gap.get_or_insert((*a, *b));
        }
    }
    if let Some((a, b)) = first_gap {
        listing.warnings.push(format!(
            "{missing} frame numbers are missing from the sequence (first gap: {a} to {b}); \
             the frames around the gaps are shown one after the other"
        ));
    }
    if repeated > 0 {
        listing.warnings.push(format!(
            "{repeated} frame files repeat a frame number already used"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(names: &[&str]) -> Vec<String> {
        let mut list: Vec<Numbered<'_>> = names.iter().map(|n| Numbered::new(n)).collect();
        list.sort_by(Numbered::order);
        list.into_iter().map(|n| n.name.to_owned()).collect()
    }

    #[test]
    fn numbers_not_letters_decide_the_order() {
        assert_eq!(
            order(&[
                "v_10_keypoints.json",
                "v_9_keypoints.json",
                "v_0_keypoints.json"
            ]),
            vec![
                "v_0_keypoints.json",
                "v_9_keypoints.json",
                "v_10_keypoints.json"
            ]
        );
        let key = |n: &Numbered<'_>| {
            let mut out = String::new();
            n.write_key(&mut out);
            out
        };
        let n = Numbered::new("cam01.0042.json");
        assert_eq!(n.number(), Some(42));
        assert_eq!(key(&n), "cam01.#.json");
        let n = Numbered::new("video_000000000007_keypoints.json");
        assert_eq!(n.number(), Some(7));
        assert_eq!(key(&n), "video_#_keypoints.json");
        let n = Numbered::new("x.json");
        assert_eq!((n.number(), key(&n)), (None, "x.json".to_owned()));
        let n = Numbered::new("f_000.json");
        assert_eq!((n.digits, key(&n)), (Some("0"), "f_#.json".to_owned()));
    }

    #[test]
    fn gaps_and_repeats_are_reported() {
        let frames: Vec<Numbered<'_>> = ["a1.json", "a2.json", "a5.json", "a5.json"]
            .iter()
            .map(|n| Numbered::new(n))
            .collect();
        let mut listing = Sequence::default();
        note_gaps(&frames, &mut listing);
        assert_eq!(listing.warnings.len(), 2, "{:?}", listing.warnings);
        assert!(listing.warnings[0].starts_with("2 frame numbers are missing"));
        assert!(listing.warnings[0].contains("2 to 5"));
    }
}
