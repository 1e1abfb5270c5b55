//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `relative` inside `../shared/datasets` beside the crate, or `None` (with a printed reason)
/// when that folder is absent. With `POSEDECK_REQUIRE_DATASETS=1` (set by `.ci/run`) an absent
/// folder fails the test instead of skipping it.
#[must_use]
pub fn dataset(relative: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if dir.is_dir() {
        return Some(dir.join(relative));
    }
    assert!(
        std::env::var_os("POSEDECK_REQUIRE_DATASETS").is_none(),
        "{} is missing but POSEDECK_REQUIRE_DATASETS is set",
        dir.display()
    );
    eprintln!("skipped: {} is not present", dir.display());
    None
}
