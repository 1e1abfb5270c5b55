//! The skeleton layout and up axis the user picked for a file, restored when it is opened again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{LayoutId, UpAxis};

/// File name in the config folder.
pub const FILE_NAME: &str = "file_choices.json";

/// What the user picked for one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Skeleton layout picked from the menu (files that do not name their joints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<LayoutId>,
    /// Up axis picked from the menu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up: Option<UpAxis>,
}

/// Choices by file, keyed by the file's absolute path.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileChoices {
    /// Absolute path → choice.
    files: BTreeMap<String, Choice>,
}

/// The key of `path`: its canonical form when the file exists, else the path as given.
fn key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

impl FileChoices {
    /// The choice remembered for `path`, if any.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<Choice> {
        self.files.get(&key(path)).copied()
    }

    /// Changes the choice for `path` with `edit`; returns whether anything changed.
    pub fn update(&mut self, path: &Path, edit: impl FnOnce(&mut Choice)) -> bool {
        let entry = self.files.entry(key(path)).or_default();
        let before = *entry;
        edit(entry);
        before != *entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_file_and_reports_changes() {
        let mut choices = FileChoices::default();
        let a = Path::new("/nowhere/a.npy");
        assert!(choices.update(a, |c| c.layout = Some(LayoutId::Coco17)));
        assert!(!choices.update(a, |c| c.layout = Some(LayoutId::Coco17)));
        assert_eq!(
            choices.get(a).and_then(|c| c.layout),
            Some(LayoutId::Coco17)
        );
        assert_eq!(choices.get(Path::new("/nowhere/b.npy")), None);
        let json = serde_json::to_string(&choices).unwrap();
        let back: FileChoices = serde_json::from_str(&json).unwrap();
        assert_eq!(back, choices);
    }
}
