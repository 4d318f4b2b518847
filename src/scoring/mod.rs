//! Scoring: evaluates every rule for every company, normalizes each criterion over the ranked
//! companies, aggregates, ranks and places each company in the quadrant. Pure: the same thesis and
//! data give the same [`Scoreboard`], which keeps every rule's outcome for explanations.

mod aggregate;
mod evaluate;
mod normalize;

pub use aggregate::{Topsis, contribute, topsis, weighted_total};
pub use evaluate::{Evaluations, Outcome, apply_hit_policy, fired, undecided_reason};
pub use normalize::Scale;

use crate::io::Dataset;
use crate::thesis::{Aggregation, Method, Thesis};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::sync::Arc;

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
}

/// A ranked company. Its criterion scores follow from its raw values and are worked out when asked
/// for ([`Scoreboard::criteria`]), so that a million ranked companies take a few dozen bytes each.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Index of the company in the dataset.
    pub company: usize,
    /// 1 for the best.
    pub rank: usize,
    /// `None` when no criterion has evidence.
    pub total: Option<f64>,
    /// Set when the aggregation is TOPSIS.
    pub topsis: Option<Box<Topsis>>,
    /// The quadrant's name, shared by every company in it.
    pub quadrant: Option<Arc<str>>,
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
        let raw = self.evaluations.raw_row(entry.company);
        let scores = self.normalized(&raw);
        let mut shares = scores.clone();
        match self.aggregation {
            Aggregation::WeightedSum => {
                contribute(&mut shares, &self.weights);
            }
            Aggregation::Topsis => shares.fill(None),
        }
        (raw.into_iter().zip(scores).zip(shares))
            .map(|((raw, score), contribution)| CriterionScore {
                raw,
                score,
                contribution,
            })
            .collect()
    }

    /// Whether some criterion has no evidence for this company.
    pub fn lacks_evidence(&self, entry: &Ranked) -> bool {
        self.evaluations.lacks_evidence(entry.company)
    }

    /// Indices of the criteria without evidence for this company.
    pub fn insufficient(&self, entry: &Ranked) -> Vec<usize> {
        self.evaluations.insufficient(entry.company)
    }

    fn normalized(&self, raw: &[Option<f64>]) -> Vec<Option<f64>> {
        raw.iter()
            .zip(&self.scales)
            .map(|(value, scale)| value.map(|v| scale.apply(v)))
            .collect()
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
    let ranked: Vec<usize> = (0..evaluations.len())
        .filter(|&i| evaluations.in_scope(i))
        .collect();
    let scales: Vec<Scale> = thesis
        .criteria
        .iter()
        .enumerate()
        .map(|(j, criterion)| {
            let raw: Vec<Option<f64>> = ranked.iter().map(|&i| evaluations.raw(i, j)).collect();
            Scale::fit(criterion.normalization, &raw)
        })
        .collect();
    let weights = thesis.normalized_weights();
    let quadrant_names: Vec<Arc<str>> = thesis
        .quadrant
        .iter()
        .flat_map(|quadrant| {
            [
                &quadrant.top_left,
                &quadrant.top_right,
                &quadrant.bottom_left,
                &quadrant.bottom_right,
            ]
            .map(|name| Arc::from(name.as_str()))
        })
        .collect();
    // Under TOPSIS, each ranked company's distances, in the order of `ranked`; empty otherwise.
    let topsis_results: Vec<Option<Topsis>> = match thesis.aggregation {
        Aggregation::Topsis => {
            let raw_matrix: Vec<Vec<Option<f64>>> = (ranked.par_iter())
                .map(|&company| evaluations.raw_row(company))
                .collect();
            topsis(&raw_matrix, &weights)
        }
        Aggregation::WeightedSum => Vec::new(),
    };
    let mut scoreboard = Scoreboard {
        evaluations,
        scales,
        weights,
        aggregation: thesis.aggregation,
        ranking: Vec::new(),
    };
    let ranking = ranked.par_iter().enumerate().map(|(position, &company)| {
        let topsis = topsis_results.get(position);
        let scores = scoreboard.normalized(&scoreboard.evaluations.raw_row(company));
        let total = match topsis {
            Some(result) => result.map(|t| t.closeness),
            None => weighted_total(&scores, &scoreboard.weights),
        };
        let quadrant = thesis.quadrant.as_ref().and_then(|quadrant| {
            let name = quadrant.name_for(scores[quadrant.x]?, scores[quadrant.y]?);
            quadrant_names
                .iter()
                .find(|shared| ***shared == *name)
                .cloned()
        });
        Ranked {
            company,
            rank: 0,
            total,
            topsis: topsis.copied().flatten().map(Box::new),
            quadrant,
        }
    });
    scoreboard.ranking = ranking.collect();
    rank(&mut scoreboard.ranking, &scoreboard.evaluations, data);
    scoreboard
}

