//! Pose storage: flat per-frame blocks in chunks of consecutive frames, with O(1) frame lookup.
//!
//! Each chunk holds `frames_per_chunk` frames. Inside a chunk, `person_offsets[i]..
//! person_offsets[i + 1]` are the rows (people) of frame `i`, and `coords` is a
//! `(people, joints, dims)` block of f32 where NaN marks a missing joint. A crowded frame only
//! costs its own rows, never padding in the other frames. Chunks are `Arc`s, so a loader that
//! parses in the background can hand sealed chunks to the viewer while it goes on.

use std::sync::Arc;

use ndarray::{Array2, Array3, ArrayView1, ArrayView2, ArrayView3, s};

/// Default number of frames per chunk.
pub const DEFAULT_FRAMES_PER_CHUNK: usize = 1024;

/// A run of consecutive frames.
#[derive(Clone, Debug, PartialEq)]
pub struct PoseChunk {
    /// Index of the chunk's first frame in the clip.
    first_frame: usize,
    /// `frames + 1` offsets into the people rows.
    person_offsets: Vec<usize>,
    /// `(people, joints, dims)` coordinates; NaN = missing.
    coords: Array3<f32>,
    /// `(people, joints)` confidence, when the format stores one.
    confidence: Option<Array2<f32>>,
    /// Track id per people row, when the format stores one.
    track_ids: Option<Vec<i64>>,
}

impl PoseChunk {
    /// Number of frames in this chunk.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.person_offsets.len().saturating_sub(1)
    }

    /// Index of the first frame.
    #[must_use]
    pub fn first_frame(&self) -> usize {
        self.first_frame
    }

    /// All people rows of the chunk, `(people, joints, dims)`.
    #[must_use]
    pub fn coords(&self) -> ArrayView3<'_, f32> {
        self.coords.view()
    }

    /// A chunk of frames stored one person each (a single-person clip): `coords` is
    /// `(frames, joints, dims)`, frame `i` of the chunk is frame `first_frame + i` of the clip;
    /// `confidence`, when given, is `(frames, joints)` (another shape is dropped).
    #[must_use]
    pub fn one_person_per_frame(
        first_frame: usize,
        coords: Array3<f32>,
        confidence: Option<Array2<f32>>,
    ) -> Self {
        let (frames, joints, _) = coords.dim();
        Self {
            first_frame,
            person_offsets: (0..=frames).collect(),
            coords,
            confidence: confidence.filter(|c| c.dim() == (frames, joints)),
            track_ids: None,
        }
    }

    /// The most people in one frame of the chunk.
    #[must_use]
    pub fn max_people(&self) -> usize {
        self.person_offsets
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]))
            .max()
            .unwrap_or(0)
    }

    /// A chunk not read yet: no frames.
    fn placeholder(first_frame: usize, joints: usize, dims: usize, with_confidence: bool) -> Self {
        Self {
            first_frame,
            person_offsets: vec![0],
            coords: Array3::from_elem((0, joints, dims), f32::NAN),
            confidence: with_confidence.then(|| Array2::from_elem((0, joints), f32::NAN)),
            track_ids: None,
        }
    }
}

/// All poses of a clip.
#[derive(Clone, Debug, PartialEq)]
pub struct Poses {
    joints: usize,
    dims: usize,
    frames_per_chunk: usize,
    frame_count: usize,
    max_people: usize,
    chunks: Vec<Arc<PoseChunk>>,
}

impl Poses {
    /// An empty clip with no frames.
    #[must_use]
    pub fn empty(joints: usize, dims: usize) -> Self {
        PosesBuilder::new(joints, dims, false, false).finish()
    }

    /// Number of joints per person.
    #[must_use]
    pub fn joints(&self) -> usize {
        self.joints
    }

