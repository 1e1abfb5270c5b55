//! Scene primitives: plain geometry in screen pixels that any renderer can draw.
//!
//! The viewer paints them with `egui::Painter`, the `render` command with tiny-skia, so a picture
//! exported from the command line shows the same skeleton, colours and labels as the screen.

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// An opaque colour.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    /// The same colour with alpha `a`.
    #[must_use]
    pub const fn with_alpha(self, a: u8) -> Self {
        let [r, g, b, _] = self.0;
        Self([r, g, b, a])
    }

    /// Mixes towards `other` by `t` in 0..=1 (alpha included).
    #[must_use]
    pub fn mix(self, other: Self, t: f32) -> Self {
        let t = t.clamp(0.0, 1.0);
        let mut out = [0_u8; 4];
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(other.0.iter())) {
            *o = (f32::from(*a) + (f32::from(*b) - f32::from(*a)) * t).round() as u8;
        }
        Self(out)
    }
}

/// An axis-aligned rectangle in screen pixels (x right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenRect {
    /// Top-left corner.
    pub min: [f32; 2],
    /// Bottom-right corner.
    pub max: [f32; 2],
}

impl ScreenRect {
    /// A rectangle from its top-left corner and size.
    #[must_use]
    pub fn from_min_size(min: [f32; 2], size: [f32; 2]) -> Self {
        Self {
            min,
            max: [min[0] + size[0], min[1] + size[1]],
        }
    }

    /// Width in pixels.
    #[must_use]
    pub fn width(&self) -> f32 {
        self.max[0] - self.min[0]
    }

    /// Height in pixels.
    #[must_use]
    pub fn height(&self) -> f32 {
        self.max[1] - self.min[1]
    }

    /// The centre point.
    #[must_use]
    pub fn center(&self) -> [f32; 2] {
        [
            (self.min[0] + self.max[0]) * 0.5,
            (self.min[1] + self.max[1]) * 0.5,
        ]
    }

    /// True when the rectangle has a positive, finite area.
    #[must_use]
    pub fn is_usable(&self) -> bool {
        self.width().is_finite()
            && self.height().is_finite()
            && self.width() > 1.0
            && self.height() > 1.0
    }
}

/// A straight line (a bone or a grid line).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// First end, screen pixels.
    pub a: [f32; 2],
    /// Second end, screen pixels.
    pub b: [f32; 2],
    /// Line colour.
    pub colour: Rgba,
    /// Line width in pixels.
    pub width: f32,
}

/// Which joint a disc shows: person index within the frame and joint index in the skeleton.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JointId {
    /// Index of the person in the frame (file order).
    pub person: usize,
    /// Index of the joint in the skeleton.
    pub joint: usize,
}

/// A filled circle (a joint).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disc {
    /// Centre, screen pixels.
    pub centre: [f32; 2],
    /// Radius in pixels.
    pub radius: f32,
    /// Fill colour.
    pub colour: Rgba,
    /// The joint it shows.
    pub joint: JointId,
}

/// A filled capsule: the convex hull of two circles (a limb of the body style, its trunk, or,
/// with equal ends, its head). Shading is made of several capsules drawn in turn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capsule {
    /// Centre of the first end, screen pixels.
    pub a: [f32; 2],
    /// Centre of the second end, screen pixels.
    pub b: [f32; 2],
    /// Radius at `a`, pixels.
    pub radius_a: f32,
    /// Radius at `b`, pixels.
    pub radius_b: f32,
    /// Fill colour.
    pub colour: Rgba,
}

impl Capsule {
    /// The outline as a convex polygon (clockwise on screen), the same for every renderer:
    /// arcs are split so no chord strays more than about a tenth of a pixel from the circle.
    /// Empty when the capsule is not finite or has no area.
    #[must_use]
    pub fn outline(&self) -> Vec<[f32; 2]> {
        use std::f32::consts::{PI, TAU};
        let (ra, rb) = (self.radius_a.max(0.0), self.radius_b.max(0.0));
        let finite = self.a.iter().chain(self.b.iter()).all(|v| v.is_finite());
        if !finite || !ra.is_finite() || !rb.is_finite() || ra.max(rb) < 0.05 {
            return Vec::new();
        }
        let (dx, dy) = (self.b[0] - self.a[0], self.b[1] - self.a[1]);
        let d = (dx * dx + dy * dy).sqrt();
        let steps = |r: f32, angle: f32| -> usize {
            // Chord error r (1 − cos(θ/2)) ≤ 0.1 px  ⇔  θ ≤ 2 acos(1 − 0.1 / r).
            let max_step = 2.0 * (1.0 - (0.1 / r.max(0.1)).min(1.0)).acos();
            ((angle / max_step.max(0.05)).ceil() as usize).clamp(2, 256)
        };
        let mut points = Vec::new();
        let mut arc = |c: [f32; 2], r: f32, from: f32, sweep: f32| {
            let n = steps(r, sweep.abs());
            for i in 0..=n {
                let t = from + sweep * i as f32 / n as f32;
                points.push([c[0] + r * t.cos(), c[1] + r * t.sin()]);
            }
        };
        if d <= (ra - rb).abs() || d < 1e-4 {
            // One end holds the other: a circle.
            let (c, r) = if ra >= rb { (self.a, ra) } else { (self.b, rb) };
            arc(c, r, 0.0, TAU * (1.0 - 1.0 / 512.0));
            return points;
        }
        // The outer tangents touch both circles where the normal w satisfies w·u = (ra − rb)/d.
        let axis = dy.atan2(dx);
        let alpha = ((ra - rb) / d).clamp(-1.0, 1.0).acos();
        // Around b from axis − α to axis + α (the far cap), then around a the other way.
        arc(self.b, rb, axis - alpha, 2.0 * alpha);
        arc(self.a, ra, axis + alpha, 2.0 * (PI - alpha));
        points
    }
}

