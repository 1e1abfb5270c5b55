//! Finding pose files in a folder: every file whose content `formats::detect` recognises.
//!
//! The walk is recursive to [`MAX_DEPTH`] folders below the one given, skips hidden entries
//! (names starting with `.`), does not follow links to folders (no cycles), and stops after
//! [`MAX_ENTRIES`] entries so a mistaken `posedeck ~` does not read a whole disk. A folder holding
//! several OpenPose per-frame files is one clip, so the folder is listed instead of its files.

use std::path::{Path, PathBuf};

use crate::formats::{self, LoadError};
use crate::model::FormatId;

/// Deepest folder level visited below the given one.
pub const MAX_DEPTH: usize = 6;

/// Most directory entries looked at in one scan.
pub const MAX_ENTRIES: usize = 50_000;

/// What a file's content says it is.
enum Recognised {
    /// A pose format posedeck reads.
    Format(FormatId),
    /// A format posedeck recognises but cannot read yet (listed so the reason shows).
    Unsupported,
    /// Not pose data.
    No,
}

fn recognise(path: &Path) -> Recognised {
    match formats::detect(path) {
        Ok(format) => Recognised::Format(format),
        Err(LoadError::Unsupported { .. }) => Recognised::Unsupported,
        Err(_) => Recognised::No,
    }
}

/// The pose files under `dir`, sorted by path.
#[must_use]
pub fn scan(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut budget = MAX_ENTRIES;
    walk(dir, 0, &mut budget, &mut found);
    found.sort();
    found
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn walk(dir: &Path, depth: usize, budget: &mut usize, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // `file_type` does not follow links: a link to a folder is skipped, to a file is read.
        let is_dir = kind.is_dir();
        let is_file = kind.is_file() || (kind.is_symlink() && path.is_file());
        if is_dir || is_file {
            paths.push((path, is_dir));
        }
    }
    paths.sort();
    let mut openpose_frames = Vec::new();
    for (path, is_dir) in paths {
        if is_dir {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, budget, found);
            }
        } else {
            match recognise(&path) {
                Recognised::Format(FormatId::OpenPose) => openpose_frames.push(path),
                Recognised::Format(_) | Recognised::Unsupported => found.push(path),
                Recognised::No => {}
            }
        }
    }
    if openpose_frames.len() > 1 {
        found.push(dir.to_path_buf());
    } else {
        found.extend(openpose_frames);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pose_files_by_content_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("b.bvh"), "HIERARCHY\nROOT Hips\n").unwrap();
        std::fs::write(root.join("notes.txt"), "hello").unwrap();
        std::fs::write(root.join("renamed.dat"), "HIERARCHY\n").unwrap();
        std::fs::write(root.join(".hidden.bvh"), "HIERARCHY\n").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.npy"), b"\x93NUMPY\x01\x00").unwrap();
        let found = scan(root);
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["b.bvh", "renamed.dat", "sub/a.npy"]);
    }

    #[test]
    fn an_openpose_frame_folder_is_one_clip() {
        let dir = tempfile::tempdir().unwrap();
        let frames = dir.path().join("run");
        std::fs::create_dir(&frames).unwrap();
        for i in 0..3 {
            let name = format!("run_{i:012}_keypoints.json");
            std::fs::write(frames.join(name), r#"{"version":1.3,"people":[]}"#).unwrap();
        }
        assert_eq!(scan(dir.path()), vec![frames]);
    }

    #[test]
    fn depth_is_limited() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for i in 0..=MAX_DEPTH + 1 {
            deep.push(format!("d{i}"));
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("x.bvh"), "HIERARCHY\n").unwrap();
        assert!(scan(dir.path()).is_empty());
    }

    #[test]
    fn a_missing_folder_gives_nothing() {
        assert!(scan(Path::new("/definitely/not/here")).is_empty());
    }
}
