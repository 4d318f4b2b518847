//! Invariants of scoring on the bundled data: the order of the company rows changes no company's
//! score or rank, and scaling every weight by the same factor changes no rank.

use proptest::prelude::*;
use std::collections::HashMap;
use thesis::io::{Inputs, Source, bundled_inputs};
use thesis::pipeline::{Loaded, load};
use thesis::scoring::{Scoreboard, score};

fn bundled() -> Loaded {
    load(&bundled_inputs()).expect("the bundled data loads")
}

/// A company's rank, total and criterion scores.
type Standing = (usize, Option<f64>, Vec<Option<f64>>);

fn by_id(loaded: &Loaded, scores: &Scoreboard) -> HashMap<String, Standing> {
    scores
        .ranking
        .iter()
        .map(|entry| {
            let criteria = (scores.criteria(entry).iter())
                .map(|criterion| criterion.score)
                .collect();
            (
                loaded.data.id(entry.company()).to_string(),
                (entry.rank(), scores.total(entry), criteria),
            )
        })
        .collect()
}

/// The inputs with the company file's data rows in a random order given by `seed`.
fn shuffle_companies(mut inputs: Inputs, seed: u64) -> Inputs {
    let bytes = inputs
        .companies
        .bytes()
        .expect("bundled bytes")
        .into_owned();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().expect("a header").clone();
    let mut rows: Vec<csv::StringRecord> =
        reader.records().map(|row| row.expect("a row")).collect();
    let mut state = seed | 1;
    for i in (1..rows.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        rows.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("in memory");
    for row in &rows {
        writer.write_record(row).expect("in memory");
    }
    let shuffled = writer.into_inner().expect("in memory");
    inputs.companies = Source::embedded(&inputs.companies.label, &shuffled);
    inputs
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        (a, b) => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn shuffling_the_rows_changes_no_score_and_no_rank(seed in any::<u64>()) {
        let loaded = bundled();
        let expected = by_id(&loaded, &score(&loaded.thesis, &loaded.data));
        let shuffled = load(&shuffle_companies(bundled_inputs(), seed)).expect("the shuffled data loads");
        let count = loaded.data.len();
        prop_assert!((0..count).any(|i| shuffled.data.id(i) != loaded.data.id(i)));
        let shuffled = by_id(&shuffled, &score(&shuffled.thesis, &shuffled.data));
        prop_assert_eq!(shuffled.len(), expected.len());
        for (id, (rank, total, criteria)) in &expected {
            let (other_rank, other_total, other_criteria) = &shuffled[id];
            prop_assert_eq!(rank, other_rank, "{}", id);
            prop_assert!(close(*total, *other_total), "{}", id);
            prop_assert!(criteria.iter().zip(other_criteria).all(|(a, b)| close(*a, *b)), "{}", id);
        }
    }

    #[test]
    fn scaling_every_weight_changes_no_rank(
        weights in prop::collection::vec(0.01f64..10.0, 3),
        factor in 0.001f64..1000.0,
    ) {
        let mut loaded = bundled();
        for (criterion, weight) in loaded.thesis.criteria.iter_mut().zip(&weights) {
            criterion.weight = *weight;
        }
        let before = by_id(&loaded, &score(&loaded.thesis, &loaded.data));
        for criterion in &mut loaded.thesis.criteria {
            criterion.weight *= factor;
        }
        let after = by_id(&loaded, &score(&loaded.thesis, &loaded.data));
        for (id, (rank, total, _)) in &before {
            prop_assert_eq!(rank, &after[id].0, "{}", id);
            prop_assert!((total.unwrap() - after[id].1.unwrap()).abs() < 1e-9, "{}", id);
        }
    }
}
