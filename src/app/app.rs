//! The viewer: clip list on the left, the view in the middle, the timeline underneath.
//!
//! [`PosedeckApp`] does not depend on eframe's window: tests build the real app and drive
//! [`PosedeckApp::ui`] with `egui_kittest`; [`super::run`] puts it in a native window.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Key, Modifiers, RichText, Ui};

use crate::model::Clip;

use super::ViewerOptions;
use super::assets;
use super::clip_list::{self, ERROR_RED};
use super::entry::{ClipEntry, EntryState, LoadedClip};
use super::export::{Exporter, FilePicker};
use super::info;
use super::library::LibraryView;
use super::loader::{LoadEvent, Loader};
use super::playback::Playback;
use super::screenshot::{Outcome, Screenshot};
use super::timeline::{self, TimelineState};
use super::{toolbar, view2d, view3d};

/// How often the window checks for newly loaded clips while loading, seconds.
const LOADING_POLL_S: f64 = 0.1;

/// The viewer's state.
#[derive(Debug)]
pub struct PosedeckApp {
    entries: Vec<ClipEntry>,
    selected: Option<usize>,
    notes: Vec<String>,
    /// Loading threads with the list index where their files start.
    loaders: Vec<(Loader, usize)>,
    /// Show the next clip that finishes loading (at start, and after files are dropped).
    select_next_loaded: bool,
    autoplay: bool,
    last_time_s: Option<f64>,
    timeline: TimelineState,
    screenshot: Option<Screenshot>,
    title: String,
    /// The frame to show the first clip at (`--frame N`), until it is shown.
    start_frame: Option<usize>,
    /// The Export menu's state.
    exporter: Exporter,
    /// The clip library (a folder of clips as cards).
    library: LibraryView,
    /// Showing the library instead of the viewer.
    in_library: bool,
}

impl PosedeckApp {
    /// The viewer on the paths of `options` (the bundled samples when there are none), loading
    /// in the background. Clips start playing once selected.
    #[must_use]
    pub fn new(options: &ViewerOptions) -> Self {
        let mut notes = Vec::new();
        let paths: Vec<PathBuf> = if options.paths.is_empty() {
            if let Some(dir) = assets::find_assets() {
                assets::samples_walk_first(&dir)
            } else {
                notes.push(
                    "No assets/ folder with sample clips was found. Open files or folders: \
                     posedeck PATH..."
                        .to_owned(),
                );
                Vec::new()
            }
        } else {
            options.paths.clone()
        };
        // Folders open in the library; files in the viewer.
        let (dirs, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| p.is_dir());
        let mut library = LibraryView::default();
        let in_library = !dirs.is_empty();
        if let Some(dir) = dirs.into_iter().next() {
            library.open_folder(dir);
        }
        Self {
            entries: Vec::new(),
            selected: None,
            notes,
            loaders: vec![(Loader::start(paths), 0)],
            select_next_loaded: true,
            autoplay: true,
            last_time_s: None,
            timeline: TimelineState::default(),
            screenshot: None,
            title: String::new(),
            start_frame: None,
            exporter: Exporter::default(),
            library,
            in_library,
        }
    }

    /// The viewer on clips already in memory, paused on their first frame.
    #[must_use]
    pub fn from_clips(clips: Vec<Clip>) -> Self {
        let entries: Vec<ClipEntry> = clips.into_iter().map(ClipEntry::ready).collect();
        let selected = (!entries.is_empty()).then_some(0);
        Self {
            entries,
            selected,
            notes: Vec::new(),
            loaders: Vec::new(),
            select_next_loaded: false,
            autoplay: false,
            last_time_s: None,
            timeline: TimelineState::default(),
            screenshot: None,
            title: String::new(),
            start_frame: None,
            exporter: Exporter::default(),
            library: LibraryView::new(None),
            in_library: false,
        }
    }

    /// The clip library.
    pub fn library_mut(&mut self) -> &mut LibraryView {
        &mut self.library
    }

    /// True while the library is shown instead of the viewer.
    #[must_use]
    pub fn is_in_library(&self) -> bool {
        self.in_library
    }

    /// Shows the library (`true`) or the viewer.
    pub fn show_library(&mut self, show: bool) {
        self.in_library = show;
    }

    /// Opens `path` from the library in the viewer (selecting it when it is already listed).
    pub fn open_clip(&mut self, path: PathBuf) {
        self.in_library = false;
        if let Some(index) = self.entries.iter().position(|e| e.path == path) {
            self.select(index);
        } else {
            self.open(vec![path]);
        }
    }

    /// Takes a screenshot to `out` once everything is loaded, then closes the window; the
    /// result goes to `outcome`. Playback stays paused so the picture shows the first frame.
    pub fn take_screenshot(&mut self, out: PathBuf, outcome: Outcome) {
        self.autoplay = false;
        self.screenshot = Some(Screenshot::new(out, outcome));
    }

