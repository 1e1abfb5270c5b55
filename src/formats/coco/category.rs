//! Choosing the keypoint category and turning it into a skeleton.
//!
//! Links in `skeleton` are 1-based; an index outside `1..=K` is dropped with a warning, and a
//! skeleton that is plainly 0-based (it uses 0 and never K) is read as such, with a warning.

use super::super::json_path::{self, JsonId};
use super::document::Category;
use crate::model::layout::COCO17;
use crate::model::{Bone, LayoutId, Skeleton};

/// The category whose annotations become the clip, and its skeleton.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// Its id (annotations of other categories are skipped).
    pub id: Option<JsonId>,
    /// Its name, for details.
    pub name: String,
    /// Keypoint names (empty when the category lists none).
    pub names: Vec<String>,
    /// Bones, 0-based, already checked against the names.
    pub bones: Vec<Bone>,
}

impl Chosen {
    /// The clip detail naming the category: `("category", "person (id 1)")`.
    #[must_use]
    pub fn detail(&self) -> (String, String) {
        let id = self
            .id
            .as_ref()
            .map_or_else(String::new, |id| format!(" (id {id})"));
        ("category".into(), format!("{}{id}", self.name))
    }
}

/// [`choose`] on the file's `categories`, or `None` with a warning when it has none.
pub fn choose_in(categories: Option<&[Category]>, warnings: &mut Vec<String>) -> Option<Chosen> {
    let Some(categories) = categories else {
        warnings.push("the file has no `categories`: keypoint names are unknown".to_owned());
        return None;
    };
    choose(categories, warnings)
}

/// Picks the category with keypoints: `person` when several have them, else the first.
/// Returns `None` when no category lists keypoints.
pub fn choose(categories: &[Category], warnings: &mut Vec<String>) -> Option<Chosen> {
    let with_keypoints: Vec<(usize, &Category)> = categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.keypoints.as_ref().is_some_and(|k| !k.is_empty()))
        .collect();
    let &(index, category) = with_keypoints
        .iter()
        .find(|(_, c)| c.name.as_deref() == Some("person"))
        .or_else(|| with_keypoints.first())?;
    if with_keypoints.len() > 1 {
        let others: Vec<String> = with_keypoints
            .iter()
            .filter(|(i, _)| *i != index)
            .map(|(_, c)| c.name.clone().unwrap_or_else(|| c.id.to_string()))
            .collect();
        warnings.push(format!(
            "several categories have keypoints; showing `{}` and skipping {}",
            category.name.as_deref().unwrap_or("?"),
            others.join(", ")
        ));
    }
    let names = category.keypoints.clone().unwrap_or_default();
    let bones = bones(
        category.skeleton.as_deref().unwrap_or(&[]),
        names.len(),
        index,
        warnings,
    );
    if category.skeleton.is_none() {
        warnings.push(format!(
            "category `{}` has no `skeleton`; joints are shown without bones",
            category.name.as_deref().unwrap_or("?")
        ));
    }
    Some(Chosen {
        id: Some(category.id.clone()),
        name: category.name.clone().unwrap_or_default(),
        names,
        bones,
    })
}

/// Converts 1-based links to bones, dropping (and reporting) links outside `1..=count`.
fn bones(
    links: &[Vec<i64>],
    count: usize,
    category_index: usize,
    warnings: &mut Vec<String>,
) -> Vec<Bone> {
    let count_i64 = i64::try_from(count).unwrap_or(i64::MAX);
    let uses_zero = links.iter().flatten().any(|&i| i == 0);
    let uses_count = links.iter().flatten().any(|&i| i == count_i64);
    let zero_based = uses_zero && !uses_count;
    let base = if zero_based {
        warnings.push(format!(
            "$.categories[{category_index}].skeleton uses index 0 and never {count}: read as \
             0-based links (COCO links are 1-based)"
        ));
        0
    } else {
        1
    };
    let mut out = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let index = |k: usize| {
            link.get(k)
                .and_then(|&v| v.checked_sub(base))
                .and_then(|v| usize::try_from(v).ok())
                .filter(|&v| v < count)
        };
        match (link.len(), index(0), index(1)) {
            (2, Some(from), Some(to)) if from != to => out.push(Bone { from, to }),
            _ => {
                let mut place =
                    json_path::item_path("categories", category_index, Some("skeleton"));
                json_path::push_index(&mut place, i);
                warnings.push(format!(
                    "skeleton link {place} = {link:?} is not a pair of keypoint numbers in \
                     {base}..={}; dropped",
                    count_i64 - 1 + base
                ));
            }
        }
    }
    out
}

