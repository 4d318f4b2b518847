//! The score table: exactly what `scores.csv` holds, as plain data. It is built from a scoring run,
//! with numbers rounded as the file prints them, or read back from a `scores.csv`; so charts drawn
//! after a run and charts redrawn later by `thesis chart` are the same.

use super::cell::restore;
use super::round_as_printed;
use super::sheet::{CellRef, Column, Sheet, Style};
use crate::error::{DataProblem, Error, Result};
use crate::io::RawTable;
use crate::model::{Dataset, FieldType, Value, check_text};
use crate::scoring::{Ranked, Scoreboard};
use crate::thesis::{Method, Thesis};
use rayon::prelude::*;

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
    /// Every ranked company's row, best first: what JSON and the comparison of runs read.
    pub fn new(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> ScoreTable {
        ScoreTable::top(thesis, data, scores, scores.ranking.len())
    }

    /// The rows of the best `count` companies: what the report shows.
    pub fn top(thesis: &Thesis, data: &Dataset, scores: &Scoreboard, count: usize) -> ScoreTable {
        let shown = &scores.ranking[..count.min(scores.ranking.len())];
        ScoreTable {
            criteria: columns_of(thesis),
            rows: (shown.par_iter())
                .map(|ranked| score_row(thesis, data, scores, ranked))
                .collect(),
        }
    }

    /// The columns of `scores.csv`, with how a spreadsheet shows each.
    pub fn columns(&self) -> Vec<Column> {
        let mut columns = vec![
            Column::new("rank", Style::Integer),
            Column::new("id", Style::Text),
            Column::new("name", Style::Text),
            Column::new("category", Style::Text),
            Column::new("total", Style::Score),
            Column::new("quadrant", Style::Text),
        ];
        let suffixes = [
            ("score", Style::Score),
            ("contribution", Style::Decimal),
            ("raw", Style::Decimal),
            ("rules", Style::Text),
        ];
        for (suffix, style) in suffixes {
            columns.extend(
                self.criteria
                    .iter()
                    .map(|criterion| Column::new(format!("{}_{suffix}", criterion.id), style)),
            );
        }
        for criterion in &self.criteria {
            columns.extend(
                criterion.terms.iter().map(|field| {
                    Column::new(format!("{}_{field}_score", criterion.id), Style::Score)
                }),
            );
        }
        columns.push(Column::new("insufficient_evidence", Style::Text));
        columns
    }

    /// The table as the `scores` sheet, best first, every cell held: for the workbook and JSON.
    pub fn sheet(&self) -> Sheet {
        Sheet {
            name: "scores",
            title: "Scores",
            columns: self.columns(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let mut cells = Vec::new();
                    row_cells(&row, &mut cells);
                    cells.into_iter().map(CellRef::to_cell).collect()
                })
                .collect(),
        }
    }

    /// Reads a `scores.csv` written for this thesis: the header must be the one the thesis gives.
    pub fn read(table: &RawTable, thesis: &Thesis) -> Result<ScoreTable> {
        let mut expected = ScoreTable {
            criteria: columns_of(thesis),
            rows: Vec::new(),
        };
        let header: Vec<String> = expected
            .columns()
            .into_iter()
            .map(|column| column.header)
            .collect();
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
            return Err(table
                .label
                .error(Some(1), None, DataProblem::Shape(message)));
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
            let (id, name, category) = (cells.text()?, cells.text()?, cells.text()?);
            let total = cells.number()?;
            let quadrant = Some(cells.text()?).filter(|text| !text.is_empty());
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
            for cell in &mut criteria {
                cell.score = cells.number()?;
            }
            for cell in &mut criteria {
                cell.contribution = cells.number()?;
            }
            for cell in &mut criteria {
                cell.raw = cells.number()?;
            }
            for cell in &mut criteria {
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

/// One ranked company's row, with numbers rounded as `scores.csv` prints them.
fn score_row(thesis: &Thesis, data: &Dataset, scores: &Scoreboard, ranked: &Ranked) -> ScoreRow {
    let printed = |value: Option<f64>| value.map(round_as_printed);
    let criteria = thesis
        .criteria
        .iter()
        .zip(scores.criteria(ranked))
        .enumerate()
        .map(|(j, (criterion, score))| CriterionCells {
            score: printed(score.score),
            contribution: printed(score.contribution),
            raw: printed(score.raw),
            rules: match &criterion.method {
                Method::Rules { rules, .. } => scores
                    .evaluations
                    .fired(ranked.company(), j)
                    .map(|index| rules[index].id.clone())
                    .collect(),
                Method::Formula { .. } => Vec::new(),
            },
            terms: scores
                .evaluations
                .terms(ranked.company(), j, data)
                .map(printed)
                .collect(),
        })
        .collect();
    ScoreRow {
        rank: ranked.rank(),
        id: data.id(ranked.company()).to_string(),
        name: data.name(ranked.company()).to_string(),
        category: data.category(ranked.company()).to_string(),
        total: printed(scores.total(ranked)),
        quadrant: scores.quadrant(ranked).map(str::to_string),
        criteria,
        insufficient: scores
            .insufficient(ranked)
            .into_iter()
            .map(|j| thesis.criteria[j].id.clone())
            .collect(),
    }
}

/// What a `scores.csv` row is made of, whether read from a table row or straight from a scoreboard:
/// [`row_cells`] lays either out the same way.
pub(super) trait RowParts<'a> {
    fn rank(&self) -> usize;
    fn id(&self) -> &'a str;
    fn name(&self) -> &'a str;
    fn category(&self) -> &'a str;
    fn total(&self) -> Option<f64>;
    fn quadrant(&self) -> Option<&'a str>;
    fn criteria(&self) -> usize;
    fn score(&self, criterion: usize) -> Option<f64>;
    fn contribution(&self, criterion: usize) -> Option<f64>;
    fn raw(&self, criterion: usize) -> Option<f64>;
    /// Ids of the criterion's rules that fired.
    fn rules(&self, criterion: usize) -> &'a [String];
    /// A formula criterion's normalized terms, in formula order.
    fn terms(&self, criterion: usize) -> impl Iterator<Item = Option<f64>>;
    /// Ids of the criteria without evidence.
    fn insufficient(&self) -> &'a [String];
}

/// One row's cells, in the order of [`ScoreTable::columns`], appended to `cells`.
pub(super) fn row_cells<'a>(row: &impl RowParts<'a>, cells: &mut Vec<CellRef<'a>>) {
    let criteria = 0..row.criteria();
    cells.extend([
        CellRef::Integer(row.rank() as u64),
        CellRef::Text(row.id()),
        CellRef::Text(row.name()),
        CellRef::Text(row.category()),
        CellRef::number(row.total()),
        row.quadrant().map_or(CellRef::Empty, CellRef::Text),
    ]);
    cells.extend(criteria.clone().map(|j| CellRef::number(row.score(j))));
    cells.extend(
        criteria
            .clone()
            .map(|j| CellRef::number(row.contribution(j))),
    );
    cells.extend(criteria.clone().map(|j| CellRef::number(row.raw(j))));
    cells.extend(criteria.clone().map(|j| CellRef::List(row.rules(j))));
    for j in criteria {
        cells.extend(row.terms(j).map(CellRef::number));
    }
    cells.push(CellRef::List(row.insufficient()));
}

