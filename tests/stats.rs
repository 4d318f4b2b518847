//! Rank stability through the library: hand-computed weight changes, invariants of the Monte Carlo,
//! and the same result whatever the number of threads.

use std::path::Path;
use thesis::io::{CsvFormat, Inputs, Source, bundled_inputs};
use thesis::pipeline::{self, Loaded};
use thesis::scoring::{self, Scoreboard};
use thesis::stats::{Sensitivity, SensitivityOptions, WeightChange, WeightPrior, sensitivity};

fn small() -> (Loaded, Scoreboard) {
    small_with_rule("", "")
}

/// The small fixture with one piece of its thesis replaced (nothing when `from` is empty).
fn small_with_rule(from: &str, to: &str) -> (Loaded, Scoreboard) {
    let file = |name: &str| {
        Source::from_path(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/small")
                .join(name),
        )
        .unwrap()
    };
    let thesis = file("thesis.toml");
    let text = String::from_utf8(thesis.bytes().unwrap().into_owned()).unwrap();
    assert!(text.contains(from));
    let thesis = Source::embedded("thesis.toml", text.replacen(from, to, 1).as_bytes());
    let loaded = pipeline::load(&Inputs {
        companies: file("companies.csv"),
        categories: file("categories.csv"),
        thesis,
        outcomes: None,
        article: None,
        format: CsvFormat::default(),
        allow_look_ahead: false,
    })
    .unwrap();
    let scores = scoring::score(&loaded.thesis, &loaded.data);
    (loaded, scores)
}

fn bundled() -> (Loaded, Scoreboard) {
    let loaded = pipeline::load(&bundled_inputs()).unwrap();
    let scores = scoring::score(&loaded.thesis, &loaded.data);
    (loaded, scores)
}

fn run(loaded: &Loaded, scores: &Scoreboard, options: &SensitivityOptions) -> Sensitivity {
    sensitivity(&loaded.thesis, scores, options, &|_| {})
}

/// Runs `work` on a rayon pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(work)
}

fn id(loaded: &Loaded, company: usize) -> &str {
    loaded.data.id(company)
}

/// Small fixture, weights 0.5 / 0.25 / 0.25; scores a (1, 1/3, 1), c (1, 1, 0), b (0, 0, 1).
/// Moving only the size weight t (the others rescaled): a = t/3 + (1 - t), c = t + (1 - t) * 2/3, so
/// c leads from t = 1/3. Moving only the heat weight t: a = t + (1 - t) * 7/9, c = 1 - t, so c leads
/// below t = 2/11. Moving the pain weight never changes the leader (a and c both score 1 on it).
#[test]
fn the_smallest_weight_change_matches_the_hand_computation() {
    let (loaded, scores) = small();
    let result = run(
        &loaded,
        &scores,
        &SensitivityOptions {
            samples: 10,
            ..SensitivityOptions::default()
        },
    );
    let first = result.first_place.unwrap();
    let leaders: Vec<&str> = first.leaders.iter().map(|&c| id(&loaded, c)).collect();
    assert_eq!(leaders, ["a"]);
    assert_eq!(first.changes[0], None);
    let expect = |change: Option<WeightChange>, to: f64| {
        let change = change.unwrap();
        assert!((change.from - 0.25).abs() < 1e-12);
        assert!((change.to - to).abs() < 1e-6, "{change:?}");
        assert_eq!(id(&loaded, change.new_leader), "c");
    };
    expect(first.changes[1], 1.0 / 3.0);
    expect(first.changes[2], 2.0 / 11.0);
}

#[test]
fn fixed_weights_give_no_rank_spread() {
    let (loaded, scores) = bundled();
    let options = SensitivityOptions {
        samples: 300,
        prior: WeightPrior::Fixed,
        ..SensitivityOptions::default()
    };
    let result = run(&loaded, &scores, &options);
    assert_eq!(result.companies.len(), 24);
    for (position, company) in result.companies.iter().enumerate() {
        assert_eq!(company.rank, position + 1);
        assert_eq!(
            (company.p5, company.p95),
            (company.p50, company.p50),
            "{company:?}"
        );
        assert_eq!(company.first, if company.p50 == 1 { 1.0 } else { 0.0 });
        assert_eq!(company.top_k, if company.p50 <= 5 { 1.0 } else { 0.0 });
    }
    // Chef and Puppet Labs, tied at fourth, share rank 4; Portworx, next, is sixth in competition
    // ranking.
    let medians: Vec<usize> = result.companies[..6].iter().map(|c| c.p50).collect();
    assert_eq!(medians, [1, 2, 3, 4, 4, 6]);
}

#[test]
fn dominated_companies_and_those_lacking_evidence_never_rank_first() {
    let (loaded, scores) = small();
    for prior in [
        WeightPrior::Uniform,
        WeightPrior::Dirichlet { concentration: 2.0 },
    ] {
        let options = SensitivityOptions {
            samples: 2_000,
            prior,
            ..SensitivityOptions::default()
        };
        let result = run(&loaded, &scores, &options);
        for company in &result.companies {
            let name = id(&loaded, company.company);
            if name == "b" || name == "d" {
                assert_eq!(company.first, 0.0, "{name} ranked first under {prior:?}");
            }
            if name == "d" {
                assert_eq!(company.p5, 4, "lacking evidence, d always ranks last");
            }
            assert!(company.p5 <= company.p50 && company.p50 <= company.p95);
        }
        let firsts: f64 = result.companies.iter().map(|c| c.first).sum();
        assert!(firsts >= 1.0 - 1e-12, "every sample has a first");
        let a = result
            .companies
            .iter()
            .find(|c| id(&loaded, c.company) == "a")
            .unwrap();
        assert!(a.first > 0.5 && a.first < 1.0, "{a:?}");
    }
}

