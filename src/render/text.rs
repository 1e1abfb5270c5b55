//! Labels drawn with the viewer's own font, so a rendered picture reads like the screen.
//!
//! The viewer's text is egui's default proportional font, Ubuntu Light, whose bytes the
//! `epaint_default_fonts` crate embeds; a glyph it lacks falls back to Hack (egui's monospace
//! font). Glyph outlines come from `skrifa` — the font reader egui itself uses, already in the
//! build — and are filled by tiny-skia like every other shape, so text is anti-aliased the same
//! way as bones and is bit-exact on every machine. (`ab_glyph` would have added a second font
//! parser and its own coverage rasteriser for the same result.)
//!
//! Layout follows egui's for one line: the font size is pixels per em, the text box is as wide
//! as the advances and as tall as ascent − descent + line gap, and the baseline sits one ascent
//! below the box's top. No shaping or kerning: labels are short Latin text.

use std::collections::HashMap;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};
use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Transform};

use crate::scene::{Anchor, Rgba};

/// Width of one glyph that no font has, in em (an empty box is drawn for it).
const MISSING_ADVANCE_EM: f32 = 0.5;

/// A parsed font and its metrics per em.
struct Face {
    font: FontRef<'static>,
    /// Ascent above the baseline, em.
    ascent_em: f32,
    /// Descent below the baseline (negative), em.
    descent_em: f32,
    /// Gap between lines, em.
    leading_em: f32,
}

impl Face {
    fn new(bytes: &'static [u8]) -> Option<Self> {
        let font = FontRef::new(bytes).ok()?;
        let m = font.metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(m.units_per_em.max(1));
        Some(Self {
            font,
            ascent_em: m.ascent / upem,
            descent_em: m.descent / upem,
            leading_em: m.leading / upem,
        })
    }
}

/// Collects a glyph outline into a tiny-skia path, flipping y (fonts are y-up).
struct PathPen(PathBuilder);

impl OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, -y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, -y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, -cy0, x, -y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, -cy0, cx1, -cy1, x, -y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// One glyph at one size: its outline at the origin (baseline y = 0) and its advance, pixels.
#[derive(Clone)]
struct Glyph {
    path: Option<Path>,
    advance_px: f32,
}

/// The fonts and a cache of glyph outlines. One per rendering thread; cheap to create.
pub struct TextPainter {
    faces: Vec<Face>,
    glyphs: HashMap<(char, u32), Glyph>,
}

impl std::fmt::Debug for TextPainter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextPainter")
            .field("faces", &self.faces.len())
            .field("cached_glyphs", &self.glyphs.len())
            .finish()
    }
}

impl Default for TextPainter {
    fn default() -> Self {
        Self::new()
    }
}

impl TextPainter {
    /// Ubuntu Light with Hack as fallback, as egui has them.
    #[must_use]
    pub fn new() -> Self {
        let faces = [
            epaint_default_fonts::UBUNTU_LIGHT,
            epaint_default_fonts::HACK_REGULAR,
        ]
        .into_iter()
        .filter_map(Face::new)
        .collect();
        Self {
            faces,
            glyphs: HashMap::new(),
        }
    }

    /// The main face's vertical metrics at `size_px`: (ascent, row height), pixels.
    fn row_metrics(&self, size_px: f32) -> (f32, f32) {
        self.faces.first().map_or((size_px, size_px), |f| {
            let ascent = (f.ascent_em * size_px).round();
            let descent = (f.descent_em * size_px).round();
            let leading = (f.leading_em * size_px).round();
            (ascent, ascent - descent + leading)
        })
    }

    fn glyph(&mut self, c: char, size_px: f32) -> Glyph {
        let key = (c, size_px.to_bits());
        if let Some(glyph) = self.glyphs.get(&key) {
            return glyph.clone();
        }
        let glyph = self.make_glyph(c, size_px);
        self.glyphs.insert(key, glyph.clone());
        glyph
    }

