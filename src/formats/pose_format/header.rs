//! The `.pose` header: version, image dimensions and the components (named point sets with
//! their limbs). Layout (little-endian), as written by the `pose-format` package's
//! `pose_header.py`:
//!
//! ```text
//! f32 version                      0.1 or 0.2
//! u16 width, height, depth
//! u16 component count
//! per component:
//!   str name, str point format     str = u16 byte length + UTF-8 bytes; format e.g. "XYZC"
//!   u16 points, limbs, colours
//!   str point name       × points
//!   u16 from, u16 to     × limbs   (indices into this component's points)
//!   u16 r, g, b          × colours
//! ```

use super::bytes::ByteReader;
use crate::formats::LoadError;

/// The body layouts posedeck reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// 0.1: `u16` fps, `u16` frame count (unreliable: the reader derives it from the file size).
    V0_1,
    /// 0.2: `f32` fps, `u32` frame count.
    V0_2,
}

impl Version {
    /// The version as the file writes it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::V0_1 => "0.1",
            Self::V0_2 => "0.2",
        }
    }
}

/// One component: a named set of points with one point format.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// Component name, e.g. `POSE_LANDMARKS`.
    pub name: String,
    /// Point format, one letter per stored value, the last being the confidence (`XYZC`).
    pub format: String,
    /// Point names.
    pub points: Vec<String>,
    /// Limbs as pairs of indices into `points` (unchecked: the file may lie).
    pub limbs: Vec<(u16, u16)>,
}

/// The parsed header.
#[derive(Clone, Debug, PartialEq)]
pub struct PoseHeader {
    /// Body layout version.
    pub version: Version,
    /// Image width the coordinates refer to, in pixels.
    pub width_px: u16,
    /// Image height, in pixels.
    pub height_px: u16,
    /// Depth range of the Z coordinate.
    pub depth: u16,
    /// The components, in file order; their points are concatenated in the body.
    pub components: Vec<Component>,
    /// True when some name was not valid UTF-8 and was repaired.
    pub repaired_names: bool,
}

impl PoseHeader {
    /// Total number of points over all components.
    #[must_use]
    pub fn point_count(&self) -> usize {
        self.components.iter().map(|c| c.points.len()).sum()
    }

    /// Values stored per point in the body's data array: the longest format minus the
    /// confidence letter (as pose-format computes it). `None` when no component has a
    /// coordinate.
    #[must_use]
    pub fn stored_dims(&self) -> Option<usize> {
        self.components
            .iter()
            .map(|c| c.format.chars().count())
            .max()
            .and_then(|n| n.checked_sub(1))
            .filter(|&d| d > 0)
    }

    /// True when some component's format has a `Z` coordinate.
    #[must_use]
    pub fn has_z(&self) -> bool {
        self.components
            .iter()
            .any(|c| c.format.to_ascii_uppercase().contains('Z'))
    }
}

/// Reads the version, which decides the body layout.
fn read_version(r: &mut ByteReader<'_>) -> Result<Version, LoadError> {
    let version = r.f32("the version")?;
    // Compared in thousandths, as pose-format rounds the f32 to 3 decimals.
    let thousandths = if version.is_finite() && version.abs() < 1.0e6 {
        Some((f64::from(version) * 1000.0).round() as i64)
    } else {
        None
    };
    match thousandths {
        Some(100) => Ok(Version::V0_1),
        Some(200) => Ok(Version::V0_2),
        Some(0) => Err(r.error_at(
            0,
            "version 0.0 files (per-frame people counts) are not supported; re-save the file \
             with pose-format 0.2",
        )),
        _ => Err(r.error_at(
            0,
            format!("version {version} is not a pose-format version posedeck reads (0.1, 0.2)"),
        )),
    }
}

