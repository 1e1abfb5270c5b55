//! The angles CSV (`posedeck export PATH --angles --csv OUT`, and the viewer's Export menu):
//! joint angles over time.

use std::io::{self, Write};

use super::angles::presets_for;
use super::body::BodyMap;
use super::measure::{AngleDef, Quantity};
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
    write_angles_with(clip, &[], out)
}

/// As [`write_angles`], followed in each frame and person by the user's own angles (`custom`:
/// three-joint and segment angles picked in the viewer's Measure panel, named as the panel
/// names them; presets among them are left out, they are written already).
///
/// # Errors
/// When writing fails.
pub fn write_angles_with(clip: &Clip, custom: &[AngleDef], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{ANGLES_HEADER}")?;
    let map = BodyMap::new(&clip.skeleton);
    let presets = presets_for(&map);
    let custom: Vec<(String, AngleDef)> = custom
        .iter()
        .filter(|d| !matches!(d, AngleDef::Preset(_)))
        .map(|d| {
            (
                csv_field(&Quantity::Angle(*d).name(clip.skeleton.names())),
                *d,
            )
        })
        .collect();
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
            for (name, def) in &custom {
                let degrees = def
                    .angle_rad(&map, &person, &clip.space)
                    .map_or_else(String::new, |a| format!("{}", a.to_degrees()));
                writeln!(out, "{frame_index},{time},{person_index},{name},{degrees}")?;
            }
        }
    }
    Ok(())
}

/// `text` as one CSV field: quoted (with doubled quotes) when it holds a comma or a quote.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("knee"), "knee");
    }
}
