//! `posedeck render PATH -o OUT.png|OUT.gif [...]`: a frame, a strip or a GIF without a window.
//!
//! The flags are the contract of `shared/notes/cli.md`; added here: `--overlay` (superimpose a
//! strip's poses, or the compared clip), `--body` (the body style), `--from/--to` for strips.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::formats;
use crate::model::Clip;
use crate::render::gif::MAX_GIF_FPS;
use crate::render::{
    self, Animation, Extras, Look, Shot, StripSpec, Subjects, TextPainter, ViewChoice,
};
use crate::scene::{Figure, ScreenRect, Style};

use super::output::Sink;

/// Most poses in a strip.
pub const MAX_STRIP: usize = 64;

/// The arguments of `posedeck render`.
#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// The clip (a file, or a folder of per-frame files).
    pub path: PathBuf,
    /// Output: a `.png` picture or a `.gif` animation (`-` writes a PNG to standard output).
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub out: PathBuf,
    /// Draw frame N (0-based; default 0).
    #[arg(long, value_name = "N", conflicts_with = "time")]
    pub frame: Option<usize>,
    /// Draw the frame shown at S seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub time: Option<f64>,
    /// Viewpoint: front, side, top, three-quarter (3D default), image (2D) or orbit:AZ,EL in
    /// degrees (azimuth 0 = from the front, 90 = from the side; elevation 90 = from above).
    #[arg(long, value_name = "VIEW")]
    pub view: Option<String>,
    /// Picture size in pixels, `WxH` (default 1280x720; GIF 640x360; strips 320 per pose x 480).
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// K evenly spaced moments of the clip (or of --from/--to) in one picture, side by side;
    /// with --overlay, superimposed in one view, fading towards the past.
    #[arg(long, value_name = "K")]
    pub strip: Option<usize>,
    /// Trails of the head, wrists and ankles over the last S seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub trail: Option<f64>,
    /// Joint-angle labels on the body (conventions in the caption and the README).
    #[arg(long)]
    pub angles: bool,
    /// A second clip drawn beside the first (or over it with --overlay), at the same moments.
    #[arg(long, value_name = "PATH2")]
    pub compare: Option<PathBuf>,
    /// With --compare: draw the second clip over the first. Without: superimpose a strip.
    #[arg(long)]
    pub overlay: bool,
    /// The body style: shaded limbs, trunk and head instead of the stick figure.
    #[arg(long)]
    pub body: bool,
    /// Start of a GIF or strip, seconds (default: the clip's start).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub from: Option<f64>,
    /// End of a GIF or strip, seconds (default: the clip's last frame).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub to: Option<f64>,
    /// Frames per second of a GIF (default: the clip's rate, at most 50).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub fps: Option<f64>,
}

/// What the output file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Png,
    Gif,
}

fn output_kind(out: &Path) -> Result<Kind, String> {
    if out.as_os_str() == "-" {
        return Ok(Kind::Png);
    }
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("png") => Ok(Kind::Png),
        Some("gif") => Ok(Kind::Gif),
        _ => Err(format!(
            "{}: the output must end in .png or .gif",
            out.display()
        )),
    }
}

/// Reads `WxH`.
///
/// # Errors
/// A sentence saying what is accepted.
pub fn parse_size(text: &str) -> Result<[u32; 2], String> {
    let bad = || format!("--size {text:?} is not a size: write WIDTHxHEIGHT, e.g. 1280x720");
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    let max = render::raster::MAX_SIDE_PX;
    if !(16..=max).contains(&w) || !(16..=max).contains(&h) {
        return Err(format!(
            "--size {text}: each side must be 16 to {max} pixels"
        ));
    }
    Ok([w, h])
}

/// The time of the last frame of `clip`, seconds.
fn last_time_s(clip: &Clip) -> f64 {
    clip.time_s(clip.frame_count().saturating_sub(1))
}

/// The moment to draw: `--frame`, `--time` or the first frame.
fn moment_s(args: &RenderArgs, clip: &Clip) -> Result<f64, String> {
    let path = args.path.display();
    if let Some(frame) = args.frame {
        if frame >= clip.frame_count() {
            return Err(format!(
                "{path}: there is no frame {frame} (the clip has {} frames, 0 to {})",
                clip.frame_count(),
                clip.frame_count().saturating_sub(1)
            ));
        }
        return Ok(clip.time_s(frame));
    }
    if let Some(time) = args.time {
        check_time(&args.path, clip, "--time", time)?;
        return Ok(time);
    }
    Ok(0.0)
}

