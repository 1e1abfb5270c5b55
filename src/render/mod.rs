//! Pictures without a window: a clip's scene drawn with tiny-skia into PNGs, strips and GIFs.
//!
//! The scenes are the viewer's own ([`crate::scene`] builds them for both), so a rendered frame
//! shows the same skeleton, colours, labels and framing as the screen; tiny-skia is pure Rust
//! and deterministic, so the same input gives the same bytes on every run and machine.
//!
//! - [`view`]: which way a clip is seen ([`ViewChoice`]) and the scene of any frame ([`Shot`]).
//! - [`raster`]: a scene into pixels; [`text`]: labels in the viewer's font.
//! - [`overlay`]: trails and angle labels; [`body_labels`]: the viewer's measurements on the body; [`compose`]: one moment of one or two clips;
//!   [`mod@strip`]: K moments in one picture; [`gif`]: animation; [`png`]: still pictures.

pub mod body_labels;
pub mod compose;
pub mod gif;
pub mod overlay;
pub mod png;
pub mod raster;
pub mod strip;
pub mod text;
pub mod view;

use std::io::Write;

pub use compose::{Look, Subjects, picture};
pub use overlay::Extras;
pub use strip::{StripSpec, strip};
pub use text::TextPainter;
pub use view::{Shot, ViewChoice, ViewError, frame_at_time};

/// Size of a single picture unless asked otherwise, pixels.
pub const DEFAULT_PNG_SIZE: [u32; 2] = [1280, 720];
/// Size of a GIF unless asked otherwise (GIFs of a long clip grow quickly), pixels.
pub const DEFAULT_GIF_SIZE: [u32; 2] = [640, 360];
/// Width of one pose of a side-by-side strip unless asked otherwise, pixels.
pub const DEFAULT_STRIP_PANEL_W: u32 = 320;
/// Height of one row of a side-by-side strip unless asked otherwise, pixels.
pub const DEFAULT_STRIP_H: u32 = 480;

/// The default size of a side-by-side strip of `poses` poses in `rows` rows.
#[must_use]
pub fn default_strip_size(poses: usize, rows: u32) -> [u32; 2] {
    let poses = u32::try_from(poses.max(1)).unwrap_or(u32::MAX);
    [
        DEFAULT_STRIP_PANEL_W
            .saturating_mul(poses)
            .min(raster::MAX_SIDE_PX),
        DEFAULT_STRIP_H
            .saturating_mul(rows.max(1))
            .min(raster::MAX_SIDE_PX),
    ]
}

/// An animation: which part of the clip, how fast, how large.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Animation {
    /// First moment, seconds.
    pub from_s: f64,
    /// Last moment, seconds (included when a frame falls on it).
    pub to_s: f64,
    /// Frames per second of the GIF.
    pub fps: f64,
    /// Width and height, pixels.
    pub size: [u32; 2],
}

impl Animation {
    /// The times of the GIF's frames: `from_s`, then every `1 / fps` up to `to_s` (at least one).
    #[must_use]
    pub fn times(&self) -> Vec<f64> {
        if !(self.fps.is_finite() && self.fps > 0.0) {
            return vec![self.from_s];
        }
        let span = (self.to_s - self.from_s).max(0.0);
        // A tiny slack keeps a frame that falls exactly on `to_s` despite rounding.
        let count = (span * self.fps + 1e-6).floor() as u64 + 1;
        (0..count)
            .map(|k| self.from_s + k as f64 / self.fps)
            .collect()
    }
}

/// An error while rendering an animation.
#[derive(Debug, thiserror::Error)]
pub enum AnimationError {
    /// The picture size is not allowed.
    #[error(transparent)]
    Size(#[from] raster::SizeError),
    /// The GIF could not be written.
    #[error(transparent)]
    Gif(#[from] gif::GifError),
}

/// Renders `animation` of `subjects` as a GIF into `out`; `progress(done, total)` is called
/// after each frame.
///
/// # Errors
/// When the size is not allowed or writing fails.
pub fn animate<W: Write>(
    subjects: &Subjects<'_>,
    animation: &Animation,
    look: &Look,
    out: W,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<W, AnimationError> {
    let times = animation.times();
    let mut writer = gif::GifWriter::new(out, animation.size, animation.fps)?;
    let mut text = TextPainter::new();
    for (k, &time_s) in times.iter().enumerate() {
        let pixmap = picture(subjects, time_s, animation.size, look, &mut text)?;
        writer.add(&pixmap)?;
        progress(k + 1, times.len());
    }
    Ok(writer.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animation_times_step_by_the_rate_and_keep_the_end() {
        let a = Animation {
            from_s: 1.0,
            to_s: 2.0,
            fps: 4.0,
            size: [10, 10],
        };
        assert_eq!(a.times(), vec![1.0, 1.25, 1.5, 1.75, 2.0]);
        let one = Animation { to_s: 0.5, ..a };
        assert_eq!(one.times(), vec![1.0]);
    }
}
