//! Words and marks of a sentence, and the runs of capitalized words in it that may name something.

use super::lexicon::Lexicon;

/// A word or a punctuation mark of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub(super) text: String,
    pub(super) is_word: bool,
    /// A word written with a possessive ("Acme's", "Labs'"); `text` is without it.
    pub(super) possessive: bool,
}

impl Token {
    fn mark(c: char) -> Token {
        Token {
            text: c.to_string(),
            is_word: false,
            possessive: false,
        }
    }

    /// A word that may be part of a name: capitalized ("Acme"), or digits with a capital ("3Com").
    pub(super) fn is_name_like(&self) -> bool {
        let mut chars = self.text.chars();
        self.is_word
            && match chars.next() {
                Some(first) if first.is_uppercase() => true,
                Some(first) if first.is_ascii_digit() => chars.any(char::is_uppercase),
                _ => false,
            }
    }

    pub(super) fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits a sentence into words and marks. A word is letters and digits, with `.`, `-`, `&`, `/` or
/// an apostrophe inside it ("Acme.io", "scale-out", "AT&T", "S/4", "don't"); a trailing "'s", or an
/// apostrophe after a final "s", is a possessive and is left off the word.
pub(super) fn tokenize(sentence: &str) -> Vec<Token> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '.' | '-' | '&' | '\'' | '/')
                        && chars.get(i + 1).is_some_and(|next| next.is_alphanumeric())))
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            // "Example-led": a name with a common word hyphened to it is the name and the word.
            match text.split_once('-') {
                Some((name, rest))
                    if name.chars().count() >= 2
                        && name.starts_with(char::is_uppercase)
                        && rest.starts_with(char::is_lowercase) =>
                {
                    tokens.extend([
                        word(name.to_string()),
                        Token::mark('-'),
                        word(rest.to_string()),
                    ]);
                }
                _ => tokens.push(word(text)),
            }
        } else {
            let possessive_after_s = c == '\''
                && tokens.last().is_some_and(|last| {
                    last.is_word && !last.possessive && last.text.ends_with('s')
                })
                && !chars.get(i + 1).is_some_and(|next| next.is_alphanumeric());
            if possessive_after_s {
                tokens.last_mut().expect("checked above").possessive = true;
            } else if !c.is_whitespace() {
                tokens.push(Token::mark(c));
            }
            i += 1;
        }
    }
    tokens
}

fn word(text: String) -> Token {
    match text.strip_suffix("'s") {
        Some(stem) if !stem.is_empty() => Token {
            text: stem.to_string(),
            is_word: true,
            possessive: true,
        },
        _ => Token {
            text,
            is_word: true,
            possessive: false,
        },
    }
}

/// Consecutive name-like words, `tokens[start..end]`; a possessive word ends its run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Run {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Whether the run opens its sentence or a clause after a colon or quote, where any word is
    /// capitalized.
    pub(super) opens_clause: bool,
}

/// The runs of name-like words, and of the words `also_names` accepts (lower-case names the
/// article shows to be names). "&" between two of them joins them ("Example & Co"), as "of" does
/// after a word such as "University" ("University of Example"); a number of up to three digits
/// after them is part of the name ("Example 2") unless a word of quantity follows it, and one of up
/// to two digits before a name ending in a company suffix is too ("6 Example Systems").
pub(super) fn runs(
    tokens: &[Token],
    lexicon: &Lexicon,
    also_names: &dyn Fn(usize) -> bool,
) -> Vec<Run> {
    let counts = |i: usize| tokens[i].is_name_like() || also_names(i);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !counts(i) {
            i += 1;
            continue;
        }
        let mut start = i;
        while i < tokens.len() && counts(i) {
            i += 1;
            if tokens[i - 1].possessive {
                break;
            }
            let joiner = tokens.get(i).is_some_and(|token| {
                token.text == "&"
                    || (token.text == "of" && lexicon.of_heads.contains(&tokens[i - 1].lower()))
            });
            if joiner && i + 1 < tokens.len() && tokens[i + 1].is_name_like() {
                i += 1;
            }
        }
        let named = !tokens[i - 1].possessive && !lexicon.is_stop_word(&tokens[i - 1].text);
        if named && version_at(tokens, i, lexicon) {
            i += 1;
        }
        if lexicon.is_company_suffix(&tokens[i - 1].text) && numbered(tokens, start) {
            start -= 1;
        }
        let opens_clause = start == 0
            || tokens[..start]
                .iter()
                .all(|token| !token.is_word && token.text != "(")
            || matches!(tokens[start - 1].text.as_str(), ":" | "\"" | ";");
        runs.push(Run {
            start,
            end: i,
            opens_clause,
        });
    }
    runs
}

