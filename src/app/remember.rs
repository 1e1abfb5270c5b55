//! Restores what the user picked for a file or marker set when a clip is opened, and records new
//! choices as the user makes them.

use crate::formats::{self, LoadOptions};

use super::connect::{self, UserEdit};
use super::entry::LoadedClip;
use super::store::Stores;

/// Applies the remembered layout, up axis and hand-drawn marker bones to a freshly loaded clip.
pub fn restore(stores: &Stores, loaded: &mut LoadedClip) {
    let clip = &mut loaded.clip;
    if let Some(choice) = stores.choices.get(&clip.meta.source) {
        formats::apply_options(
            clip,
            &LoadOptions {
                layout: choice.layout,
                up: choice.up,
            },
        );
        loaded.refit();
    }
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
    let source = loaded.clip.meta.source.clone();
    let (mut choices_changed, mut bones_changed) = (false, false);
    for edit in edits {
        let names = loaded.clip.skeleton.names().to_vec();
        let bones = match edit {
            UserEdit::Layout(layout) => {
                choices_changed |= stores.choices.update(&source, |c| c.layout = Some(layout));
                continue;
            }
            UserEdit::Up(up) => {
                choices_changed |= stores.choices.update(&source, |c| c.up = Some(up));
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
    if choices_changed {
        notes.extend(stores.save_choices());
    }
    if bones_changed {
        notes.extend(stores.save_marker_bones());
    }
}
