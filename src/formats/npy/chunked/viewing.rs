//! What [`super::open_for_viewing`] leaves to `finish`: the facts about every value, taken
//! from the chunks as they were read, and the clip [`super::open_chunked`] gives.

use super::{NpySource, Opened, describe, open_chunked, space_of};
use crate::formats::npy::stats::ValueStats;
use crate::formats::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId, Poses};

impl NpySource {
    /// The facts about every value, merged from the chunks read (`None` when some chunk was
    /// not read through this source).
    fn stats_of_chunks(&self) -> Option<ValueStats> {
        let slots = self.chunk_stats.as_ref()?.lock().ok()?;
        let mut total = ValueStats::default();
        for slot in slots.iter() {
            total.merge(slot.as_ref()?);
        }
        Some(total)
    }
}

impl Opened {
    /// The clip of [`open_chunked`]: the facts about every value from the chunks, with `poses`
    /// when the first chunk read the third column as the pass does, else read again whole.
    pub(super) fn finish_after_pass(
        &self,
        poses: Poses,
        header_meta: ClipMeta,
    ) -> Result<Clip, LoadError> {
        let source = &self.source;
        let stats = match source.stats_of_chunks() {
            Some(stats) => stats,
            None => source
                .array
                .stats()
                .map_err(|(offset, error)| source.unreadable(offset, &error))?,
        };
        let shape = &source.array.shape;
        let with_confidence = stats.with_confidence(shape.channels);
        if with_confidence != source.with_confidence {
            drop(poses);
            return match open_chunked(&source.path)? {
                Some(whole) => crate::formats::chunked::read_clip(whole.as_ref()),
                None => Err(LoadError::parse(
                    &source.path,
                    FormatId::Npy,
                    Location::Byte(0),
                    "the file changed while it was read".to_owned(),
                )),
            };
        }
        let missing = stats.missing(source.dims());
        let (skeleton, mut meta) = describe(shape, with_confidence, &missing, header_meta);
        let space = space_of(&poses, &skeleton, &mut meta);
        Ok(Clip::new(skeleton, None, space, poses, meta))
    }
}
