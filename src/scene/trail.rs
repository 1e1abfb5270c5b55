//! Motion traces drawn under the pose: trails of chosen points over a time window (past,
//! future or both) and onion skin (faded copies of the poses a few frames before and after).
//!
//! Both become ordinary [`Segment`]s in [`Scene::grid`], so they are drawn under the body by
//! every renderer: the viewer and the `render` command (`--trail`) share this code. Points are
//! placed with a caller's `place(file_point) -> screen` function (the 3D camera or the 2D view).

use crate::analysis::body::{BodyMap, Landmark, Source};
use crate::model::{Clip, PersonView, Side};

use super::primitives::{Scene, Segment};
use super::style::Style;

/// Most points of one trail (a long trail of a fast clip is thinned evenly).
pub const MAX_TRAIL_POINTS: usize = 240;
/// Opacity of a trail at the frame shown (it fades to nothing at the window's ends).
pub const TRAIL_ALPHA: f32 = 220.0;
/// Opacity of the nearest onion-skin pose (farther ones fade).
pub const ONION_ALPHA: f32 = 150.0;
/// Most onion-skin poses on each side of the frame shown.
pub const MAX_ONION_POSES: usize = 10;

/// Places a file point on screen; `None` when missing or not visible.
pub type Place<'a> = &'a dyn Fn([f32; 3]) -> Option<[f32; 2]>;

/// Which part of the time window around the frame a trail covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TrailSpan {
    /// Where the point has been.
    #[default]
    Past,
    /// Where it is going.
    Future,
    /// Both.
    Both,
}

impl TrailSpan {
    /// Every choice, for menus.
    pub const ALL: [Self; 3] = [Self::Past, Self::Future, Self::Both];

    /// The name shown in menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Past => "past",
            Self::Future => "future",
            Self::Both => "past + future",
        }
    }
}

/// A point that leaves a trail: a joint or the midpoint of two, with the side it is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrailPoint {
    /// How the point is found in each pose.
    pub source: Source,
    /// Colour side.
    pub side: Side,
}

impl TrailPoint {
    /// Joint `index` of `clip`'s skeleton, in its side's colour.
    #[must_use]
    pub fn joint(clip: &Clip, index: usize) -> Self {
        Self {
            source: Source::Joint(index),
            side: clip.skeleton.side(index),
        }
    }

    /// The point in one pose, if known.
    fn locate(&self, person: &PersonView<'_>) -> Option<[f32; 3]> {
        match self.source {
            Source::Joint(i) => person.joint(i),
            Source::Mid(i, j) => {
                let (a, b) = (person.joint(i)?, person.joint(j)?);
                Some([
                    f32::midpoint(a[0], b[0]),
                    f32::midpoint(a[1], b[1]),
                    f32::midpoint(a[2], b[2]),
                ])
            }
        }
    }
}

/// The head, wrists and ankles of `clip` (those its skeleton has): the usual trails.
#[must_use]
pub fn extremities(clip: &Clip) -> Vec<TrailPoint> {
    let map = BodyMap::new(&clip.skeleton);
    [
        (Landmark::Head, Side::Centre),
        (Landmark::LeftWrist, Side::Left),
        (Landmark::RightWrist, Side::Right),
        (Landmark::LeftAnkle, Side::Left),
        (Landmark::RightAnkle, Side::Right),
    ]
    .into_iter()
    .filter_map(|(landmark, side)| {
        map.source(landmark)
            .map(|source| TrailPoint { source, side })
    })
    .collect()
}

/// A trail over a time window around the frame shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Trails {
    /// The points that leave trails.
    pub points: Vec<TrailPoint>,
    /// Length of the window on each side covered, seconds.
    pub window_s: f64,
    /// Past, future or both.
    pub span: TrailSpan,
}

/// The frames a trail around `frame` passes through, in time order, at most
/// [`MAX_TRAIL_POINTS`] of them; the frame itself is always one.
#[must_use]
pub fn trail_frames(
    frame: usize,
    frame_count: usize,
    rate_hz: f64,
    window_s: f64,
    span: TrailSpan,
) -> Vec<usize> {
    if frame_count == 0 || frame >= frame_count {
        return Vec::new();
    }
    let reach = if window_s.is_finite() && window_s > 0.0 && rate_hz.is_finite() {
        (window_s * rate_hz).round().clamp(1.0, 1e9) as usize
    } else {
        return vec![frame];
    };
    let first = match span {
        TrailSpan::Future => frame,
        _ => frame.saturating_sub(reach),
    };
    let last = match span {
        TrailSpan::Past => frame,
        _ => frame.saturating_add(reach).min(frame_count - 1),
    };
    let step = (last - first + 1).div_ceil(MAX_TRAIL_POINTS).max(1);
    // Steps counted from the frame shown, so it is always a point of the trail; the window's
    // ends are always points too.
    let mut frames: Vec<usize> = (1..=(frame - first) / step)
        .map(|k| frame - k * step)
        .collect();
    if first < frame && frames.last() != Some(&first) {
        frames.push(first);
    }
    frames.reverse();
    frames.extend((frame..=last).step_by(step));
    if frames.last() != Some(&last) {
        frames.push(last);
    }
    frames
}

