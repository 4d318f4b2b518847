//! `scores.csv` of a run, written straight from the scoreboard: each row's cells are borrowed from
//! the dataset, the thesis and a few lists built once, so a million rows are formatted without
//! building a table or a string per cell. Rows are looked up a batch at a time before they are
//! formatted, since in rank order they are scattered over memory.

use super::round_as_printed;
use super::sheet::{CellRef, Column, SheetRows, Tabular};
use super::table::{RowParts, ScoreTable, columns_of, row_cells};
use crate::model::Dataset;
use crate::scoring::{CriterionScore, Ranked, RuleOutcome, Scoreboard, fired};
use crate::thesis::{Method, Thesis};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::ops::Range;

pub struct ScoreView<'a> {
    data: &'a Dataset,
    scores: &'a Scoreboard,
    columns: Vec<Column>,
    /// For each criterion, the ids of the rules that fired, by the outcomes they fired from: a
    /// universe repeats a few dozen patterns of outcomes a million times.
    fired: Vec<FxHashMap<Box<[RuleOutcome]>, Vec<String>>>,
    /// The ids of the criteria without evidence, by the indices of those criteria.
    insufficient: FxHashMap<Vec<usize>, Vec<String>>,
}

impl<'a> ScoreView<'a> {
    pub fn new(thesis: &'a Thesis, data: &'a Dataset, scores: &'a Scoreboard) -> ScoreView<'a> {
        let evaluations = &scores.evaluations;
        // The ranked companies are those in scope, read here in file order rather than rank order.
        let in_scope = || {
            (0..evaluations.len())
                .into_par_iter()
                .filter(|&company| evaluations.in_scope(company))
        };
        let fired = thesis
            .criteria
            .iter()
            .enumerate()
            .map(|(j, criterion)| {
                let Method::Rules { rules, .. } = &criterion.method else {
                    return FxHashMap::default();
                };
                let patterns: FxHashSet<&[RuleOutcome]> = (in_scope())
                    .fold(FxHashSet::default, |mut patterns, company| {
                        patterns.insert(evaluations.outcomes(company, j));
                        patterns
                    })
                    .reduce(FxHashSet::default, |mut all, part| {
                        all.extend(part);
                        all
                    });
                let ids = |outcomes: &[RuleOutcome]| {
                    (fired(outcomes).map(|index| rules[index].id.clone())).collect()
                };
                patterns
                    .into_iter()
                    .map(|outcomes| (Box::from(outcomes), ids(outcomes)))
                    .collect()
            })
            .collect();
        let insufficient = (in_scope())
            .filter(|&company| evaluations.lacks_evidence(company))
            .map(|company| evaluations.insufficient(company))
            .collect::<FxHashSet<_>>()
            .into_iter()
            .map(|lacking| {
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

    fn with_rows<'t>(&'t self, rows: Range<usize>, visit: &mut dyn FnMut(&[CellRef<'t>])) {
        let mut cells = Vec::with_capacity(self.columns.len());
        for ranking in self.scores.ranking[rows].chunks(RESOLVED_ROWS) {
            let chunk = Chunk::resolve(self, ranking);
            for row in 0..chunk.rows.len() {
                cells.clear();
                row_cells(&ViewRow { chunk: &chunk, row }, &mut cells);
                visit(&cells);
            }
        }
    }
}

/// The `Scores` sheet of the workbook, made row by row from the view with its numbers rounded as
/// `scores.csv` prints them, so that the workbook holds the numbers of the CSV file (and charts
/// redrawn from either are the same) without a table of a million rows being built for it.
impl SheetRows for ScoreView<'_> {
    fn title(&self) -> &str {
        "Scores"
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.scores.ranking.len()
    }

    fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>])) {
        let mut printed = Vec::with_capacity(self.columns.len());
        self.with_rows(0..self.scores.ranking.len(), &mut |cells| {
            printed.clear();
            printed.extend(cells.iter().map(|&cell| match cell {
                CellRef::Number(value) => CellRef::Number(round_as_printed(value)),
                other => other,
            }));
            visit(&printed);
        });
    }
}

/// Rows looked up at a time: few enough that what they looked up is still in the cache when they
/// are formatted, after the text of the rows before them has been written. In rank order the
/// companies are scattered over the dataset; lookups made in a loop that does nothing else
/// overlap their cache misses.
pub(super) const RESOLVED_ROWS: usize = 128;

/// Rows of the ranking with everything `scores.csv` reads of them looked up. In rank order the
/// companies are scattered over the dataset and the evaluations, so each row's lookups miss the
/// cache; made one after another in a loop that does nothing else, they overlap, and the rows are
/// then formatted from memory that is at hand.
struct Chunk<'a> {
    view: &'a ScoreView<'a>,
    rows: Vec<Resolved<'a>>,
    /// Each row's criteria, `criteria` a row.
    scores: Vec<CriterionScore>,
    /// Each row's fired rule ids by criterion, `criteria` a row.
    rules: Vec<&'a [String]>,
    criteria: usize,
}

