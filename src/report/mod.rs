//! Outputs: tables as typed [`Sheet`]s, one exporter per file format (CSV, XLSX, JSON, HTML, charts,
//! the run manifest) behind the [`Exporter`] trait, written all-or-nothing into an output folder,
//! plus the text renderings of `explain`, `check`, `sensitivity` and `backtest`.

mod backtest_sheets;
mod backtest_text;
mod caveats;
mod cell;
pub mod chart;
mod chart_rows;
mod check;
mod csv;
mod diff;
mod draft;
mod explain;
mod explanations_sheet;
mod explore;
mod fit;
mod html;
mod json;
mod manifest;
mod parquet;
mod plan;
mod publish;
mod recalculation;
mod score_view;
mod sensitivity_sheet;
mod sensitivity_text;
mod sheet;
mod table;
mod xlsx;

pub use backtest_sheets::{backtest_sheet, backtest_statistics_sheet};
pub use backtest_text::{backtest_summary, render_backtest};
pub use caveats::{look_ahead_note, tie_note};
pub use chart_rows::{ChartRow, ChartRows, ScoreboardRows};
pub use check::{Coverage, render_check};
pub use csv::{CsvDialect, CsvFile, write_csv};
pub use diff::{
    DiffOptions, RunDiff, RunRecord, compare as compare_runs, diff_html, diff_sheet, diff_summary,
};
pub use draft::{DRAFT_EXTRA_COLUMNS, DraftCsv, slug};
pub use explain::{Explained, render_explanation};
pub use explanations_sheet::Explanations;
pub use explore::{EXPLORE_TOP, ExplorePage};
pub use fit::{
    FitPage, FittedThesis, fit_points_sheet, fit_sheet, fit_validation_sheet, render_fit,
};
pub use html::{HtmlReport, MOST_ROWS as REPORT_ROWS};
pub use json::JsonFile;
pub use manifest::{InputDigests, InputRecord, ManifestJson, RunManifest};
pub use parquet::ParquetFile;
pub use plan::{OutputPlan, RunTables};
pub use publish::write_all;
pub use recalculation::{RECALCULATING_ROWS, Recalculation};
pub use score_view::ScoreView;
pub use sensitivity_sheet::SensitivityTable;
pub use sensitivity_text::render_sensitivity;
pub use sheet::{Cell, CellRef, Column, RunSheet, Sheet, SheetRows, Style, Tabular};
pub use table::{CriterionCells, CriterionColumns, ScoreRow, ScoreTable};
pub use xlsx::XlsxFile;

use std::io::Write;

/// A file format for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// One file per table.
    Csv,
    /// The score table.
    Json,
    /// One workbook, a sheet per table plus the explanations.
    Xlsx,
    /// The score table, with typed columns.
    Parquet,
}

impl TableFormat {
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Json => "json",
            TableFormat::Xlsx => "xlsx",
            TableFormat::Parquet => "parquet",
        }
    }
}

/// One output file, holding what it needs to write itself.
pub trait Exporter {
    fn file_name(&self) -> String;
    fn write(&self, out: &mut dyn Write) -> std::io::Result<()>;
}

/// A number as reports print it: six decimals, and never `-0.000000`.
pub fn format_number(value: f64) -> String {
    let mut text = String::with_capacity(16);
    push_number(&mut text, value);
    text
}

/// Appends [`format_number`]'s text to `out`, without allocating where the integer path applies.
pub fn push_number(out: &mut String, value: f64) {
    match millionths(value) {
        Some(millionths) => push_millionths(out, millionths),
        None => {
            let text = format!("{value:.6}");
            match text.strip_prefix('-') {
                Some(magnitude) if magnitude == "0.000000" => out.push_str(magnitude),
                _ => out.push_str(&text),
            }
        }
    }
}

/// The number a report's six decimals read back as: `format_number(value).parse()`, without the
/// text where the integer path applies (a decimal string of millionths parses to the correctly
/// rounded quotient, which is what dividing the exact integer by the exact 1e6 gives).
pub fn round_as_printed(value: f64) -> f64 {
    match millionths(value) {
        Some(0) => 0.0,
        Some(millionths) => millionths as f64 / 1e6,
        None => format_number(value)
            .parse()
            .expect("a formatted number parses"),
    }
}

