//! Evidence that a word is a name beyond its capital letter: a lower-case name (`rkt`, `qryn2`,
//! `llama.cpp`) shows itself by opening a sentence, by its shape, by the noun set beside it ("its
//! scanner, examplectl") or by standing in a list of names; a capitalized word that opens a
//! sentence, by a name beside it ("Acme and Beta sell …") or by what follows it ("Acme, a startup
//! that …", "Acme, from Beta").

use super::lexicon::Lexicon;
use super::tokens::Token;
use std::collections::BTreeSet;

/// The most words of an apposition searched for its noun ("Acme, a small Example startup").
const APPOSITION_WINDOW: usize = 5;

/// How many times lists are read for names found beside names found in the last reading.
const LIST_ROUNDS: usize = 3;

/// The lower-case words of the article that it shows to be names.
pub(super) fn lower_case_names(sentences: &[&[Token]], lexicon: &Lexicon) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for tokens in sentences {
        for at in 0..tokens.len() {
            let candidate = is_candidate(&tokens[at], lexicon)
                && (opens(tokens, at, lexicon)
                    || shaped_like_a_name(&tokens[at].text)
                    || introduced(tokens, at, lexicon)
                    // Followed by an apposition that says what it is: "example, the reference runtime".
                    || apposition_noun(tokens, at + 1, lexicon));
            if candidate {
                names.insert(tokens[at].text.clone());
            }
        }
    }
    // A candidate listed beside a name found so far is one too ("containerd or cri-o"), and so on
    // along the list ("curl, systemd and OpenSSH").
    for _ in 0..LIST_ROUNDS {
        for tokens in sentences {
            for at in 0..tokens.len() {
                if is_candidate(&tokens[at], lexicon) && listed(tokens, at, &names, lexicon) {
                    names.insert(tokens[at].text.clone());
                }
            }
        }
    }
    names
}

/// A lower-case word that could be a name: not a function word or a generic term.
fn is_candidate(token: &Token, lexicon: &Lexicon) -> bool {
    let mut chars = token.text.chars();
    token.is_word
        && chars.next().is_some_and(char::is_lowercase)
        && token.text.chars().count() >= 2
        && !lexicon.is_stop_word(&token.text)
        && !lexicon.is_generic(&token.text)
}

/// The first word of its sentence: prose opens a sentence with a capital unless a name will not.
/// A sentence opened in lower case is not split from the one before, so a word after a full stop
/// counts too, unless the stop ends a lower-case abbreviation ("etc.", "vs.", "e.g.") or a company
/// suffix ("Inc.").
fn opens(tokens: &[Token], at: usize, lexicon: &Lexicon) -> bool {
    let first = tokens[..at]
        .iter()
        .all(|token| !token.is_word && matches!(token.text.as_str(), "\"" | "'" | "(" | "“"));
    let after_stop = at >= 2
        && tokens[at - 1].text == "."
        && tokens[at - 2].is_word
        && !(tokens[at - 2].text.starts_with(char::is_lowercase)
            && (tokens[at - 2].text.chars().count() <= 3 || tokens[at - 2].text.contains('.')))
        && !lexicon.is_company_suffix(&tokens[at - 2].text);
    first || after_stop
}

/// A word with a digit ("hexa2"), a capital inside ("gVisor") or a dot between letters
/// ("llama.cpp"); not an abbreviation of one-letter parts ("e.g").
fn shaped_like_a_name(word: &str) -> bool {
    let digit = word.chars().any(|c| c.is_ascii_digit());
    let inner_capital = word.chars().skip(1).any(char::is_uppercase);
    let dotted = word.contains('.') && word.split('.').all(|part| part.chars().count() >= 2);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    letters && (digit || inner_capital || dotted)
}

/// Set apart after a noun that introduces it ("its scanner, examplectl, checks …", "a model called
/// example"): the noun and a comma before it and a mark after it, or "called"/"named" before it.
fn introduced(tokens: &[Token], at: usize, lexicon: &Lexicon) -> bool {
    let before = |back: usize| at.checked_sub(back).map(|index| &tokens[index]);
    let called = before(1).is_some_and(|word| matches!(word.lower().as_str(), "called" | "named"));
    let set_apart = before(1).is_some_and(|mark| mark.text == ",")
        && before(2).is_some_and(|noun| lexicon.product_nouns.contains(&noun.lower()))
        && tokens.get(at + 1).is_none_or(|after| !after.is_word);
    called || set_apart
}

