//! Where each of two compared clips is at a moment of the linked clock.
//!
//! The clock runs in A's time. Clip B follows the alignment convention of
//! [`crate::analysis::align`]: B at `t` lines up with A at `offset_s + time_scale · t`. Each
//! clip can be nudged by whole frames on top of that, and a marked event (the same moment in
//! both, e.g. take-off) sets the offset so the two line up there.

use crate::analysis::align::Alignment;

/// How the two clips' times relate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeLink {
    /// B at `t` lines up with A at `offset_s + time_scale · t`.
    pub offset_s: f64,
    /// Seconds of A per second of B (below 1: B is slower).
    pub time_scale: f64,
    /// Frames clip A is moved on by (positive: shows later).
    pub nudge_a_frames: i64,
    /// Frames clip B is moved on by.
    pub nudge_b_frames: i64,
    /// The event marked in A, seconds of A.
    pub event_a_s: Option<f64>,
    /// The event marked in B, seconds of B.
    pub event_b_s: Option<f64>,
}

impl Default for TimeLink {
    fn default() -> Self {
        Self {
            offset_s: 0.0,
            time_scale: 1.0,
            nudge_a_frames: 0,
            nudge_b_frames: 0,
            event_a_s: None,
            event_b_s: None,
        }
    }
}

impl TimeLink {
    /// The time of clip A shown at clock time `clock_s`.
    #[must_use]
    pub fn a_time_s(&self, clock_s: f64, rate_a_hz: f64) -> f64 {
        clock_s + self.nudge_a_frames as f64 / rate_a_hz
    }

    /// The time of clip B shown at clock time `clock_s`.
    #[must_use]
    pub fn b_time_s(&self, clock_s: f64, rate_b_hz: f64) -> f64 {
        (clock_s - self.offset_s) / self.time_scale + self.nudge_b_frames as f64 / rate_b_hz
    }

    /// The clock time at which B shows its time `b_time_s` (nudge included).
    #[must_use]
    pub fn clock_of_b_s(&self, b_time_s: f64, rate_b_hz: f64) -> f64 {
        self.offset_s + self.time_scale * (b_time_s - self.nudge_b_frames as f64 / rate_b_hz)
    }

    /// The clock span that shows both clips from the first start to the last end, given their
    /// durations.
    #[must_use]
    pub fn span_s(
        &self,
        duration_a_s: f64,
        rate_a_hz: f64,
        duration_b_s: f64,
        rate_b_hz: f64,
    ) -> (f64, f64) {
        let a0 = -(self.nudge_a_frames as f64) / rate_a_hz;
        let b0 = self.clock_of_b_s(0.0, rate_b_hz);
        let b1 = self.clock_of_b_s(duration_b_s, rate_b_hz);
        (a0.min(b0).min(b1), (a0 + duration_a_s).max(b0).max(b1))
    }

    /// Takes an automatic alignment (nudges back to zero).
    pub fn accept(&mut self, alignment: &Alignment) {
        self.offset_s = alignment.offset_s;
        self.time_scale = if alignment.time_scale > 0.0 {
            alignment.time_scale
        } else {
            1.0
        };
        self.nudge_a_frames = 0;
        self.nudge_b_frames = 0;
    }

    /// Lines the two marked events up (nudges back to zero); false when one is not marked.
    pub fn sync_on_events(&mut self) -> bool {
        let (Some(a), Some(b)) = (self.event_a_s, self.event_b_s) else {
            return false;
        };
        self.offset_s = a - self.time_scale * b;
        self.nudge_a_frames = 0;
        self.nudge_b_frames = 0;
        true
    }

    /// Back to both clips starting together at their own speed.
    pub fn reset(&mut self) {
        *self = Self {
            event_a_s: self.event_a_s,
            event_b_s: self.event_b_s,
            ..Self::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_of_different_rates_are_mapped_by_time() {
        let link = TimeLink::default();
        // At clock 1 s, a 100 Hz clip and a 120 Hz clip both show their 1 s moment.
        assert!((link.a_time_s(1.0, 100.0) - 1.0).abs() < 1e-12);
        assert!((link.b_time_s(1.0, 120.0) - 1.0).abs() < 1e-12);
        let nudged = TimeLink {
            nudge_a_frames: 2,
            nudge_b_frames: -3,
            ..link
        };
        assert!((nudged.a_time_s(1.0, 100.0) - 1.02).abs() < 1e-12);
        assert!((nudged.b_time_s(1.0, 120.0) - 0.975).abs() < 1e-12);
        assert!((nudged.clock_of_b_s(0.975, 120.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn marked_events_line_up() {
        let mut link = TimeLink {
            time_scale: 0.9,
            nudge_b_frames: 4,
            event_a_s: Some(0.83),
            event_b_s: Some(1.05),
            ..TimeLink::default()
        };
        assert!(link.sync_on_events());
        assert_eq!(link.nudge_b_frames, 0);
        // At the clock time of A's event, B shows its own event.
        assert!((link.b_time_s(0.83, 120.0) - 1.05).abs() < 1e-12);
        assert!(!TimeLink::default().sync_on_events());
    }

    #[test]
    fn the_span_covers_both_clips() {
        let link = TimeLink {
            offset_s: -0.25,
            time_scale: 0.5,
            ..TimeLink::default()
        };
        // A: 0..2 s; B: 3 s long, at half speed from -0.25 s: -0.25..1.25.
        assert_eq!(link.span_s(2.0, 100.0, 3.0, 120.0), (-0.25, 2.0));
        let accepted = {
            let mut l = link;
            l.accept(&Alignment {
                offset_s: 0.5,
                offset_frames: 50,
                time_scale: 1.0,
                score: 0.9,
                angles_used: 4,
            });
            l
        };
        assert_eq!(accepted.span_s(2.0, 100.0, 3.0, 120.0), (0.0, 3.5));
    }
}
