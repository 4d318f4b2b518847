//! `thesis fit`: lens weights learned from outcomes. The sample is the backtest's (ranked companies
//! with evidence on every lens and a verified final event after the thesis date); each company's
//! outcome level is regressed on its lens scores by an ordinal logistic model (`ordinal.rs`) whose
//! weights stay a thesis's (non-negative, summing to one), shrunk toward the thesis's own weights by
//! a strength cross-validation chooses. The fit is then judged out of sample (`validation.rs`):
//! nested stratified k-fold and, when the companies carry a cohort, out-of-time, against the
//! thesis's, equal and the best single lens's weights on the same test parts, with a paired
//! permutation p-value for the gain over the thesis; bootstrap resamples give each weight an interval
//! (`resampling.rs`). With `points`, the ranged rules' points are fitted first (`points.rs`).

mod ordinal;
mod points;
mod resampling;
mod validation;

pub use points::FittedPoints;

use super::backtest::{BacktestOptions, CompanyOutcome, MIN_EACH_OUTCOME, MIN_SAMPLE, backtest};
use super::partners::PartnerSpread;
use super::rank::{roc_auc, spearman};
use crate::error::{DataProblem, Result};
use crate::model::{Dataset, Outcomes, ValueRef};
use crate::scoring::Scoreboard;
use crate::thesis::Thesis;
use ordinal::{Sample, Shrinkage};
use resampling::{bootstrap_intervals, gain_p_value};

#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Folds of the k-fold validation, and runs of the out-of-time one.
    pub folds: usize,
    /// Seed of the folds, the bootstrap and the permutations.
    pub seed: u64,
    /// Bootstrap refits for the weights' intervals (0 skips them).
    pub resamples: usize,
    /// Paired permutations for the p-value of the gain over the thesis (0 skips it).
    pub permutations: usize,
    /// Coverage of the intervals.
    pub confidence: f64,
    /// Whether companies whose final event is unverified are in the sample.
    pub include_unverified: bool,
    /// The field that dates each company's cohort (a year, or a date), for the out-of-time validation.
    pub cohort: Option<usize>,
    /// A shrinkage strength to use instead of the one cross-validation would choose.
    pub strength: Option<f64>,
    /// A partnership's weights: the fit then shrinks toward their consensus rather than the
    /// thesis's weights, and the consensus and each partner's weights are judged out of sample too.
    pub partners: Option<PartnerSpread>,
    /// Also fit the points of the rules the thesis gives as ranges, within those ranges.
    pub points: bool,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions {
            folds: 5,
            seed: 42,
            resamples: 200,
            permutations: 999,
            confidence: 0.95,
            include_unverified: false,
            cohort: None,
            strength: None,
            partners: None,
            points: false,
        }
    }
}

/// The weights a validation compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weighting {
    Fitted,
    Thesis,
    Equal,
    /// All the weight on the lens that best orders the training part.
    BestSingleLens,
    /// Weights given rather than learned: a partnership's consensus, or one partner's.
    Given,
}

impl Weighting {
    pub const ALL: [Weighting; 4] = [
        Weighting::Fitted,
        Weighting::Thesis,
        Weighting::Equal,
        Weighting::BestSingleLens,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Weighting::Fitted => "fitted",
            Weighting::Thesis => "thesis",
            Weighting::Equal => "equal",
            Weighting::BestSingleLens => "best single lens",
            Weighting::Given => "given",
        }
    }
}

/// One lens's learned weight.
#[derive(Debug, Clone, PartialEq)]
pub struct LensWeight {
    pub criterion: usize,
    pub weight: f64,
    /// The bootstrap percentile interval.
    pub interval: Option<(f64, f64)>,
    /// The thesis's weight, rescaled as the engine rescales the weights to sum to one.
    pub thesis: f64,
}

/// How the companies were split for a validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Scheme {
    KFold {
        folds: usize,
    },
    /// Trained on earlier cohorts, tested on later ones.
    OutOfTime {
        cohort: String,
        runs: usize,
    },
}

/// One weighting judged on the held-out companies.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub weighting: Weighting,
    /// What the row is called: the weighting's name, or `partner Ana`.
    pub label: String,
    /// Spearman's rho between the held-out totals and the outcome levels.
    pub spearman: Option<f64>,
    /// ROC AUC of the held-out totals for success.
    pub auc: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub scheme: Scheme,
    /// Companies tested (each once).
    pub tested: usize,
    /// In the order of [`Weighting::ALL`], then the consensus and each partner when given.
    pub judged: Vec<Judged>,
    /// One-sided paired permutation p-value of the fitted weights' gain in rho over the thesis's.
    pub gain_p_value: Option<f64>,
}

