//! Playback: play, pause, step, seek and loop at the clip's own frame rate.
//!
//! A plain state machine with no UI types: the viewer feeds it the seconds elapsed on its clock,
//! so playback runs at the clip's real rate whatever the screen's refresh rate, and tests drive it
//! with a fixed clock.

/// Longest time step taken at once (a stalled window does not jump far ahead), seconds.
pub const MAX_STEP_S: f64 = 0.25;

/// Where playback is and whether it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    frame_count: usize,
    rate_hz: f64,
    /// Time since the first frame, seconds; frame `i` shows during `[i / rate, (i + 1) / rate)`.
    time_s: f64,
    playing: bool,
    looping: bool,
}

impl Playback {
    /// Paused at the first frame of a clip of `frame_count` frames played at `rate_hz`
    /// (a rate that is not positive and finite plays at 30 fps), looping.
    #[must_use]
    pub fn new(frame_count: usize, rate_hz: f64) -> Self {
        let rate_hz = if rate_hz.is_finite() && rate_hz > 0.0 {
            rate_hz
        } else {
            30.0
        };
        Self {
            frame_count,
            rate_hz,
            time_s: 0.0,
            playing: false,
            looping: true,
        }
    }

    /// Number of frames.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.frame_count
    }

    /// Frames per second.
    #[must_use]
    pub fn rate_hz(&self) -> f64 {
        self.rate_hz
    }

    /// Length of one loop: frame count over rate, seconds.
    #[must_use]
    pub fn duration_s(&self) -> f64 {
        self.frame_count as f64 / self.rate_hz
    }

    /// True while playing.
    #[must_use]
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// True when playback starts over at the end.
    #[must_use]
    pub fn is_looping(&self) -> bool {
        self.looping
    }

    /// Turns looping on or off.
    pub fn set_looping(&mut self, looping: bool) {
        self.looping = looping;
    }

    /// The frame shown now (0 for an empty clip).
    #[must_use]
    pub fn frame(&self) -> usize {
        let last = self.frame_count.saturating_sub(1);
        // A tiny epsilon keeps `seek_frame(i)` on frame i despite rounding.
        let index = (self.time_s * self.rate_hz + 1e-6).floor();
        if index <= 0.0 {
            0
        } else {
            (index as usize).min(last)
        }
    }

    /// The playback clock, seconds since the first frame (within the frame shown).
    #[must_use]
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Time of the frame shown now, seconds (`frame / rate`).
    #[must_use]
    pub fn frame_time_s(&self) -> f64 {
        self.frame() as f64 / self.rate_hz
    }

    /// Starts playing; at the end of a clip that does not loop, starts over from the first frame.
    pub fn play(&mut self) {
        if self.frame_count < 2 {
            return;
        }
        if !self.looping && self.frame() + 1 >= self.frame_count {
            self.time_s = 0.0;
        }
        self.playing = true;
    }

    /// Stops playing, staying on the current frame.
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

    /// Shows frame `index` (clamped to the clip).
    pub fn seek_frame(&mut self, index: usize) {
        let index = index.min(self.frame_count.saturating_sub(1));
        self.time_s = index as f64 / self.rate_hz;
    }

    /// Shows the frame at `time_s` seconds (clamped to the clip).
    pub fn seek_time(&mut self, time_s: f64) {
        if !time_s.is_finite() {
            return;
        }
        self.time_s = time_s.clamp(0.0, self.duration_s());
        let frame = self.frame();
        if self.time_s >= self.duration_s() {
            self.seek_frame(frame);
        }
    }

    /// Pauses and moves `delta` frames (negative = back); wraps around when looping, else stops
    /// at the ends.
    pub fn step(&mut self, delta: i64) {
        self.pause();
        if self.frame_count == 0 {
            return;
        }
        let count = self.frame_count as i64;
        let target = self.frame() as i64 + delta;
        let target = if self.looping {
            target.rem_euclid(count)
        } else {
            target.clamp(0, count - 1)
        };
        self.seek_frame(target as usize);
    }

    /// Advances the clock by `dt_s` seconds (clamped to `0..=`[`MAX_STEP_S`]) while playing.
    /// Returns true when the frame shown changed.
    pub fn advance(&mut self, dt_s: f64) -> bool {
        if !self.playing || self.frame_count == 0 || !dt_s.is_finite() {
            return false;
        }
        let before = self.frame();
        self.time_s += dt_s.clamp(0.0, MAX_STEP_S);
        let duration = self.duration_s();
        if self.time_s >= duration {
            if self.looping {
                self.time_s = self.time_s.rem_euclid(duration);
            } else {
                self.seek_frame(self.frame_count - 1);
                self.playing = false;
            }
        }
        self.frame() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_at_the_clip_rate() {
        // 10 frames at 100 fps, fed by a 60 Hz clock.
        let mut p = Playback::new(10, 100.0);
        p.play();
        assert!(p.advance(1.0 / 60.0));
        assert_eq!(p.frame(), 1);
        p.advance(1.0 / 60.0);
        assert_eq!(p.frame(), 3);
        p.advance(1.0 / 60.0);
        assert_eq!(p.frame(), 5);
        // A slow screen (10 Hz) skips frames but keeps real time.
        let mut p = Playback::new(100, 100.0);
        p.play();
        p.advance(0.1);
        assert_eq!(p.frame(), 10);
    }

    #[test]
    fn loops_at_the_end() {
        let mut p = Playback::new(4, 10.0);
        p.play();
        p.advance(0.25); // 2.5 frames in: frame 2
        assert_eq!(p.frame(), 2);
        p.advance(0.2); // 0.45 s, past the 0.4 s loop: 0.05 s → frame 0
        assert_eq!(p.frame(), 0);
        assert!(p.is_playing());
    }

    #[test]
    fn stops_at_the_end_without_loop_and_restarts_on_play() {
        let mut p = Playback::new(4, 10.0);
        p.set_looping(false);
        p.play();
        p.advance(0.25);
        p.advance(0.25);
        assert_eq!(p.frame(), 3);
        assert!(!p.is_playing());
        p.play();
        assert_eq!(p.frame(), 0);
        assert!(p.is_playing());
    }

    #[test]
    fn pause_freezes_the_frame() {
        let mut p = Playback::new(10, 10.0);
        p.play();
        p.advance(0.15);
        p.toggle();
        assert!(!p.is_playing());
        assert!(!p.advance(0.2));
        assert_eq!(p.frame(), 1);
    }

    #[test]
    fn steps_and_wraps() {
        let mut p = Playback::new(5, 30.0);
        p.play();
        p.step(1);
        assert!(!p.is_playing(), "stepping pauses");
        assert_eq!(p.frame(), 1);
        p.step(-2);
        assert_eq!(p.frame(), 4, "wraps backwards when looping");
        p.step(1);
        assert_eq!(p.frame(), 0, "wraps forwards");
        p.set_looping(false);
        p.step(-1);
        assert_eq!(p.frame(), 0, "stops at the start without loop");
    }

    #[test]
    fn seeks_by_frame_and_time() {
        let mut p = Playback::new(524, 60.0);
        p.seek_frame(74);
        assert_eq!(p.frame(), 74);
        assert!((p.frame_time_s() - 74.0 / 60.0).abs() < 1e-12);
        p.seek_time(2.0);
        assert_eq!(p.frame(), 120);
        p.seek_time(1e9);
        assert_eq!(p.frame(), 523);
        p.seek_time(-1.0);
        assert_eq!(p.frame(), 0);
        p.seek_frame(10_000);
        assert_eq!(p.frame(), 523);
    }

    #[test]
    fn empty_and_single_frame_clips_do_not_move() {
        let mut p = Playback::new(0, 30.0);
        p.play();
        assert!(!p.advance(1.0));
        p.step(3);
        assert_eq!(p.frame(), 0);
        let mut p = Playback::new(1, 0.0);
        assert!((p.rate_hz() - 30.0).abs() < 1e-12);
        p.play();
        assert!(!p.is_playing());
    }
}
