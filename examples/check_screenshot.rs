//! Checks that a window screenshot (from `posedeck --screenshot OUT.png`) shows real content:
//! a window-sized picture with a skeleton's left and right colours in it, not a blank frame.
//! Used by `.ci/run`.

use std::process::ExitCode;

use posedeck::scene::style::{LEFT, RIGHT};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_screenshot SHOT.png");
        return ExitCode::FAILURE;
    };
    let pixmap = match tiny_skia::Pixmap::load_png(&path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("check_screenshot: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut colours = std::collections::HashSet::new();
    let mut left = 0_usize;
    let mut right = 0_usize;
    for pixel in pixmap.pixels() {
        let rgb = [pixel.red(), pixel.green(), pixel.blue()];
        colours.insert(rgb);
        if close(rgb, LEFT) {
            left += 1;
        }
        if close(rgb, RIGHT) {
            right += 1;
        }
    }
    let ok = width >= 640 && height >= 400 && colours.len() >= 64 && left >= 20 && right >= 20;
    let verdict = if ok { "ok" } else { "FAILED" };
    eprintln!(
        "check_screenshot: {path}: {width}x{height}, {} colours, {left} left-side and {right} right-side pixels: {verdict}",
        colours.len()
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn close(a: [u8; 3], b: posedeck::scene::primitives::Rgba) -> bool {
    a.iter()
        .zip(&b.0[..3])
        .all(|(x, y)| (i16::from(*x) - i16::from(*y)).abs() <= 6)
}
