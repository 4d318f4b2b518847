//! What messages call a table: its file (and sheet), and whether its places are lines of text or
//! rows of a sheet.

use crate::error::{DataProblem, Error, Place};
use std::fmt;

/// What error messages call a table: its file (and sheet), and whether its places are lines of
/// text or rows of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLabel {
    pub name: String,
    pub in_sheet: bool,
}

impl TableLabel {
    pub fn text_file(name: &str) -> TableLabel {
        TableLabel {
            name: name.to_string(),
            in_sheet: false,
        }
    }

    /// A data error at a line (or row) and column of the table.
    pub fn error(&self, line: Option<u64>, column: Option<&str>, problem: DataProblem) -> Error {
        Error::Data {
            file: self.name.clone(),
            place: Place {
                line,
                column: column.map(str::to_string),
                in_sheet: self.in_sheet,
            },
            problem,
        }
    }

    /// "line" or "row", for messages that point back at an earlier place.
    pub fn line_word(&self) -> &'static str {
        if self.in_sheet { "row" } else { "line" }
    }
}

impl fmt::Display for TableLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}
