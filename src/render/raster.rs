//! A [`Scene`] drawn into an RGBA pixmap with tiny-skia, in the viewer's order: grid, body
//! capsules, bones, joints, labels.
//!
//! Bones are anti-aliased round-capped strokes, joints filled circles, capsules filled convex
//! polygons from [`crate::scene::Capsule::outline`] (the outline the viewer fills too), labels
//! the viewer's font (see [`super::text`]). tiny-skia blends straight sRGB values, as egui does,
//! and is deterministic, so the same scene gives the same bytes everywhere.

use tiny_skia::{
    Color, FillRule, LineCap, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke, Transform,
};

use crate::scene::{Capsule, Rgba, Scene, Segment, style};

use super::text::TextPainter;

/// An error met while drawing: the picture size cannot be allocated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a {width}x{height} picture cannot be made (each side must be 1 to {MAX_SIDE_PX} pixels)")]
pub struct SizeError {
    /// Requested width, pixels.
    pub width: u32,
    /// Requested height, pixels.
    pub height: u32,
}

/// Largest side of a picture, pixels (16384 × 16384 RGBA is 1 GiB: beyond that, refuse).
pub const MAX_SIDE_PX: u32 = 16_384;

/// A pixmap of `width` × `height` filled with the viewer's background.
///
/// # Errors
/// When a side is 0 or above [`MAX_SIDE_PX`].
pub fn blank(width: u32, height: u32) -> Result<Pixmap, SizeError> {
    if width == 0 || height == 0 || width > MAX_SIDE_PX || height > MAX_SIDE_PX {
        return Err(SizeError { width, height });
    }
    let mut pixmap = Pixmap::new(width, height).ok_or(SizeError { width, height })?;
    pixmap.fill(colour(style::BACKGROUND));
    Ok(pixmap)
}

/// Fills the whole of `pixmap` with `c`.
pub fn fill(pixmap: &mut Pixmap, c: Rgba) {
    pixmap.fill(colour(c));
}

fn colour(c: Rgba) -> Color {
    let [r, g, b, a] = c.0;
    Color::from_rgba8(r, g, b, a)
}

fn paint(c: Rgba) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(colour(c));
    paint.anti_alias = true;
    paint
}

fn draw_segment(pixmap: &mut Pixmap, s: &Segment) {
    if !(s.width.is_finite() && s.width > 0.0) {
        return;
    }
    let mut pb = PathBuilder::new();
    pb.move_to(s.a[0], s.a[1]);
    pb.line_to(s.b[0], s.b[1]);
    let Some(path) = pb.finish() else {
        return;
    };
    let stroke = Stroke {
        width: s.width,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    pixmap.stroke_path(
        &path,
        &paint(s.colour),
        &stroke,
        Transform::identity(),
        None,
    );
}

fn draw_capsule(pixmap: &mut Pixmap, c: &Capsule) {
    let outline = c.outline();
    let mut points = outline.iter();
    let Some(first) = points.next() else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.move_to(first[0], first[1]);
    for p in points {
        pb.line_to(p[0], p[1]);
    }
    pb.close();
    if let Some(path) = pb.finish() {
        pixmap.fill_path(
            &path,
            &paint(c.colour),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// Draws `scene` over `pixmap` (whose pixels are the scene's screen pixels).
pub fn draw_scene(pixmap: &mut Pixmap, scene: &Scene, text: &mut TextPainter) {
    for s in &scene.grid {
        draw_segment(pixmap, s);
    }
    for c in &scene.capsules {
        draw_capsule(pixmap, c);
    }
    for s in &scene.segments {
        draw_segment(pixmap, s);
    }
    for d in &scene.discs {
        if d.colour.0[3] == 0 || !(d.radius.is_finite() && d.radius > 0.0) {
            continue;
        }
        if let Some(path) = PathBuilder::from_circle(d.centre[0], d.centre[1], d.radius) {
            pixmap.fill_path(
                &path,
                &paint(d.colour),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
    for l in &scene.labels {
        text.draw(pixmap, &l.text, l.pos, l.anchor, l.size, l.colour);
    }
}

/// `scene` alone on the background, `width` × `height` pixels.
///
/// # Errors
/// When the size is not allowed (see [`blank`]).
pub fn rasterise(
    scene: &Scene,
    width: u32,
    height: u32,
    text: &mut TextPainter,
) -> Result<Pixmap, SizeError> {
    let mut pixmap = blank(width, height)?;
    draw_scene(&mut pixmap, scene, text);
    Ok(pixmap)
}

/// Copies `panel` into `target` with its top-left corner at `at` (pixels).
pub fn paste(target: &mut Pixmap, panel: &Pixmap, at: [i32; 2]) {
    target.draw_pixmap(
        at[0],
        at[1],
        panel.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
}

/// The opaque RGBA bytes of `pixmap` (every picture we make is opaque, so premultiplied and
/// straight alpha agree).
#[must_use]
pub fn rgba_bytes(pixmap: &Pixmap) -> Vec<u8> {
    pixmap.clone().take_demultiplied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Anchor, Disc, JointId, Label};

    fn px(pixmap: &Pixmap, x: u32, y: u32) -> [u8; 4] {
        let p = pixmap.pixel(x, y).unwrap().demultiply();
        [p.red(), p.green(), p.blue(), p.alpha()]
    }

    #[test]
    fn background_bones_joints_and_capsules_land_where_the_scene_says() {
        let orange = Rgba::rgb(230, 159, 0);
        let blue = Rgba::rgb(86, 180, 233);
        let scene = Scene {
            segments: vec![Segment {
                a: [10.0, 20.0],
                b: [90.0, 20.0],
                colour: orange,
                width: 4.0,
            }],
            discs: vec![Disc {
                centre: [50.0, 50.0],
                radius: 5.0,
                colour: blue,
                joint: JointId {
                    person: 0,
                    joint: 0,
                },
            }],
            capsules: vec![Capsule {
                a: [20.0, 80.0],
                b: [80.0, 80.0],
                radius_a: 6.0,
                radius_b: 6.0,
                colour: blue,
            }],
            labels: vec![Label {
                pos: [0.0, 0.0],
                text: "x".into(),
                colour: Rgba::rgb(255, 255, 255),
                size: 14.0,
                anchor: Anchor::LeftTop,
            }],
            ..Scene::default()
        };
        let pixmap = rasterise(&scene, 100, 100, &mut TextPainter::new()).unwrap();
        assert_eq!(px(&pixmap, 99, 99), style::BACKGROUND.0);
        assert_eq!(px(&pixmap, 50, 20), orange.0);
        assert_eq!(px(&pixmap, 50, 50), blue.0);
        assert_eq!(px(&pixmap, 50, 80), blue.0);
        assert_eq!(px(&pixmap, 17, 80), blue.0, "round end of the capsule");
        assert_eq!(px(&pixmap, 50, 90), style::BACKGROUND.0);
        // Bones have round caps: a pixel just past the end, on the line, is inked.
        assert_ne!(px(&pixmap, 91, 20), style::BACKGROUND.0);
    }

    #[test]
    fn sizes_are_checked() {
        let text = &mut TextPainter::new();
        assert!(rasterise(&Scene::default(), 0, 10, text).is_err());
        assert!(rasterise(&Scene::default(), 10, MAX_SIDE_PX + 1, text).is_err());
        let err = blank(0, 5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a 0x5 picture cannot be made (each side must be 1 to 16384 pixels)"
        );
    }
}
