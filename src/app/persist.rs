//! Keeps the viewer's memory in step with the config folder: restores a clip's bookmarks and
//! camera preset, layout and up axis the first time it is shown and saves them when they change; restores the
//! display choices at start and saves them when they change.

use std::path::Path;

use crate::formats::{self, LoadOptions};

use super::clip_settings::SettingsStore;
use super::entry::LoadedClip;
use super::look::Look;

/// The store and what was last saved of the display choices.
#[derive(Debug)]
pub struct Persist {
    store: SettingsStore,
    /// The display choices as last read or saved (`None` until the first frame).
    saved_look: Option<Look>,
}

impl Persist {
    /// Keeping things in `store`.
    #[must_use]
    pub fn new(store: SettingsStore) -> Self {
        Self {
            store,
            saved_look: None,
        }
    }

    /// Called once per frame before anything is drawn: `selected` is the clip shown (its path
    /// as listed), if loaded.
    pub fn sync(
        &mut self,
        ctx: &egui::Context,
        look: &mut Look,
        selected: Option<(&Path, &mut LoadedClip)>,
    ) {
        let saved = *self.saved_look.get_or_insert_with(|| {
            if let Some(stored) = self.store.load_display::<Look>() {
                *look = Look {
                    help_open: look.help_open,
                    bookmarks_open: look.bookmarks_open,
                    ..stored
                };
            }
            *look
        });
        look.apply_theme(ctx);
        let mut error = None;
        // Not while a slider is being dragged: once, when it is let go.
        if look.saved_part_differs(&saved) && !ctx.input(|i| i.pointer.any_down()) {
            self.saved_look = Some(*look);
            error = self.store.save_display(look).err();
        }
        let Some((path, loaded)) = selected else {
            return;
        };
        let first_time = !loaded.tools.restored;
        let preset = loaded.tools.restore(&self.store, path);
        if first_time {
            let settings = &loaded.tools.settings;
            if settings.layout.is_some() || settings.up.is_some() {
                let options = LoadOptions {
                    layout: settings.layout,
                    up: settings.up,
                };
                formats::apply_options(&mut loaded.clip, &options);
                loaded.refit();
            }
        }
        if let Some(preset) = preset
            && loaded.is_3d()
        {
            loaded.view3d.set_preset(preset);
        }
        if let Some(message) = error {
            loaded.tools.notice = Some(message);
        }
        if first_time
            && (!loaded.tools.settings.bookmarks.is_empty() || loaded.tools.notice.is_some())
        {
            look.bookmarks_open = true;
        }
        loaded.tools.save_if_changed(&self.store, path);
    }
}
