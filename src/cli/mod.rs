//! The command line: parses arguments with clap, runs a command, prints, and maps every error to one
//! line on stderr and a documented exit code. The only module that knows clap or prints.

mod args;

use args::{Args, Command, InputArgs};
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;
use thesis::io::{Inputs, Source, bundled_inputs};
use thesis::pipeline::{self, Loaded};
use thesis::report::{self, Coverage, Exporter, ManifestJson, Run, RunManifest, ScoresCsv};
use thesis::thesis::Thesis;
use thesis::{Error, scoring};

/// Exit codes, as the README documents them.
const EXIT_READ: u8 = 1;
const EXIT_DATA: u8 = 3;
const EXIT_THESIS: u8 = 4;
const EXIT_WRITE: u8 = 5;
const EXIT_UNKNOWN_COMPANY: u8 = 6;

pub fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Command::Run { out } => score(&bundled_inputs(), &out, "run"),
        Command::Score { inputs, out } => {
            read_inputs(&inputs).and_then(|inputs| score(&inputs, &out, "score"))
        }
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
        Error::Write { .. } => EXIT_WRITE,
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
    Ok(Inputs {
        companies: pick(&args.companies, bundled.companies)?,
        categories: pick(&args.categories, bundled.categories)?,
        thesis: pick(&args.thesis, bundled.thesis)?,
    })
}

fn score(inputs: &Inputs, out: &Path, command: &str) -> thesis::Result<ExitCode> {
    let Loaded { thesis, data } = pipeline::load(inputs)?;
    let scores = scoring::score(&thesis, &data);
    let exporters: [&dyn Exporter; 2] = [&ScoresCsv, &ManifestJson];
    let names: Vec<&str> = exporters
        .iter()
        .map(|exporter| exporter.file_name())
        .collect();
    let manifest = RunManifest::new(command, inputs, &thesis, &data, &scores, &names);
    let run = Run {
        thesis: &thesis,
        data: &data,
        scores: &scores,
        manifest: &manifest,
    };
    let written = report::write_all(out, &exporters, &run)?;
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
    for path in written {
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
        pipeline::load(&inputs).map(|Loaded { thesis, data }| (thesis, Some(data)))
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
    let Loaded { thesis, data } = pipeline::load(inputs)?;
    let company = pipeline::find_company(&data, query)?;
    let scores = scoring::score(&thesis, &data);
    print!(
        "{}",
        report::render_explanation(&thesis, &data, &scores, company)
    );
    Ok(ExitCode::SUCCESS)
}
