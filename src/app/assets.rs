//! Where the bundled sample clips are: `assets/` beside the current folder, the executable, or
//! the crate's source.

use std::path::{Path, PathBuf};

/// The first `assets` folder that exists among: the current folder, the executable's folder,
/// and the crate's source folder (for `cargo run`).
#[must_use]
pub fn find_assets() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join("assets"));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join("assets"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"));
    candidates.into_iter().find(|dir| dir.is_dir())
}
