//! Building a [`Dataset`] row by row: each row checked and typed as it is read, blocks of rows read
//! in parallel and joined in file order, and ids checked for repeats at the end.

use super::lines::CsvRecord;
use super::table::{CsvRows, RawTable, require_column};
use crate::error::{DataProblem, Error, Result};
use crate::model::columns::{ColumnBuilder, Lines, Strings};
use crate::model::dataset::{CategoryRow, CompanyColumns};
use crate::model::schema::company_fields;
use crate::model::{Dataset, FieldDef, KEY_FIELDS, Origin, Schema, TableLabel, Value};
use crate::model::{check_text, trim_cell};
use crate::ordered::make_in_order;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::collections::HashMap;
use std::hash::BuildHasher;

/// Bytes of a company file read by one task: enough rows that a block's bookkeeping is small beside
/// its reading, few enough that two cores share a file of ten thousand rows.
pub(super) const BLOCK_BYTES: usize = 256 * 1024;

/// Why a file cannot be read: the arenas address their text with 32-bit offsets.
fn too_large() -> DataProblem {
    DataProblem::TooLarge("the ids and names pass 4 GiB, more than one run can hold".to_string())
}

/// Builds a [`Dataset`] row by row, checking each row as the sequential reading of the file would:
/// the first error in row order wins.
pub(super) struct DatasetBuilder<'a> {
    schema: &'a Schema,
    label: &'a TableLabel,
    categories: &'a RawTable,
    category_index: FxHashMap<String, u32>,
    category_rows: Vec<CategoryRow>,
    ids: Strings,
    names: Strings,
    category_of: Vec<u32>,
    lines: Lines,
    columns: Vec<ColumnBuilder>,
}

