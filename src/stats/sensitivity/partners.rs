//! Which company each partner's own weights put first: the partnership's disagreement made
//! concrete, beside the rank intervals that sampling from the partners' Dirichlet gives.

use super::SampledRanking;
use crate::scoring::compare_totals;

/// A partner and the company (or the tied companies) first under that partner's weights.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerLeader {
    pub partner: String,
    /// The partner's weights, in criterion order.
    pub weights: Vec<f64>,
    /// Dataset indices of the companies tied first, in the ranking's order at the thesis weights.
    pub leaders: Vec<usize>,
}

impl SampledRanking<'_> {
    /// The companies first under `weights`: the best total, to nine decimals, among those with
    /// evidence on every lens (the others rank after them whatever their total).
    pub(super) fn leaders_at(&self, weights: &[f64]) -> Vec<usize> {
        let totals = self.totals(weights);
        let Some(best) = self
            .complete()
            .min_by(|&a, &b| compare_totals(totals[a], totals[b]))
        else {
            return Vec::new();
        };
        let tied: Vec<usize> = (self.complete())
            .filter(|&profile| compare_totals(totals[profile], totals[best]).is_eq())
            .collect();
        self.members_of(&tied)
    }
}
