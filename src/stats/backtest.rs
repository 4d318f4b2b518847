//! The backtest: would the thesis have worked? Joins each ranked company's total to what finally
//! happened to it after the thesis date, and measures the agreement — rank correlations with
//! permutation p-values, ROC AUC and precision at k with seeded bootstrap intervals, and outcome rates
//! per quadrant with Fisher's exact (`fisher.rs`) and Mann–Whitney (`mann_whitney.rs`) tests
//! between the halves of each axis.

use super::fisher::fisher_exact;
use super::mann_whitney::mann_whitney_p;
use super::rank::{kendall_tau_b, precision_at_k, quantile_sorted, roc_auc, spearman};
use crate::error::{DataProblem, Result};
use crate::model::{Dataset, OutcomeEvent, Outcomes, PartialDate};
use crate::scoring::Scoreboard;
use crate::thesis::{OutcomeClass, Thesis};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Below these, the report says plainly that the sample is too small to conclude anything.
pub const MIN_SAMPLE: usize = 30;
pub const MIN_EACH_OUTCOME: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// Seed of the permutations and the bootstrap.
    pub seed: u64,
    /// Random permutations of the outcomes for each p-value.
    pub permutations: usize,
    /// Bootstrap resamples of the companies for each interval.
    pub resamples: usize,
    /// The k of precision at k.
    pub top_k: usize,
    /// Coverage of the bootstrap intervals.
    pub confidence: f64,
    /// Whether companies whose final event is unverified are in the sample.
    pub include_unverified: bool,
}

impl Default for BacktestOptions {
    fn default() -> BacktestOptions {
        BacktestOptions {
            seed: 42,
            permutations: 9_999,
            resamples: 2_000,
            top_k: 5,
            confidence: 0.95,
            include_unverified: false,
        }
    }
}

/// Why a company with an outcome row is not in the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    OutsideScope,
    /// Some criterion has no evidence, so the thesis made no full call on it.
    InsufficientEvidence,
    /// Its final event happened by the thesis date: not something the thesis could predict.
    KnownAtThesisDate,
    /// Its final event has no checked source (the outcomes file marks it unverified).
    Unverified,
}

/// One company with an outcome: its score, its final event and how the thesis reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyOutcome {
    pub company: usize,
    pub rank: Option<usize>,
    pub total: Option<f64>,
    pub quadrant: Option<String>,
    pub event: OutcomeEvent,
    pub class: OutcomeClass,
    pub excluded: Option<Exclusion>,
}

/// A statistic with its bootstrap interval and permutation p-value, each `None` where undefined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    pub value: Option<f64>,
    pub interval: Option<(f64, f64)>,
    pub p_value: Option<f64>,
}

/// Outcomes in one quadrant.
#[derive(Debug, Clone, PartialEq)]
pub struct QuadrantRate {
    pub name: String,
    pub companies: usize,
    pub successes: usize,
    pub mean_level: Option<f64>,
}

/// The two halves of one quadrant axis compared: success rates (Fisher's exact, two-sided) and
/// outcome levels (Mann–Whitney U, two-sided, normal approximation with ties).
#[derive(Debug, Clone, PartialEq)]
pub struct AxisComparison {
    /// The criterion on the axis.
    pub criterion: usize,
    /// Above the threshold, then below.
    pub halves: [Half; 2],
    pub fisher_p: Option<f64>,
    pub mann_whitney_p: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Half {
    /// The pole's name, such as "Painkiller".
    pub name: String,
    pub companies: usize,
    pub successes: usize,
    pub mean_level: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub options: BacktestOptions,
    /// Every company with an outcome row, ranked ones first in rank order.
    pub companies: Vec<CompanyOutcome>,
    pub spearman: Estimate,
    pub kendall: Estimate,
    pub auc: Estimate,
    pub precision_at_k: Estimate,
    pub quadrants: Vec<QuadrantRate>,
    pub axes: Vec<AxisComparison>,
}

impl Backtest {
    /// The companies in the sample: those not left out.
    pub fn included(&self) -> impl Iterator<Item = &CompanyOutcome> {
        self.companies
            .iter()
            .filter(|outcome| outcome.excluded.is_none())
    }

