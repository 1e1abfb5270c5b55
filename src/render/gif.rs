//! Animated GIF output with the `gif` crate (image-rs, pure Rust), deterministic.
//!
//! **Palette.** One global palette, fixed by the style: the background, a grey ramp, and for each
//! colour a figure is drawn with (the sides of both palettes, the warning text) a ramp from the
//! background to it (anti-aliased edges on the dark background), towards white (highlights,
//! lighter people) and towards black (shading). Every pixel takes the nearest entry. The
//! palette does not depend on the pictures, so a frame's colours never flicker, the same input
//! gives the same bytes, and frames are encoded as they come (no second pass, no buffering).
//! `NeuQuant` would adapt to the pictures but tends to lose small saturated areas — thin bones —
//! to the large dark background.
//!
//! **Timing.** GIF delays are whole centiseconds: frame `k` waits
//! `round((k+1)·100/fps) − round(k·100/fps)` cs, so 30 fps alternates 3 and 4 cs and the loop
//! keeps the clip's real duration.
//!
//! **Size.** After the first frame, only the rectangle that changed is stored.

use std::collections::HashMap;
use std::io::Write;

use gif::{DisposalMethod, Encoder, Frame, Repeat};
use tiny_skia::Pixmap;

use crate::scene::Rgba;
use crate::scene::style::{self, Palette};

/// Largest side of a GIF, pixels (the format stores 16-bit sizes).
pub const MAX_GIF_SIDE_PX: u32 = 65_535;

/// Highest frame rate a GIF can play: delays shorter than 2 cs are slowed down by browsers.
pub const MAX_GIF_FPS: f64 = 50.0;

/// An error while writing a GIF.
#[derive(Debug, thiserror::Error)]
pub enum GifError {
    /// The encoder failed (the writer could not be written).
    #[error("cannot encode the GIF: {0}")]
    Encoding(#[from] gif::EncodingError),
    /// A frame has another size than the first.
    #[error("a frame is {got:?} pixels, the GIF is {want:?}")]
    FrameSize {
        /// The GIF's size.
        want: [u32; 2],
        /// The frame's size.
        got: [u32; 2],
    },
    /// The size does not fit a GIF.
    #[error("a GIF can be at most {MAX_GIF_SIDE_PX} pixels on a side, not {0}x{1}")]
    TooLarge(u32, u32),
    /// The frame rate is not positive and finite.
    #[error("the frame rate must be a positive number of frames per second, not {0}")]
    BadRate(f64),
}

/// The delay after frame `index` at `fps`, centiseconds (see the module docs).
#[must_use]
pub fn delay_cs(index: u64, fps: f64) -> u16 {
    let at = |k: u64| (k as f64 * 100.0 / fps).round();
    (at(index + 1) - at(index)).clamp(1.0, f64::from(u16::MAX)) as u16
}

/// The fixed palette, as 256 RGB entries (unused entries repeat the background).
#[must_use]
pub fn palette() -> Vec<[u8; 3]> {
    let rgb = |c: Rgba| [c.0[0], c.0[1], c.0[2]];
    let bg = style::BACKGROUND;
    let mut entries: Vec<[u8; 3]> = vec![rgb(bg)];
    let push = |c: [u8; 3], entries: &mut Vec<[u8; 3]>| {
        if !entries.contains(&c) && entries.len() < 256 {
            entries.push(c);
        }
    };
    let inks = [
        Palette::STANDARD.left,
        Palette::STANDARD.right,
        Palette::SECOND.left,
        Palette::SECOND.right,
        style::TEXT_WARN,
    ];
    let black = Rgba::rgb(0, 0, 0);
    let white = Rgba::rgb(255, 255, 255);
    for ink in inks {
        push(rgb(ink), &mut entries);
    }
    for ink in inks {
        for k in 1..20 {
            push(rgb(bg.mix(ink, k as f32 / 20.0)), &mut entries);
        }
        for k in 1..=6 {
            push(rgb(ink.mix(white, k as f32 / 7.0)), &mut entries);
            push(rgb(ink.mix(black, k as f32 / 7.0)), &mut entries);
        }
    }
    for k in 0..=40_u32 {
        let v = (k * 255 / 40) as u8;
        push([v, v, v], &mut entries);
    }
    while entries.len() < 256 {
        entries.push(rgb(bg));
    }
    entries
}

/// Maps colours to the nearest palette entry, remembering the answers.
struct Quantiser {
    palette: Vec<[u8; 3]>,
    cache: HashMap<[u8; 3], u8>,
}

impl Quantiser {
    fn new() -> Self {
        Self {
            palette: palette(),
            cache: HashMap::new(),
        }
    }

    fn index(&mut self, c: [u8; 3]) -> u8 {
        if let Some(&i) = self.cache.get(&c) {
            return i;
        }
        let mut best = (u32::MAX, 0_u8);
        for (i, p) in self.palette.iter().enumerate() {
            let d = |k: usize, w: u32| {
                let diff = i32::from(c[k]) - i32::from(p[k]);
                (diff * diff).unsigned_abs() * w
            };
            // Weights close to the eye's sensitivity (green most, blue least).
            let dist = d(0, 3) + d(1, 4) + d(2, 2);
            if dist < best.0 {
                best = (dist, u8::try_from(i).unwrap_or(0));
            }
        }
        self.cache.insert(c, best.1);
        best.1
    }
}

/// Writes an animated, looping GIF frame by frame.
pub struct GifWriter<W: Write> {
    encoder: Encoder<W>,
    quantiser: Quantiser,
    size: [u32; 2],
    fps: f64,
    previous: Option<Vec<u8>>,
    frames: u64,
}

impl<W: Write> std::fmt::Debug for GifWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GifWriter")
            .field("size", &self.size)
            .field("fps", &self.fps)
            .field("frames", &self.frames)
            .finish_non_exhaustive()
    }
}