/// Reads one component.
fn read_component(r: &mut ByteReader<'_>, repaired: &mut bool) -> Result<Component, LoadError> {
    let name = r.string("a component name", repaired)?;
    let format = r.string("a point format", repaired)?;
    let point_count = usize::from(r.u16("the point count")?);
    let limb_count = usize::from(r.u16("the limb count")?);
    let colour_count = usize::from(r.u16("the colour count")?);
    let what = format!("points in component `{name}`");
    r.expect_items(point_count, 2, &what)?;
    // Grown as names are read, not sized by the claim: a name may take only 2 bytes of the file.
    let mut points = Vec::new();
    for _ in 0..point_count {
        points.push(r.string("a point name", repaired)?);
    }
    r.expect_items(limb_count, 4, &format!("limbs in component `{name}`"))?;
    let mut limbs = Vec::with_capacity(limb_count);
    for _ in 0..limb_count {
        let from = r.u16("a limb")?;
        let to = r.u16("a limb")?;
        limbs.push((from, to));
    }
    // Colours only tint pose-format's own drawings; skip them.
    r.expect_items(colour_count, 6, &format!("colours in component `{name}`"))?;
    r.take(colour_count * 6, "the colours")?;
    Ok(Component {
        name,
        format,
        points,
        limbs,
    })
}

/// Reads the header from the start of the file.
///
/// # Errors
/// When the version is unknown or the header is truncated or claims more than the file holds.
pub(super) fn read_header(r: &mut ByteReader<'_>) -> Result<PoseHeader, LoadError> {
    let version = read_version(r)?;
    let width_px = r.u16("the width")?;
    let height_px = r.u16("the height")?;
    let depth = r.u16("the depth")?;
    let component_count = usize::from(r.u16("the component count")?);
    // A component takes at least 10 bytes (two empty strings and three counts).
    r.expect_items(component_count, 10, "components")?;
    let mut components = Vec::new();
    let mut repaired_names = false;
    for _ in 0..component_count {
        components.push(read_component(r, &mut repaired_names)?);
    }
    Ok(PoseHeader {
        version,
        width_px,
        height_px,
        depth,
        components,
        repaired_names,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn push_str(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u16).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    fn header_bytes(version: f32) -> Vec<u8> {
        let mut out = version.to_le_bytes().to_vec();
        for v in [640_u16, 480, 0, 1] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        push_str(&mut out, "BODY");
        push_str(&mut out, "XYC");
        for v in [2_u16, 1, 1, 0, 1, 255, 0, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        // The points go between the counts and the limbs.
        let mut points = Vec::new();
        push_str(&mut points, "LEFT_HIP");
        push_str(&mut points, "LEFT_KNEE");
        let counts_end = 4 + 8 + 2 + 4 + 2 + 3 + 6;
        out.splice(counts_end..counts_end, points);
        out
    }

    #[test]
    fn reads_a_small_header() {
        let bytes = header_bytes(0.2);
        let mut r = ByteReader::new(&bytes, Path::new("h.pose"));
        let header = read_header(&mut r).expect("header");
        assert_eq!(header.version, Version::V0_2);
        assert_eq!(
            (header.width_px, header.height_px, header.depth),
            (640, 480, 0)
        );
        assert_eq!(header.point_count(), 2);
        assert_eq!(header.stored_dims(), Some(2));
        assert!(!header.has_z());
        let body = &header.components[0];
        assert_eq!(body.name, "BODY");
        assert_eq!(body.points, ["LEFT_HIP", "LEFT_KNEE"]);
        assert_eq!(body.limbs, [(0, 1)]);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn rejects_unknown_versions_at_byte_0() {
        for version in [0.0_f32, 0.3, 1.0e20, f32::NAN] {
            let bytes = header_bytes(version);
            let mut r = ByteReader::new(&bytes, Path::new("h.pose"));
            let err = read_header(&mut r).expect_err("bad version");
            assert!(
                err.to_string().starts_with("h.pose: pose-format byte 0: "),
                "{err}"
            );
        }
    }

    #[test]
    fn every_truncation_of_the_header_is_an_error() {
        let bytes = header_bytes(0.1);
        for len in 0..bytes.len() {
            let mut r = ByteReader::new(&bytes[..len], Path::new("h.pose"));
            assert!(read_header(&mut r).is_err(), "length {len}");
        }
    }
}
