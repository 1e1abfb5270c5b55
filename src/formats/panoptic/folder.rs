//! A folder of Panoptic frame files read as one clip.

use std::path::{Path, PathBuf};

use super::{parse, to_clip};
use crate::formats::sniff::{self, Sniffed};
use crate::formats::{LoadError, SNIFF_BYTES};
use crate::model::{Clip, ClipMeta, FormatId};

/// The frame files of `dir`: its `.json` files (only the `body3DScene` ones when there are
/// any), ordered by the last number in their names, then by name.
fn frame_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, e))?;
    let mut files: Vec<(Option<u64>, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| LoadError::io(dir, e))?.path();
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json && path.is_file() {
            files.push((last_number(&path), path));
        }
    }
    // Beside the frames there may be other JSON (a calibration file): when some names say
    // `body3DScene`, only those are frames.
    let is_frame = |path: &PathBuf| {
        path.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("body3DScene"))
    };
    if files.iter().any(|(_, path)| is_frame(path)) {
        files.retain(|(_, path)| is_frame(path));
    }
    files.sort();
    Ok(files.into_iter().map(|(_, path)| path).collect())
}

/// The last run of digits in a file's stem, e.g. 168 for `body3DScene_00000168.json`.
fn last_number(path: &Path) -> Option<u64> {
    let stem = path.file_stem()?.to_string_lossy();
    let end = stem.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = stem
        .get(..end)?
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    stem.get(start..end)?.parse().ok()
}

/// True when `dir` holds `.json` files and the first of them (in frame order) is a Panoptic
/// body frame.
#[must_use]
pub fn is_frame_folder(dir: &Path) -> bool {
    let Ok(files) = frame_files(dir) else {
        return false;
    };
    files.first().is_some_and(|first| {
        use std::io::Read as _;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        std::fs::File::open(first)
            .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
            .is_ok()
            && sniff::sniff(first, &head) == Sniffed::Format(FormatId::Panoptic)
    })
}

/// Reads a folder of frame files as one clip, in the order of the numbers in their names.
///
/// # Errors
/// When the folder cannot be listed, holds no `.json` file, or a file is malformed (the error
/// names that file).
pub fn read_folder(dir: &Path) -> Result<Clip, LoadError> {
    let files = frame_files(dir)?;
    if files.is_empty() {
        return Err(LoadError::unsupported(
            dir,
            "a folder without `.json` frame files",
        ));
    }
    let mut frames = Vec::with_capacity(files.len());
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| LoadError::io(file, e))?;
        frames.push(parse(&bytes, file)?);
    }
    let mut meta = ClipMeta::new(dir, FormatId::Panoptic);
    let numbers: Vec<Option<u64>> = files.iter().map(|f| last_number(f)).collect();
    let gap = numbers.windows(2).find_map(|pair| match *pair {
        [Some(a), Some(b)] if a.checked_add(1) == Some(b) => None,
        [a, b] => Some((a, b)),
        _ => None,
    });
    if let Some((before, after)) = gap {
        let show = |n: Option<u64>| n.map_or_else(|| "(none)".to_owned(), |n| n.to_string());
        meta.warnings.push(format!(
            "the frame numbers in the file names are not consecutive ({} is followed by {}); \
             the files are shown one after another",
            show(before),
            show(after)
        ));
    }
    meta.details
        .push(("frame files".to_owned(), files.len().to_string()));
    Ok(to_clip(&frames, meta))
}

#[cfg(test)]
mod tests {
    use super::super::tests::frame_json;
    use super::*;

    #[test]
    fn folder_frames_follow_the_numbers_in_the_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, neck) in [
            ("body3DScene_00000010.json", "3, -3, 3, 1"),
            ("body3DScene_00000009.json", "2, -2, 2, 1"),
            ("body3DScene_00000012.json", "4, -4, 4, 1"),
        ] {
            std::fs::write(dir.path().join(name), frame_json("1", neck)).expect("write");
        }
        std::fs::write(dir.path().join("notes.txt"), "not a frame").expect("write");
        std::fs::write(dir.path().join("calibration_1.json"), "{}").expect("write");
        assert!(is_frame_folder(dir.path()));
        let clip = read_folder(dir.path()).expect("reads");
        assert_eq!(clip.frame_count(), 3);
        let neck = |f: usize| {
            clip.poses
                .frame(f)
                .and_then(|f| f.person(0))
                .and_then(|p| p.joint(0))
        };
        assert_eq!(neck(0), Some([2.0, -2.0, 2.0]));
        assert_eq!(neck(2), Some([4.0, -4.0, 4.0]));
        assert_eq!(clip.meta.warnings.len(), 1, "{:?}", clip.meta.warnings);
        assert!(clip.meta.warnings[0].contains("10 is followed by 12"));
        assert_eq!(last_number(Path::new("a7b_0012.json")), Some(12));
        assert_eq!(last_number(Path::new("frame.json")), None);
    }
}
