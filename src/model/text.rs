//! What text a cell may hold. Every output carries the text of the inputs (SVG and XLSX are XML,
//! the report is HTML, the terminal interprets escape sequences), so a control character is refused
//! where it is read, naming its file, line and column, rather than breaking a chart later. An id, a
//! name or a category must also be one line: it is a label.

/// The longest label, in characters: a chart must be able to place it, and a name of this length is
/// already a paragraph.
const MAX_LABEL_CHARS: usize = 1_000;

/// `Err` with a message (no newline in it) when `cell` holds a control character (C0, DEL, C1) or a
/// noncharacter U+FFFE/U+FFFF; when `label` is set, a tab or line break too, or more than
/// [`MAX_LABEL_CHARS`] characters. Other text may hold tabs and line breaks (a note written over
/// several lines in a spreadsheet).
pub(crate) fn check_text(cell: &str, label: bool) -> Result<(), String> {
    if label && cell.len() > MAX_LABEL_CHARS {
        let chars = cell.chars().count();
        if chars > MAX_LABEL_CHARS {
            return Err(format!(
                "the text is {chars} characters long, and a label (an id, a name, a category, an \
                 event) is at most {MAX_LABEL_CHARS}"
            ));
        }
    }
    // Every forbidden character starts with one of these bytes in UTF-8: C0 and DEL as themselves,
    // C1 after 0xC2, U+FFFE and U+FFFF after 0xEF. The scan is a fold without an early exit, which
    // the compiler vectorizes: every id and name of a million-row file passes through here.
    let bytes = cell.as_bytes();
    let ascii_control =
        (bytes.iter()).fold(false, |seen, &byte| seen | (byte < 0x20) | (byte == 0x7f));
    let wide_suspect =
        || (bytes.iter()).fold(false, |seen, &byte| seen | (byte == 0xc2) | (byte == 0xef));
    if !ascii_control && (cell.is_ascii() || !wide_suspect()) {
        return Ok(());
    }
    for (position, c) in cell.chars().enumerate() {
        let layout = matches!(c, '\t' | '\n' | '\r');
        if layout && label {
            return Err(format!(
                "the character U+{:04X} ({}) at character {} is a tab or line break, and a label \
                 (an id, a name, a category, an event) must be one line",
                c as u32,
                c.escape_default(),
                position + 1
            ));
        }
        if (c.is_control() && !layout) || matches!(c, '\u{fffe}' | '\u{ffff}') {
            return Err(format!(
                "the {} U+{:04X} at character {} cannot be shown in a chart, a workbook or a \
                 terminal: remove it",
                if c.is_control() {
                    "control character"
                } else {
                    "noncharacter"
                },
                c as u32,
                position + 1
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_text;

    #[test]
    fn refuses_control_characters_everywhere_and_line_breaks_in_labels() {
        for (cell, label, ok) in [
            ("Plain name", true, true),
            ("Zürich € ñ 東京", true, true),
            ("two\nlines", false, true),
            ("tab\tbed", false, true),
            ("two\nlines", true, false),
            ("esc\u{1b}[2J", false, false),
            ("nul\0", false, false),
            ("del\u{7f}", false, false),
            ("c1\u{85}", false, false),
            ("nonchar\u{fffe}", false, false),
            ("last\u{ffff}", true, false),
            ("\u{feff}bom inside", true, true),
            ("é".repeat(1_000).as_str(), true, true),
            ("é".repeat(1_001).as_str(), true, false),
            ("é".repeat(1_001).as_str(), false, true),
        ] {
            assert_eq!(
                check_text(cell, label).is_ok(),
                ok,
                "{cell:?} label {label}"
            );
        }
        assert_eq!(
            check_text("ab\u{1b}c", false).unwrap_err(),
            "the control character U+001B at character 3 cannot be shown in a chart, a workbook or \
             a terminal: remove it"
        );
        assert_eq!(
            check_text("a\nb", true).unwrap_err(),
            "the character U+000A (\\n) at character 2 is a tab or line break, and a label (an id, \
             a name, a category, an event) must be one line"
        );
    }
}
