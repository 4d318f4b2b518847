//! Any bytes as a company file, CSV or workbook, read in the dialect the last byte picks: parsed,
//! then typed and joined by the bundled thesis's schema, both from the parsed table and row by row as
//! a run reads it. Must return an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use thesis::io::{CsvFormat, RawTable, Source, TextEncoding};
use thesis::model::Dataset;
use thesis_fuzz::{Bundled, bundled};

fuzz_target!(|bytes: &[u8]| {
    let Bundled {
        thesis, categories, ..
    } = bundled();
    let (choice, body) = bytes.split_last().unwrap_or((&0, bytes));
    let format = CsvFormat {
        delimiter: [None, Some(b','), Some(b';'), Some(b'\t')][usize::from(choice % 4)],
        encoding: [
            TextEncoding::Detect,
            TextEncoding::Utf8,
            TextEncoding::Windows1252,
        ][usize::from(choice / 4 % 3)],
    };
    let source = Source::embedded("companies.csv", body);
    if let Ok(table) = RawTable::parse_as(&source, format) {
        let _ = Dataset::bind(&table, categories, &thesis.schema);
    }
    let _ = Dataset::read(&source, format, categories, &thesis.schema);
});
