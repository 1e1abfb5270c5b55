//! The panels of the viewer window: the clip list on the left, the Measure and plot panels,
//! and the view in the middle (or a clip's error, or the compare views).

use egui::{RichText, Ui};

use super::super::clip_list::{self, ERROR_RED};
use super::super::entry::EntryState;
use super::super::{info, measure, plot_panel, remember, toolbar, view2d, view3d};
use super::PosedeckApp;

impl PosedeckApp {
    /// The Measure panel on the right and the plot panel above the timeline (issue 7).
    pub(super) fn measure_panels(&mut self, ui: &mut Ui) {
        let Some(loaded) = self.selected_clip_mut().filter(|l| l.measure.open) else {
            return;
        };
        measure::refresh(loaded);
        egui::Panel::right("measure")
            .default_size(270.0)
            .size_range(200.0..=420.0)
            .show(ui, |ui| measure::panel::show(ui, loaded));
        if loaded.measure.show_plot {
            egui::Panel::bottom("plot").show(ui, |ui| plot_panel::show(ui, loaded));
        }
        measure::refresh(loaded);
        if loaded.measure.is_computing() {
            // A long clip's curves are being worked out in the background: look again soon.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    pub(super) fn left_panel(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        let loading = self.is_loading();
        ui.horizontal(|ui| {
            ui.heading("Clips");
            if loading {
                ui.spinner();
                if ui
                    .small_button("Cancel")
                    .on_hover_text("Stop loading: files not read yet are left out")
                    .clicked()
                {
                    self.cancel_loading();
                }
            } else {
                ui.weak(format!("{}", self.entries.len()));
            }
            if ui
                .button("Library")
                .on_hover_text("Browse a folder of clips (Escape)")
                .clicked()
            {
                self.in_library = true;
            }
        });
        ui.separator();
        if let Some(index) = clip_list::show(ui, &self.entries, self.selected, &self.notes) {
            self.select(index);
        }
        ui.separator();
        if let Some(compare) = &mut self.compare {
            compare.left_ui(ui, &mut self.entries);
            return;
        }
        if let Some((a, b)) = self.compare_picker.show(ui, &self.entries, self.selected) {
            self.compare(a, b);
            return;
        }
        if let Some(loaded) = self.selected_clip_mut() {
            info::show(ui, loaded);
        }
    }

    pub(super) fn central(&mut self, ui: &mut Ui) {
        if let Some(compare) = &mut self.compare {
            if compare.central_ui(ui, &mut self.entries, &self.look) {
                self.compare = None;
            }
            return;
        }
        let Some(entry) = self.selected.and_then(|i| self.entries.get_mut(i)) else {
            ui.centered_and_justified(|ui| {
                if self.entries.is_empty() && !self.is_loading() {
                    ui.label("No clips. Drop pose files or folders here, or run: posedeck PATH...");
                } else {
                    ui.spinner();
                }
            });
            return;
        };
        match &mut entry.state {
            EntryState::Loading => {
                ui.centered_and_justified(Ui::spinner);
            }
            EntryState::Failed(message) => {
                ui.add_space(20.0);
                ui.label(RichText::new("This file could not be read:").strong());
                ui.label(RichText::new(message.as_str()).color(ERROR_RED));
            }
            EntryState::Ready(loaded) => {
                toolbar::show(ui, loaded, &mut self.exporter, &mut self.look);
                ui.add_space(2.0);
                if loaded.is_3d() {
                    view3d::show(ui, loaded, &self.look);
                } else {
                    view2d::show(ui, loaded, &self.look);
                }
                remember::record(&mut self.stores, loaded, &mut self.notes);
            }
        }
    }
}
