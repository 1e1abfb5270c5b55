//! Reading one candidate: its bytes once from disk, the clip's facts and card pictures, then
//! the clip is dropped (the library keeps metadata and thumbnails, never whole clips).

use std::path::Path;

use crate::formats::{
    self,
    sniff::{self, Sniffed},
};
use crate::model::FormatId;
use crate::render::TextPainter;

use super::record::{ClipFacts, ClipRecord, Status};
use super::thumbnail;
use super::walk::Candidate;

/// What one candidate turned out to be.
#[derive(Debug)]
pub enum Outcome {
    /// Not pose data: left out.
    NotPose,
    /// A clip (or a file that looks like one but failed) with its thumbnail (PNG) when it
    /// loaded.
    Clip(Box<ClipRecord>, Option<Vec<u8>>),
}

/// Reads `candidate` found under `root`; with `text`, draws its thumbnail too.
#[must_use]
pub fn read(root: &Path, candidate: &Candidate, text: Option<&mut TextPainter>) -> Outcome {
    let path = &candidate.path;
    // The format the content names, for a failure's card (a parse error names it too).
    let mut sniffed = None;
    let loaded = if candidate.is_frame_folder {
        sniffed = Some(FormatId::OpenPose);
        formats::load(path).map(Some)
    } else {
        match std::fs::read(path) {
            Ok(bytes) => {
                let head = bytes.get(..formats::SNIFF_BYTES).unwrap_or(&bytes);
                if let Sniffed::Format(format) = sniff::sniff(path, head) {
                    sniffed = Some(format);
                }
                formats::from_bytes::load_bytes(path, &bytes)
            }
            Err(e) => Err(formats::LoadError::io(path, e)),
        }
    };
    let record = |format, status| ClipRecord::new(root, path, candidate.size_bytes, format, status);
    match loaded {
        Ok(None) => Outcome::NotPose,
        Ok(Some(clip)) => {
            let format = Some(clip.meta.format);
            let pictures = text.and_then(|t| thumbnail::draw_thumbnail(&clip, t).ok());
            Outcome::Clip(
                Box::new(record(format, Status::Ok(ClipFacts::of(&clip)))),
                pictures,
            )
        }
        Err(error) => {
            let format = match &error {
                formats::LoadError::Parse { format, .. } => Some(*format),
                _ => sniffed,
            };
            Outcome::Clip(
                Box::new(record(format, Status::Failed(error.to_string()))),
                None,
            )
        }
    }
}
