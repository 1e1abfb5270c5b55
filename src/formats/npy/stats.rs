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
    /// True when some (0, 0) points were left out of `zero_2d` (see
    /// [`ValueStats::zero_count_pending`]).
    zero_count_pending: bool,
}

/// The little-endian `f32` at byte `at` of `bytes`.
#[inline]
fn le(bytes: &[u8], at: usize) -> f32 {
    f32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
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
            zero_count_pending: false,
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

    /// As [`ValueStats::add`], for little-endian `f32` values given as their bytes. Groups of
    /// four points go through a branch-free pass the compiler vectorises; the exact per-point
    /// counts are only taken again for groups where a value is not finite. For three channels
    /// the (0, 0) points are not counted here (see [`ValueStats::zero_count_pending`]).
    pub fn add_f32_le(&mut self, bytes: &[u8], channels: usize) {
        match channels {
            3 => {
                let (groups, rest) = bytes.as_chunks::<48>();
                self.add_groups::<48, 12>(groups, 3);
                for p in rest.as_chunks::<12>().0 {
                    let [x, y, z] = [0, 4, 8].map(|i| le(p, i));
                    let zeros = self.zero_2d;
                    self.add_point(x, y, Some(z));
                    if self.zero_2d != zeros {
                        self.zero_2d = zeros;
                        self.zero_count_pending = true;
                    }
                }
            }
            2 => {
                let (groups, rest) = bytes.as_chunks::<32>();
                self.add_groups::<32, 8>(groups, 2);
                for p in rest.as_chunks::<8>().0 {
                    self.add_point(le(p, 0), le(p, 4), None);
                }
            }
            _ => {}
        }
    }

    /// The vectorisable pass over groups of `L` values (`B` = 4 × `L` bytes).
    fn add_groups<const B: usize, const L: usize>(&mut self, groups: &[[u8; B]], channels: usize) {
        let mut low = [f32::INFINITY; L];
        let mut high = [f32::NEG_INFINITY; L];
        let mut bad = [0_u32; L];
        let mut zero = [0_u32; L];
        for group in groups {
            for lane in 0..L {
                let v = le(group, 4 * lane);
                let finite = v.abs() < f32::INFINITY;
                let for_low = if finite { v } else { f32::INFINITY };
                let for_high = if finite { v } else { f32::NEG_INFINITY };
                low[lane] = if for_low < low[lane] {
                    for_low
                } else {
                    low[lane]
                };
                high[lane] = if for_high > high[lane] {
                    for_high
                } else {
                    high[lane]
                };
                bad[lane] += u32::from(!finite);
                zero[lane] += u32::from(v == 0.0);
            }
        }
        for lane in 0..L {
            let c = lane % channels;
            self.low[c] = self.low[c].min(low[lane]);
            self.high[c] = self.high[c].max(high[lane]);
        }
        self.total += groups.len() * (L / channels);
        let any_bad = bad.iter().any(|&n| n > 0);
        let x_zeros = (0..L).step_by(channels).any(|lane| zero[lane] > 0);
        if channels == 3 {
            self.zero_count_pending |= x_zeros;
        }
        if !(any_bad || (channels == 2 && x_zeros)) {
            return;
        }
        // Exact per-point counts for the odd groups.
        for group in groups {
            for point in group.as_chunks::<4>().0.chunks_exact(channels) {
                let x = f32::from_le_bytes(point[0]);
                let y = f32::from_le_bytes(point[1]);
                let z = point.get(2).map(|b| f32::from_le_bytes(*b));
                let (fx, fy) = (x.is_finite(), y.is_finite());
                self.nan_2d += usize::from(!(fx && fy));
                self.nan_3d += usize::from(!(fx && fy && z.is_none_or(f32::is_finite)));
                if channels == 2 {
                    self.zero_2d += usize::from(x == 0.0 && y == 0.0);
                }
            }
        }
    }

    /// True when the (0, 0) points of a three-channel array were not counted
    /// ([`ValueStats::add_f32_le`] leaves them, as they only matter when the third channel is a
    /// confidence); count them with [`ValueStats::add_zero_points_f32_le`].
    #[must_use]
    pub fn zero_count_pending(&self) -> bool {
        self.zero_count_pending
    }

    /// Counts the (0, 0) points among the three-channel little-endian `f32` points in `bytes`.
    #[must_use]
    pub fn zero_points_f32_le(bytes: &[u8]) -> usize {
        bytes
            .as_chunks::<12>()
            .0
            .iter()
            .filter(|p| le(p.as_slice(), 0) == 0.0 && le(p.as_slice(), 4) == 0.0)
            .count()
    }

    /// Sets the count of (0, 0) points once they are counted.
    pub fn set_zero_points(&mut self, count: usize) {
        self.zero_2d = count;
        self.zero_count_pending = false;
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
        self.zero_count_pending |= other.zero_count_pending;
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
        let mut values = vec![
            0.0,
            0.0,
            0.5, // zero 2D point
            f32::NAN,
            1.0,
            0.2, // NaN in x
            30.0,
            2.0,
            f32::INFINITY, // z not finite: missing in 3D only
            -0.0,
            0.0,
            1.0, // negative zero is zero
        ];
        // Whole groups of four points and a remainder, some with odd values.
        for i in 0..41 {
            let v = i as f32;
            values.extend([v, if i % 7 == 0 { 0.0 } else { v + 1.0 }, 0.25]);
        }
        values.extend([0.0, 0.0, 0.0, 5.0, f32::NEG_INFINITY, 0.5]);
        let mut stats = ValueStats::default();
        stats.add(&values, 3);
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut from_bytes = ValueStats::default();
        from_bytes.add_f32_le(&bytes[..120], 3);
        let mut rest = ValueStats::default();
        rest.add_f32_le(&bytes[120..], 3);
        from_bytes.merge(&rest);
        assert_eq!(stats.missing(3), from_bytes.missing(3));
        assert_eq!(stats.with_confidence(3), from_bytes.with_confidence(3));
        assert_eq!((stats.low, stats.high), (from_bytes.low, from_bytes.high));
        assert!(from_bytes.zero_count_pending());
        from_bytes.set_zero_points(ValueStats::zero_points_f32_le(&bytes));
        assert_eq!(stats, from_bytes);
        assert_eq!(
            stats.missing(2),
            Missing {
                total: 47,
                nan: 2,
                zero_xy: 4
            }
        );
        assert_eq!(
            stats.missing(3),
            Missing {
                total: 47,
                nan: 3,
                zero_xy: 0
            }
        );
        assert!(stats.with_confidence(3), "x spans 40, z within [0, 1]");
        assert!(!stats.with_confidence(2));
        // Two channels: the zeros are counted in the same pass.
        let two: Vec<f32> = values.chunks_exact(3).flat_map(|p| [p[0], p[1]]).collect();
        let bytes: Vec<u8> = two.iter().flat_map(|v| v.to_le_bytes()).collect();
        let (mut a, mut b) = (ValueStats::default(), ValueStats::default());
        a.add(&two, 2);
        b.add_f32_le(&bytes, 2);
        assert_eq!(a, b);
    }
}
