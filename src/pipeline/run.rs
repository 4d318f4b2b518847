//! A scoring run's outputs: the statistics measured on a scoreboard (scored here, or read back from
//! a scores table) and every file written from them, all or none.

use super::DEFAULT_WORKBOOK_ROWS;
use super::diff::read_run;
use super::{
    Finished, Loaded, Progress, ReadBack, ReportOptions, load, read_back, render, with_partners,
    write_outputs,
};
use crate::error::Result;
use crate::io::{Inputs, Source};
use crate::model::Dataset;
use crate::report::chart::{self, BacktestChart, Chart, RenderedChart, StabilityChart};
use crate::report::{
    self, ChartRows, DiffOptions, EXPLORE_TOP, Explanations, ExplorePage, HtmlReport, InputDigests,
    ManifestJson, OutputPlan, Recalculation, RunManifest, RunRecord, RunSheet, RunTables,
    ScoreTable, ScoreView, ScoreboardRows, SensitivityTable, TableFormat, Tabular, backtest_sheet,
    backtest_statistics_sheet, compare_runs, diff_sheet,
};
use crate::scoring::{self, Scoreboard};
use crate::stats;
use crate::thesis::Thesis;
use std::path::PathBuf;

/// Scores the inputs and writes `scores.csv`, `sensitivity.csv`, the backtest files, `index.html`,
/// the charts and `run.json`, all or none. `progress` hears each stage and each weight sample. The
/// inputs' bytes are let go once read and hashed (a company file on disk is never held whole).
pub fn score_and_write(
    inputs: Inputs,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<Finished> {
    progress.stage("reading", None);
    let loaded = load(&inputs)?;
    let origin = Origin {
        digests: InputDigests::of(&inputs)?,
        inputs: [&inputs.companies, &inputs.categories, &inputs.thesis]
            .map(|source| source.label.clone())
            .to_vec(),
        outcomes: inputs.outcomes.as_ref().map(|source| source.label.clone()),
        read_back: None,
    };
    drop(inputs);
    progress.stage("scoring", None);
    let scores = scoring::score(&loaded.thesis, &loaded.data);
    let (backtest, written, notes) = write_run(&loaded, &scores, origin, options, progress)?;
    Ok(Finished {
        loaded,
        scores,
        backtest,
        written,
        notes,
    })
}

/// Reads a scores table back (see [`read_back`]) and writes from it what a scoring run writes but
/// the tables of scores and explanations: `index.html` (without the explanations, which need the
/// companies' values), the charts, `sensitivity.csv`, the backtest files when outcomes are given,
/// and `run.json`, all or none.
pub fn report_from_scores(
    scores: &Source,
    thesis: &Source,
    outcomes: Option<&Source>,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<(Finished, usize)> {
    progress.stage("reading", None);
    let ReadBack {
        loaded,
        scores: board,
        table,
        unranked_outcomes,
    } = read_back(scores, thesis, outcomes)?;
    let origin = Origin {
        digests: InputDigests::of_read_back(scores, thesis, outcomes)?,
        inputs: vec![scores.label.clone(), thesis.label.clone()],
        outcomes: outcomes.map(|source| source.label.clone()),
        read_back: Some((&table, &scores.label)),
    };
    let (backtest, written, notes) = write_run(&loaded, &board, origin, options, progress)?;
    let finished = Finished {
        loaded,
        scores: board,
        backtest,
        written,
        notes,
    };
    Ok((finished, unranked_outcomes))
}

/// Where a run's scores come from, for what it writes about them.
struct Origin<'a> {
    digests: InputDigests,
    /// The labels of the inputs that gave the scores, as the report names them.
    inputs: Vec<String>,
    /// The label of the outcomes, named when the backtest ran.
    outcomes: Option<String>,
    /// The scores table the scores were read back from, with its label, when they were not worked
    /// out here.
    read_back: Option<(&'a ScoreTable, &'a String)>,
}

/// Measures the statistics asked for and writes every output of a run on `scores`: the tables
/// (only the statistics when the scores were read back), the report, the charts and `run.json`.
/// Gives the backtest, the files written and notes on what was left out.
fn write_run(
    loaded: &Loaded,
    scores: &Scoreboard,
    origin: Origin<'_>,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<(Option<stats::Backtest>, Vec<PathBuf>, Vec<String>)> {
    let Loaded {
        thesis,
        data,
        outcomes,
        evidence,
        input_files,
        ..
    } = loaded;
    let look_ahead = loaded.look_ahead();
    // The previous run is read before anything is written: it may be in the folder written to.
    let previous = match &options.since {
        Some(folder) => Some(read_run(folder)?.0),
        None => None,
    };
    let settings = match (&options.sensitivity, &options.weights_from) {
        (Some(settings), Some(partners)) => Some(with_partners(settings, partners, thesis)?),
        (settings, _) => settings.clone(),
    };
    let mut notes = Vec::new();
    let tables = match origin.read_back {
        Some(_) => vec![TableFormat::Csv],
        None => table_formats(options, scores.ranking.len(), &mut notes),
    };
    let wants = |format| tables.contains(&format);
    // JSON and the comparison with a previous run read every cell of every row; the report reads
    // the first rows, the charts read the scoreboard row by row, and the workbook reads the rows
    // from the scoreboard as it writes them.
    let every_cell = wants(TableFormat::Json) || previous.is_some();
    let built;
    let table = match origin.read_back {
        Some((table, _)) => table,
        None => {
            built = match every_cell {
                true => ScoreTable::new(thesis, data, scores),
                false => ScoreTable::top(thesis, data, scores, report::REPORT_ROWS),
            };
            &built
        }
    };
    let board_rows = ScoreboardRows::new(thesis, data, scores);
    let chart_rows: &dyn ChartRows = match origin.read_back {
        Some((table, _)) => table,
        None => &board_rows,
    };
    // The statistics and the charts of the scores do not depend on each other, so they are worked
    // out side by side (the sampling spreads over the threads too); the statistics' charts follow.
    let measure = || -> Result<_> {
        let sensitivity = settings.as_ref().map(|settings| {
            progress.stage("sampling weights", Some(settings.samples as u64));
            stats::sensitivity(thesis, scores, settings, &|done| progress.advance(done))
        });
        let backtest = match (&options.backtest, outcomes) {
            (Some(settings), Some(outcomes)) => {
                Some(stats::backtest(thesis, data, scores, outcomes, settings)?)
            }
            _ => None,
        };
        Ok((sensitivity, backtest))
    };
    // The explorable page is drawn with the charts: `--charts none` asks for neither.
    let explore = !options.formats.is_empty();
    let draw = || -> Result<_> {
        let rendered = draw_score_charts(thesis, chart_rows, options)?;
        let carried = match explore {
            true => stats::reachable(thesis, data, scores, EXPLORE_TOP),
            false => Vec::new(),
        };
        Ok((rendered, carried))
    };
    let (measured, drawn) = rayon::join(measure, draw);
    let (sensitivity, backtest) = measured?;
    let (mut rendered, carried) = drawn?;
    rendered.extend(draw_statistics_charts(
        thesis,
        data,
        sensitivity.as_ref(),
        backtest.as_ref(),
        options,
    )?);
    progress.stage("writing reports", None);
    let since = previous.map(|previous| {
        let label = options.out.display().to_string();
        let now = RunRecord::of_run(&label, thesis, table, origin.digests.thesis_sha256());
        let now = match origin.read_back {
            Some(_) => now,
            None => now.with_values_of(thesis, data, scores),
        };
        compare_runs(&previous, &now, DiffOptions::default())
    });
    let html = HtmlReport {
        thesis,
        data,
        scores,
        table,
        charts: &rendered,
        sensitivity: sensitivity.as_ref(),
        backtest: backtest.as_ref(),
        evidence: evidence.as_ref(),
        inputs: (origin.inputs.into_iter())
            .chain(backtest.as_ref().and(origin.outcomes))
            .collect(),
        look_ahead,
        read_back_from: origin.read_back.map(|(_, label)| label.as_str()),
        since: since.as_ref(),
    };
    let mut sheets = statistics_sheets(thesis, data, sensitivity.as_ref(), backtest.as_ref());
    sheets.extend(
        since
            .as_ref()
            .map(|since| Box::new(diff_sheet(since)) as Box<dyn RunSheet>),
    );
    let scores_sheet = wants(TableFormat::Json).then(|| table.sheet());
    let score_view = ScoreView::new(thesis, data, scores);
    let explanations = Explanations::new(thesis, data, scores);
    let recalculation = Recalculation::for_scores(thesis, data, scores);
    let run_tables = RunTables {
        thesis,
        scores: &score_view,
        scores_sheet: scores_sheet.as_ref(),
        explanations: &explanations,
        sheets: &sheets,
        recalculation: recalculation.as_ref(),
    };
    let mut plan = OutputPlan::new();
    match origin.read_back {
        Some(_) => plan.csv(
            sheets.iter().map(|sheet| sheet.as_ref() as &dyn Tabular),
            options.dialect,
        ),
        None => plan.tables(&run_tables, &tables, options.dialect),
    }
    plan.file(html);
    if explore {
        plan.file(ExplorePage {
            thesis,
            data,
            scores,
            carried: &carried,
            top: EXPLORE_TOP,
            explained: origin.read_back.is_none(),
        });
    }
    plan.charts(&rendered, &options.formats);
    let mut names = plan.file_names();
    names.push("run.json".to_string());
    let manifest = RunManifest::new(
        &options.command,
        &origin.digests,
        thesis,
        data,
        scores,
        &names,
    )
    .with_charts(&options.formats, &options.charts)
    .with_sensitivity(sensitivity.as_ref().map(|result| &result.options))
    .with_backtest(backtest.as_ref().map(|backtest| &backtest.options))
    .with_tables(&tables, options.dialect)
    .with_look_ahead(thesis, data, look_ahead);
    let manifest_json = ManifestJson {
        manifest: &manifest,
    };
    let mut exporters = plan.exporters();
    exporters.push(&manifest_json);
    let written = write_outputs(&options.out, &exporters, input_files)?;
    // The plan's exporters borrow the backtest, which is handed back below.
    drop(exporters);
    drop(plan);
    Ok((backtest, written, notes))
}

/// The table formats a run writes: those asked for, less the workbook when it was not asked for by
/// name and the ranked companies are more than a default workbook holds (said in `notes`).
fn table_formats(
    options: &ReportOptions,
    ranked: usize,
    notes: &mut Vec<String>,
) -> Vec<TableFormat> {
    if !options.workbook_by_default || ranked <= DEFAULT_WORKBOOK_ROWS {
        return options.tables.clone();
    }
    notes.push(format!(
        "scores.xlsx is left out: {ranked} ranked companies are more than a workbook written by \
         default holds ({DEFAULT_WORKBOOK_ROWS}); scores.csv has them all, and --format csv,xlsx \
         writes the workbook too"
    ));
    let table_formats = options.tables.iter().copied();
    table_formats
        .filter(|&format| format != TableFormat::Xlsx)
        .collect()
}

/// The charts of the ranked rows, drawn as SVG and rasterized; none when no chart format is asked
/// for.
fn draw_score_charts(
    thesis: &Thesis,
    rows: &dyn ChartRows,
    options: &ReportOptions,
) -> Result<Vec<RenderedChart>> {
    if options.formats.is_empty() {
        return Ok(Vec::new());
    }
    render(
        &chart::charts_for(thesis, rows, &options.charts),
        &options.charts,
        true,
    )
}

/// The charts of the statistics that were measured, rank stability and the backtest, drawn as SVG
/// and rasterized; none when no chart format is asked for.
fn draw_statistics_charts(
    thesis: &Thesis,
    data: &Dataset,
    sensitivity: Option<&stats::Sensitivity>,
    backtest: Option<&stats::Backtest>,
    options: &ReportOptions,
) -> Result<Vec<RenderedChart>> {
    if options.formats.is_empty() {
        return Ok(Vec::new());
    }
    let mut charts: Vec<Box<dyn Chart>> = Vec::new();
    if let Some(sensitivity) = sensitivity {
        let chart = StabilityChart::new(thesis, data, sensitivity, &options.charts);
        charts.push(Box::new(chart));
    }
    if let Some(backtest) = backtest {
        let chart = BacktestChart::new(thesis, data, backtest, &options.charts);
        charts.push(Box::new(chart));
    }
    render(&charts, &options.charts, true)
}

/// The sheets of the statistics that were measured: rank stability, the backtest and its
/// statistics.
fn statistics_sheets<'a>(
    thesis: &Thesis,
    data: &'a Dataset,
    sensitivity: Option<&'a stats::Sensitivity>,
    backtest: Option<&stats::Backtest>,
) -> Vec<Box<dyn RunSheet + 'a>> {
    let mut sheets: Vec<Box<dyn RunSheet + 'a>> = Vec::new();
    if let Some(sensitivity) = sensitivity {
        sheets.push(Box::new(SensitivityTable::new(data, sensitivity)));
    }
    if let Some(backtest) = backtest {
        sheets.push(Box::new(backtest_sheet(data, backtest)));
        sheets.push(Box::new(backtest_statistics_sheet(thesis, backtest)));
    }
    sheets
}
