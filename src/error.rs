//! The one error type of the library: every failure a user can cause, each with a one-line message
//! that names the file and the place in it (line and column, or thesis key).

use std::fmt;
use std::path::PathBuf;

/// One problem found in a thesis file, at a key such as `criteria[painkiller].rules[pk-x].when`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.key, self.message)
        }
    }
}

/// Where in a data file a problem is: a line (1 is the header) and, when known, a column name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub line: Option<u64>,
    pub column: Option<String>,
    /// Whether `line` is a spreadsheet's row number rather than a line of text.
    pub in_sheet: bool,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line_word = if self.in_sheet { "row" } else { "line" };
        match (&self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, ": {line_word} {line}, column {column}"),
            (Some(line), None) => write!(f, ": {line_word} {line}"),
            (None, Some(column)) => write!(f, ": column {column}"),
            (None, None) => Ok(()),
        }
    }
}

/// What is wrong in a data file (companies, categories, outcomes, scores, an article), by kind, so
/// that a caller can tell a missing column from a bad value without reading the message. Each kind
/// carries the words of its message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataProblem {
    /// The file is not a table of the expected shape: no header row, an empty or repeated header,
    /// a ragged row, text that is not UTF-8, a damaged workbook or a missing sheet.
    #[error("{0}")]
    Shape(String),
    /// A column the file must have is not in its header.
    #[error("the required column \"{0}\" is missing")]
    MissingColumn(String),
    /// A cell whose value is not of the column's type, or text that breaks the text rules.
    #[error("{0}")]
    InvalidValue(String),
    /// Rows that contradict each other: an id or category listed twice, a company with two final
    /// events or with events but none final.
    #[error("{0}")]
    Conflict(String),
    /// A name that refers to nothing: an unknown category or company, or an event with no class.
    #[error("{0}")]
    UnknownReference(String),
    /// A value dated after the thesis, or a dated field whose date is missing or malformed.
    #[error("{0}")]
    LookAhead(String),
    /// A file past the limits a run holds to: a workbook that inflates or spans too much, ids and
    /// names past 4 GiB.
    #[error("{0}")]
    TooLarge(String),
    /// A file with nothing to work on: no company rows, an article with no sentences.
    #[error("{0}")]
    Empty(String),
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{file}{place}: {problem}")]
    Data {
        file: String,
        place: Place,
        problem: DataProblem,
    },

    #[error("{file}: {}{}", problems[0], more_problems(problems.len()))]
    Thesis {
        file: String,
        problems: Vec<Problem>,
    },

    #[error("no company matches \"{query}\"{}", suggestion_list(suggestions))]
    UnknownCompany {
        query: String,
        suggestions: Vec<String>,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("refusing to write {}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },

    #[error("cannot draw the {chart} chart: {message}")]
    Chart { chart: String, message: String },
}

impl Error {
    pub fn data(
        file: &str,
        line: Option<u64>,
        column: Option<&str>,
        problem: DataProblem,
    ) -> Error {
        Error::Data {
            file: file.to_string(),
            place: Place {
                line,
                column: column.map(str::to_string),
                in_sheet: false,
            },
            problem,
        }
    }

    /// A failed write to standard output.
    pub fn stdout(source: std::io::Error) -> Error {
        Error::Write {
            path: PathBuf::from("standard output"),
            source,
        }
    }

    pub fn thesis(file: &str, key: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Thesis {
            file: file.to_string(),
            problems: vec![Problem {
                key: key.into(),
                message: message.into(),
            }],
        }
    }
}

fn more_problems(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        2 => " (and 1 more problem: `thesis check` lists all)".to_string(),
        n => format!(" (and {} more problems: `thesis check` lists all)", n - 1),
    }
}

fn suggestion_list(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