fn check_time(path: &Path, clip: &Clip, flag: &str, time: f64) -> Result<(), String> {
    let end = last_time_s(clip);
    if !time.is_finite() || time < 0.0 || time > end + 1e-9 {
        return Err(format!(
            "{}: {flag} {time} is outside the clip (0 to {end:.3} s)",
            path.display()
        ));
    }
    Ok(())
}

/// The `--from` / `--to` range, checked.
fn range_s(args: &RenderArgs, clip: &Clip) -> Result<(f64, f64), String> {
    let from = args.from.unwrap_or(0.0);
    let to = args.to.unwrap_or_else(|| last_time_s(clip));
    check_time(&args.path, clip, "--from", from)?;
    check_time(&args.path, clip, "--to", to)?;
    if to < from {
        return Err(format!(
            "{}: --to {to} is before --from {from}",
            args.path.display()
        ));
    }
    Ok((from, to))
}

/// Flags that do not go together, as one sentence.
fn check_flags(args: &RenderArgs, kind: Kind) -> Result<(), String> {
    let path = args.path.display();
    if kind == Kind::Gif && args.strip.is_some() {
        return Err(format!(
            "{path}: --strip makes one picture; write it to a .png, not a .gif"
        ));
    }
    if kind == Kind::Gif && (args.frame.is_some() || args.time.is_some()) {
        return Err(format!(
            "{path}: a GIF plays a range; use --from and --to instead of --frame or --time"
        ));
    }
    if kind == Kind::Png && args.fps.is_some() {
        return Err(format!("{path}: --fps is for .gif outputs"));
    }
    if kind == Kind::Png && args.strip.is_none() && (args.from.is_some() || args.to.is_some()) {
        return Err(format!(
            "{path}: --from and --to are for strips and GIFs; use --frame or --time for one picture"
        ));
    }
    if args.strip.is_some() && (args.frame.is_some() || args.time.is_some()) {
        return Err(format!(
            "{path}: --strip spreads its poses over --from/--to; --frame and --time do not apply"
        ));
    }
    if args.overlay && args.strip.is_none() && args.compare.is_none() {
        return Err(format!(
            "{path}: --overlay needs --strip (superimposed poses) or --compare (clips overlaid)"
        ));
    }
    if let Some(k) = args.strip
        && !(1..=MAX_STRIP).contains(&k)
    {
        return Err(format!(
            "{path}: --strip {k}: a strip has 1 to {MAX_STRIP} poses"
        ));
    }
    if let Some(trail) = args.trail
        && !(trail.is_finite() && trail >= 0.0)
    {
        return Err(format!(
            "{path}: --trail {trail} must be a number of seconds, 0 or more"
        ));
    }
    if let Some(fps) = args.fps
        && !(fps.is_finite() && fps > 0.0 && fps <= MAX_GIF_FPS)
    {
        return Err(format!(
            "{path}: --fps {fps}: a GIF plays at more than 0 and at most {MAX_GIF_FPS} frames per second"
        ));
    }
    Ok(())
}

fn load(path: &Path) -> Result<Clip, String> {
    formats::load(path).map_err(|e| e.to_string())
}

fn shot<'a>(clip: &'a Clip, path: &Path, view: Option<&str>) -> Result<Shot<'a>, String> {
    let choice = match view {
        Some(text) => ViewChoice::parse(text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => ViewChoice::default_for(clip),
    };
    Shot::new(clip, choice).map_err(|e| format!("{}: {e}", path.display()))
}

/// `--overlay` superimposes a strip's poses when there is no clip to compare (with one, it
/// overlays the compared clip instead).
fn superimposes(args: &RenderArgs) -> bool {
    args.overlay && args.compare.is_none()
}

/// The default picture size for the request.
fn default_size(args: &RenderArgs, kind: Kind) -> [u32; 2] {
    match (kind, args.strip) {
        (Kind::Gif, _) => render::DEFAULT_GIF_SIZE,
        (Kind::Png, Some(k)) if !superimposes(args) => {
            let rows = if args.compare.is_some() && !args.overlay {
                2
            } else {
                1
            };
            render::default_strip_size(k, rows)
        }
        (Kind::Png, _) => render::DEFAULT_PNG_SIZE,
    }
}

/// Shows "rendering frame k/n" on a terminal's standard error for GIFs of many frames.
fn progress_reporter(total_hint: usize) -> impl FnMut(usize, usize) {
    let show = std::io::stderr().is_terminal() && total_hint > 30;
    move |done, total| {
        if show && (done == total || done % 10 == 0) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rposedeck: rendering frame {done}/{total}");
            if done == total {
                let _ = writeln!(err);
            }
            let _ = err.flush();
        }
    }
}

