//! The limits a workbook is held to before calamine reads it: how far its zipped parts inflate, and
//! how many cells a sheet may span. calamine allocates a sheet's whole span (for `.xls`, also
//! whatever span a `DIMENSIONS` record claims) before it reads a cell, and inflates a part whole, so
//! a file of a few kilobytes could otherwise ask for hundreds of gigabytes and abort the process.
//! This file holds the zip-bomb check and the span rules; `xls.rs` and `ods.rs` find the spans of
//! the two formats calamine reads as a range.

mod ods;
mod xls;

pub(super) use ods::refuse_ods_span;
pub(super) use xls::refuse_xls_span;

use crate::error::DataProblem;
use calamine::{Cell, Data, DataRef};
use std::io::{Cursor, Read};

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
    pub problem: DataProblem,
}

impl Refusal {
    fn of_workbook(problem: DataProblem) -> Refusal {
        Refusal {
            sheet: None,
            problem,
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
                return Err(Refusal::of_workbook(DataProblem::TooLarge(format!(
                    "inflates to more than {allowed} bytes from {size}: a workbook that inflates \
                     past {INFLATED_BYTES_ALLOWED_ANY_RATIO} bytes and more than {MAX_INFLATION} \
                     times its size is refused as a zip bomb"
                ))));
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
