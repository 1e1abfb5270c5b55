//! An orbit camera with perspective projection, its presets, and fitting it to a box.
//!
//! World coordinates are the view frame of [`super::axes`]: metres, right-handed, +Y up. At
//! azimuth 0 the camera sits on +Z looking towards -Z; positive azimuth turns it towards +X.

use super::primitives::ScreenRect;

/// Closest distance in front of the camera that is drawn, metres.
pub const NEAR_M: f32 = 0.05;

/// An orbit camera: it looks at `target` from `distance` metres, at the given azimuth and
/// elevation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrbitCamera {
    /// Turn around the vertical axis, radians (0 = from +Z, π/2 = from +X).
    pub azimuth_rad: f32,
    /// Height angle, radians (0 = level, π/2 = from straight above).
    pub elevation_rad: f32,
    /// Distance from the target, metres.
    pub distance: f32,
    /// The point looked at, metres.
    pub target: [f32; 3],
    /// Vertical field of view, radians.
    pub fov_y_rad: f32,
}

/// Named viewpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// From the front (+Z), slightly above.
    Front,
    /// From the side (+X), slightly above.
    Side,
    /// From straight above.
    Top,
    /// Three-quarter view from the front-right, a little above: the default.
    ThreeQuarter,
}

impl Preset {
    /// Every preset, in the order the UI offers them.
    pub const ALL: [Self; 4] = [Self::ThreeQuarter, Self::Front, Self::Side, Self::Top];

    /// Button label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Front => "Front",
            Self::Side => "Side",
            Self::Top => "Top",
            Self::ThreeQuarter => "3/4",
        }
    }

    /// Azimuth and elevation of the preset, radians.
    #[must_use]
    pub fn angles_rad(self) -> (f32, f32) {
        match self {
            Self::Front => (0.0, 8_f32.to_radians()),
            Self::Side => (90_f32.to_radians(), 8_f32.to_radians()),
            Self::Top => (0.0, MAX_ELEVATION_RAD),
            Self::ThreeQuarter => (35_f32.to_radians(), 15_f32.to_radians()),
        }
    }
}

/// Highest elevation allowed (just short of straight down, where "up" on screen is undefined).
pub const MAX_ELEVATION_RAD: f32 = 89.5 * std::f32::consts::PI / 180.0;

/// The camera's orthonormal basis and position.
#[derive(Clone, Copy, Debug)]
struct Basis {
    eye: [f32; 3],
    right: [f32; 3],
    up: [f32; 3],
    forward: [f32; 3],
}

fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: [f32; 3], b: [f32; 3]) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

impl Default for OrbitCamera {
    fn default() -> Self {
        let (azimuth_rad, elevation_rad) = Preset::ThreeQuarter.angles_rad();
        Self {
            azimuth_rad,
            elevation_rad,
            distance: 4.0,
            target: [0.0, 0.9, 0.0],
            fov_y_rad: 40_f32.to_radians(),
        }
    }
}

impl OrbitCamera {
    /// This camera turned to `preset`'s angles (distance and target kept).
    #[must_use]
    pub fn with_preset(mut self, preset: Preset) -> Self {
        (self.azimuth_rad, self.elevation_rad) = preset.angles_rad();
        self
    }

    /// Turns by `d_azimuth_rad` and tilts by `d_elevation_rad` (elevation kept within ±89.5°).
    pub fn orbit(&mut self, d_azimuth_rad: f32, d_elevation_rad: f32) {
        self.azimuth_rad = (self.azimuth_rad + d_azimuth_rad).rem_euclid(std::f32::consts::TAU);
        self.elevation_rad =
            (self.elevation_rad + d_elevation_rad).clamp(-MAX_ELEVATION_RAD, MAX_ELEVATION_RAD);
    }

    fn basis(&self) -> Basis {
        let (sa, ca) = self.azimuth_rad.sin_cos();
        let (se, ce) = self.elevation_rad.sin_cos();
        // Unit vector from the target to the eye.
        let back = [ce * sa, se, ce * ca];
        let eye = [
            self.target[0] + self.distance * back[0],
            self.target[1] + self.distance * back[1],
            self.target[2] + self.distance * back[2],
        ];
        let forward = back.map(|c| -c);
        // right = forward × world up, normalised: for this orbit it is (cos a, 0, -sin a).
        let right = [ca, 0.0, -sa];
        // up = right × forward.
        let up = [
            right[1] * forward[2] - right[2] * forward[1],
            right[2] * forward[0] - right[0] * forward[2],
            right[0] * forward[1] - right[1] * forward[0],
        ];
        Basis {
            eye,
            right,
            up,
            forward,
        }
    }

