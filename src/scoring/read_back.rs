//! A scoreboard read back from a scores table that `thesis` or a warehouse's SQL wrote: the ranked
//! companies in the table's order, with the table's raw values, criterion scores and fired rules,
//! so that the statistics, charts and report run on a result scored elsewhere.

use super::evaluate::Evaluations;
use super::normalize::Scale;
use super::{Scoreboard, corner_names, topsis};
use crate::model::Dataset;
use crate::thesis::{Aggregation, Thesis};

/// One ranked company as a scores table gives it back.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadCompany {
    /// Per criterion, the raw value; `None` for insufficient evidence.
    pub raw: Vec<Option<f64>>,
    /// Per criterion, the normalized score, present where the raw value is.
    pub scores: Vec<Option<f64>>,
    /// Per criterion, the indices of the rules that fired (none for a formula).
    pub fired: Vec<Vec<usize>>,
    /// The total, by which the table ranked it.
    pub total: Option<f64>,
}

impl Scoreboard {
    /// The scoreboard of `companies`, given best first: company `i` is `data`'s `i`-th and ranks
    /// `i + 1`, as the table ranked it. The scores and totals are the table's; contributions,
    /// TOPSIS distances and quadrant corners are worked out from them under the thesis's weights
    /// ([`Scoreboard::total_from_scores`] gives the total they imply), and the scales are fitted on
    /// the raw values, as scoring fitted them on the same companies.
    pub fn read_back(thesis: &Thesis, data: &Dataset, companies: Vec<ReadCompany>) -> Scoreboard {
        let flat = |part: fn(&ReadCompany) -> &[Option<f64>]| -> Vec<f64> {
            (companies.iter())
                .flat_map(|company| part(company).iter().map(|value| value.unwrap_or(f64::NAN)))
                .collect()
        };
        let (raw, read_scores) = (
            flat(|company| &company.raw),
            flat(|company| &company.scores),
        );
        let read_totals = (companies.iter())
            .map(|company| company.total.unwrap_or(f64::NAN))
            .collect();
        let weights = thesis.normalized_weights();
        let topsis_results = match thesis.aggregation {
            Aggregation::Topsis => {
                let raw_matrix: Vec<Vec<Option<f64>>> = companies
                    .iter()
                    .map(|company| company.raw.clone())
                    .collect();
                topsis(&raw_matrix, &weights)
            }
            Aggregation::WeightedSum => Vec::new(),
        };
        let evaluations = Evaluations::read_back(
            thesis,
            raw,
            companies.into_iter().map(|company| company.fired),
        );
        let scales = (thesis.criteria.iter().enumerate())
            .map(|(j, criterion)| {
                let raw = (0..evaluations.len()).map(|company| evaluations.raw(company, j));
                Scale::fit(criterion.normalization, raw)
            })
            .collect();
        let mut board = Scoreboard {
            evaluations,
            scales,
            weights,
            aggregation: thesis.aggregation,
            ranking: Vec::new(),
            topsis: topsis_results,
            corners: corner_names(thesis),
            read_scores,
            read_totals,
        };
        board.ranking = (0..data.len())
            .map(|company| {
                let mut entry = board.entry(thesis, data, company);
                entry.rank = u32::try_from(company + 1).expect("fewer than 2^32 companies");
                entry
            })
            .collect();
        board
    }
}
