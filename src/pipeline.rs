//! The steps the commands are made of: read → compile → bind, score and write every report, redraw
//! the charts from a `scores.csv`, and the company lookup `explain` uses.

use crate::error::{Error, Result};
use crate::io::{Dataset, Inputs, Outcomes, RawTable, Source};
use crate::report::chart::{
    self, BacktestChart, Chart, ChartFile, ChartFormat, ChartOptions, RenderedChart, StabilityChart,
};
use crate::report::{
    self, BacktestCsv, BacktestStatisticsCsv, Exporter, HtmlReport, ManifestJson, RunManifest,
    ScoreTable, ScoresCsv, SensitivityCsv,
};
use crate::scoring::{self, Scoreboard};
use crate::stats::{self, BacktestOptions, SensitivityOptions};
use crate::thesis::Thesis;
use std::path::{Path, PathBuf};

/// A compiled thesis, the companies typed and joined by its schema, and their outcomes if given.
#[derive(Debug)]
pub struct Loaded {
    pub thesis: Thesis,
    pub data: Dataset,
    pub outcomes: Option<Outcomes>,
}

/// Compiles the thesis first (its schema types the data), then reads and binds the tables.
pub fn load(inputs: &Inputs) -> Result<Loaded> {
    let thesis = Thesis::load(&inputs.thesis)?;
    let companies = RawTable::parse_as(&inputs.companies, inputs.format)?;
    let categories = RawTable::parse_as(&inputs.categories, inputs.format)?;
    let data = Dataset::bind(&companies, &categories, &thesis.schema)?;
    let outcomes = match &inputs.outcomes {
        Some(source) => Some(Outcomes::bind(
            &RawTable::parse_as(source, inputs.format)?,
            &data,
        )?),
        None => None,
    };
    Ok(Loaded {
        thesis,
        data,
        outcomes,
    })
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
}

/// A finished run: what was scored and the files written.
#[derive(Debug)]
pub struct Finished {
    pub loaded: Loaded,
    pub scores: Scoreboard,
    /// The backtest, when it ran.
    pub backtest: Option<stats::Backtest>,
    pub written: Vec<PathBuf>,
}

