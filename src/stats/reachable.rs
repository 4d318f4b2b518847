//! The ranked companies that can reach the top N under some weighting of the lenses, so that a page
//! re-ranking under weights its reader chooses need carry only them. A company is left out only
//! when at least N companies beat it whatever the weights: each is at least as good on every lens,
//! and either better on every lens by more than the nine decimals ranks are compared to, or equal
//! and first by id. Under a weighted sum or TOPSIS, being at least as good on every lens gives at
//! least as high a total for any weights, so the companies carried are a superset of every top N.

use crate::model::Dataset;
use crate::scoring::Scoreboard;
use crate::thesis::{Aggregation, Thesis};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Ranking positions one task groups into profiles.
const GROUPED_PER_TASK: usize = 1 << 16;

/// A difference no total rounded to nine decimals can undo.
const MARGIN: f64 = 2e-9;

/// Ranking positions (0 for the first), in ranking order, of the companies that can rank in the
/// top `top` under some weights: every ranked company when there are at most `top`, or fewer than
/// `top` with evidence on every lens (the others rank after those).
///
/// Companies with the same values on every lens form a profile, whose members rank in id order
/// under any weights. A profile's members are beaten whatever the weights by the members of every
/// profile better on each lens by the margin; by those of a profile at least as good on each lens
/// whose ids come first (its totals are never lower, and equal totals go by id); and each by the
/// members before it: only the first members, up to `top` less the beaten-by count, are carried.
pub fn reachable(thesis: &Thesis, data: &Dataset, scores: &Scoreboard, top: usize) -> Vec<usize> {
    let ranking = &scores.ranking;
    let complete: Vec<usize> = (0..ranking.len())
        .filter(|&position| !scores.lacks_evidence(&ranking[position]))
        .collect();
    if ranking.len() <= top || complete.len() < top {
        return (0..ranking.len()).collect();
    }
    let profiles = Profile::group(thesis, scores, &complete);
    let id = |position: usize| data.id(ranking[position].company());
    let rivals = rivals(&profiles, top);
    let mut positions: Vec<usize> = (profiles.iter().zip(&rivals))
        .flat_map(|(profile, rivals)| {
            let carried = carried_members(&profiles, profile, rivals, top, &id);
            profile.members[..carried].iter().copied()
        })
        .collect();
    positions.sort_unstable();
    positions
}

/// Companies with the same values on every lens: the lens scores, or under TOPSIS the raw values
/// its distances grow with (each divided by a positive norm).
struct Profile {
    values: Vec<f64>,
    /// Ranking positions, in ranking order, which for equal values is id order.
    members: Vec<usize>,
}

impl Profile {
    /// The profiles of the companies at `positions`, in order of their first member: grouped a
    /// chunk of positions per task, with one lens vector and one key reused throughout (only a
    /// new profile allocates), then joined in chunk order, so the result does not depend on the
    /// number of threads.
    fn group(thesis: &Thesis, scores: &Scoreboard, positions: &[usize]) -> Vec<Profile> {
        let chunks: Vec<Vec<Profile>> = positions
            .par_chunks(GROUPED_PER_TASK)
            .map(|chunk| Profile::group_chunk(thesis, scores, chunk))
            .collect();
        let mut index: FxHashMap<Box<[u64]>, usize> = FxHashMap::default();
        let mut profiles: Vec<Profile> = Vec::new();
        for profile in chunks.into_iter().flatten() {
            let key: Box<[u64]> = profile.values.iter().map(|value| value.to_bits()).collect();
            match index.get(&key) {
                Some(&slot) => profiles[slot].members.extend(profile.members),
                None => {
                    index.insert(key, profiles.len());
                    profiles.push(profile);
                }
            }
        }
        profiles
    }

    fn group_chunk(thesis: &Thesis, scores: &Scoreboard, positions: &[usize]) -> Vec<Profile> {
        let mut index: FxHashMap<Box<[u64]>, usize> = FxHashMap::default();
        let mut profiles: Vec<Profile> = Vec::new();
        let (mut criteria, mut key) = (Vec::new(), Vec::new());
        for &position in positions {
            scores.criteria_into(&scores.ranking[position], &mut criteria);
            key.clear();
            key.extend(criteria.iter().map(|criterion| {
                let value = match thesis.aggregation {
                    Aggregation::WeightedSum => criterion.score,
                    Aggregation::Topsis => criterion.raw,
                };
                value.unwrap_or(f64::NEG_INFINITY).to_bits()
            }));
            let slot = match index.get(key.as_slice()) {
                Some(&slot) => slot,
                None => {
                    profiles.push(Profile {
                        values: key.iter().copied().map(f64::from_bits).collect(),
                        members: Vec::new(),
                    });
                    index.insert(key.clone().into_boxed_slice(), profiles.len() - 1);
                    profiles.len() - 1
                }
            };
            profiles[slot].members.push(position);
        }
        profiles
    }

