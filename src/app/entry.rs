//! One clip in the viewer's list: its load state and, once loaded, its view state.

use std::path::PathBuf;
use std::sync::Arc;

use crate::formats::{self, LoadOptions};
use crate::model::{Clip, LayoutId, PoseChunk, UpAxis};
use crate::scene::{self, Figure, OrbitCamera, Preset, Scene, ScreenRect, Stage, View2d};

use super::clip_tools::ClipTools;
use super::connect::{Linking, UserEdit};
use super::loader::ReadControl;
use super::measure::MeasureState;
use super::playback::Playback;

/// The user's 3D view choices, kept apart from the fitted camera so fitting can be redone every
/// frame (window resized, athlete moved) without losing them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View3dState {
    /// Camera angles (and field of view); its target and distance are refitted each frame.
    pub base: OrbitCamera,
    /// Magnification relative to the fitted distance (1 = fitted).
    pub zoom: f32,
    /// Offset of the target from the fitted one, metres.
    pub pan_m: [f32; 3],
    /// Follow the athlete horizontally (`None` = decide from the clip's travel).
    pub follow: Option<bool>,
}

impl Default for View3dState {
    fn default() -> Self {
        Self {
            base: OrbitCamera::default(),
            zoom: 1.0,
            pan_m: [0.0; 3],
            follow: None,
        }
    }
}

impl View3dState {
    /// Back to the fitted framing, keeping the angles.
    pub fn reset_framing(&mut self) {
        self.zoom = 1.0;
        self.pan_m = [0.0; 3];
    }

    /// Turns to `preset` and refits.
    pub fn set_preset(&mut self, preset: Preset) {
        self.base = self.base.with_preset(preset);
        self.reset_framing();
    }
}

/// A loaded clip and how it is being viewed.
#[derive(Debug)]
pub struct LoadedClip {
    /// The clip (its skeleton and up axis follow the user's choices).
    pub clip: Clip,
    /// The up axis the file declared or the reader guessed, for the menu.
    pub detected_up: UpAxis,
    /// Measured extent for the 3D view; recomputed after the up axis changes.
    stage: Option<Stage>,
    /// The 2D view (image space).
    pub view2d: View2d,
    /// The 3D view choices.
    pub view3d: View3dState,
    /// Play / pause / position.
    pub playback: Playback,
    /// Stick figure or body style.
    pub figure: Figure,
    /// Size of the view on screen the last time it was drawn, points.
    pub view_size: [f32; 2],
    /// The view rectangle and the scene painted in it the last time it was drawn (tests check
    /// it against `crate::render`, which makes the exported pictures).
    pub painted: Option<(ScreenRect, Scene)>,
    /// The connect-markers tool.
    pub linking: Linking,
    /// Choices made this frame, for the app to apply and remember.
    pub edits: Vec<UserEdit>,
    /// Bookmarks, saved view, trails and onion skin.
    pub tools: ClipTools,
    /// Measuring choices and their cached series (see [`super::measure`]).
    pub measure: MeasureState,
    /// While the clip's frames are still being read: the read, to ask for frames first.
    reading: Option<Arc<ReadControl>>,
    /// The last frame drawn with its poses (not waiting for its chunk).
    pub drawn_frame: Option<usize>,
    /// True when the clip was shown before it was whole and its frames came in chunks.
    read_in_chunks: bool,
}

impl LoadedClip {
    /// Wraps a freshly loaded clip: paused on the first frame, fitted views.
    #[must_use]
    pub fn new(clip: Clip) -> Self {
        let playback = Playback::new(clip.frame_count(), clip.playback_rate_hz());
        let view2d = scene::fit_2d(&clip);
        let stage = clip.space.is_3d().then(|| Stage::of_clip(&clip));
        let measure = MeasureState::for_clip(&clip);
        Self {
            detected_up: clip.space.up,
            clip,
            stage,
            view2d,
            view3d: View3dState::default(),
            playback,
            figure: Figure::Stick,
            view_size: [1280.0, 720.0],
            painted: None,
            linking: Linking::default(),
            edits: Vec::new(),
            tools: ClipTools::default(),
            measure,
            reading: None,
            drawn_frame: None,
            read_in_chunks: false,
        }
    }

    /// Wraps a clip whose frames are still being read (see [`super::loader::LoadEvent::Opened`]).
    #[must_use]
    pub fn reading(clip: Clip, control: Arc<ReadControl>) -> Self {
        let mut loaded = Self::new(clip);
        loaded.reading = Some(control);
        loaded.read_in_chunks = true;
        loaded
    }

    /// True when the clip was shown before it was whole (read in chunks in the background).
    #[must_use]
    pub fn was_read_in_chunks(&self) -> bool {
        self.read_in_chunks
    }

    /// True while frames are still being read.
    #[must_use]
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The share of frames read, 0 to 1 (1 once whole).
    #[must_use]
    pub fn read_fraction(&self) -> f32 {
        let poses = &self.clip.poses;
        if self.reading.is_none() || poses.frame_count() == 0 {
            return 1.0;
        }
        poses.frames_read() as f32 / poses.frame_count() as f32
    }

    /// True when `frame` is still being read.
    #[must_use]
    pub fn frame_missing(&self, frame: usize) -> bool {
        self.reading.is_some() && !self.clip.poses.has_chunk(self.clip.poses.chunk_of(frame))
    }

    /// Tells the read behind the clip, if any, that the window has drawn its first frame
    /// with poses (the rest is parsed from then on; see [`ReadControl::for_window`]).
    pub fn first_frame_shown(&self) {
        if let Some(control) = &self.reading {
            control.first_frame_shown();
        }
    }

