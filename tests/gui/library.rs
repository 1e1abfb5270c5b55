//! Screenshot tests of the clip library: the grid on the shared datasets, a filter applied,
//! the "could not open" section, indexing in progress; and the keyboard.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test on broken fixtures"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use posedeck::app::PosedeckApp;
use posedeck::library::{DimsFilter, IndexOptions, Sort, SortKey};

use super::{SIZE, common};

/// A fixed path (the snapshots show it) that links to `target`.
fn fixed_link(name: &str, target: &Path) -> PathBuf {
    let base = std::env::temp_dir().join("posedeck-library-tests");
    std::fs::create_dir_all(&base).expect("temp dir");
    let link = base.join(name);
    let _ = std::fs::remove_file(&link);
    let _ = std::fs::remove_dir_all(&link);
    std::os::unix::fs::symlink(target, &link).expect("symlink");
    link
}

/// The app showing the library on `dir`, with its cache in `cache`, indexed to the end
/// unless `paused`.
fn library_app(dir: &Path, cache: &Path) -> PosedeckApp {
    let mut app = PosedeckApp::from_clips(Vec::new());
    let library = app.library_mut();
    library.set_index_options(IndexOptions {
        root: dir.to_path_buf(),
        cache_db: Some(cache.join("library.sqlite3")),
        threads: 2,
        pictures: true,
    });
    library.open_folder(dir.to_path_buf());
    library.wait_until_indexed(Duration::from_mins(3));
    app.show_library(true);
    app
}

fn harness(app: PosedeckApp) -> Harness<'static, PosedeckApp> {
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_theme(egui::Theme::Dark)
        .wgpu()
        .build_ui_state(|ui, app: &mut PosedeckApp| app.ui(ui), app);
    harness.run_steps(4);
    harness
}

#[test]
fn library_grid_of_the_datasets() {
    let Some(datasets) = common::dataset("") else {
        return;
    };
    let dir = fixed_link("datasets", &datasets);
    let cache = tempfile::tempdir().expect("temp dir");
    let mut app = library_app(&dir, cache.path());
    assert_eq!(app.library_mut().items().len(), 33);
    assert!(app.library_mut().failed().is_empty());
    let mut harness = harness(app);
    harness.snapshot("library_grid");
}

#[test]
fn library_with_a_filter_applied() {
    let Some(datasets) = common::dataset("") else {
        return;
    };
    let dir = fixed_link("datasets-filtered", &datasets);
    let cache = tempfile::tempdir().expect("temp dir");
    let mut app = library_app(&dir, cache.path());
    let library = app.library_mut();
    library.filter.dims = DimsFilter::Three;
    library.filter.min_duration_s = Some(4.0);
    library.sort = Sort {
        key: SortKey::Duration,
        descending: true,
    };
    library.changed();
    let names: Vec<String> = library.shown().iter().map(|r| r.name.clone()).collect();
    assert_eq!(
        names.first().map(String::as_str),
        Some("video2bvh_cxk_cmu_style_rig.bvh"),
        "{names:?}"
    );
    let is_json = |n: &String| {
        Path::new(n)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    };
    assert!(!names.iter().any(is_json), "{names:?}");
    let mut harness = harness(app);
    harness.snapshot("library_filtered");
}

/// A folder of real files from the datasets, three of them cut short.
fn damaged_folder(datasets: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let cut = |relative: &str, name: &str, keep: usize| {
        let bytes = std::fs::read(datasets.join(relative)).expect("dataset file");
        std::fs::write(root.join(name), &bytes[..keep]).expect("write");
    };
    cut("bvh/biovision_example.bvh", "walk_cut_short.bvh", 1500);
    cut(
        "npy/video2bvh_cxk_3d_pose_h36m17.npy",
        "dance_3d_cut_short.npy",
        4000,
    );
    cut("c3d/sample02_pc_int.c3d", "gait_header_only.c3d", 600);
    for relative in [
        "trc/pose2sim_demo_Balancing_for_IK.trc",
        "bvh/cmu_12_01_walk.bvh",
    ] {
        let from = datasets.join(relative);
        std::fs::copy(&from, root.join(from.file_name().expect("name"))).expect("copy");
    }
    tmp
}