impl Trails {
    /// Adds the trails of every person of `frame` to `scene`'s grid: each piece is as opaque as
    /// it is near the frame in time; the future part is thinner than the past.
    pub fn add(
        &self,
        scene: &mut Scene,
        clip: &Clip,
        frame: usize,
        style: &Style,
        place: Place<'_>,
    ) {
        let frames = trail_frames(
            frame,
            clip.frame_count(),
            clip.playback_rate_hz(),
            self.window_s,
            self.span,
        );
        if frames.len() < 2 {
            return;
        }
        let reach = frames
            .iter()
            .map(|f| f.abs_diff(frame))
            .max()
            .unwrap_or(1)
            .max(1) as f32;
        let people = clip.poses.frame(frame).map_or(0, |f| f.people());
        let width = (style.bone_width * 0.6).max(1.5);
        for person in 0..people {
            for point in &self.points {
                let colour = style.palette.person(point.side, person);
                let placed: Vec<Option<[f32; 2]>> = frames
                    .iter()
                    .map(|&f| {
                        let view = clip.poses.frame(f)?.person(person)?;
                        place(point.locate(&view)?)
                    })
                    .collect();
                for (pair, fs) in placed.windows(2).zip(frames.windows(2)) {
                    let ([Some(a), Some(b)], [fa, fb]) = (pair, fs) else {
                        continue;
                    };
                    // Distance in time from the frame shown of the piece's far end.
                    let far = fa.abs_diff(frame).max(fb.abs_diff(frame)) as f32;
                    let nearness = 1.0 - (far - 1.0).max(0.0) / reach;
                    let future = *fa >= frame;
                    scene.grid.push(Segment {
                        a: *a,
                        b: *b,
                        colour: colour.with_alpha((TRAIL_ALPHA * nearness).round() as u8),
                        width: if future { width * 0.6 } else { width },
                    });
                }
            }
        }
    }
}

/// Faded copies of the poses before and after the frame shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnionSkin {
    /// Poses shown before the frame (at most [`MAX_ONION_POSES`]).
    pub before: usize,
    /// Poses shown after the frame (at most [`MAX_ONION_POSES`]).
    pub after: usize,
    /// Frames between two poses shown (at least 1).
    pub spacing_frames: usize,
}

impl OnionSkin {
    /// The frames shown as ghosts around `frame`, nearest first on each side: (frame, distance
    /// in poses, true when before).
    #[must_use]
    pub fn frames(&self, frame: usize, frame_count: usize) -> Vec<(usize, usize, bool)> {
        let spacing = self.spacing_frames.max(1);
        let mut out = Vec::new();
        for k in 1..=self.before.min(MAX_ONION_POSES) {
            if let Some(f) = frame.checked_sub(k * spacing) {
                out.push((f, k, true));
            }
        }
        for k in 1..=self.after.min(MAX_ONION_POSES) {
            let f = frame + k * spacing;
            if f < frame_count {
                out.push((f, k, false));
            }
        }
        out
    }

    /// Adds the ghost poses to `scene`'s grid (under the pose shown): bones in their side's
    /// colour, fainter with distance; poses after the frame are drawn thinner than those
    /// before.
    pub fn add(
        &self,
        scene: &mut Scene,
        clip: &Clip,
        frame: usize,
        style: &Style,
        place: Place<'_>,
    ) {
        let farthest = self.before.max(self.after).clamp(1, MAX_ONION_POSES) as f32;
        // Farthest first, so nearer ghosts are drawn over them.
        let mut ghosts = self.frames(frame, clip.frame_count());
        ghosts.sort_by_key(|g| std::cmp::Reverse(g.1));
        let skeleton = &clip.skeleton;
        for (f, k, before) in ghosts {
            let Some(view) = clip.poses.frame(f) else {
                continue;
            };
            let alpha = ONION_ALPHA * (1.0 - (k as f32 - 1.0) / (farthest + 1.0));
            let width = style.bone_width * if before { 0.8 } else { 0.5 };
            for (p, person) in view.persons().enumerate() {
                for bone in skeleton.bones() {
                    let a = person.joint(bone.from).and_then(place);
                    let b = person.joint(bone.to).and_then(place);
                    let (Some(a), Some(b)) = (a, b) else {
                        continue;
                    };
                    let colour = style.palette.person(skeleton.bone_side(*bone), p);
                    scene.grid.push(Segment {
                        a,
                        b,
                        colour: colour.with_alpha(alpha.round() as u8),
                        width: width.max(1.0),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "trail_tests.rs"]
mod tests;