    /// How many companies the sample holds.
    pub fn sample(&self) -> usize {
        self.included().count()
    }

    pub fn successes(&self) -> usize {
        self.included()
            .filter(|outcome| outcome.class.success)
            .count()
    }

    pub fn failures(&self) -> usize {
        self.sample() - self.successes()
    }

    /// Whether the sample is too small for any of these statistics to separate a relation from chance.
    pub fn too_small(&self) -> bool {
        self.sample() < MIN_SAMPLE
            || self.successes() < MIN_EACH_OUTCOME
            || self.failures() < MIN_EACH_OUTCOME
    }
}

/// Joins scores and outcomes and measures their agreement. Fails when a final event has no class in
/// the thesis's outcome scale, naming the line.
pub fn backtest(
    thesis: &Thesis,
    data: &Dataset,
    scores: &Scoreboard,
    outcomes: &Outcomes,
    options: &BacktestOptions,
) -> Result<Backtest> {
    let as_of = PartialDate::parse(&thesis.as_of).expect("the thesis date was validated");
    let ranked: Vec<Option<usize>> = {
        let mut position = vec![None; data.len()];
        for (index, entry) in scores.ranking.iter().enumerate() {
            position[entry.company()] = Some(index);
        }
        position
    };
    let mut companies = Vec::new();
    for event in outcomes.events.iter().filter(|event| event.is_final) {
        let class = thesis.outcome_scale.class_of(&event.event).ok_or_else(|| {
            let known: Vec<&str> = thesis
                .outcome_scale
                .classes
                .keys()
                .map(String::as_str)
                .collect();
            outcomes.label.error(
                Some(event.line),
                Some("event"),
                DataProblem::UnknownReference(format!(
                    "the final event \"{}\" has no class in the thesis's [backtest.outcomes] (it has {})",
                    event.event,
                    known.join(", ")
                )),
            )
        })?;
        let entry = ranked[event.company].map(|index| &scores.ranking[index]);
        let excluded = match entry {
            None => Some(Exclusion::OutsideScope),
            Some(entry) if scores.lacks_evidence(entry) => Some(Exclusion::InsufficientEvidence),
            Some(_) if !event.date.is_after(as_of) => Some(Exclusion::KnownAtThesisDate),
            Some(_) if !event.verified && !options.include_unverified => {
                Some(Exclusion::Unverified)
            }
            Some(_) => None,
        };
        companies.push(CompanyOutcome {
            company: event.company,
            rank: entry.map(super::super::scoring::Ranked::rank),
            total: entry.and_then(|entry| scores.total(entry)),
            quadrant: entry.and_then(|entry| scores.quadrant(entry).map(str::to_string)),
            event: event.clone(),
            class,
            excluded,
        });
    }
    companies.sort_by_key(|outcome| (outcome.rank.is_none(), outcome.rank, outcome.company));
    // A company in the sample has evidence on every lens, so it has a total.
    let sample: Vec<&CompanyOutcome> = companies
        .iter()
        .filter(|outcome| outcome.excluded.is_none())
        .collect();
    let totals: Vec<f64> = sample.iter().filter_map(|outcome| outcome.total).collect();
    let levels: Vec<f64> = sample.iter().map(|outcome| outcome.class.level).collect();
    let success: Vec<bool> = sample.iter().map(|outcome| outcome.class.success).collect();
    let statistics = Statistics::measure(&totals, &levels, &success, options.top_k);
    let p_values = permutation_p_values(&totals, &levels, &success, &statistics, options);
    let intervals = bootstrap_intervals(&totals, &levels, &success, options);
    let estimate = |pick: fn(&Statistics) -> Option<f64>, index: usize| Estimate {
        value: pick(&statistics),
        interval: intervals[index],
        p_value: p_values[index],
    };
    Ok(Backtest {
        options: options.clone(),
        spearman: estimate(|s| s.spearman, 0),
        kendall: estimate(|s| s.kendall, 1),
        auc: estimate(|s| s.auc, 2),
        precision_at_k: estimate(|s| s.precision, 3),
        quadrants: quadrant_rates(thesis, &sample),
        axes: axis_comparisons(thesis, scores, &ranked, &sample),
        companies,
    })
}

/// The four statistics of one sample.
#[derive(Debug, Clone, Copy)]
struct Statistics {
    spearman: Option<f64>,
    kendall: Option<f64>,
    auc: Option<f64>,
    precision: Option<f64>,
}

impl Statistics {
    fn measure(totals: &[f64], levels: &[f64], success: &[bool], k: usize) -> Statistics {
        Statistics {
            spearman: spearman(totals, levels),
            kendall: kendall_tau_b(totals, levels),
            auc: roc_auc(totals, success),
            precision: precision_at_k(totals, success, k),
        }
    }

