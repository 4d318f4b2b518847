//! A run read back for comparison: from its `scores.csv` and `run.json`, or from the score table
//! of the run being written.

use crate::error::{DataProblem, Result};
use crate::io::RawTable;
use crate::model::Dataset;
use crate::report::manifest::RuleRecord;
use crate::report::table::ScoreTable;
use crate::scoring::Scoreboard;
use crate::thesis::Thesis;
use std::collections::BTreeMap;

/// One run as its outputs give it back.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// The run's folder or file, as messages name it.
    pub label: String,
    /// Each lens's id and weight as the thesis wrote it, in thesis order.
    pub lenses: Vec<(String, f64)>,
    pub aggregation: String,
    pub normalization: String,
    /// Each rule, by id: its lens, condition and points; `None` for a run whose `run.json` does
    /// not record them (written before they were recorded).
    pub rules: Option<BTreeMap<String, RuleRecord>>,
    pub thesis_sha256: String,
    /// The ranked companies, best first.
    pub rows: Vec<RecordRow>,
    /// Each ranked company's values of the fields the thesis reads, as explanations show them,
    /// by id: from the run's workbook (its Explanations sheet) when it has one.
    pub values: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub id: String,
    pub name: String,
    pub rank: usize,
    pub total: Option<f64>,
    /// One per lens, in the record's lens order.
    pub lenses: Vec<LensCells>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LensCells {
    pub score: Option<f64>,
    pub raw: Option<f64>,
    /// The ids of the rules that fired.
    pub fired: Vec<String>,
    /// A formula's terms: the field and its normalized value.
    pub terms: Vec<(String, Option<f64>)>,
}

