//! What a run writes, and where: CSV dialects, `scores.xlsx` and `scores.json`, the score table on
//! stdout, `--quiet`, and the outputs it refuses to write.

use crate::common::Scratch;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

const SCORE: [&str; 8] = [
    "score",
    "--charts",
    "svg",
    "--samples",
    "200",
    "--companies",
    "companies.csv",
    "--categories",
];
const INPUTS: [&str; 3] = ["categories.csv", "--thesis", "thesis.toml"];

fn score(scratch: &Scratch, extra: &[&str]) -> crate::common::Outcome {
    scratch.run(&[&SCORE[..], &INPUTS, extra].concat())
}

fn workbook(scratch: &Scratch, name: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(scratch.path(name)).unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

/// A number cell as six decimals, so that a CSV's `3` and `3.000000` and a sheet's 3.0 compare equal.
fn comparable(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(number) => format!("{number:.6}"),
        Err(_) => text.to_string(),
    }
}

/// The sheet's rows as the text a CSV holds.
fn sheet_rows(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(value) => format!("{value:.6}"),
                    other => comparable(&other.to_string()),
                })
                .collect()
        })
        .collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| record.unwrap().iter().map(comparable).collect())
        .collect()
}

#[test]
fn each_csv_dialect_is_what_its_spreadsheet_expects_and_reads_back() {
    let scratch = Scratch::with_fixture("small");
    score(&scratch, &["--out", "excel"]).assert_success();
    score(&scratch, &["--out", "plain", "--csv-dialect", "plain"]).assert_success();
    score(&scratch, &["--out", "eu", "--csv-dialect", "excel-eu"]).assert_success();
    let plain = scratch.read("plain/scores.csv");
    assert!(plain.starts_with("rank,id,name,"), "{plain}");
    assert_eq!(scratch.read("excel/scores.csv"), format!("\u{feff}{plain}"));
    let eu = scratch.read("eu/scores.csv");
    assert!(eu.starts_with("\u{feff}rank;id;name;"), "{eu}");
    assert!(eu.contains(";Alpha;Storage;0,833333;"), "{eu}");
    // Every CSV of the run takes the dialect.
    let sensitivity = scratch.read("eu/sensitivity.csv");
    assert!(
        sensitivity.starts_with("\u{feff}rank;id;name;rank_p5;"),
        "{sensitivity}"
    );
    let manifest: serde_json::Value = serde_json::from_str(&scratch.read("eu/run.json")).unwrap();
    assert_eq!(manifest["options"]["tables"]["csv_dialect"], "excel-eu");
    // `thesis chart` reads each dialect back to the same charts.
    for dir in ["plain", "eu"] {
        scratch
            .redraw(&format!("{dir}/scores.csv"), &format!("{dir}-again"))
            .assert_success();
        assert_eq!(
            scratch.read(&format!("{dir}-again/quadrant.svg")),
            scratch.read("excel/quadrant.svg"),
            "{dir}"
        );
    }
}

#[test]
fn scores_xlsx_holds_every_table_as_typed_cells() {
    let scratch = Scratch::new();
    scratch
        .run(&["run", "--charts", "none", "--samples", "300"])
        .assert_success();
    let mut book = workbook(&scratch, "reports/scores.xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "Scores",
            "Weights",
            "Explanations",
            "Rank stability",
            "Backtest",
            "Backtest statistics",
            "Ranking"
        ]
    );
    // The same cells as the CSV files, sheet for sheet.
    for (sheet, file) in [
        ("Scores", "scores.csv"),
        ("Rank stability", "sensitivity.csv"),
        ("Backtest", "backtest.csv"),
        ("Backtest statistics", "backtest_statistics.csv"),
    ] {
        let from_csv = csv_rows(&scratch.read(&format!("reports/{file}")));
        assert_eq!(sheet_rows(&mut book, sheet), from_csv, "{sheet}");
    }
    // Numbers are numbers and booleans booleans, not text.
    let scores = book.worksheet_range("Scores").unwrap();
    assert!(matches!(scores.get((1, 0)), Some(Data::Float(rank)) if *rank == 1.0));
    assert!(matches!(scores.get((1, 4)), Some(Data::Float(_))), "total");
    let backtest = book.worksheet_range("Backtest").unwrap();
    assert!(
        matches!(backtest.get((1, 9)), Some(Data::Float(_))),
        "level"
    );
    assert!(
        matches!(backtest.get((1, 10)), Some(Data::Bool(_))),
        "success"
    );
    // Each sheet is an Excel table, with its autofilter.
    book.load_tables().unwrap();
    assert_eq!(book.table_names().len(), 5);
    let explanations = book.worksheet_range("Explanations").unwrap();
    let header: Vec<String> = explanations
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "rank",
            "id",
            "name",
            "criterion",
            "rule_or_term",
            "fired",
            "points",
            "term_weight",
            "term_score",
            "values_read",
            "reason"
        ]
    );
    assert!(
        explanations
            .rows()
            .any(|row| matches!(row[5], Data::Bool(true))),
        "some rule fired"
    );
}

