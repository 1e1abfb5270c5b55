//! The viewer: clip list on the left, the view in the middle, the timeline underneath.
//!
//! [`PosedeckApp`] does not depend on eframe's window: tests build the real app and drive
//! [`PosedeckApp::ui`] with `egui_kittest`; [`super::run`] puts it in a native window.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Key, Modifiers, Ui};

use crate::model::Clip;

use super::ViewerOptions;
use super::assets;
use super::clip_settings::SettingsStore;
use super::compare::CompareState;
use super::compare::picker::Picker;
use super::entry::{ClipEntry, EntryState, LoadedClip};
use super::export::Exporter;
use super::library::LibraryView;
use super::loader::{LoadEvent, Loader};
use super::look::Look;
use super::persist::Persist;
use super::playback::Playback;
use super::remember;
use super::screenshot::Screenshot;
use super::store::Stores;
use super::timeline::{self, TimelineState};
use super::{bookmarks_panel, shortcuts};

#[path = "app_panels.rs"]
mod panels;
#[path = "app_setup.rs"]
mod setup;

/// How often the window checks for newly loaded clips while loading, seconds.
const LOADING_POLL_S: f64 = 0.1;

/// The viewer's state.
#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches of the window: autoplay, pending selections, library shown"
)]
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
    /// Choices remembered between runs (layout per file, marker bones per marker set).
    stores: Stores,
    /// Sizes, labels, theme and open windows.
    look: Look,
    /// Where bookmarks, views and display choices are kept.
    persist: Persist,
    /// Compare mode (two clips on one clock), when on.
    compare: Option<CompareState>,
    /// The "Compare with" choice under the clip list.
    compare_picker: Picker,
    /// Start comparing the first two clips once both are loaded (`--compare`).
    compare_on_load: bool,
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
        let (stores, mut notes) = Stores::open(crate::library::user_files::config_dir());
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
        // Folders open in the library; files (and folders that are one clip) in the viewer.
        let (dirs, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| crate::library::is_library_folder(p));
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
            stores,
            look: Look::default(),
            persist: Persist::new(SettingsStore::from_env()),
            compare: None,
            compare_picker: Picker::default(),
            compare_on_load: options.compare,
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
            stores: Stores::default(),
            look: Look::default(),
            persist: Persist::new(SettingsStore::from_env()),
            compare: None,
            compare_picker: Picker::default(),
            compare_on_load: false,
            library: LibraryView::new(None),
            in_library: false,
        }
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

    /// Stops every load in progress: files not read yet, and files shown while their frames
    /// were being read, are listed as cancelled; a file being read whole is dropped when its
    /// reader is done.
    pub fn cancel_loading(&mut self) {
        for (loader, _) in &mut self.loaders {
            loader.cancel();
        }
        for entry in &mut self.entries {
            // A clip shown while its frames were still being read cannot become whole now.
            if matches!(entry.state, EntryState::Loading)
                || entry.loaded().is_some_and(LoadedClip::is_reading)
            {
                entry.state = EntryState::Failed(format!(
                    "{}: loading cancelled; open it again to read it.",
                    entry.path.display()
                ));
            }
        }
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
                LoadEvent::Opened {
                    index,
                    clip,
                    control,
                } => {
                    let index = self.loaders.get(slot).map_or(0, |(_, base)| *base) + index;
                    let Some(entry) = self.entries.get_mut(index) else {
                        continue;
                    };
                    if !matches!(entry.state, EntryState::Loading) {
                        continue;
                    }
                    let mut loaded = LoadedClip::reading(*clip, control);
                    remember::restore(&self.stores, &mut loaded);
                    entry.state = EntryState::Ready(Box::new(loaded));
                    if self.select_next_loaded {
                        self.select_next_loaded = false;
                        self.select(index);
                    }
                }
                LoadEvent::Chunk { index, chunk } => {
                    let index = self.loaders.get(slot).map_or(0, |(_, base)| *base) + index;
                    if let Some(loaded) =
                        self.entries.get_mut(index).and_then(ClipEntry::loaded_mut)
                    {
                        loaded.add_chunk(chunk);
                    }
                }
                LoadEvent::Loaded { index, result } => {
                    let base = self.loaders.get(slot).map_or(0, |(_, base)| *base);
                    let index = base + index;
                    let Some(entry) = self.entries.get_mut(index) else {
                        continue;
                    };
                    if let Some(loaded) = entry.loaded_mut()
                        && loaded.is_reading()
                    {
                        match result {
                            Ok(clip) => loaded.finish_reading(*clip),
                            Err(message) => entry.state = EntryState::Failed(message),
                        }
                        continue;
                    }
                    if !matches!(entry.state, EntryState::Loading) {
                        continue;
                    }
                    entry.state = match result {
                        Ok(clip) => {
                            let mut loaded = LoadedClip::new(*clip);
                            remember::restore(&self.stores, &mut loaded);
                            EntryState::Ready(Box::new(loaded))
                        }
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
        if self.compare_on_load && self.entries.iter().take(2).all(|e| e.whole().is_some()) {
            self.compare_on_load = !self.compare(0, 1) && self.is_loading();
        }
    }

    fn handle_keys(&mut self, ui: &Ui) {
        if let Some(compare) = &mut self.compare {
            compare.handle_keys(ui, &self.entries);
            return;
        }
        let index = self.selected;
        let loaded = index
            .and_then(|i| self.entries.get_mut(i))
            .and_then(ClipEntry::loaded_mut);
        shortcuts::handle(ui, &mut self.look, loaded);
    }

    /// Restores and saves bookmarks, views and display choices (see [`Persist`]).
    fn sync_settings(&mut self, ui: &Ui) {
        let selected = self.selected.and_then(|i| self.entries.get_mut(i));
        let selected = selected.and_then(|e| {
            let ClipEntry { path, state, .. } = e;
            match state {
                EntryState::Ready(loaded) => Some((path.as_path(), loaded.as_mut())),
                _ => None,
            }
        });
        self.persist.sync(ui.ctx(), &mut self.look, selected);
    }

    /// Moves playback on by the time since the last drawn frame. The clock starts on the first
    /// frame drawn while playing, so time spent paused never counts.
    fn advance_playback(&mut self, ui: &Ui) {
        if let Some(compare) = &mut self.compare {
            compare.advance(ui, &mut self.entries);
            return;
        }
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
        // Wake up for the next frame only: a 30 fps clip repaints 30 times a second at real
        // time, 7.5 times at 25 % (clip seconds over the speed are wall-clock seconds).
        let (rate, speed) = (playback.rate_hz(), playback.speed());
        let until_next = ((playback.frame() as f64 + 1.0) / rate - playback.time_s()) / speed;
        let wait = until_next.clamp(0.002, 1.0 / (rate * speed));
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
        // A dropped folder opens in the library, dropped files (and clip folders) in the viewer.
        let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| crate::library::is_library_folder(p));
        if let Some(dir) = dirs.into_iter().next() {
            self.library.open_folder(dir);
            self.in_library = true;
        }
        self.open(files);
        for slot in 0..self.loaders.len() {
            let events = self
                .loaders
                .get_mut(slot)
                .map(|(loader, _)| {
                    loader.wake(ui.ctx());
                    loader.poll()
                })
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
        self.sync_settings(ui);
        self.handle_keys(ui);
        self.advance_playback(ui);
        self.update_title(ui);

        egui::Panel::left("clips")
            .default_size(300.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| self.left_panel(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| {
            ui.add_space(4.0);
            if let Some(compare) = &mut self.compare {
                compare.bottom_ui(ui, &mut self.entries);
                ui.add_space(2.0);
                return;
            }
            let (timeline, look) = (&mut self.timeline, &mut self.look);
            match self
                .selected
                .and_then(|i| self.entries.get_mut(i))
                .and_then(ClipEntry::loaded_mut)
            {
                Some(loaded) => {
                    timeline::show(ui, &mut loaded.playback, &mut loaded.tools, timeline, look);
                }
                None => {
                    ui.weak("No clip to play.");
                }
            }
            ui.add_space(2.0);
        });
        if self.look.bookmarks_open
            && let Some(loaded) = self
                .selected
                .and_then(|i| self.entries.get_mut(i))
                .and_then(ClipEntry::loaded_mut)
        {
            egui::Panel::right("key_frames")
                .default_size(240.0)
                .size_range(180.0..=420.0)
                .show(ui, |ui| {
                    let saved_where = loaded.tools.saved_where.clone();
                    bookmarks_panel::show(ui, loaded, saved_where.as_deref());
                });
        }
        self.measure_panels(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        shortcuts::help_window(ui, &mut self.look);

        let ready = !self.is_loading();
        if let Some(screenshot) = &mut self.screenshot {
            screenshot.tick(ui.ctx(), ready);
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
