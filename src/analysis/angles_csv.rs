//! The angles CSV (`posedeck export PATH --angles --csv OUT`, and the viewer's Export menu):
//! joint angles over time.

use std::io::{self, Write};

use super::angles::presets_for;
use super::body::BodyMap;
use crate::model::Clip;

/// The CSV header fixed by `shared/notes/cli.md`.
pub const ANGLES_HEADER: &str = "frame,time_s,person,angle,degrees";

/// Writes every applicable angle preset for every person in every frame. `time_s` is empty when
/// the file declares no frame rate; `degrees` is empty where a joint of the angle is missing.
/// The conventions are those of [`crate::analysis::angles`].
///
/// # Errors
/// When writing fails.
pub fn write_angles(clip: &Clip, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{ANGLES_HEADER}")?;
    let map = BodyMap::new(&clip.skeleton);
    let presets = presets_for(&map);
    let rate = clip.frame_rate_hz.filter(|r| r.is_finite() && *r > 0.0);
    for (frame_index, frame) in clip.poses.frames().enumerate() {
        let time = rate.map_or_else(String::new, |r| format!("{}", frame_index as f64 / r));
        for (person_index, person) in frame.persons().enumerate() {
            for preset in &presets {
                let degrees = preset
                    .angle_rad(&map, &person, &clip.space)
                    .map_or_else(String::new, |a| format!("{}", a.to_degrees()));
                writeln!(
                    out,
                    "{frame_index},{time},{person_index},{},{degrees}",
                    preset.name
                )?;
            }
        }
    }
    Ok(())
}