impl Validation {
    pub fn of(&self, weighting: Weighting) -> &Judged {
        &self.judged[Weighting::ALL
            .iter()
            .position(|w| *w == weighting)
            .unwrap_or(0)]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub options: FitOptions,
    pub weights: Vec<LensWeight>,
    /// The shrinkage strength cross-validation chose on the whole sample, or the one given.
    pub strength: f64,
    pub sample: usize,
    pub successes: usize,
    pub failures: usize,
    /// Companies with an outcome left out of the sample (outside the scope, without evidence on
    /// some lens, known by the thesis date, unverified).
    pub left_out: usize,
    /// Companies in the sample without a cohort, left out of the out-of-time validation.
    pub without_cohort: usize,
    pub validations: Vec<Validation>,
    /// With `points`, each ranged rule's fitted points, lens by lens in file order.
    pub points: Vec<FittedPoints>,
}

impl Fit {
    /// Whether the sample is too small to conclude anything: under the backtest's floors, or fewer
    /// than ten successes or failures per lens weighed (the events-per-variable rule).
    pub fn too_small(&self) -> bool {
        let lenses = self.weights.len();
        self.sample < MIN_SAMPLE || self.successes.min(self.failures) < MIN_EACH_OUTCOME * lenses
    }
}

/// Learns the lens weights from `outcomes` and validates them. Fails, naming the outcomes file,
/// when the sample cannot be fitted: fewer than two outcome levels, or fewer companies than twice
/// the folds.
pub fn fit(
    thesis: &Thesis,
    data: &Dataset,
    scores: &Scoreboard,
    outcomes: &Outcomes,
    options: &FitOptions,
) -> Result<Fit> {
    let checked = backtest(
        thesis,
        data,
        scores,
        outcomes,
        &BacktestOptions {
            permutations: 0,
            resamples: 0,
            include_unverified: options.include_unverified,
            ..BacktestOptions::default()
        },
    )?;
    let included: Vec<&CompanyOutcome> = checked.included().collect();
    let drawn = Drawn::of(&included, scores, thesis.criteria.len());
    let Drawn {
        mut sample,
        positions,
        rows,
        categories,
        levels,
    } = drawn;
    let success: Vec<bool> = included.iter().map(|o| o.class.success).collect();
    let cohorts: Vec<Option<f64>> = (included.iter())
        .map(|o| {
            options
                .cohort
                .and_then(|field| cohort(data, o.company, field))
        })
        .collect();
    let folds = options.folds.max(2);
    if sample.levels < 2 || sample.len() < 2 * folds {
        return Err(outcomes.label.error(
            None,
            None,
            DataProblem::Empty(format!(
                "thesis fit needs companies at two outcome levels or more, and at least {} in the \
                 sample (twice the folds); the sample has {} at {} level{}",
                2 * folds,
                sample.len(),
                sample.levels,
                if sample.levels == 1 { "" } else { "s" }
            )),
        ));
    }
    let thesis_weights = thesis.normalized_weights();
    let toward = (options.partners.as_ref())
        .map_or_else(|| thesis_weights.clone(), |spread| spread.consensus.clone());
    let everyone: Vec<usize> = (0..sample.len()).collect();
    let strength = options.strength.unwrap_or_else(|| {
        validation::choose_strength(&sample, &everyone, &toward, folds, options.seed)
    });
    let shrinkage = Shrinkage {
        strength,
        toward: &toward,
    };
    let ranged = (options.points)
        .then(|| {
            let truth = (categories, levels);
            points::RangedRules::new(thesis, scores, positions, rows, truth)
        })
        .flatten();
    let fitted_points = ranged.as_ref().map_or_else(Vec::new, |ranged| {
        let fitted = ranged.fit(shrinkage);
        let at: Vec<f64> = fitted.iter().map(|rule| rule.points).collect();
        sample = ranged.sample_at(&at);
        fitted
    });
    let rows: Vec<usize> = (0..sample.len()).collect();
    let fitted = ordinal::fit(&sample, &rows, shrinkage).weights;
    let intervals = bootstrap_intervals(&sample, shrinkage, options);
    let truth = Truth {
        levels: included.iter().map(|o| o.class.level).collect(),
        success: &success,
    };
    let mut validations = vec![validate(
        &sample,
        &truth,
        &validation::k_fold(&sample, &rows, folds, options.seed),
        Scheme::KFold { folds },
        [&toward[..], &thesis_weights[..]],
        options,
    )];
    let splits = validation::out_of_time(&cohorts, folds);
    if let (Some(field), false) = (options.cohort, splits.is_empty()) {
        let scheme = Scheme::OutOfTime {
            cohort: data.schema.fields()[field].name.clone(),
            runs: splits.len(),
        };
        let weights = [toward.as_slice(), thesis_weights.as_slice()];
        validations.push(validate(&sample, &truth, &splits, scheme, weights, options));
    }
    let successes = success.iter().filter(|s| **s).count();
    Ok(Fit {
        options: options.clone(),
        weights: (0..thesis.criteria.len())
            .map(|criterion| LensWeight {
                criterion,
                weight: fitted[criterion],
                interval: intervals.as_ref().map(|all| all[criterion]),
                thesis: thesis_weights[criterion],
            })
            .collect(),
        strength,
        sample: sample.len(),
        successes,
        failures: sample.len() - successes,
        left_out: checked.companies.len() - sample.len(),
        without_cohort: if options.cohort.is_some() {
            cohorts.iter().filter(|c| c.is_none()).count()
        } else {
            0
        },
        validations,
        points: fitted_points,
    })
}

/// The sample as the model reads it, with what `--points` needs to score it again.
struct Drawn {
    sample: Sample,
    /// Each company's position in the ranking.
    positions: Vec<usize>,
    /// Each company's lens scores.
    rows: Vec<Vec<f64>>,
    /// Each company's outcome category, 0 the lowest level.
    categories: Vec<usize>,
    /// How many distinct outcome levels the sample holds.
    levels: usize,
}

impl Drawn {
    fn of(included: &[&CompanyOutcome], scores: &Scoreboard, lenses: usize) -> Drawn {
        let position: std::collections::HashMap<usize, usize> = (scores.ranking.iter())
            .enumerate()
            .map(|(index, entry)| (entry.company(), index))
            .collect();
        let mut levels: Vec<f64> = included.iter().map(|o| o.class.level).collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        let category = |level: f64| levels.iter().position(|l| *l == level).unwrap_or(0);
        let positions: Vec<usize> = included.iter().map(|o| position[&o.company]).collect();
        let rows: Vec<Vec<f64>> = (positions.iter())
            .map(|&index| {
                let criteria = scores.criteria(&scores.ranking[index]);
                criteria.iter().map(|c| c.score.unwrap_or(0.0)).collect()
            })
            .collect();
        let categories: Vec<usize> = included.iter().map(|o| category(o.class.level)).collect();
        let sample = Sample::new(
            lenses,
            levels.len(),
            rows.iter().cloned().zip(categories.iter().copied()),
        );
        Drawn {
            sample,
            positions,
            rows,
            categories,
            levels: levels.len(),
        }
    }
}

/// A company's cohort: a number (a year) or the year of a date, with its month as a fraction.
fn cohort(data: &Dataset, company: usize, field: usize) -> Option<f64> {
    match data.value(company, field) {
        ValueRef::Number(number) if number.is_finite() => Some(number),
        ValueRef::Text(text) => crate::model::PartialDate::parse(text).map(|date| {
            f64::from(date.year) + date.month.map_or(0.0, |month| f64::from(month - 1) / 12.0)
        }),
        _ => None,
    }
}

/// What happened to each company in the sample.
struct Truth<'a> {
    levels: Vec<f64>,
    success: &'a [bool],
}

