//! `scores.xlsx`: every sheet of a run as a real Excel table (header, banded rows, autofilter), with
//! the header row and the name columns frozen, number formats per column and a colour scale on the
//! scores. Text is always written as a string, so nothing a user typed can become a formula.

use super::Exporter;
use super::sheet::{Cell, Sheet, Style};
use crate::thesis::Thesis;
use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, DocProperties, ExcelDateTime, Format, Table, TableColumn,
    Workbook, Worksheet, XlsxError,
};
use std::io::Write;

/// Columns are fitted to their contents, up to about this many characters.
const MAX_COLUMN_WIDTH: u32 = 60;

/// The data rows an Excel sheet holds below its header.
pub const MAX_SHEET_ROWS: usize = 1_048_575;

/// `scores.xlsx`.
pub struct XlsxFile<'a> {
    /// The workbook's title property.
    pub title: String,
    /// In tab order; the first is the one that opens.
    pub sheets: Vec<&'a Sheet>,
}

impl<'a> XlsxFile<'a> {
    /// The workbook of a run of `thesis`, titled after it.
    pub fn for_thesis(thesis: &Thesis, sheets: Vec<&'a Sheet>) -> XlsxFile<'a> {
        XlsxFile {
            title: format!("{}: scores", thesis.name),
            sheets,
        }
    }
}

impl Exporter for XlsxFile<'_> {
    fn file_name(&self) -> String {
        "scores.xlsx".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if let Some(sheet) = self.sheets.iter().find(|s| s.rows.len() > MAX_SHEET_ROWS) {
            return Err(std::io::Error::other(format!(
                "the {} sheet would have {} rows and Excel holds at most {MAX_SHEET_ROWS}; \
                 write CSV instead (--format csv)",
                sheet.title,
                sheet.rows.len()
            )));
        }
        let bytes = self.workbook().map_err(std::io::Error::other)?;
        out.write_all(&bytes)
    }
}

impl XlsxFile<'_> {
    fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let mut workbook = Workbook::new();
        // A fixed creation time: the same inputs give the same bytes.
        let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
        let properties = DocProperties::new()
            .set_title(&self.title)
            .set_creation_datetime(&created);
        workbook.set_properties(&properties);
        // Each sheet is streamed to a temporary file row by row rather than held as cells: a
        // workbook of 100,000 companies peaked at 3.2 GB when rust_xlsxwriter kept every cell.
        for sheet in &self.sheets {
            let worksheet = workbook.add_worksheet_with_constant_memory()?;
            write_sheet(worksheet, sheet)?;
        }
        workbook.save_to_buffer()
    }
}

fn number_format(style: Style) -> Option<&'static str> {
    match style {
        Style::Text => None,
        Style::Integer => Some("0"),
        Style::Score | Style::Decimal => Some("0.000"),
        Style::Share => Some("0.0%"),
        Style::PValue => Some("0.0000"),
    }
}

/// Writes a sheet in the order a streamed ("constant memory") worksheet needs: column widths and
/// the table (whose header is row 0) first, then the rows in order, then what is laid over them.
fn write_sheet(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.title)?;
    let formats: Vec<Option<Format>> = sheet
        .columns
        .iter()
        .map(|column| number_format(column.style).map(|code| Format::new().set_num_format(code)))
        .collect();
    for (column, width) in (0u16..).zip(column_widths(sheet)) {
        worksheet.set_column_width(column, width)?;
    }
    let last_column = (sheet.columns.len() - 1) as u16;
    let columns: Vec<TableColumn> = sheet
        .headers()
        .map(|header| TableColumn::new().set_header(header))
        .collect();
    // A table needs a data row, even an empty one.
    let last_row = sheet.rows.len().max(1) as u32;
    worksheet.add_table(
        0,
        0,
        last_row,
        last_column,
        &Table::new().set_columns(&columns),
    )?;
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for ((column, cell), format) in (0u16..).zip(cells).zip(&formats) {
            write_cell(worksheet, row, column, cell, format.as_ref())?;
        }
    }
    for (column, header) in (0u16..).zip(&sheet.columns) {
        if header.style == Style::Score && !sheet.rows.is_empty() {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum_color("F8696B")
                .set_midpoint_color("FFEB84")
                .set_maximum_color("63BE7B");
            worksheet.add_conditional_format(1, column, last_row, column, &scale)?;
        }
    }
    let name_columns = sheet
        .headers()
        .position(|header| header == "name")
        .map_or(0, |index| index as u16 + 1);
    worksheet.set_freeze_panes(1, name_columns)?;
    Ok(())
}

