//! An HDF5 file opened with posedeck's limits, and the reads the pose readers need: numbers of
//! any width, strings, attributes, and compound tables (see [`super::table`]).
//!
//! Every read is bounded: one read may decode at most a multiple of the file's size (see
//! [`READ_BYTES_PER_FILE_BYTE`]), so a dataset whose dataspace claims
//! far more than the file holds is refused before anything is allocated.

use std::path::{Path, PathBuf};

use hdf5_reader::group::Group;
use hdf5_reader::{Attribute, Dataset, Hdf5File, OpenOptions};

use super::number::{self, Number};
use crate::formats::{LoadError, Location};
use crate::model::FormatId;

/// Decoded bytes one read may produce per byte of file. Pose tables are not very compressible
/// (SLEAP's `tracks`, mostly NaN, is about 24 times its compressed size in the shared sample),
/// so 64 leaves room while keeping a damaged file from asking for gigabytes.
pub(crate) const READ_BYTES_PER_FILE_BYTE: usize = 64;
/// Fixed allowance on top of [`READ_BYTES_PER_FILE_BYTE`], for small files.
const READ_BYTES_ALLOWANCE: usize = 4 << 20;
/// Bytes of decompressed chunks the reader keeps cached.
const CHUNK_CACHE_BYTES: usize = 8 << 20;

/// An opened HDF5 file, the file's path for messages and the format it is read as.
pub(crate) struct H5 {
    file: Hdf5File,
    path: PathBuf,
    format: FormatId,
    read_limit_bytes: usize,
    file_bytes: usize,
}

/// The open options for a file of `file_bytes` bytes.
fn options(file_bytes: usize) -> OpenOptions {
    let limit = read_limit(file_bytes);
    OpenOptions::default()
        .with_max_read_bytes(limit)
        .with_max_chunk_bytes(limit)
        .with_chunk_cache_bytes(CHUNK_CACHE_BYTES)
}

/// The most bytes one read of a file of `file_bytes` bytes may decode.
fn read_limit(file_bytes: usize) -> usize {
    file_bytes
        .saturating_mul(READ_BYTES_PER_FILE_BYTE)
        .saturating_add(READ_BYTES_ALLOWANCE)
}

/// Opens the file at `path` for a look at its structure (format detection).
pub(crate) fn open_path(path: &Path) -> Result<Hdf5File, hdf5_reader::error::Error> {
    let file_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    Hdf5File::open_with_options(
        path,
        options(usize::try_from(file_bytes).unwrap_or(usize::MAX)),
    )
}

