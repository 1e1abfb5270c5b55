//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::PathBuf;

/// `../shared/datasets` beside the crate, or `None` (with a printed reason) when it is absent.
/// With `POSEDECK_REQUIRE_DATASETS=1` (set by `.ci/run`) an absent folder fails the test instead.
#[must_use]
pub fn datasets() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
        "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not present", dir.display());
    None
}

/// A file in `../shared/datasets`, or `None` when the folder is absent.
#[must_use]
pub fn dataset(relative: &str) -> Option<PathBuf> {
    datasets().map(|d| d.join(relative))
}

/// A file in `assets/`.
#[must_use]
pub fn asset(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}