impl<'a> DatasetBuilder<'a> {
    pub(super) fn new(
        schema: &'a Schema,
        label: &'a TableLabel,
        categories: &'a RawTable,
        decimal_comma: bool,
    ) -> Result<DatasetBuilder<'a>> {
        let category_rows = read_categories(categories, schema)?;
        let category_index = category_rows
            .iter()
            .enumerate()
            .map(|(index, row)| (row.name.clone(), index as u32))
            .collect();
        let columns = company_fields(schema)
            .skip(KEY_FIELDS.len())
            .map(|field| ColumnBuilder::new(field.field_type, decimal_comma))
            .collect();
        Ok(DatasetBuilder {
            schema,
            label,
            categories,
            category_index,
            category_rows,
            ids: Strings::default(),
            names: Strings::default(),
            category_of: Vec::new(),
            lines: Lines::default(),
            columns,
        })
    }

    /// Reads every row of `rows`, whose `columns[k]` is the cell of the schema's `k`-th company
    /// field, and hands over the dataset.
    pub(super) fn read_all(mut self, rows: CsvRows, columns: &[usize]) -> Result<Dataset> {
        self.read_blocks(rows.into_blocks(BLOCK_BYTES), columns)?;
        self.finish()
    }

    /// Reads blocks of rows on the rayon pool, a few per thread ahead, and joins them in file order
    /// on this thread. The first block with an error ends the reading, with its rows joined first so
    /// that a repeated id before the error is still the first error.
    pub(super) fn read_blocks(&mut self, blocks: Vec<CsvRows>, columns: &[usize]) -> Result<()> {
        let blank = self.part();
        let read = |mut block: CsvRows| blank.read_block(&mut block, columns);
        let ahead = 4 * rayon::current_num_threads();
        make_in_order(blocks, ahead, read, |(part, error)| {
            self.append(part)?;
            match error {
                Some(error) => Err(self.earlier_duplicate().unwrap_or(error)),
                None => Ok(()),
            }
        })
    }

    /// Fills a part per block on the rayon pool with `fill`, a few per thread ahead, and joins them
    /// in file order on this thread, as [`DatasetBuilder::read_blocks`] does; for blocks of rows
    /// that are not CSV text (a Parquet file's row groups).
    pub(super) fn read_parts<B: Send>(
        &mut self,
        blocks: Vec<B>,
        fill: impl Fn(B, &mut DatasetBuilder<'a>) -> Result<()> + Sync,
    ) -> Result<()> {
        let blank = self.part();
        let read = |block: B| {
            let mut part = blank.part();
            let error = fill(block, &mut part).err();
            (part, error)
        };
        let ahead = 2 * rayon::current_num_threads();
        make_in_order(blocks, ahead, read, |(part, error)| {
            self.append(part)?;
            match error {
                Some(error) => Err(self.earlier_duplicate().unwrap_or(error)),
                None => Ok(()),
            }
        })
    }

    /// Adds the row at `line` to a part, without looking for an earlier repeated id (the part
    /// holds only its block's rows; [`DatasetBuilder::read_parts`] looks once they are joined).
    pub(super) fn push_to_part<'c>(
        &mut self,
        line: u64,
        cell: impl Fn(usize) -> &'c str,
    ) -> Result<()> {
        self.push_row(line, cell)
    }

    /// An empty builder for another block of the same file, sharing the category index.
    fn part(&self) -> DatasetBuilder<'a> {
        DatasetBuilder {
            category_index: self.category_index.clone(),
            // Only the builder that hands over the dataset needs the rows.
            category_rows: Vec::new(),
            ids: Strings::default(),
            names: Strings::default(),
            category_of: Vec::new(),
            lines: Lines::default(),
            columns: self.columns.iter().map(ColumnBuilder::empty_like).collect(),
            ..*self
        }
    }

    /// Reads one block of rows into a part, up to the first error, which is returned beside it.
    fn read_block(
        &self,
        rows: &mut CsvRows,
        columns: &[usize],
    ) -> (DatasetBuilder<'a>, Option<Error>) {
        let mut part = self.part();
        let mut record = CsvRecord::default();
        loop {
            let pushed = match rows.next_row(&mut record) {
                Ok(Some(line)) => part.push_row(line, |index| trim_cell(&record[columns[index]])),
                Ok(None) => return (part, None),
                Err(error) => Err(error),
            };
            if let Err(error) = pushed {
                return (part, Some(error));
            }
        }
    }

    /// Appends the rows a part read, after this builder's.
    fn append(&mut self, part: DatasetBuilder) -> Result<()> {
        if !self.ids.append(&part.ids) || !self.names.append(&part.names) {
            return Err(self.label.error(None, Some("name"), too_large()));
        }
        self.category_of.extend(part.category_of);
        self.lines.append(&part.lines);
        for (column, theirs) in self.columns.iter_mut().zip(part.columns) {
            column.append(theirs);
        }
        Ok(())
    }

    /// Adds the row at `line`, whose `cell(k)` is the trimmed cell of the `k`-th company field of
    /// the schema (the key fields first). An error in the row gives way to a repeated id on an
    /// earlier row (or on this one), which comes first in row order.
    pub(super) fn push<'c>(&mut self, line: u64, cell: impl Fn(usize) -> &'c str) -> Result<()> {
        self.push_row(line, cell)
            .map_err(|error| self.earlier_duplicate().unwrap_or(error))
    }

    fn push_row<'c>(&mut self, line: u64, cell: impl Fn(usize) -> &'c str) -> Result<()> {
        let fail = |column: &str, problem: DataProblem| {
            self.label.error(Some(line), Some(column), problem)
        };
        for (index, key) in KEY_FIELDS.iter().enumerate() {
            if cell(index).is_empty() {
                return Err(fail(
                    key,
                    DataProblem::InvalidValue(format!("the {key} is empty")),
                ));
            }
        }
        for (index, key) in KEY_FIELDS.iter().enumerate().take(2) {
            check_text(cell(index), true)
                .map_err(|message| fail(key, DataProblem::InvalidValue(message)))?;
        }
        if !self.ids.push(cell(0)) || !self.names.push(cell(1)) {
            return Err(fail("name", too_large()));
        }
        self.lines.push(line);
        let category = cell(2);
        let Some(&category_index) = self.category_index.get(category) else {
            let message = format!(
                "the category \"{category}\" is not in {}",
                self.categories.label
            );
            return Err(fail("category", DataProblem::UnknownReference(message)));
        };
        self.category_of.push(category_index);
        let declared = self.schema.fields().iter().skip(KEY_FIELDS.len());
        for (index, (column, field)) in self.columns.iter_mut().zip(declared).enumerate() {
            if let Err(message) = column.push(cell(KEY_FIELDS.len() + index)) {
                return Err(fail(&field.name, DataProblem::InvalidValue(message)));
            }
        }
        Ok(())
    }

    /// Checks the ids are unique, then hands over the columns.
    pub(super) fn finish(mut self) -> Result<Dataset> {
        if let Some(error) = self.earlier_duplicate() {
            return Err(error);
        }
        self.ids.shrink_to_fit();
        self.names.shrink_to_fit();
        self.category_of.shrink_to_fit();
        let companies = CompanyColumns {
            ids: self.ids,
            names: self.names,
            category_of: self.category_of,
            lines: self.lines,
            columns: self
                .columns
                .into_iter()
                .map(ColumnBuilder::finish)
                .collect(),
        };
        Ok(Dataset::new(
            self.schema.clone(),
            [self.label.clone(), self.categories.label.clone()],
            companies,
            self.category_rows,
        ))
    }

    /// The error for the first row, in file order, whose id an earlier row already used. Found by
    /// sorting the ids' hashes rather than keeping a set of every id while reading.
    fn earlier_duplicate(&self) -> Option<Error> {
        let hasher = FxBuildHasher;
        let mut hashes: Vec<(u64, u32)> = (0..self.ids.len())
            .into_par_iter()
            .map(|row| (hasher.hash_one(self.ids.get(row)), row as u32))
            .collect();
        hashes.par_sort_unstable();
        let mut first_repeat: Option<(usize, usize)> = None;
        for run in hashes
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            for (position, &(_, later)) in run.iter().enumerate() {
                let later = later as usize;
                let earlier = run[..position]
                    .iter()
                    .map(|&(_, row)| row as usize)
                    .find(|&row| self.ids.get(row) == self.ids.get(later));
                if let Some(earlier) = earlier
                    && first_repeat.is_none_or(|(_, repeat)| later < repeat)
                {
                    first_repeat = Some((earlier, later));
                }
            }
        }
        let (earlier, later) = first_repeat?;
        Some(self.label.error(
            Some(self.lines.get(later)),
            Some("id"),
            DataProblem::Conflict(format!(
                "the id \"{}\" is already used on {} {}",
                self.ids.get(later),
                self.label.line_word(),
                self.lines.get(earlier)
            )),
        ))
    }
}

