//! `posedeck export PATH --angles --csv OUT`: joint angles over time.
//!
//! The writer lives in [`crate::analysis::angles_csv`], where the viewer's Export menu uses it too.

pub use crate::analysis::angles_csv::{ANGLES_HEADER, write_angles};
