//! Chronophotography: K evenly spaced moments of a movement in one picture.
//!
//! - Side by side (a kinogram): one panel per moment, left to right, each with its time in the
//!   top-left corner; the camera follows the athlete as the viewer's does, at the same scale in
//!   every panel. The left/right legend and the scale note are shown once for the picture.
//!   A compared clip gets a second row (or is overlaid in each panel with `overlay`).
//! - Superimposed (a stroboscope picture, `--strip K --overlay`): every moment in one view with
//!   a fixed camera that frames them all, the earliest faintest, the last at full strength.
//!   A compared clip gets its own view beside it (or is overlaid with `overlay`).

use tiny_skia::Pixmap;

use crate::scene::style::Palette;
use crate::scene::{Anchor, Label, Rgba, Scene, ScreenRect, Segment, Style, style};

use super::compose::{self, Look, Subjects, clip_title, take_decorations};
use super::raster::{self, SizeError};
use super::text::TextPainter;
use super::view::{Shot, frame_at_time};

/// Opacity of the earliest pose of a superimposed strip (the last is opaque).
const FIRST_GHOST_ALPHA: f32 = 0.22;
/// Pixels between panels.
const GAP_PX: u32 = 2;

/// Which moments a strip shows and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StripSpec {
    /// Number of moments (at least 1).
    pub count: usize,
    /// First moment, seconds from the start of the clip.
    pub from_s: f64,
    /// Last moment, seconds.
    pub to_s: f64,
    /// All moments in one view, fading (else side by side).
    pub superimpose: bool,
}

/// `count` times evenly spaced from `from_s` to `to_s`, both included (one: `from_s`).
#[must_use]
pub fn strip_times(from_s: f64, to_s: f64, count: usize) -> Vec<f64> {
    match count {
        0 => Vec::new(),
        1 => vec![from_s],
        n => (0..n)
            .map(|i| from_s + (to_s - from_s) * i as f64 / (n - 1) as f64)
            .collect(),
    }
}

/// Multiplies the opacity of everything in `scene` by `factor`.
fn fade(scene: &mut Scene, factor: f32) {
    let f = |c: &mut Rgba| c.0[3] = (f32::from(c.0[3]) * factor).round() as u8;
    let seg = |s: &mut Segment| f(&mut s.colour);
    scene.grid.iter_mut().for_each(seg);
    scene.segments.iter_mut().for_each(seg);
    scene.capsules.iter_mut().for_each(|c| f(&mut c.colour));
    scene.discs.iter_mut().for_each(|d| f(&mut d.colour));
    scene.labels.iter_mut().for_each(|l| f(&mut l.colour));
}

/// "0.40 s", the time shown over a panel.
fn time_text(time_s: f64) -> String {
    format!("{time_s:.2} s")
}

/// A label at `pos` in the plain text colour.
fn text_label(pos: [f32; 2], text: String, anchor: Anchor, style: &Style) -> Label {
    Label {
        pos,
        text,
        colour: style::TEXT,
        size: style.label_size,
        anchor,
    }
}

/// Every moment of `shot` in one view from a fixed camera, fading towards the past.
fn superimposed(
    shot: &Shot<'_>,
    times: &[f64],
    viewport: &ScreenRect,
    look: &Look,
    palette: Palette,
) -> Scene {
    let frames: Vec<usize> = times
        .iter()
        .map(|&t| frame_at_time(shot.clip(), t))
        .collect();
    let Some((min, max)) = shot.joint_box(&frames) else {
        return shot.scene(frames.first().copied().unwrap_or(0), viewport, &look.style);
    };
    let fixed = shot.fixed_on_box(min, max);
    let style = Style {
        palette,
        ..look.style
    };
    let projector = fixed.projector(viewport);
    let mut out = Scene::default();
    let last = frames.len().saturating_sub(1);
    for (k, &frame) in frames.iter().enumerate() {
        let mut scene = fixed.scene(frame, viewport, &style);
        look.extras
            .add(&mut scene, shot.clip(), frame, &projector, &style);
        if k < last {
            let t = k as f32 / last.max(1) as f32;
            fade(
                &mut scene,
                FIRST_GHOST_ALPHA + (1.0 - FIRST_GHOST_ALPHA) * t,
            );
            scene.labels.clear();
            scene.grid.clear();
            compose::merge_people(&mut out, scene);
        } else {
            let ghosts = std::mem::take(&mut out);
            out = scene;
            // The last pose's grid goes under the ghosts, its people over them.
            let people = Scene {
                grid: Vec::new(),
                labels: Vec::new(),
                capsules: std::mem::take(&mut out.capsules),
                segments: std::mem::take(&mut out.segments),
                discs: std::mem::take(&mut out.discs),
            };
            out.capsules = ghosts.capsules;
            out.segments = ghosts.segments;
            out.discs = ghosts.discs;
            out.capsules.extend(people.capsules);
            out.segments.extend(people.segments);
            out.discs.extend(people.discs);
        }
    }
    out
}

