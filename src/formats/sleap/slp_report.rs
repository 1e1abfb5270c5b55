//! What a SLEAP project's clip says about the file: the videos of `videos_json`, the details
//! (format version, labeled frames, instances, tracks, videos) and one warning per kind of
//! oddity met while building the poses.

use serde_json::Value;

use super::project::{InstanceRow, LabeledFrame};
use super::skeleton::SkeletonJson;
use super::slp::Counts;
use crate::formats::LoadError;
use crate::formats::hdf5::file::H5;
use crate::model::ClipMeta;

/// A video of `videos_json`.
pub(super) struct Video {
    /// The video file.
    pub filename: Option<String>,
    /// Its frame rate, when stored.
    pub fps_hz: Option<f64>,
}

/// The videos of `videos_json` (none when the dataset is absent).
pub(super) fn videos(h5: &H5) -> Result<Vec<Video>, LoadError> {
    if !h5.root_names()?.1.iter().any(|d| d == "videos_json") {
        return Ok(Vec::new());
    }
    let strings = h5.strings(&h5.dataset("videos_json")?)?;
    Ok(strings
        .iter()
        .map(|text| {
            let json: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            let backend = json.get("backend").unwrap_or(&json);
            Video {
                filename: backend
                    .get("filename")
                    .or_else(|| json.get("filename"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                fps_hz: super::fps(backend),
            }
        })
        .collect())
}

/// Records what the file holds in `meta.details`.
pub(super) fn describe(
    meta: &mut ClipMeta,
    format_id: Option<f64>,
    skeleton: &SkeletonJson,
    (frames, instances): (&[LabeledFrame], &[InstanceRow]),
    order: &[usize],
    tracks: u64,
    videos: &[Video],
) {
    let details = &mut meta.details;
    if let Some(version) = format_id {
        details.push(("format version".to_owned(), version.to_string()));
    }
    if !skeleton.name.is_empty() {
        details.push(("skeleton".to_owned(), skeleton.name.clone()));
    }
    details.push(("labeled frames".to_owned(), frames.len().to_string()));
    let first = order.first().and_then(|&i| frames.get(i));
    let last = order.last().and_then(|&i| frames.get(i));
    if let (Some(first), Some(last)) = (first, last) {
        let span = if first.video == last.video {
            format!("{}–{}", first.frame_idx, last.frame_idx)
        } else {
            format!(
                "video {} frame {} – video {} frame {}",
                first.video, first.frame_idx, last.video, last.frame_idx
            )
        };
        details.push(("frame indices".to_owned(), span));
    }
    let predicted = instances.iter().filter(|i| i.predicted).count();
    details.push((
        "instances".to_owned(),
        format!(
            "{} ({predicted} predicted, {} user)",
            instances.len(),
            instances.len() - predicted
        ),
    ));
    details.push(("tracks".to_owned(), tracks.to_string()));
    details.push(("videos".to_owned(), videos.len().to_string()));
    if let Some(name) = videos.first().and_then(|v| v.filename.clone()) {
        details.push(("video".to_owned(), name));
    }
}

/// Adds one warning per kind of oddity.
pub(super) fn warn(
    warnings: &mut Vec<String>,
    skeleton: &SkeletonJson,
    counts: &Counts,
    frames: &[LabeledFrame],
    videos: &[Video],
) {
    if skeleton.skeletons > 1 {
        warnings.push(format!(
            "the project has {} skeletons; the clip shows the first, and {} instances of the others are left out",
            skeleton.skeletons, counts.other_skeleton
        ));
    } else if counts.other_skeleton > 0 {
        warnings.push(format!(
            "{} instances name a skeleton the project does not define; they are left out",
            counts.other_skeleton
        ));
    }
    if skeleton.dropped_links > 0 {
        warnings.push(format!(
            "{} skeleton edges name a node outside the skeleton; they are not drawn",
            skeleton.dropped_links
        ));
    }
    if counts.unknown_type > 0 {
        warnings.push(format!(
            "{} instances are of an unknown type (neither user nor predicted); they are left out",
            counts.unknown_type
        ));
    }
    if counts.wrong_point_count > 0 {
        warnings.push(format!(
            "{} instances do not have one point per skeleton node; absent points are missing and extra ones ignored",
            counts.wrong_point_count
        ));
    }
    let mut video_ids: Vec<i64> = frames.iter().map(|f| f.video).collect();
    video_ids.sort_unstable();
    video_ids.dedup();
    if video_ids.len() > 1 {
        warnings.push(format!(
            "the labeled frames come from {} videos; the clip shows them video after video",
            video_ids.len()
        ));
    }
    let rates: Vec<f64> = videos.iter().filter_map(|v| v.fps_hz).collect();
    if rates.windows(2).any(|w| w.first() != w.last()) {
        warnings.push("the videos have different frame rates; the clip uses the first".to_owned());
    }
}
