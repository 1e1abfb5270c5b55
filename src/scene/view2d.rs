//! The 2D view: image pixel space (x right, y down) fitted into the screen with its aspect kept,
//! plus the user's zoom and pan.

use super::primitives::ScreenRect;

/// Fraction of the viewport's half-size left free around the fitted data.
pub const FIT_MARGIN: f32 = 0.06;

/// Pixels kept free at the top and bottom of the view for labels (legend, scale note).
pub const LABEL_BAND_PX: f32 = 30.0;

/// Pixels kept free at the left and right.
pub const SIDE_BAND_PX: f32 = 12.0;

/// The part of `viewport` data is fitted into: the labels' bands at the top, bottom and sides
/// removed (centre unchanged).
#[must_use]
pub fn fit_area(viewport: &ScreenRect) -> ScreenRect {
    let band_x = SIDE_BAND_PX.min(viewport.width() * 0.25);
    let band_y = LABEL_BAND_PX.min(viewport.height() * 0.25);
    ScreenRect {
        min: [viewport.min[0] + band_x, viewport.min[1] + band_y],
        max: [viewport.max[0] - band_x, viewport.max[1] - band_y],
    }
}

/// Maps image pixels to screen pixels: `screen = centre + (p - data_centre) * scale * zoom + pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View2d {
    /// Lowest image corner of the data to fit (x, y), pixels.
    pub data_min: [f32; 2],
    /// Highest image corner of the data to fit.
    pub data_max: [f32; 2],
    /// Extra magnification chosen by the user (1 = fitted).
    pub zoom: f32,
    /// Screen offset chosen by the user, pixels.
    pub pan: [f32; 2],
}

impl View2d {
    /// A fitted view of the box `data_min`–`data_max` (image pixels).
    #[must_use]
    pub fn fitted(data_min: [f32; 2], data_max: [f32; 2]) -> Self {
        let ok = data_min
            .iter()
            .chain(data_max.iter())
            .all(|v| v.is_finite());
        let (data_min, data_max) = if ok {
            (data_min, data_max)
        } else {
            ([0.0, 0.0], [1.0, 1.0])
        };
        Self {
            data_min,
            data_max,
            zoom: 1.0,
            pan: [0.0, 0.0],
        }
    }

    /// Back to the fitted view.
    pub fn reset(&mut self) {
        self.zoom = 1.0;
        self.pan = [0.0, 0.0];
    }

    fn data_centre(&self) -> [f32; 2] {
        [
            (self.data_min[0] + self.data_max[0]) * 0.5,
            (self.data_min[1] + self.data_max[1]) * 0.5,
        ]
    }

    /// Screen pixels per image pixel, zoom included (same in x and y: aspect kept).
    #[must_use]
    pub fn scale(&self, viewport: &ScreenRect) -> f32 {
        let w = (self.data_max[0] - self.data_min[0]).max(1.0);
        let h = (self.data_max[1] - self.data_min[1]).max(1.0);
        let keep = 1.0 - FIT_MARGIN;
        let area = fit_area(viewport);
        (area.width() * keep / w).min(area.height() * keep / h) * self.zoom
    }

    /// Screen position of image point `p`; `None` when not finite.
    #[must_use]
    pub fn screen_from_image(&self, p: [f32; 2], viewport: &ScreenRect) -> Option<[f32; 2]> {
        let s = self.scale(viewport);
        let c = self.data_centre();
        let v = viewport.center();
        let out = [
            v[0] + (p[0] - c[0]) * s + self.pan[0],
            v[1] + (p[1] - c[1]) * s + self.pan[1],
        ];
        out.iter().all(|x| x.is_finite()).then_some(out)
    }

    /// Image position under screen point `q`.
    #[must_use]
    pub fn image_from_screen(&self, q: [f32; 2], viewport: &ScreenRect) -> [f32; 2] {
        let s = self.scale(viewport).max(1e-6);
        let c = self.data_centre();
        let v = viewport.center();
        [
            c[0] + (q[0] - v[0] - self.pan[0]) / s,
            c[1] + (q[1] - v[1] - self.pan[1]) / s,
        ]
    }

    /// Multiplies the zoom by `factor`, keeping the image point under `anchor` where it is.
    pub fn zoom_about(&mut self, factor: f32, anchor: [f32; 2], viewport: &ScreenRect) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let before = self.image_from_screen(anchor, viewport);
        self.zoom = (self.zoom * factor).clamp(0.05, 200.0);
        if let Some(after) = self.screen_from_image(before, viewport) {
            self.pan[0] += anchor[0] - after[0];
            self.pan[1] += anchor[1] - after[1];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vp() -> ScreenRect {
        ScreenRect::from_min_size([10.0, 20.0], [400.0, 200.0])
    }

    #[test]
    fn fitting_keeps_the_aspect_and_centres_the_data() {
        // 100 x 100 px of data into 400 x 200 less the label bands (376 x 140): height
        // limits, scale = 140 * 0.94 / 100.
        let view = View2d::fitted([0.0, 0.0], [100.0, 100.0]);
        let s = view.scale(&vp());
        assert!((s - 1.316).abs() < 1e-5);
        let c = view.screen_from_image([50.0, 50.0], &vp()).unwrap();
        assert!((c[0] - 210.0).abs() < 1e-4 && (c[1] - 120.0).abs() < 1e-4);
        // y down stays down: a larger image y is lower on screen.
        let low = view.screen_from_image([50.0, 100.0], &vp()).unwrap();
        assert!((low[1] - (120.0 + 65.8)).abs() < 1e-4);
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed() {
        let mut view = View2d::fitted([0.0, 0.0], [100.0, 100.0]);
        let anchor = [300.0, 80.0];
        let under = view.image_from_screen(anchor, &vp());
        view.zoom_about(2.5, anchor, &vp());
        let back = view.screen_from_image(under, &vp()).unwrap();
        assert!((back[0] - anchor[0]).abs() < 1e-3 && (back[1] - anchor[1]).abs() < 1e-3);
        view.reset();
        assert!((view.zoom - 1.0).abs() < f32::EPSILON);
    }
}