/// Runs `posedeck render`.
///
/// # Errors
/// One sentence naming the file.
pub fn run(args: &RenderArgs) -> Result<(), String> {
    let kind = output_kind(&args.out)?;
    check_flags(args, kind)?;
    let size = match &args.size {
        Some(text) => parse_size(text).map_err(|e| format!("{}: {e}", args.out.display()))?,
        None => default_size(args, kind),
    };
    let clip = load(&args.path)?;
    let other = args.compare.as_deref().map(load).transpose()?;
    let main = shot(&clip, &args.path, args.view.as_deref())?;
    let compare = match (&other, &args.compare) {
        (Some(c), Some(path)) => Some(shot(c, path, args.view.as_deref())?),
        _ => None,
    };
    let overlay_compare = args.overlay && compare.is_some();
    let mut subjects = Subjects {
        main,
        compare,
        overlay: overlay_compare,
    };
    let look = Look {
        style: Style {
            figure: if args.body {
                Figure::Body
            } else {
                Figure::Stick
            },
            ..Style::default()
        },
        extras: Extras {
            trail_s: args.trail.filter(|t| *t > 0.0),
            angles: args.angles,
        },
    };
    let fail = |e: std::io::Error| format!("{}: cannot write: {e}", args.out.display());
    let mut sink = Sink::open(&args.out).map_err(fail)?;
    let result = write_output(args, kind, size, &clip, &mut subjects, &look, &mut sink);
    match result {
        Ok(()) => sink.finish().map_err(fail),
        Err(message) => {
            sink.abandon();
            Err(message)
        }
    }
}

fn write_output(
    args: &RenderArgs,
    kind: Kind,
    size: [u32; 2],
    clip: &Clip,
    subjects: &mut Subjects<'_>,
    look: &Look,
    sink: &mut Sink,
) -> Result<(), String> {
    let out = args.out.display();
    let mut text = TextPainter::new();
    let viewport = ScreenRect::from_min_size([0.0, 0.0], [size[0] as f32, size[1] as f32]);
    match (kind, args.strip) {
        (Kind::Gif, _) => {
            let (from_s, to_s) = range_s(args, clip)?;
            let fps = args
                .fps
                .unwrap_or_else(|| clip.playback_rate_hz().min(MAX_GIF_FPS));
            let animation = Animation {
                from_s,
                to_s,
                fps,
                size,
            };
            subjects.same_scale(from_s, &viewport);
            let mut progress = progress_reporter(animation.times().len());
            render::animate(subjects, &animation, look, sink.writer(), &mut progress)
                .map_err(|e| format!("{out}: {e}"))?;
        }
        (Kind::Png, Some(count)) => {
            let (from_s, to_s) = range_s(args, clip)?;
            let spec = StripSpec {
                count,
                from_s,
                to_s,
                superimpose: superimposes(args),
            };
            // The strip fits its panels (and matches the compared clip) itself.
            let pixmap = render::strip(subjects, &spec, size, look, &mut text)
                .map_err(|e| format!("{out}: {e}"))?;
            let bytes = render::png::encode(&pixmap).map_err(|e| format!("{out}: {e}"))?;
            sink.writer()
                .write_all(&bytes)
                .map_err(|e| format!("{out}: cannot write: {e}"))?;
        }
        (Kind::Png, None) => {
            let time_s = moment_s(args, clip)?;
            subjects.same_scale(time_s, &viewport);
            let pixmap = render::picture(subjects, time_s, size, look, &mut text)
                .map_err(|e| format!("{out}: {e}"))?;
            let bytes = render::png::encode(&pixmap).map_err(|e| format!("{out}: {e}"))?;
            sink.writer()
                .write_all(&bytes)
                .map_err(|e| format!("{out}: cannot write: {e}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("480x270"), Ok([480, 270]));
        assert_eq!(parse_size(" 64X32 "), Ok([64, 32]));
        assert!(parse_size("480").is_err());
        assert!(parse_size("0x10").is_err());
        assert!(parse_size("8x8").is_err());
        assert!(parse_size("100000x10").is_err());
    }

    #[test]
    fn output_kinds_follow_the_extension() {
        assert_eq!(output_kind(Path::new("a.PNG")), Ok(Kind::Png));
        assert_eq!(output_kind(Path::new("a.gif")), Ok(Kind::Gif));
        assert_eq!(output_kind(Path::new("-")), Ok(Kind::Png));
        assert_eq!(
            output_kind(Path::new("a.jpg")),
            Err("a.jpg: the output must end in .png or .gif".to_owned())
        );
    }
}