impl H5 {
    /// Opens `bytes` (the whole file) to read it as `format`.
    pub(crate) fn from_bytes(
        bytes: &[u8],
        path: &Path,
        format: FormatId,
    ) -> Result<Self, LoadError> {
        let file = Hdf5File::from_bytes_with_options(bytes, options(bytes.len())).map_err(|e| {
            hdf5_error(
                path,
                format,
                bytes.len() as u64,
                "cannot open the HDF5 file",
                &e,
            )
        })?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
            format,
            read_limit_bytes: read_limit(bytes.len()),
            file_bytes: bytes.len(),
        })
    }

    /// The opened file.
    pub(crate) fn inner(&self) -> &Hdf5File {
        &self.file
    }

    /// Changes the format named in errors (once the content is known).
    pub(crate) fn set_format(&mut self, format: FormatId) {
        self.format = format;
    }

    /// The size of the file in bytes.
    pub(crate) fn file_bytes(&self) -> usize {
        self.file_bytes
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// An error about the file as a whole.
    pub(crate) fn error(&self, message: impl Into<String>) -> LoadError {
        LoadError::parse(&self.path, self.format, Location::Whole, message)
    }

    /// An error from the HDF5 reader while doing `what`.
    pub(crate) fn fail(&self, what: &str, error: &hdf5_reader::error::Error) -> LoadError {
        hdf5_error(&self.path, self.format, self.file_bytes as u64, what, error)
    }

    /// The names of the root group's child groups and datasets.
    pub(crate) fn root_names(&self) -> Result<(Vec<String>, Vec<String>), LoadError> {
        self.file
            .root_group()
            .and_then(|g| g.member_names())
            .map_err(|e| self.fail("cannot list the root group", &e))
    }

    /// The group at `path`.
    pub(crate) fn group(&self, path: &str) -> Result<Group, LoadError> {
        self.file
            .group(path)
            .map_err(|e| self.fail(&format!("cannot open group `{path}`"), &e))
    }

    /// The dataset at `path`.
    pub(crate) fn dataset(&self, path: &str) -> Result<Dataset, LoadError> {
        self.file
            .dataset(path)
            .map_err(|e| self.fail(&format!("cannot open dataset `{path}`"), &e))
    }

    /// A string attribute of a group; `None` when absent.
    pub(crate) fn group_text(
        &self,
        group: &Group,
        name: &str,
    ) -> Result<Option<String>, LoadError> {
        let attributes = group.attributes().map_err(|e| {
            self.fail(
                &format!("cannot read the attributes of `{}`", group.name()),
                &e,
            )
        })?;
        self.attribute_text(attributes.iter().find(|a| a.name == name), group.name())
    }

    /// A string attribute of a dataset; `None` when absent.
    pub(crate) fn dataset_text(
        &self,
        dataset: &Dataset,
        name: &str,
    ) -> Result<Option<String>, LoadError> {
        let attributes = dataset.attributes();
        self.attribute_text(attributes.iter().find(|a| a.name == name), dataset.name())
    }

    /// The text of `attribute` (of the object `owner`), when there is one.
    fn attribute_text(
        &self,
        attribute: Option<&Attribute>,
        owner: &str,
    ) -> Result<Option<String>, LoadError> {
        let Some(attribute) = attribute else {
            return Ok(None);
        };
        attribute.read_string().map(Some).map_err(|e| {
            self.fail(
                &format!("attribute `{}` of `{owner}` is not text", attribute.name),
                &e,
            )
        })
    }

    /// A numeric attribute of a group; `None` when absent or not a number.
    pub(crate) fn group_number(&self, group: &Group, name: &str) -> Result<Option<f64>, LoadError> {
        let attributes = group.attributes().map_err(|e| {
            self.fail(
                &format!("cannot read the attributes of `{}`", group.name()),
                &e,
            )
        })?;
        Ok(attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| number::decode(&a.raw_data, &a.datatype)))
    }

    /// Checks that reading `elements` elements of `element_bytes` bytes stays within the read
    /// limit; the error names the dataset.
    pub(crate) fn check_size(
        &self,
        dataset: &Dataset,
        elements: u64,
        element_bytes: usize,
    ) -> Result<(), LoadError> {
        let bytes = elements.saturating_mul(element_bytes as u64);
        if bytes > self.read_limit_bytes as u64 {
            return Err(self.error(format!(
                "dataset `{}` claims {elements} elements ({bytes} bytes), more than a file of this size can hold",
                dataset.name()
            )));
        }
        Ok(())
    }

    /// Every value of a numeric dataset as `f64`, in storage (C) order, with its shape.
    pub(crate) fn numbers(&self, dataset: &Dataset) -> Result<(Vec<f64>, Vec<usize>), LoadError> {
        if !number::is_numeric(dataset.dtype()) {
            return Err(self.error(format!(
                "dataset `{}` holds {}, not numbers",
                dataset.name(),
                number::describe(dataset.dtype())
            )));
        }
        let elements = dataset
            .shape()
            .iter()
            .fold(1_u64, |n, &d| n.saturating_mul(d));
        self.check_size(dataset, elements, 8)?;
        let array = dataset
            .read_array::<Number>()
            .map_err(|e| self.fail(&format!("cannot read dataset `{}`", dataset.name()), &e))?;
        let shape = array.shape().to_vec();
        Ok((array.iter().map(|n| n.0).collect(), shape))
    }

    /// The values of a numeric dataset selected by `selection`, as `f64` in C order.
    pub(crate) fn number_slice(
        &self,
        dataset: &Dataset,
        selection: &hdf5_reader::SliceInfo,
    ) -> Result<Vec<f64>, LoadError> {
        let array = dataset
            .read_slice::<Number>(selection)
            .map_err(|e| self.fail(&format!("cannot read dataset `{}`", dataset.name()), &e))?;
        Ok(array.iter().map(|n| n.0).collect())
    }

    /// Every string of a string dataset, in storage order.
    pub(crate) fn strings(&self, dataset: &Dataset) -> Result<Vec<String>, LoadError> {
        let elements = dataset
            .shape()
            .iter()
            .fold(1_u64, |n, &d| n.saturating_mul(d));
        self.check_size(dataset, elements, 1)?;
        dataset.read_strings().map_err(|e| {
            self.fail(
                &format!("cannot read the strings of `{}`", dataset.name()),
                &e,
            )
        })
    }

    /// The raw bytes of every element (records of a compound dataset), in storage order.
    pub(crate) fn raw_bytes(&self, dataset: &Dataset) -> Result<Vec<u8>, LoadError> {
        dataset
            .read_raw_bytes()
            .map_err(|e| self.fail(&format!("cannot read dataset `{}`", dataset.name()), &e))
    }
}

/// A load error for an HDF5 reader error; an offset the reader names inside the file (of
/// `file_bytes` bytes) becomes the location.
pub(crate) fn hdf5_error(
    path: &Path,
    format: FormatId,
    file_bytes: u64,
    what: &str,
    error: &hdf5_reader::error::Error,
) -> LoadError {
    use hdf5_reader::error::Error;
    let mut inner = error;
    while let Error::Context { source, .. } = inner {
        inner = source;
    }
    let location = match inner {
        Error::UnexpectedEof { offset, .. } | Error::OffsetOutOfBounds(offset)
            if *offset < file_bytes =>
        {
            Location::Byte(*offset)
        }
        _ => Location::Whole,
    };
    let detail = match inner {
        Error::ResourceLimit(_) => {
            format!("{error} (the file claims more data than a file of its size can hold)")
        }
        _ => format!("{error}{}", truncation_hint(inner, file_bytes)),
    };
    LoadError::parse(path, format, location, format!("{what}: {detail}"))
}

/// A hint when the reader ran past the end of a file of `file_bytes` bytes.
pub(crate) fn truncation_hint(error: &hdf5_reader::error::Error, file_bytes: u64) -> String {
    use hdf5_reader::error::Error;
    match error {
        Error::UnexpectedEof { offset, .. } if *offset >= file_bytes => {
            format!(" (the file ends at byte {file_bytes}: is it truncated?)")
        }
        Error::Context { source, .. } => truncation_hint(source, file_bytes),
        _ => String::new(),
    }
}
