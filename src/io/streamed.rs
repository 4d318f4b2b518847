//! A company file left on disk, typed as it is read: a few megabytes at a time are cut into blocks of
//! whole records, read on the pool and joined in file order on the reading thread while the pool
//! hashes the same bytes, so the file is never held whole beside the dataset it becomes. What only the whole file decides, its
//! encoding, is checked as it goes: a file that turns out not to be UTF-8 is read whole instead.

use super::builder::{BLOCK_BYTES, DatasetBuilder};
use super::encoding::{CsvFormat, TextEncoding, UTF8_BOM};
use super::source::Source;
use super::table::{CsvRows, CsvShape, RawTable, holds_header_line, require_header};
use crate::error::{Error, Result};
use crate::model::schema::company_fields;
use crate::model::{Dataset, Schema, TableLabel};
use std::path::Path;

/// Reads the company file at `path` (the file of `source`) block by block into a dataset, or `None`
/// when its text is not UTF-8 and must be decoded whole.
pub(super) fn read(
    source: &Source,
    path: &Path,
    format: CsvFormat,
    categories: &RawTable,
    schema: &Schema,
) -> Result<Option<Dataset>> {
    let label = TableLabel::text_file(&source.label);
    let Some(mut reading) = Reading::new(&label, format, categories, schema) else {
        return Ok(None);
    };
    source.read_on_disk(path, |bytes, at_end| reading.take(bytes, at_end))?;
    reading.finish()
}

/// A streamed reading, handed the bytes not taken yet each time more are read.
struct Reading<'a> {
    label: &'a TableLabel,
    format: CsvFormat,
    categories: &'a RawTable,
    schema: &'a Schema,
    /// Whether the encoding is detected, so that bytes that are not UTF-8 stop the reading.
    check_utf8: bool,
    /// Whether the start of the text, where a byte-order mark may be, has been taken.
    started: bool,
    stage: Stage<'a>,
}

/// The rows of a file being read, and what reading them needs.
struct Rows<'a> {
    shape: CsvShape,
    /// The cell of each company field of the schema.
    columns: Vec<usize>,
    /// The line the next record starts on.
    line: u64,
    builder: DatasetBuilder<'a>,
}

/// How far a streamed reading got.
enum Stage<'a> {
    Header,
    Rows(Box<Rows<'a>>),
    /// A row was wrong. The rest is only checked to be UTF-8: bytes that are not would make the
    /// whole file Windows-1252, and could change what the error quotes.
    Failed(Box<Error>),
    NotUtf8,
}

impl<'a> Reading<'a> {
    /// A reading of a company file labelled `label`; none for Windows-1252 text, which is decoded
    /// whole.
    fn new(
        label: &'a TableLabel,
        format: CsvFormat,
        categories: &'a RawTable,
        schema: &'a Schema,
    ) -> Option<Reading<'a>> {
        let check_utf8 = match format.encoding {
            TextEncoding::Detect => true,
            TextEncoding::Utf8 => false,
            TextEncoding::Windows1252 => return None,
        };
        Some(Reading {
            label,
            format,
            categories,
            schema,
            check_utf8,
            started: false,
            stage: Stage::Header,
        })
    }

    /// The dataset read, the first error in row order, or `None` when the text turned out not to
    /// be UTF-8.
    fn finish(self) -> Result<Option<Dataset>> {
        match self.stage {
            Stage::Rows(rows) => rows.builder.finish().map(Some),
            Stage::Failed(error) => Err(*error),
            // Not left before the header unless stopped: the end of the text always comes.
            Stage::NotUtf8 | Stage::Header => Ok(None),
        }
    }

    /// Takes the whole records at the start of `bytes` (all of them `at_end`); answers how many
    /// bytes it took, or `None` to stop reading.
    fn take(&mut self, bytes: &[u8], at_end: bool) -> Result<Option<usize>> {
        let skipped = match std::mem::replace(&mut self.started, true) {
            false => bytes.len() - bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes).len(),
            true => 0,
        };
        let text = &bytes[skipped..];
        if let Stage::Header = self.stage
            && !at_end
            && !holds_header_line(text)
        {
            // Not the header's whole line yet, perhaps not even the whole byte-order mark.
            self.started = false;
            return Ok(Some(0));
        }
        // Rows read without an error were UTF-8, records and all: their text is checked only when
        // a row fails, below, so that the check does not hold up the reading.
        let rows_read = matches!(self.stage, Stage::Rows(_));
        if self.check_utf8 && !rows_read && !is_utf8(whole_lines(text, at_end)) {
            self.stage = Stage::NotUtf8;
            return Ok(None);
        }
        let mut taken = 0;
        if let Stage::Header = self.stage {
            match self.read_header(text, at_end) {
                // The header may go on: it is read again, byte-order mark and all, with more after it.
                Ok(_) if !self.started => return Ok(Some(0)),
                Ok(start) => taken = start,
                Err(error) => self.stage = Stage::Failed(Box::new(error)),
            }
        }
        let rest = &text[taken..];
        taken += match &mut self.stage {
            Stage::Rows(rows) => {
                let blocks = (rows.shape).blocks(rest, rows.line, BLOCK_BYTES, at_end);
                rows.line = blocks.next_line;
                if let Err(error) = rows.builder.read_blocks(blocks.rows, &rows.columns) {
                    if self.check_utf8 && !is_utf8(whole_lines(rest, at_end)) {
                        self.stage = Stage::NotUtf8;
                        return Ok(None);
                    }
                    self.stage = Stage::Failed(Box::new(error));
                    if !self.check_utf8 {
                        return Ok(None);
                    }
                }
                blocks.end
            }
            Stage::Failed(_) if self.check_utf8 => whole_lines(rest, at_end).len(),
            Stage::Failed(_) | Stage::Header | Stage::NotUtf8 => return Ok(None),
        };
        Ok(Some(skipped + taken))
    }

    /// Reads the header at the start of `text` and answers where the rows start, unless the header
    /// may go on past the text: then the reading stays before the header.
    fn read_header(&mut self, text: &[u8], at_end: bool) -> Result<usize> {
        let rows = CsvRows::open(&self.label.name, text, self.format)?;
        let (start, line) = rows.rows_start();
        if start == text.len() && !at_end {
            self.started = false;
            return Ok(0);
        }
        let shape = rows.shape;
        let columns = company_fields(self.schema)
            .map(|field| require_header(&shape.label, &shape.headers, &field.name))
            .collect::<Result<Vec<_>>>()?;
        let builder = DatasetBuilder::new(
            self.schema,
            self.label,
            self.categories,
            shape.decimal_comma,
        )?;
        self.stage = Stage::Rows(Box::new(Rows {
            shape,
            columns,
            line,
            builder,
        }));
        Ok(start)
    }
}