#[test]
fn the_same_seed_gives_the_same_result_on_any_number_of_threads() {
    let (loaded, scores) = bundled();
    let options = SensitivityOptions {
        samples: 3_000,
        seed: 7,
        ..SensitivityOptions::default()
    };
    let on = |threads: usize| on_threads(threads, || run(&loaded, &scores, &options));
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
    let other_seed = run(
        &loaded,
        &scores,
        &SensitivityOptions {
            seed: 8,
            ..options.clone()
        },
    );
    assert_ne!(one.companies, other_seed.companies, "the seed matters");
}

/// Chef and Puppet Labs are identical on every lens of the bundled thesis: every sample ranks them
/// together, so they share every statistic.
#[test]
fn companies_identical_on_every_lens_share_every_statistic() {
    let (loaded, scores) = bundled();
    let result = run(
        &loaded,
        &scores,
        &SensitivityOptions {
            samples: 1_000,
            ..SensitivityOptions::default()
        },
    );
    let stability = |wanted: &str| {
        let found = result
            .companies
            .iter()
            .find(|c| id(&loaded, c.company) == wanted);
        let found = found.unwrap();
        (
            found.tied_rank,
            found.p5,
            found.p50,
            found.p95,
            found.first,
            found.top_k,
        )
    };
    assert_eq!(stability("chef"), stability("puppet"));
    assert_ne!(stability("chef"), stability("docker"));
}

const LOW_PAIN: &str = "points = 0.5, reason = \"Mild pain.\"";

fn fixed_weights(samples: usize) -> SensitivityOptions {
    SensitivityOptions {
        samples,
        prior: WeightPrior::Fixed,
        ..SensitivityOptions::default()
    }
}

fn share_first(loaded: &Loaded, result: &Sensitivity, company: &str) -> f64 {
    result
        .companies
        .iter()
        .find(|c| id(loaded, c.company) == company)
        .unwrap()
        .first
}

/// Scoring uses the middle of a range: points [0, 1] score exactly as 0.5.
#[test]
fn a_range_scores_at_its_middle() {
    let (_, fixed) = small();
    let (loaded, ranged) =
        small_with_rule(LOW_PAIN, "points = [0.0, 1.0], reason = \"Mild pain.\"");
    assert_eq!(fixed.ranking, ranged.ranking);
    let mut rules = loaded.thesis.criteria.iter().flat_map(|c| match &c.method {
        thesis::thesis::Method::Rules { rules, .. } => rules.iter().collect::<Vec<_>>(),
        thesis::thesis::Method::Formula { .. } => Vec::new(),
    });
    let low = rules.find(|rule| rule.id == "p-low").unwrap();
    assert_eq!((low.points, low.range), (0.5, Some((0.0, 1.0))));
    assert_eq!(low.points_label(), "+0.5 (+0 to +1)");
}

/// Weights fixed; b's pain points drawn from [0, 4]. a and c have pain 2. Below 2, b's pain
/// normalizes to 0 and the ranking is the thesis's (a first). Above 2, b's pain is 1 and theirs 0:
/// b = 0.5 + 0.25 = 0.75 against a = 1/12 + 1/4 and c = 1/4, so b is first. Half the draws pass 2.
/// Drawn from [0, 1.9] instead, b's pain stays the minimum and no rank ever moves.
#[test]
fn rule_points_given_as_ranges_are_drawn_in_every_sample() {
    let (loaded, scores) =
        small_with_rule(LOW_PAIN, "points = [0.0, 4.0], reason = \"Mild pain.\"");
    let result = run(&loaded, &scores, &fixed_weights(10_000));
    assert_eq!(result.ranged_rules, 1);
    let b = share_first(&loaded, &result, "b");
    assert!((b - 0.5).abs() < 0.03, "b first in {b} of the samples");
    assert!((share_first(&loaded, &result, "a") - (1.0 - b)).abs() < 1e-12);

    let (loaded, scores) =
        small_with_rule(LOW_PAIN, "points = [0.0, 1.9], reason = \"Mild pain.\"");
    let result = run(&loaded, &scores, &fixed_weights(2_000));
    for company in &result.companies {
        assert_eq!((company.p5, company.p95), (company.rank, company.rank));
    }
}

#[test]
fn drawn_points_give_the_same_result_on_any_number_of_threads() {
    let (loaded, scores) =
        small_with_rule(LOW_PAIN, "points = [0.0, 4.0], reason = \"Mild pain.\"");
    let options = SensitivityOptions {
        samples: 3_000,
        ..SensitivityOptions::default()
    };
    let on = |threads: usize| on_threads(threads, || run(&loaded, &scores, &options));
    assert_eq!(on(1), on(3));
}
