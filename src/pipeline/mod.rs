//! The steps the commands are made of: read → compile → bind, score and write every report (or
//! write them from a scores table read back), redraw the charts from a `scores.csv`, and the
//! company lookup `explain` uses.

mod article;
mod diff;
mod fit;
mod generate;
mod load;
mod outputs;
mod read_back;
mod run;

pub use article::{Extracted, extract};
pub use diff::{diff_runs, read_run};
pub use fit::{CohortField, DEFAULT_COHORT, FitFiles, Fitted, fit};
pub use generate::{Planting, generate};
pub(crate) use load::input_files;
pub use load::{InputFile, Loaded, load};
pub(crate) use outputs::write_outputs;
pub use read_back::{ReadBack, read_back};
pub use run::{report_from_scores, score_and_write};

use crate::error::{Error, Result};
use crate::io::{Inputs, PartnerWeights, RawTable, Source};
use crate::model::{Dataset, Outcomes};
use crate::report::chart::{self, BacktestChart, Chart, ChartFormat, ChartOptions, RenderedChart};
use crate::report::{
    CsvDialect, Explanations, OutputPlan, Recalculation, RunTables, ScoreTable, ScoreView,
    TableFormat, Tabular, backtest_sheet, backtest_statistics_sheet,
};
use crate::scoring::{self, Scoreboard};
use crate::stats::{self, BacktestOptions, SensitivityOptions};
use crate::thesis::Thesis;
use std::path::{Path, PathBuf};

/// What a long run reports as it goes: the stage it is in and, for a stage of counted steps (weight
/// samples), the steps done. The command line draws it as a progress bar.
pub trait Progress: Sync {
    /// A stage begins; `steps` is how many steps it counts, if it counts any.
    fn stage(&self, name: &'static str, steps: Option<u64>);
    /// `done` more steps of the current stage are done.
    fn advance(&self, done: u64);
}

/// What a scoring run writes and how.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// `run` or `score`, recorded in `run.json`.
    pub command: String,
    pub out: PathBuf,
    /// Chart formats to write; empty for none (the HTML report then has no charts).
    pub formats: Vec<ChartFormat>,
    pub charts: ChartOptions,
    /// Rank stability under sampled weights; `None` skips it.
    pub sensitivity: Option<SensitivityOptions>,
    /// The backtest, when the inputs have outcomes; `None` skips it.
    pub backtest: Option<BacktestOptions>,
    /// The formats of the tables: CSV (one file per table), XLSX (one workbook with a sheet per
    /// table, and the explanations) and JSON (the score table).
    pub tables: Vec<TableFormat>,
    /// Whether the workbook is in `tables` by default rather than because it was asked for: past
    /// [`DEFAULT_WORKBOOK_ROWS`] ranked companies it is then left out, with a note.
    pub workbook_by_default: bool,
    pub dialect: CsvDialect,
    /// A previous run's output folder to compare with: the report's "since the last run" section
    /// and `diff.csv`.
    pub since: Option<PathBuf>,
    /// A partnership's weights (one row per partner): sensitivity then samples from the Dirichlet
    /// fitted to them and names each partner's first place.
    pub weights_from: Option<Source>,
}

/// The most ranked companies for which a run writes `scores.xlsx` without being asked: a bigger
/// workbook takes minutes to write and to open, and `scores.csv` holds the same table.
pub const DEFAULT_WORKBOOK_ROWS: usize = 100_000;

/// A finished run: what was scored and the files written.
#[derive(Debug)]
pub struct Finished {
    pub loaded: Loaded,
    pub scores: Scoreboard,
    /// The backtest, when it ran.
    pub backtest: Option<stats::Backtest>,
    pub written: Vec<PathBuf>,
    /// What the run left out and why, for the person who ran it.
    pub notes: Vec<String>,
}

/// Scores the inputs and writes only the score table to `out`, which is standard output: CSV in
/// the dialect given but without a byte-order mark, JSON, or a workbook of the scores and their
/// explanations. The scores are returned for what the caller prints beside them.
pub fn score_table_to(
    inputs: &Inputs,
    format: TableFormat,
    dialect: CsvDialect,
    out: &mut dyn std::io::Write,
) -> Result<(Loaded, Scoreboard)> {
    let loaded = load(inputs)?;
    let Loaded { thesis, data, .. } = &loaded;
    let scores = scoring::score(thesis, data);
    write_score_table(thesis, data, &scores, (format, dialect), out)?;
    Ok((loaded, scores))
}

/// The score table in `format` (with the explanations, for a workbook) through the output plan.
fn write_score_table(
    thesis: &Thesis,
    data: &Dataset,
    scores: &Scoreboard,
    (format, dialect): (TableFormat, CsvDialect),
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let view = ScoreView::new(thesis, data, scores);
    let explanations = Explanations::new(thesis, data, scores);
    let scores_sheet =
        (format == TableFormat::Json).then(|| ScoreTable::new(thesis, data, scores).sheet());
    let recalculation = Recalculation::for_scores(thesis, data, scores);
    let tables = RunTables {
        thesis,
        scores: &view,
        scores_sheet: scores_sheet.as_ref(),
        explanations: &explanations,
        sheets: &[],
        recalculation: recalculation.as_ref(),
    };
    let mut plan = OutputPlan::for_standard_output();
    plan.tables(&tables, &[format], dialect);
    (plan.exporters().into_iter())
        .try_for_each(|exporter| exporter.write(out))
        .and_then(|()| out.flush())
        .map_err(Error::stdout)
}

