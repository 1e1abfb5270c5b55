//! Automatic alignment in a background thread, so the window keeps drawing while long clips
//! are compared.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::analysis::align::{AlignOptions, Alignment, align_with};
use crate::model::Clip;

/// Where the automatic alignment stands.
#[derive(Debug, Default)]
pub enum AutoAlign {
    /// Not asked for (or its result taken or dismissed).
    #[default]
    Idle,
    /// Running in the background.
    Running(Receiver<Result<Alignment, String>>),
    /// Found, waiting for the user to accept or dismiss it.
    Found(Alignment),
    /// Could not be found: why.
    Failed(String),
}

impl AutoAlign {
    /// Starts aligning `b` to `a` (copies of the clips; their frames are shared, not copied).
    #[must_use]
    pub fn start(a: &Clip, b: &Clip, options: AlignOptions) -> Self {
        let (a, b) = (a.clone(), b.clone());
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("posedeck-align".to_owned())
            .spawn(move || {
                let result = align_with(&a, &b, options).map_err(|e| e.to_string());
                // The window may have left compare mode meanwhile: nobody to tell.
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => Self::Running(rx),
            Err(e) => Self::Failed(format!("cannot start the alignment: {e}")),
        }
    }

    /// Runs the alignment on this thread (tests, and the screenshot command line).
    #[must_use]
    pub fn now(a: &Clip, b: &Clip, options: AlignOptions) -> Self {
        match align_with(a, b, options) {
            Ok(found) => Self::Found(found),
            Err(e) => Self::Failed(e.to_string()),
        }
    }

    /// Takes the result if the thread has finished.
    pub fn poll(&mut self) {
        if let Self::Running(rx) = self {
            *self = match rx.try_recv() {
                Ok(Ok(found)) => Self::Found(found),
                Ok(Err(message)) => Self::Failed(message),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    Self::Failed("the alignment stopped unexpectedly".to_owned())
                }
            };
        }
    }

    /// True while the thread runs.
    #[must_use]
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Running(_))
    }
}

/// How far to trust an alignment score, in words.
#[must_use]
pub fn trust(score: f64) -> &'static str {
    if score >= 0.8 {
        "good match"
    } else if score >= 0.5 {
        "fair match: check it"
    } else {
        "poor match: do not trust it"
    }
}
