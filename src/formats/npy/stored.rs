//! Where the values of a chunk of frames lie in a `.npy` file, and reading them: one `read_at`
//! in C order, one per person for a people-first array, one per coordinate column in Fortran
//! order; and the one pass over every value that the outline needs ([`ValueStats`]).

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::decode::COrderValues;
use super::stats::ValueStats;
use super::{ByteOrder, Dtype, NpyHeader, PoseShape, ScalarKind, build::Values};
use crate::formats::scan;

/// An array in a file whose header was checked against the file length.
#[derive(Debug)]
pub struct StoredArray {
    /// The open file.
    pub file: File,
    /// Its header.
    pub header: NpyHeader,
    /// The pose reading of its shape.
    pub shape: PoseShape,
    /// Frames per chunk.
    pub frames_per_chunk: usize,
}

impl StoredArray {
    /// The facts about every value: one pass over the data on every core.
    pub fn stats(&self) -> Result<ValueStats, (u64, io::Error)> {
        let (dtype, channels) = (self.header.dtype, self.shape.channels);
        let size = dtype.size_bytes.max(1);
        let little_f32 = dtype
            == Dtype {
                kind: ScalarKind::Float,
                size_bytes: 4,
                order: ByteOrder::Little,
            };
        let mut total = ValueStats::default();
        if self.header.fortran_order {
            for part in self.chunk_stats()? {
                total.merge(&part);
            }
            return Ok(total);
        }
        let count = self.shape.frames * self.shape.people * self.shape.joints * channels;
        let parts = scan::scan_file(
            &self.file,
            self.header.data_offset as u64,
            (count * size) as u64,
            channels * size,
            |(stats, scratch): &mut (ValueStats, Vec<f32>), block, _| {
                if little_f32 {
                    stats.add_f32_le(block, channels);
                } else {
                    scratch.resize(block.len() / size, f32::NAN);
                    COrderValues::new(block, dtype).decode_run(0, scratch);
                    stats.add(scratch, channels);
                }
            },
        )?;
        for (part, _) in &parts {
            total.merge(part);
        }
        if total.zero_count_pending() && total.with_confidence(channels) {
            // The (0, 0) points only matter when the third value is a confidence.
            let zeros = scan::scan_file(
                &self.file,
                self.header.data_offset as u64,
                (count * size) as u64,
                channels * size,
                |n: &mut usize, block, _| *n += ValueStats::zero_points_f32_le(block),
            )?;
            total.set_zero_points(zeros.iter().sum());
        }
        Ok(total)
    }

    /// The facts about the values of the first chunk only (a quick look, not the whole array).
    pub fn first_chunk_stats(&self) -> Result<ValueStats, (u64, io::Error)> {
        let mut stats = ValueStats::default();
        stats.add(&self.fetch(0)?, self.shape.channels);
        Ok(stats)
    }

    /// [`NpySource::stats`] chunk by chunk, for arrays not stored in C order.
    fn chunk_stats(&self) -> Result<Vec<ValueStats>, (u64, io::Error)> {
        let chunks = self.shape.frames.div_ceil(self.frames_per_chunk);
        let next = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let results = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let mut stats = ValueStats::default();
                    let mut outcome = Ok(());
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= chunks {
                            break;
                        }
                        match self.fetch(index) {
                            Ok(values) => stats.add(&values, self.shape.channels),
                            Err(error) => {
                                outcome = Err(error);
                                next.store(chunks, Ordering::Relaxed);
                                break;
                            }
                        }
                    }
                    if let Ok(mut all) = results.lock() {
                        all.push(outcome.map(|()| stats));
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .collect()
    }

    /// The first frame and the number of frames of chunk `index`.
    pub fn chunk_frames(&self, index: usize) -> (usize, usize) {
        let first = index
            .saturating_mul(self.frames_per_chunk)
            .min(self.shape.frames);
        (
            first,
            (self.shape.frames - first).min(self.frames_per_chunk),
        )
    }

    /// The values of chunk `index` as f32, in C order with the frames first (frame, person,
    /// joint, channel), whatever the stored order.
    pub fn fetch(&self, index: usize) -> Result<Vec<f32>, (u64, io::Error)> {
        let (first, frames) = self.chunk_frames(index);
        let PoseShape {
            frames: all_frames,
            people,
            joints,
            channels,
            people_first,
        } = self.shape;
        let point_values = joints * channels;
        let mut out = vec![f32::NAN; frames * people * point_values];
        let mut run = Vec::new();
        let mut bytes = Vec::new();
        let at =
            |i: usize, p: usize, j: usize, c: usize| ((i * people + p) * joints + j) * channels + c;
        match (self.header.fortran_order, people_first) {
            (false, false) => {
                self.read_run(self.shape.index(first, 0, 0, 0), &mut out, &mut bytes)?;
            }
            (false, true) => {
                run.resize(frames * point_values, f32::NAN);
                for p in 0..people {
                    self.read_run(self.shape.index(first, p, 0, 0), &mut run, &mut bytes)?;
                    for (i, values) in run.chunks_exact(point_values).enumerate() {
                        let start = at(i, p, 0, 0);
                        out[start..start + point_values].copy_from_slice(values);
                    }
                }
            }
            (true, false) => {
                // Column-major (frames, [people,] joints, channels): frames are contiguous.
                run.resize(frames, f32::NAN);
                for c in 0..channels {
                    for j in 0..joints {
                        for p in 0..people {
                            let start = first + all_frames * (p + people * (j + joints * c));
                            self.read_run(start, &mut run, &mut bytes)?;
                            for (i, &v) in run.iter().enumerate() {
                                out[at(i, p, j, c)] = v;
                            }
                        }
                    }
                }
            }
            (true, true) => {
                // Column-major (people, frames, joints, channels): people, then frames.
                run.resize(frames * people, f32::NAN);
                for c in 0..channels {
                    for j in 0..joints {
                        let start = people * (first + all_frames * (j + joints * c));
                        self.read_run(start, &mut run, &mut bytes)?;
                        for (k, &v) in run.iter().enumerate() {
                            out[at(k / people, k % people, j, c)] = v;
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Elements `start..start + out.len()` of the stored array (in stored order) as f32.
    fn read_run(
        &self,
        start: usize,
        out: &mut [f32],
        bytes: &mut Vec<u8>,
    ) -> Result<(), (u64, io::Error)> {
        let size = self.header.dtype.size_bytes.max(1);
        let offset = (self.header.data_offset + start * size) as u64;
        bytes.resize(out.len() * size, 0);
        self.file
            .read_exact_at(bytes, offset)
            .map_err(|e| (offset, e))?;
        COrderValues::new(bytes, self.header.dtype).decode_run(0, out);
        Ok(())
    }
}
