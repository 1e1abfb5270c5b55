//! Folder indexing: finding the pose files in a folder.

pub mod scan;

pub use scan::scan;