/// Whether `tokens[from..]` is ", a|an|the|one … NOUN" with a noun that says what a name is.
pub(super) fn apposition_noun(tokens: &[Token], from: usize, lexicon: &Lexicon) -> bool {
    let rest = &tokens[from.min(tokens.len())..];
    let opens = rest.first().is_some_and(|token| token.text == ",")
        && rest
            .get(1)
            .is_some_and(|token| matches!(token.lower().as_str(), "a" | "an" | "the" | "one"));
    opens
        && (rest[2..].iter())
            .take_while(|token| token.is_word)
            .take(APPOSITION_WINDOW)
            .any(|token| lexicon.product_nouns.contains(&token.lower()))
}

/// Listed beside a name: after "X," or "X and"/"X or" where X is a name, and followed by another
/// item of the list, or by the end of the sentence after "and"/"or"; or before "and X"/"or X".
fn listed(tokens: &[Token], at: usize, names: &BTreeSet<String>, lexicon: &Lexicon) -> bool {
    let joins = |token: &Token| matches!(token.text.as_str(), "," | "and" | "or");
    let is_name = |token: &Token| {
        (token.is_name_like() && !lexicon.is_stop_word(&token.text)) || names.contains(&token.text)
    };
    let after_name = at >= 2 && joins(&tokens[at - 1]) && is_name(&tokens[at - 2]);
    // "X, y" ends a list only with "and" or "or" after it; "X and y" may end its sentence.
    let conjunction = at >= 1 && tokens[at - 1].text != ",";
    let before_more =
        (tokens.get(at + 1)).is_none_or(|next| joins(next) || (conjunction && next.text == "."));
    // "y and X" or "y, X" after a verb, a preposition or a comma ("checks y and X", "on y, z and
    // X"): not after a determiner, a name or an adjective, which make y a common noun ("the
    // startups and X", "Example boards and X").
    let determiners = [
        "the", "a", "an", "its", "their", "our", "some", "many", "other",
    ];
    let introduced = at >= 1 && {
        let before = tokens[at - 1].lower();
        !determiners.contains(&before.as_str())
            && (before == ","
                || lexicon.is_stop_word(&before)
                || lexicon.company_verbs.contains(&before))
    };
    // After "y," the name must go on with the list: "on y, X and Z", not "In y, X provides".
    let and_or = |token: &Token| matches!(token.text.as_str(), "and" | "or");
    let listing = match tokens.get(at + 1) {
        Some(next) if and_or(next) => true,
        Some(next) if next.text == "," => tokens.get(at + 3).is_some_and(joins),
        _ => false,
    };
    let before_name = listing && tokens.get(at + 2).is_some_and(is_name) && introduced;
    (after_name && before_more) || before_name
}

/// Evidence that the capitalized word at `tokens[at]`, opening its sentence, is a name: another
/// name joined to it ("Acme and Beta"), an apposition that says what it is ("Acme, a startup …",
/// "Acme, founded in …"), a name it comes from ("Acme, from Beta") or its own web address after it
/// ("Acme (acme.dev)").
pub(super) fn opening_word_in_context(tokens: &[Token], at: usize, lexicon: &Lexicon) -> bool {
    let next = |offset: usize| tokens.get(at + offset);
    let joined = next(1).is_some_and(|token| matches!(token.text.as_str(), "and" | "or"))
        && next(2).is_some_and(Token::is_name_like);
    let from = next(1).is_some_and(|token| token.text == ",")
        && next(2).is_some_and(|token| token.lower() == "from")
        && next(3).is_some_and(Token::is_name_like);
    // "Acme, founded in …", "Acme, which makes …".
    let which_acts = next(2).is_some_and(|token| token.lower() == "which")
        && next(3).is_some_and(|verb| lexicon.company_verbs.contains(&verb.lower()));
    let described = next(1).is_some_and(|token| token.text == ",")
        && (next(2).is_some_and(|token| DESCRIBING.contains(&token.lower().as_str()))
            || which_acts);
    joined || from || described || linked(tokens, at) || apposition_noun(tokens, at + 1, lexicon)
}

