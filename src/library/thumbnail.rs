//! A clip's card pictures, drawn headless from the same scene as the viewer: a thumbnail of its
//! most telling frame (drawn while indexing) and a short preview (a few moments side by side in
//! one PNG, played on the card when hovered; drawn the first time a card is hovered).

use tiny_skia::Pixmap;

use crate::model::Clip;
use crate::render::{self, Look, Shot, Subjects, TextPainter, ViewChoice, raster};
use crate::scene::{ScreenRect, Style};

/// Thumbnail width and height, pixels.
pub const THUMB_SIZE: [u32; 2] = [160, 120];
/// Moments in a preview strip.
pub const PREVIEW_FRAMES: u32 = 8;
/// Frames looked at when choosing the most telling one.
const CANDIDATE_FRAMES: usize = 48;

/// The frame that shows the most of the movement: of up to 48 evenly spaced frames, the one
/// whose first person has the most joints present, then the widest spread (a stride, arms out)
/// over a standing pose.
#[must_use]
pub fn telling_frame(clip: &Clip) -> usize {
    let frames = clip.frame_count();
    if frames == 0 {
        return 0;
    }
    let step = frames.div_ceil(CANDIDATE_FRAMES).max(1);
    let mut best = (0usize, f32::MIN, 0usize);
    for index in (0..frames).step_by(step) {
        let Some(frame) = clip.poses.frame(index) else {
            continue;
        };
        let Some(person) = frame.person(0) else {
            continue;
        };
        let mut min = [f32::INFINITY; 3];
        let mut max = [f32::NEG_INFINITY; 3];
        let mut present = 0usize;
        for joint in 0..clip.poses.joints() {
            if let Some(p) = person.joint(joint)
                && p.iter().all(|v| v.is_finite())
            {
                present += 1;
                for k in 0..3 {
                    min[k] = min[k].min(p[k]);
                    max[k] = max[k].max(p[k]);
                }
            }
        }
        if present == 0 {
            continue;
        }
        // Spread relative to the tallest side, so units do not matter.
        let extents: Vec<f32> = (0..3).map(|k| max[k] - min[k]).collect();
        let tallest = extents.iter().copied().fold(0.0_f32, f32::max).max(1e-6);
        let spread: f32 = extents.iter().map(|e| e / tallest).sum();
        if present > best.0 || (present == best.0 && spread > best.1) {
            best = (present, spread, index);
        }
    }
    best.2
}

/// The look of small card pictures: thinner bones, small labels.
fn card_look() -> Look {
    Look {
        style: Style {
            bone_width: 2.0,
            part_width: 1.0,
            joint_radius: 1.8,
            grid_width: 0.6,
            label_size: 9.0,
            ..Style::default()
        },
        ..Look::default()
    }
}

fn viewport() -> ScreenRect {
    ScreenRect::from_min_size([0.0, 0.0], [THUMB_SIZE[0] as f32, THUMB_SIZE[1] as f32])
}

/// One small picture: the scene without its labels (legend, grid size, person numbers are
/// unreadable at this size; the card says what they would).
fn panel(subjects: &Subjects<'_>, time_s: f64, text: &mut TextPainter) -> Result<Pixmap, String> {
    let mut scene = render::compose::moment_scene(subjects, time_s, &viewport(), &card_look());
    scene.labels.clear();
    raster::rasterise(&scene, THUMB_SIZE[0], THUMB_SIZE[1], text).map_err(|e| e.to_string())
}

/// The thumbnail of `clip`: its most telling frame, PNG.
///
/// # Errors
/// When the clip cannot be seen from any view (no points at all) or a picture cannot be made.
pub fn draw_thumbnail(clip: &Clip, text: &mut TextPainter) -> Result<Vec<u8>, String> {
    let shot = Shot::new(clip, ViewChoice::default_for(clip)).map_err(|e| e.to_string())?;
    let telling = telling_frame(clip);
    // Framed on the pose shown (3D views: centred, as large as fits).
    let subjects = Subjects::single(shot.tightened(&[telling], &viewport()));
    render::png::encode(&panel(&subjects, clip.time_s(telling), text)?)
}

/// The preview strip of `clip`: [`PREVIEW_FRAMES`] moments evenly spread over the clip, each
/// [`THUMB_SIZE`], side by side, at one scale. PNG.
///
/// # Errors
/// As [`draw_thumbnail`].
pub fn draw_preview(clip: &Clip, text: &mut TextPainter) -> Result<Vec<u8>, String> {
    let shot = Shot::new(clip, ViewChoice::default_for(clip)).map_err(|e| e.to_string())?;
    let [w, h] = THUMB_SIZE;
    let mut strip = raster::blank(w * PREVIEW_FRAMES, h).map_err(|e| e.to_string())?;
    let last = clip.frame_count().saturating_sub(1);
    let frames: Vec<usize> = (0..PREVIEW_FRAMES)
        .map(|k| (last as f64 * f64::from(k) / f64::from(PREVIEW_FRAMES - 1)).round() as usize)
        .collect();
    let subjects = Subjects::single(shot.tightened(&frames, &viewport()));
    for (k, &frame) in (0..PREVIEW_FRAMES).zip(&frames) {
        let moment = panel(&subjects, clip.time_s(frame), text)?;
        raster::paste(&mut strip, &moment, [(k * w) as i32, 0]);
    }
    render::png::encode(&strip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(name)
    }

    #[test]
    fn draws_a_thumbnail_and_a_preview_strip() {
        let clip = crate::formats::load(&asset("walk.bvh")).unwrap();
        let mut text = TextPainter::new();
        let thumb = Pixmap::decode_png(&draw_thumbnail(&clip, &mut text).unwrap()).unwrap();
        assert_eq!([thumb.width(), thumb.height()], THUMB_SIZE);
        let strip = Pixmap::decode_png(&draw_preview(&clip, &mut text).unwrap()).unwrap();
        assert_eq!(strip.width(), THUMB_SIZE[0] * PREVIEW_FRAMES);
        // Something was drawn: not every pixel has the background colour.
        let first = thumb.pixels()[0];
        assert!(thumb.pixels().iter().any(|p| *p != first));
    }

    #[test]
    fn the_telling_frame_is_within_the_clip() {
        let clip = crate::formats::load(&asset("jump_coco_2d.npy")).unwrap();
        assert!(telling_frame(&clip) < clip.frame_count());
    }
}