    /// Focal length in pixels for a viewport of `height_px`.
    fn focal_px(&self, height_px: f32) -> f32 {
        (height_px * 0.5) / (self.fov_y_rad * 0.5).tan().max(1e-3)
    }

    /// A point in camera space: (right, up, depth along the view direction), metres.
    #[must_use]
    pub fn camera_from_world(&self, point: [f32; 3]) -> [f32; 3] {
        let b = self.basis();
        let d = sub(point, b.eye);
        [dot(d, b.right), dot(d, b.up), dot(d, b.forward)]
    }

    /// Screen pixel of a camera-space point, which must be in front of the near plane.
    fn screen_from_camera(&self, c: [f32; 3], viewport: &ScreenRect) -> [f32; 2] {
        let f = self.focal_px(viewport.height());
        let centre = viewport.center();
        [centre[0] + f * c[0] / c[2], centre[1] - f * c[1] / c[2]]
    }

    /// Where `point` (world, metres) appears in `viewport`, in screen pixels; `None` when it is
    /// behind the camera (or nearer than [`NEAR_M`]) or not finite.
    #[must_use]
    pub fn screen_from_world(&self, point: [f32; 3], viewport: &ScreenRect) -> Option<[f32; 2]> {
        let c = self.camera_from_world(point);
        if !c.iter().all(|v| v.is_finite()) || c[2] < NEAR_M {
            return None;
        }
        Some(self.screen_from_camera(c, viewport))
    }

    /// Depth of `point` along the view direction, metres (for drawing far things first).
    #[must_use]
    pub fn depth_of(&self, point: [f32; 3]) -> f32 {
        self.camera_from_world(point)[2]
    }

    /// Projects the segment `a`–`b`, cut at the near plane; `None` when wholly behind it.
    #[must_use]
    pub fn screen_segment(
        &self,
        a: [f32; 3],
        b: [f32; 3],
        viewport: &ScreenRect,
    ) -> Option<([f32; 2], [f32; 2])> {
        let mut ca = self.camera_from_world(a);
        let mut cb = self.camera_from_world(b);
        if !ca.iter().chain(cb.iter()).all(|v| v.is_finite()) {
            return None;
        }
        if ca[2] < NEAR_M && cb[2] < NEAR_M {
            return None;
        }
        let cut = |from: [f32; 3], to: [f32; 3]| {
            let t = (NEAR_M - from[2]) / (to[2] - from[2]);
            [
                from[0] + (to[0] - from[0]) * t,
                from[1] + (to[1] - from[1]) * t,
                NEAR_M,
            ]
        };
        if ca[2] < NEAR_M {
            ca = cut(ca, cb);
        } else if cb[2] < NEAR_M {
            cb = cut(cb, ca);
        }
        Some((
            self.screen_from_camera(ca, viewport),
            self.screen_from_camera(cb, viewport),
        ))
    }

    /// Moves the target by `dx_px`, `dy_px` screen pixels (at the target's depth), so the scene
    /// follows a dragging hand.
    pub fn pan_by_pixels(&mut self, dx_px: f32, dy_px: f32, viewport: &ScreenRect) {
        let b = self.basis();
        let metres_per_px = self.distance / self.focal_px(viewport.height());
        for axis in 0..3 {
            self.target[axis] += (-dx_px * b.right[axis] + dy_px * b.up[axis]) * metres_per_px;
        }
    }

