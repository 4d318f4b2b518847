//! `scores.csv` of a run, written straight from the scoreboard: each row's cells are borrowed from
//! the dataset, the thesis and a few lists built once, so a million rows are formatted without
//! building a table or a string per cell.

use super::sheet::{CellRef, Column, Tabular};
use super::table::{RowParts, ScoreTable, columns_of, row_cells};
use crate::io::Dataset;
use crate::scoring::{Outcome, Ranked, Scoreboard, fired};
use crate::thesis::{Method, Thesis};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub struct ScoreView<'a> {
    data: &'a Dataset,
    scores: &'a Scoreboard,
    columns: Vec<Column>,
    /// For each criterion, the ids of the rules that fired, by the outcomes they fired from: a
    /// universe repeats a few dozen patterns of outcomes a million times.
    fired: Vec<HashMap<Box<[Outcome]>, Vec<String>>>,
    /// The ids of the criteria without evidence, by the indices of those criteria.
    insufficient: HashMap<Vec<usize>, Vec<String>>,
}

impl<'a> ScoreView<'a> {
    pub fn new(thesis: &'a Thesis, data: &'a Dataset, scores: &'a Scoreboard) -> ScoreView<'a> {
        let evaluations = &scores.evaluations;
        let fired = thesis
            .criteria
            .iter()
            .enumerate()
            .map(|(j, criterion)| {
                let Method::Rules { rules, .. } = &criterion.method else {
                    return HashMap::new();
                };
                let patterns: HashSet<&[Outcome]> = (scores.ranking.par_iter())
                    .map(|ranked| evaluations.outcomes(ranked.company, j))
                    .collect();
                let ids = |outcomes: &[Outcome]| {
                    (fired(outcomes).map(|index| rules[index].id.clone())).collect()
                };
                patterns
                    .into_iter()
                    .map(|outcomes| (Box::from(outcomes), ids(outcomes)))
                    .collect()
            })
            .collect();
        let insufficient = (scores.ranking.iter())
            .filter(|ranked| ranked.lacks_evidence())
            .map(|ranked| {
                let lacking = ranked.insufficient();
                let ids = (lacking.iter())
                    .map(|&j| thesis.criteria[j].id.clone())
                    .collect();
                (lacking, ids)
            })
            .collect();
        let shape = ScoreTable {
            criteria: columns_of(thesis),
            rows: Vec::new(),
        };
        ScoreView {
            data,
            scores,
            columns: shape.columns(),
            fired,
            insufficient,
        }
    }
}

impl Tabular for ScoreView<'_> {
    fn name(&self) -> &str {
        "scores"
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.scores.ranking.len()
    }

    fn with_row(&self, index: usize, visit: &mut dyn FnMut(&[CellRef])) {
        let row = ViewRow {
            view: self,
            ranked: &self.scores.ranking[index],
        };
        let mut cells = Vec::with_capacity(self.columns.len());
        row_cells(&row, &mut cells);
        visit(&cells);
    }
}

/// One ranked company's row, read from the scoreboard where `scores.csv` asks for it.
struct ViewRow<'a> {
    view: &'a ScoreView<'a>,
    ranked: &'a Ranked,
}

impl<'a> RowParts<'a> for ViewRow<'a> {
    fn rank(&self) -> usize {
        self.ranked.rank
    }

    fn id(&self) -> &'a str {
        self.view.data.id(self.ranked.company)
    }

    fn name(&self) -> &'a str {
        self.view.data.name(self.ranked.company)
    }

    fn category(&self) -> &'a str {
        self.view.data.category(self.ranked.company)
    }

    fn total(&self) -> Option<f64> {
        self.ranked.total
    }

    fn quadrant(&self) -> Option<&'a str> {
        self.ranked.quadrant.as_deref()
    }

    fn criteria(&self) -> usize {
        self.ranked.criteria.len()
    }

    fn score(&self, criterion: usize) -> Option<f64> {
        self.ranked.criteria[criterion].score
    }

    fn contribution(&self, criterion: usize) -> Option<f64> {
        self.ranked.criteria[criterion].contribution
    }

    fn raw(&self, criterion: usize) -> Option<f64> {
        self.ranked.criteria[criterion].raw
    }

    fn rules(&self, criterion: usize) -> &'a [String] {
        let outcomes = (self.view.scores.evaluations).outcomes(self.ranked.company, criterion);
        self.view.fired[criterion]
            .get(outcomes)
            .map_or(&[], Vec::as_slice)
    }

    fn terms(&self, criterion: usize) -> impl Iterator<Item = Option<f64>> {
        (self.view.scores.evaluations).terms(self.ranked.company, criterion)
    }

    fn insufficient(&self) -> &'a [String] {
        if !self.ranked.lacks_evidence() {
            return &[];
        }
        self.view
            .insufficient
            .get(&self.ranked.insufficient())
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_inputs;
    use crate::pipeline::load;
    use crate::report::{CsvDialect, write_csv};

    #[test]
    fn the_row_by_row_view_writes_the_scores_sheet_byte_for_byte() {
        let loaded = load(&bundled_inputs()).unwrap();
        let (thesis, data) = (&loaded.thesis, &loaded.data);
        let scores = crate::scoring::score(thesis, data);
        let sheet = ScoreTable::new(thesis, data, &scores).sheet();
        for dialect in [CsvDialect::Plain, CsvDialect::Excel, CsvDialect::ExcelEu] {
            let (mut from_sheet, mut from_view) = (Vec::new(), Vec::new());
            write_csv(&sheet, dialect, true, &mut from_sheet).unwrap();
            let view = ScoreView::new(thesis, data, &scores);
            write_csv(&view, dialect, true, &mut from_view).unwrap();
            assert!(from_sheet.len() > 1000, "{dialect:?}");
            assert_eq!(from_view, from_sheet, "{dialect:?}");
        }
    }
}
