//! Companies that tie for first place, and what would separate them: the lenses on which their
//! scores differ (a change of weights would), and the facts the thesis reads that are unknown for
//! some of them (finding those out could).

use super::{Scoreboard, compare_totals};
use crate::model::{Dataset, ValueRef};
use crate::thesis::Thesis;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct TopTie {
    /// The tied companies, in rank order.
    pub companies: Vec<usize>,
    /// Their shared total.
    pub total: Option<f64>,
    /// The criteria on which their scores differ.
    pub differing_criteria: Vec<usize>,
    /// Each field the thesis reads that is missing for some of them, with those companies.
    pub unknown_facts: Vec<(usize, Vec<usize>)>,
}

/// The companies tied for first place (equal totals to nine decimals, and evidence on the same
/// footing), when there are at least two.
pub fn top_tie(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> Option<TopTie> {
    let first = scores.ranking.first()?;
    let total = scores.total(first);
    let tied: Vec<_> = (scores.ranking.iter())
        .take_while(|entry| {
            compare_totals(scores.total(entry), total) == Ordering::Equal
                && scores.lacks_evidence(entry) == scores.lacks_evidence(first)
        })
        .collect();
    if tied.len() < 2 {
        return None;
    }
    let criteria: Vec<_> = tied.iter().map(|entry| scores.criteria(entry)).collect();
    // Scores compared to nine decimals, as totals are.
    let differing_criteria = (0..thesis.criteria.len())
        .filter(|&j| {
            (criteria.iter()).any(|other| {
                compare_totals(other[j].score, criteria[0][j].score) != Ordering::Equal
            })
        })
        .collect();
    let companies: Vec<usize> = tied.iter().map(|entry| entry.company()).collect();
    let unknown_facts = (thesis.fields_read().into_iter())
        .filter(|&field| data.holds(field))
        .filter_map(|field| {
            let missing: Vec<usize> = (companies.iter().copied())
                .filter(|&company| matches!(data.value(company, field), ValueRef::Missing))
                .collect();
            (!missing.is_empty()).then_some((field, missing))
        })
        .collect();
    Some(TopTie {
        companies,
        total,
        differing_criteria,
        unknown_facts,
    })
}