#[test]
fn library_lists_what_could_not_be_opened() {
    let Some(datasets) = common::dataset("") else {
        return;
    };
    let files = damaged_folder(&datasets);
    let dir = fixed_link("damaged", files.path());
    let cache = tempfile::tempdir().expect("temp dir");
    let mut app = library_app(&dir, cache.path());
    let failed: Vec<String> = app
        .library_mut()
        .failed()
        .iter()
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(failed.len(), 3, "{failed:?}");
    let mut harness = harness(app);
    harness.get_by_label("Could not open (3)");
    harness.snapshot("library_failures");
}

#[test]
fn library_while_indexing() {
    let Some(datasets) = common::dataset("") else {
        return;
    };
    // Five clips known to the cache, then seven more to read, reading paused: the progress
    // row shows where indexing stands with the first cards already there.
    let tmp = tempfile::tempdir().expect("temp dir");
    let all = [
        "bvh/cmu_12_01_walk.bvh",
        "bvh/mocapbank_crlf_tabs.bvh",
        "trc/pose2sim_demo_Balancing_for_IK.trc",
        "npy/video2bvh_cxk_3d_pose_h36m17.npy",
        "c3d/sample01_Eb015pi.c3d",
        "c3d/sample02_pc_int.c3d",
        "c3d/sample13_golfswing1.c3d",
        "coco/mmpose_test_coco.json",
        "npy/video2bvh_cxk_2d_pose_body25.npy",
        "dlc/openfield_CollectedData_Pranav.csv",
        "pose_format/mediapipe_holistic.pose",
        "bvh/biovision_example.bvh",
    ];
    let copy = |relative: &str| {
        let from = datasets.join(relative);
        std::fs::copy(&from, tmp.path().join(from.file_name().expect("name"))).expect("copy");
    };
    all[..5].iter().for_each(|r| copy(r));
    let dir = fixed_link("indexing", tmp.path());
    let cache = tempfile::tempdir().expect("temp dir");
    drop(library_app(&dir, cache.path()));
    all[5..].iter().for_each(|r| copy(r));
    let mut app = PosedeckApp::from_clips(Vec::new());
    let library = app.library_mut();
    library.set_index_options(IndexOptions {
        root: dir.clone(),
        cache_db: Some(cache.path().join("library.sqlite3")),
        threads: 1,
        pictures: true,
    });
    library.open_folder(dir.clone());
    library.set_paused(true);
    // The walk ends on its own; the cached clips arrive, the rest wait.
    let deadline = std::time::Instant::now() + Duration::from_mins(1);
    while library
        .progress()
        .is_some_and(|p| p.candidates < 12 || p.processed < 5)
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    library.poll();
    let progress = library.progress().expect("indexing");
    assert!(!progress.finished);
    assert_eq!(
        (
            progress.candidates,
            progress.processed,
            progress.clips_found
        ),
        (12, 5, 5)
    );
    app.show_library(true);
    let mut harness = harness(app);
    harness.get_by_label("Resume");
    harness.snapshot("library_indexing");
    // Resuming finishes the folder.
    harness.state_mut().library_mut().set_paused(false);
    harness
        .state_mut()
        .library_mut()
        .wait_until_indexed(Duration::from_mins(2));
    assert_eq!(harness.state_mut().library_mut().items().len(), 12);
}

