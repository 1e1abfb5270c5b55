//! MediaPipe pose landmarks in JSON or CSV. MediaPipe has no file format of its own; these are
//! the dump shapes posedeck accepts (anything else is refused with a message saying why).
//!
//! # JSON ([`json`])
//! - Root: a list of frames, an object with a `frames` list, or one frame object. The root
//!   object may give `fps` (or `frame_rate`, `frame_rate_hz`) and `image_width` /
//!   `image_height` (or `width` / `height`) in pixels.
//! - Frame: an object with landmarks under `pose_world_landmarks` or `world_landmarks`
//!   (world), or `pose_landmarks`, `landmarks` or `normalized_landmarks` (normalised); or the
//!   landmark value itself (a list), or `null` (no pose). When any frame has world landmarks
//!   the world ones are read and the normalised ones ignored. Optional `frame` (or
//!   `frame_index`, `frame_idx`) and `timestamp_ms`.
//! - Landmark value: a list of landmarks (one pose), a list of such lists (several poses, as
//!   the Tasks API's `PoseLandmarkerResult`), an object `{"landmark": [...]}` (protobuf JSON
//!   of the legacy Solutions API) or a list of those; `null` or `[]` = no pose.
//! - Landmark: `{"x", "y", "z", "visibility", "presence"}` (absent coordinates are 0, as
//!   protobuf JSON omits zeros; `null` = missing) or a list `[x, y, z?, visibility?,
//!   presence?]`.
//!
//! # CSV ([`csv`]), comma-separated with a header row
//! - Long: one row per landmark, columns `frame` (or `frame_index`, `frame_idx`, `frame_id`),
//!   a landmark column (`landmark`, `landmark_id`, `landmark_index`, `id`, `index`, `keypoint`,
//!   `joint`, `name`) holding 0..32 or a landmark name (`LEFT_HIP`, `PoseLandmark.LEFT_HIP`),
//!   `x`, `y`, optional `z`, `visibility`, `presence`, `person` (or `pose`, `person_id`,
//!   `pose_index`), `timestamp_ms` or `time_s`.
//! - Wide: one row per frame, coordinate columns `x0`, `x_0`, `x00`, `nose_x`, `left_hip_z`,
//!   ... for axes `x`, `y`, `z`, `v` / `visibility`, `presence` and landmarks 0..32 (or their
//!   names), optional `frame` and time columns.
//!
//! # What the numbers become
//! - **World landmarks** (metres, origin midway between the hips, axes as the image: x right,
//!   y down, z away from the camera, per google-ai-edge/mediapipe issue 4205): a 3D clip,
//!   [`Units::M`], up = `-Y`.
//! - **Normalised landmarks** (x, y in 0..1 of the image width and height): a 2D image clip,
//!   y down; in pixels when the JSON root gives the image size, otherwise in normalised units
//!   ([`Units::Unknown`]). Their `z` (depth relative to the hips, "roughly the scale of x",
//!   re-centred every frame) is dropped: for 3D use the world landmarks.
//! - Which one a file holds: the key (`pose_world_landmarks`) says so; for `landmarks` keys and
//!   CSV files, the data decides: world landmarks have their origin midway between the hips,
//!   so when both hips of the first pose lie within 0.02 of the origin in x and y the file is
//!   read as world (a file name containing `world` says so too).
//! - Confidence: `visibility` when the file has it, else `presence`. A frame's poses are in
//!   file order; MediaPipe does not track people, so there are no track ids.
//! - 33 landmarks use the MediaPipe-33 layout; JSON poses of another size load as unnamed
//!   points with a warning.
//!
//! Hand-written: no crate reads these ad-hoc dumps; JSON parsing uses `serde_json`, and the
//! CSV dialect (commas, optional double quotes) is simple enough not to need a CSV crate.

pub mod csv;
pub mod json;

use std::path::Path;

use super::LoadError;
use crate::model::{
    Clip, ClipMeta, FormatId, Layout, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

/// Number of pose landmarks in the MediaPipe pose model.
pub const POSE_LANDMARKS: usize = 33;

/// Indices of the left and right hip landmarks.
const HIPS: [usize; 2] = [23, 24];

/// How close to the origin (in file units) both hips must be for landmarks to count as world.
const WORLD_HIP_TOLERANCE: f32 = 0.02;

pub use csv::looks_like_csv_header;

/// Reads MediaPipe landmarks from JSON (content starting with `{` or `[`) or CSV.
///
/// # Errors
/// When the content matches none of the accepted shapes; the error names the JSON path or the
/// CSV line.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let text_start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    let collected = match text_start {
        Some(b'{' | b'[') => json::parse(bytes, path)?,
        _ => csv::parse(bytes, path)?,
    };
    Ok(build_clip(collected, path))
}