    /// Asks the read to parse the chunk of `frame` next (when it is missing).
    pub fn want_frame(&self, frame: usize) {
        if let Some(control) = &self.reading
            && self.frame_missing(frame)
        {
            control.want_frame(frame);
        }
    }

    /// Puts one more chunk of frames read in the background in place.
    pub fn add_chunk(&mut self, chunk: Arc<PoseChunk>) {
        self.clip.poses.insert_chunk(chunk);
    }

    /// The whole clip has been read: take its frames and what the reader learnt, keeping the
    /// skeleton and up axis the user may have chosen meanwhile, the playback and the views.
    pub fn finish_reading(&mut self, whole: Clip) {
        self.reading = None;
        let same_shape = whole.poses.joints() == self.clip.poses.joints()
            && whole.space.dims == self.clip.space.dims;
        if !same_shape {
            // The whole file showed another shape than its first frames (say, a third column
            // that is a confidence, not z): take the clip as read.
            let frame = self.playback.frame();
            *self = Self::new(whole);
            self.read_in_chunks = true;
            self.playback.seek_frame(frame);
            return;
        }
        if self.clip.space.up == self.detected_up {
            // The user kept the reader's up axis: take the one the whole read decided.
            self.clip.space = whole.space;
            self.detected_up = whole.space.up;
        } else {
            self.clip.space.units = whole.space.units;
        }
        self.clip.poses = whole.poses;
        self.clip.meta = whole.meta;
        self.clip.parts = whole.parts;
        self.clip.analog = whole.analog;
        self.stage = None;
        if !self.is_3d() {
            self.view2d = scene::fit_2d(&self.clip);
        }
    }

    /// Measures and fits the views again (after the skeleton or up axis changed).
    pub fn refit(&mut self) {
        self.stage = None;
        self.view3d.reset_framing();
        self.view2d = scene::fit_2d(&self.clip);
    }

    /// True for 3D data.
    #[must_use]
    pub fn is_3d(&self) -> bool {
        self.clip.space.is_3d()
    }

    /// The measured stage (3D), with the user's follow choice applied.
    pub fn stage(&mut self) -> Stage {
        let clip = &self.clip;
        let mut stage = self
            .stage
            .get_or_insert_with(|| Stage::of_clip(clip))
            .clone();
        if let Some(follow) = self.view3d.follow {
            stage.follows = follow;
        }
        stage
    }

    /// Whether the measured clip would be followed by default.
    pub fn follows_by_default(&mut self) -> bool {
        let clip = &self.clip;
        self.stage
            .get_or_insert_with(|| Stage::of_clip(clip))
            .follows
    }

    /// Uses `up` as the up axis and refits.
    pub fn set_up_axis(&mut self, up: UpAxis) {
        formats::apply_options(
            &mut self.clip,
            &LoadOptions {
                up: Some(up),
                ..LoadOptions::default()
            },
        );
        self.stage = None;
        self.view3d.reset_framing();
    }

    /// Uses the skeleton of `layout` (when its joint count matches).
    pub fn set_layout(&mut self, layout: LayoutId) {
        formats::apply_options(
            &mut self.clip,
            &LoadOptions {
                layout: Some(layout),
                ..LoadOptions::default()
            },
        );
    }

    /// The presets the user may pick instead of the current skeleton: `None` when the skeleton
    /// comes from the file itself.
    #[must_use]
    pub fn layout_choices(&self) -> Option<Vec<LayoutId>> {
        let current = self.clip.skeleton.layout();
        if current == LayoutId::FromFile {
            return None;
        }
        let choices: Vec<LayoutId> = LayoutId::with_joint_count(self.clip.poses.joints()).collect();
        (!choices.is_empty()).then_some(choices)
    }
}

/// Where a clip of the list stands.
#[derive(Debug)]
pub enum EntryState {
    /// Still being read.
    Loading,
    /// Ready to show.
    Ready(Box<LoadedClip>),
    /// Could not be read; the message names the file and the place.
    Failed(String),
}

/// One row of the clip list.
#[derive(Debug)]
pub struct ClipEntry {
    /// The path as listed.
    pub path: PathBuf,
    /// The name shown.
    pub name: String,
    /// Load state.
    pub state: EntryState,
}

impl ClipEntry {
    /// A row for `path` that is still loading.
    #[must_use]
    pub fn loading(path: PathBuf) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self {
            path,
            name,
            state: EntryState::Loading,
        }
    }

    /// A ready row for a clip already in memory.
    #[must_use]
    pub fn ready(clip: Clip) -> Self {
        let mut entry = Self::loading(clip.meta.source.clone());
        entry.name = clip.meta.display_name();
        entry.state = EntryState::Ready(Box::new(LoadedClip::new(clip)));
        entry
    }

    /// The loaded clip, once all its frames are read (for what needs the whole clip: compare,
    /// export).
    #[must_use]
    pub fn whole(&self) -> Option<&LoadedClip> {
        self.loaded().filter(|l| !l.is_reading())
    }

    /// The loaded clip, if any (possibly still reading frames, see [`LoadedClip::is_reading`]).
    #[must_use]
    pub fn loaded(&self) -> Option<&LoadedClip> {
        match &self.state {
            EntryState::Ready(loaded) => Some(loaded),
            _ => None,
        }
    }

    /// The loaded clip, mutably.
    pub fn loaded_mut(&mut self) -> Option<&mut LoadedClip> {
        match &mut self.state {
            EntryState::Ready(loaded) => Some(loaded),
            _ => None,
        }
    }
}
