//! One function per command: run the library, print data to stdout and messages to stderr.

use super::args::{
    Args, ChartArgs, DialectArg, InputArgs, OutputArgs, ScoringArgs, SensitivityArgs, SqlDialectArg,
};
use super::options::{
    self, ReadBackSources, chart_options, csv_dialect, sensitivity_options, table_formats,
};
use super::{
    CommandResult, Console, EXIT_THESIS, print_data, stdout_is_terminal, terminal, usage_error,
};
use clap::CommandFactory;
use clap::error::ErrorKind;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use thesis::io::{Inputs, Source, bundled_inputs};
use thesis::model::Dataset;
use thesis::pipeline::{self, BacktestFiles, Finished, Loaded, Progress, ReportOptions};
use thesis::report::{self, Coverage, TableFormat};
use thesis::scoring::Scoreboard;
use thesis::stats::{self, BacktestOptions};
use thesis::synthetic::Universe;
use thesis::thesis::Thesis;
use thesis::{Error, scoring, sql};

/// `run` and `score`: every report into the output folder, or the score table to stdout.
pub(super) fn score(
    console: &Console,
    inputs: Inputs,
    command: &str,
    args: &ScoringArgs,
) -> CommandResult {
    let ScoringArgs {
        article: _,
        output,
        charts,
        sensitivity: stability,
        backtest,
    } = args;
    if output.out == Path::new("-") {
        return score_to_stdout(console, &inputs, output);
    }
    let (formats, charts) = chart_options(charts)?;
    let options = ReportOptions {
        command: command.to_string(),
        out: output.out.clone(),
        formats,
        charts,
        sensitivity: sensitivity_options(stability),
        backtest: (!backtest.no_backtest)
            .then(|| options::backtest_options(backtest, stability.seed, stability.top_k)),
        tables: table_formats(&output.format, &[TableFormat::Csv, TableFormat::Xlsx]),
        workbook_by_default: output.format.is_empty(),
        dialect: csv_dialect(output.csv_dialect),
        since: output.since.clone(),
        weights_from: options::partner_source(stability)?,
    };
    let bar = console.stage_bar();
    let finished = pipeline::score_and_write(inputs, &options, &bar);
    bar.finish();
    let Finished {
        loaded,
        scores,
        backtest,
        written,
        notes,
    } = finished?;
    let Loaded { thesis, data, .. } = &loaded;
    if !console.quiet {
        print_data(&top_ten(data, &scores))?;
        if let Some(note) = report::tie_note(thesis, data, &scores) {
            print_data(&format!("{note}\n"))?;
        }
    }
    if let Some(warning) = report::look_ahead_note(thesis, data, loaded.look_ahead()) {
        eprintln!("warning: {}", terminal::one_line(&warning));
    }
    console.note(ranked_summary(data, &scores));
    if let Some(backtest) = &backtest {
        console.note(report::backtest_summary(backtest));
    }
    for path in written {
        console.note(format_args!("wrote {}", path.display()));
    }
    for note in notes {
        console.note(format_args!("note: {note}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--out -`: the score table alone, in one format, on stdout.
fn score_to_stdout(console: &Console, inputs: &Inputs, output: &OutputArgs) -> CommandResult {
    if output.since.is_some() {
        return Err(usage_error(
            ErrorKind::ArgumentConflict,
            "--since adds to the report in an output folder: give --out DIR, not -",
        ));
    }
    let [format] = table_formats(&output.format, &[TableFormat::Csv])[..] else {
        return Err(usage_error(
            ErrorKind::ArgumentConflict,
            "--out - writes one table format: give --format csv, json, xlsx or parquet",
        ));
    };
    if format == TableFormat::Xlsx && stdout_is_terminal() {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            "refusing to write a workbook to a terminal: redirect standard output to a file",
        ));
    }
    if format == TableFormat::Parquet && stdout_is_terminal() {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            "refusing to write Parquet to a terminal: redirect standard output to a file",
        ));
    }
    let dialect = csv_dialect(output.csv_dialect);
    let mut stdout = std::io::stdout().lock();
    let (Loaded { data, .. }, scores) =
        pipeline::score_table_to(inputs, format, dialect, &mut stdout)?;
    console.note(ranked_summary(&data, &scores));
    Ok(ExitCode::SUCCESS)
}

fn top_ten(data: &Dataset, scores: &Scoreboard) -> String {
    let mut text = String::new();
    for entry in scores.ranking.iter().take(10) {
        let total = scores
            .total(entry)
            .map(report::format_number)
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "{:>3}  {:<28} {:>9}  {}",
            entry.rank(),
            data.name(entry.company()),
            total,
            scores.quadrant(entry).unwrap_or("")
        );
    }
    text
}

fn ranked_summary(data: &Dataset, scores: &Scoreboard) -> String {
    let outside = data.len() - scores.ranking.len();
    format!(
        "ranked {} companies ({outside} outside the thesis scope)",
        scores.ranking.len()
    )
}

