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

/// The sample clips in `dir`, with the walk first: it is the clip a first-time user should see.
#[must_use]
pub fn samples_walk_first(dir: &Path) -> Vec<PathBuf> {
    let mut files = crate::library::scan::scan(dir);
    files.sort_by_key(|p| p.file_name().is_none_or(|n| n != "walk.bvh"));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_comes_first() {
        let dir = find_assets().expect("the crate has assets/");
        let files = samples_walk_first(&dir);
        assert!(files.len() >= 10, "{files:?}");
        assert_eq!(
            files.first().and_then(|p| p.file_name()),
            Some(std::ffi::OsStr::new("walk.bvh"))
        );
    }
}
