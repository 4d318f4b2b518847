//! Rank stability under uncertain weights: Monte Carlo over the lens weights (Dirichlet centred on the
//! thesis weights, or uniform on the simplex), SMAA rank acceptability, and the smallest change of a
//! single weight that hands first place to another company. Rule outcomes are computed once by
//! scoring; each sample only reweights the criterion scores, after drawing afresh the points of any
//! rule the thesis gives as a range (uniform between its bounds) and normalizing those criteria again.

mod first_place;
mod partners;

pub use partners::PartnerLeader;

use super::partners::PartnerSpread;
use super::profiles::{Matrix, Profiles, RankScratch};
use crate::scoring::{Ranked, Scale, Scoreboard, apply_hit_policy, topsis_counted, weighted_total};
use crate::thesis::{Aggregation, HitPolicy, Method, Normalization, Otherwise, Thesis};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::multi::{Dirichlet, MultiDistribution};
use rayon::prelude::*;

/// At most this many (sample, company) ranks are kept, 400 MB: beyond it the samples are reduced
/// (10,000 samples up to 10,000 companies, 100 at a million).
pub const MAX_RANK_CELLS: usize = 100_000_000;

/// Samples are drawn in blocks of this many, each block from its own random stream, so the result
/// does not depend on how blocks are spread over threads.
const BLOCK: usize = 256;

/// Where sampled weights come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightPrior {
    /// Dirichlet with parameters `concentration × thesis weights`: larger is surer.
    Dirichlet { concentration: f64 },
    /// Uniform on the simplex: every weighting equally likely.
    Uniform,
    /// Always the thesis weights (no uncertainty); for checks.
    Fixed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityOptions {
    pub samples: usize,
    pub seed: u64,
    pub prior: WeightPrior,
    /// The k of "probability of ranking in the top k".
    pub top_k: usize,
    /// A partnership's weights: when given, samples are drawn from the Dirichlet fitted to them
    /// (centred on their consensus) instead of `prior`, and each partner's first place is found.
    pub partners: Option<PartnerSpread>,
}

impl Default for SensitivityOptions {
    fn default() -> SensitivityOptions {
        SensitivityOptions {
            samples: 10_000,
            seed: 42,
            prior: WeightPrior::Dirichlet {
                concentration: 30.0,
            },
            top_k: 5,
            partners: None,
        }
    }
}

/// One ranked company's rank under sampled weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// Index of the company in the dataset.
    pub company: usize,
    /// Its rank at the thesis weights, as `scores.csv` gives it (ties broken by id).
    pub rank: usize,
    /// Its rank at the thesis weights with ties sharing the best rank, as the percentiles count.
    pub tied_rank: usize,
    /// Ranks at the 5th, 50th and 95th percentile (nearest rank: the smallest rank reached by at
    /// least that share of samples). Tied companies share the best rank of their group.
    pub p5: usize,
    pub p50: usize,
    pub p95: usize,
    /// Share of samples in which it ranks first, alone or tied (SMAA first-rank acceptability); with
    /// ties the shares of all companies can sum to more than one.
    pub first: f64,
    /// Share of samples in which it ranks in the top k.
    pub top_k: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub options: SensitivityOptions,
    /// How many rules give their points as a range, drawn in every sample.
    pub ranged_rules: usize,
    /// In ranking order.
    pub companies: Vec<Stability>,
    pub first_place: Option<FirstPlace>,
    /// With partners, each partner's first place, in the file's order.
    pub partner_leaders: Vec<PartnerLeader>,
}

/// How firmly the leader holds first place at the thesis weights.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstPlace {
    /// Companies tied for first at the thesis weights (dataset indices, the leader first).
    pub leaders: Vec<usize>,
    /// Per criterion, the smallest change of its weight (the others rescaled in proportion) that
    /// puts a company from outside the tie first; `None` when no weight in [0, 1] does.
    pub changes: Vec<Option<WeightChange>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightChange {
    /// Normalized weights, before and after.
    pub from: f64,
    pub to: f64,
    /// Dataset index of the company that takes first place.
    pub new_leader: usize,
}

