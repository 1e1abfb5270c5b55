//! The movements, one per file, each a [`Motion`](super::ground::Motion): joint angles over time
//! from published curves, and which feet carry the body.

pub mod cmj;
pub mod golf_swing;
pub mod sprint_start;
pub mod squat;
pub mod walk;
