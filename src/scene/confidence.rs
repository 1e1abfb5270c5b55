//! Joints coloured by the detector's confidence, with a legend that says what the colours mean.
//!
//! Four bands, from a colour-blind-safe sequence (Okabe–Ito bluish green, yellow, orange,
//! vermillion): high ≥ 0.8, medium 0.5–0.8, low 0.3–0.5, very low < 0.3. A joint without a
//! stored confidence keeps its side colour. Missing joints are not drawn at all (they are gaps,
//! see [`super::build`]), whatever their confidence.

use crate::model::Clip;

use super::primitives::{Anchor, Label, Rgba, Scene, ScreenRect};
use super::style::{self, Style};

/// The bands: lower bound, colour, legend text.
pub const BANDS: [(f32, Rgba, &str); 4] = [
    (0.8, Rgba::rgb(0, 158, 115), "≥ 0.8"),
    (0.5, Rgba::rgb(240, 228, 66), "0.5–0.8"),
    (0.3, Rgba::rgb(230, 159, 0), "0.3–0.5"),
    (f32::NEG_INFINITY, Rgba::rgb(213, 94, 0), "< 0.3"),
];

/// The colour of a confidence value.
#[must_use]
pub fn colour_of(confidence: f32) -> Rgba {
    BANDS
        .iter()
        .find(|(lower, _, _)| confidence >= *lower)
        .map_or(BANDS[3].1, |(_, c, _)| *c)
}

/// True when the clip stores confidences.
#[must_use]
pub fn clip_has_confidence(clip: &Clip) -> bool {
    clip.poses.has_confidence()
}

/// Recolours the joint dots of `scene` (frame `frame` of `clip`) by confidence and adds the
/// legend under the left / right legend in the top-right corner. Does nothing for clips without
/// confidences.
pub fn colour_joints(
    scene: &mut Scene,
    clip: &Clip,
    frame: usize,
    viewport: &ScreenRect,
    style: &Style,
) {
    if !clip_has_confidence(clip) {
        return;
    }
    let Some(view) = clip.poses.frame(frame) else {
        return;
    };
    for disc in &mut scene.discs {
        let confidence = view
            .person(disc.joint.person)
            .and_then(|p| p.confidence_of(disc.joint.joint))
            .filter(|c| c.is_finite());
        if let Some(c) = confidence {
            disc.colour = colour_of(c).with_alpha(disc.colour.0[3]);
            // A little bigger, so the colour reads over the bones.
            disc.radius = disc.radius.max(style.joint_radius * 1.25);
        }
    }
    add_legend(scene, viewport, style);
}

/// The legend: a title and one coloured line per band, right-aligned under the side legend.
fn add_legend(scene: &mut Scene, viewport: &ScreenRect, style: &Style) {
    let x = viewport.max[0] - 10.0;
    let line = style.label_size * 1.25;
    let mut y = viewport.min[1] + 8.0 + line * 1.2;
    scene.labels.push(Label {
        pos: [x, y],
        text: "joint confidence".to_owned(),
        colour: style::TEXT,
        size: style.label_size * 0.9,
        anchor: Anchor::RightTop,
    });
    for (_, colour, text) in BANDS {
        y += line;
        scene.labels.push(Label {
            pos: [x, y],
            text: format!("• {text}"),
            colour,
            size: style.label_size * 0.9,
            anchor: Anchor::RightTop,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Space};
    use crate::scene::{build_2d, fit_2d};

    #[test]
    fn bands_cover_every_value() {
        assert_eq!(colour_of(0.95), BANDS[0].1);
        assert_eq!(colour_of(0.8), BANDS[0].1);
        assert_eq!(colour_of(0.6), BANDS[1].1);
        assert_eq!(colour_of(0.3), BANDS[2].1);
        assert_eq!(colour_of(0.05), BANDS[3].1);
        assert_eq!(colour_of(-1.0), BANDS[3].1);
    }

    #[test]
    fn joints_take_their_confidence_colour_and_missing_ones_stay_gaps() {
        let skeleton = LayoutId::Coco17.layout().unwrap().skeleton();
        let mut b = PosesBuilder::new(17, 2, true, false);
        let coords: Vec<f32> = (0..17)
            .flat_map(|j| [100.0 + j as f32, 50.0 + 10.0 * j as f32])
            .collect();
        let mut coords = coords;
        coords[2] = f32::NAN; // joint 1 missing
        coords[3] = f32::NAN;
        let conf: Vec<f32> = (0..17).map(|j| if j == 0 { 0.9 } else { 0.2 }).collect();
        b.begin_frame();
        b.push_person(&coords, Some(&conf), None);
        let clip = Clip::new(
            skeleton,
            Some(30.0),
            Space::image_px(),
            b.finish(),
            ClipMeta::new("conf", FormatId::Coco),
        );
        let viewport = ScreenRect::from_min_size([0.0, 0.0], [400.0, 300.0]);
        let style = Style::default();
        let mut scene = build_2d(&clip, 0, &fit_2d(&clip), &viewport, &style);
        colour_joints(&mut scene, &clip, 0, &viewport, &style);
        assert_eq!(scene.discs.len(), 16, "the missing joint is not drawn");
        assert!(scene.discs.iter().all(|d| d.joint.joint != 1));
        let nose = scene.discs.iter().find(|d| d.joint.joint == 0).unwrap();
        assert_eq!(nose.colour.0[..3], BANDS[0].1.0[..3]);
        let other = scene.discs.iter().find(|d| d.joint.joint == 5).unwrap();
        assert_eq!(other.colour.0[..3], BANDS[3].1.0[..3]);
        assert!(scene.labels.iter().any(|l| l.text == "joint confidence"));
        assert!(scene.labels.iter().any(|l| l.text == "• < 0.3"));
    }
}
