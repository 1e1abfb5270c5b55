//! Which way a clip is seen, and the scene of any of its frames from there: the same builders,
//! fitting and camera the viewer uses, so a rendered frame is the viewer's frame.

use crate::model::Clip;
use crate::scene::axes::ViewFrame;
use crate::scene::{self, OrbitCamera, Preset, Scene, ScreenRect, Stage, Style, View2d};

/// A viewpoint: image space for 2D clips, or orbit camera angles for 3D clips.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewChoice {
    /// Image pixels, y down (2D clips).
    Image,
    /// The orbit camera at these angles (3D clips); distance and target are fitted per frame.
    Orbit {
        /// Turn around the vertical, radians (0 = from the front, +Z; π/2 = from +X).
        azimuth_rad: f32,
        /// Height angle, radians (0 = level, π/2 = from above).
        elevation_rad: f32,
    },
}

/// Why a clip cannot be seen the way asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// `--view image` on 3D data.
    #[error("the clip is 3D; use --view front, side, top or orbit:AZ,EL (image is for 2D clips)")]
    ImageOf3d,
    /// A camera view of 2D data.
    #[error("the clip is 2D image keypoints; only --view image applies")]
    CameraOf2d,
    /// The clip has no frames.
    #[error("the clip has no frames to draw")]
    NoFrames,
}

impl ViewChoice {
    /// The angles of a camera preset.
    #[must_use]
    pub fn preset(preset: Preset) -> Self {
        let (azimuth_rad, elevation_rad) = preset.angles_rad();
        Self::Orbit {
            azimuth_rad,
            elevation_rad,
        }
    }

    /// The viewer's default for `clip`: image space for 2D, the three-quarter view for 3D.
    #[must_use]
    pub fn default_for(clip: &Clip) -> Self {
        if clip.space.is_3d() {
            Self::preset(Preset::ThreeQuarter)
        } else {
            Self::Image
        }
    }

    /// Reads `front`, `side`, `top`, `three-quarter`, `image` or `orbit:AZ,EL` (degrees).
    ///
    /// # Errors
    /// A sentence saying what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let lower = text.trim().to_ascii_lowercase();
        let preset = match lower.as_str() {
            "front" => Some(Preset::Front),
            "side" => Some(Preset::Side),
            "top" => Some(Preset::Top),
            "three-quarter" | "3/4" => Some(Preset::ThreeQuarter),
            "image" => return Ok(Self::Image),
            _ => None,
        };
        if let Some(preset) = preset {
            return Ok(Self::preset(preset));
        }
        let bad = || {
            format!(
                "--view {text:?} is not a view: use front, side, top, three-quarter, image or \
                 orbit:AZ,EL (degrees, e.g. orbit:30,15)"
            )
        };
        let angles = lower.strip_prefix("orbit:").ok_or_else(bad)?;
        let (az, el) = angles.split_once(',').ok_or_else(bad)?;
        let az: f32 = az.trim().parse().map_err(|_| bad())?;
        let el: f32 = el.trim().parse().map_err(|_| bad())?;
        if !(az.is_finite() && el.is_finite() && el.abs() <= 90.0) {
            return Err(format!(
                "--view {text:?}: the elevation must be between -90 and 90 degrees"
            ));
        }
        let max_el = scene::camera::MAX_ELEVATION_RAD;
        Ok(Self::Orbit {
            azimuth_rad: az.to_radians().rem_euclid(std::f32::consts::TAU),
            elevation_rad: el.to_radians().clamp(-max_el, max_el),
        })
    }
}

/// How the frames of a clip are placed on screen.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// Image space, with its zoom and pan.
    Image(View2d),
    /// Image space centred on each frame's pose, the same size for every frame: the half
    /// width of the widest pose and the vertical range of all, image pixels.
    ImageTight { half_w: f32, y_range: [f32; 2] },
    /// A 3D clip: its stage, the camera angles, and the user's zoom and pan.
    World {
        stage: Box<Stage>,
        base: OrbitCamera,
        zoom: f32,
        pan_m: [f32; 3],
        /// Aim at each frame's own pose instead of fitting as the viewer does (see
        /// [`Shot::tightened`]).
        tight: Option<Tight>,
    },
}

