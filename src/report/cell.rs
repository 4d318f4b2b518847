//! Text cells that are safe to open in a spreadsheet. A cell a user typed that starts like a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return or line feed, or their full-width forms) would run as
//! one in Excel, Google Sheets or `LibreOffice`; it is written with a leading `'`, which spreadsheets
//! read as "this is text", and the prefix is taken off again when `thesis` reads its own file back.
//! Numbers are never altered: only text passes through here.

use std::borrow::Cow;

const FORMULA_STARTS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

fn starts_like_a_formula(text: &str) -> bool {
    // Most cells start with a letter or digit: one byte tells. Each full-width form starts with 0xEF.
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n' | 0xEF) => {
            text.starts_with(FORMULA_STARTS)
        }
        _ => false,
    }
}

/// The text as a spreadsheet-safe cell.
pub(super) fn neutralize(text: &str) -> Cow<'_, str> {
    if starts_like_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a cell [`neutralize`] wrote.
pub(super) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_a_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OWASP's CSV-injection payloads, and text that must pass unchanged.
    #[test]
    fn formula_starts_get_a_quote_and_come_back_unchanged() {
        let dangerous = [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
            "\n=1+1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(1)",
        ];
        for text in dangerous {
            let cell = neutralize(text);
            assert_eq!(cell, format!("'{text}"), "{text:?}");
            assert_eq!(restore(&cell), text, "{text:?}");
        }
        for text in ["Docker", "", "'quoted", "3PAR", "a=b", "'plain"] {
            assert_eq!(neutralize(text), text, "{text:?}");
            assert_eq!(restore(text), text, "{text:?}");
        }
    }
}
