//! The Export menu: the current view as a PNG (at a chosen resolution), a strip, a GIF of the
//! clip, and the positions and angles CSVs.
//!
//! Pictures are made by [`crate::render`] from the view's own camera state, so they match the
//! screen and the `posedeck render` command; the CSVs are the `posedeck export` writers. Each
//! item asks for a file name through a [`FilePicker`] (the native save dialog; tests inject
//! fixed paths so no dialog ever opens), then writes in a background thread, atomically; the
//! outcome shows next to the menu.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use crate::analysis::angles_csv;
use crate::analysis::measure::{AngleDef, Quantity};
use crate::formats::{atomic, csv_export};
use crate::model::Clip;
use crate::render::{self, Animation, Look, Shot, StripSpec, Subjects, TextPainter};
use crate::scene::{Stage, Style};

use super::entry::LoadedClip;

/// Asks the user where to save a file.
pub trait FilePicker {
    /// A path to save to, or `None` when cancelled (or no dialog can be shown).
    /// `extension` is without the dot.
    fn save_path(&mut self, title: &str, default_name: &str, extension: &str) -> Option<PathBuf>;
}

/// The native save dialog (xdg-desktop-portal on Linux; `None` when there is none).
#[derive(Debug, Default)]
pub struct NativePicker;

impl FilePicker for NativePicker {
    fn save_path(&mut self, title: &str, default_name: &str, extension: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter(extension.to_ascii_uppercase(), &[extension])
            .save_file()
    }
}

/// Picture sizes offered for the current view, pixels.
pub const PICTURE_SIZES: [[u32; 2]; 3] = [[1280, 720], [1920, 1080], [3840, 2160]];
/// Poses in an exported strip.
pub const STRIP_POSES: usize = 6;

/// One export, with everything it needs owned (it runs on another thread).
#[derive(Debug)]
pub enum Request {
    /// The current view as a picture.
    Picture {
        /// The clip.
        clip: Box<Clip>,
        /// How the view shows it.
        view: ViewState,
        /// Frame shown.
        frame: usize,
        /// Size, pixels.
        size: [u32; 2],
        /// Figure style.
        style: Style,
    },
    /// A side-by-side strip of the whole clip.
    Strip {
        /// The clip.
        clip: Box<Clip>,
        /// How the view shows it.
        view: ViewState,
        /// Figure style.
        style: Style,
    },
    /// A GIF of the clip between two times.
    Gif {
        /// The clip.
        clip: Box<Clip>,
        /// How the view shows it.
        view: ViewState,
        /// From and to, seconds.
        range_s: (f64, f64),
        /// Figure style.
        style: Style,
    },
    /// The positions CSV.
    Positions(Box<Clip>),
    /// The angles CSV.
    Angles(Box<Clip>, Vec<AngleDef>),
}

/// The view's camera state, owned.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewState {
    /// A 3D view: the stage (with the follow choice), camera angles, zoom and pan.
    World {
        /// Measured stage.
        stage: Box<Stage>,
        /// Camera angles and field of view.
        base: crate::scene::OrbitCamera,
        /// Zoom relative to the fitted distance.
        zoom: f32,
        /// Pan of the target, metres.
        pan_m: [f32; 3],
    },
    /// A 2D view with its zoom and pan.
    Image(crate::scene::View2d),
}

impl ViewState {
    /// The state of `loaded`'s view now.
    pub fn of(loaded: &mut LoadedClip) -> Self {
        if loaded.is_3d() {
            Self::World {
                stage: Box::new(loaded.stage()),
                base: loaded.view3d.base,
                zoom: loaded.view3d.zoom,
                pan_m: loaded.view3d.pan_m,
            }
        } else {
            Self::Image(loaded.view2d)
        }
    }

    fn shot<'a>(&self, clip: &'a Clip) -> Shot<'a> {
        match self {
            Self::World {
                stage,
                base,
                zoom,
                pan_m,
            } => Shot::world(clip, (**stage).clone(), *base, *zoom, *pan_m),
            Self::Image(view) => Shot::image(clip, *view),
        }
    }
}

