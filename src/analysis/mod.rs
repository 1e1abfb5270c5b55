//! Measurements on poses: landmarks, joint angles. Pure functions, no UI.

pub mod align;
pub mod align_curves;
pub mod angles;
pub mod angles_csv;
pub mod body;
pub mod cleaning;
pub mod com;
pub mod filter;
pub mod gait;
pub mod gaps;
pub mod kinematics;
pub mod measure;
pub mod spatial;
