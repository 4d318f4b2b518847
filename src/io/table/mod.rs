//! A CSV file as a header and rows of text cells, each row with the line it starts on. Reads what
//! spreadsheets export: a UTF-8 byte-order mark, Excel's `sep=` first line, `,` `;` or tab as the
//! delimiter (detected from the header when not given), CRLF, quoted line breaks, and Windows-1252
//! text (detected when the bytes are not UTF-8). A workbook's sheet is read into the same shape by
//! `workbook.rs`; `any_table.rs` picks between the two.

use super::blocks;
use super::encoding::{CsvFormat, UTF8_BOM, decode};
use super::lines::{CsvRecord, LineCounter, LineRecords, NextLine};
use super::source::Source;
use crate::error::{DataProblem, Error, Result};
use crate::model::TableLabel;
use std::borrow::Cow;

#[derive(Debug, Clone)]
pub struct RawTable {
    pub label: TableLabel,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
    /// Whether numbers may use a decimal comma: true when the file is delimited by `;`, as
    /// spreadsheets in comma-decimal locales write it.
    pub decimal_comma: bool,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// The line of the file the row starts on (the header is line 1), or its row in a sheet.
    pub line: u64,
    pub cells: Vec<String>,
}

impl RawTable {
    /// Parses delimited text with a header row. Every row must have as many cells as the header.
    pub(super) fn parse_csv(source: &Source, format: CsvFormat) -> Result<RawTable> {
        let bytes = source.bytes()?;
        let text = csv_text(source, &bytes, format)?;
        let mut rows = CsvRows::open(&source.label, &text, format)?;
        let mut record = CsvRecord::default();
        let mut raw_rows = Vec::new();
        while let Some(line) = rows.next_row(&mut record)? {
            raw_rows.push(RawRow {
                line,
                cells: record.iter().map(|cell| cell.trim().to_string()).collect(),
            });
        }
        Ok(RawTable {
            label: rows.shape.label,
            headers: rows.shape.headers,
            rows: raw_rows,
            decimal_comma: rows.shape.decimal_comma,
        })
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header == name)
    }
}

/// The text of a CSV source's `bytes` as UTF-8, without its byte-order mark; an error for a sheet
/// name, which only a workbook has.
pub(super) fn csv_text<'b>(
    source: &Source,
    bytes: &'b [u8],
    format: CsvFormat,
) -> Result<Cow<'b, [u8]>> {
    refuse_sheet(source)?;
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    Ok(decode(bytes, format.encoding))
}

/// An error for a sheet name given for a CSV source: only a workbook has sheets.
pub(super) fn refuse_sheet(source: &Source) -> Result<()> {
    match &source.sheet {
        Some(sheet) => Err(Error::data(
            &source.label,
            None,
            None,
            DataProblem::Shape(format!("is not a workbook, so it has no sheet \"{sheet}\"")),
        )),
        None => Ok(()),
    }
}

/// A CSV text opened for reading: its header read and checked, its rows read one at a time into a
/// record the caller reuses, so a large file is never held as one string per cell.
pub(super) struct CsvRows<'t> {
    pub(super) shape: CsvShape,
    reader: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
    /// A block's records read line by line, until a line that may not be a record of its own
    /// hands the rest of the block over to `reader`.
    by_lines: Option<LineRecords<'t>>,
}

/// What a CSV file's header says about every row: how many cells and what they are called, the
/// delimiter, and the label errors name the file by.
#[derive(Debug, Clone)]
pub(super) struct CsvShape {
    pub(super) label: TableLabel,
    pub(super) headers: Vec<String>,
    /// Whether numbers may use a decimal comma (the file is delimited by `;`).
    pub(super) decimal_comma: bool,
    delimiter: u8,
}