    fn sum(&self) -> f64 {
        self.values.iter().sum()
    }

    /// Better on every lens by the margin: ahead whatever the weights.
    fn clearly_beats(&self, other: &Profile) -> bool {
        (self.values.iter().zip(&other.values)).all(|(mine, theirs)| *mine >= theirs + MARGIN)
    }

    /// At least as good on every lens: a total never lower, whatever the weights.
    fn at_least(&self, other: &Profile) -> bool {
        (self.values.iter().zip(&other.values)).all(|(mine, theirs)| mine >= theirs)
    }
}

/// How many profiles a profile is compared with, lens by lens, at most per company of the top: past
/// it the count stops short, which only carries more companies.
const COMPARED_PER_PLACE: usize = 4;

/// The profiles ahead of one whatever the weights.
#[derive(Debug, Default, PartialEq)]
struct Rivals {
    /// How many companies are in the profiles better on every lens by the margin.
    clear: usize,
    /// The profiles at least as good on every lens, but not by the margin: their members with an
    /// earlier id are ahead.
    weak: Vec<usize>,
}

/// For each profile, its rivals (the clear ones counted up to about `top`): first by the cheapest
/// test, another's worst lens above this one's best by the margin, then lens by lens among the
/// profiles whose sums are as high, best first.
fn rivals(profiles: &[Profile], top: usize) -> Vec<Rivals> {
    let worst = |profile: &Profile| profile.values.iter().copied().fold(f64::INFINITY, f64::min);
    let best = |profile: &Profile| {
        profile
            .values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    };
    // Members of the profiles in order of their worst lens, best first, and running counts.
    let mut by_worst: Vec<(f64, usize)> = (profiles.iter())
        .map(|profile| (worst(profile), profile.members.len()))
        .collect();
    by_worst.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut running = Vec::with_capacity(by_worst.len() + 1);
    running.push(0);
    for &(_, members) in &by_worst {
        running.push(running.last().copied().unwrap_or(0) + members);
    }
    let mut by_sum: Vec<usize> = (0..profiles.len()).collect();
    let sums: Vec<f64> = profiles.iter().map(Profile::sum).collect();
    by_sum.sort_unstable_by(|&a, &b| sums[b].total_cmp(&sums[a]));
    (0..profiles.len())
        .map(|index| {
            let profile = &profiles[index];
            let bar = best(profile) + MARGIN;
            let cheap = running[by_worst.partition_point(|&(other, _)| other > bar)];
            if cheap >= top {
                return Rivals {
                    clear: cheap,
                    weak: Vec::new(),
                };
            }
            // A profile at least as good on every lens has a sum at least as high.
            let mut rivals = Rivals::default();
            let ahead = by_sum
                .iter()
                .take_while(|&&other| sums[other] >= sums[index]);
            for &other in ahead.take(COMPARED_PER_PLACE * top) {
                let rival = &profiles[other];
                if other == index || !rival.at_least(profile) {
                    continue;
                }
                match rival.clearly_beats(profile) {
                    true => rivals.clear += rival.members.len(),
                    false => rivals.weak.push(other),
                }
                if rivals.clear >= top {
                    break;
                }
            }
            rivals
        })
        .collect()
}

