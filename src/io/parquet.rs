//! A Parquet file as a table of text cells, so that it is typed, checked and reported on exactly as
//! the same table in CSV: strings as they are, numbers in their shortest round-trip form, booleans
//! as `true`/`false`, dates as `YYYY-MM-DD`, lists of text `;`-joined, nulls empty. Rows are
//! numbered as in the table's CSV export: the column names are row 1, the first row of data row 2.

use super::source::Source;
use super::table::{RawRow, RawTable, refuse_repeated_column};
use crate::error::{DataProblem, Result};
use crate::model::TableLabel;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

const MAGIC: &[u8] = b"PAR1";

/// A file may hold this many cells whatever its size, as a workbook may.
const CELLS_ALLOWED_ANY_SIZE: u64 = 32_000_000;

/// Past that, at most this many cells per byte of file: real files hold a few (a cell takes
/// bytes even compressed), while a few kilobytes of run-length encoding can claim billions of rows.
const MAX_CELLS_PER_BYTE: u64 = 64;

/// Whether the source is a Parquet file: it starts with Parquet's magic number.
pub(super) fn is_parquet(source: &Source) -> Result<bool> {
    Ok(source.head(MAGIC.len())?.starts_with(MAGIC))
}

/// An open Parquet file whose rows are read one at a time, as text cells.
pub(super) struct ParquetRows {
    pub(super) label: TableLabel,
    pub(super) headers: Vec<String>,
    reader: SerializedFileReader<bytes::Bytes>,
}

/// Opens the file and checks its columns and its size before any row is read.
pub(super) fn open_parquet(source: &Source) -> Result<ParquetRows> {
    let label = TableLabel {
        name: source.label.clone(),
        in_sheet: true,
    };
    let bytes = bytes::Bytes::from(source.bytes()?.into_owned());
    let bytes_len = bytes.len() as u64;
    let reader = contained(|| SerializedFileReader::new(bytes))
        .ok_or_else(|| undecodable(&label, None))?
        .map_err(|error| failed(&label, None, "is damaged, or is not a Parquet file", &error))?;
    refuse_chunks_outside(&reader, bytes_len)
        .map_err(|problem| label.error(None, None, problem))?;
    let metadata = reader.metadata().file_metadata();
    let schema = metadata.schema_descr_ptr();
    let cells = u64::try_from(metadata.num_rows())
        .unwrap_or(u64::MAX)
        .saturating_mul(schema.num_columns() as u64);
    let allowed = CELLS_ALLOWED_ANY_SIZE.max(MAX_CELLS_PER_BYTE.saturating_mul(bytes_len));
    if cells > allowed {
        let problem = DataProblem::TooLarge(format!(
            "claims {} rows of {} columns ({cells} cells) in {bytes_len} bytes: a file may hold \
             {CELLS_ALLOWED_ANY_SIZE} cells, or {MAX_CELLS_PER_BYTE} per byte of the file",
            metadata.num_rows(),
            schema.num_columns()
        ));
        return Err(label.error(None, None, problem));
    }
    let headers: Vec<String> = (schema.root_schema().get_fields().iter())
        .map(|field| field.name().trim().to_string())
        .collect();
    if headers.is_empty() {
        let problem = DataProblem::Shape("has no columns".to_string());
        return Err(label.error(None, None, problem));
    }
    refuse_repeated_column(&label, 1, &headers)?;
    Ok(ParquetRows {
        label,
        headers,
        reader,
    })
}

/// Refuses a file whose column chunks claim bytes outside it: the reader would panic on a negative
/// offset or length (found by the `parquet_reader` fuzz target), or read past the end.
fn refuse_chunks_outside(
    reader: &SerializedFileReader<bytes::Bytes>,
    file_len: u64,
) -> std::result::Result<(), DataProblem> {
    for (group, row_group) in reader.metadata().row_groups().iter().enumerate() {
        for column in row_group.columns() {
            let start = column
                .dictionary_page_offset()
                .unwrap_or(column.data_page_offset());
            let length = column.compressed_size();
            let inside = u64::try_from(start)
                .ok()
                .zip(u64::try_from(length).ok())
                .and_then(|(start, length)| start.checked_add(length))
                .is_some_and(|end| end <= file_len);
            if !inside {
                return Err(DataProblem::Shape(format!(
                    "is damaged: row group {} places column {} at byte {start}, {length} bytes \
                     long, outside the file's {file_len} bytes",
                    group + 1,
                    column.column_path()
                )));
            }
        }
    }
    Ok(())
}

/// The error for a file whose pages the decoder could not decode.
fn undecodable(label: &TableLabel, line: Option<u64>) -> crate::error::Error {
    let problem = DataProblem::Shape("is damaged: its data pages cannot be decoded".to_string());
    label.error(line, None, problem)
}

