//! A table from any input file: the chosen sheet of a workbook, or delimited text. The one place
//! that tells the two apart, so that neither reader knows of the other.

use super::encoding::CsvFormat;
use super::source::Source;
use super::table::RawTable;
use super::workbook::{is_workbook, read_sheet};
use crate::error::Result;

impl RawTable {
    /// Parses comma-separated text with a header row, detecting the delimiter and the encoding, or
    /// reads the chosen sheet of a workbook.
    pub fn parse(source: &Source) -> Result<RawTable> {
        RawTable::parse_as(source, CsvFormat::default())
    }

    /// Parses delimited text with a header row, or reads the chosen sheet of a workbook. Every row
    /// must have as many cells as the header.
    pub fn parse_as(source: &Source, format: CsvFormat) -> Result<RawTable> {
        match is_workbook(source)? {
            true => read_sheet(source),
            false => RawTable::parse_csv(source, format),
        }
    }
}
