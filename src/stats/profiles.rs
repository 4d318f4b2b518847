//! Ranking the same companies under many weightings. Companies with identical scores tie under every
//! weighting, so they are grouped into profiles and each sample ranks the profiles, each counted with
//! its number of companies: the ranks are exactly those of ranking every company, at the cost of the
//! number of distinct profiles (a few thousand among a million companies scored by rules).

use super::radix::radix_sort;
use crate::scoring::descending_total_key;
use rustc_hash::FxHashMap;

/// One value per ranking position and criterion; `None` where a criterion has no evidence.
pub(super) type Matrix = Vec<Vec<Option<f64>>>;

pub(super) struct Profiles {
    /// The profile of each ranking position.
    pub of: Vec<u32>,
    /// The first ranking position of each profile.
    pub representative: Vec<usize>,
    /// How many companies each profile stands for.
    members: Vec<u32>,
    lacks_evidence: Vec<bool>,
    /// Profiles with evidence on every criterion, and the rest: each group ranks apart.
    complete: Vec<u32>,
    lacking: Vec<u32>,
}

/// Reusable buffers for ranking one sample.
#[derive(Default)]
pub(super) struct RankScratch {
    keys: Vec<(u64, u32)>,
    spare: Vec<(u64, u32)>,
}

impl Profiles {
    /// Groups the `count` ranking positions into profiles. `values(position, row)` appends the
    /// position's criterion scores and raw values to `row` and says whether it lacks evidence;
    /// positions with identical rows share a profile, unless `each_alone` (scores redrawn per
    /// sample can no longer be shared). Gives the profiles and each profile's row.
    pub(super) fn group(
        count: usize,
        each_alone: bool,
        mut values: impl FnMut(usize, &mut Vec<Option<f64>>) -> bool,
    ) -> (Profiles, Matrix) {
        let mut seen: FxHashMap<Vec<u64>, u32> = FxHashMap::default();
        let mut profiles = Profiles {
            of: Vec::with_capacity(count),
            representative: Vec::new(),
            members: Vec::new(),
            lacks_evidence: Vec::new(),
            complete: Vec::new(),
            lacking: Vec::new(),
        };
        let mut rows = Vec::new();
        let (mut row, mut key) = (Vec::new(), Vec::new());
        for position in 0..count {
            row.clear();
            let lacks_evidence = values(position, &mut row);
            let next = profiles.representative.len() as u32;
            let profile = match each_alone {
                true => next,
                false => {
                    key.clear();
                    key.extend(row.iter().map(|value| value.map_or(u64::MAX, f64::to_bits)));
                    match seen.get(key.as_slice()) {
                        Some(&profile) => profile,
                        None => {
                            seen.insert(key.clone(), next);
                            next
                        }
                    }
                }
            };
            if profile == next {
                profiles.representative.push(position);
                profiles.members.push(0);
                profiles.lacks_evidence.push(lacks_evidence);
                match lacks_evidence {
                    false => profiles.complete.push(profile),
                    true => profiles.lacking.push(profile),
                }
                rows.push(row.clone());
            }
            profiles.members[profile as usize] += 1;
            profiles.of.push(profile);
        }
        (profiles, rows)
    }

    /// How many companies the profile stands for.
    pub(super) fn members(&self, profile: usize) -> u32 {
        self.members[profile]
    }

    pub(super) fn lacks_evidence(&self, profile: usize) -> bool {
        self.lacks_evidence[profile]
    }

    pub(super) fn len(&self) -> usize {
        self.representative.len()
    }

    /// Each profile's rank under these totals (one per profile). Profiles that tie (equal totals,
    /// both with or both without full evidence) share the best rank of their group ("1224"), so
    /// identical companies get identical statistics rather than ones decided by their ids.
    pub(super) fn ranks_into(
        &self,
        totals: &[Option<f64>],
        scratch: &mut RankScratch,
        ranks: &mut [u32],
    ) {
        let RankScratch { keys, spare } = scratch;
        keys.clear();
        for group in [&self.complete, &self.lacking] {
            let start = keys.len();
            keys.extend(
                group
                    .iter()
                    .map(|&profile| (descending_total_key(totals[profile as usize]), profile)),
            );
            radix_sort(&mut keys[start..], spare);
        }
        let (mut rank, mut ahead) = (1, 0);
        for (index, &(key, profile)) in keys.iter().enumerate() {
            if index > 0 {
                let (before_key, before) = keys[index - 1];
                let tied = before_key == key
                    && self.lacks_evidence[before as usize]
                        == self.lacks_evidence[profile as usize];
                if !tied {
                    rank = ahead + 1;
                }
            }
            ranks[profile as usize] = rank;
            ahead += self.members[profile as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_ranks_equal_the_ranks_of_every_company() {
        // Positions 0 and 2 share a profile; 3 lacks evidence; 1 ties with 0 and 2 by total alone.
        let scores: Matrix = vec![
            vec![Some(0.5), Some(0.5)],
            vec![Some(0.4), Some(0.6)],
            vec![Some(0.5), Some(0.5)],
            vec![Some(0.9), None],
            vec![Some(0.1), Some(0.2)],
        ];
        let lacks = [false, false, false, true, false];
        let totals_of = |weights: [f64; 2]| -> Vec<Option<f64>> {
            scores
                .iter()
                .map(|row| crate::scoring::weighted_total(row, &weights))
                .collect()
        };
        for (weights, expected) in [
            ([0.5, 0.5], [1, 1, 1, 5, 4]),
            ([0.9, 0.1], [1, 3, 1, 5, 4]),
            ([0.1, 0.9], [2, 1, 2, 5, 4]),
        ] {
            for each_alone in [false, true] {
                let (profiles, rows) = Profiles::group(scores.len(), each_alone, |i, row| {
                    row.extend(&scores[i]);
                    lacks[i]
                });
                assert_eq!(profiles.len(), if each_alone { 5 } else { 4 });
                let representatives = profiles.representative.iter();
                let expected_rows: Matrix = representatives.map(|&p| scores[p].clone()).collect();
                assert_eq!(rows, expected_rows);
                let totals = totals_of(weights);
                let profile_totals: Vec<Option<f64>> =
                    profiles.representative.iter().map(|&p| totals[p]).collect();
                let mut ranks = vec![0; profiles.len()];
                profiles.ranks_into(&profile_totals, &mut RankScratch::default(), &mut ranks);
                let by_position: Vec<u32> = profiles
                    .of
                    .iter()
                    .map(|&profile| ranks[profile as usize])
                    .collect();
                assert_eq!(by_position, expected, "{weights:?}, alone: {each_alone}");
            }
        }
    }
}
