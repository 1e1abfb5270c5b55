//! Bones the user drew between markers of a marker set that posedeck does not recognise, kept
//! per marker set (its sorted labels) and reused for every clip that has those labels.

use serde::{Deserialize, Serialize};

use crate::model::Bone;

/// File name in the config folder.
pub const FILE_NAME: &str = "marker_bones.json";

/// The bones of one marker set, by marker label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetBones {
    /// The marker set's labels, sorted.
    pub labels: Vec<String>,
    /// Bones as pairs of labels.
    pub bones: Vec<[String; 2]>,
}

impl SetBones {
    /// Whether every label of this set is among `sorted_names`.
    fn covered_by(&self, sorted_names: &[String]) -> bool {
        self.labels
            .iter()
            .all(|l| sorted_names.binary_search(l).is_ok())
    }
}

/// Every marker set the user connected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerBones {
    /// One entry per marker set.
    sets: Vec<SetBones>,
}

fn sorted(names: &[String]) -> Vec<String> {
    let mut labels = names.to_vec();
    labels.sort();
    labels.dedup();
    labels
}

fn same_bone(bone: &[String; 2], a: &str, b: &str) -> bool {
    (bone[0] == a && bone[1] == b) || (bone[0] == b && bone[1] == a)
}

impl MarkerBones {
    /// The entry for a clip with joints `names`: the set with exactly these labels, else the
    /// largest saved set whose labels the clip all has (a trial with extra markers).
    fn find(&self, names: &[String]) -> Option<&SetBones> {
        let labels = sorted(names);
        self.sets.iter().find(|s| s.labels == labels).or_else(|| {
            self.sets
                .iter()
                .filter(|s| !s.bones.is_empty() && s.covered_by(&labels))
                .max_by_key(|s| s.labels.len())
        })
    }

    /// The saved bones for a skeleton with joints `names`, as joint indices; `None` when no
    /// saved set applies.
    #[must_use]
    pub fn bones_for(&self, names: &[String]) -> Option<Vec<Bone>> {
        let set = self.find(names)?;
        let index = |label: &str| names.iter().position(|n| n == label);
        let bones: Vec<Bone> = set
            .bones
            .iter()
            .filter_map(|[a, b]| {
                Some(Bone {
                    from: index(a)?,
                    to: index(b)?,
                })
            })
            .collect();
        (!bones.is_empty()).then_some(bones)
    }

    /// The entry for exactly the labels `names`, created from the closest saved set if needed.
    fn entry_mut(&mut self, names: &[String]) -> &mut SetBones {
        let labels = sorted(names);
        let position = if let Some(i) = self.sets.iter().position(|s| s.labels == labels) {
            i
        } else {
            let bones = self
                .find(names)
                .map(|s| s.bones.clone())
                .unwrap_or_default();
            self.sets.push(SetBones { labels, bones });
            self.sets.len() - 1
        };
        &mut self.sets[position]
    }

    /// Adds the bone between markers `a` and `b` of a clip with joints `names`, or removes it
    /// when it is already there. Returns the clip's bones afterwards.
    pub fn toggle(&mut self, names: &[String], a: usize, b: usize) -> Vec<Bone> {
        if let (Some(la), Some(lb)) = (names.get(a), names.get(b))
            && a != b
        {
            let set = self.entry_mut(names);
            let before = set.bones.len();
            set.bones.retain(|bone| !same_bone(bone, la, lb));
            if set.bones.len() == before {
                set.bones.push([la.clone(), lb.clone()]);
            }
        }
        self.bones_for(names).unwrap_or_default()
    }

    /// Removes the last bone drawn for the marker set of `names`. Returns the bones afterwards.
    pub fn undo(&mut self, names: &[String]) -> Vec<Bone> {
        self.entry_mut(names).bones.pop();
        self.bones_for(names).unwrap_or_default()
    }

    /// Forgets every bone of the marker set of `names`.
    pub fn clear(&mut self, names: &[String]) {
        self.entry_mut(names).bones.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn toggle_adds_then_removes_a_bone() {
        let mut store = MarkerBones::default();
        let clip = names(&["C1", "C2", "C3"]);
        assert_eq!(store.toggle(&clip, 0, 2), vec![Bone { from: 0, to: 2 }]);
        assert_eq!(store.toggle(&clip, 2, 0), Vec::<Bone>::new());
        assert_eq!(store.bones_for(&clip), None);
    }

    #[test]
    fn reused_for_a_clip_with_the_same_labels_in_another_order() {
        let mut store = MarkerBones::default();
        store.toggle(&names(&["A", "B", "C"]), 0, 1);
        store.toggle(&names(&["A", "B", "C"]), 1, 2);
        let other = names(&["C", "A", "B"]);
        assert_eq!(
            store.bones_for(&other),
            Some(vec![Bone { from: 1, to: 2 }, Bone { from: 2, to: 0 }])
        );
    }

    #[test]
    fn reused_for_a_trial_with_extra_markers_and_edits_stay_separate() {
        let mut store = MarkerBones::default();
        store.toggle(&names(&["A", "B"]), 0, 1);
        let bigger = names(&["X", "A", "B"]);
        assert_eq!(
            store.bones_for(&bigger),
            Some(vec![Bone { from: 1, to: 2 }])
        );
        let after = store.toggle(&bigger, 0, 1);
        assert_eq!(after.len(), 2);
        assert_eq!(
            store.bones_for(&names(&["A", "B"])).map(|b| b.len()),
            Some(1)
        );
        assert_eq!(store.undo(&bigger).len(), 1);
    }

    #[test]
    fn survives_a_json_round_trip() {
        let mut store = MarkerBones::default();
        store.toggle(&names(&["A", "B"]), 0, 1);
        let json = serde_json::to_string(&store).unwrap();
        let back: MarkerBones = serde_json::from_str(&json).unwrap();
        assert_eq!(back, store);
    }
}
