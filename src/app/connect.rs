//! Connecting markers into bones by hand: marker data whose marker set posedeck does not know
//! (C3D and TRC files with labels such as `Channel103`) is a bare point cloud until the user
//! clicks two markers to join them. The bones are remembered per marker set
//! ([`super::store::marker_bones`]) and drawn for every clip with those labels.

use egui::{Color32, Painter, Pos2, Response, Stroke, Ui};

use crate::model::{LayoutId, UpAxis};
use crate::scene::Scene;

use super::entry::LoadedClip;

/// Extra pixels around a marker's dot that still count as clicking it.
const SLACK_PX: f32 = 6.0;

/// A choice the user made that posedeck remembers, handed from the panels to the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserEdit {
    /// A skeleton layout was picked for the file.
    Layout(LayoutId),
    /// An up axis was picked for the file.
    Up(UpAxis),
    /// The bone between two markers was added (or removed when it existed).
    ToggleBone(usize, usize),
    /// The last bone drawn was removed.
    UndoBone,
    /// Every bone of the marker set was removed.
    ClearBones,
}

/// The connect tool's state for one clip.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Linking {
    /// Whether clicks in the view connect markers.
    pub active: bool,
    /// The marker clicked first, waiting for the second.
    pub first: Option<usize>,
}

/// Whether the clip's points may be connected by hand: a skeleton read from the file that is not
/// a joint tree (marker data, not BVH).
#[must_use]
pub fn can_connect(loaded: &LoadedClip) -> bool {
    let skeleton = &loaded.clip.skeleton;
    skeleton.layout() == LayoutId::FromFile && skeleton.parents().iter().all(Option::is_none)
}

/// The toolbar part of the tool: a toggle, and Undo / Clear while it is on.
pub fn toolbar(ui: &mut Ui, loaded: &mut LoadedClip) {
    if !can_connect(loaded) {
        return;
    }
    ui.separator();
    let hint = "Click two markers to join them with a bone; click the same two again to remove \
                it. Saved for this marker set and reused for every clip with these labels.";
    if ui
        .toggle_value(&mut loaded.linking.active, "Connect markers")
        .on_hover_text(hint)
        .changed()
    {
        loaded.linking.first = None;
    }
    if loaded.linking.active {
        let has_bones = !loaded.clip.skeleton.bones().is_empty();
        if ui
            .add_enabled(has_bones, egui::Button::new("Undo bone"))
            .clicked()
        {
            loaded.edits.push(UserEdit::UndoBone);
        }
        if ui
            .add_enabled(has_bones, egui::Button::new("Clear bones"))
            .clicked()
        {
            loaded.edits.push(UserEdit::ClearBones);
        }
    }
}

/// Handles a click on a marker while the tool is on, rings the marker waiting for its partner,
/// and says what to do next in the view's corner.
pub fn handle(response: &Response, painter: &Painter, scene: &Scene, loaded: &mut LoadedClip) {
    if !loaded.linking.active {
        return;
    }
    if response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        match scene.joint_at([pointer.x, pointer.y], SLACK_PX) {
            Some(id) => match loaded.linking.first.take() {
                Some(first) if first != id.joint => {
                    loaded.edits.push(UserEdit::ToggleBone(first, id.joint));
                }
                Some(_) => {}
                None => loaded.linking.first = Some(id.joint),
            },
            None => loaded.linking.first = None,
        }
    }
    let prompt = match loaded.linking.first {
        Some(first) => {
            if let Some(disc) = scene.discs.iter().find(|d| d.joint.joint == first) {
                painter.circle_stroke(
                    Pos2::new(disc.centre[0], disc.centre[1]),
                    disc.radius + 5.0,
                    Stroke::new(2.0, Color32::from_rgb(255, 220, 80)),
                );
            }
            format!(
                "{}: now click the marker to join it to",
                loaded.clip.skeleton.name(first)
            )
        }
        None => "Connect markers: click the first marker".to_owned(),
    };
    painter.text(
        response.rect.left_bottom() + egui::vec2(10.0, -30.0),
        egui::Align2::LEFT_BOTTOM,
        prompt,
        egui::FontId::proportional(14.0),
        Color32::from_rgb(255, 220, 80),
    );
}
