//! The `.ods` checks: `content.xml` streamed through quick-xml, each table's repeated rows and cells
//! counted as calamine expands them, before calamine lays the table out as a range.

use super::{Refusal, Span, ZIP_SIGNATURE};
use crate::error::DataProblem;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// `Err` when a table of an `.ods` workbook spans more than [`MAX_SHEET_CELLS`], counting its
/// repeated rows and columns as calamine expands them. A cell counts as filled when it has a value
/// type, a formula or any content, so the span found is never smaller than calamine's.
pub(in crate::io) fn refuse_ods_span(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(ZIP_SIGNATURE) {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buffer = Vec::new();
    let mut table = OdsTable::default();
    loop {
        let (event, closed) = match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) => (element, false),
            Ok(Event::Empty(element)) => (element, true),
            Ok(Event::End(element)) => {
                match element.name().into_inner() {
                    "table:table-row" => table.end_row(),
                    "table:table" => {
                        table
                            .span
                            .refuse_if_too_sparse()
                            .map_err(|message| Refusal {
                                sheet: Some(table.name.clone()),
                                problem: DataProblem::TooLarge(message),
                            })?;
                    }
                    _ => {}
                }
                buffer.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {
                buffer.clear();
                continue;
            }
        };
        match event.name().into_inner() {
            "table:table" => {
                table = OdsTable {
                    name: attribute(&event, "table:name").unwrap_or_default(),
                    ..OdsTable::default()
                }
            }
            "table:table-row" => {
                table.row_repeats = repeats(&event, "table:number-rows-repeated");
                table.column = 0;
                if closed {
                    table.end_row();
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let columns = repeats(&event, "table:number-columns-repeated");
                let filled = !closed
                    || attribute(&event, "office:value-type").is_some()
                    || attribute(&event, "table:formula").is_some();
                if filled {
                    let last_row = table.row + table.row_repeats - 1;
                    let count = columns.saturating_mul(table.row_repeats);
                    let last = (last_row, table.column + columns - 1);
                    table
                        .span
                        .include_run((table.row, table.column), last, count);
                }
                table.column = table.column.saturating_add(columns);
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// Where the reading of one `.ods` table has got to.
#[derive(Default)]
struct OdsTable {
    name: String,
    row: u64,
    row_repeats: u64,
    column: u64,
    span: Span,
}

impl OdsTable {
    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.row_repeats.max(1));
    }
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    let value = element.try_get_attribute(name).ok()??.value;
    Some(value.into_owned())
}

/// A repeat count: at least 1, and 1 when it is not a number (calamine then refuses the file).
fn repeats(element: &BytesStart, name: &str) -> u64 {
    attribute(element, name)
        .and_then(|count| count.trim().parse::<u64>().ok())
        .map_or(1, |count| count.clamp(1, u64::from(u32::MAX)))
}
