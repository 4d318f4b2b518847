//! The model `thesis fit` estimates: proportional-odds (ordinal) logistic regression of each
//! company's outcome level on its weighted total, `P(level ≤ j) = σ(c_j − a · Σ θ_k x_k)`, with the
//! lens weights θ on the simplex (a softmax of free parameters), a positive scale `a` and increasing
//! cut points. The mean negative log-likelihood is shrunk toward the thesis's weights by
//! `strength · Σ (θ_k − θ⁰_k)²` and minimised by L-BFGS (argmin). With no shrinkage and positive
//! slopes this is the model statsmodels' `OrderedModel` fits (logit link), with `θ = β / Σ β`.

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;

/// The companies a model is fitted to, each as a profile: a distinct pair of lens scores and
/// outcome category. Rule-based lens scores take few distinct values, so a million companies
/// collapse to some thousands of profiles, and a fit runs over the profiles with their counts: the
/// same sums, far fewer terms.
#[derive(Debug, Clone)]
pub(super) struct Sample {
    /// Each profile's lens scores, row after row.
    profile_scores: Vec<f64>,
    profile_categories: Vec<usize>,
    /// Each company's profile.
    profile_of: Vec<usize>,
    pub lenses: usize,
    /// How many outcome categories the scale has.
    pub levels: usize,
}

impl Sample {
    /// The sample of `companies`, each its lens scores and its outcome category (0 the lowest).
    pub(super) fn new(
        lenses: usize,
        levels: usize,
        companies: impl Iterator<Item = (Vec<f64>, usize)>,
    ) -> Sample {
        let mut sample = Sample {
            profile_scores: Vec::new(),
            profile_categories: Vec::new(),
            profile_of: Vec::new(),
            lenses,
            levels,
        };
        let mut known: rustc_hash::FxHashMap<(Vec<u64>, usize), usize> =
            rustc_hash::FxHashMap::default();
        for (scores, category) in companies {
            let key = (scores.iter().map(|x| x.to_bits()).collect(), category);
            let next = sample.profile_categories.len();
            let profile = *known.entry(key).or_insert(next);
            if profile == next {
                sample.profile_scores.extend(&scores);
                sample.profile_categories.push(category);
            }
            sample.profile_of.push(profile);
        }
        sample
    }

    pub(super) fn len(&self) -> usize {
        self.profile_of.len()
    }

    pub(super) fn category(&self, company: usize) -> usize {
        self.profile_categories[self.profile_of[company]]
    }

    pub(super) fn row(&self, company: usize) -> &[f64] {
        self.profile_row(self.profile_of[company])
    }

    fn profile_row(&self, profile: usize) -> &[f64] {
        &self.profile_scores[profile * self.lenses..(profile + 1) * self.lenses]
    }

    /// The company's total under `weights` (which sum to one).
    pub(super) fn total(&self, company: usize, weights: &[f64]) -> f64 {
        dot(self.row(company), weights)
    }

    /// How many of `rows` fall in each profile, for the profiles they fall in, by profile.
    fn counts(&self, rows: &[usize]) -> Vec<(usize, f64)> {
        let mut counts = vec![0u32; self.profile_categories.len()];
        for &company in rows {
            counts[self.profile_of[company]] += 1;
        }
        (counts.into_iter().enumerate())
            .filter(|&(_, count)| count > 0)
            .map(|(profile, count)| (profile, f64::from(count)))
            .collect()
    }
}

fn dot(row: &[f64], weights: &[f64]) -> f64 {
    row.iter().zip(weights).map(|(x, w)| x * w).sum()
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OrdinalFit {
    /// Lens weights, non-negative and summing to one.
    pub weights: Vec<f64>,
    /// The slope of the latent value on the total.
    pub scale: f64,
    /// The `levels − 1` increasing cut points.
    pub cuts: Vec<f64>,
}

/// Shrinkage toward the thesis's weights.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shrinkage<'a> {
    pub strength: f64,
    pub toward: &'a [f64],
}

/// The penalised likelihood over some rows of a sample, in the unconstrained parameters
/// `[ln a, v_1 … v_{K−1}, c_0, ln(c_1 − c_0) …]` (with `v_0 = 0`).
struct Objective<'a> {
    sample: &'a Sample,
    /// The profiles of the rows fitted, with how many rows each holds.
    counts: Vec<(usize, f64)>,
    /// How many rows in all.
    rows: f64,
    shrinkage: Shrinkage<'a>,
}

impl<'a> Objective<'a> {
    fn new(sample: &'a Sample, rows: &[usize], shrinkage: Shrinkage<'a>) -> Objective<'a> {
        Objective {
            sample,
            counts: sample.counts(rows),
            rows: rows.len() as f64,
            shrinkage,
        }
    }
}

