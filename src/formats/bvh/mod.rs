//! BVH (Biovision Hierarchy) reader, forward kinematics and writer.
//!
//! Hand-written rather than built on the `bvh_anim` crate: the viewer needs line numbers on every
//! error, a permissive tokeniser (CRLF, TABs, `.5`, `9.2E-16`, `End site`, names with spaces),
//! `Frames:` claims checked against the bytes before anything is allocated, and the motion
//! streamed through forward kinematics frame by frame instead of held whole.
//!
//! - [`parse()`] gives the [`BvhDocument`] the file states (joints, channels, motion values).
//! - [`read`] gives a [`crate::model::Clip`] of world positions of every ROOT / JOINT (End Sites
//!   are not joints of the clip), with the up axis guessed ([`crate::model::Space::up_guessed`]).
//! - [`chunked::open`] opens a file for reading a chunk of frames at a time on every core (the
//!   path [`crate::formats::load`] takes); files it does not cover go to [`read`].
//! - [`fk`] poses a frame; [`write()`] writes a document back in the standard layout.

pub mod chunked;
mod clip;
mod document;
mod failure;
pub mod fk;
mod frames;
mod hierarchy;
mod index;
mod motion;
mod number;
mod parse;
mod sample;
mod scan;
mod tokens;
mod up;
mod write;

pub use clip::read;
pub use document::{BvhDocument, BvhJoint, Channel};
pub use fk::{end_site_positions, world_positions};
pub use parse::parse;
pub use write::write;
