//! The one place that knows which exporter writes which output. A command adds what it computed
//! (its tables in the formats asked for, its charts, single files) to an [`OutputPlan`], which then
//! hands `publish` the exporters, in the order the files are written, and their names for
//! `run.json`.

use super::chart::{ChartFile, ChartFormat, RenderedChart};
use super::csv::{CsvDialect, CsvFile};
use super::explanations_sheet::Explanations;
use super::json::JsonFile;
use super::parquet::ParquetFile;
use super::recalculation::Recalculation;
use super::score_view::ScoreView;
use super::sheet::{RunSheet, Sheet, SheetRows, Tabular};
use super::xlsx::XlsxFile;
use super::{Exporter, TableFormat};
use crate::thesis::Thesis;

/// A run's files, each with the exporter that writes it.
#[derive(Default)]
pub struct OutputPlan<'a> {
    exporters: Vec<Box<dyn Exporter + 'a>>,
    /// Whether the outputs go to standard output rather than to files.
    to_standard_output: bool,
}

/// The tables of a scoring run: the score table (row by row, and as a sheet when JSON needs it),
/// the explanations and the other sheets (sensitivity, backtest).
pub struct RunTables<'a> {
    pub thesis: &'a Thesis,
    pub scores: &'a ScoreView<'a>,
    /// The score table as cells: needed for JSON only.
    pub scores_sheet: Option<&'a Sheet>,
    pub explanations: &'a Explanations<'a>,
    pub sheets: &'a [Box<dyn RunSheet + 'a>],
    /// The formulas that make the workbook's scores recalculate, when it gets them.
    pub recalculation: Option<&'a Recalculation>,
}

impl<'a> OutputPlan<'a> {
    pub fn new() -> OutputPlan<'a> {
        OutputPlan::default()
    }

    /// A plan whose outputs are written one after another to standard output (`--out -`).
    pub fn for_standard_output() -> OutputPlan<'a> {
        OutputPlan {
            exporters: Vec::new(),
            to_standard_output: true,
        }
    }

    /// The run's tables in each format of `formats`: for CSV a file per table, for JSON and Parquet
    /// the score table, for XLSX one workbook of the scores, the explanations and the other sheets.
    pub fn tables(&mut self, tables: &RunTables<'a>, formats: &[TableFormat], dialect: CsvDialect) {
        if formats.contains(&TableFormat::Csv) {
            let all = std::iter::once(tables.scores as &dyn Tabular).chain(
                tables
                    .sheets
                    .iter()
                    .map(|sheet| sheet.as_ref() as &dyn Tabular),
            );
            self.csv(all, dialect);
        }
        if let (true, Some(sheet)) = (formats.contains(&TableFormat::Json), tables.scores_sheet) {
            self.file(JsonFile { sheet });
        }
        if formats.contains(&TableFormat::Parquet) {
            self.file(ParquetFile {
                name: "scores",
                table: tables.scores,
            });
        }
        if formats.contains(&TableFormat::Xlsx) {
            let all = [tables.scores as &dyn SheetRows, tables.explanations]
                .into_iter()
                .chain(
                    tables
                        .sheets
                        .iter()
                        .map(|sheet| sheet.as_ref() as &dyn SheetRows),
                );
            let recalculation = tables.recalculation;
            self.file(XlsxFile::for_thesis(
                tables.thesis,
                all.collect(),
                recalculation,
            ));
        }
    }

    /// A CSV file for each table.
    pub fn csv(&mut self, tables: impl IntoIterator<Item = &'a dyn Tabular>, dialect: CsvDialect) {
        let to_file = !self.to_standard_output;
        for table in tables {
            self.file(CsvFile {
                table,
                dialect,
                to_file,
            });
        }
    }

    /// Each chart in each of `formats`.
    pub fn charts(&mut self, rendered: &'a [RenderedChart], formats: &[ChartFormat]) {
        for chart in rendered {
            for &format in formats {
                self.file(ChartFile { chart, format });
            }
        }
    }

    pub fn file(&mut self, exporter: impl Exporter + 'a) {
        self.exporters.push(Box::new(exporter));
    }

    /// Every file planned, in the order they are written.
    pub fn exporters(&self) -> Vec<&dyn Exporter> {
        self.exporters.iter().map(|exporter| &**exporter).collect()
    }

    pub fn file_names(&self) -> Vec<String> {
        (self.exporters.iter())
            .map(|exporter| exporter.file_name())
            .collect()
    }
}
