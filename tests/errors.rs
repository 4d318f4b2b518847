//! Every kind of bad input gives one line on stderr naming the file and the place, a documented exit
//! code, and leaves earlier outputs untouched.

use crate::common::{QUICK_SCORE, Scratch};
use std::fmt::Write as _;

const DATA: i32 = 3;
const THESIS: i32 = 4;

/// The bad inputs: `tests/fixtures/bad/ROLE--WHAT.EXT`, where ROLE is the input it replaces
/// (companies, categories, thesis or outcomes) in the `small` fixture, with `NAME.expected` beside
/// it holding `exit N` and the exact line on stderr.
/// `THESIS_BLESS=1 cargo test --test end_to_end errors::` writes the `.expected` files of new cases,
/// to be read and corrected by hand.
const BAD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");

/// Runs `thesis score` with the bad file in place of its input; returns the exit code and stderr.
fn run_bad_case(file_name: &str) -> (Scratch, i32, String) {
    let (role, rest) = file_name.split_once("--").expect("ROLE--WHAT.EXT");
    let extension = rest.rsplit_once('.').map_or("", |(_, extension)| extension);
    let scratch = Scratch::with_fixture("small");
    scratch.write(
        "outcomes.csv",
        "id,date,event,final\na,2021-03,acquired,true\n",
    );
    let input = format!("{role}.{extension}");
    std::fs::copy(format!("{BAD}/{file_name}"), scratch.path(&input)).unwrap();
    let mut args = QUICK_SCORE.to_vec();
    let mut files = vec![
        ("--companies", "companies.csv".to_string()),
        ("--categories", "categories.csv".to_string()),
        ("--thesis", "thesis.toml".to_string()),
        ("--outcomes", "outcomes.csv".to_string()),
    ];
    for (option, file) in &mut files {
        if option[2..] == *role {
            *file = input.clone();
        }
    }
    for (option, file) in &files {
        args.extend([*option, file.as_str()]);
    }
    let outcome = scratch.run(&args);
    (scratch, outcome.code, outcome.stderr)
}

