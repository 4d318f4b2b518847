//! The options of rank-stability sampling, which `run`, `score`, `report` and `sensitivity` share:
//! how many weight samples, around what, and a partnership's own weights.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(super) struct SensitivityArgs {
    /// Weight samples for the rank-stability analysis (0 skips it).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub samples: usize,
    /// Seed of the random weights: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Dirichlet concentration around the thesis weights: larger means surer weights.
    #[arg(long, value_name = "C", default_value_t = 30.0, value_parser = parse_concentration)]
    pub concentration: f64,
    /// Sample weights uniformly from every possible weighting instead.
    #[arg(long, conflicts_with = "concentration")]
    pub uniform_weights: bool,
    /// A partnership's weights: a CSV or workbook with a `partner` column and a column per lens,
    /// one row per partner. Samples are then drawn from the Dirichlet fitted to them (centred on
    /// their consensus, as spread as they are), and the output names each partner's first place.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["concentration", "uniform_weights"])]
    pub weights_from: Option<PathBuf>,
    /// The k of the probability of ranking in the top k.
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub top_k: u64,
}

fn parse_concentration(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!("expected a positive number, found \"{text}\"")),
    }
}
