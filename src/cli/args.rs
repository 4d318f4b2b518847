//! The clap definition of the command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Score companies against an investment thesis of weighted rules, rank them and explain every score.
#[derive(Debug, Parser)]
#[command(name = "thesis", version, about, propagate_version = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score the bundled data (the 2015 container-ecosystem thesis) and write the reports.
    Run {
        /// Folder to write the outputs into.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// Score your own companies, categories and thesis (each defaults to the bundled file).
    Score {
        #[command(flatten)]
        inputs: InputArgs,
        /// Folder to write the outputs into.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
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
    },
}

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Company file (CSV with a header row).
    #[arg(long, value_name = "FILE")]
    pub companies: Option<PathBuf>,
    /// Category signals file (CSV), joined to companies on the category column.
    #[arg(long, value_name = "FILE")]
    pub categories: Option<PathBuf>,
    /// Thesis file (TOML).
    #[arg(long, value_name = "FILE")]
    pub thesis: Option<PathBuf>,
}
