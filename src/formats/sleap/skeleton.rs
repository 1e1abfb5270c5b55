//! The skeleton of a SLEAP project, from the JSON in the `metadata` group's `json` attribute.
//!
//! The JSON is jsonpickle output of networkx graphs: a top-level `nodes` list of
//! `{"name": .., "weight": ..}` holds every node of every skeleton; each entry of `skeletons`
//! lists its nodes as `{"id": i}` (an index into that top-level list, in the skeleton's node
//! order) and its `links` with `source` / `target` indices into the same top-level list. A
//! link's `type` is an `EdgeType` — `{"py/reduce": [{"py/type": ..}, {"py/tuple": [1]}]}` the
//! first time a value appears, `{"py/id": k}` (the k-th object jsonpickle met) afterwards —
//! where 1 is a body edge (a bone) and 2 a left/right symmetry (not a bone).

use serde_json::Value;

use crate::model::Bone;

/// The first skeleton of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SkeletonJson {
    /// Node names in the skeleton's order (the order of each instance's points).
    pub names: Vec<String>,
    /// Body edges, by position in `names`.
    pub bones: Vec<Bone>,
    /// The skeleton's name (`graph.name`).
    pub name: String,
    /// Number of skeletons in the project.
    pub skeletons: usize,
    /// Links that name a node outside the skeleton, dropped.
    pub dropped_links: usize,
}

/// An error: (JSON path, message).
type Failure = (String, String);

/// Reads the first skeleton of the project's metadata JSON.
pub(super) fn parse(json: &str) -> Result<SkeletonJson, Failure> {
    let root: Value = serde_json::from_str(json).map_err(|e| {
        (
            "$".to_owned(),
            format!("the metadata JSON is not valid JSON: {e}"),
        )
    })?;
    let all_names = node_names(&root)?;
    let skeletons = root
        .get("skeletons")
        .and_then(Value::as_array)
        .ok_or_else(|| fail("$.skeletons", "there is no `skeletons` list"))?;
    let skeleton = skeletons
        .first()
        .ok_or_else(|| fail("$.skeletons", "the project defines no skeleton"))?;
    let ids = skeleton
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| fail("$.skeletons[0].nodes", "the skeleton lists no nodes"))?
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let path = format!("$.skeletons[0].nodes[{i}].id");
            let id = node
                .get("id")
                .and_then(Value::as_u64)
                .and_then(|id| usize::try_from(id).ok())
                .ok_or_else(|| fail(&path, "a node id is not an index"))?;
            if id >= all_names.len() {
                return Err(fail(
                    &path,
                    &format!("node {id} is not among the {} nodes", all_names.len()),
                ));
            }
            Ok(id)
        })
        .collect::<Result<Vec<usize>, Failure>>()?;
    let names = ids
        .iter()
        .filter_map(|&id| all_names.get(id).cloned())
        .collect();
    let (bones, dropped_links) = bones(skeleton, &ids)?;
    let name = skeleton
        .pointer("/graph/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(SkeletonJson {
        names,
        bones,
        name,
        skeletons: skeletons.len(),
        dropped_links,
    })
}

/// The top-level node names.
fn node_names(root: &Value) -> Result<Vec<String>, Failure> {
    let nodes = root
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| fail("$.nodes", "there is no `nodes` list"))?;
    nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            node.get("name")
                .or_else(|| node.pointer("/py~1state/name"))
                .or_else(|| node.pointer("/py~1state/py~1tuple/0"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| fail(&format!("$.nodes[{i}]"), "a node has no name"))
        })
        .collect()
}

