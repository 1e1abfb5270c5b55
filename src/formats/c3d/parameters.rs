//! The parameter section: a 4-byte header, then group and parameter records in any order.
//!
//! Records are walked with explicit bounds. A broken record (a name that is not text, a
//! next-record offset below 2, data running past the section, an unknown type) stops the walk:
//! what was read before it is kept, and the caller warns and falls back to the header — the
//! way the Python `c3d` package keeps reading a file whose parameters end in garbage.

use std::collections::HashMap;

use super::decoder::{Decoder, Fault};
use super::param_value::{ParamType, ParamValue};

/// A parameter group.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Group number (1–128).
    pub id: u8,
    /// Upper-case name.
    pub name: String,
}

/// A parameter and the group it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Number of the group it belongs to.
    pub group_id: u8,
    /// Upper-case name.
    pub name: String,
    /// Its value.
    pub value: ParamValue,
}

/// Every group and parameter read from the file, indexed so that lookups stay O(1) however
/// many records a (crafted) section holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parameters {
    /// Groups in file order (a repeated id is kept once, the first time).
    groups: Vec<Group>,
    /// Parameters in file order (a repeated name is kept once, the first time).
    params: Vec<Parameter>,
    /// `(group id, name)` → index in `params`.
    index: HashMap<(u8, String), usize>,
}

impl Parameters {
    /// Adds a group unless its id is known already.
    pub fn add_group(&mut self, group: Group) {
        if !self.groups.iter().any(|g| g.id == group.id) {
            self.groups.push(group);
        }
    }

    /// Adds a parameter unless its group already has one of that name.
    pub fn add(&mut self, param: Parameter) {
        let key = (param.group_id, param.name.clone());
        if !self.index.contains_key(&key) {
            self.index.insert(key, self.params.len());
            self.params.push(param);
        }
    }

    /// Number of parameters.
    #[must_use]
    pub fn count(&self) -> usize {
        self.params.len()
    }

    /// The parameter `group:name` (case-insensitive).
    #[must_use]
    pub fn get(&self, group: &str, name: &str) -> Option<&ParamValue> {
        let id = self
            .groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(group))?
            .id;
        let at = self.index.get(&(id, name.to_ascii_uppercase()))?;
        self.params.get(*at).map(|p| &p.value)
    }
}

/// The outcome of walking the parameter records.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    /// What was read.
    pub parameters: Parameters,
    /// The broken record that stopped the walk, if any.
    pub broken: Option<Fault>,
    /// One past the last byte of the last record read.
    pub end: usize,
    /// Byte 3 of the parameter section: its declared size in blocks.
    pub declared_blocks: u8,
}

/// Walks the records of the parameter section starting at byte `start`, never reading at or
/// past `bound` (the data section or the end of the file).
#[must_use]
pub fn walk(d: Decoder<'_>, start: usize, bound: usize) -> Walk {
    let bound = bound.min(d.bytes.len());
    let mut walk = Walk {
        parameters: Parameters::default(),
        broken: None,
        end: start.saturating_add(4).min(bound),
        declared_blocks: d.u8(start + 2).unwrap_or(0),
    };
    let mut pos = start.saturating_add(4);
    while pos + 2 <= bound {
        match record(d, pos, bound) {
            Ok(Step::End) => break,
            Ok(Step::Record { item, end, next }) => {
                walk.end = walk.end.max(end);
                match item {
                    Item::Group(group) => walk.parameters.add_group(group),
                    Item::Parameter(param) => walk.parameters.add(param),
                }
                match next {
                    Some(next) => pos = next,
                    None => break,
                }
            }
            Err(fault) => {
                walk.broken = Some(fault);
                break;
            }
        }
    }
    walk
}

/// One group or parameter.
enum Item {
    Group(Group),
    Parameter(Parameter),
}

/// What one record gave.
enum Step {
    /// A zero name length or group id: the list is over.
    End,
    /// A record, where its content ends, and where the next one starts (`None` = last).
    Record {
        item: Item,
        end: usize,
        next: Option<usize>,
    },
}

