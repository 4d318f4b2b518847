//! The ranked companies as the charts read them, best first: from a score table held whole (read
//! back from `scores.csv`), or looked up from a scoreboard row by row as the charts read them, so a
//! million companies are charted without a row of strings being built and held for each.

use super::round_as_printed;
use super::table::{ScoreRow, ScoreTable};
use crate::model::Dataset;
use crate::scoring::{CriterionScore, Scoreboard};
use crate::thesis::Thesis;
use std::ops::Range;

/// The rows the charts draw, best first, with numbers rounded as `scores.csv` prints them: charts
/// drawn after a run and charts redrawn from its `scores.csv` are the same.
pub trait ChartRows: Sync {
    fn row_count(&self) -> usize;
    /// Hands each row of `rows` to `visit`, in order.
    fn each_row(&self, rows: Range<usize>, visit: &mut dyn FnMut(&ChartRow<'_>));
}

/// One ranked company as the charts read it; its text is looked up only when asked for.
pub struct ChartRow<'r> {
    pub rank: usize,
    pub total: Option<f64>,
    pub quadrant: Option<&'r str>,
    /// Whether some criterion has no evidence.
    pub incomplete: bool,
    /// Per criterion, in thesis order.
    pub scores: &'r [Option<f64>],
    pub contributions: &'r [Option<f64>],
    source: RowSource<'r>,
}

/// Where a row's text and formula terms are read from when asked for.
enum RowSource<'r> {
    Table(&'r ScoreRow),
    Scoreboard {
        data: &'r Dataset,
        scores: &'r Scoreboard,
        company: usize,
    },
}

impl<'r> ChartRow<'r> {
    pub fn id(&self) -> &'r str {
        match self.source {
            RowSource::Table(row) => &row.id,
            RowSource::Scoreboard { data, company, .. } => data.id(company),
        }
    }

    pub fn name(&self) -> &'r str {
        match self.source {
            RowSource::Table(row) => &row.name,
            RowSource::Scoreboard { data, company, .. } => data.name(company),
        }
    }

    pub fn category(&self) -> &'r str {
        match self.source {
            RowSource::Table(row) => &row.category,
            RowSource::Scoreboard { data, company, .. } => data.category(company),
        }
    }

    /// Appends the criterion's normalized formula terms (none for rules) to `terms`.
    pub fn terms_into(&self, criterion: usize, terms: &mut Vec<Option<f64>>) {
        match self.source {
            RowSource::Table(row) => terms.extend_from_slice(&row.criteria[criterion].terms),
            RowSource::Scoreboard {
                data,
                scores,
                company,
            } => {
                let read = scores.evaluations.terms(company, criterion, data);
                terms.extend(read.map(|value| value.map(round_as_printed)));
            }
        }
    }
}

/// Reusable buffers for one row's numbers.
#[derive(Default)]
struct RowNumbers {
    scores: Vec<Option<f64>>,
    contributions: Vec<Option<f64>>,
}

impl RowNumbers {
    fn clear(&mut self) {
        self.scores.clear();
        self.contributions.clear();
    }
}

impl ChartRows for ScoreTable {
    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn each_row(&self, rows: Range<usize>, visit: &mut dyn FnMut(&ChartRow<'_>)) {
        let mut numbers = RowNumbers::default();
        for row in &self.rows[rows] {
            numbers.clear();
            for cells in &row.criteria {
                numbers.scores.push(cells.score);
                numbers.contributions.push(cells.contribution);
            }
            visit(&ChartRow {
                rank: row.rank,
                total: row.total,
                quadrant: row.quadrant.as_deref(),
                incomplete: !row.insufficient.is_empty(),
                scores: &numbers.scores,
                contributions: &numbers.contributions,
                source: RowSource::Table(row),
            });
        }
    }
}

/// A scoring run's rows, looked up from its scoreboard and dataset as they are read.
pub struct ScoreboardRows<'a> {
    data: &'a Dataset,
    scores: &'a Scoreboard,
    /// How many criteria there are, for the buffer of each row's scores.
    criteria: usize,
}

impl<'a> ScoreboardRows<'a> {
    pub fn new(thesis: &Thesis, data: &'a Dataset, scores: &'a Scoreboard) -> ScoreboardRows<'a> {
        ScoreboardRows {
            data,
            scores,
            criteria: thesis.criteria.len(),
        }
    }
}

impl ChartRows for ScoreboardRows<'_> {
    fn row_count(&self) -> usize {
        self.scores.ranking.len()
    }

    fn each_row(&self, rows: Range<usize>, visit: &mut dyn FnMut(&ChartRow<'_>)) {
        let printed = |value: Option<f64>| value.map(round_as_printed);
        let mut numbers = RowNumbers::default();
        let mut criteria: Vec<CriterionScore> = Vec::with_capacity(self.criteria);
        for ranked in &self.scores.ranking[rows] {
            let company = ranked.company();
            self.scores.criteria_into(ranked, &mut criteria);
            numbers.clear();
            for score in &criteria {
                numbers.scores.push(printed(score.score));
                numbers.contributions.push(printed(score.contribution));
            }
            visit(&ChartRow {
                rank: ranked.rank(),
                total: printed(self.scores.total_from(ranked, &criteria)),
                quadrant: self.scores.quadrant(ranked),
                incomplete: self.scores.lacks_evidence(ranked),
                scores: &numbers.scores,
                contributions: &numbers.contributions,
                source: RowSource::Scoreboard {
                    data: self.data,
                    scores: self.scores,
                    company,
                },
            });
        }
    }
}
