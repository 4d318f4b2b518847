//! The score table: exactly what `scores.csv` holds, as plain data. It is built from a scoring run,
//! with numbers rounded as the file prints them, or read back from a `scores.csv`; so charts drawn
//! after a run and charts redrawn later by `thesis chart` are the same.

use super::cell::{neutralize, restore};
use super::format_number;
use crate::error::{Error, Result};
use crate::io::{Dataset, RawTable};
use crate::scoring::Scoreboard;
use crate::thesis::{Method, Thesis};

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTable {
    pub criteria: Vec<CriterionColumns>,
    /// Best first.
    pub rows: Vec<ScoreRow>,
}

/// The columns one criterion contributes.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionColumns {
    pub id: String,
    /// The fields of a formula's terms (empty for rules).
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub category: String,
    pub total: Option<f64>,
    pub quadrant: Option<String>,
    /// One per criterion, in thesis order.
    pub criteria: Vec<CriterionCells>,
    /// Ids of the criteria without evidence.
    pub insufficient: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionCells {
    pub score: Option<f64>,
    pub contribution: Option<f64>,
    pub raw: Option<f64>,
    /// Ids of the rules that fired.
    pub rules: Vec<String>,
    /// A formula's normalized term values.
    pub terms: Vec<Option<f64>>,
}

impl ScoreTable {
    pub fn new(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> ScoreTable {
        let printed = |value: Option<f64>| value.map(round_as_printed);
        let rows = scores
            .ranking
            .iter()
            .map(|ranked| {
                let company = &data.companies[ranked.company];
                let evaluation = &scores.evaluations[ranked.company];
                let criteria = thesis
                    .criteria
                    .iter()
                    .zip(&ranked.criteria)
                    .zip(&evaluation.criteria)
                    .map(|((criterion, score), result)| CriterionCells {
                        score: printed(score.score),
                        contribution: printed(score.contribution),
                        raw: printed(score.raw),
                        rules: match &criterion.method {
                            Method::Rules { rules, .. } => result
                                .fired
                                .iter()
                                .map(|&index| rules[index].id.clone())
                                .collect(),
                            Method::Formula { .. } => Vec::new(),
                        },
                        terms: result.terms.iter().map(|term| printed(*term)).collect(),
                    })
                    .collect();
                ScoreRow {
                    rank: ranked.rank,
                    id: company.id.clone(),
                    name: company.name.clone(),
                    category: company.category.clone(),
                    total: printed(ranked.total),
                    quadrant: ranked.quadrant.clone(),
                    criteria,
                    insufficient: ranked
                        .insufficient()
                        .into_iter()
                        .map(|j| thesis.criteria[j].id.clone())
                        .collect(),
                }
            })
            .collect();
        ScoreTable {
            criteria: columns_of(thesis),
            rows,
        }
    }

    /// The header of `scores.csv`.
    pub fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = ["rank", "id", "name", "category", "total", "quadrant"]
            .map(String::from)
            .to_vec();
        for suffix in ["score", "contribution", "raw", "rules"] {
            header.extend(
                self.criteria
                    .iter()
                    .map(|criterion| format!("{}_{suffix}", criterion.id)),
            );
        }
        for criterion in &self.criteria {
            header.extend(
                criterion
                    .terms
                    .iter()
                    .map(|field| format!("{}_{field}_score", criterion.id)),
            );
        }
        header.push("insufficient_evidence".to_string());
        header
    }

    /// The cells of one row of `scores.csv`, in header order.
    pub fn record(&self, row: &ScoreRow) -> Vec<String> {
        let number = |value: Option<f64>| value.map(format_number).unwrap_or_default();
        let text = |value: &str| neutralize(value).into_owned();
        let list = |items: &[String]| {
            let safe: Vec<String> = items.iter().map(|item| text(item)).collect();
            safe.join(";")
        };
        let mut record = vec![
            row.rank.to_string(),
            text(&row.id),
            text(&row.name),
            text(&row.category),
            number(row.total),
            text(row.quadrant.as_deref().unwrap_or_default()),
        ];
        record.extend(row.criteria.iter().map(|cells| number(cells.score)));
        record.extend(row.criteria.iter().map(|cells| number(cells.contribution)));
        record.extend(row.criteria.iter().map(|cells| number(cells.raw)));
        record.extend(row.criteria.iter().map(|cells| list(&cells.rules)));
        for cells in &row.criteria {
            record.extend(cells.terms.iter().map(|term| number(*term)));
        }
        record.push(list(&row.insufficient));
        record
    }

