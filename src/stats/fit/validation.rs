//! Out-of-sample validation of fitted weights: the splits (stratified k-fold, and out-of-time by
//! cohort), the shrinkage strength chosen by an inner cross-validation on each training part only
//! (nested, so the test part never tunes anything), and the four weightings compared on the same
//! test parts: fitted, the thesis's, equal, and the best single lens on the training part.

use super::ordinal::{self, Sample, Shrinkage};
use super::{FitOptions, Weighting, Weighting::*};
use crate::stats::rank::spearman;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// The shrinkage strengths cross-validation chooses from: none up to nearly the thesis's weights.
pub(super) const STRENGTHS: [f64; 8] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

/// Folds of the inner cross-validation that chooses the strength within a training part.
const INNER_FOLDS: usize = 3;

/// A training part and the part held out to test on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// `folds` folds of `rows`, stratified by outcome category: each category's rows are shuffled by
/// `seed` and dealt round the folds, so every fold holds each level in about its share.
pub(super) fn k_fold(sample: &Sample, rows: &[usize], folds: usize, seed: u64) -> Vec<Split> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; rows.len()];
    let mut dealt = 0;
    for category in 0..sample.levels {
        let mut members: Vec<usize> = (0..rows.len())
            .filter(|&slot| sample.category(rows[slot]) == category)
            .collect();
        members.shuffle(&mut rng);
        for slot in members {
            fold_of[slot] = dealt % folds;
            dealt += 1;
        }
    }
    (0..folds)
        .map(|fold| {
            let (test, train): (Vec<usize>, Vec<usize>) =
                (0..rows.len()).partition(|&slot| fold_of[slot] == fold);
            Split {
                train: train.into_iter().map(|slot| rows[slot]).collect(),
                test: test.into_iter().map(|slot| rows[slot]).collect(),
            }
        })
        .collect()
}

/// Rolling-origin splits by cohort: the companies with a cohort, ordered by it, are cut into
/// `groups` runs of about equal size that never split a cohort; each later run is tested on a model
/// trained on every run before it. Empty when fewer than two runs can be formed.
pub(super) fn out_of_time(cohorts: &[Option<f64>], groups: usize) -> Vec<Split> {
    let mut dated: Vec<(f64, usize)> = cohorts
        .iter()
        .enumerate()
        .filter_map(|(company, cohort)| cohort.map(|cohort| (cohort, company)))
        .collect();
    dated.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut starts = vec![0];
    for group in 1..groups {
        let mut cut = dated.len() * group / groups;
        while cut > 0 && cut < dated.len() && dated[cut].0 == dated[cut - 1].0 {
            cut += 1;
        }
        if cut < dated.len() && cut > *starts.last().unwrap_or(&0) {
            starts.push(cut);
        }
    }
    starts.push(dated.len());
    let companies: Vec<usize> = dated.iter().map(|&(_, company)| company).collect();
    (1..starts.len() - 1)
        .map(|run| Split {
            train: companies[..starts[run]].to_vec(),
            test: companies[starts[run]..starts[run + 1]].to_vec(),
        })
        .collect()
}

/// The strength with the lowest mean held-out loss over `folds` stratified folds of `rows`; a tie
/// goes to the stronger shrinkage.
pub(super) fn choose_strength(
    sample: &Sample,
    rows: &[usize],
    toward: &[f64],
    folds: usize,
    seed: u64,
) -> f64 {
    let splits = k_fold(sample, rows, folds, seed);
    let losses: Vec<f64> = STRENGTHS
        .par_iter()
        .map(|&strength| {
            let shrinkage = Shrinkage { strength, toward };
            splits
                .iter()
                .map(|split| {
                    let model = ordinal::fit(sample, &split.train, shrinkage);
                    ordinal::mean_loss(&model, sample, &split.test) * split.test.len() as f64
                })
                .sum::<f64>()
        })
        .collect();
    let mut best = 0;
    for (index, loss) in losses.iter().enumerate() {
        if *loss <= losses[best] + 1e-12 {
            best = index;
        }
    }
    STRENGTHS[best]
}

/// Each weighting's total for every tested company (`None` for a company in no test part), in
/// the order of [`Weighting::ALL`].
pub(super) struct HeldOut {
    pub totals: [Vec<Option<f64>>; 4],
}

/// Fits on each split's training part, shrunk `toward` (choosing the strength there, unless one is
/// given), and predicts its test part
/// under each weighting.
pub(super) fn predict_held_out(
    sample: &Sample,
    splits: &[Split],
    [toward, thesis]: [&[f64]; 2],
    options: &FitOptions,
) -> HeldOut {
    let per_split: Vec<[Vec<f64>; 4]> = splits
        .par_iter()
        .enumerate()
        .map(|(index, split)| {
            let inner_seed = options.seed.wrapping_add(1 + index as u64);
            let folds = INNER_FOLDS.min(split.train.len());
            let strength = options.strength.unwrap_or_else(|| {
                choose_strength(sample, &split.train, toward, folds, inner_seed)
            });
            let fitted = ordinal::fit(sample, &split.train, Shrinkage { strength, toward }).weights;
            let single = best_single_lens(sample, &split.train);
            Weighting::ALL.map(|weighting| {
                let weights = weights_for(weighting, &fitted, thesis, single);
                (split.test.iter())
                    .map(|&company| sample.total(company, &weights))
                    .collect()
            })
        })
        .collect();
    let mut totals: [Vec<Option<f64>>; 4] = Default::default();
    for (slot, all) in totals.iter_mut().enumerate() {
        *all = vec![None; sample.len()];
        for (split, predicted) in splits.iter().zip(&per_split) {
            for (&company, &total) in split.test.iter().zip(&predicted[slot]) {
                all[company] = Some(total);
            }
        }
    }
    HeldOut { totals }
}

/// The weights of one of [`Weighting::ALL`] on a split. Given weights are judged outside the
/// splits, having nothing to learn; here they would be the thesis's.
fn weights_for(weighting: Weighting, fitted: &[f64], thesis: &[f64], single: usize) -> Vec<f64> {
    let lenses = thesis.len();
    match weighting {
        Fitted => fitted.to_vec(),
        Thesis | Given => thesis.to_vec(),
        Equal => vec![1.0 / lenses as f64; lenses],
        BestSingleLens => (0..lenses)
            .map(|k| f64::from(u8::from(k == single)))
            .collect(),
    }
}

/// The lens whose scores have the highest Spearman correlation with the outcome levels over
/// `rows`; the first such lens on a tie or where none is defined.
pub(super) fn best_single_lens(sample: &Sample, rows: &[usize]) -> usize {
    let levels: Vec<f64> = rows
        .iter()
        .map(|&company| sample.category(company) as f64)
        .collect();
    let mut best = (0, f64::NEG_INFINITY);
    for lens in 0..sample.lenses {
        let scores: Vec<f64> = rows
            .iter()
            .map(|&company| sample.row(company)[lens])
            .collect();
        let rho = spearman(&scores, &levels).unwrap_or(f64::NEG_INFINITY);
        if rho > best.1 {
            best = (lens, rho);
        }
    }
    best.0
}