/// The framing of a strip: every pose centred horizontally, the floor and the scale the same in
/// every panel.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Tight {
    /// Camera distance, metres.
    distance_m: f32,
    /// Top of the highest pose of the strip, metres (view frame).
    top_y: f32,
}

/// A clip seen from one viewpoint: measured once, then any frame can be drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Shot<'a> {
    clip: &'a Clip,
    kind: Kind,
}

/// Places file points on screen for one frame of a [`Shot`] (for overlays drawn on top).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Projector {
    /// Image space.
    Image {
        /// The 2D view.
        view: View2d,
        /// The viewport.
        viewport: ScreenRect,
    },
    /// The 3D camera.
    World {
        /// File axes to the view frame.
        frame: ViewFrame,
        /// The camera.
        camera: OrbitCamera,
        /// The viewport.
        viewport: ScreenRect,
    },
}

impl Projector {
    /// Screen position and depth of a file point; `None` when missing or not visible.
    #[must_use]
    pub fn place(&self, p: [f32; 3]) -> Option<([f32; 2], f32)> {
        match self {
            Self::Image { view, viewport } => view
                .screen_from_image([p[0], p[1]], viewport)
                .map(|s| (s, 0.0)),
            Self::World {
                frame,
                camera,
                viewport,
            } => {
                let world = frame.from_file(p);
                camera
                    .screen_from_world(world, viewport)
                    .map(|s| (s, camera.depth_of(world)))
            }
        }
    }
}

impl<'a> Shot<'a> {
    /// `clip` seen from `view`, fitted as the viewer fits it.
    ///
    /// # Errors
    /// When the view does not suit the clip's dimensions, or the clip is empty.
    pub fn new(clip: &'a Clip, view: ViewChoice) -> Result<Self, ViewError> {
        if clip.frame_count() == 0 {
            return Err(ViewError::NoFrames);
        }
        let kind = match (view, clip.space.is_3d()) {
            (ViewChoice::Image, false) => Kind::Image(scene::fit_2d(clip)),
            (ViewChoice::Image, true) => return Err(ViewError::ImageOf3d),
            (ViewChoice::Orbit { .. }, false) => return Err(ViewError::CameraOf2d),
            (
                ViewChoice::Orbit {
                    azimuth_rad,
                    elevation_rad,
                },
                true,
            ) => Kind::World {
                stage: Box::new(Stage::of_clip(clip)),
                base: OrbitCamera {
                    azimuth_rad,
                    elevation_rad,
                    ..OrbitCamera::default()
                },
                zoom: 1.0,
                pan_m: [0.0; 3],
                tight: None,
            },
        };
        Ok(Self { clip, kind })
    }

    /// A 3D clip as the viewer shows it: its measured `stage` (with the user's follow choice),
    /// camera angles `base`, zoom (1 = fitted) and pan of the target, metres.
    #[must_use]
    pub fn world(
        clip: &'a Clip,
        stage: Stage,
        base: OrbitCamera,
        zoom: f32,
        pan_m: [f32; 3],
    ) -> Self {
        Self {
            clip,
            kind: Kind::World {
                stage: Box::new(stage),
                base,
                zoom,
                pan_m,
                tight: None,
            },
        }
    }

    /// A 2D clip in the viewer's image view (with its zoom and pan).
    #[must_use]
    pub fn image(clip: &'a Clip, view: View2d) -> Self {
        Self {
            clip,
            kind: Kind::Image(view),
        }
    }

