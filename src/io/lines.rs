//! Records that each take one line, split without the csv reader. Almost every row of a company file
//! is one line of plain or quoted cells; such a line is split at its delimiters with `memchr`, after
//! one UTF-8 check of the whole block, rather than byte by byte through csv's state machine with a
//! UTF-8 check per record. A line this does not read exactly as csv does (a quoted cell that goes on
//! to the next line, text after a closing quote, a lone carriage return) is handed back, and the
//! csv reader takes over from it; [`LineCounter`] numbers the lines of what csv reads.

use memchr::{memchr, memchr_iter, memchr2};
use std::borrow::Cow;

/// A block of whole records, read line by line while its lines are records of their own.
pub(super) struct LineRecords<'t> {
    bytes: &'t [u8],
    /// The bytes as text, once checked to be UTF-8.
    text: Option<&'t str>,
    position: usize,
    /// The line of the file that `position` is on.
    line: u64,
    delimiter: u8,
}

/// One record's cells: borrowed from the text where a line was split on its own (a cell whose
/// quotes were doubled is undoubled into a string of its own), or as the csv reader read them.
#[derive(Default)]
pub(super) struct CsvRecord<'t> {
    split: Vec<Cow<'t, str>>,
    read: csv::StringRecord,
    /// Whether the csv reader read the record.
    by_csv: bool,
}

impl CsvRecord<'_> {
    pub(super) fn len(&self) -> usize {
        match self.by_csv {
            true => self.read.len(),
            false => self.split.len(),
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|index| &self[index])
    }

    /// The record for the csv reader to read into.
    pub(super) fn for_csv(&mut self) -> &mut csv::StringRecord {
        self.by_csv = true;
        &mut self.read
    }
}

impl std::ops::Index<usize> for CsvRecord<'_> {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        match self.by_csv {
            true => &self.read[index],
            false => &self.split[index],
        }
    }
}

/// What the next line of a block held.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NextLine {
    /// A record, read into the caller's record, and the line it is on.
    Record(u64),
    End,
    /// A line that may not be a record of its own; it starts at byte `position` of the block, on
    /// line `line`.
    Handover {
        position: usize,
        line: u64,
    },
}

impl<'t> LineRecords<'t> {
    /// The records of `bytes`, which start on line `line`.
    pub(super) fn new(bytes: &'t [u8], line: u64, delimiter: u8) -> LineRecords<'t> {
        LineRecords {
            bytes,
            text: None,
            position: 0,
            line,
            delimiter,
        }
    }

    /// Reads the next record into `record`. Blank lines are skipped, as csv skips them. Bytes that
    /// are not UTF-8 are handed over whole, on the first call, for the csv reader to find and report.
    pub(super) fn next(&mut self, record: &mut CsvRecord<'t>) -> NextLine {
        let text: &'t str = match self.text {
            Some(text) => text,
            None => match std::str::from_utf8(self.bytes) {
                Ok(text) => {
                    self.text = Some(text);
                    text
                }
                Err(_) => {
                    return NextLine::Handover {
                        position: 0,
                        line: self.line,
                    };
                }
            },
        };
        loop {
            let rest = &text[self.position..];
            if rest.is_empty() {
                return NextLine::End;
            }
            let (content, next) = match memchr(b'\n', rest.as_bytes()) {
                Some(end) => (&rest[..end], end + 1),
                None => (rest, rest.len()),
            };
            let content = content.strip_suffix('\r').unwrap_or(content);
            let line = self.line;
            record.by_csv = false;
            if !content.is_empty() && !self.split(content, &mut record.split) {
                return NextLine::Handover {
                    position: self.position,
                    line,
                };
            }
            self.position += next;
            self.line += 1;
            if !content.is_empty() {
                return NextLine::Record(line);
            }
        }
    }

    /// Splits one line into `cells`; false when csv might read it otherwise.
    fn split(&self, content: &'t str, cells: &mut Vec<Cow<'t, str>>) -> bool {
        cells.clear();
        let bytes = content.as_bytes();
        if memchr2(b'"', b'\r', bytes).is_none() {
            let mut start = 0;
            for end in memchr_iter(self.delimiter, bytes) {
                cells.push(Cow::Borrowed(&content[start..end]));
                start = end + 1;
            }
            cells.push(Cow::Borrowed(&content[start..]));
            return true;
        }
        let mut start = 0;
        loop {
            let end = if bytes[start..].starts_with(b"\"") {
                let Some((cell, end)) = unquote(content, start + 1) else {
                    return false;
                };
                cells.push(cell);
                end
            } else {
                let end =
                    memchr(self.delimiter, &bytes[start..]).map_or(bytes.len(), |at| start + at);
                let cell = &content[start..end];
                // csv ends a record at a carriage return; a quote inside a cell is a quote.
                if memchr(b'\r', cell.as_bytes()).is_some() {
                    return false;
                }
                cells.push(Cow::Borrowed(cell));
                end
            };
            match bytes.get(end) {
                None => return true,
                Some(&byte) if byte == self.delimiter => start = end + 1,
                Some(_) => return false,
            }
        }
    }
}

/// The quoted cell whose text starts at `from`, its quotes undoubled, and where its closing quote
/// ends; `None` when it does not close on this line.
fn unquote(content: &str, from: usize) -> Option<(Cow<'_, str>, usize)> {
    let bytes = content.as_bytes();
    let quote = from + memchr(b'"', &bytes[from..])?;
    if bytes.get(quote + 1) != Some(&b'"') {
        return Some((Cow::Borrowed(&content[from..quote]), quote + 1));
    }
    let mut unquoted = String::from(&content[from..=quote]);
    let mut from = quote + 2;
    loop {
        let quote = from + memchr(b'"', &bytes[from..])?;
        unquoted.push_str(&content[from..quote]);
        if bytes.get(quote + 1) == Some(&b'"') {
            unquoted.push('"');
            from = quote + 2;
        } else {
            return Some((Cow::Owned(unquoted), quote + 1));
        }
    }
}

