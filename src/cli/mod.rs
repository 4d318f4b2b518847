//! The command line: parses arguments with clap, runs a command, prints, and maps every error to one
//! line on stderr and a documented exit code. The only module that knows clap or prints.

mod args;

use args::{
    Args, BacktestArgs, ChartArgs, ChartKind, Command, EncodingArg, InputArgs, SensitivityArgs,
};
use clap::{CommandFactory, Parser};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use thesis::io::{CsvFormat, Inputs, Source, TextEncoding, bundled_inputs};
use thesis::pipeline::{self, BacktestFiles, Finished, Loaded, ReportOptions};
use thesis::report::chart::{ChartFormat, ChartOptions};
use thesis::report::{self, Coverage};
use thesis::stats::{self, BacktestOptions, SensitivityOptions, WeightPrior};
use thesis::thesis::Thesis;
use thesis::{Error, scoring};

/// Exit codes, as the README documents them.
const EXIT_READ: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_DATA: u8 = 3;
const EXIT_THESIS: u8 = 4;
const EXIT_WRITE: u8 = 5;
const EXIT_UNKNOWN_COMPANY: u8 = 6;

pub fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Command::Run {
            out,
            charts,
            sensitivity,
            backtest,
        } => score(
            &bundled_inputs(),
            "run",
            out,
            &charts,
            &sensitivity,
            &backtest,
        ),
        Command::Score {
            inputs,
            out,
            charts,
            sensitivity,
            backtest,
        } => read_inputs(&inputs)
            .and_then(|inputs| score(&inputs, "score", out, &charts, &sensitivity, &backtest)),
        Command::Backtest {
            inputs,
            backtest,
            seed,
            top_k,
            out,
            charts,
        } => read_inputs(&inputs).and_then(|inputs| {
            let options = BacktestOptions {
                seed,
                top_k: top_k as usize,
                ..backtest_options(&backtest)
            };
            let files = out.map(|out| {
                let (formats, charts) = chart_options(&charts);
                BacktestFiles {
                    out,
                    formats,
                    charts,
                }
            });
            run_backtest(&inputs, &options, files.as_ref())
        }),
        Command::Sensitivity {
            inputs,
            sensitivity,
        } => read_inputs(&inputs).and_then(|inputs| stability(&inputs, &sensitivity)),
        Command::Chart {
            scores,
            thesis,
            out,
            charts,
        } => chart(&scores, thesis.as_deref(), &out, &charts),
        Command::Check { inputs } => check(&inputs),
        Command::Explain { company, inputs } => {
            read_inputs(&inputs).and_then(|inputs| explain(&inputs, &company))
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(exit_code(&error))
        }
    }
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Read { .. } => EXIT_READ,
        Error::Data { .. } => EXIT_DATA,
        Error::Thesis { .. } => EXIT_THESIS,
        Error::Write { .. } | Error::Chart { .. } => EXIT_WRITE,
        Error::UnknownCompany { .. } => EXIT_UNKNOWN_COMPANY,
    }
}

/// The files the user named, and the bundled data for the rest.
fn read_inputs(args: &InputArgs) -> thesis::Result<Inputs> {
    let bundled = bundled_inputs();
    let pick = |path: &Option<std::path::PathBuf>, fallback: Source| match path {
        Some(path) => Source::from_path(path),
        None => Ok(fallback),
    };
    let outcomes = match (&args.outcomes, &args.companies) {
        (Some(path), _) => Some(Source::from_path(path)?.with_sheet(args.outcomes_sheet.clone())),
        (None, None) => bundled.outcomes,
        (None, Some(_)) => None,
    };
    Ok(Inputs {
        companies: pick(&args.companies, bundled.companies)?.with_sheet(args.sheet.clone()),
        categories: pick(&args.categories, bundled.categories)?
            .with_sheet(args.categories_sheet.clone()),
        thesis: pick(&args.thesis, bundled.thesis)?,
        outcomes,
        format: CsvFormat {
            delimiter: args.delimiter,
            encoding: match args.encoding {
                EncodingArg::Detect => TextEncoding::Detect,
                EncodingArg::Utf8 => TextEncoding::Utf8,
                EncodingArg::Windows1252 => TextEncoding::Windows1252,
            },
        },
    })
}

/// The chart formats and options; `none` mixed with a format is a usage error.
fn chart_options(args: &ChartArgs) -> (Vec<ChartFormat>, ChartOptions) {
    if args.charts.contains(&ChartKind::None) && args.charts.len() > 1 {
        Args::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--charts none cannot be combined with a format",
            )
            .exit();
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
    (formats, options)
}

fn sensitivity_options(args: &SensitivityArgs) -> Option<SensitivityOptions> {
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
    })
}

fn backtest_options(args: &BacktestArgs) -> BacktestOptions {
    BacktestOptions {
        permutations: args.permutations,
        resamples: args.resamples,
        ..BacktestOptions::default()
    }
}

/// A progress bar on stderr for the weight samples; indicatif hides it when stderr is not a terminal.
fn progress_bar(options: Option<&SensitivityOptions>) -> ProgressBar {
    ProgressBar::new(options.map_or(0, |options| options.samples as u64))
}

