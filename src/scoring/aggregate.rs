//! Combining criterion values into one total per company: a weighted sum of normalized scores, or
//! TOPSIS (closeness to the ideal company). Criteria with insufficient evidence are left out of a
//! company's total, and the remaining weights are rescaled to sum to one.

/// Turns each score into its share of the weighted-sum total, in place, and returns the total; every
/// share and the total are `None` when no criterion has a score. The tests' statement of the
/// weighted sum, which [`weighted_total`] (ranking) and [`super::Scoreboard::total_from`] (the
/// reports) must match to the bit.
#[cfg(test)]
pub(super) fn contribute(scores: &mut [Option<f64>], weights: &[f64]) -> Option<f64> {
    let available = available_weight(scores.iter().map(Option::is_some), weights);
    if available <= 0.0 {
        scores.fill(None);
        return None;
    }
    for (score, weight) in scores.iter_mut().zip(weights) {
        *score = score.map(|score| share(score, *weight, available));
    }
    Some(scores.iter().flatten().sum())
}

/// A score's additive share of the total, given the weight of the criteria that have a score.
pub(super) fn share(score: f64, weight: f64, available: f64) -> f64 {
    score * weight / available
}

/// The total of [`contribute`], to the last bit, without the contributions: for reweighting many
/// times.
pub fn weighted_total(scores: &[Option<f64>], weights: &[f64]) -> Option<f64> {
    let available = available_weight(scores.iter().map(Option::is_some), weights);
    (available > 0.0).then(|| {
        scores
            .iter()
            .zip(weights)
            .filter_map(|(score, weight)| score.map(|score| share(score, *weight, available)))
            .sum()
    })
}

/// The sum of the weights of the criteria that have a score (`scored`, in criterion order).
pub(super) fn available_weight(scored: impl Iterator<Item = bool>, weights: &[f64]) -> f64 {
    scored
        .zip(weights)
        .filter(|(scored, _)| *scored)
        .map(|(_, weight)| weight)
        .sum()
}

/// A company's TOPSIS distances and closeness coefficient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Topsis {
    pub to_ideal: f64,
    pub to_anti_ideal: f64,
    /// `to_anti_ideal / (to_ideal + to_anti_ideal)`; 0.5 when both are zero.
    pub closeness: f64,
}

/// TOPSIS over a matrix of raw values (`matrix[i][j]`, company i, criterion j), all criteria to be
/// maximized: vector normalization per criterion, weighting, Euclidean distances to the ideal and
/// anti-ideal. A missing value leaves that criterion out of the company's distances; a company with
/// no values gets `None`.
pub fn topsis(matrix: &[Vec<Option<f64>>], weights: &[f64]) -> Vec<Option<Topsis>> {
    topsis_counted(matrix, &|_| 1.0, weights)
}