/// Each column's width in characters: its longest header or cell as shown (a number in its
/// column's format), plus room for the filter button, at most [`MAX_COLUMN_WIDTH`]. Worked out from
/// the cells, since a streamed sheet cannot be fitted after it is written.
fn column_widths(sheet: &Sheet) -> Vec<f64> {
    let shown = |cell: &Cell, style: Style| -> usize {
        match cell {
            Cell::Empty => 0,
            Cell::Text(text) => text.chars().count(),
            Cell::List(items) => items.iter().map(|item| item.chars().count() + 1).sum(),
            Cell::Integer(value) => value.to_string().len(),
            Cell::Number(value) => match style {
                Style::Share => format!("{:.1}%", value * 100.0).len(),
                Style::PValue => format!("{value:.4}").len(),
                _ => format!("{value:.3}").len(),
            },
            Cell::Bool(_) => 5,
        }
    };
    (sheet.columns.iter().enumerate())
        .map(|(index, column)| {
            let header = column.header.chars().count() + 3;
            let widest = (sheet.rows.iter())
                .filter_map(|row| row.get(index))
                .map(|cell| shown(cell, column.style) + 1)
                .fold(header, usize::max);
            widest.min(MAX_COLUMN_WIDTH as usize) as f64
        })
        .collect()
}

/// The most characters an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// A text as a cell can hold it: whole when it fits, else cut with a note of what was cut, so that
/// a long note in an input does not stop the run (the CSV files keep the whole text).
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS || text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let total = text.chars().count();
    let note = format!(" … [cut: {total} characters, and a cell holds {MAX_CELL_CHARS}]");
    let kept: String = text
        .chars()
        .take(MAX_CELL_CHARS - note.chars().count())
        .collect();
    std::borrow::Cow::Owned(kept + &note)
}

fn write_cell(
    worksheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &Cell,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let number = |worksheet: &mut Worksheet, value: f64| match format {
        Some(format) => worksheet
            .write_number_with_format(row, column, value, format)
            .map(drop),
        None => worksheet.write_number(row, column, value).map(drop),
    };
    match cell {
        Cell::Empty => Ok(()),
        Cell::Text(text) => worksheet.write_string(row, column, fit(text)).map(drop),
        Cell::List(items) => worksheet
            .write_string(row, column, fit(&items.join(";")))
            .map(drop),
        Cell::Integer(value) => number(worksheet, *value as f64),
        Cell::Number(value) => number(worksheet, *value),
        Cell::Bool(value) => worksheet.write_boolean(row, column, *value).map(drop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::Column;

    #[test]
    fn a_table_longer_than_a_sheet_is_refused_with_the_way_out() {
        let sheet = Sheet {
            name: "scores",
            title: "Scores",
            columns: vec![Column::new("rank", Style::Integer)],
            rows: vec![vec![Cell::Integer(1)]; MAX_SHEET_ROWS + 1],
        };
        let file = XlsxFile {
            title: "t".to_string(),
            sheets: vec![&sheet],
        };
        let error = file.write(&mut Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the Scores sheet would have 1048576 rows and Excel holds at most 1048575; \
             write CSV instead (--format csv)"
        );
    }

    #[test]
    fn a_text_longer_than_a_cell_is_cut_with_a_note() {
        assert_eq!(fit("short"), "short");
        let exact = "é".repeat(MAX_CELL_CHARS);
        assert_eq!(fit(&exact), exact.as_str());
        let long = fit(&"x".repeat(40_000)).into_owned();
        assert_eq!(long.chars().count(), MAX_CELL_CHARS);
        assert!(long.ends_with(" … [cut: 40000 characters, and a cell holds 32767]"));
    }
}
