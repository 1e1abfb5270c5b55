//! Names from character parameters, with their continuations (`LABELS`, `LABELS2`, `LABELS3` …
//! hold 255 names each when a file has more points or channels).

use super::parameters::Parameters;

/// `group:name` followed by `name2`, `name3` … as one list of strings; `None` when `name`
/// itself is missing.
#[must_use]
pub fn continued_strings(params: &Parameters, group: &str, name: &str) -> Option<Vec<String>> {
    let mut all = params.get(group, name)?.strings();
    for n in 2.. {
        let Some(more) = params.get(group, &format!("{name}{n}")) else {
            break;
        };
        all.extend(more.strings());
    }
    Some(all)
}

/// `group:name` followed by `name2`, `name3` … as one list of numbers; `None` when `name`
/// itself is missing.
#[must_use]
pub fn continued_numbers(params: &Parameters, group: &str, name: &str) -> Option<Vec<f64>> {
    let mut all = params.get(group, name)?.numbers();
    for n in 2.. {
        let Some(more) = params.get(group, &format!("{name}{n}")) else {
            break;
        };
        all.extend(more.numbers());
    }
    Some(all)
}

/// Exactly `count` names from `group:name` (and its continuations): empty or missing names
/// become `{prefix}{number}` (1-based), with a warning when the file gives too few.
#[must_use]
pub fn names(
    params: &Parameters,
    group: &str,
    name: &str,
    count: usize,
    prefix: &str,
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let given = continued_strings(params, group, name);
    let found = given.as_ref().map_or(0, Vec::len);
    if count > 0 {
        match &given {
            None => warnings.push(format!(
                "{group}:{name} is missing; the {count} names are {prefix}1 to {prefix}{count}"
            )),
            Some(_) if found < count => warnings.push(format!(
                "{group}:{name} names {found} of {count}; the rest are called {prefix}{} to {prefix}{count}",
                found + 1
            )),
            Some(_) => {}
        }
    }
    let mut given = given.unwrap_or_default().into_iter();
    (1..=count)
        .map(|number| match given.next() {
            Some(label) if !label.is_empty() => label,
            _ => format!("{prefix}{number}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::param_value::{ParamType, ParamValue};
    use super::super::parameters::{Group, Parameter};
    use super::super::processor::Processor;
    use super::*;

    fn labels(name: &str, text: &str, width: usize) -> Parameter {
        Parameter {
            group_id: 1,
            name: name.to_owned(),
            value: ParamValue {
                kind: ParamType::Char,
                dims: vec![width, text.len() / width],
                data: text.as_bytes().to_vec(),
                processor: Processor::Intel,
            },
        }
    }

    fn point_group(params: Vec<Parameter>) -> Parameters {
        let mut all = Parameters::default();
        all.add_group(Group {
            id: 1,
            name: "POINT".into(),
        });
        for param in params {
            all.add(param);
        }
        all
    }

    #[test]
    fn continuations_are_appended_in_order() {
        let params = point_group(vec![
            labels("LABELS", "A   B   ", 4),
            labels("LABELS3", "E   ", 4),
            labels("LABELS2", "C   D   ", 4),
        ]);
        let mut warnings = Vec::new();
        let names = names(&params, "POINT", "LABELS", 5, "P", &mut warnings);
        assert_eq!(names, ["A", "B", "C", "D", "E"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn missing_and_empty_names_are_numbered() {
        let params = point_group(vec![labels("LABELS", "A       ", 4)]);
        let mut warnings = Vec::new();
        let names = names(&params, "POINT", "LABELS", 3, "P", &mut warnings);
        assert_eq!(names, ["A", "P2", "P3"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let none = point_group(Vec::new());
        let mut warnings = Vec::new();
        let names = super::names(&none, "POINT", "LABELS", 2, "P", &mut warnings);
        assert_eq!(names, ["P1", "P2"]);
        assert!(warnings[0].contains("missing"));
    }
}
