//! The score table as Parquet, for DuckDB, polars and Spark: typed columns (ranks as `INT64`,
//! numbers as `DOUBLE` with the value `scores.csv` prints, text and `;`-joined rule lists as UTF-8
//! strings, empty cells as nulls), Snappy-compressed, in row groups of 65,536 rows written as they
//! fill, the same bytes on every run. Written with the `parquet` crate's own column writers: the
//! Arrow layer would more than double the crate's build time.

use super::Exporter;
use super::sheet::{CellRef, Column, SheetRows, Style};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group: memory stays bounded by one group's values.
const ROWS_PER_GROUP: usize = 65_536;

/// One table as `NAME.parquet`.
pub struct ParquetFile<'a> {
    pub name: &'a str,
    pub table: &'a dyn SheetRows,
}

/// One column's values in the row group being filled, without its nulls, and whether each row
/// has a value (1) or is null (0).
struct ColumnValues {
    values: Values,
    present: Vec<i16>,
}

enum Values {
    Integer(Vec<i64>),
    Number(Vec<f64>),
    Text(Vec<ByteArray>),
}

impl ColumnValues {
    fn for_column(column: &Column) -> ColumnValues {
        let values = match column.style {
            Style::Integer => Values::Integer(Vec::new()),
            Style::Text => Values::Text(Vec::new()),
            Style::Score | Style::Decimal | Style::Share | Style::PValue => {
                Values::Number(Vec::new())
            }
        };
        ColumnValues {
            values,
            present: Vec::new(),
        }
    }

    /// The column's type in the file: every column may be null.
    fn schema_type(&self, name: &str) -> Result<Arc<Type>, ParquetError> {
        let (physical, logical) = match self.values {
            Values::Integer(_) => (PhysicalType::INT64, None),
            Values::Number(_) => (PhysicalType::DOUBLE, None),
            Values::Text(_) => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
        };
        Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
            .map(Arc::new)
    }

    fn push(&mut self, cell: CellRef<'_>) {
        let pushed = match (&mut self.values, cell) {
            (Values::Integer(values), CellRef::Integer(value)) => match i64::try_from(value) {
                Ok(value) => {
                    values.push(value);
                    true
                }
                Err(_) => false,
            },
            (Values::Number(values), CellRef::Number(value)) => {
                values.push(value);
                true
            }
            (Values::Text(values), CellRef::Text(text)) if !text.is_empty() => {
                values.push(ByteArray::from(text));
                true
            }
            (Values::Text(values), CellRef::List(items)) if !items.is_empty() => {
                values.push(ByteArray::from(items.join(";").into_bytes()));
                true
            }
            (Values::Text(values), CellRef::Bool(flag)) => {
                values.push(ByteArray::from(if flag { "true" } else { "false" }));
                true
            }
            _ => false,
        };
        self.present.push(i16::from(pushed));
    }

    fn clear(&mut self) {
        self.present.clear();
        match &mut self.values {
            Values::Integer(values) => values.clear(),
            Values::Number(values) => values.clear(),
            Values::Text(values) => values.clear(),
        }
    }
}

impl Exporter for ParquetFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.parquet", self.name)
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let columns = self.table.columns();
        let mut filling: Vec<ColumnValues> = columns.iter().map(ColumnValues::for_column).collect();
        let fields = (columns.iter().zip(&filling))
            .map(|(column, values)| values.schema_type(&column.header))
            .collect::<Result<Vec<_>, _>>()
            .map_err(std::io::Error::other)?;
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .map_err(std::io::Error::other)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        // The writer needs a `Send` destination; the file is written out once it is whole.
        let mut bytes = Vec::new();
        let mut writer =
            SerializedFileWriter::new(&mut bytes, Arc::new(schema), Arc::new(properties))
                .map_err(std::io::Error::other)?;
        let mut failed = None;
        let mut rows = 0;
        self.table.each_row(&mut |cells| {
            if failed.is_some() {
                return;
            }
            for (values, cell) in filling.iter_mut().zip(cells) {
                values.push(*cell);
            }
            rows += 1;
            if rows % ROWS_PER_GROUP == 0
                && let Err(error) = write_group(&mut writer, &mut filling)
            {
                failed = Some(error);
            }
        });
        if let Some(error) = failed {
            return Err(std::io::Error::other(error));
        }
        if rows % ROWS_PER_GROUP != 0 || rows == 0 {
            write_group(&mut writer, &mut filling).map_err(std::io::Error::other)?;
        }
        writer.close().map_err(std::io::Error::other)?;
        out.write_all(&bytes)
    }
}

/// Writes the rows filled so far as one row group, and empties the columns for the next.
fn write_group(
    writer: &mut SerializedFileWriter<&mut Vec<u8>>,
    filling: &mut [ColumnValues],
) -> Result<(), ParquetError> {
    let mut group = writer.next_row_group()?;
    for values in filling.iter_mut() {
        let Some(mut column) = group.next_column()? else {
            break;
        };
        let present = Some(values.present.as_slice());
        match &values.values {
            Values::Integer(items) => column
                .typed::<Int64Type>()
                .write_batch(items, present, None),
            Values::Number(items) => column
                .typed::<DoubleType>()
                .write_batch(items, present, None),
            Values::Text(items) => column
                .typed::<ByteArrayType>()
                .write_batch(items, present, None),
        }?;
        column.close()?;
        values.clear();
    }
    group.close()?;
    Ok(())
}
