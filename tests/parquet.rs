//! Parquet in and out: inputs recognized by their content and typed as their CSV would be, and
//! `scores.parquet` with typed columns, the same bytes on every run, that `thesis chart` reads back.

use crate::common::{FIXTURES, Scratch};
use parquet::basic::Type as PhysicalType;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

/// `tests/fixtures/parquet/companies.parquet` is the `small` fixture's companies written by DuckDB
/// with typed columns: `arr_musd` as DOUBLE, `acquired` as BOOLEAN, nulls for the empty cells.
#[test]
fn a_parquet_company_file_scores_as_its_csv() {
    let scratch = Scratch::with_fixture("small");
    let typed = std::fs::read(format!("{FIXTURES}/parquet/companies.parquet")).unwrap();
    scratch.write("typed.parquet", typed);
    let from_csv = scratch.run_with_inputs(&["score", "--out", "csv", "--charts", "none"]);
    from_csv.assert_success();
    let args = ["score", "--out", "parquet", "--charts", "none"];
    scratch
        .run_with_companies(&args, "typed.parquet")
        .assert_success();
    for table in ["scores.csv", "sensitivity.csv"] {
        assert_eq!(
            scratch.read(&format!("parquet/{table}")),
            scratch.read(&format!("csv/{table}")),
            "{table}"
        );
    }
}

#[test]
fn scores_parquet_has_typed_columns_the_same_bytes_each_run() {
    let scratch = Scratch::with_fixture("small");
    let args = ["score", "--format", "parquet,csv", "--charts", "none"];
    for out in ["first", "second"] {
        let args = [&args[..], &["--out", out]].concat();
        scratch.run_with_inputs(&args).assert_success();
    }
    let bytes = std::fs::read(scratch.path("first/scores.parquet")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(scratch.path("second/scores.parquet")).unwrap()
    );
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let type_of = |name: &str| {
        (schema.columns().iter())
            .find(|column| column.name() == name)
            .map(|column| column.physical_type())
    };
    assert_eq!(type_of("rank"), Some(PhysicalType::INT64));
    assert_eq!(type_of("id"), Some(PhysicalType::BYTE_ARRAY));
    assert_eq!(type_of("total"), Some(PhysicalType::DOUBLE));
    assert_eq!(type_of("pain_rules"), Some(PhysicalType::BYTE_ARRAY));
    // Row by row, cell by cell, the values scores.csv prints; nulls where it is empty.
    let csv = scratch.read("first/scores.csv");
    let expected: Vec<Vec<&str>> = (csv.trim_start_matches('\u{feff}').lines().skip(1))
        .map(|line| line.split(',').collect())
        .collect();
    let rows: Vec<Vec<String>> = (reader.get_row_iter(None).unwrap())
        .map(|row| {
            let row = row.unwrap();
            (row.get_column_iter())
                .map(|(_, field)| match field {
                    Field::Null => String::new(),
                    Field::Long(rank) => rank.to_string(),
                    Field::Double(number) => format!("{number:.6}"),
                    Field::Str(text) => text.clone(),
                    other => panic!("unexpected {other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn charts_drawn_from_scores_parquet_equal_those_from_scores_csv() {
    let scratch = Scratch::with_fixture("small");
    let args = ["score", "--out", "out", "--format", "parquet,csv"];
    scratch
        .run_with_inputs(&[&args[..], &["--charts", "none"]].concat())
        .assert_success();
    for (scores, out) in [
        ("out/scores.csv", "from-csv"),
        ("out/scores.parquet", "from-parquet"),
    ] {
        scratch.redraw(scores, out).assert_success();
    }
    for chart in ["quadrant.svg", "ranking.svg"] {
        assert_eq!(
            scratch.read(&format!("from-parquet/{chart}")),
            scratch.read(&format!("from-csv/{chart}")),
            "{chart}"
        );
    }
}
