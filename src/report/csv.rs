//! CSV files in the dialect a spreadsheet opens correctly: `excel` (UTF-8 with a byte-order mark, so
//! Excel does not guess a legacy code page), `excel-eu` (the same with `;` and decimal commas, as
//! Excel writes and reads in comma-decimal locales) or `plain`. Text that starts like a formula is
//! neutralized; numbers are written as plain numbers.

use super::cell::neutralize;
use super::sheet::{CellRef, Tabular};
use super::{Exporter, push_number};
use crate::ordered::make_in_order;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 without a byte-order mark, `,` and decimal points.
    Plain,
    /// UTF-8 with a byte-order mark, `,` and decimal points.
    #[default]
    Excel,
    /// UTF-8 with a byte-order mark, `;` and decimal commas.
    ExcelEu,
}

impl CsvDialect {
    pub fn name(self) -> &'static str {
        match self {
            CsvDialect::Plain => "plain",
            CsvDialect::Excel => "excel",
            CsvDialect::ExcelEu => "excel-eu",
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            CsvDialect::ExcelEu => b';',
            CsvDialect::Plain | CsvDialect::Excel => b',',
        }
    }

    fn byte_order_mark(self) -> bool {
        self != CsvDialect::Plain
    }
}

/// Rows formatted together by one task. Chunks are formatted on the rayon pool and written in order,
/// so the bytes do not depend on the thread count.
const ROWS_PER_CHUNK: usize = 1024;

/// Writes the table as CSV; `to_file` is false for stdout, which never gets a byte-order mark.
pub fn write_csv(
    table: &dyn Tabular,
    dialect: CsvDialect,
    to_file: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if to_file && dialect.byte_order_mark() {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut header = String::new();
    let headers = table.columns();
    let header_cells: Vec<CellRef> = (headers.iter())
        .map(|column| CellRef::Text(&column.header))
        .collect();
    push_record(
        &header_cells,
        dialect,
        false,
        &mut header,
        &mut Memo::default(),
    );
    out.write_all(header.as_bytes())?;
    let rows = table.row_count();
    let chunk_count = rows.div_ceil(ROWS_PER_CHUNK);
    // Each chunk's text is given room for the longest chunk before it and an eighth more, so that
    // it seldom grows, copying itself, and never to twice its length.
    let longest = AtomicUsize::new(0);
    let format_chunk = |chunk: usize| -> Vec<u8> {
        let room = longest.load(Ordering::Relaxed);
        let (mut text, mut memo) = (String::with_capacity(room + room / 8), Memo::default());
        let chunk_rows = chunk * ROWS_PER_CHUNK..rows.min((chunk + 1) * ROWS_PER_CHUNK);
        table.with_rows(chunk_rows, &mut |cells| {
            push_record(cells, dialect, true, &mut text, &mut memo);
        });
        longest.fetch_max(text.len(), Ordering::Relaxed);
        text.into_bytes()
    };
    // Chunks are formatted on the pool a few per thread ahead of the one this thread writes, so
    // memory holds a few chunks, not the file, and writing overlaps formatting.
    let ahead = 4 * rayon::current_num_threads();
    make_in_order(0..chunk_count, ahead, format_chunk, |text| {
        out.write_all(&text)
    })
}

/// What formatting a run of records in one dialect remembers. A universe's scores take a few hundred
/// distinct values and its fired rules a few dozen lists, so each number is kept formatted by its
/// bits, and each list by where its items are (a table hands the same list out by reference), in
/// slots that a new value takes over. `scratch` is reused for text that may need quoting.
struct Memo {
    scratch: String,
    numbers: Vec<Option<(u64, Box<str>)>>,
    lists: Vec<Option<(ListAddress, Box<str>)>>,
}

/// Where a list's items are, and how many.
type ListAddress = (usize, usize);

/// Slots of a [`Memo`], each a power of two.
const NUMBER_SLOTS: usize = 1024;
const LIST_SLOTS: usize = 256;

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            scratch: String::new(),
            numbers: vec![None; NUMBER_SLOTS],
            lists: vec![None; LIST_SLOTS],
        }
    }
}

/// The slot of `key` among `slots` (a power of two), by Fibonacci hashing.
fn slot(key: u64, slots: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - slots.trailing_zeros())) as usize
}

