//! Playback: play, pause, step, seek and loop at the clip's own frame rate, slowed down or sped
//! up, optionally inside an A-B loop range.
//!
//! A plain state machine with no UI types: the viewer feeds it the seconds elapsed on its clock,
//! so playback runs at the clip's real rate (times the chosen speed) whatever the screen's
//! refresh rate, and tests drive it with a fixed clock.

/// Longest wall-clock step taken at once (a stalled window does not jump far ahead), seconds.
pub const MAX_STEP_S: f64 = 0.25;

/// Slowest playback speed, a fraction of real time (10 %).
pub const MIN_SPEED: f64 = 0.1;
/// Fastest playback speed, a fraction of real time (200 %).
pub const MAX_SPEED: f64 = 2.0;
/// The speeds the faster / slower keys step through, fractions of real time.
pub const SPEED_STEPS: [f64; 7] = [0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0];

/// Largest "every Nth frame" step.
pub const MAX_STEP_FRAMES: usize = 1000;

/// An A-B loop range: first and last frame, both shown (`first <= last`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoopRange {
    /// First frame of the range (A).
    pub first: usize,
    /// Last frame of the range (B), shown in full before looping back to A.
    pub last: usize,
}

impl LoopRange {
    /// The range between two frames in either order.
    #[must_use]
    pub fn between(a: usize, b: usize) -> Self {
        Self {
            first: a.min(b),
            last: a.max(b),
        }
    }

    /// True when `frame` is inside the range.
    #[must_use]
    pub fn contains(&self, frame: usize) -> bool {
        (self.first..=self.last).contains(&frame)
    }

    /// Number of frames in the range.
    #[must_use]
    pub fn len(&self) -> usize {
        self.last - self.first + 1
    }

    /// Never true: a range holds at least one frame.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Where playback is and whether it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    frame_count: usize,
    rate_hz: f64,
    /// Time since the first frame, seconds; frame `i` shows during `[i / rate, (i + 1) / rate)`.
    time_s: f64,
    playing: bool,
    looping: bool,
    /// Clip seconds per wall-clock second.
    speed: f64,
    /// The A-B loop range, if any.
    range: Option<LoopRange>,
    /// Frames moved by one step.
    step_frames: usize,
}

impl Playback {
    /// Paused at the first frame of a clip of `frame_count` frames played at `rate_hz`
    /// (a rate that is not positive and finite plays at 30 fps), looping, at real time.
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
            speed: 1.0,
            range: None,
            step_frames: 1,
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

    /// Length of one loop of the whole clip: frame count over rate, seconds.
    #[must_use]
    pub fn duration_s(&self) -> f64 {
        self.frame_count as f64 / self.rate_hz
    }

    /// True while playing.
    #[must_use]
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// True when playback starts over at the end (of the clip, or of the A-B range).
    #[must_use]
    pub fn is_looping(&self) -> bool {
        self.looping
    }

    /// Turns looping on or off.
    pub fn set_looping(&mut self, looping: bool) {
        self.looping = looping;
    }

    /// Playback speed as a fraction of real time (1 = real time).
    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Playback speed in percent of real time, rounded (`25` for quarter speed).
    #[must_use]
    pub fn speed_percent(&self) -> u32 {
        (self.speed * 100.0).round() as u32
    }

