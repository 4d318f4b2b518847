//! `scores.xlsx`: every sheet of a run as a real Excel table (header, banded rows, autofilter), with
//! the header row and the name columns frozen, number formats per column and a colour scale on the
//! scores. Text is always written as a string, so nothing a user typed can become a formula.

use super::Exporter;
use super::recalculation::{Layout, Recalculation};
use super::sheet::{CellRef, SheetRows, Style};
use crate::thesis::Thesis;
use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, DocProperties, ExcelDateTime, Format, Table, TableColumn,
    Workbook, Worksheet, XlsxError,
};
use std::io::Write;

/// Columns are fitted to their contents, up to about this many characters.
const MAX_COLUMN_WIDTH: u32 = 60;

/// The most cells a sheet may span and still be written as an Excel table (banded rows, filter
/// buttons, structured references). `rust_xlsxwriter` keeps every cell of a table's range in a hash
/// map, about 64 bytes each (massif: 111 MB of the 118 MB peak of a workbook of 10,000 companies),
/// so a larger sheet gets a bold header row with filter buttons instead.
const MAX_TABLE_CELLS: usize = 1_000_000;

/// The data rows an Excel sheet holds below its header.
pub(super) const MAX_SHEET_ROWS: usize = 1_048_575;

/// `scores.xlsx`.
pub struct XlsxFile<'a> {
    /// The workbook's title property.
    pub title: String,
    /// In tab order; the first is the one that opens.
    pub sheets: Vec<&'a dyn SheetRows>,
    /// The formulas that make the first sheet (the score table) recalculate when a weight changes,
    /// with the Weights sheet after it; `None` writes values alone.
    pub recalculation: Option<&'a Recalculation>,
}

impl<'a> XlsxFile<'a> {
    /// The workbook of a run of `thesis`, titled after it.
    pub fn for_thesis(
        thesis: &Thesis,
        sheets: Vec<&'a dyn SheetRows>,
        recalculation: Option<&'a Recalculation>,
    ) -> XlsxFile<'a> {
        XlsxFile {
            title: format!("{}: scores", thesis.name),
            sheets,
            recalculation,
        }
    }
}

