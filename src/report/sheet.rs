//! A table of typed cells: what every tabular output holds. The CSV, XLSX and JSON writers all read
//! the same [`Sheet`], so the three formats agree cell for cell; only the spelling differs. A table
//! too large to hold as cells (the score table of a million companies) gives its rows one at a time
//! through [`Tabular`], and the workbook writer reads any sheet through [`SheetRows`], whose rows
//! may be made as they are written.

use std::borrow::Cow;
use std::ops::Range;

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

/// A cell borrowed from wherever its text lives: what a writer reads a row as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    List(&'a [String]),
    Integer(u64),
    Number(f64),
    Bool(bool),
}

impl CellRef<'_> {
    pub fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(text) => Cell::text(text),
            CellRef::List(items) => Cell::List(items.to_vec()),
            CellRef::Integer(value) => Cell::Integer(value),
            CellRef::Number(value) => Cell::Number(value),
            CellRef::Bool(value) => Cell::Bool(value),
        }
    }

    /// A number, or an empty cell when there is none.
    pub fn number(value: Option<f64>) -> Self {
        value.map_or(CellRef::Empty, CellRef::Number)
    }
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(text) => CellRef::Text(text),
            Cell::List(items) => CellRef::List(items),
            Cell::Integer(value) => CellRef::Integer(*value),
            Cell::Number(value) => CellRef::Number(*value),
            Cell::Bool(value) => CellRef::Bool(*value),
        }
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
    /// Hands the cells of each row in `rows`, as many as the columns, to `visit`, in order: a table
    /// can look up what the rows need together before handing them over. The cells borrow from the
    /// table, never from something made for the row, so a writer may know a list by its address.
    fn with_rows<'t>(&'t self, rows: Range<usize>, visit: &mut dyn FnMut(&[CellRef<'t>]));
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

    fn with_rows<'t>(&'t self, rows: Range<usize>, visit: &mut dyn FnMut(&[CellRef<'t>])) {
        let mut cells = Vec::with_capacity(self.columns.len());
        for row in &self.rows[rows] {
            cells.clear();
            cells.extend(row.iter().map(Cell::as_ref));
            visit(&cells);
        }
    }
}

/// A table a run writes both as a CSV file and as a sheet of its workbook.
pub trait RunSheet: Tabular + SheetRows {}

impl<T: Tabular + SheetRows> RunSheet for T {}

/// A sheet as the workbook writer reads it: each row lent only while it is written, so that a row
/// may be made for the writer (the explanations of a hundred thousand companies are never held).
pub trait SheetRows: Sync {
    /// Its tab in the workbook (at most 31 characters).
    fn title(&self) -> &str;
    fn columns(&self) -> Cow<'_, [Column]>;
    fn row_count(&self) -> usize;
    /// Hands the cells of every row, as many as the columns, to `visit`, in order.
    fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>]));
}

impl SheetRows for Sheet {
    fn title(&self) -> &str {
        self.title
    }

    fn columns(&self) -> Cow<'_, [Column]> {
        Cow::Borrowed(&self.columns)
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn each_row(&self, visit: &mut dyn FnMut(&[CellRef<'_>])) {
        self.with_rows(0..self.rows.len(), &mut |cells| visit(cells));
    }
}
