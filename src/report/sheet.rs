//! A table of typed cells: what every tabular output holds. The CSV, XLSX and JSON writers all read
//! the same [`Sheet`], so the three formats agree cell for cell; only the spelling differs. A table
//! too large to hold as cells (the score table of a million companies) gives its rows one at a time
//! through [`Tabular`].

use std::borrow::Cow;

/// One cell, typed so that each format can write it as what it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, possibly typed by a user: CSV neutralizes it, XLSX writes it as a string.
    Text(String),
    /// Items written `;`-separated in one CSV or XLSX cell, and as an array in JSON.
    List(Vec<String>),
    Integer(u64),
    Number(f64),
    Bool(bool),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A number, or an empty cell when there is none.
    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// How a column reads in a spreadsheet: its number format, and whether it gets a colour scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Integer,
    /// A score from 0 to 1: three decimals and a colour scale.
    Score,
    /// Any other number: three decimals.
    Decimal,
    /// A share or probability, shown as a percentage.
    Share,
    /// A p-value: four decimals.
    PValue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub style: Style,
}

impl Column {
    pub fn new(header: impl Into<String>, style: Style) -> Column {
        Column {
            header: header.into(),
            style,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file stem of its CSV (`scores` → `scores.csv`).
    pub name: &'static str,
    /// Its tab in the workbook (at most 31 characters).
    pub title: &'static str,
    pub columns: Vec<Column>,
    /// Each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn headers(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|column| column.header.as_str())
    }
}

/// A table whose rows can be had one at a time, so a writer can format a large table in chunks
/// without holding every cell.
pub trait Tabular: Sync {
    /// The file stem of its CSV (`scores` → `scores.csv`).
    fn name(&self) -> &str;
    fn columns(&self) -> Cow<'_, [Column]>;
    fn row_count(&self) -> usize;
    /// Row `index`'s cells, as long as the columns.
    fn row(&self, index: usize) -> Cow<'_, [Cell]>;
}

impl Tabular for Sheet {
    fn name(&self) -> &str {
        self.name
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, index: usize) -> Cow<'_, [Cell]> {
        Cow::Borrowed(&self.rows[index])
    }
}
