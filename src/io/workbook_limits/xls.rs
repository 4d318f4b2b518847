//! The `.xls` checks: the compound file opened with the cfb crate and each sheet's records walked
//! as calamine walks them (it reads every sheet when the workbook is opened), so that no span or
//! `DIMENSIONS` claim reaches calamine's allocation unchecked.

use super::{MAX_SHEET_CELLS, OLE_SIGNATURE, Refusal, Span};
use crate::error::DataProblem;
use std::io::{Cursor, Read};

/// `Err` when a sheet of an `.xls` workbook spans more than [`MAX_SHEET_CELLS`] (or more than a
/// million cells, mostly empty), its `DIMENSIONS` record claims more than [`MIN_CLAIM_ALLOWED`]
/// cells and four times the span of its cells, it starts outside the stream, or the compound file
/// or its Workbook stream cannot be read.
pub(in crate::io) fn refuse_xls_span(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(OLE_SIGNATURE) {
        return Ok(());
    }
    // calamine reads the compound file with a reader of its own: a file the cfb crate cannot walk
    // may still reach calamine's sheet reader, so it is refused here rather than left to it.
    let damaged = |what: &str| {
        Refusal::of_workbook(DataProblem::Shape(format!(
            "is damaged: {what} (the workbook could not be checked before it is read)"
        )))
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
        let refuse = |problem: DataProblem| Refusal {
            sheet: Some(sheet.clone()),
            problem,
        };
        let Some(records) = stream.get(position..) else {
            return Err(refuse(DataProblem::Shape(
                "starts past the end of the workbook's records: the workbook is damaged"
                    .to_string(),
            )));
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
            return Err(refuse(DataProblem::Shape(format!(
                "its DIMENSIONS record claims {claimed} cells where its cells span {spanned}: \
                 the workbook is damaged"
            ))));
        }
        span.refuse_if_too_sparse()
            .map_err(|message| refuse(DataProblem::TooLarge(message)))?;
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
}