#[test]
fn arrows_move_enter_opens_and_escape_returns() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let cache = tempfile::tempdir().expect("temp dir");
    let app = library_app(&dir, cache.path());
    let mut harness = harness(app);
    let selected = |h: &mut Harness<'_, PosedeckApp>| {
        h.state_mut()
            .library_mut()
            .selected()
            .map(|r| r.name.clone())
    };
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(3);
    let first = selected(&mut harness).expect("a selection");
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(3);
    let second = selected(&mut harness).expect("a selection");
    assert_ne!(first, second);
    harness.key_press(egui::Key::ArrowLeft);
    harness.run_steps(3);
    assert_eq!(selected(&mut harness), Some(first.clone()));
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert!(!harness.state().is_in_library());
    harness
        .state_mut()
        .wait_until_loaded(Duration::from_mins(1));
    harness.run_steps(3);
    let open = harness
        .state()
        .selected()
        .map(|i| harness.state().entries()[i].name.clone());
    assert_eq!(open, Some(first));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(harness.state().is_in_library());
}

#[test]
fn library_table_sorted_by_a_column() {
    let Some(datasets) = common::dataset("") else {
        return;
    };
    let dir = fixed_link("datasets-table", &datasets);
    let cache = tempfile::tempdir().expect("temp dir");
    let mut app = library_app(&dir, cache.path());
    app.library_mut().layout = posedeck::app::library::Layout::Table;
    app.library_mut().group_by_folder = true;
    app.library_mut().changed();
    let mut harness = harness(app);
    // Clicking the Frames heading sorts by frames, a second click reverses.
    harness.get_by_label("Frames").click();
    harness.run_steps(2);
    harness.get_by_label("Frames").click();
    harness.run_steps(2);
    let library = harness.state_mut().library_mut();
    assert_eq!(
        library.sort,
        Sort {
            key: SortKey::Frames,
            descending: true
        }
    );
    harness.snapshot("library_table");
}

/// A folder dropped on the window.
#[derive(Debug)]
struct DroppedFolder(PathBuf);

impl egui::DroppedFile for DroppedFolder {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder has no bytes".to_owned())
    }
}

/// A folder picker that answers with a fixed folder.
struct FixedPicker(PathBuf);

impl posedeck::app::library::FolderPicker for FixedPicker {
    fn pick_folder(&mut self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

#[test]
fn a_folder_opens_from_the_menu_dialog_and_by_dropping_it() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let cache = tempfile::tempdir().expect("temp dir");
    let settings = tempfile::tempdir().expect("temp dir");
    let settings_file = settings.path().join("settings.json");
    let mut app = PosedeckApp::from_clips(Vec::new());
    *app.library_mut() = posedeck::app::library::LibraryView::new(Some(settings_file.clone()));
    app.library_mut().set_index_options(IndexOptions {
        root: assets.clone(),
        cache_db: Some(cache.path().join("library.sqlite3")),
        threads: 2,
        pictures: true,
    });
    app.library_mut()
        .set_folder_picker(Box::new(FixedPicker(assets.clone())));
    app.show_library(true);
    let mut harness = harness(app);
    // The start page, then the dialog's folder.
    harness.get_by_label("Browse a folder of clips");
    harness.get_by_label("Open folder…").click();
    harness.run_steps(2);
    harness
        .state_mut()
        .library_mut()
        .wait_until_indexed(Duration::from_mins(2));
    assert_eq!(
        harness.state_mut().library_mut().root(),
        Some(assets.as_path())
    );
    assert!(harness.state_mut().library_mut().items().len() >= 10);
    // Remembered for the next start.
    let (saved, notice) = posedeck::library::settings::Settings::load(&settings_file);
    assert!(notice.is_none());
    assert_eq!(saved.recent_folders.first(), Some(&assets));

    // Dropping a folder on the viewer opens it in the library.
    let other = tempfile::tempdir().expect("temp dir");
    std::fs::copy(assets.join("walk.bvh"), other.path().join("walk.bvh")).expect("copy");
    harness.state_mut().show_library(false);
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedFolder(
            other.path().to_path_buf(),
        )));
    harness.run_steps(2);
    assert!(harness.state().is_in_library());
    harness
        .state_mut()
        .library_mut()
        .wait_until_indexed(Duration::from_mins(1));
    assert_eq!(harness.state_mut().library_mut().root(), Some(other.path()));
    assert_eq!(harness.state_mut().library_mut().items().len(), 1);
}