/// Which point of a label's text box sits at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// Top-left corner.
    LeftTop,
    /// Middle of the left edge.
    LeftCenter,
    /// Bottom-left corner.
    LeftBottom,
    /// Middle of the top edge.
    CenterTop,
    /// Centre of the box.
    CenterCenter,
    /// Middle of the bottom edge.
    CenterBottom,
    /// Top-right corner.
    RightTop,
    /// Bottom-right corner.
    RightBottom,
}

/// A piece of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Anchor position, screen pixels.
    pub pos: [f32; 2],
    /// The text.
    pub text: String,
    /// Text colour.
    pub colour: Rgba,
    /// Font size in pixels.
    pub size: f32,
    /// Which point of the text box is at `pos`.
    pub anchor: Anchor,
}

/// Everything to draw for one frame, in drawing order: grid, body, bones, joints, labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// Ground or image grid lines (drawn first).
    pub grid: Vec<Segment>,
    /// The body style's shaded limbs, trunk and head, far to near (empty for stick figures).
    pub capsules: Vec<Capsule>,
    /// Bones, far to near.
    pub segments: Vec<Segment>,
    /// Joints, far to near.
    pub discs: Vec<Disc>,
    /// Text (drawn last).
    pub labels: Vec<Label>,
}

impl Scene {
    /// The joint whose disc is nearest to `pos` within `slack` pixels beyond its radius.
    #[must_use]
    pub fn joint_at(&self, pos: [f32; 2], slack: f32) -> Option<JointId> {
        let mut best: Option<(f32, JointId)> = None;
        for disc in &self.discs {
            let dx = disc.centre[0] - pos[0];
            let dy = disc.centre[1] - pos[1];
            let dist = (dx * dx + dy * dy).sqrt();
            if dist <= disc.radius + slack && best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, disc.joint));
            }
        }
        best.map(|(_, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_goes_from_one_colour_to_the_other() {
        let black = Rgba::rgb(0, 0, 0);
        let white = Rgba::rgb(255, 255, 255);
        assert_eq!(black.mix(white, 0.0), black);
        assert_eq!(black.mix(white, 1.0), white);
        assert_eq!(black.mix(white, 0.5), Rgba::rgb(128, 128, 128));
    }

    #[test]
    fn capsule_outlines_reach_both_ends() {
        let capsule = Capsule {
            a: [0.0, 0.0],
            b: [10.0, 0.0],
            radius_a: 2.0,
            radius_b: 1.0,
            colour: Rgba::rgb(1, 2, 3),
        };
        let outline = capsule.outline();
        let max_x = outline.iter().map(|p| p[0]).fold(f32::MIN, f32::max);
        let min_x = outline.iter().map(|p| p[0]).fold(f32::MAX, f32::min);
        let max_y = outline.iter().map(|p| p[1]).fold(f32::MIN, f32::max);
        assert!((max_x - 11.0).abs() < 1e-3, "{max_x}");
        assert!((min_x + 2.0).abs() < 1e-3, "{min_x}");
        assert!(max_y <= 2.0 + 1e-3 && max_y > 1.9, "{max_y}");
        // Every vertex is on one of the two circles.
        for p in &outline {
            let on_a = ((p[0].hypot(p[1])) - 2.0).abs() < 1e-3;
            let on_b = (((p[0] - 10.0).hypot(p[1])) - 1.0).abs() < 1e-3;
            assert!(on_a || on_b, "{p:?}");
        }
        // A capsule whose end holds the other is that circle; an empty one has no outline.
        let head = Capsule {
            b: [0.5, 0.0],
            radius_b: 0.5,
            ..capsule
        };
        assert!(
            head.outline()
                .iter()
                .all(|p| (p[0].hypot(p[1]) - 2.0).abs() < 1e-3)
        );
        let nothing = Capsule {
            a: [f32::NAN, 0.0],
            ..capsule
        };
        assert!(nothing.outline().is_empty());
    }

    #[test]
    fn joint_at_picks_the_nearest_disc() {
        let disc = |x: f32, joint: usize| Disc {
            centre: [x, 0.0],
            radius: 3.0,
            colour: Rgba::rgb(1, 2, 3),
            joint: JointId { person: 0, joint },
        };
        let scene = Scene {
            discs: vec![disc(0.0, 0), disc(10.0, 1)],
            ..Scene::default()
        };
        assert_eq!(scene.joint_at([7.0, 0.0], 2.0).map(|j| j.joint), Some(1));
        assert_eq!(scene.joint_at([2.0, 1.0], 2.0).map(|j| j.joint), Some(0));
        assert_eq!(scene.joint_at([5.0, 20.0], 2.0), None);
    }
}
