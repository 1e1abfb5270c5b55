//! Card pictures as egui textures, decoded from PNG only when a card is on screen, with a
//! bound on how many stay uploaded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::{ColorImage, Context, TextureHandle, TextureOptions};

/// Most thumbnails kept as textures; past that the least recently drawn are dropped.
const MAX_TEXTURES: usize = 600;

/// Decodes a PNG into an egui image.
fn decode(png: &[u8]) -> Option<ColorImage> {
    let pixmap = tiny_skia::Pixmap::decode_png(png).ok()?;
    Some(ColorImage::from_rgba_premultiplied(
        [pixmap.width() as usize, pixmap.height() as usize],
        pixmap.data(),
    ))
}

/// What is known of a card's preview.
pub enum Preview {
    /// Not looked for yet.
    Unknown,
    /// Looked for: the clip has none.
    Missing,
    /// Uploaded.
    Ready(TextureHandle),
}

/// Thumbnail textures by clip path.
#[derive(Default)]
pub struct Textures {
    by_path: HashMap<PathBuf, (TextureHandle, u64)>,
    clock: u64,
    /// The hovered clip's preview strip: (path, texture or `None` when it has none).
    preview: Option<(PathBuf, Option<TextureHandle>)>,
}

impl std::fmt::Debug for Textures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Textures")
            .field("count", &self.by_path.len())
            .finish_non_exhaustive()
    }
}

impl Textures {
    /// The texture of `path`'s thumbnail, uploading `png` the first time.
    pub fn thumbnail(
        &mut self,
        ctx: &Context,
        path: &Path,
        png: Option<&[u8]>,
    ) -> Option<TextureHandle> {
        self.clock += 1;
        if let Some((texture, used)) = self.by_path.get_mut(path) {
            *used = self.clock;
            return Some(texture.clone());
        }
        let image = decode(png?)?;
        if self.by_path.len() >= MAX_TEXTURES {
            let mut ages: Vec<u64> = self.by_path.values().map(|(_, used)| *used).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            self.by_path.retain(|_, (_, used)| *used > cutoff);
        }
        let texture = ctx.load_texture(
            format!("thumb:{}", path.display()),
            image,
            TextureOptions::LINEAR,
        );
        self.by_path
            .insert(path.to_path_buf(), (texture.clone(), self.clock));
        Some(texture)
    }

    /// The preview of `path` when it was set.
    pub fn preview_of(&self, path: &Path) -> Preview {
        match &self.preview {
            Some((current, Some(texture))) if current == path => Preview::Ready(texture.clone()),
            Some((current, None)) if current == path => Preview::Missing,
            _ => Preview::Unknown,
        }
    }

    /// Sets the preview of `path` from its strip PNG (`None`: it has none).
    pub fn set_preview(
        &mut self,
        ctx: &Context,
        path: &Path,
        png: Option<&[u8]>,
    ) -> Option<TextureHandle> {
        let texture = png.and_then(decode).map(|image| {
            ctx.load_texture(
                format!("preview:{}", path.display()),
                image,
                TextureOptions::LINEAR,
            )
        });
        self.preview = Some((path.to_path_buf(), texture.clone()));
        texture
    }

    /// Forgets everything (a new folder).
    pub fn clear(&mut self) {
        self.by_path.clear();
        self.preview = None;
    }
}
