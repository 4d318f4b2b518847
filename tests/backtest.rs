//! The backtest end to end: hand-computed statistics on the small fixture, who is left out and why,
//! the errors for outcomes that match no company or no class, and the bundled numbers the README
//! quotes.

use crate::common::Scratch;
use std::path::Path;
use thesis::io::{CsvFormat, Inputs, Source, bundled_inputs};
use thesis::pipeline::{self, Loaded};
use thesis::stats::{Backtest, BacktestOptions, Exclusion};

/// a (total 0.833, Small pain) was bought, c (0.75, Big pain) listed, b (0.25, Small vitamin) shut
/// down; d lacks evidence on pain and e is a precedent outside the scope.
const OUTCOMES: &str = "id,date,event,acquirer,price_musd,final\n\
a,2020-06,funded,,,false\n\
a,2021-03,acquired,Big Co,120,true\n\
c,2021,ipo,,,true\n\
b,2022-02,shut-down,,,true\n\
d,2022,acquired,,,true\n\
e,2021,acquired,,,true\n";

fn small_with_outcomes(outcomes: &str) -> Scratch {
    let scratch = Scratch::with_fixture("small");
    scratch.write("outcomes.csv", outcomes);
    scratch
}

fn load(scratch: &Scratch) -> Loaded {
    let file = |name: &str| Source::from_path(&scratch.path(name)).unwrap();
    pipeline::load(&Inputs {
        companies: file("companies.csv"),
        categories: file("categories.csv"),
        thesis: file("thesis.toml"),
        outcomes: Some(file("outcomes.csv")),
        article: None,
        format: CsvFormat::default(),
        allow_look_ahead: false,
    })
    .unwrap()
}

fn backtest(loaded: &Loaded, options: &BacktestOptions) -> Backtest {
    let outcomes = loaded.outcomes.as_ref().unwrap();
    let scores = thesis::scoring::score(&loaded.thesis, &loaded.data);
    pipeline::backtest_and_write(loaded, &scores, outcomes, options, None)
        .unwrap()
        .0
}

fn close(actual: Option<f64>, expected: f64, tolerance: f64) {
    let actual = actual.expect("defined");
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not {expected}"
    );
}

/// Totals 0.833, 0.75, 0.25 against levels 3, 4, 0 (success, success, failure).
/// Spearman: ranks (3,2,1) and (2,3,1), deviations (1,0,-1) and (0,1,-1): 1 / sqrt(2 * 2) = 0.5.
/// Kendall: (a,c) discordant, (a,b) and (c,b) concordant: (2 - 1) / 3.
/// AUC: both successes outscore the failure: 1. Precision at 2: a and c both succeeded: 1.
/// Pain axis: painkillers a, c 2 of 2, vitamin b 0 of 1: Fisher's exact on [[2,0],[0,1]] gives 1/3
/// (the table and the more extreme are the only tables, P = 1/3 and 2/3); Mann–Whitney on (3,4)
/// against (0) has U = 2, the largest of three equally likely values: two-sided p = 2/3.
#[test]
fn the_statistics_match_the_hand_computation() {
    let scratch = small_with_outcomes(OUTCOMES);
    let loaded = load(&scratch);
    let options = BacktestOptions {
        top_k: 2,
        ..BacktestOptions::default()
    };
    let result = backtest(&loaded, &options);
    assert_eq!((result.sample(), result.successes()), (3, 2));
    close(result.spearman.value, 0.5, 1e-12);
    close(result.kendall.value, 1.0 / 3.0, 1e-12);
    close(result.auc.value, 1.0, 1e-12);
    close(result.precision_at_k.value, 1.0, 1e-12);
    let pain = &result.axes[0];
    assert_eq!(loaded.thesis.criteria[pain.criterion].id, "pain");
    assert_eq!(
        (
            pain.halves[0].name.as_str(),
            pain.halves[0].successes,
            pain.halves[0].companies
        ),
        ("Painkiller", 2, 2)
    );
    assert_eq!(
        (
            pain.halves[1].name.as_str(),
            pain.halves[1].successes,
            pain.halves[1].companies
        ),
        ("Vitamin", 0, 1)
    );
    close(pain.fisher_p, 1.0 / 3.0, 1e-9);
    close(pain.mann_whitney_p, 2.0 / 3.0, 1e-9);
    let rates: Vec<(&str, usize, usize)> = result
        .quadrants
        .iter()
        .map(|q| (q.name.as_str(), q.companies, q.successes))
        .collect();
    assert_eq!(
        rates,
        [
            ("Big pain", 1, 1),
            ("Small pain", 1, 1),
            ("Big vitamin", 0, 0),
            ("Small vitamin", 1, 0)
        ]
    );
    assert!(result.too_small());
}

