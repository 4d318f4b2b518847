//! `thesis diff OLD NEW` and `run --since DIR`: who entered and left the top k, who moved, and why
//! (rules that fire differently, values that changed, the thesis's weights or rules, or others).

use crate::common::Scratch;

const QUICK: [&str; 5] = ["--charts", "none", "--samples", "0", "-q"];

/// The bundled run into `week1`, then `week2` from companies and thesis edited by `edit`.
fn two_weeks(edit: impl Fn(&Scratch)) -> Scratch {
    let scratch = Scratch::new();
    scratch
        .run(&[&["run", "--out", "week1"], &QUICK[..]].concat())
        .assert_success();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    for file in ["companies.csv", "categories.csv", "thesis.toml"] {
        std::fs::copy(format!("{data}/{file}"), scratch.path(file)).unwrap();
    }
    edit(&scratch);
    let args = ["score", "--out", "week2", "--since", "week1"];
    scratch
        .run_with_inputs(&[&args[..], &QUICK[..]].concat())
        .assert_success();
    scratch
}

#[test]
fn a_value_that_makes_a_rule_fire_is_named_as_the_reason_a_company_left_the_top() {
    let scratch = two_weeks(|scratch| {
        let companies = scratch.read("companies.csv");
        let weave = companies
            .lines()
            .find(|line| line.starts_with("weave,"))
            .unwrap();
        // acquired_by is the 13th column.
        let mut cells: Vec<&str> = weave.split(',').collect();
        cells[12] = "Cisco";
        scratch.edit("companies.csv", weave, &cells.join(","));
    });
    let diff = scratch.run(&["diff", "week1", "week2", "--top", "5", "--moved", "2"]);
    diff.assert_success();
    assert!(
        diff.stdout.contains("The thesis: unchanged."),
        "{}",
        diff.stdout
    );
    let left = diff.stdout.split("Left the top 5:").nth(1).unwrap();
    let weave = left
        .lines()
        .find(|line| line.contains("Weave (weave), 3 → "))
        .unwrap();
    assert!(
        weave.contains("ti-already-acquired now fires (acquired_by != null)"),
        "{weave}"
    );
    // The values it read, from each run's workbook (its Explanations sheet).
    assert!(
        weave.contains(": its values changed: acquired_by (missing) → \"Cisco\";"),
        "{weave}"
    );
    assert_eq!(diff.stderr, "wrote week2/diff.csv\n");
    let csv = scratch.read("week2/diff.csv");
    let row = csv.lines().find(|line| line.starts_with("weave,")).unwrap();
    assert!(row.contains(",3,") && row.contains(",left,"), "{row}");
    // The report of week 2 has the section, written by --since.
    assert!(
        scratch
            .read("week2/index.html")
            .contains("<h2 id=\"since\">Since the last run</h2>")
    );
}

#[test]
fn changed_weights_and_rules_are_the_thesis_line_and_each_movers_reason() {
    let scratch = two_weeks(|scratch| {
        scratch.edit("thesis.toml", "weight = 0.4", "weight = 0.1");
        scratch.edit(
            "thesis.toml",
            "when = 'acquired_by != null'",
            "when = 'acquired_by == \"x\"'",
        );
    });
    let diff = scratch.run(&["diff", "week1", "week2"]);
    diff.assert_success();
    let thesis = diff
        .stdout
        .lines()
        .find(|line| line.starts_with("The thesis:"))
        .unwrap();
    assert!(
        thesis.contains("weight of painkiller 40.0% → 14.3%"),
        "{thesis}"
    );
    assert!(
        thesis.contains(
            "rule ti-already-acquired changed: when acquired_by != null → acquired_by == \"x\""
        ),
        "{thesis}"
    );
    assert!(
        diff.stdout
            .contains("the thesis's weights changed, most for it painkiller (-25.7 points"),
        "{}",
        diff.stdout
    );
}

#[test]
fn a_run_compared_with_the_folder_it_overwrites_has_nothing_to_say() {
    let scratch = Scratch::new();
    scratch
        .run(&[&["run", "--out", "r"], &QUICK[..]].concat())
        .assert_success();
    scratch
        .run(&[&["run", "--out", "r", "--since", "r"], &QUICK[..]].concat())
        .assert_success();
    let diff = scratch.run(&["diff", "r", "r/scores.csv", "--out", "elsewhere"]);
    diff.assert_success();
    assert!(
        diff.stdout
            .starts_with("r → r/scores.csv: 24 companies ranked in both, 0 new")
    );
    assert!(
        diff.stdout.contains(
            "Entered the top 10: none\nLeft the top 10: none\nMoved 5 places or more: none"
        )
    );
    assert!(
        scratch
            .read("r/index.html")
            .contains("The thesis: unchanged.")
    );
    assert_eq!(scratch.files("elsewhere"), ["diff.csv"]);
}

#[test]
fn an_older_run_without_its_rules_still_says_the_thesis_changed() {
    let scratch = two_weeks(|scratch| {
        scratch.edit("thesis.toml", "points = 1.0", "points = 1.5");
    });
    let manifest = scratch.read("week1/run.json");
    let start = manifest.find("    \"rules\": [").unwrap();
    let end = start + manifest[start..].find("\n    ]").unwrap() + 6;
    let without = format!(
        "{}{}",
        &manifest[..start].trim_end().trim_end_matches(','),
        &manifest[end..]
    );
    scratch.write("week1/run.json", without);
    let diff = scratch.run(&["diff", "week1", "week2"]);
    diff.assert_success();
    assert!(
        diff.stdout
            .contains("the thesis file changed (the older run.json does not record its rules)"),
        "{}",
        diff.stdout
    );
}

#[test]
fn a_folder_without_a_run_is_a_one_line_error() {
    let scratch = Scratch::new();
    scratch
        .run(&[&["run", "--out", "r"], &QUICK[..]].concat())
        .assert_success();
    std::fs::create_dir(scratch.path("empty")).unwrap();
    let missing = scratch.run(&["diff", "empty", "r"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read empty/scores.csv"),
        "{}",
        missing.stderr
    );
    assert_eq!(missing.stderr.lines().count(), 1);
    std::fs::create_dir(scratch.path("other")).unwrap();
    scratch.write("other/scores.csv", "a,b\n1,2\n");
    std::fs::copy(scratch.path("r/run.json"), scratch.path("other/run.json")).unwrap();
    let wrong = scratch.run(&["diff", "other", "r"]);
    wrong.assert_error(
        3,
        "other/scores.csv: line 1: the required column \"rank\" is missing",
    );
}