const MAX_ITERATIONS: u64 = 400;
/// The smallest probability a likelihood term takes, so one impossible company costs a finite
/// amount (690 nats) rather than infinity.
const SMALLEST_PROBABILITY: f64 = 1e-300;

/// Fits the model to `rows` of `sample`. Starts from the thesis's weights; L-BFGS stops on a tiny
/// gradient or cost change, or after 400 iterations, and the best parameters seen are kept.
pub(super) fn fit(sample: &Sample, rows: &[usize], shrinkage: Shrinkage<'_>) -> OrdinalFit {
    let objective = Objective::new(sample, rows, shrinkage);
    let start = objective.start();
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
        .with_tolerance_grad(1e-9)
        .and_then(|solver| solver.with_tolerance_cost(1e-13))
        .expect("the tolerances are positive");
    let best = Executor::new(&objective, solver)
        .configure(|state| state.param(start.clone()).max_iters(MAX_ITERATIONS))
        .run()
        .ok()
        .and_then(|result| result.state().get_best_param().cloned())
        .filter(|best| objective.value(best).is_finite());
    objective.unpack(&best.unwrap_or(start))
}

/// The mean negative log-likelihood of `rows` under `model`: the deviance cross-validation compares.
pub(super) fn mean_loss(model: &OrdinalFit, sample: &Sample, rows: &[usize]) -> f64 {
    let total: f64 = (sample.counts(rows).into_iter())
        .map(|(profile, count)| {
            let eta = model.scale * dot(sample.profile_row(profile), &model.weights);
            let category = sample.profile_categories[profile];
            let (p, _, _) = probability(&model.cuts, category, eta);
            -p.max(SMALLEST_PROBABILITY).ln() * count
        })
        .sum();
    total / rows.len().max(1) as f64
}

