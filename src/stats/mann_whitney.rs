//! The two-sided Mann–Whitney U test as SciPy's `mannwhitneyu` computes it by default. statrs's
//! version first checks every pair of values for comparability, which is quadratic: the backtest of
//! a million generated companies never finished. Up to [`STATRS_MOST`] values the test is statrs's
//! (which picks the exact distribution for small samples without ties, as SciPy does); beyond, it
//! is the normal approximation with the tie correction and the continuity correction, from average
//! ranks in O(n log n). SciPy uses that approximation whenever values tie, which outcome levels,
//! taking a handful of values, always do at that size.

use super::rank::average_ranks;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::stats_tests::Alternative;
use statrs::stats_tests::mannwhitneyu::{MannWhitneyUMethod, mannwhitneyu};

/// The most values (both samples together) handed to statrs: its pair check then costs at most two
/// million comparisons.
const STATRS_MOST: usize = 2_000;

/// The two-sided p-value; `None` for an empty sample or an undefined result.
pub(super) fn mann_whitney_p(x: &[f64], y: &[f64]) -> Option<f64> {
    let p = if x.len() + y.len() <= STATRS_MOST {
        mannwhitneyu(x, y, MannWhitneyUMethod::Automatic, Alternative::TwoSided)
            .ok()?
            .1
    } else {
        asymptotic_p(x, y)?
    };
    p.is_finite().then_some(p)
}

/// The normal approximation: `z = (max(U₁, U₂) − n₁n₂/2 − 1/2) / σ`, with
/// `σ² = n₁n₂/12 · (n + 1 − Σ(t³ − t) / (n(n − 1)))` over the tied groups `t`, and `p = 2·P(Z > z)`.
fn asymptotic_p(x: &[f64], y: &[f64]) -> Option<f64> {
    let (n1, n2) = (x.len(), y.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let all: Vec<f64> = x.iter().chain(y).copied().collect();
    let ranks = average_ranks(&all);
    let rank_sum: f64 = ranks[..n1].iter().sum();
    let u1 = rank_sum - (n1 * (n1 + 1)) as f64 / 2.0;
    let u2 = (n1 * n2) as f64 - u1;
    let mut sorted = all;
    sorted.sort_by(f64::total_cmp);
    let mut tie_term = 0.0;
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && sorted[end] == sorted[start] {
            end += 1;
        }
        let t = (end - start) as f64;
        tie_term += t * t * t - t;
        start = end;
    }
    let (n1, n2) = (n1 as f64, n2 as f64);
    let n = n1 + n2;
    let sigma = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
    let z = (u1.max(u2) - n1 * n2 / 2.0 - 0.5) / sigma;
    let normal = Normal::standard();
    Some((2.0 * normal.sf(z)).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Below the cut-over both ways agree: statrs (asymptotic, as the values tie) and ours.
    #[test]
    fn the_approximation_is_the_one_statrs_and_scipy_use_when_values_tie() {
        let levels = [0.0, 2.0, 3.0, 4.0];
        for (n1, n2, step) in [(300, 700, 3), (50, 900, 7), (600, 600, 5)] {
            let x: Vec<f64> = (0..n1).map(|i| levels[(i * step) % 4]).collect();
            let y: Vec<f64> = (0..n2).map(|i| levels[(i * step + i / 3) % 4]).collect();
            let theirs = mannwhitneyu(
                &x,
                &y,
                MannWhitneyUMethod::AsymptoticInclContinuityCorrection,
                Alternative::TwoSided,
            )
            .unwrap()
            .1;
            let ours = asymptotic_p(&x, &y).unwrap();
            assert!(
                (ours - theirs).abs() < 1e-12,
                "{n1}, {n2}: {ours} against {theirs}"
            );
        }
    }

    /// SciPy 1.17.1: `mannwhitneyu([0, 2, 3, 4] * 600, [0, 0, 2, 3] * 400).pvalue`, far in the
    /// tail, where `1 − cdf` would give 0.
    #[test]
    fn a_large_tied_sample_matches_scipy() {
        let x: Vec<f64> = (0..2400).map(|i| [0.0, 2.0, 3.0, 4.0][i % 4]).collect();
        let y: Vec<f64> = (0..1600).map(|i| [0.0, 0.0, 2.0, 3.0][i % 4]).collect();
        let p = mann_whitney_p(&x, &y).unwrap();
        let scipy = 1.865_507_444_810_315_6e-97;
        assert!((p / scipy - 1.0).abs() < 1e-6, "{p}");
    }
}
