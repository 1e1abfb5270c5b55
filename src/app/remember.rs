//! Restores the bones the user drew for a marker set when a clip is opened, and records new
//! choices as the user makes them (marker bones in the store; layout and up axis in the clip's
//! own settings, see [`super::clip_settings`]).

use super::connect::{self, UserEdit};
use super::entry::LoadedClip;
use super::store::Stores;

/// Applies the hand-drawn marker bones of its marker set to a freshly loaded clip.
pub fn restore(stores: &Stores, loaded: &mut LoadedClip) {
    if connect::can_connect(loaded) && loaded.clip.skeleton.bones().is_empty() {
        let names = loaded.clip.skeleton.names();
        if let Some(bones) = stores.marker_bones.bones_for(names) {
            loaded.clip.skeleton = loaded.clip.skeleton.clone().with_bones(bones);
        }
    }
}

/// Applies and saves the choices the panels recorded this frame; a failure to save becomes a
/// notice in `notes`.
pub fn record(stores: &mut Stores, loaded: &mut LoadedClip, notes: &mut Vec<String>) {
    let edits = std::mem::take(&mut loaded.edits);
    if edits.is_empty() {
        return;
    }
    let mut bones_changed = false;
    for edit in edits {
        let names = loaded.clip.skeleton.names().to_vec();
        let bones = match edit {
            UserEdit::Layout(layout) => {
                loaded.tools.remember_choice(Some(layout), None);
                continue;
            }
            UserEdit::Up(up) => {
                loaded.tools.remember_choice(None, Some(up));
                continue;
            }
            UserEdit::ToggleBone(a, b) => stores.marker_bones.toggle(&names, a, b),
            UserEdit::UndoBone => stores.marker_bones.undo(&names),
            UserEdit::ClearBones => {
                stores.marker_bones.clear(&names);
                Vec::new()
            }
        };
        loaded.clip.skeleton = loaded.clip.skeleton.clone().with_bones(bones);
        bones_changed = true;
    }
    if bones_changed {
        notes.extend(stores.save_marker_bones());
    }
}
