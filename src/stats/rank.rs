//! Rank statistics between a score and an outcome, from their textbook definitions with ties handled
//! as `SciPy` and scikit-learn do by default: average ranks, Spearman's rho, Kendall's tau-b, ROC AUC,
//! and precision at k. Each returns `None` where the statistic is undefined (too few values, or one
//! side constant), as `SciPy` returns NaN.

use std::cmp::Ordering;

/// Ranks from 1; tied values share the mean of the ranks they span (`SciPy`'s `rankdata`, "average").
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1..=end; their mean is (start + 1 + end) / 2.
        let shared = (start + 1 + end) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = shared;
        }
        start = end;
    }
    ranks
}

/// Pearson's correlation coefficient.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let mean = |values: &[f64]| values.iter().sum::<f64>() / n as f64;
    let (mean_x, mean_y) = (mean(x), mean(y));
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mean_x, b - mean_y);
        xy += dx * dy;
        xx += dx * dx;
        yy += dy * dy;
    }
    (xx > 0.0 && yy > 0.0).then(|| (xy / (xx * yy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rho: Pearson's correlation of the average ranks.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Kendall's tau-b: (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)), where n0 counts all pairs
/// and n1, n2 the pairs tied in x and in y. Pairs tied in either count as neither. Knight's
/// algorithm, O(n log n): sort by x then y, and count the discordant pairs as the swaps a merge sort
/// by y makes; concordant − discordant = n0 − n1 − n2 + n3 − 2 · swaps, n3 counting pairs tied in both.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let mut pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let tied_x = tied_pairs(&pairs, |a, b| a.0.total_cmp(&b.0).is_eq());
    let tied_both = tied_pairs(&pairs, |a, b| {
        a.0.total_cmp(&b.0).is_eq() && a.1.total_cmp(&b.1).is_eq()
    });
    let mut ys: Vec<f64> = pairs.iter().map(|pair| pair.1).collect();
    let swaps = merge_sort_counting_swaps(&mut ys, &mut vec![0.0; n]);
    let tied_y = tied_pairs(&ys, |a, b| a.total_cmp(b).is_eq());
    let all = (n * (n - 1) / 2) as u64;
    let score = all as i64 - tied_x as i64 - tied_y as i64 + tied_both as i64 - 2 * swaps as i64;
    let denominator = ((all - tied_x) as f64 * (all - tied_y) as f64).sqrt();
    (denominator > 0.0).then(|| (score as f64 / denominator).clamp(-1.0, 1.0))
}

/// Pairs within runs of neighbours that `same` holds for, in a sorted slice.
fn tied_pairs<T>(sorted: &[T], same: impl Fn(&T, &T) -> bool) -> u64 {
    let (mut pairs, mut run) = (0u64, 1u64);
    for index in 1..=sorted.len() {
        if index < sorted.len() && same(&sorted[index - 1], &sorted[index]) {
            run += 1;
        } else {
            pairs += run * (run - 1) / 2;
            run = 1;
        }
    }
    pairs
}

/// Sorts `values` (stable, by `total_cmp`) and returns how many pairs were out of order.
fn merge_sort_counting_swaps(values: &mut [f64], scratch: &mut [f64]) -> u64 {
    let n = values.len();
    if n < 2 {
        return 0;
    }
    let middle = n / 2;
    let mut swaps = merge_sort_counting_swaps(&mut values[..middle], &mut scratch[..middle])
        + merge_sort_counting_swaps(&mut values[middle..], &mut scratch[middle..]);
    let (mut left, mut right) = (0, middle);
    for slot in &mut scratch[..n] {
        if right >= n || (left < middle && values[left].total_cmp(&values[right]).is_le()) {
            *slot = values[left];
            left += 1;
        } else {
            *slot = values[right];
            swaps += (middle - left) as u64;
            right += 1;
        }
    }
    values.copy_from_slice(&scratch[..n]);
    swaps
}

/// The area under the ROC curve: the chance that a random success scores above a random failure,
/// a tie counting one half. Computed as the Mann–Whitney U of the successes (the sum of their
/// average ranks less its least value) over the product of the group sizes, in O(n log n); each
/// rank is a multiple of one half, so the sum is exact.
pub fn roc_auc(scores: &[f64], success: &[bool]) -> Option<f64> {
    let positives = success.iter().filter(|&&positive| positive).count();
    let negatives = success.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let ranks = average_ranks(scores);
    let rank_sum: f64 = (ranks.iter().zip(success))
        .filter(|&(_, &positive)| positive)
        .map(|(rank, _)| rank)
        .sum();
    let least = (positives * (positives + 1)) as f64 / 2.0;
    Some((rank_sum - least) / (positives as f64 * negatives as f64))
}

/// The share of successes among the k best scores. When companies tie at the cut-off, the places
/// left go to them in proportion: the expected precision over every order of the tied companies.
pub fn precision_at_k(scores: &[f64], success: &[bool], k: usize) -> Option<f64> {
    let k = k.min(scores.len());
    if k == 0 {
        return None;
    }
    let mut sorted: Vec<f64> = scores.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let cut = sorted[k - 1];
    let (mut above, mut above_successes, mut tied, mut tied_successes) = (0, 0, 0, 0);
    for (score, &hit) in scores.iter().zip(success) {
        match score.total_cmp(&cut) {
            Ordering::Greater => {
                above += 1;
                above_successes += usize::from(hit);
            }
            Ordering::Equal => {
                tied += 1;
                tied_successes += usize::from(hit);
            }
            Ordering::Less => {}
        }
    }
    let from_ties = (k - above) as f64 * tied_successes as f64 / tied as f64;
    Some((above_successes as f64 + from_ties) / k as f64)
}

/// The q-quantile of sorted values, interpolating linearly between order statistics (Hyndman–Fan
/// type 7, numpy's default).
pub(super) fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let fraction = position - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook definition, pair by pair: the reference Knight's algorithm must equal.
    fn kendall_by_pairs(x: &[f64], y: &[f64]) -> Option<f64> {
        let n = x.len();
        let (mut score, mut tied_x, mut tied_y) = (0i64, 0u64, 0u64);
        for i in 0..n {
            for j in i + 1..n {
                let sx = x[i].total_cmp(&x[j]) as i64;
                let sy = y[i].total_cmp(&y[j]) as i64;
                score += sx * sy;
                tied_x += u64::from(sx == 0);
                tied_y += u64::from(sy == 0);
            }
        }
        let pairs = (n * n.saturating_sub(1) / 2) as u64;
        let denominator = ((pairs - tied_x) as f64 * (pairs - tied_y) as f64).sqrt();
        (n >= 2 && denominator > 0.0).then(|| (score as f64 / denominator).clamp(-1.0, 1.0))
    }

    proptest! {
        #[test]
        fn knight_equals_the_pairwise_definition_to_the_bit(
            pairs in prop::collection::vec((0u8..6, 0u8..6), 0..80)
        ) {
            let x: Vec<f64> = pairs.iter().map(|pair| f64::from(pair.0)).collect();
            let y: Vec<f64> = pairs.iter().map(|pair| f64::from(pair.1) * 0.5).collect();
            prop_assert_eq!(
                kendall_tau_b(&x, &y).map(f64::to_bits),
                kendall_by_pairs(&x, &y).map(f64::to_bits)
            );
        }
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("defined");
        assert!(
            (actual - expected).abs() < 1e-12,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn ties_share_the_mean_of_their_ranks() {
        assert_eq!(
            average_ranks(&[5.0, 6.0, 7.0, 8.0, 7.0]),
            [1.0, 2.0, 3.5, 5.0, 3.5]
        );
        assert_eq!(average_ranks(&[2.0, 2.0, 2.0]), [2.0, 2.0, 2.0]);
        assert!(average_ranks(&[]).is_empty());
    }

    /// `SciPy`'s documented example. Ranks of y are 1, 2, 3.5, 5, 3.5; deviations from the mean rank 3
    /// are (-2,-1,0,1,2) and (-2,-1,.5,2,.5): products sum to 8, squares to 10 and 9.5, so
    /// rho = 8 / sqrt(95).
    #[test]
    fn spearman_with_ties_matches_the_hand_computation() {
        close(
            spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0]),
            8.0 / 95f64.sqrt(),
        );
    }

    #[test]
    fn correlations_of_monotone_and_constant_series() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let cases: [(&[f64], Option<f64>); 3] = [
            (&[10.0, 20.0, 30.0, 400.0], Some(1.0)),
            (&[4.0, 3.0, 2.0, 1.0], Some(-1.0)),
            (&[7.0, 7.0, 7.0, 7.0], None),
        ];
        for (y, expected) in cases {
            assert_eq!(spearman(&x, y), expected, "{y:?}");
            assert_eq!(kendall_tau_b(&x, y), expected, "{y:?}");
        }
        assert_eq!(spearman(&[1.0], &[1.0]), None);
    }

    /// `SciPy`'s documented example. Of the 10 pairs, 2 are concordant and 6 discordant; 2 are tied in
    /// x (12,12 and 2,2) and 1 in y (1,1): tau-b = (2 - 6) / sqrt((10 - 2)(10 - 1)) = -4 / sqrt(72).
    #[test]
    fn kendall_tau_b_with_ties_matches_the_hand_computation() {
        close(
            kendall_tau_b(&[12.0, 2.0, 1.0, 12.0, 2.0], &[1.0, 4.0, 7.0, 1.0, 0.0]),
            -4.0 / 72f64.sqrt(),
        );
    }

    /// Successes score 0.35 and 0.8, failures 0.1 and 0.4: 3 of the 4 pairs are won. With a tie
    /// (success 1 against failure 1) the pair counts one half: (0.5 + 1) / 2.
    #[test]
    fn auc_counts_won_pairs_and_half_the_ties() {
        close(
            roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]),
            0.75,
        );
        close(roc_auc(&[1.0, 1.0, 2.0], &[false, true, true]), 0.75);
        assert_eq!(roc_auc(&[1.0, 2.0], &[true, true]), None);
    }

    /// k = 2: the 3 is above the cut and a success; three companies tie at 2 with one success among
    /// them for the one place left, so precision = (1 + 1/3) / 2.
    #[test]
    fn precision_at_k_shares_the_places_at_a_tied_cut_off() {
        let scores = [3.0, 2.0, 2.0, 2.0, 1.0];
        let success = [true, true, false, false, true];
        close(precision_at_k(&scores, &success, 2), 2.0 / 3.0);
        close(precision_at_k(&scores, &success, 1), 1.0);
        close(precision_at_k(&scores, &success, 9), 0.6);
        assert_eq!(precision_at_k(&[], &[], 3), None);
    }

    #[test]
    fn type_7_quantiles_interpolate_between_order_statistics() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        close(quantile_sorted(&sorted, 0.5), 2.5);
        close(quantile_sorted(&sorted, 0.025), 1.075);
        close(quantile_sorted(&sorted, 1.0), 4.0);
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }
}
