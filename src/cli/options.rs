//! From command-line arguments to the library's inputs and options.

use super::args::{
    ArticleArgs, BacktestArgs, ChartArgs, ChartKind, DialectArg, EncodingArg, FormatArg, InputArgs,
    NoiseArg, ReadBackArgs, SensitivityArgs, WeightList,
};
use super::commands::Start;
use super::{Failure, usage_error};
use clap::error::ErrorKind;
use std::path::{Path, PathBuf};
use thesis::io::{CsvFormat, Inputs, Source, TextEncoding, bundled_inputs};
use thesis::pipeline::{BacktestFiles, Planting, ReportOptions};
use thesis::report::chart::{ChartFormat, ChartOptions};
use thesis::report::{CsvDialect, TableFormat};
use thesis::stats::{BacktestOptions, SensitivityOptions, WeightPrior};
use thesis::synthetic::Noise;

/// The inputs with the article of `--article`, when given.
pub(super) fn with_article(mut inputs: Inputs, args: &ArticleArgs) -> thesis::Result<Inputs> {
    inputs.article = args.article.as_deref().map(read_source).transpose()?;
    Ok(inputs)
}

/// The files the user named, and the bundled data for the rest. `-` is standard input, which only
/// one input can be.
pub(super) fn read_inputs(args: &InputArgs) -> Result<Inputs, Failure> {
    let named = [
        &args.companies,
        &args.categories,
        &args.thesis,
        &args.outcomes,
    ];
    at_most_one_from_stdin(named.iter().filter_map(|path| path.as_deref()))?;
    let bundled = bundled_inputs();
    let pick = |path: &Option<PathBuf>, fallback: Source| match path {
        Some(path) => read_source(path),
        None => Ok(fallback),
    };
    // The company file, which may be large, is read block by block while it is typed.
    let companies = match &args.companies {
        Some(path) if path != Path::new("-") => Source::on_disk(path)?,
        _ => pick(&args.companies, bundled.companies)?,
    };
    let outcomes = match (&args.outcomes, &args.companies) {
        (Some(path), _) => Some(read_source(path)?.with_sheet(args.outcomes_sheet.clone())),
        (None, None) => bundled.outcomes,
        (None, Some(_)) => None,
    };
    Ok(Inputs {
        companies: companies.with_sheet(args.sheet.clone()),
        categories: pick(&args.categories, bundled.categories)?
            .with_sheet(args.categories_sheet.clone()),
        thesis: pick(&args.thesis, bundled.thesis)?,
        outcomes,
        article: None,
        format: CsvFormat {
            delimiter: args.delimiter,
            encoding: match args.encoding {
                EncodingArg::Detect => TextEncoding::Detect,
                EncodingArg::Utf8 => TextEncoding::Utf8,
                EncodingArg::Windows1252 => TextEncoding::Windows1252,
            },
        },
        allow_look_ahead: args.allow_look_ahead,
    })
}

/// A scores table to start from instead of the company data, the thesis it was written for, and
/// the outcomes to backtest it against.
pub(super) struct ReadBackSources {
    pub scores: Source,
    pub thesis: Source,
    pub outcomes: Option<Source>,
}

/// The scores table named, its thesis (the bundled one by default) and its outcomes: those named,
/// or the bundled ones under the bundled thesis.
pub(super) fn read_back_sources(
    scores: &Path,
    thesis: Option<&Path>,
    outcomes: Option<&Path>,
    outcomes_sheet: Option<String>,
) -> Result<ReadBackSources, Failure> {
    at_most_one_from_stdin([Some(scores), thesis, outcomes].into_iter().flatten())?;
    let bundled = bundled_inputs();
    let outcomes = match (outcomes, thesis) {
        (Some(path), _) => Some(read_source(path)?.with_sheet(outcomes_sheet)),
        (None, None) => bundled.outcomes,
        (None, Some(_)) => None,
    };
    Ok(ReadBackSources {
        scores: read_source(scores)?,
        thesis: thesis.map_or(Ok(bundled.thesis), read_source)?,
        outcomes,
    })
}

/// What a statistics command starts from: the scores table of `--scores`, or the company data.
pub(super) fn start(inputs: &InputArgs, read_back: &ReadBackArgs) -> Result<Start, Failure> {
    match &read_back.scores {
        Some(scores) => Ok(Start::Scores(read_back_sources(
            scores,
            inputs.thesis.as_deref(),
            inputs.outcomes.as_deref(),
            inputs.outcomes_sheet.clone(),
        )?)),
        None => Ok(Start::Companies(read_inputs(inputs)?)),
    }
}

