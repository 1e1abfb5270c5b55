//! The header rows (`scorer`, optional `individuals`, `bodyparts`, `coords`) and the data
//! columns they describe.

use std::borrow::Cow;
use std::collections::HashMap;

use super::cells::split_csv;

/// Most (individual, body part, value) slots per header column plus a fixed allowance: the
/// reader keeps one row's values for every individual × body part, and a sparse header (each
/// individual with its own body parts) must not make that far bigger than the header.
const SLOTS_PER_COLUMN: usize = 64;
/// Fixed allowance of slots on top of [`SLOTS_PER_COLUMN`].
const SLOTS_ALLOWANCE: usize = 1 << 16;
/// Most header rows before `coords` (scorer, individuals, bodyparts, coords and a spare).
const MAX_HEADER_ROWS: usize = 6;

/// What a data column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A coordinate axis: 0 = x, 1 = y, 2 = z.
    Axis(usize),
    /// The network's likelihood.
    Likelihood,
}

impl Kind {
    /// The name the `coords` row gives it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Axis(0) => "x",
            Self::Axis(1) => "y",
            Self::Axis(_) => "z",
            Self::Likelihood => "likelihood",
        }
    }
}

/// One data column: which cell, which individual and body part, what it holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Column {
    /// Index of the cell in a row.
    pub cell: usize,
    /// Index of the individual in [`Header::individuals`].
    pub person: usize,
    /// Index of the body part in [`Header::joints`].
    pub joint: usize,
    /// What the column holds.
    pub kind: Kind,
}

/// The header rows, understood.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The scorer named above the first data column.
    pub scorer: String,
    /// Number of leading index cells.
    pub index_cells: usize,
    /// Number of cells in the `coords` row.
    pub width: usize,
    /// The data columns, in cell order.
    pub columns: Vec<Column>,
    /// Distinct body parts in column order.
    pub joints: Vec<String>,
    /// Distinct individuals in column order (one empty name for single-animal files).
    pub individuals: Vec<String>,
    /// True when the header has an `individuals` row.
    pub multi_animal: bool,
    /// 2, or 3 when there are `z` columns.
    pub dims: usize,
    /// True when there are `likelihood` columns.
    pub with_confidence: bool,
}

impl Header {
    /// The index of the first cell past the last data column.
    pub(super) fn data_end(&self) -> usize {
        self.columns.iter().map(|c| c.cell + 1).max().unwrap_or(0)
    }
}

/// The header rows as read, each with its line number.
#[derive(Default)]
struct Levels {
    scorer: Vec<String>,
    individuals: Option<(usize, Vec<String>)>,
    bodyparts: (usize, Vec<String>),
    coords: (usize, Vec<String>),
}

/// Reads the header rows up to and including `coords`; the error is (line, message).
pub(super) fn read_header<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    warnings: &mut Vec<String>,
) -> Result<Header, (usize, String)> {
    let levels = read_levels(lines, warnings)?;
    let (coords_line, coords) = &levels.coords;
    let index_cells = coords
        .iter()
        .skip(1)
        .position(|c| !c.trim().is_empty())
        .map(|p| p + 1)
        .ok_or_else(|| (*coords_line, "the `coords` row names no column".to_owned()))?;
    let mut header = Header {
        scorer: levels
            .scorer
            .get(index_cells)
            .map(|c| c.trim().to_owned())
            .unwrap_or_default(),
        index_cells,
        width: coords.len(),
        multi_animal: levels.individuals.is_some(),
        dims: 2,
        ..Header::default()
    };
    add_columns(&levels, &mut header, warnings)?;
    let slots = header
        .individuals
        .len()
        .saturating_mul(header.joints.len())
        .saturating_mul(header.dims + 1);
    if slots > SLOTS_PER_COLUMN * header.columns.len() + SLOTS_ALLOWANCE {
        return Err((
            *coords_line,
            format!(
                "the header pairs {} individuals with {} body parts but has only {} columns",
                header.individuals.len(),
                header.joints.len(),
                header.columns.len()
            ),
        ));
    }
    Ok(header)
}

/// Collects the header rows by the level named in their first cell.
fn read_levels<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    warnings: &mut Vec<String>,
) -> Result<Levels, (usize, String)> {
    let mut scorer = None;
    let mut levels = Levels::default();
    let mut bodyparts = None;
    let mut last_line = 0;
    for (number, line) in lines.by_ref().take(MAX_HEADER_ROWS) {
        last_line = number;
        let cells: Vec<String> = split_csv(line).into_iter().map(Cow::into_owned).collect();
        let level = cells.first().map(|c| c.trim().to_ascii_lowercase());
        if scorer.is_none() && level.as_deref() != Some("scorer") {
            let message = "a DeepLabCut CSV starts with a `scorer` row".to_owned();
            return Err((number, message));
        }
        match level.as_deref() {
            Some("scorer") => scorer = Some(cells),
            Some("individuals") => levels.individuals = Some((number, cells)),
            Some("bodyparts") => bodyparts = Some((number, cells)),
            Some("coords") => {
                let Some(bodyparts) = bodyparts else {
                    return Err((number, "the header has no `bodyparts` row".to_owned()));
                };
                levels.scorer = scorer.unwrap_or_default();
                levels.bodyparts = bodyparts;
                levels.coords = (number, cells);
                return Ok(levels);
            }
            other => warnings.push(format!(
                "header row {number} (`{}`) is not a DeepLabCut level; ignored",
                other.unwrap_or("")
            )),
        }
    }
    Err((
        last_line.max(1),
        "the header has no `coords` row".to_owned(),
    ))
}

