//! Forward kinematics: world positions of joints and End Sites from one frame of channel values.
//!
//! Semantics (shared/notes/formats.md §1): a joint's local rotation is the product of its rotation
//! channels in the order they are listed, each an intrinsic rotation about its own axis in
//! degrees, acting on column vectors: `Zrotation Xrotation Yrotation` gives `R = Rz · Rx · Ry`.
//! The local transform is `translate(OFFSET) · R`, except that position channels replace the
//! matching OFFSET component (bvhio and pybvh do this; three.js adds them instead). The world
//! transform is the parent's world transform times the local one, and a joint is drawn at the
//! origin of its world transform.

use glam::{DMat3, DVec3};

use super::document::{BvhDocument, BvhJoint, Channel};

/// One joint's part of the channel layout, prepared once per hierarchy.
#[derive(Clone, Debug)]
struct JointLayout {
    /// Parent index, only when it comes before the joint (anything else is treated as a root).
    parent: Option<usize>,
    offset: DVec3,
    /// Index of the joint's first value in a frame.
    first_value: usize,
    channels: Vec<Channel>,
    end_sites: Vec<DVec3>,
}

/// The channel layout of a hierarchy, ready to pose frame after frame.
#[derive(Clone, Debug)]
pub struct Kinematics {
    joints: Vec<JointLayout>,
    end_sites: usize,
}

/// World positions of one frame, reusable from frame to frame to avoid allocations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorldPose {
    /// World position of each ROOT / JOINT, in document order.
    pub joints: Vec<[f64; 3]>,
    /// World position of each End Site, joint by joint in document order.
    pub end_sites: Vec<[f64; 3]>,
    /// World rotation of each joint (scratch space for the children).
    rotations: Vec<DMat3>,
}

impl Kinematics {
    /// Prepares forward kinematics for `joints` (in document order).
    #[must_use]
    pub fn new(joints: &[BvhJoint]) -> Self {
        let mut first_value = 0;
        let layout = joints
            .iter()
            .enumerate()
            .map(|(index, joint)| {
                let layout = JointLayout {
                    parent: joint.parent.filter(|&p| p < index),
                    offset: DVec3::from_array(joint.offset),
                    first_value,
                    channels: joint.channels.clone(),
                    end_sites: joint
                        .end_sites
                        .iter()
                        .map(|&o| DVec3::from_array(o))
                        .collect(),
                };
                first_value += joint.channels.len();
                layout
            })
            .collect();
        Self {
            joints: layout,
            end_sites: joints.iter().map(|j| j.end_sites.len()).sum(),
        }
    }

    /// Number of joints.
    #[must_use]
    pub fn joint_count(&self) -> usize {
        self.joints.len()
    }

    /// Number of End Sites.
    #[must_use]
    pub fn end_site_count(&self) -> usize {
        self.end_sites
    }

    /// Poses one frame: `values` holds the frame's channel values in file order (missing values
    /// count as 0). The result replaces the contents of `pose`.
    pub fn solve(&self, values: &[f64], pose: &mut WorldPose) {
        pose.joints.clear();
        pose.end_sites.clear();
        pose.rotations.clear();
        for joint in &self.joints {
            let mut translation = joint.offset;
            let mut rotation = DMat3::IDENTITY;
            for (k, &channel) in joint.channels.iter().enumerate() {
                let value = values.get(joint.first_value + k).copied().unwrap_or(0.0);
                match channel {
                    Channel::Xposition => translation.x = value,
                    Channel::Yposition => translation.y = value,
                    Channel::Zposition => translation.z = value,
                    Channel::Xrotation | Channel::Yrotation | Channel::Zrotation => {
                        turn(&mut rotation, channel, value.to_radians());
                    }
                }
            }
            let parent = joint.parent.and_then(|p| {
                let position = pose.joints.get(p)?;
                let rotation = pose.rotations.get(p)?;
                Some((DVec3::from_array(*position), *rotation))
            });
            let (position, world_rotation) = match parent {
                Some((parent_position, parent_rotation)) => (
                    parent_position + parent_rotation * translation,
                    parent_rotation * rotation,
                ),
                None => (translation, rotation),
            };
            for end_site in &joint.end_sites {
                pose.end_sites
                    .push((position + world_rotation * *end_site).to_array());
            }
            pose.joints.push(position.to_array());
            pose.rotations.push(world_rotation);
        }
    }
}

