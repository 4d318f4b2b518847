//! A stable least-significant-digit radix sort of `(key, payload)` pairs by key, for ranking many
//! companies many times: linear in the number of pairs, and passes over bytes that every key shares
//! are skipped (scores in [0, 1] differ only in their low four bytes).

/// A key and the index it belongs to.
type Pair = (u64, u32);

/// Sorts `pairs` by key, ascending; equal keys keep their order. `spare` is reused scratch space.
pub(super) fn radix_sort(pairs: &mut [Pair], spare: &mut Vec<Pair>) {
    let mut histograms = [[0usize; 256]; 8];
    for &(key, _) in pairs.iter() {
        for (byte, histogram) in histograms.iter_mut().enumerate() {
            histogram[(key >> (8 * byte)) as usize & 0xff] += 1;
        }
    }
    spare.clear();
    spare.resize(pairs.len(), (0, 0));
    let mut in_pairs = true;
    for (byte, histogram) in histograms.iter().enumerate() {
        if histogram.contains(&pairs.len()) {
            continue;
        }
        let mut offsets = [0usize; 256];
        let mut next = 0;
        for (offset, count) in offsets.iter_mut().zip(histogram) {
            *offset = next;
            next += count;
        }
        let (from, to): (&[Pair], &mut [Pair]) = if in_pairs {
            (pairs, spare.as_mut_slice())
        } else {
            (spare.as_slice(), pairs)
        };
        for &pair in from {
            let digit = (pair.0 >> (8 * byte)) as usize & 0xff;
            to[offsets[digit]] = pair;
            offsets[digit] += 1;
        }
        in_pairs = !in_pairs;
    }
    if !in_pairs {
        pairs.copy_from_slice(spare);
    }
}

#[cfg(test)]
mod tests {
    use super::radix_sort;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_a_stable_sort_by_key(keys in prop::collection::vec(
            prop_oneof![any::<u64>(), 0u64..4, (0u64..1000).prop_map(|k| k << 40)], 0..300)) {
            let mut pairs: Vec<(u64, u32)> =
                keys.iter().enumerate().map(|(index, &key)| (key, index as u32)).collect();
            let mut expected = pairs.clone();
            expected.sort_by_key(|pair| pair.0);
            radix_sort(&mut pairs, &mut Vec::new());
            prop_assert_eq!(pairs, expected);
        }
    }
}
