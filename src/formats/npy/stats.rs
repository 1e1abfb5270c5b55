//! What a bare array's outline needs to know about every value, gathered in one pass that can
//! run over blocks of points in any order on every core: the range of each channel (is the
//! third value a confidence?) and the counts of missing points under either reading (3D points,
//! or 2D points with a confidence).

use super::build::Missing;

/// An x or y span above this (while the third column stays in [0, 1]) marks image pixels plus
/// a confidence rather than 3D positions (as [`super::build`] decides it).
const PIXEL_SPAN: f32 = 20.0;

/// Facts about every point of an array of 2 or 3 channels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueStats {
    /// Lowest finite value of each channel.
    low: [f32; 3],
    /// Highest finite value of each channel.
    high: [f32; 3],
    /// Points seen.
    total: usize,
    /// Points with a non-finite value among their three channels.
    nan_3d: usize,
    /// Points with a non-finite x or y.
    nan_2d: usize,
    /// Points whose x and y are both exactly 0.
    zero_2d: usize,
}

impl Default for ValueStats {
    fn default() -> Self {
        Self {
            low: [f32::INFINITY; 3],
            high: [f32::NEG_INFINITY; 3],
            total: 0,
            nan_3d: 0,
            nan_2d: 0,
            zero_2d: 0,
        }
    }
}

impl ValueStats {
    /// Adds the whole points in `values` (`channels` values each, 2 or 3).
    pub fn add(&mut self, values: &[f32], channels: usize) {
        match channels {
            3 => {
                for p in values.as_chunks::<3>().0 {
                    self.add_point(p[0], p[1], Some(p[2]));
                }
            }
            2 => {
                for p in values.as_chunks::<2>().0 {
                    self.add_point(p[0], p[1], None);
                }
            }
            _ => {}
        }
    }

    /// As [`ValueStats::add`], for little-endian `f32` values given as their bytes.
    pub fn add_f32_le(&mut self, bytes: &[u8], channels: usize) {
        let value = |b: &[u8; 12], i: usize| {
            f32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
        };
        match channels {
            3 => {
                for p in bytes.as_chunks::<12>().0 {
                    self.add_point(value(p, 0), value(p, 1), Some(value(p, 2)));
                }
            }
            2 => {
                for p in bytes.as_chunks::<8>().0 {
                    let x = f32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                    let y = f32::from_le_bytes([p[4], p[5], p[6], p[7]]);
                    self.add_point(x, y, None);
                }
            }
            _ => {}
        }
    }

    #[inline]
    fn add_point(&mut self, x: f32, y: f32, z: Option<f32>) {
        let (fx, fy) = (x.is_finite(), y.is_finite());
        let z_finite = z.is_none_or(f32::is_finite);
        self.total += 1;
        self.nan_2d += usize::from(!(fx && fy));
        self.nan_3d += usize::from(!(fx && fy && z_finite));
        self.zero_2d += usize::from(x == 0.0 && y == 0.0);
        // Non-finite values leave the range alone.
        let values = [x, y, z.unwrap_or(f32::NAN)];
        for ((low, high), v) in self.low.iter_mut().zip(self.high.iter_mut()).zip(values) {
            let finite = v.is_finite();
            *low = low.min(if finite { v } else { f32::INFINITY });
            *high = high.max(if finite { v } else { f32::NEG_INFINITY });
        }
    }

    /// Adds the facts of other points.
    pub fn merge(&mut self, other: &Self) {
        for axis in 0..3 {
            self.low[axis] = self.low[axis].min(other.low[axis]);
            self.high[axis] = self.high[axis].max(other.high[axis]);
        }
        self.total += other.total;
        self.nan_3d += other.nan_3d;
        self.nan_2d += other.nan_2d;
        self.zero_2d += other.zero_2d;
    }

    /// True when the third of `channels` values is a confidence: every finite one is within
    /// [0, 1] while x or y spans more than [`PIXEL_SPAN`] (the whole reader's test).
    #[must_use]
    pub fn with_confidence(&self, channels: usize) -> bool {
        let [x_lo, y_lo, c_lo] = self.low;
        let [x_hi, y_hi, c_hi] = self.high;
        let third_in_unit = c_lo >= 0.0 && c_hi <= 1.0 && c_lo <= c_hi;
        let wide = (x_hi - x_lo).max(y_hi - y_lo) > PIXEL_SPAN;
        channels == 3 && third_in_unit && wide
    }

    /// The missing points when the points are read in `dims` dimensions (2 or 3).
    #[must_use]
    pub fn missing(&self, dims: usize) -> Missing {
        if dims == 2 {
            Missing {
                total: self.total,
                nan: self.nan_2d,
                // A zero x and y are finite, so never counted as NaN too.
                zero_xy: self.zero_2d,
            }
        } else {
            Missing {
                total: self.total,
                nan: self.nan_3d,
                zero_xy: 0,
            }
        }
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ranges_match_either_reading() {
        let values = [
            0.0, 0.0, 0.5, // zero 2D point
            f32::NAN, 1.0, 0.2, // NaN in x
            30.0, 2.0, f32::INFINITY, // z not finite: missing in 3D only
            -0.0, 0.0, 1.0, // negative zero is zero
        ];
        let mut stats = ValueStats::default();
        stats.add(&values, 3);
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut from_bytes = ValueStats::default();
        from_bytes.add_f32_le(&bytes[..24], 3);
        let mut rest = ValueStats::default();
        rest.add_f32_le(&bytes[24..], 3);
        from_bytes.merge(&rest);
        assert_eq!(stats, from_bytes);
        assert_eq!(
            stats.missing(2),
            Missing {
                total: 4,
                nan: 1,
                zero_xy: 2
            }
        );
        assert_eq!(
            stats.missing(3),
            Missing {
                total: 4,
                nan: 2,
                zero_xy: 0
            }
        );
        assert!(stats.with_confidence(3), "x spans 30, z within [0, 1]");
        assert!(!stats.with_confidence(2));
    }
}