impl<'t> CsvRows<'t> {
    pub(super) fn open(label: &str, text: &'t [u8], format: CsvFormat) -> Result<CsvRows<'t>> {
        let (declared, skipped, body) = match separator_line(text) {
            Some((delimiter, rest)) => (Some(delimiter), 1, rest),
            None => (None, 0, text),
        };
        let delimiter = format
            .delimiter
            .or(declared)
            .unwrap_or_else(|| detect_delimiter(body));
        let mut reader = reader(delimiter, true, body);
        let mut lines = LineCounter {
            text: body,
            text_start: text.len() - body.len(),
            skipped,
            offset: 0,
            line: 1,
        };
        let headers: Vec<String> = reader
            .headers()
            .map_err(|error| csv_error(label, &mut lines, &error))?
            .iter()
            .map(|header| header.trim().to_string())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(Error::data(
                label,
                None,
                None,
                DataProblem::Shape("is empty: expected a header row".to_string()),
            ));
        }
        let label = TableLabel::text_file(label);
        refuse_repeated_column(&label, 1 + skipped, &headers)?;
        let shape = CsvShape {
            label,
            headers,
            decimal_comma: delimiter == b';',
            delimiter,
        };
        Ok(CsvRows {
            shape,
            reader,
            lines,
            by_lines: None,
        })
    }

    /// Where the rows after the header start in the text given to [`CsvRows::open`] (past a
    /// `sep=` line), and the line they start on.
    pub(super) fn rows_start(&self) -> (usize, u64) {
        let body = self.lines.text;
        let start = (self.reader.position().byte() as usize).min(body.len());
        let line =
            self.lines.skipped + 1 + memchr::memchr_iter(b'\n', &body[..start]).count() as u64;
        (self.lines.text_start + start, line)
    }

    /// The rows not read yet, split into blocks of whole records of about `block_bytes` each, each
    /// read by its own `CsvRows`, so that blocks can be read in parallel. Rows keep their lines.
    pub(super) fn into_blocks(self, block_bytes: usize) -> Vec<CsvRows<'t>> {
        let (start, line) = self.rows_start();
        let rest = &self.lines.text[start - self.lines.text_start..];
        self.shape.blocks(rest, line, block_bytes, true).rows
    }

    /// Reads the next row into `record` (cells untrimmed) and returns the line it starts on; `None`
    /// at the end of the text.
    pub(super) fn next_row(&mut self, record: &mut CsvRecord<'t>) -> Result<Option<u64>> {
        let line = match self.by_lines.as_mut().map(|rows| rows.next(record)) {
            Some(NextLine::Record(line)) => line,
            Some(NextLine::End) => return Ok(None),
            Some(NextLine::Handover { position, line }) => {
                self.by_lines = None;
                let rest = &self.lines.text[position..];
                self.reader = reader(self.shape.delimiter, false, rest);
                self.lines = LineCounter::new(rest, line);
                return self.next_row(record);
            }
            None => {
                let read = record.for_csv();
                match self.reader.read_record(read) {
                    Ok(true) => (read.position()).map_or(0, |at| self.lines.line_of(at)),
                    Ok(false) => return Ok(None),
                    Err(error) => {
                        return Err(csv_error(&self.shape.label.name, &mut self.lines, &error));
                    }
                }
            }
        };
        let headers = &self.shape.headers;
        match record.len() == headers.len() {
            true => Ok(Some(line)),
            false => Err(self.shape.label.error(
                Some(line),
                None,
                DataProblem::Shape(format!(
                    "the row has {} cells but the header has {}",
                    record.len(),
                    headers.len()
                )),
            )),
        }
    }
}

/// Blocks of whole records cut from a text, and how far they reach.
pub(super) struct Blocks<'b> {
    pub(super) rows: Vec<CsvRows<'b>>,
    /// Where the last whole record ends: the text after it is left for more text to complete.
    pub(super) end: usize,
    /// The line the text after them starts on.
    pub(super) next_line: u64,
}

