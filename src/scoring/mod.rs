//! Scoring: evaluates every rule for every company, normalizes each criterion over the ranked
//! companies, aggregates, ranks and places each company in the quadrant. Pure: the same thesis and
//! data give the same [`Scoreboard`], which keeps every rule's outcome for explanations.

mod aggregate;
mod evaluate;
mod normalize;

pub use aggregate::{Topsis, WeightedSum, topsis, weighted_sum, weighted_total};
pub use evaluate::{Evaluations, Outcome, apply_hit_policy, fired, undecided_reason};
pub use normalize::Scale;

use crate::io::Dataset;
use crate::thesis::{Aggregation, Method, Thesis};
use rayon::prelude::*;
use std::cmp::{Ordering, Reverse};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct Scoreboard {
    /// Every company's rule outcomes and criterion values, in the order of the company file.
    pub evaluations: Evaluations,
    /// The scale each criterion's raw values were normalized with (fitted on the ranked companies).
    pub scales: Vec<Scale>,
    /// The ranked companies, best first: those with evidence on every criterion, by total, then those
    /// with insufficient evidence on some criterion, by their total over the rest; equal totals by id.
    pub ranking: Vec<Ranked>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Index of the company in the dataset.
    pub company: usize,
    /// 1 for the best.
    pub rank: usize,
    /// `None` when no criterion has evidence.
    pub total: Option<f64>,
    pub criteria: Vec<CriterionScore>,
    /// Set when the aggregation is TOPSIS.
    pub topsis: Option<Topsis>,
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

impl Ranked {
    /// Whether some criterion has no evidence for this company.
    pub fn lacks_evidence(&self) -> bool {
        self.criteria
            .iter()
            .any(|criterion| criterion.raw.is_none())
    }

    /// Indices of the criteria without evidence for this company.
    pub fn insufficient(&self) -> Vec<usize> {
        (0..self.criteria.len())
            .filter(|&j| self.criteria[j].raw.is_none())
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
    let raw_of = |company: usize| -> Vec<Option<f64>> {
        (0..thesis.criteria.len())
            .map(|j| evaluations.raw(company, j))
            .collect()
    };
    let topsis_results: Vec<Option<Option<Topsis>>> = match thesis.aggregation {
        Aggregation::Topsis => {
            let raw_matrix: Vec<Vec<Option<f64>>> =
                ranked.par_iter().map(|&company| raw_of(company)).collect();
            topsis(&raw_matrix, &weights)
                .into_iter()
                .map(Some)
                .collect()
        }
        Aggregation::WeightedSum => vec![None; ranked.len()],
    };
    let mut ranking: Vec<Ranked> = ranked
        .par_iter()
        .zip(topsis_results)
        .map(|(&company, topsis_result)| {
            let raw = raw_of(company);
            let scores: Vec<Option<f64>> = raw
                .iter()
                .zip(&scales)
                .map(|(value, scale)| value.map(|v| scale.apply(v)))
                .collect();
            let sum = weighted_sum(&scores, &weights);
            let (total, contributions) = match topsis_result {
                Some(result) => (result.map(|t| t.closeness), vec![None; raw.len()]),
                None => (sum.total, sum.contributions),
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
                criteria: (0..raw.len())
                    .map(|j| CriterionScore {
                        raw: raw[j],
                        score: scores[j],
                        contribution: contributions[j],
                    })
                    .collect(),
                topsis: topsis_result.flatten(),
                quadrant,
            }
        })
        .collect();
    rank(&mut ranking, data);
    Scoreboard {
        evaluations,
        scales,
        ranking,
    }
}

/// Orders the ranked companies, best first, and numbers them: those with evidence on every criterion
/// by total, then those with insufficient evidence on some criterion by their total over the rest;
/// equal totals by id.
pub fn rank(ranking: &mut [Ranked], data: &Dataset) {
    // Each entry's sort key is computed once, with the first eight bytes of its id, so that most
    // ties on the total are broken without reading the ids. Ids are unique, so the order is total and
    // an unstable parallel sort gives the same order on any number of threads.
    let mut keys: Vec<RankKey> = ranking
        .iter()
        .enumerate()
        .map(|(position, entry)| RankKey {
            lacks_evidence: entry.lacks_evidence(),
            total: Reverse(total_key(entry.total)),
            id_prefix: id_prefix(data.id(entry.company)),
            position,
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.lacks_evidence, a.total, a.id_prefix)
            .cmp(&(b.lacks_evidence, b.total, b.id_prefix))
            .then_with(|| {
                let id = |key: &RankKey| data.id(ranking[key.position].company);
                id(a).cmp(id(b))
            })
    });
    let order: Vec<usize> = keys.into_iter().map(|key| key.position).collect();
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

struct RankKey {
    lacks_evidence: bool,
    total: Reverse<Option<i64>>,
    /// The id's first eight bytes, big-endian, zero-padded: ordered as the ids are wherever they
    /// differ, and equal only where the full ids must be compared.
    id_prefix: u64,
    position: usize,
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