fn is_utf8(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
}

/// The text up to its last line feed, or all of it at the end: what holds only whole characters.
fn whole_lines(text: &[u8], at_end: bool) -> &[u8] {
    match at_end {
        true => text,
        false => &text[..memchr::memrchr(b'\n', text).map_or(0, |at| at + 1)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::source::read_in_chunks;
    use crate::model::FieldType;
    use proptest::prelude::*;

    fn schema() -> Schema {
        Schema::new(
            &[("funding_musd".into(), FieldType::Number)],
            &[("heat".into(), FieldType::Number)],
        )
    }

    /// What reading `bytes` `chunk_bytes` at a time gives: the dataset, or the error's message, or
    /// `None` when the text must be decoded whole.
    fn streamed(bytes: &[u8], chunk_bytes: usize) -> Option<std::result::Result<String, String>> {
        let categories = RawTable::parse(&Source::embedded(
            "k.csv",
            b"category,heat\nStorage,3\nSecurity,\n",
        ))
        .unwrap();
        let (label, schema) = (TableLabel::text_file("c.csv"), schema());
        let mut reading = Reading::new(&label, CsvFormat::default(), &categories, &schema).unwrap();
        let read = read_in_chunks(bytes, chunk_bytes, |bytes, at_end| {
            reading.take(bytes, at_end)
        });
        match (read, reading.finish()) {
            (Err(super::super::source::ChunkFailure::Taking(error)), _) | (_, Err(error)) => {
                Some(Err(error.to_string()))
            }
            (_, Ok(Some(data))) => Some(Ok(format!("{data:?}"))),
            (_, Ok(None)) => None,
        }
    }

    /// What reading the bytes whole gives.
    fn whole(bytes: &[u8]) -> std::result::Result<String, String> {
        let categories = RawTable::parse(&Source::embedded(
            "k.csv",
            b"category,heat\nStorage,3\nSecurity,\n",
        ))
        .unwrap();
        Dataset::read(
            &Source::embedded("c.csv", bytes),
            CsvFormat::default(),
            &categories,
            &schema(),
        )
        .map(|data| format!("{data:?}"))
        .map_err(|error| error.to_string())
    }

    /// Rows that a company file might hold, right and wrong.
    fn row() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..6, "[a-cé]{1,3}", 0u32..3)
                .prop_map(|(id, name, funding)| { format!("c{id},{name},Storage,{funding}\n") }),
            Just("q,\"Quoted, \"\"with\"\"\nbreak\",Security,1.5\r\n".to_string()),
            Just("bad,Bad,Storage,lots\n".to_string()),
            Just("short,row\n".to_string()),
            Just("x,X,Nowhere,1\n".to_string()),
            Just("w,\u{e9}t\u{e9},Storage,2\n".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn reading_in_chunks_reads_what_reading_whole_reads(
            rows in prop::collection::vec(row(), 0..12),
            bom in any::<bool>(),
            sep in any::<bool>(),
            latin1 in any::<bool>(),
            chunk_bytes in 1usize..80,
        ) {
            let mut text = Vec::new();
            if bom {
                text.extend_from_slice(UTF8_BOM);
            }
            if sep {
                text.extend_from_slice(b"sep=,\n");
            }
            text.extend_from_slice(b"id,name,category,funding_musd\n");
            for row in &rows {
                text.extend_from_slice(row.as_bytes());
            }
            if latin1 {
                text.extend_from_slice(b"z,Z\xe9,Storage,1\n");
            }
            match streamed(&text, chunk_bytes) {
                Some(read) => prop_assert_eq!(read, whole(&text)),
                None => prop_assert!(std::str::from_utf8(&text).is_err()),
            }
        }
    }
}
