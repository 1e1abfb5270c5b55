//! Both athletes in one view: B carried onto A (pelvis on pelvis, facing matched, optionally the
//! same size) and drawn in the second palette, at the chosen opacity, over A.
//!
//! The view is steered like the single 3D / 2D view (drag to orbit or pan, wheel to zoom,
//! double-click to reset); its camera is A's.

use egui::{Color32, PointerButton, Sense, Ui};

use crate::analysis::spatial::{BodyShape, OverlayOptions, overlay_transform, pelvis_at};
use crate::model::{Clip, PosesBuilder};
use crate::render::compose::merge_people;
use crate::scene::build::FIT_MARGIN_3D;
use crate::scene::style::Palette;
use crate::scene::view2d::fit_area;
use crate::scene::{self, OrbitCamera, Preset, Rgba, Scene, ScreenRect, Style};

use super::super::entry::LoadedClip;
use super::super::painter;
use super::super::view3d::{VIEW_BACKGROUND, hints, screen_rect};

/// Radians of orbit per pixel dragged (as in the single view).
const ORBIT_RAD_PER_PX: f32 = 0.008;

/// What the overlay draws B with.
#[derive(Clone, Copy, Debug)]
pub struct OverlayLook<'a> {
    /// A's and B's measurements.
    pub shapes: &'a (BodyShape, BodyShape),
    /// What to match.
    pub options: OverlayOptions,
    /// B's opacity, 0–1.
    pub opacity: f32,
}

/// Frame `frame` of `b`, carried into `a`'s space so its pelvis sits on A's pelvis at
/// `frame_a`: a one-frame clip with B's skeleton. `None` when a pelvis is missing.
#[must_use]
pub fn carried_frame(
    a: &Clip,
    frame_a: usize,
    b: &Clip,
    frame: usize,
    look: &OverlayLook<'_>,
) -> Option<Clip> {
    let pelvis_a = pelvis_at(a, frame_a)?;
    let pelvis_b = pelvis_at(b, frame)?;
    let (shape_a, shape_b) = look.shapes;
    let moved = overlay_transform(shape_a, shape_b, pelvis_a, pelvis_b, look.options);
    let person = b.poses.frame(frame)?.person(0)?;
    let dims = a.poses.dims();
    let joints = b.poses.joints();
    let coords: Vec<f32> = (0..joints)
        .flat_map(|j| {
            let p = person.joint(j).map_or([f32::NAN; 3], |p| moved.apply(p));
            p.into_iter().take(dims)
        })
        .collect();
    let mut poses = PosesBuilder::new(joints, dims, false, false);
    poses.begin_frame();
    poses.push_person(&coords, None, None);
    Some(Clip::new(
        b.skeleton.clone(),
        b.frame_rate_hz,
        a.space,
        poses.finish(),
        b.meta.clone(),
    ))
}

/// Multiplies the opacity of every body part of `scene` by `opacity`.
pub fn fade(scene: &mut Scene, opacity: f32) {
    let scale = |c: &mut Rgba| c.0[3] = (f32::from(c.0[3]) * opacity.clamp(0.0, 1.0)).round() as u8;
    scene.capsules.iter_mut().for_each(|c| scale(&mut c.colour));
    scene.segments.iter_mut().for_each(|s| scale(&mut s.colour));
    scene.discs.iter_mut().for_each(|d| scale(&mut d.colour));
}

/// Half the size of the box framed around the pelvis in the overlay, metres (view frame).
const CLOSE_UP_HALF_M: [f32; 3] = [0.65, 0.9, 0.65];

/// `base`'s angles aimed at `pelvis_m` (view frame, metres), at the distance that frames one
/// athlete around it.
fn close_up(base: &OrbitCamera, pelvis_m: [f32; 3], viewport: &ScreenRect) -> OrbitCamera {
    let mut camera = *base;
    camera.target = pelvis_m;
    let min = std::array::from_fn(|i| pelvis_m[i] - CLOSE_UP_HALF_M[i]);
    let max = std::array::from_fn(|i| pelvis_m[i] + CLOSE_UP_HALF_M[i]);
    camera.fit_box(min, max, viewport, &fit_area(viewport), FIT_MARGIN_3D);
    camera
}

/// Steers A's view from the pointer, as the single views do.
fn steer(ui: &Ui, response: &egui::Response, a: &mut LoadedClip, viewport: &ScreenRect) {
    let delta = response.drag_delta();
    if a.is_3d() {
        if response.dragged_by(PointerButton::Primary) {
            a.view3d
                .base
                .orbit(-delta.x * ORBIT_RAD_PER_PX, delta.y * ORBIT_RAD_PER_PX);
        }
        if response.hovered() {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (scroll * 0.002).exp() * pinch;
            if factor.is_finite() && factor > 0.0 {
                a.view3d.zoom = (a.view3d.zoom * factor).clamp(0.05, 50.0);
            }
        }
        if response.double_clicked() {
            a.view3d.set_preset(Preset::ThreeQuarter);
        }
    } else {
        if response.dragged() {
            a.view2d.pan[0] += delta.x;
            a.view2d.pan[1] += delta.y;
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (scroll * 0.002).exp() * pinch;
            if (factor - 1.0).abs() > 1e-6 {
                a.view2d
                    .zoom_about(factor, [pointer.x, pointer.y], viewport);
            }
        }
        if response.double_clicked() {
            a.view2d.reset();
        }
    }
}