/// [`mean_loss`] plus the shrinkage penalty: what the fit minimises.
pub(super) fn penalised_loss(
    model: &OrdinalFit,
    sample: &Sample,
    rows: &[usize],
    shrinkage: Shrinkage<'_>,
) -> f64 {
    let penalty: f64 = (model.weights.iter().zip(shrinkage.toward))
        .map(|(w, t)| (w - t).powi(2))
        .sum();
    mean_loss(model, sample, rows) + shrinkage.strength * penalty
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The probability of `category` at latent value `eta`, with the densities at its upper and lower
/// cut points (zero where the category is open on that side).
fn probability(cuts: &[f64], category: usize, eta: f64) -> (f64, f64, f64) {
    let upper = cuts.get(category).map(|cut| cut - eta);
    let lower = category.checked_sub(1).map(|below| cuts[below] - eta);
    let density = |z: f64| sigmoid(z) * sigmoid(-z);
    let p = match (lower, upper) {
        (None, Some(a)) => sigmoid(a),
        (Some(b), None) => sigmoid(-b),
        // Both tails near one lose digits; the complements keep them.
        (Some(b), Some(a)) if b > 0.0 => sigmoid(-b) - sigmoid(-a),
        (Some(b), Some(a)) => sigmoid(a) - sigmoid(b),
        (None, None) => 1.0,
    };
    (p, upper.map_or(0.0, density), lower.map_or(0.0, density))
}

impl Objective<'_> {
    fn lenses(&self) -> usize {
        self.sample.lenses
    }

    /// Weights from the free parameters: a softmax with the first fixed at zero.
    fn weights(&self, params: &[f64]) -> Vec<f64> {
        let free = &params[1..self.lenses()];
        let top = free.iter().copied().fold(0.0_f64, f64::max);
        let exps: Vec<f64> = std::iter::once(0.0)
            .chain(free.iter().copied())
            .map(|v| (v - top).exp())
            .collect();
        let sum: f64 = exps.iter().sum();
        exps.iter().map(|e| e / sum).collect()
    }

    fn cuts(&self, params: &[f64]) -> Vec<f64> {
        let raw = &params[self.lenses()..];
        let mut cuts = Vec::with_capacity(raw.len());
        let mut cut = raw.first().copied().unwrap_or(0.0);
        cuts.extend(raw.first().copied());
        for gap in &raw[1.min(raw.len())..] {
            cut += gap.exp();
            cuts.push(cut);
        }
        cuts
    }

    fn unpack(&self, params: &[f64]) -> OrdinalFit {
        OrdinalFit {
            weights: self.weights(params),
            scale: params[0].exp(),
            cuts: self.cuts(params),
        }
    }

    /// The thesis's weights (each at least 2%, so no lens starts at the softmax's edge), a scale
    /// of 5 and cut points at the logits of the rows' cumulative shares.
    fn start(&self) -> Vec<f64> {
        let floor: Vec<f64> = self.shrinkage.toward.iter().map(|w| w.max(0.02)).collect();
        let mut params = vec![5.0_f64.ln()];
        params.extend(floor[1..].iter().map(|w| (w / floor[0]).ln()));
        let count = self.rows.max(1.0);
        let floor_sum: f64 = floor.iter().sum();
        let mean_total = (self.counts.iter())
            .map(|&(profile, n)| dot(self.sample.profile_row(profile), &floor) / floor_sum * n)
            .sum::<f64>()
            / count;
        let mut below = 0.0;
        let mut previous = f64::NEG_INFINITY;
        for category in 0..self.sample.levels - 1 {
            below += (self.counts.iter())
                .filter(|&&(profile, _)| self.sample.profile_categories[profile] == category)
                .map(|&(_, n)| n)
                .sum::<f64>();
            let share = (below / count).clamp(0.5 / count, 1.0 - 0.5 / count);
            let cut = (share / (1.0 - share)).ln() + 5.0 * mean_total;
            if category == 0 {
                params.push(cut);
            } else {
                params.push((cut - previous).max(1e-3).ln());
            }
            previous = if category == 0 {
                cut
            } else {
                previous + (cut - previous).max(1e-3)
            };
        }
        params
    }

    fn value(&self, params: &[f64]) -> f64 {
        self.evaluate(params, false).0
    }

    /// The penalised mean loss and, when asked, its gradient in the free parameters.
    fn evaluate(&self, params: &[f64], with_gradient: bool) -> (f64, Vec<f64>) {
        let lenses = self.lenses();
        let model = self.unpack(params);
        let (mut loss, mut g_scale) = (0.0, 0.0);
        let mut g_weights = vec![0.0; lenses];
        let mut g_cuts = vec![0.0; model.cuts.len()];
        for &(profile, n) in &self.counts {
            let row = self.sample.profile_row(profile);
            let eta = model.scale * dot(row, &model.weights);
            let category = self.sample.profile_categories[profile];
            let (p, upper, lower) = probability(&model.cuts, category, eta);
            let p = p.max(SMALLEST_PROBABILITY);
            loss -= p.ln() * n;
            if !with_gradient {
                continue;
            }
            let g_eta = n * (upper - lower) / p;
            g_scale += g_eta * eta;
            for (g, x) in g_weights.iter_mut().zip(row) {
                *g += g_eta * model.scale * x;
            }
            if let Some(g) = g_cuts.get_mut(category) {
                *g -= n * upper / p;
            }
            if category > 0 {
                g_cuts[category - 1] += n * lower / p;
            }
        }
        let count = self.rows.max(1.0);
        let Shrinkage { strength, toward } = self.shrinkage;
        loss = loss / count
            + strength
                * (model.weights.iter().zip(toward))
                    .map(|(w, t)| (w - t).powi(2))
                    .sum::<f64>();
        if !with_gradient {
            return (loss, Vec::new());
        }
        for ((g, w), t) in g_weights.iter_mut().zip(&model.weights).zip(toward) {
            *g = *g / count + 2.0 * strength * (w - t);
        }
        let mut gradient = vec![g_scale / count];
        let mean: f64 = (model.weights.iter().zip(&g_weights))
            .map(|(w, g)| w * g)
            .sum();
        gradient.extend((1..lenses).map(|j| model.weights[j] * (g_weights[j] - mean)));
        // c_j = c_0 + Σ_{l ≤ j} exp(d_l): c_0 moves every cut, d_l those from l on.
        let mut after = 0.0;
        let mut g_gaps = vec![0.0; g_cuts.len()];
        for j in (0..g_cuts.len()).rev() {
            after += g_cuts[j] / count;
            g_gaps[j] = after;
        }
        let raw = &params[lenses..];
        gradient.extend(g_gaps.first().copied());
        gradient.extend((1..g_gaps.len()).map(|l| raw[l].exp() * g_gaps[l]));
        (loss, gradient)
    }
}

impl CostFunction for &Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, params: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        Ok(self.value(params))
    }
}

