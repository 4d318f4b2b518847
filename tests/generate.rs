//! `thesis generate`: a synthetic universe that is deterministic, realistic in the ways the issue
//! names, and scored by its own thesis without error.

use crate::common::{QUICK_SCORE, Scratch};
use std::collections::HashSet;

fn generate(scratch: &Scratch, companies: &str, seed: &str, out: &str) {
    scratch
        .run(&[
            "generate",
            "--companies",
            companies,
            "--seed",
            seed,
            "--out",
            out,
        ])
        .assert_success();
}

/// `thesis score` (no charts, no samples, into `out`) on the universe generated into `dir`.
fn score_universe(scratch: &Scratch, dir: &str, extra: &[&str]) -> crate::common::Outcome {
    let files = [
        "--companies",
        &format!("{dir}/companies.csv"),
        "--categories",
        &format!("{dir}/categories.csv"),
        "--thesis",
        &format!("{dir}/thesis.toml"),
    ]
    .map(String::from);
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    scratch.run(&[&QUICK_SCORE[..], &files, extra].concat())
}

fn rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap())
        .collect()
}

#[test]
fn the_same_size_and_seed_give_the_same_bytes_and_another_seed_does_not() {
    let scratch = Scratch::new();
    generate(&scratch, "3000", "5", "a");
    generate(&scratch, "3000", "5", "b");
    generate(&scratch, "3000", "6", "c");
    for file in ["companies.csv", "categories.csv", "thesis.toml"] {
        assert_eq!(
            scratch.read(&format!("a/{file}")),
            scratch.read(&format!("b/{file}")),
            "{file}"
        );
    }
    assert_ne!(
        scratch.read("a/companies.csv"),
        scratch.read("c/companies.csv")
    );
}

#[test]
fn the_universe_has_what_a_provider_export_has() {
    let scratch = Scratch::new();
    generate(&scratch, "20000", "1", "u");
    let companies = rows(&scratch.read("u/companies.csv"));
    let categories = rows(&scratch.read("u/categories.csv"));
    assert_eq!(companies.len(), 20000);
    let ids: HashSet<&str> = companies.iter().map(|row| &row[0]).collect();
    assert_eq!(ids.len(), 20000, "ids are unique");

    assert!(categories.len() >= 24, "dozens of categories");
    let mut sizes: Vec<usize> = categories
        .iter()
        .map(|category| companies.iter().filter(|row| row[2] == category[0]).count())
        .collect();
    sizes.sort_unstable();
    assert!(
        sizes[sizes.len() - 1] > 20 * sizes[0].max(1),
        "skewed: {sizes:?}"
    );

    let funding: Vec<f64> = companies
        .iter()
        .filter_map(|row| row[12].parse().ok())
        .collect();
    let mean = funding.iter().sum::<f64>() / funding.len() as f64;
    let mut sorted = funding.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(
        mean > 1.5 * sorted[sorted.len() / 2],
        "funding is right-skewed"
    );
    for column in [12, 13, 14] {
        let missing = companies
            .iter()
            .filter(|row| row[column].is_empty())
            .count();
        assert!(missing > 200, "column {column} has missing values");
    }
    let names: Vec<&str> = companies.iter().map(|row| &row[1]).collect();
    assert!(names.iter().any(|name| !name.is_ascii()));
    assert!(names.iter().any(|name| name.chars().count() > 60));
    assert!(
        names
            .iter()
            .any(|name| name.contains('"') || name.contains(','))
    );
    let upper: HashSet<String> = names.iter().map(|name| name.to_uppercase()).collect();
    assert!(upper.len() < names.len(), "some names differ only in case");
}

#[test]
fn the_generated_thesis_scores_the_generated_universe() {
    let scratch = Scratch::new();
    generate(&scratch, "2000", "3", "u");
    let thesis = scratch.read("u/thesis.toml");
    assert!(thesis.matches("[[criteria.rules]]").count() >= 12);
    for lens in ["painkiller", "standalone", "momentum"] {
        assert!(thesis.contains(&format!("id = \"{lens}\"")), "{lens}");
    }
    let outcome = score_universe(&scratch, "u", &["--format", "csv"]);
    outcome.assert_success();
    let scores = rows(&scratch.read("out/scores.csv"));
    let precedents = rows(&scratch.read("u/companies.csv"))
        .iter()
        .filter(|row| &row[3] == "precedent")
        .count();
    assert_eq!(
        scores.len(),
        2000 - precedents,
        "every company in scope is ranked"
    );
    let fired: HashSet<&str> = scores
        .iter()
        .flat_map(|row| [&row[15], &row[16]])
        .flat_map(|rules| rules.split(';'))
        .filter(|rule| !rule.is_empty())
        .collect();
    assert_eq!(
        fired.len(),
        13,
        "every rule fires for some company: {fired:?}"
    );
}

