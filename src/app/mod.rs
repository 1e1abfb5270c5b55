//! The eframe viewer (being written).

use std::path::PathBuf;

/// What the command line asked the viewer to do.
#[derive(Clone, Debug, Default)]
pub struct ViewerOptions {
    /// Files and folders to open; empty = the bundled samples in `assets/`.
    pub paths: Vec<PathBuf>,
    /// Save a screenshot of the window to this PNG after the first frames, then quit.
    pub screenshot: Option<PathBuf>,
}

/// Opens the viewer window and runs until it is closed.
///
/// # Errors
/// When the window cannot be created.
pub fn run(options: &ViewerOptions) -> Result<(), String> {
    let _ = options;
    Err("the viewer is being written".to_owned())
}
