//! One sheet of a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) as a [`RawTable`], read with
//! calamine: the first non-empty row is the header, each cell becomes the text a CSV export of it
//! would hold, and places are the sheet's own row numbers.

use super::source::Source;
use super::table::{RawRow, RawTable, refuse_repeated_column};
use super::workbook_limits::{
    OLE_SIGNATURE, Refusal, ZIP_SIGNATURE, bounded_cells, column_letters, refuse_ods_span,
    refuse_xls_span, refuse_zip_bomb,
};
use crate::error::{DataProblem, Error, Result};
use crate::model::TableLabel;
use calamine::{Cell, Data, Range, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;

const SIGNATURES: [&[u8]; 2] = [ZIP_SIGNATURE, OLE_SIGNATURE];

pub(super) fn is_workbook(source: &Source) -> Result<bool> {
    let longest = SIGNATURES.iter().map(|signature| signature.len()).max();
    let head = source.head(longest.unwrap_or_default())?;
    Ok(SIGNATURES
        .iter()
        .any(|signature| head.starts_with(signature)))
}

/// Reads the source's sheet (the first when none is named) into a table of text cells.
pub(super) fn read_sheet(source: &Source) -> Result<RawTable> {
    let file = source.label.as_str();
    let fail = |problem: DataProblem| Error::data(file, None, None, problem);
    let bytes = source.bytes()?;
    let refused = |refusal: Refusal| match refusal.sheet {
        Some(sheet) => Error::data(
            &format!("{file}, sheet \"{sheet}\""),
            None,
            None,
            refusal.problem,
        ),
        None => fail(refusal.problem),
    };
    refuse_zip_bomb(&bytes).map_err(refused)?;
    refuse_xls_span(&bytes).map_err(refused)?;
    refuse_ods_span(&bytes).map_err(refused)?;
    // calamine tries each format in turn and keeps none of their errors: say what is known.
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        fail(DataProblem::Shape(
            "is damaged, or is not an .xlsx, .xlsm, .xlsb, .xls or .ods workbook".to_string(),
        ))
    })?;
    let names = workbook.sheet_names();
    let sheet = match &source.sheet {
        Some(wanted) => names.iter().find(|name| *name == wanted).ok_or_else(|| {
            fail(DataProblem::Shape(format!(
                "has no sheet named \"{wanted}\" (it has {})",
                quoted_list(&names)
            )))
        })?,
        None => names
            .first()
            .ok_or_else(|| fail(DataProblem::Shape("has no sheets".to_string())))?,
    }
    .clone();
    let label = TableLabel {
        name: format!("{file}, sheet \"{sheet}\""),
        in_sheet: true,
    };
    let cannot_read = |error: String| {
        fail(DataProblem::Shape(format!(
            "cannot read the sheet \"{sheet}\": {error}"
        )))
    };
    let sparse = |filled: std::result::Result<_, std::result::Result<String, String>>| {
        filled.map(sparse_rows).map_err(|error| match error {
            Ok(error) => cannot_read(error),
            Err(message) => label.error(None, None, DataProblem::TooLarge(message)),
        })
    };
    // xlsx and xlsb are read cell by cell into rows of their filled cells; xls and ods only as a
    // range spanning the table, which calamine bounds (and workbook_limits has checked).
    let rows = match &mut workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = (xlsx.worksheet_cells_reader(&sheet))
                .map_err(|error| cannot_read(error.to_string()))?;
            let cells = std::iter::from_fn(|| reader.next_cell().transpose());
            sparse(bounded_cells(cells).map_err(|error| error.map(|error| error.to_string())))?
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = (xlsb.worksheet_cells_reader(&sheet))
                .map_err(|error| cannot_read(error.to_string()))?;
            let cells = std::iter::from_fn(|| reader.next_cell().transpose());
            sparse(bounded_cells(cells).map_err(|error| error.map(|error| error.to_string())))?
        }
        other => dense_rows(
            &(other.worksheet_range(&sheet)).map_err(|error| cannot_read(error.to_string()))?,
        ),
    };
    let mut rows = (rows.into_iter()).filter(|row| row.cells.iter().any(|cell| !cell.is_empty()));
    let Some(header) = rows.next() else {
        return Err(label.error(
            None,
            None,
            DataProblem::Shape("is empty: expected a header row".to_string()),
        ));
    };
    let width = header
        .cells
        .iter()
        .rposition(|cell| !cell.is_empty())
        .map_or(0, |last| last + 1);
    let headers = header.cells[..width].to_vec();
    if let Some(index) = headers.iter().position(String::is_empty) {
        return Err(label.error(
            Some(header.line),
            None,
            DataProblem::Shape(format!(
                "the header of column {} is empty",
                column_letters(index as u64)
            )),
        ));
    }
    refuse_repeated_column(&label, header.line, &headers)?;
    let mut table_rows = Vec::new();
    for mut row in rows {
        let beyond = row.cells.iter().skip(width);
        if let Some(index) = beyond.clone().position(|cell| !cell.is_empty()) {
            return Err(label.error(
                Some(row.line),
                None,
                DataProblem::Shape(format!(
                    "column {} holds a value but has no header",
                    column_letters((width + index) as u64)
                )),
            ));
        }
        row.cells.resize(width, String::new());
        table_rows.push(row);
    }
    Ok(RawTable {
        label,
        headers,
        rows: table_rows,
        decimal_comma: false,
    })
}