#[test]
fn generate_refuses_the_bundled_data_folder() {
    let scratch = Scratch::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    scratch
        .run(&["generate", "--companies", "10", "--out", data])
        .assert_error(
            2,
            &format!(
                "refusing to write {data}: it is the bundled data folder, which holds the inputs of `thesis run`"
            ),
        );
}

#[test]
fn past_a_hundred_thousand_ranked_companies_the_default_workbook_is_left_out_with_a_note() {
    let scratch = Scratch::new();
    generate(&scratch, "110000", "3", "u");
    let outcome = score_universe(&scratch, "u", &[]);
    outcome.assert_success();
    assert!(
        outcome.stderr.contains("note: scores.xlsx is left out: "),
        "{}",
        outcome.stderr
    );
    assert!(scratch.path("out/scores.csv").exists());
    assert!(!scratch.path("out/scores.xlsx").exists());
    assert!(!scratch.read("out/run.json").contains("xlsx"));
}

/// `generate --outcomes` with `extra` options into `out`.
fn generate_outcomes(scratch: &Scratch, out: &str, extra: &[&str]) -> crate::common::Outcome {
    let args = [
        "generate",
        "--companies",
        "3000",
        "--seed",
        "5",
        "--out",
        out,
        "--outcomes",
    ];
    scratch.run(&[&args[..], extra].concat())
}

#[test]
fn planted_outcomes_follow_the_planted_weights_and_the_seed() {
    let scratch = Scratch::new();
    let weights = ["--planted-weights", "painkiller:1,momentum:3"];
    generate_outcomes(&scratch, "one", &weights).assert_success();
    generate_outcomes(&scratch, "two", &weights).assert_success();
    for file in [
        "companies.csv",
        "thesis.toml",
        "outcomes.csv",
        "planted_weights.csv",
    ] {
        assert_eq!(
            scratch.read(&format!("one/{file}")),
            scratch.read(&format!("two/{file}"))
        );
    }
    // Named lenses rescaled to sum to one, the lens not named at zero.
    assert_eq!(
        scratch.read("one/planted_weights.csv"),
        "criterion,weight\npainkiller,0.25\nstandalone,0\nmomentum,0.75\n"
    );
    // The events take their shares of the ranked companies, each company once, final.
    let outcomes = scratch.read("one/outcomes.csv");
    let rows: Vec<Vec<&str>> = outcomes
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let share =
        |event: &str| rows.iter().filter(|row| row[2] == event).count() as f64 / rows.len() as f64;
    for (event, expected) in [("ipo", 0.10), ("acquired", 0.25), ("independent", 0.35)] {
        assert!(
            (share(event) - expected).abs() < 0.002,
            "{event}: {}",
            share(event)
        );
    }
    assert!(
        rows.iter()
            .all(|row| row[3] == "true" && row[1] == "2020-06")
    );
    // The thesis reads them, and a backtest of the thesis's own weights finds them ordered.
    assert!(
        scratch
            .read("one/thesis.toml")
            .contains("[backtest.outcomes]")
    );
    let args = [
        "backtest",
        "--companies",
        "one/companies.csv",
        "--categories",
        "one/categories.csv",
        "--thesis",
        "one/thesis.toml",
        "--outcomes",
        "one/outcomes.csv",
        "--permutations",
        "0",
        "--resamples",
        "0",
    ];
    let backtest = scratch.run(&args);
    let rho = (backtest.assert_success().stdout.lines())
        .find(|line| line.starts_with("Spearman's rho"))
        .and_then(|line| line.split_whitespace().nth(6)?.parse::<f64>().ok())
        .unwrap();
    assert!(rho > 0.3, "{}", backtest.stdout);
}

#[test]
fn planted_weights_must_name_lenses_of_the_generated_thesis() {
    let scratch = Scratch::new();
    let unknown = generate_outcomes(&scratch, "out", &["--planted-weights", "pain:1"]);
    unknown.assert_error(
        4,
        "the generated thesis: --planted-weights: has no lens `pain`: its lenses are \
         painkiller, standalone, momentum",
    );
    assert!(scratch.files("out").is_empty());
    let alone = scratch.run(&[
        "generate",
        "--companies",
        "10",
        "--out",
        "o",
        "--planted-weights",
        "painkiller:1",
    ]);
    assert_eq!(alone.code, 2, "{}", alone.stderr);
}