/// Reads the record at `pos`.
fn record(d: Decoder<'_>, pos: usize, bound: usize) -> Result<Step, Fault> {
    let within = |offset: usize, len: usize| {
        offset
            .checked_add(len)
            .filter(|&end| end <= bound)
            .and_then(|_| d.slice(offset, len))
    };
    let (Some(name_len), Some(group_id)) = (d.i8(pos), d.i8(pos + 1)) else {
        return Ok(Step::End);
    };
    if name_len == 0 || group_id == 0 {
        return Ok(Step::End);
    }
    let name_len = usize::from(name_len.unsigned_abs());
    let Some(name_bytes) = within(pos + 2, name_len) else {
        return Err(Fault::new(
            pos,
            format!(
                "parameter record at byte {pos} has a {name_len}-character name that runs past the end of the parameter section"
            ),
        ));
    };
    if !name_bytes.iter().all(u8::is_ascii_graphic) {
        return Err(Fault::new(
            pos,
            format!("parameter record at byte {pos} has a name that is not text"),
        ));
    }
    let name = String::from_utf8_lossy(name_bytes).to_ascii_uppercase();
    let offset_at = pos + 2 + name_len;
    let Some(offset) = within(offset_at, 2).and_then(|_| d.i16(offset_at)) else {
        return Err(Fault::new(
            offset_at,
            format!(
                "parameter record `{name}` at byte {pos} is cut off before its next-record offset"
            ),
        ));
    };
    let next = match offset {
        0 => None,
        2.. => Some(offset_at + offset as usize),
        _ => {
            return Err(Fault::new(
                offset_at,
                format!(
                    "parameter record `{name}` at byte {pos} has a next-record offset of {offset}"
                ),
            ));
        }
    };
    // The record's content may not run past the next record or the section.
    let limit = next.map_or(bound, |n| n.min(bound));
    let body = offset_at + 2;
    if group_id < 0 {
        let end = group_end(d, body, limit);
        let group = Group {
            id: group_id.unsigned_abs(),
            name,
        };
        return Ok(Step::Record {
            item: Item::Group(group),
            end,
            next,
        });
    }
    let (value, end) = parameter_value(d, pos, &name, body, limit)?;
    let param = Parameter {
        group_id: group_id.unsigned_abs(),
        name,
        value,
    };
    Ok(Step::Record {
        item: Item::Parameter(param),
        end,
        next,
    })
}

/// Where a group record's description ends (read leniently: a cut description is dropped).
fn group_end(d: Decoder<'_>, body: usize, limit: usize) -> usize {
    match d.u8(body) {
        Some(len) if body + 1 + usize::from(len) <= limit => body + 1 + usize::from(len),
        _ => body.min(limit),
    }
}

/// Reads a parameter's type, dimensions and data, checking every size against `limit`.
fn parameter_value(
    d: Decoder<'_>,
    pos: usize,
    name: &str,
    body: usize,
    limit: usize,
) -> Result<(ParamValue, usize), Fault> {
    let cut = |what: &str| {
        Fault::new(
            body,
            format!(
                "parameter `{name}` at byte {pos}: its {what} runs past the end of the record or section"
            ),
        )
    };
    if body + 2 > limit {
        return Err(cut("type"));
    }
    let (Some(code), Some(ndims)) = (d.i8(body), d.u8(body + 1)) else {
        return Err(cut("type"));
    };
    let Some(kind) = ParamType::from_code(code) else {
        return Err(Fault::new(
            body,
            format!("parameter `{name}` at byte {pos} has the unknown type {code}"),
        ));
    };
    let ndims = usize::from(ndims);
    let dims_at = body + 2;
    if dims_at + ndims > limit {
        return Err(cut("dimension list"));
    }
    let dims: Vec<usize> = d
        .slice(dims_at, ndims)
        .ok_or_else(|| cut("dimension list"))?
        .iter()
        .map(|&b| usize::from(b))
        .collect();
    let size = dims
        .iter()
        .try_fold(kind.size(), |acc, &dim| acc.checked_mul(dim))
        .filter(|&size| dims_at + ndims + size <= limit)
        .ok_or_else(|| cut("data"))?;
    let data_at = dims_at + ndims;
    let data = d.slice(data_at, size).ok_or_else(|| cut("data"))?.to_vec();
    let value = ParamValue {
        kind,
        dims,
        data,
        processor: d.processor,
    };
    let end = group_end(d, data_at + size, limit);
    Ok((value, end))
}

