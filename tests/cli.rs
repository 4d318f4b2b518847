//! End-to-end tests of the `thesis` binary on small fixtures and on the bundled data.

use crate::common::{QUICK_SCORE, Scratch};
use std::path::Path;

/// Hand computation behind `fixtures/small/expected_scores.csv` (weights 2:1:1 -> 0.5, 0.25, 0.25):
/// pain (first): a 2, b 0.5, c 2, d none (pain missing) -> min-max over a, b, c: 1, 0, 1.
/// size (max, otherwise 0): a 1, b 0, c max(3, 1, -1) = 3, d 1 -> 1/3, 0, 1, 1/3.
/// heat (formula, startups min-max): Storage 4 -> 1, Security 2 -> 0 (also the `heat_startups_score` column).
/// a = 0.5 + 0.25/3 + 0.25 = 0.833333; c = 0.5 + 0.25 = 0.75; b = 0.25;
/// d lacks pain, so size and heat share its total equally: 0.5/3 = 0.166667, ranked after the rest.
/// e is a precedent, outside the scope.
#[test]
fn score_writes_the_hand_computed_table_and_a_manifest() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.score();
    outcome.assert_success();
    // Excel's dialect by default: a byte-order mark, then the plain CSV.
    assert_eq!(
        scratch.read("out/scores.csv"),
        format!("\u{feff}{}", scratch.read("expected_scores.csv"))
    );
    assert_eq!(
        outcome.stderr,
        "ranked 4 companies (1 outside the thesis scope)\nwrote out/scores.csv\nwrote out/sensitivity.csv\n\
         wrote out/scores.xlsx\nwrote out/index.html\nwrote out/explore.html\n\
         wrote out/quadrant.png\nwrote out/quadrant.svg\nwrote out/ranking.png\nwrote out/ranking.svg\nwrote out/sensitivity.png\nwrote out/sensitivity.svg\n\
         wrote out/run.json\n"
    );
    assert!(
        outcome.stdout.starts_with("  1  Alpha"),
        "{}",
        outcome.stdout
    );
    let manifest: serde_json::Value = serde_json::from_str(&scratch.read("out/run.json")).unwrap();
    assert_eq!(manifest["command"], "score");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["thesis"]["file"], "thesis.toml");
    assert_eq!(manifest["thesis"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(manifest["inputs"][0]["file"], "companies.csv");
    assert_eq!(manifest["companies"]["ranked"], 4);
    assert_eq!(manifest["options"]["aggregation"], "weighted-sum");
    assert_eq!(
        manifest["options"]["charts"]["formats"],
        serde_json::json!(["png", "svg"])
    );
    assert_eq!(
        manifest["options"]["tables"],
        serde_json::json!({"formats": ["csv", "xlsx"], "csv_dialect": "excel"})
    );
    assert_eq!(
        scratch.files("out"),
        [
            "explore.html",
            "index.html",
            "quadrant.png",
            "quadrant.svg",
            "ranking.png",
            "ranking.svg",
            "run.json",
            "scores.csv",
            "scores.xlsx",
            "sensitivity.csv",
            "sensitivity.png",
            "sensitivity.svg"
        ]
    );
}

#[test]
fn the_same_inputs_give_byte_identical_outputs_whatever_the_thread_count() {
    let scratch = Scratch::new();
    scratch.run(&["run", "--out", "one"]).assert_success();
    for (dir, threads) in [("two", "1"), ("three", "3")] {
        scratch
            .run_with_env(&["run", "--out", dir], &[("RAYON_NUM_THREADS", threads)])
            .assert_success();
    }
    let files = scratch.files("one");
    assert_eq!(files.len(), 18, "{files:?}");
    for dir in ["two", "three"] {
        assert_eq!(scratch.files(dir), files);
        for file in &files {
            let bytes = |dir: &str| std::fs::read(scratch.path(&format!("{dir}/{file}"))).unwrap();
            assert!(bytes("one") == bytes(dir), "{file} differs in {dir}");
        }
    }
}

#[test]
fn run_ranks_every_company_of_the_article_outside_the_precedents() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    let scores = scratch.read("reports/scores.csv");
    let companies =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/companies.csv"))
            .unwrap();
    let mut reader = csv::Reader::from_reader(companies.as_bytes());
    let expected: Vec<String> = reader
        .records()
        .map(|record| record.unwrap())
        .filter(|record| !["precedent", "maker"].contains(&&record[5]))
        .map(|record| record[0].to_string())
        .collect();
    let mut ranked: Vec<String> = csv::Reader::from_reader(scores.as_bytes())
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert_eq!(ranked.len(), expected.len());
    ranked.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(ranked, expected);
}