/// Orders the ranked companies, best first, and numbers them: those with evidence on every criterion
/// by total, then those with insufficient evidence on some criterion by their total over the rest;
/// equal totals by id.
pub fn rank(ranking: &mut [Ranked], evaluations: &Evaluations, data: &Dataset) {
    // Each entry's sort key is computed once, with the first eight bytes of its id, so that most
    // ties on the total are broken without reading the ids. Ids are unique, so the order is total and
    // an unstable parallel sort gives the same order on any number of threads.
    let mut keys: Vec<RankKey> = ranking
        .iter()
        .enumerate()
        .map(|(position, entry)| RankKey::new(entry, evaluations, data, position))
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.class, a.total, a.id_prefix)
            .cmp(&(b.class, b.total, b.id_prefix))
            .then_with(|| {
                let id = |key: &RankKey| data.id(ranking[key.position as usize].company);
                id(a).cmp(id(b))
            })
    });
    let order: Vec<usize> = (keys.into_iter())
        .map(|key| key.position as usize)
        .collect();
    permute(ranking, &order);
    for (position, entry) in ranking.iter_mut().enumerate() {
        entry.rank = position + 1;
    }
}

/// Reorders `items` in place so that `items[i]` becomes the old `items[order[i]]`, by following
/// each cycle of the permutation once: no second copy of the items.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let mut slot = start;
        while order[slot] != start {
            items.swap(slot, order[slot]);
            placed[slot] = true;
            slot = order[slot];
        }
        placed[slot] = true;
    }
}

/// An entry's place in the order, in 24 bytes: a million of them are sorted at once.
struct RankKey {
    /// 0 with evidence on every criterion, 1 with a total over the rest, 2 without a total.
    class: u8,
    /// The total to nine decimal places, mapped so that the higher total has the lower key.
    total: u64,
    /// The id's first eight bytes, big-endian, zero-padded: ordered as the ids are wherever they
    /// differ, and equal only where the full ids must be compared.
    id_prefix: u64,
    position: u32,
}

impl RankKey {
    fn new(entry: &Ranked, evaluations: &Evaluations, data: &Dataset, position: usize) -> RankKey {
        let total = total_key(entry.total);
        RankKey {
            class: match (evaluations.lacks_evidence(entry.company), total) {
                (false, _) => 0,
                (true, Some(_)) => 1,
                (true, None) => 2,
            },
            // Flipping the sign bit maps i64 onto u64 in order; negating reverses it.
            total: total.map_or(0, |key| !((key as u64) ^ (1 << 63))),
            id_prefix: id_prefix(data.id(entry.company)),
            position: u32::try_from(position).expect("fewer than 2^32 ranked companies"),
        }
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
    total.map(|value| (value * 1e9).round() as i64)
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
    use super::{id_prefix, permute};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn permuting_in_place_gives_each_slot_the_item_its_order_names(
            order in (0usize..40).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        ) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut permuted = items;
            permute(&mut permuted, &order);
            prop_assert_eq!(permuted, expected);
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
