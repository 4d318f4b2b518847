//! Workbooks built to stretch their dimensions, read as a company file: an `.xlsx` with cells
//! anywhere on the sheet, an `.ods` whose rows and cells repeat any number of times, and a real
//! `.xls` whose cell, `DIMENSIONS` and sheet records are patched with any values. Must return an
//! error or a table, never panic or abort, and never allocate the span it is asked for. With
//! `THESIS_FUZZ_DUMP=FILE`, replaying an input writes the workbook built from it to FILE, to be kept
//! as a case in `tests/fixtures/bad/`.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::OnceLock;
use thesis::io::{RawTable, Source};
use thesis::model::Dataset;
use thesis_fuzz::{Bundled, bundled};

/// A two-row sheet written by Python's xlwt: a header `id, name, funding_musd` and one company.
const XLS_TEMPLATE: &[u8] = include_bytes!("../templates/three-columns.xls");

fuzz_target!(|bytes: &[u8]| {
    let mut input = Unstructured::new(bytes);
    let Ok((name, workbook)) = workbook(&mut input) else {
        return;
    };
    if let Some(path) = std::env::var_os("THESIS_FUZZ_DUMP") {
        std::fs::write(path, &workbook).expect("the dump file is written");
    }
    let Bundled {
        thesis, categories, ..
    } = bundled();
    if let Ok(table) = RawTable::parse(&Source::embedded(name, &workbook)) {
        let _ = Dataset::bind(&table, categories, &thesis.schema);
    }
});

fn workbook(input: &mut Unstructured) -> Result<(&'static str, Vec<u8>)> {
    Ok(match input.int_in_range(0..=2)? {
        0 => ("companies.xlsx", xlsx(input)?),
        1 => ("companies.ods", ods(input)?),
        _ => ("companies.xls", xls(input)?),
    })
}

/// A row or column index: mostly near the table, sometimes at the sheet's far edges.
fn index(input: &mut Unstructured, last: u32) -> Result<u32> {
    Ok(match input.int_in_range(0..=3)? {
        0 => last - input.int_in_range(0..=3)?.min(last),
        _ => input.int_in_range(0..=40)?,
    })
}

fn xlsx(input: &mut Unstructured) -> Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (column, header) in ["id", "name", "category"].iter().enumerate() {
        let _ = sheet.write_string(0, column as u16, *header);
    }
    for _ in 0..input.int_in_range(0..=12)? {
        let row = index(input, 1_048_575)?;
        let column = index(input, 16_383)? as u16;
        let _ = match input.int_in_range(0..=2)? {
            0 => sheet.write_number(row, column, input.arbitrary::<f64>()?),
            1 => sheet.write_boolean(row, column, input.arbitrary()?),
            _ => sheet.write_string(row, column, input.arbitrary::<&str>()?),
        };
    }
    Ok(book.save_to_buffer().unwrap_or_default())
}

/// A repeat count: small, large, or any `u32` written as text.
fn repeat(input: &mut Unstructured) -> Result<String> {
    Ok(match input.int_in_range(0..=3)? {
        0 => input.int_in_range(1..=4_u32)?.to_string(),
        1 => input.int_in_range(1_000..=2_000_000_u32)?.to_string(),
        2 => input.arbitrary::<u32>()?.to_string(),
        _ => input.arbitrary::<&str>()?.replace(['"', '<', '&'], ""),
    })
}

fn ods(input: &mut Unstructured) -> Result<Vec<u8>> {
    let cell = |text: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    let mut rows = format!(
        "<table:table-row>{}{}{}</table:table-row>",
        cell("id"),
        cell("name"),
        cell("category")
    );
    for _ in 0..input.int_in_range(0..=6)? {
        rows += &format!(
            r#"<table:table-row table:number-rows-repeated="{}">"#,
            repeat(input)?
        );
        for _ in 0..input.int_in_range(0..=6)? {
            let columns = repeat(input)?;
            rows += &match input.int_in_range(0..=3)? {
                0 => format!(r#"<table:table-cell table:number-columns-repeated="{columns}"/>"#),
                1 => format!(
                    r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{columns}"><text:p>1</text:p></table:table-cell>"#
                ),
                2 => format!(
                    r#"<table:covered-table-cell table:number-columns-repeated="{columns}" office:value-type="string"/>"#
                ),
                _ => cell("x"),
            };
        }
        rows += "</table:table-row>";
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="companies">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let written = (|| -> zip::result::ZipResult<()> {
        zip.start_file("mimetype", stored)?;
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())?;
        zip.write_all(content.as_bytes())?;
        Ok(())
    })();
    Ok(match written {
        Ok(()) => zip
            .finish()
            .map(|cursor| cursor.into_inner())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    })
}

/// Where each record of `kind` and `length` starts in the template (the stream of so small a file
/// lies in one run of sectors).
fn records(kind: u16, length: u16) -> Vec<usize> {
    let mut head = kind.to_le_bytes().to_vec();
    head.extend(length.to_le_bytes());
    XLS_TEMPLATE
        .windows(4)
        .enumerate()
        .filter(|(_, window)| *window == head)
        .map(|(at, _)| at + 4)
        .collect()
}

fn xls(input: &mut Unstructured) -> Result<Vec<u8>> {
    static FIELDS: OnceLock<Vec<(usize, usize)>> = OnceLock::new();
    // (offset, width) of each field worth stretching: a number cell's row and column, the
    // DIMENSIONS record's rows and columns, each label cell's row and column, the sheet's position.
    let fields = FIELDS.get_or_init(|| {
        let mut fields = Vec::new();
        for at in records(0x0203, 14).into_iter().chain(records(0x00FD, 10)) {
            fields.extend([(at, 2), (at + 2, 2)]);
        }
        for at in records(0x0200, 14) {
            fields.extend([(at, 4), (at + 4, 4), (at + 8, 2), (at + 10, 2)]);
        }
        fields.extend(records(0x0085, 17).into_iter().map(|at| (at, 4)));
        fields
    });
    let mut bytes = XLS_TEMPLATE.to_vec();
    for _ in 0..input.int_in_range(1..=4)? {
        let &(at, width) = input.choose(fields)?;
        let value: u32 = match input.int_in_range(0..=2)? {
            0 => input.int_in_range(0..=300)?,
            1 => u32::MAX - input.int_in_range(0..=2)?,
            _ => input.arbitrary()?,
        };
        bytes[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
    }
    for _ in 0..input.int_in_range(0..=2)? {
        let at = input.choose_index(bytes.len())?;
        bytes[at] = input.arbitrary()?;
    }
    Ok(bytes)
}
