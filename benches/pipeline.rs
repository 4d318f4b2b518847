//! Stage by stage, on synthetic universes of 10,000 and 100,000 companies (`thesis generate`, seed
//! 1): reading and binding the tables, evaluating the rules, scoring, ranking, sensitivity and
//! writing scores.csv. `cargo bench --bench pipeline`; the end-to-end comparison with polars, pandas
//! and a csv-crate floor is `scripts/bench`.

use std::hint::black_box;
use thesis::io::{CsvFormat, RawTable, Source};
use thesis::model::Dataset;
use thesis::report::{CsvDialect, ScoreView, write_csv};
use thesis::scoring::{self, Scoreboard};
use thesis::stats::{SensitivityOptions, sensitivity};
use thesis::synthetic::Universe;
use thesis::thesis::Thesis;

const SIZES: [u64; 2] = [10_000, 100_000];

fn main() {
    divan::main();
}

struct Inputs {
    companies: Source,
    categories: Source,
    thesis: Thesis,
}

fn inputs(companies: u64) -> Inputs {
    let universe = Universe { companies, seed: 1 };
    let files: Vec<(String, Vec<u8>)> = (thesis::synthetic::FILE_NAMES.iter())
        .map(|&name| {
            let mut bytes = Vec::new();
            universe
                .write_file(name, &mut bytes)
                .expect("writes to memory");
            (name.to_string(), bytes)
        })
        .collect();
    let source = |name: &str| {
        let (_, bytes) = files
            .iter()
            .find(|(file, _)| file == name)
            .expect("generated");
        Source::embedded(name, bytes)
    };
    Inputs {
        thesis: Thesis::load(&source("thesis.toml")).expect("the generated thesis compiles"),
        companies: source("companies.csv"),
        categories: source("categories.csv"),
    }
}

fn bind(inputs: &Inputs) -> Dataset {
    let companies = RawTable::parse_as(&inputs.companies, CsvFormat::default()).unwrap();
    let categories = RawTable::parse_as(&inputs.categories, CsvFormat::default()).unwrap();
    Dataset::bind(&companies, &categories, &inputs.thesis.schema).unwrap()
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn load(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    bencher.bench(|| bind(black_box(&inputs)));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn evaluate_rules(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    let data = bind(&inputs);
    bencher.bench(|| scoring::Evaluations::new(&inputs.thesis, black_box(&data)));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn score(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    let data = bind(&inputs);
    bencher.bench(|| scoring::score(&inputs.thesis, black_box(&data)));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn rank(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    let data = bind(&inputs);
    let Scoreboard { mut ranking, .. } = scoring::score(&inputs.thesis, &data);
    ranking.reverse();
    bencher
        .with_inputs(|| ranking.clone())
        .bench_local_refs(|ranking| scoring::rank(ranking, &data));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn write_scores_csv(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    let data = bind(&inputs);
    let scores = scoring::score(&inputs.thesis, &data);
    bencher.bench(|| {
        let view = ScoreView::new(&inputs.thesis, &data, &scores);
        write_csv(&view, CsvDialect::Plain, true, &mut std::io::sink()).unwrap();
    });
}

/// 1,000 weight samples (the target is stated for 10,000 samples × 10,000 companies).
#[divan::bench(args = SIZES, sample_count = 5)]
fn sensitivity_1000_samples(bencher: divan::Bencher, companies: u64) {
    let inputs = inputs(companies);
    let data = bind(&inputs);
    let scores = scoring::score(&inputs.thesis, &data);
    let options = SensitivityOptions {
        samples: 1000,
        ..SensitivityOptions::default()
    };
    bencher.bench(|| sensitivity(&inputs.thesis, &scores, &options, &|_| {}));
}
