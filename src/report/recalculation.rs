//! The workbook that recalculates: a Weights sheet of input cells, one per lens with the thesis's
//! weight, and the Scores sheet's totals, contributions and ranks as formulas over the lens scores
//! and those cells, each with the value `scores.csv` holds cached, so every reader shows numbers
//! before it recalculates. The formulas are the tool's own, built from cell references alone: no
//! text from the inputs enters one. Ranks follow the engine: companies with evidence on every lens
//! first, then the total to nine decimals, then the id in byte order (a hidden Ranking sheet holds
//! each row's evidence class, total key and place among the ids, for `COUNTIFS`).

use super::sheet::{CellRef, Column};
use crate::model::Dataset;
use crate::scoring::Scoreboard;
use crate::thesis::{Aggregation, Thesis};
use rust_xlsxwriter::{
    Format, FormatBorder, Formula, Workbook, XlsxError, utility::column_number_to_name,
};

/// The most ranked companies whose workbook gets formulas: each rank counts over every row, so
/// recalculating takes time growing with the square of the rows (a second or two at this size).
pub const RECALCULATING_ROWS: usize = 10_000;

const WEIGHTS: &str = "Weights";
const RANKING: &str = "Ranking";

/// What the Scores sheet's formulas need.
pub struct Recalculation {
    /// Each lens's id, label and weight as the thesis gives it.
    lenses: Vec<(String, String, f64)>,
    /// Each row's place among the ranked ids in byte order, best-ranked row first.
    id_order: Vec<usize>,
}

/// Where the score table's columns are, found by header.
pub struct Layout {
    rank: u16,
    total: u16,
    /// The first lens score column; the lenses' scores follow in thesis order.
    scores: u16,
    /// The first contribution column.
    contributions: u16,
}

