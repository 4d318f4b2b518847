//! Text on its way to a terminal. A control character could move the cursor, retitle the window or
//! clear the screen, so each is shown escaped (`\u{1b}`); an error or warning is kept to one line,
//! so that no value it quotes can print a line of its own that looks like another message.

use std::borrow::Cow;

/// Data for stdout: line breaks and tabs kept, every other control character escaped.
pub(super) fn printable(text: &str) -> Cow<'_, str> {
    escape(text, |c| c.is_control() && c != '\n' && c != '\t')
}

/// A message for stderr on one line: every control character, line breaks included, escaped.
pub(super) fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, char::is_control)
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escaped(c) {
            true => out.extend(c.escape_default()),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(printable("a\tb\nc"), "a\tb\nc");
        assert_eq!(printable("\u{1b}]0;title\u{7}x"), "\\u{1b}]0;title\\u{7}x");
        assert_eq!(one_line("found \"1\n2\"\r"), "found \"1\\n2\"\\r");
        assert_eq!(one_line("Zürich, 東京"), "Zürich, 東京");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }
}
