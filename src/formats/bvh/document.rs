//! The BVH document as the file states it: the joint tree, channel layout and motion values.
//! The reader parses into it and the writer (used by the sample generator) writes from it.

/// One animated degree of freedom, by the name the file gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// `Xposition`.
    Xposition,
    /// `Yposition`.
    Yposition,
    /// `Zposition`.
    Zposition,
    /// `Xrotation` in degrees.
    Xrotation,
    /// `Yrotation` in degrees.
    Yrotation,
    /// `Zrotation` in degrees.
    Zrotation,
}

impl Channel {
    /// The name as written in a `CHANNELS` line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Xposition => "Xposition",
            Self::Yposition => "Yposition",
            Self::Zposition => "Zposition",
            Self::Xrotation => "Xrotation",
            Self::Yrotation => "Yrotation",
            Self::Zrotation => "Zrotation",
        }
    }
}

impl Channel {
    /// The channel a `CHANNELS` line names, ignoring ASCII case (`Xrotation`, `XROTATION`).
    #[must_use]
    pub fn from_name(name: &[u8]) -> Option<Self> {
        [
            Self::Xposition,
            Self::Yposition,
            Self::Zposition,
            Self::Xrotation,
            Self::Yrotation,
            Self::Zrotation,
        ]
        .into_iter()
        .find(|c| c.name().as_bytes().eq_ignore_ascii_case(name))
    }

    /// True for the three position channels.
    #[must_use]
    pub fn is_position(self) -> bool {
        matches!(self, Self::Xposition | Self::Yposition | Self::Zposition)
    }

    /// The axis the channel moves along or turns about: 0 = X, 1 = Y, 2 = Z.
    #[must_use]
    pub fn axis(self) -> usize {
        match self {
            Self::Xposition | Self::Xrotation => 0,
            Self::Yposition | Self::Yrotation => 1,
            Self::Zposition | Self::Zrotation => 2,
        }
    }
}

/// A `ROOT` or `JOINT` with its End Sites.
#[derive(Clone, Debug, PartialEq)]
pub struct BvhJoint {
    /// The joint's name, kept as an opaque string.
    pub name: String,
    /// Index of the parent joint in [`BvhDocument::joints`]; `None` for the root.
    pub parent: Option<usize>,
    /// Fixed offset from the parent, in file units.
    pub offset: [f64; 3],
    /// Channels in the order their values appear in each motion line.
    pub channels: Vec<Channel>,
    /// Offsets of the joint's `End Site` children (usually zero or one).
    pub end_sites: Vec<[f64; 3]>,
}

impl BvhJoint {
    /// The joint's channel values in the rest pose: 0 for rotations, the OFFSET component for
    /// positions.
    pub fn rest_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.channels.iter().map(|channel| {
            if channel.is_position() {
                self.offset.get(channel.axis()).copied().unwrap_or(0.0)
            } else {
                0.0
            }
        })
    }
}

/// A whole BVH file.
#[derive(Clone, Debug, PartialEq)]
pub struct BvhDocument {
    /// Joints in depth-first order of appearance (the order of the motion channels).
    pub joints: Vec<BvhJoint>,
    /// `Frame Time:` in seconds as written (0 or negative means unknown; 0 when the file has no
    /// `MOTION` section).
    pub frame_time_s: f64,
    /// Number of whole frames in `motion`.
    pub frames: usize,
    /// `frames × channel_count` values, frame after frame.
    pub motion: Vec<f64>,
}

impl BvhDocument {
    /// Number of channels per frame.
    #[must_use]
    pub fn channel_count(&self) -> usize {
        self.joints.iter().map(|j| j.channels.len()).sum()
    }

    /// The motion values of frame `index`; `None` past the last whole frame.
    #[must_use]
    pub fn frame(&self, index: usize) -> Option<&[f64]> {
        if index >= self.frames {
            return None;
        }
        let count = self.channel_count();
        let start = index.checked_mul(count)?;
        self.motion.get(start..start.checked_add(count)?)
    }

    /// Number of End Sites in the whole tree.
    #[must_use]
    pub fn end_site_count(&self) -> usize {
        self.joints.iter().map(|j| j.end_sites.len()).sum()
    }

    /// A frame of the rest pose: rotation channels 0 and position channels equal to the joint's
    /// OFFSET component, so forward kinematics of it gives the pose the OFFSETs describe.
    #[must_use]
    pub fn rest_frame(&self) -> Vec<f64> {
        self.joints.iter().flat_map(BvhJoint::rest_values).collect()
    }
}
