//! Pictures of one moment: one clip, or two compared side by side or overlaid.
//!
//! A compared clip is drawn at the same moment in time (seconds from each clip's start) and at
//! the same scale as the first: both cameras keep the larger of the two fitted distances. Side
//! by side, each clip has its own half with its name on top; overlaid, each is aimed at its own
//! athlete (so clips recorded in different places still line up) and the second is drawn in a
//! second palette ([`Palette::SECOND`]: bluish green and reddish purple) over the first.

use tiny_skia::Pixmap;

use crate::model::Side;
use crate::scene::style::{self, Palette};
use crate::scene::{Anchor, Label, Rgba, Scene, ScreenRect, Style};

use super::overlay::Extras;
use super::raster::{self, SizeError};
use super::text::TextPainter;
use super::view::{Shot, frame_at_time};

/// The lines between the panels of a picture.
pub const DIVIDER: Rgba = Rgba::rgb(60, 60, 60);

/// How pictures look: the figure style and what is added on top.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Look {
    /// Sizes, figure and colours.
    pub style: Style,
    /// Trails and angle labels.
    pub extras: Extras,
}

/// The clip to draw, and the one it is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct Subjects<'a> {
    /// The main clip.
    pub main: Shot<'a>,
    /// A clip to compare with, if any.
    pub compare: Option<Shot<'a>>,
    /// Draw the compared clip over the main one (else side by side).
    pub overlay: bool,
}

impl<'a> Subjects<'a> {
    /// One clip alone.
    #[must_use]
    pub fn single(main: Shot<'a>) -> Self {
        Self {
            main,
            compare: None,
            overlay: false,
        }
    }

    /// Gives both clips the same scale at `viewport` — each camera's zoom is set so both sit
    /// at the larger of their fitted distances, measured at time `time_s` — and the same floor
    /// height on screen. Calling it again changes nothing.
    pub fn same_scale(&mut self, time_s: f64, viewport: &ScreenRect) {
        let Some(other) = &mut self.compare else {
            return;
        };
        if let (Some(a), Some(b)) = (self.main.half_height_m(), other.half_height_m()) {
            other.set_target_raise(a - b);
        }
        let fa = frame_at_time(self.main.clip(), time_s);
        let fb = frame_at_time(other.clip(), time_s);
        let (Some(ca), Some(cb)) = (self.main.camera(fa, viewport), other.camera(fb, viewport))
        else {
            return;
        };
        let far = ca.distance.max(cb.distance);
        if far.is_finite() && far > 0.0 {
            self.main.scale_zoom(ca.distance / far);
            other.scale_zoom(cb.distance / far);
        }
    }

    /// The clips and their palettes, main first.
    fn each(&self) -> impl Iterator<Item = (&Shot<'a>, Palette)> {
        std::iter::once((&self.main, Palette::STANDARD))
            .chain(self.compare.iter().map(|s| (s, Palette::SECOND)))
    }
}

/// Labels a scene builder puts in the corners (the left/right legend at the top right, the
/// scale note at the bottom left), taken out of `scene` so a picture of many panels can show
/// them once.
pub fn take_decorations(scene: &mut Scene) -> Vec<Label> {
    let (corner, keep): (Vec<Label>, Vec<Label>) = std::mem::take(&mut scene.labels)
        .into_iter()
        .partition(|l| matches!(l.anchor, Anchor::RightTop | Anchor::LeftBottom));
    scene.labels = keep;
    corner
}

/// Appends `other`'s people (capsules, bones, joints and their labels) to `scene`, drawn
/// after it; `other`'s grid and corner labels are left out.
pub fn merge_people(scene: &mut Scene, mut other: Scene) {
    take_decorations(&mut other);
    scene.capsules.append(&mut other.capsules);
    scene.segments.append(&mut other.segments);
    scene.discs.append(&mut other.discs);
    scene.labels.append(&mut other.labels);
}

/// A second legend row ("left right" in `palette`) under the first, top right of `viewport`.
fn add_second_legend(scene: &mut Scene, viewport: &ScreenRect, style: &Style, palette: Palette) {
    let y = viewport.min[1] + 8.0 + style.label_size * 1.3;
    let x = viewport.max[0] - 10.0;
    for (text, side, shift) in [("right", Side::Right, 0.0), ("left", Side::Left, 3.0)] {
        scene.labels.push(Label {
            pos: [x - style.label_size * shift, y],
            text: text.to_owned(),
            colour: palette.side(side),
            size: style.label_size,
            anchor: Anchor::RightTop,
        });
    }
}