/// Adds a column for every cell of the `coords` row that names x, y, z or likelihood.
fn add_columns(
    levels: &Levels,
    header: &mut Header,
    warnings: &mut Vec<String>,
) -> Result<(), (usize, String)> {
    let (bodyparts_line, bodyparts) = &levels.bodyparts;
    let (coords_line, coords) = &levels.coords;
    let mut unknown: Vec<String> = Vec::new();
    let (mut joint_index, mut person_index) = (HashMap::new(), HashMap::new());
    for (cell, kind_text) in coords.iter().enumerate().skip(header.index_cells) {
        let kind_text = kind_text.trim().to_ascii_lowercase();
        let kind = match kind_text.as_str() {
            "" => continue,
            "x" => Kind::Axis(0),
            "y" => Kind::Axis(1),
            "z" => Kind::Axis(2),
            "likelihood" => Kind::Likelihood,
            _ => {
                if !unknown.contains(&kind_text) && unknown.len() < 8 {
                    unknown.push(kind_text);
                }
                continue;
            }
        };
        let part = bodyparts.get(cell).map_or("", |c| c.trim());
        if part.is_empty() {
            let message = format!("column {} has no body part", cell + 1);
            return Err((*bodyparts_line, message));
        }
        let who = levels
            .individuals
            .as_ref()
            .and_then(|(_, row)| row.get(cell))
            .map_or("", |c| c.trim());
        let joint = index_or_push(&mut header.joints, &mut joint_index, part);
        let person = index_or_push(&mut header.individuals, &mut person_index, who);
        match kind {
            Kind::Axis(2) => header.dims = 3,
            Kind::Likelihood => header.with_confidence = true,
            Kind::Axis(_) => {}
        }
        header.columns.push(Column {
            cell,
            person,
            joint,
            kind,
        });
    }
    if header.columns.is_empty() {
        return Err((
            *coords_line,
            "no `x`, `y` or `likelihood` column".to_owned(),
        ));
    }
    if !unknown.is_empty() {
        warnings.push(format!(
            "columns of unknown kind ignored: {}",
            unknown.join(", ")
        ));
    }
    Ok(())
}

/// The position of `name` in `names`, adding it at the end when new (`index` mirrors `names`,
/// so wide headers stay linear).
fn index_or_push(names: &mut Vec<String>, index: &mut HashMap<String, usize>, name: &str) -> usize {
    if let Some(&position) = index.get(name) {
        return position;
    }
    names.push(name.to_owned());
    index.insert(name.to_owned(), names.len() - 1);
    names.len() - 1
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn header(text: &str) -> Result<Header, (usize, String)> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        read_header(&mut lines, &mut Vec::new())
    }

    #[test]
    fn three_index_columns_and_levels() {
        let header = header(
            "scorer,,,me,me,me\nindividuals,,,a,a,b\nbodyparts,,,nose,nose,nose\ncoords,,,x,y,x\n",
        )
        .expect("header");
        assert_eq!(header.index_cells, 3);
        assert_eq!(header.scorer, "me");
        assert_eq!(header.joints, ["nose"]);
        assert_eq!(header.individuals, ["a", "b"]);
        assert_eq!(header.columns.len(), 3);
        assert_eq!(header.data_end(), 6);
        assert_eq!(header.columns[2].person, 1);
        assert_eq!(header.columns[2].kind.name(), "x");
    }

    #[test]
    fn sparse_headers_are_refused_before_allocating() {
        let mut rows = [
            String::from("scorer"),
            String::from("individuals"),
            String::from("bodyparts"),
            String::from("coords"),
        ];
        for i in 0..2_000 {
            rows[0].push_str(",s,s");
            let _ = write!(rows[1], ",i{i},i{i}");
            let _ = write!(rows[2], ",p{i},p{i}");
            rows[3].push_str(",x,y");
        }
        let (line, message) = header(&rows.join("\n")).expect_err("sparse");
        assert_eq!(line, 4);
        assert!(
            message.contains("2000 individuals with 2000 body parts"),
            "{message}"
        );
    }

    #[test]
    fn levels_out_of_place_are_errors() {
        assert_eq!(header("bodyparts,a\n").map_err(|e| e.0).err(), Some(1));
        let (line, message) = header("scorer,s\ncoords,x\n").expect_err("no bodyparts");
        assert_eq!(line, 2);
        assert!(message.contains("bodyparts"));
        let (_, message) = header("scorer,s\nbodyparts,a\n").expect_err("no coords");
        assert!(message.contains("no `coords` row"));
        let (line, _) = header("scorer,s,s\nbodyparts,a,\ncoords,x,y\n").expect_err("unnamed");
        assert_eq!(line, 2);
    }
}
