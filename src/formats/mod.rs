//! File readers (and the writers the sample generator needs). Each reader turns one file (or one
//! folder of per-frame files) into a [`Clip`]. No egui, no threads.

pub mod atomic;
pub mod bvh;
pub mod c3d;
pub mod chunked;
pub mod coco;
pub mod csv_export;
pub mod dlc;
pub mod error;
pub mod from_bytes;
pub mod hdf5;
pub mod json_path;
pub mod keypoint_tuples;
pub mod mapped;
pub mod mediapipe;
pub mod npy;
pub mod npz;
pub mod ntu;
pub mod openpose;
pub mod panoptic;
pub mod pose_format;
pub mod scan;
pub mod sleap;
pub mod sniff;
pub mod trc;

use std::io::Read;
use std::path::Path;

pub use error::{LoadError, Location};
use sniff::Sniffed;

use crate::model::{Clip, ClipMeta, ClipOutline, FormatId, LayoutId, Skeleton, Space, UpAxis};

/// How many bytes [`detect`] reads to recognise a format.
pub const SNIFF_BYTES: usize = 4096;

/// Choices the user made that override what the file says or what the reader guessed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Use this skeleton layout (when its joint count matches the file's).
    pub layout: Option<LayoutId>,
    /// Use this up axis.
    pub up: Option<UpAxis>,
}

/// Detects the format of `path` from its content (and, for a few formats, its extension). A
/// folder of CMU Panoptic frames is one Panoptic clip; a folder, or a file pattern with `*`, is an
/// OpenPose frame sequence when its `.json` files start like OpenPose frames.
///
/// An HDF5 file is a SLEAP or DeepLabCut file by what it holds (see [`hdf5::detect`]).
///
/// # Errors
/// When the file cannot be read or is not a recognised pose format.
pub fn detect(path: &Path) -> Result<FormatId, LoadError> {
    if path.is_dir() && panoptic::is_frame_folder(path) {
        return Ok(FormatId::Panoptic);
    }
    if path.is_dir() || openpose::folder::is_pattern(path) {
        // A folder (or a `*` pattern) of .json files is an OpenPose frame sequence.
        return openpose::detect_folder(path).map(|()| FormatId::OpenPose);
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| LoadError::io(path, e))?;
    match sniff::sniff(path, &head) {
        Sniffed::Format(format) => Ok(format),
        Sniffed::Hdf5 => hdf5::detect(path),
        Sniffed::Unknown => Err(LoadError::UnknownFormat {
            path: path.to_path_buf(),
            hint: describe_head(&head),
        }),
    }
}

/// A short description of unrecognised content for the error message.
fn describe_head(head: &[u8]) -> String {
    if head.is_empty() {
        return "the file is empty".to_owned();
    }
    let text: String = head
        .iter()
        .take(24)
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        })
        .collect();
    format!("it starts with `{text}`")
}

/// Loads a clip with default options.
///
/// # Errors
/// See [`load_with`].
pub fn load(path: &Path) -> Result<Clip, LoadError> {
    load_with(path, &LoadOptions::default())
}

/// Loads the clip at `path` (a file, or a folder of per-frame files) and applies `options`.
///
/// # Errors
/// When the file cannot be read, its format is not recognised or not supported, or it is
/// malformed; the error names the file and, where known, the line, byte offset or JSON path.
pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Clip, LoadError> {
    if path.is_dir() && panoptic::is_frame_folder(path) {
        let mut clip = panoptic::read_folder(path)?;
        apply_options(&mut clip, options);
        return Ok(clip);
    }
    if path.is_dir() || openpose::folder::is_pattern(path) {
        let mut clip = openpose::read_folder(path)?;
        apply_options(&mut clip, options);
        return Ok(clip);
    }
    if let Some(source) = open_chunked(path)? {
        // Large files are indexed, then parsed a chunk at a time on every core.
        let mut clip = chunked::read_clip(source.as_ref())?;
        apply_options(&mut clip, options);
        return Ok(clip);
    }
    let format = detect(path)?;
    // Mapped, not read: a large file is never copied into fresh memory before it is parsed.
    let bytes = mapped::map_file(path)?;
    let mut clip = from_bytes::read_as(format, &bytes, path)?;
    apply_options(&mut clip, options);
    Ok(clip)
}

