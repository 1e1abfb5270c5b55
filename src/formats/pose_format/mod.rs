//! pose-format `.pose` reader (the sign-language-processing/pose binary container).
//!
//! Hand-written: no Rust crate reads this format. The layout follows the `pose-format` Python
//! package (`pose_header.py`, `pose_body.py`): see [`header`] and [`body`]. Versions 0.1 and 0.2
//! are read; 0.0 (per-frame people counts) is refused with a clear message.
//!
//! How the file becomes a [`Clip`]:
//! - **One skeleton of every component's points**, in file order, named
//!   `COMPONENT.POINT` (`POSE_LANDMARKS.LEFT_SHOULDER`, `FACE_LANDMARKS.10`), with every
//!   component's limbs as bones. Point `i` of the clip is point `i` of pose-format's
//!   `(frames, people, points, dims)` array, so indices match pose-format's own tools
//!   (`header.get_point_index`), and one skeleton draws body, face and hands together.
//!   Components are listed in `meta.details`. (`clip.parts` is not used: a `.pose` file has no
//!   component that is "the body" by definition.)
//! - **Missing**: a point whose confidence is 0 is missing (NaN), exactly pose-format's mask;
//!   non-finite coordinates are missing too. Confidence is kept as stored.
//! - **People**: the body has a fixed number of people slots. A slot whose points are all
//!   missing is padding and is not pushed; with more than one slot, the slot index is the
//!   track id.
//! - **Space**: pixels of a `width × height` image, y down. With a `Z` in the point format the
//!   clip is 3D (`Units::Px`, up = `-Y`, as MediaPipe's image-aligned axes); otherwise 2D.
//!   Values beyond the third (e.g. `XYZWC`) are dropped with a warning.
//! - **Frame rate**: the body's fps; 0 means unknown.

pub mod body;
mod bytes;
pub mod header;

use std::path::Path;

use self::body::Body;
use self::bytes::{ByteReader, f32_values};
use self::header::PoseHeader;
use super::LoadError;
use crate::model::{
    Bone, Clip, ClipMeta, FormatId, LayoutId, Poses, PosesBuilder, Side, Skeleton, Space, Units,
    UpAxis,
};

/// Reads a `.pose` file.
///
/// # Errors
/// When the version is unknown, or the header or body is truncated or claims more than the
/// file holds; the error names the byte offset.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    let mut reader = ByteReader::new(bytes, path);
    let header = header::read_header(&mut reader)?;
    let mut meta = ClipMeta::new(path, FormatId::Pose);
    let body = body::read_body(&mut reader, &header, &mut meta.warnings)?;
    if header.point_count() == 0 {
        return Err(reader.error_at(body.data_offset, "the header declares no points"));
    }
    if header.repaired_names {
        meta.warnings
            .push("Some names were not valid UTF-8; unreadable bytes were replaced.".to_owned());
    }
    let skeleton = skeleton(&header, &mut meta.warnings);
    let stored_dims = header.stored_dims().unwrap_or(0);
    if stored_dims < 2 {
        return Err(reader.error_at(
            body.data_offset,
            format!("points store {stored_dims} coordinates; posedeck needs at least 2"),
        ));
    }
    let dims = if header.has_z() && stored_dims >= 3 {
        3
    } else {
        2
    };
    if stored_dims > 3 {
        meta.warnings.push(format!(
            "Points store {stored_dims} values; only the first {dims} are shown."
        ));
    }
    let poses = poses(&body, header.point_count(), stored_dims, dims);
    let frame_rate_hz = (body.fps.is_finite() && body.fps > 0.0).then_some(body.fps);
    if frame_rate_hz.is_none() {
        meta.warnings.push(format!(
            "The frame rate is {}; playing at a default rate.",
            body.fps
        ));
    }
    let space = if dims == 3 {
        Space::world(Units::Px, UpAxis::NegY)
    } else {
        Space::image_px()
    };
    add_details(&mut meta, &header, &body);
    Ok(Clip::new(skeleton, frame_rate_hz, space, poses, meta))
}

