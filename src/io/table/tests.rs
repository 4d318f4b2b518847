//! Tests of `table`.

use super::*;
use crate::io::TextEncoding;

fn parse(text: &[u8]) -> Result<RawTable> {
    RawTable::parse(&Source::embedded("t.csv", text))
}

#[test]
fn reads_header_rows_and_lines_including_quoted_line_breaks() {
    let table = parse(b"\xEF\xBB\xBFid , name\na,\"two\nlines\"\nb,B\n").unwrap();
    assert_eq!(table.headers, ["id", "name"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].cells, ["a", "two\nlines"]);
    assert_eq!(table.rows[1].line, 4);
}

#[test]
fn names_the_line_of_a_ragged_row() {
    let error = parse(b"id,name\na,A\nb\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "t.csv: line 3: the row has 1 cells but the header has 2"
    );
}

#[test]
fn names_the_line_of_invalid_utf8_when_utf8_is_required() {
    let format = CsvFormat {
        encoding: TextEncoding::Utf8,
        ..CsvFormat::default()
    };
    let source = Source::embedded("t.csv", b"id,name\na,A\nb,\xff\n");
    let error = RawTable::parse_as(&source, format).unwrap_err();
    assert_eq!(
        error.to_string(),
        "t.csv: line 3: the text is not valid UTF-8 (in cell 2)"
    );
}

#[test]
fn text_that_is_not_utf8_is_read_as_windows_1252() {
    let table = parse(b"id,name\ncafe,Caf\xe9 \x93Sp\xe9cial\x94\n").unwrap();
    assert_eq!(
        table.rows[0].cells,
        ["cafe", "Caf\u{e9} \u{201c}Sp\u{e9}cial\u{201d}"]
    );
}

#[test]
fn reads_what_spreadsheets_export() {
    /// (file, header, first row, decimal comma)
    type Case<'a> = (&'a [u8], &'a [&'a str], &'a [&'a str], bool);
    let cases: [Case; 5] = [
        (
            b"id;name\r\na;A,1\r\n",
            &["id", "name"],
            &["a", "A,1"],
            true,
        ),
        (b"sep=;\nid;name\na;A\n", &["id", "name"], &["a", "A"], true),
        (
            b"\"sep=,\"\r\nid,name;x\r\na,A;x\r\n",
            &["id", "name;x"],
            &["a", "A;x"],
            false,
        ),
        (b"id\tname\na\tA\n", &["id", "name"], &["a", "A"], false),
        (
            b"\"id;x\",name\na,A\n",
            &["id;x", "name"],
            &["a", "A"],
            false,
        ),
    ];
    for (text, headers, cells, decimal_comma) in cases {
        let table = parse(text).unwrap();
        let shown = String::from_utf8_lossy(text);
        assert_eq!(table.headers, headers, "{shown}");
        assert_eq!(table.rows[0].cells, cells, "{shown}");
        assert_eq!(table.decimal_comma, decimal_comma, "{shown}");
    }
}

#[test]
fn rows_of_a_crlf_file_are_named_by_the_line_they_start_on() {
    let table = parse(b"id,name\r\na,A\r\nb,\"two\r\nlines\"\r\nc,C\r\n").unwrap();
    let lines: Vec<u64> = table.rows.iter().map(|row| row.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    let cases: [(&[u8], &str); 3] = [
        (
            b"id,name\r\na,A\r\nb\r\n",
            "t.csv: line 3: the row has 1 cells but the header has 2",
        ),
        (
            b"sep=,\r\nid,name\r\na,A\r\nb\r\n",
            "t.csv: line 4: the row has 1 cells but the header has 2",
        ),
        (
            b"id,name\r\n\r\na,A\r\nb\r\n",
            "t.csv: line 4: the row has 1 cells but the header has 2",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text).unwrap_err().to_string(), expected);
    }
}

#[test]
fn lines_count_the_separator_line() {
    let error = parse(b"sep=;\nid;name\na;A\nb\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "t.csv: line 4: the row has 1 cells but the header has 2"
    );
    let table = parse(b"sep=;\nid;name\na;A\n").unwrap();
    assert_eq!(table.rows[0].line, 3);
}

#[test]
fn refuses_an_empty_file_and_a_repeated_column() {
    assert_eq!(
        parse(b"").unwrap_err().to_string(),
        "t.csv: is empty: expected a header row"
    );
    assert_eq!(
        parse(b"id,id\n").unwrap_err().to_string(),
        "t.csv: line 1, column id: the column name appears twice in the header"
    );
}
