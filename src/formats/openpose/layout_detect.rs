//! Which body model wrote a file, from the number of body points and, for 25 points, from the
//! geometry (BODY_25 and BODY_25B have the same count in different orders).
//!
//! For 25 points each hypothesis predicts points that lie halfway between two others:
//! BODY_25's `Neck` (1) between the shoulders (2, 5) and `MidHip` (8) between the hips (9, 12);
//! BODY_25B's `UpperNeck` (17) between the shoulders (5, 6) and the nose (0) between the eyes
//! (1, 2). For every person, the distance of each predicted point from its midpoint is divided
//! by the size of the person's bounding box; the hypothesis with the smaller median wins.
//! Under the wrong hypothesis the "midpoints" join unrelated joints and the medians differ by
//! a factor of three or more on real data.

use crate::model::LayoutId;

/// The decision, and the sentences that explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    /// The layout, `None` for unnamed points.
    pub layout: Option<LayoutId>,
    /// What was decided and why, for the clip's details.
    pub detail: String,
    /// A warning when the layout is a guess.
    pub warning: Option<String>,
}

/// Midpoint tests of BODY_25: (point, end a, end b).
const BODY25_MIDPOINTS: [(usize, usize, usize); 2] = [(1, 2, 5), (8, 9, 12)];
/// Midpoint tests of BODY_25B.
const BODY25B_MIDPOINTS: [(usize, usize, usize); 2] = [(17, 5, 6), (0, 1, 2)];
/// People looked at, at most (the first ones; enough for a stable median).
const MAX_PEOPLE: usize = 5000;

/// Decides the body layout of people with `joints` points of `dims` coordinates; `people`
/// yields each person's `joints * dims` coordinates (NaN = missing).
pub fn detect<'a>(joints: usize, dims: usize, people: impl Iterator<Item = &'a [f32]>) -> Detected {
    match joints {
        25 => detect_25(dims, people),
        18 => known(LayoutId::Coco18),
        15 => known(LayoutId::Mpi15),
        17 | 33 => {
            let layout = if joints == 17 {
                LayoutId::Coco17
            } else {
                LayoutId::MediaPipe33
            };
            Detected {
                layout: Some(layout),
                detail: format!("{} (assumed from {joints} points)", layout.label()),
                warning: Some(format!(
                    "{joints} body points is not an OpenPose model: assumed the {} layout",
                    layout.label()
                )),
            }
        }
        _ => Detected {
            layout: None,
            detail: format!("unknown ({joints} points)"),
            warning: Some(format!(
                "{joints} body points match no known layout: shown as unnamed points without \
                 bones (choose a layout to draw bones)"
            )),
        },
    }
}

fn known(layout: LayoutId) -> Detected {
    Detected {
        layout: Some(layout),
        detail: format!("{} (from the point count)", layout.label()),
        warning: None,
    }
}

fn detect_25<'a>(dims: usize, people: impl Iterator<Item = &'a [f32]>) -> Detected {
    let mut body25 = Vec::new();
    let mut body25b = Vec::new();
    for coords in people.take(MAX_PEOPLE) {
        let Some(scale) = bounding_size(coords, dims) else {
            continue;
        };
        for (tests, out) in [
            (&BODY25_MIDPOINTS, &mut body25),
            (&BODY25B_MIDPOINTS, &mut body25b),
        ] {
            for &(point, a, b) in tests {
                if let Some(distance) = midpoint_distance(coords, dims, point, a, b) {
                    out.push(distance / scale);
                }
            }
        }
    }
    let (Some(m25), Some(m25b)) = (median(&mut body25), median(&mut body25b)) else {
        return Detected {
            layout: Some(LayoutId::Body25),
            detail: "OpenPose BODY_25 (assumed: too few points to tell it from BODY_25B)".into(),
            warning: Some(
                "25 body points, but too few of them were detected to tell BODY_25 from \
                 BODY_25B: assumed BODY_25"
                    .into(),
            ),
        };
    };
    let (layout, winner, loser) = if m25 <= m25b {
        (LayoutId::Body25, m25, m25b)
    } else {
        (LayoutId::Body25B, m25b, m25)
    };
    let detail = format!(
        "{} (from the geometry: midpoint error {m25:.3} as BODY_25, {m25b:.3} as BODY_25B)",
        layout.label()
    );
    let warning = (winner > loser * 0.7).then(|| {
        format!(
            "25 body points whose geometry fits BODY_25 and BODY_25B about equally well: \
             chose {}; pick the other layout if the skeleton looks wrong",
            layout.label()
        )
    });
    Detected {
        layout: Some(layout),
        detail,
        warning,
    }
}

