//! The command line: parses arguments with clap, runs a command, prints, and maps every error to one
//! line on stderr and a documented exit code. The only module that knows clap or prints.

mod args;
mod commands;
mod fit;
mod options;
mod sampling;
mod terminal;

use args::{Args, Command};
use clap::Parser;
use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;
use thesis::Error;
use thesis::io::{Inputs, bundled_inputs};
use thesis::synthetic::Universe;

/// Exit codes, as the README documents them.
const EXIT_READ: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_DATA: u8 = 3;
const EXIT_THESIS: u8 = 4;
const EXIT_WRITE: u8 = 5;
const EXIT_UNKNOWN_COMPANY: u8 = 6;

pub(crate) fn main() -> ExitCode {
    let args = Args::parse();
    let console = Console { quiet: args.quiet };
    run(args.command, &console).unwrap_or_else(report)
}

/// Runs one command.
fn run(command: Command, console: &Console) -> CommandResult {
    match command {
        Command::Run {
            scoring,
            allow_look_ahead,
        } => {
            let inputs = Inputs {
                allow_look_ahead,
                ..bundled_inputs()
            };
            let inputs = options::with_article(inputs, &scoring.article)?;
            commands::score(console, inputs, "run", &scoring)
        }
        Command::Score { inputs, scoring } => {
            let inputs = options::read_inputs(&inputs)?;
            let inputs = options::with_article(inputs, &scoring.article)?;
            commands::score(console, inputs, "score", &scoring)
        }
        Command::Backtest {
            inputs,
            backtest,
            read_back,
            seed,
            top_k,
            out,
            csv_dialect,
            charts,
        } => {
            let options = options::backtest_options(&backtest, seed, top_k);
            let files = match out {
                Some(out) => Some(options::backtest_files(out, csv_dialect, &charts)?),
                None => None,
            };
            let start = options::start(&inputs, &read_back)?;
            commands::backtest(console, &start, &options, files.as_ref())
        }
        Command::Sensitivity {
            inputs,
            sensitivity,
            read_back,
        } => commands::sensitivity(console, &options::start(&inputs, &read_back)?, &sensitivity),
        Command::Report {
            scores,
            thesis,
            outcomes,
            outcomes_sheet,
            out,
            csv_dialect,
            charts,
            sensitivity,
            backtest,
        } => {
            let sources = options::read_back_sources(
                &scores,
                thesis.as_deref(),
                outcomes.as_deref(),
                outcomes_sheet,
            )?;
            let options =
                options::report_options(out, csv_dialect, &charts, &sensitivity, &backtest)?;
            commands::report_from_scores(console, &sources, &options)
        }
        Command::Chart {
            scores,
            thesis,
            out,
            charts,
        } => commands::chart(console, &scores, thesis.as_deref(), &out, &charts),
        Command::Check { inputs } => commands::check(&inputs),
        Command::Explain {
            company,
            inputs,
            article,
        } => {
            let inputs = options::read_inputs(&inputs)?;
            let inputs = options::with_article(inputs, &article)?;
            commands::explain(&inputs, &company)
        }
        Command::Fit(args) => fit::fit(console, &args),
        Command::Generate {
            companies,
            seed,
            out,
            outcomes,
            planted_weights,
            noise,
            noise_share,
        } => {
            let planting = outcomes.then(|| options::planting(planted_weights, noise, noise_share));
            commands::generate(
                console,
                Universe { companies, seed },
                planting.as_ref(),
                &out,
            )
        }
        Command::Extract {
            article,
            out,
            lexicon,
            columns_like,
        } => commands::extract(
            console,
            &article,
            &out,
            lexicon.as_deref(),
            columns_like.as_deref(),
        ),
        Command::Diff {
            old,
            new,
            top,
            moved,
            out,
            csv_dialect,
        } => commands::diff(
            console,
            &old,
            &new,
            (top, moved),
            out.as_deref(),
            csv_dialect,
        ),
        Command::Sql {
            dialect,
            thesis,
            companies_table,
            categories_table,
        } => commands::sql(
            dialect,
            thesis.as_deref(),
            companies_table,
            categories_table,
        ),
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man(),
    }
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Read { .. } => EXIT_READ,
        Error::Refused { .. } => EXIT_USAGE,
        Error::Data { .. } => EXIT_DATA,
        Error::Thesis { .. } => EXIT_THESIS,
        Error::Write { .. } | Error::Chart { .. } => EXIT_WRITE,
        Error::UnknownCompany { .. } => EXIT_UNKNOWN_COMPANY,
    }
}

/// Where messages go: stderr, unless `--quiet`. Data goes to stdout through [`print_data`].
pub(crate) struct Console {
    quiet: bool,
}

impl Console {
    /// A message for the person at the terminal, such as a summary or a file written.
    fn note(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{}", terminal::printable(&message.to_string()));
        }
    }

    /// A progress bar for a whole run, showing its stages; see [`StageBar`].
    fn stage_bar(&self) -> StageBar {
        StageBar {
            bar: indicatif::ProgressBar::hidden(),
            started: std::time::Instant::now(),
            quiet: self.quiet,
        }
    }
}

/// A run's progress on stderr, stage by stage. It stays hidden for the first second, so short runs
/// print nothing but their results, and indicatif hides it when stderr is not a terminal.
struct StageBar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    quiet: bool,
}

impl StageBar {
    fn show_after_a_second(&self) {
        if !self.quiet && self.bar.is_hidden() && self.started.elapsed().as_secs_f64() > 1.0 {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl thesis::pipeline::Progress for StageBar {
    fn stage(&self, name: &'static str, steps: Option<u64>) {
        let template = match steps {
            Some(_) => "{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})",
            None => "{spinner} {msg} ({elapsed})",
        };
        self.bar.set_message(name);
        self.bar.set_length(steps.unwrap_or(0));
        self.bar.set_position(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.show_after_a_second();
    }

    fn advance(&self, done: u64) {
        self.bar.inc(done);
        self.show_after_a_second();
    }
}

/// Writes data to stdout, turning a failed write into an error instead of a panic.
fn print_data(text: &str) -> thesis::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(terminal::printable(text).as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::stdout)
}

/// Whether stdout is a terminal, where a binary workbook must not go.
fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Why a command stopped: an error of the library, or a command line clap could not check itself.
pub(crate) enum Failure {
    Library(Error),
    Usage(clap::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Library(error)
    }
}

/// What a command gives back: its exit code, or why it stopped.
pub(crate) type CommandResult = Result<ExitCode, Failure>;

/// clap's usage error (exit code 2) for a combination clap cannot check itself.
fn usage_error(kind: clap::error::ErrorKind, message: impl std::fmt::Display) -> Failure {
    use clap::CommandFactory;
    Failure::Usage(Args::command().error(kind, message))
}

/// The one place a failure is printed and given its exit code.
fn report(failure: Failure) -> ExitCode {
    match failure {
        Failure::Usage(error) => {
            let _ = error.print();
            ExitCode::from(EXIT_USAGE)
        }
        // A reader that stopped early (`thesis explain x | head`) is not an error.
        Failure::Library(Error::Write { source, .. }) if source.kind() == ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Failure::Library(error) => {
            eprintln!("error: {}", terminal::one_line(&error.to_string()));
            ExitCode::from(exit_code(&error))
        }
    }
}
