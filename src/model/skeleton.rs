//! A skeleton: joint names, the bones that connect them, and the body side of each joint.

use serde::{Deserialize, Serialize};

use super::layout::LayoutId;
use super::side::Side;

/// A bone between two joints, by joint index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bone {
    /// Index of the parent (or first) joint.
    pub from: usize,
    /// Index of the child (or second) joint.
    pub to: usize,
}

/// Joint names, bones and sides of one skeleton (or marker set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skeleton {
    /// Joint names in file order.
    names: Vec<String>,
    /// Bones between joints; may be empty for a bare marker cloud.
    bones: Vec<Bone>,
    /// Body side of each joint, same length as `names`.
    sides: Vec<Side>,
    /// Parent of each joint for tree skeletons (BVH), `None` for roots and for graph layouts.
    parents: Vec<Option<usize>>,
    /// Which preset (or the file itself) this skeleton comes from.
    layout: LayoutId,
}

impl Skeleton {
    /// A skeleton from names and bones; sides are guessed from the names. Bones that name a joint
    /// index out of range are dropped.
    #[must_use]
    pub fn from_names_and_bones(names: Vec<String>, bones: Vec<Bone>, layout: LayoutId) -> Self {
        let sides = names.iter().map(|n| Side::from_name(n)).collect();
        Self::with_sides(names, bones, sides, layout)
    }

    /// A skeleton with explicit sides. Bones out of range are dropped; missing sides are centre.
    #[must_use]
    pub fn with_sides(
        names: Vec<String>,
        bones: Vec<Bone>,
        mut sides: Vec<Side>,
        layout: LayoutId,
    ) -> Self {
        let count = names.len();
        sides.resize(count, Side::Centre);
        let bones: Vec<Bone> = bones
            .into_iter()
            .filter(|b| b.from < count && b.to < count && b.from != b.to)
            .collect();
        Self {
            parents: vec![None; count],
            names,
            bones,
            sides,
            layout,
        }
    }

    /// A tree skeleton from names and each joint's parent (BVH); bones go parent to child.
    #[must_use]
    pub fn from_parents(names: Vec<String>, parents: Vec<Option<usize>>, layout: LayoutId) -> Self {
        let count = names.len();
        let bones = parents
            .iter()
            .enumerate()
            .filter_map(|(child, parent)| parent.map(|from| Bone { from, to: child }))
            .collect();
        let mut skeleton = Self::from_names_and_bones(names, bones, layout);
        let mut parents = parents;
        parents.resize(count, None);
        for parent in &mut parents {
            if parent.is_some_and(|p| p >= count) {
                *parent = None;
            }
        }
        skeleton.parents = parents;
        skeleton
    }

    /// The same joints with `bones` instead of the current bones (out-of-range bones dropped).
    #[must_use]
    pub fn with_bones(mut self, bones: Vec<Bone>) -> Self {
        let count = self.names.len();
        self.bones = bones
            .into_iter()
            .filter(|b| b.from < count && b.to < count && b.from != b.to)
            .collect();
        self
    }

    /// A skeleton of unnamed points `0`, `1`, ... without bones.
    #[must_use]
    pub fn unnamed(count: usize) -> Self {
        let names = (0..count).map(|i| i.to_string()).collect();
        Self::from_names_and_bones(names, Vec::new(), LayoutId::FromFile)
    }

    /// Number of joints.
    #[must_use]
    pub fn joint_count(&self) -> usize {
        self.names.len()
    }

    /// Joint names in file order.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The name of joint `index`, or `""` when out of range.
    #[must_use]
    pub fn name(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }

    /// Index of the joint called `name` (exact match).
    #[must_use]
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The bones.
    #[must_use]
    pub fn bones(&self) -> &[Bone] {
        &self.bones
    }

    /// Side of each joint.
    #[must_use]
    pub fn sides(&self) -> &[Side] {
        &self.sides
    }

    /// Side of joint `index` (centre when out of range).
    #[must_use]
    pub fn side(&self, index: usize) -> Side {
        self.sides.get(index).copied().unwrap_or(Side::Centre)
    }

    /// Side of a bone, from the sides of its two joints.
    #[must_use]
    pub fn bone_side(&self, bone: Bone) -> Side {
        Side::of_bone(self.side(bone.from), self.side(bone.to))
    }

    /// Parent of each joint (all `None` for graph layouts).
    #[must_use]
    pub fn parents(&self) -> &[Option<usize>] {
        &self.parents
    }

    /// Where this skeleton definition comes from.
    #[must_use]
    pub fn layout(&self) -> LayoutId {
        self.layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_skeleton_has_parent_bones_and_sides() {
        let names = ["Hips", "LeftUpLeg", "LeftLeg", "RightUpLeg"]
            .map(String::from)
            .to_vec();
        let skeleton = Skeleton::from_parents(
            names,
            vec![None, Some(0), Some(1), Some(0)],
            LayoutId::FromFile,
        );
        assert_eq!(skeleton.bones().len(), 3);
        assert_eq!(skeleton.side(2), Side::Left);
        assert_eq!(skeleton.bone_side(skeleton.bones()[0]), Side::Left);
        assert_eq!(skeleton.bone_side(skeleton.bones()[2]), Side::Right);
        assert_eq!(skeleton.index_of("LeftLeg"), Some(2));
    }

    #[test]
    fn out_of_range_bones_are_dropped() {
        let skeleton = Skeleton::from_names_and_bones(
            vec!["a".into(), "b".into()],
            vec![Bone { from: 0, to: 1 }, Bone { from: 1, to: 7 }],
            LayoutId::FromFile,
        );
        assert_eq!(skeleton.bones().len(), 1);
    }
}
