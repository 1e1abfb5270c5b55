//! The clip library: a folder of clips as a grid of cards (or a table), with search, filters,
//! sorting, grouping by folder, a "could not open" section and background indexing with
//! progress and cancel. Indexing and all the logic live in [`crate::library`]; this module
//! only draws and reacts.

mod bar;
mod card;
mod grid;
pub mod picker;
mod table;
mod textures;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Ui};

use crate::library::cache::{self, Cache};
use crate::library::preview::{self, PreviewJob, PreviewState};
use crate::library::settings::{self, Settings};
use crate::library::{ClipRecord, Filter, IndexOptions, Indexer, Progress, Sort, filter, sort};

pub use picker::{FolderPicker, NativeFolderPicker};
use textures::{Preview, Textures};

/// How the clips are laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Cards with thumbnails.
    #[default]
    Grid,
    /// One row per clip.
    Table,
}

/// One clip of the library.
#[derive(Clone, Debug)]
pub struct Item {
    /// What is known about it.
    pub record: ClipRecord,
    /// Its thumbnail, PNG.
    pub thumbnail_png: Option<Vec<u8>>,
}

/// The library's state.
pub struct LibraryView {
    items: Vec<Item>,
    indexer: Option<Indexer>,
    root: Option<PathBuf>,
    /// Filters, order and layout chosen by the user.
    pub filter: Filter,
    /// The sort order.
    pub sort: Sort,
    /// Group the clips under their folders.
    pub group_by_folder: bool,
    /// Grid or table.
    pub layout: Layout,
    /// Items that pass the filter, in display order (clips that loaded).
    shown: Vec<usize>,
    /// Items that pass the filter and failed.
    failed: Vec<usize>,
    dirty: bool,
    /// The keyboard selection (an index into `items`).
    selected: Option<usize>,
    /// Scroll the selection into view on the next frame.
    scroll_to_selected: bool,
    textures: Textures,
    settings: Settings,
    settings_path: Option<PathBuf>,
    notices: Vec<String>,
    picker: Box<dyn FolderPicker>,
    typed_path: String,
    cache_db: Option<PathBuf>,
    preview_cache: Option<Cache>,
    preview_job: Option<PreviewJob>,
    /// Formats and layouts present, for the filter menus.
    formats_available: Vec<crate::model::FormatId>,
    layouts_available: Vec<String>,
    /// Index options for the next folder (tests point the cache elsewhere).
    template: Option<IndexOptions>,
}

impl std::fmt::Debug for LibraryView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibraryView")
            .field("root", &self.root)
            .field("items", &self.items.len())
            .finish_non_exhaustive()
    }
}

impl Default for LibraryView {
    fn default() -> Self {
        Self::new(settings::default_dir().map(|d| d.join(settings::FILE_NAME)))
    }
}

impl LibraryView {
    /// An empty library whose settings live at `settings_path` (`None`: not remembered).
    #[must_use]
    pub fn new(settings_path: Option<PathBuf>) -> Self {
        let mut notices = Vec::new();
        let settings = match &settings_path {
            Some(path) => {
                let (settings, notice) = Settings::load(path);
                notices.extend(notice);
                settings
            }
            None => Settings::default(),
        };
        Self {
            items: Vec::new(),
            indexer: None,
            root: None,
            filter: Filter::default(),
            sort: Sort::default(),
            group_by_folder: false,
            layout: Layout::Grid,
            shown: Vec::new(),
            failed: Vec::new(),
            dirty: false,
            selected: None,
            scroll_to_selected: false,
            textures: Textures::default(),
            settings,
            settings_path,
            notices,
            picker: Box::new(NativeFolderPicker),
            typed_path: String::new(),
            cache_db: cache::default_dir().map(|d| d.join(cache::DB_NAME)),
            preview_cache: None,
            preview_job: None,
            template: None,
            formats_available: Vec::new(),
            layouts_available: Vec::new(),
        }
    }

    /// Uses `options` (its root replaced) for every folder opened from now on.
    pub fn set_index_options(&mut self, options: IndexOptions) {
        self.cache_db.clone_from(&options.cache_db);
        self.template = Some(options);
    }

