//! Reading a partnership's weights (`--weights-from partners.csv`): a `partner` column and one
//! column per lens, one row per partner. Each row is checked and rescaled to sum to one, as the
//! engine rescales a thesis's weights.

use super::table::{RawTable, require_column};
use crate::error::{DataProblem, Result};
use crate::model::{FieldType, Value};

/// Each partner's weights, in the order of the lenses asked for, each row summing to one.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerWeights {
    /// The file, as the run names it.
    pub file: String,
    pub names: Vec<String>,
    pub weights: Vec<Vec<f64>>,
}

impl PartnerWeights {
    /// Types and checks every row against `lenses`, the thesis's lens ids: each lens needs a column
    /// and every other column but `partner` is refused; each weight is a number of 0 or more, each
    /// partner named once and giving some lens weight; two partners at least, to have a spread.
    pub fn bind(table: &RawTable, lenses: &[&str]) -> Result<PartnerWeights> {
        let label = &table.label;
        let name_column = require_column(table, "partner")?;
        let columns = lenses
            .iter()
            .map(|lens| require_column(table, lens))
            .collect::<Result<Vec<usize>>>()?;
        if let Some(extra) = (table.headers.iter().enumerate())
            .find(|(index, _)| *index != name_column && !columns.contains(index))
            .map(|(_, header)| header)
        {
            return Err(label.error(
                Some(1),
                Some(extra),
                DataProblem::UnknownReference(format!(
                    "\"{extra}\" is not a lens of the thesis (its lenses are {})",
                    lenses.join(", ")
                )),
            ));
        }
        let (mut names, mut weights): (Vec<String>, Vec<Vec<f64>>) = (Vec::new(), Vec::new());
        for row in &table.rows {
            let invalid = |column: &str, message: String| {
                label.error(
                    Some(row.line),
                    Some(column),
                    DataProblem::InvalidValue(message),
                )
            };
            let name = row.cells[name_column].as_str();
            if name.is_empty() {
                return Err(invalid(
                    "partner",
                    "the partner's name is empty".to_string(),
                ));
            }
            if names.iter().any(|known| known == name) {
                return Err(label.error(
                    Some(row.line),
                    Some("partner"),
                    DataProblem::Conflict(format!("\"{name}\" is listed twice")),
                ));
            }
            let mut row_weights = Vec::with_capacity(lenses.len());
            for (lens, &column) in lenses.iter().zip(&columns) {
                let cell = row.cells[column].as_str();
                let weight = match Value::parse(cell, FieldType::Number, table.decimal_comma) {
                    Ok(Value::Number(weight)) if weight >= 0.0 && weight.is_finite() => weight,
                    _ => {
                        return Err(invalid(
                            lens,
                            format!("expected a weight of 0 or more, found \"{cell}\""),
                        ));
                    }
                };
                row_weights.push(weight);
            }
            let sum: f64 = row_weights.iter().sum();
            if sum <= 0.0 {
                return Err(invalid(
                    "partner",
                    format!("\"{name}\" gives every lens a weight of zero"),
                ));
            }
            names.push(name.to_string());
            weights.push(row_weights.iter().map(|weight| weight / sum).collect());
        }
        if names.len() < 2 {
            return Err(label.error(
                None,
                None,
                DataProblem::Empty(format!(
                    "needs two partners or more to measure how far they disagree; it has {}",
                    names.len()
                )),
            ));
        }
        Ok(PartnerWeights {
            file: label.name.clone(),
            names,
            weights,
        })
    }
}
