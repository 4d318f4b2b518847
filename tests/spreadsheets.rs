//! Whatever a spreadsheet exports goes in: the same companies as plain CSV, as Excel's European
//! CSV (byte-order mark, `sep=;` line, `;` delimiter, decimal commas, CRLF, Windows-1252, `#N/A`),
//! as an XLSX workbook and as `LibreOffice`'s own XLSX and ODS give the same scores.

use crate::common::{FIXTURES, QUICK_SCORE, Scratch};
use rust_xlsxwriter::Workbook;

const PLAIN: &str = "id,name,category,role,pain,arr_musd,acquired\n\
a,Alpha,Storage,startup,high,10.5,false\n\
b,Beta,Storage,startup,low,,false\n\
c,G\u{e4}mma,Security,startup,high,30.25,true\n\
d,\"Delta, Inc.\",Security,startup,,5,false\n\
e,Epsilon,Storage,precedent,high,100,true\n";

/// Excel's "CSV (semicolon delimited)" in a German locale, saved as Windows-1252.
const EXCEL_EU: &[u8] = b"\xEF\xBB\xBFsep=;\r\n\
id;name;category;role;pain;arr_musd;acquired\r\n\
a;Alpha;Storage;startup;high;10,5;FALSE\r\n\
b;Beta;Storage;startup;low;#N/A;FALSE\r\n\
c;G\xe4mma;Security;startup;high;30,25;TRUE\r\n\
d;Delta, Inc.;Security;startup;#N/A;5;FALSE\r\n\
e;Epsilon;Storage;precedent;high;100;TRUE\r\n";

