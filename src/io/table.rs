//! A CSV file as a header and rows of text cells, each row with the line it starts on.

use super::source::Source;
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct RawTable {
    pub label: String,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    pub cells: Vec<String>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl RawTable {
    /// Parses comma-separated text with a header row. Every row must have as many cells as the header.
    pub fn parse(source: &Source) -> Result<RawTable> {
        let label = source.label.as_str();
        let bytes = source.bytes.strip_prefix(UTF8_BOM).unwrap_or(&source.bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|error| csv_error(label, &error))?
            .iter()
            .map(|header| header.trim().to_string())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(Error::data(
                label,
                None,
                None,
                "is empty: expected a header row",
            ));
        }
        for (index, header) in headers.iter().enumerate() {
            if headers[..index].contains(header) {
                return Err(Error::data(
                    label,
                    Some(1),
                    Some(header),
                    "the column name appears twice in the header",
                ));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|error| csv_error(label, &error))?;
            let line = record.position().map_or(0, |position| position.line());
            rows.push(RawRow {
                line,
                cells: record.iter().map(|cell| cell.trim().to_string()).collect(),
            });
        }
        Ok(RawTable {
            label: label.to_string(),
            headers,
            rows,
        })
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header == name)
    }
}

fn csv_error(label: &str, error: &csv::Error) -> Error {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => Error::data(
            label,
            pos.as_ref().map(csv::Position::line),
            None,
            format!("the row has {len} cells but the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { pos, err } => Error::data(
            label,
            pos.as_ref().map(csv::Position::line),
            None,
            format!("the text is not valid UTF-8 (in cell {})", err.field() + 1),
        ),
        _ => Error::data(label, None, None, error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<RawTable> {
        RawTable::parse(&Source::embedded("t.csv", text))
    }

    #[test]
    fn reads_header_rows_and_lines_including_quoted_line_breaks() {
        let table = parse(b"\xEF\xBB\xBFid , name\na,\"two\nlines\"\nb,B\n").unwrap();
        assert_eq!(table.headers, ["id", "name"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, ["a", "two\nlines"]);
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn names_the_line_of_a_ragged_row() {
        let error = parse(b"id,name\na,A\nb\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: line 3: the row has 1 cells but the header has 2"
        );
    }

    #[test]
    fn names_the_line_of_invalid_utf8() {
        let error = parse(b"id,name\na,A\nb,\xff\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: line 3: the text is not valid UTF-8 (in cell 2)"
        );
    }

    #[test]
    fn refuses_an_empty_file_and_a_repeated_column() {
        assert_eq!(
            parse(b"").unwrap_err().to_string(),
            "t.csv: is empty: expected a header row"
        );
        assert_eq!(
            parse(b"id,id\n").unwrap_err().to_string(),
            "t.csv: line 1, column id: the column name appears twice in the header"
        );
    }
}
