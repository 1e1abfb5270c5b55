//! DeepLabCut `.h5`: the pandas (PyTables "table" format) twin of the CSV.
//!
//! The frame is stored under a key (`/df_with_missing` for DeepLabCut) as the compound dataset
//! `table`: an `index` field (the image path, or the frame number in analysis output) and
//! `values_block_k` fields of floats. The column labels — the (scorer, \[individuals,\]
//! bodyparts, coords) tuples of the column `MultiIndex` — exist only as Python pickles in
//! PyTables attributes (`values_block_k_kind` on the table, `non_index_axes` on the group,
//! level names in `info`); they are decoded as data (`hdf5::pickle`), never
//! executed. When they cannot be read, the points are named `point1`, `point2`, ... with a
//! warning (x, y pairs for image-path rows, x, y, likelihood triples for frame-number rows,
//! DeepLabCut's two layouts).
//!
//! The labels become the CSV's header rows and each record a CSV row, handed to the CSV
//! reader's own header and row logic: the `.h5` clip equals its CSV twin by construction
//! (same joints, people, missing points, details).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use super::header::read_header;
use super::rows::RowReader;
use crate::formats::hdf5::file::H5;
use crate::formats::hdf5::pickle::{self, Value};
use crate::formats::hdf5::table::{Column, Table};
use crate::formats::hdf5::{self, Content};
use crate::formats::{LoadError, Location};
use crate::model::{Clip, ClipMeta, FormatId, LayoutId, Skeleton, Space, Units, UpAxis};

/// Reads a DeepLabCut `.h5` file.
///
/// # Errors
/// When the file is not a pandas store, is damaged, or its table is not DeepLabCut's; the
/// error names the file.
pub fn read(bytes: &[u8], path: &Path) -> Result<Clip, LoadError> {
    hdf5::guarded(path, || {
        let (h5, content) = hdf5::open(bytes, path)?;
        let Content::PandasStore(key) = content else {
            return Err(LoadError::parse(
                path,
                content.format(),
                Location::Whole,
                "not a pandas (DeepLabCut) store",
            ));
        };
        read_h5(&h5, &key)
    })
}

/// One `values_block_k` field: its number `k`, where it is, and how many values it holds.
struct ValueBlock {
    number: usize,
    column: Column,
    width: usize,
}

/// The data columns in the frame's order and the names of the label levels.
type Labels = (Vec<DataColumn>, Vec<String>);

/// One data column: where its values are and its label tuple.
#[derive(Debug)]
struct DataColumn {
    /// Index into the table's value blocks (in block-number order).
    block: usize,
    /// Position within the block.
    offset: usize,
    /// (scorer, [individuals,] bodyparts, coords).
    label: Vec<String>,
}

