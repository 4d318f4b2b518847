//! The bundled data set (the container-ecosystem article of mid-2015), embedded in the binary so that
//! `thesis run` works from any folder.

use super::source::{Inputs, Source};

const COMPANIES: &[u8] = include_bytes!("../../data/companies.csv");
const CATEGORIES: &[u8] = include_bytes!("../../data/categories.csv");
const THESIS: &[u8] = include_bytes!("../../data/thesis.toml");
const OUTCOMES: &[u8] = include_bytes!("../../data/outcomes.csv");

/// The bundled inputs, labelled by their path in the repository.
pub fn bundled_inputs() -> Inputs {
    Inputs {
        companies: Source::embedded("data/companies.csv", COMPANIES),
        categories: Source::embedded("data/categories.csv", CATEGORIES),
        thesis: Source::embedded("data/thesis.toml", THESIS),
        outcomes: Some(Source::embedded("data/outcomes.csv", OUTCOMES)),
        format: Default::default(),
    }
}