impl Recalculation {
    /// The formulas of a run's workbook: for a weighted sum of at most [`RECALCULATING_ROWS`]
    /// ranked companies; `None` otherwise (the workbook then holds values, as README says).
    pub fn for_scores(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> Option<Self> {
        let rows = scores.ranking.len();
        if thesis.aggregation != Aggregation::WeightedSum || rows > RECALCULATING_ROWS {
            return None;
        }
        let mut by_id: Vec<usize> = (0..rows).collect();
        by_id.sort_by(|&a, &b| {
            let id = |row: usize| data.id(scores.ranking[row].company());
            id(a).cmp(id(b))
        });
        let mut id_order = vec![0; rows];
        for (place, &row) in by_id.iter().enumerate() {
            id_order[row] = place;
        }
        Some(Recalculation {
            lenses: (thesis.criteria.iter())
                .map(|criterion| {
                    let (id, label) = (criterion.id.clone(), criterion.label.clone());
                    (id, label, criterion.weight)
                })
                .collect(),
            id_order,
        })
    }

    /// Where the columns the formulas read and fill are; `None` when the sheet is not the score
    /// table of this thesis.
    pub fn layout(&self, columns: &[Column]) -> Option<Layout> {
        let find = |header: &str| {
            (columns.iter().position(|column| column.header == header))
                .and_then(|index| u16::try_from(index).ok())
        };
        let (first, _, _) = self.lenses.first()?;
        Some(Layout {
            rank: find("rank")?,
            total: find("total")?,
            scores: find(&format!("{first}_score"))?,
            contributions: find(&format!("{first}_contribution"))?,
        })
    }

    /// The formula of a Scores cell (0-based data row, column), with `cell`'s value cached; `None`
    /// for a cell that holds a value.
    pub fn formula(
        &self,
        layout: &Layout,
        row: usize,
        column: u16,
        cell: CellRef,
    ) -> Option<Formula> {
        let lenses = u16::try_from(self.lenses.len()).ok()?;
        let line = row + 2;
        let span = |first: u16| {
            let last = first + lenses - 1;
            let (a, b) = (column_number_to_name(first), column_number_to_name(last));
            format!("${a}{line}:${b}{line}")
        };
        let weights = format!("{WEIGHTS}!$B$2:${}$2", column_number_to_name(lenses));
        let scores = span(layout.scores);
        let available = format!("SUMPRODUCT(--ISNUMBER({scores}),{weights})");
        let text = if column == layout.total {
            format!("=IF({available}>0,SUMPRODUCT({scores},{weights})/{available},\"\")")
        } else if column == layout.rank {
            let count = self.id_order.len() + 1;
            let range = |letter: &str| format!("{RANKING}!${letter}$2:${letter}${count}");
            let (class, key, order) = (range("A"), range("B"), range("C"));
            let own = |letter: &str| format!("{RANKING}!{letter}{line}");
            format!(
                "=1+COUNTIF({class},\"<\"&{a})+COUNTIFS({class},{a},{key},\">\"&{b})\
                 +COUNTIFS({class},{a},{key},{b},{order},\"<\"&{c})",
                a = own("A"),
                b = own("B"),
                c = own("C")
            )
        } else if (layout.contributions..layout.contributions + lenses).contains(&column) {
            let lens = column - layout.contributions;
            let score = format!("{}{line}", column_number_to_name(layout.scores + lens));
            let weight = format!("{WEIGHTS}!{}$2", column_number_to_name(lens + 1));
            format!("=IF(AND(ISNUMBER({score}),{available}>0),{score}*{weight}/{available},\"\")")
        } else {
            return None;
        };
        let cached = match cell {
            CellRef::Number(value) => value.to_string(),
            CellRef::Integer(value) => value.to_string(),
            _ => String::new(),
        };
        Some(Formula::new(text).set_result(cached))
    }

    /// The Weights sheet: a row of input cells, one per lens, with each weight's share.
    pub fn add_weights_sheet(&self, workbook: &mut Workbook) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold();
        let input = Format::new()
            .set_background_color("FFF2CC")
            .set_border(FormatBorder::Thin)
            .set_unlocked();
        let share = Format::new().set_num_format("0.0%");
        let sheet = workbook.add_worksheet();
        sheet.set_name(WEIGHTS)?;
        for (row, header) in (0u32..).zip(["lens", "weight (change it)", "share", "label"]) {
            sheet.write_string_with_format(row, 0, header, &bold)?;
        }
        sheet.set_column_width(0, 22)?;
        let count = u16::try_from(self.lenses.len()).unwrap_or(u16::MAX);
        let last = column_number_to_name(count);
        let total: f64 = self.lenses.iter().map(|(_, _, weight)| weight).sum();
        for (column, (id, label, weight)) in (1u16..).zip(&self.lenses) {
            let letter = column_number_to_name(column);
            sheet.set_column_width(column, 16)?;
            sheet.write_string_with_format(0, column, id, &bold)?;
            sheet.write_number_with_format(1, column, *weight, &input)?;
            let formula = Formula::new(format!("={letter}2/SUM($B$2:${last}$2)"))
                .set_result((weight / total).to_string());
            sheet.write_formula_with_format(2, column, formula, &share)?;
            sheet.write_string(3, column, label)?;
        }
        sheet.write_string(
            5,
            0,
            "Change a weight in row 2: the Scores sheet's totals, contributions and ranks \
             recalculate, the weights rescaled to sum to one as thesis rescales them. Sort the \
             Scores sheet by rank to see the new order.",
        )?;
        Ok(())
    }

    /// The hidden Ranking sheet: each Scores row's evidence class and total key as formulas, and
    /// its place among the ids, which the rank formulas count over.
    pub fn add_ranking_sheet(
        &self,
        workbook: &mut Workbook,
        layout: &Layout,
    ) -> Result<(), XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(RANKING)?;
        sheet.set_hidden(true);
        for (column, header) in (0u16..).zip(["evidence class", "total key", "id order"]) {
            sheet.write_string(0, column, header)?;
        }
        let lenses = self.lenses.len();
        let count = u16::try_from(lenses).unwrap_or(u16::MAX);
        let total = column_number_to_name(layout.total);
        let (first, last) = (
            column_number_to_name(layout.scores),
            column_number_to_name(layout.scores + count - 1),
        );
        for (row, &order) in self.id_order.iter().enumerate() {
            let line = row + 2;
            let sheet_row = u32::try_from(row + 1).unwrap_or(u32::MAX);
            let class = format!(
                "=IF(COUNT(Scores!{first}{line}:{last}{line})={lenses},0,\
                 IF(Scores!{total}{line}=\"\",2,1))"
            );
            let key = format!("=IF(Scores!{total}{line}=\"\",0,ROUND(Scores!{total}{line}*1E9,0))");
            sheet.write_formula(sheet_row, 0, Formula::new(class))?;
            sheet.write_formula(sheet_row, 1, Formula::new(key))?;
            sheet.write_number(sheet_row, 2, order as f64)?;
        }
        Ok(())
    }
}
