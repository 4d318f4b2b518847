//! Fisher's exact test on a 2×2 table, two-sided, in log space: the p-value is the sum of the
//! hypergeometric probabilities of every table with the same margins no more likely than the one
//! observed (SciPy's definition, with its relative tolerance of 1e-7). statrs's `fishers_exact`
//! underflows on large tables (it gave 0.49 where SciPy gives 1.7e-29 for 18,790 companies).

use statrs::function::gamma::ln_gamma;

/// SciPy's relative tolerance for "no more likely than the table observed".
const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The two-sided p-value of `[a, b, c, d]`, rows `[a, b]` and `[c, d]`.
pub(super) fn fisher_exact(table: [u64; 4]) -> f64 {
    let [a, b, c, d] = table;
    let (row, column, total) = (a + b, a + c, a + b + c + d);
    let ln_choose = |n: u64, k: u64| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    };
    let ln_all = ln_choose(total, column);
    let ln_pmf = |x: u64| ln_choose(row, x) + ln_choose(total - row, column - x) - ln_all;
    let low = column.saturating_sub(total - row);
    let high = row.min(column);
    let observed = ln_pmf(a);
    let bar = observed + RELATIVE_TOLERANCE.ln_1p();
    // Log-sum-exp over the tables no more likely than the one observed.
    let terms: Vec<f64> = (low..=high).map(ln_pmf).filter(|&ln| ln <= bar).collect();
    let most = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if most == f64::NEG_INFINITY {
        return 1.0;
    }
    let sum: f64 = terms.iter().map(|ln| (ln - most).exp()).sum();
    (most + sum.ln()).exp().min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SciPy 1.x `fisher_exact(table, alternative='two-sided').pvalue` for each table.
    const SCIPY: [([u64; 4], f64); 8] = [
        ([2, 0, 0, 1], 0.333_333_333_333_333_3),
        ([8, 2, 1, 5], 0.034_965_034_965_034_975),
        ([11_998, 5_130, 935, 727], 1.746_258_826_760_771_8e-29),
        ([100, 50, 60, 90], 5.659_739_023_312_293e-6),
        ([3, 1, 1, 3], 0.485_714_285_714_285_65),
        ([0, 5, 5, 0], 0.007_936_507_936_507_938),
        ([12, 0, 0, 12], 7.396_023_010_506_79e-7),
        ([500, 480, 470, 520], 0.125_439_605_428_085_85),
    ];

    #[test]
    fn agrees_with_scipy() {
        for (table, expected) in SCIPY {
            let got = fisher_exact(table);
            assert!(
                (got - expected).abs() <= 1e-9 * expected,
                "{table:?}: {got} against SciPy's {expected}"
            );
        }
    }
}