#[test]
fn the_committed_report_matches_what_the_code_produces() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    for file in ["scores.csv", "quadrant.png"] {
        let committed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("reports")
                .join(file),
        )
        .unwrap();
        assert!(
            std::fs::read(scratch.path(&format!("reports/{file}"))).unwrap() == committed,
            "reports/{file} is stale: regenerate with `cargo run --release -- run`"
        );
    }
}

#[test]
fn explain_justifies_a_rank_rule_by_rule() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.run_with_inputs(&["explain", "gamma"]);
    outcome.assert_success();
    let text = outcome.stdout;
    assert!(
        text.starts_with(
            "Gamma (c), category Security\nrank 2 of 4, total 0.750000\nquadrant: Big pain\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  fired    +3 s-big  [arr_musd = 30]\n"),
        "{text}"
    );
    assert!(
        text.contains("  fired    -1 s-acq  [acquired = true]\n"),
        "{text}"
    );
    assert!(
        text.contains("    -    +0.5 p-low  [pain = \"high\"]\n"),
        "{text}"
    );
    assert!(
        text.contains("  raw 3.000000 -> min-max score 1.000000 -> contributes 0.250000\n"),
        "{text}"
    );
    assert!(
        text.contains("total: pain 0.500000 + size 0.250000 + heat 0.000000 = 0.750000\n"),
        "{text}"
    );
}

#[test]
fn explain_says_why_evidence_is_missing_and_what_is_outside_the_scope() {
    let scratch = Scratch::with_fixture("small");
    let delta = scratch.run_with_inputs(&["explain", "d"]);
    assert!(
        delta.stdout.contains("  raw insufficient evidence\n"),
        "{}",
        delta.stdout
    );
    assert!(delta.stdout.contains(
        "insufficient evidence for pain: left out, the other weights rescaled to sum to one\n"
    ));
    let epsilon = scratch.run_with_inputs(&["explain", "Epsilon"]);
    assert!(epsilon.stdout.contains(
        "not ranked: outside the thesis scope `role != \"precedent\"` (shown for context)\n"
    ));
}

#[test]
fn explain_on_the_bundled_data_finds_companies_by_id_or_name() {
    let scratch = Scratch::new();
    for query in ["docker", "Docker", "PORTWORX", "Red Hat Atomic Host"] {
        scratch.run(&["explain", query]).assert_success();
    }
}

#[test]
fn check_lists_rules_fields_and_coverage() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.run_with_inputs(&["check"]);
    outcome.assert_success();
    assert!(
        outcome
            .stdout
            .contains("  s-big                           1    0  arr_musd\n"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("companies: 5 read, 4 ranked, 1 outside the scope\n")
    );
    assert!(
        outcome.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn check_warns_about_rules_that_never_fire_always_fire_or_cannot_be_decided() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "when = 'pain == \"low\"'",
        "when = 'pain == \"none\"'",
    );
    scratch.edit(
        "thesis.toml",
        "when = 'acquired'",
        "when = 'arr_musd > 0.0'",
    );
    let outcome = scratch.run_with_inputs(&["check"]);
    outcome.assert_success();
    let warnings: Vec<&str> = outcome
        .stdout
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: criteria[pain].rules[p-low]: fires for no ranked company",
            "warning: criteria[size].rules[s-acq]: undecided for 1 companies (a value it compares is missing)",
        ]
    );
}

#[test]
fn check_lists_every_thesis_problem_and_fails() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit("thesis.toml", "weight = 2", "weight = -2");
    scratch.edit("thesis.toml", "pain == \"high\"", "pian == \"high\"");
    let outcome = scratch.run_with_inputs(&["check"]);
    assert_eq!(outcome.code, 4);
    assert_eq!(
        outcome.stderr,
        "error: thesis.toml: criteria[pain].weight: must be a finite number of zero or more, found -2\n\
         error: thesis.toml: criteria[pain].rules[p-high].when: reads unknown field \"pian\" (did you mean \"pain\"?)\n\
         2 errors\n"
    );
}

