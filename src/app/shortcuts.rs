//! Every keyboard shortcut of the viewer, what it does, and the help window that lists them
//! (F1 or ?).

use egui::{Key, Modifiers, RichText, Ui};

use crate::scene::Preset;

use super::entry::LoadedClip;
use super::look::Look;

/// The shortcuts as the help window lists them: (keys, action).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "Play / pause"),
    (
        "Left / Right",
        "Step back / forward (by the Step setting: every Nth frame)",
    ),
    (
        "Home / End",
        "Jump to the start / end (of the loop range when one is set)",
    ),
    (
        "− / +",
        "Slower / faster: 10, 25, 50, 75, 100, 150, 200 % of real time",
    ),
    ("I / O", "Loop range: set A (in) / B (out) at the playhead"),
    (
        "Shift + drag on the timeline",
        "Draw a loop range; drag its A / B handles to adjust",
    ),
    ("X", "Clear the loop range"),
    ("L", "Loop on / off"),
    ("B", "Bookmark the frame shown (key frame)"),
    ("Shift + Left / Right", "Previous / next bookmark"),
    ("K", "Show / hide the key frames panel"),
    ("T", "Trails on / off"),
    ("G", "Onion skin (ghost poses) on / off"),
    (
        "1 2 3 4",
        "3D view: three-quarter, front, side (sagittal), top",
    ),
    (
        "Drag / right-drag / wheel",
        "Orbit (3D) or pan (2D) / pan / zoom the view",
    ),
    ("Double-click the view", "Reset the view"),
    ("F1 or ?", "Show / hide this list"),
];

/// Everything pressed this frame that the viewer acts on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one flag per key of the shortcut table"
)]
struct Pressed {
    space: bool,
    left: bool,
    right: bool,
    prev_bookmark: bool,
    next_bookmark: bool,
    home: bool,
    end: bool,
    slower: bool,
    faster: bool,
    mark_in: bool,
    mark_out: bool,
    clear_range: bool,
    toggle_loop: bool,
    bookmark: bool,
    panel: bool,
    trails: bool,
    onion: bool,
    help: bool,
    view: Option<Preset>,
}

fn read_keys(ui: &Ui) -> Pressed {
    ui.input_mut(|i| {
        let mut key = |m: Modifiers, k: Key| i.consume_key(m, k);
        // Shifted variants first: plain patterns also match with Shift held.
        let prev_bookmark = key(Modifiers::SHIFT, Key::ArrowLeft);
        let next_bookmark = key(Modifiers::SHIFT, Key::ArrowRight);
        let none = Modifiers::NONE;
        let view = [
            (Key::Num1, Preset::ThreeQuarter),
            (Key::Num2, Preset::Front),
            (Key::Num3, Preset::Side),
            (Key::Num4, Preset::Top),
        ]
        .into_iter()
        .find_map(|(k, p)| key(none, k).then_some(p));
        Pressed {
            space: key(none, Key::Space),
            left: key(none, Key::ArrowLeft),
            right: key(none, Key::ArrowRight),
            prev_bookmark,
            next_bookmark,
            home: key(none, Key::Home),
            end: key(none, Key::End),
            slower: key(none, Key::Minus),
            faster: key(none, Key::Plus) | key(none, Key::Equals),
            mark_in: key(none, Key::I),
            mark_out: key(none, Key::O),
            clear_range: key(none, Key::X),
            toggle_loop: key(none, Key::L),
            bookmark: key(none, Key::B),
            panel: key(none, Key::K),
            trails: key(none, Key::T),
            onion: key(none, Key::G),
            help: key(none, Key::F1) | key(none, Key::Questionmark),
            view,
        }
    })
}

/// Acts on the keys pressed this frame (none while a text field has the keyboard).
pub fn handle(ui: &Ui, look: &mut Look, loaded: Option<&mut LoadedClip>) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let keys = read_keys(ui);
    if keys.help {
        look.help_open = !look.help_open;
    }
    if keys.panel {
        look.bookmarks_open = !look.bookmarks_open;
    }
    let Some(loaded) = loaded else {
        return;
    };
    let playback = &mut loaded.playback;
    if keys.space {
        playback.toggle();
    }
    if keys.left {
        playback.step(-1);
    }
    if keys.right {
        playback.step(1);
    }
    if keys.home {
        playback.pause();
        playback.seek_frame(playback.play_range().first);
    }
    if keys.end {
        playback.pause();
        playback.seek_frame(playback.play_range().last);
    }
    if keys.slower {
        playback.slower();
    }
    if keys.faster {
        playback.faster();
    }
    if keys.mark_in {
        playback.mark_in();
    }
    if keys.mark_out {
        playback.mark_out();
    }
    if keys.clear_range {
        playback.clear_loop_range();
    }
    if keys.toggle_loop {
        playback.set_looping(!playback.is_looping());
    }
    let tools = &mut loaded.tools;
    for (pressed, forward) in [(keys.prev_bookmark, false), (keys.next_bookmark, true)] {
        if pressed && let Some(frame) = tools.next_bookmark(playback.frame(), forward) {
            playback.pause();
            playback.seek_frame(frame);
            tools.selected_bookmark = tools
                .settings
                .bookmarks
                .iter()
                .position(|b| b.frame == frame);
        }
    }
    if keys.bookmark {
        tools.add_bookmark(playback.frame(), playback.frame_time_s());
        look.bookmarks_open = true;
    }
    if keys.trails {
        tools.trails_on = !tools.trails_on;
    }
    if keys.onion {
        tools.onion_on = !tools.onion_on;
    }
    if let Some(preset) = keys.view
        && loaded.clip.space.is_3d()
    {
        loaded.view3d.set_preset(preset);
        loaded.tools.remember_view(preset);
    }
}

/// The shortcuts window, when open.
pub fn help_window(ui: &Ui, look: &mut Look) {
    let mut open = look.help_open;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ui.ctx(), |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([16.0, 4.0])
                .striped(true)
                .show(ui, |ui| {
                    for (keys, action) in SHORTCUTS {
                        ui.label(RichText::new(*keys).monospace().strong());
                        ui.label(*action);
                        ui.end_row();
                    }
                });
            ui.add_space(4.0);
            ui.weak("Shortcuts work while no text field is being edited.");
        });
    look.help_open = open;
}