/// The diagonal of the bounding box of a person's present points (at least 4 of them).
fn bounding_size(coords: &[f32], dims: usize) -> Option<f32> {
    let mut low = [f32::INFINITY; 3];
    let mut high = [f32::NEG_INFINITY; 3];
    let mut present = 0;
    for point in coords.chunks_exact(dims.max(1)) {
        if point.iter().all(|v| v.is_finite()) {
            present += 1;
            for ((l, h), v) in low.iter_mut().zip(high.iter_mut()).zip(point) {
                *l = l.min(*v);
                *h = h.max(*v);
            }
        }
    }
    let size = low
        .iter()
        .zip(&high)
        .take(dims)
        .map(|(l, h)| (h - l) * (h - l))
        .sum::<f32>()
        .sqrt();
    (present >= 4 && size.is_finite() && size > 0.0).then_some(size)
}

/// Distance of `point` from the midpoint of `a` and `b`, when all three are present.
fn midpoint_distance(coords: &[f32], dims: usize, point: usize, a: usize, b: usize) -> Option<f32> {
    let get = |i: usize| {
        let p = coords.get(i * dims..(i + 1) * dims)?;
        p.iter().all(|v| v.is_finite()).then_some(p)
    };
    let (p, a, b) = (get(point)?, get(a)?, get(b)?);
    let squared: f32 = p
        .iter()
        .zip(a.iter().zip(b))
        .map(|(p, (a, b))| {
            let d = p - (a + b) / 2.0;
            d * d
        })
        .sum();
    Some(squared.sqrt())
}

fn median(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::{BODY25, BODY25B};

    /// A standing person, front view, as (name, x, y) in image pixels.
    const POSE: [(&str, f32, f32); 19] = [
        ("Nose", 100.0, 40.0),
        ("LEye", 105.0, 35.0),
        ("REye", 95.0, 35.0),
        ("LEar", 112.0, 38.0),
        ("REar", 88.0, 38.0),
        ("LShoulder", 125.0, 80.0),
        ("RShoulder", 75.0, 80.0),
        ("Neck", 100.0, 80.0),
        ("UpperNeck", 100.0, 65.0),
        ("HeadTop", 100.0, 10.0),
        ("LElbow", 130.0, 120.0),
        ("RElbow", 70.0, 120.0),
        ("LWrist", 132.0, 160.0),
        ("RWrist", 68.0, 160.0),
        ("LHip", 115.0, 160.0),
        ("RHip", 85.0, 160.0),
        ("MidHip", 100.0, 160.0),
        ("LKnee", 116.0, 220.0),
        ("RKnee", 84.0, 220.0),
    ];

    fn person(names: &[&str]) -> Vec<f32> {
        names
            .iter()
            .flat_map(|n| {
                POSE.iter()
                    .find(|(name, _, _)| name == n)
                    .map_or([f32::NAN, f32::NAN], |&(_, x, y)| [x, y])
            })
            .collect()
    }

    #[test]
    fn tells_body25_from_body25b_by_geometry() {
        let a = person(BODY25.names);
        let found = detect(25, 2, [a.as_slice()].into_iter());
        assert_eq!(found.layout, Some(LayoutId::Body25));
        assert_eq!(found.warning, None);
        let b = person(BODY25B.names);
        let found = detect(25, 2, [b.as_slice()].into_iter());
        assert_eq!(found.layout, Some(LayoutId::Body25B), "{found:?}");
        assert!(found.detail.contains("BODY_25B"));
    }

    #[test]
    fn other_counts() {
        assert_eq!(
            detect(18, 2, std::iter::empty()).layout,
            Some(LayoutId::Coco18)
        );
        assert_eq!(
            detect(15, 2, std::iter::empty()).layout,
            Some(LayoutId::Mpi15)
        );
        let odd = detect(26, 2, std::iter::empty());
        assert_eq!(odd.layout, None);
        assert!(odd.warning.is_some());
        let empty = detect(25, 2, std::iter::empty());
        assert_eq!(empty.layout, Some(LayoutId::Body25));
        assert!(empty.warning.is_some());
    }
}
