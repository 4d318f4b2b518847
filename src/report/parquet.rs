//! The score table as Parquet, for DuckDB, polars and Spark: typed columns (ranks as `INT64`,
//! numbers as `DOUBLE` with the value `scores.csv` prints, text and `;`-joined rule lists as UTF-8
//! strings, empty cells as nulls), Snappy-compressed, in row groups of 65,536 rows, the same bytes
//! on every run.

use super::Exporter;
use super::sheet::{CellRef, Column, SheetRows, Style};
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group, and per batch handed to the writer: memory stays bounded by one batch.
const ROWS_PER_GROUP: usize = 65_536;

/// One table as `NAME.parquet`.
pub struct ParquetFile<'a> {
    pub name: &'a str,
    pub table: &'a dyn SheetRows,
}

/// A column being filled: its cells go in by the column's type.
enum Builder {
    Integer(Int64Builder),
    Number(Float64Builder),
    Text(StringBuilder),
}

impl Builder {
    fn for_column(column: &Column) -> Builder {
        match column.style {
            Style::Integer => Builder::Integer(Int64Builder::new()),
            Style::Text => Builder::Text(StringBuilder::new()),
            Style::Score | Style::Decimal | Style::Share | Style::PValue => {
                Builder::Number(Float64Builder::new())
            }
        }
    }

    fn data_type(&self) -> DataType {
        match self {
            Builder::Integer(_) => DataType::Int64,
            Builder::Number(_) => DataType::Float64,
            Builder::Text(_) => DataType::Utf8,
        }
    }

    fn push(&mut self, cell: CellRef<'_>) {
        match (self, cell) {
            (Builder::Integer(builder), CellRef::Integer(value)) => {
                builder.append_option(i64::try_from(value).ok());
            }
            (Builder::Number(builder), CellRef::Number(value)) => builder.append_value(value),
            (Builder::Text(builder), CellRef::Text(text)) if !text.is_empty() => {
                builder.append_value(text);
            }
            (Builder::Text(builder), CellRef::List(items)) if !items.is_empty() => {
                builder.append_value(items.join(";"));
            }
            (Builder::Text(builder), CellRef::Bool(flag)) => {
                builder.append_value(if flag { "true" } else { "false" });
            }
            (Builder::Integer(builder), _) => builder.append_null(),
            (Builder::Number(builder), _) => builder.append_null(),
            (Builder::Text(builder), _) => builder.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Integer(builder) => Arc::new(builder.finish()),
            Builder::Number(builder) => Arc::new(builder.finish()),
            Builder::Text(builder) => Arc::new(builder.finish()),
        }
    }
}

impl Exporter for ParquetFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.parquet", self.name)
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let columns = self.table.columns();
        let mut builders: Vec<Builder> = columns.iter().map(Builder::for_column).collect();
        let fields: Vec<Field> = (columns.iter().zip(&builders))
            .map(|(column, builder)| Field::new(&column.header, builder.data_type(), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
            .build();
        // The writer needs a `Send` destination; the file is written out once it is whole.
        let mut bytes = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut bytes, schema.clone(), Some(properties))
            .map_err(std::io::Error::other)?;
        let mut failed = None;
        let mut rows = 0;
        let flush = |builders: &mut Vec<Builder>, writer: &mut ArrowWriter<&mut Vec<u8>>| {
            let arrays = builders.iter_mut().map(Builder::finish).collect();
            RecordBatch::try_new(schema.clone(), arrays)
                .map_err(std::io::Error::other)
                .and_then(|batch| writer.write(&batch).map_err(std::io::Error::other))
        };
        self.table.each_row(&mut |cells| {
            if failed.is_some() {
                return;
            }
            for (builder, cell) in builders.iter_mut().zip(cells) {
                builder.push(*cell);
            }
            rows += 1;
            if rows % ROWS_PER_GROUP == 0
                && let Err(error) = flush(&mut builders, &mut writer)
            {
                failed = Some(error);
            }
        });
        if let Some(error) = failed {
            return Err(error);
        }
        if rows % ROWS_PER_GROUP != 0 || rows == 0 {
            flush(&mut builders, &mut writer)?;
        }
        writer.close().map_err(std::io::Error::other)?;
        out.write_all(&bytes)
    }
}
