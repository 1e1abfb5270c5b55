//! The viewer and `posedeck render` draw the same picture: the scene the viewer painted equals
//! the one `posedeck::render` builds from the view's state (the builder the command line and
//! the Export menu use), and the window's pixels match tiny-skia's drawing of it.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test when the viewer shows nothing"
)]

use egui_kittest::kittest::Queryable as _;
use posedeck::render::{Shot, TextPainter};
use posedeck::scene::{Figure, Scene, ScreenRect, Style};

use super::{PosedeckApp, asset, harness_on_files};

/// The viewer's painted scene and the one `render` builds for the same view and frame.
fn painted_and_rendered(app: &mut PosedeckApp) -> (ScreenRect, Scene, Scene) {
    let loaded = app.selected_clip_mut().expect("a clip is shown");
    let (viewport, painted) = loaded.painted.clone().expect("the view was painted");
    let frame = loaded.playback.frame();
    let style = Style {
        figure: loaded.figure,
        ..Style::default()
    };
    let stage = loaded.stage();
    let shot = if loaded.is_3d() {
        Shot::world(
            &loaded.clip,
            stage,
            loaded.view3d.base,
            loaded.view3d.zoom,
            loaded.view3d.pan_m,
        )
    } else {
        Shot::image(&loaded.clip, loaded.view2d)
    };
    (viewport, painted, shot.scene(frame, &viewport, &style))
}

/// Pixels of the view coloured like the left (sky blue) and right (orange) sides:
/// (left, right) masks, one bool per pixel of `viewport`, from RGBA rows of `width` pixels.
fn side_masks(rgba: &[u8], width: usize, viewport: &ScreenRect) -> (Vec<bool>, Vec<bool>) {
    let near = |p: &[u8], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 40);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for y in viewport.min[1] as usize..viewport.max[1] as usize {
        for x in viewport.min[0] as usize..viewport.max[0] as usize {
            let i = (y * width + x) * 4;
            let p = rgba.get(i..i + 3).unwrap_or(&[0, 0, 0]);
            left.push(near(p, [86, 180, 233]));
            right.push(near(p, [230, 159, 0]));
        }
    }
    (left, right)
}

/// Intersection over union of two masks.
fn iou(a: &[bool], b: &[bool]) -> f64 {
    let both = a.iter().zip(b).filter(|(x, y)| **x && **y).count();
    let either = a.iter().zip(b).filter(|(x, y)| **x || **y).count();
    both as f64 / either.max(1) as f64
}

/// Checks that the window's view and tiny-skia's drawing of the painted scene show the body
/// sides in the same places.
fn pixels_agree(harness: &mut egui_kittest::Harness<'static, PosedeckApp>, what: &str) {
    let (viewport, painted, _) = painted_and_rendered(harness.state_mut());
    let window = harness.render().expect("the window renders");
    let (w, h) = (window.width(), window.height());
    let mut pixmap = posedeck::render::raster::blank(w, h).expect("pixmap");
    posedeck::render::raster::draw_scene(&mut pixmap, &painted, &mut TextPainter::new());
    let ours = posedeck::render::raster::rgba_bytes(&pixmap);
    let (sl, sr) = side_masks(window.as_raw(), w as usize, &viewport);
    let (rl, rr) = side_masks(&ours, w as usize, &viewport);
    let (left, right) = (iou(&sl, &rl), iou(&sr, &rr));
    let inked = sl.iter().filter(|v| **v).count();
    assert!(
        inked > 200,
        "{what}: the window shows the left side ({inked} px)"
    );
    assert!(
        left > 0.75 && right > 0.75,
        "{what}: window and render disagree: left IoU {left:.2}, right IoU {right:.2}"
    );
}

#[test]
fn the_viewer_paints_what_render_draws() {
    let mut harness = harness_on_files(vec![asset("walk.bvh")], 220);
    let (_, painted, rendered) = painted_and_rendered(harness.state_mut());
    assert!(!painted.segments.is_empty());
    assert_eq!(painted, rendered, "3/4 view, stick figure");
    pixels_agree(&mut harness, "3/4 view, stick figure");

    harness.get_by_label("Front").click();
    harness.run();
    harness.get_by_label("Body").click();
    harness.run();
    let (_, painted, rendered) = painted_and_rendered(harness.state_mut());
    assert_eq!(
        harness.state_mut().selected_clip_mut().map(|l| l.figure),
        Some(Figure::Body)
    );
    assert!(!painted.capsules.is_empty());
    assert_eq!(painted, rendered, "front view, body style");
    pixels_agree(&mut harness, "front view, body style");
    // The pointer rests on empty space by the timeline, not on the checkbox.
    harness.hover_at(egui::pos2(790.0, 470.0));
    harness.run();
    harness.snapshot("view_3d_body");
}

#[test]
fn the_2d_viewer_paints_what_render_draws() {
    let mut harness = harness_on_files(vec![asset("jump_coco_2d.npy")], 40);
    let (_, painted, rendered) = painted_and_rendered(harness.state_mut());
    assert!(!painted.segments.is_empty());
    assert_eq!(painted, rendered);
}

/// A save dialog that always answers the same path.
struct FixedPicker(std::path::PathBuf);

impl posedeck::app::export::FilePicker for FixedPicker {
    fn save_path(&mut self, _: &str, _: &str, _: &str) -> Option<std::path::PathBuf> {
        Some(self.0.clone())
    }
}

#[test]
fn the_export_menu_writes_the_view_and_the_csvs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_on_files(vec![asset("walk.bvh")], 100);
    let png = dir.path().join("view.png");
    harness
        .state_mut()
        .set_file_picker(Box::new(FixedPicker(png.clone())));
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("1280 × 720…").click();
    // A spinner turns while the export runs: step instead of waiting for a still picture.
    harness.run_steps(2);
    harness
        .state_mut()
        .exporter_mut()
        .wait(std::time::Duration::from_mins(2));
    harness.run();
    harness.get_by_label("saved view.png");
    let picture = tiny_skia::Pixmap::load_png(&png).expect("the PNG was written");
    assert_eq!((picture.width(), picture.height()), (1280, 720));

    let csv = dir.path().join("angles.csv");
    harness
        .state_mut()
        .set_file_picker(Box::new(FixedPicker(csv.clone())));
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Joint angles (CSV)…").click();
    harness.run_steps(2);
    harness
        .state_mut()
        .exporter_mut()
        .wait(std::time::Duration::from_mins(1));
    let text = std::fs::read_to_string(&csv).expect("the CSV was written");
    assert!(text.starts_with("frame,time_s,person,angle,degrees\n0,0,0,left knee flexion,"));
}