/// Of the 3! orders of three outcome levels, every one gives |rho| >= 0.5, so the permutation
/// p-value of rho is exactly 1. The failure sits at the top or the bottom of the scores in 2 of 3
/// orders, giving |AUC - 0.5| = 0.5, so the AUC's p-value is near 2/3.
#[test]
fn permutation_p_values_approach_their_exact_values() {
    let scratch = small_with_outcomes(OUTCOMES);
    let loaded = load(&scratch);
    let result = backtest(&loaded, &BacktestOptions::default());
    close(result.spearman.p_value, 1.0, 1e-12);
    close(result.auc.p_value, 2.0 / 3.0, 0.02);
    let (low, high) = result.spearman.interval.unwrap();
    assert!((-1.0..=0.5).contains(&low) && (0.5..=1.0).contains(&high));
}

#[test]
fn companies_known_at_the_thesis_date_without_evidence_or_out_of_scope_are_left_out() {
    let outcomes = OUTCOMES.replace("c,2021,ipo", "c,2019-12,ipo");
    let scratch = small_with_outcomes(&outcomes);
    let loaded = load(&scratch);
    let result = backtest(&loaded, &BacktestOptions::default());
    let left_out: Vec<(&str, Option<Exclusion>)> = result
        .companies
        .iter()
        .map(|o| (loaded.data.id(o.company), o.excluded))
        .collect();
    assert_eq!(
        left_out,
        [
            ("a", None),
            ("c", Some(Exclusion::KnownAtThesisDate)),
            ("b", None),
            ("d", Some(Exclusion::InsufficientEvidence)),
            ("e", Some(Exclusion::OutsideScope)),
        ]
    );
    assert_eq!(result.sample(), 2);
}

#[test]
fn the_same_seed_gives_the_same_backtest_and_another_seed_other_draws() {
    let scratch = small_with_outcomes(OUTCOMES);
    let loaded = load(&scratch);
    let options = BacktestOptions::default();
    assert_eq!(backtest(&loaded, &options), backtest(&loaded, &options));
    let other = backtest(
        &loaded,
        &BacktestOptions {
            seed: 7,
            ..options.clone()
        },
    );
    assert_ne!(other.auc.p_value, backtest(&loaded, &options).auc.p_value);
}

#[test]
fn backtest_prints_the_statistics_and_writes_its_files() {
    let scratch = small_with_outcomes(OUTCOMES);
    let outcome = scratch.run_with_inputs(&[
        "backtest",
        "--outcomes",
        "outcomes.csv",
        "--top-k",
        "2",
        "--out",
        "bt",
    ]);
    outcome.assert_success();
    for expected in [
        "3 companies have a final outcome after the thesis date (2020-01-01): 2 counted as a success, 1 not.",
        "Too small a sample to conclude anything.",
        "Precision at 2 (successes among the top 2)",
        "no evidence on every lens: Delta",
        "outside the thesis scope: Epsilon",
    ] {
        assert!(
            outcome.stdout.contains(expected),
            "{expected}\n{}",
            outcome.stdout
        );
    }
    assert_eq!(
        scratch.files("bt"),
        [
            "backtest.csv",
            "backtest.png",
            "backtest.svg",
            "backtest_statistics.csv",
        ]
    );
    let rows = scratch.read("bt/backtest.csv");
    assert!(rows.starts_with("\u{feff}rank,id,name,total,quadrant,date,event,acquirer,price_musd,level,success,in_sample,left_out_because\n"));
    assert!(
        rows.contains(
            "1,a,Alpha,0.833333,Small pain,2021-03,acquired,Big Co,120.000000,3.000000,true,true,\n"
        ),
        "{rows}"
    );
    assert!(rows.contains(",d,Delta,"), "{rows}");
    let statistics = scratch.read("bt/backtest_statistics.csv");
    assert!(
        statistics.contains("\nspearman_rho,0.500000,"),
        "{statistics}"
    );
    assert!(
        statistics.contains("\nfisher_exact_pain,,,,0.333333,3\n"),
        "{statistics}"
    );
}

