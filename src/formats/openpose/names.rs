//! The file names of a frame sequence, in one text buffer: a folder of 100,000 frames costs
//! its names' bytes and one offset each, not a `PathBuf` allocation per file.

use std::path::{Path, PathBuf};

/// File names in a folder, in order.
#[derive(Clone, Debug, Default)]
pub struct FrameNames {
    dir: PathBuf,
    text: String,
    /// The end of each name in `text`.
    ends: Vec<usize>,
}

impl FrameNames {
    /// No names yet, in folder `dir`.
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            ..Self::default()
        }
    }

    /// Adds a name at the end.
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    /// Number of names.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is no name.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Name `index` (empty when out of range).
    #[must_use]
    pub fn name(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        self.text.get(start..end).unwrap_or("")
    }

    /// The path of file `index`: the folder joined with its name.
    #[must_use]
    pub fn path(&self, index: usize) -> PathBuf {
        self.dir.join(self.name(index))
    }

    /// Every path, in order.
    pub fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len()).map(|i| self.path(i))
    }

    /// Gives back spare buffer room.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_in_order() {
        let mut names = FrameNames::new(Path::new("dir"));
        names.push("a_1.json");
        names.push("a_10.json");
        assert_eq!(names.len(), 2);
        assert_eq!(names.name(1), "a_10.json");
        assert_eq!(names.name(2), "");
        assert_eq!(names.path(0), Path::new("dir/a_1.json"));
        assert_eq!(names.paths().count(), 2);
    }
}