impl CsvShape {
    /// Readers of the records of `text`, which starts with a record on `line`, in blocks of about
    /// `block_bytes`. Unless `at_end`, a last record that may go on past the text is left out.
    pub(super) fn blocks<'b>(
        &self,
        text: &'b [u8],
        mut line: u64,
        block_bytes: usize,
        at_end: bool,
    ) -> Blocks<'b> {
        let mut rows = Vec::new();
        let mut end = 0;
        for (from, to) in blocks::record_blocks(text, self.delimiter, block_bytes, at_end) {
            let block = &text[from..to];
            rows.push(CsvRows {
                shape: self.clone(),
                reader: reader(self.delimiter, false, block),
                lines: LineCounter::new(block, line),
                by_lines: Some(LineRecords::new(block, line, self.delimiter)),
            });
            line += memchr::memchr_iter(b'\n', block).count() as u64;
            end = to;
        }
        Blocks {
            rows,
            end,
            next_line: line,
        }
    }
}

/// A csv reader of `text` in the dialect; row lengths are checked against the header by
/// [`CsvRows::next_row`], so that a block of rows is checked as the whole file is.
fn reader(delimiter: u8, has_headers: bool, text: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(has_headers)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text)
}

/// Refuses a header that names a column twice, naming the second.
pub(super) fn refuse_repeated_column(
    label: &TableLabel,
    line: u64,
    headers: &[String],
) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    match (0..headers.len()).find(|&index| !seen.insert(headers[index].as_str())) {
        Some(index) => Err(label.error(
            Some(line),
            Some(&headers[index]),
            DataProblem::Shape("the column name appears twice in the header".to_string()),
        )),
        None => Ok(()),
    }
}

/// Whether `text` holds the first line of the header (after a `sep=` line) whole, so that its
/// cells can be read.
pub(super) fn holds_header_line(text: &[u8]) -> bool {
    let body = separator_line(text).map_or(text, |(_, rest)| rest);
    memchr::memchr(b'\n', body).is_some()
}

/// Excel's `sep=;` first line: the delimiter it declares and the text after it.
fn separator_line(text: &[u8]) -> Option<(u8, &[u8])> {
    let end = text
        .iter()
        .position(|&byte| byte == b'\n')
        .unwrap_or(text.len());
    let line = text[..end].strip_suffix(b"\r").unwrap_or(&text[..end]);
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    match line {
        [s, e, p, b'=', delimiter] if [*s, *e, *p].eq_ignore_ascii_case(b"sep") => {
            Some((*delimiter, &text[(end + 1).min(text.len())..]))
        }
        _ => None,
    }
}

/// The delimiter of the header line: whichever of `,` `;` and tab it holds most of outside quotes,
/// `,` when it holds none.
fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &byte in text {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in &mut counts {
                    *count += usize::from(byte == *delimiter);
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &(delimiter, count)| {
            if count > best.1 {
                (delimiter, count)
            } else {
                best
            }
        })
        .0
}

fn csv_error(label: &str, lines: &mut LineCounter, error: &csv::Error) -> Error {
    let mut line = |pos: &Option<csv::Position>| pos.as_ref().map(|pos| lines.line_of(pos));
    match error.kind() {
        csv::ErrorKind::Utf8 { pos, err } => Error::data(
            label,
            line(pos),
            None,
            DataProblem::Shape(format!(
                "the text is not valid UTF-8 (in cell {})",
                err.field() + 1
            )),
        ),
        _ => Error::data(label, None, None, DataProblem::Shape(error.to_string())),
    }
}

pub(super) fn require_column(table: &RawTable, name: &str) -> Result<usize> {
    require_header(&table.label, &table.headers, name)
}

pub(super) fn require_header(label: &TableLabel, headers: &[String], name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|header| header == name)
        .ok_or_else(|| label.error(Some(1), None, DataProblem::MissingColumn(name.to_string())))
}

#[cfg(test)]
mod tests;
