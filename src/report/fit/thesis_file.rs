//! `fit.toml`: the thesis file the user gave, comments and all, with each lens's `weight` (and, with
//! `--points`, each ranged rule's `points`) replaced by the fitted one and a header saying where the weights came from. A new file beside the other
//! outputs: the thesis itself is never written over.

use super::super::Exporter;
use crate::error::{Error, Problem, Result};
use crate::stats::Fit;
use crate::thesis::Thesis;
use std::io::Write;
use toml_edit::{DocumentMut, Item, Table, value};

pub struct FittedThesis {
    text: String,
}

impl FittedThesis {
    /// The thesis `source` (read from `file`) with the weights of `fit`. Fails, naming the file,
    /// when a lens of the compiled thesis has no table with its id in the text.
    pub fn new(
        source: &str,
        file: &str,
        thesis: &Thesis,
        fit: &Fit,
        outcomes: &str,
    ) -> Result<FittedThesis> {
        let problem = |message: String| Error::Thesis {
            file: file.to_string(),
            problems: vec![Problem {
                key: "criteria".to_string(),
                message,
            }],
        };
        let mut document: DocumentMut = source
            .parse()
            .map_err(|error: toml_edit::TomlError| problem(error.message().to_string()))?;
        for lens in &fit.weights {
            let id = &thesis.criteria[lens.criterion].id;
            let table = criterion_table(&mut document, id)
                .ok_or_else(|| problem(format!("no [[criteria]] table has the id `{id}`")))?;
            table["weight"] = value(rounded(lens.weight));
        }
        for rule in &fit.points {
            let criterion = &thesis.criteria[rule.criterion].id;
            let id = super::rule_id(thesis, rule);
            let table = criterion_table(&mut document, criterion)
                .and_then(|table| table.get_mut("rules"))
                .and_then(Item::as_array_of_tables_mut)
                .and_then(|rules| {
                    (rules.iter_mut()).find(|r| r.get("id").and_then(Item::as_str) == Some(id))
                })
                .ok_or_else(|| {
                    problem(format!(
                        "no [[criteria.rules]] table of `{criterion}` has the id `{id}`"
                    ))
                })?;
            table["points"] = value(rounded(rule.points));
        }
        let header = format!(
            "# Written by `thesis fit`: the thesis of {file} with each lens's weight learned from \
             {outcomes}\n# ({} companies; shrinkage strength {}; intervals and validation in \
             fit.csv and fit_validation.csv).\n# Compare the rankings: `thesis run --thesis \
             fit.toml --out NEW`, then `thesis diff OLD NEW`.\n",
            fit.sample, fit.strength
        );
        Ok(FittedThesis {
            text: header + &document.to_string(),
        })
    }
}

/// Weights to six decimals: enough to rank as the fit does, short enough to read.
fn rounded(weight: f64) -> f64 {
    (weight * 1e6).round() / 1e6
}

fn criterion_table<'a>(document: &'a mut DocumentMut, id: &str) -> Option<&'a mut Table> {
    match document.get_mut("criteria")? {
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .find(|table| table.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    }
}

impl Exporter for FittedThesis {
    fn file_name(&self) -> String {
        "fit.toml".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.text.as_bytes())
    }
}