impl<'a> RowParts<'a> for &'a ScoreRow {
    fn rank(&self) -> usize {
        self.rank
    }

    fn id(&self) -> &'a str {
        &self.id
    }

    fn name(&self) -> &'a str {
        &self.name
    }

    fn category(&self) -> &'a str {
        &self.category
    }

    fn total(&self) -> Option<f64> {
        self.total
    }

    fn quadrant(&self) -> Option<&'a str> {
        self.quadrant.as_deref()
    }

    fn criteria(&self) -> usize {
        self.criteria.len()
    }

    fn score(&self, criterion: usize) -> Option<f64> {
        self.criteria[criterion].score
    }

    fn contribution(&self, criterion: usize) -> Option<f64> {
        self.criteria[criterion].contribution
    }

    fn raw(&self, criterion: usize) -> Option<f64> {
        self.criteria[criterion].raw
    }

    fn rules(&self, criterion: usize) -> &'a [String] {
        &self.criteria[criterion].rules
    }

    fn terms(&self, criterion: usize) -> impl Iterator<Item = Option<f64>> {
        self.criteria[criterion].terms.iter().copied()
    }

    fn insufficient(&self) -> &'a [String] {
        &self.insufficient
    }
}

pub(super) fn columns_of(thesis: &Thesis) -> Vec<CriterionColumns> {
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

    /// A label (id, name, category, quadrant), without the quote that kept it from reading as a
    /// formula.
    fn text(&mut self) -> Result<String> {
        let text = restore(self.cell()).to_string();
        check_text(&text, true).map_err(|message| self.error(message))?;
        Ok(text)
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
            DataProblem::InvalidValue(message),
        )
    }

    /// A number, with a decimal comma when the file is `;`-delimited (`--csv-dialect excel-eu`).
    fn number(&mut self) -> Result<Option<f64>> {
        let decimal_comma = self.table.decimal_comma;
        match Value::parse(self.cell(), FieldType::Number, decimal_comma) {
            Ok(Value::Number(value)) => Ok(Some(value)),
            Ok(_) => Ok(None),
            Err(message) => Err(self.error(message)),
        }
    }

    fn rank(&mut self) -> Result<usize> {
        let text = self.cell().to_string();
        text.trim()
            .parse()
            .map_err(|_| self.error(format!("expected a rank (1, 2, …), found \"{text}\"")))
    }
}
