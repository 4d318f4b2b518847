//! The `explanations` sheet of `scores.xlsx`: one row per ranked company and rule (or formula term),
//! saying whether the rule fired, the values it read, its points (or the term's weight and score)
//! and why it is in the thesis, so a spreadsheet can filter or pivot what `thesis explain` prints
//! for one company. Companies are taken best first for as long as their rows fit in an Excel
//! sheet. The rows are made one company at a time as the workbook is written, never held: at
//! 100,000 companies they are 1.3 million.

use super::sheet::{Cell, CellRef, Column, SheetRows, Style};
use super::xlsx::MAX_SHEET_ROWS;
use crate::model::Dataset;
use crate::scoring::{Explanation, Item, Ranked, RuleOutcome, Scoreboard};
use crate::thesis::{Method, Thesis};
use std::borrow::Cow;

pub struct Explanations<'a> {
    thesis: &'a Thesis,
    data: &'a Dataset,
    scores: &'a Scoreboard,
    columns: Vec<Column>,
    /// The companies explained, best first: as many as fit in a sheet.
    companies: usize,
    rows_per_company: usize,
}

impl<'a> Explanations<'a> {
    pub fn new(thesis: &'a Thesis, data: &'a Dataset, scores: &'a Scoreboard) -> Explanations<'a> {
        let columns = vec![
            Column::new("rank", Style::Integer),
            Column::new("id", Style::Text),
            Column::new("name", Style::Text),
            Column::new("criterion", Style::Text),
            Column::new("rule_or_term", Style::Text),
            Column::new("fired", Style::Text),
            Column::new("points", Style::Decimal),
            Column::new("term_weight", Style::Decimal),
            Column::new("term_score", Style::Score),
            Column::new("values_read", Style::Text),
            Column::new("reason", Style::Text),
        ];
        let rows_per_company: usize = (thesis.criteria.iter())
            .map(|criterion| match &criterion.method {
                Method::Rules { rules, .. } => rules.len(),
                Method::Formula { terms, .. } => terms.len(),
            })
            .sum();
        let companies = (MAX_SHEET_ROWS / rows_per_company.max(1)).min(scores.ranking.len());
        Explanations {
            thesis,
            data,
            scores,
            columns,
            companies,
            rows_per_company,
        }
    }

    /// The rows of one ranked company, a rule or a term each, in the thesis's order.
    fn company_rows(&self, ranked: &Ranked) -> Vec<Vec<Cell>> {
        let (data, company) = (self.data, ranked.company());
        let explanation = Explanation::of(self.thesis, data, self.scores, company, None);
        let mut rows = Vec::with_capacity(self.rows_per_company);
        for lens in &explanation.lenses {
            for item in &lens.items {
                let mut row = vec![
                    Cell::Integer(ranked.rank() as u64),
                    Cell::text(data.id(company)),
                    Cell::text(data.name(company)),
                    Cell::text(&lens.criterion.id),
                ];
                row.extend(match item {
                    Item::Rule(explained) => {
                        let rule = explained.rule;
                        let (fired, reason) = match explained.outcome {
                            RuleOutcome::Fired => (Cell::Bool(true), rule.reason.clone()),
                            RuleOutcome::NotFired => (Cell::Bool(false), rule.reason.clone()),
                            RuleOutcome::Undecided => (
                                Cell::text("undecided"),
                                format!(
                                    "{} (undecided: {})",
                                    rule.reason,
                                    explained.undecided.as_deref().unwrap_or_default()
                                ),
                            ),
                        };
                        let reads = explained.reads.iter().map(ToString::to_string);
                        [
                            Cell::text(&rule.id),
                            fired,
                            Cell::Number(rule.points),
                            Cell::Empty,
                            Cell::Empty,
                            Cell::List(reads.collect()),
                            Cell::Text(reason),
                        ]
                    }
                    Item::Term(explained) => [
                        Cell::text(&explained.term.field),
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Number(explained.term.weight),
                        Cell::number(explained.score),
                        Cell::List(vec![explained.read.to_string()]),
                        Cell::Empty,
                    ],
                });
                rows.push(row);
            }
        }
        rows
    }
}

impl SheetRows for Explanations<'_> {
    fn title(&self) -> &str {
        "Explanations"
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.companies * self.rows_per_company
    }

    fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>])) {
        for ranked in &self.scores.ranking[..self.companies] {
            for row in self.company_rows(ranked) {
                let cells: Vec<CellRef> = row.iter().map(Cell::as_ref).collect();
                visit(&cells);
            }
        }
    }
}