    /// The clip.
    #[must_use]
    pub fn clip(&self) -> &'a Clip {
        self.clip
    }

    /// Half the height the 3D camera frames (floor to the athlete's typical top), metres: its
    /// target sits that far above the floor. `None` for image space.
    #[must_use]
    pub fn half_height_m(&self) -> Option<f32> {
        match &self.kind {
            Kind::World {
                stage,
                tight: Some(tight),
                ..
            } => Some((tight.top_y - stage.floor_y).max(0.1) * 0.5),
            Kind::World { stage, .. } => Some((stage.top_y - stage.floor_y) * 0.5),
            _ => None,
        }
    }

    /// Sets the 3D camera's target `dy_m` metres above where it is fitted (moves the picture
    /// down); replaces any earlier vertical pan.
    pub fn set_target_raise(&mut self, dy_m: f32) {
        if let Kind::World { pan_m, .. } = &mut self.kind
            && dy_m.is_finite()
        {
            pan_m[1] = dy_m;
        }
    }

    /// Multiplies the 3D camera's zoom by `factor` (image space is left as fitted).
    pub fn scale_zoom(&mut self, factor: f32) {
        if let Kind::World { zoom, .. } = &mut self.kind
            && factor.is_finite()
            && factor > 0.0
        {
            *zoom *= factor;
        }
    }

    /// The camera for `frame` in `viewport` (3D; `None` for image space): fitted as the
    /// viewer fits it, then the zoom and pan applied.
    #[must_use]
    pub fn camera(&self, frame: usize, viewport: &ScreenRect) -> Option<OrbitCamera> {
        let Kind::World {
            stage,
            base,
            zoom,
            pan_m,
            tight,
        } = &self.kind
        else {
            return None;
        };
        let mut camera = match tight {
            Some(tight) => {
                let (lo, hi) = self.pose_box_m(stage, frame, tight.top_y)?;
                let mut camera = *base;
                camera.target = [
                    (lo[0] + hi[0]) * 0.5,
                    (lo[1] + hi[1]) * 0.5,
                    (lo[2] + hi[2]) * 0.5,
                ];
                camera.distance = tight.distance_m;
                camera
            }
            None => scene::fit_camera(self.clip, stage, frame, base, viewport),
        };
        camera.distance /= zoom.max(1e-3);
        for (t, p) in camera.target.iter_mut().zip(pan_m) {
            *t += p;
        }
        Some(camera)
    }

    /// The box a tight camera frames at `frame`, view-frame metres: the pose's horizontal
    /// extent, from the clip's floor to `top_y` (the same for every frame, so the floor stays
    /// put between panels).
    fn pose_box_m(&self, stage: &Stage, frame: usize, top_y: f32) -> Option<([f32; 3], [f32; 3])> {
        let (a, b) = self.pose_extent_m(stage, frame)?;
        Some((
            [a[0], stage.floor_y, a[2]],
            [b[0], top_y.max(stage.floor_y + 0.1), b[2]],
        ))
    }

    /// The lowest and highest corners of the pose at `frame`, view-frame metres.
    fn pose_extent_m(&self, stage: &Stage, frame: usize) -> Option<([f32; 3], [f32; 3])> {
        let (min, max) = self.joint_box(&[frame])?;
        let (a, b) = (stage.frame.from_file(min), stage.frame.from_file(max));
        Some((
            [a[0].min(b[0]), a[1].min(b[1]), a[2].min(b[2])],
            [a[0].max(b[0]), a[1].max(b[1]), a[2].max(b[2])],
        ))
    }

    /// This shot framed for a strip of `frames`: each frame's pose centred, all at one scale,
    /// the largest that fits every one of them in `viewport` (the camera keeps its angles).
    #[must_use]
    pub fn tightened(&self, frames: &[usize], viewport: &ScreenRect) -> Self {
        let mut out = self.clone();
        match &mut out.kind {
            Kind::World {
                stage, base, tight, ..
            } => {
                let area = scene::view2d::fit_area(viewport);
                let top_y = frames
                    .iter()
                    .filter_map(|&f| self.pose_extent_m(stage, f))
                    .map(|(_, hi)| hi[1])
                    .fold(f32::NEG_INFINITY, f32::max);
                if !top_y.is_finite() {
                    return out;
                }
                let mut far: Option<f32> = None;
                for &frame in frames {
                    let Some((lo, hi)) = self.pose_box_m(stage, frame, top_y) else {
                        continue;
                    };
                    let mut camera = *base;
                    camera.target = [
                        (lo[0] + hi[0]) * 0.5,
                        (lo[1] + hi[1]) * 0.5,
                        (lo[2] + hi[2]) * 0.5,
                    ];
                    camera.fit_box(lo, hi, viewport, &area, scene::build::FIT_MARGIN_3D);
                    far = Some(far.map_or(camera.distance, |d| d.max(camera.distance)));
                }
                *tight = far.map(|distance_m| Tight { distance_m, top_y });
            }
            Kind::Image(_) | Kind::ImageTight { .. } => {
                let mut half_w: f32 = 0.0;
                let mut y_range = [f32::INFINITY, f32::NEG_INFINITY];
                for &frame in frames {
                    if let Some((min, max)) = self.joint_box(&[frame]) {
                        half_w = half_w.max((max[0] - min[0]) * 0.5);
                        y_range = [y_range[0].min(min[1]), y_range[1].max(max[1])];
                    }
                }
                if y_range[0].is_finite() {
                    out.kind = Kind::ImageTight { half_w, y_range };
                }
            }
        }
        out
    }

    /// The 2D view of `frame`: the fitted one, or for a tight shot the pose-centred one.
    fn view2d(&self, frame: usize) -> Option<View2d> {
        match &self.kind {
            Kind::Image(view) => Some(*view),
            Kind::ImageTight { half_w, y_range } => {
                let (min, max) = self.joint_box(&[frame])?;
                let cx = (min[0] + max[0]) * 0.5;
                Some(View2d::fitted(
                    [cx - half_w, y_range[0]],
                    [cx + half_w, y_range[1]],
                ))
            }
            Kind::World { .. } => None,
        }
    }

    /// This shot with the camera aimed at and fitted to the box `min`–`max` (file units) for
    /// every frame, instead of following the athlete: a strip of superimposed poses.
    /// Image space fits the box the same way.
    #[must_use]
    pub fn fixed_on_box(&self, min: [f32; 3], max: [f32; 3]) -> FixedShot<'a> {
        FixedShot {
            shot: self.clone(),
            min,
            max,
        }
    }

    /// The placement of file points for `frame`.
    #[must_use]
    pub fn projector(&self, frame: usize, viewport: &ScreenRect) -> Projector {
        match (&self.kind, self.camera(frame, viewport)) {
            (Kind::World { stage, .. }, Some(camera)) => Projector::World {
                frame: stage.frame,
                camera,
                viewport: *viewport,
            },
            _ => Projector::Image {
                view: self
                    .view2d(frame)
                    .unwrap_or_else(|| View2d::fitted([0.0, 0.0], [1.0, 1.0])),
                viewport: *viewport,
            },
        }
    }

    /// The scene of `frame` in `viewport`: exactly what the viewer paints there.
    #[must_use]
    pub fn scene(&self, frame: usize, viewport: &ScreenRect, style: &Style) -> Scene {
        match &self.kind {
            Kind::Image(_) | Kind::ImageTight { .. } => {
                let view = self
                    .view2d(frame)
                    .unwrap_or_else(|| scene::fit_2d(self.clip));
                scene::build_2d(self.clip, frame, &view, viewport, style)
            }
            Kind::World { stage, .. } => {
                let camera = self.camera(frame, viewport).unwrap_or_default();
                scene::build_3d(self.clip, frame, stage, &camera, viewport, style)
            }
        }
    }

    /// The box (file units) holding every joint of `frames`; `None` when none is visible.
    #[must_use]
    pub fn joint_box(&self, frames: &[usize]) -> Option<([f32; 3], [f32; 3])> {
        let mut min = [f32::INFINITY; 3];
        let mut max = [f32::NEG_INFINITY; 3];
        for &index in frames {
            let Some(frame) = self.clip.poses.frame(index) else {
                continue;
            };
            for person in frame.persons() {
                for joint in 0..self.clip.poses.joints() {
                    if let Some(p) = person.joint(joint) {
                        for axis in 0..3 {
                            min[axis] = min[axis].min(p[axis]);
                            max[axis] = max[axis].max(p[axis]);
                        }
                    }
                }
            }
        }
        min.iter()
            .chain(max.iter())
            .all(|v| v.is_finite())
            .then_some((min, max))
    }
}