/// The caption of a superimposed strip.
fn superimposed_caption(times: &[f64]) -> String {
    match (times.first(), times.last()) {
        (Some(first), Some(last)) if times.len() > 1 => {
            let every = (last - first) / (times.len() - 1) as f64;
            format!(
                "{} poses, {:.2} to {:.2} s, every {:.2} s · the latest brightest",
                times.len(),
                first,
                last,
                every
            )
        }
        (Some(first), _) => format!("{first:.2} s"),
        _ => String::new(),
    }
}

/// One view of a superimposed strip: the main clip (with the compared one over it when the
/// subjects say so), titled.
fn superimposed_panel(
    subjects: &Subjects<'_>,
    times: &[f64],
    viewport: &ScreenRect,
    look: &Look,
) -> Scene {
    let mut scene = superimposed(&subjects.main, times, viewport, look, Palette::STANDARD);
    let mut titles = vec![(clip_title(&subjects.main), Palette::STANDARD.left)];
    if subjects.overlay
        && let Some(other) = &subjects.compare
    {
        let second = superimposed(other, times, viewport, look, Palette::SECOND);
        compose::merge_people(&mut scene, second);
        titles.push((clip_title(other), Palette::SECOND.left));
    }
    let size = look.style.label_size;
    let caption = superimposed_caption(times);
    let mut y = viewport.min[1] + 8.0;
    scene.labels.push(text_label(
        [viewport.min[0] + 10.0, y],
        caption,
        Anchor::LeftTop,
        &look.style,
    ));
    if subjects.compare.is_some() {
        for (title, colour) in titles {
            y += size * 1.3;
            scene.labels.push(Label {
                colour,
                ..text_label(
                    [viewport.min[0] + 10.0, y],
                    title,
                    Anchor::LeftTop,
                    &look.style,
                )
            });
        }
    }
    scene
}

/// Splits `total` pixels into `n` parts with [`GAP_PX`] between: (start, length) of each.
fn split(total: u32, n: usize) -> Vec<(u32, u32)> {
    let n32 = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
    let gaps = GAP_PX.saturating_mul(n32 - 1);
    let usable = total.saturating_sub(gaps);
    (0..n32)
        .map(|i| {
            let start = usable * i / n32;
            let end = usable * (i + 1) / n32;
            (start + GAP_PX * i, (end - start).max(1))
        })
        .collect()
}

/// The strip picture, `size` pixels.
///
/// # Errors
/// When the size (or a panel's) is not allowed.
pub fn strip(
    subjects: &Subjects<'_>,
    spec: &StripSpec,
    size: [u32; 2],
    look: &Look,
    text: &mut TextPainter,
) -> Result<Pixmap, SizeError> {
    let mut pixmap = raster::blank(size[0], size[1])?;
    let times = strip_times(spec.from_s, spec.to_s, spec.count.max(1));
    // A compared clip that is not overlaid gets its own view (superimposed) or row (kinogram).
    let beside = if subjects.overlay {
        None
    } else {
        subjects.compare.as_ref()
    };
    if spec.superimpose {
        superimposed_strip(&mut pixmap, subjects, beside, &times, look, text)?;
    } else {
        kinogram(&mut pixmap, subjects, beside.is_some(), &times, look, text)?;
    }
    compose::draw_caption(&mut pixmap, look, text);
    Ok(pixmap)
}

/// Every moment in one view (two views side by side for a compared clip not overlaid).
fn superimposed_strip(
    pixmap: &mut Pixmap,
    subjects: &Subjects<'_>,
    beside: Option<&Shot<'_>>,
    times: &[f64],
    look: &Look,
    text: &mut TextPainter,
) -> Result<(), SizeError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let views: Vec<Subjects<'_>> = match &beside {
        None => vec![subjects.clone()],
        Some(other) => vec![
            Subjects::single(subjects.main.clone()),
            Subjects::single((*other).clone()),
        ],
    };
    if views.len() > 1 {
        raster::fill(pixmap, compose::DIVIDER);
    }
    for ((x, w), view) in split(width, views.len()).into_iter().zip(&views) {
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [w as f32, height as f32]);
        let mut scene = superimposed_panel(view, times, &viewport, look);
        if beside.is_some() {
            // Side by side: each view names its own clip under the caption.
            scene.labels.push(text_label(
                [10.0, 8.0 + look.style.label_size * 1.3],
                clip_title(&view.main),
                Anchor::LeftTop,
                &look.style,
            ));
        }
        let panel = raster::rasterise(&scene, w, height, text)?;
        raster::paste(pixmap, &panel, [x as i32, 0]);
    }
    Ok(())
}