    /// Coordinate dimensions (2 or 3).
    #[must_use]
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of frames.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.frame_count
    }

    /// The most people in any one frame.
    #[must_use]
    pub fn max_people(&self) -> usize {
        self.max_people
    }

    /// True when the file stores a confidence per joint.
    #[must_use]
    pub fn has_confidence(&self) -> bool {
        // Chunks not read yet carry an empty confidence block when the clip has one.
        self.chunks.first().is_some_and(|c| c.confidence.is_some())
    }

    /// The chunks, in frame order.
    #[must_use]
    pub fn chunks(&self) -> &[Arc<PoseChunk>] {
        &self.chunks
    }

    /// Frame `index`, in O(1); `None` when out of range.
    #[must_use]
    pub fn frame(&self, index: usize) -> Option<FrameView<'_>> {
        if index >= self.frame_count {
            return None;
        }
        let chunk = self.chunks.get(index / self.frames_per_chunk)?;
        let local = index - chunk.first_frame;
        (local < chunk.frame_count()).then_some(FrameView { chunk, local })
    }

    /// Every frame in order (frames of chunks not read yet are skipped).
    pub fn frames(&self) -> impl Iterator<Item = FrameView<'_>> {
        (0..self.frame_count).filter_map(|i| self.frame(i))
    }

    /// Frames per chunk: chunk `k` holds frames `k * frames_per_chunk ..`.
    #[must_use]
    pub fn frames_per_chunk(&self) -> usize {
        self.frames_per_chunk
    }

    /// `frame_count` frames whose chunks are still to be read: every frame is missing
    /// ([`Poses::frame`] gives `None`) until its chunk is put in with [`Poses::insert_chunk`].
    /// A loader that parses in the background shows a clip this way before it is whole.
    #[must_use]
    pub fn pending(
        joints: usize,
        dims: usize,
        with_confidence: bool,
        frames_per_chunk: usize,
        frame_count: usize,
    ) -> Self {
        let frames_per_chunk = frames_per_chunk.max(1);
        let chunks = (0..frame_count.div_ceil(frames_per_chunk))
            .map(|k| {
                Arc::new(PoseChunk::placeholder(
                    k * frames_per_chunk,
                    joints,
                    dims,
                    with_confidence,
                ))
            })
            .collect();
        Self {
            joints,
            dims,
            frames_per_chunk,
            frame_count,
            max_people: 0,
            chunks,
        }
    }

    /// Number of chunks (read or not).
    #[must_use]
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// How many frames chunk `index` holds once read.
    #[must_use]
    pub fn chunk_len(&self, index: usize) -> usize {
        let start = index.saturating_mul(self.frames_per_chunk);
        self.frame_count
            .saturating_sub(start)
            .min(self.frames_per_chunk)
    }

    /// True when chunk `index` has been read.
    #[must_use]
    pub fn has_chunk(&self, index: usize) -> bool {
        self.chunks
            .get(index)
            .is_some_and(|c| c.frame_count() == self.chunk_len(index))
    }

    /// Index of the chunk holding `frame`.
    #[must_use]
    pub fn chunk_of(&self, frame: usize) -> usize {
        frame / self.frames_per_chunk
    }

    /// Number of frames whose chunk has been read.
    #[must_use]
    pub fn frames_read(&self) -> usize {
        self.chunks.iter().map(|c| c.frame_count()).sum()
    }

    /// True when every chunk has been read.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.frames_read() == self.frame_count
    }

    /// Puts a read chunk in its place. Returns `false` (and changes nothing) when the chunk does
    /// not fit: wrong first frame, frame count, joints or dimensions.
    pub fn insert_chunk(&mut self, chunk: Arc<PoseChunk>) -> bool {
        let index = chunk.first_frame / self.frames_per_chunk;
        let (_, joints, dims) = chunk.coords.dim();
        let fits = chunk.first_frame.is_multiple_of(self.frames_per_chunk)
            && index < self.chunks.len()
            && chunk.frame_count() == self.chunk_len(index)
            && joints == self.joints
            && dims == self.dims
            && chunk.confidence.is_some() == self.has_confidence();
        if !fits {
            return false;
        }
        self.max_people = self.max_people.max(chunk.max_people());
        self.chunks[index] = chunk;
        true
    }
}

/// One frame: the people in it.
#[derive(Clone, Copy, Debug)]
pub struct FrameView<'a> {
    chunk: &'a PoseChunk,
    local: usize,
}

impl<'a> FrameView<'a> {
    /// Number of people in the frame.
    #[must_use]
    pub fn people(&self) -> usize {
        self.range().len()
    }

    fn range(&self) -> std::ops::Range<usize> {
        let start = self
            .chunk
            .person_offsets
            .get(self.local)
            .copied()
            .unwrap_or(0);
        let end = self
            .chunk
            .person_offsets
            .get(self.local + 1)
            .copied()
            .unwrap_or(start);
        start..end
    }

