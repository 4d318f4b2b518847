//! Axis ticks: round values across a range, written short.

use crate::report::format_number;

/// Tick positions at a round step (1, 2 or 5 times a power of ten) giving four to ten ticks.
pub(super) fn ticks((lo, hi): (f64, f64)) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let magnitude = 10f64.powf((span / 5.0).log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * magnitude)
        .find(|step| span / step <= 6.0)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick value without trailing zeros: `0`, `0.25`, `-1`.
pub(super) fn format_tick(value: f64) -> String {
    let text = format_number(value);
    let trimmed = text.trim_end_matches('0');
    trimmed.strip_suffix('.').unwrap_or(trimmed).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_steps() {
        let cases: &[((f64, f64), &[f64])] = &[
            ((0.0, 1.0), &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            ((-1.5, 2.0), &[-1.0, 0.0, 1.0, 2.0]),
            ((0.0, 50.0), &[0.0, 10.0, 20.0, 30.0, 40.0, 50.0]),
        ];
        for (range, expected) in cases {
            let found = ticks(*range);
            assert_eq!(found.len(), expected.len(), "{range:?}: {found:?}");
            for (a, b) in found.iter().zip(*expected) {
                assert!((a - b).abs() < 1e-9, "{range:?}: {found:?}");
            }
        }
    }

    #[test]
    fn tick_labels_are_short() {
        for (value, expected) in [
            (0.0, "0"),
            (0.25, "0.25"),
            (0.4, "0.4"),
            (10.0, "10"),
            (-1.0, "-1"),
        ] {
            assert_eq!(format_tick(value), expected);
        }
    }
}
