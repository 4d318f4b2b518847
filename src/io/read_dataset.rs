//! Reading a company file into a [`Dataset`]: streamed from disk in blocks typed in parallel, typed
//! row by row from text, or bound from a parsed table (a workbook's sheet). The one place that
//! picks the way, so that the dataset does not know its builders.

use super::builder::DatasetBuilder;
use super::encoding::CsvFormat;
use super::parquet::{ParquetRows, is_parquet, open_parquet};
use super::source::Source;
use super::streamed;
use super::table::{CsvRows, RawTable, csv_text, refuse_sheet, require_column, require_header};
use super::workbook::is_workbook;
use crate::error::Result;
use crate::model::schema::company_fields;
use crate::model::{Dataset, Schema};

impl Dataset {
    /// Reads the company file `source` straight into columns, row by row; a workbook is read as a
    /// table first. Each company is typed by `schema` and joined to its row of `categories`.
    pub fn read(
        source: &Source,
        format: CsvFormat,
        categories: &RawTable,
        schema: &Schema,
    ) -> Result<Dataset> {
        if is_parquet(source)? {
            refuse_sheet(source)?;
            return read_parquet_rows(&open_parquet(source)?, categories, schema);
        }
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

/// The companies of a Parquet file, typed row by row as it is read, its row groups in parallel:
/// the file's rows are never held as text.
fn read_parquet_rows(
    rows: &ParquetRows,
    categories: &RawTable,
    schema: &Schema,
) -> Result<Dataset> {
    let columns = company_fields(schema)
        .map(|field| require_header(&rows.label, &rows.headers, &field.name))
        .collect::<Result<Vec<_>>>()?;
    let mut builder = DatasetBuilder::new(schema, &rows.label, categories, false)?;
    builder.read_parts(rows.row_groups(), |group, part| {
        rows.each_row_in(group, &mut |line, cells| {
            part.push_to_part(line, |index| cells[columns[index]].as_str())
        })
    })?;
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DataProblem, Error};
    use crate::model::{FieldType, ValueRef};

    fn table(label: &str, text: &str) -> RawTable {
        RawTable::parse(&Source::embedded(label, text.as_bytes())).unwrap()
    }

    fn schema() -> Schema {
        Schema::new(
            &[("funding_musd".into(), FieldType::Number)],
            &[("heat".into(), FieldType::Number)],
        )
    }

    fn bind(companies: &str, categories: &str) -> Result<Dataset> {
        Dataset::bind(
            &table("c.csv", companies),
            &table("k.csv", categories),
            &schema(),
        )
    }

    fn read(companies: &str, categories: &str) -> Result<Dataset> {
        Dataset::read(
            &Source::embedded("c.csv", companies.as_bytes()),
            CsvFormat::default(),
            &table("k.csv", categories),
            &schema(),
        )
    }

    /// The name of a problem's kind, as a caller would match on it.
    fn kind(problem: &DataProblem) -> &'static str {
        match problem {
            DataProblem::Shape(_) => "Shape",
            DataProblem::MissingColumn(_) => "MissingColumn",
            DataProblem::InvalidValue(_) => "InvalidValue",
            DataProblem::Conflict(_) => "Conflict",
            DataProblem::UnknownReference(_) => "UnknownReference",
            DataProblem::LookAhead(_) => "LookAhead",
            DataProblem::TooLarge(_) => "TooLarge",
            DataProblem::Empty(_) => "Empty",
        }
    }

    const CATEGORIES: &str = "category,heat\nStorage,3\nSecurity,\n";

    #[test]
    fn joins_category_signals_and_types_values() {
        let data = bind(
            "id,name,category,funding_musd,extra\na,A,Storage,8.5,x\nb,B,Security,,y\n",
            CATEGORIES,
        )
        .unwrap();
        let values = |company: usize| [data.value(company, 3), data.value(company, 4)];
        assert_eq!(values(0), [ValueRef::Number(8.5), ValueRef::Number(3.0)]);
        assert_eq!(values(1), [ValueRef::Missing, ValueRef::Missing]);
        assert_eq!(
            [data.id(1), data.name(1), data.category(1)],
            ["b", "B", "Security"]
        );
        assert_eq!(data.line(1), 3);
    }

    #[test]
    fn pins_every_data_error() {
        let cases = [
            (
                "id,name,category\na,A,Storage\n",
                CATEGORIES,
                "c.csv: line 1: the required column \"funding_musd\" is missing",
                "MissingColumn",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,lots\n",
                CATEGORIES,
                "c.csv: line 2, column funding_musd: expected a number, found \"lots\"",
                "InvalidValue",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\na,B,Storage,2\n",
                CATEGORIES,
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
                "Conflict",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\n,B,Storage,2\n",
                CATEGORIES,
                "c.csv: line 3, column id: the id is empty",
                "InvalidValue",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\nb,B,Stroage,2\n",
                CATEGORIES,
                "c.csv: line 3, column category: the category \"Stroage\" is not in k.csv",
                "UnknownReference",
            ),
            (
                "id,name,category,funding_musd\n",
                "category\nStorage\n",
                "k.csv: line 1: the required column \"heat\" is missing",
                "MissingColumn",
            ),
            (
                "id,name,category,funding_musd\n",
                "category,heat\nStorage,hot\n",
                "k.csv: line 2, column heat: expected a number, found \"hot\"",
                "InvalidValue",
            ),
            (
                "id,name,category,funding_musd\n",
                "category,heat\nStorage,1\nStorage,2\n",
                "k.csv: line 3, column category: the category \"Storage\" is already listed on line 2",
                "Conflict",
            ),
        ];
        for (companies, categories, expected, expected_kind) in cases {
            for error in [bind(companies, categories), read(companies, categories)] {
                let error = error.unwrap_err();
                assert_eq!(error.to_string(), expected);
                let Error::Data { problem, .. } = error else {
                    panic!("not a data error: {error}");
                };
                assert_eq!(kind(&problem), expected_kind, "{expected}");
            }
        }
    }

    #[test]
    fn reading_row_by_row_reports_the_first_error_in_row_order() {
        let header = "id,name,category,funding_musd\n";
        let cases = [
            (
                "a,A,Storage,1\na,B,Storage,2\nb\n",
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
            ),
            (
                "a,A,Storage,1\nb\na,B,Storage,2\n",
                "c.csv: line 3: the row has 1 cells but the header has 4",
            ),
            (
                "a,A,Storage,1\na,B,Storage,lots\n",
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
            ),
            (
                "a,A,Storage,lots\na,B,Storage,2\n",
                "c.csv: line 2, column funding_musd: expected a number, found \"lots\"",
            ),
        ];
        for (rows, expected) in cases {
            let companies = format!("{header}{rows}");
            assert_eq!(
                read(&companies, CATEGORIES).unwrap_err().to_string(),
                expected,
                "{rows:?}"
            );
        }
    }
}
