//! The clap definition of the command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub(super) use super::sampling::SensitivityArgs;

/// Score companies against an investment thesis of weighted rules, rank them and explain every score.
#[derive(Debug, Parser)]
#[command(name = "thesis", version, about, propagate_version = true)]
pub(super) struct Args {
    /// Print nothing but errors and the data asked for: no progress bar, no summaries, no list of
    /// files written.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Score the bundled data (the 2015 container-ecosystem thesis) and write the reports.
    Run {
        #[command(flatten)]
        scoring: ScoringArgs,
        /// Read values dated after the thesis's `as_of` instead of refusing them: a deliberate
        /// hindsight study, which every output then says.
        #[arg(long)]
        allow_look_ahead: bool,
    },
    /// Score your own companies, categories and thesis (each defaults to the bundled file).
    Score {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        scoring: ScoringArgs,
    },
    /// How stable the ranking is when the weights are uncertain: each company's rank interval, its
    /// chance of ranking first and in the top k, and the weight changes that move first place.
    Sensitivity {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        sensitivity: SensitivityArgs,
        #[command(flatten)]
        read_back: ReadBackArgs,
    },
    /// Would the thesis have worked? Compare the scores with what later happened to each company:
    /// rank correlations, ROC AUC, precision at k, and outcome rates per quadrant.
    Backtest {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        backtest: BacktestArgs,
        #[command(flatten)]
        read_back: ReadBackArgs,
        /// Seed of the permutations and the bootstrap: the same seed gives the same numbers.
        #[arg(long, value_name = "S", default_value_t = 42)]
        seed: u64,
        /// The k of precision at k.
        #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
        top_k: u64,
        /// Also write backtest.csv, `backtest_statistics.csv` and the backtest chart into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How the CSV files are written (see `thesis score --help`).
        #[arg(long, value_enum, default_value = "excel", value_name = "DIALECT")]
        csv_dialect: DialectArg,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Redraw the charts from an existing scores.csv or scores.xlsx, without scoring again.
    Chart {
        /// The scores.csv (any dialect) or scores.xlsx to draw, written for the thesis given.
        #[arg(long, value_name = "FILE", default_value = "reports/scores.csv")]
        scores: PathBuf,
        /// Thesis file (TOML) the scores were written for; defaults to the bundled thesis.
        #[arg(long, value_name = "FILE")]
        thesis: Option<PathBuf>,
        /// Folder to write the charts into.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Write the report, the charts, rank stability and the backtest from a scores table scored
    /// elsewhere (scores.csv, .xlsx or .parquet, from `thesis score` or the SQL of `thesis sql`
    /// run in a warehouse), without the company data: everything but the explanations.
    Report {
        /// The scores table, written for the thesis given.
        #[arg(long, value_name = "FILE")]
        scores: PathBuf,
        /// Thesis file (TOML) the scores were written for; defaults to the bundled thesis.
        #[arg(long, value_name = "FILE")]
        thesis: Option<PathBuf>,
        /// What later happened to the companies, for the backtest; defaults to the bundled
        /// outcomes under the bundled thesis. Rows naming a company the table does not rank are
        /// left out and counted.
        #[arg(long, value_name = "FILE")]
        outcomes: Option<PathBuf>,
        /// Sheet of the outcomes workbook to read (default: the first).
        #[arg(long, value_name = "NAME", requires = "outcomes")]
        outcomes_sheet: Option<String>,
        /// Folder to write the report into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How the CSV files are written (see `thesis score --help`).
        #[arg(long, value_enum, default_value = "excel", value_name = "DIALECT")]
        csv_dialect: DialectArg,
        #[command(flatten)]
        charts: ChartArgs,
        #[command(flatten)]
        sensitivity: SensitivityArgs,
        #[command(flatten)]
        backtest: BacktestArgs,
    },
    /// Validate a thesis against the data without writing anything: every problem, the fields each
    /// rule reads, and rules that fire for no company or for every company.
    Check {
        #[command(flatten)]
        inputs: InputArgs,
    },
    /// Show every rule of every criterion for one company: whether it fired, the values it read, the
    /// points it gave, and each criterion's share of the total.
    Explain {
        /// The company's id or name.
        company: String,
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        article: ArticleArgs,
    },
    /// Draft a company file from an article: the companies, products and projects it names (not
    /// people, places, events or generic technologies), each with its section, parent, mentions,
    /// sentence numbers, acquirer, what it supports, and a role guess with the words it rests on.
    Extract {
        /// The article, as plain text (UTF-8, or Windows-1252).
        article: PathBuf,
        /// The draft company file to write.
        #[arg(long, value_name = "FILE", default_value = "companies.draft.csv")]
        out: PathBuf,
        /// A lexicon file (TOML) whose words are added to the built-in ones: `known_vendors`,
        /// `stop_words`, `generic_terms`, places, `event_words`, `person_words`, `company_verbs`,
        /// `company_suffixes`, `domain_suffixes` and the cue words of relations and roles.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
        /// Write the columns of this company file (default: the bundled data/companies.csv).
        #[arg(long, value_name = "FILE")]
        columns_like: Option<PathBuf>,
    },
    /// Learn the lens weights from what happened to the companies, validated out of sample
    /// against the thesis's, equal and single-lens weights; writes fit.csv, fit.toml and fit.html.
    Fit(super::fit::FitArgs),
    /// Write a synthetic universe for trying a thesis at scale: companies.csv, categories.csv and a
    /// thesis.toml that reads them (`thesis score --companies DIR/companies.csv ...`).
    Generate {
        /// How many companies.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        companies: u64,
        /// Seed of the draw: the same size and seed give the same bytes.
        #[arg(long, value_name = "S", default_value_t = 42)]
        seed: u64,
        /// Folder to write the three files into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Also draw outcomes from a model with planted lens weights (outcomes.csv,
        /// `planted_weights.csv`, and a thesis that reads them): the known truth for `thesis fit`.
        #[arg(long)]
        outcomes: bool,
        /// The planted weights, `lens:weight,...` (rescaled to sum to one; lenses not named weigh
        /// zero); drawn from the seed when not given.
        #[arg(long, value_name = "WEIGHTS", requires = "outcomes", value_parser = parse_weights)]
        planted_weights: Option<WeightList>,
        /// The shape of the noise added to each company's planted value.
        #[arg(long, value_enum, default_value = "normal", requires = "outcomes")]
        noise: NoiseArg,
        /// The noise's standard deviation, as a share of the planted values' own.
        #[arg(long, value_name = "SHARE", default_value_t = 0.5, requires = "outcomes", value_parser = parse_share)]
        noise_share: f64,
    },
    /// What changed between two runs and why: who entered and left the top k, who moved, and for
    /// each whether its rules fired differently, its values changed, the thesis's weights or rules
    /// changed, or others moved past it. Prints a summary and writes diff.csv.
    Diff {
        /// The earlier run: its output folder, or its scores.csv with run.json beside it.
        old: PathBuf,
        /// The later run, the same way.
        new: PathBuf,
        /// The k of "entered and left the top k".
        #[arg(long, value_name = "K", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        top: u64,
        /// List the companies that moved at least this many places.
        #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
        moved: u64,
        /// Folder to write diff.csv into (default: the later run's folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How diff.csv is written (see `thesis score --help`).
        #[arg(long, value_enum, default_value = "excel", value_name = "DIALECT")]
        csv_dialect: DialectArg,
    },
    /// Print one SQL query that scores the thesis where the data lives: it reads the tables
    /// `companies` and `categories` (the columns of the CSV files) and returns the rows and columns
    /// of scores.csv in rank order. A condition with no faithful translation is refused.
    Sql {
        /// The engine the query is written for.
        #[arg(long, value_enum)]
        dialect: SqlDialectArg,
        /// Thesis file (TOML); the bundled thesis by default.
        #[arg(long, value_name = "FILE")]
        thesis: Option<PathBuf>,
        /// The table of companies.
        #[arg(long, value_name = "NAME", default_value = "companies")]
        companies_table: String,
        /// The table of category signals.
        #[arg(long, value_name = "NAME", default_value = "categories")]
        categories_table: String,
    },
    /// Print a shell completion script, to be sourced by the shell or saved where it looks for
    /// completions (for bash: `thesis completions bash > ~/.local/share/bash-completion/completions/thesis`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`thesis man > thesis.1 && man ./thesis.1`).
    Man,
}

/// Starting from a scores table instead of the company data.
#[derive(Debug, clap::Args)]
pub(super) struct ReadBackArgs {
    /// Start from this scores table (scores.csv, .xlsx or .parquet, from `thesis score` or the SQL
    /// of `thesis sql`), written for --thesis, instead of scoring the companies.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["companies", "categories", "delimiter", "allow_look_ahead"]
    )]
    pub scores: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum NoiseArg {
    Normal,
    Logistic,
    Uniform,
}

/// Lens weights as `lens:weight,lens:weight` gives them.
#[derive(Debug, Clone)]
pub(super) struct WeightList(pub Vec<(String, f64)>);

/// `lens:weight,lens:weight`.
fn parse_weights(text: &str) -> Result<WeightList, String> {
    text.split(',')
        .map(|pair| {
            let (lens, weight) = pair
                .split_once(':')
                .ok_or_else(|| format!("expected lens:weight, found \"{pair}\""))?;
            let weight: f64 = weight.trim().parse().map_err(|_| {
                format!("expected a number of zero or more after \"{lens}:\", found \"{weight}\"")
            })?;
            if !(weight >= 0.0 && weight.is_finite()) {
                return Err(format!(
                    "expected a weight of zero or more for {lens}, found {weight}"
                ));
            }
            Ok((lens.trim().to_string(), weight))
        })
        .collect::<Result<_, _>>()
        .map(WeightList)
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        _ => Err(format!(
            "expected a number of zero or more, found \"{text}\""
        )),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum SqlDialectArg {
    Bigquery,
    Duckdb,
    Postgres,
    Spark,
    Sqlite,
}

/// What `run` and `score` share: where and how they write, and what they compute beside the scores.
#[derive(Debug, clap::Args)]
pub(super) struct ScoringArgs {
    #[command(flatten)]
    pub article: ArticleArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub charts: ChartArgs,
    #[command(flatten)]
    pub sensitivity: SensitivityArgs,
    #[command(flatten)]
    pub backtest: BacktestArgs,
}

/// The article the thesis was written from, quoted as evidence.
#[derive(Debug, clap::Args)]
pub(super) struct ArticleArgs {
    /// Your copy of the article the thesis was written from (plain text): the report and
    /// `explain` then quote the sentences that name each company and those each fired rule cites.
    #[arg(long, value_name = "FILE")]
    pub article: Option<PathBuf>,
}

/// Where a scoring run writes, and in which table formats.
#[derive(Debug, clap::Args)]
pub(super) struct OutputArgs {
    /// Folder to write the outputs into, or `-` to write only the score table to standard output.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// A previous run's output folder: the report gets a "since the last run" section (who
    /// entered and left the top 10, who moved 5 places or more, and why), and diff.csv is written.
    /// It may be the folder this run writes into.
    #[arg(long, value_name = "DIR")]
    pub since: Option<PathBuf>,
    /// Table formats, comma-separated: `csv` (scores.csv and one file per other table), `xlsx`
    /// (scores.xlsx: a sheet per table and the explanations), `json` (scores.json), `parquet`
    /// (scores.parquet, typed columns). Default `csv,xlsx`; with `--out -`, exactly one format,
    /// default `csv`.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<FormatArg>,
    /// How CSV files are written: `excel` (UTF-8 with a byte-order mark, so Excel reads accents
    /// right), `excel-eu` (also `;` and decimal commas, for comma-decimal locales) or `plain` (no
    /// byte-order mark). Standard output never gets a byte-order mark.
    #[arg(long, value_enum, default_value = "excel", value_name = "DIALECT")]
    pub csv_dialect: DialectArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FormatArg {
    Csv,
    Json,
    Xlsx,
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum DialectArg {
    Plain,
    Excel,
    #[value(name = "excel-eu")]
    ExcelEu,
}

#[derive(Debug, clap::Args)]
pub(super) struct InputArgs {
    /// Company file: CSV with a header row, or a workbook (.xlsx, .xls, .xlsb, .ods); `-` reads
    /// standard input.
    #[arg(long, value_name = "FILE")]
    pub companies: Option<PathBuf>,
    /// Sheet of the company workbook to read (default: the first).
    #[arg(long, value_name = "NAME", requires = "companies")]
    pub sheet: Option<String>,
    /// Category signals file (CSV or workbook), joined to companies on the category column.
    #[arg(long, value_name = "FILE")]
    pub categories: Option<PathBuf>,
    /// Sheet of the category workbook to read (default: the first).
    #[arg(long, value_name = "NAME", requires = "categories")]
    pub categories_sheet: Option<String>,
    /// Thesis file (TOML).
    #[arg(long, value_name = "FILE")]
    pub thesis: Option<PathBuf>,
    /// What later happened to the companies (CSV or workbook, one row per event), for the backtest. Defaults to
    /// the bundled outcomes when the companies are the bundled ones.
    #[arg(long, value_name = "FILE")]
    pub outcomes: Option<PathBuf>,
    /// Sheet of the outcomes workbook to read (default: the first).
    #[arg(long, value_name = "NAME", requires = "outcomes")]
    pub outcomes_sheet: Option<String>,
    /// Delimiter of the CSV inputs: `,`, `;` or `tab` (default: detected from each header line, or
    /// an Excel `sep=` first line).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Text encoding of the CSV inputs (default: UTF-8 when valid, Windows-1252 otherwise).
    #[arg(long, value_enum, default_value = "detect")]
    pub encoding: EncodingArg,
    /// Read values dated after the thesis's `as_of` instead of refusing them: a deliberate
    /// hindsight study, which every output then says.
    #[arg(long)]
    pub allow_look_ahead: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum EncodingArg {
    Detect,
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1252")]
    Windows1252,
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => Err(format!("expected `,`, `;` or `tab`, found \"{text}\"")),
    }
}

#[derive(Debug, clap::Args)]
pub(super) struct BacktestArgs {
    /// Random permutations for each backtest p-value (0 skips the p-values).
    #[arg(long, value_name = "N", default_value_t = 9_999)]
    pub permutations: usize,
    /// Bootstrap resamples for each backtest interval (0 skips the intervals).
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub resamples: usize,
    /// Skip the backtest even when outcomes are available.
    #[arg(long)]
    pub no_backtest: bool,
    /// Keep companies whose final outcome row is marked `verified = false` in the backtest sample
    /// (by default they are left out and counted).
    #[arg(long)]
    pub include_unverified: bool,
}

#[derive(Debug, clap::Args)]
pub(super) struct ChartArgs {
    /// Chart formats, comma-separated, or `none`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "png,svg",
        value_name = "FORMATS"
    )]
    pub charts: Vec<ChartKind>,
    /// Chart size in pixels.
    #[arg(long, value_name = "WxH", default_value = "1200x900", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Heading of every chart (default: the thesis name).
    #[arg(long)]
    pub title: Option<String>,
    /// With more companies than this, label only the top N (and --label); draw the rest as points.
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub label_top: usize,
    /// Company ids to label whatever their rank (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub label: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ChartKind {
    Png,
    Svg,
    None,
}

const SMALLEST: (u32, u32) = (480, 360);
const LARGEST: u32 = 8000;

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let shape = || format!("expected WIDTHxHEIGHT in pixels, such as 1200x900, found \"{text}\"");
    let (width, height) = text.split_once(['x', 'X']).ok_or_else(shape)?;
    let width: u32 = width.trim().parse().map_err(|_| shape())?;
    let height: u32 = height.trim().parse().map_err(|_| shape())?;
    if width < SMALLEST.0 || height < SMALLEST.1 || width > LARGEST || height > LARGEST {
        return Err(format!(
            "{width}x{height} is outside {}x{} to {LARGEST}x{LARGEST}",
            SMALLEST.0, SMALLEST.1
        ));
    }
    Ok((width, height))
}
