//! Still pictures as PNG bytes (tiny-skia's encoder: RGBA, 8 bits, deterministic).

use tiny_skia::Pixmap;

/// The PNG file of `pixmap`.
///
/// # Errors
/// A sentence when encoding fails (it does not for a valid pixmap).
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_round_trips() {
        let pixmap = crate::render::raster::blank(3, 2).unwrap();
        let bytes = encode(&pixmap).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let back = Pixmap::decode_png(&bytes).unwrap();
        assert_eq!(back.data(), pixmap.data());
    }
}