    /// Asks `picker` for folders (tests inject fixed paths).
    pub fn set_folder_picker(&mut self, picker: Box<dyn FolderPicker>) {
        self.picker = picker;
    }

    /// Starts indexing `dir` (a new folder replaces the old one).
    pub fn open_folder(&mut self, dir: PathBuf) {
        let mut options = self
            .template
            .clone()
            .unwrap_or_else(|| IndexOptions::new(&dir));
        options.root.clone_from(&dir);
        if let Some(old) = &self.indexer {
            old.cancel();
        }
        self.items.clear();
        self.textures.clear();
        self.selected = None;
        self.dirty = true;
        self.typed_path = dir.display().to_string();
        self.settings.remember_folder(&dir);
        self.save_settings();
        self.root = Some(dir);
        self.indexer = Some(Indexer::start(options));
    }

    /// Remembers `clip` as the last one opened.
    pub fn remember_clip(&mut self, clip: &Path) {
        self.settings.last_clip = Some(clip.to_path_buf());
        self.save_settings();
    }

    fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path
            && let Err(e) = self.settings.save(path)
        {
            self.notices.push(format!(
                "Settings could not be saved to {}: {e}.",
                path.display()
            ));
        }
    }

    /// The remembered settings.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The folder shown, if any.
    #[must_use]
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Every clip found so far.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The clips that pass the filters, in display order.
    pub fn shown(&mut self) -> Vec<&ClipRecord> {
        self.refresh();
        self.shown.iter().map(|&i| &self.items[i].record).collect()
    }

    /// The failures that pass the filters.
    pub fn failed(&mut self) -> Vec<&ClipRecord> {
        self.refresh();
        self.failed.iter().map(|&i| &self.items[i].record).collect()
    }

    /// The keyboard selection.
    #[must_use]
    pub fn selected(&self) -> Option<&ClipRecord> {
        self.selected
            .and_then(|i| self.items.get(i))
            .map(|i| &i.record)
    }

    /// Indexing progress (`None` before any folder).
    #[must_use]
    pub fn progress(&self) -> Option<Progress> {
        self.indexer.as_ref().map(Indexer::progress)
    }

    /// True while a folder is being indexed.
    #[must_use]
    pub fn is_indexing(&self) -> bool {
        self.progress().is_some_and(|p| !p.finished)
    }

    /// Notes for the user.
    #[must_use]
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Takes in what the indexer found since the last frame.
    pub fn poll(&mut self) {
        let Some(indexer) = &self.indexer else {
            return;
        };
        let found = indexer.poll();
        let finished = indexer.progress().finished;
        if finished {
            for notice in indexer.notices() {
                if !self.notices.contains(&notice) {
                    self.notices.push(notice);
                }
            }
        }
        if !found.is_empty() {
            self.dirty = true;
            let last = self.settings.last_clip.clone();
            for f in found {
                if self.selected.is_none() && last.as_deref() == Some(f.record.path.as_path()) {
                    self.selected = Some(self.items.len());
                    self.scroll_to_selected = true;
                }
                self.items.push(Item {
                    record: f.record,
                    thumbnail_png: f.thumbnail_png,
                });
            }
            let records = || self.items.iter().map(|i| &i.record);
            self.formats_available = filter::formats(records());
            self.layouts_available = filter::layouts(records());
        }
    }

    /// Blocks until indexing ends (at most `timeout`), for tests and screenshots.
    pub fn wait_until_indexed(&mut self, timeout: std::time::Duration) {
        let deadline = std::time::Instant::now() + timeout;
        while self.is_indexing() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        self.poll();
    }

    /// Pauses or resumes reading files (what the cache knows still comes in).
    pub fn set_paused(&mut self, paused: bool) {
        if let Some(indexer) = &self.indexer {
            indexer.set_paused(paused);
        }
    }

    /// Cancels indexing (what was found stays).
    pub fn cancel(&mut self) {
        if let Some(indexer) = &self.indexer {
            indexer.cancel();
        }
    }

    /// Recomputes the shown clips after a change of clips, filters or order.
    fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let passing: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.filter.matches(&self.items[i].record))
            .collect();
        let (mut ok, mut failed): (Vec<usize>, Vec<usize>) = passing
            .into_iter()
            .partition(|&i| self.items[i].record.error().is_none());
        let order = self.sort;
        let items = &self.items;
        ok.sort_by(|&a, &b| sort::compare(&items[a].record, &items[b].record, order));
        failed.sort_by(|&a, &b| sort::compare(&items[a].record, &items[b].record, Sort::default()));
        if self.group_by_folder {
            // Folders in natural order, the chosen order inside each.
            ok.sort_by(|&a, &b| {
                sort::natural_cmp(&items[a].record.folder, &items[b].record.folder)
            });
        }
        self.shown = ok;
        self.failed = failed;
    }

    /// Marks the shown list for recomputing (after the user changed a filter or the order).
    pub fn changed(&mut self) {
        self.dirty = true;
    }

    /// The hovered clip's preview texture: from the cache, or drawn in the background the
    /// first time (the thumbnail shows meanwhile).
    fn preview_texture(&mut self, ctx: &egui::Context, path: &Path) -> Option<egui::TextureHandle> {
        match self.textures.preview_of(path) {
            Preview::Ready(texture) => return Some(texture),
            Preview::Missing => return None,
            Preview::Unknown => {}
        }
        if let Some(job) = &self.preview_job
            && job.path() == path
        {
            return match job.state() {
                PreviewState::Drawing => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                    None
                }
                PreviewState::Done(png) => {
                    self.preview_job = None;
                    self.textures.set_preview(ctx, path, png.as_deref())
                }
            };
        }
        if self.preview_cache.is_none()
            && let Some(db) = &self.cache_db
        {
            self.preview_cache = Cache::open(db).cache;
        }
        if let Some(png) = self
            .preview_cache
            .as_ref()
            .and_then(|c| preview::cached(c, path))
        {
            return self.textures.set_preview(ctx, path, Some(&png));
        }
        self.preview_job = Some(PreviewJob::start(path, self.cache_db.clone()));
        None
    }

    /// Moves the keyboard selection by `step` through the shown clips.
    fn move_selection(&mut self, step: isize) {
        self.refresh();
        if self.shown.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|s| self.shown.iter().position(|&i| i == s));
        let next = match at {
            None => 0,
            Some(p) => p.saturating_add_signed(step).min(self.shown.len() - 1),
        };
        self.selected = Some(self.shown[next]);
        self.scroll_to_selected = true;
    }

    /// Draws the library; returns the clip the user opened (double click or Enter).
    pub fn show(&mut self, ui: &mut Ui) -> Option<PathBuf> {
        self.poll();
        if self.is_indexing() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let mut opened = None;
        bar::top(ui, self);
        if bar::filters(ui, self) {
            self.changed();
        }
        for notice in &self.notices {
            ui.colored_label(super::clip_list::ERROR_RED, notice);
        }
        ui.separator();
        self.refresh();
        if self.root.is_none() {
            bar::home(ui, self);
            return None;
        }
        let per_row = match self.layout {
            Layout::Grid => grid::show(ui, self, &mut opened),
            Layout::Table => {
                table::show(ui, self, &mut opened);
                1
            }
        };
        opened = opened.or_else(|| self.handle_keys(ui, per_row));
        if let Some(path) = &opened {
            self.remember_clip(path);
        }
        opened
    }

    fn handle_keys(&mut self, ui: &Ui, per_row: usize) -> Option<PathBuf> {
        // Keys go to the grid unless a text field has focus.
        if ui.ctx().memory(|m| m.focused().is_some()) {
            return None;
        }
        let (left, right, up, down, enter) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowLeft),
                i.consume_key(Modifiers::NONE, Key::ArrowRight),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        let row = per_row.max(1) as isize;
        if left {
            self.move_selection(-1);
        }
        if right {
            self.move_selection(1);
        }
        if up {
            self.move_selection(-row);
        }
        if down {
            self.move_selection(row);
        }
        if enter {
            return self
                .selected()
                .filter(|r| r.error().is_none())
                .map(|r| r.path.clone());
        }
        None
    }
}
