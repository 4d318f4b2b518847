//! Scoring: evaluates every rule for every company, normalizes each criterion over the ranked
//! companies, aggregates, ranks and places each company in the quadrant. Pure: the same thesis and
//! data give the same [`Scoreboard`], which keeps every rule's outcome for explanations.

mod aggregate;
mod evaluate;
mod explanation;
mod normalize;
mod read_back;
mod ties;

pub use aggregate::{Topsis, topsis, topsis_counted, weighted_total};
use aggregate::{available_weight, share};
pub use evaluate::{Evaluations, RuleOutcome, apply_hit_policy, fired, undecided_reason};
pub use explanation::{
    Explanation, Item, LensExplanation, RuleExplanation, TermExplanation, ValueRead,
};
pub use normalize::Scale;
pub use read_back::ReadCompany;
pub use ties::{TopTie, top_tie};

use crate::model::Dataset;
use crate::thesis::{Aggregation, Corner, Method, Thesis};
use rayon::prelude::*;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct Scoreboard {
    /// Every company's rule outcomes and criterion values, in the order of the company file.
    pub evaluations: Evaluations,
    /// The scale each criterion's raw values were normalized with (fitted on the ranked companies).
    pub scales: Vec<Scale>,
    /// The criteria's weights, rescaled to sum to one.
    weights: Vec<f64>,
    aggregation: Aggregation,
    /// The ranked companies, best first: those with evidence on every criterion, by total, then those
    /// with insufficient evidence on some criterion, by their total over the rest; equal totals by id.
    pub ranking: Vec<Ranked>,
    /// Under TOPSIS, each company's distances, by company; empty under a weighted sum.
    topsis: Vec<Option<Topsis>>,
    /// The quadrant's corner names, when the thesis has a quadrant.
    corners: Option<CornerNames>,
    /// The criterion scores a scores table gave, company by company (NaN for none), when the
    /// scoreboard was read back from one ([`Scoreboard::read_back`]); empty when they follow from
    /// the raw values and the scales.
    read_scores: Vec<f64>,
    /// The totals the table gave, company by company (NaN for none), when read back; empty
    /// otherwise. They are the table's ranking, which the scores rounded as printed can miss by a
    /// millionth.
    read_totals: Vec<f64>,
}

/// The names of the quadrant's corners, in the order of [`Corner`].
type CornerNames = [String; 4];

/// A ranked company, in 32 bytes: its criterion scores follow from its raw values and are worked out
/// when asked for ([`Scoreboard::criteria`]), its quadrant is a corner, and its TOPSIS distances are
/// kept beside the ranking, so that a million ranked companies stay small.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    company: u32,
    rank: u32,
    /// The total's [`descending_total_key`], worked out once rather than at every comparison of the
    /// sort; the total itself follows from the company's criteria ([`Scoreboard::total`]).
    total_key: u64,
    /// The id's first eight bytes, big-endian, zero-padded: ordered as the ids are wherever they
    /// differ, so that most ties on the total are broken without reading the ids.
    id_prefix: u64,
    /// 0 with evidence on every criterion, 1 with a total over the rest, 2 without a total.
    class: u8,
    corner: Option<Corner>,
}

impl Ranked {
    /// Index of the company in the dataset.
    pub fn company(&self) -> usize {
        self.company as usize
    }

    /// 1 for the best.
    pub fn rank(&self) -> usize {
        self.rank as usize
    }

    /// Where the quadrant places the company, when the thesis has a quadrant and the company has
    /// scores on both its axes.
    pub fn corner(&self) -> Option<Corner> {
        self.corner
    }