#[test]
fn every_bad_input_gives_one_pinned_line_and_exit_code() {
    let mut names: Vec<String> = std::fs::read_dir(BAD)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("--") && !name.ends_with(".expected"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} bad inputs", names.len());
    let bless = std::env::var_os("THESIS_BLESS").is_some();
    let mut mismatches = Vec::new();
    for name in &names {
        let (scratch, code, stderr) = run_bad_case(name);
        let got = format!("exit {code}\n{stderr}");
        let expected_path = format!("{BAD}/{name}.expected");
        let wanted = match std::fs::read_to_string(&expected_path) {
            Ok(wanted) => wanted,
            Err(_) if bless => {
                std::fs::write(&expected_path, &got).unwrap();
                got.clone()
            }
            Err(error) => panic!("{expected_path}: {error}"),
        };
        let one_line = stderr.lines().count() == 1 && stderr.starts_with("error: ");
        if got != wanted || !one_line || code == 0 || !scratch.files("out").is_empty() {
            mismatches.push(format!("{name}\n  got  {got}  want {wanted}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn invalid_utf8_is_placed_by_line_and_cell_when_utf8_is_required() {
    let scratch = Scratch::with_fixture("small");
    let mut bytes = scratch.read("companies.csv").into_bytes();
    let at = bytes
        .windows(4)
        .position(|window| window == b"Beta")
        .unwrap();
    bytes[at + 1] = 0xff;
    scratch.write("companies.csv", bytes);
    scratch
        .run_with_inputs(&["score", "--out", "out", "--encoding", "utf-8"])
        .assert_error(
            DATA,
            "companies.csv: line 3: the text is not valid UTF-8 (in cell 2)",
        );
    // Detected instead, the byte is Windows-1252 text.
    scratch.score().assert_success();
    assert!(scratch.read("out/scores.csv").contains(",B\u{ff}ta,"));
}

#[test]
fn all_zero_weights_are_refused() {
    let scratch = Scratch::with_fixture("small");
    let thesis = scratch
        .read("thesis.toml")
        .replace("weight = 2\n", "weight = 0\n")
        .replace("weight = 1\n", "weight = 0\n");
    scratch.write("thesis.toml", thesis);
    scratch.score().assert_error(
        THESIS,
        "thesis.toml: criteria: every weight is zero: at least one criterion must count",
    );
}

#[test]
fn a_missing_input_file_is_named() {
    let scratch = Scratch::with_fixture("small");
    scratch
        .run(&["score", "--thesis", "nope.toml"])
        .assert_error(
            1,
            "cannot read nope.toml: No such file or directory (os error 2)",
        );
}

#[test]
fn an_unknown_company_gets_the_closest_matches() {
    let scratch = Scratch::new();
    scratch
        .run(&["explain", "dokcer"])
        .assert_error(6, "no company matches \"dokcer\"; closest: Docker (docker)");
    scratch
        .run(&["explain", "zzzz"])
        .assert_error(6, "no company matches \"zzzz\"");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_reported() {
    let scratch = Scratch::with_fixture("small");
    scratch.write("out", "a file where the folder should be");
    let outcome = scratch.score();
    assert_eq!(outcome.code, 5);
    assert!(
        outcome.stderr.starts_with("error: cannot write out: "),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.stderr.lines().count(), 1);
}

#[test]
fn a_failed_run_leaves_the_previous_outputs_untouched() {
    let scratch = Scratch::with_fixture("small");
    scratch.score().assert_success();
    let files = scratch.files("out");
    let read_all = || -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|file| std::fs::read(scratch.path(&format!("out/{file}"))).unwrap())
            .collect()
    };
    let before = read_all();
    scratch.edit("thesis.toml", "weight = 2", "weight = -2");
    assert_eq!(scratch.score().code, THESIS);
    assert!(read_all() == before, "an output changed");
    assert_eq!(
        scratch.files("out"),
        files,
        "no temporary files left behind"
    );
    assert_eq!(files.len(), 12);
}

/// The `small` fixture with `arr_musd` dated by an `arr_as_of` column, holding `dates` for the five
/// companies in file order.
fn dated_small(dates: [&str; 5]) -> Scratch {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "arr_musd = \"number\"",
        "arr_musd = { type = \"number\", as_of = \"arr_as_of\" }",
    );
    let companies = scratch.read("companies.csv");
    let mut lines = companies.lines();
    let mut text = format!("{},arr_as_of\n", lines.next().unwrap());
    for (line, date) in lines.zip(dates) {
        let _ = writeln!(text, "{line},{date}");
    }
    scratch.write("companies.csv", text);
    scratch
}

const LATE_ARR: &str = "error: companies.csv: line 4, column arr_as_of: arr_musd is dated 2020-02, \
                        after the thesis date 2020-01-01 (--allow-look-ahead uses it anyway)\n";

#[test]
fn a_value_dated_after_the_thesis_is_refused_by_score_check_explain_and_fit() {
    let scratch = dated_small(["2019-12", "", "2020-02", "2019", "2020-01-01"]);
    let fit = ["fit", "--out", "out"];
    for command in [
        &QUICK_SCORE[..],
        &["check"][..],
        &["explain", "a"][..],
        &fit[..],
    ] {
        let outcome = scratch.run_with_inputs(command);
        assert_eq!(
            (outcome.code, outcome.stderr.as_str()),
            (DATA, LATE_ARR),
            "{command:?}"
        );
    }
    assert!(scratch.files("out").is_empty(), "nothing is written");
}

#[test]
fn a_dated_field_needs_a_date_of_the_three_shapes_beside_each_value() {
    let undated = dated_small(["2019-12", "", "", "2019", "2019"]);
    let outcome = undated.run_with_inputs(&QUICK_SCORE);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            DATA,
            "error: companies.csv: line 4, column arr_as_of: arr_musd has a value but no date: a \
             dated field needs both\n"
        )
    );
    let malformed = dated_small(["2019-12", "", "Feb 2020", "2019", "2019"]);
    let outcome = malformed.run_with_inputs(&QUICK_SCORE);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            DATA,
            "error: companies.csv: line 4, column arr_as_of: expected a date as YYYY, YYYY-MM or \
             YYYY-MM-DD, found \"Feb 2020\"\n"
        )
    );
}