/// The rows of a range, numbered as the sheet numbers them, each as wide as the range.
fn dense_rows(range: &Range<Data>) -> Vec<RawRow> {
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row)) + 1;
    (range.rows().zip(first_row..))
        .map(|(cells, line)| RawRow {
            line,
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect()
}

/// The rows holding the filled cells, numbered as the sheet numbers them, each as wide as its last
/// filled cell, columns counted from the first filled column of the sheet. Nothing is allocated for
/// the empty rows and columns between them.
fn sparse_rows(mut filled: Vec<Cell<Data>>) -> Vec<RawRow> {
    filled.sort_by_key(Cell::get_position);
    let first_column = (filled.iter()).map(|cell| cell.get_position().1).min();
    let mut rows: Vec<RawRow> = Vec::new();
    for cell in &filled {
        let (row, column) = cell.get_position();
        let line = u64::from(row) + 1;
        if rows.last().is_none_or(|last| last.line != line) {
            rows.push(RawRow {
                line,
                cells: Vec::new(),
            });
        }
        let Some(RawRow { cells, .. }) = rows.last_mut() else {
            continue;
        };
        let index = (column - first_column.unwrap_or(0)) as usize;
        if cells.len() <= index {
            cells.resize(index + 1, String::new());
        }
        cells[index] = cell_text(cell.get_value());
    }
    rows
}

/// The text a CSV export would hold for the cell: numbers in their shortest exact form, dates as
/// `YYYY-MM-DD` (with the time when there is one), errors such as `#N/A` as written.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_string(),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = datetime.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
            }
        }
        other => other.to_string().trim().to_string(),
    }
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    /// Cells at (row, column), zero-based: numbers, TRUE and FALSE are typed, the rest is text.
    type Cells<'a> = &'a [(u32, u16, &'a str)];

    /// A workbook with one sheet per (name, cells).
    fn workbook(sheets: &[(&str, Cells)]) -> Vec<u8> {
        let mut book = Workbook::new();
        for (name, cells) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            for &(row, column, text) in *cells {
                match text.parse::<f64>() {
                    Ok(number) => sheet.write_number(row, column, number),
                    Err(_) => match text {
                        "TRUE" | "FALSE" => sheet.write_boolean(row, column, text == "TRUE"),
                        _ => sheet.write_string(row, column, text),
                    },
                }
                .unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    }

    fn read(bytes: &[u8], sheet: Option<&str>) -> Result<RawTable> {
        let source = Source::embedded("book.xlsx", bytes).with_sheet(sheet.map(str::to_string));
        RawTable::parse_as(&source, crate::io::CsvFormat::default())
    }

    #[test]
    fn cells_read_as_a_csv_export_would_write_them() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (column, header) in ["id", "amount", "flag", "date", "note"].iter().enumerate() {
            sheet.write_string(0, column as u16, *header).unwrap();
        }
        sheet.write_string(1, 0, " a ").unwrap();
        sheet.write_number(1, 1, 100.0).unwrap();
        sheet.write_boolean(1, 2, true).unwrap();
        let day = ExcelDateTime::from_ymd(2016, 3, 1).unwrap();
        sheet.write_datetime_with_format(1, 3, &day, &date).unwrap();
        sheet.write_string(1, 4, "#N/A").unwrap();
        sheet.write_number(2, 0, 7.0).unwrap();
        sheet.write_number(2, 1, 10.25).unwrap();
        let table = read(&book.save_to_buffer().unwrap(), None).unwrap();
        assert_eq!(table.headers, ["id", "amount", "flag", "date", "note"]);
        assert_eq!(
            table.rows[0].cells,
            ["a", "100", "true", "2016-03-01", "#N/A"]
        );
        assert_eq!(table.rows[1].cells, ["7", "10.25", "", "", ""]);
        assert_eq!(table.label.to_string(), "book.xlsx, sheet \"Sheet1\"");
        assert!(!table.decimal_comma);
    }

    #[test]
    fn rows_keep_their_sheet_numbers_and_blank_rows_are_skipped() {
        let bytes = workbook(&[(
            "Companies",
            &[
                (2, 1, "id"),
                (2, 2, "name"),
                (3, 1, "a"),
                (5, 1, "b"),
                (5, 2, "B"),
            ],
        )]);
        let table = read(&bytes, None).unwrap();
        assert_eq!(table.headers, ["id", "name"]);
        let lines: Vec<u64> = table.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [4, 6]);
        let error = table.label.error(
            Some(6),
            Some("name"),
            DataProblem::InvalidValue("bad".into()),
        );
        assert_eq!(
            error.to_string(),
            "book.xlsx, sheet \"Companies\": row 6, column name: bad"
        );
    }

    #[test]
    fn reads_the_named_sheet_and_names_the_ones_there_are() {
        let sheets: [(&str, Cells); 2] = [("First", &[(0, 0, "x")]), ("Second", &[(0, 0, "y")])];
        let table = read(&workbook(&sheets), Some("Second")).unwrap();
        assert_eq!(table.headers, ["y"]);
        assert_eq!(
            read(&workbook(&sheets), Some("Third"))
                .unwrap_err()
                .to_string(),
            "book.xlsx: has no sheet named \"Third\" (it has \"First\", \"Second\")"
        );
    }

    #[test]
    fn refuses_what_is_not_a_table() {
        let cases: [(Cells, &str); 4] = [
            (
                &[],
                "book.xlsx, sheet \"S\": is empty: expected a header row",
            ),
            (
                &[(0, 0, "id"), (0, 2, "name")],
                "book.xlsx, sheet \"S\": row 1: the header of column B is empty",
            ),
            (
                &[(0, 0, "id"), (0, 1, "id")],
                "book.xlsx, sheet \"S\": row 1, column id: the column name appears twice in the header",
            ),
            (
                &[(0, 0, "id"), (1, 0, "a"), (2, 27, "stray")],
                "book.xlsx, sheet \"S\": row 3: column AB holds a value but has no header",
            ),
        ];
        for (cells, expected) in cases {
            let error = read(&workbook(&[("S", cells)]), None).unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn a_damaged_workbook_or_a_sheet_of_a_csv_file_is_an_error() {
        let damaged = b"PK\x03\x04 not really a zip".to_vec();
        assert_eq!(
            read(&damaged, None).unwrap_err().to_string(),
            "book.xlsx: is damaged, or is not an .xlsx, .xlsm, .xlsb, .xls or .ods workbook"
        );
        let csv = Source::embedded("c.csv", b"id\na\n").with_sheet(Some("S".into()));
        assert_eq!(
            RawTable::parse(&csv).unwrap_err().to_string(),
            "c.csv: is not a workbook, so it has no sheet \"S\""
        );
    }

    /// A few kilobytes whose one stray cell sits at the sheet's far corner: refused from the cells'
    /// span, before anything as large is allocated.
    #[test]
    fn a_stray_cell_far_from_the_table_is_refused_before_allocating_its_span() {
        let cells: Cells = &[
            (0, 0, "id"),
            (0, 1, "name"),
            (1, 0, "a"),
            (1, 1, "Alpha"),
            (1_048_575, 16_383, "stray"),
        ];
        let bytes = workbook(&[("Companies", cells)]);
        assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
        assert_eq!(
            read(&bytes, None).unwrap_err().to_string(),
            "book.xlsx, sheet \"Companies\": the filled cells span A1:XFD1048576 \
             (17179869184 cells), more than the 32000000 a table may span: remove stray cells \
             such as XFD1048576"
        );
    }
}
