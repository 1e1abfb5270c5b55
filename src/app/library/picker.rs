//! Asking the user for a folder: the native dialog behind a trait so tests inject a path.

use std::path::PathBuf;

/// Asks the user which folder to open.
pub trait FolderPicker {
    /// A folder, or `None` when cancelled (or no dialog can be shown).
    fn pick_folder(&mut self) -> Option<PathBuf>;
}

/// The native folder dialog (xdg-desktop-portal on Linux; `None` when there is none).
#[derive(Debug, Default)]
pub struct NativeFolderPicker;

impl FolderPicker for NativeFolderPicker {
    fn pick_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open a folder of clips")
            .pick_folder()
    }
}