/// What a statistics command starts from: the company data, scored here, or a scores table scored
/// elsewhere.
#[expect(
    clippy::large_enum_variant,
    reason = "one per process, never moved in a loop"
)]
pub(super) enum Start {
    Companies(Inputs),
    Scores(ReadBackSources),
}

impl Start {
    /// The loaded inputs and their scores: scored here, or read back from the table (with the
    /// outcomes when `outcomes`).
    fn scored(
        &self,
        console: &Console,
        bar: &dyn Progress,
        outcomes: bool,
    ) -> thesis::Result<(Loaded, Scoreboard)> {
        bar.stage("reading", None);
        match self {
            Start::Companies(inputs) => {
                let loaded = pipeline::load(inputs)?;
                bar.stage("scoring", None);
                let scores = scoring::score(&loaded.thesis, &loaded.data);
                Ok((loaded, scores))
            }
            Start::Scores(sources) => {
                let outcomes = sources.outcomes.as_ref().filter(|_| outcomes);
                let read = pipeline::read_back(&sources.scores, &sources.thesis, outcomes)?;
                note_unranked_outcomes(console, read.unranked_outcomes);
                Ok((read.loaded, read.scores))
            }
        }
    }
}

/// Says how many outcome rows were left out for naming companies a scores table does not rank.
fn note_unranked_outcomes(console: &Console, count: usize) {
    if count > 0 {
        console.note(format_args!(
            "note: {count} outcome row{} name{} companies the scores table does not rank, and \
             {} left out",
            if count == 1 { "" } else { "s" },
            if count == 1 { "s" } else { "" },
            if count == 1 { "is" } else { "are" },
        ));
    }
}

pub(super) fn sensitivity(
    console: &Console,
    start: &Start,
    args: &SensitivityArgs,
) -> CommandResult {
    let Some(options) = sensitivity_options(args) else {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            "--samples 0: nothing to sample",
        ));
    };
    let bar = console.stage_bar();
    let (Loaded { thesis, data, .. }, scores) = start.scored(console, &bar, false)?;
    let options = match options::partner_source(args)? {
        Some(partners) => pipeline::with_partners(&options, &partners, &thesis)?,
        None => options,
    };
    bar.stage("sampling weights", Some(options.samples as u64));
    let result = stats::sensitivity(&thesis, &scores, &options, &|done| bar.advance(done));
    bar.finish();
    if result.options.samples < options.samples {
        console.note(format_args!(
            "note: drew {} weight samples, not {}: at most {} ranks are kept",
            result.options.samples,
            options.samples,
            stats::MAX_RANK_CELLS
        ));
    }
    print_data(&report::render_sensitivity(&thesis, &data, &result))?;
    Ok(ExitCode::SUCCESS)
}