/// Scores the inputs and writes `scores.csv`, `sensitivity.csv`, the backtest files, `index.html`,
/// the charts and `run.json`, all or none. `progress` hears how many weight samples are done.
pub fn score_and_write(
    inputs: &Inputs,
    options: &ReportOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Finished> {
    let loaded = load(inputs)?;
    let Loaded {
        thesis,
        data,
        outcomes,
    } = &loaded;
    let scores = scoring::score(thesis, data);
    let sensitivity = options
        .sensitivity
        .as_ref()
        .map(|settings| stats::sensitivity(thesis, &scores, data, settings, progress));
    let backtest = match (&options.backtest, outcomes) {
        (Some(settings), Some(outcomes)) => {
            Some(stats::backtest(thesis, data, &scores, outcomes, settings)?)
        }
        _ => None,
    };
    let table = ScoreTable::new(thesis, data, &scores);
    let rendered = if options.formats.is_empty() {
        Vec::new()
    } else {
        let mut charts = chart::charts_for(thesis, &table, &options.charts);
        if let Some(sensitivity) = &sensitivity {
            charts.push(Box::new(StabilityChart::new(
                thesis,
                data,
                sensitivity,
                &options.charts,
            )));
        }
        if let Some(backtest) = &backtest {
            charts.push(Box::new(BacktestChart::new(
                thesis,
                data,
                backtest,
                &options.charts,
            )));
        }
        render(&charts, &options.charts, true)?
    };
    let scores_csv = ScoresCsv { table: &table };
    let html = HtmlReport {
        thesis,
        data,
        scores: &scores,
        table: &table,
        charts: &rendered,
        sensitivity: sensitivity.as_ref(),
        backtest: backtest.as_ref(),
        inputs: [&inputs.companies, &inputs.categories, &inputs.thesis]
            .into_iter()
            .chain(backtest.as_ref().and(inputs.outcomes.as_ref()))
            .map(|source| source.label.clone())
            .collect(),
    };
    let chart_files = chart_files(&rendered, &options.formats);
    let sensitivity_csv = sensitivity
        .as_ref()
        .map(|sensitivity| SensitivityCsv { data, sensitivity });
    let mut exporters: Vec<&dyn Exporter> = vec![&scores_csv];
    if let Some(file) = &sensitivity_csv {
        exporters.push(file);
    }
    let backtest_files = backtest.as_ref().map(|backtest| {
        (
            BacktestCsv { data, backtest },
            BacktestStatisticsCsv { thesis, backtest },
        )
    });
    if let Some((companies, statistics)) = &backtest_files {
        exporters.push(companies);
        exporters.push(statistics);
    }
    exporters.push(&html);
    exporters.extend(chart_files.iter().map(|file| file as &dyn Exporter));
    let mut names: Vec<String> = exporters
        .iter()
        .map(|exporter| exporter.file_name())
        .collect();
    names.push("run.json".to_string());
    let manifest = RunManifest::new(&options.command, inputs, thesis, data, &scores, &names)
        .with_charts(&options.formats, &options.charts)
        .with_sensitivity(options.sensitivity.as_ref())
        .with_backtest(backtest.as_ref().map(|backtest| &backtest.options));
    let manifest_json = ManifestJson {
        manifest: &manifest,
    };
    exporters.push(&manifest_json);
    let written = report::write_all(&options.out, &exporters)?;
    Ok(Finished {
        loaded,
        scores,
        backtest,
        written,
    })
}

/// Where and how `backtest_and_write` writes its files.
#[derive(Debug, Clone)]
pub struct BacktestFiles {
    pub out: PathBuf,
    pub formats: Vec<ChartFormat>,
    pub charts: ChartOptions,
}

/// Scores the loaded inputs and backtests them against `outcomes`; with `files`, also writes
/// `backtest.csv`, `backtest_statistics.csv` and the backtest chart, all or none.
pub fn backtest_and_write(
    loaded: &Loaded,
    outcomes: &Outcomes,
    options: &BacktestOptions,
    files: Option<&BacktestFiles>,
) -> Result<(stats::Backtest, Vec<PathBuf>)> {
    let Loaded { thesis, data, .. } = loaded;
    let scores = scoring::score(thesis, data);
    let backtest = stats::backtest(thesis, data, &scores, outcomes, options)?;
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
    let chart_files = chart_files(&rendered, &files.formats);
    let companies = BacktestCsv {
        data,
        backtest: &backtest,
    };
    let statistics = BacktestStatisticsCsv {
        thesis,
        backtest: &backtest,
    };
    let mut exporters: Vec<&dyn Exporter> = vec![&companies, &statistics];
    exporters.extend(chart_files.iter().map(|file| file as &dyn Exporter));
    let written = report::write_all(&files.out, &exporters)?;
    Ok((backtest, written))
}

/// Redraws the charts from a `scores.csv` written for `thesis`, without scoring again.
pub fn redraw_charts(
    scores: &Source,
    thesis: &Source,
    out: &Path,
    formats: &[ChartFormat],
    options: &ChartOptions,
) -> Result<Vec<PathBuf>> {
    let thesis = Thesis::load(thesis)?;
    let table = ScoreTable::read(&RawTable::parse(scores)?, &thesis)?;
    let charts = chart::charts_for(&thesis, &table, options);
    let rendered = render(&charts, options, formats.contains(&ChartFormat::Png))?;
    let files = chart_files(&rendered, formats);
    let exporters: Vec<&dyn Exporter> = files.iter().map(|file| file as &dyn Exporter).collect();
    report::write_all(out, &exporters)
}

fn render(
    charts: &[Box<dyn Chart>],
    options: &ChartOptions,
    png: bool,
) -> Result<Vec<RenderedChart>> {
    charts
        .iter()
        .map(|chart| {
            chart::render(chart.as_ref(), options.size(), png).map_err(|message| Error::Chart {
                chart: chart.name().to_string(),
                message,
            })
        })
        .collect()
}

fn chart_files<'a>(rendered: &'a [RenderedChart], formats: &[ChartFormat]) -> Vec<ChartFile<'a>> {
    rendered
        .iter()
        .flat_map(|chart| {
            formats
                .iter()
                .map(move |&format| ChartFile { chart, format })
        })
        .collect()
}

/// The company whose id, or name ignoring case, is `query`; otherwise an error listing the closest.
pub fn find_company(data: &Dataset, query: &str) -> Result<usize> {
    let wanted = query.trim();
    if let Some(index) = data
        .companies
        .iter()
        .position(|company| company.id == wanted)
    {
        return Ok(index);
    }
    if let Some(index) = data
        .companies
        .iter()
        .position(|company| company.name.eq_ignore_ascii_case(wanted))
    {
        return Ok(index);
    }
    // Candidates are every name, then every id: position p is company p % n.
    let count = data.companies.len();
    let names = data.companies.iter().map(|company| company.name.as_str());
    let ids = data.companies.iter().map(|company| company.id.as_str());
    let mut matched: Vec<usize> = Vec::new();
    for position in crate::suggest::closest(wanted, names.chain(ids), 2 * count) {
        if !matched.contains(&(position % count)) {
            matched.push(position % count);
        }
    }
    let suggestions: Vec<String> = matched
        .into_iter()
        .take(3)
        .map(|index| {
            format!(
                "{} ({})",
                data.companies[index].name, data.companies[index].id
            )
        })
        .collect();
    Err(Error::UnknownCompany {
        query: wanted.to_string(),
        suggestions,
    })
}