/// Line numbers from byte offsets. csv's own count lags one line behind after a CRLF, whose line
/// feed it reads as the start of the next record, so every row of a file a spreadsheet wrote would be
/// named one line early.
pub(super) struct LineCounter<'t> {
    pub(super) text: &'t [u8],
    /// Bytes before the text (Excel's `sep=` line).
    pub(super) text_start: usize,
    /// Lines before the text (Excel's `sep=` line).
    pub(super) skipped: u64,
    /// A byte offset already counted, and the line it is on.
    pub(super) offset: usize,
    pub(super) line: u64,
}

impl<'t> LineCounter<'t> {
    /// Lines of `text`, which starts on line `line` of the file.
    pub(super) fn new(text: &'t [u8], line: u64) -> LineCounter<'t> {
        LineCounter {
            text,
            text_start: 0,
            skipped: line - 1,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record or error at csv position `position`.
    pub(super) fn line_of(&mut self, position: &csv::Position) -> u64 {
        let text = self.text;
        let mut start = (position.byte() as usize).min(text.len());
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &text[self.offset..start]).count() as u64;
        self.offset = start;
        self.line + self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `text` and the line it starts on, read here as far as the lines are records
    /// of their own, then as csv reads the rest; and whether the rest was handed over.
    fn read_by_lines(text: &[u8], delimiter: u8) -> (Vec<(u64, Vec<String>)>, bool) {
        let mut rows = LineRecords::new(text, 1, delimiter);
        let mut record = CsvRecord::default();
        let mut read = Vec::new();
        loop {
            match rows.next(&mut record) {
                NextLine::Record(line) => {
                    read.push((line, record.iter().map(str::to_string).collect()));
                }
                NextLine::End => return (read, false),
                NextLine::Handover { position, line } => {
                    let rest = read_by_csv(&text[position..], delimiter);
                    let shifted = rest.into_iter().map(|(at, row)| (at + line - 1, row));
                    read.extend(shifted);
                    return (read, true);
                }
            }
        }
    }

    /// The records as csv reads them, and their lines as [`LineCounter`] numbers them.
    fn read_by_csv(text: &[u8], delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text);
        let mut lines = LineCounter::new(text, 1);
        let mut record = csv::StringRecord::new();
        let mut read = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let line = lines.line_of(record.position().unwrap());
            read.push((line, record.iter().map(str::to_string).collect()));
        }
        read
    }

    #[test]
    fn plain_and_quoted_lines_by_hand() {
        // Each text, whether it is handed over to csv, and its records.
        type Case<'a> = (&'a str, bool, &'a [(u64, &'a [&'a str])]);
        let cases: [Case; 7] = [
            ("a,b\nc,d\n", false, &[(1, &["a", "b"]), (2, &["c", "d"])]),
            (
                "a,b\r\n\r\n\nc,\r\n",
                false,
                &[(1, &["a", "b"]), (4, &["c", ""])],
            ),
            (
                "\"x, y\",\"he said \"\"no\"\"\",\"\"\n",
                false,
                &[(1, &["x, y", "he said \"no\"", ""])],
            ),
            ("é,ü\"q\"\n", false, &[(1, &["é", "ü\"q\""])]),
            (
                "a,\"two\nlines\",b\nc\n",
                true,
                &[(1, &["a", "two\nlines", "b"]), (3, &["c"])],
            ),
            (
                "a,\"q\"tail\nc\n",
                true,
                &[(1, &["a", "qtail"]), (2, &["c"])],
            ),
            ("a\rb\nc", true, &[(1, &["a"]), (1, &["b"]), (2, &["c"])]),
        ];
        for (text, handed_over, expected) in cases {
            let expected: Vec<(u64, Vec<String>)> = (expected.iter())
                .map(|(line, row)| {
                    (
                        *line,
                        row.iter().map(std::string::ToString::to_string).collect(),
                    )
                })
                .collect();
            let by_lines = read_by_lines(text.as_bytes(), b',');
            assert_eq!(by_lines, (expected.clone(), handed_over), "{text:?}");
            assert_eq!(read_by_csv(text.as_bytes(), b','), expected, "{text:?}");
        }
    }

    #[test]
    fn a_line_that_may_not_be_a_record_of_its_own_is_handed_over_where_it_starts() {
        let text = "a,b\n\nc,\"open\nd\n";
        let mut rows = LineRecords::new(text.as_bytes(), 7, b',');
        let mut record = CsvRecord::default();
        assert_eq!(rows.next(&mut record), NextLine::Record(7));
        let handover = NextLine::Handover {
            position: 5,
            line: 9,
        };
        assert_eq!(rows.next(&mut record), handover);
        let not_utf8 = LineRecords::new(b"a,b\nc,\xff\n", 3, b',').next(&mut record);
        let whole = NextLine::Handover {
            position: 0,
            line: 3,
        };
        assert_eq!(not_utf8, whole);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Lines read here and the csv reader give the same records on the same lines.
        #[test]
        fn lines_read_as_csv_reads_them(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "bc", "é", " ", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", "\"x,y\"",
                ]),
                0..40,
            ),
            semicolon in any::<bool>(),
        ) {
            let text = pieces.concat();
            let delimiter = if semicolon { b';' } else { b',' };
            prop_assert_eq!(
                read_by_lines(text.as_bytes(), delimiter).0,
                read_by_csv(text.as_bytes(), delimiter),
                "{:?}", text
            );
        }
    }
}