/// One row's texts, looked up.
struct Resolved<'a> {
    ranked: &'a Ranked,
    id: &'a str,
    name: &'a str,
    category: &'a str,
    total: Option<f64>,
    insufficient: &'a [String],
}

impl<'a> Chunk<'a> {
    fn resolve(view: &'a ScoreView<'a>, ranking: &'a [Ranked]) -> Chunk<'a> {
        let (data, scores) = (view.data, view.scores);
        let criteria = view.fired.len();
        let mut chunk = Chunk {
            view,
            rows: Vec::with_capacity(ranking.len()),
            scores: Vec::with_capacity(ranking.len() * criteria),
            rules: Vec::with_capacity(ranking.len() * criteria),
            criteria,
        };
        // What misses the cache first, in loops that do little else, so that the misses overlap:
        // where each id and name is, the category, the evaluations; then the ids and names.
        let mut loaded = 0u64;
        let texts: Vec<(&str, &str, &str)> = (ranking.iter())
            .map(|ranked| {
                let company = ranked.company();
                loaded ^= scores.evaluations.prefetch(company);
                (data.id(company), data.name(company), data.category(company))
            })
            .collect();
        for (id, name, _) in &texts {
            let first = |text: &str| text.bytes().next().map_or(0, u64::from);
            loaded ^= first(id) ^ first(name);
        }
        std::hint::black_box(loaded);
        let mut row_scores = Vec::with_capacity(criteria);
        for (ranked, (id, name, category)) in ranking.iter().zip(texts) {
            scores.criteria_into(ranked, &mut row_scores);
            let company = ranked.company();
            chunk.rows.push(Resolved {
                ranked,
                id,
                name,
                category,
                total: scores.total_from(ranked, &row_scores),
                insufficient: view.insufficient_ids(ranked),
            });
            chunk.scores.extend_from_slice(&row_scores);
            chunk
                .rules
                .extend((0..criteria).map(|j| view.fired_ids(company, j)));
        }
        chunk
    }
}

impl ScoreView<'_> {
    /// The ids of the rules of criterion `j` that fired for `company`.
    fn fired_ids(&self, company: usize, j: usize) -> &[String] {
        let outcomes = self.scores.evaluations.outcomes(company, j);
        self.fired[j].get(outcomes).map_or(&[], Vec::as_slice)
    }

    /// The ids of the criteria without evidence for the company.
    fn insufficient_ids(&self, ranked: &Ranked) -> &[String] {
        if !self.scores.lacks_evidence(ranked) {
            return &[];
        }
        (self.insufficient)
            .get(&self.scores.insufficient(ranked))
            .map_or(&[], Vec::as_slice)
    }
}

/// One row of a resolved chunk, as `scores.csv` lays it out.
struct ViewRow<'c, 'a> {
    chunk: &'c Chunk<'a>,
    row: usize,
}

impl ViewRow<'_, '_> {
    fn resolved(&self) -> &Resolved<'_> {
        &self.chunk.rows[self.row]
    }

    fn criterion(&self, j: usize) -> &CriterionScore {
        &self.chunk.scores[self.row * self.chunk.criteria + j]
    }
}

impl<'a> RowParts<'a> for ViewRow<'_, 'a> {
    fn rank(&self) -> usize {
        self.resolved().ranked.rank()
    }

    fn id(&self) -> &'a str {
        self.chunk.rows[self.row].id
    }

    fn name(&self) -> &'a str {
        self.chunk.rows[self.row].name
    }

    fn category(&self) -> &'a str {
        self.chunk.rows[self.row].category
    }

    fn total(&self) -> Option<f64> {
        self.resolved().total
    }

    fn quadrant(&self) -> Option<&'a str> {
        let view = self.chunk.view;
        view.scores.quadrant(self.chunk.rows[self.row].ranked)
    }

    fn criteria(&self) -> usize {
        self.chunk.criteria
    }

    fn score(&self, criterion: usize) -> Option<f64> {
        self.criterion(criterion).score
    }

    fn contribution(&self, criterion: usize) -> Option<f64> {
        self.criterion(criterion).contribution
    }

    fn raw(&self, criterion: usize) -> Option<f64> {
        self.criterion(criterion).raw
    }

    fn rules(&self, criterion: usize) -> &'a [String] {
        self.chunk.rules[self.row * self.chunk.criteria + criterion]
    }

    fn terms(&self, criterion: usize) -> impl Iterator<Item = Option<f64>> {
        let view = self.chunk.view;
        let company = self.resolved().ranked.company();
        (view.scores.evaluations).terms(company, criterion, view.data)
    }

    fn insufficient(&self) -> &'a [String] {
        self.chunk.rows[self.row].insufficient
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