#[test]
fn check_warns_but_succeeds_when_a_rule_fires_for_every_company() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "when = 'acquired'",
        "when = 'role == \"startup\"'",
    );
    let outcome = scratch.run_with_inputs(&["check"]);
    outcome.assert_success();
    assert!(outcome.stdout.contains("warning: criteria[size].rules[s-acq]: fires for every ranked company, so it does not tell them apart\n"));
}

#[test]
fn topsis_ranks_by_closeness_and_leaves_contributions_empty() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "as_of = \"2020-01-01\"",
        "as_of = \"2020-01-01\"\naggregation = \"topsis\"",
    );
    scratch.score().assert_success();
    let scores = scratch.read("out/scores.csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(scores.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    // Column norms: pain sqrt(8.25), size sqrt(11), heat sqrt(2); weights 0.5, 0.25, 0.25.
    // Alpha: only size is off the ideal, by 0.25*(3-1)/sqrt(11); Gamma: only heat, by 0.25/sqrt(2).
    let weighted = |weight: f64, value: f64, norm: f64| weight * value / norm;
    let (pain, size, heat) = (8.25_f64.sqrt(), 11.0_f64.sqrt(), 2.0_f64.sqrt());
    let alpha_to_ideal = weighted(0.25, 2.0, size);
    let alpha_to_anti = (weighted(0.5, 1.5, pain).powi(2)
        + weighted(0.25, 1.0, size).powi(2)
        + weighted(0.25, 1.0, heat).powi(2))
    .sqrt();
    let gamma_to_ideal = weighted(0.25, 1.0, heat);
    let gamma_to_anti =
        (weighted(0.5, 1.5, pain).powi(2) + weighted(0.25, 3.0, size).powi(2)).sqrt();
    let ids: Vec<&str> = rows.iter().map(|row| &row[1]).collect();
    assert_eq!(ids, ["a", "c", "b", "d"]);
    let closeness = |row: &csv::StringRecord| row[4].parse::<f64>().unwrap();
    assert!((closeness(&rows[0]) - alpha_to_anti / (alpha_to_ideal + alpha_to_anti)).abs() < 1e-6);
    assert!((closeness(&rows[1]) - gamma_to_anti / (gamma_to_ideal + gamma_to_anti)).abs() < 1e-6);
    for row in &rows {
        let total: f64 = row[4].parse().unwrap();
        assert!((0.0..=1.0).contains(&total));
        assert_eq!((&row[9], &row[10], &row[11]), ("", "", ""));
    }
}

