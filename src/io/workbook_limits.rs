//! The limits a workbook is held to before calamine reads it: how far its zipped parts inflate, and
//! how many cells a sheet may span. calamine allocates a sheet's whole span (for `.xls`, also
//! whatever span a `DIMENSIONS` record claims) before it reads a cell, and inflates a part whole, so
//! a file of a few kilobytes could otherwise ask for hundreds of gigabytes and abort the process.

use calamine::{Cell, Data, DataRef};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// The first bytes of a ZIP archive (xlsx, xlsb, ods).
pub(super) const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE compound file (xls).
pub(super) const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Past this many bytes inflated, a zipped workbook (xlsx, xlsb, ods) may inflate to at most
/// [`MAX_INFLATION`] times its own size: a file of 300 KB whose shared strings inflate to 300 MB took
/// 1.2 GB before anything was read.
const INFLATED_BYTES_ALLOWED_ANY_RATIO: u64 = 64 << 20;
/// Real workbooks inflate 5 to 30 times; text repeated on purpose, a thousand times and more.
const MAX_INFLATION: u64 = 200;

/// The most cells the table of a sheet may span, from its first to its last filled row and column.
/// A million rows of thirty columns fit; a stray cell at `XFD1048576` would ask for seventeen billion.
const MAX_SHEET_CELLS: u64 = 32_000_000;

/// Why a workbook is refused, and the sheet it is refused for when that is known.
pub(super) struct Refusal {
    pub sheet: Option<String>,
    pub message: String,
}

impl Refusal {
    fn of_workbook(message: String) -> Refusal {
        Refusal {
            sheet: None,
            message,
        }
    }
}

/// `Err` when the parts of a zipped workbook inflate past the limits. The parts are inflated into
/// nothing, so the bytes counted are those calamine would get, whatever sizes the zip directory
/// claims. A file that is not a zip, or a part that cannot be read, is left to calamine to judge.
pub(super) fn refuse_zip_bomb(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(ZIP_SIGNATURE) {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let size = bytes.len() as u64;
    let allowed = INFLATED_BYTES_ALLOWED_ANY_RATIO.max(MAX_INFLATION.saturating_mul(size));
    let mut inflated = 0_u64;
    let mut buffer = vec![0_u8; 64 << 10];
    for index in 0..archive.len() {
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        while let Ok(read @ 1..) = part.read(&mut buffer) {
            inflated += read as u64;
            if inflated > allowed {
                return Err(Refusal::of_workbook(format!(
                    "inflates to more than {allowed} bytes from {size}: a workbook that inflates \
                     past {INFLATED_BYTES_ALLOWED_ANY_RATIO} bytes and more than {MAX_INFLATION} \
                     times its size is refused as a zip bomb"
                )));
            }
        }
    }
    Ok(())
}

/// A span of up to this many cells may be read into a range however few of its cells are filled.
const SPAN_ALLOWED_ANY_FILL: u64 = 1 << 20;
/// Past [`SPAN_ALLOWED_ANY_FILL`], the cells an `.xls` or `.ods` sheet spans per filled cell:
/// calamine lays those formats out as a range of the whole span (about 40 bytes a cell, twice over
/// with the formulas), so a few stray cells in a file of kilobytes took 1.3 GB.
const MAX_SPAN_PER_FILLED_CELL: u64 = 64;

/// The rectangle from a sheet's first to its last filled cell, zero-based, and how many cells in
/// it are filled.
#[derive(Default)]
struct Span {
    corners: Option<((u64, u64), (u64, u64))>,
    farthest: (u64, u64),
    filled: u64,
}

impl Span {
    /// Counts `count` filled cells, from `first` to `last` along a row or down a column.
    fn include_run(&mut self, first: (u64, u64), last: (u64, u64), count: u64) {
        self.include(first);
        self.include(last);
        self.filled = self.filled.saturating_add(count).saturating_sub(2);
    }

    fn include(&mut self, (row, column): (u64, u64)) {
        self.filled = self.filled.saturating_add(1);
        let ((top, left), (bottom, right)) = self.corners.unwrap_or(((row, column), (row, column)));
        self.corners = Some((
            (top.min(row), left.min(column)),
            (bottom.max(row), right.max(column)),
        ));
        self.farthest = self.farthest.max((row, column));
    }

    fn cells(&self) -> u64 {
        self.corners.map_or(0, |((top, left), (bottom, right))| {
            (bottom - top + 1).saturating_mul(right - left + 1)
        })
    }

    fn refuse_if_too_large(&self) -> Result<(), String> {
        let (cells, Some((first, last))) = (self.cells(), self.corners) else {
            return Ok(());
        };
        if cells <= MAX_SHEET_CELLS {
            return Ok(());
        }
        Err(format!(
            "the filled cells span {}:{} ({cells} cells), more than the {MAX_SHEET_CELLS} a table \
             may span: remove stray cells such as {}",
            cell_name(first),
            cell_name(last),
            cell_name(self.farthest)
        ))
    }

    /// [`Span::refuse_if_too_large`], and `Err` too when a span larger than a million cells has
    /// fewer than one filled cell in [`MAX_SPAN_PER_FILLED_CELL`]: for the readers that allocate
    /// the whole span.
    fn refuse_if_too_sparse(&self) -> Result<(), String> {
        self.refuse_if_too_large()?;
        let (cells, Some((first, last))) = (self.cells(), self.corners) else {
            return Ok(());
        };
        let allowed =
            SPAN_ALLOWED_ANY_FILL.max(self.filled.saturating_mul(MAX_SPAN_PER_FILLED_CELL));
        if cells <= allowed {
            return Ok(());
        }
        Err(format!(
            "the filled cells span {}:{} ({cells} cells) but only {} are filled: remove stray \
             cells such as {}",
            cell_name(first),
            cell_name(last),
            self.filled,
            cell_name(self.farthest)
        ))
    }
}

/// The filled cells of a sheet read one at a time, once their span is known to be no larger than
/// [`MAX_SHEET_CELLS`]: `Err(Ok)` for a cell that cannot be read, `Err(Err)` for a span too large.
pub(super) fn bounded_cells<'a, E>(
    cells: impl Iterator<Item = std::result::Result<Cell<DataRef<'a>>, E>>,
) -> Result<Vec<Cell<Data>>, Result<E, String>> {
    let mut filled = Vec::new();
    let mut span = Span::default();
    for cell in cells {
        let cell = cell.map_err(Ok)?;
        if !matches!(cell.get_value(), DataRef::Empty) {
            let (row, column) = cell.get_position();
            span.include((u64::from(row), u64::from(column)));
            filled.push(Cell::new(
                cell.get_position(),
                Data::from(cell.get_value().clone()),
            ));
        }
    }
    span.refuse_if_too_large().map_err(Err)?;
    Ok(filled)
}

