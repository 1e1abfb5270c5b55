//! NumPy `.npz` archives: a ZIP (stored or deflated) of `.npy` members, one per named array.
//!
//! The keypoint array is chosen by a well-known name (`keypoints`, `positions_3d`, `poses`, …),
//! else the first member whose shape reads as poses; the warnings say which one and what else
//! is there. A scalar `fps` / `frame_rate` / `mocap_framerate` member gives the frame rate.
//! Object members (pickles) are refused and never unpickled. Decompressed sizes are bounded by
//! the ZIP's declared sizes and by a cap relative to the file size, so a ZIP bomb is an error.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;

use super::npy::{NpyArray, NpyHeader, clip_from_array, is_pose_like, parse_header};
use super::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId};

/// Array names that hold keypoints, best first.
pub const PREFERRED_NAMES: &[&str] = &[
    "keypoints",
    "keypoints_3d",
    "keypoints3d",
    "positions_3d",
    "pose_3d",
    "poses_3d",
    "joints_3d",
    "joints3d",
    "kpts_3d",
    "pose",
    "poses",
    "joints",
    "kpts",
    "positions",
    "keypoints_2d",
    "keypoints2d",
    "positions_2d",
    "pose_2d",
    "poses_2d",
    "joints_2d",
    "kpts_2d",
    "landmarks",
    "skeleton",
    "data",
    "arr_0",
];

/// Scalar member names that give the frame rate.
const FRAME_RATE_NAMES: &[&str] = &[
    "fps",
    "frame_rate",
    "framerate",
    "frame_rate_hz",
    "mocap_framerate",
    "mocap_frame_rate",
];

/// How much of each member is decompressed to read its header.
const HEAD_BYTES: u64 = 64 * 1024;

/// Decompressed data may be at most this many times the archive size (deflate cannot exceed
/// about 1032:1; real keypoint arrays compress far less) …
const MAX_RATIO: u64 = 200;
/// … or this many bytes, whichever is larger.
const MIN_CAP_BYTES: u64 = 64 * 1024 * 1024;

/// At most this much is reserved before decompressing.
const PREALLOC_BYTES: u64 = 1024 * 1024;

/// One member of the archive and what its header says.
struct Member {
    index: usize,
    name: String,
    key: String,
    declared_size: u64,
    header: Result<NpyHeader, String>,
}

impl Member {
    fn is_pose_like(&self) -> bool {
        self.header.as_ref().is_ok_and(|h| is_pose_like(&h.shape))
    }

    /// `name (shape dtype)` or `name (why it is unreadable)`.
    fn describe(&self) -> String {
        match &self.header {
            Ok(h) => format!("{} {} {}", self.key, h.shape_text(), h.dtype),
            Err(e) => format!("{} ({e})", self.key),
        }
    }
}

/// Reads the keypoint array of a `.npz` archive.
///
/// # Errors
/// When the archive cannot be read, no member holds a pose-shaped numeric array, the chosen
/// member is malformed, or a member would decompress to more than the archive can honestly
/// hold.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let error =
        |location, message: String| LoadError::parse(path, FormatId::Npz, location, message);
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        error(
            Location::Byte(0),
            format!("not a readable ZIP archive: {e}"),
        )
    })?;
    let cap = (bytes.len() as u64)
        .saturating_mul(MAX_RATIO)
        .max(MIN_CAP_BYTES);
    let members = list_members(&mut archive).map_err(|m| error(Location::Whole, m))?;
    let Some(chosen) = choose(&members) else {
        return Err(error(Location::Whole, no_pose_array(&members)));
    };
    let data = read_member(&mut archive, chosen, cap).map_err(|m| error(Location::Whole, m))?;
    let array = NpyArray::parse(&data).map_err(|e| {
        error(
            Location::Whole,
            format!(
                "array `{}`, byte {} of the member: {}",
                chosen.name, e.offset, e.message
            ),
        )
    })?;
    let mut meta = ClipMeta::new(path, FormatId::Npz);
    meta.details.push(("array".to_owned(), chosen.key.clone()));
    let others: Vec<String> = members
        .iter()
        .filter(|m| m.index != chosen.index)
        .map(Member::describe)
        .collect();
    if !others.is_empty() {
        meta.details
            .push(("other arrays".to_owned(), others.join("; ")));
        meta.warnings.push(format!(
            "the archive holds {} arrays; showing `{}`; the others are: {}",
            members.len(),
            chosen.key,
            others.join("; ")
        ));
    }
    let frame_rate_hz = frame_rate(&mut archive, &members, &mut meta);
    let mut clip = clip_from_array(&array, meta).map_err(|e| {
        error(
            Location::Whole,
            format!(
                "array `{}`, byte {} of the member: {}",
                chosen.name, e.offset, e.message
            ),
        )
    })?;
    clip.frame_rate_hz = frame_rate_hz;
    Ok(clip)
}

