//! The data model: clips, skeletons, layout presets, coordinate spaces and pose storage.
//!
//! Depends on nothing else in the crate.

mod clip;
mod format_id;
pub mod layout;
pub mod marker_sets;
mod outline;
mod poses;
mod side;
mod skeleton;
mod space;

pub use clip::{AnalogChannels, Clip, ClipMeta, ClipPart};
pub use format_id::FormatId;
pub use layout::{Layout, LayoutId};
pub use outline::ClipOutline;
pub use poses::{DEFAULT_FRAMES_PER_CHUNK, FrameView, PersonView, PoseChunk, Poses, PosesBuilder};
pub use side::Side;
pub use skeleton::{Bone, Skeleton};
pub use space::{Space, Units, UpAxis};