impl<W: Write> GifWriter<W> {
    /// Starts a GIF of `size` pixels played at `fps` frames per second, looping forever.
    ///
    /// # Errors
    /// When the size or rate cannot be stored, or writing the header fails.
    pub fn new(out: W, size: [u32; 2], fps: f64) -> Result<Self, GifError> {
        let [w, h] = size;
        let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
            return Err(GifError::TooLarge(w, h));
        };
        if w16 == 0 || h16 == 0 {
            return Err(GifError::TooLarge(w, h));
        }
        if !(fps.is_finite() && fps > 0.0) {
            return Err(GifError::BadRate(fps));
        }
        let quantiser = Quantiser::new();
        let flat: Vec<u8> = quantiser.palette.iter().flatten().copied().collect();
        let mut encoder = Encoder::new(out, w16, h16, &flat)?;
        encoder.set_repeat(Repeat::Infinite)?;
        Ok(Self {
            encoder,
            quantiser,
            size,
            fps,
            previous: None,
            frames: 0,
        })
    }

    /// Adds `pixmap` as the next frame.
    ///
    /// # Errors
    /// When its size differs from the GIF's, or writing fails.
    pub fn add(&mut self, pixmap: &Pixmap) -> Result<(), GifError> {
        let got = [pixmap.width(), pixmap.height()];
        if got != self.size {
            return Err(GifError::FrameSize {
                want: self.size,
                got,
            });
        }
        // Runs of one colour (the background, mostly) are looked up once.
        let mut last: Option<([u8; 4], u8)> = None;
        let indices: Vec<u8> = pixmap
            .pixels()
            .iter()
            .map(|p| {
                let key = [p.red(), p.green(), p.blue(), p.alpha()];
                if let Some((k, i)) = last
                    && k == key
                {
                    return i;
                }
                let c = p.demultiply();
                let i = self.quantiser.index([c.red(), c.green(), c.blue()]);
                last = Some((key, i));
                i
            })
            .collect();
        let [w, h] = self.size;
        let (left, top, cw, ch) = match &self.previous {
            None => (0, 0, w, h),
            Some(previous) => changed_rect(previous, &indices, w, h),
        };
        let buffer: Vec<u8> = (top..top + ch)
            .flat_map(|y| {
                let start = (y * w + left) as usize;
                indices
                    .get(start..start + cw as usize)
                    .unwrap_or_default()
                    .iter()
                    .copied()
            })
            .collect();
        let frame = Frame {
            delay: delay_cs(self.frames, self.fps),
            dispose: DisposalMethod::Keep,
            left: u16::try_from(left).unwrap_or(0),
            top: u16::try_from(top).unwrap_or(0),
            width: u16::try_from(cw).unwrap_or(1),
            height: u16::try_from(ch).unwrap_or(1),
            buffer: buffer.into(),
            ..Frame::default()
        };
        self.encoder.write_frame(&frame)?;
        self.previous = Some(indices);
        self.frames += 1;
        Ok(())
    }

    /// Frames written so far.
    #[must_use]
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Writes the trailer and returns the writer.
    ///
    /// # Errors
    /// When writing fails.
    pub fn finish(self) -> Result<W, GifError> {
        Ok(self.encoder.into_inner()?)
    }
}

/// The smallest rectangle (left, top, width, height) holding every pixel that differs; one
/// pixel in the corner when nothing changed (a GIF frame cannot be empty).
fn changed_rect(a: &[u8], b: &[u8], w: u32, h: u32) -> (u32, u32, u32, u32) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..h {
        let row = (y * w) as usize..((y + 1) * w) as usize;
        let (Some(ra), Some(rb)) = (a.get(row.clone()), b.get(row)) else {
            continue;
        };
        if ra == rb {
            continue;
        }
        y0 = y0.min(y);
        y1 = y;
        let first = ra.iter().zip(rb).position(|(p, q)| p != q).unwrap_or(0);
        let last = ra.iter().zip(rb).rposition(|(p, q)| p != q).unwrap_or(0);
        x0 = x0.min(first as u32);
        x1 = x1.max(last as u32);
    }
    if y0 == u32::MAX {
        (0, 0, 1, 1)
    } else {
        (x0, y0, x1 - x0 + 1, y1 - y0 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_keep_the_real_rate() {
        assert!((0..10).all(|k| delay_cs(k, 25.0) == 4));
        let thirty: Vec<u16> = (0..6).map(|k| delay_cs(k, 30.0)).collect();
        assert_eq!(thirty, vec![3, 4, 3, 3, 4, 3]);
        let total: u32 = (0..30).map(|k| u32::from(delay_cs(k, 30.0))).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn the_palette_holds_the_figure_colours_exactly() {
        let p = palette();
        assert_eq!(p.len(), 256);
        for c in [
            style::BACKGROUND,
            style::LEFT,
            style::RIGHT,
            Palette::SECOND.left,
        ] {
            assert!(p.contains(&[c.0[0], c.0[1], c.0[2]]), "{c:?}");
        }
        let mut q = Quantiser::new();
        assert_eq!(q.index([18, 18, 18]), 0);
        let left = q.index([86, 180, 233]);
        assert_eq!(q.palette[left as usize], [86, 180, 233]);
    }

    #[test]
    fn only_the_changed_rectangle_is_stored() {
        let a = vec![0_u8; 12];
        let mut b = a.clone();
        b[5] = 1; // (1, 1) in a 4 × 3 picture
        b[6] = 1; // (2, 1)
        assert_eq!(changed_rect(&a, &b, 4, 3), (1, 1, 2, 1));
        assert_eq!(changed_rect(&a, &a, 4, 3), (0, 0, 1, 1));
    }
}
