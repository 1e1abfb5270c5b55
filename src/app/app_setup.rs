//! How the window's owner (and the tests) set up and steer the viewer: the library, compare
//! mode, where settings are kept, screenshots, exports.

use std::path::PathBuf;

use super::super::clip_settings::SettingsStore;
use super::super::compare::CompareState;
use super::super::entry::ClipEntry;
use super::super::export::{Exporter, FilePicker};
use super::super::library::LibraryView;
use super::super::look::Look;
use super::super::persist::Persist;
use super::super::remember;
use super::super::screenshot::{Outcome, Screenshot};
use super::super::store::Stores;
use super::PosedeckApp;

impl PosedeckApp {
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

    /// Remembers choices in `dir` from now on (layout per file, marker bones per marker set),
    /// applying what is already stored there to the clips in the list.
    pub fn remember_in(&mut self, dir: PathBuf) {
        let (stores, notices) = Stores::open(Some(dir));
        self.stores = stores;
        self.notes.extend(notices);
        for loaded in self.entries.iter_mut().filter_map(ClipEntry::loaded_mut) {
            remember::restore(&self.stores, loaded);
        }
    }

    /// Keeps bookmarks, views and display choices in `store` (tests use a temporary folder or
    /// none). Call before the first frame.
    pub fn set_settings_store(&mut self, store: SettingsStore) {
        self.persist = Persist::new(store);
    }

    /// Sizes, labels, theme and open windows.
    pub fn look_mut(&mut self) -> &mut Look {
        &mut self.look
    }

    /// Compares rows `a` (A) and `b` (B) of the list: both play on one clock. False (and
    /// nothing changes) unless both are loaded and differ.
    pub fn compare(&mut self, a: usize, b: usize) -> bool {
        if let Some(playback) = self.playback_mut() {
            playback.pause();
        }
        self.compare = CompareState::new(&mut self.entries, a, b);
        self.compare.is_some()
    }

    /// Compare mode's state and the clip list it refers to, when comparing.
    pub fn compare_mut(&mut self) -> Option<(&mut CompareState, &mut [ClipEntry])> {
        let state = self.compare.as_mut()?;
        Some((state, &mut self.entries))
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
}
