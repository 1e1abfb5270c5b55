//! The scene layer: from a clip frame to plain screen geometry (segments, discs, labels, grid).
//!
//! It knows no renderer: the viewer paints a [`Scene`] with egui, the `render` command with
//! tiny-skia, so both show the same picture.
//!
//! - [`axes`]: file axes (any [`crate::model::UpAxis`]) to a right-handed Y-up frame in metres.
//! - [`stage`]: a clip's scale (declared or estimated), floor and the camera's follow target.
//! - [`camera`]: the orbit camera, its presets and fitting.
//! - [`view2d`]: image pixel space fitted to the screen.
//! - [`build`]: a frame to primitives; [`style`]: colours and sizes; [`body`]: the body style.
//! - [`trail`]: trails of chosen points and onion skin of nearby poses, under the pose.

pub mod axes;
pub mod body;
pub mod build;
pub mod camera;
pub mod confidence;
pub mod primitives;
pub mod stage;
pub mod style;
pub mod trail;
pub mod view2d;

pub use build::{build_2d, build_3d, fit_2d, fit_camera};
pub use camera::{OrbitCamera, Preset};
pub use primitives::{Anchor, Capsule, Disc, JointId, Label, Rgba, Scene, ScreenRect, Segment};
pub use stage::{ScaleSource, Stage};
pub use style::{Figure, Style};
pub use view2d::View2d;