#[test]
fn text_that_starts_like_a_formula_is_a_string_in_the_workbook() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit("companies.csv", ",Alpha,", ",\"=cmd|' /C calc'!A0\",");
    scratch.edit("companies.csv", ",Beta,", ",@SUM(1+1),");
    score(&scratch, &["--out", "out", "--format", "xlsx"]).assert_success();
    assert!(
        !scratch.path("out/scores.csv").exists(),
        "--format xlsx alone"
    );
    let mut book = workbook(&scratch, "out/scores.xlsx");
    let names: Vec<Data> = book
        .worksheet_range("Scores")
        .unwrap()
        .rows()
        .map(|row| row[2].clone())
        .collect();
    assert!(
        names.contains(&Data::String("=cmd|' /C calc'!A0".into())),
        "{names:?}"
    );
    assert!(
        names.contains(&Data::String("@SUM(1+1)".into())),
        "{names:?}"
    );
    // The workbook's formulas are its own: rank (A), total (E) and the contributions (J to L),
    // never a name.
    let formulas = book.worksheet_formula("Scores").unwrap();
    let columns: std::collections::BTreeSet<usize> =
        formulas.used_cells().map(|(_, column, _)| column).collect();
    assert_eq!(columns.into_iter().collect::<Vec<_>>(), [0, 4, 9, 10, 11]);
    for (_, _, formula) in formulas.used_cells() {
        assert!(
            !formula.contains("cmd") && !formula.contains("SUM(1+1)"),
            "{formula}"
        );
    }
    // `thesis chart` reads the workbook back to the same charts, names as typed.
    scratch.redraw("out/scores.xlsx", "again").assert_success();
    let quadrant = scratch.read("again/quadrant.svg");
    assert_eq!(quadrant, scratch.read("out/quadrant.svg"));
    assert!(quadrant.contains("@SUM(1+1)"));
}

#[test]
fn the_score_table_goes_to_stdout_in_one_format() {
    let scratch = Scratch::with_fixture("small");
    score(&scratch, &["--out", "files", "--csv-dialect", "plain"]).assert_success();
    let csv = score(&scratch, &["--out", "-"]);
    csv.assert_success();
    assert_eq!(
        csv.stdout,
        scratch.read("files/scores.csv"),
        "no byte-order mark"
    );
    assert_eq!(
        csv.stderr,
        "ranked 4 companies (1 outside the thesis scope)\n"
    );
    let eu = score(&scratch, &["--out", "-", "--csv-dialect", "excel-eu"]);
    assert!(eu.stdout.starts_with("rank;id;name;"), "{}", eu.stdout);
    let json = score(&scratch, &["--out", "-", "--format", "json", "--quiet"]);
    json.assert_success();
    assert_eq!(json.stderr, "");
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rows[0]["name"], "Alpha");
    assert_eq!(rows[0]["total"], 0.833333);
    assert_eq!(rows[0]["pain_rules"], serde_json::json!(["p-high"]));
    assert_eq!(rows[3]["pain_score"], serde_json::Value::Null);
    assert_eq!(rows.as_array().unwrap().len(), 4);
    let two = score(&scratch, &["--out", "-", "--format", "csv,json"]);
    assert_eq!(two.code, 2, "{}", two.stderr);
    assert!(
        two.stderr.contains("--out - writes one table format"),
        "{}",
        two.stderr
    );
    // A workbook goes to stdout too, when stdout is not a terminal.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_thesis"))
        .args([&SCORE[..], &INPUTS, &["--out", "-", "--format", "xlsx"]].concat())
        .current_dir(scratch.path(""))
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut book = Xlsx::new(Cursor::new(output.stdout)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Scores", "Weights", "Explanations", "Ranking"]
    );
    assert_eq!(book.worksheet_range("Scores").unwrap().height(), 5);
}

#[test]
fn an_input_can_come_from_stdin() {
    let scratch = Scratch::with_fixture("small");
    score(&scratch, &["--out", "files"]).assert_success();
    let companies = std::fs::read(scratch.path("companies.csv")).unwrap();
    let args = [
        "score",
        "--out",
        "piped",
        "--charts",
        "svg",
        "--samples",
        "200",
    ];
    let inputs = [
        "--companies",
        "-",
        "--categories",
        "categories.csv",
        "--thesis",
        "thesis.toml",
    ];
    scratch
        .run_with_stdin(&[&args[..], &inputs].concat(), &companies)
        .assert_success();
    assert_eq!(
        scratch.read("piped/scores.csv"),
        scratch.read("files/scores.csv")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&scratch.read("piped/run.json")).unwrap();
    assert_eq!(manifest["inputs"][0]["file"], "standard input");
    let twice = scratch.run_with_stdin(&["score", "--companies", "-", "--categories", "-"], b"");
    assert_eq!(twice.code, 2, "{}", twice.stderr);
    assert!(
        twice
            .stderr
            .contains("only one input can be read from standard input")
    );
}

