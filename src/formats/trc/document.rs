//! The TRC document as the file states it: header fields, marker names, and one row of values per
//! frame. The reader parses into it (keeping every number as the file wrote it, in f64) and the
//! writer writes from it.

/// The header fields of lines 2 and 3 (`DataRate CameraRate NumFrames NumMarkers Units
/// OrigDataRate OrigDataStartFrame OrigNumFrames`), as declared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrcHeader {
    /// Every key of line 2 with its value from line 3, in file order (values trimmed).
    pub fields: Vec<(String, String)>,
    /// `DataRate`: frames per second of the rows.
    pub data_rate_hz: Option<f64>,
    /// `CameraRate`: frames per second of the capture.
    pub camera_rate_hz: Option<f64>,
    /// `NumFrames`: how many rows the file claims (not trusted).
    pub num_frames: Option<u64>,
    /// `NumMarkers`: how many markers the file claims (not trusted).
    pub num_markers: Option<u64>,
    /// `Units` as written, e.g. `mm` or `m`.
    pub units: String,
    /// `OrigDataRate`.
    pub orig_data_rate_hz: Option<f64>,
    /// `OrigDataStartFrame`.
    pub orig_data_start_frame: Option<i64>,
    /// `OrigNumFrames`.
    pub orig_num_frames: Option<u64>,
}

impl TrcHeader {
    /// The raw value of field `key` (case-insensitive), as written in line 3.
    #[must_use]
    pub fn value(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// A whole TRC file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrcDocument {
    /// Line 1 after `PathFileType`, e.g. `4\t(X/Y/Z)\tDemo_0-100.trc` (cells joined by tabs).
    pub path_file_type: String,
    /// Lines 2 and 3.
    pub header: TrcHeader,
    /// Marker names from line 4, in column order.
    pub marker_names: Vec<String>,
    /// The `Frame#` column, one per row.
    pub frame_numbers: Vec<i64>,
    /// The `Time` column in seconds, one per row (NaN where the cell is empty).
    pub times_s: Vec<f64>,
    /// `rows × markers × 3` coordinates, row after row, NaN where a cell is empty, `NaN` or
    /// absent.
    pub coords: Vec<f64>,
}

impl TrcDocument {
    /// Number of data rows.
    #[must_use]
    pub fn frame_count(&self) -> usize {
        self.frame_numbers.len()
    }

    /// Number of markers.
    #[must_use]
    pub fn marker_count(&self) -> usize {
        self.marker_names.len()
    }

    /// The `markers × 3` coordinates of row `index`.
    #[must_use]
    pub fn row(&self, index: usize) -> Option<&[f64]> {
        let width = self.marker_count() * 3;
        let start = index.checked_mul(width)?;
        self.coords.get(start..start.checked_add(width)?)
    }

    /// `[x, y, z]` of `marker` in row `index`, as written (NaN where empty).
    #[must_use]
    pub fn marker(&self, index: usize, marker: usize) -> Option<[f64; 3]> {
        let row = self.row(index)?;
        let start = marker.checked_mul(3)?;
        match row.get(start..start + 3)? {
            &[x, y, z] => Some([x, y, z]),
            _ => None,
        }
    }
}
