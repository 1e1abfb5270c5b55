//! Per-clip coaching state of the viewer: bookmarks and saved view (the settings sidecar),
//! trails and onion skin, and the traces they add to each drawn frame.

use std::path::Path;

use crate::model::{Clip, LayoutId, UpAxis};
use crate::scene::trail::{self, OnionSkin, Place, TrailPoint, TrailSpan, Trails};
use crate::scene::{Anchor, Label, Preset, Scene, Style, style};

use super::clip_settings::{ClipSettings, SavedView, SettingsStore};
use super::look::Look;

/// Longest trail window offered, seconds.
pub const MAX_TRAIL_WINDOW_S: f64 = 10.0;

/// A clip's bookmarks, saved view and trace choices.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches the user flips"
)]
pub struct ClipTools {
    /// What is saved in the sidecar.
    pub settings: ClipSettings,
    /// The sidecar was read (once, when the clip is first shown).
    pub restored: bool,
    /// The settings changed since they were last saved.
    pub dirty: bool,
    /// What the user should know about the sidecar (unreadable, or not saved).
    pub notice: Option<String>,
    /// Where the sidecar is kept (`None`: nowhere, the clip is not a file on disk).
    pub saved_where: Option<String>,
    /// The bookmark being edited in the panel.
    pub selected_bookmark: Option<usize>,
    /// Draw trails.
    pub trails_on: bool,
    /// The points that leave trails (`None` until chosen: the extremities).
    pub trail_points: Option<Vec<TrailPoint>>,
    /// Trail window, seconds.
    pub trail_window_s: f64,
    /// Past, future or both.
    pub trail_span: TrailSpan,
    /// Draw onion skin.
    pub onion_on: bool,
    /// Onion skin poses and spacing.
    pub onion: OnionSkin,
}

impl Default for ClipTools {
    fn default() -> Self {
        Self {
            settings: ClipSettings::default(),
            restored: false,
            dirty: false,
            notice: None,
            saved_where: None,
            selected_bookmark: None,
            trails_on: false,
            trail_points: None,
            trail_window_s: 1.0,
            trail_span: TrailSpan::Past,
            onion_on: false,
            onion: OnionSkin {
                before: 2,
                after: 2,
                spacing_frames: 5,
            },
        }
    }
}

/// The saved form of a camera preset.
#[must_use]
pub fn saved_view(preset: Preset) -> SavedView {
    match preset {
        Preset::Front => SavedView::Front,
        Preset::Side => SavedView::Side,
        Preset::Top => SavedView::Top,
        Preset::ThreeQuarter => SavedView::ThreeQuarter,
    }
}

/// The camera preset of a saved view.
#[must_use]
pub fn preset_of(view: SavedView) -> Preset {
    match view {
        SavedView::Front => Preset::Front,
        SavedView::Side => Preset::Side,
        SavedView::Top => Preset::Top,
        SavedView::ThreeQuarter => Preset::ThreeQuarter,
    }
}

impl ClipTools {
    /// Reads the clip's sidecar (once). Returns the saved camera preset to apply, if any.
    pub fn restore(&mut self, store: &SettingsStore, path: &Path) -> Option<Preset> {
        if self.restored {
            return None;
        }
        self.restored = true;
        self.saved_where = store
            .sidecar_for(path)
            .map(|(sidecar, _)| sidecar.display().to_string());
        let loaded = store.load(path);
        self.settings = loaded.settings;
        self.notice = loaded.notice;
        self.settings.view.map(preset_of)
    }

    /// Writes the sidecar when something changed; a failure becomes the notice.
    pub fn save_if_changed(&mut self, store: &SettingsStore, path: &Path) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        if let Err(message) = store.save(path, &self.settings) {
            self.notice = Some(message);
        }
    }

    /// Remembers the skeleton layout and / or up axis picked for the clip.
    pub fn remember_choice(&mut self, layout: Option<LayoutId>, up: Option<UpAxis>) {
        let (old_layout, old_up) = (self.settings.layout, self.settings.up);
        self.settings.layout = layout.or(old_layout);
        self.settings.up = up.or(old_up);
        self.dirty |= (self.settings.layout, self.settings.up) != (old_layout, old_up);
    }

    /// Remembers the camera preset chosen.
    pub fn remember_view(&mut self, preset: Preset) {
        let view = Some(saved_view(preset));
        if self.settings.view != view {
            self.settings.view = view;
            self.dirty = true;
        }
    }

    /// Adds a bookmark at `frame` (a second one on the same frame selects the first instead)
    /// and selects it.
    pub fn add_bookmark(&mut self, frame: usize, time_s: f64) {
        if let Some(i) = self
            .settings
            .bookmarks
            .iter()
            .position(|b| b.frame == frame)
        {
            self.selected_bookmark = Some(i);
            return;
        }
        let index = self.settings.add_bookmark(frame, time_s);
        self.selected_bookmark = Some(index);
        self.dirty = true;
    }

    /// Removes bookmark `index`.
    pub fn remove_bookmark(&mut self, index: usize) {
        if index < self.settings.bookmarks.len() {
            self.settings.bookmarks.remove(index);
            self.selected_bookmark = None;
            self.dirty = true;
        }
    }

    /// The frame of the nearest bookmark after (`forward`) or before `frame`.
    #[must_use]
    pub fn next_bookmark(&self, frame: usize, forward: bool) -> Option<usize> {
        let frames = self.settings.bookmarks.iter().map(|b| b.frame);
        if forward {
            frames.filter(|f| *f > frame).min()
        } else {
            frames.filter(|f| *f < frame).max()
        }
    }

    /// The trailed points for `clip`: the user's choice, else the extremities.
    #[must_use]
    pub fn trail_points(&self, clip: &Clip) -> Vec<TrailPoint> {
        self.trail_points
            .clone()
            .unwrap_or_else(|| trail::extremities(clip))
    }

    /// Adds the onion skin, trails and joint names chosen to the scene of `frame`.
    pub fn decorate(
        &self,
        scene: &mut Scene,
        clip: &Clip,
        frame: usize,
        look: &Look,
        style: &Style,
        place: Place<'_>,
    ) {
        if self.onion_on {
            self.onion.add(scene, clip, frame, style, place);
        }
        if self.trails_on {
            let trails = Trails {
                points: self.trail_points(clip),
                window_s: self.trail_window_s.clamp(0.0, MAX_TRAIL_WINDOW_S),
                span: self.trail_span,
            };
            trails.add(scene, clip, frame, style, place);
        }
        if look.joint_names {
            add_joint_names(scene, clip, style);
        }
    }
}

/// Each visible joint's name beside its disc, small and grey.
fn add_joint_names(scene: &mut Scene, clip: &Clip, style: &Style) {
    let names: Vec<Label> = scene
        .discs
        .iter()
        .filter(|d| d.colour.0[3] > 0 || style.figure == crate::scene::Figure::Body)
        .map(|d| Label {
            pos: [d.centre[0] + d.radius + 3.0, d.centre[1]],
            text: clip.skeleton.name(d.joint.joint).to_owned(),
            colour: style::TEXT.with_alpha(200),
            size: style.label_size * 0.75,
            anchor: Anchor::LeftCenter,
        })
        .collect();
    scene.labels.extend(names);
}