    /// Sets `distance` (and keeps the angles and target) so every corner of the box `min`–`max`
    /// lands inside `area` (a part of `viewport` with the same centre), leaving a `margin`
    /// fraction (0..1) of its half-size free at each side. The target must already be set; the
    /// box need not be centred on it.
    pub fn fit_box(
        &mut self,
        min: [f32; 3],
        max: [f32; 3],
        viewport: &ScreenRect,
        area: &ScreenRect,
        margin: f32,
    ) {
        if !viewport.is_usable() || !area.is_usable() {
            return;
        }
        let b = self.basis();
        let f = self.focal_px(viewport.height());
        let keep = (1.0 - margin).clamp(0.1, 1.0);
        let half_w = area.width() * 0.5 * keep;
        let half_h = area.height() * 0.5 * keep;
        let mut needed = NEAR_M * 2.0;
        for corner in 0..8 {
            let p = [
                if corner & 1 == 0 { min[0] } else { max[0] },
                if corner & 2 == 0 { min[1] } else { max[1] },
                if corner & 4 == 0 { min[2] } else { max[2] },
            ];
            let d = sub(p, self.target);
            let (x, y, z) = (dot(d, b.right), dot(d, b.up), dot(d, b.forward));
            // Depth of the corner is distance + z; it must satisfy |x| f / depth <= half_w.
            needed = needed
                .max(x.abs() * f / half_w - z)
                .max(y.abs() * f / half_h - z)
                .max(NEAR_M * 2.0 - z);
        }
        if needed.is_finite() {
            self.distance = needed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewport() -> ScreenRect {
        ScreenRect::from_min_size([0.0, 0.0], [200.0, 100.0])
    }

    fn front_camera() -> OrbitCamera {
        OrbitCamera {
            azimuth_rad: 0.0,
            elevation_rad: 0.0,
            distance: 5.0,
            target: [0.0, 0.0, 0.0],
            fov_y_rad: 90_f32.to_radians(),
        }
    }

    fn close(a: [f32; 2], b: [f32; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3
    }

    #[test]
    fn the_target_projects_to_the_centre() {
        let cam = OrbitCamera::default();
        let p = cam.screen_from_world(cam.target, &viewport()).unwrap();
        assert!(close(p, [100.0, 50.0]), "{p:?}");
    }

    #[test]
    fn known_points_from_the_front() {
        // fov 90°: focal = 50 px for a 100 px high viewport. Eye at z = 5.
        let cam = front_camera();
        // 1 m right and 1 m up at depth 5 → 10 px right, 10 px up.
        let p = cam.screen_from_world([1.0, 1.0, 0.0], &viewport()).unwrap();
        assert!(close(p, [110.0, 40.0]), "{p:?}");
        // Nearer (depth 2.5) → twice as far from the centre.
        let p = cam.screen_from_world([1.0, 0.0, 2.5], &viewport()).unwrap();
        assert!(close(p, [120.0, 50.0]), "{p:?}");
        // Behind the camera: nothing.
        assert_eq!(cam.screen_from_world([0.0, 0.0, 6.0], &viewport()), None);
        assert_eq!(
            cam.screen_from_world([f32::NAN, 0.0, 0.0], &viewport()),
            None
        );
    }

    #[test]
    fn side_view_sees_plus_z_on_the_left() {
        // From +X looking at -X, +Z points to the viewer's left.
        let cam = OrbitCamera {
            azimuth_rad: 90_f32.to_radians(),
            ..front_camera()
        };
        let p = cam.screen_from_world([0.0, 0.0, 1.0], &viewport()).unwrap();
        assert!(close(p, [90.0, 50.0]), "{p:?}");
    }

    #[test]
    fn segments_are_cut_at_the_near_plane() {
        let cam = front_camera();
        let (a, b) = cam
            .screen_segment([0.0, 0.0, 0.0], [0.0, 0.0, 10.0], &viewport())
            .unwrap();
        assert!(close(a, [100.0, 50.0]));
        assert!(b[0].is_finite() && b[1].is_finite());
        assert!(
            cam.screen_segment([0.0, 0.0, 6.0], [1.0, 0.0, 7.0], &viewport())
                .is_none()
        );
    }

    #[test]
    fn fitting_puts_every_corner_inside_the_view() {
        let mut cam = OrbitCamera {
            target: [0.0, 0.9, 0.0],
            ..OrbitCamera::default()
        };
        let (min, max) = ([-0.3, 0.0, -0.3], [0.3, 1.8, 0.3]);
        let vp = viewport();
        cam.fit_box(min, max, &vp, &vp, 0.1);
        let mut top = f32::INFINITY;
        let mut bottom = f32::NEG_INFINITY;
        for corner in 0..8 {
            let p = [
                if corner & 1 == 0 { min[0] } else { max[0] },
                if corner & 2 == 0 { min[1] } else { max[1] },
                if corner & 4 == 0 { min[2] } else { max[2] },
            ];
            let s = cam.screen_from_world(p, &vp).unwrap();
            assert!(
                s[0] >= 0.0 && s[0] <= 200.0 && s[1] >= 4.99 && s[1] <= 95.01,
                "{s:?}"
            );
            top = top.min(s[1]);
            bottom = bottom.max(s[1]);
        }
        // The tall box fills the height (the limiting direction) up to the margin.
        assert!(bottom - top > 80.0, "{top} {bottom}");
    }

    #[test]
    fn panning_moves_the_target_under_the_cursor() {
        let mut cam = front_camera();
        cam.pan_by_pixels(10.0, 0.0, &viewport());
        // 10 px at depth 5 with focal 50 px = 1 m; dragging right moves the target left.
        assert!((cam.target[0] + 1.0).abs() < 1e-5, "{:?}", cam.target);
    }
}