/// What `thesis report` writes: the statistics as CSV, the report, the charts and `run.json`.
pub(super) fn report_options(
    out: PathBuf,
    dialect: DialectArg,
    charts: &ChartArgs,
    sensitivity: &SensitivityArgs,
    backtest: &BacktestArgs,
) -> Result<ReportOptions, Failure> {
    let (formats, charts) = chart_options(charts)?;
    Ok(ReportOptions {
        command: "report".to_string(),
        out,
        formats,
        charts,
        sensitivity: sensitivity_options(sensitivity),
        backtest: (!backtest.no_backtest)
            .then(|| backtest_options(backtest, sensitivity.seed, sensitivity.top_k)),
        tables: vec![TableFormat::Csv],
        workbook_by_default: false,
        dialect: csv_dialect(dialect),
        since: None,
        weights_from: partner_source(sensitivity)?,
    })
}

/// Refuses more than one input named `-`: standard input can be read once.
fn at_most_one_from_stdin<'a>(paths: impl Iterator<Item = &'a Path>) -> Result<(), Failure> {
    if paths.filter(|path| *path == Path::new("-")).count() > 1 {
        return Err(usage_error(
            ErrorKind::ArgumentConflict,
            "only one input can be read from standard input (-)",
        ));
    }
    Ok(())
}

/// How `generate --outcomes` plants its outcomes.
pub(super) fn planting(weights: Option<WeightList>, noise: NoiseArg, noise_share: f64) -> Planting {
    Planting {
        weights: weights.map(|list| list.0),
        noise: match noise {
            NoiseArg::Normal => Noise::Normal,
            NoiseArg::Logistic => Noise::Logistic,
            NoiseArg::Uniform => Noise::Uniform,
        },
        noise_share,
    }
}

/// A file, or standard input for `-`.
pub(super) fn read_source(path: &Path) -> thesis::Result<Source> {
    if path == Path::new("-") {
        Source::from_stdin()
    } else {
        Source::from_path(path)
    }
}

/// The chart formats and options; `none` mixed with a format is a usage error.
pub(super) fn chart_options(args: &ChartArgs) -> Result<(Vec<ChartFormat>, ChartOptions), Failure> {
    if args.charts.contains(&ChartKind::None) && args.charts.len() > 1 {
        return Err(usage_error(
            ErrorKind::ArgumentConflict,
            "--charts none cannot be combined with a format",
        ));
    }
    let mut formats = Vec::new();
    for kind in &args.charts {
        let format = match kind {
            ChartKind::Png => ChartFormat::Png,
            ChartKind::Svg => ChartFormat::Svg,
            ChartKind::None => continue,
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    let options = ChartOptions {
        width: args.size.0,
        height: args.size.1,
        title: args.title.clone(),
        label_top: args.label_top,
        label: args.label.clone(),
    };
    Ok((formats, options))
}

pub(super) fn sensitivity_options(args: &SensitivityArgs) -> Option<SensitivityOptions> {
    (args.samples > 0).then_some(SensitivityOptions {
        samples: args.samples,
        seed: args.seed,
        prior: if args.uniform_weights {
            WeightPrior::Uniform
        } else {
            WeightPrior::Dirichlet {
                concentration: args.concentration,
            }
        },
        top_k: args.top_k as usize,
        partners: None,
    })
}

/// The partnership's weights file, when `--weights-from` names one.
pub(super) fn partner_source(args: &SensitivityArgs) -> thesis::Result<Option<Source>> {
    args.weights_from.as_deref().map(read_source).transpose()
}

pub(super) fn backtest_options(args: &BacktestArgs, seed: u64, top_k: u64) -> BacktestOptions {
    BacktestOptions {
        permutations: args.permutations,
        resamples: args.resamples,
        seed,
        top_k: top_k as usize,
        include_unverified: args.include_unverified,
        ..BacktestOptions::default()
    }
}

pub(super) fn backtest_files(
    out: PathBuf,
    dialect: DialectArg,
    charts: &ChartArgs,
) -> Result<BacktestFiles, Failure> {
    let (formats, charts) = chart_options(charts)?;
    Ok(BacktestFiles {
        out,
        dialect: csv_dialect(dialect),
        formats,
        charts,
    })
}

pub(super) fn csv_dialect(arg: DialectArg) -> CsvDialect {
    match arg {
        DialectArg::Plain => CsvDialect::Plain,
        DialectArg::Excel => CsvDialect::Excel,
        DialectArg::ExcelEu => CsvDialect::ExcelEu,
    }
}

/// The table formats asked for, each once, in the order given; `default` when none is.
pub(super) fn table_formats(args: &[FormatArg], default: &[TableFormat]) -> Vec<TableFormat> {
    let mut formats = Vec::new();
    for arg in args {
        let format = match arg {
            FormatArg::Csv => TableFormat::Csv,
            FormatArg::Json => TableFormat::Json,
            FormatArg::Xlsx => TableFormat::Xlsx,
            FormatArg::Parquet => TableFormat::Parquet,
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        default.to_vec()
    } else {
        formats
    }
}
