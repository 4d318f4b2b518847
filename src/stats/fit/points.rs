//! `thesis fit --points`: the points of the rules a thesis gives as ranges (`points = [low, high]`),
//! fitted within those ranges. A candidate set of points re-scores the ranged lenses as the engine
//! does (the hit policy over the rules each company fires, then the normalization over every ranked
//! company), and is judged by the penalised likelihood of the weights fitted at it (a profile
//! likelihood). Nelder–Mead (argmin) searches the ranges through a logistic map of each, so every
//! candidate stays inside its range.

use super::ordinal::{self, Sample, Shrinkage};
use crate::scoring::{Scale, Scoreboard, apply_hit_policy};
use crate::thesis::{HitPolicy, Method, Normalization, Otherwise, Thesis};
use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;

/// One rule's fitted points.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPoints {
    pub criterion: usize,
    /// The rule's index within its criterion.
    pub rule: usize,
    pub points: f64,
    pub range: (f64, f64),
    /// The points the thesis scores with: the middle of the range.
    pub thesis: f64,
}

/// A lens whose rules give some points as a range: what re-scoring it needs.
struct RangedLens {
    criterion: usize,
    hit_policy: HitPolicy,
    otherwise: Option<f64>,
    normalization: Normalization,
    /// Every rule's points at the thesis's values, in file order.
    points: Vec<f64>,
    /// The ranged rules: index in `points` and range.
    ranged: Vec<(usize, (f64, f64))>,
    /// Per ranking position, the rules fired.
    fired: Vec<Vec<usize>>,
}

/// The sample's lens scores as functions of the ranged rules' points.
pub(super) struct RangedRules {
    lenses: Vec<RangedLens>,
    /// The sample companies' ranking positions and their lens scores at the thesis's points.
    positions: Vec<usize>,
    rows: Vec<Vec<f64>>,
    categories: Vec<usize>,
    lens_count: usize,
    levels: usize,
}

/// Nelder–Mead's budget: iterations, and the spread of the simplex's costs at which it stops.
const MAX_ITERATIONS: u64 = 300;
const COST_SPREAD: f64 = 1e-9;

impl RangedRules {
    /// The ranged rules of `thesis`, over the sample companies at ranking `positions`, whose lens
    /// scores at the thesis's points are `rows`; `None` when no rule gives its points as a range.
    pub(super) fn new(
        thesis: &Thesis,
        scores: &Scoreboard,
        positions: Vec<usize>,
        rows: Vec<Vec<f64>>,
        (categories, levels): (Vec<usize>, usize),
    ) -> Option<RangedRules> {
        let lenses: Vec<RangedLens> = (thesis.criteria.iter().enumerate())
            .filter_map(|(criterion, lens)| {
                let Method::Rules { hit_policy, rules } = &lens.method else {
                    return None;
                };
                let ranged: Vec<(usize, (f64, f64))> = (rules.iter().enumerate())
                    .filter_map(|(index, rule)| rule.range.map(|range| (index, range)))
                    .collect();
                (!ranged.is_empty()).then(|| RangedLens {
                    criterion,
                    hit_policy: *hit_policy,
                    otherwise: match lens.otherwise {
                        Otherwise::Value(value) => Some(value),
                        Otherwise::InsufficientEvidence => None,
                    },
                    normalization: lens.normalization,
                    points: rules.iter().map(|rule| rule.points).collect(),
                    ranged,
                    fired: (scores.ranking.iter())
                        .map(|entry| {
                            (scores.evaluations)
                                .fired(entry.company(), criterion)
                                .collect()
                        })
                        .collect(),
                })
            })
            .collect();
        (!lenses.is_empty()).then_some(RangedRules {
            lenses,
            positions,
            rows,
            categories,
            lens_count: thesis.criteria.len(),
            levels,
        })
    }

    /// The sample with the ranged rules at `points` (one per ranged rule, lens by lens).
    pub(super) fn sample_at(&self, points: &[f64]) -> Sample {
        let mut rows = self.rows.clone();
        let mut next = 0;
        for lens in &self.lenses {
            let mut all = lens.points.clone();
            for &(index, _) in &lens.ranged {
                all[index] = points[next];
                next += 1;
            }
            let values: Vec<Option<f64>> = (lens.fired.iter())
                .map(|fired| {
                    let fired: Vec<f64> = fired.iter().map(|&rule| all[rule]).collect();
                    apply_hit_policy(lens.hit_policy, &fired).or(lens.otherwise)
                })
                .collect();
            let scale = Scale::fit(lens.normalization, values.iter().copied());
            for (row, &position) in rows.iter_mut().zip(&self.positions) {
                row[lens.criterion] = values[position].map_or(0.0, |value| scale.apply(value));
            }
        }
        Sample::new(
            self.lens_count,
            self.levels,
            rows.into_iter().zip(self.categories.iter().copied()),
        )
    }

    fn ranges(&self) -> impl Iterator<Item = (usize, usize, (f64, f64), f64)> + '_ {
        self.lenses.iter().flat_map(|lens| {
            (lens.ranged.iter())
                .map(move |&(index, range)| (lens.criterion, index, range, lens.points[index]))
        })
    }

    /// The points that minimise the penalised loss of the weights fitted at them.
    pub(super) fn fit(&self, shrinkage: Shrinkage<'_>) -> Vec<FittedPoints> {
        let ranges: Vec<(f64, f64)> = self.ranges().map(|(_, _, range, _)| range).collect();
        let problem = PointsProblem {
            rules: self,
            ranges: &ranges,
            shrinkage,
        };
        // The thesis's points are the middles of the ranges: 0 on the logistic map.
        let start = vec![0.0; ranges.len()];
        let simplex: Vec<Vec<f64>> = std::iter::once(start.clone())
            .chain((0..ranges.len()).map(|axis| {
                let mut vertex = start.clone();
                vertex[axis] = 1.0;
                vertex
            }))
            .collect();
        let best = NelderMead::new(simplex)
            .with_sd_tolerance(COST_SPREAD)
            .ok()
            .and_then(|solver| {
                Executor::new(&problem, solver)
                    .configure(|state| state.max_iters(MAX_ITERATIONS))
                    .run()
                    .ok()
            })
            .and_then(|result| result.state().get_best_param().cloned())
            .unwrap_or(start);
        let points = problem.points(&best);
        (self.ranges().zip(points))
            .map(|((criterion, rule, range, thesis), points)| FittedPoints {
                criterion,
                rule,
                points,
                range,
                thesis,
            })
            .collect()
    }
}

struct PointsProblem<'a> {
    rules: &'a RangedRules,
    ranges: &'a [(f64, f64)],
    shrinkage: Shrinkage<'a>,
}

impl PointsProblem<'_> {
    /// Points inside the ranges from unconstrained parameters.
    fn points(&self, params: &[f64]) -> Vec<f64> {
        (params.iter().zip(self.ranges))
            .map(|(u, (low, high))| low + (high - low) / (1.0 + (-u).exp()))
            .collect()
    }
}

impl CostFunction for &PointsProblem<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, params: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        let sample = self.rules.sample_at(&self.points(params));
        let rows: Vec<usize> = (0..sample.len()).collect();
        let model = ordinal::fit(&sample, &rows, self.shrinkage);
        Ok(ordinal::penalised_loss(
            &model,
            &sample,
            &rows,
            self.shrinkage,
        ))
    }
}
