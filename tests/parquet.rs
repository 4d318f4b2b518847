//! Parquet in and out: inputs recognized by their content and typed as their CSV would be, and
//! `scores.parquet` with typed columns, the same bytes on every run, that `thesis chart` reads back.

use crate::common::Scratch;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::sync::Arc;

/// The `small` fixture's companies with typed columns: numbers as doubles, flags as booleans.
fn typed_companies() -> RecordBatch {
    let text = |cells: [&str; 5]| -> ArrayRef {
        Arc::new(StringArray::from(
            cells
                .map(|cell| (!cell.is_empty()).then_some(cell))
                .to_vec(),
        ))
    };
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", text(["a", "b", "c", "d", "e"])),
        ("name", text(["Alpha", "Beta", "Gamma", "Delta", "Epsilon"])),
        (
            "category",
            text(["Storage", "Storage", "Security", "Security", "Storage"]),
        ),
        (
            "role",
            text(["startup", "startup", "startup", "startup", "precedent"]),
        ),
        ("pain", text(["high", "low", "high", "", "high"])),
        (
            "arr_musd",
            Arc::new(Float64Array::from(vec![
                Some(10.0),
                None,
                Some(30.0),
                Some(5.0),
                Some(100.0),
            ])),
        ),
        (
            "acquired",
            Arc::new(BooleanArray::from(vec![false, false, true, false, true])),
        ),
    ];
    let schema = Schema::new(
        (columns.iter())
            .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(
        Arc::new(schema),
        columns.into_iter().map(|(_, array)| array).collect(),
    )
    .unwrap()
}

fn parquet_bytes(batch: &RecordBatch) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
    bytes
}

#[test]
fn a_parquet_company_file_scores_as_its_csv() {
    let scratch = Scratch::with_fixture("small");
    scratch.write("typed.parquet", parquet_bytes(&typed_companies()));
    let from_csv = scratch.run_with_inputs(&["score", "--out", "csv", "--charts", "none"]);
    from_csv.assert_success();
    let from_parquet = scratch.run(&[
        "score",
        "--out",
        "parquet",
        "--charts",
        "none",
        "--companies",
        "typed.parquet",
        "--categories",
        "categories.csv",
        "--thesis",
        "thesis.toml",
    ]);
    from_parquet.assert_success();
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
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    let batch = &batches[0];
    let schema = batch.schema();
    let type_of = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(type_of("rank"), DataType::Int64);
    assert_eq!(type_of("id"), DataType::Utf8);
    assert_eq!(type_of("total"), DataType::Float64);
    assert_eq!(type_of("pain_rules"), DataType::Utf8);
    // Row by row, the values scores.csv prints.
    let csv = scratch.read("first/scores.csv");
    let rows: Vec<Vec<&str>> = (csv.trim_start_matches('\u{feff}').lines().skip(1))
        .map(|line| line.split(',').collect())
        .collect();
    let ranks = batch.column_by_name("rank").unwrap();
    let ranks = ranks.as_any().downcast_ref::<Int64Array>().unwrap();
    let totals = batch.column_by_name("total").unwrap();
    let totals = totals.as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(batch.num_rows(), rows.len());
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(ranks.value(index).to_string(), row[0]);
        assert_eq!(format!("{:.6}", totals.value(index)), row[4]);
    }
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
        let run = scratch.run(&[
            "chart",
            "--scores",
            scores,
            "--thesis",
            "thesis.toml",
            "--out",
            out,
            "--charts",
            "svg",
        ]);
        run.assert_success();
    }
    for chart in ["quadrant.svg", "ranking.svg"] {
        assert_eq!(
            scratch.read(&format!("from-parquet/{chart}")),
            scratch.read(&format!("from-csv/{chart}")),
            "{chart}"
        );
    }
}