fn validate(
    sample: &Sample,
    truth: &Truth<'_>,
    splits: &[validation::Split],
    scheme: Scheme,
    [toward, thesis]: [&[f64]; 2],
    options: &FitOptions,
) -> Validation {
    let held_out = validation::predict_held_out(sample, splits, [toward, thesis], options);
    let tested: Vec<usize> = (0..sample.len())
        .filter(|&company| held_out.totals[0][company].is_some())
        .collect();
    let levels: Vec<f64> = tested.iter().map(|&c| truth.levels[c]).collect();
    let success: Vec<bool> = tested.iter().map(|&c| truth.success[c]).collect();
    let totals: Vec<Vec<f64>> = (held_out.totals.iter())
        .map(|all| tested.iter().filter_map(|&c| all[c]).collect())
        .collect();
    let judged = Weighting::ALL
        .iter()
        .zip(&totals)
        .map(|(&weighting, totals)| Judged {
            weighting,
            label: weighting.as_str().to_string(),
            spearman: spearman(totals, &levels),
            auc: roc_auc(totals, &success),
        })
        .chain(given_weightings(options).map(|(label, weights)| {
            let totals: Vec<f64> = tested.iter().map(|&c| sample.total(c, weights)).collect();
            Judged {
                weighting: Weighting::Given,
                label,
                spearman: spearman(&totals, &levels),
                auc: roc_auc(&totals, &success),
            }
        }))
        .collect();
    Validation {
        scheme,
        tested: tested.len(),
        judged,
        gain_p_value: gain_p_value(&totals[0], &totals[1], &levels, options),
    }
}

/// The partnership's consensus and each partner's weights, named, when partners are given.
fn given_weightings(options: &FitOptions) -> impl Iterator<Item = (String, &[f64])> {
    options.partners.iter().flat_map(|spread| {
        let partners = &spread.partners;
        std::iter::once((
            "partners' consensus".to_string(),
            spread.consensus.as_slice(),
        ))
        .chain(
            (partners.names.iter().zip(&partners.weights))
                .map(|(name, weights)| (format!("partner {name}"), weights.as_slice())),
        )
    })
}
