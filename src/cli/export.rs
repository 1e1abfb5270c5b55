//! `posedeck export PATH --csv OUT`: joint positions, one row per frame × person × joint.
//!
//! The writer lives in [`crate::formats::csv_export`], where the viewer's Export menu uses it too.

pub use crate::formats::csv_export::{POSITIONS_HEADER, write_positions};