    /// Reads a `scores.csv` written for this thesis: the header must be the one the thesis gives.
    pub fn read(table: &RawTable, thesis: &Thesis) -> Result<ScoreTable> {
        let mut expected = ScoreTable {
            criteria: columns_of(thesis),
            rows: Vec::new(),
        };
        let header = expected.header();
        if let Some(position) =
            (0..header.len()).find(|&i| table.headers.get(i) != Some(&header[i]))
        {
            let message = match table.headers.get(position) {
                Some(found) => format!(
                    "expected the column `{}` here, found `{found}`: the file was not written for this thesis",
                    header[position]
                ),
                None => format!(
                    "the column `{}` is missing: the file was not written for this thesis",
                    header[position]
                ),
            };
            return Err(table.label.error(Some(1), None, message));
        }
        for raw in &table.rows {
            let mut cells = CellReader {
                table,
                line: raw.line,
                cells: &raw.cells,
                header: &header,
                position: 0,
            };
            let rank = cells.rank()?;
            let (id, name, category) = (cells.text(), cells.text(), cells.text());
            let total = cells.number()?;
            let quadrant = Some(cells.text()).filter(|text| !text.is_empty());
            let count = expected.criteria.len();
            let mut criteria: Vec<CriterionCells> = (0..count)
                .map(|_| CriterionCells {
                    score: None,
                    contribution: None,
                    raw: None,
                    rules: Vec::new(),
                    terms: Vec::new(),
                })
                .collect();
            for cell in criteria.iter_mut() {
                cell.score = cells.number()?;
            }
            for cell in criteria.iter_mut() {
                cell.contribution = cells.number()?;
            }
            for cell in criteria.iter_mut() {
                cell.raw = cells.number()?;
            }
            for cell in criteria.iter_mut() {
                cell.rules = cells.list();
            }
            for (cell, columns) in criteria.iter_mut().zip(&expected.criteria) {
                for _ in &columns.terms {
                    cell.terms.push(cells.number()?);
                }
            }
            let insufficient = cells.list();
            expected.rows.push(ScoreRow {
                rank,
                id,
                name,
                category,
                total,
                quadrant,
                criteria,
                insufficient,
            });
        }
        Ok(expected)
    }
}

fn columns_of(thesis: &Thesis) -> Vec<CriterionColumns> {
    thesis
        .criteria
        .iter()
        .map(|criterion| CriterionColumns {
            id: criterion.id.clone(),
            terms: match &criterion.method {
                Method::Formula { terms, .. } => {
                    terms.iter().map(|term| term.field.clone()).collect()
                }
                Method::Rules { .. } => Vec::new(),
            },
        })
        .collect()
}

/// A number exactly as `scores.csv` would give it back.
fn round_as_printed(value: f64) -> f64 {
    format_number(value)
        .parse()
        .expect("a formatted number parses")
}

/// Reads one row's cells left to right, naming the line and column of a bad cell.
struct CellReader<'a> {
    table: &'a RawTable,
    line: u64,
    cells: &'a [String],
    header: &'a [String],
    position: usize,
}

impl CellReader<'_> {
    fn cell(&mut self) -> &str {
        self.position += 1;
        &self.cells[self.position - 1]
    }

    /// A text cell, without the quote that kept it from reading as a formula.
    fn text(&mut self) -> String {
        restore(self.cell()).to_string()
    }

    fn list(&mut self) -> Vec<String> {
        self.cell()
            .split(';')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| restore(item).to_string())
            .collect()
    }

    fn error(&self, message: String) -> Error {
        self.table.label.error(
            Some(self.line),
            Some(&self.header[self.position - 1]),
            message,
        )
    }

    fn number(&mut self) -> Result<Option<f64>> {
        let text = self.cell().to_string();
        if text.trim().is_empty() {
            return Ok(None);
        }
        match text.trim().parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Some(value)),
            _ => Err(self.error(format!("expected a number, found \"{text}\""))),
        }
    }

    fn rank(&mut self) -> Result<usize> {
        let text = self.cell().to_string();
        text.trim()
            .parse()
            .map_err(|_| self.error(format!("expected a rank (1, 2, …), found \"{text}\"")))
    }
}