    /// Person `index` of the frame (in file order).
    #[must_use]
    pub fn person(&self, index: usize) -> Option<PersonView<'a>> {
        let range = self.range();
        if index >= range.len() {
            return None;
        }
        let row = range.start + index;
        Some(PersonView {
            coords: self.chunk.coords.slice(s![row, .., ..]),
            confidence: self.chunk.confidence.as_ref().map(|c| c.slice(s![row, ..])),
            track_id: self
                .chunk
                .track_ids
                .as_ref()
                .and_then(|t| t.get(row).copied()),
        })
    }

    /// Every person in the frame.
    pub fn persons(&self) -> impl Iterator<Item = PersonView<'a>> + '_ {
        (0..self.people()).filter_map(|i| self.person(i))
    }
}

/// One person in one frame.
#[derive(Clone, Debug)]
pub struct PersonView<'a> {
    /// `(joints, dims)` coordinates; NaN = missing.
    pub coords: ArrayView2<'a, f32>,
    /// Confidence per joint, when the file stores it.
    pub confidence: Option<ArrayView1<'a, f32>>,
    /// Track / body id, when the file stores one.
    pub track_id: Option<i64>,
}

impl PersonView<'_> {
    /// Joint `index` as `[x, y, z]` (z = 0 for 2D data), or `None` when missing or out of range.
    #[must_use]
    pub fn joint(&self, index: usize) -> Option<[f32; 3]> {
        let (joints, dims) = self.coords.dim();
        if index >= joints {
            return None;
        }
        let mut point = [0.0_f32; 3];
        for (d, value) in point.iter_mut().enumerate().take(dims.min(3)) {
            *value = self.coords[[index, d]];
        }
        point.iter().all(|v| v.is_finite()).then_some(point)
    }

    /// Confidence of joint `index`, when the file stores one.
    #[must_use]
    pub fn confidence_of(&self, index: usize) -> Option<f32> {
        self.confidence.as_ref().and_then(|c| c.get(index).copied())
    }
}

/// Builds [`Poses`] frame by frame, sealing a chunk every `frames_per_chunk` frames.
#[derive(Debug)]
pub struct PosesBuilder {
    joints: usize,
    dims: usize,
    frames_per_chunk: usize,
    with_confidence: bool,
    with_tracks: bool,
    sealed: Vec<Arc<PoseChunk>>,
    max_people: usize,
    // The chunk being filled.
    first_frame: usize,
    offsets: Vec<usize>,
    coords: Vec<f32>,
    confidence: Vec<f32>,
    tracks: Vec<i64>,
}

impl PosesBuilder {
    /// A builder for people of `joints` joints in `dims` dimensions. `with_confidence` and
    /// `with_tracks` say whether [`PosesBuilder::push_person`] will be given those.
    #[must_use]
    pub fn new(joints: usize, dims: usize, with_confidence: bool, with_tracks: bool) -> Self {
        Self {
            joints,
            dims,
            frames_per_chunk: DEFAULT_FRAMES_PER_CHUNK,
            with_confidence,
            with_tracks,
            sealed: Vec::new(),
            max_people: 0,
            first_frame: 0,
            offsets: vec![0],
            coords: Vec::new(),
            confidence: Vec::new(),
            tracks: Vec::new(),
        }
    }

    /// Changes the chunk size (at least one frame). Call before the first frame.
    #[must_use]
    pub fn frames_per_chunk(mut self, frames: usize) -> Self {
        self.frames_per_chunk = frames.max(1);
        self
    }

