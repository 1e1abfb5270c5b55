//! The up axis before every frame is read. The whole-file reader guesses it from the sum over
//! all frames ([`super::up`]); `open` cannot afford every frame, so it parses a few chunks (the
//! first, the middle and the last) and calls the guess settled when those are all the chunks, or
//! when each sample gives the same guess and their sum is clear ([`UpEvidence::is_clear`]).
//! Otherwise `info` reads the whole clip; either way the loaded clip's up axis comes from every
//! frame (`finish`).

use super::frames::ChunkFrames;
use super::up::UpEvidence;
use crate::model::PoseChunk;

/// The sampled chunks and what they say about the up axis.
pub(super) struct Sampled {
    /// The parsed chunks (index, chunk), kept for whoever reads them next.
    pub chunks: Vec<(usize, PoseChunk)>,
    /// Each sampled chunk's evidence (index, evidence).
    pub evidence: Vec<(usize, UpEvidence)>,
    /// The samples' evidence together, in chunk order.
    pub combined: UpEvidence,
    /// True when the guess from the samples is the one every frame gives.
    pub settled: bool,
}

/// The chunks sampled out of `count`: the first, the middle and the last.
fn sample_indices(count: usize) -> Vec<usize> {
    let mut indices = vec![0, count / 2, count.saturating_sub(1)];
    indices.dedup();
    indices
}

/// Parses the sample chunks of `frames` (with `buffer` as scratch space); `None` when one is
/// malformed or cannot be read (the whole-file reader then reports it).
pub(super) fn sample(frames: &ChunkFrames, buffer: &mut Vec<u8>) -> Option<Sampled> {
    let count = frames.index.chunk_count();
    let indices = sample_indices(count);
    let mut chunks = Vec::with_capacity(indices.len());
    let mut evidence: Vec<(usize, UpEvidence)> = Vec::with_capacity(indices.len());
    for &index in &indices {
        let posed = frames.pose(index, buffer).ok()?;
        let first = index * frames.index.frames_per_chunk;
        chunks.push((
            index,
            PoseChunk::one_person_per_frame(first, posed.coords, None),
        ));
        evidence.push((index, posed.evidence));
    }
    let mut combined = evidence.first()?.1.clone();
    for (_, later) in evidence.iter().skip(1) {
        combined.merge(later);
    }
    let guess = combined.decide();
    let settled = indices.len() == count
        || (combined.is_clear() && evidence.iter().all(|(_, e)| e.decide() == guess));
    Some(Sampled {
        chunks,
        evidence,
        combined,
        settled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_middle_and_last() {
        assert_eq!(sample_indices(1), [0]);
        assert_eq!(sample_indices(2), [0, 1]);
        assert_eq!(sample_indices(3), [0, 1, 2]);
        assert_eq!(sample_indices(422), [0, 211, 421]);
    }
}