    fn make_glyph(&self, c: char, size_px: f32) -> Glyph {
        let size = Size::new(size_px);
        for face in &self.faces {
            let Some(id) = face.font.charmap().map(c) else {
                continue;
            };
            let advance_px = face
                .font
                .glyph_metrics(size, LocationRef::default())
                .advance_width(id)
                .unwrap_or(0.0);
            let path = face.font.outline_glyphs().get(id).and_then(|outline| {
                let mut pen = PathPen(PathBuilder::new());
                outline
                    .draw(
                        DrawSettings::unhinted(size, LocationRef::default()),
                        &mut pen,
                    )
                    .ok()?;
                pen.0.finish()
            });
            return Glyph { path, advance_px };
        }
        Glyph {
            path: None,
            advance_px: MISSING_ADVANCE_EM * size_px,
        }
    }

    /// Width and height of `text`'s box at `size_px`, pixels.
    pub fn measure(&mut self, text: &str, size_px: f32) -> [f32; 2] {
        let width = text
            .chars()
            .map(|c| self.glyph(c, size_px).advance_px)
            .sum();
        [width, self.row_metrics(size_px).1]
    }

    /// Draws `text` with the point `anchor` of its box at `pos`.
    pub fn draw(
        &mut self,
        pixmap: &mut Pixmap,
        text: &str,
        pos: [f32; 2],
        anchor: Anchor,
        size_px: f32,
        colour: Rgba,
    ) {
        if !(size_px.is_finite() && size_px > 0.5 && pos.iter().all(|v| v.is_finite())) {
            return;
        }
        let [w, h] = self.measure(text, size_px);
        let [fx, fy] = anchor_fraction(anchor);
        // Whole pixels for the box, as egui places galleys, so strokes stay crisp.
        let left = (pos[0] - w * fx).round();
        let top = (pos[1] - h * fy).round();
        let baseline = top + self.row_metrics(size_px).0;
        let mut paint = Paint::default();
        let [r, g, b, a] = colour.0;
        paint.set_color_rgba8(r, g, b, a);
        paint.anti_alias = true;
        let mut x = left;
        for c in text.chars() {
            let glyph = self.glyph(c, size_px);
            if let Some(path) = &glyph.path {
                pixmap.fill_path(
                    path,
                    &paint,
                    FillRule::Winding,
                    Transform::from_translate(x, baseline),
                    None,
                );
            }
            x += glyph.advance_px;
        }
    }
}

/// Where the anchor point sits in the text box, as fractions of its width and height.
fn anchor_fraction(anchor: Anchor) -> [f32; 2] {
    match anchor {
        Anchor::LeftTop => [0.0, 0.0],
        Anchor::LeftCenter => [0.0, 0.5],
        Anchor::LeftBottom => [0.0, 1.0],
        Anchor::CenterTop => [0.5, 0.0],
        Anchor::CenterCenter => [0.5, 0.5],
        Anchor::CenterBottom => [0.5, 1.0],
        Anchor::RightTop => [1.0, 0.0],
        Anchor::RightBottom => [1.0, 1.0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fonts_load_and_measure() {
        let mut text = TextPainter::new();
        assert_eq!(text.faces.len(), 2);
        let [w, h] = text.measure("left", 14.0);
        assert!(w > 15.0 && w < 35.0, "{w}");
        // Ubuntu: ascent 0.932 em, descent 0.189 em, gap 0.028 em → 13 + 3 + 0 at 14 px.
        assert!((h - 16.0).abs() <= 1.0, "{h}");
        // The degree sign, the middle dot and the minus sign are all in Ubuntu Light.
        let [w_deg, _] = text.measure("°", 14.0);
        assert!(w_deg > 2.0);
        assert!(text.measure("·−", 14.0)[0] > 4.0);
    }

    #[test]
    fn text_is_drawn_where_its_anchor_says() {
        let mut pixmap = Pixmap::new(100, 40).unwrap();
        let mut text = TextPainter::new();
        let white = Rgba::rgb(255, 255, 255);
        text.draw(
            &mut pixmap,
            "Hi",
            [100.0, 40.0],
            Anchor::RightBottom,
            14.0,
            white,
        );
        let inked: Vec<(u32, u32)> = (0..40)
            .flat_map(|y| (0..100).map(move |x| (x, y)))
            .filter(|&(x, y)| pixmap.pixel(x, y).is_some_and(|p| p.alpha() > 128))
            .collect();
        assert!(!inked.is_empty());
        assert!(inked.iter().all(|&(x, y)| x >= 80 && y >= 24), "{inked:?}");
    }
}
