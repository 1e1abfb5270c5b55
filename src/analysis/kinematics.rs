//! Speeds and accelerations of sampled positions and angles, by central differences.
//!
//! Units follow the input: positions in the clip's units give speeds in units per second;
//! angles in radians give angular velocities in rad/s. A derivative at a sample whose neighbours
//! are missing is missing (NaN); the first and last samples use one-sided differences.

/// The first derivative of `signal` sampled at `rate_hz`, per second.
#[must_use]
pub fn derivative(signal: &[f32], rate_hz: f64) -> Vec<f32> {
    let n = signal.len();
    let dt = 1.0 / rate_hz;
    (0..n)
        .map(|i| {
            let at = |k: usize| {
                signal
                    .get(k)
                    .copied()
                    .filter(|v| v.is_finite())
                    .map(f64::from)
            };
            let value = match (i.checked_sub(1).and_then(at), at(i + 1)) {
                (Some(prev), Some(next)) => (next - prev) / (2.0 * dt),
                (None, Some(next)) => at(i).map_or(f64::NAN, |here| (next - here) / dt),
                (Some(prev), None) => at(i).map_or(f64::NAN, |here| (here - prev) / dt),
                (None, None) => f64::NAN,
            };
            value as f32
        })
        .collect()
}

/// The speed (magnitude of the velocity) of a point track `[x, y, z]` per sample.
#[must_use]
pub fn speed(track: &[[f32; 3]], rate_hz: f64) -> Vec<f32> {
    let axis = |d: usize| -> Vec<f32> { track.iter().map(|p| p[d]).collect() };
    let (vx, vy, vz) = (
        derivative(&axis(0), rate_hz),
        derivative(&axis(1), rate_hz),
        derivative(&axis(2), rate_hz),
    );
    vx.iter()
        .zip(&vy)
        .zip(&vz)
        .map(|((x, y), z)| (x * x + y * y + z * z).sqrt())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivative_of_a_line_and_a_parabola() {
        let rate = 10.0;
        let line: Vec<f32> = (0..5).map(|i| 3.0 * i as f32 / 10.0).collect();
        assert!(
            derivative(&line, rate)
                .iter()
                .all(|v| (v - 3.0).abs() < 1e-4)
        );
        // x = t^2 → v = 2t, exact for central differences.
        let parabola: Vec<f32> = (0..5).map(|i| (i as f32 / 10.0).powi(2)).collect();
        let v = derivative(&parabola, rate);
        assert!((v[2] - 0.4).abs() < 1e-5);
    }

    #[test]
    fn missing_neighbours_give_missing_speed() {
        let signal = [0.0, f32::NAN, 2.0, 3.0];
        let v = derivative(&signal, 1.0);
        assert!(v[0].is_nan());
        assert!((v[2] - 1.0).abs() < 1e-6, "one-sided at a gap edge");
        assert!((v[3] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn speed_is_the_velocity_magnitude() {
        let track: Vec<[f32; 3]> = (0..4)
            .map(|i| [3.0 * i as f32, 4.0 * i as f32, 0.0])
            .collect();
        assert!(speed(&track, 1.0).iter().all(|v| (v - 5.0).abs() < 1e-5));
    }
}