/// `rotation` times the rotation of `angle_rad` about the axis of `channel` (a rotation
/// channel; others leave it as it is). Only the two columns that change are worked out: the
/// same numbers as the full product `rotation * DMat3::from_rotation_x(angle_rad)` (and y, z),
/// whose other terms are products with 0 and 1, at a third of its cost. The sine and cosine
/// come from one call (`libm::sincos`, one range reduction for both; within a unit in the last
/// place of `f64::sin_cos`, about a tenth faster for a large file). Forward kinematics is
/// most of the time of reading a large BVH file.
fn turn(rotation: &mut DMat3, channel: Channel, angle_rad: f64) {
    let (s, c) = libm::sincos(angle_rad);
    let (x, y, z) = (rotation.x_axis, rotation.y_axis, rotation.z_axis);
    match channel {
        Channel::Xrotation => {
            rotation.y_axis = y * c + z * s;
            rotation.z_axis = y * -s + z * c;
        }
        Channel::Yrotation => {
            rotation.x_axis = x * c + z * -s;
            rotation.z_axis = x * s + z * c;
        }
        Channel::Zrotation => {
            rotation.x_axis = x * c + y * s;
            rotation.y_axis = x * -s + y * c;
        }
        Channel::Xposition | Channel::Yposition | Channel::Zposition => {}
    }
}

/// World positions of every ROOT / JOINT (End Sites excluded) in frame `frame` of `doc`; empty
/// when the document has no such frame.
#[must_use]
pub fn world_positions(doc: &BvhDocument, frame: usize) -> Vec<[f64; 3]> {
    pose_of(doc, frame).joints
}

/// World positions of every End Site in frame `frame` of `doc` (joint by joint in document
/// order); empty when the document has no such frame.
#[must_use]
pub fn end_site_positions(doc: &BvhDocument, frame: usize) -> Vec<[f64; 3]> {
    pose_of(doc, frame).end_sites
}

