//! The positions CSV (`posedeck export PATH --csv OUT`, and the viewer's Export menu): joint
//! positions, one row per frame × person × joint, as `shared/notes/cli.md` fixes them.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::model::{Clip, FormatId};

/// The CSV header fixed by `shared/notes/cli.md`.
pub const POSITIONS_HEADER: &str = "frame,person,joint,x,y,z,confidence";

/// How the `person` column is numbered for a format (`shared/notes/cli.md`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum PersonNumbering {
    /// The person's place within the frame, in file order.
    PlaceInFrame,
    /// The stored track index (SLEAP).
    TrackIndex,
    /// Body ids numbered in order of first appearance (NTU).
    FirstAppearance,
}

fn person_numbering(format: FormatId) -> PersonNumbering {
    match format {
        FormatId::Sleap => PersonNumbering::TrackIndex,
        FormatId::Ntu => PersonNumbering::FirstAppearance,
        _ => PersonNumbering::PlaceInFrame,
    }
}

/// Writes the positions CSV of `clip` to `out`.
///
/// Coordinates are in the file's own units and axes; missing points have empty `x,y,z`; `z` is
/// empty for 2D data; `confidence` is empty where the file stores none. Numbers use the shortest
/// representation that reads back to the same stored value.
///
/// # Errors
/// When writing fails.
pub fn write_positions(clip: &Clip, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{POSITIONS_HEADER}")?;
    let names = clip.skeleton.names();
    let dims = clip.space.dims;
    let numbering = person_numbering(clip.meta.format);
    let mut first_seen: HashMap<i64, usize> = HashMap::new();
    let mut line = String::with_capacity(96);
    for (frame_index, frame) in clip.poses.frames().enumerate() {
        for (slot, person) in frame.persons().enumerate() {
            let person_index = match (numbering, person.track_id) {
                (PersonNumbering::TrackIndex, Some(id)) => usize::try_from(id).unwrap_or(slot),
                (PersonNumbering::FirstAppearance, Some(id)) => {
                    let next = first_seen.len();
                    *first_seen.entry(id).or_insert(next)
                }
                _ => slot,
            };
            for (joint, name) in names.iter().enumerate() {
                line.clear();
                push_row_start(&mut line, frame_index, person_index, name);
                match person.joint(joint) {
                    Some(point) => {
                        push_number(&mut line, point[0]);
                        line.push(',');
                        push_number(&mut line, point[1]);
                        line.push(',');
                        if dims >= 3 {
                            push_number(&mut line, point[2]);
                        }
                    }
                    None => line.push_str(",,"),
                }
                line.push(',');
                if let Some(conf) = person.confidence_of(joint).filter(|c| c.is_finite()) {
                    push_number(&mut line, conf);
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn push_row_start(line: &mut String, frame: usize, person: usize, joint: &str) {
    use std::fmt::Write as _;
    let _ = write!(line, "{frame},{person},");
    push_field(line, joint);
    line.push(',');
}

/// Writes a CSV text field, quoted when it holds a comma, quote or line break (RFC 4180).
fn push_field(line: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

fn push_number(line: &mut String, value: f32) {
    use std::fmt::Write as _;
    let _ = write!(line, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClipMeta, LayoutId, PosesBuilder, Skeleton, Space};

    fn clip(dims: usize, with_conf: bool) -> Clip {
        let skeleton = Skeleton::from_names_and_bones(
            vec!["a".into(), "b,c".into()],
            vec![],
            LayoutId::FromFile,
        );
        let mut poses = PosesBuilder::new(2, dims, with_conf, false);
        poses.begin_frame();
        let coords: Vec<f32> = if dims == 3 {
            vec![0.1, 2.0, -3.5, f32::NAN, 0.0, 0.0]
        } else {
            vec![0.1, 2.0, f32::NAN, 1.0]
        };
        poses.push_person(&coords, Some(&[0.5, 0.25]), None);
        poses.begin_frame();
        let space = if dims == 3 {
            Space::world(crate::model::Units::M, crate::model::UpAxis::Y)
        } else {
            Space::image_px()
        };
        Clip::new(
            skeleton,
            Some(30.0),
            space,
            poses.finish(),
            ClipMeta::new("x", FormatId::Bvh),
        )
    }

    #[test]
    fn rows_for_3d_and_2d() {
        let mut out = Vec::new();
        write_positions(&clip(3, false), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "frame,person,joint,x,y,z,confidence\n0,0,a,0.1,2,-3.5,\n0,0,\"b,c\",,,,\n"
        );
        let mut out = Vec::new();
        write_positions(&clip(2, true), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "frame,person,joint,x,y,z,confidence\n0,0,a,0.1,2,,0.5\n0,0,\"b,c\",,,,0.25\n"
        );
    }
}