/// Which kind of landmarks a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// World landmarks: metres, origin between the hips.
    World,
    /// Normalised image landmarks.
    Normalised,
    /// Not said by the file: decided from the data.
    Unsure,
}

/// One pose as read: `landmarks × 3` coordinates (NaN = missing), visibility and presence per
/// landmark (NaN when the file has none).
#[derive(Clone, Debug, PartialEq)]
pub struct Pose {
    /// `x, y, z` per landmark.
    pub coords: Vec<f32>,
    /// Visibility per landmark.
    pub visibility: Vec<f32>,
    /// Presence per landmark.
    pub presence: Vec<f32>,
}

impl Pose {
    /// A pose of `landmarks` missing landmarks.
    #[must_use]
    pub fn missing(landmarks: usize) -> Self {
        Self {
            coords: vec![f32::NAN; landmarks * 3],
            visibility: vec![f32::NAN; landmarks],
            presence: vec![f32::NAN; landmarks],
        }
    }

    /// Landmark `index` as `[x, y, z]`, when all three are finite.
    fn landmark(&self, index: usize) -> Option<[f32; 3]> {
        let xyz = self.coords.get(index * 3..index * 3 + 3)?;
        xyz.iter()
            .all(|v| v.is_finite())
            .then(|| [xyz[0], xyz[1], xyz[2]])
    }
}

/// Everything a parser found, before it becomes a clip.
#[derive(Clone, Debug, PartialEq)]
pub struct Collected {
    /// Poses per frame.
    pub frames: Vec<Vec<Pose>>,
    /// Landmarks per pose.
    pub landmarks: usize,
    /// World or normalised, when the file says.
    pub kind: Kind,
    /// True when some landmark has a visibility.
    pub has_visibility: bool,
    /// True when some landmark has a presence.
    pub has_presence: bool,
    /// Frame rate, declared or estimated from timestamps.
    pub frame_rate_hz: Option<f64>,
    /// Image width and height in pixels, when the file gives them.
    pub image_size_px: Option<(f32, f32)>,
    /// Format-specific facts for `meta.details`.
    pub details: Vec<(String, String)>,
    /// Recoverable oddities.
    pub warnings: Vec<String>,
}

/// True when both hips of the first pose that has them lie at the origin (world landmarks).
fn hips_at_origin(frames: &[Vec<Pose>]) -> bool {
    let hips = frames.iter().flatten().find_map(|pose| {
        let left = pose.landmark(HIPS[0])?;
        let right = pose.landmark(HIPS[1])?;
        Some((left, right))
    });
    hips.is_some_and(|(left, right)| {
        (0..2).all(|d| {
            let mid = f32::midpoint(left[d], right[d]);
            mid.abs() < WORLD_HIP_TOLERANCE
        })
    })
}

/// Turns parsed landmarks into a clip.
fn build_clip(collected: Collected, path: &Path) -> Clip {
    let Collected {
        frames,
        landmarks,
        kind,
        has_visibility,
        has_presence,
        frame_rate_hz,
        image_size_px,
        details,
        warnings,
    } = collected;
    let mut meta = ClipMeta::new(path, FormatId::MediaPipe);
    meta.warnings = warnings;
    meta.details = details;
    let world = match kind {
        Kind::World => true,
        Kind::Normalised => false,
        Kind::Unsure => {
            let by_name = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().contains("world"));
            by_name || (landmarks == POSE_LANDMARKS && hips_at_origin(&frames))
        }
    };
    let (dims, space, scale) = if world {
        meta.details.push((
            "landmarks".to_owned(),
            "world (metres, origin between the hips, y down)".to_owned(),
        ));
        (3, Space::world(Units::M, UpAxis::NegY), [1.0, 1.0])
    } else if let Some((width, height)) = image_size_px {
        meta.details.push((
            "landmarks".to_owned(),
            format!("normalised, scaled to a {width} × {height} px image; z dropped"),
        ));
        (2, Space::image_px(), [width, height])
    } else {
        meta.details.push((
            "landmarks".to_owned(),
            "normalised image coordinates (0..1 of width and height); z dropped".to_owned(),
        ));
        let space = Space {
            units: Units::Unknown,
            ..Space::image_px()
        };
        (2, space, [1.0, 1.0])
    };
    let skeleton = if landmarks == POSE_LANDMARKS {
        LayoutId::MediaPipe33
            .layout()
            .map_or_else(|| Skeleton::unnamed(landmarks), Layout::skeleton)
    } else {
        meta.warnings.push(format!(
            "Poses have {landmarks} landmarks, not the 33 of the MediaPipe pose model; shown as \
             unnamed points."
        ));
        Skeleton::unnamed(landmarks)
    };
    let with_confidence = has_visibility || has_presence;
    let mut builder = PosesBuilder::new(landmarks, dims, with_confidence, false);
    let mut coords = Vec::with_capacity(landmarks * dims);
    for poses in &frames {
        builder.begin_frame();
        for pose in poses {
            coords.clear();
            for xyz in pose.coords.chunks_exact(3) {
                let present = xyz.iter().take(dims).all(|v| v.is_finite());
                for (d, &value) in xyz.iter().take(dims).enumerate() {
                    let factor = scale.get(d).copied().unwrap_or(1.0);
                    coords.push(if present { value * factor } else { f32::NAN });
                }
            }
            let confidence = if has_visibility {
                Some(pose.visibility.as_slice())
            } else if has_presence {
                Some(pose.presence.as_slice())
            } else {
                None
            };
            builder.push_person(&coords, confidence, None);
        }
    }
    Clip::new(skeleton, frame_rate_hz, space, builder.finish(), meta)
}

