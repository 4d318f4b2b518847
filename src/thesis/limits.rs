//! Limits a condition's text must keep before the CEL parser sees it. The parser and the interpreter
//! recurse once per operator of a chain, so a flat chain of a few thousand `+` terms or `<`
//! comparisons would overflow the stack and abort; these limits turn that into a thesis error.

/// The longest condition, in characters: the bundled rules are below 200.
pub(super) const MAX_CONDITION_CHARS: usize = 4_096;
/// The most operators one condition may chain (`+`, `&&`, `.`, `in`…): a rule of a hundred terms is
/// already unreadable, and 256 stays far from the stack's end even on a 2 MB thread of a debug build.
pub(super) const MAX_OPERATORS: usize = 256;

/// `Err` with a one-line message when `source` is longer or chains more operators than allowed.
pub(super) fn check_condition_size(source: &str) -> Result<(), String> {
    let chars = source.chars().count();
    if chars > MAX_CONDITION_CHARS {
        return Err(format!(
            "the condition is {chars} characters long; at most {MAX_CONDITION_CHARS} are allowed"
        ));
    }
    let operators = count_operators(source);
    if operators > MAX_OPERATORS {
        return Err(format!(
            "the condition chains {operators} operators; at most {MAX_OPERATORS} are allowed"
        ));
    }
    Ok(())
}

/// Operators outside string literals: each run of operator characters counts once (`<=` is one,
/// `!!` is one), and so does each word `in`.
fn count_operators(source: &str) -> usize {
    const OPERATOR: &[char] = &[
        '+', '-', '*', '/', '%', '<', '>', '=', '!', '&', '|', '?', ':', '.',
    ];
    let mut count = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut in_run = false;
    let mut word = String::new();
    let end_word = |word: &mut String, count: &mut usize| {
        if word == "in" {
            *count += 1;
        }
        word.clear();
    };
    for c in source.chars() {
        if let Some(open) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == open => quote = None,
                _ => {}
            }
            continue;
        }
        let decimal_point =
            c == '.' && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        if c.is_alphanumeric() || c == '_' || decimal_point {
            word.push(c);
            in_run = false;
            continue;
        }
        end_word(&mut word, &mut count);
        if c == '"' || c == '\'' {
            quote = Some(c);
            in_run = false;
        } else if OPERATOR.contains(&c) {
            if !in_run {
                count += 1;
            }
            in_run = true;
        } else {
            in_run = false;
        }
    }
    end_word(&mut word, &mut count);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_operator_once_outside_strings() {
        for (source, expected) in [
            ("x > 1", 1),
            ("x >= 1.5 && y != \"a+b\"", 3),
            ("kind in [\"os\", 'a.b']", 1),
            ("!a || b.c", 3),
            ("\"quote \\\" + inside\" == s", 1),
            ("inside > 2", 1),
            ("-x", 1),
        ] {
            assert_eq!(count_operators(source), expected, "{source}");
        }
    }

    #[test]
    fn a_long_or_deeply_chained_condition_is_refused_before_parsing() {
        let chain = |n: usize| vec!["x"; n].join("+");
        assert!(check_condition_size(&chain(MAX_OPERATORS + 1)).is_ok());
        assert_eq!(
            check_condition_size(&chain(MAX_OPERATORS + 2)),
            Err(format!(
                "the condition chains {} operators; at most 256 are allowed",
                MAX_OPERATORS + 1
            ))
        );
        let long = format!("x == \"{}\"", "a".repeat(MAX_CONDITION_CHARS));
        assert_eq!(
            check_condition_size(&long),
            Err("the condition is 4103 characters long; at most 4096 are allowed".to_string())
        );
    }
}
