//! The deterministic sample-clip generator behind `assets/`.
//!
//! A rig sized from anthropometric tables ([`rig`]) is driven by movements written as tables
//! of published joint-angle curves ([`motions`]); [`ground`] places the root so the stance
//! foot stays on the floor and flight is ballistic; [`samples`] writes the clips as BVH and NPY.
//! Everything is a pure function of constants: no randomness, no clocks, no hash-map order, so
//! the files come out byte-identical on every run.

pub mod anatomy;
pub mod bvh_doc;
pub mod com;
pub mod curve;
pub mod families;
pub mod ground;
pub mod ik;
pub mod keypoints;
pub mod large;
pub mod library_folder;
pub mod motions;
pub mod pose;
pub mod rig;
pub mod samples;
pub mod variation;

pub use samples::{sample_files, write_samples};