impl Request {
    /// What the save dialog says.
    #[must_use]
    pub fn title(&self) -> &'static str {
        match self {
            Self::Picture { .. } => "Save the view as PNG",
            Self::Strip { .. } => "Save a strip as PNG",
            Self::Gif { .. } => "Save an animated GIF",
            Self::Positions(_) => "Save joint positions as CSV",
            Self::Angles(..) => "Save joint angles as CSV",
        }
    }

    /// The file extension, without the dot.
    #[must_use]
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Picture { .. } | Self::Strip { .. } => "png",
            Self::Gif { .. } => "gif",
            Self::Positions(_) | Self::Angles(..) => "csv",
        }
    }

    fn clip(&self) -> &Clip {
        match self {
            Self::Picture { clip, .. }
            | Self::Strip { clip, .. }
            | Self::Gif { clip, .. }
            | Self::Positions(clip)
            | Self::Angles(clip, _) => clip,
        }
    }

    /// A sensible file name: the clip's name, what it is, the extension.
    #[must_use]
    pub fn default_name(&self) -> String {
        let source = &self.clip().meta.source;
        let stem = source
            .file_stem()
            .map_or_else(|| "clip".to_owned(), |s| s.to_string_lossy().into_owned());
        let what = match self {
            Self::Picture { frame, .. } => format!("_frame{frame}"),
            Self::Strip { .. } => "_strip".to_owned(),
            Self::Gif { .. } => String::new(),
            Self::Positions(_) => "_positions".to_owned(),
            Self::Angles(..) => "_angles".to_owned(),
        };
        format!("{stem}{what}.{}", self.extension())
    }

    /// Makes the file and writes it to `path` (atomically).
    ///
    /// # Errors
    /// One sentence naming the file.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let look = |style: &Style| Look {
            style: *style,
            ..Look::default()
        };
        let mut text = TextPainter::new();
        let bytes = match self {
            Self::Picture {
                clip,
                view,
                frame,
                size,
                style,
            } => {
                let subjects = Subjects::single(view.shot(clip));
                let pixmap = render::picture(
                    &subjects,
                    clip.time_s(*frame),
                    *size,
                    &look(style),
                    &mut text,
                )
                .map_err(|e| fail(&e))?;
                render::png::encode(&pixmap).map_err(|e| fail(&e))?
            }
            Self::Strip { clip, view, style } => {
                let subjects = Subjects::single(view.shot(clip));
                let spec = StripSpec {
                    count: STRIP_POSES,
                    from_s: 0.0,
                    to_s: clip.time_s(clip.frame_count().saturating_sub(1)),
                    superimpose: false,
                };
                let size = render::default_strip_size(STRIP_POSES, 1);
                let pixmap = render::strip(&subjects, &spec, size, &look(style), &mut text)
                    .map_err(|e| fail(&e))?;
                render::png::encode(&pixmap).map_err(|e| fail(&e))?
            }
            Self::Gif {
                clip,
                view,
                range_s,
                style,
            } => {
                let subjects = Subjects::single(view.shot(clip));
                let animation = Animation {
                    from_s: range_s.0,
                    to_s: range_s.1,
                    fps: clip.playback_rate_hz().min(render::gif::MAX_GIF_FPS),
                    size: render::DEFAULT_GIF_SIZE,
                };
                let mut file = atomic::AtomicFile::create(path).map_err(|e| fail(&e))?;
                let result = render::animate(
                    &subjects,
                    &animation,
                    &look(style),
                    file.writer(),
                    &mut |_, _| {},
                );
                return match result {
                    Ok(_) => file.finish().map_err(|e| fail(&e)),
                    Err(e) => {
                        file.abandon();
                        Err(fail(&e))
                    }
                };
            }
            Self::Positions(clip) => {
                let mut out = Vec::new();
                csv_export::write_positions(clip, &mut out).map_err(|e| fail(&e))?;
                out
            }
            Self::Angles(clip, custom) => {
                let mut out = Vec::new();
                angles_csv::write_angles_with(clip, custom, &mut out).map_err(|e| fail(&e))?;
                out
            }
        };
        atomic::write(path, &bytes).map_err(|e| fail(&e))
    }
}