/// `Err` when a sheet of an `.xls` workbook spans more than [`MAX_SHEET_CELLS`], or its `DIMENSIONS`
/// record claims more than [`MIN_CLAIM_ALLOWED`] cells and four times the span of its cells, or when
/// the compound file or its Workbook stream cannot be read. The sheets are found and walked as calamine walks them, which reads every sheet
/// when the workbook is opened.
pub(super) fn refuse_xls_span(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(OLE_SIGNATURE) {
        return Ok(());
    }
    // calamine reads the compound file with a reader of its own: a file the cfb crate cannot walk
    // may still reach calamine's sheet reader, so it is refused here rather than left to it.
    let damaged = |what: &str| {
        Refusal::of_workbook(format!(
            "is damaged: {what} (the workbook could not be checked before it is read)"
        ))
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| damaged("its compound-file structure cannot be read"))?;
    let mut stream = Vec::new();
    let opened = file
        .open_stream("Workbook")
        .or_else(|_| file.open_stream("Book"));
    opened
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|_| damaged("it has no readable Workbook stream"))?;
    for (position, sheet) in xls_sheets(&stream) {
        let refuse = |message: String| Refusal {
            sheet: Some(sheet.clone()),
            message,
        };
        let Some(records) = stream.get(position..) else {
            return Err(refuse(
                "starts past the end of the workbook's records: the workbook is damaged"
                    .to_string(),
            ));
        };
        let mut span = Span::default();
        let mut span_with_blanks = Span::default();
        let mut claimed = 0;
        let mut depth = 0_usize;
        let mut seen_sheet_start = false;
        for (kind, data) in biff_records(records) {
            match kind {
                BIFF_START if seen_sheet_start => depth += 1,
                BIFF_START => seen_sheet_start = true,
                BIFF_END if depth == 0 => break,
                BIFF_END => depth -= 1,
                _ if depth > 0 => {}
                BIFF_DIMENSIONS => claimed = claimed.max(xls_dimensions_claim(data)),
                _ => {
                    let cells: Vec<(u64, u64)> = xls_cell_positions(kind, data).collect();
                    if let [first, last] = cells[..] {
                        let count = last.1 - first.1 + 1;
                        span_with_blanks.include_run(first, last, count);
                        if VALUE_CELLS.contains(&kind) {
                            span.include_run(first, last, count);
                        }
                    }
                }
            }
        }
        let spanned = span_with_blanks.cells();
        if claimed > MAX_SHEET_CELLS || claimed > (4 * spanned).max(MIN_CLAIM_ALLOWED) {
            return Err(refuse(format!(
                "its DIMENSIONS record claims {claimed} cells where its cells span {spanned}: \
                 the workbook is damaged"
            )));
        }
        span.refuse_if_too_sparse().map_err(refuse)?;
    }
    Ok(())
}