/// The body edges of `skeleton` (whose node order is `ids`), and how many links named a node
/// outside it.
fn bones(skeleton: &Value, ids: &[usize]) -> Result<(Vec<Bone>, usize), Failure> {
    let Some(links) = skeleton.get("links").and_then(Value::as_array) else {
        return Ok((Vec::new(), 0));
    };
    // EdgeType values in the order jsonpickle first wrote them: `py/id` k is the k-th.
    let mut seen_types: Vec<i64> = Vec::new();
    let mut bones = Vec::new();
    let mut dropped = 0;
    for (i, link) in links.iter().enumerate() {
        let path = format!("$.skeletons[0].links[{i}]");
        let kind = link.get("type");
        let edge_type = if let Some(value) = kind
            .and_then(|t| t.pointer("/py~1reduce/1/py~1tuple/0"))
            .and_then(Value::as_i64)
        {
            seen_types.push(value);
            value
        } else if let Some(id) = kind.and_then(|t| t.get("py/id")).and_then(Value::as_i64) {
            usize::try_from(id - 1)
                .ok()
                .and_then(|k| seen_types.get(k).copied())
                .unwrap_or(id)
        } else {
            1
        };
        if edge_type != 1 {
            continue;
        }
        let end = |key: &str| {
            link.get(key)
                .and_then(Value::as_u64)
                .ok_or_else(|| fail(&format!("{path}.{key}"), "a link end is not a node index"))
        };
        let (source, target) = (end("source")?, end("target")?);
        let position = |id: u64| ids.iter().position(|&n| n as u64 == id);
        match (position(source), position(target)) {
            (Some(from), Some(to)) => bones.push(Bone { from, to }),
            _ => dropped += 1,
        }
    }
    Ok((bones, dropped))
}

fn fail(path: &str, message: &str) -> Failure {
    (path.to_owned(), message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three nodes listed out of skeleton order, a body edge type given in full then by
    /// reference, and a symmetry.
    const JSON: &str = r#"{"nodes":[{"name":"tail","weight":1.0},{"name":"head","weight":1.0},{"name":"neck","weight":1.0}],
        "skeletons":[{"graph":{"name":"fly"},"nodes":[{"id":1},{"id":2},{"id":0}],"links":[
        {"source":1,"target":2,"type":{"py/reduce":[{"py/type":"sleap.skeleton.EdgeType"},{"py/tuple":[1]}]}},
        {"source":2,"target":0,"type":{"py/id":1}},
        {"source":0,"target":1,"type":{"py/reduce":[{"py/type":"sleap.skeleton.EdgeType"},{"py/tuple":[2]}]}},
        {"source":1,"target":0,"type":{"py/id":2}}]}]}"#;

    #[test]
    fn nodes_in_skeleton_order_and_body_edges_only() {
        let skeleton = parse(JSON).expect("parses");
        assert_eq!(skeleton.names, ["head", "neck", "tail"]);
        assert_eq!(
            skeleton.bones,
            [Bone { from: 0, to: 1 }, Bone { from: 1, to: 2 }]
        );
        assert_eq!(skeleton.name, "fly");
        assert_eq!(skeleton.skeletons, 1);
        assert_eq!(skeleton.dropped_links, 0);
    }

    #[test]
    fn bad_metadata_names_the_json_path() {
        let (path, _) = parse("{").expect_err("not JSON");
        assert_eq!(path, "$");
        let (path, message) =
            parse(r#"{"nodes":[{"name":"a"}],"skeletons":[{"nodes":[{"id":3}]}]}"#)
                .expect_err("id out of range");
        assert_eq!(path, "$.skeletons[0].nodes[0].id");
        assert!(message.contains("not among the 1 nodes"), "{message}");
        let (path, _) = parse(r#"{"nodes":[{"weight":1}],"skeletons":[]}"#).expect_err("no name");
        assert_eq!(path, "$.nodes[0]");
        let (path, _) = parse(r#"{"nodes":[],"skeletons":[]}"#).expect_err("no skeleton");
        assert_eq!(path, "$.skeletons");
    }

    #[test]
    fn links_outside_the_skeleton_are_dropped() {
        let json = r#"{"nodes":[{"name":"a"},{"name":"b"},{"name":"c"}],
            "skeletons":[{"nodes":[{"id":0},{"id":1}],"links":[{"source":0,"target":1},{"source":1,"target":2}]}]}"#;
        let skeleton = parse(json).expect("parses");
        assert_eq!(skeleton.bones, [Bone { from: 0, to: 1 }]);
        assert_eq!(skeleton.dropped_links, 1);
    }
}