#[test]
fn a_date_column_declared_as_a_number_and_an_impossible_thesis_date_are_thesis_errors() {
    let scratch = dated_small(["2019", "", "2019", "2019", "2019"]);
    scratch.edit(
        "thesis.toml",
        "[fields]\n",
        "[fields]\narr_as_of = \"number\"\n",
    );
    let outcome = scratch.run_with_inputs(&["check"]);
    assert_eq!(outcome.code, THESIS);
    assert!(
        outcome.stderr.contains(
            "fields.arr_musd.as_of: the date column \"arr_as_of\" is declared as number: declare it as text"
        ),
        "{}",
        outcome.stderr
    );
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "as_of = \"2020-01-01\"",
        "as_of = \"2019-02-29\"",
    );
    let outcome = scratch.run_with_inputs(&QUICK_SCORE);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            THESIS,
            "error: thesis.toml: as_of: expected a date as YYYY-MM-DD, found \"2019-02-29\"\n"
        )
    );
}

#[test]
fn allowing_look_ahead_scores_and_says_so_in_run_json_the_report_and_explain() {
    let scratch = dated_small(["2019-12", "", "2020-02", "2019", "2019"]);
    let args = [&QUICK_SCORE[..], &["--allow-look-ahead"]].concat();
    let outcome = scratch.run_with_inputs(&args);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains(
        "warning: Look-ahead allowed: a hindsight study that read 1 value dated after the thesis \
         date 2020-01-01: arr_musd of c (2020-02)."
    ));
    let manifest: serde_json::Value = serde_json::from_str(&scratch.read("out/run.json")).unwrap();
    assert_eq!(manifest["look_ahead"]["allowed"], true);
    assert_eq!(
        manifest["look_ahead"]["late_values"],
        serde_json::json!([{ "id": "c", "field": "arr_musd", "date": "2020-02" }])
    );
    assert!(
        scratch
            .read("out/index.html")
            .contains("Look-ahead allowed")
    );
    let explained = scratch.run_with_inputs(&["explain", "c", "--allow-look-ahead"]);
    assert!(explained.stdout.contains("warning: Look-ahead allowed"));
    // Refused, nothing is said: the manifest of a normal run has no look-ahead record.
    let plain = dated_small(["2019-12", "", "2019", "2019", "2019"]);
    assert_eq!(plain.run_with_inputs(&QUICK_SCORE).code, 0);
    let manifest: serde_json::Value = serde_json::from_str(&plain.read("out/run.json")).unwrap();
    assert!(manifest.get("look_ahead").is_none());
}

/// A condition at the operator limit compiles and runs (no stack overflow in this debug build); one
/// more operator, or a condition past the length limit, is a one-line thesis error naming the rule.
#[test]
fn long_flat_conditions_are_limited_before_the_parser_sees_them() {
    let with_rule = |when: &str| {
        let scratch = Scratch::with_fixture("small");
        scratch.edit(
            "thesis.toml",
            "when = 'pain == \"high\"'",
            &format!("when = '{when}'"),
        );
        scratch
    };
    let chain = |terms: usize| format!("{} > 1.0", vec!["arr_musd"; terms].join(" + "));
    let at_limit = with_rule(&chain(256)).run_with_inputs(&QUICK_SCORE);
    assert_eq!(at_limit.code, 0, "{}", at_limit.stderr);
    for (when, message) in [
        (
            chain(257),
            "the condition chains 257 operators; at most 256 are allowed",
        ),
        (
            format!("pain == \"{}\"", "x".repeat(4_090)),
            "the condition is 4100 characters long; at most 4096 are allowed",
        ),
        (
            format!("{}pain{} == \"high\"", "(".repeat(120), ")".repeat(120)),
            "line 1, column 97: syntax error: Recursion limit of 96 exceeded",
        ),
    ] {
        let outcome = with_rule(&when).run_with_inputs(&["check"]);
        assert_eq!(outcome.code, THESIS);
        assert_eq!(
            outcome.stderr.lines().next().unwrap(),
            format!("error: thesis.toml: criteria[pain].rules[p-high].when: {message}")
        );
    }
}