/// Reads the pandas frame stored under `key`.
pub(crate) fn read_h5(h5: &H5, key: &str) -> Result<Clip, LoadError> {
    let group = h5.group(key)?;
    let pandas_type = h5.group_text(&group, "pandas_type")?.unwrap_or_default();
    if pandas_type != "frame_table" {
        return Err(LoadError::unsupported(
            h5.path(),
            format!(
                "pandas stores of type `{pandas_type}` (only the `table` format, `frame_table`, is read); \
                 export the DeepLabCut data to CSV instead"
            ),
        ));
    }
    let dataset = h5.dataset(&format!("{key}/table"))?;
    let table = Table::read(h5, &dataset)?;
    let index = table
        .column("index")
        .ok_or_else(|| h5.error(format!("`/{key}/table` has no `index` field")))?;
    let blocks = value_blocks(h5, &table, key)?;
    let mut meta = ClipMeta::new(h5.path(), FormatId::Dlc);
    let numeric_index = table.rows() == 0 || table.integer(0, &index).is_some();
    let (columns, level_names) = if let Some(labelled) = labels(h5, &dataset, &group, &blocks)? {
        labelled
    } else {
        meta.warnings.push(
            "the column labels (Python pickles in PyTables attributes) could not be read; \
             points are named point1, point2, …"
                .to_owned(),
        );
        let widths: Vec<usize> = blocks.iter().map(|b| b.width).collect();
        unnamed(&widths, numeric_index).map_err(|message| h5.error(message))?
    };
    let header_text = header_lines(&columns, &level_names);
    let mut lines = header_text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header = read_header(&mut lines, &mut meta.warnings)
        .map_err(|(_, message)| h5.error(format!("column labels of `/{key}`: {message}")))?;
    let mut rows = RowReader::new(&header, h5.file_bytes());
    let mut line = String::new();
    let mut values = Vec::new();
    for row in 0..table.rows() {
        line.clear();
        line.push_str(&quote(&table.text(row, &index).unwrap_or_default()));
        values.clear();
        for block in &blocks {
            let before = values.len();
            if !table.numbers(row, &block.column, &mut values)
                || values.len() - before != block.width
            {
                return Err(h5.error(format!(
                    "`/{key}/table`, row {row}: a value block cannot be read"
                )));
            }
        }
        for column in &columns {
            let start = blocks
                .iter()
                .take(column.block)
                .map(|b| b.width)
                .sum::<usize>();
            let value = values
                .get(start + column.offset)
                .copied()
                .unwrap_or(f64::NAN);
            let _ = write!(line, ",{value}");
        }
        rows.read(&line)
            .map_err(|message| h5.error(format!("`/{key}/table`, row {row}: {message}")))?;
    }
    super::add_details(
        &header,
        rows.first_index.take(),
        rows.numeric_index,
        &mut meta,
    );
    meta.details
        .push(("store".to_owned(), format!("pandas table `/{key}`")));
    let poses = rows.finish(&mut meta.warnings);
    let space = if header.dims == 3 {
        Space {
            up_guessed: true,
            ..Space::world(Units::Unknown, UpAxis::NegY)
        }
    } else {
        Space::image_px()
    };
    let skeleton = Skeleton::from_names_and_bones(header.joints, Vec::new(), LayoutId::FromFile);
    Ok(Clip::new(skeleton, None, space, poses, meta))
}

/// The `values_block_k` fields in order, with their number of values; any other field than
/// `index` is refused.
fn value_blocks(h5: &H5, table: &Table, key: &str) -> Result<Vec<ValueBlock>, LoadError> {
    let mut blocks = Vec::new();
    for name in table.field_names() {
        if name == "index" {
            continue;
        }
        let Some(k) = name
            .strip_prefix("values_block_")
            .and_then(|k| k.parse::<usize>().ok())
        else {
            return Err(LoadError::unsupported(
                h5.path(),
                format!(
                    "pandas tables with a `{name}` field in `/{key}/table` (data columns or a row MultiIndex)"
                ),
            ));
        };
        let column = table.column(name).ok_or_else(|| {
            h5.error(format!(
                "field `{name}` of `/{key}/table` lies outside its records"
            ))
        })?;
        blocks.push((k, column));
    }
    blocks.sort_by_key(|(k, _)| *k);
    if blocks.is_empty() {
        return Err(h5.error(format!("`/{key}/table` has no values")));
    }
    let mut sized = Vec::with_capacity(blocks.len());
    for (number, column) in blocks {
        let mut probe = Vec::new();
        if table.rows() > 0 && !table.numbers(0, &column, &mut probe) {
            return Err(h5.error(format!(
                "`values_block_{number}` of `/{key}/table` does not hold numbers"
            )));
        }
        sized.push(ValueBlock {
            number,
            column,
            width: probe.len(),
        });
    }
    Ok(sized)
}