#[test]
fn outcome_errors_name_the_file_line_and_column() {
    let cases = [
        (
            "id,date,event,final\nalpha,2021,acquired,true\n",
            "outcomes.csv: line 2, column id: no company in the company file has the id \"alpha\" (did you mean \"a\"?)",
        ),
        (
            "id,date,event,final\na,2021,merged,true\n",
            "outcomes.csv: line 2, column event: the final event \"merged\" has no class in the thesis's [backtest.outcomes] (it has acquired, continued, discontinued, independent, ipo, shut-down)",
        ),
    ];
    for (outcomes, expected) in cases {
        let scratch = small_with_outcomes(outcomes);
        scratch
            .run_with_inputs(&["backtest", "--outcomes", "outcomes.csv"])
            .assert_error(3, expected);
    }
}

#[test]
fn your_own_companies_need_an_outcomes_file() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.run_with_inputs(&["backtest"]);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("--outcomes FILE is needed to backtest your own companies"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn an_outcome_scale_in_the_thesis_replaces_the_default() {
    let scratch = small_with_outcomes(OUTCOMES);
    let thesis = scratch.read("thesis.toml");
    scratch.write(
        "thesis.toml",
        format!(
            "{thesis}\n[backtest.outcomes]\nacquired = {{ level = 1, success = false }}\n\
             ipo = {{ level = 2, success = true }}\nshut-down = {{ level = 0, success = false }}\n"
        ),
    );
    let loaded = load(&scratch);
    let result = backtest(&loaded, &BacktestOptions::default());
    assert_eq!((result.sample(), result.successes()), (3, 1));
    // Levels are now 1, 2, 0 for totals 0.833, 0.75, 0.25: the same order as before.
    close(result.spearman.value, 0.5, 1e-12);
}

/// The bundled backtest, as the README reports it.
#[test]
fn the_bundled_backtest_is_what_the_readme_says() {
    let loaded = pipeline::load(&bundled_inputs()).unwrap();
    let result = backtest(&loaded, &BacktestOptions::default());
    assert_eq!((result.sample(), result.successes()), (14, 10));
    close(result.spearman.value, 0.196, 0.0005);
    close(result.spearman.p_value, 0.493, 0.0005);
    close(result.auc.value, 0.725, 0.0005);
    close(result.axes[1].mann_whitney_p, 0.051, 0.0005);
    let left_out = |reason| {
        (result.companies.iter())
            .filter(|o| o.excluded == Some(reason))
            .count()
    };
    assert_eq!(left_out(Exclusion::KnownAtThesisDate), 4);
    assert_eq!(left_out(Exclusion::Unverified), 6);
    let with_unverified = backtest(
        &loaded,
        &BacktestOptions {
            include_unverified: true,
            ..BacktestOptions::default()
        },
    );
    assert_eq!(with_unverified.sample(), 20);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("14 companies, 10\nsuccesses and 4 failures"));
}

#[test]
fn run_backtests_the_bundled_outcomes_and_says_so_in_one_line() {
    let scratch = Scratch::new();
    let outcome = scratch.run(&["run", "--charts", "none", "--samples", "0"]);
    outcome.assert_success();
    assert!(
        outcome.stderr.contains(
            "backtest: 14 companies, 10 successes; Spearman rho 0.196 (p 0.493), ROC AUC 0.725: \
             too small a sample to conclude anything"
        ),
        "{}",
        outcome.stderr
    );
    let manifest = scratch.read("reports/run.json");
    assert!(manifest.contains("\"role\": \"outcomes\""), "{manifest}");
    assert!(manifest.contains("\"permutations\": 9999"), "{manifest}");
}

/// Two lenses with the same pole names: each statistic keeps a name of its own, the repeated pole
/// qualified by its lens.
#[test]
fn statistics_keep_unique_names_when_two_lenses_share_pole_names() {
    let scratch = small_with_outcomes(OUTCOMES);
    scratch.edit(
        "thesis.toml",
        "poles = [\"Small\", \"Big\"]",
        "poles = [\"Vitamin\", \"Painkiller\"]",
    );
    let outcome = scratch.run_with_inputs(&[
        "backtest",
        "--outcomes",
        "outcomes.csv",
        "--out",
        "out",
        "--charts",
        "none",
        "--permutations",
        "0",
        "--resamples",
        "0",
    ]);
    outcome.assert_success();
    let statistics = scratch.read("out/backtest_statistics.csv");
    let names: Vec<&str> = (statistics.lines().skip(1))
        .map(|line| line.split(',').next().unwrap())
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    for name in [
        "success_rate_pain_painkiller",
        "success_rate_size_painkiller",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}