    /// Sets the speed (fraction of real time), clamped to [`MIN_SPEED`]..=[`MAX_SPEED`];
    /// values that are not finite are ignored.
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        }
    }

    /// The next faster speed of [`SPEED_STEPS`] (stays at the fastest).
    pub fn faster(&mut self) {
        let next = SPEED_STEPS.iter().copied().find(|s| *s > self.speed + 1e-9);
        self.speed = next.unwrap_or(MAX_SPEED);
    }

    /// The next slower speed of [`SPEED_STEPS`] (stays at the slowest).
    pub fn slower(&mut self) {
        let next = SPEED_STEPS
            .iter()
            .rev()
            .copied()
            .find(|s| *s < self.speed - 1e-9);
        self.speed = next.unwrap_or(MIN_SPEED);
    }

    /// Frames moved by one step (the "every Nth frame" setting, at least 1).
    #[must_use]
    pub fn step_frames(&self) -> usize {
        self.step_frames
    }

    /// Sets the frames moved by one step, clamped to `1..=`[`MAX_STEP_FRAMES`].
    pub fn set_step_frames(&mut self, frames: usize) {
        self.step_frames = frames.clamp(1, MAX_STEP_FRAMES);
    }

    /// The A-B loop range, if one is set.
    #[must_use]
    pub fn loop_range(&self) -> Option<LoopRange> {
        self.range
    }

    /// Sets the A-B loop range to the frames between `a` and `b` (either order, clamped to the
    /// clip). A clip without frames has no range.
    pub fn set_loop_range(&mut self, a: usize, b: usize) {
        let Some(last) = self.frame_count.checked_sub(1) else {
            self.range = None;
            return;
        };
        self.range = Some(LoopRange::between(a.min(last), b.min(last)));
    }

    /// Sets A (the loop's first frame) at the frame shown; B stays when it is after A, else it
    /// becomes the clip's last frame ("I" key).
    pub fn mark_in(&mut self) {
        let here = self.frame();
        let last = self.frame_count.saturating_sub(1);
        let out = self.range.map_or(last, |r| r.last);
        let out = if out >= here { out } else { last };
        self.set_loop_range(here, out);
    }

    /// Sets B (the loop's last frame) at the frame shown; A stays when it is before B, else it
    /// becomes the first frame ("O" key).
    pub fn mark_out(&mut self) {
        let here = self.frame();
        let first = self.range.map_or(0, |r| r.first);
        let first = if first <= here { first } else { 0 };
        self.set_loop_range(first, here);
    }

    /// Removes the A-B loop range: playback runs over the whole clip again.
    pub fn clear_loop_range(&mut self) {
        self.range = None;
    }

    /// The frames playback runs over: the A-B range, or the whole clip.
    #[must_use]
    pub fn play_range(&self) -> LoopRange {
        self.range.unwrap_or(LoopRange {
            first: 0,
            last: self.frame_count.saturating_sub(1),
        })
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

    /// Starts playing. At the end of the range (or the clip) without looping, or outside the
    /// A-B range, starts from the range's first frame.
    pub fn play(&mut self) {
        if self.frame_count < 2 {
            return;
        }
        let range = self.play_range();
        let frame = self.frame();
        let at_end = !self.looping && frame >= range.last;
        let outside = self.range.is_some() && !range.contains(frame);
        if at_end || outside {
            self.seek_frame(range.first);
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

    /// Pauses and moves `delta` steps of [`Self::step_frames`] frames (negative = back). Inside
    /// the A-B range (or the whole clip without one) it wraps around when looping, else stops
    /// at the ends; from outside the range it moves freely within the clip.
    pub fn step(&mut self, delta: i64) {
        self.pause();
        if self.frame_count == 0 {
            return;
        }
        let frame = self.frame();
        let range = match self.range {
            Some(r) if r.contains(frame) => r,
            _ => LoopRange {
                first: 0,
                last: self.frame_count - 1,
            },
        };
        let (first, len) = (range.first as i64, range.len() as i64);
        let target = frame as i64 - first + delta * self.step_frames as i64;
        let target = if self.looping {
            target.rem_euclid(len)
        } else {
            target.clamp(0, len - 1)
        };
        self.seek_frame((first + target) as usize);
    }

    /// Advances the clock by `dt_s` wall-clock seconds (clamped to `0..=`[`MAX_STEP_S`]) times
    /// the speed while playing. At the end of the range (or clip) it wraps to its start when
    /// looping, else stops on its last frame. Returns true when the frame shown changed.
    pub fn advance(&mut self, dt_s: f64) -> bool {
        if !self.playing || self.frame_count == 0 || !dt_s.is_finite() {
            return false;
        }
        let before = self.frame();
        let range = self.play_range();
        let start_s = range.first as f64 / self.rate_hz;
        let end_s = (range.last + 1) as f64 / self.rate_hz;
        self.time_s += dt_s.clamp(0.0, MAX_STEP_S) * self.speed;
        // Playing into the range from before it is fine; past its end, loop or stop.
        if self.time_s >= end_s && before <= range.last {
            if self.looping {
                self.time_s = start_s + (self.time_s - start_s).rem_euclid(end_s - start_s);
            } else {
                self.seek_frame(range.last);
                self.playing = false;
            }
        } else if self.time_s >= self.duration_s() {
            // Started after the range: wrap to its start, or stop at the clip's end.
            if self.looping {
                self.seek_frame(range.first);
            } else {
                self.seek_frame(self.frame_count - 1);
                self.playing = false;
            }
        }
        self.frame() != before
    }
}

#[cfg(test)]
#[path = "playback_tests.rs"]
mod tests;
