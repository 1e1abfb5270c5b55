//! Collects the bodies of an NTU file into poses; the first body fixes the joint count.

use std::collections::HashSet;

use super::{FRAME_RATE_HZ, KINECT_V2_JOINTS};
use crate::model::{
    Clip, ClipMeta, Layout, LayoutId, PosesBuilder, Skeleton, Space, Units, UpAxis,
};

/// Most stored values per byte of input, plus a fixed allowance (see the TRC reader).
const VALUES_PER_BYTE: usize = 1;
/// Fixed allowance of stored values on top of [`VALUES_PER_BYTE`].
const VALUES_ALLOWANCE: usize = 1 << 20;
/// Most body ids listed in the clip details.
const MAX_IDS_SHOWN: usize = 16;

/// Collects frames and bodies; the joint count comes from the first body.
pub(super) struct ClipBuilder {
    builder: Option<PosesBuilder>,
    joints: usize,
    /// Frames begun before the first body (the builder does not exist yet).
    pending_frames: usize,
    budget: usize,
    mismatched_bodies: usize,
    /// Body ids in order of first appearance.
    ids: Vec<i64>,
    seen: HashSet<i64>,
}

impl ClipBuilder {
    /// A builder for a file of `file_bytes` bytes.
    pub(super) fn new(file_bytes: usize) -> Self {
        Self {
            builder: None,
            joints: KINECT_V2_JOINTS,
            pending_frames: 0,
            budget: file_bytes
                .saturating_mul(VALUES_PER_BYTE)
                .saturating_add(VALUES_ALLOWANCE),
            mismatched_bodies: 0,
            ids: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Starts a frame.
    pub(super) fn begin_frame(&mut self) {
        match &mut self.builder {
            Some(builder) => builder.begin_frame(),
            None => self.pending_frames += 1,
        }
    }

    /// Adds a body of `joints` joints; the error is a message (the stored values would far
    /// exceed the file's size). The first body with joints fixes the clip's joint count.
    pub(super) fn push_body(
        &mut self,
        id: i64,
        joints: usize,
        coords: &[f32],
    ) -> Result<(), String> {
        if joints == 0 || coords.iter().all(|v| v.is_nan()) {
            return Ok(());
        }
        if self.seen.insert(id) {
            self.ids.push(id);
        }
        if self.builder.is_none() {
            self.joints = joints;
            let mut builder = PosesBuilder::new(joints, 3, false, true);
            for _ in 0..std::mem::take(&mut self.pending_frames) {
                builder.begin_frame();
            }
            self.builder = Some(builder);
        }
        if joints != self.joints {
            self.mismatched_bodies += 1;
        }
        self.budget = self
            .budget
            .checked_sub(self.joints * 3)
            .ok_or("the bodies hold far more values than the file has room for")?;
        if let Some(builder) = &mut self.builder {
            builder.push_person(coords, None, Some(id));
        }
        Ok(())
    }

    /// The clip, with the warnings and details gathered on the way.
    pub(super) fn finish(self, mut meta: ClipMeta) -> Clip {
        let joints = self.joints;
        let poses = self.builder.map_or_else(
            || {
                let mut builder = PosesBuilder::new(joints, 3, false, true);
                for _ in 0..self.pending_frames {
                    builder.begin_frame();
                }
                builder.finish()
            },
            PosesBuilder::finish,
        );
        let skeleton = if joints == KINECT_V2_JOINTS {
            LayoutId::Ntu25
                .layout()
                .map_or_else(|| Skeleton::unnamed(joints), Layout::skeleton)
        } else {
            meta.warnings.push(format!(
                "the bodies have {joints} joints, not Kinect v2's {KINECT_V2_JOINTS}; \
                 the joints are unnamed"
            ));
            Skeleton::unnamed(joints)
        };
        if self.mismatched_bodies > 0 {
            meta.warnings.push(format!(
                "{} bodies do not have {joints} joints like the first; extra joints are \
                 dropped and absent ones missing",
                self.mismatched_bodies
            ));
        }
        let mut shown: Vec<String> = self
            .ids
            .iter()
            .take(MAX_IDS_SHOWN)
            .map(i64::to_string)
            .collect();
        if self.ids.len() > MAX_IDS_SHOWN {
            shown.push(format!("… ({} in all)", self.ids.len()));
        }
        meta.details.push(("body ids".to_owned(), shown.join(", ")));
        Clip::new(
            skeleton,
            Some(FRAME_RATE_HZ),
            Space::world(Units::M, UpAxis::Y),
            poses,
            meta,
        )
    }
}