const BIFF_START: u16 = 0x0809;
const BIFF_END: u16 = 0x000A;
const BIFF_DIMENSIONS: u16 = 0x0200;
const BIFF_SHEET: u16 = 0x0085;

/// The records of a BIFF stream as (type, data), up to the first one that does not fit.
fn biff_records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16::from_le_bytes(stream.get(..2)?.try_into().ok()?);
        let length = usize::from(u16::from_le_bytes(stream.get(2..4)?.try_into().ok()?));
        let data = stream.get(4..4 + length)?;
        stream = &stream[4 + length..];
        Some((kind, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        data.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        data.get(at..at + 4)?.try_into().ok()?,
    )))
}

/// Each sheet of the workbook globals: where its records start, and its name.
fn xls_sheets(stream: &[u8]) -> Vec<(usize, String)> {
    let mut sheets = Vec::new();
    for (kind, data) in biff_records(stream) {
        match kind {
            BIFF_SHEET => {
                let Some(position) = u32_at(data, 0) else {
                    continue;
                };
                let length = data.get(6).copied().map_or(0, usize::from);
                let wide = data.get(7).is_some_and(|flags| flags & 1 == 1);
                let name = match wide {
                    true => {
                        let units = data.get(8..).unwrap_or_default().chunks_exact(2);
                        let units = units.map(|unit| u16::from_le_bytes([unit[0], unit[1]]));
                        char::decode_utf16(units.take(length))
                            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
                            .collect()
                    }
                    false => data
                        .iter()
                        .skip(8)
                        .take(length)
                        .map(|&b| char::from(b))
                        .collect(),
                };
                sheets.push((usize::try_from(position).unwrap_or(usize::MAX), name));
            }
            BIFF_END => break,
            _ => {}
        }
    }
    sheets
}

/// How many cells calamine reserves for a `DIMENSIONS` record, computed as it computes them.
fn xls_dimensions_claim(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return 0,
    };
    let (Some(first_row), Some(row_after), Some(first_column), Some(column_after)) = fields else {
        return 0;
    };
    if row_after == 0 || column_after == 0 {
        return 1;
    }
    let first_column = match first_column > 0xFF || column_after < first_column {
        true => 0,
        false => first_column,
    };
    let extent =
        |first: u64, after: u64| u64::from((after as u32 - 1).wrapping_sub(first as u32)) + 1;
    extent(first_row, row_after).saturating_mul(extent(first_column, column_after))
}

/// The kinds of record that put a value on a sheet, those of them calamine reads.
const VALUE_CELLS: [u16; 8] = [
    0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00BD,
];
/// The kinds of record that format a cell and leave it empty.
const BLANK_CELLS: [u16; 2] = [0x0201, 0x00BE];
/// The kinds of record that hold a run of cells along a row, its last column in its last bytes.
const RUNS_OF_CELLS: [u16; 2] = [0x00BD, 0x00BE];
/// Cells a `DIMENSIONS` record may claim whatever the sheet holds: calamine reserves that many
/// before reading a cell, at about 40 bytes each. A real record claims the span of the sheet's
/// cells, blank ones included; a claim more than four times that span is refused past this.
const MIN_CLAIM_ALLOWED: u64 = 1 << 20;

/// The first and the last cell a cell record puts on the sheet, as (row, column).
fn xls_cell_positions(kind: u16, data: &[u8]) -> impl Iterator<Item = (u64, u64)> {
    let known = VALUE_CELLS.contains(&kind) || BLANK_CELLS.contains(&kind);
    let at = known.then(|| Some((u16_at(data, 0)?, u16_at(data, 2)?)));
    let last_column = match RUNS_OF_CELLS.contains(&kind) {
        true => data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
        false => None,
    };
    let first = at.flatten();
    let last = first.map(|(row, column)| (row, last_column.unwrap_or(column).max(column)));
    first.into_iter().chain(last)
}