/// Samples weights, ranks the scored companies under each sample, and summarizes every company's rank
/// distribution. Beyond [`MAX_RANK_CELLS`] ranks the samples are reduced; the result's options say
/// how many were drawn. `progress` is called with the number of samples finished after each block.
pub fn sensitivity(
    thesis: &Thesis,
    scores: &Scoreboard,
    options: &SensitivityOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Sensitivity {
    let sampled = SampledRanking::new(thesis, scores);
    let base = thesis.normalized_weights();
    // With partners, draws centre on their consensus at their own precision.
    let (center, prior) = match &options.partners {
        Some(spread) => (
            spread.consensus.clone(),
            WeightPrior::Dirichlet {
                concentration: spread.concentration,
            },
        ),
        None => (base.clone(), options.prior),
    };
    let count = sampled.ranking.len();
    let profiles = &sampled.profiles;
    let samples = options.samples.min(MAX_RANK_CELLS / profiles.len().max(1));
    let blocks: Vec<Vec<u32>> = (0..samples.div_ceil(BLOCK))
        .into_par_iter()
        .map(|block| {
            let size = BLOCK.min(samples - block * BLOCK);
            let ranks = sampled.sample_block(&center, prior, options.seed, block, size);
            progress(size as u64);
            ranks
        })
        .collect();
    let total = samples.max(1) as f64;
    let mut base_ranks = vec![0; profiles.len()];
    profiles.ranks_into(
        &sampled.totals(&base),
        &mut RankScratch::default(),
        &mut base_ranks,
    );
    let summaries: Vec<RankSummary> = (0..profiles.len())
        .into_par_iter()
        .map_init(Vec::new, |ranks, profile| {
            ranks.clear();
            for block in &blocks {
                let size = block.len() / profiles.len();
                ranks.extend_from_slice(&block[profile * size..(profile + 1) * size]);
            }
            RankSummary::of(ranks, samples, count, options.top_k)
        })
        .collect();
    // The ranks are let go before a row is made for every company.
    drop(blocks);
    let companies = (0..count)
        .map(|position| {
            let profile = profiles.of[position] as usize;
            let summary = &summaries[profile];
            Stability {
                company: sampled.company(position),
                rank: position + 1,
                tied_rank: base_ranks[profile] as usize,
                p5: summary.p5,
                p50: summary.p50,
                p95: summary.p95,
                first: summary.first as f64 / total,
                top_k: summary.top_k as f64 / total,
            }
        })
        .collect();
    Sensitivity {
        options: SensitivityOptions {
            samples,
            ..options.clone()
        },
        ranged_rules: sampled
            .ranged
            .iter()
            .map(|ranged| {
                ranged
                    .bounds
                    .iter()
                    .filter(|(low, high)| low != high)
                    .count()
            })
            .sum(),
        companies,
        first_place: sampled.first_place(&base),
        partner_leaders: (options.partners.iter())
            .flat_map(|spread| spread.partners.names.iter().zip(&spread.partners.weights))
            .map(|(partner, weights)| PartnerLeader {
                partner: partner.clone(),
                weights: weights.clone(),
                leaders: sampled.leaders_at(weights),
            })
            .collect(),
    }
}

/// One profile's rank distribution over the samples.
struct RankSummary {
    p5: usize,
    p50: usize,
    p95: usize,
    first: usize,
    top_k: usize,
}

impl RankSummary {
    fn of(ranks: &mut [u32], samples: usize, count: usize, top_k: usize) -> RankSummary {
        // Nearest rank: the smallest rank reached by at least this share of samples.
        let mut percentile = |share: f64| {
            let needed = (share * samples as f64).ceil().max(1.0) as usize;
            if needed > ranks.len() {
                return count;
            }
            *ranks.select_nth_unstable(needed - 1).1 as usize
        };
        let (p5, p50, p95) = (percentile(0.05), percentile(0.5), percentile(0.95));
        RankSummary {
            p5,
            p50,
            p95,
            first: ranks.iter().filter(|&&rank| rank == 1).count(),
            top_k: ranks.iter().filter(|&&rank| rank as usize <= top_k).count(),
        }
    }
}

/// The scored companies grouped into profiles of identical scores, each profile's scores, and how
/// ties are broken. With rules whose points are ranges, every company is its own profile.
struct SampledRanking<'a> {
    aggregation: Aggregation,
    /// The scoreboard's ranking: the company at each ranking position.
    ranking: &'a [Ranked],
    /// Per profile, its criterion scores and raw values.
    scores: Matrix,
    raw: Matrix,
    profiles: Profiles,
    /// The rule criteria with points given as ranges, redrawn in every sample.
    ranged: Vec<RangedCriterion>,
}

