//! Tests of the per-clip settings sidecar in a temporary config folder.

use super::*;

/// A temporary config folder and a clip file in another folder.
fn setup() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let config = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let clip = data.path().join("walk.bvh");
    fs::write(&clip, "HIERARCHY\n").unwrap();
    (config, data, clip)
}

#[test]
fn bookmarks_and_view_round_trip() {
    let (config, data, clip) = setup();
    let store = SettingsStore::at(config.path());
    assert_eq!(store.load(&clip), Loaded::default(), "nothing saved yet");
    let mut settings = ClipSettings::default();
    let first = settings.add_bookmark(120, 1.0);
    let second = settings.add_bookmark(60, 0.5);
    assert_eq!((first, second), (0, 0), "kept in frame order");
    settings.bookmarks[0].title = "Heel strike".to_owned();
    settings.bookmarks[0].note = "right heel, \"quote\" and ünïcode".to_owned();
    settings.view = Some(SavedView::Side);
    assert_eq!(store.save(&clip, &settings), Ok(true));
    let loaded = store.load(&clip);
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.settings.bookmarks, settings.bookmarks);
    assert_eq!(loaded.settings.view, Some(SavedView::Side));
    assert_eq!(loaded.settings.version, SETTINGS_VERSION);
    // The sidecar is in the config folder, never beside the clip.
    let (sidecar, _) = store.sidecar_for(&clip).unwrap();
    assert!(sidecar.starts_with(config.path()));
    assert!(
        sidecar
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("walk.bvh-")
    );
    let beside: Vec<_> = fs::read_dir(data.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "only the clip itself");
    assert_eq!(fs::read_to_string(&clip).unwrap(), "HIERARCHY\n");
    // The same clip by another path (with `..`) finds the same sidecar.
    let other = data.path().join("sub").join("..").join("walk.bvh");
    fs::create_dir(data.path().join("sub")).unwrap();
    assert_eq!(store.load(&other).settings.bookmarks.len(), 2);
}

#[test]
fn a_corrupt_sidecar_gives_empty_settings_and_a_notice() {
    let (config, _data, clip) = setup();
    let store = SettingsStore::at(config.path());
    let (sidecar, _) = store.sidecar_for(&clip).unwrap();
    fs::create_dir_all(sidecar.parent().unwrap()).unwrap();
    fs::write(&sidecar, "{\"bookmarks\": [{\"frame\": \"twelve\"").unwrap();
    let loaded = store.load(&clip);
    assert!(loaded.settings.bookmarks.is_empty());
    let notice = loaded.notice.unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    assert!(notice.contains(&sidecar.display().to_string()), "{notice}");
    // Set aside, so the next load is clean and the next save replaces it.
    assert!(!sidecar.exists());
    assert!(sidecar.with_extension("json.bad").exists());
    assert_eq!(store.load(&clip), Loaded::default());
    let mut settings = ClipSettings::default();
    settings.add_bookmark(3, 0.1);
    assert_eq!(store.save(&clip, &settings), Ok(true));
    assert_eq!(store.load(&clip).settings.bookmarks.len(), 1);
}

#[test]
fn saving_is_atomic_and_leaves_no_temporary_files() {
    let (config, _data, clip) = setup();
    let store = SettingsStore::at(config.path());
    let mut settings = ClipSettings::default();
    for frame in 0..50 {
        settings.add_bookmark(frame, frame as f64 / 30.0);
        assert_eq!(store.save(&clip, &settings), Ok(true));
    }
    let (sidecar, _) = store.sidecar_for(&clip).unwrap();
    let names: Vec<String> = fs::read_dir(sidecar.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(store.load(&clip).settings.bookmarks.len(), 50);
    // A folder that cannot be created is an error naming the file, not a panic.
    let blocked = config.path().join("file");
    fs::write(&blocked, "").unwrap();
    let err = SettingsStore::at(&blocked)
        .save(&clip, &settings)
        .unwrap_err();
    assert!(err.contains("cannot save the bookmarks"), "{err}");
}

#[test]
fn clips_not_on_disk_keep_nothing() {
    let config = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(config.path());
    let missing = Path::new("made_in_memory.npy");
    assert_eq!(store.save(missing, &ClipSettings::default()), Ok(false));
    assert_eq!(store.load(missing), Loaded::default());
    assert_eq!(
        SettingsStore::none().save(missing, &ClipSettings::default()),
        Ok(false)
    );
}

#[test]
fn sidecar_names_are_stable() {
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
}

#[test]
fn display_choices_round_trip_without_the_open_windows() {
    use crate::app::look::Look;
    let config = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(config.path());
    assert_eq!(store.load_display::<Look>(), None);
    let look = Look {
        bone_width_px: 6.0,
        joint_names: true,
        light: true,
        help_open: true,
        bookmarks_open: true,
        ..Look::default()
    };
    assert_eq!(store.save_display(&look), Ok(true));
    let back: Look = store.load_display().unwrap();
    assert!((back.bone_width_px - 6.0).abs() < f32::EPSILON);
    assert!(back.joint_names && back.light);
    assert!(
        !back.help_open && !back.bookmarks_open,
        "windows are not saved"
    );
    assert!(!back.saved_part_differs(&look));
    // A broken file is ignored (defaults), a missing folder is no error.
    fs::write(config.path().join(DISPLAY_FILE), "[").unwrap();
    assert_eq!(store.load_display::<Look>(), None);
    assert_eq!(SettingsStore::none().save_display(&look), Ok(false));
}
