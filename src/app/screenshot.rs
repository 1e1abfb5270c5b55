//! `--screenshot OUT.png`: once the clips are loaded and a few frames drawn, the window
//! photographs itself, saves the PNG and closes. This is how the real window is checked under
//! Xvfb.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Context, ViewportCommand};

/// Frames drawn after everything is ready, before the picture is taken (layout settles).
const SETTLE_FRAMES: u32 = 3;

/// Frames to wait for the picture once asked for, before giving up.
const MAX_WAIT_FRAMES: u32 = 600;

/// How the screenshot went: `None` while pending.
pub type Outcome = Arc<Mutex<Option<Result<(), String>>>>;

/// The screenshot state machine.
#[derive(Debug)]
pub struct Screenshot {
    out: PathBuf,
    settled: u32,
    waited: u32,
    requested: bool,
    done: bool,
    image: Arc<Mutex<Option<Arc<ColorImage>>>>,
    outcome: Outcome,
}

/// Writes `image` to `path` as an opaque RGBA PNG.
///
/// # Errors
/// When the image is empty or the file cannot be written.
pub fn save_png(image: &ColorImage, path: &Path) -> Result<(), String> {
    let [w, h] = image.size;
    let size = tiny_skia::IntSize::from_wh(w as u32, h as u32)
        .ok_or_else(|| format!("the screenshot is empty ({w}x{h})"))?;
    let mut data = Vec::with_capacity(image.pixels.len() * 4);
    for pixel in &image.pixels {
        let [r, g, b, _] = pixel.to_array();
        data.extend_from_slice(&[r, g, b, 255]);
    }
    let pixmap = tiny_skia::Pixmap::from_vec(data, size)
        .ok_or_else(|| "the screenshot has the wrong number of pixels".to_owned())?;
    pixmap
        .save_png(path)
        .map_err(|e| format!("{}: cannot write the screenshot: {e}", path.display()))
}

impl Screenshot {
    /// A screenshot to be saved to `out`; `outcome` receives the result.
    #[must_use]
    pub fn new(out: PathBuf, outcome: Outcome) -> Self {
        Self {
            out,
            settled: 0,
            waited: 0,
            requested: false,
            done: false,
            image: Arc::new(Mutex::new(None)),
            outcome,
        }
    }

    fn finish(&mut self, ctx: &Context, result: Result<(), String>) {
        if let Ok(mut slot) = self.outcome.lock() {
            *slot = Some(result);
        }
        self.done = true;
        ctx.send_viewport_cmd(ViewportCommand::Close);
    }

    /// Called once per frame; `ready` says the clips are loaded and shown.
    pub fn tick(&mut self, ctx: &Context, ready: bool) {
        if self.done {
            return;
        }
        ctx.request_repaint();
        if !self.requested {
            if ready {
                self.settled += 1;
            }
            if self.settled >= SETTLE_FRAMES {
                let slot = Arc::clone(&self.image);
                ctx.request_screenshot(move |image| {
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(image);
                    }
                });
                self.requested = true;
            }
            return;
        }
        let image = self.image.lock().ok().and_then(|mut slot| slot.take());
        if let Some(image) = image {
            let result = save_png(&image, &self.out);
            self.finish(ctx, result);
        } else {
            self.waited += 1;
            if self.waited > MAX_WAIT_FRAMES {
                self.finish(
                    ctx,
                    Err("the window never delivered its screenshot".to_owned()),
                );
            }
        }
    }
}
