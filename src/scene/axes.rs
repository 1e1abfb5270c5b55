//! From file coordinates to the view frame: right-handed, +Y up, in metres.
//!
//! Every [`UpAxis`] maps to +Y by a proper rotation (never a mirror), so a left foot stays a
//! left foot whatever convention the file uses.

use crate::model::UpAxis;

/// Rotates a point given in file axes into the Y-up view frame (no scaling).
///
/// | up   | rotation                 | (x, y, z) becomes |
/// |------|--------------------------|-------------------|
/// | +Y   | none                     | (x, y, z)         |
/// | +Z   | -90° about X             | (x, z, -y)        |
/// | -Y   | 180° about X             | (x, -y, -z)       |
/// | +X   | +90° about Z             | (-y, x, z)        |
/// | -Z   | +90° about X             | (x, -z, y)        |
#[must_use]
pub fn y_up_from_file(point: [f32; 3], up: UpAxis) -> [f32; 3] {
    let [x, y, z] = point;
    match up {
        UpAxis::Y => [x, y, z],
        UpAxis::Z => [x, z, -y],
        UpAxis::NegY => [x, -y, -z],
        UpAxis::X => [-y, x, z],
        UpAxis::NegZ => [x, -z, y],
    }
}

/// File coordinates to the view frame in metres: rotation, then scaling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewFrame {
    /// Which file axis is up.
    pub up: UpAxis,
    /// Metres per file unit.
    pub metres_per_unit: f32,
}

impl ViewFrame {
    /// The point in the view frame (metres, +Y up).
    #[must_use]
    pub fn from_file(&self, point: [f32; 3]) -> [f32; 3] {
        y_up_from_file(point, self.up).map(|c| c * self.metres_per_unit)
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "the mappings only swap and negate coordinates, so results are exact"
)]
mod tests {
    use super::*;

    fn cross(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ]
    }

    #[test]
    fn every_up_axis_maps_to_plus_y() {
        for up in UpAxis::ALL {
            assert_eq!(
                y_up_from_file(up.up_vector(), up),
                [0.0, 1.0, 0.0],
                "{up:?}"
            );
        }
    }

    #[test]
    fn mappings_are_rotations_not_mirrors() {
        // A rotation keeps x × y = z; a mirror would flip it.
        for up in UpAxis::ALL {
            let x = y_up_from_file([1.0, 0.0, 0.0], up);
            let y = y_up_from_file([0.0, 1.0, 0.0], up);
            let z = y_up_from_file([0.0, 0.0, 1.0], up);
            assert_eq!(cross(x, y), z, "{up:?}");
        }
    }

    #[test]
    fn known_points_for_each_axis() {
        let p = [1.0, 2.0, 3.0];
        assert_eq!(y_up_from_file(p, UpAxis::Y), [1.0, 2.0, 3.0]);
        assert_eq!(y_up_from_file(p, UpAxis::Z), [1.0, 3.0, -2.0]);
        assert_eq!(y_up_from_file(p, UpAxis::NegY), [1.0, -2.0, -3.0]);
        assert_eq!(y_up_from_file(p, UpAxis::X), [-2.0, 1.0, 3.0]);
        assert_eq!(y_up_from_file(p, UpAxis::NegZ), [1.0, -3.0, 2.0]);
    }

    #[test]
    fn view_frame_scales_to_metres() {
        let frame = ViewFrame {
            up: UpAxis::Z,
            metres_per_unit: 0.5,
        };
        assert_eq!(frame.from_file([2.0, 0.0, 3.5]), [1.0, 1.75, 0.0]);
    }
}