/// Every category row with its typed category-field values, in file order.
fn read_categories(table: &RawTable, schema: &Schema) -> Result<Vec<CategoryRow>> {
    let key = require_column(table, "category")?;
    let fields: Vec<&FieldDef> = schema
        .fields()
        .iter()
        .filter(|field| field.origin == Origin::Category)
        .collect();
    let columns = fields
        .iter()
        .map(|field| require_column(table, &field.name))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut lines: HashMap<&str, u64> = HashMap::new();
    for row in &table.rows {
        let name = row.cells[key].as_str();
        let fail = |column: &str, problem: DataProblem| {
            table.label.error(Some(row.line), Some(column), problem)
        };
        let invalid =
            |column: &str, message: String| fail(column, DataProblem::InvalidValue(message));
        if name.is_empty() {
            return Err(invalid("category", "the category is empty".to_string()));
        }
        check_text(name, true).map_err(|message| invalid("category", message))?;
        if let Some(first) = lines.insert(name, row.line) {
            return Err(fail(
                "category",
                DataProblem::Conflict(format!(
                    "the category \"{name}\" is already listed on {} {first}",
                    table.label.line_word()
                )),
            ));
        }
        let values = fields
            .iter()
            .zip(&columns)
            .map(|(field, &column)| {
                let cell = &row.cells[column];
                check_text(cell, false)
                    .and_then(|()| Value::parse(cell, field.field_type, table.decimal_comma))
                    .map_err(|message| invalid(&field.name, message))
            })
            .collect::<Result<Vec<_>>>()?;
        rows.push(CategoryRow {
            name: name.to_string(),
            line: row.line,
            values,
        });
    }
    Ok(rows)
}