/// What a sample needs to recompute a rule criterion whose points are uncertain.
struct RangedCriterion {
    criterion: usize,
    hit_policy: HitPolicy,
    otherwise: Option<f64>,
    normalization: Normalization,
    /// `(low, high)` per rule in file order; equal bounds for fixed points.
    bounds: Vec<(f64, f64)>,
    /// Per ranking position (each its own profile), the rules that fired.
    fired: Vec<Vec<usize>>,
}

impl<'a> SampledRanking<'a> {
    fn new(thesis: &Thesis, board: &'a Scoreboard) -> SampledRanking<'a> {
        let ranking = &board.ranking;
        let ranged: Vec<RangedCriterion> = thesis
            .criteria
            .iter()
            .enumerate()
            .filter_map(|(j, criterion)| match &criterion.method {
                Method::Rules { hit_policy, rules }
                    if rules.iter().any(|rule| rule.range.is_some()) =>
                {
                    Some(RangedCriterion {
                        criterion: j,
                        hit_policy: *hit_policy,
                        otherwise: match criterion.otherwise {
                            Otherwise::Value(value) => Some(value),
                            Otherwise::InsufficientEvidence => None,
                        },
                        normalization: criterion.normalization,
                        bounds: rules
                            .iter()
                            .map(|rule| rule.range.unwrap_or((rule.points, rule.points)))
                            .collect(),
                        fired: ranking
                            .iter()
                            .map(|entry| board.evaluations.fired(entry.company(), j).collect())
                            .collect(),
                    })
                }
                _ => None,
            })
            .collect();
        let count = thesis.criteria.len();
        let mut criteria = Vec::with_capacity(count);
        let (profiles, rows) =
            Profiles::group(ranking.len(), !ranged.is_empty(), |position, row| {
                let entry = &ranking[position];
                board.criteria_into(entry, &mut criteria);
                row.extend(criteria.iter().map(|criterion| criterion.score));
                row.extend(criteria.iter().map(|criterion| criterion.raw));
                board.lacks_evidence(entry)
            });
        let (scores, raw) = rows
            .into_iter()
            .map(|mut row| {
                let raw = row.split_off(count);
                (row, raw)
            })
            .unzip();
        SampledRanking {
            ranged,
            aggregation: thesis.aggregation,
            ranking,
            scores,
            raw,
            profiles,
        }
    }

    /// The dataset index of the company at a ranking position.
    fn company(&self, position: usize) -> usize {
        self.ranking[position].company()
    }

    /// Each profile's total under these weights.
    fn totals(&self, weights: &[f64]) -> Vec<Option<f64>> {
        self.totals_of(weights, &self.scores, &self.raw)
    }

    /// Each profile's total under these weights, from these criterion scores and raw values.
    fn totals_of(&self, weights: &[f64], scores: &Matrix, raw: &Matrix) -> Vec<Option<f64>> {
        match self.aggregation {
            Aggregation::WeightedSum => scores
                .iter()
                .map(|scores| weighted_total(scores, weights))
                .collect(),
            Aggregation::Topsis => {
                let members = |profile| f64::from(self.profiles.members(profile));
                topsis_counted(raw, &members, weights)
                    .into_iter()
                    .map(|result| result.map(|t| t.closeness))
                    .collect()
            }
        }
    }

    /// The profiles with evidence on every criterion, in ranking order.
    fn complete(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.profiles.len()).filter(|&profile| !self.profiles.lacks_evidence(profile))
    }

