//! The coordinate space a clip's numbers live in: dimensions, units and which way is up.

use serde::{Deserialize, Serialize};

/// Length unit of the coordinates, as declared by the file or defined by its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Units {
    /// Millimetres.
    Mm,
    /// Centimetres.
    Cm,
    /// Metres.
    M,
    /// Image pixels.
    Px,
    /// Not declared and not defined by the format.
    Unknown,
}

impl Units {
    /// The lower-case name used by `posedeck info` (`mm`, `cm`, `m`, `px`, `unknown`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mm => "mm",
            Self::Cm => "cm",
            Self::M => "m",
            Self::Px => "px",
            Self::Unknown => "unknown",
        }
    }

    /// Parses a unit string as files write it (`mm`, `millimeters`, `M`, ...).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "mm" | "millimeter" | "millimeters" | "millimetre" | "millimetres" => Self::Mm,
            "cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres" => Self::Cm,
            "m" | "meter" | "meters" | "metre" | "metres" => Self::M,
            "px" | "pixel" | "pixels" => Self::Px,
            _ => Self::Unknown,
        }
    }

    /// How many metres one unit is, when the unit is a length.
    #[must_use]
    pub fn metres_per_unit(self) -> Option<f64> {
        match self {
            Self::Mm => Some(0.001),
            Self::Cm => Some(0.01),
            Self::M => Some(1.0),
            Self::Px | Self::Unknown => None,
        }
    }
}

/// Which file axis points up in the world (3D) or down the image (2D).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UpAxis {
    /// +Y is up (BVH from CMU, OpenSim TRC).
    Y,
    /// +Z is up (most C3D labs, Human3.6M world arrays).
    Z,
    /// -Y is up, i.e. +Y points down (images, CMU Panoptic).
    NegY,
    /// +X is up (rare, some C3D labs).
    X,
    /// -Z is up (rare).
    NegZ,
}

impl UpAxis {
    /// Every choice, in the order the UI offers them.
    pub const ALL: [Self; 5] = [Self::Y, Self::Z, Self::NegY, Self::X, Self::NegZ];

    /// A short label such as `+Y up`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Y => "+Y up",
            Self::Z => "+Z up",
            Self::NegY => "-Y up (Y down)",
            Self::X => "+X up",
            Self::NegZ => "-Z up",
        }
    }

    /// The unit vector in file coordinates that points up.
    #[must_use]
    pub fn up_vector(self) -> [f32; 3] {
        match self {
            Self::Y => [0.0, 1.0, 0.0],
            Self::Z => [0.0, 0.0, 1.0],
            Self::NegY => [0.0, -1.0, 0.0],
            Self::X => [1.0, 0.0, 0.0],
            Self::NegZ => [0.0, 0.0, -1.0],
        }
    }
}

/// The coordinate space of a clip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    /// 2 for image keypoints, 3 for world positions.
    pub dims: usize,
    /// Length unit of the coordinates.
    pub units: Units,
    /// Which axis is up (3D) — for 2D data always [`UpAxis::NegY`], image rows grow downwards.
    pub up: UpAxis,
    /// True when `up` was guessed from the data rather than declared or fixed by the format.
    pub up_guessed: bool,
}

impl Space {
    /// Image space: two dimensions, pixels, y down.
    #[must_use]
    pub fn image_px() -> Self {
        Self {
            dims: 2,
            units: Units::Px,
            up: UpAxis::NegY,
            up_guessed: false,
        }
    }

    /// A 3D world space with the given units and up axis.
    #[must_use]
    pub fn world(units: Units, up: UpAxis) -> Self {
        Self {
            dims: 3,
            units,
            up,
            up_guessed: false,
        }
    }

    /// True for 3D data.
    #[must_use]
    pub fn is_3d(&self) -> bool {
        self.dims == 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_round_trip_through_names() {
        for unit in [Units::Mm, Units::Cm, Units::M, Units::Px] {
            assert_eq!(Units::parse(unit.as_str()), unit);
        }
        assert_eq!(Units::parse(" Millimeters "), Units::Mm);
        assert_eq!(Units::parse("furlong"), Units::Unknown);
    }

    #[test]
    fn up_vectors_are_unit_length() {
        for up in UpAxis::ALL {
            let v = up.up_vector();
            let len: f32 = v.iter().map(|c| c * c).sum();
            assert!((len - 1.0).abs() < 1e-6);
        }
    }
}
