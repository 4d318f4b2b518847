//! `thesis fit`: its arguments and the command. Kept apart from `args.rs` and `commands.rs`, which
//! hold the other commands.

use super::args::{ChartArgs, DialectArg, InputArgs};
use super::options::{chart_options, csv_dialect, read_inputs, read_source};
use super::{CommandResult, Console, print_data, usage_error};
use clap::error::ErrorKind;
use std::path::PathBuf;
use std::process::ExitCode;
use thesis::pipeline::{self, CohortField, FitFiles};
use thesis::report;
use thesis::stats::FitOptions;

#[derive(Debug, clap::Args)]
pub(super) struct FitArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Folds of the k-fold validation, and runs of the out-of-time one.
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=100))]
    folds: u64,
    /// Seed of the folds, the bootstrap and the permutations: the same seed gives the same numbers.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// Bootstrap refits for each weight's interval (0 skips the intervals).
    #[arg(long, value_name = "N", default_value_t = 200)]
    resamples: usize,
    /// Paired permutations for the p-value of the gain over the thesis's weights (0 skips it).
    #[arg(long, value_name = "N", default_value_t = 999)]
    permutations: usize,
    /// The field that dates each company's cohort (a year or a date), for the out-of-time
    /// validation: trained on earlier cohorts, tested on later ones. Default: `founded` when the
    /// thesis reads it; `none` skips it.
    #[arg(long, value_name = "FIELD")]
    cohort: Option<String>,
    /// Shrink toward the thesis's weights with this strength instead of the one cross-validation
    /// chooses: 0 fits the data alone (the plain ordinal logit), large values keep the thesis's.
    #[arg(long, value_name = "S", value_parser = parse_strength)]
    strength: Option<f64>,
    /// Also fit the points of the rules the thesis gives as ranges (`points = [low, high]`), within
    /// those ranges; writes `fit_points.csv` and puts them in fit.toml.
    #[arg(long)]
    points: bool,
    /// A partnership's weights (a `partner` column and a column per lens): the fit shrinks toward
    /// their consensus instead of the thesis's weights, and judges the consensus and each partner's
    /// weights out of sample beside the others.
    #[arg(long, value_name = "FILE")]
    weights_from: Option<PathBuf>,
    /// Keep companies whose final outcome row is marked `verified = false` (by default they are
    /// left out and counted, as in the backtest).
    #[arg(long)]
    include_unverified: bool,
    /// Folder to write fit.csv, `fit_validation.csv`, fit.toml, the weights chart and fit.html into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How the CSV files are written (see `thesis score --help`).
    #[arg(long, value_enum, default_value = "excel", value_name = "DIALECT")]
    csv_dialect: DialectArg,
    #[command(flatten)]
    charts: ChartArgs,
}

/// Learns the lens weights from the outcomes, prints the verdict and writes the files.
pub(super) fn fit(console: &Console, args: &FitArgs) -> CommandResult {
    if args.inputs.allow_look_ahead {
        return Err(usage_error(
            ErrorKind::ArgumentConflict,
            "--allow-look-ahead: thesis fit never learns from values dated after the thesis",
        ));
    }
    let inputs = read_inputs(&args.inputs)?;
    let (formats, charts) = chart_options(&args.charts)?;
    let partners = args.weights_from.as_deref().map(read_source).transpose()?;
    let files = FitFiles {
        out: args.out.clone(),
        dialect: csv_dialect(args.csv_dialect),
        formats,
        charts,
    };
    let cohort = match args.cohort.as_deref() {
        None => CohortField::Default,
        Some("none") => CohortField::None,
        Some(name) => CohortField::Named(name.to_string()),
    };
    let options = FitOptions {
        folds: args.folds as usize,
        seed: args.seed,
        resamples: args.resamples,
        permutations: args.permutations,
        include_unverified: args.include_unverified,
        strength: args.strength,
        points: args.points,
        ..FitOptions::default()
    };
    let bar = console.stage_bar();
    let fitted = pipeline::fit(&inputs, partners.as_ref(), &cohort, &options, &files, &bar);
    bar.finish();
    let fitted = fitted?;
    print_data(&report::render_fit(
        &fitted.loaded.thesis,
        &fitted.fit,
        &fitted.outcomes,
    ))?;
    for path in fitted.written {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_strength(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(strength) if strength.is_finite() && strength >= 0.0 => Ok(strength),
        _ => Err(format!("expected a number of 0 or more, found \"{text}\"")),
    }
}