fn is_number(token: &Token, digits: usize) -> bool {
    token.is_word
        && (1..=digits).contains(&token.text.len())
        && token.text.chars().all(|c| c.is_ascii_digit())
}

/// A version: a number of up to three digits, or two such numbers joined by a dot ("2.0").
fn is_version(token: &Token) -> bool {
    let whole =
        |part: &str| (1..=3).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit());
    match token.text.split_once('.') {
        Some((major, minor)) => token.is_word && whole(major) && whole(minor),
        None => is_number(token, 3),
    }
}

/// Whether `tokens[at]` is a version of the name before it: "2.0", or "2" or "100" followed by a
/// mark, the end, a function word or a company verb ("Example 3 at …", "Example 3 ships") rather
/// than a word of quantity ("18 states").
fn version_at(tokens: &[Token], at: usize, lexicon: &Lexicon) -> bool {
    let Some(version) = tokens.get(at).filter(|token| is_version(token)) else {
        return false;
    };
    let followed = |next: &Token| {
        !next.is_word
            || lexicon.is_stop_word(&next.text)
            || lexicon.company_verbs.contains(&next.lower())
    };
    version.text.contains('.') || tokens.get(at + 1).is_none_or(followed)
}

/// Whether a number of one or two digits, not an amount, stands just before `tokens[start]`.
fn numbered(tokens: &[Token], start: usize) -> bool {
    start >= 1
        && is_number(&tokens[start - 1], 2)
        && (start < 2 || !matches!(tokens[start - 2].text.as_str(), "$" | "€" | "£"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(tokens: &[Token]) -> Vec<String> {
        tokens
            .iter()
            .map(|token| match token.possessive {
                true => format!("{}+s", token.text),
                false => token.text.clone(),
            })
            .collect()
    }

    #[test]
    fn words_marks_and_possessives() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Acme's Widget, etc.",
                &["Acme+s", "Widget", ",", "etc", "."],
            ),
            ("Foo Labs' Bar", &["Foo", "Labs+s", "Bar"]),
            ("bought Acme.io today", &["bought", "Acme.io", "today"]),
            ("AT&T and 3Com", &["AT&T", "and", "3Com"]),
            ("don't 'quote'", &["don't", "'", "quote", "'"]),
            ("$500 million", &["$", "500", "million"]),
        ];
        for (text, expected) in cases {
            assert_eq!(shown(&tokenize(text)), *expected, "{text:?}");
        }
    }

    #[test]
    fn runs_of_capitalized_words_end_at_a_possessive() {
        // (start, end, opens_clause) of each run.
        type Span = (usize, usize, bool);
        let cases: &[(&str, &[Span])] = &[
            ("Acme's Widget Pro ships", &[(0, 1, true), (1, 3, false)]),
            (
                "the Pure Storage and 3Com deal",
                &[(1, 3, false), (4, 5, false)],
            ),
            ("said: Whereas Acme", &[(2, 4, true)]),
            ("In 2015, Acme grew", &[(0, 1, true), (3, 4, false)]),
            ("we met the Bank of Examples", &[(3, 6, false)]),
            ("we sell Acme 100 for you", &[(2, 4, false)]),
            ("we sell Acme 100 boxes", &[(2, 3, false)]),
            ("we like 6 River Systems", &[(2, 5, false)]),
            ("we paid $6 Acme Systems", &[(4, 6, false)]),
            ("we like Weights & Biases", &[(2, 5, false)]),
        ];
        for (text, expected) in cases {
            let found: Vec<(usize, usize, bool)> =
                runs(&tokenize(text), &Lexicon::built_in(), &|_| false)
                    .iter()
                    .map(|run| (run.start, run.end, run.opens_clause))
                    .collect();
            assert_eq!(found, *expected, "{text:?}");
        }
    }
}