/// `thesis backtest`: prints the backtest, and writes its files when asked.
pub(super) fn backtest(
    console: &Console,
    start: &Start,
    options: &BacktestOptions,
    files: Option<&BacktestFiles>,
) -> CommandResult {
    let bar = console.stage_bar();
    let scored = start.scored(console, &bar, true);
    bar.finish();
    let (loaded, scores) = scored?;
    let Some(outcomes) = &loaded.outcomes else {
        return Err(usage_error(
            ErrorKind::MissingRequiredArgument,
            "--outcomes FILE is needed to backtest your own companies",
        ));
    };
    let (backtest, written) =
        pipeline::backtest_and_write(&loaded, &scores, outcomes, options, files)?;
    let label = &outcomes.label.name;
    print_data(&report::render_backtest(
        &loaded.thesis,
        &loaded.data,
        &backtest,
        label,
    ))?;
    for path in written {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn chart(
    console: &Console,
    scores: &Path,
    thesis: Option<&Path>,
    out: &Path,
    args: &ChartArgs,
) -> CommandResult {
    let (formats, options) = chart_options(args)?;
    if formats.is_empty() {
        return Err(usage_error(
            ErrorKind::InvalidValue,
            "--charts none: nothing to draw",
        ));
    }
    let thesis = match thesis {
        Some(path) => options::read_source(path)?,
        None => bundled_inputs().thesis,
    };
    let scores = options::read_source(scores)?;
    for path in pipeline::redraw_charts(&scores, &thesis, out, &formats, &options)? {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `thesis report --scores FILE`: every output but the tables of scores and explanations, from a
/// scores table scored elsewhere.
pub(super) fn report_from_scores(
    console: &Console,
    sources: &ReadBackSources,
    options: &ReportOptions,
) -> CommandResult {
    let bar = console.stage_bar();
    let finished = pipeline::report_from_scores(
        &sources.scores,
        &sources.thesis,
        sources.outcomes.as_ref(),
        options,
        &bar,
    );
    bar.finish();
    let (finished, unranked_outcomes) = finished?;
    note_unranked_outcomes(console, unranked_outcomes);
    let Finished {
        loaded,
        scores,
        backtest,
        written,
        ..
    } = finished;
    if !console.quiet {
        print_data(&top_ten(&loaded.data, &scores))?;
    }
    if let Some(backtest) = &backtest {
        console.note(report::backtest_summary(backtest));
    }
    for path in written {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `thesis diff OLD NEW`: the summary on stdout, diff.csv written.
pub(super) fn diff(
    console: &Console,
    old: &Path,
    new: &Path,
    (top, moved): (u64, u64),
    out: Option<&Path>,
    dialect: DialectArg,
) -> CommandResult {
    let options = report::DiffOptions {
        top: usize::try_from(top).unwrap_or(usize::MAX),
        moved: usize::try_from(moved).unwrap_or(usize::MAX),
    };
    let (diff, written) = pipeline::diff_runs(old, new, options, out, csv_dialect(dialect))?;
    print_data(&report::diff_summary(&diff))?;
    for path in written {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// With `--thesis` and no `--companies`, checks the thesis alone; otherwise also runs it on the data.
/// `thesis sql`: the thesis as one query, on standard output.
pub(super) fn sql(
    dialect: SqlDialectArg,
    thesis_file: Option<&Path>,
    companies_table: String,
    categories_table: String,
) -> CommandResult {
    let source = match thesis_file {
        Some(path) => Source::from_path(path)?,
        None => bundled_inputs().thesis,
    };
    let thesis = Thesis::load(&source)?;
    let options = sql::SqlOptions {
        dialect: match dialect {
            SqlDialectArg::Bigquery => sql::Dialect::BigQuery,
            SqlDialectArg::Duckdb => sql::Dialect::DuckDb,
            SqlDialectArg::Postgres => sql::Dialect::Postgres,
            SqlDialectArg::Spark => sql::Dialect::Spark,
            SqlDialectArg::Sqlite => sql::Dialect::Sqlite,
        },
        companies_table,
        categories_table,
    };
    let query = sql::compile(&thesis, &source.label, &options)?;
    print_data(&query)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(args: &InputArgs) -> CommandResult {
    let inputs = options::read_inputs(args)?;
    let thesis_only = args.thesis.is_some() && args.companies.is_none();
    let loaded = if thesis_only {
        Thesis::load(&inputs.thesis).map(|thesis| (thesis, None))
    } else {
        pipeline::load(&inputs).map(|Loaded { thesis, data, .. }| (thesis, Some(data)))
    };
    let (thesis, data) = match loaded {
        Err(Error::Thesis { file, problems }) => {
            for problem in &problems {
                eprintln!(
                    "error: {}",
                    terminal::one_line(&format!("{file}: {problem}"))
                );
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
    print_data(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn explain(inputs: &Inputs, query: &str) -> CommandResult {
    let loaded = pipeline::load(inputs)?;
    let Loaded {
        thesis,
        data,
        evidence,
        ..
    } = &loaded;
    let company = pipeline::find_company(data, query)?;
    let scores = scoring::score(thesis, data);
    let explained = report::Explained {
        thesis,
        data,
        scores: &scores,
        evidence: evidence.as_ref(),
        look_ahead: loaded.look_ahead(),
    };
    print_data(&report::render_explanation(&explained, company))?;
    Ok(ExitCode::SUCCESS)
}

/// `thesis generate`: a synthetic universe and its thesis.
pub(super) fn generate(
    console: &Console,
    universe: Universe,
    planting: Option<&pipeline::Planting>,
    out: &Path,
) -> CommandResult {
    for path in pipeline::generate(universe, planting, out)? {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `thesis extract ARTICLE`: the draft company file, and a line on what it holds.
pub(super) fn extract(
    console: &Console,
    article: &Path,
    out: &Path,
    lexicon: Option<&Path>,
    columns_like: Option<&Path>,
) -> CommandResult {
    let read = |path: Option<&Path>| path.map(Source::from_path).transpose();
    let extracted = pipeline::extract(
        &Source::from_path(article)?,
        read(lexicon)?.as_ref(),
        read(columns_like)?.as_ref(),
        out,
    )?;
    let article = &extracted.article;
    console.note(format_args!(
        "found {} names in {} sentences under {} sections",
        extracted.entities.len(),
        article.sentences.len(),
        article.sections.len(),
    ));
    for path in extracted.written {
        console.note(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `thesis completions SHELL`: the completion script, generated from the clap definition.
pub(super) fn completions(shell: clap_complete::Shell) -> CommandResult {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "thesis", &mut script);
    print_data(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// `thesis man`: the manual page in roff, generated from the clap definition.
pub(super) fn man() -> CommandResult {
    let mut page = Vec::new();
    clap_mangen::Man::new(Args::command())
        .render(&mut page)
        .map_err(Error::stdout)?;
    print_data(&String::from_utf8_lossy(&page))?;
    Ok(ExitCode::SUCCESS)
}