/// Every file member with its parsed header (from its first [`HEAD_BYTES`] bytes).
fn list_members(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<Vec<Member>, String> {
    let mut members = Vec::new();
    for index in 0..archive.len() {
        let file = archive
            .by_index(index)
            .map_err(|e| format!("cannot open member {index} of the archive: {e}"))?;
        if file.is_dir() {
            continue;
        }
        let name = file
            .name()
            .map_or_else(|_| format!("member {index}"), Cow::into_owned);
        let key = name
            .rsplit('/')
            .next()
            .unwrap_or(&name)
            .trim_end_matches(".npy")
            .to_owned();
        let declared_size = file.size();
        let mut head = Vec::new();
        let header = match file.take(HEAD_BYTES).read_to_end(&mut head) {
            Ok(_) => parse_header(&head).map_err(|e| e.message),
            Err(e) => Err(format!("cannot decompress: {e}")),
        };
        members.push(Member {
            index,
            name,
            key,
            declared_size,
            header,
        });
    }
    Ok(members)
}

/// The keypoint member: a well-known name first, else the first pose-shaped member.
fn choose(members: &[Member]) -> Option<&Member> {
    PREFERRED_NAMES
        .iter()
        .find_map(|want| {
            members
                .iter()
                .find(|m| m.key.eq_ignore_ascii_case(want) && m.is_pose_like())
        })
        .or_else(|| members.iter().find(|m| m.is_pose_like()))
}

/// The error message when no member is a pose array.
fn no_pose_array(members: &[Member]) -> String {
    if members.is_empty() {
        return "the archive holds no arrays".to_owned();
    }
    let mut message = format!(
        "no array in the archive is a pose sequence; {}. The archive holds:",
        super::npy::UNDERSTOOD
    );
    for m in members {
        let _ = write!(message, " {};", m.describe());
    }
    message.pop();
    message
}

/// Decompresses `member` fully, refusing sizes above its declared size or `cap`.
fn read_member(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    member: &Member,
    cap: u64,
) -> Result<Vec<u8>, String> {
    if member.declared_size > cap {
        return Err(format!(
            "array `{}` declares {} bytes uncompressed, more than posedeck accepts from an \
             archive of this size ({cap} bytes); it may be a ZIP bomb",
            member.name, member.declared_size
        ));
    }
    let file = archive
        .by_index(member.index)
        .map_err(|e| format!("cannot open array `{}`: {e}", member.name))?;
    let limit = member.declared_size;
    // Grow as data actually arrives rather than trusting the declared size up front.
    let mut data = Vec::with_capacity(usize::try_from(limit.min(PREALLOC_BYTES)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot decompress array `{}`: {e}", member.name))?;
    if data.len() as u64 != limit {
        return Err(format!(
            "array `{}` decompresses to {}{} bytes but the archive declares {limit}",
            member.name,
            if data.len() as u64 > limit {
                "more than "
            } else {
                ""
            },
            data.len().min(usize::try_from(limit).unwrap_or(usize::MAX))
        ));
    }
    Ok(data)
}

/// The frame rate from a scalar member such as `fps`, when there is one.
fn frame_rate(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    members: &[Member],
    meta: &mut ClipMeta,
) -> Option<f64> {
    let member = members.iter().find(|m| {
        FRAME_RATE_NAMES
            .iter()
            .any(|n| m.key.eq_ignore_ascii_case(n))
            && m.header
                .as_ref()
                .is_ok_and(|h| h.element_count() == Some(1))
    })?;
    let data = read_member(archive, member, HEAD_BYTES).ok()?;
    let array = NpyArray::parse(&data).ok()?;
    let rate = array.to_f64().first().copied()?;
    if rate.is_finite() && rate > 0.0 {
        meta.details.push((
            "frame rate".to_owned(),
            format!("{rate} Hz (from array `{}`)", member.key),
        ));
        Some(rate)
    } else {
        meta.warnings.push(format!(
            "array `{}` gives a frame rate of {rate}, which is ignored",
            member.key
        ));
        None
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::CompressionMethod;
    use zip::write::{SimpleFileOptions, ZipWriter};

    use super::*;
    use crate::formats::npy::{write_f32, write_f64};

    /// A ZIP of `(name, bytes)` members with `method`.
    fn archive(members: &[(&str, Vec<u8>)], method: CompressionMethod) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in members {
            zip.start_file(*name, options).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    /// Two frames of three 2D joints.
    fn keypoints() -> Vec<u8> {
        write_f32(
            &[2, 3, 2],
            &[
                1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0,
            ],
        )
    }

    #[test]
    fn well_known_names_win_in_stored_archives() {
        let bytes = archive(
            &[
                ("other.npy", write_f32(&[1, 4, 3], &[1.0; 12])),
                ("keypoints.npy", keypoints()),
                ("meta.npy", write_f32(&[3], &[0.0; 3])),
            ],
            CompressionMethod::Stored,
        );
        let clip = read(&bytes, Path::new("k.npz")).expect("npz");
        assert_eq!(clip.meta.format, FormatId::Npz);
        assert_eq!(clip.frame_count(), 2);
        assert_eq!(
            clip.poses
                .frame(1)
                .and_then(|f| f.person(0))
                .and_then(|p| p.joint(2)),
            Some([11.0, 12.0, 0.0])
        );
        assert!(
            clip.meta
                .details
                .contains(&("array".into(), "keypoints".into()))
        );
        let warning = clip
            .meta
            .warnings
            .iter()
            .find(|w| w.contains("showing `keypoints`"))
            .expect("warning");
        assert!(
            warning.contains("other (1, 4, 3) <f4; meta (3,) <f4"),
            "{warning}"
        );
        assert_eq!(clip.frame_rate_hz, None);
    }

    #[test]
    fn first_pose_shaped_member_of_a_deflated_archive() {
        let bytes = archive(
            &[
                ("arr_1.npy", write_f32(&[12], &[0.5; 12])),
                ("track.npy", keypoints()),
                ("fps.npy", write_f64(&[], &[50.0])),
            ],
            CompressionMethod::Deflated,
        );
        let clip = read(&bytes, Path::new("d.npz")).expect("npz");
        assert!(
            clip.meta
                .details
                .contains(&("array".into(), "track".into()))
        );
        assert_eq!(clip.frame_rate_hz, Some(50.0));
        assert_eq!(
            clip.poses
                .frame(0)
                .and_then(|f| f.person(0))
                .and_then(|p| p.joint(0)),
            Some([1.0, 2.0, 0.0])
        );
    }

    #[test]
    fn object_members_are_refused_not_unpickled() {
        let mut pickled = b"\x93NUMPY\x01\x00\x76\x00".to_vec();
        pickled.extend_from_slice(b"{'descr': '|O', 'fortran_order': False, 'shape': (), }");
        pickled.resize(127, b' ');
        pickled.push(b'\n');
        pickled.extend_from_slice(b"\x80\x04cos\nsystem\n.");
        let bytes = archive(
            &[
                ("positions_2d.npy", pickled),
                ("metadata.npy", write_f32(&[2], &[0.0; 2])),
            ],
            CompressionMethod::Deflated,
        );
        let err = read(&bytes, Path::new("vp3d.npz")).expect_err("objects");
        let text = err.to_string();
        assert!(
            text.starts_with("vp3d.npz: NPZ: no array in the archive"),
            "{text}"
        );
        assert!(
            text.contains("positions_2d (dtype `|O` holds Python objects"),
            "{text}"
        );
        assert!(text.contains("never unpickles"), "{text}");
        assert!(text.contains("metadata (2,) <f4"), "{text}");
    }

    /// Overwrites the uncompressed size of the first member in the local and central headers.
    fn patch_declared_size(bytes: &mut [u8], size: u32) {
        let find =
            |bytes: &[u8], sig: &[u8]| bytes.windows(4).position(|w| w == sig).expect("signature");
        let local = find(bytes, b"PK\x03\x04");
        bytes[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
        let central = find(bytes, b"PK\x01\x02");
        bytes[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
    }

    #[test]
    fn declared_sizes_bound_decompression() {
        let zeros = write_f32(&[200, 17, 3], &vec![0.0; 200 * 17 * 3]);
        let clean = archive(
            &[("keypoints.npy", zeros.clone())],
            CompressionMethod::Deflated,
        );
        assert!(clean.len() < zeros.len() / 10, "zeros compress well");
        let mut bomb = clean.clone();
        patch_declared_size(&mut bomb, u32::MAX);
        let err = read(&bomb, Path::new("bomb.npz"))
            .expect_err("bomb")
            .to_string();
        assert!(err.contains("ZIP bomb"), "{err}");
        let mut short = clean;
        patch_declared_size(&mut short, 1000);
        let err = read(&short, Path::new("short.npz"))
            .expect_err("lying size")
            .to_string();
        assert!(err.starts_with("short.npz: NPZ"), "{err}");
    }

    #[test]
    fn broken_archives_are_errors() {
        let err = read(b"PK\x03\x04 not really", Path::new("x.npz")).expect_err("junk");
        assert_eq!(err.location(), Some(&Location::Byte(0)));
        let empty = archive(&[], CompressionMethod::Stored);
        let err = read(&empty, Path::new("e.npz"))
            .expect_err("empty")
            .to_string();
        assert!(err.contains("holds no arrays"), "{err}");
        let bytes = archive(
            &[("keypoints.npy", keypoints())],
            CompressionMethod::Deflated,
        );
        for cut in (0..bytes.len()).step_by(7) {
            assert!(
                read(&bytes[..cut], Path::new("cut.npz")).is_err(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn load_dispatches_npz() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("clip.npz");
        let bytes = archive(&[("poses.npy", keypoints())], CompressionMethod::Deflated);
        std::fs::write(&path, bytes).expect("write");
        let clip = crate::formats::load(&path).expect("load");
        assert_eq!(clip.meta.format, FormatId::Npz);
        assert_eq!(clip.frame_count(), 2);
    }
}
