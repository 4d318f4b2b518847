//! Any bytes as a Parquet company file (Parquet's magic number put in front when missing): read as
//! a table, and typed row by row by the bundled thesis's schema as a run reads it. Must return an
//! error, never panic, and never claim memory past the file's size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use thesis::io::{CsvFormat, RawTable, Source};
use thesis::model::Dataset;
use thesis_fuzz::{Bundled, bundled};

fuzz_target!(|bytes: &[u8]| {
    let Bundled {
        thesis, categories, ..
    } = bundled();
    let mut file = Vec::with_capacity(bytes.len() + 4);
    if !bytes.starts_with(b"PAR1") {
        file.extend_from_slice(b"PAR1");
    }
    file.extend_from_slice(bytes);
    let source = Source::embedded("companies.parquet", &file);
    let _ = RawTable::parse(&source);
    let _ = Dataset::read(&source, CsvFormat::default(), categories, &thesis.schema);
});
