//! Splitting CSV text into blocks of whole records, so that a large file can be read by several
//! threads at once. A line break inside a quoted field does not end a record, so the split follows
//! the csv crate's quoting rules: a quote opens a quoted field only at the start of a field, a
//! doubled quote inside one is a quote, and a quote anywhere else is text.

/// The byte ranges of consecutive blocks of whole records covering `text`, each at least
/// `block_bytes` long except the last. A block starts where a record starts, after a line feed:
/// text that ends lines with a bare carriage return stays one block. Unless `at_end`, the text after
/// the last line feed outside quotes is left out, since more of its record may follow.
pub(super) fn record_blocks(
    text: &[u8],
    delimiter: u8,
    block_bytes: usize,
    at_end: bool,
) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut position = 0;
    let mut record_end = 0;
    // Jump from quote to line feed: a line feed outside quotes ends a record, and a quote matters
    // only where it opens a field.
    while let Some(found) = memchr::memchr2(b'"', b'\n', &text[position..]) {
        let at = position + found;
        position = at + 1;
        if text[at] == b'\n' {
            record_end = position;
            if position - start >= block_bytes {
                blocks.push((start, position));
                start = position;
            }
            continue;
        }
        let opens_field =
            at == 0 || matches!(text[at - 1], b'\n' | b'\r') || text[at - 1] == delimiter;
        if !opens_field {
            continue;
        }
        // A quoted field: it ends at a quote that is not doubled.
        loop {
            match memchr::memchr(b'"', &text[position..]) {
                Some(found) if text.get(position + found + 1) == Some(&b'"') => {
                    position += found + 2;
                }
                Some(found) => {
                    position += found + 1;
                    break;
                }
                None => {
                    position = text.len();
                    break;
                }
            }
        }
    }
    let end = if at_end { text.len() } else { record_end };
    if start < end || (at_end && blocks.is_empty()) {
        blocks.push((start, end));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The records csv reads from the text, as cells.
    fn records(text: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text)
            .records()
            .map(|record| record.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn blocks_end_only_where_records_end() {
        let text = b"a,\"line\nbreak\",c\nd,e\"f\ng,\"h\"\"\ni\",j\r\nk,l\n";
        let blocks = record_blocks(text, b',', 1, true);
        let starts: Vec<usize> = blocks.iter().map(|block| block.0).collect();
        // After the record ending "c\n", after "e\"f\n" (a quote inside an unquoted field is text),
        // after the quoted field with a doubled quote and a line break, after "\r\n".
        assert_eq!(starts, [0, 17, 23, 36]);
        assert_eq!(blocks.last().unwrap().1, text.len());
    }

    proptest! {
        #[test]
        fn reading_block_by_block_reads_the_same_records(
            cells in prop::collection::vec("[a\",\n\r;]{0,6}", 1..40),
            block_bytes in 1usize..30,
        ) {
            let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            for row in cells.chunks(3) {
                writer.write_record(row).unwrap();
            }
            let text = writer.into_inner().unwrap();
            let blocks = record_blocks(&text, b',', block_bytes, true);
            let mut block_by_block = Vec::new();
            for (start, end) in &blocks {
                block_by_block.extend(records(&text[*start..*end]));
            }
            prop_assert_eq!(block_by_block, records(&text));
        }
    }
}
