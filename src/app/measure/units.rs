//! Display units of measured values: degrees for angles, metres for 3D lengths (the clip's
//! declared units converted, or the scale estimated from body height, marked "est."), image
//! pixels for 2D keypoints.

use crate::analysis::measure::Dimension;
use crate::scene::Stage;

/// How clip lengths are shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LengthUnit {
    /// Display units per clip unit.
    pub per_clip_unit: f32,
    /// The display unit, `m` or `px`.
    pub symbol: &'static str,
    /// True when the scale is estimated from the body's height (units unknown or implausible).
    pub estimated: bool,
}

impl LengthUnit {
    /// Image pixels (2D keypoints).
    pub const PIXELS: Self = Self {
        per_clip_unit: 1.0,
        symbol: "px",
        estimated: false,
    };

    /// Metres, from the 3D stage's scale.
    #[must_use]
    pub fn of_stage(stage: &Stage) -> Self {
        Self {
            per_clip_unit: stage.frame.metres_per_unit,
            symbol: "m",
            estimated: stage.scale_source.is_estimated(),
        }
    }

    /// The factor from analysis units (radians, clip units) to display units, and the unit text.
    #[must_use]
    pub fn display(&self, dimension: Dimension) -> (f32, String) {
        let est = if self.estimated { " est." } else { "" };
        let s = self.symbol;
        match dimension {
            Dimension::Angle => (1_f32.to_degrees(), "°".to_owned()),
            Dimension::AngularVelocity => (1_f32.to_degrees(), "°/s".to_owned()),
            Dimension::Length => (self.per_clip_unit, format!("{s}{est}")),
            Dimension::Speed => (self.per_clip_unit, format!("{s}/s{est}")),
            Dimension::Acceleration => (self.per_clip_unit, format!("{s}/s²{est}")),
        }
    }

    /// A value in display units with its unit, e.g. `62°`, `1.32 m/s`, `+12°/s`.
    #[must_use]
    pub fn format(value: f32, unit: &str, signed: bool) -> String {
        let digits = match unit {
            "°" | "°/s" => 0,
            u if u.starts_with("px") => 0,
            _ => 2,
        };
        let text = if signed {
            format!("{value:+.digits$}")
        } else {
            format!("{value:.digits$}")
        };
        let space = if unit.starts_with('°') { "" } else { " " };
        format!("{}{space}{unit}", text.replace('-', "\u{2212}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_with_their_units() {
        let m = LengthUnit {
            per_clip_unit: 0.001,
            symbol: "m",
            estimated: false,
        };
        let (factor, unit) = m.display(Dimension::Speed);
        assert!((factor - 0.001).abs() < 1e-9);
        assert_eq!(unit, "m/s");
        assert_eq!(
            LengthUnit::format(1320.0 * factor, &unit, false),
            "1.32 m/s"
        );
        assert_eq!(LengthUnit::format(-12.4, "°", true), "\u{2212}12°");
        let est = LengthUnit {
            estimated: true,
            ..m
        };
        assert_eq!(est.display(Dimension::Length).1, "m est.");
        assert_eq!(LengthUnit::format(41.6, "px", false), "42 px");
    }
}