/// What reaches the terminal has its control characters escaped, and an error stays one line,
/// whatever the command line or a file name holds.
#[test]
fn control_characters_from_the_command_line_reach_the_terminal_escaped() {
    let scratch = Scratch::with_fixture("small");
    let outcome = scratch.run_with_inputs(&["explain", "\u{1b}]0;title\u{7}x"]);
    assert_eq!(outcome.code, 6);
    assert_eq!(
        outcome.stderr,
        "error: no company matches \"\\u{1b}]0;title\\u{7}x\"; closest: Epsilon (e)\n"
    );
    let outcome = scratch.run(&["check", "--thesis", "missing\nerror: fake.toml"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .starts_with("error: cannot read missing\\nerror: fake.toml: "),
        "{}",
        outcome.stderr
    );
}

/// An output is refused when it is an input by any name: standard input redirected from it, or a
/// hard link to it.
#[cfg(unix)]
#[test]
fn an_output_that_is_an_input_under_another_name_is_refused() {
    let scratch = Scratch::with_fixture("small");
    std::fs::create_dir(scratch.path("out")).unwrap();
    let companies = scratch.read("companies.csv");
    scratch.write("out/scores.csv", &companies);
    let stdin = std::fs::File::open(scratch.path("out/scores.csv")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_thesis"))
        .args(QUICK_SCORE)
        .args(["--companies", "-", "--categories", "categories.csv"])
        .args(["--thesis", "thesis.toml"])
        .current_dir(scratch.path(""))
        .stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: refusing to write out/scores.csv: it is an input of this run (standard input)\n"
    );
    assert_eq!(scratch.read("out/scores.csv"), companies, "untouched");
    std::fs::remove_file(scratch.path("out/scores.csv")).unwrap();
    std::fs::hard_link(
        scratch.path("companies.csv"),
        scratch.path("out/scores.csv"),
    )
    .unwrap();
    let outcome = scratch.run_with_inputs(&QUICK_SCORE);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            2,
            "error: refusing to write out/scores.csv: it is an input of this run (companies.csv)\n"
        )
    );
    assert_eq!(scratch.read("companies.csv"), companies, "untouched");
}

/// Each combination of options clap cannot check itself is a usage error: clap's message on
/// stderr, nothing on stdout, exit code 2.
#[test]
fn combinations_clap_cannot_check_are_usage_errors_with_exit_code_2() {
    let scratch = Scratch::with_fixture("small");
    let cases: [(&[&str], &str); 4] = [
        (
            &["chart", "--charts", "none"],
            "error: --charts none: nothing to draw",
        ),
        (
            &["sensitivity", "--samples", "0"],
            "error: --samples 0: nothing to sample",
        ),
        (
            &["score", "--companies", "-", "--thesis", "-"],
            "error: only one input can be read from standard input (-)",
        ),
        (
            &["score", "--out", "-", "--format", "csv,json"],
            "error: --out - writes one table format: give --format csv, json, xlsx or parquet",
        ),
    ];
    for (args, first_line) in cases {
        let outcome = scratch.run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.stderr);
        assert_eq!(outcome.stderr.lines().next(), Some(first_line), "{args:?}");
        assert!(outcome.stdout.is_empty(), "{args:?}: {}", outcome.stdout);
    }
}