    /// The dataset indices of the companies in these profiles, in ranking order.
    fn members_of(&self, profiles: &[usize]) -> Vec<usize> {
        let mut wanted = vec![false; self.profiles.len()];
        for &profile in profiles {
            wanted[profile] = true;
        }
        (self.profiles.of.iter().enumerate())
            .filter(|&(_, &profile)| wanted[profile as usize])
            .map(|(position, _)| self.company(position))
            .collect()
    }

    /// Profile ranks over one block of samples, laid out `ranks[profile * size + sample]`.
    fn sample_block(
        &self,
        base: &[f64],
        prior: WeightPrior,
        seed: u64,
        block: usize,
        size: usize,
    ) -> Vec<u32> {
        let count = self.profiles.len();
        let mut ranks = vec![0u32; count * size];
        let mut sample_ranks = vec![0u32; count];
        let mut scratch = RankScratch::default();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(block as u64);
        // Around the thesis weights, a lens the thesis weighs at zero stays at zero: only the others
        // are drawn. Uniform weights draw every lens.
        let drawn_lenses: Vec<usize> = match prior {
            WeightPrior::Dirichlet { .. } => (0..base.len()).filter(|&j| base[j] > 0.0).collect(),
            WeightPrior::Uniform | WeightPrior::Fixed => (0..base.len()).collect(),
        };
        let alpha: Vec<f64> = match prior {
            WeightPrior::Dirichlet { concentration } => (drawn_lenses.iter())
                .map(|&j| (base[j] * concentration).max(1e-3))
                .collect(),
            WeightPrior::Uniform | WeightPrior::Fixed => vec![1.0; drawn_lenses.len()],
        };
        let dirichlet = (drawn_lenses.len() >= 2 && prior != WeightPrior::Fixed)
            .then(|| Dirichlet::new(&alpha).ok())
            .flatten();
        let mut weights = base.to_vec();
        let mut draw = vec![0.0; drawn_lenses.len()];
        // Working copies of the scores whose ranged criteria each sample overwrites.
        let mut drawn = (!self.ranged.is_empty()).then(|| (self.scores.clone(), self.raw.clone()));
        for sample in 0..size {
            if let Some((scores, raw)) = &mut drawn {
                self.draw_points(&mut rng, scores, raw);
            }
            if let Some(dirichlet) = &dirichlet {
                dirichlet.sample_to_slice(&mut rng, &mut draw);
                for (&j, &weight) in drawn_lenses.iter().zip(&draw) {
                    weights[j] = weight;
                }
            }
            let totals = match &drawn {
                Some((scores, raw)) => self.totals_of(&weights, scores, raw),
                None => self.totals(&weights),
            };
            self.profiles
                .ranks_into(&totals, &mut scratch, &mut sample_ranks);
            for (profile, &rank) in sample_ranks.iter().enumerate() {
                ranks[profile * size + sample] = rank;
            }
        }
        ranks
    }

    /// Overwrites the ranged criteria of `scores` and `raw` with the points of every ranged rule
    /// drawn uniformly between its bounds, and those criteria normalized again.
    fn draw_points(&self, rng: &mut ChaCha8Rng, scores: &mut Matrix, raw: &mut Matrix) {
        for ranged in &self.ranged {
            let points: Vec<f64> = ranged
                .bounds
                .iter()
                .map(|&(low, high)| {
                    if low < high {
                        rng.random_range(low..=high)
                    } else {
                        low
                    }
                })
                .collect();
            let values: Vec<Option<f64>> = ranged
                .fired
                .iter()
                .map(|fired| {
                    let fired: Vec<f64> = fired.iter().map(|&rule| points[rule]).collect();
                    apply_hit_policy(ranged.hit_policy, &fired).or(ranged.otherwise)
                })
                .collect();
            let scale = Scale::fit(ranged.normalization, values.iter().copied());
            for (position, value) in values.into_iter().enumerate() {
                raw[position][ranged.criterion] = value;
                scores[position][ranged.criterion] = value.map(|value| scale.apply(value));
            }
        }
    }
}
