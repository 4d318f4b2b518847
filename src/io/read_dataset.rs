//! Reading a company file into a [`Dataset`]: streamed from disk in blocks typed in parallel, typed
//! row by row from text, or bound from a parsed table (a workbook's sheet). The one place that
//! picks the way, so that the dataset does not know its builders.

use super::builder::DatasetBuilder;
use super::dataset::{Dataset, Schema, company_fields, require_column, require_header};
use super::encoding::CsvFormat;
use super::source::Source;
use super::streamed;
use super::table::{CsvRows, RawTable, csv_text, refuse_sheet};
use super::workbook::is_workbook;
use crate::error::Result;

impl Dataset {
    /// Reads the company file `source` straight into columns, row by row; a workbook is read as a
    /// table first. Each company is typed by `schema` and joined to its row of `categories`.
    pub fn read(
        source: &Source,
        format: CsvFormat,
        categories: &RawTable,
        schema: &Schema,
    ) -> Result<Dataset> {
        if is_workbook(source)? {
            return Dataset::bind(&RawTable::parse_as(source, format)?, categories, schema);
        }
        if let Some(path) = source.on_disk_path() {
            refuse_sheet(source)?;
            if let Some(data) = streamed::read(source, path, format, categories, schema)? {
                return Ok(data);
            }
        }
        let bytes = source.bytes()?;
        let text = csv_text(source, &bytes, format)?;
        let rows = CsvRows::open(&source.label, &text, format)?;
        let shape = &rows.shape;
        let columns = company_fields(schema)
            .map(|field| require_header(&shape.label, &shape.headers, &field.name))
            .collect::<Result<Vec<_>>>()?;
        let label = shape.label.clone();
        let builder = DatasetBuilder::new(schema, &label, categories, shape.decimal_comma)?;
        builder.read_all(rows, &columns)
    }

    /// Types every declared column and joins each company to its category row.
    pub fn bind(companies: &RawTable, categories: &RawTable, schema: &Schema) -> Result<Dataset> {
        let columns = company_fields(schema)
            .map(|field| require_column(companies, &field.name))
            .collect::<Result<Vec<_>>>()?;
        let mut builder = DatasetBuilder::new(
            schema,
            &companies.label,
            categories,
            companies.decimal_comma,
        )?;
        for row in &companies.rows {
            builder.push(row.line, |index| row.cells[columns[index]].as_str())?;
        }
        builder.finish()
    }
}