/// The name of a clip as shown over its picture.
#[must_use]
pub fn clip_title(shot: &Shot<'_>) -> String {
    shot.clip().meta.display_name()
}

/// The scene of one clip at time `time_s`, with the extras.
fn clip_scene(
    shot: &Shot<'_>,
    time_s: f64,
    viewport: &ScreenRect,
    look: &Look,
    palette: Palette,
) -> Scene {
    let frame = frame_at_time(shot.clip(), time_s);
    let style = Style {
        palette,
        ..look.style
    };
    let mut scene = shot.scene(frame, viewport, &style);
    look.extras.add(
        &mut scene,
        shot.clip(),
        frame,
        &shot.projector(frame, viewport),
        &style,
    );
    scene
}

/// The scene of one panel at `time_s`: the main clip, with the compared one overlaid when the
/// subjects say so (titles in the top-left corner).
#[must_use]
pub fn moment_scene(
    subjects: &Subjects<'_>,
    time_s: f64,
    viewport: &ScreenRect,
    look: &Look,
) -> Scene {
    let mut scene = clip_scene(&subjects.main, time_s, viewport, look, Palette::STANDARD);
    if subjects.overlay
        && let Some(other) = &subjects.compare
    {
        let second = clip_scene(other, time_s, viewport, look, Palette::SECOND);
        merge_people(&mut scene, second);
        add_second_legend(&mut scene, viewport, &look.style, Palette::SECOND);
        add_titles(&mut scene, subjects, viewport, &look.style);
    }
    scene
}

/// The names of the overlaid clips, each in its left colour, in the top-left corner.
fn add_titles(scene: &mut Scene, subjects: &Subjects<'_>, viewport: &ScreenRect, style: &Style) {
    for (row, (shot, palette)) in subjects.each().enumerate() {
        scene.labels.push(Label {
            pos: [
                viewport.min[0] + 10.0,
                viewport.min[1] + 8.0 + row as f32 * style.label_size * 1.3,
            ],
            text: clip_title(shot),
            colour: palette.left,
            size: style.label_size,
            anchor: Anchor::LeftTop,
        });
    }
}

/// A title label at the top left of a panel.
fn panel_title(viewport: &ScreenRect, text: String, style: &Style) -> Label {
    Label {
        pos: [viewport.min[0] + 10.0, viewport.min[1] + 8.0],
        text,
        colour: style::TEXT,
        size: style.label_size,
        anchor: Anchor::LeftTop,
    }
}

/// The picture of the moment `time_s`, `width` × `height` pixels: one view, or two side by
/// side (the compared clip on the right, a thin gap between).
///
/// # Errors
/// When the size is not allowed.
pub fn picture(
    subjects: &Subjects<'_>,
    time_s: f64,
    size: [u32; 2],
    look: &Look,
    text: &mut TextPainter,
) -> Result<Pixmap, SizeError> {
    let [width, height] = size;
    let mut pixmap = raster::blank(width, height)?;
    if let (Some(other), false) = (&subjects.compare, subjects.overlay) {
        raster::fill(&mut pixmap, DIVIDER);
        let gap = 2;
        let half = width.saturating_sub(gap) / 2;
        let panels = [(&subjects.main, 0), (other, half + gap)];
        for (shot, x) in panels {
            let panel_w = if x == 0 {
                half
            } else {
                width.saturating_sub(x)
            }
            .max(1);
            let viewport = ScreenRect::from_min_size([0.0, 0.0], [panel_w as f32, height as f32]);
            let mut scene = clip_scene(shot, time_s, &viewport, look, Palette::STANDARD);
            scene
                .labels
                .push(panel_title(&viewport, clip_title(shot), &look.style));
            let panel = raster::rasterise(&scene, panel_w, height, text)?;
            raster::paste(&mut pixmap, &panel, [x as i32, 0]);
        }
    } else {
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [width as f32, height as f32]);
        let scene = moment_scene(subjects, time_s, &viewport, look);
        raster::draw_scene(&mut pixmap, &scene, text);
    }
    draw_caption(&mut pixmap, look, text);
    Ok(pixmap)
}

/// Draws the extras' caption (angle conventions) once, bottom right of the whole picture.
pub fn draw_caption(pixmap: &mut Pixmap, look: &Look, text: &mut TextPainter) {
    let viewport =
        ScreenRect::from_min_size([0.0, 0.0], [pixmap.width() as f32, pixmap.height() as f32]);
    if let Some(caption) = look.extras.caption(&look.style, &viewport) {
        let scene = Scene {
            labels: vec![caption],
            ..Scene::default()
        };
        raster::draw_scene(pixmap, &scene, text);
    }
}