/// Where and how `backtest_and_write` writes its files.
#[derive(Debug, Clone)]
pub struct BacktestFiles {
    pub out: PathBuf,
    pub dialect: CsvDialect,
    pub formats: Vec<ChartFormat>,
    pub charts: ChartOptions,
}

/// Backtests the loaded companies' `scores` against `outcomes`; with `files`, also writes
/// `backtest.csv`, `backtest_statistics.csv` and the backtest chart, all or none.
pub fn backtest_and_write(
    loaded: &Loaded,
    scores: &Scoreboard,
    outcomes: &Outcomes,
    options: &BacktestOptions,
    files: Option<&BacktestFiles>,
) -> Result<(stats::Backtest, Vec<PathBuf>)> {
    let Loaded { thesis, data, .. } = loaded;
    let backtest = stats::backtest(thesis, data, scores, outcomes, options)?;
    let Some(files) = files else {
        return Ok((backtest, Vec::new()));
    };
    let rendered = if files.formats.is_empty() {
        Vec::new()
    } else {
        let chart = BacktestChart::new(thesis, data, &backtest, &files.charts);
        let charts: Vec<Box<dyn Chart>> = vec![Box::new(chart)];
        render(
            &charts,
            &files.charts,
            files.formats.contains(&ChartFormat::Png),
        )?
    };
    let sheets = [
        backtest_sheet(data, &backtest),
        backtest_statistics_sheet(thesis, &backtest),
    ];
    let mut plan = OutputPlan::new();
    plan.csv(
        sheets.iter().map(|sheet| sheet as &dyn Tabular),
        files.dialect,
    );
    plan.charts(&rendered, &files.formats);
    let written = write_outputs(&files.out, &plan.exporters(), &loaded.input_files)?;
    Ok((backtest, written))
}

/// `settings` with the partnership's weights read from `partners` and fitted: samples are then
/// drawn around their consensus at their own spread.
pub fn with_partners(
    settings: &SensitivityOptions,
    partners: &Source,
    thesis: &Thesis,
) -> Result<SensitivityOptions> {
    let spread = partner_spread(partners, thesis)?;
    Ok(SensitivityOptions {
        prior: stats::WeightPrior::Dirichlet {
            concentration: spread.concentration,
        },
        partners: Some(spread),
        ..settings.clone()
    })
}

/// The partnership's weights read from `partners`, checked against the thesis's lenses, and the
/// Dirichlet fitted to them.
pub fn partner_spread(partners: &Source, thesis: &Thesis) -> Result<stats::PartnerSpread> {
    let lenses: Vec<&str> = thesis.criteria.iter().map(|c| c.id.as_str()).collect();
    let weights = PartnerWeights::bind(&RawTable::parse(partners)?, &lenses)?;
    Ok(stats::PartnerSpread::fit(weights))
}

/// Redraws the charts from a `scores.csv` written for `thesis`, without scoring again.
pub fn redraw_charts(
    scores: &Source,
    thesis: &Source,
    out: &Path,
    formats: &[ChartFormat],
    options: &ChartOptions,
) -> Result<Vec<PathBuf>> {
    let compiled = Thesis::load(thesis)?;
    let table = ScoreTable::read(&RawTable::parse(scores)?, &compiled)?;
    let charts = chart::charts_for(&compiled, &table, options);
    let rendered = render(&charts, options, formats.contains(&ChartFormat::Png))?;
    let mut plan = OutputPlan::new();
    plan.charts(&rendered, formats);
    write_outputs(out, &plan.exporters(), &input_files(&[scores, thesis]))
}

fn render(
    charts: &[Box<dyn Chart>],
    options: &ChartOptions,
    png: bool,
) -> Result<Vec<RenderedChart>> {
    charts
        .iter()
        .map(|chart| chart::render(chart.as_ref(), options.size(), png))
        .collect()
}

/// The company whose id, or name ignoring case, is `query`; otherwise an error listing the closest.
pub fn find_company(data: &Dataset, query: &str) -> Result<usize> {
    let wanted = query.trim();
    if let Some(index) = (0..data.len()).find(|&company| data.id(company) == wanted) {
        return Ok(index);
    }
    if let Some(index) =
        (0..data.len()).find(|&company| data.name(company).eq_ignore_ascii_case(wanted))
    {
        return Ok(index);
    }
    // Candidates are every name, then every id: position p is company p % n.
    let count = data.len();
    let names = (0..data.len()).map(|company| data.name(company));
    let ids = (0..data.len()).map(|company| data.id(company));
    let mut matched: Vec<usize> = Vec::new();
    for position in crate::suggest::closest(wanted, names.chain(ids), 2 * count) {
        if !matched.contains(&(position % count)) {
            matched.push(position % count);
        }
    }
    let suggestions: Vec<String> = matched
        .into_iter()
        .take(3)
        .map(|index| format!("{} ({})", data.name(index), data.id(index)))
        .collect();
    Err(Error::UnknownCompany {
        query: wanted.to_string(),
        suggestions,
    })
}
