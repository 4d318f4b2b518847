//! The `sensitivity` table: per ranked company, its rank at the thesis weights, the 5th, 50th and
//! 95th percentile of its rank under sampled weights, and its shares of first place and of the top k.
//! Its rows are made as they are written, each borrowing the company's id and name from the
//! dataset, so a million rows are never held as cells.

use super::score_view::RESOLVED_ROWS;
use super::sheet::{CellRef, Column, SheetRows, Style, Tabular};
use crate::model::Dataset;
use crate::stats::Sensitivity;
use std::borrow::Cow;
use std::ops::Range;

pub struct SensitivityTable<'a> {
    data: &'a Dataset,
    sensitivity: &'a Sensitivity,
    columns: Vec<Column>,
}

impl<'a> SensitivityTable<'a> {
    pub fn new(data: &'a Dataset, sensitivity: &'a Sensitivity) -> SensitivityTable<'a> {
        let columns = vec![
            Column::new("rank", Style::Integer),
            Column::new("id", Style::Text),
            Column::new("name", Style::Text),
            Column::new("rank_p5", Style::Integer),
            Column::new("rank_p50", Style::Integer),
            Column::new("rank_p95", Style::Integer),
            Column::new("p_first", Style::Share),
            Column::new(format!("p_top_{}", sensitivity.options.top_k), Style::Share),
        ];
        SensitivityTable {
            data,
            sensitivity,
            columns,
        }
    }
}

impl Tabular for SensitivityTable<'_> {
    fn name(&self) -> &str {
        "sensitivity"
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.sensitivity.companies.len()
    }

    fn with_rows<'t>(&'t self, rows: Range<usize>, visit: &mut dyn FnMut(&[CellRef<'t>])) {
        let mut texts: Vec<(&str, &str)> = Vec::with_capacity(RESOLVED_ROWS);
        for chunk in self.sensitivity.companies[rows].chunks(RESOLVED_ROWS) {
            texts.clear();
            texts.extend(chunk.iter().map(|company| {
                let index = company.company;
                (self.data.id(index), self.data.name(index))
            }));
            for (company, &(id, name)) in chunk.iter().zip(&texts) {
                visit(&[
                    CellRef::Integer(company.rank as u64),
                    CellRef::Text(id),
                    CellRef::Text(name),
                    CellRef::Integer(company.p5 as u64),
                    CellRef::Integer(company.p50 as u64),
                    CellRef::Integer(company.p95 as u64),
                    CellRef::Number(company.first),
                    CellRef::Number(company.top_k),
                ]);
            }
        }
    }
}

impl SheetRows for SensitivityTable<'_> {
    fn title(&self) -> &str {
        "Rank stability"
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.sensitivity.companies.len()
    }

    fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>])) {
        self.with_rows(0..self.sensitivity.companies.len(), &mut |cells| {
            visit(cells);
        });
    }
}
