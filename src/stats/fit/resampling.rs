//! The resampling behind `thesis fit`'s uncertainty: the paired permutation test of the fitted
//! weights' gain over the thesis's, and bootstrap intervals of each fitted weight. Every draw comes
//! from its own seeded stream, so the numbers do not depend on the number of threads.

use super::FitOptions;
use super::ordinal::{self, Sample, Shrinkage};
use crate::stats::rank::{average_ranks, pearson, quantile_sorted};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Permutations are drawn in blocks of this many, each from its own random stream, so the
/// p-value does not depend on how blocks are spread over threads.
const BLOCK: usize = 64;

/// The paired permutation test of Venkatraman and Begg for two scores of the same companies: each
/// score is turned into ranks, and under the null hypothesis that the two rank the outcome equally
/// well, swapping a company's two ranks changes nothing. The gain is rho(fitted) − rho(thesis); p is
/// the share of random swaps with a gain at least as large, counting the data itself.
pub(super) fn gain_p_value(
    fitted: &[f64],
    thesis: &[f64],
    levels: &[f64],
    options: &FitOptions,
) -> Option<f64> {
    if options.permutations == 0 {
        return None;
    }
    let (fitted, thesis, levels) = (
        average_ranks(fitted),
        average_ranks(thesis),
        average_ranks(levels),
    );
    let observed = pearson(&fitted, &levels)? - pearson(&thesis, &levels)?;
    let blocks = options.permutations.div_ceil(BLOCK);
    let hits: usize = (0..blocks)
        .into_par_iter()
        .map(|block| {
            let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
            rng.set_stream(1_000 + block as u64);
            let draws = BLOCK.min(options.permutations - block * BLOCK);
            let (mut one, mut other) = (fitted.clone(), thesis.clone());
            let mut hits = 0;
            for _ in 0..draws {
                for company in 0..fitted.len() {
                    let swap = rng.random::<bool>();
                    (one[company], other[company]) = if swap {
                        (thesis[company], fitted[company])
                    } else {
                        (fitted[company], thesis[company])
                    };
                }
                let gain =
                    pearson(&one, &levels).unwrap_or(0.0) - pearson(&other, &levels).unwrap_or(0.0);
                hits += usize::from(gain >= observed - 1e-12);
            }
            hits
        })
        .sum();
    Some((1 + hits) as f64 / (1 + options.permutations) as f64)
}

/// Percentile intervals of each weight over bootstrap refits at the chosen strength, each resample
/// drawn from its own stream.
pub(super) fn bootstrap_intervals(
    sample: &Sample,
    shrinkage: Shrinkage<'_>,
    options: &FitOptions,
) -> Option<Vec<(f64, f64)>> {
    if options.resamples == 0 {
        return None;
    }
    let n = sample.len();
    let refits: Vec<Vec<f64>> = (0..options.resamples)
        .into_par_iter()
        .map(|resample| {
            let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
            rng.set_stream(10_000 + resample as u64);
            let rows: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            ordinal::fit(sample, &rows, shrinkage).weights
        })
        .collect();
    let tail = (1.0 - options.confidence) / 2.0;
    (0..sample.lenses)
        .map(|lens| {
            let mut values: Vec<f64> = refits.iter().map(|weights| weights[lens]).collect();
            values.sort_by(f64::total_cmp);
            Some((
                quantile_sorted(&values, tail)?,
                quantile_sorted(&values, 1.0 - tail)?,
            ))
        })
        .collect()
}
