//! `--weights-from partners.csv`: a partnership's weights drive rank-stability sampling (a Dirichlet
//! fitted to them), and each partner's first place is the company `thesis score` ranks first under
//! that partner's weights.

use crate::common::Scratch;

const PARTNERS: &str = "partner,painkiller,standalone,momentum\n\
                        Ana,0.6,0.2,0.2\n\
                        Ben,3,5,2\n\
                        Chen,0.4,0.3,0.3\n\
                        Dee,0.2,0.2,0.6\n";

/// The bundled thesis with its three lens weights replaced.
fn thesis_with_weights(weights: [&str; 3]) -> String {
    let bundled =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/thesis.toml")).unwrap();
    let mut thesis = bundled;
    for (old, new) in ["0.4", "0.35", "0.25"].iter().zip(weights) {
        let line = format!("\nweight = {old}\n");
        assert!(thesis.contains(&line), "{line}");
        thesis = thesis.replacen(&line, &format!("\nweight = {new}\n"), 1);
    }
    thesis
}

#[test]
fn each_partners_first_place_is_what_scoring_with_their_weights_ranks_first() {
    let scratch = Scratch::new();
    scratch.write("partners.csv", PARTNERS);
    let outcome = scratch.run(&[
        "sensitivity",
        "--weights-from",
        "partners.csv",
        "--samples",
        "500",
    ]);
    outcome.assert_success();
    assert!(
        outcome.stdout.starts_with(
            "500 weight samples (a Dirichlet fitted to the 4 partners of partners.csv: consensus \
             painkiller 0.375, standalone 0.300, momentum 0.325, concentration "
        ),
        "{}",
        outcome.stdout
    );
    for (partner, weights) in [
        ("Ana", ["0.6", "0.2", "0.2"]),
        ("Ben", ["0.3", "0.5", "0.2"]),
        ("Chen", ["0.4", "0.3", "0.3"]),
        ("Dee", ["0.2", "0.2", "0.6"]),
    ] {
        scratch.write("partner.toml", thesis_with_weights(weights));
        scratch
            .run(&[
                "score",
                "--thesis",
                "partner.toml",
                "--out",
                partner,
                "--charts",
                "none",
                "--samples",
                "0",
                "--format",
                "csv",
            ])
            .assert_success();
        let scores = scratch.read(&format!("{partner}/scores.csv"));
        let first = scores.lines().nth(1).unwrap().split(',').nth(2).unwrap();
        let line = format!(
            "  {partner} ({}) puts {first} first\n",
            format_args!(
                "painkiller {:.3}, standalone {:.3}, momentum {:.3}",
                weights[0].parse::<f64>().unwrap(),
                weights[1].parse::<f64>().unwrap(),
                weights[2].parse::<f64>().unwrap()
            )
        );
        assert!(outcome.stdout.contains(&line), "{line}\n{}", outcome.stdout);
    }
}

/// Agreeing partners leave less room than the default concentration of 30: the rank intervals of a
/// partnership that agrees closely are narrower than those of one that does not.
#[test]
fn the_partners_spread_sets_how_far_ranks_move() {
    let scratch = Scratch::new();
    scratch.write(
        "close.csv",
        "partner,painkiller,standalone,momentum\nAna,0.40,0.35,0.25\nBen,0.41,0.34,0.25\n",
    );
    scratch.write(
        "apart.csv",
        "partner,painkiller,standalone,momentum\nAna,0.8,0.1,0.1\nBen,0.1,0.8,0.1\nCy,0.1,0.1,0.8\n",
    );
    let widths = |file: &str| -> usize {
        let outcome = scratch.run(&["sensitivity", "--weights-from", file, "--samples", "2000"]);
        outcome.assert_success();
        (outcome.stdout.lines())
            .skip_while(|line| !line.starts_with("rank"))
            .skip(1)
            .map(|line| {
                let interval = line.split_whitespace().rev().nth(3).unwrap();
                let (low, high) = interval.split_once('-').unwrap();
                high.parse::<usize>().unwrap() - low.parse::<usize>().unwrap()
            })
            .sum()
    };
    let (close, apart) = (widths("close.csv"), widths("apart.csv"));
    assert!(close < apart, "close {close}, apart {apart}");
}

#[test]
fn a_run_reports_the_partners_and_records_them() {
    let scratch = Scratch::new();
    scratch.write("partners.csv", PARTNERS);
    scratch
        .run(&[
            "run",
            "--out",
            "out",
            "--weights-from",
            "partners.csv",
            "--samples",
            "300",
            "--charts",
            "svg",
            "--format",
            "csv",
        ])
        .assert_success();
    let report = scratch.read("out/index.html");
    assert!(report.contains("own weights:"), "{report}");
    assert!(report.contains("Ana (painkiller 0.600, standalone 0.200, momentum 0.200) puts"));
    assert!(
        scratch
            .read("out/run.json")
            .contains("\"prior\": \"partners\"")
    );
    assert!(
        scratch
            .read("out/sensitivity.svg")
            .contains("partners spread")
    );
}

#[test]
fn partner_files_are_checked_row_by_row() {
    let scratch = Scratch::new();
    let cases = [
        (
            "partner,painkiller,standalone,hype\nAna,1,1,1\nBen,1,1,1\n",
            "p.csv: line 1: the required column \"momentum\" is missing",
        ),
        (
            "partner,painkiller,standalone,momentum,hype\nAna,1,1,1,1\nBen,1,1,1,1\n",
            "p.csv: line 1, column hype: \"hype\" is not a lens of the thesis (its lenses are \
             painkiller, standalone, momentum)",
        ),
        (
            "partner,painkiller,standalone,momentum\nAna,1,-1,1\nBen,1,1,1\n",
            "p.csv: line 2, column standalone: expected a weight of 0 or more, found \"-1\"",
        ),
        (
            "partner,painkiller,standalone,momentum\nAna,1,1,1\nBen,0,0,0\n",
            "p.csv: line 3, column partner: \"Ben\" gives every lens a weight of zero",
        ),
        (
            "partner,painkiller,standalone,momentum\nAna,1,1,1\nAna,1,2,1\n",
            "p.csv: line 3, column partner: \"Ana\" is listed twice",
        ),
        (
            "partner,painkiller,standalone,momentum\nAna,1,1,1\n",
            "p.csv: needs two partners or more to measure how far they disagree; it has 1",
        ),
    ];
    for (text, message) in cases {
        scratch.write("p.csv", text);
        scratch
            .run(&["sensitivity", "--weights-from", "p.csv"])
            .assert_error(3, message);
    }
    scratch.write("p.csv", PARTNERS);
    let both = scratch.run(&[
        "sensitivity",
        "--weights-from",
        "p.csv",
        "--uniform-weights",
    ]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}