/// The Export menu's state: the file picker, exports running, the last outcome.
pub struct Exporter {
    picker: Box<dyn FilePicker>,
    running: Vec<(PathBuf, Receiver<Result<(), String>>)>,
    outcome: Option<Result<String, String>>,
}

impl std::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter")
            .field("running", &self.running.len())
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

impl Default for Exporter {
    fn default() -> Self {
        Self::new(Box::new(NativePicker))
    }
}

impl Exporter {
    /// An exporter asking `picker` for file names.
    #[must_use]
    pub fn new(picker: Box<dyn FilePicker>) -> Self {
        Self {
            picker,
            running: Vec::new(),
            outcome: None,
        }
    }

    /// True while an export is being written.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// The last finished export: `Ok(file name)` or `Err(sentence)`.
    #[must_use]
    pub fn outcome(&self) -> Option<&Result<String, String>> {
        self.outcome.as_ref()
    }

    /// Asks for a file name and starts writing `request` there in the background.
    pub fn start(&mut self, request: Request) {
        let Some(path) = self.picker.save_path(
            request.title(),
            &request.default_name(),
            request.extension(),
        ) else {
            return;
        };
        let (tx, rx) = channel();
        let target = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(request.write(&target));
        });
        self.running.push((path, rx));
        self.outcome = None;
    }

    /// Collects finished exports.
    pub fn poll(&mut self) {
        let mut still = Vec::new();
        for (path, rx) in self.running.drain(..) {
            match rx.try_recv() {
                Ok(result) => {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    self.outcome = Some(result.map(|()| name));
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => still.push((path, rx)),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.outcome = Some(Err(format!(
                        "{}: the export stopped unexpectedly",
                        path.display()
                    )));
                }
            }
        }
        self.running = still;
    }

    /// Waits (at most `timeout`) for the running exports to finish (tests).
    pub fn wait(&mut self, timeout: std::time::Duration) {
        let start = std::time::Instant::now();
        while self.is_busy() && start.elapsed() < timeout {
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.poll();
        }
    }
}

/// An item of the Export menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Picture([u32; 2]),
    Strip,
    Gif,
    Positions,
    Angles,
}

/// The request for `choice` on `loaded` as it is shown now.
fn request(choice: Choice, loaded: &mut LoadedClip) -> Request {
    let style = Style {
        figure: loaded.figure,
        ..Style::default()
    };
    let clip = Box::new(loaded.clip.clone());
    match choice {
        Choice::Picture(size) => Request::Picture {
            view: ViewState::of(loaded),
            frame: loaded.playback.frame(),
            clip,
            size,
            style,
        },
        Choice::Strip => Request::Strip {
            view: ViewState::of(loaded),
            clip,
            style,
        },
        Choice::Gif => {
            let end = clip.time_s(clip.frame_count().saturating_sub(1));
            Request::Gif {
                view: ViewState::of(loaded),
                clip,
                range_s: (0.0, end),
                style,
            }
        }
        Choice::Positions => Request::Positions(clip),
        Choice::Angles => {
            // The presets, and the angles the user made in the Measure panel.
            let custom = loaded
                .measure
                .selected
                .iter()
                .filter_map(|q| match q {
                    Quantity::Angle(def) => Some(*def),
                    _ => None,
                })
                .collect();
            Request::Angles(clip, custom)
        }
    }
}

