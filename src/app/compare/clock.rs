//! One clock for two clips: one timeline, one speed, one loop range.
//!
//! The clock runs in seconds of clip A's time (see [`super::link::TimeLink`] for where each clip
//! is at a clock time), so clips of different frame rates play in real time against each other.
//! No UI types: the viewer feeds it the seconds elapsed, tests a fixed clock.

use crate::app::playback::MAX_STEP_S;

/// The speeds offered, times real time.
pub const SPEEDS: [f64; 6] = [0.1, 0.25, 0.5, 1.0, 1.5, 2.0];

/// The linked clock.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkedClock {
    /// First moment on the timeline, seconds (may be negative: B starts before A).
    start_s: f64,
    /// Last moment on the timeline, seconds.
    end_s: f64,
    time_s: f64,
    playing: bool,
    looping: bool,
    /// Times real time.
    speed: f64,
    /// Loop range, seconds (the whole timeline when `None`).
    loop_range_s: Option<(f64, f64)>,
}

impl LinkedClock {
    /// Paused at `start_s` of a timeline from `start_s` to `end_s`, looping at normal speed.
    #[must_use]
    pub fn new(start_s: f64, end_s: f64) -> Self {
        let end_s = if end_s > start_s { end_s } else { start_s };
        Self {
            start_s,
            end_s,
            time_s: start_s,
            playing: false,
            looping: true,
            speed: 1.0,
            loop_range_s: None,
        }
    }

    /// Changes the timeline's ends (after a new alignment), keeping the time inside.
    pub fn set_span(&mut self, start_s: f64, end_s: f64) {
        self.start_s = start_s;
        self.end_s = end_s.max(start_s);
        if let Some((a, b)) = self.loop_range_s {
            let a = a.clamp(self.start_s, self.end_s);
            let b = b.clamp(self.start_s, self.end_s);
            self.loop_range_s = (b > a).then_some((a, b));
        }
        self.time_s = self.time_s.clamp(self.start_s, self.end_s);
    }

    /// The timeline's ends, seconds.
    #[must_use]
    pub fn span_s(&self) -> (f64, f64) {
        (self.start_s, self.end_s)
    }

    /// The clock, seconds of A's time.
    #[must_use]
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// True while playing.
    #[must_use]
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// True when playback starts over at the end of the loop range.
    #[must_use]
    pub fn is_looping(&self) -> bool {
        self.looping
    }

    /// Turns looping on or off.
    pub fn set_looping(&mut self, looping: bool) {
        self.looping = looping;
    }

    /// Times real time.
    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Plays at `speed` times real time (clamped to 0.01–10).
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(0.01, 10.0);
        }
    }

    /// The loop range, seconds: the one set, or the whole timeline.
    #[must_use]
    pub fn loop_range_s(&self) -> (f64, f64) {
        self.loop_range_s.unwrap_or((self.start_s, self.end_s))
    }

    /// True when a loop range narrower than the timeline is set.
    #[must_use]
    pub fn has_loop_range(&self) -> bool {
        self.loop_range_s.is_some()
    }

    /// Starts the loop range at the current time (its end stays, or is the timeline's end).
    pub fn set_loop_in(&mut self) {
        let (_, out) = self.loop_range_s();
        self.loop_range_s = (out > self.time_s).then_some((self.time_s, out));
    }

    /// Ends the loop range at the current time.
    pub fn set_loop_out(&mut self) {
        let (start, _) = self.loop_range_s();
        self.loop_range_s = (self.time_s > start).then_some((start, self.time_s));
    }

    /// Loops over the whole timeline again.
    pub fn clear_loop_range(&mut self) {
        self.loop_range_s = None;
    }

    /// Starts playing; at the end (not looping), starts over.
    pub fn play(&mut self) {
        let (from, to) = self.loop_range_s();
        if !self.looping && self.time_s >= to {
            self.time_s = from;
        }
        self.playing = to > from;
    }

    /// Stops, staying at the current time.
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// Play when paused, pause when playing.
    pub fn toggle(&mut self) {
        if self.playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Goes to `time_s`, clamped to the timeline.
    pub fn seek(&mut self, time_s: f64) {
        if time_s.is_finite() {
            self.time_s = time_s.clamp(self.start_s, self.end_s);
        }
    }

    /// Moves on by `dt_s` seconds of real time (at most [`MAX_STEP_S`]) times the speed; wraps
    /// inside the loop range, or stops at its end.
    pub fn advance(&mut self, dt_s: f64) {
        if !self.playing || !dt_s.is_finite() || dt_s <= 0.0 {
            return;
        }
        let (from, to) = self.loop_range_s();
        let length = to - from;
        let mut t = self.time_s + dt_s.min(MAX_STEP_S) * self.speed;
        if t < from {
            t = from;
        }
        if t >= to {
            if self.looping && length > 0.0 {
                t = from + (t - from) % length;
            } else {
                t = to;
                self.playing = false;
            }
        }
        self.time_s = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plays_at_the_chosen_speed_and_loops_in_the_range() {
        let mut clock = LinkedClock::new(-0.5, 3.0);
        assert!((clock.time_s() - (-0.5)).abs() < 1e-12);
        clock.play();
        clock.set_speed(0.5);
        clock.advance(0.2);
        assert!((clock.time_s() + 0.4).abs() < 1e-12);
        clock.seek(1.0);
        clock.set_loop_in();
        clock.seek(2.0);
        clock.set_loop_out();
        assert_eq!(clock.loop_range_s(), (1.0, 2.0));
        clock.set_speed(2.0);
        clock.advance(0.2);
        // 2.0 + 0.4 wraps to 1.4.
        assert!((clock.time_s() - 1.4).abs() < 1e-9, "{}", clock.time_s());
        clock.set_looping(false);
        clock.advance(0.25);
        clock.advance(0.25);
        assert!((clock.time_s() - (2.0)).abs() < 1e-12);
        assert!(!clock.is_playing());
        clock.play();
        assert!((clock.time_s() - (1.0)).abs() < 1e-12);
        clock.clear_loop_range();
        assert_eq!(clock.loop_range_s(), (-0.5, 3.0));
    }

    #[test]
    fn a_new_span_keeps_time_and_loop_inside() {
        let mut clock = LinkedClock::new(0.0, 4.0);
        clock.seek(3.5);
        clock.set_loop_out();
        clock.set_span(0.0, 2.0);
        assert!((clock.time_s() - (2.0)).abs() < 1e-12);
        assert_eq!(clock.loop_range_s(), (0.0, 2.0));
        // A long stall does not jump far.
        clock.seek(0.0);
        clock.play();
        clock.advance(10.0);
        assert!((clock.time_s() - MAX_STEP_S).abs() < 1e-12);
    }
}
