//! Colours and sizes of the drawing, shared by the viewer and the `render` command.
//!
//! Left and right use the Okabe–Ito sky blue and orange, a pair that stays distinct for the
//! common colour-vision deficiencies and reads well on a dark background; the midline is a
//! light grey.

use crate::model::Side;

use super::primitives::Rgba;

/// The athlete's left side: sky blue.
pub const LEFT: Rgba = Rgba::rgb(86, 180, 233);
/// The athlete's right side: orange.
pub const RIGHT: Rgba = Rgba::rgb(230, 159, 0);
/// The midline (pelvis, spine, head) and joints of unknown side: light grey.
pub const CENTRE: Rgba = Rgba::rgb(205, 205, 205);
/// Ground grid lines.
pub const GRID: Rgba = Rgba([150, 150, 150, 70]);
/// Grid lines through the origin, a little brighter.
pub const GRID_AXIS: Rgba = Rgba([170, 170, 170, 130]);
/// Plain text (scale label, person numbers).
pub const TEXT: Rgba = Rgba::rgb(225, 225, 225);
/// Text that warns (estimated scale).
pub const TEXT_WARN: Rgba = Rgba::rgb(240, 200, 90);
/// Background of the views (the viewer's and the rendered pictures').
pub const BACKGROUND: Rgba = Rgba::rgb(18, 18, 18);

/// How people are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Bones as lines, joints as dots.
    #[default]
    Stick,
    /// Shaded capsules with a trunk and a head (see [`super::body`]).
    Body,
}

/// The colours of the body sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Palette {
    /// The athlete's left side.
    pub left: Rgba,
    /// The athlete's right side.
    pub right: Rgba,
    /// The midline and joints of unknown side.
    pub centre: Rgba,
}

impl Palette {
    /// The viewer's colours: [`LEFT`], [`RIGHT`], [`CENTRE`].
    pub const STANDARD: Self = Self {
        left: LEFT,
        right: RIGHT,
        centre: CENTRE,
    };

    /// A second clip overlaid on the first: Okabe–Ito bluish green and reddish purple, distinct
    /// from the standard pair and from each other, and a darker grey midline.
    pub const SECOND: Self = Self {
        left: Rgba::rgb(0, 158, 115),
        right: Rgba::rgb(204, 121, 167),
        centre: Rgba::rgb(150, 150, 150),
    };

    /// The colour of a side.
    #[must_use]
    pub fn side(&self, side: Side) -> Rgba {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
            Side::Centre => self.centre,
        }
    }

    /// The colour of a side for person `person` of a frame (see [`person_colour`]).
    #[must_use]
    pub fn person(&self, side: Side, person: usize) -> Rgba {
        shade_for_person(self.side(side), person)
    }
}

impl Default for Palette {
    fn default() -> Self {
        Self::STANDARD
    }
}

/// Sizes, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Bone line width.
    pub bone_width: f32,
    /// Width of the bones of extra parts (face, hands).
    pub part_width: f32,
    /// Joint disc radius.
    pub joint_radius: f32,
    /// Grid line width.
    pub grid_width: f32,
    /// Font size of labels.
    pub label_size: f32,
    /// Stick figure or body.
    pub figure: Figure,
    /// Colours of the sides.
    pub palette: Palette,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            bone_width: 3.5,
            part_width: 1.5,
            joint_radius: 3.5,
            grid_width: 1.0,
            label_size: 14.0,
            figure: Figure::Stick,
            palette: Palette::STANDARD,
        }
    }
}

/// The colour of a side.
#[must_use]
pub fn side_colour(side: Side) -> Rgba {
    match side {
        Side::Left => LEFT,
        Side::Right => RIGHT,
        Side::Centre => CENTRE,
    }
}

/// The colour of a side for person `person` of a frame: the first person in full colour, the
/// others alternately lighter and darker so people stay apart while sides stay readable.
#[must_use]
pub fn person_colour(side: Side, person: usize) -> Rgba {
    shade_for_person(side_colour(side), person)
}

/// `base` for person `person`: unchanged for the first, then lighter, darker, lighter still.
fn shade_for_person(base: Rgba, person: usize) -> Rgba {
    match person % 4 {
        0 => base,
        1 => base.mix(Rgba::rgb(255, 255, 255), 0.45),
        2 => base.mix(Rgba::rgb(0, 0, 0), 0.25),
        _ => base.mix(Rgba::rgb(255, 255, 255), 0.7),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_have_distinct_colours() {
        assert_ne!(side_colour(Side::Left), side_colour(Side::Right));
        assert_ne!(side_colour(Side::Left), side_colour(Side::Centre));
        assert_ne!(side_colour(Side::Right), side_colour(Side::Centre));
        assert_eq!(person_colour(Side::Left, 0), LEFT);
        assert_ne!(person_colour(Side::Left, 1), LEFT);
    }
}
