//! Which array shapes are pose sequences, and how their axes map to frames, people, joints and
//! coordinates.

use super::header::shape_repr;

/// The pose reading of an array shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoseShape {
    /// Number of frames.
    pub frames: usize,
    /// People per frame (1 for a `(frames, joints, c)` array).
    pub people: usize,
    /// Joints per person.
    pub joints: usize,
    /// Values per joint: 2 or 3.
    pub channels: usize,
    /// True when the array is `(people, frames, joints, c)` rather than `(frames, people, ...)`.
    pub people_first: bool,
}

impl PoseShape {
    /// Index into the C-order values of `channel` of `joint` of `person` in `frame`.
    #[must_use]
    pub fn index(&self, frame: usize, person: usize, joint: usize, channel: usize) -> usize {
        let row = if self.people_first {
            person * self.frames + frame
        } else {
            frame * self.people + person
        };
        (row * self.joints + joint) * self.channels + channel
    }
}

/// What shapes posedeck reads, for error messages.
pub const UNDERSTOOD: &str = "posedeck reads (frames, joints, 2 or 3) and (frames, people, \
                              joints, 2 or 3) arrays";

/// True when `shape` reads as poses (3 or 4 axes, the last 2 or 3, at least one joint).
#[must_use]
pub fn is_pose_like(shape: &[usize]) -> bool {
    pose_shape(shape).is_ok()
}

/// Reads `shape` as poses. A 4-axis array whose first axis is small and second large is taken
/// as `(people, frames, joints, c)`, and the returned note says so.
///
/// # Errors
/// A sentence naming the shape, what posedeck understands, and a hint for common layouts.
pub fn pose_shape(shape: &[usize]) -> Result<(PoseShape, Option<String>), String> {
    let text = shape_repr(shape);
    let last = shape.last().copied().unwrap_or(0);
    let (frames, people, joints, channels) = match *shape {
        [frames, joints, channels] => (frames, 1, joints, channels),
        [a, b, joints, channels] => (a, b, joints, channels),
        [] => return Err(format!("the array is a single number; {UNDERSTOOD}")),
        [_] => {
            return Err(format!(
                "the array is one-dimensional, shape {text}; {UNDERSTOOD} (reshape it to \
                 (frames, joints, 3) in NumPy first)"
            ));
        }
        [_, m] => {
            return Err(format!(
                "the array is two-dimensional, shape {text}; {UNDERSTOOD}{}",
                if m % 3 == 0 || m % 2 == 0 {
                    " (if each row is one frame of joints × coordinates, reshape it to \
                     (frames, joints, 3) or (frames, joints, 2) in NumPy first)"
                } else {
                    ""
                }
            ));
        }
        [_, c, _, _, _] if c == 2 || c == 3 => {
            return Err(format!(
                "the array has shape {text}, which looks like an action-recognition batch \
                 (samples, channels, frames, joints, people) as ST-GCN uses; {UNDERSTOOD} \
                 (take one sample and transpose it to (frames, people, joints, channels))"
            ));
        }
        _ => {
            return Err(format!(
                "the array has {} axes, shape {text}; {UNDERSTOOD}",
                shape.len()
            ));
        }
    };
    if channels != 2 && channels != 3 {
        return Err(format!(
            "the last axis of shape {text} has {last} values per joint; {UNDERSTOOD} (x, y or \
             x, y, z / x, y, confidence)"
        ));
    }
    if joints == 0 {
        return Err(format!("the array has shape {text}: no joints"));
    }
    if shape.len() == 4 && frames <= 8 && people > 64 {
        let swapped = PoseShape {
            frames: people,
            people: frames,
            joints,
            channels,
            people_first: true,
        };
        let note = format!(
            "shape {text} read as (people, frames, joints, coordinates): {frames} people in \
             {people} frames"
        );
        return Ok((swapped, Some(note)));
    }
    Ok((
        PoseShape {
            frames,
            people,
            joints,
            channels,
            people_first: false,
        },
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_shapes_are_understood() {
        let (s, note) = pose_shape(&[900, 17, 3]).expect("3-D");
        assert_eq!((s.frames, s.people, s.joints, s.channels), (900, 1, 17, 3));
        assert!(note.is_none());
        assert_eq!(s.index(1, 0, 2, 1), (17 + 2) * 3 + 1);
        let (s, _) = pose_shape(&[10, 2, 25, 2]).expect("4-D");
        assert_eq!((s.frames, s.people, s.joints, s.channels), (10, 2, 25, 2));
        assert_eq!(s.index(3, 1, 0, 0), (3 * 2 + 1) * 25 * 2);
        let (s, note) = pose_shape(&[2, 300, 25, 3]).expect("people first");
        assert_eq!((s.frames, s.people), (300, 2));
        assert!(s.people_first);
        assert!(note.expect("note").contains("2 people in 300 frames"));
        assert_eq!(s.index(5, 1, 0, 0), (300 + 5) * 25 * 3);
        assert!(pose_shape(&[0, 17, 3]).is_ok(), "zero frames load empty");
    }

    #[test]
    fn other_shapes_are_explained() {
        let err = pose_shape(&[51]).expect_err("1-D");
        assert!(err.contains("one-dimensional, shape (51,)"), "{err}");
        assert!(err.contains(UNDERSTOOD));
        let err = pose_shape(&[900, 51]).expect_err("2-D");
        assert!(
            err.contains("(900, 51)") && err.contains("reshape"),
            "{err}"
        );
        let err = pose_shape(&[8, 3, 300, 25, 2]).expect_err("ST-GCN");
        assert!(err.contains("ST-GCN"), "{err}");
        let err = pose_shape(&[1, 2, 3, 4, 5, 6]).expect_err("6-D");
        assert!(err.contains("6 axes"), "{err}");
        let err = pose_shape(&[900, 33, 4]).expect_err("4 channels");
        assert!(err.contains("4 values per joint"), "{err}");
        assert!(pose_shape(&[900, 0, 3]).is_err());
        assert!(pose_shape(&[]).is_err());
        assert!(!is_pose_like(&[3]));
    }
}