    /// Shows the first clip paused at `frame` (clamped to the clip) once it is loaded.
    pub fn start_at_frame(&mut self, frame: usize) {
        self.start_frame = Some(frame);
        self.autoplay = false;
    }

    /// Asks `picker` for the Export menu's file names (tests inject fixed paths).
    pub fn set_file_picker(&mut self, picker: Box<dyn FilePicker>) {
        self.exporter = Exporter::new(picker);
    }

    /// The Export menu's state.
    pub fn exporter_mut(&mut self) -> &mut Exporter {
        &mut self.exporter
    }

    /// Whether a clip starts playing when selected.
    pub fn set_autoplay(&mut self, autoplay: bool) {
        self.autoplay = autoplay;
    }

    /// True while files are still being read.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.loaders.iter().any(|(l, _)| !l.is_finished())
    }

    /// Blocks until every file is read (at most `timeout`), as the first frames would.
    pub fn wait_until_loaded(&mut self, timeout: Duration) {
        for slot in 0..self.loaders.len() {
            let events = self
                .loaders
                .get_mut(slot)
                .map(|(loader, _)| loader.wait(timeout))
                .unwrap_or_default();
            self.apply(slot, events);
        }
    }

    /// The rows of the clip list.
    #[must_use]
    pub fn entries(&self) -> &[ClipEntry] {
        &self.entries
    }

    /// Index of the selected row.
    #[must_use]
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects row `index` (starts playing it when autoplay is on).
    pub fn select(&mut self, index: usize) {
        if index >= self.entries.len() {
            return;
        }
        self.selected = Some(index);
        self.last_time_s = None;
        if self
            .entries
            .get(index)
            .and_then(ClipEntry::loaded)
            .is_some()
            && let Some(frame) = self.start_frame.take()
            && let Some(playback) = self.playback_mut()
        {
            playback.pause();
            playback.seek_frame(frame);
        }
        let autoplay = self.autoplay;
        if let Some(loaded) = self.entries.get_mut(index).and_then(ClipEntry::loaded_mut)
            && autoplay
        {
            loaded.playback.play();
        }
    }

    /// The selected clip, when it is loaded.
    pub fn selected_clip_mut(&mut self) -> Option<&mut LoadedClip> {
        let index = self.selected?;
        self.entries.get_mut(index)?.loaded_mut()
    }

    /// The playback of the selected clip.
    pub fn playback_mut(&mut self) -> Option<&mut Playback> {
        self.selected_clip_mut().map(|l| &mut l.playback)
    }

    /// Opens more files or folders (dropped on the window), appending them to the list.
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        if !paths.is_empty() {
            self.loaders.push((Loader::start(paths), 0));
            self.select_next_loaded = true;
        }
    }

    /// Applies the events of loader `slot`.
    fn apply(&mut self, slot: usize, events: Vec<LoadEvent>) {
        for event in events {
            match event {
                LoadEvent::Listed { paths, notes } => {
                    if let Some((_, base)) = self.loaders.get_mut(slot) {
                        *base = self.entries.len();
                    }
                    self.entries
                        .extend(paths.into_iter().map(ClipEntry::loading));
                    self.notes.extend(notes);
                }
                LoadEvent::Loaded { index, result } => {
                    let base = self.loaders.get(slot).map_or(0, |(_, base)| *base);
                    let index = base + index;
                    let Some(entry) = self.entries.get_mut(index) else {
                        continue;
                    };
                    entry.state = match result {
                        Ok(clip) => EntryState::Ready(Box::new(LoadedClip::new(*clip))),
                        Err(message) => EntryState::Failed(message),
                    };
                    if self.select_next_loaded && entry.loaded().is_some() {
                        self.select_next_loaded = false;
                        self.select(index);
                    }
                }
            }
        }
        if self.selected.is_none() && !self.is_loading() && !self.entries.is_empty() {
            self.select(0);
        }
    }

    fn handle_keys(&mut self, ui: &Ui) {
        let (space, left, right, home, end) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Space),
                i.consume_key(Modifiers::NONE, Key::ArrowLeft),
                i.consume_key(Modifiers::NONE, Key::ArrowRight),
                i.consume_key(Modifiers::NONE, Key::Home),
                i.consume_key(Modifiers::NONE, Key::End),
            )
        });
        if let Some(playback) = self.playback_mut() {
            if space {
                playback.toggle();
            }
            if left {
                playback.step(-1);
            }
            if right {
                playback.step(1);
            }
            if home {
                playback.pause();
                playback.seek_frame(0);
            }
            if end {
                playback.pause();
                playback.seek_frame(usize::MAX);
            }
        }
    }

    /// Moves playback on by the time since the last drawn frame. The clock starts on the first
    /// frame drawn while playing, so time spent paused never counts.
    fn advance_playback(&mut self, ui: &Ui) {
        let now = ui.input(|i| i.time);
        let playing = self
            .playback_mut()
            .is_some_and(|playback| playback.is_playing());
        let last = if playing {
            self.last_time_s.replace(now)
        } else {
            self.last_time_s = None;
            return;
        };
        let Some(playback) = self.playback_mut() else {
            return;
        };
        if let Some(last) = last {
            playback.advance(now - last);
        }
        // Wake up for the next frame only: a 30 fps clip repaints 30 times a second.
        let rate = playback.rate_hz();
        let until_next = (playback.frame() as f64 + 1.0) / rate - playback.time_s();
        let wait = until_next.clamp(0.002, 1.0 / rate);
        ui.ctx()
            .request_repaint_after(Duration::from_secs_f64(wait));
    }

    fn update_title(&mut self, ui: &Ui) {
        let title = match self.selected.and_then(|i| self.entries.get(i)) {
            Some(entry) => format!("posedeck — {}", entry.name),
            None => "posedeck".to_owned(),
        };
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Draws the whole viewer into `ui` (the root of the window) and handles its input.
    pub fn ui(&mut self, ui: &mut Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A dropped folder opens in the library, dropped files in the viewer.
        let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| p.is_dir());
        if let Some(dir) = dirs.into_iter().next() {
            self.library.open_folder(dir);
            self.in_library = true;
        }
        self.open(files);
        for slot in 0..self.loaders.len() {
            let events = self
                .loaders
                .get_mut(slot)
                .map(|(loader, _)| loader.poll())
                .unwrap_or_default();
            self.apply(slot, events);
        }
        if self.is_loading() {
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(LOADING_POLL_S));
        }
        if self.in_library {
            let opened = egui::CentralPanel::default()
                .show(ui, |ui| self.library.show(ui))
                .inner;
            if let Some(path) = opened {
                self.open_clip(path);
            }
            let ready = !self.library.is_indexing();
            if let Some(screenshot) = &mut self.screenshot {
                screenshot.tick(ui.ctx(), ready);
            }
            return;
        }
        if self.library.root().is_some()
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.in_library = true;
        }
        self.handle_keys(ui);
        self.advance_playback(ui);
        self.update_title(ui);

        egui::Panel::left("clips")
            .default_size(300.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| self.left_panel(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| {
            ui.add_space(4.0);
            let timeline = &mut self.timeline;
            match self
                .selected
                .and_then(|i| self.entries.get_mut(i))
                .and_then(ClipEntry::loaded_mut)
            {
                Some(loaded) => timeline::show(ui, &mut loaded.playback, timeline),
                None => {
                    ui.weak("No clip to play.");
                }
            }
            ui.add_space(2.0);
        });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));

        let ready = !self.is_loading();
        if let Some(screenshot) = &mut self.screenshot {
            screenshot.tick(ui.ctx(), ready);
        }
    }

    fn left_panel(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        let loading = self.is_loading();
        ui.horizontal(|ui| {
            ui.heading("Clips");
            if loading {
                ui.spinner();
            } else {
                ui.weak(format!("{}", self.entries.len()));
            }
            if ui
                .button("Library")
                .on_hover_text("Browse a folder of clips (Escape)")
                .clicked()
            {
                self.in_library = true;
            }
        });
        ui.separator();
        if let Some(index) = clip_list::show(ui, &self.entries, self.selected, &self.notes) {
            self.select(index);
        }
        ui.separator();
        if let Some(loaded) = self.selected_clip_mut() {
            info::show(ui, loaded);
        }
    }

    fn central(&mut self, ui: &mut Ui) {
        let Some(entry) = self.selected.and_then(|i| self.entries.get_mut(i)) else {
            ui.centered_and_justified(|ui| {
                if self.entries.is_empty() && !self.is_loading() {
                    ui.label("No clips. Drop pose files or folders here, or run: posedeck PATH...");
                } else {
                    ui.spinner();
                }
            });
            return;
        };
        match &mut entry.state {
            EntryState::Loading => {
                ui.centered_and_justified(Ui::spinner);
            }
            EntryState::Failed(message) => {
                ui.add_space(20.0);
                ui.label(RichText::new("This file could not be read:").strong());
                ui.label(RichText::new(message.as_str()).color(ERROR_RED));
            }
            EntryState::Ready(loaded) => {
                toolbar::show(ui, loaded, &mut self.exporter);
                ui.add_space(2.0);
                if loaded.is_3d() {
                    view3d::show(ui, loaded);
                } else {
                    view2d::show(ui, loaded);
                }
            }
        }
    }
}

impl eframe::App for PosedeckApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        PosedeckApp::ui(self, ui);
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}