/// One skeleton of every component's points and limbs.
fn skeleton(header: &PoseHeader, warnings: &mut Vec<String>) -> Skeleton {
    let mut names = Vec::with_capacity(header.point_count());
    let mut sides = Vec::with_capacity(header.point_count());
    let mut bones = Vec::new();
    let mut dropped = 0_usize;
    for component in &header.components {
        let start = names.len();
        let count = component.points.len();
        let component_side = Side::from_name(&component.name);
        for point in &component.points {
            names.push(format!("{}.{point}", component.name));
            sides.push(match Side::from_name(point) {
                Side::Centre => component_side,
                side => side,
            });
        }
        for &(from, to) in &component.limbs {
            let (from, to) = (usize::from(from), usize::from(to));
            if from < count && to < count && from != to {
                bones.push(Bone {
                    from: start + from,
                    to: start + to,
                });
            } else {
                dropped += 1;
            }
        }
    }
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} limbs named a point outside their component and were dropped."
        ));
    }
    Skeleton::with_sides(names, bones, sides, LayoutId::FromFile)
}

/// The poses: confidence 0 or non-finite coordinates = missing; empty people slots skipped.
/// Works on the file's bytes person by person, so nothing is allocated before the data is
/// known to be there.
fn poses(body: &Body<'_>, points: usize, stored_dims: usize, dims: usize) -> Poses {
    let with_tracks = body.people > 1;
    let mut builder = PosesBuilder::new(points, dims, true, with_tracks);
    if body.frames == 0 || body.people == 0 {
        return builder.finish();
    }
    let mut data_rows = body.data.chunks_exact((points * stored_dims * 4).max(1));
    let mut confidence_rows = body.confidence.chunks_exact((points * 4).max(1));
    let mut coords = vec![f32::NAN; points * dims];
    let mut conf = vec![0.0_f32; points];
    for _ in 0..body.frames {
        builder.begin_frame();
        for person in 0..body.people {
            let (Some(data), Some(confidence)) = (data_rows.next(), confidence_rows.next()) else {
                break;
            };
            for (slot, value) in conf.iter_mut().zip(f32_values(confidence)) {
                *slot = value;
            }
            let mut any_present = false;
            for (point, (&c, out)) in conf.iter().zip(coords.chunks_exact_mut(dims)).enumerate() {
                let stored = data.get(point * stored_dims * 4..).unwrap_or(&[]);
                let mut values = f32_values(stored).take(dims);
                let mut present = c != 0.0;
                for slot in out.iter_mut() {
                    *slot = values.next().unwrap_or(f32::NAN);
                    present &= slot.is_finite();
                }
                if !present {
                    out.fill(f32::NAN);
                }
                any_present |= present;
            }
            if any_present {
                builder.push_person(&coords, Some(&conf), with_tracks.then_some(person as i64));
            }
        }
    }
    builder.finish()
}