/// How many of the profile's first members (in id order) fewer than `top` companies beat whatever
/// the weights: the clear rivals' members, the weak rivals' members with earlier ids, and the
/// profile's own earlier members. Found by halving, since the count grows member by member.
fn carried_members<'a>(
    profiles: &[Profile],
    profile: &Profile,
    rivals: &Rivals,
    top: usize,
    id: &dyn Fn(usize) -> &'a str,
) -> usize {
    let beaten = |member: usize| {
        let own = id(profile.members[member]);
        let weak: usize = (rivals.weak.iter())
            .map(|&rival| {
                profiles[rival]
                    .members
                    .partition_point(|&other| id(other) < own)
            })
            .sum();
        rivals.clear + member + weak
    };
    let candidates = profile.members.len().min(top);
    // The first member beaten by `top` or more, or all the candidates.
    let (mut low, mut high) = (0, candidates);
    while low < high {
        let middle = usize::midpoint(low, high);
        if beaten(middle) >= top {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(rows: &[(&[f64], usize)]) -> Vec<Profile> {
        let mut next = 0;
        (rows.iter())
            .map(|&(values, members)| {
                next += members;
                Profile {
                    values: values.to_vec(),
                    members: (next - members..next).collect(),
                }
            })
            .collect()
    }

    #[test]
    fn rivals_are_the_profiles_ahead_on_every_lens_clearly_or_not() {
        let set = profiles(&[
            (&[0.9, 0.8], 2),
            (&[0.7, 0.95], 1),
            (&[0.5, 0.6], 3),
            (&[0.1, 0.2], 1),
            // Ahead of the third on one lens by less than the margin, level on none below it.
            (&[0.5 + 1e-10, 0.9], 1),
        ]);
        let clear: Vec<usize> = rivals(&set, 100)
            .iter()
            .map(|rivals| rivals.clear)
            .collect();
        // The first two profiles (3 companies) beat the third clearly, the last not clearly; the
        // other four profiles (7 companies) beat the fourth; the second beats the last.
        assert_eq!(clear, vec![0, 0, 3, 7, 1]);
        assert_eq!(rivals(&set, 100)[2].weak, vec![4]);
    }

    #[test]
    fn a_profile_carries_its_members_until_top_companies_beat_them() {
        // Members 0..4 in the first profile, 4..10 in the second, level with it on one lens.
        let set = profiles(&[(&[0.9, 0.5], 4), (&[0.6, 0.5], 6)]);
        let ids = ["b", "d", "f", "h", "a", "c", "e", "g", "i", "j"];
        let id = |member: usize| ids[member];
        let found = rivals(&set, 5);
        assert_eq!(found[1].weak, vec![0]);
        // The second profile's members a, c, e, g, … are beaten by their own earlier members
        // and by the first profile's earlier ids: a by 0, c by 1 + 1 (b), e by 2 + 2,
        // g by 3 + 3 (b, d, f): with top 5, a, c and e are carried.
        assert_eq!(carried_members(&set, &set[1], &found[1], 5, &id), 3);
        assert_eq!(carried_members(&set, &set[0], &found[0], 5, &id), 4);
    }

    use proptest::prelude::*;

    /// The companies carried from these profiles (members numbered in order, ids given).
    fn carried(set: &[Profile], top: usize, ids: &[String]) -> Vec<usize> {
        let id = |member: usize| ids[member].as_str();
        let found = rivals(set, top);
        (set.iter().zip(&found))
            .flat_map(|(profile, rivals)| {
                let count = carried_members(set, profile, rivals, top, &id);
                profile.members[..count].to_vec()
            })
            .collect()
    }

    proptest! {
        /// Under any weights, every company of the top N, ranked as the engine ranks (weighted
        /// sum, nine decimals, then id), is carried.
        #[test]
        fn every_top_n_under_any_weights_is_carried(
            levels in proptest::collection::vec((0u8..4, 0u8..4, 0u8..3), 1..12),
            members in proptest::collection::vec(1usize..6, 12),
            id_order in Just(()).prop_perturb(|(), mut rng| {
                let mut ids: Vec<usize> = (0..72).collect();
                for i in (1..ids.len()).rev() {
                    ids.swap(i, rng.random_range(0..=i));
                }
                ids
            }),
            weights in proptest::collection::vec(proptest::collection::vec(0.0f64..1.0, 3), 1..6),
            top in 1usize..12,
        ) {
            // Distinct profiles: lens values on a coarse grid, some a hair apart.
            let mut rows: Vec<(Vec<f64>, usize)> = Vec::new();
            for (index, &(a, b, c)) in levels.iter().enumerate() {
                let values = vec![f64::from(a) / 3.0, f64::from(b) / 3.0, f64::from(c) * 1e-10];
                if rows.iter().all(|(other, _)| *other != values) {
                    rows.push((values, members[index]));
                }
            }
            let mut next = 0;
            let set: Vec<Profile> = (rows.iter())
                .map(|(values, count)| {
                    next += count;
                    Profile { values: values.clone(), members: Vec::new() }
                })
                .collect();
            // Members get ids; within a profile, in id order as the ranking keeps them.
            let ids: Vec<String> = id_order.iter().map(|n| format!("id{n:03}")).collect();
            let mut set = set;
            let mut member = 0;
            for (profile, (_, count)) in set.iter_mut().zip(&rows) {
                let mut own: Vec<usize> = (member..member + count).collect();
                own.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
                profile.members = own;
                member += count;
            }
            let carried = carried(&set, top, &ids);
            for w in &weights {
                let available: f64 = w.iter().sum();
                prop_assume!(available > 0.0);
                let mut ranked: Vec<(i64, &str, usize)> = Vec::new();
                for profile in &set {
                    let total: f64 = (profile.values.iter().zip(w))
                        .map(|(value, weight)| value * weight / available)
                        .sum();
                    for &member in &profile.members {
                        ranked.push((-((total * 1e9).round() as i64), &ids[member], member));
                    }
                }
                ranked.sort();
                for &(_, _, member) in ranked.iter().take(top) {
                    prop_assert!(carried.contains(&member), "member {member} under {w:?}");
                }
            }
        }
    }
}
