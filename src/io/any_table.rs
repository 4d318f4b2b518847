//! A table from any input file: the chosen sheet of a workbook, a Parquet file, or delimited text.
//! The one place that tells them apart, so that no reader knows of the others.

use super::encoding::CsvFormat;
use super::parquet::{is_parquet, read_parquet};
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
        if is_workbook(source)? {
            return read_sheet(source);
        }
        if is_parquet(source)? {
            super::table::refuse_sheet(source)?;
            return read_parquet(source);
        }
        RawTable::parse_csv(source, format)
    }
}
