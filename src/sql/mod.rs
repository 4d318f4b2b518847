//! A thesis compiled to one SQL query, for engines that hold the data: it reads the tables
//! `companies` and `categories` (columns as in the CSV files, any cell type) and returns the rows
//! and columns of `scores.csv`, in rank order. Every step is the engine's own, written once more in
//! SQL: typing each cell as the thesis declares it, rule outcomes, hit policies, formula criteria,
//! normalization as window aggregates, the weighted sum over the lenses with evidence or TOPSIS,
//! ranking (insufficient evidence last, totals to nine decimals, then id) and the quadrant. What
//! has no faithful translation is refused, never approximated.

mod condition;
mod dialect;
mod query;

pub use dialect::Dialect;

use crate::error::{Error, Result};
use crate::thesis::Thesis;

/// The tables the query reads.
#[derive(Debug, Clone)]
pub struct SqlOptions {
    pub dialect: Dialect,
    pub companies_table: String,
    pub categories_table: String,
}

/// The query that scores `thesis` in `options.dialect`; a thesis error naming the rule and the
/// construct when part of it has no faithful translation.
pub fn compile(thesis: &Thesis, thesis_file: &str, options: &SqlOptions) -> Result<String> {
    query::Query::new(thesis, options)
        .build()
        .map_err(|(key, refusal)| {
            Error::thesis(
                thesis_file,
                key,
                format!(
                    "{refusal} has no faithful translation to {} SQL",
                    options.dialect.name()
                ),
            )
        })
}
