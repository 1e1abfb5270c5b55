//! The `MOTION` section: the `Frames:` and `Frame Time:` lines, then the values as one flat
//! stream of numbers, cut into frames of `channel_count` values by the caller (exporters wrap and
//! join motion lines differently, so line breaks carry no meaning here).

use super::failure::Failure;
use super::tokens::{Token, Tokens};

/// What the lines after `MOTION` declare.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct MotionHeader {
    /// The `Frames:` claim (checked against the values present, never used to allocate).
    pub claimed_frames: u64,
    /// Line of the `Frames:` value.
    pub frames_line: usize,
    /// `Frame Time:` in seconds, finite.
    pub frame_time_s: f64,
}

/// Reads `MOTION`, `Frames: n` and `Frame Time: t`; `Ok(None)` when the file ends before `MOTION`
/// (a hierarchy-only file). A zero or negative frame time is kept and warned about.
///
/// # Errors
/// A missing label or a value that is not a whole number (frames) or a finite number (time).
pub(super) fn parse_motion_header(
    tokens: &mut Tokens<'_>,
    warnings: &mut Vec<String>,
) -> Result<Option<MotionHeader>, Failure> {
    let Some(motion) = tokens.next_token() else {
        return Ok(None);
    };
    if !motion.is("MOTION") {
        return Err(Failure::at(
            motion.line,
            format!("expected `MOTION`, found {}", motion.quoted()),
        ));
    }
    let frames = labelled_value(tokens, &["Frames"], "`Frames:`")?;
    let claimed_frames = std::str::from_utf8(frames.text)
        .ok()
        .and_then(|t| t.parse::<u64>().ok())
        .ok_or_else(|| {
            Failure::at(
                frames.line,
                format!("`Frames:` needs a whole number, found {}", frames.quoted()),
            )
        })?;
    let time = labelled_value(tokens, &["Frame", "Time"], "`Frame Time:`")?;
    let frame_time_s = time.number()?;
    if frame_time_s <= 0.0 {
        warnings.push(format!(
            "line {}: `Frame Time:` is {frame_time_s}; the frame rate is unknown",
            time.line
        ));
    }
    Ok(Some(MotionHeader {
        claimed_frames,
        frames_line: frames.line,
        frame_time_s,
    }))
}

/// Reads a label of one or more words (the last with or without its colon, possibly glued to the
/// value as in `Frames:455`) and returns the value's token.
fn labelled_value<'a>(
    tokens: &mut Tokens<'a>,
    words: &[&str],
    label: &str,
) -> Result<Token<'a>, Failure> {
    let mut remainder: &'a [u8] = &[];
    let mut line = tokens.last_line();
    for (i, word) in words.iter().enumerate() {
        let Some(token) = tokens.next_token() else {
            return Err(Failure::at(
                tokens.last_line(),
                format!("the file ends where {label} was expected"),
            ));
        };
        line = token.line;
        let matches = token
            .text
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()));
        let rest = token.text.get(word.len()..).unwrap_or_default();
        let is_last = i + 1 == words.len();
        if !matches || (!is_last && !rest.is_empty()) {
            return Err(Failure::at(
                token.line,
                format!("expected {label}, found {}", token.quoted()),
            ));
        }
        remainder = rest;
    }
    let glued = remainder.strip_prefix(b":").unwrap_or(remainder);
    if !glued.is_empty() {
        return Ok(Token { text: glued, line });
    }
    let mut value = tokens.next_token();
    if remainder.is_empty() && value.is_some_and(|t| t.is(":")) {
        value = tokens.next_token();
    }
    value.ok_or_else(|| {
        Failure::at(
            line,
            format!("the file ends where the value of {label} was expected"),
        )
    })
}

/// The motion values after the header, read one number at a time.
#[derive(Clone, Debug)]
pub(super) struct MotionStream<'a> {
    tokens: Tokens<'a>,
}

impl<'a> MotionStream<'a> {
    /// A stream over what follows the motion header.
    pub fn new(tokens: Tokens<'a>) -> Self {
        Self { tokens }
    }

    /// Bytes left in the file: each value needs at least two (a digit and a separator, except
    /// the very last), so this bounds how many values can still come.
    pub fn max_values_left(&self) -> usize {
        self.tokens.remaining_bytes().div_ceil(2)
    }

    /// Bytes not yet consumed.
    pub fn bytes_left(&self) -> usize {
        self.tokens.remaining_bytes()
    }

    /// Line of the last value read.
    pub fn line(&self) -> usize {
        self.tokens.last_line()
    }

    /// Fills `frame` with the next values and returns how many were read: `frame.len()`, or
    /// fewer when the file ends first.
    ///
    /// # Errors
    /// A token that is not a finite number, with its line.
    pub fn fill(&mut self, frame: &mut [f64]) -> Result<usize, Failure> {
        for (read, slot) in frame.iter_mut().enumerate() {
            let Some(token) = self.tokens.next_token() else {
                return Ok(read);
            };
            *slot = token.number()?;
        }
        Ok(frame.len())
    }
}

