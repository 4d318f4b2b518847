//! The report, rank stability and the backtest from a scores table scored elsewhere (`thesis report
//! --scores`, `sensitivity --scores`, `backtest --scores`): the same numbers and charts as a run
//! on the company data, and a table that was not written for the thesis refused at its row.

use crate::common::Scratch;

const DATA: i32 = 3;

/// The bundled run, quick: weight samples few enough for a debug build.
const RUN: [&str; 6] = [
    "run",
    "--samples",
    "500",
    "--format",
    "csv,parquet",
    "--out",
];

#[test]
fn a_report_from_the_scores_table_equals_the_run_it_was_written_by() {
    let scratch = Scratch::new();
    scratch
        .run(&[&RUN[..], &["native"]].concat())
        .assert_success();
    for table in ["scores.parquet", "scores.csv"] {
        let out = format!("from-{table}");
        let scores = format!("native/{table}");
        let args = ["report", "--scores", &scores, "--samples", "500"];
        let read_back = scratch.run(&[&args[..], &["--out", &out, "--charts", "svg"]].concat());
        read_back.assert_success();
        // The table holds the ranked companies only: the outcomes of the five outside the scope
        // are left out, and said so.
        assert!(
            (read_back.stderr).contains(
                "note: 7 outcome rows name companies the scores table does not rank, and are left out"
            ),
            "{}",
            read_back.stderr
        );
        for file in [
            "sensitivity.csv",
            "backtest_statistics.csv",
            "quadrant.svg",
            "ranking.svg",
            "momentum.svg",
            "sensitivity.svg",
            "backtest.svg",
        ] {
            assert_eq!(
                scratch.read(&format!("{out}/{file}")),
                scratch.read(&format!("native/{file}")),
                "{table}: {file}"
            );
        }
        // Every backtest row of a ranked company is the run's.
        let native = scratch.read("native/backtest.csv");
        let ranked: Vec<&str> = (native.lines())
            .filter(|line| !line.ends_with("outside-scope"))
            .collect();
        let from_table = scratch.read(&format!("{out}/backtest.csv"));
        assert_eq!(from_table.lines().collect::<Vec<_>>(), ranked, "{table}");
        let html = scratch.read(&format!("{out}/index.html"));
        assert!(html.contains("Drawn from the scores table"), "{table}");
        assert!(!html.contains("Why each company scored"), "{table}");
        assert!(!scratch.files(&out).contains(&"scores.csv".to_string()));
    }
}