/// The Export menu button (and the last outcome beside it) for `loaded`.
pub fn menu(ui: &mut Ui, loaded: &mut LoadedClip, exporter: &mut Exporter) {
    exporter.poll();
    if exporter.is_busy() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    let mut chosen: Option<Choice> = None;
    let view_size = loaded.view_size.map(|v| v.round().max(16.0) as u32);
    if loaded.is_reading() {
        ui.add_enabled(false, egui::Button::new("Export"))
            .on_disabled_hover_text("Export is ready when every frame is read.");
        return;
    }
    ui.menu_button("Export", |ui| {
        ui.label(RichText::new("The view as PNG").weak());
        let sizes = std::iter::once(view_size).chain(PICTURE_SIZES);
        for (k, size) in sizes.enumerate() {
            let label = if k == 0 {
                format!("{} × {} (as on screen)…", size[0], size[1])
            } else {
                format!("{} × {}…", size[0], size[1])
            };
            if ui.button(label).clicked() {
                chosen = Some(Choice::Picture(size));
            }
        }
        ui.separator();
        let items = [
            (
                format!("Strip of {STRIP_POSES} poses (PNG)…"),
                Choice::Strip,
            ),
            ("Animation of the clip (GIF)…".to_owned(), Choice::Gif),
            ("Joint positions (CSV)…".to_owned(), Choice::Positions),
            ("Joint angles (CSV)…".to_owned(), Choice::Angles),
        ];
        for (k, (label, choice)) in items.into_iter().enumerate() {
            if k == 2 {
                ui.separator();
            }
            if ui.button(label).clicked() {
                chosen = Some(choice);
            }
        }
        if chosen.is_some() {
            ui.close();
        }
    });
    if let Some(choice) = chosen {
        exporter.start(request(choice, loaded));
    }
    if exporter.is_busy() {
        ui.spinner();
    } else {
        match exporter.outcome() {
            Some(Ok(name)) => {
                ui.weak(format!("saved {name}"));
            }
            Some(Err(message)) => {
                ui.colored_label(super::clip_list::ERROR_RED, message.as_str());
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, FormatId, LayoutId, PosesBuilder, Skeleton, Space};

    fn clip() -> Clip {
        let skeleton = Skeleton::from_names_and_bones(
            vec!["a".into(), "b".into()],
            vec![crate::model::Bone { from: 0, to: 1 }],
            LayoutId::FromFile,
        );
        let mut poses = PosesBuilder::new(2, 2, false, false);
        for f in 0..3 {
            poses.begin_frame();
            poses.push_person(&[10.0, 10.0, 20.0, 40.0 + f as f32], None, None);
        }
        Clip::new(
            skeleton,
            Some(10.0),
            Space::image_px(),
            poses.finish(),
            ClipMeta::new("/data/run.npy", FormatId::Npy),
        )
    }

    #[test]
    fn default_names_say_what_the_file_is() {
        let c = || Box::new(clip());
        assert_eq!(Request::Positions(c()).default_name(), "run_positions.csv");
        assert_eq!(
            Request::Angles(c(), Vec::new()).default_name(),
            "run_angles.csv"
        );
        let view = ViewState::Image(crate::scene::fit_2d(&clip()));
        let picture = Request::Picture {
            clip: c(),
            view: view.clone(),
            frame: 2,
            size: [64, 48],
            style: Style::default(),
        };
        assert_eq!(picture.default_name(), "run_frame2.png");
        let gif = Request::Gif {
            clip: c(),
            view,
            range_s: (0.0, 0.2),
            style: Style::default(),
        };
        assert_eq!(gif.default_name(), "run.gif");
    }

    struct Fixed(Option<PathBuf>);

    impl FilePicker for Fixed {
        fn save_path(&mut self, _: &str, _: &str, _: &str) -> Option<PathBuf> {
            self.0.clone()
        }
    }

    #[test]
    fn exports_write_where_the_picker_says_and_cancelling_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut exporter = Exporter::new(Box::new(Fixed(Some(target.clone()))));
        exporter.start(Request::Positions(Box::new(clip())));
        exporter.wait(std::time::Duration::from_secs(30));
        assert_eq!(exporter.outcome(), Some(&Ok("out.csv".to_owned())));
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.starts_with("frame,person,joint,x,y,z,confidence\n0,0,a,10,10,,\n"));
        let view = ViewState::Image(crate::scene::fit_2d(&clip()));
        let png = dir.path().join("view.png");
        let mut exporter = Exporter::new(Box::new(Fixed(Some(png.clone()))));
        exporter.start(Request::Picture {
            clip: Box::new(clip()),
            view,
            frame: 1,
            size: [64, 48],
            style: Style::default(),
        });
        exporter.wait(std::time::Duration::from_secs(30));
        let picture = tiny_skia::Pixmap::load_png(&png).unwrap();
        assert_eq!((picture.width(), picture.height()), (64, 48));
        let mut cancelled = Exporter::new(Box::new(Fixed(None)));
        cancelled.start(Request::Angles(Box::new(clip()), Vec::new()));
        assert!(!cancelled.is_busy());
        assert_eq!(cancelled.outcome(), None);
    }
}
