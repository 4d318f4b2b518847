//! The bundled data set (the container-ecosystem article of mid-2015), embedded in the binary so that
//! `thesis run` works from any folder.

use super::encoding::CsvFormat;
use super::source::{Inputs, Source};
use std::path::PathBuf;

/// The bundled data folder in the source tree this binary was built from. Outputs are never
/// written into it.
pub const BUNDLED_DATA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

const COMPANIES: &[u8] = include_bytes!("../../data/companies.csv");
const CATEGORIES: &[u8] = include_bytes!("../../data/categories.csv");
const THESIS: &[u8] = include_bytes!("../../data/thesis.toml");
const OUTCOMES: &[u8] = include_bytes!("../../data/outcomes.csv");

/// The bundled inputs, labelled by their path in the repository.
pub fn bundled_inputs() -> Inputs {
    Inputs {
        companies: bundled("companies.csv", COMPANIES),
        categories: bundled("categories.csv", CATEGORIES),
        thesis: bundled("thesis.toml", THESIS),
        outcomes: Some(bundled("outcomes.csv", OUTCOMES)),
        article: None,
        format: CsvFormat::default(),
        allow_look_ahead: false,
    }
}

fn bundled(name: &str, bytes: &[u8]) -> Source {
    let mut source = Source::embedded(&format!("data/{name}"), bytes);
    source.path = Some(PathBuf::from(BUNDLED_DATA_DIR).join(name));
    source
}