/// A [`Shot`] whose camera stays on one box for every frame.
#[derive(Clone, Debug, PartialEq)]
pub struct FixedShot<'a> {
    shot: Shot<'a>,
    min: [f32; 3],
    max: [f32; 3],
}

impl FixedShot<'_> {
    /// The fixed view for `viewport`: the camera (3D) or the 2D view fitted to the box.
    fn fitted(&self) -> Kind {
        match &self.shot.kind {
            Kind::Image(_) | Kind::ImageTight { .. } => Kind::Image(View2d::fitted(
                [self.min[0], self.min[1]],
                [self.max[0], self.max[1]],
            )),
            Kind::World {
                stage, base, zoom, ..
            } => Kind::World {
                stage: stage.clone(),
                base: *base,
                zoom: *zoom,
                pan_m: [0.0; 3],
                tight: None,
            },
        }
    }

    /// The camera for `viewport` (3D), aimed at the box's centre at the distance that fits it.
    fn camera(&self, viewport: &ScreenRect) -> Option<(ViewFrame, OrbitCamera)> {
        let Kind::World {
            stage, base, zoom, ..
        } = &self.shot.kind
        else {
            return None;
        };
        let a = stage.frame.from_file(self.min);
        let b = stage.frame.from_file(self.max);
        let lo = [a[0].min(b[0]), a[1].min(b[1]), a[2].min(b[2])];
        let hi = [a[0].max(b[0]), a[1].max(b[1]), a[2].max(b[2])];
        let mut camera = *base;
        camera.target = [
            (lo[0] + hi[0]) * 0.5,
            (lo[1] + hi[1]) * 0.5,
            (lo[2] + hi[2]) * 0.5,
        ];
        let area = scene::view2d::fit_area(viewport);
        camera.fit_box(lo, hi, viewport, &area, scene::build::FIT_MARGIN_3D);
        camera.distance /= zoom.max(1e-3);
        Some((stage.frame, camera))
    }

    /// The placement of file points in `viewport`.
    #[must_use]
    pub fn projector(&self, viewport: &ScreenRect) -> Projector {
        match (self.fitted(), self.camera(viewport)) {
            (Kind::World { .. }, Some((frame, camera))) => Projector::World {
                frame,
                camera,
                viewport: *viewport,
            },
            (Kind::Image(view), _) => Projector::Image {
                view,
                viewport: *viewport,
            },
            _ => self.shot.projector(0, viewport),
        }
    }

    /// The scene of `frame` seen by the fixed view.
    #[must_use]
    pub fn scene(&self, frame: usize, viewport: &ScreenRect, style: &Style) -> Scene {
        let clip = self.shot.clip;
        match (self.fitted(), self.camera(viewport)) {
            (Kind::Image(view), _) => scene::build_2d(clip, frame, &view, viewport, style),
            (Kind::World { stage, .. }, Some((_, camera))) => {
                scene::build_3d(clip, frame, &stage, &camera, viewport, style)
            }
            _ => self.shot.scene(frame, viewport, style),
        }
    }
}