    /// Number of frames pushed so far.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.first_frame + self.offsets.len() - 1
    }

    /// Starts a new frame. People pushed after this call belong to it.
    pub fn begin_frame(&mut self) {
        if self.offsets.len() > self.frames_per_chunk {
            self.seal();
        }
        let rows = self.coords.len() / (self.joints * self.dims).max(1);
        self.offsets.push(rows);
    }

    /// Adds one person to the current frame (call [`PosesBuilder::begin_frame`] first).
    /// `coords` holds `joints * dims` values (shorter input is padded with NaN, longer is cut);
    /// `confidence` one value per joint; `track_id` the person's track.
    pub fn push_person(
        &mut self,
        coords: &[f32],
        confidence: Option<&[f32]>,
        track_id: Option<i64>,
    ) {
        if self.offsets.len() == 1 {
            // A person before any frame: open the first frame implicitly.
            self.begin_frame();
        }
        let want = self.joints * self.dims;
        let take = coords.len().min(want);
        self.coords.extend_from_slice(&coords[..take]);
        self.coords
            .extend(std::iter::repeat_n(f32::NAN, want - take));
        if self.with_confidence {
            let conf = confidence.unwrap_or(&[]);
            let take = conf.len().min(self.joints);
            self.confidence.extend_from_slice(&conf[..take]);
            self.confidence
                .extend(std::iter::repeat_n(f32::NAN, self.joints - take));
        }
        if self.with_tracks {
            self.tracks.push(track_id.unwrap_or(-1));
        }
        if let Some(last) = self.offsets.last_mut() {
            *last += 1;
        }
        let frame_start = self.offsets[self.offsets.len() - 2];
        let people = self.offsets[self.offsets.len() - 1] - frame_start;
        self.max_people = self.max_people.max(people);
    }

    fn seal(&mut self) {
        let frames = self.offsets.len() - 1;
        if frames == 0 {
            return;
        }
        let rows = self.offsets[frames];
        // The next chunk is usually as full as this one: reserve that much, so its buffers do
        // not grow by doubling, and keep no spare capacity in the sealed chunk.
        let (coords_len, confidence_len, tracks_len) =
            (self.coords.len(), self.confidence.len(), self.tracks.len());
        let mut coords = std::mem::replace(&mut self.coords, Vec::with_capacity(coords_len));
        let mut confidence =
            std::mem::replace(&mut self.confidence, Vec::with_capacity(confidence_len));
        let tracks = std::mem::replace(&mut self.tracks, Vec::with_capacity(tracks_len));
        coords.shrink_to_fit();
        confidence.shrink_to_fit();
        let coords = Array3::from_shape_vec((rows, self.joints, self.dims), coords)
            .unwrap_or_else(|_| Array3::from_elem((rows, self.joints, self.dims), f32::NAN));
        let confidence = self.with_confidence.then(|| {
            Array2::from_shape_vec((rows, self.joints), confidence)
                .unwrap_or_else(|_| Array2::from_elem((rows, self.joints), f32::NAN))
        });
        self.sealed.push(Arc::new(PoseChunk {
            first_frame: self.first_frame,
            person_offsets: std::mem::replace(&mut self.offsets, vec![0]),
            coords,
            confidence,
            track_ids: self.with_tracks.then_some(tracks),
        }));
        self.first_frame += frames;
    }

    /// Makes this builder build one chunk whose first frame is frame `first_frame` of the clip
    /// (for a reader that builds chunk `k` on its own: pass `k * frames_per_chunk`), sealed by
    /// [`PosesBuilder::into_chunk`]. Call before the first frame.
    #[must_use]
    pub fn for_chunk(mut self, first_frame: usize) -> Self {
        self.first_frame = first_frame;
        self.frames_per_chunk = usize::MAX;
        self
    }

    /// Seals the frames pushed into one chunk and returns it (see [`PosesBuilder::for_chunk`]).
    #[must_use]
    pub fn into_chunk(mut self) -> PoseChunk {
        let first_frame = self.first_frame;
        self.seal();
        self.sealed.pop().map_or_else(
            || PoseChunk::placeholder(first_frame, self.joints, self.dims, self.with_confidence),
            |chunk| Arc::try_unwrap(chunk).unwrap_or_else(|shared| (*shared).clone()),
        )
    }

    /// Hands over the chunks sealed so far (for a loader that streams them to the viewer).
    pub fn take_sealed(&mut self) -> Vec<Arc<PoseChunk>> {
        std::mem::take(&mut self.sealed)
    }

    /// Seals the last chunk and returns the poses.
    #[must_use]
    pub fn finish(mut self) -> Poses {
        self.seal();
        Poses {
            joints: self.joints,
            dims: self.dims,
            frames_per_chunk: self.frames_per_chunk,
            frame_count: self.first_frame,
            max_people: self.max_people,
            chunks: self.sealed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(frames: usize, people_of: impl Fn(usize) -> usize) -> Poses {
        let mut builder = PosesBuilder::new(2, 3, true, true).frames_per_chunk(4);
        for f in 0..frames {
            builder.begin_frame();
            for p in 0..people_of(f) {
                let v = (f * 10 + p) as f32;
                builder.push_person(
                    &[v, v, v, v, v, f32::NAN],
                    Some(&[0.5, 0.25]),
                    Some(p as i64),
                );
            }
        }
        builder.finish()
    }

    #[test]
    fn lookup_at_the_ends_and_across_chunks() {
        let poses = build(10, |f| if f == 5 { 3 } else { 1 });
        assert_eq!(poses.frame_count(), 10);
        assert_eq!(poses.chunks().len(), 3);
        assert_eq!(poses.max_people(), 3);
        let first = poses.frame(0).expect("frame 0");
        assert_eq!(first.people(), 1);
        assert_eq!(first.person(0).and_then(|p| p.joint(0)), Some([0.0; 3]));
        let last = poses.frame(9).expect("frame 9");
        assert_eq!(last.person(0).and_then(|p| p.joint(0)), Some([90.0; 3]));
        let crowded = poses.frame(5).expect("frame 5");
        assert_eq!(crowded.people(), 3);
        let third = crowded.person(2).expect("third person");
        assert_eq!(third.joint(0), Some([52.0; 3]));
        assert_eq!(third.joint(1), None, "NaN is missing");
        assert_eq!(third.track_id, Some(2));
        assert_eq!(third.confidence_of(1), Some(0.25));
        assert!(poses.frame(10).is_none());
        assert!(crowded.person(3).is_none());
    }

    #[test]
    fn empty_frames_and_empty_clips() {
        let poses = build(5, |f| usize::from(f % 2 == 0));
        assert_eq!(poses.frame(1).map(|f| f.people()), Some(0));
        assert_eq!(poses.frames().count(), 5);
        let empty = Poses::empty(17, 2);
        assert_eq!(empty.frame_count(), 0);
        assert!(empty.frame(0).is_none());
    }

    #[test]
    fn pending_poses_fill_in_any_order() {
        let whole = build(10, |f| usize::from(f != 3) + usize::from(f == 9));
        let mut pending = Poses::pending(2, 3, true, 4, 10);
        assert_eq!(pending.chunk_count(), 3);
        assert_eq!(pending.frame_count(), 10);
        assert!(pending.has_confidence());
        assert!(pending.frame(0).is_none() && !pending.is_complete());
        assert_eq!(pending.chunk_len(2), 2);
        for index in [2, 0] {
            let mut b = PosesBuilder::new(2, 3, true, true).for_chunk(index * 4);
            for f in index * 4..(index * 4 + 4).min(10) {
                b.begin_frame();
                for p in 0..whole.frame(f).map_or(0, |v| v.people()) {
                    let v = (f * 10 + p) as f32;
                    b.push_person(
                        &[v, v, v, v, v, f32::NAN],
                        Some(&[0.5, 0.25]),
                        Some(p as i64),
                    );
                }
            }
            assert!(pending.insert_chunk(Arc::new(b.into_chunk())));
        }
        assert!(pending.has_chunk(0) && !pending.has_chunk(1) && pending.has_chunk(2));
        assert_eq!(pending.frames_read(), 6);
        assert_eq!(pending.max_people(), 2);
        assert!(pending.frame(5).is_none());
        let nine = pending
            .frame(9)
            .and_then(|f| f.person(1))
            .and_then(|p| p.joint(0));
        assert_eq!(nine, Some([91.0; 3]));
        let conf = |frames| Some(Array2::zeros((frames, 2)));
        let misplaced = PoseChunk::one_person_per_frame(1, Array3::zeros((4, 2, 3)), conf(4));
        assert!(
            !pending.insert_chunk(Arc::new(misplaced)),
            "not on a chunk start"
        );
        let wrong_len = PoseChunk::one_person_per_frame(4, Array3::zeros((3, 2, 3)), conf(3));
        assert!(
            !pending.insert_chunk(Arc::new(wrong_len)),
            "chunk 1 holds 4 frames"
        );
        let no_conf = PoseChunk::one_person_per_frame(4, Array3::zeros((4, 2, 3)), None);
        assert!(
            !pending.insert_chunk(Arc::new(no_conf)),
            "the clip has confidence"
        );
        let middle = PoseChunk::one_person_per_frame(4, Array3::zeros((4, 2, 3)), conf(4));
        assert!(pending.insert_chunk(Arc::new(middle)));
        assert!(pending.is_complete());
        assert_eq!(pending.frames().count(), 10);
    }

    #[test]
    fn short_input_is_padded_with_missing() {
        let mut builder = PosesBuilder::new(3, 2, false, false);
        builder.begin_frame();
        builder.push_person(&[1.0, 2.0], None, None);
        let poses = builder.finish();
        let person = poses.frame(0).and_then(|f| f.person(0)).expect("person");
        assert_eq!(person.joint(0), Some([1.0, 2.0, 0.0]));
        assert_eq!(person.joint(2), None);
        assert!(person.confidence.is_none());
    }
}
