//! How everything is drawn, for every clip: bone thickness, joint size, which labels show, the
//! light or dark theme (kept between sessions in the config folder); and which of the viewer's
//! extra windows are open.

use serde::{Deserialize, Serialize};

use crate::scene::{Figure, Scene, Style};

/// Thinnest and thickest bones offered, pixels.
pub const BONE_WIDTH_RANGE_PX: std::ops::RangeInclusive<f32> = 1.0..=10.0;
/// Smallest and largest joints offered (disc radius), pixels.
pub const JOINT_RADIUS_RANGE_PX: std::ops::RangeInclusive<f32> = 0.0..=10.0;

/// The viewer's drawing choices.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches the user flips"
)]
pub struct Look {
    /// Bone line width, pixels.
    pub bone_width_px: f32,
    /// Joint disc radius, pixels.
    pub joint_radius_px: f32,
    /// Show the legend, scale and other notes drawn in the view.
    pub notes: bool,
    /// Write each joint's name beside it.
    pub joint_names: bool,
    /// Light panels instead of dark ones (the view itself stays dark so the side colours keep
    /// their contrast, as in the exported pictures).
    pub light: bool,
    /// The shortcuts window is open (not saved).
    #[serde(skip)]
    pub help_open: bool,
    /// The key frames panel is open (it opens by itself when the clip shown has bookmarks;
    /// not saved).
    #[serde(skip)]
    pub bookmarks_open: bool,
}

impl Default for Look {
    fn default() -> Self {
        let style = Style::default();
        Self {
            bone_width_px: style.bone_width,
            joint_radius_px: style.joint_radius,
            notes: true,
            joint_names: false,
            light: false,
            help_open: false,
            bookmarks_open: false,
        }
    }
}

impl Look {
    /// The scene style for `figure` with these sizes.
    #[must_use]
    pub fn style(&self, figure: Figure) -> Style {
        Style {
            figure,
            bone_width: self
                .bone_width_px
                .clamp(*BONE_WIDTH_RANGE_PX.start(), *BONE_WIDTH_RANGE_PX.end()),
            joint_radius: self
                .joint_radius_px
                .clamp(*JOINT_RADIUS_RANGE_PX.start(), *JOINT_RADIUS_RANGE_PX.end()),
            ..Style::default()
        }
    }

    /// Light or dark panels, as chosen, for `ctx`.
    pub fn apply_theme(&self, ctx: &egui::Context) {
        let theme = if self.light {
            egui::Theme::Light
        } else {
            egui::Theme::Dark
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
    }

    /// True when the saved choices (sizes, labels, theme) differ from `other`'s.
    #[must_use]
    pub fn saved_part_differs(&self, other: &Self) -> bool {
        let saved = |l: &Self| {
            (
                l.bone_width_px,
                l.joint_radius_px,
                l.notes,
                l.joint_names,
                l.light,
            )
        };
        saved(self) != saved(other)
    }

    /// Removes the labels the user hid from a built scene.
    pub fn filter_labels(&self, scene: &mut Scene) {
        if !self.notes {
            scene.labels.clear();
        }
    }
}