/// The frame shown at `time_s` seconds (as the viewer's playback shows it), clamped to the clip.
#[must_use]
pub fn frame_at_time(clip: &Clip, time_s: f64) -> usize {
    let last = clip.frame_count().saturating_sub(1);
    let index = (time_s * clip.playback_rate_hz() + 1e-6).floor();
    if index.is_finite() && index > 0.0 {
        (index as usize).min(last)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_parse() {
        assert_eq!(ViewChoice::parse("image"), Ok(ViewChoice::Image));
        assert_eq!(
            ViewChoice::parse("Side"),
            Ok(ViewChoice::preset(Preset::Side))
        );
        let ViewChoice::Orbit {
            azimuth_rad,
            elevation_rad,
        } = ViewChoice::parse("orbit:-90,30").unwrap()
        else {
            panic!("not an orbit");
        };
        assert!((azimuth_rad.to_degrees() - 270.0).abs() < 1e-3);
        assert!((elevation_rad.to_degrees() - 30.0).abs() < 1e-3);
        assert!(ViewChoice::parse("orbit:10").is_err());
        assert!(ViewChoice::parse("orbit:10,95").is_err());
        let err = ViewChoice::parse("back").unwrap_err();
        assert!(err.contains("front, side, top"), "{err}");
    }
}
