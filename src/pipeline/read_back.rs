//! Reading back a scores table (CSV, workbook or Parquet; written by `thesis` or by the SQL that
//! `thesis sql` emits, run in a warehouse) into the companies and the scoreboard it was written
//! from, checked against the thesis: so the report, the statistics and the charts start from a
//! result scored elsewhere.

use super::load::{Loaded, input_files};
use crate::error::{DataProblem, Result};
use crate::io::{RawTable, Source};
use crate::model::{Dataset, Outcomes, TableLabel};
use crate::report::{ScoreRow, ScoreTable};
use crate::scoring::{ReadCompany, Scoreboard};
use crate::thesis::{Aggregation, Method, Thesis};
use rustc_hash::FxHashMap;

/// A scores table read back: the companies it ranks (names only) with their outcomes, and its
/// scoreboard; company `i` is the table's rank `i + 1`.
#[derive(Debug)]
pub struct ReadBack {
    pub loaded: Loaded,
    pub scores: Scoreboard,
    /// The table as read, its rows in rank order.
    pub table: ScoreTable,
    /// Outcome rows left out because they name a company the table does not rank (one outside
    /// the thesis's scope, for instance).
    pub unranked_outcomes: usize,
}

/// How far a total may sit from the one its lens scores give under the thesis's weights: a table
/// prints totals and scores to six decimals, so a weighted sum may drift by a millionth; TOPSIS
/// works from raw values printed the same way, through square roots.
fn tolerance(aggregation: Aggregation) -> f64 {
    match aggregation {
        Aggregation::WeightedSum => 2e-6,
        Aggregation::Topsis => 1e-4,
    }
}

/// Reads `scores` as a table written for `thesis` and rebuilds its scoreboard, with `outcomes`
/// bound to its companies when given. Refused, naming the row and column: ranks that do not run
/// from 1 in order of the totals, a repeated id, a fired rule the lens does not have, a score
/// without its raw value, and a total that does not follow from the scores under the thesis's
/// weights (a table written for another thesis).
pub fn read_back(
    scores: &Source,
    thesis: &Source,
    outcome_source: Option<&Source>,
) -> Result<ReadBack> {
    let compiled = Thesis::load(thesis)?;
    let raw = RawTable::parse(scores)?;
    let mut table = ScoreTable::read(&raw, &compiled)?;
    if table.rows.is_empty() {
        let problem = DataProblem::Empty("the file has no ranked companies".to_string());
        return Err(raw.label.error(None, None, problem));
    }
    let mut lines: Vec<u64> = raw.rows.iter().map(|row| row.line).collect();
    sort_by_rank(&mut table.rows, &mut lines);
    check_ranks(&raw.label, &table.rows, &lines)?;
    let rows: Vec<(&ScoreRow, u64)> = table.rows.iter().zip(lines.iter().copied()).collect();
    let names = (rows.iter()).map(|&(row, line)| {
        let (id, name, category) = (&row.id, &row.name, &row.category);
        (id.as_str(), name.as_str(), category.as_str(), line)
    });
    let Some(data) = Dataset::of_names(&raw.label, names) else {
        let problem = DataProblem::TooLarge("the ids and names pass 4 GiB".to_string());
        return Err(raw.label.error(None, None, problem));
    };
    let companies = (rows.iter())
        .map(|&(row, line)| read_company(&compiled, &raw.label, row, line))
        .collect::<Result<Vec<_>>>()?;
    let board = Scoreboard::read_back(&compiled, &data, companies);
    check_totals(&compiled, &raw.label, &board, &rows)?;
    let (bound_outcomes, unranked_outcomes) = match outcome_source {
        Some(source) => {
            let (bound, left_out) = bind_ranked(&RawTable::parse(source)?, &data)?;
            (Some(bound), left_out)
        }
        None => (None, 0),
    };
    let sources: Vec<&Source> = [Some(scores), Some(thesis), outcome_source]
        .into_iter()
        .flatten()
        .collect();
    let loaded = Loaded::read_back(compiled, data, bound_outcomes, input_files(&sources));
    Ok(ReadBack {
        loaded,
        scores: board,
        table,
        unranked_outcomes,
    })
}

/// The rows by rank (by line where ranks repeat), their lines alongside.
fn sort_by_rank(rows: &mut Vec<ScoreRow>, lines: &mut Vec<u64>) {
    let mut paired: Vec<(ScoreRow, u64)> = rows.drain(..).zip(lines.drain(..)).collect();
    paired.sort_by_key(|(row, line)| (row.rank, *line));
    (*rows, *lines) = paired.into_iter().unzip();
}