#[cfg(test)]
mod tests {
    use super::super::processor::Processor;
    use super::*;

    /// A parameter section: 4-byte header then the given records.
    fn section(records: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0x01, 0x50, 1, 84];
        bytes.extend_from_slice(records);
        bytes.resize(512, 0);
        bytes
    }

    fn group(id: i8, name: &str) -> Vec<u8> {
        let mut r = vec![name.len() as u8, (-id) as u8];
        r.extend_from_slice(name.as_bytes());
        r.extend_from_slice(&3_i16.to_le_bytes());
        r.push(0);
        r
    }

    fn int_param(group: i8, name: &str, value: i16) -> Vec<u8> {
        let mut r = vec![name.len() as u8, group as u8];
        r.extend_from_slice(name.as_bytes());
        r.extend_from_slice(&7_i16.to_le_bytes());
        r.extend_from_slice(&[2, 0]);
        r.extend_from_slice(&value.to_le_bytes());
        r.push(0);
        r
    }

    #[test]
    fn reads_groups_and_parameters() {
        let mut records = group(1, "POINT");
        records.extend(int_param(1, "USED", 36));
        records.extend(int_param(1, "used", 99));
        let bytes = section(&records);
        let walk = walk(Decoder::new(&bytes, Processor::Intel), 0, bytes.len());
        assert!(walk.broken.is_none());
        assert_eq!(walk.declared_blocks, 1);
        let used = walk.parameters.get("point", "USED").expect("POINT:USED");
        assert_eq!(
            used.first_word(),
            Some(36),
            "the first of two equal names wins"
        );
        assert_eq!(walk.end, 4 + 10 + 13 + 13);
    }

    #[test]
    fn broken_records_stop_the_walk_and_keep_the_rest() {
        let mut records = group(1, "POINT");
        records.extend(int_param(1, "USED", 36));
        let broken_at = 4 + records.len();
        // A record whose next offset is negative (sample18 has −1).
        records.extend([4, 1, b'R', b'A', b'T', b'E', 0xff, 0xff]);
        let bytes = section(&records);
        let walk = walk(Decoder::new(&bytes, Processor::Intel), 0, bytes.len());
        let fault = walk.broken.expect("broken");
        assert!(
            fault.message.contains("next-record offset of -1"),
            "{fault:?}"
        );
        assert_eq!(fault.offset, (broken_at + 6) as u64);
        assert_eq!(walk.parameters.count(), 1);
    }

    #[test]
    fn data_past_the_bound_is_broken_and_huge_dimensions_do_not_overflow() {
        let mut records = group(1, "POINT");
        let mut labels = vec![6, 1];
        labels.extend_from_slice(b"LABELS");
        labels.extend_from_slice(&200_i16.to_le_bytes());
        labels.extend_from_slice(&[0xff, 7, 255, 255, 255, 255, 255, 255, 255]);
        records.extend(labels);
        let bytes = section(&records);
        let walk = walk(Decoder::new(&bytes, Processor::Intel), 0, bytes.len());
        assert!(walk.broken.expect("broken").message.contains("data"));
        assert_eq!(walk.parameters.count(), 0);
    }

    #[test]
    fn names_that_are_not_text_are_broken() {
        let bytes = section(&[3, 0xe1, 0x00, 0x11, 0x1e, 3, 0]);
        let walk = walk(Decoder::new(&bytes, Processor::Intel), 0, bytes.len());
        assert!(walk.broken.expect("broken").message.contains("not text"));
    }
}