impl RunRecord {
    /// A run from its `scores.csv` (any dialect) and the text of its `run.json`.
    pub fn read(label: &str, scores: &RawTable, manifest: &str) -> Result<RunRecord> {
        let json: serde_json::Value = serde_json::from_str(manifest).map_err(|error| {
            let problem = DataProblem::Shape(format!("run.json cannot be read: {error}"));
            crate::model::TableLabel::text_file(&format!("{label}/run.json"))
                .error(None, None, problem)
        })?;
        let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_string();
        let lenses: Vec<(String, f64)> = (json["options"]["weights"].as_array().into_iter())
            .flatten()
            .filter_map(|pair| Some((text(&pair[0]), pair[1].as_f64()?)))
            .collect();
        let rules = serde_json::from_value::<Vec<RuleRecord>>(json["thesis"]["rules"].clone())
            .ok()
            .map(by_id);
        let column = |name: &str| {
            scores.column_index(name).ok_or_else(|| {
                let problem = DataProblem::MissingColumn(name.to_string());
                scores.label.error(Some(1), None, problem)
            })
        };
        let (rank, id, name, total) = (
            column("rank")?,
            column("id")?,
            column("name")?,
            column("total")?,
        );
        let lens_columns = (lenses.iter())
            .map(|(lens, _)| {
                let terms: Vec<(String, usize)> = (scores.headers.iter().enumerate())
                    .filter_map(|(index, header)| {
                        let field = header.strip_prefix(&format!("{lens}_"))?;
                        let field = field.strip_suffix("_score").filter(|f| !f.is_empty())?;
                        Some((field.to_string(), index))
                    })
                    .collect();
                let score = column(&format!("{lens}_score"))?;
                let raw = column(&format!("{lens}_raw"))?;
                let fired = column(&format!("{lens}_rules"))?;
                Ok((score, raw, fired, terms))
            })
            .collect::<Result<Vec<_>>>()?;
        let number = |cell: &str, line: u64, header: &str| -> Result<Option<f64>> {
            let cell = cell.trim();
            if cell.is_empty() {
                return Ok(None);
            }
            let parsed = match scores.decimal_comma {
                true => cell.replace(',', ".").parse::<f64>(),
                false => cell.parse::<f64>(),
            };
            parsed.map(Some).map_err(|_| {
                let problem =
                    DataProblem::InvalidValue(format!("expected a number, found \"{cell}\""));
                scores.label.error(Some(line), Some(header), problem)
            })
        };
        let mut rows = Vec::with_capacity(scores.rows.len());
        for row in &scores.rows {
            let cell = |index: usize| row.cells.get(index).map_or("", String::as_str);
            let rank_value = number(cell(rank), row.line, "rank")?.unwrap_or(f64::INFINITY);
            let lenses = (lens_columns.iter())
                .zip(&lenses)
                .map(|((score, raw, fired, terms), (lens, _))| {
                    Ok(LensCells {
                        score: number(cell(*score), row.line, &format!("{lens}_score"))?,
                        raw: number(cell(*raw), row.line, &format!("{lens}_raw"))?,
                        fired: (cell(*fired).split(';'))
                            .map(str::trim)
                            .filter(|rule| !rule.is_empty())
                            .map(str::to_string)
                            .collect(),
                        terms: (terms.iter())
                            .map(|(field, index)| {
                                Ok((field.clone(), number(cell(*index), row.line, field)?))
                            })
                            .collect::<Result<_>>()?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            rows.push(RecordRow {
                id: cell(id).to_string(),
                name: cell(name).trim_start_matches('\'').to_string(),
                rank: rank_value as usize,
                total: number(cell(total), row.line, "total")?,
                lenses,
            });
        }
        rows.sort_by_key(|row| row.rank);
        Ok(RunRecord {
            label: label.to_string(),
            lenses,
            aggregation: text(&json["options"]["aggregation"]),
            normalization: text(&json["options"]["normalization"]),
            rules,
            thesis_sha256: text(&json["thesis"]["sha256"]),
            rows,
            values: None,
        })
    }

    /// The values each company read, from the Explanations sheet of the run's workbook (its
    /// `id` and `values_read` columns: `field = value` items joined by `;`).
    pub fn with_explanations(mut self, sheet: &RawTable) -> RunRecord {
        let (Some(id), Some(read)) = (sheet.column_index("id"), sheet.column_index("values_read"))
        else {
            return self;
        };
        let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for row in &sheet.rows {
            let cell = |index: usize| row.cells.get(index).map_or("", String::as_str);
            let company = values.entry(cell(id).to_string()).or_default();
            let mut items: Vec<String> = Vec::new();
            for part in cell(read).split(';') {
                match (part.contains(" = "), items.last_mut()) {
                    (false, Some(last)) => {
                        last.push(';');
                        last.push_str(part);
                    }
                    _ => items.push(part.trim_start().to_string()),
                }
            }
            for item in items {
                if let Some((field, value)) = item.split_once(" = ") {
                    company.insert(field.trim().to_string(), value.trim().to_string());
                }
            }
        }
        self.values = Some(values);
        self
    }

    /// The values each ranked company read, from the companies themselves.
    pub fn with_values_of(
        mut self,
        thesis: &Thesis,
        data: &Dataset,
        scores: &Scoreboard,
    ) -> RunRecord {
        let schema = data.schema.fields();
        let fields: Vec<usize> = (thesis.fields_read().into_iter())
            .filter(|&field| field < schema.len())
            .collect();
        let values = (scores.ranking.iter())
            .map(|entry| {
                let company = entry.company();
                let read = (fields.iter())
                    .map(|&field| {
                        (
                            schema[field].name.clone(),
                            data.value(company, field).to_string(),
                        )
                    })
                    .collect();
                (data.id(company).to_string(), read)
            })
            .collect();
        self.values = Some(values);
        self
    }

    /// The run being written, from its score table (every row) and thesis.
    pub fn of_run(label: &str, thesis: &Thesis, table: &ScoreTable, sha256: &str) -> RunRecord {
        let rules = by_id(RuleRecord::of_thesis(thesis));
        let rows = (table.rows.iter())
            .map(|row| RecordRow {
                id: row.id.clone(),
                name: row.name.clone(),
                rank: row.rank,
                total: row.total,
                lenses: (row.criteria.iter().zip(&table.criteria))
                    .map(|(cells, columns)| LensCells {
                        score: cells.score,
                        raw: cells.raw,
                        fired: cells.rules.clone(),
                        terms: columns
                            .terms
                            .iter()
                            .cloned()
                            .zip(cells.terms.iter().copied())
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        RunRecord {
            label: label.to_string(),
            lenses: (thesis.criteria.iter())
                .map(|criterion| (criterion.id.clone(), criterion.weight))
                .collect(),
            aggregation: thesis.aggregation.to_string(),
            normalization: thesis.normalization.to_string(),
            rules: Some(rules),
            thesis_sha256: sha256.to_string(),
            rows,
            values: None,
        }
    }
}

/// Rules by id.
fn by_id(rules: Vec<RuleRecord>) -> BTreeMap<String, RuleRecord> {
    rules
        .into_iter()
        .map(|rule| (rule.id.clone(), rule))
        .collect()
}