#[test]
fn sensitivity_and_backtest_start_from_a_scores_table_as_from_the_companies() {
    let scratch = Scratch::new();
    scratch
        .run(&[&RUN[..], &["native"]].concat())
        .assert_success();
    let sensitivity = ["sensitivity", "--samples", "500"];
    let native = scratch.run(&sensitivity);
    let scores = ["--scores", "native/scores.parquet"];
    let read_back = scratch.run(&[&sensitivity[..], &scores].concat());
    assert_eq!(read_back.assert_success().stdout, native.stdout);
    assert_eq!(
        read_back.stderr, "",
        "no outcomes are read for rank stability"
    );

    let backtest = ["backtest", "--permutations", "99", "--resamples", "99"];
    let native = scratch.run(&backtest);
    let read_back = scratch.run(&[&backtest[..], &scores].concat());
    read_back.assert_success();
    // The run names the companies outside the scope; the table does not hold them.
    let expected: Vec<&str> = (native.stdout.lines())
        .filter(|line| !line.contains("outside the thesis scope"))
        .collect();
    assert_eq!(read_back.stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn scores_and_company_data_are_not_given_together() {
    let scratch = Scratch::with_fixture("small");
    let args = ["sensitivity", "--scores", "expected_scores.csv"];
    let outcome = scratch.run_with_inputs(&args);
    assert_eq!(outcome.code, 2);
    assert!(
        (outcome.stderr).contains("the argument '--scores <FILE>' cannot be used with"),
        "{}",
        outcome.stderr
    );
}

/// A table edited one way, and the line its reading must fail with.
struct BadTable {
    what: &'static str,
    file: &'static str,
    edits: &'static [(&'static str, &'static str)],
    error: &'static str,
}

const BAD_TABLES: &[BadTable] = &[
    BadTable {
        what: "a total edited by hand",
        file: "expected_scores.csv",
        edits: &[("2,c,Gamma,Security,0.750000", "2,c,Gamma,Security,0.700000")],
        error: "expected_scores.csv: line 3, column total: the total 0.7 does not follow from the \
                lens scores under the thesis's weights, which give 0.750000: the table was written \
                for another thesis or other weights",
    },
    BadTable {
        what: "weights changed since the table was written",
        file: "thesis.toml",
        edits: &[("weight = 2", "weight = 3")],
        error: "expected_scores.csv: line 2, column total: the total 0.833333 does not follow from \
                the lens scores under the thesis's weights, which give 0.866667: the table was \
                written for another thesis or other weights",
    },
    BadTable {
        what: "a rank given twice",
        file: "expected_scores.csv",
        edits: &[("3,b,Beta", "2,b,Beta")],
        error: "expected_scores.csv: line 4, column rank: expected the rank 3 here, in a table \
                ranked 1 to 4, found 2",
    },
    BadTable {
        what: "an id given twice",
        file: "expected_scores.csv",
        edits: &[("3,b,Beta", "3,a,Beta")],
        error: "expected_scores.csv: line 4, column id: the id \"a\" is already used on line 2",
    },
    BadTable {
        what: "a rule the lens does not have",
        file: "expected_scores.csv",
        edits: &[("p-low", "p-medium")],
        error: "expected_scores.csv: line 4, column pain_rules: the lens `pain` has no rule \
                `p-medium`",
    },
    BadTable {
        what: "a score without its raw value",
        file: "expected_scores.csv",
        edits: &[(
            "0.000000,0.000000,0.250000,0.500000,0.000000,1.000000",
            "0.000000,0.000000,0.250000,,0.000000,1.000000",
        )],
        error: "expected_scores.csv: line 4, column pain_score: a score without a raw value \
                beside it",
    },
    BadTable {
        what: "rows out of the order of their totals",
        file: "expected_scores.csv",
        edits: &[("1,a,Alpha", "2,a,Alpha"), ("2,c,Gamma", "1,c,Gamma")],
        error: "expected_scores.csv: line 2, column total: the total 0.833333 is higher than the \
                total 0.75 ranked above it: the rows are not in rank order",
    },
];

#[test]
fn a_table_not_written_for_the_thesis_is_refused_at_its_row() {
    for case in BAD_TABLES {
        let scratch = Scratch::with_fixture("small");
        for (from, to) in case.edits {
            scratch.edit(case.file, from, to);
        }
        let args = ["--scores", "expected_scores.csv", "--thesis", "thesis.toml"];
        let outcome = scratch.run(&[&["sensitivity", "--samples", "10"], &args[..]].concat());
        assert_eq!(
            outcome.stderr,
            format!("error: {}\n", case.error),
            "{}",
            case.what
        );
        assert_eq!(outcome.code, DATA, "{}", case.what);
        let report = ["report", "--out", "out", "--charts", "none"];
        let outcome = scratch.run(&[&report[..], &args].concat());
        assert_eq!(outcome.code, DATA, "{}", case.what);
        assert!(
            scratch.files("out").is_empty(),
            "{}: nothing written",
            case.what
        );
    }
}

#[test]
fn rows_in_any_order_are_ranked_by_their_rank_column() {
    let scratch = Scratch::with_fixture("small");
    let table = scratch.read("expected_scores.csv");
    let mut lines: Vec<&str> = table.lines().collect();
    lines[1..].reverse();
    scratch.write("shuffled.csv", lines.join("\n") + "\n");
    let args = ["sensitivity", "--samples", "200", "--thesis", "thesis.toml"];
    let in_order = scratch.run(&[&args[..], &["--scores", "expected_scores.csv"]].concat());
    let shuffled = scratch.run(&[&args[..], &["--scores", "shuffled.csv"]].concat());
    assert_eq!(shuffled.assert_success().stdout, in_order.stdout);
}