/// The scene of A with B carried onto it, in `viewport`.
#[must_use]
pub fn scene(
    a: &mut LoadedClip,
    b: &LoadedClip,
    viewport: &ScreenRect,
    look: &OverlayLook<'_>,
) -> Scene {
    let (fa, fb) = (a.playback.frame(), b.playback.frame());
    let style = Style {
        figure: a.figure,
        ..Style::default()
    };
    let second = Style {
        palette: Palette::SECOND,
        ..style
    };
    let carried = carried_frame(&a.clip, fa, &b.clip, fb, look);
    let (mut built, other) = if a.is_3d() {
        let stage = a.stage();
        let mut camera = match pelvis_at(&a.clip, fa) {
            // Close up on the athlete: the overlay is about the body, not the track.
            Some(pelvis) => close_up(&a.view3d.base, stage.frame.from_file(pelvis), viewport),
            None => scene::fit_camera(&a.clip, &stage, fa, &a.view3d.base, viewport),
        };
        camera.distance /= a.view3d.zoom.max(1e-3);
        for (t, p) in camera.target.iter_mut().zip(a.view3d.pan_m) {
            *t += p;
        }
        let built = scene::build_3d(&a.clip, fa, &stage, &camera, viewport, &style);
        let other = carried
            .as_ref()
            .map(|c| scene::build_3d(c, 0, &stage, &camera, viewport, &second));
        (built, other)
    } else {
        let built = scene::build_2d(&a.clip, fa, &a.view2d, viewport, &style);
        let other = carried
            .as_ref()
            .map(|c| scene::build_2d(c, 0, &a.view2d, viewport, &second));
        (built, other)
    };
    if let Some(mut other) = other {
        fade(&mut other, look.opacity);
        merge_people(&mut built, other);
    }
    built
}

/// Shows A and B overlaid, filling the space left in `ui`.
pub fn show(ui: &mut Ui, a: &mut LoadedClip, b: &LoadedClip, look: &OverlayLook<'_>) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let viewport = screen_rect(response.rect);
    painter.rect_filled(response.rect, 0.0, VIEW_BACKGROUND);
    steer(ui, &response, a, &viewport);
    if a.is_3d() != b.is_3d() {
        painter.text(
            response.rect.center(),
            egui::Align2::CENTER_CENTER,
            "A 2D clip and a 3D clip cannot be overlaid: use side by side.",
            egui::FontId::proportional(14.0),
            Color32::from_gray(200),
        );
        return;
    }
    a.view_size = [response.rect.width(), response.rect.height()];
    let built = scene(a, b, &viewport, look);
    let painter = painter.with_clip_rect(response.rect);
    painter::paint(&painter, &built);
    let how = if a.is_3d() {
        "drag: orbit · wheel: zoom · double-click: reset"
    } else {
        "drag: pan · wheel: zoom · double-click: reset"
    };
    hints(&painter, response.rect, how);
    // The two names, each in its athlete's left-side colour.
    for (row, (name, palette)) in [
        (a.clip.meta.display_name(), Palette::STANDARD),
        (b.clip.meta.display_name(), Palette::SECOND),
    ]
    .into_iter()
    .enumerate()
    {
        painter.text(
            response.rect.left_top() + egui::vec2(10.0, 28.0 + 18.0 * row as f32),
            egui::Align2::LEFT_TOP,
            format!("{} {name}", ["A", "B"][row]),
            egui::FontId::proportional(14.0),
            painter::colour(palette.left),
        );
    }
    // B's left / right colours under the standard legend (top right).
    let right_top = response.rect.right_top() + egui::vec2(-10.0, 8.0 + 16.0);
    let font = egui::FontId::proportional(13.0);
    let right = painter.text(
        right_top,
        egui::Align2::RIGHT_TOP,
        "right",
        font.clone(),
        painter::colour(Palette::SECOND.right),
    );
    painter.text(
        right.left_top() - egui::vec2(8.0, 0.0),
        egui::Align2::RIGHT_TOP,
        "B left",
        font,
        painter::colour(Palette::SECOND.left),
    );
    if pelvis_at(&b.clip, b.playback.frame()).is_none()
        || pelvis_at(&a.clip, a.playback.frame()).is_none()
    {
        painter.text(
            response.rect.center_bottom() - egui::vec2(0.0, 30.0),
            egui::Align2::CENTER_BOTTOM,
            "no pelvis in this frame: B is not drawn",
            egui::FontId::proportional(13.0),
            painter::colour(crate::scene::style::TEXT_WARN),
        );
    }
}