/// The value in whole millionths, rounded as `format!("{:.6}")` rounds, by integer arithmetic —
/// several times faster than `format!` — or `None` where that could round differently from
/// `format!`'s exact decimal expansion: when the scaled value lies within its own rounding error of
/// a half, and for magnitudes of a billion or more.
fn millionths(value: f64) -> Option<i64> {
    let scaled = value * 1e6;
    if !scaled.is_finite() || scaled.abs() >= 1e15 {
        return None;
    }
    // Whole part and fraction by a truncating cast, which is exact below 2^53 and, unlike `round`
    // and `floor`, needs no library call on baseline x86-64.
    let whole = scaled as i64;
    let fraction = (scaled - whole as f64).abs();
    let error = scaled.abs() * f64::EPSILON + f64::MIN_POSITIVE;
    if (fraction - 0.5).abs() <= error {
        return None;
    }
    Some(match fraction > 0.5 {
        true => whole + if scaled < 0.0 { -1 } else { 1 },
        false => whole,
    })
}

/// Appends `millionths / 1e6` with six decimals.
fn push_millionths(out: &mut String, millionths: i64) {
    let magnitude = millionths.unsigned_abs();
    if millionths < 0 {
        out.push('-');
    }
    out.push_str(itoa::Buffer::new().format(magnitude / 1_000_000));
    out.push('.');
    // The six decimals, zero-padded: the digits of one million and the fraction, but the one.
    let mut buffer = itoa::Buffer::new();
    out.push_str(&buffer.format(1_000_000 + magnitude % 1_000_000)[1..]);
}

#[cfg(test)]
mod tests {
    use super::publish::FLUSH_EVERY;
    use super::{Exporter, format_number, round_as_printed, write_all};
    use proptest::prelude::*;

    /// Bytes that differ from one write to the next, so that a write lost or repeated shows.
    struct Counting {
        writes: usize,
    }

    impl Exporter for Counting {
        fn file_name(&self) -> String {
            "counting.txt".to_string()
        }

        fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
            (0..self.writes)
                .try_for_each(|write| out.write_all(format!("{write:>12}\n").as_bytes()))
        }
    }

    #[test]
    fn an_output_flushed_to_disk_as_it_is_written_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let writes = 2 * FLUSH_EVERY / 13 + 7;
        let written = write_all(dir.path(), &[&Counting { writes }]).unwrap();
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert_eq!(text.len(), writes * 13);
        assert!(
            text.lines()
                .enumerate()
                .all(|(at, line)| line.trim() == at.to_string())
        );
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 1, "no temporary file is left");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]

        #[test]
        fn the_fast_path_prints_what_format_prints(
            value in prop_oneof![
                -2.0f64..2.0,
                -1e9f64..1e9,
                (-2_000_000i64..2_000_000).prop_map(|n| n as f64 / 1e6 + 5e-7),
                (0u64..u64::MAX).prop_map(f64::from_bits),
            ]
        ) {
            let exact = format!("{value:.6}");
            let expected = match exact.strip_prefix('-') {
                Some(magnitude) if magnitude == "0.000000" => magnitude.to_string(),
                _ => exact,
            };
            prop_assert_eq!(format_number(value), expected);
        }

        #[test]
        fn a_rounded_number_is_what_its_text_reads_back_as(
            value in prop_oneof![
                -2.0f64..2.0,
                -1e9f64..1e9,
                (-2_000_000i64..2_000_000).prop_map(|n| n as f64 / 1e6),
                (0u64..u64::MAX).prop_map(f64::from_bits).prop_filter("finite", |v| v.is_finite()),
            ]
        ) {
            let read_back: f64 = format_number(value).parse().unwrap();
            prop_assert_eq!(round_as_printed(value).to_bits(), read_back.to_bits());
        }
    }

    #[test]
    fn numbers_have_six_decimals_and_no_negative_zero() {
        let cases = [
            (0.80280151, "0.802802"),
            (-0.0000001, "0.000000"),
            (-0.5, "-0.500000"),
            (3.0, "3.000000"),
            (-0.0, "0.000000"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_number(value), expected, "{value}");
        }
    }
}
