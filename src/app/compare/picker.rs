//! Choosing two clips to compare: the selected clip and another from the list.

use egui::Ui;

use super::super::entry::ClipEntry;

/// Remembered between frames: which clip to compare the selected one with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Picker {
    other: Option<usize>,
}

impl Picker {
    /// Shows "Compare with \[clip\] \[Compare\]" under the clip list. Returns the pair
    /// `(selected, other)` when the button was pressed.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        entries: &[ClipEntry],
        selected: Option<usize>,
    ) -> Option<(usize, usize)> {
        let selected = selected?;
        entries.get(selected)?.whole()?;
        let others: Vec<(usize, &str)> = entries
            .iter()
            .enumerate()
            .filter(|(i, e)| *i != selected && e.whole().is_some())
            .map(|(i, e)| (i, e.name.as_str()))
            .collect();
        if others.is_empty() {
            return None;
        }
        let other = self
            .other
            .filter(|o| others.iter().any(|(i, _)| i == o))
            .unwrap_or(others[0].0);
        self.other = Some(other);
        let name = others
            .iter()
            .find(|(i, _)| *i == other)
            .map_or("", |(_, n)| n);
        let mut start = None;
        ui.horizontal(|ui| {
            let label = ui.label("Compare with");
            egui::ComboBox::from_id_salt("compare_with")
                .selected_text(name)
                .width((ui.available_width() - 12.0).max(60.0))
                .truncate()
                .show_ui(ui, |ui| {
                    for (i, n) in &others {
                        ui.selectable_value(&mut self.other, Some(*i), *n);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if ui
            .button("Compare")
            .on_hover_text("Play the selected clip and this one together")
            .clicked()
        {
            start = Some((selected, other));
        }
        start
    }
}