/// One panel per moment, left to right (a second row for a compared clip not overlaid), each
/// pose centred, one scale and one floor height for all.
fn kinogram<'a>(
    pixmap: &mut Pixmap,
    subjects: &Subjects<'a>,
    beside: bool,
    times: &[f64],
    look: &Look,
    text: &mut TextPainter,
) -> Result<(), SizeError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let row_split = split(height, if beside { 2 } else { 1 });
    let col_split = split(width, times.len());
    if row_split.len() * col_split.len() > 1 {
        raster::fill(pixmap, compose::DIVIDER);
    }
    let first_w = col_split.first().map_or(width, |p| p.1);
    let first_h = row_split.first().map_or(height, |p| p.1);
    let panel = ScreenRect::from_min_size([0.0, 0.0], [first_w as f32, first_h as f32]);
    let tight = |shot: &Shot<'a>| -> Shot<'a> {
        let frames: Vec<usize> = times
            .iter()
            .map(|&t| frame_at_time(shot.clip(), t))
            .collect();
        shot.tightened(&frames, &panel)
    };
    let mut both = Subjects {
        main: tight(&subjects.main),
        compare: subjects.compare.as_ref().map(tight),
        overlay: subjects.overlay,
    };
    both.same_scale(times.first().copied().unwrap_or(0.0), &panel);
    let rows: Vec<Subjects<'_>> = match (beside, both.compare.clone()) {
        (true, Some(second)) => vec![Subjects::single(both.main), Subjects::single(second)],
        _ => vec![both],
    };
    let mut corner = Vec::new();
    for (r, ((y, h), row)) in row_split.iter().zip(&rows).enumerate() {
        for (c, ((x, w), &time_s)) in col_split.iter().zip(times).enumerate() {
            let viewport = ScreenRect::from_min_size([0.0, 0.0], [*w as f32, *h as f32]);
            let mut scene = compose::moment_scene(row, time_s, &viewport, look);
            let decorations = take_decorations(&mut scene);
            if r == 0 && c == 0 {
                corner = decorations;
            }
            let mut title = time_text(time_s);
            if c == 0 && rows.len() > 1 {
                title = format!("{} · {title}", clip_title(&row.main));
            }
            scene
                .labels
                .push(text_label([10.0, 8.0], title, Anchor::LeftTop, &look.style));
            let panel = raster::rasterise(&scene, *w, *h, text)?;
            raster::paste(pixmap, &panel, [*x as i32, *y as i32]);
        }
    }
    // The first panel's legend and scale note, once, in the picture's corners.
    for label in &mut corner {
        match label.anchor {
            Anchor::RightTop => label.pos[0] += (width - first_w) as f32,
            _ => label.pos[1] += (height - first_h) as f32,
        }
    }
    let scene = Scene {
        labels: corner,
        ..Scene::default()
    };
    raster::draw_scene(pixmap, &scene, text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_even_and_include_both_ends() {
        assert_eq!(strip_times(0.0, 2.0, 5), vec![0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(strip_times(1.0, 3.0, 1), vec![1.0]);
        assert!(strip_times(0.0, 1.0, 0).is_empty());
    }

    #[test]
    fn panels_split_the_width_with_gaps() {
        assert_eq!(split(100, 2), vec![(0, 49), (51, 49)]);
        assert_eq!(split(302, 3), vec![(0, 99), (101, 99), (202, 100)]);
        assert_eq!(split(10, 1), vec![(0, 10)]);
    }

    #[test]
    fn fading_scales_opacity() {
        let mut scene = Scene {
            segments: vec![Segment {
                a: [0.0, 0.0],
                b: [1.0, 1.0],
                colour: Rgba::rgb(1, 2, 3),
                width: 1.0,
            }],
            ..Scene::default()
        };
        fade(&mut scene, 0.5);
        assert_eq!(scene.segments[0].colour, Rgba([1, 2, 3, 128]));
    }

    #[test]
    fn the_caption_says_the_spacing() {
        assert_eq!(
            superimposed_caption(&[0.0, 0.5, 1.0]),
            "3 poses, 0.00 to 1.00 s, every 0.50 s · the latest brightest"
        );
    }
}