impl Exporter for XlsxFile<'_> {
    fn file_name(&self) -> String {
        "scores.xlsx".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if let Some(sheet) = self.sheets.iter().find(|s| s.row_count() > MAX_SHEET_ROWS) {
            return Err(std::io::Error::other(format!(
                "the {} sheet would have {} rows and Excel holds at most {MAX_SHEET_ROWS}; \
                 write CSV instead (--format csv)",
                sheet.title(),
                sheet.row_count()
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
        // Each sheet is streamed to a temporary file row by row, its rows made as they are
        // written: a workbook of 100,000 companies peaked at 3.2 GB when rust_xlsxwriter kept every
        // cell, and at 1.4 GB when the rows were made first.
        let mut layout = None;
        for (index, sheet) in self.sheets.iter().enumerate() {
            let recalculating = self.recalculation.filter(|_| index == 0);
            let formulas = recalculating.and_then(|recalculation| {
                let layout = recalculation.layout(&sheet.columns())?;
                Some((recalculation, layout))
            });
            let worksheet = workbook.add_worksheet_with_constant_memory()?;
            write_sheet(worksheet, *sheet, formulas.as_ref())?;
            if let Some((recalculation, found)) = formulas {
                recalculation.add_weights_sheet(&mut workbook)?;
                layout = Some((recalculation, found));
            }
        }
        if let Some((recalculation, layout)) = layout {
            recalculation.add_ranking_sheet(&mut workbook, &layout)?;
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
fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &dyn SheetRows,
    formulas: Option<&(&Recalculation, Layout)>,
) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.title())?;
    let columns = sheet.columns();
    let formats: Vec<Option<Format>> = (columns.iter())
        .map(|column| number_format(column.style).map(|code| Format::new().set_num_format(code)))
        .collect();
    for (column, width) in (0u16..).zip(column_widths(sheet)) {
        worksheet.set_column_width(column, width)?;
    }
    let last_column = (columns.len() - 1) as u16;
    // A table needs a data row, even an empty one.
    let last_row = sheet.row_count().max(1) as u32;
    if (last_row as usize + 1) * columns.len() <= MAX_TABLE_CELLS {
        let table_columns: Vec<TableColumn> = (columns.iter())
            .map(|column| TableColumn::new().set_header(&column.header))
            .collect();
        let table = Table::new().set_columns(&table_columns);
        worksheet.add_table(0, 0, last_row, last_column, &table)?;
    } else {
        let bold = Format::new().set_bold();
        for (column, header) in (0u16..).zip(columns.iter()) {
            worksheet.write_string_with_format(0, column, &header.header, &bold)?;
        }
        worksheet.autofilter(0, 0, last_row, last_column)?;
    }
    if formulas.is_some() {
        // A formula whose result is empty (a company without that evidence) caches an empty
        // text, as scores.csv leaves the cell empty, rather than the default 0.
        worksheet.set_formula_result_default("");
    }
    let mut row = 0u32;
    let mut written = Ok(());
    sheet.each_row(&mut |cells| {
        row += 1;
        for ((column, cell), format) in (0u16..).zip(cells).zip(&formats) {
            if written.is_err() {
                continue;
            }
            let formula = formulas.and_then(|(recalculation, layout)| {
                recalculation.formula(layout, row as usize - 1, column, *cell)
            });
            written = match (formula, format) {
                (Some(formula), Some(format)) => worksheet
                    .write_formula_with_format(row, column, formula, format)
                    .map(drop),
                (Some(formula), None) => worksheet.write_formula(row, column, formula).map(drop),
                (None, _) => write_cell(worksheet, row, column, *cell, format.as_ref()),
            };
        }
    });
    written?;
    for (column, header) in (0u16..).zip(columns.iter()) {
        if header.style == Style::Score && sheet.row_count() > 0 {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum_color("F8696B")
                .set_midpoint_color("FFEB84")
                .set_maximum_color("63BE7B");
            worksheet.add_conditional_format(1, column, last_row, column, &scale)?;
        }
    }
    let name_columns = (columns.iter())
        .position(|column| column.header == "name")
        .map_or(0, |index| index as u16 + 1);
    worksheet.set_freeze_panes(1, name_columns)?;
    Ok(())
}

/// Each column's width in characters: its longest header or cell as shown (a number in its
/// column's format), plus room for the filter button, at most [`MAX_COLUMN_WIDTH`]. Worked out from
/// the cells, in a pass of their own, since a streamed sheet cannot be fitted after it is written.
fn column_widths(sheet: &dyn SheetRows) -> Vec<f64> {
    let shown = |cell: CellRef, style: Style| -> usize {
        match cell {
            CellRef::Empty => 0,
            CellRef::Text(text) => text.chars().count(),
            CellRef::List(items) => items.iter().map(|item| item.chars().count() + 1).sum(),
            CellRef::Integer(value) => value.to_string().len(),
            CellRef::Number(value) => match style {
                Style::Share => format!("{:.1}%", value * 100.0).len(),
                Style::PValue => format!("{value:.4}").len(),
                _ => format!("{value:.3}").len(),
            },
            CellRef::Bool(_) => 5,
        }
    };
    let columns = sheet.columns();
    let mut widest: Vec<usize> = (columns.iter())
        .map(|column| column.header.chars().count() + 3)
        .collect();
    sheet.each_row(&mut |cells| {
        for ((widest, cell), column) in widest.iter_mut().zip(cells).zip(columns.iter()) {
            *widest = (*widest).max(shown(*cell, column.style) + 1);
        }
    });
    (widest.into_iter())
        .map(|width| width.min(MAX_COLUMN_WIDTH as usize) as f64)
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
    cell: CellRef,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let number = |worksheet: &mut Worksheet, value: f64| match format {
        Some(format) => worksheet
            .write_number_with_format(row, column, value, format)
            .map(drop),
        None => worksheet.write_number(row, column, value).map(drop),
    };
    match cell {
        CellRef::Empty => Ok(()),
        CellRef::Text(text) => worksheet.write_string(row, column, fit(text)).map(drop),
        CellRef::List(items) => worksheet
            .write_string(row, column, fit(&items.join(";")))
            .map(drop),
        CellRef::Integer(value) => number(worksheet, value as f64),
        CellRef::Number(value) => number(worksheet, value),
        CellRef::Bool(value) => worksheet.write_boolean(row, column, value).map(drop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::{Cell, Column, Sheet};

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
            recalculation: None,
        };
        let error = file.write(&mut Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the Scores sheet would have 1048576 rows and Excel holds at most 1048575; \
             write CSV instead (--format csv)"
        );
    }

    /// A sheet of `rows` rows of `columns` empty cells, made as they are written.
    struct Blank {
        columns: Vec<Column>,
        rows: usize,
    }

    impl SheetRows for Blank {
        fn title(&self) -> &str {
            "Blank"
        }

        fn columns(&self) -> std::borrow::Cow<'_, [Column]> {
            std::borrow::Cow::Borrowed(&self.columns)
        }

        fn row_count(&self) -> usize {
            self.rows
        }

        fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>])) {
            let cells = vec![CellRef::Empty; self.columns.len()];
            (0..self.rows).for_each(|_| visit(&cells));
        }
    }

    /// The names of the parts of the workbook written for one sheet of `rows` rows of 100 columns,
    /// and whether its sheet has a filter.
    fn parts_for(rows: usize) -> (Vec<String>, bool) {
        let columns = (0..100)
            .map(|index| Column::new(format!("c{index}"), Style::Text))
            .collect();
        let sheet = Blank { columns, rows };
        let file = XlsxFile {
            title: "t".to_string(),
            sheets: vec![&sheet],
            recalculation: None,
        };
        let mut bytes = Vec::new();
        file.write(&mut bytes).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names = (archive.file_names())
            .map(|name| name.unwrap().into_owned())
            .collect();
        let mut sheet_xml = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet_xml,
        )
        .unwrap();
        (names, sheet_xml.contains("<autoFilter ref=\"A1:CV"))
    }

    #[test]
    fn a_sheet_past_a_million_cells_gets_a_filter_instead_of_a_table() {
        let (parts, filtered) = parts_for(MAX_TABLE_CELLS / 100 - 1);
        assert!(
            parts.contains(&"xl/tables/table1.xml".to_string()),
            "{parts:?}"
        );
        assert!(!filtered, "a table carries its own filter");
        let (parts, filtered) = parts_for(MAX_TABLE_CELLS / 100);
        assert!(
            !parts.iter().any(|part| part.contains("table")),
            "{parts:?}"
        );
        assert!(filtered);
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
