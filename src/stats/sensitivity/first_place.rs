//! The smallest change of one lens weight that hands first place to another company: along each
//! weight, the totals are lines, so the leader's rivals are found where their lines cross.

use super::{FirstPlace, SampledRanking, WeightChange};
use crate::scoring::compare_totals;
use crate::thesis::Aggregation;
use rayon::prelude::*;

impl SampledRanking<'_> {
    /// The leader (and any company tied with it), and per criterion the smallest weight change that
    /// puts another company first. Weighted sum only: under TOPSIS totals are not linear in a weight.
    /// Companies of one profile share their totals, so the profiles stand for them.
    pub(super) fn first_place(&self, base: &[f64]) -> Option<FirstPlace> {
        if self.aggregation != Aggregation::WeightedSum {
            return None;
        }
        let totals = self.totals(base);
        let complete: Vec<usize> = self.complete().collect();
        let leader = *complete.first()?;
        let leaders: Vec<usize> = complete
            .iter()
            .copied()
            .filter(|&p| compare_totals(totals[p], totals[leader]).is_eq())
            .collect();
        // The smallest shift wins, and among equal shifts the challenger ranked first (profiles are
        // numbered in ranking order): a total order, so the parallel reduction gives the same
        // change whatever the threads.
        let changes = (0..base.len())
            .map(|j| {
                complete
                    .par_iter()
                    .filter(|p| !leaders.contains(p))
                    .filter_map(|&challenger| {
                        let (lo, hi) = self.takeover(challenger, &leaders, j, base)?;
                        let change = WeightChange {
                            from: base[j],
                            to: if base[j] < lo { lo } else { hi },
                            new_leader: self.company(self.profiles.representative[challenger]),
                        };
                        Some((challenger, change))
                    })
                    .reduce_with(|best, other| {
                        let shift = |(_, c): &(usize, WeightChange)| (c.to - c.from).abs();
                        let better = shift(&other) < shift(&best)
                            || (shift(&other) == shift(&best) && other.0 < best.0);
                        if better { other } else { best }
                    })
                    .map(|(_, change)| change)
            })
            .collect();
        Some(FirstPlace {
            leaders: self.members_of(&leaders),
            changes,
        })
    }

    /// The interval of criterion j's weight (the others rescaled) over which `challenger` beats every
    /// one of `leaders`, if any: each total is a line in that weight, so each comparison is a half-line.
    fn takeover(
        &self,
        challenger: usize,
        leaders: &[usize],
        j: usize,
        base: &[f64],
    ) -> Option<(f64, f64)> {
        let (a, b) = self.total_along(challenger, j, base);
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        for &held in leaders {
            let (c, d) = self.total_along(held, j, base);
            // challenger - leader = slope * t + offset, which must exceed the tie tolerance.
            let (slope, offset) = (a - c, b - d);
            if slope.abs() < 1e-12 {
                if offset <= 1e-9 {
                    return None;
                }
            } else if slope > 0.0 {
                lo = lo.max((1e-9 - offset) / slope);
            } else {
                hi = hi.min((1e-9 - offset) / slope);
            }
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// A profile's total as a line in criterion j's weight t (the other weights rescaled to sum to
    /// 1 - t): `total(t) = slope * t + offset`.
    fn total_along(&self, profile: usize, j: usize, base: &[f64]) -> (f64, f64) {
        let scores = &self.scores[profile];
        let rest: f64 = 1.0 - base[j];
        let others: f64 = (0..base.len())
            .filter(|&k| k != j)
            .map(|k| base[k] * scores[k].unwrap_or(0.0))
            .sum();
        let others = if rest > 0.0 { others / rest } else { 0.0 };
        let own = scores[j].unwrap_or(0.0);
        (own - others, others)
    }
}