/// Ranks must run 1, 2, 3… with every id once.
fn check_ranks(label: &TableLabel, rows: &[ScoreRow], lines: &[u64]) -> Result<()> {
    let mut seen: FxHashMap<&str, u64> = FxHashMap::default();
    for (position, (row, &line)) in rows.iter().zip(lines).enumerate() {
        if row.rank != position + 1 {
            let message = format!(
                "expected the rank {} here, in a table ranked 1 to {}, found {}",
                position + 1,
                rows.len(),
                row.rank
            );
            let problem = DataProblem::InvalidValue(message);
            return Err(label.error(Some(line), Some("rank"), problem));
        }
        if let Some(earlier) = seen.insert(&row.id, line) {
            let message = format!(
                "the id \"{}\" is already used on {} {earlier}",
                row.id,
                label.line_word()
            );
            let problem = DataProblem::Conflict(message);
            return Err(label.error(Some(line), Some("id"), problem));
        }
    }
    Ok(())
}

/// One row's raw values, scores and fired rules, the rules found by id in their lens.
fn read_company(
    thesis: &Thesis,
    label: &TableLabel,
    row: &ScoreRow,
    line: u64,
) -> Result<ReadCompany> {
    let mut company = ReadCompany {
        raw: Vec::with_capacity(row.criteria.len()),
        scores: Vec::with_capacity(row.criteria.len()),
        fired: Vec::with_capacity(row.criteria.len()),
        total: row.total,
    };
    for (criterion, cells) in thesis.criteria.iter().zip(&row.criteria) {
        if cells.score.is_some() != cells.raw.is_some() {
            let column = format!("{}_score", criterion.id);
            let message = match cells.score {
                Some(_) => "a score without a raw value beside it".to_string(),
                None => "no score beside a raw value".to_string(),
            };
            let problem = DataProblem::InvalidValue(message);
            return Err(label.error(Some(line), Some(&column), problem));
        }
        let rules = match &criterion.method {
            Method::Rules { rules, .. } => rules.as_slice(),
            Method::Formula { .. } => &[],
        };
        let fired = (cells.rules.iter())
            .map(|id| {
                rules.iter().position(|rule| rule.id == *id).ok_or_else(|| {
                    let column = format!("{}_rules", criterion.id);
                    let message = format!("the lens `{}` has no rule `{id}`", criterion.id);
                    let problem = DataProblem::UnknownReference(message);
                    label.error(Some(line), Some(&column), problem)
                })
            })
            .collect::<Result<Vec<usize>>>()?;
        company.raw.push(cells.raw);
        company.scores.push(cells.score);
        company.fired.push(fired);
    }
    Ok(company)
}

/// Each total against the one the row's scores give under the thesis's weights, and each row
/// against the one ranked above it: the evidence class first, then the higher total.
fn check_totals(
    thesis: &Thesis,
    label: &TableLabel,
    board: &Scoreboard,
    rows: &[(&ScoreRow, u64)],
) -> Result<()> {
    let tolerance = tolerance(thesis.aggregation);
    let mut above: Option<(u8, f64)> = None;
    for (entry, &(row, line)) in board.ranking.iter().zip(rows) {
        let fail = |message: String| {
            let problem = DataProblem::Conflict(message);
            Err(label.error(Some(line), Some("total"), problem))
        };
        let worked_out = board.total_from_scores(entry.company());
        match (row.total, worked_out) {
            (Some(read), Some(expected)) if (read - expected).abs() > tolerance => {
                return fail(format!(
                    "the total {read} does not follow from the lens scores under the thesis's \
                     weights, which give {expected:.6}: the table was written for another thesis \
                     or other weights"
                ));
            }
            (Some(read), None) => {
                return fail(format!(
                    "the total {read} stands where no lens has evidence: the table was not \
                     written for this thesis"
                ));
            }
            (None, Some(expected)) => {
                return fail(format!(
                    "the total is empty where the lens scores give {expected:.6}: the table was \
                     not written for this thesis"
                ));
            }
            _ => {}
        }
        let class = u8::from(board.lacks_evidence(entry)) + u8::from(row.total.is_none());
        let total = row.total.unwrap_or(f64::NEG_INFINITY);
        if let Some((above_class, above_total)) = above {
            if class < above_class {
                return fail(
                    "the row has evidence on more lenses than the row ranked above it: the rows \
                     are not in rank order"
                        .to_string(),
                );
            }
            if class == above_class && total > above_total + tolerance {
                return fail(format!(
                    "the total {total} is higher than the total {above_total} ranked above it: \
                     the rows are not in rank order"
                ));
            }
        }
        above = Some((class, total));
    }
    Ok(())
}

/// The outcomes of the companies the table ranks, and how many rows were left out because they
/// name a company it does not rank.
fn bind_ranked(table: &RawTable, data: &Dataset) -> Result<(Outcomes, usize)> {
    let ranked: rustc_hash::FxHashSet<&str> = (0..data.len()).map(|i| data.id(i)).collect();
    let id_column = table.column_index("id");
    let mut kept = table.clone();
    if let Some(column) = id_column {
        kept.rows
            .retain(|row| (row.cells.get(column)).is_none_or(|id| ranked.contains(id.trim())));
    }
    let left_out = table.rows.len() - kept.rows.len();
    Ok((Outcomes::bind(&kept, data)?, left_out))
}
