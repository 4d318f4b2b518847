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
