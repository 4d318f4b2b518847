//! A Parquet file as a table of text cells, so that it is typed, checked and reported on exactly as
//! the same table in CSV: strings as they are, numbers in their shortest round-trip form, booleans
//! as `true`/`false`, dates as `YYYY-MM-DD`, lists of text `;`-joined, nulls empty. Rows are
//! numbered as in the table's CSV export: the column names are row 1, the first row of data row 2.

use super::source::Source;
use super::table::{RawRow, RawTable, refuse_repeated_column};
use crate::error::{DataProblem, Result};
use crate::model::TableLabel;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const MAGIC: &[u8] = b"PAR1";

/// Whether the source is a Parquet file: it starts with Parquet's magic number.
pub(super) fn is_parquet(source: &Source) -> Result<bool> {
    Ok(source.head(MAGIC.len())?.starts_with(MAGIC))
}

/// Every row of the file, its columns in file order.
pub(super) fn read_parquet(source: &Source) -> Result<RawTable> {
    let file = source.label.as_str();
    let label = TableLabel {
        name: file.to_string(),
        in_sheet: true,
    };
    let damaged = |error: parquet::errors::ParquetError| {
        label.error(
            None,
            None,
            DataProblem::Shape(format!(
                "is damaged, or is not a Parquet file: {}",
                error.to_string().trim_start_matches("Parquet error: ")
            )),
        )
    };
    let bytes = bytes::Bytes::from(source.bytes()?.into_owned());
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)
        .map_err(damaged)?
        .build()
        .map_err(damaged)?;
    let schema = reader.schema();
    let headers: Vec<String> = (schema.fields().iter())
        .map(|field| field.name().trim().to_string())
        .collect();
    if headers.is_empty() {
        return Err(label.error(None, None, DataProblem::Shape("has no columns".to_string())));
    }
    refuse_repeated_column(&label, 1, &headers)?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|error| {
            label.error(
                Some(rows.len() as u64 + 2),
                None,
                DataProblem::Shape(format!("cannot be read: {error}")),
            )
        })?;
        append_rows(&batch, &headers, &label, &mut rows)?;
    }
    Ok(RawTable {
        label,
        headers,
        rows,
        decimal_comma: false,
    })
}

fn append_rows(
    batch: &RecordBatch,
    headers: &[String],
    label: &TableLabel,
    rows: &mut Vec<RawRow>,
) -> Result<()> {
    let first = rows.len();
    rows.extend((0..batch.num_rows()).map(|index| RawRow {
        line: (first + index) as u64 + 2,
        cells: Vec::with_capacity(headers.len()),
    }));
    for (column, header) in batch.columns().iter().zip(headers) {
        let unreadable = |data_type: &DataType| {
            label.error(
                None,
                Some(header),
                DataProblem::Shape(format!(
                    "has the Parquet type {data_type}, which is not text, a number, a bool, a \
                     date or a list of text"
                )),
            )
        };
        for (index, row) in rows[first..].iter_mut().enumerate() {
            let text = match column.is_null(index) {
                true => String::new(),
                false => cell_text(column.as_ref(), index)
                    .ok_or_else(|| unreadable(column.data_type()))?,
            };
            row.cells.push(text.trim().to_string());
        }
    }
    Ok(())
}

/// The cell at `index` as CSV would hold it; `None` for a type thesis does not read.
fn cell_text(column: &dyn Array, index: usize) -> Option<String> {
    Some(match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().value(index).to_string(),
        DataType::LargeUtf8 => column.as_string::<i64>().value(index).to_string(),
        DataType::Utf8View => column.as_string_view().value(index).to_string(),
        DataType::Boolean => column.as_boolean().value(index).to_string(),
        DataType::Int8 => column.as_primitive::<Int8Type>().value(index).to_string(),
        DataType::Int16 => column.as_primitive::<Int16Type>().value(index).to_string(),
        DataType::Int32 => column.as_primitive::<Int32Type>().value(index).to_string(),
        DataType::Int64 => column.as_primitive::<Int64Type>().value(index).to_string(),
        DataType::UInt8 => column.as_primitive::<UInt8Type>().value(index).to_string(),
        DataType::UInt16 => column.as_primitive::<UInt16Type>().value(index).to_string(),
        DataType::UInt32 => column.as_primitive::<UInt32Type>().value(index).to_string(),
        DataType::UInt64 => column.as_primitive::<UInt64Type>().value(index).to_string(),
        DataType::Float32 => column
            .as_primitive::<Float32Type>()
            .value(index)
            .to_string(),
        DataType::Float64 => column
            .as_primitive::<Float64Type>()
            .value(index)
            .to_string(),
        DataType::Date32 => {
            let days = column.as_primitive::<Date32Type>().value(index);
            Date32Type::to_naive_date_opt(days)?
                .format("%Y-%m-%d")
                .to_string()
        }
        DataType::List(_) => {
            let items = column.as_list::<i32>().value(index);
            let mut texts = Vec::with_capacity(items.len());
            for item in 0..items.len() {
                if !items.is_null(item) {
                    texts.push(cell_text(items.as_ref(), item)?);
                }
            }
            texts.join(";")
        }
        _ => return None,
    })
}
