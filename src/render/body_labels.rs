//! Values written on the body next to a joint — the viewer's measurements and the `render
//! --angles` labels, both placed here: pushed away from the body's centre, moved apart when they
//! would cover one another, over a dark halo so they read over limbs at any zoom (their size is
//! in screen pixels, not in world units).

use crate::scene::{Anchor, Label, Rgba, Scene, Segment, Style};

use super::overlay::{HALO, HALO_COLOUR, make_room};
use super::view::Projector;

/// Distance of a label from its joint, pixels.
const OFFSET_PX: f32 = 16.0;

/// One value to write on the body.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyLabel {
    /// The point it belongs to (file coordinates).
    pub at: [f32; 3],
    /// The body's centre (file coordinates); the label is pushed away from it.
    pub centre: Option<[f32; 3]>,
    /// A fixed screen direction to push the label in instead (e.g. `[1, 0]`: to the right).
    pub direction: Option<[f32; 2]>,
    /// The text, e.g. `knee 62°`.
    pub text: String,
    /// Its colour (the side's).
    pub colour: Rgba,
    /// A line to draw with it (a measured distance), file coordinates.
    pub line: Option<([f32; 3], [f32; 3])>,
}

/// Adds `labels` to `scene`, placed with `projector`; labels whose point is not on screen are
/// left out.
pub fn add_body_labels(
    scene: &mut Scene,
    labels: &[BodyLabel],
    projector: &Projector,
    style: &Style,
) {
    let screen = |p: [f32; 3]| projector.place(p).map(|(s, _)| s);
    let size = style.label_size * 0.9;
    let offset = match style.figure {
        crate::scene::Figure::Body => OFFSET_PX + 10.0,
        crate::scene::Figure::Stick => OFFSET_PX,
    };
    let mut placed: Vec<Label> = Vec::new();
    for item in labels {
        if let Some((a, b)) = item.line
            && let (Some(sa), Some(sb)) = (screen(a), screen(b))
        {
            scene.segments.push(Segment {
                a: sa,
                b: sb,
                colour: item.colour.with_alpha(200),
                width: 1.5,
            });
        }
        let Some(at) = screen(item.at) else {
            continue;
        };
        let dir = item.direction.unwrap_or_else(|| {
            item.centre
                .and_then(screen)
                .map(|c| [at[0] - c[0], at[1] - c[1]])
                .filter(|d| d[0].hypot(d[1]) > 4.0)
                .unwrap_or([1.0, -0.3])
        });
        let len = dir[0].hypot(dir[1]).max(1e-3);
        let (dx, dy) = (dir[0] / len, dir[1] / len);
        let mut pos = [at[0] + dx * offset, at[1] + dy * offset];
        let anchor = match (dx >= 0.0, dy.abs() > 0.8) {
            (_, true) if dy > 0.0 => Anchor::CenterTop,
            (_, true) => Anchor::CenterBottom,
            (true, false) => Anchor::LeftCenter,
            (false, false) => {
                pos[1] += size * 0.5;
                Anchor::RightBottom
            }
        };
        let mut label = Label {
            pos,
            text: item.text.clone(),
            colour: item.colour,
            size,
            anchor,
        };
        make_room(&mut label, &placed);
        placed.push(label);
    }
    for label in &placed {
        for (dx, dy) in HALO {
            scene.labels.push(Label {
                pos: [label.pos[0] + dx, label.pos[1] + dy],
                colour: HALO_COLOUR,
                ..label.clone()
            });
        }
    }
    scene.labels.extend(placed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{ScreenRect, View2d};

    #[test]
    fn labels_sit_beside_their_joint_away_from_the_centre_with_a_halo() {
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [200.0, 200.0]);
        let projector = Projector::Image {
            view: View2d::fitted([0.0, 0.0], [200.0, 200.0]),
            viewport,
        };
        let mut scene = Scene::default();
        let knee = BodyLabel {
            at: [150.0, 100.0, 0.0],
            centre: Some([100.0, 100.0, 0.0]),
            direction: None,
            text: "knee 62°".to_owned(),
            colour: Rgba::rgb(1, 2, 3),
            line: None,
        };
        let missing = BodyLabel {
            at: [f32::NAN, 0.0, 0.0],
            ..knee.clone()
        };
        add_body_labels(&mut scene, &[knee, missing], &projector, &Style::default());
        assert_eq!(
            scene.labels.len(),
            9,
            "one label and its halo; the missing one is left out"
        );
        let label = scene.labels.last().unwrap();
        assert_eq!(label.text, "knee 62°");
        assert_eq!(
            label.anchor,
            Anchor::LeftCenter,
            "to the right, away from the centre"
        );
        let at = projector.place([150.0, 100.0, 0.0]).unwrap().0;
        assert!(label.pos[0] > at[0]);
    }
}