fn pose_of(doc: &BvhDocument, frame: usize) -> WorldPose {
    let mut pose = WorldPose::default();
    if let Some(values) = doc.frame(frame) {
        Kinematics::new(&doc.joints).solve(values, &mut pose);
    }
    pose
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROTATIONS: [Channel; 3] = [Channel::Xrotation, Channel::Yrotation, Channel::Zrotation];

    /// Root at the origin turning by `angles_deg` (one per listed channel), a child one unit along
    /// +X that also turns, and a grandchild one unit along +X; returns the three joint positions.
    fn chain(order: [Channel; 3], angles_deg: [f64; 3]) -> Vec<[f64; 3]> {
        let joint = |name: &str, parent, offset, channels: Vec<Channel>| BvhJoint {
            name: name.to_owned(),
            parent,
            offset,
            channels,
            end_sites: Vec::new(),
        };
        let doc = BvhDocument {
            joints: vec![
                joint("root", None, [0.0; 3], order.to_vec()),
                joint("knee", Some(0), [1.0, 0.0, 0.0], order.to_vec()),
                joint("foot", Some(1), [1.0, 0.0, 0.0], Vec::new()),
            ],
            frame_time_s: 0.1,
            frames: 1,
            motion: [angles_deg, angles_deg].concat(),
        };
        world_positions(&doc, 0)
    }

    fn assert_close(got: &[[f64; 3]], want: &[[f64; 3]]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            for (a, b) in g.iter().zip(w) {
                assert!((a - b).abs() < 1e-12, "got {got:?}, want {want:?}");
            }
        }
    }

    /// Each order with first angle 90°, second 90°, third 0°, worked out by hand with
    /// Rx(90): (x,y,z) -> (x,-z,y); Ry(90): (x,y,z) -> (z,y,-x); Rz(90): (x,y,z) -> (-y,x,z).
    /// With the third angle 0 the root rotation is R = R1·R2 and the knee's world rotation is
    /// R·R, so knee = R·(1,0,0) and foot = knee + R·R·(1,0,0).
    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "the same numbers, bit for bit, is the point"
    )]
    fn a_turn_gives_the_numbers_of_the_full_product() {
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1_u64 << 53) as f64 * 720.0 - 360.0
        };
        // The axis rotations as glam builds them, from the same sine and cosine.
        let full = |channel, angle: f64| {
            let (s, c) = libm::sincos(angle);
            match channel {
                Channel::Xrotation => {
                    DMat3::from_cols(DVec3::X, DVec3::new(0.0, c, s), DVec3::new(0.0, -s, c))
                }
                Channel::Yrotation => {
                    DMat3::from_cols(DVec3::new(c, 0.0, -s), DVec3::Y, DVec3::new(s, 0.0, c))
                }
                _ => DMat3::from_cols(DVec3::new(c, s, 0.0), DVec3::new(-s, c, 0.0), DVec3::Z),
            }
        };
        for _ in 0..2000 {
            let start = DMat3::from_rotation_z(next().to_radians())
                * DMat3::from_rotation_x(next().to_radians())
                * DMat3::from_rotation_y(next().to_radians());
            for channel in [Channel::Xrotation, Channel::Yrotation, Channel::Zrotation] {
                let angle = next().to_radians();
                let mut turned = start;
                turn(&mut turned, channel, angle);
                let want = start * full(channel, angle);
                assert_eq!(turned.to_cols_array(), want.to_cols_array(), "{channel:?}");
                // libm's sine and cosine (one range reduction for both) agree with the
                // platform's to the last bit or one unit in it.
                let (s, c) = libm::sincos(angle);
                let (s_std, c_std) = angle.sin_cos();
                assert!((s - s_std).abs() <= 2.3e-16 && (c - c_std).abs() <= 2.3e-16);
            }
        }
        let mut same = DMat3::IDENTITY;
        turn(&mut same, Channel::Xposition, 1.0);
        assert_eq!(same, DMat3::IDENTITY);
    }

    #[test]
    fn six_euler_orders_by_hand() {
        use Channel::{Xrotation as X, Yrotation as Y, Zrotation as Z};
        let cases: [([Channel; 3], [f64; 3], [f64; 3]); 6] = [
            // XYZ: R·e_x = Rx(Ry(e_x)) = Rx(0,0,-1) = (0,1,0); R·(0,1,0) = Rx(Ry(0,1,0)) =
            // Rx(0,1,0) = (0,0,1).
            ([X, Y, Z], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]),
            // XZY: R·e_x = Rx(Rz(e_x)) = Rx(0,1,0) = (0,0,1); R·(0,0,1) = Rx(Rz(0,0,1)) =
            // Rx(0,0,1) = (0,-1,0).
            ([X, Z, Y], [0.0, 0.0, 1.0], [0.0, -1.0, 1.0]),
            // YXZ: R·e_x = Ry(Rx(e_x)) = Ry(1,0,0) = (0,0,-1); R·(0,0,-1) = Ry(Rx(0,0,-1)) =
            // Ry(0,1,0) = (0,1,0).
            ([Y, X, Z], [0.0, 0.0, -1.0], [0.0, 1.0, -1.0]),
            // YZX: R·e_x = Ry(Rz(e_x)) = Ry(0,1,0) = (0,1,0); R·(0,1,0) = Ry(Rz(0,1,0)) =
            // Ry(-1,0,0) = (0,0,1).
            ([Y, Z, X], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]),
            // ZXY: R·e_x = Rz(Rx(e_x)) = Rz(1,0,0) = (0,1,0); R·(0,1,0) = Rz(Rx(0,1,0)) =
            // Rz(0,0,1) = (0,0,1).
            ([Z, X, Y], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]),
            // ZYX: R·e_x = Rz(Ry(e_x)) = Rz(0,0,-1) = (0,0,-1); R·(0,0,-1) = Rz(Ry(0,0,-1)) =
            // Rz(-1,0,0) = (0,-1,0).
            ([Z, Y, X], [0.0, 0.0, -1.0], [0.0, -1.0, -1.0]),
        ];
        for (order, knee, foot) in cases {
            let got = chain(order, [90.0, 90.0, 0.0]);
            assert_close(&got, &[[0.0; 3], knee, foot]);
        }
    }

    /// All three angles 90°, so every order gives a different pose: R = R1·R2·R3, knee = `R·e_x`,
    /// foot = knee + `R·(R·e_x)`, each step worked out with the three maps above.
    #[test]
    fn six_euler_orders_three_angles_by_hand() {
        use Channel::{Xrotation as X, Yrotation as Y, Zrotation as Z};
        let cases: [([Channel; 3], [f64; 3], [f64; 3]); 6] = [
            // XYZ: Rx(Ry(Rz(e_x))) = Rx(Ry(0,1,0)) = (0,0,1); R(0,0,1) = Rx(Ry(0,0,1)) = (1,0,0).
            ([X, Y, Z], [0.0, 0.0, 1.0], [1.0, 0.0, 1.0]),
            // XZY: Rx(Rz(Ry(e_x))) = Rx(Rz(0,0,-1)) = (0,1,0); R(0,1,0) = Rx(Rz(0,1,0)) = (-1,0,0).
            ([X, Z, Y], [0.0, 1.0, 0.0], [-1.0, 1.0, 0.0]),
            // YXZ: Ry(Rx(Rz(e_x))) = Ry(Rx(0,1,0)) = Ry(0,0,1) = (1,0,0); R(1,0,0) = (1,0,0).
            ([Y, X, Z], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0]),
            // YZX: Ry(Rz(Rx(e_x))) = Ry(0,1,0) = (0,1,0); R(0,1,0) = Ry(Rz(0,0,1)) = (1,0,0).
            ([Y, Z, X], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]),
            // ZXY: Rz(Rx(Ry(e_x))) = Rz(Rx(0,0,-1)) = Rz(0,1,0) = (-1,0,0); R(-1,0,0) = (1,0,0).
            ([Z, X, Y], [-1.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
            // ZYX: Rz(Ry(Rx(e_x))) = Rz(0,0,-1) = (0,0,-1); R(0,0,-1) = Rz(Ry(0,1,0)) = (-1,0,0).
            ([Z, Y, X], [0.0, 0.0, -1.0], [-1.0, 0.0, -1.0]),
        ];
        for (order, knee, foot) in cases {
            let got = chain(order, [90.0, 90.0, 90.0]);
            assert_close(&got, &[[0.0; 3], knee, foot]);
        }
    }

    /// A single 90° turn about each axis: Rx keeps `e_x`, Ry sends it to -Z, Rz to +Y.
    #[test]
    fn single_axis_turns() {
        for (k, knee) in [
            (0, [1.0, 0.0, 0.0]),
            (1, [0.0, 0.0, -1.0]),
            (2, [0.0, 1.0, 0.0]),
        ] {
            let mut angles = [0.0; 3];
            angles[k] = 90.0;
            let got = chain(ROTATIONS, angles);
            assert_close(&got[1..2], &[knee]);
        }
    }

    #[test]
    fn position_channels_replace_the_offset_and_end_sites_follow() {
        let doc = BvhDocument {
            joints: vec![
                BvhJoint {
                    name: "Hips".into(),
                    parent: None,
                    offset: [100.0, 200.0, 300.0],
                    // Position after rotation and only X and Z: Y keeps the OFFSET's 200.
                    channels: vec![Channel::Zrotation, Channel::Xposition, Channel::Zposition],
                    end_sites: Vec::new(),
                },
                BvhJoint {
                    name: "Spine".into(),
                    parent: Some(0),
                    offset: [0.0, 10.0, 0.0],
                    channels: vec![Channel::Yposition],
                    end_sites: vec![[0.0, 5.0, 0.0]],
                },
            ],
            frame_time_s: 0.1,
            frames: 1,
            motion: vec![90.0, 1.0, 3.0, 7.0],
        };
        // Hips at (1, 200, 3), turned 90° about Z: Spine's local translation (0, 7, 0) (Y from
        // its channel) becomes (-7, 0, 0); the End Site's (0, 5, 0) becomes (-5, 0, 0).
        assert_close(
            &world_positions(&doc, 0),
            &[[1.0, 200.0, 3.0], [-6.0, 200.0, 3.0]],
        );
        assert_close(&end_site_positions(&doc, 0), &[[-11.0, 200.0, 3.0]]);
        assert!(world_positions(&doc, 1).is_empty());
        // The rest frame puts the OFFSET into the position channels.
        let rest = doc.rest_frame();
        assert_eq!(rest, [0.0, 100.0, 300.0, 10.0]);
    }
}