    fn as_array(self) -> [Option<f64>; 4] {
        [self.spearman, self.kendall, self.auc, self.precision]
    }
}

/// How far each statistic is from what no relation gives, in the direction the test counts:
/// both ways for the correlations and the AUC, upwards for precision at k.
fn extremity(statistics: Statistics) -> [Option<f64>; 4] {
    [
        statistics.spearman.map(f64::abs),
        statistics.kendall.map(f64::abs),
        statistics.auc.map(|auc| (auc - 0.5).abs()),
        statistics.precision,
    ]
}

/// Permutation p-values: the outcomes are shuffled among the companies, and p is the share of
/// shuffles at least as extreme as the data, counting the data itself: (1 + hits) / (1 + shuffles).
fn permutation_p_values(
    totals: &[f64],
    levels: &[f64],
    success: &[bool],
    observed: &Statistics,
    options: &BacktestOptions,
) -> [Option<f64>; 4] {
    let observed = extremity(*observed);
    if options.permutations == 0 || observed.iter().all(Option::is_none) {
        return [None; 4];
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    rng.set_stream(1);
    let mut order: Vec<usize> = (0..totals.len()).collect();
    let (mut shuffled_levels, mut shuffled_success) = (levels.to_vec(), success.to_vec());
    let mut hits = [0usize; 4];
    for _ in 0..options.permutations {
        order.shuffle(&mut rng);
        for (slot, &i) in order.iter().enumerate() {
            (shuffled_levels[slot], shuffled_success[slot]) = (levels[i], success[i]);
        }
        let shuffled = extremity(Statistics::measure(
            totals,
            &shuffled_levels,
            &shuffled_success,
            options.top_k,
        ));
        for (hit, (value, observed)) in hits.iter_mut().zip(shuffled.iter().zip(&observed)) {
            if let (Some(value), Some(observed)) = (value, observed) {
                *hit += usize::from(*value >= observed - 1e-12);
            }
        }
    }
    let total = (options.permutations + 1) as f64;
    let mut p_values = [None; 4];
    for (p_value, (hit, observed)) in p_values.iter_mut().zip(hits.iter().zip(&observed)) {
        *p_value = observed.map(|_| (1 + hit) as f64 / total);
    }
    p_values
}

/// Percentile bootstrap intervals: companies are resampled with replacement, each statistic is
/// measured on every resample where it is defined, and the interval runs between the type-7
/// quantiles at (1 - confidence) / 2 and (1 + confidence) / 2.
fn bootstrap_intervals(
    totals: &[f64],
    levels: &[f64],
    success: &[bool],
    options: &BacktestOptions,
) -> [Option<(f64, f64)>; 4] {
    let n = totals.len();
    if n < 2 || options.resamples == 0 {
        return [None; 4];
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    rng.set_stream(2);
    let mut draws: [Vec<f64>; 4] = Default::default();
    let (mut t, mut l, mut s) = (vec![0.0; n], vec![0.0; n], vec![false; n]);
    for _ in 0..options.resamples {
        for slot in 0..n {
            let pick = rng.random_range(0..n);
            (t[slot], l[slot], s[slot]) = (totals[pick], levels[pick], success[pick]);
        }
        let measured = Statistics::measure(&t, &l, &s, options.top_k).as_array();
        for (values, value) in draws.iter_mut().zip(measured) {
            values.extend(value);
        }
    }
    let tail = (1.0 - options.confidence) / 2.0;
    draws.map(|mut values| {
        values.sort_by(f64::total_cmp);
        Some((
            quantile_sorted(&values, tail)?,
            quantile_sorted(&values, 1.0 - tail)?,
        ))
    })
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| {
        (sum + value, count + 1)
    });
    (count > 0).then(|| sum / count as f64)
}

fn quadrant_rates(thesis: &Thesis, sample: &[&CompanyOutcome]) -> Vec<QuadrantRate> {
    let Some(quadrant) = &thesis.quadrant else {
        return Vec::new();
    };
    [
        &quadrant.top_right,
        &quadrant.top_left,
        &quadrant.bottom_right,
        &quadrant.bottom_left,
    ]
    .into_iter()
    .map(|name| {
        let members: Vec<&&CompanyOutcome> = sample
            .iter()
            .filter(|outcome| outcome.quadrant.as_ref() == Some(name))
            .collect();
        QuadrantRate {
            name: name.clone(),
            companies: members.len(),
            successes: members.iter().filter(|o| o.class.success).count(),
            mean_level: mean(members.iter().map(|o| o.class.level)),
        }
    })
    .collect()
}

/// The vertical axis first ("did the painkillers sell better?"), then the horizontal one.
fn axis_comparisons(
    thesis: &Thesis,
    scores: &Scoreboard,
    ranked: &[Option<usize>],
    sample: &[&CompanyOutcome],
) -> Vec<AxisComparison> {
    let Some(quadrant) = &thesis.quadrant else {
        return Vec::new();
    };
    [
        (quadrant.y, quadrant.y_threshold),
        (quadrant.x, quadrant.x_threshold),
    ]
    .into_iter()
    .map(|(criterion, threshold)| {
        let mut sides: [Vec<&CompanyOutcome>; 2] = [Vec::new(), Vec::new()];
        for outcome in sample {
            let entry = ranked[outcome.company].map(|index| &scores.ranking[index]);
            if let Some(score) = entry.and_then(|entry| scores.criteria(entry)[criterion].score) {
                sides[usize::from(score < threshold)].push(outcome);
            }
        }
        let poles = &thesis.criteria[criterion].poles;
        let half = |side: usize, name: &str| Half {
            name: name.to_string(),
            companies: sides[side].len(),
            successes: sides[side].iter().filter(|o| o.class.success).count(),
            mean_level: mean(sides[side].iter().map(|o| o.class.level)),
        };
        let halves = [half(0, &poles[1]), half(1, &poles[0])];
        let count = |side: usize| halves[side].companies as u64;
        let wins = |side: usize| halves[side].successes as u64;
        let fisher_p = (count(0) > 0 && count(1) > 0).then(|| {
            let table = [wins(0), count(0) - wins(0), wins(1), count(1) - wins(1)];
            fisher_exact(table)
        });
        let levels =
            |side: usize| -> Vec<f64> { sides[side].iter().map(|o| o.class.level).collect() };
        let mann_whitney_p = mann_whitney_p(&levels(0), &levels(1));
        AxisComparison {
            criterion,
            halves,
            fisher_p,
            mann_whitney_p,
        }
    })
    .collect()
}