/// What `info` reports about `path`: for a format read in chunks, its outline (header and frame
/// index) when that is final, so the frames are never parsed; else the whole clip's outline.
///
/// # Errors
/// As [`load_with`].
pub fn outline_with(path: &Path, options: &LoadOptions) -> Result<ClipOutline, LoadError> {
    // A folder's outline needs every file (people, warnings): it is read whole.
    let is_folder = path.is_dir() || openpose::folder::is_pattern(path);
    if !is_folder
        && let Some(source) = open_chunked(path)?
        && source.outline_is_final()
    {
        let mut outline = source.outline().clone();
        let joints = outline.skeleton.joint_count();
        apply_to(
            &mut outline.skeleton,
            &mut outline.space,
            &mut outline.meta,
            joints,
            *options,
        );
        return Ok(outline);
    }
    load_with(path, options).map(|clip| clip.outline())
}

/// Opens `path` for chunked reading when its format is read that way (see [`chunked`]): a file
/// of such a format, or an OpenPose frame folder (see [`openpose::open_chunked`]); `Ok(None)`
/// for Panoptic folders and formats read whole.
///
/// # Errors
/// When the file cannot be read, its format is not recognised, or its header or frame index
/// is malformed.
pub fn open_chunked(path: &Path) -> Result<Option<Box<dyn chunked::ChunkedSource>>, LoadError> {
    if path.is_dir() && panoptic::is_frame_folder(path) {
        return Ok(None);
    }
    if path.is_dir() || openpose::folder::is_pattern(path) {
        // A folder of OpenPose frames: shown from its first files while the rest are read.
        return openpose::open_chunked(path);
    }
    chunked::open(path, detect(path)?)
}

/// [`open_chunked`] for the viewer: the C3D and NPY readers open without their pass over every
/// value (see [`c3d::open_for_viewing`], [`npy::open_for_viewing`]), so the first frame is
/// shown sooner; their outline is then not final, and `finish` gives the clip [`load`] gives.
/// `info` ([`outline_with`]) keeps the full pass.
///
/// # Errors
/// As [`open_chunked`].
pub fn open_for_viewing(path: &Path) -> Result<Option<Box<dyn chunked::ChunkedSource>>, LoadError> {
    if path.is_dir() || openpose::folder::is_pattern(path) {
        return open_chunked(path);
    }
    match detect(path)? {
        FormatId::C3d => c3d::open_for_viewing(path),
        FormatId::Npy => npy::open_for_viewing(path),
        format => chunked::open(path, format),
    }
}

/// Gives a bare marker cloud (no bones, labels from the file) the bones of the marker set its
/// labels belong to, and says so in the clip's details.
pub fn connect_marker_set(clip: &mut Clip) {
    connect_markers(&mut clip.skeleton, &mut clip.meta);
}

fn connect_markers(skeleton: &mut Skeleton, meta: &mut ClipMeta) {
    if !skeleton.bones().is_empty() || skeleton.layout() != LayoutId::FromFile {
        return;
    }
    if let Some((set, bones)) = crate::model::marker_sets::recognise(skeleton.names()) {
        *skeleton = skeleton.clone().with_bones(bones);
        meta.details
            .push(("marker set".to_owned(), set.label().to_owned()));
    }
}

/// Applies the user's layout and up-axis choices to a loaded clip.
pub fn apply_options(clip: &mut Clip, options: &LoadOptions) {
    let joints = clip.poses.joints();
    apply_to(
        &mut clip.skeleton,
        &mut clip.space,
        &mut clip.meta,
        joints,
        *options,
    );
}

/// [`apply_options`] on the parts of a clip or an outline (`joints` per person).
fn apply_to(
    skeleton: &mut Skeleton,
    space: &mut Space,
    meta: &mut ClipMeta,
    joints: usize,
    options: LoadOptions,
) {
    connect_markers(skeleton, meta);
    if let Some(up) = options.up {
        space.up = up;
        space.up_guessed = false;
    }
    if let Some(layout) = options.layout.and_then(LayoutId::layout)
        && layout.names.len() == joints
    {
        *skeleton = layout.skeleton();
    }
}