/// Appends one record and its line feed, quoted as the csv crate quotes (only a field holding the
/// delimiter, a quote or a line break, its quotes doubled; a record of one empty field as `""`), so
/// that files read back with any CSV reader. `neutral` neutralizes text that starts like a formula;
/// headers are written as they are. `memo` is used for one dialect and one `neutral` only.
fn push_record(
    cells: &[CellRef],
    dialect: CsvDialect,
    neutral: bool,
    out: &mut String,
    memo: &mut Memo,
) {
    let start = out.len();
    let delimiter = char::from(dialect.delimiter());
    for (position, cell) in cells.iter().enumerate() {
        if position > 0 {
            out.push(delimiter);
        }
        match *cell {
            CellRef::Empty => {}
            CellRef::Integer(value) => out.push_str(itoa::Buffer::new().format(value)),
            CellRef::Bool(value) => out.push_str(if value { "true" } else { "false" }),
            CellRef::Number(value) => {
                let bits = value.to_bits();
                let kept = &mut memo.numbers[slot(bits, NUMBER_SLOTS)];
                match kept {
                    Some((kept_bits, text)) if *kept_bits == bits => out.push_str(text),
                    _ => {
                        let number = out.len();
                        push_number(out, value);
                        if dialect == CsvDialect::ExcelEu
                            && let Some(point) = out[number..].find('.')
                        {
                            out.replace_range(number + point..number + point + 1, ",");
                        }
                        *kept = Some((bits, out[number..].into()));
                    }
                }
            }
            CellRef::Text(text) => match neutral {
                true => push_field(out, &neutralize(text), delimiter),
                false => push_field(out, text, delimiter),
            },
            CellRef::List(items) => {
                let key = (items.as_ptr() as usize, items.len());
                let kept =
                    &mut memo.lists[slot((key.0 ^ key.1.rotate_left(48)) as u64, LIST_SLOTS)];
                if let Some((kept_key, text)) = kept
                    && *kept_key == key
                {
                    out.push_str(text);
                    continue;
                }
                let scratch = &mut memo.scratch;
                scratch.clear();
                for (position, item) in items.iter().enumerate() {
                    if position > 0 {
                        scratch.push(';');
                    }
                    scratch.push_str(&neutralize(item));
                }
                let field = out.len();
                push_field(out, scratch, delimiter);
                *kept = Some((key, out[field..].into()));
            }
        }
    }
    if out.len() == start {
        out.push_str("\"\"");
    }
    out.push('\n');
}

/// Appends a text field, in quotes with its quotes doubled when it holds the delimiter, a quote or a
/// line break.
fn push_field(out: &mut String, field: &str, delimiter: char) {
    // The delimiter is ASCII, so bytes tell: no character's encoding holds an ASCII byte it is not.
    let delimiter_byte = delimiter as u8;
    let special = |&byte: &u8| byte == delimiter_byte || matches!(byte, b'"' | b'\n' | b'\r');
    if !field.as_bytes().iter().any(special) {
        out.push_str(field);
        return;
    }
    out.push('"');
    for (position, part) in field.split('"').enumerate() {
        if position > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// One table as a CSV file in the output folder, or on standard output (`to_file` false), which
/// never gets a byte-order mark.
pub struct CsvFile<'a> {
    pub table: &'a dyn Tabular,
    pub dialect: CsvDialect,
    pub to_file: bool,
}

impl Exporter for CsvFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.csv", self.table.name())
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write_csv(self.table, self.dialect, self.to_file, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::{Cell, Column, Sheet, Style};

    fn sheet() -> Sheet {
        Sheet {
            name: "t",
            title: "T",
            columns: ["name", "score", "rules", "rank", "flag", "none"]
                .map(|header| Column::new(header, Style::Text))
                .to_vec(),
            rows: vec![vec![
                Cell::text("=1+1"),
                Cell::Number(0.5),
                Cell::List(vec!["a".into(), "@b".into()]),
                Cell::Integer(3),
                Cell::Bool(true),
                Cell::Empty,
            ]],
        }
    }

    proptest::proptest! {
        #[test]
        fn records_are_quoted_as_the_csv_crate_quotes_them(
            fields in proptest::collection::vec("[a;,\"\r\n é]{0,6}", 1..5),
            eu in proptest::bool::ANY,
        ) {
            let dialect = if eu { CsvDialect::ExcelEu } else { CsvDialect::Plain };
            let mut expected = csv::WriterBuilder::new()
                .delimiter(dialect.delimiter())
                .from_writer(Vec::new());
            expected.write_record(&fields).unwrap();
            let expected = String::from_utf8(expected.into_inner().unwrap()).unwrap();
            let cells: Vec<CellRef> = fields.iter().map(|field| CellRef::Text(field)).collect();
            let mut written = String::new();
            push_record(&cells, dialect, false, &mut written, &mut Memo::default());
            proptest::prop_assert_eq!(written, expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn remembered_cells_are_written_as_fresh_ones(
            picks in proptest::collection::vec((0usize..6, 0usize..3), 1..200),
            eu in proptest::bool::ANY,
        ) {
            let dialect = if eu { CsvDialect::ExcelEu } else { CsvDialect::Plain };
            let numbers = [0.5, -0.0, 0.0, 1e12 + 0.25, -3.000_000_5, 2.0f64.powi(-30)];
            let lists: [Vec<String>; 3] = [
                vec!["a".into(), "=b".into()],
                vec!["a;b".into()],
                Vec::new(),
            ];
            let (mut remembered, mut memo) = (String::new(), Memo::default());
            let mut fresh = String::new();
            for &(number, list) in &picks {
                let cells = [CellRef::Number(numbers[number]), CellRef::List(&lists[list])];
                push_record(&cells, dialect, true, &mut remembered, &mut memo);
                push_record(&cells, dialect, true, &mut fresh, &mut Memo::default());
            }
            proptest::prop_assert_eq!(remembered, fresh);
        }
    }

    #[test]
    fn each_dialect_spells_the_same_cells() {
        let cases = [
            (
                CsvDialect::Plain,
                true,
                "name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
            (
                CsvDialect::Excel,
                true,
                "\u{feff}name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
            (
                CsvDialect::ExcelEu,
                true,
                "\u{feff}name;score;rules;rank;flag;none\n'=1+1;0,500000;\"a;'@b\";3;true;\n",
            ),
            (
                CsvDialect::Excel,
                false,
                "name,score,rules,rank,flag,none\n'=1+1,0.500000,a;'@b,3,true,\n",
            ),
        ];
        for (dialect, to_file, expected) in cases {
            let mut out = Vec::new();
            write_csv(&sheet(), dialect, to_file, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{dialect:?}");
        }
    }
}