fn score(
    inputs: &Inputs,
    command: &str,
    out: PathBuf,
    args: &ChartArgs,
    stability: &SensitivityArgs,
    backtest: &BacktestArgs,
) -> thesis::Result<ExitCode> {
    let (formats, charts) = chart_options(args);
    let options = ReportOptions {
        command: command.to_string(),
        out,
        formats,
        charts,
        sensitivity: sensitivity_options(stability),
        backtest: (!backtest.no_backtest).then(|| BacktestOptions {
            seed: stability.seed,
            top_k: stability.top_k as usize,
            ..backtest_options(backtest)
        }),
    };
    let bar = progress_bar(options.sensitivity.as_ref());
    let finished = pipeline::score_and_write(inputs, &options, &|done| bar.inc(done));
    bar.finish_and_clear();
    let Finished {
        loaded: Loaded { data, .. },
        scores,
        backtest,
        written,
    } = finished?;
    for entry in scores.ranking.iter().take(10) {
        let company = &data.companies[entry.company];
        let total = entry.total.map(report::format_number).unwrap_or_default();
        println!(
            "{:>3}  {:<28} {:>9}  {}",
            entry.rank,
            company.name,
            total,
            entry.quadrant.as_deref().unwrap_or("")
        );
    }
    let outside = data.companies.len() - scores.ranking.len();
    eprintln!(
        "ranked {} companies ({outside} outside the thesis scope)",
        scores.ranking.len()
    );
    if let Some(backtest) = &backtest {
        eprintln!("{}", report::backtest_summary(backtest));
    }
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn stability(inputs: &Inputs, args: &SensitivityArgs) -> thesis::Result<ExitCode> {
    let Some(options) = sensitivity_options(args) else {
        eprintln!("--samples 0: nothing to sample");
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let Loaded { thesis, data, .. } = pipeline::load(inputs)?;
    let scores = scoring::score(&thesis, &data);
    let bar = progress_bar(Some(&options));
    let result = stats::sensitivity(&thesis, &scores, &data, &options, &|done| bar.inc(done));
    bar.finish_and_clear();
    print!("{}", report::render_sensitivity(&thesis, &data, &result));
    Ok(ExitCode::SUCCESS)
}

/// `thesis backtest`: prints the backtest, and writes its files when asked.
fn run_backtest(
    inputs: &Inputs,
    options: &BacktestOptions,
    files: Option<&BacktestFiles>,
) -> thesis::Result<ExitCode> {
    let loaded = pipeline::load(inputs)?;
    let Some(outcomes) = &loaded.outcomes else {
        Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "--outcomes FILE is needed to backtest your own companies",
            )
            .exit();
    };
    let (backtest, written) = pipeline::backtest_and_write(&loaded, outcomes, options, files)?;
    print!(
        "{}",
        report::render_backtest(
            &loaded.thesis,
            &loaded.data,
            &backtest,
            &outcomes.label.name
        )
    );
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn chart(
    scores: &Path,
    thesis: Option<&Path>,
    out: &Path,
    args: &ChartArgs,
) -> thesis::Result<ExitCode> {
    let (formats, options) = chart_options(args);
    if formats.is_empty() {
        eprintln!("--charts none: nothing to draw");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let thesis = match thesis {
        Some(path) => Source::from_path(path)?,
        None => bundled_inputs().thesis,
    };
    let scores = Source::from_path(scores)?;
    for path in pipeline::redraw_charts(&scores, &thesis, out, &formats, &options)? {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// With `--thesis` and no `--companies`, checks the thesis alone; otherwise also runs it on the data.
fn check(args: &InputArgs) -> thesis::Result<ExitCode> {
    let inputs = read_inputs(args)?;
    let thesis_only = args.thesis.is_some() && args.companies.is_none();
    let loaded = if thesis_only {
        Thesis::load(&inputs.thesis).map(|thesis| (thesis, None))
    } else {
        pipeline::load(&inputs).map(|Loaded { thesis, data, .. }| (thesis, Some(data)))
    };
    let (thesis, data) = match loaded {
        Err(Error::Thesis { file, problems }) => {
            for problem in &problems {
                eprintln!("error: {file}: {problem}");
            }
            eprintln!("{} errors", problems.len());
            return Ok(ExitCode::from(EXIT_THESIS));
        }
        other => other?,
    };
    let text = match &data {
        Some(data) => {
            let scores = scoring::score(&thesis, data);
            report::render_check(
                &thesis,
                Some(&Coverage {
                    data,
                    scores: &scores,
                }),
            )
        }
        None => report::render_check(&thesis, None),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn explain(inputs: &Inputs, query: &str) -> thesis::Result<ExitCode> {
    let Loaded { thesis, data, .. } = pipeline::load(inputs)?;
    let company = pipeline::find_company(&data, query)?;
    let scores = scoring::score(&thesis, &data);
    print!(
        "{}",
        report::render_explanation(&thesis, &data, &scores, company)
    );
    Ok(ExitCode::SUCCESS)
}