fn add_details(meta: &mut ClipMeta, header: &PoseHeader, body: &Body<'_>) {
    let components = header
        .components
        .iter()
        .map(|c| format!("{} ({} points, {})", c.name, c.points.len(), c.format))
        .collect::<Vec<_>>()
        .join(", ");
    meta.details.extend([
        ("version".to_owned(), header.version.label().to_owned()),
        (
            "width × height × depth".to_owned(),
            format!(
                "{} × {} × {}",
                header.width_px, header.height_px, header.depth
            ),
        ),
        ("components".to_owned(), components),
        ("people slots".to_owned(), body.people.to_string()),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_str(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u16).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    fn push_u16s(out: &mut Vec<u8>, values: &[u16]) {
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// A 0.2 file: components `BODY` (`L_HIP`, `L_KNEE`; `XYZC`) and `RIGHT_HAND` (`WRIST`; `XYC`), 2 people
    /// slots, 2 frames.
    fn small_file() -> Vec<u8> {
        let mut out = 0.2_f32.to_le_bytes().to_vec();
        push_u16s(&mut out, &[640, 480, 100, 2]);
        push_str(&mut out, "BODY");
        push_str(&mut out, "XYZC");
        push_u16s(&mut out, &[2, 2, 0]);
        push_str(&mut out, "L_HIP");
        push_str(&mut out, "L_KNEE");
        push_u16s(&mut out, &[0, 1, 1, 9]); // the second limb is out of range
        push_str(&mut out, "RIGHT_HAND");
        push_str(&mut out, "XYC");
        push_u16s(&mut out, &[1, 0, 1]);
        push_str(&mut out, "WRIST");
        push_u16s(&mut out, &[1, 2, 3]);
        out.extend_from_slice(&25.0_f32.to_le_bytes());
        out.extend_from_slice(&2_u32.to_le_bytes());
        push_u16s(&mut out, &[2]);
        // data: 2 frames × 2 people × 3 points × 3 dims.
        for i in 0..36 {
            out.extend_from_slice(&(i as f32).to_le_bytes());
        }
        // confidence: frame 0 person 0 all present, person 1 all zero; frame 1 point 1 of
        // person 0 missing, person 1 point 0 present.
        for c in [
            0.9_f32, 0.8, 0.7, 0.0, 0.0, 0.0, 0.5, 0.0, 0.5, 1.0, 0.0, 0.0,
        ] {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out
    }

    #[test]
    fn reads_components_people_and_missing_points() {
        let clip = read(&small_file(), Path::new("s.pose")).expect("clip");
        let names = clip.skeleton.names();
        assert_eq!(names, ["BODY.L_HIP", "BODY.L_KNEE", "RIGHT_HAND.WRIST"]);
        assert_eq!(clip.skeleton.bones(), [Bone { from: 0, to: 1 }]);
        assert_eq!(clip.skeleton.side(0), Side::Left);
        assert_eq!(
            clip.skeleton.side(2),
            Side::Right,
            "from the component name"
        );
        assert_eq!(clip.frame_rate_hz, Some(25.0));
        assert_eq!(clip.space, Space::world(Units::Px, UpAxis::NegY));
        assert_eq!(clip.frame_count(), 2);
        assert_eq!(clip.meta.warnings.len(), 1, "{:?}", clip.meta.warnings);

        let frame0 = clip.poses.frame(0).expect("frame 0");
        assert_eq!(frame0.people(), 1, "the all-missing slot is padding");
        let p = frame0.person(0).expect("person");
        assert_eq!(p.joint(0), Some([0.0, 1.0, 2.0]));
        assert_eq!(p.joint(2), Some([6.0, 7.0, 8.0]));
        assert_eq!(p.confidence_of(1), Some(0.8));
        assert_eq!(p.track_id, Some(0));

        let frame1 = clip.poses.frame(1).expect("frame 1");
        assert_eq!(frame1.people(), 2);
        let p0 = frame1.person(0).expect("person 0");
        assert_eq!(p0.joint(0), Some([18.0, 19.0, 20.0]));
        assert_eq!(p0.joint(1), None);
        assert_eq!(p0.confidence_of(1), Some(0.0));
        let p1 = frame1.person(1).expect("person 1");
        assert_eq!(p1.track_id, Some(1));
        assert_eq!(p1.joint(0), Some([27.0, 28.0, 29.0]));
        assert_eq!(p1.joint(2), None);
    }

    #[test]
    fn two_dimensional_formats_make_image_clips() {
        let mut bytes = small_file();
        // BODY's format "XYZC" -> "XYWC": no Z anywhere, 3 stored values, 2 shown.
        let at = bytes.windows(4).position(|w| w == b"XYZC").expect("format");
        bytes[at + 2] = b'W';
        let clip = read(&bytes, Path::new("s.pose")).expect("clip");
        assert_eq!(clip.space, Space::image_px());
        let p = clip
            .poses
            .frame(0)
            .and_then(|f| f.person(0))
            .expect("person");
        assert_eq!(p.joint(1), Some([3.0, 4.0, 0.0]));
    }

    #[test]
    fn every_truncation_is_an_error_with_an_offset() {
        let bytes = small_file();
        for len in 0..bytes.len() {
            match read(&bytes[..len], Path::new("s.pose")) {
                Err(err) => assert!(err.location().is_some(), "{err}"),
                Ok(_) => panic!("length {len} loaded"),
            }
        }
    }
}
