//! Encodes parameter records for the writer: groups, int16 / float / character parameters,
//! and the `NAME2`, `NAME3` … continuations of long lists.

use super::param_value::ParamType;
use super::processor::Processor;
use super::write::to_i16;

/// Most names or values a parameter holds before it continues in `NAME2`, `NAME3` …
const PER_PARAMETER: usize = 255;

/// Builds the parameter records.
pub struct ParamWriter {
    /// Number format.
    processor: Processor,
    /// The records so far.
    pub bytes: Vec<u8>,
    /// Byte offset (in `bytes`) of each int16 parameter's data, by name, for patching.
    int_data: Vec<(String, usize)>,
}

impl ParamWriter {
    /// An empty list of records.
    pub fn new(processor: Processor) -> Self {
        Self {
            processor,
            bytes: Vec::new(),
            int_data: Vec::new(),
        }
    }

    /// A group record with an empty description.
    pub fn group(&mut self, id: u8, name: &str) {
        self.bytes.push(name.len() as u8);
        self.bytes.push((-(id as i8)) as u8);
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(&self.processor.i16_bytes(3));
        self.bytes.push(0);
    }

    /// One parameter record with an empty description; returns the offset of its data.
    pub fn record(
        &mut self,
        group: u8,
        name: &str,
        kind: ParamType,
        dims: &[usize],
        data: &[u8],
    ) -> usize {
        let next = 2 + 1 + 1 + dims.len() + data.len() + 1;
        self.bytes.push(name.len() as u8);
        self.bytes.push(group);
        self.bytes.extend_from_slice(name.as_bytes());
        let next = i16::try_from(next).unwrap_or(0);
        self.bytes
            .extend_from_slice(&self.processor.i16_bytes(next));
        self.bytes.push(kind.code() as u8);
        self.bytes.push(dims.len() as u8);
        self.bytes.extend(dims.iter().map(|&d| d.min(255) as u8));
        let at = self.bytes.len();
        self.bytes.extend_from_slice(data);
        self.bytes.push(0);
        at
    }

    /// An int16 parameter (a scalar for one value).
    pub fn int(&mut self, group: u8, name: &str, values: &[u16]) {
        let data: Vec<u8> = values
            .iter()
            .flat_map(|&v| self.processor.u16_bytes(v))
            .collect();
        let dims = if values.len() == 1 {
            vec![]
        } else {
            vec![values.len()]
        };
        let at = self.record(group, name, ParamType::Int16, &dims, &data);
        self.int_data.push((name.to_owned(), at));
    }

    /// Overwrites the first value of the int16 parameter `name`.
    pub fn patch_int(&mut self, name: &str, value: u16) {
        let bytes = self.processor.u16_bytes(value);
        if let Some((_, at)) = self.int_data.iter().find(|(n, _)| n == name)
            && let Some(dst) = self.bytes.get_mut(*at..*at + 2)
        {
            dst.copy_from_slice(&bytes);
        }
    }

    /// A float parameter (a scalar for one value).
    pub fn float(&mut self, group: u8, name: &str, values: &[f32]) {
        let data: Vec<u8> = values
            .iter()
            .flat_map(|&v| self.processor.f32_bytes(v))
            .collect();
        let dims = if values.len() == 1 {
            vec![]
        } else {
            vec![values.len()]
        };
        self.record(group, name, ParamType::Float, &dims, &data);
    }

    /// A `(width, count)` character array (strings cut at 255 characters, Latin-1).
    pub fn strings(&mut self, group: u8, name: &str, values: &[String]) {
        let encoded: Vec<Vec<u8>> = values
            .iter()
            .map(|s| {
                s.chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                    .take(255)
                    .collect()
            })
            .collect();
        let width = encoded.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut data = Vec::with_capacity(width * encoded.len());
        for s in &encoded {
            data.extend_from_slice(s);
            data.resize(data.len() + width - s.len(), b' ');
        }
        self.record(group, name, ParamType::Char, &[width, encoded.len()], &data);
    }

    /// `NAME`, `NAME2`, … holding 255 strings each (`NAME` is written even when empty).
    pub fn strings_continued(&mut self, group: u8, name: &str, values: &[String]) {
        let mut chunks = values.chunks(PER_PARAMETER);
        self.strings(group, name, chunks.next().unwrap_or(&[]));
        for (i, chunk) in chunks.enumerate() {
            self.strings(group, &format!("{name}{}", i + 2), chunk);
        }
    }

    /// `NAME`, `NAME2`, … holding 255 numbers each.
    pub fn numbers_continued(&mut self, group: u8, name: &str, kind: ParamType, values: &[f32]) {
        for (i, chunk) in values.chunks(PER_PARAMETER).enumerate() {
            let name = if i == 0 {
                name.to_owned()
            } else {
                format!("{name}{}", i + 1)
            };
            let data: Vec<u8> = match kind {
                ParamType::Int16 => chunk
                    .iter()
                    .flat_map(|&v| self.processor.i16_bytes(to_i16(v)))
                    .collect(),
                _ => chunk
                    .iter()
                    .flat_map(|&v| self.processor.f32_bytes(v))
                    .collect(),
            };
            self.record(group, &name, kind, &[chunk.len()], &data);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_have_the_spec_layout() {
        let mut w = ParamWriter::new(Processor::Intel);
        w.group(1, "POINT");
        w.int(1, "USED", &[36]);
        w.patch_int("USED", 37);
        let group = [5, 0xff, b'P', b'O', b'I', b'N', b'T', 3, 0, 0];
        let used = [4, 1, b'U', b'S', b'E', b'D', 7, 0, 2, 0, 37, 0, 0];
        assert_eq!(w.bytes, [&group[..], &used[..]].concat());
        let mut m = ParamWriter::new(Processor::Mips);
        m.strings(1, "UNITS", &["mm".to_owned()]);
        // Name, next offset 9 (big-endian), type −1, two dimensions (2, 1), "mm", no description.
        assert_eq!(
            m.bytes,
            [
                5, 1, b'U', b'N', b'I', b'T', b'S', 0, 9, 0xff, 2, 2, 1, b'm', b'm', 0
            ]
        );
    }

    #[test]
    fn long_lists_continue_in_numbered_parameters() {
        let mut w = ParamWriter::new(Processor::Intel);
        let names: Vec<String> = (0..600).map(|i| i.to_string()).collect();
        w.strings_continued(1, "LABELS", &names);
        let text = String::from_utf8_lossy(&w.bytes).into_owned();
        assert!(text.contains("LABELS2") && text.contains("LABELS3") && !text.contains("LABELS4"));
    }
}
