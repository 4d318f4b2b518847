//! Normalizations that put a criterion's values on a common scale: fitted on the ranked companies,
//! then applied to any value (so companies outside the ranking can be placed on the same scale).

use crate::thesis::Normalization;

/// A fitted normalization: `score = (value - offset) / scale`, or `constant` when the fitted values
/// do not vary (min-max gives 0.5, z-score 0; vector of all zeros gives 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub kind: Normalization,
    pub offset: f64,
    pub scale: f64,
    pub constant: Option<f64>,
}

impl Scale {
    /// Fits on the values present; `None` values are skipped. The values are gone through once per
    /// statistic rather than collected, so that a million of them need no copy.
    pub fn fit<I>(kind: Normalization, values: I) -> Scale
    where
        I: IntoIterator<Item = Option<f64>>,
        I::IntoIter: Clone,
    {
        let values = values.into_iter();
        let present = || values.clone().flatten();
        let (offset, scale) = match kind {
            Normalization::None => (0.0, 1.0),
            Normalization::MinMax => {
                let extremes = (f64::INFINITY, f64::NEG_INFINITY);
                let (min, max) = present().fold(extremes, |(min, max), value| {
                    (min.min(value), max.max(value))
                });
                (min, max - min)
            }
            Normalization::ZScore => {
                let count = present().count() as f64;
                let mean = present().sum::<f64>() / count;
                let variance = present().map(|value| (value - mean).powi(2)).sum::<f64>() / count;
                (mean, variance.sqrt())
            }
            Normalization::Vector => (
                0.0,
                present().map(|value| value * value).sum::<f64>().sqrt(),
            ),
        };
        let varies = scale.is_finite() && scale > 0.0;
        let constant = match kind {
            _ if varies || kind == Normalization::None => None,
            Normalization::MinMax => Some(0.5),
            _ => Some(0.0),
        };
        Scale {
            kind,
            offset,
            scale,
            constant,
        }
    }

    pub fn apply(&self, value: f64) -> f64 {
        self.constant.unwrap_or((value - self.offset) / self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(kind: Normalization, values: &[Option<f64>]) -> Vec<Option<f64>> {
        let scale = Scale::fit(kind, values.iter().copied());
        values
            .iter()
            .map(|value| value.map(|v| scale.apply(v)))
            .collect()
    }

    fn assert_close(actual: &[Option<f64>], expected: &[Option<f64>]) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            match (a, e) {
                (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{actual:?} != {expected:?}"),
                _ => assert_eq!(a, e),
            }
        }
    }

    #[test]
    fn each_normalization_against_hand_computed_values() {
        let values = [Some(2.0), Some(4.0), None, Some(8.0)];
        // mean 14/3, population sd sqrt(56/9) = 2.494438..., vector norm sqrt(84) = 9.165151...
        let sd = (56.0_f64 / 9.0).sqrt();
        let norm = 84.0_f64.sqrt();
        let cases = [
            (Normalization::None, [Some(2.0), Some(4.0), None, Some(8.0)]),
            (
                Normalization::MinMax,
                [Some(0.0), Some(1.0 / 3.0), None, Some(1.0)],
            ),
            (
                Normalization::ZScore,
                [
                    Some((2.0 - 14.0 / 3.0) / sd),
                    Some((4.0 - 14.0 / 3.0) / sd),
                    None,
                    Some((8.0 - 14.0 / 3.0) / sd),
                ],
            ),
            (
                Normalization::Vector,
                [Some(2.0 / norm), Some(4.0 / norm), None, Some(8.0 / norm)],
            ),
        ];
        for (kind, expected) in cases {
            assert_close(&normalize(kind, &values), &expected);
        }
    }

    #[test]
    fn constant_values_get_a_documented_constant() {
        let values = [Some(3.0), Some(3.0)];
        let cases = [
            (Normalization::MinMax, 0.5),
            (Normalization::ZScore, 0.0),
            (Normalization::None, 3.0),
        ];
        for (kind, expected) in cases {
            assert_close(&normalize(kind, &values), &[Some(expected), Some(expected)]);
        }
        assert_close(
            &normalize(Normalization::Vector, &[Some(0.0), Some(0.0)]),
            &[Some(0.0), Some(0.0)],
        );
    }
}