/// [`topsis`] over distinct rows, row i standing for `count(i)` companies: each row's distances
/// are those it gets in the matrix of every company, where the vector norms count each company.
pub fn topsis_counted(
    matrix: &[Vec<Option<f64>>],
    count: &dyn Fn(usize) -> f64,
    weights: &[f64],
) -> Vec<Option<Topsis>> {
    let criteria = weights.len();
    let norms: Vec<f64> = (0..criteria)
        .map(|j| {
            (matrix.iter().enumerate())
                .filter_map(|(i, row)| Some(count(i) * row[j]? * row[j]?))
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let weighted = |row: &[Option<f64>], j: usize| {
        row[j].map(|value| {
            if norms[j] > 0.0 {
                weights[j] * value / norms[j]
            } else {
                0.0
            }
        })
    };
    let ideal_and_anti: Vec<(f64, f64)> = (0..criteria)
        .map(|j| {
            matrix
                .iter()
                .filter_map(|row| weighted(row, j))
                .fold((f64::NEG_INFINITY, f64::INFINITY), |(max, min), v| {
                    (max.max(v), min.min(v))
                })
        })
        .collect();
    matrix
        .iter()
        .map(|row| {
            let mut present = false;
            let (mut to_ideal, mut to_anti_ideal) = (0.0, 0.0);
            for (j, (ideal, anti_ideal)) in ideal_and_anti.iter().enumerate() {
                if let Some(value) = weighted(row, j) {
                    present = true;
                    to_ideal += (value - ideal).powi(2);
                    to_anti_ideal += (value - anti_ideal).powi(2);
                }
            }
            present.then(|| {
                let (to_ideal, to_anti_ideal) = (to_ideal.sqrt(), to_anti_ideal.sqrt());
                let spread = to_ideal + to_anti_ideal;
                let closeness = if spread > 0.0 {
                    to_anti_ideal / spread
                } else {
                    0.5
                };
                Topsis {
                    to_ideal,
                    to_anti_ideal,
                    closeness,
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The shares [`contribute`] makes of `scores`, and the total it returns.
    fn weighted_sum(scores: &[Option<f64>], weights: &[f64]) -> (Option<f64>, Vec<Option<f64>>) {
        let mut shares = scores.to_vec();
        (contribute(&mut shares, weights), shares)
    }

    #[test]
    fn weighted_sum_by_hand() {
        // 0.5*0.2 + 0.3*1.0 + 0.2*0.6 = 0.52
        let (total, shares) = weighted_sum(&[Some(0.2), Some(1.0), Some(0.6)], &[0.5, 0.3, 0.2]);
        assert!(close(total.unwrap(), 0.52));
        let shares: Vec<f64> = shares.iter().flatten().copied().collect();
        assert!(close(shares[0], 0.1) && close(shares[1], 0.3) && close(shares[2], 0.12));
    }

    #[test]
    fn weighted_sum_rescales_weights_over_the_evidence_present() {
        // Criterion 2 is missing: weights 0.5 and 0.3 rescale to 0.625 and 0.375.
        let (total, shares) = weighted_sum(&[Some(0.2), None, Some(0.6)], &[0.5, 0.2, 0.3]);
        assert!(close(total.unwrap(), 0.625 * 0.2 + 0.375 * 0.6));
        assert_eq!(shares[1], None);
        assert_eq!(
            weighted_sum(&[None, None], &[0.5, 0.5]),
            (None, vec![None, None])
        );
        assert_eq!(weighted_total(&[None, None], &[0.5, 0.5]), None);
    }

    #[test]
    fn weighted_total_is_the_weighted_sum_total_to_the_bit() {
        let cases: [&[Option<f64>]; 4] = [
            &[Some(0.1), Some(0.7), Some(0.3)],
            &[Some(1.0 / 3.0), None, Some(0.9)],
            &[None, Some(0.123456789), None],
            &[Some(0.0), Some(0.0), Some(0.0)],
        ];
        let weights = [0.4, 0.35, 0.25];
        for scores in cases {
            assert_eq!(
                weighted_total(scores, &weights).map(f64::to_bits),
                weighted_sum(scores, &weights).0.map(f64::to_bits),
                "{scores:?}"
            );
        }
    }

    #[test]
    fn topsis_by_hand() {
        // Three companies, two criteria, weights 0.6 / 0.4.
        // Column norms: sqrt(9+16+0)=5 and sqrt(1+4+4)=3.
        // Weighted normalized: A (0.36, 0.1333..), B (0.48, 0.2666..), C (0, 0.2666..).
        // Ideal (0.48, 0.2666..), anti-ideal (0, 0.1333..).
        // A: S+ = sqrt(0.12^2 + 0.1333^2) = 0.179381..., S- = 0.36, C = 0.667423...
        // B: S+ = 0, C = 1.  C: S+ = 0.48, S- = 0.1333.., C = 0.217391...
        let matrix = vec![
            vec![Some(3.0), Some(1.0)],
            vec![Some(4.0), Some(2.0)],
            vec![Some(0.0), Some(2.0)],
        ];
        let result: Vec<Topsis> = topsis(&matrix, &[0.6, 0.4]).into_iter().flatten().collect();
        let s_plus_a = (0.12_f64.powi(2) + (0.4 / 3.0_f64).powi(2)).sqrt();
        assert!(close(result[0].to_ideal, s_plus_a));
        assert!(close(result[0].to_anti_ideal, 0.36));
        assert!(close(result[0].closeness, 0.36 / (0.36 + s_plus_a)));
        assert!(close(result[1].closeness, 1.0));
        let s_minus_c = 0.4 / 3.0;
        assert!(close(result[2].closeness, s_minus_c / (0.48 + s_minus_c)));
        assert!(close(result[2].closeness, 0.217391304347826));
    }

    #[test]
    fn topsis_with_identical_companies_and_missing_values() {
        let same = vec![vec![Some(1.0)], vec![Some(1.0)]];
        assert!(
            topsis(&same, &[1.0])
                .iter()
                .all(|t| t.unwrap().closeness == 0.5)
        );
        let gaps = vec![vec![None, Some(1.0)], vec![None, None]];
        let result = topsis(&gaps, &[0.5, 0.5]);
        assert!(result[0].is_some() && result[1].is_none());
    }

    #[test]
    fn counted_rows_get_the_distances_of_every_company_they_stand_for() {
        let distinct = vec![
            vec![Some(3.0), Some(1.0)],
            vec![Some(4.0), None],
            vec![Some(0.0), Some(2.0)],
            vec![None, None],
        ];
        let counts: [u32; 4] = [3, 1, 2, 4];
        let every: Vec<Vec<Option<f64>>> = (distinct.iter().zip(counts))
            .flat_map(|(row, count)| std::iter::repeat_n(row.clone(), count as usize))
            .collect();
        let weights = [0.7, 0.3];
        let whole = topsis(&every, &weights);
        let counted = topsis_counted(&distinct, &|i| f64::from(counts[i]), &weights);
        let mut first = 0;
        for (i, count) in counts.into_iter().enumerate() {
            let (a, b) = (counted[i], whole[first]);
            assert_eq!(a.is_some(), b.is_some(), "row {i}");
            if let (Some(a), Some(b)) = (a, b) {
                assert!(close(a.closeness, b.closeness), "row {i}: {a:?} {b:?}");
                assert!(close(a.to_ideal, b.to_ideal) && close(a.to_anti_ideal, b.to_anti_ideal));
            }
            first += count as usize;
        }
    }
}