thread_local! {
    /// Whether this thread is inside [`contained`], whose panics are not printed.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode`, turning a panic into `None`. The `parquet` crate's decoders index their input
/// with bounds checks that damaged pages trip (the `parquet_reader` fuzz target found a length
/// prefix read from an empty page); such a file is reported as damaged, in one line, instead of
/// crashing. The panic hook is wrapped once so that a contained panic prints nothing; every other
/// panic goes to the hook as before. The decoder is safe Rust: unwinding out of it leaves nothing
/// half-changed but the reader, which is dropped.
fn contained<T>(decode: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINING.with(|flag| flag.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(decode));
    CONTAINING.with(|flag| flag.set(was));
    result.ok()
}

/// An error the Parquet reader gave, worded for the file.
fn failed(
    label: &TableLabel,
    line: Option<u64>,
    what: &str,
    error: &parquet::errors::ParquetError,
) -> crate::error::Error {
    let error = error.to_string();
    let message = format!("{what}: {}", error.trim_start_matches("Parquet error: "));
    label.error(line, None, DataProblem::Shape(message))
}

/// A row group of the file, and the line its first row is numbered (the column names being line 1).
#[derive(Debug, Clone, Copy)]
pub(super) struct RowGroup {
    index: usize,
    first_line: u64,
}

impl ParquetRows {
    /// The file's row groups, in file order.
    pub(super) fn row_groups(&self) -> Vec<RowGroup> {
        let mut first_line = 2;
        (self.reader.metadata().row_groups().iter().enumerate())
            .map(|(index, group)| {
                let here = RowGroup { index, first_line };
                first_line += u64::try_from(group.num_rows()).unwrap_or(0);
                here
            })
            .collect()
    }

    /// Hands each row's line and cells (one per header) to `visit`, in file order; the cells are
    /// reused from row to row.
    pub(super) fn each_row(
        &self,
        visit: &mut dyn FnMut(u64, &[String]) -> Result<()>,
    ) -> Result<()> {
        (self.row_groups().into_iter()).try_for_each(|group| self.each_row_in(group, visit))
    }

    /// [`ParquetRows::each_row`] for the rows of one row group.
    pub(super) fn each_row_in(
        &self,
        group: RowGroup,
        visit: &mut dyn FnMut(u64, &[String]) -> Result<()>,
    ) -> Result<()> {
        let at = Some(group.first_line);
        let reader = contained(|| self.reader.get_row_group(group.index))
            .ok_or_else(|| undecodable(&self.label, at))?
            .map_err(|error| failed(&self.label, at, "cannot be read", &error))?;
        let mut rows = contained(|| reader.get_row_iter(None))
            .ok_or_else(|| undecodable(&self.label, at))?
            .map_err(|error| failed(&self.label, at, "cannot be read", &error))?;
        let mut cells = vec![String::new(); self.headers.len()];
        for index in 0.. {
            let line = group.first_line + index as u64;
            let Some(row) =
                contained(|| rows.next()).ok_or_else(|| undecodable(&self.label, Some(line)))?
            else {
                break;
            };
            let row =
                row.map_err(|error| failed(&self.label, Some(line), "cannot be read", &error))?;
            let fields = row.get_column_iter().map(|(_, field)| field);
            for ((cell, header), field) in cells.iter_mut().zip(&self.headers).zip(fields) {
                cell.clear();
                if !write_cell(field, cell) {
                    return Err(self.label.error(
                        Some(line),
                        Some(header),
                        DataProblem::Shape(format!(
                            "holds {}, which is not text, a number, a bool, a date or a list of \
                             them",
                            kind(field)
                        )),
                    ));
                }
                let trimmed = cell.trim();
                if trimmed.len() != cell.len() {
                    *cell = trimmed.to_string();
                }
            }
            visit(line, &cells)?;
        }
        Ok(())
    }
}

/// Every row of the file, its columns in file order.
pub(super) fn read_parquet(source: &Source) -> Result<RawTable> {
    let file = open_parquet(source)?;
    let mut rows = Vec::new();
    file.each_row(&mut |line, cells| {
        rows.push(RawRow {
            line,
            cells: cells.to_vec(),
        });
        Ok(())
    })?;
    Ok(RawTable {
        label: file.label,
        headers: file.headers,
        rows,
        decimal_comma: false,
    })
}

/// Appends the cell as CSV would hold it to `out`, which a row reuses: no text is made per cell.
/// False for a kind of value thesis does not read.
fn write_cell(field: &Field, out: &mut String) -> bool {
    let _ = match field {
        Field::Null => Ok(()),
        Field::Bool(flag) => write!(out, "{flag}"),
        Field::Byte(number) => write!(out, "{number}"),
        Field::Short(number) => write!(out, "{number}"),
        Field::Int(number) => write!(out, "{number}"),
        Field::Long(number) => write!(out, "{number}"),
        Field::UByte(number) => write!(out, "{number}"),
        Field::UShort(number) => write!(out, "{number}"),
        Field::UInt(number) => write!(out, "{number}"),
        Field::ULong(number) => write!(out, "{number}"),
        Field::Float(number) => write!(out, "{number}"),
        Field::Double(number) => write!(out, "{number}"),
        Field::Str(text) => {
            out.push_str(text);
            Ok(())
        }
        Field::Date(days) => {
            out.push_str(&iso_date(*days));
            Ok(())
        }
        Field::ListInternal(list) => {
            let items = (list.elements().iter())
                .filter(|item| !matches!(item, Field::Null | Field::ListInternal(_)));
            for (index, item) in items.enumerate() {
                if index > 0 {
                    out.push(';');
                }
                if !write_cell(item, out) {
                    return false;
                }
            }
            Ok(())
        }
        _ => return false,
    };
    true
}

/// What a value is, for the message that refuses it.
fn kind(field: &Field) -> &'static str {
    match field {
        Field::Group(_) => "a group of fields",
        Field::MapInternal(_) => "a map",
        Field::Bytes(_) => "bytes that are not text",
        Field::Decimal(_) => "a decimal",
        Field::Float16(_) => "a half-precision number",
        Field::ListInternal(_) => "a list of something other than text, numbers or bools",
        _ => "a time or timestamp",
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (the proleptic Gregorian calendar, by Howard
/// Hinnant's civil-from-days).
fn iso_date(days: i32) -> String {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn dates_from_days_since_1970() {
        let cases = [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (16_616, "2015-06-30"),
            (11_016, "2000-02-29"),
            (19_782, "2024-02-29"),
            (-719_468, "0000-03-01"),
        ];
        for (days, expected) in cases {
            assert_eq!(iso_date(days), expected, "{days}");
        }
    }
}
