//! The library's walk: every file under a folder as a candidate clip, with its size and
//! modification time (from the directory listing and `stat`, nothing read), and each OpenPose
//! frame folder as one candidate made of its frame files.
//!
//! Same rules as [`mod@super::scan`]: recursive to [`MAX_DEPTH`], hidden entries skipped, links to
//! folders not followed, at most [`MAX_ENTRIES`] entries.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use crate::formats::openpose;

pub use super::scan::{MAX_DEPTH, MAX_ENTRIES};

/// A file or frame folder that may be a clip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The file, or the frame folder.
    pub path: PathBuf,
    /// Bytes (all frame files for a folder).
    pub size_bytes: u64,
    /// Last modification, nanoseconds since 1970 (the latest of the frame files and the
    /// folder itself, so adding or removing a frame counts as a change).
    pub mtime_ns: i64,
    /// Whether this is an OpenPose frame folder.
    pub is_frame_folder: bool,
    /// Number of files it stands for.
    pub files: usize,
}

fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Walks `root`, calling `found` with each candidate in path order, until `cancel` is set.
pub fn walk(root: &Path, cancel: &AtomicBool, found: &mut dyn FnMut(Candidate)) {
    let mut budget = MAX_ENTRIES;
    if root.is_file() {
        if let Ok(meta) = std::fs::metadata(root) {
            found(file_candidate(root.to_path_buf(), &meta));
        }
        return;
    }
    walk_dir(root, 0, &mut budget, cancel, found);
}

fn file_candidate(path: PathBuf, meta: &std::fs::Metadata) -> Candidate {
    Candidate {
        path,
        size_bytes: meta.len(),
        mtime_ns: mtime_ns(meta),
        is_frame_folder: false,
        files: 1,
    }
}

fn walk_dir(
    dir: &Path,
    depth: usize,
    budget: &mut usize,
    cancel: &AtomicBool,
    found: &mut dyn FnMut(Candidate),
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(PathBuf, std::fs::Metadata)> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        if *budget == 0 || cancel.load(Ordering::Relaxed) {
            break;
        }
        *budget -= 1;
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            dirs.push(path);
        } else if kind.is_file() || kind.is_symlink() {
            // `metadata` follows a link to a file; a link to a folder is skipped.
            if let Ok(meta) = std::fs::metadata(&path)
                && meta.is_file()
            {
                files.push((path, meta));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    dirs.sort();
    // Several .json files that start like OpenPose frames make one clip.
    let json = files.iter().filter(|(p, _)| is_json(p)).count();
    let frame_folder = json > 1 && openpose::detect_folder(dir).is_ok();
    if frame_folder {
        let listing = openpose::folder::list(dir)
            .map(|l| l.files)
            .unwrap_or_default();
        let members: Vec<&(PathBuf, std::fs::Metadata)> =
            files.iter().filter(|(p, _)| listing.contains(p)).collect();
        let folder_mtime = std::fs::metadata(dir).map_or(0, |m| mtime_ns(&m));
        found(Candidate {
            path: dir.to_path_buf(),
            size_bytes: members.iter().map(|(_, m)| m.len()).sum(),
            mtime_ns: members
                .iter()
                .map(|(_, m)| mtime_ns(m))
                .max()
                .unwrap_or(0)
                .max(folder_mtime),
            is_frame_folder: true,
            files: members.len(),
        });
        files.retain(|(p, _)| !listing.contains(p));
    }
    for (path, meta) in files {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        found(file_candidate(path, &meta));
    }
    if depth < MAX_DEPTH {
        for sub in dirs {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            walk_dir(&sub, depth + 1, budget, cancel, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(root: &Path) -> Vec<Candidate> {
        let mut out = Vec::new();
        walk(root, &AtomicBool::new(false), &mut |c| out.push(c));
        out
    }

    #[test]
    fn lists_files_with_sizes_and_one_candidate_per_frame_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.bvh"), "HIERARCHY\n").unwrap();
        std::fs::write(root.join(".hidden"), "x").unwrap();
        let run = root.join("run");
        std::fs::create_dir(&run).unwrap();
        for i in 0..3 {
            let name = format!("run_{i:012}_keypoints.json");
            std::fs::write(run.join(name), r#"{"version":1.3,"people":[]}"#).unwrap();
        }
        std::fs::write(run.join("notes.txt"), "hi").unwrap();
        let found = collect(root);
        let paths: Vec<&Path> = found.iter().map(|c| c.path.as_path()).collect();
        assert_eq!(
            paths,
            [root.join("a.bvh"), run.clone(), run.join("notes.txt")]
        );
        assert_eq!(found[0].size_bytes, 10);
        assert!(found[1].is_frame_folder);
        assert_eq!(found[1].files, 3);
        assert_eq!(found[1].size_bytes, 3 * 27);
    }

    #[test]
    fn stops_when_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.bvh"), "HIERARCHY\n").unwrap();
        let mut count = 0;
        walk(dir.path(), &AtomicBool::new(true), &mut |_| count += 1);
        assert_eq!(count, 0);
    }
}