impl Gradient for &Objective<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, params: &Vec<f64>) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.evaluate(params, true).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 40 companies, three lenses, three levels: drawn by `numpy` (seed 1) from a latent
    /// `3·x₁ + 2·x₂ + x₃` plus logistic noise, cut at its 30% and 70% quantiles.
    const ROWS: [([f64; 3], usize); 40] = [
        ([0.51, 0.95, 0.14], 1),
        ([0.95, 0.31, 0.42], 2),
        ([0.83, 0.41, 0.55], 2),
        ([0.03, 0.75, 0.54], 0),
        ([0.33, 0.79, 0.30], 1),
        ([0.45, 0.13, 0.40], 0),
        ([0.20, 0.26, 0.75], 0),
        ([0.28, 0.49, 0.98], 1),
        ([0.96, 0.72, 0.54], 2),
        ([0.28, 0.16, 0.97], 0),
        ([0.52, 0.12, 0.62], 0),
        ([0.78, 0.61, 0.92], 2),
        ([0.04, 0.53, 0.46], 1),
        ([0.06, 0.64, 0.85], 1),
        ([0.59, 0.26, 0.84], 1),
        ([0.51, 0.51, 0.75], 2),
        ([0.15, 0.82, 0.68], 1),
        ([0.79, 0.19, 0.80], 2),
        ([0.19, 0.08, 0.86], 0),
        ([0.86, 0.88, 0.47], 2),
        ([0.27, 0.01, 0.65], 0),
        ([0.72, 0.84, 0.28], 2),
        ([0.22, 0.64, 0.81], 0),
        ([0.96, 0.15, 0.48], 1),
        ([0.89, 0.42, 0.59], 2),
        ([0.02, 0.67, 0.92], 1),
        ([0.83, 0.89, 0.66], 2),
        ([0.25, 0.77, 0.21], 1),
        ([0.83, 0.06, 0.83], 1),
        ([0.16, 0.38, 0.32], 0),
        ([0.69, 0.18, 0.40], 2),
        ([0.01, 0.26, 0.42], 0),
        ([0.11, 0.63, 0.38], 0),
        ([0.73, 0.65, 0.43], 2),
        ([0.87, 0.63, 0.81], 1),
        ([0.34, 0.54, 0.20], 1),
        ([1.00, 0.24, 0.26], 1),
        ([0.07, 0.26, 0.76], 0),
        ([0.70, 0.13, 0.38], 1),
        ([0.42, 0.66, 0.46], 1),
    ];

    fn sample() -> Sample {
        Sample::new(3, 3, ROWS.iter().map(|(x, c)| (x.to_vec(), *c)))
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let sample = sample();
        let rows: Vec<usize> = (0..sample.len()).collect();
        let toward = [0.3, 0.5, 0.2];
        for strength in [0.0, 0.5] {
            let shrinkage = Shrinkage {
                strength,
                toward: &toward,
            };
            let objective = Objective::new(&sample, &rows, shrinkage);
            let params = vec![1.2, -0.4, 0.3, -0.2, 0.1];
            let (_, gradient) = objective.evaluate(&params, true);
            for (index, analytic) in gradient.iter().enumerate() {
                let step = 1e-6;
                let (mut up, mut down) = (params.clone(), params.clone());
                up[index] += step;
                down[index] -= step;
                let numeric = (objective.value(&up) - objective.value(&down)) / (2.0 * step);
                assert!(
                    (numeric - analytic).abs() < 1e-6,
                    "parameter {index}: numeric {numeric}, analytic {analytic}"
                );
            }
        }
    }

    #[test]
    fn heavy_shrinkage_returns_the_thesis_weights() {
        let sample = sample();
        let rows: Vec<usize> = (0..sample.len()).collect();
        let toward = [0.3, 0.5, 0.2];
        let fit = fit(
            &sample,
            &rows,
            Shrinkage {
                strength: 1e6,
                toward: &toward,
            },
        );
        assert!((fit.weights[0] - 0.3).abs() < 1e-3, "{:?}", fit.weights);
    }

    /// statsmodels 0.15 `OrderedModel(y, X, distr="logit").fit(method="newton")` on the same
    /// rows: slopes (8.53261205, 6.43839963, 2.17487479), thresholds 6.29913907 then
    /// exp(1.40638753) above it, log-likelihood −23.2672780260277.
    #[test]
    fn without_shrinkage_it_is_the_statsmodels_ordered_logit() {
        let sample = sample();
        let rows: Vec<usize> = (0..sample.len()).collect();
        let fit = fit(
            &sample,
            &rows,
            Shrinkage {
                strength: 0.0,
                toward: &[1.0 / 3.0; 3],
            },
        );
        let slopes = [8.53261205, 6.43839963, 2.17487479];
        let scale: f64 = slopes.iter().sum();
        for (weight, slope) in fit.weights.iter().zip(slopes) {
            assert!((weight - slope / scale).abs() < 1e-6, "{:?}", fit.weights);
        }
        assert!((fit.scale - scale).abs() < 1e-4, "{}", fit.scale);
        let cuts = [6.29913907, 6.29913907 + 1.40638753_f64.exp()];
        for (cut, expected) in fit.cuts.iter().zip(cuts) {
            assert!((cut - expected).abs() < 1e-5, "{:?}", fit.cuts);
        }
        let loss = mean_loss(&fit, &sample, &rows) * rows.len() as f64;
        assert!((loss - 23.267_278_026_027_7).abs() < 1e-8, "{loss}");
    }
}
