//! CSV files in the dialect a spreadsheet opens correctly: `excel` (UTF-8 with a byte-order mark, so
//! Excel does not guess a legacy code page), `excel-eu` (the same with `;` and decimal commas, as
//! Excel writes and reads in comma-decimal locales) or `plain`. Text that starts like a formula is
//! neutralized; numbers are written as plain numbers.

use super::cell::neutralize;
use super::sheet::{CellRef, Tabular};
use super::{Exporter, push_number};
use rayon::prelude::*;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 without a byte-order mark, `,` and decimal points.
    Plain,
    /// UTF-8 with a byte-order mark, `,` and decimal points.
    #[default]
    Excel,
    /// UTF-8 with a byte-order mark, `;` and decimal commas.
    ExcelEu,
}

impl CsvDialect {
    pub fn name(self) -> &'static str {
        match self {
            CsvDialect::Plain => "plain",
            CsvDialect::Excel => "excel",
            CsvDialect::ExcelEu => "excel-eu",
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            CsvDialect::ExcelEu => b';',
            CsvDialect::Plain | CsvDialect::Excel => b',',
        }
    }

    fn byte_order_mark(self) -> bool {
        self != CsvDialect::Plain
    }
}

/// Rows formatted together by one task. Chunks are formatted on the rayon pool and written in order,
/// so the bytes do not depend on the thread count.
const ROWS_PER_CHUNK: usize = 8192;

/// Writes the table as CSV; `to_file` is false for stdout, which never gets a byte-order mark.
pub fn write_csv(
    table: &dyn Tabular,
    dialect: CsvDialect,
    to_file: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if to_file && dialect.byte_order_mark() {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let writer = || {
        csv::WriterBuilder::new()
            .delimiter(dialect.delimiter())
            .from_writer(Vec::new())
    };
    let mut header = writer();
    header.write_record(table.columns().iter().map(|column| &column.header))?;
    out.write_all(&header.into_inner().map_err(|error| error.into_error())?)?;
    let rows = table.row_count();
    let chunk_count = rows.div_ceil(ROWS_PER_CHUNK);
    let format_chunk = |chunk: usize| -> std::io::Result<Vec<u8>> {
        let mut text = writer();
        let mut field = String::new();
        let mut failed = None;
        for index in chunk * ROWS_PER_CHUNK..rows.min((chunk + 1) * ROWS_PER_CHUNK) {
            table.with_row(index, &mut |cells| {
                for cell in cells {
                    field.clear();
                    push_csv_text(*cell, dialect, &mut field);
                    if let Err(error) = text.write_field(field.as_bytes()) {
                        failed.get_or_insert(error);
                    }
                }
                if let Err(error) = text.write_record(None::<&[u8]>) {
                    failed.get_or_insert(error);
                }
            });
        }
        if let Some(error) = failed {
            return Err(error.into());
        }
        text.into_inner().map_err(|error| error.into_error())
    };
    // A few chunks per thread at a time, written in order before the next are formatted, so memory
    // holds a few chunks, not the file.
    let batch = 4 * rayon::current_num_threads();
    for first in (0..chunk_count).step_by(batch.max(1)) {
        let chunks: Vec<std::io::Result<Vec<u8>>> = (first..chunk_count.min(first + batch))
            .into_par_iter()
            .map(format_chunk)
            .collect();
        for chunk in chunks {
            out.write_all(&chunk?)?;
        }
    }
    Ok(())
}

/// Appends how the cell reads in a CSV file of the dialect.
fn push_csv_text(cell: CellRef, dialect: CsvDialect, out: &mut String) {
    match cell {
        CellRef::Empty => {}
        CellRef::Text(text) => out.push_str(&neutralize(text)),
        CellRef::List(items) => {
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(';');
                }
                out.push_str(&neutralize(item));
            }
        }
        CellRef::Integer(value) => out.push_str(itoa::Buffer::new().format(value)),
        CellRef::Number(value) => {
            let start = out.len();
            push_number(out, value);
            if dialect == CsvDialect::ExcelEu {
                let decimal = out[start..].replacen('.', ",", 1);
                out.truncate(start);
                out.push_str(&decimal);
            }
        }
        CellRef::Bool(value) => out.push_str(if value { "true" } else { "false" }),
    }
}

/// One table as a CSV file in the output folder.
pub struct CsvFile<'a> {
    pub table: &'a dyn Tabular,
    pub dialect: CsvDialect,
}

impl Exporter for CsvFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.csv", self.table.name())
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write_csv(self.table, self.dialect, true, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::{Cell, Column, Sheet, Style};

    fn sheet() -> Sheet {
        Sheet {
            name: "t",
            title: "T",
            columns: ["name", "score", "rules", "rank", "flag", "none"]
                .map(|header| Column::new(header, Style::Text))
                .to_vec(),
            rows: vec![vec![
                Cell::text("=1+1"),
                Cell::Number(0.5),
                Cell::List(vec!["a".into(), "@b".into()]),
                Cell::Integer(3),
                Cell::Bool(true),
                Cell::Empty,
            ]],
        }
    }

    #[test]
    fn each_dialect_spells_the_same_cells() {
        let cases = [
            (
                CsvDialect::Plain,
                true,
                "name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
            (
                CsvDialect::Excel,
                true,
                "\u{feff}name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
            (
                CsvDialect::ExcelEu,
                true,
                "\u{feff}name;score;rules;rank;flag;none\n'=1+1;0,500000;\"a;'@b\";3;true;\n",
            ),
            (
                CsvDialect::Excel,
                false,
                "name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
        ];
        for (dialect, to_file, expected) in cases {
            let mut out = Vec::new();
            write_csv(&sheet(), dialect, to_file, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{dialect:?}");
        }
    }
}
