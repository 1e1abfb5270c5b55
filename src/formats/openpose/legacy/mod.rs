//! The OpenPose folder reader as it was before the chunked one (test only), and tests that
//! the new reader gives the same clips (poses, confidences, track ids, parts, warnings,
//! details) and the same errors on the shared datasets, the assets and odd folders.

mod assemble;
mod folder;

use std::path::{Path, PathBuf};

use assemble::FrameSource;

use super::{file_name, frame};
use crate::formats::LoadError;
use crate::model::{Clip, ClipMeta, FormatId};

/// The old one-file reader.
fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let frame = frame::parse(bytes, path)?;
    let name = file_name(path);
    let meta = ClipMeta::new(path, FormatId::OpenPose);
    Ok(assemble::assemble(
        &[FrameSource {
            name,
            frame: Some(frame),
        }],
        meta,
    ))
}

/// The old folder reader.
fn read_folder(path: &Path) -> Result<Clip, LoadError> {
    let listing = folder::list(path)?;
    let mut meta = ClipMeta::new(path, FormatId::OpenPose);
    meta.warnings.extend(listing.warnings);
    let mut frames = Vec::with_capacity(listing.files.len());
    let mut first_error: Option<LoadError> = None;
    let mut failures = 0_usize;
    for (source, error) in read_frames(&listing.files) {
        if let Some(error) = error {
            failures += 1;
            first_error.get_or_insert(error);
        }
        frames.push(source);
    }
    if failures == frames.len() {
        return Err(first_error.unwrap_or_else(|| LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "a folder without frame files".into(),
        }));
    }
    let any_people = frames
        .iter()
        .any(|f| f.frame.as_ref().is_some_and(|f| f.people.is_some()));
    if !any_people {
        return Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "none of its .json files has an OpenPose `people` list".into(),
        });
    }
    if let Some(error) = first_error {
        meta.warnings.push(format!(
            "{failures} frame files could not be read and are shown as empty frames (first: {error})"
        ));
    }
    meta.details
        .push(("frame files".into(), listing.files.len().to_string()));
    meta.details.extend(listing.details);
    let mut clip = assemble::assemble(&frames, meta);
    clip.frame_rate_hz = listing.frame_rate_hz;
    Ok(clip)
}

fn read_frames(files: &[PathBuf]) -> Vec<(FrameSource, Option<LoadError>)> {
    files
        .iter()
        .map(|file| {
            let name = file_name(file);
            let parsed = std::fs::read(file)
                .map_err(|e| LoadError::io(file, e))
                .and_then(|bytes| frame::parse(&bytes, file));
            match parsed {
                Ok(frame) => (
                    FrameSource {
                        name,
                        frame: Some(frame),
                    },
                    None,
                ),
                Err(error) => (FrameSource { name, frame: None }, Some(error)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