/// Frame rate from per-frame timestamps in seconds (first to last), when they increase.
fn rate_from_times_s(times_s: &[Option<f64>]) -> Option<f64> {
    let known: Vec<f64> = times_s.iter().flatten().copied().collect();
    let (&first, &last) = (known.first()?, known.last()?);
    let span = last - first;
    (known.len() >= 2 && span > 0.0 && span.is_finite())
        .then(|| (known.len() - 1) as f64 / span)
        .filter(|r| r.is_finite() && *r > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pose_with_hips(left: [f32; 3], right: [f32; 3]) -> Pose {
        let mut pose = Pose::missing(POSE_LANDMARKS);
        pose.coords[69..72].copy_from_slice(&left);
        pose.coords[72..75].copy_from_slice(&right);
        pose
    }

    fn collected(frames: Vec<Vec<Pose>>, kind: Kind) -> Collected {
        Collected {
            frames,
            landmarks: POSE_LANDMARKS,
            kind,
            has_visibility: false,
            has_presence: false,
            frame_rate_hz: None,
            image_size_px: None,
            details: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn hips_at_the_origin_mean_world_landmarks() {
        let world = vec![vec![pose_with_hips([0.1, 0.0, 0.0], [-0.1, 0.01, 0.0])]];
        assert!(hips_at_origin(&world));
        let image = vec![vec![pose_with_hips([0.55, 0.6, 0.0], [0.45, 0.6, 0.0])]];
        assert!(!hips_at_origin(&image));
        let clip = build_clip(collected(world, Kind::Unsure), Path::new("a.json"));
        assert_eq!(clip.space, Space::world(Units::M, UpAxis::NegY));
        let clip = build_clip(collected(image.clone(), Kind::Unsure), Path::new("a.json"));
        assert_eq!((clip.space.dims, clip.space.units), (2, Units::Unknown));
        let clip = build_clip(collected(image, Kind::Unsure), Path::new("run_world.csv"));
        assert!(clip.space.is_3d(), "the file name says world");
    }

    #[test]
    fn normalised_landmarks_scale_to_the_image_size() {
        let frames = vec![vec![pose_with_hips([0.5, 0.25, 0.3], [0.25, 0.5, 0.3])]];
        let mut c = collected(frames, Kind::Normalised);
        c.image_size_px = Some((640.0, 480.0));
        let clip = build_clip(c, Path::new("a.json"));
        assert_eq!(clip.space, Space::image_px());
        assert_eq!(clip.skeleton.layout(), LayoutId::MediaPipe33);
        let person = clip.poses.frame(0).and_then(|f| f.person(0)).expect("pose");
        assert_eq!(person.joint(23), Some([320.0, 120.0, 0.0]));
        assert_eq!(person.joint(24), Some([160.0, 240.0, 0.0]));
        assert_eq!(person.joint(0), None);
        assert!(person.confidence.is_none());
    }

    #[test]
    fn frame_rate_from_timestamps() {
        assert_eq!(
            rate_from_times_s(&[Some(0.0), Some(0.5), Some(1.0)]),
            Some(2.0)
        );
        assert_eq!(rate_from_times_s(&[Some(1.0)]), None);
        assert_eq!(rate_from_times_s(&[Some(1.0), Some(1.0)]), None);
        assert_eq!(rate_from_times_s(&[]), None);
    }
}