#[test]
fn check_validates_a_thesis_alone_when_no_company_file_is_given() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.run(&["check", "--thesis", "thesis.toml"]);
    outcome.assert_success();
    assert!(
        outcome
            .stdout
            .contains("no company file given: rules are compiled and type-checked, not run\n")
    );
    assert!(
        outcome
            .stdout
            .contains("  s-big                        arr_musd\n"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn sensitivity_prints_rank_intervals_and_run_writes_them() {
    let scratch = Scratch::new();
    let outcome = scratch.run(&["sensitivity", "--samples", "2000", "--seed", "3"]);
    outcome.assert_success();
    let text = &outcome.stdout;
    assert!(
        text.starts_with(
            "2000 weight samples (Dirichlet around the thesis weights, concentration 30), seed 3\n\
             first at the thesis weights: Docker\n"
        ),
        "{text}"
    );
    assert!(text.contains("  painkiller weight 0.400 -> "), "{text}");
    assert_eq!(text.lines().filter(|line| line.contains('%')).count(), 24);
    scratch
        .run(&["run", "--samples", "2000", "--seed", "3", "--top-k", "3"])
        .assert_success();
    let csv = scratch.read("reports/sensitivity.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("rank,id,name,rank_p5,rank_p50,rank_p95,p_first,p_top_3")
    );
    assert_eq!(lines.count(), 24);
    let manifest: serde_json::Value =
        serde_json::from_str(&scratch.read("reports/run.json")).unwrap();
    let record = &manifest["options"]["sensitivity"];
    assert_eq!(record["samples"], 2000);
    assert_eq!(record["seed"], 3);
    assert_eq!(record["prior"], "dirichlet");
    assert_eq!(record["concentration"], 30.0);
    let html = scratch.read("reports/index.html");
    assert!(
        html.contains("<h2 id=\"sensitivity\">"),
        "the report has the section"
    );
    scratch
        .run(&[
            "run",
            "--out",
            "uniform",
            "--uniform-weights",
            "--samples",
            "500",
        ])
        .assert_success();
    let manifest: serde_json::Value =
        serde_json::from_str(&scratch.read("uniform/run.json")).unwrap();
    assert_eq!(manifest["options"]["sensitivity"]["prior"], "uniform");
}

#[test]
fn bad_sensitivity_options_are_usage_errors() {
    let scratch = Scratch::new();
    for args in [
        &["sensitivity", "--concentration", "0"][..],
        &["sensitivity", "--concentration", "lots"],
        &["sensitivity", "--top-k", "0"],
        &["sensitivity", "--uniform-weights", "--concentration", "5"],
        &["sensitivity", "--samples", "-3"],
    ] {
        let outcome = scratch.run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.stderr);
        assert!(outcome.stderr.starts_with("error: "), "{}", outcome.stderr);
    }
    let outcome = scratch.run(&["sensitivity", "--concentration", "0"]);
    assert!(
        outcome
            .stderr
            .contains("expected a positive number, found \"0\""),
        "{}",
        outcome.stderr
    );
}

/// Two companies identical on every lens tie for first: `score` says so and what could separate
/// them, `explain` says so for each of them only, and the report carries the same sentence.
#[test]
fn a_tie_for_first_is_named_with_what_could_separate_it() {
    let scratch = Scratch::with_fixture("small");
    let companies = scratch.read("companies.csv");
    scratch.write(
        "companies.csv",
        format!("{companies}a2,Alpha Two,Storage,startup,high,10,false\n"),
    );
    let outcome = scratch.run_with_inputs(&["score", "--out", "out", "--charts", "none"]);
    outcome.assert_success();
    let sentence = "Alpha and Alpha Two tie for first at 0.833333: they score the same on every \
                    lens, so no change of weights separates them; no fact the thesis reads is \
                    unknown for any of them.";
    assert!(outcome.stdout.contains(sentence), "{}", outcome.stdout);
    assert!(scratch.read("out/index.html").contains(sentence));
    let explained = scratch.run_with_inputs(&["explain", "a2"]);
    assert!(
        explained.stdout.contains(&format!("tie: {sentence}")),
        "{}",
        explained.stdout
    );
    let alone = scratch.run_with_inputs(&["explain", "b"]);
    assert!(!alone.stdout.contains("tie:"), "{}", alone.stdout);
}

/// A lens the thesis weighs at zero stays at zero in every weight sample: two companies that differ
/// only on it tie in every sample and share every statistic.
#[test]
fn a_zero_weight_stays_zero_in_the_weight_samples() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "weight = 1\nhit_policy = \"max\"",
        "weight = 0\nhit_policy = \"max\"",
    );
    scratch.write(
        "companies.csv",
        "id,name,category,role,pain,arr_musd,acquired\n\
         x,Ex,Storage,startup,high,30,false\ny,Why,Storage,startup,high,1,false\n\
         z,Zed,Security,startup,low,5,false\n",
    );
    let args = QUICK_SCORE.map(|arg| if arg == "0" { "2000" } else { arg });
    scratch.run_with_inputs(&args).assert_success();
    let sensitivity = scratch.read("out/sensitivity.csv");
    let row = |id: &str| -> Vec<String> {
        let line = (sensitivity.lines())
            .find(|line| line.split(',').nth(1) == Some(id))
            .unwrap();
        line.split(',').skip(3).map(str::to_string).collect()
    };
    assert_eq!(row("x"), row("y"), "{sensitivity}");
    assert_eq!(
        row("x")[3],
        "1.000000",
        "both first in every sample: {sensitivity}"
    );
}

/// A text longer than an Excel cell holds is cut in the workbook, with a note, and kept whole in
/// the CSV files: the run does not stop at scores.xlsx.
#[test]
fn a_text_too_long_for_a_workbook_cell_is_cut_there_and_whole_elsewhere() {
    let scratch = Scratch::with_fixture("small");
    // The pain rules read it, so the Explanations sheet shows it among the values read.
    let long_pain = "l".repeat(40_000);
    scratch.edit(
        "companies.csv",
        "b,Beta,Storage,startup,low",
        &format!("b,Beta,Storage,startup,{long_pain}"),
    );
    let outcome = scratch.run_with_inputs(&[&QUICK_SCORE[..], &["--format", "csv,xlsx"]].concat());
    outcome.assert_success();
    assert!(scratch.path("out/scores.xlsx").exists());
    let explained = scratch.run_with_inputs(&["explain", "b"]);
    assert!(
        explained.stdout.contains(&long_pain),
        "explain keeps the whole text"
    );
}