/// The data columns and level names from the pickled labels; `None` when they are absent or
/// not what pandas writes.
fn labels(
    h5: &H5,
    dataset: &hdf5_reader::Dataset,
    group: &hdf5_reader::group::Group,
    blocks: &[ValueBlock],
) -> Result<Option<Labels>, LoadError> {
    let mut columns = Vec::new();
    for (k, block) in blocks.iter().enumerate() {
        let name = format!("values_block_{}_kind", block.number);
        let Some(kind) = h5.dataset_text(dataset, &name)? else {
            return Ok(None);
        };
        let Some(tuples) = label_tuples(&kind) else {
            return Ok(None);
        };
        if tuples.len() != block.width {
            return Ok(None);
        }
        columns.extend(
            tuples
                .into_iter()
                .enumerate()
                .map(|(offset, label)| DataColumn {
                    block: k,
                    offset,
                    label,
                }),
        );
    }
    let levels = columns.first().map_or(0, |c| c.label.len());
    if columns.iter().any(|c| c.label.len() != levels) {
        return Ok(None);
    }
    // The frame's own column order (blocks group columns by type).
    if let Some(order) = h5
        .group_text(group, "non_index_axes")?
        .and_then(|text| column_order(&text))
    {
        let mut ordered = Vec::with_capacity(columns.len());
        for label in &order {
            if let Some(i) = columns.iter().position(|c| &c.label == label) {
                ordered.push(columns.swap_remove(i));
            }
        }
        if columns.is_empty() {
            columns = ordered;
        } else {
            ordered.append(&mut columns);
            columns = ordered;
        }
    }
    let names = h5
        .group_text(group, "info")?
        .and_then(|text| level_names(&text))
        .filter(|n| n.len() == levels)
        .or_else(|| default_levels(levels));
    Ok(names.map(|names| (columns, names)))
}

/// A pickled list of label tuples (strings), as in `values_block_k_kind`.
fn label_tuples(text: &str) -> Option<Vec<Vec<String>>> {
    let value = pickle::decode(text.as_bytes()).ok()?;
    value.items()?.iter().map(label).collect()
}

/// One label tuple of strings (a single string is a one-level label).
fn label(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Text(text) => Some(vec![text.clone()]),
        _ => value
            .items()?
            .iter()
            .map(|v| v.text().map(str::to_owned))
            .collect(),
    }
}

/// The column order in `non_index_axes`: a list of `(axis, labels)` pairs; axis 1 is the
/// columns.
fn column_order(text: &str) -> Option<Vec<Vec<String>>> {
    let value = pickle::decode(text.as_bytes()).ok()?;
    value.items()?.iter().find_map(|pair| match pair.items()? {
        [Value::Int(1), labels] => labels.items()?.iter().map(label).collect(),
        _ => None,
    })
}

/// The column level names in `info` (`{1: {"names": [...]}}`).
fn level_names(text: &str) -> Option<Vec<String>> {
    let value = pickle::decode(text.as_bytes()).ok()?;
    value
        .get(&Value::Int(1))?
        .get(&Value::Text("names".to_owned()))?
        .items()?
        .iter()
        .map(|v| v.text().map(str::to_owned))
        .collect()
}

/// DeepLabCut's level names for a `MultiIndex` of `levels` levels.
fn default_levels(levels: usize) -> Option<Vec<String>> {
    let names: &[&str] = match levels {
        3 => &["scorer", "bodyparts", "coords"],
        4 => &["scorer", "individuals", "bodyparts", "coords"],
        _ => return None,
    };
    Some(names.iter().map(|n| (*n).to_owned()).collect())
}

/// Columns named `point1`, `point2`, ... for a table whose labels cannot be read (value
/// blocks of `widths` values): x, y, likelihood triples for frame-number rows (analysis
/// output), x, y pairs otherwise.
fn unnamed(widths: &[usize], numeric_index: bool) -> Result<Labels, String> {
    let coords: &[&str] = if numeric_index {
        &["x", "y", "likelihood"]
    } else {
        &["x", "y"]
    };
    let total: usize = widths.iter().sum();
    if !total.is_multiple_of(coords.len()) {
        return Err(format!(
            "the table has {total} values per row, not a multiple of {} ({}), and no readable column labels",
            coords.len(),
            coords.join(", ")
        ));
    }
    let mut columns = Vec::with_capacity(total);
    for (block, &width) in widths.iter().enumerate() {
        for offset in 0..width {
            let n = columns.len();
            columns.push(DataColumn {
                block,
                offset,
                label: vec![
                    String::new(),
                    format!("point{}", n / coords.len() + 1),
                    coords
                        .get(n % coords.len())
                        .copied()
                        .unwrap_or("x")
                        .to_owned(),
                ],
            });
        }
    }
    Ok((columns, default_levels(3).unwrap_or_default()))
}

