//! The eframe viewer: a clip list, a 3D or 2D view, and a timeline.
//!
//! Only this module (and `main.rs`) names egui or eframe. [`playback`] is the one piece of
//! logic here without UI types; everything drawn comes from [`crate::scene`].

pub mod allocator;
#[expect(
    clippy::module_inception,
    reason = "app/app.rs holds the App type, one concept per file"
)]
mod app;
pub mod assets;
mod bookmarks_panel;
mod clip_list;
pub mod clip_settings;
pub mod clip_tools;
pub mod compare;
pub mod connect;
pub mod entry;
pub mod export;
mod hover;
mod icons;
mod info;
pub mod library;
pub mod loader;
pub mod look;
pub mod measure;
mod painter;
mod persist;
pub mod playback;
mod plot_panel;
mod remember;
pub mod screenshot;
mod shortcuts;
pub mod store;
mod timeline;
mod timeline_bar;
mod toolbar;
mod tools_menu;
mod view2d;
mod view3d;
mod view_layers;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use app::PosedeckApp;
pub use playback::Playback;

/// What the command line asked the viewer to do.
#[derive(Clone, Debug, Default)]
pub struct ViewerOptions {
    /// Files and folders to open; empty = the bundled samples in `assets/`.
    pub paths: Vec<PathBuf>,
    /// Save a screenshot of the window to this PNG after the first frames, then quit.
    pub screenshot: Option<PathBuf>,
    /// Show this frame (0-based, clamped to the clip) of the first clip, paused.
    pub frame: Option<usize>,
    /// Start in compare mode on the first two clips (`posedeck A B --compare`).
    pub compare: bool,
}

/// Opens the viewer window and runs until it is closed.
///
/// # Errors
/// When the window cannot be created, or the requested screenshot could not be saved.
pub fn run(options: &ViewerOptions) -> Result<(), String> {
    allocator::share_arenas();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("posedeck")
            .with_app_id("posedeck")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        renderer: eframe::Renderer::Wgpu,
        ..eframe::NativeOptions::default()
    };
    let outcome: screenshot::Outcome = Arc::new(Mutex::new(None));
    let mut app = PosedeckApp::new(options);
    if let Some(frame) = options.frame {
        app.start_at_frame(frame);
    }
    if let Some(out) = &options.screenshot {
        app.take_screenshot(out.clone(), Arc::clone(&outcome));
    }
    eframe::run_native(
        "posedeck",
        native,
        Box::new(move |cc| {
            cc.egui_ctx.set_theme(egui::Theme::Dark);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("cannot open the viewer window: {e}"))?;
    if options.screenshot.is_some() {
        let result = outcome.lock().ok().and_then(|mut slot| slot.take());
        return result.unwrap_or_else(|| {
            Err("the window closed before the screenshot was taken".to_owned())
        });
    }
    Ok(())
}
