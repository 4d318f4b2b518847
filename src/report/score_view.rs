//! `scores.csv` of a run, written straight from the scoreboard: each row's cells are borrowed from
//! the dataset, the thesis and a few lists built once, so a million rows are formatted without
//! building a table or a string per cell.

use super::sheet::{CellRef, Column, Tabular};
use super::table::{RowParts, ScoreTable, columns_of, row_cells};
use crate::io::Dataset;
use crate::scoring::{CriterionScore, Outcome, Ranked, Scoreboard, fired};
use crate::thesis::{Method, Thesis};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

pub struct ScoreView<'a> {
    data: &'a Dataset,
    scores: &'a Scoreboard,
    columns: Vec<Column>,
    /// For each criterion, the ids of the rules that fired, by the outcomes they fired from, sorted by
    /// the outcomes: a universe repeats a few dozen patterns of outcomes a million times.
    fired: Vec<Vec<FiredIds>>,
    /// The ids of the criteria without evidence, by the indices of those criteria.
    insufficient: HashMap<Vec<usize>, Vec<String>>,
}

/// A pattern of one criterion's outcomes and the ids of the rules that fired in it.
type FiredIds = (Box<[Outcome]>, Vec<String>);

impl<'a> ScoreView<'a> {
    pub fn new(thesis: &'a Thesis, data: &'a Dataset, scores: &'a Scoreboard) -> ScoreView<'a> {
        let evaluations = &scores.evaluations;
        let fired = thesis
            .criteria
            .iter()
            .enumerate()
            .map(|(j, criterion)| {
                let Method::Rules { rules, .. } = &criterion.method else {
                    return Vec::new();
                };
                let patterns: BTreeSet<&[Outcome]> = (scores.ranking.par_iter())
                    .fold(BTreeSet::new, |mut patterns, ranked| {
                        patterns.insert(evaluations.outcomes(ranked.company(), j));
                        patterns
                    })
                    .reduce(BTreeSet::new, |mut all, part| {
                        all.extend(part);
                        all
                    });
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
            .filter(|ranked| scores.lacks_evidence(ranked))
            .map(|ranked| {
                let lacking = scores.insufficient(ranked);
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
        let ranked = &self.scores.ranking[index];
        let row = ViewRow {
            view: self,
            ranked,
            criteria: self.scores.criteria(ranked),
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
    criteria: Vec<CriterionScore>,
}

impl<'a> RowParts<'a> for ViewRow<'a> {
    fn rank(&self) -> usize {
        self.ranked.rank()
    }

    fn id(&self) -> &'a str {
        self.view.data.id(self.ranked.company())
    }

    fn name(&self) -> &'a str {
        self.view.data.name(self.ranked.company())
    }

    fn category(&self) -> &'a str {
        self.view.data.category(self.ranked.company())
    }

    fn total(&self) -> Option<f64> {
        self.ranked.total()
    }

    fn quadrant(&self) -> Option<&'a str> {
        self.view.scores.quadrant(self.ranked)
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
        let outcomes = (self.view.scores.evaluations).outcomes(self.ranked.company(), criterion);
        let patterns = &self.view.fired[criterion];
        patterns
            .binary_search_by(|(pattern, _)| (**pattern).cmp(outcomes))
            .map_or(&[], |found| &patterns[found].1)
    }

    fn terms(&self, criterion: usize) -> impl Iterator<Item = Option<f64>> {
        let evaluations = &self.view.scores.evaluations;
        evaluations.terms(self.ranked.company(), criterion, self.view.data)
    }

    fn insufficient(&self) -> &'a [String] {
        let scores = self.view.scores;
        if !scores.lacks_evidence(self.ranked) {
            return &[];
        }
        self.view
            .insufficient
            .get(&scores.insufficient(self.ranked))
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