/// The CSV header rows for `columns`: one row per level, its name in the first cell.
fn header_lines(columns: &[DataColumn], level_names: &[String]) -> String {
    let mut text = String::new();
    for (level, name) in level_names.iter().enumerate() {
        text.push_str(&quote(name));
        for column in columns {
            text.push(',');
            text.push_str(&quote(column.label.get(level).map_or("", String::as_str)));
        }
        text.push('\n');
    }
    text
}

/// A CSV cell, quoted the way pandas does when it holds a comma or a quote.
fn quote(cell: &str) -> Cow<'_, str> {
    if cell.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!(
            "\"{}\"",
            cell.replace('"', "\"\"").replace(['\n', '\r'], " ")
        ))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_pickles() {
        let kind = "(lp0\n(VPranav\np1\nVsnout\np2\nVx\np3\ntp4\na(g1\ng2\nVy\np5\ntp6\na.";
        assert_eq!(
            label_tuples(kind),
            Some(vec![
                vec!["Pranav".to_owned(), "snout".to_owned(), "x".to_owned()],
                vec!["Pranav".to_owned(), "snout".to_owned(), "y".to_owned()],
            ])
        );
        let axes = "(lp0\n(L1L\n(lp1\n(VPranav\np2\nVsnout\np3\nVx\np4\ntp5\natp17\na.";
        assert_eq!(
            column_order(axes),
            Some(vec![vec![
                "Pranav".to_owned(),
                "snout".to_owned(),
                "x".to_owned()
            ]])
        );
        let info = "(dp0\nL1L\n(dp1\nVnames\np2\n(lp3\nVscorer\np4\naVbodyparts\np5\naVcoords\np6\nasVtype\np7\nVMultiIndex\np8\nssVindex\np9\n(dp10\ns.";
        assert_eq!(
            level_names(info),
            Some(vec![
                "scorer".to_owned(),
                "bodyparts".to_owned(),
                "coords".to_owned()
            ])
        );
        assert_eq!(label_tuples("cos\nsystem\n."), None, "code is not data");
    }

    #[test]
    fn unlabelled_tables_get_numbered_points() {
        let (columns, levels) = unnamed(&[4, 2], true).expect("two triples");
        assert_eq!(levels, ["scorer", "bodyparts", "coords"]);
        let labels: Vec<String> = columns.iter().map(|c| c.label[1..].join(" ")).collect();
        assert_eq!(
            labels,
            [
                "point1 x",
                "point1 y",
                "point1 likelihood",
                "point2 x",
                "point2 y",
                "point2 likelihood"
            ]
        );
        assert_eq!((columns[4].block, columns[4].offset), (1, 0));
        let (columns, _) = unnamed(&[4], false).expect("two pairs");
        assert_eq!(columns[3].label[1..], ["point2".to_owned(), "y".to_owned()]);
        let error = unnamed(&[5], false).expect_err("odd");
        assert!(error.contains("not a multiple of 2"), "{error}");
    }

    #[test]
    fn header_rows_quote_like_pandas() {
        let columns = vec![
            DataColumn {
                block: 0,
                offset: 0,
                label: vec!["me".into(), "left, ear".into(), "x".into()],
            },
            DataColumn {
                block: 0,
                offset: 1,
                label: vec!["me".into(), "say \"hi\"".into(), "y".into()],
            },
        ];
        let text = header_lines(&columns, &default_levels(3).unwrap_or_default());
        assert_eq!(
            text,
            "scorer,me,me\nbodyparts,\"left, ear\",\"say \"\"hi\"\"\"\ncoords,x,y\n"
        );
    }
}
