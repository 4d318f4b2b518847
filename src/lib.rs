//! `thesis`: score companies against an investment thesis of weighted, configurable rules, rank them
//! and explain every score.
//!
//! Data flows one way: [`io`] reads inputs, [`thesis`] turns a thesis file into compiled rules,
//! [`scoring`] evaluates and ranks (pure, keeping every rule's outcome), [`stats`] measures how
//! stable the ranking is (seeded, the random source passed in), and [`report`] writes the outputs.
//! [`pipeline`] strings them together for the command-line front end. [`article`] reads a thesis
//! article into numbered sentences and sections.

pub mod article;
pub mod error;
pub mod io;
pub mod model;
mod ordered;
pub mod pipeline;
pub mod report;
pub mod scoring;
pub mod sql;
pub mod stats;
mod suggest;
pub mod synthetic;
pub mod thesis;

pub use error::{DataProblem, Error, Result};