/// The skeleton for `names` and `bones`: layout COCO-17 when the names are COCO's 17.
#[must_use]
pub fn skeleton(names: Vec<String>, bones: Vec<Bone>) -> Skeleton {
    let is_coco17 =
        names.len() == COCO17.names.len() && names.iter().zip(COCO17.names).all(|(a, b)| a == b);
    let layout = if is_coco17 {
        LayoutId::Coco17
    } else {
        LayoutId::FromFile
    };
    Skeleton::from_names_and_bones(names, bones, layout)
}

/// The skeleton for `count` keypoints when the file names none: COCO-17 for 17 (with a warning
/// that it is assumed), otherwise unnamed points (with a warning).
#[must_use]
pub fn assumed_skeleton(count: usize, why: &str, warnings: &mut Vec<String>) -> Skeleton {
    if count == COCO17.names.len() {
        warnings.push(format!(
            "{why}; 17 keypoints per person: assumed the COCO-17 layout"
        ));
        COCO17.skeleton()
    } else {
        warnings.push(format!(
            "{why}; {count} keypoints per person match no known layout: shown as unnamed points \
             without bones"
        ));
        Skeleton::unnamed(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(name: &str, keypoints: usize, skeleton: Vec<Vec<i64>>) -> Category {
        Category {
            id: JsonId::Int(1),
            name: Some(name.into()),
            keypoints: Some((0..keypoints).map(|i| format!("k{i}")).collect()),
            skeleton: Some(skeleton),
        }
    }

    #[test]
    fn links_are_one_based_and_checked() {
        let mut warnings = Vec::new();
        let chosen = choose(
            &[category(
                "person",
                3,
                vec![vec![1, 2], vec![2, 3], vec![3, 99], vec![1]],
            )],
            &mut warnings,
        )
        .expect("category");
        assert_eq!(
            chosen.bones,
            vec![Bone { from: 0, to: 1 }, Bone { from: 1, to: 2 }]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("$.categories[0].skeleton[2]"),
            "{warnings:?}"
        );
    }

    #[test]
    fn zero_based_links_are_recognised() {
        let mut warnings = Vec::new();
        let chosen = choose(
            &[category("person", 3, vec![vec![0, 1], vec![1, 2]])],
            &mut warnings,
        )
        .expect("category");
        assert_eq!(
            chosen.bones,
            vec![Bone { from: 0, to: 1 }, Bone { from: 1, to: 2 }]
        );
        assert!(warnings[0].contains("0-based"));
    }

    #[test]
    fn person_wins_among_several() {
        let mut warnings = Vec::new();
        let mut animal = category("dog", 5, vec![]);
        animal.id = JsonId::Int(2);
        let chosen =
            choose(&[animal, category("person", 3, vec![])], &mut warnings).expect("category");
        assert_eq!(chosen.name, "person");
        assert!(warnings[0].contains("skipping dog"), "{warnings:?}");
        assert!(choose(&[], &mut warnings).is_none());
    }

    #[test]
    fn coco17_names_give_the_coco17_layout() {
        let names: Vec<String> = COCO17.names.iter().map(|n| (*n).to_owned()).collect();
        assert_eq!(skeleton(names, Vec::new()).layout(), LayoutId::Coco17);
        let other = skeleton(vec!["a".into()], Vec::new());
        assert_eq!(other.layout(), LayoutId::FromFile);
    }
}