/// The companies of [`PLAIN`] typed into a workbook as a person would: numbers as numbers, true and
/// false as booleans, missing values as empty cells, on a sheet after an unrelated one.
fn typed_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Notes").unwrap();
    let sheet = book.add_worksheet().set_name("Companies").unwrap();
    for (row, line) in PLAIN.lines().enumerate() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        for (column, cell) in record.iter().enumerate() {
            let (row, column) = (row as u32, column as u16);
            if cell.is_empty() {
                continue;
            }
            match (cell.parse::<f64>(), cell) {
                (Ok(number), _) => sheet.write_number(row, column, number),
                (_, "true" | "false") => sheet.write_boolean(row, column, cell == "true"),
                _ => sheet.write_string(row, column, cell),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// `thesis score` on the companies written to `file`, with the fixture's categories and thesis.
fn scores_of(scratch: &Scratch, file: &str, companies: &[u8], extra: &[&str]) -> String {
    scratch.write(file, companies);
    let args = [
        &QUICK_SCORE[..],
        &["--companies", file, "--categories", "categories.csv"],
        &["--thesis", "thesis.toml"],
        extra,
    ]
    .concat();
    scratch.run(&args).assert_success();
    scratch.read("out/scores.csv")
}

#[test]
fn plain_csv_excel_european_csv_and_workbooks_give_the_same_scores() {
    let scratch = Scratch::with_fixture("small");
    let plain = scores_of(&scratch, "companies.csv", PLAIN.as_bytes(), &[]);
    assert!(plain.contains(",G\u{e4}mma,"), "{plain}");
    assert!(plain.contains(",\"Delta, Inc.\","), "{plain}");
    assert_eq!(scores_of(&scratch, "eu.csv", EXCEL_EU, &[]), plain);
    let named = scores_of(
        &scratch,
        "eu.csv",
        EXCEL_EU,
        &["--encoding", "windows-1252"],
    );
    assert_eq!(named, plain);
    let typed = typed_workbook();
    let sheet = ["--sheet", "Companies"];
    assert_eq!(scores_of(&scratch, "typed.xlsx", &typed, &sheet), plain);
    // Files LibreOffice Calc made from PLAIN (--convert-to xlsx and ods), read from their first sheet.
    for fixture in ["companies-libreoffice.xlsx", "companies-libreoffice.ods"] {
        let bytes = std::fs::read(format!("{FIXTURES}/workbooks/{fixture}")).unwrap();
        assert_eq!(
            scores_of(&scratch, fixture, &bytes, &[]),
            plain,
            "{fixture}"
        );
    }
    // --delimiter applies to every CSV input: the categories must then use it too.
    let categories = scratch.read("categories.csv").replace(',', ";");
    scratch.write("categories.csv", categories);
    let forced = scores_of(&scratch, "eu.csv", EXCEL_EU, &["--delimiter", ";"]);
    assert_eq!(forced, plain);
}

#[test]
fn a_workbook_names_its_sheet_and_rows_in_errors() {
    let scratch = Scratch::with_fixture("small");
    scratch.write("typed.xlsx", typed_workbook());
    let inputs = ["--categories", "categories.csv", "--thesis", "thesis.toml"];
    let run =
        |extra: &[&str]| scratch.run(&[&["score", "--out", "out"][..], &inputs, extra].concat());
    run(&["--companies", "typed.xlsx"]).assert_error(
        3,
        "typed.xlsx, sheet \"Notes\": is empty: expected a header row",
    );
    run(&["--companies", "typed.xlsx", "--sheet", "Sheet9"]).assert_error(
        3,
        "typed.xlsx: has no sheet named \"Sheet9\" (it has \"Notes\", \"Companies\")",
    );
    run(&["--companies", "companies.csv", "--sheet", "Companies"]).assert_error(
        3,
        "companies.csv: is not a workbook, so it has no sheet \"Companies\"",
    );
    let outcome = scratch.run(&["score", "--sheet", "Companies"]);
    assert_eq!(
        outcome.code, 2,
        "--sheet needs --companies: {}",
        outcome.stderr
    );
}

#[test]
fn a_wrong_delimiter_or_encoding_option_is_a_usage_error() {
    let scratch = Scratch::with_fixture("small");
    for (option, value) in [("--delimiter", "|"), ("--encoding", "latin-9")] {
        let outcome = scratch.run_with_inputs(&["score", option, value]);
        assert_eq!(outcome.code, 2, "{}", outcome.stderr);
        assert!(outcome.stderr.contains(value), "{}", outcome.stderr);
    }
}

/// OWASP's payloads as company names: every CSV writes them behind a `'`, numbers stay numbers, and
/// `thesis chart` reading the file back draws the names as typed.
#[test]
fn text_that_starts_like_a_formula_is_neutralized_and_read_back() {
    let scratch = Scratch::with_fixture("small");
    let payloads = [
        ("Alpha", "=cmd|' /C calc'!A0"),
        ("Beta", "@SUM(1+1)"),
        ("Gamma", "+1+1"),
        ("Delta", "-2+3"),
    ];
    for (name, payload) in payloads {
        scratch.edit(
            "companies.csv",
            &format!(",{name},"),
            &format!(",\"{payload}\","),
        );
    }
    scratch
        .run_with_inputs(&["score", "--out", "out", "--charts", "svg"])
        .assert_success();
    let scores = scratch.read("out/scores.csv");
    let mut reader = csv::Reader::from_reader(scores.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    for (_, payload) in payloads {
        assert!(
            names.contains(&format!("'{payload}")),
            "{payload} in {names:?}"
        );
    }
    assert!(
        scores.contains(",0.833333,"),
        "numbers are untouched: {scores}"
    );
    let sensitivity = scratch.read("out/sensitivity.csv");
    assert!(sensitivity.contains(",'@SUM(1+1),"), "{sensitivity}");
    scratch.redraw("out/scores.csv", "again").assert_success();
    let quadrant = scratch.read("again/quadrant.svg");
    assert_eq!(quadrant, scratch.read("out/quadrant.svg"));
    assert!(
        quadrant.contains("\n@SUM(1+1)\n"),
        "the chart shows the name as typed"
    );
}

/// The named part of a workbook, as text.
fn workbook_part(path: &std::path::Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(part).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn the_workbook_recalculates_from_a_weights_sheet_and_no_input_text_enters_a_formula() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit("companies.csv", ",Alpha,", ",\"=HYPERLINK(\"\"x\"\")\",");
    scratch.run_with_inputs(&QUICK_SCORE).assert_success();
    let book = scratch.path("out/scores.xlsx");
    let workbook = workbook_part(&book, "xl/workbook.xml");
    let sheets: Vec<&str> = workbook.split("<sheet name=\"").skip(1).collect();
    assert!(sheets[0].starts_with("Scores\""), "{workbook}");
    assert!(sheets[1].starts_with("Weights\""), "{workbook}");
    let ranking = sheets
        .iter()
        .find(|sheet| sheet.starts_with("Ranking\""))
        .unwrap();
    assert!(ranking.contains("state=\"hidden\""));
    // The Weights sheet: the lens ids over their weights, as the thesis gives them (2, 1, 1).
    let weights = workbook_part(&book, "xl/worksheets/sheet2.xml");
    for (cell, weight) in [("B2", "2"), ("C2", "1"), ("D2", "1")] {
        assert!(weights.contains(&format!("<c r=\"{cell}\" s=\"")), "{cell}");
        assert!(weights.contains(&format!("<v>{weight}</v>")), "{weight}");
    }
    // Formulas only in the rank (A), total (E) and contribution (J to L) columns, never with the
    // company's text, each caching the value scores.csv holds.
    let scores = workbook_part(&book, "xl/worksheets/sheet1.xml");
    let formulas: Vec<&str> = scores
        .split("<c r=\"")
        .skip(1)
        .filter(|c| c.contains("<f>"))
        .collect();
    assert_eq!(
        formulas.len(),
        4 * 5,
        "rank, total and three contributions for each company"
    );
    for cell in &formulas {
        let column = cell.chars().next().unwrap();
        assert!(
            "AEJKL".contains(column),
            "a formula in column {column}: {cell}"
        );
        assert!(!cell.contains("HYPERLINK"), "{cell}");
    }
    let csv = scratch.read("out/scores.csv");
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let total = formulas
        .iter()
        .find(|cell| cell.starts_with("E2\""))
        .unwrap();
    assert!(
        total.contains(&format!("<v>{}</v>", first[4].trim_end_matches('0'))),
        "{total}"
    );
}

#[test]
fn a_topsis_workbook_holds_values_without_a_weights_sheet() {
    let scratch = Scratch::with_fixture("small");
    scratch.edit(
        "thesis.toml",
        "scope = ",
        "aggregation = \"topsis\"\nscope = ",
    );
    scratch.run_with_inputs(&QUICK_SCORE).assert_success();
    let book = scratch.path("out/scores.xlsx");
    assert!(!workbook_part(&book, "xl/workbook.xml").contains("Weights"));
    assert!(!workbook_part(&book, "xl/worksheets/sheet1.xml").contains("<f>"));
}