/// `Err` when a table of an `.ods` workbook spans more than [`MAX_SHEET_CELLS`], counting its
/// repeated rows and columns as calamine expands them. A cell counts as filled when it has a value
/// type, a formula or any content, so the span found is never smaller than calamine's.
pub(super) fn refuse_ods_span(bytes: &[u8]) -> Result<(), Refusal> {
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
                                message,
                            })?
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

/// The spreadsheet's name for a zero-based (row, column), such as `XFD1048576`.
fn cell_name((row, column): (u64, u64)) -> String {
    format!("{}{}", column_letters(column), row + 1)
}

/// The spreadsheet's name for a zero-based column index: A … Z, AA … .
pub(super) fn column_letters(index: u64) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("letters are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dimensions_record_claims_what_calamine_would_reserve() {
        let biff8 = |rows: (u32, u32), columns: (u16, u16)| {
            let mut data = Vec::new();
            data.extend(rows.0.to_le_bytes());
            data.extend(rows.1.to_le_bytes());
            data.extend(columns.0.to_le_bytes());
            data.extend(columns.1.to_le_bytes());
            data.extend([0, 0]);
            data
        };
        let cases = [
            (biff8((0, 100), (0, 3)), 300),
            (biff8((0, 65_536), (0, 256)), 65_536 * 256),
            (biff8((0, 0), (0, 0)), 1),
            (
                biff8((0, u32::MAX), (0, 0xFFFF)),
                u64::from(u32::MAX) * 0xFFFF,
            ),
            (biff8((10, 5), (0, 1)), u64::from(u32::MAX) - 4),
            (biff8((0, 2), (300, 4)), 8),
            (vec![0; 7], 0),
        ];
        for (data, claimed) in cases {
            assert_eq!(xls_dimensions_claim(&data), claimed, "{data:?}");
        }
    }

    /// A record's kind, its data, and the cells it puts on the sheet.
    type CellRecord<'a> = (u16, &'a [u8], &'a [(u64, u64)]);

    #[test]
    fn a_run_of_cells_spans_its_first_to_its_last_column() {
        let mut run = vec![4, 0, 2, 0];
        run.extend([0; 12]);
        run.extend(9_u16.to_le_bytes());
        let cases: [CellRecord; 5] = [
            (0x0203, &[7, 0, 3, 0, 0, 0], &[(7, 3), (7, 3)]),
            (0x00BD, &run, &[(4, 2), (4, 9)]),
            (0x00BE, &[1, 0, 0, 0, 15, 0, 15, 0, 5, 0], &[(1, 0), (1, 5)]),
            (0x0203, &[7, 0], &[]),
            (0x0042, &[7, 0, 3, 0], &[]),
        ];
        for (kind, data, cells) in cases {
            assert_eq!(xls_cell_positions(kind, data).collect::<Vec<_>>(), cells);
        }
    }

    #[test]
    fn a_span_names_its_corners_and_its_farthest_cell() {
        let mut span = Span::default();
        assert_eq!(span.cells(), 0);
        span.include((3, 2));
        span.include((1, 5));
        assert_eq!(span.cells(), 3 * 4);
        assert!(span.refuse_if_too_large().is_ok());
        span.include((1_048_575, 16_383));
        assert_eq!(
            span.refuse_if_too_large().unwrap_err(),
            "the filled cells span C2:XFD1048576 (17177755650 cells), more than the 32000000 a \
             table may span: remove stray cells such as XFD1048576"
        );
    }

    #[test]
    fn a_dense_reader_refuses_a_span_of_more_than_a_million_cells_that_is_mostly_empty() {
        let mut span = Span::default();
        span.include_run((0, 0), (0, 9), 10);
        span.include((1_023, 1_023));
        assert_eq!(span.cells(), 1 << 20);
        assert!(
            span.refuse_if_too_sparse().is_ok(),
            "a million cells, whatever the fill"
        );
        span.include((1_024, 0));
        assert_eq!(
            span.refuse_if_too_sparse().unwrap_err(),
            "the filled cells span A1:AMJ1025 (1049600 cells) but only 12 are filled: remove \
             stray cells such as A1025"
        );
        for cell in 0..16_400 {
            span.include_run((cell % 1_025, 1), (cell % 1_025, 1), 1);
        }
        assert_eq!(span.cells(), 1_049_600);
        assert!(
            span.refuse_if_too_sparse().is_ok(),
            "one cell in 64 is filled"
        );
        assert!(span.refuse_if_too_large().is_ok());
    }

    #[test]
    fn column_letters_follow_the_spreadsheet() {
        let cases = [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ];
        for (index, letters) in cases {
            assert_eq!(column_letters(index), letters);
        }
    }
}