/// Cuts the whole stream into frames of `frame.len()` values, handing each to `on_frame`, and
/// returns the number of whole frames and of values left over after the last one. With no
/// channels there are no frames; stray values are then counted as left over.
///
/// # Errors
/// A value that is not a finite number, or whatever `on_frame` returns.
pub(super) fn stream_frames(
    stream: &mut MotionStream<'_>,
    frame: &mut [f64],
    mut on_frame: impl FnMut(&[f64], usize) -> Result<(), Failure>,
) -> Result<(usize, usize), Failure> {
    if frame.is_empty() {
        let mut stray = [0.0];
        let mut left = 0;
        while stream.fill(&mut stray)? == 1 {
            left += 1;
        }
        return Ok((0, left));
    }
    let mut frames = 0;
    loop {
        let read = stream.fill(frame)?;
        if read < frame.len() {
            return Ok((frames, read));
        }
        on_frame(frame, stream.line())?;
        frames += 1;
    }
}

/// Warnings when the values present do not match `Frames:` or do not end on a whole frame.
pub(super) fn count_warnings(
    header: &MotionHeader,
    frames: usize,
    left_over: usize,
    channel_count: usize,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if channel_count == 0 {
        if header.claimed_frames > 0 || left_over > 0 {
            warnings.push(format!(
                "the hierarchy has no channels, so the motion section ({} frames claimed, {left_over} \
                 values) is ignored",
                header.claimed_frames
            ));
        }
        return warnings;
    }
    if header.claimed_frames != frames as u64 {
        warnings.push(format!(
            "line {}: `Frames:` says {} but the motion section holds {frames} whole frame(s) of \
             {channel_count} values; {frames} are loaded",
            header.frames_line, header.claimed_frames
        ));
    }
    if left_over > 0 {
        warnings.push(format!(
            "the motion section ends with {left_over} value(s) that do not fill a frame of \
             {channel_count} channels (truncated file?); they are ignored"
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Result<(Option<MotionHeader>, Vec<String>), Failure> {
        let mut tokens = Tokens::new(text.as_bytes());
        let mut warnings = Vec::new();
        let header = parse_motion_header(&mut tokens, &mut warnings)?;
        Ok((header, warnings))
    }

    #[test]
    fn header_spellings() {
        for text in [
            "MOTION\nFrames: 455\nFrame Time: 0.033333\n",
            "MOTION\r\nFrames:\t455\r\nFrame Time:\t.033333\r\n",
            "motion frames:455 frame time:0.033333",
            "MOTION\nFrames : 455\nFrame Time : 0.033333",
            "MOTION\nFrames 455\nFrame Time 0.033333",
        ] {
            let (header, warnings) = header(text).expect(text);
            let header = header.expect("header");
            assert_eq!(header.claimed_frames, 455, "{text:?}");
            assert!((header.frame_time_s - 0.033_333).abs() < 1e-12, "{text:?}");
            assert!(warnings.is_empty());
        }
        let (header_none, _) = header("").expect("empty is fine");
        assert_eq!(header_none, None);
    }

    #[test]
    fn zero_frame_time_warns_and_bad_values_fail() {
        let (_, warnings) = header("MOTION\nFrames: 0\nFrame Time: 0\n").expect("zero");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("line 3"), "{warnings:?}");
        let cases = [
            ("MOTION\nFrames: -4\nFrame Time: 1", 2, "whole number"),
            ("MOTION\nFrames: 2.5\nFrame Time: 1", 2, "whole number"),
            ("MOTION\nFrame Time: 1", 2, "`Frames:`"),
            ("MOTION\nFrames: 4\nTime: 1", 3, "`Frame Time:`"),
            ("MOTION\nFrames: 4\nFrame Time: inf", 3, "finite"),
            ("MOTION\nFrames: 4\nFrame Time:", 3, "ends"),
            ("MOTION\nFrames:", 2, "ends"),
            ("HIERARCHY", 1, "`MOTION`"),
        ];
        for (text, line, words) in cases {
            let err = header(text).expect_err(text);
            assert_eq!(err.line, line, "{text:?}: {}", err.message);
            assert!(err.message.contains(words), "{text:?}: {}", err.message);
        }
    }

    fn frames_of(text: &str, channels: usize) -> Result<(Vec<Vec<f64>>, usize), Failure> {
        let mut stream = MotionStream::new(Tokens::new(text.as_bytes()));
        let mut frame = vec![0.0; channels];
        let mut got = Vec::new();
        let (frames, left) = stream_frames(&mut stream, &mut frame, |values, _| {
            got.push(values.to_vec());
            Ok(())
        })?;
        assert_eq!(frames, got.len());
        Ok((got, left))
    }

    #[test]
    fn values_are_a_flat_stream() {
        let (frames, left) = frames_of("1 2\n3\n4 5 6\n\n  \r\n", 3).expect("stream");
        assert_eq!(frames, [vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]);
        assert_eq!(left, 0, "trailing whitespace is no frame");
        let (frames, left) = frames_of("1 2 3 4", 3).expect("stream");
        assert_eq!((frames.len(), left), (1, 1));
        let (frames, left) = frames_of("1 2", 0).expect("no channels");
        assert_eq!((frames.len(), left), (0, 2));
        let err = frames_of("1 2 3\n4 nan 6", 3).expect_err("NaN");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn count_mismatches_are_warned() {
        let header = MotionHeader {
            claimed_frames: 1_000_000,
            frames_line: 3,
            frame_time_s: 0.1,
        };
        let warnings = count_warnings(&header, 2, 5, 6);
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].contains("1000000"), "{warnings:?}");
        let exact = MotionHeader {
            claimed_frames: 2,
            ..header
        };
        assert!(count_warnings(&exact, 2, 0, 6).is_empty());
        assert_eq!(count_warnings(&exact, 0, 0, 0).len(), 1);
    }
}