#[test]
fn quiet_prints_only_errors_and_the_data_asked_for() {
    let scratch = Scratch::with_fixture("small");
    let quiet = score(&scratch, &["--out", "out", "--quiet"]);
    quiet.assert_success();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    assert!(scratch.path("out/scores.csv").exists());
    let explain = scratch.run_with_inputs(&["explain", "Alpha", "-q"]);
    explain.assert_success();
    assert!(explain.stdout.contains("Alpha"), "{}", explain.stdout);
    assert_eq!(explain.stderr, "");
    let error = scratch.run_with_inputs(&["explain", "Nobody", "--quiet"]);
    assert_eq!(error.code, 6);
    assert!(error.stderr.starts_with("error: no company matches"));
}

#[test]
fn no_output_overwrites_an_input_or_lands_in_the_data_folder() {
    let scratch = Scratch::with_fixture("small");
    score(&scratch, &["--out", "out"]).assert_success();
    // A company file that happens to be named like an output.
    std::fs::copy(
        scratch.path("companies.csv"),
        scratch.path("out/scores.csv"),
    )
    .unwrap();
    let before = scratch.read("out/scores.csv");
    let args = ["score", "--out", "out", "--companies", "out/scores.csv"];
    scratch
        .run(&[&args[..], &["--categories"], &INPUTS].concat())
        .assert_error(
            2,
            "refusing to write out/scores.csv: it is an input of this run (out/scores.csv)",
        );
    assert_eq!(scratch.read("out/scores.csv"), before, "untouched");
    // Redrawing charts beside the scores they come from overwrites nothing it reads.
    score(&scratch, &["--out", "again"]).assert_success();
    scratch.redraw("again/scores.csv", "again").assert_success();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    // Inside it, or back into it by way of a folder that does not exist yet.
    for inside in [format!("{data}/reports"), format!("{data}/not-here/..")] {
        let refused = scratch.run(&[
            "run",
            "--out",
            &inside,
            "--charts",
            "none",
            "--samples",
            "0",
        ]);
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert_eq!(
            refused.stderr,
            format!(
                "error: refusing to write {inside}: it is the bundled data folder, which holds the inputs of `thesis run`\n"
            )
        );
        assert!(!std::path::Path::new(&format!("{data}/reports")).exists());
        assert!(!std::path::Path::new(&format!("{data}/not-here")).exists());
    }
}

#[test]
fn completions_and_the_manual_come_from_the_command_definition() {
    let scratch = Scratch::new();
    let bash = scratch.run(&["completions", "bash"]);
    bash.assert_success();
    assert!(
        bash.stdout.contains("complete -F _thesis"),
        "{}",
        bash.stdout
    );
    assert!(bash.stdout.contains("--csv-dialect"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = scratch.run(&["completions", shell]);
        script.assert_success();
        assert!(script.stdout.contains("backtest"), "{shell}");
    }
    let man = scratch.run(&["man"]);
    man.assert_success();
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..80]
    );
    assert!(man.stdout.contains(".TH thesis 1"), "{}", man.stdout);
    assert!(man.stdout.contains("completions"));
    let unknown = scratch.run(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn no_color_turns_off_colour_even_when_forced() {
    let scratch = Scratch::new();
    let args = ["run", "--charts", "gif"];
    let forced = scratch.run_with_env(&args, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr.contains('\u{1b}'), "colour when forced");
    let plain = scratch.run_with_env(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(plain.code, 2);
    assert!(!plain.stderr.contains('\u{1b}'), "{}", plain.stderr);
}

/// A rule that cannot be decided for a company reads the same wherever it is explained: `thesis
/// explain`, the report and the Explanations sheet all give the values it read and why.
#[test]
fn an_undecided_rule_is_explained_alike_by_explain_the_report_and_the_workbook() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "when = 'acquired'",
        "when = 'arr_musd > 0.0'",
    );
    let why = "\">\" cannot take (null, double)";
    let explain = scratch.run(&[
        "explain",
        "b",
        "--companies",
        "companies.csv",
        "--categories",
        INPUTS[0],
        INPUTS[1],
        INPUTS[2],
    ]);
    explain.assert_success();
    let line = format!("    ?      -1 s-acq  [arr_musd = (missing)] (undecided: {why})");
    assert!(
        explain.stdout.lines().any(|shown| shown == line),
        "{}",
        explain.stdout
    );
    score(&scratch, &["--out", "out"]).assert_success();
    let report = scratch.read("out/index.html");
    let escaped = why.replace('"', "&quot;").replace('>', "&gt;");
    assert!(
        report.contains(&format!(
            "<li class=\"undecided\">? <code>s-acq</code>: undecided, {escaped}</li>"
        )),
        "no undecided rule in the report"
    );
    let rows = sheet_rows(&mut workbook(&scratch, "out/scores.xlsx"), "Explanations");
    let undecided: Vec<&Vec<String>> = (rows.iter())
        .filter(|row| row[1] == "b" && row[4] == "s-acq")
        .collect();
    assert_eq!(undecided.len(), 1, "{rows:?}");
    assert_eq!(undecided[0][5], "undecided");
    assert_eq!(undecided[0][9], "arr_musd = (missing)");
    assert!(
        undecided[0][10].ends_with(&format!("(undecided: {why})")),
        "{:?}",
        undecided[0]
    );
}