    /// The order of the ranking: class, then total (higher first, to nine decimal places), then id.
    fn order(&self) -> (u8, u64, u64) {
        (self.class, self.total_key, self.id_prefix)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionScore {
    pub raw: Option<f64>,
    /// The raw value after normalization: what the quadrant and weighted sum use.
    pub score: Option<f64>,
    /// The additive share of the weighted-sum total (none under TOPSIS).
    pub contribution: Option<f64>,
}

impl Scoreboard {
    /// The company's raw value, score and share of the total on each criterion.
    pub fn criteria(&self, entry: &Ranked) -> Vec<CriterionScore> {
        let mut criteria = Vec::with_capacity(self.scales.len());
        self.criteria_into(entry, &mut criteria);
        criteria
    }

    /// [`Scoreboard::criteria`] into `out`, which is cleared first: a writer of a million rows
    /// reuses one vector.
    pub fn criteria_into(&self, entry: &Ranked, out: &mut Vec<CriterionScore>) {
        out.clear();
        let company = entry.company();
        out.extend(self.scales.iter().enumerate().map(|(j, scale)| {
            let raw = self.evaluations.raw(company, j);
            CriterionScore {
                raw,
                score: match self.read_scores.is_empty() {
                    true => raw.map(|value| scale.apply(value)),
                    false => self.read_score(company, j),
                },
                contribution: None,
            }
        }));
        if self.aggregation == Aggregation::Topsis {
            return;
        }
        let scored = out.iter().map(|criterion| criterion.score.is_some());
        let available = available_weight(scored, &self.weights);
        if available > 0.0 {
            for (criterion, weight) in out.iter_mut().zip(&self.weights) {
                let score = criterion.score;
                criterion.contribution = score.map(|score| share(score, *weight, available));
            }
        }
    }

    /// The company's total: its TOPSIS closeness, or the weighted sum of its scores over the criteria
    /// with evidence; `None` when no criterion has evidence.
    pub fn total(&self, entry: &Ranked) -> Option<f64> {
        self.total_from(entry, &self.criteria(entry))
    }

    /// [`Scoreboard::total`] from the company's `criteria` as [`Scoreboard::criteria_into`] gives
    /// them: a weighted sum adds their contributions, as `aggregate::contribute` states it.
    pub fn total_from(&self, entry: &Ranked, criteria: &[CriterionScore]) -> Option<f64> {
        if let Some(&total) = self.read_totals.get(entry.company()) {
            return (!total.is_nan()).then_some(total);
        }
        match self.aggregation {
            Aggregation::Topsis => self.topsis(entry).map(|topsis| topsis.closeness),
            Aggregation::WeightedSum => {
                let mut shares = (criteria.iter())
                    .filter_map(|criterion| criterion.contribution)
                    .peekable();
                shares.peek()?;
                Some(shares.sum())
            }
        }
    }

    /// Whether some criterion has no evidence for this company.
    pub fn lacks_evidence(&self, entry: &Ranked) -> bool {
        self.evaluations.lacks_evidence(entry.company())
    }

    /// Indices of the criteria without evidence for this company.
    pub fn insufficient(&self, entry: &Ranked) -> Vec<usize> {
        self.evaluations.insufficient(entry.company())
    }

    /// The name of the company's quadrant.
    pub fn quadrant(&self, entry: &Ranked) -> Option<&str> {
        let names = self.corners.as_ref()?;
        Some(&names[entry.corner? as usize])
    }

    /// The company's TOPSIS distances, when the aggregation is TOPSIS.
    pub fn topsis(&self, entry: &Ranked) -> Option<&Topsis> {
        self.topsis.get(entry.company())?.as_ref()
    }

    fn normalized(&self, raw: &[Option<f64>]) -> Vec<Option<f64>> {
        raw.iter()
            .zip(&self.scales)
            .map(|(value, scale)| value.map(|v| scale.apply(v)))
            .collect()
    }

    /// The company's score on each criterion: normalized from its raw values, or as read back.
    fn scores_of(&self, company: usize) -> Vec<Option<f64>> {
        match self.read_scores.is_empty() {
            true => self.normalized(&self.evaluations.raw_row(company)),
            false => (0..self.scales.len())
                .map(|criterion| self.read_score(company, criterion))
                .collect(),
        }
    }

    fn read_score(&self, company: usize, criterion: usize) -> Option<f64> {
        let value = self.read_scores[company * self.scales.len() + criterion];
        (!value.is_nan()).then_some(value)
    }

    /// The company's total as its criterion scores give it under the weights, whether or not a
    /// table read back gave another.
    pub fn total_from_scores(&self, company: usize) -> Option<f64> {
        match self.topsis.get(company) {
            Some(result) => result.map(|t| t.closeness),
            None => weighted_total(&self.scores_of(company), &self.weights),
        }
    }

    /// The company's place in the ranking before it is numbered: its total's key, its evidence
    /// class and its corner of the quadrant.
    fn entry(&self, thesis: &Thesis, data: &Dataset, company: usize) -> Ranked {
        let scores = self.scores_of(company);
        let total = match self.read_totals.get(company) {
            Some(&total) => (!total.is_nan()).then_some(total),
            None => self.total_from_scores(company),
        };
        let corner = thesis.quadrant.as_ref().and_then(|quadrant| {
            Some(quadrant.corner_for(scores[quadrant.x]?, scores[quadrant.y]?))
        });
        Ranked {
            company: u32::try_from(company).expect("fewer than 2^32 companies"),
            rank: 0,
            total_key: descending_total_key(total),
            id_prefix: id_prefix(data.id(company)),
            class: match (self.evaluations.lacks_evidence(company), total) {
                (false, _) => 0,
                (true, Some(_)) => 1,
                (true, None) => 2,
            },
            corner,
        }
    }
}

pub fn score(thesis: &Thesis, data: &Dataset) -> Scoreboard {
    let mut evaluations = Evaluations::new(thesis, data);
    for (j, criterion) in thesis.criteria.iter().enumerate() {
        if let Method::Formula {
            normalization,
            terms,
        } = &criterion.method
        {
            evaluations.set_formula(j, criterion, *normalization, terms, data);
        }
    }
    let companies = u32::try_from(evaluations.len()).expect("fewer than 2^32 companies");
    let ranked: Vec<u32> = (0..companies)
        .filter(|&i| evaluations.in_scope(i as usize))
        .collect();
    // Each scale is fitted in ranking order on one thread, so it does not depend on the pool.
    let scales: Vec<Scale> = (thesis.criteria.par_iter())
        .enumerate()
        .map(|(j, criterion)| {
            let raw = ranked.iter().map(|&i| evaluations.raw(i as usize, j));
            Scale::fit(criterion.normalization, raw)
        })
        .collect();
    let weights = thesis.normalized_weights();
    // Under TOPSIS, each ranked company's distances, by company; empty otherwise.
    let topsis_results: Vec<Option<Topsis>> = match thesis.aggregation {
        Aggregation::Topsis => {
            let raw_matrix: Vec<Vec<Option<f64>>> = (ranked.par_iter())
                .map(|&company| evaluations.raw_row(company as usize))
                .collect();
            let mut by_company = vec![None; evaluations.len()];
            for (&company, result) in ranked.iter().zip(topsis(&raw_matrix, &weights)) {
                by_company[company as usize] = result;
            }
            by_company
        }
        Aggregation::WeightedSum => Vec::new(),
    };
    let mut scoreboard = Scoreboard {
        evaluations,
        scales,
        weights,
        aggregation: thesis.aggregation,
        ranking: Vec::new(),
        topsis: topsis_results,
        corners: corner_names(thesis),
        read_scores: Vec::new(),
        read_totals: Vec::new(),
    };
    let ranking =
        (ranked.into_par_iter()).map(|company| scoreboard.entry(thesis, data, company as usize));
    scoreboard.ranking = ranking.collect();
    rank(&mut scoreboard.ranking, data);
    scoreboard
}

/// The names of the quadrant's corners, when the thesis has a quadrant.
fn corner_names(thesis: &Thesis) -> Option<CornerNames> {
    thesis.quadrant.as_ref().map(|quadrant| {
        [
            Corner::TopLeft,
            Corner::TopRight,
            Corner::BottomLeft,
            Corner::BottomRight,
        ]
        .map(|corner| quadrant.name(corner).to_string())
    })
}

/// Orders the ranked companies, best first, and numbers them: those with evidence on every criterion
/// by total, then those with insufficient evidence on some criterion by their total over the rest;
/// equal totals by id.
pub fn rank(ranking: &mut [Ranked], data: &Dataset) {
    // Ids are unique, so the order is total and an unstable parallel sort gives the same order on
    // any number of threads; the ids themselves are read only where their first eight bytes tie.
    ranking.par_sort_unstable_by(|a, b| {
        (a.order().cmp(&b.order())).then_with(|| data.id(a.company()).cmp(data.id(b.company())))
    });
    for (position, entry) in ranking.iter_mut().enumerate() {
        entry.rank = u32::try_from(position + 1).expect("fewer than 2^32 companies");
    }
}

fn id_prefix(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &id.as_bytes()[..id.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// A total to nine decimal places, so that rounding noise never decides a rank.
fn total_key(total: Option<f64>) -> Option<i64> {
    total.map(|value| round_half_away(value * 1e9))
}

/// A key that sorts higher totals first, equal where [`compare_totals`] has them equal, and
/// companies without a total last.
pub fn descending_total_key(total: Option<f64>) -> u64 {
    // Flipping the sign bit maps i64 onto u64 in order; negating reverses it.
    total_key(total).map_or(u64::MAX, |key| !((key as u64) ^ (1 << 63)))
}

/// `value.round() as i64`, by a truncating cast: it is sorted on a million times, and `round` is a
/// library call on baseline x86-64. Below 2^53 the cast and the fraction are exact; above, the
/// value is whole, or past the range where the cast saturates as `round`'s would.
fn round_half_away(value: f64) -> i64 {
    let whole = value as i64;
    let fraction = value - whole as f64;
    match fraction {
        _ if fraction >= 0.5 => whole.saturating_add(1),
        _ if fraction <= -0.5 => whole.saturating_sub(1),
        _ => whole,
    }
}

/// Higher totals first, compared to nine decimal places so that rounding noise never decides a rank;
/// companies without a total come last.
pub fn compare_totals(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (total_key(a), total_key(b)) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::aggregate::contribute;
    use super::*;
    use crate::io::bundled_inputs;
    use crate::pipeline::load;

    #[test]
    fn a_ranked_company_takes_32_bytes() {
        // A million of them are held beside the dataset; the memory target counts every byte.
        assert_eq!(std::mem::size_of::<Ranked>(), 32);
    }

    /// The total a company is ranked by is the total it is reported with, under both aggregations.
    #[test]
    fn each_company_is_ranked_by_the_total_worked_out_for_it() {
        let mut loaded = load(&bundled_inputs()).unwrap();
        for aggregation in [Aggregation::WeightedSum, Aggregation::Topsis] {
            loaded.thesis.aggregation = aggregation;
            let scores = score(&loaded.thesis, &loaded.data);
            assert!(scores.ranking.len() > 20);
            for entry in &scores.ranking {
                let total = scores.total(entry);
                assert_eq!(
                    descending_total_key(total),
                    entry.total_key,
                    "{aggregation:?}"
                );
                let raw = scores.evaluations.raw_row(entry.company());
                let expected = match aggregation {
                    Aggregation::WeightedSum => {
                        contribute(&mut scores.normalized(&raw), &scores.weights)
                    }
                    Aggregation::Topsis => scores.topsis(entry).map(|topsis| topsis.closeness),
                };
                assert_eq!(total.map(f64::to_bits), expected.map(f64::to_bits));
            }
        }
    }
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn rounding_by_a_cast_rounds_as_round_does(
            value in prop_oneof![
                -1e10f64..1e10,
                (-1_000_000i64..1_000_000).prop_map(|n| n as f64 + 0.5),
                (0u64..u64::MAX).prop_map(f64::from_bits),
            ]
        ) {
            prop_assert_eq!(round_half_away(value), value.round() as i64);
        }

        #[test]
        fn id_prefixes_order_as_the_ids_wherever_they_differ(
            a in "[a\u{0}-\u{3}é]{0,10}",
            b in "[a\u{0}-\u{3}é]{0,10}",
        ) {
            let (pa, pb) = (id_prefix(&a), id_prefix(&b));
            if pa != pb {
                prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
            }
        }
    }
}