/// Participles that open a clause describing a company: "Acme, founded in 2019, …".
const DESCRIBING: [&str; 7] = [
    "acquired",
    "backed",
    "based",
    "founded",
    "headquartered",
    "owned",
    "spun",
];

/// Followed by its own web address in parentheses: "Acme (acme.dev)".
fn linked(tokens: &[Token], at: usize) -> bool {
    let word = tokens[at].lower();
    tokens.get(at + 1).is_some_and(|token| token.text == "(")
        && tokens.get(at + 2).is_some_and(|link| {
            let link = link.lower();
            link.strip_prefix(&word)
                .is_some_and(|rest| rest.starts_with('.') && rest.len() > 2)
        })
}

/// A government body's name: a word such as "Commission" ends it or comes before "of"
/// ("Federal Trade Commission", "Department of Example"), not one that opens a company's name
/// ("Bureau Example").
pub(super) fn government(words: &[Token], lexicon: &Lexicon) -> bool {
    (0..words.len()).any(|at| {
        lexicon.government_words.contains(&words[at].lower())
            && words.get(at + 1).is_none_or(|next| next.text == "of")
    })
}

/// Whether the name ending at `tokens[end]` is the first part of a government body's name joined
/// by "and" ("Food and Drug Administration").
pub(super) fn joined_to_government(tokens: &[Token], end: usize, lexicon: &Lexicon) -> bool {
    let rest = &tokens[end.min(tokens.len())..];
    let named: Vec<&Token> = rest
        .iter()
        .skip(1)
        .take_while(|token| token.is_name_like())
        .collect();
    rest.first().is_some_and(|token| token.text == "and")
        && named
            .last()
            .is_some_and(|last| lexicon.government_words.contains(&last.lower()))
}

/// A headline written in title case: of four or more words besides function words, three in four
/// capitalized, two of them words the article writes in lower case elsewhere.
pub(super) fn title_case(
    tokens: &[Token],
    lexicon: &Lexicon,
    lower_case: &BTreeSet<String>,
) -> bool {
    let words: Vec<&Token> = (tokens.iter())
        .filter(|token| token.is_word && !lexicon.is_stop_word(&token.text))
        .filter(|token| !token.text.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let capitalized = words.iter().filter(|word| word.is_name_like()).count();
    let common = (words.iter())
        .filter(|word| word.is_name_like() && lower_case.contains(&word.lower()))
        .count();
    words.len() >= 4 && capitalized * 4 >= words.len() * 3 && common >= 2
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn lower_names(text: &str) -> Vec<String> {
        let sentences: Vec<Vec<Token>> = text.split('\n').map(tokenize).collect();
        let slices: Vec<&[Token]> = sentences.iter().map(Vec::as_slice).collect();
        lower_case_names(&slices, &Lexicon::built_in())
            .into_iter()
            .collect()
    }

    #[test]
    fn lower_case_names_show_themselves_and_common_words_do_not() {
        let cases: &[(&str, &[&str])] = &[
            ("examplectl checks images.", &["examplectl"]),
            ("It runs. examplectl checks images.", &["examplectl"]),
            ("Use e.g. tools and etc. things.", &[]),
            ("We tried acme2 and the x.y kit.", &["acme2"]),
            ("The tool gVisor and lib.cpp help.", &["gVisor", "lib.cpp"]),
            ("Its scanner, examplectl, checks images.", &["examplectl"]),
            ("Acme, a startup, compiles models.", &[]),
            ("A model called example-lite ships.", &["example-lite"]),
            ("Acme, examplekit and the newcomer Beta.", &["examplekit"]),
            ("Acme, spoke.", &[]),
            (
                "examplerun\nClusters run examplerun or other-run.",
                &["examplerun", "other-run"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(lower_names(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn an_opening_word_is_a_name_by_what_stands_beside_it() {
        let cases = [
            ("Acme and Beta sell tools.", true),
            ("Acme, a Warsaw startup, compiles models.", true),
            ("Acme, the company behind Beta, grew.", true),
            ("Acme, from Beta, grew.", true),
            ("Yesterday, Beta grew.", false),
            ("Revenue and costs grew.", false),
            ("Acme, the best of them, grew.", false),
        ];
        for (text, expected) in cases {
            let tokens = tokenize(text);
            let found = opening_word_in_context(&tokens, 0, &Lexicon::built_in());
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
