//! A thesis article as an analyst reads it: numbered sentences under the sections its headings open.
//! Sentences are numbered as `data/SOURCES.md` documents, whether the article's paragraphs stand on
//! lines of their own or run together with their apostrophes stripped, so that both renderings of one
//! text give the same numbers. [`extract`] finds the companies, products and projects it names, and
//! [`Evidence`] links a scoring run's companies and rules to its sentences.

mod cues;
mod evidence;
mod extract;
mod found;
mod lexicon;
mod relations;
mod tokens;

pub use evidence::{Evidence, Labels as EvidenceLabels};
pub use extract::extract;
pub use found::{Entity, Role};
pub use lexicon::Lexicon;

/// The sentences of an article, numbered from 1, and the sections they fall under.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub sentences: Vec<Sentence>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// 1 for the first sentence after the byline.
    pub number: usize,
    /// The sentence as written, typographic quotes made plain, white space collapsed.
    pub text: String,
    /// Index into [`Article::sections`] of the section it falls under, if any.
    pub section: Option<usize>,
}

/// A heading such as "Storage:", on a line of its own or opening a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    /// The number of the sentence the heading opens, or of the sentence after a heading line.
    pub first_sentence: usize,
}

/// The most words a heading has ("Operating Systems:").
const HEADING_WORDS: usize = 4;
/// The most words a byline has ("Jane Doe is a partner at Example Ventures.").
const BYLINE_WORDS: usize = 16;

impl Article {
    pub fn parse(text: &str) -> Article {
        let text = plain_quotes(text);
        let mut pieces: Vec<String> = Vec::new();
        for paragraph in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
            pieces.extend(split_sentences(paragraph));
        }
        if pieces.first().is_some_and(|first| is_byline(first)) {
            pieces.remove(0);
        }
        if pieces.len() > 1 && pieces.last().is_some_and(|last| is_byline(last)) {
            pieces.pop();
        }
        let mut article = Article {
            sentences: Vec::new(),
            sections: Vec::new(),
        };
        let mut pending_heading: Option<String> = None;
        for piece in pieces {
            if let Some(heading) = heading_line(&piece) {
                pending_heading = Some(heading);
                continue;
            }
            let number = article.sentences.len() + 1;
            if let Some(heading) = pending_heading.take().or_else(|| opening_heading(&piece)) {
                article.sections.push(Section {
                    heading,
                    first_sentence: number,
                });
            }
            article.sentences.push(Sentence {
                number,
                text: piece,
                section: article.sections.len().checked_sub(1),
            });
        }
        article
    }

    /// The sentence numbered `number`.
    pub fn sentence(&self, number: usize) -> Option<&Sentence> {
        self.sentences.get(number.checked_sub(1)?)
    }

    /// The sentence without the heading that opens it ("Storage: Disks matter." is "Disks
    /// matter.").
    pub fn body<'s>(&self, sentence: &'s Sentence) -> &'s str {
        let heading = (self.sections.iter())
            .find(|section| section.first_sentence == sentence.number)
            .map(|section| section.heading.as_str());
        heading
            .and_then(|heading| sentence.text.strip_prefix(heading))
            .and_then(|rest| rest.strip_prefix(':'))
            .map_or(&sentence.text, str::trim_start)
    }
}

/// Typographic apostrophes and quotes as their plain forms.
fn plain_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            other => other,
        })
        .collect()
}

/// Splits a paragraph into sentences. A sentence ends at `.`, `?` or `!` followed by white space and
/// a capital letter or an opening quote. Where paragraphs ran together without a line break, it also
/// ends at `.`, `?`, `!` or `:` directly followed by a capitalized word (as in "today.Here"), unless
/// the mark sits between capitals (an abbreviation such as "U.S.").
fn split_sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if ends_sentence(&chars, i) {
            push_sentence(&mut sentences, &chars[start..=i]);
            start = i + 1;
        }
    }
    push_sentence(&mut sentences, &chars[start..]);
    sentences
}

/// Titles written with a full stop before a name, which ends no sentence ("Dr. Example").
const TITLES: [&str; 6] = ["Dr", "Mr", "Mrs", "Ms", "Prof", "St"];

fn ends_sentence(chars: &[char], i: usize) -> bool {
    let mark = chars[i];
    let word_before: String = {
        let mut word: Vec<char> = (chars[..i].iter().rev())
            .take_while(|c| c.is_alphabetic())
            .copied()
            .collect();
        word.reverse();
        word.into_iter().collect()
    };
    if mark == '.' && TITLES.contains(&word_before.as_str()) {
        return false;
    }
    let next = chars.get(i + 1).copied();
    let spaced = matches!(mark, '.' | '?' | '!')
        && next.is_some_and(char::is_whitespace)
        && chars[i + 1..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| c.is_uppercase() || c == '"');
    let before = i.checked_sub(1).map(|before| chars[before]);
    let run_together = matches!(mark, '.' | '?' | '!' | ':')
        && next.is_some_and(|c| c.is_uppercase() || c == '"')
        && before.is_some_and(|c| !c.is_uppercase() && !c.is_whitespace())
        && starts_word(&chars[i + 1..]);
    spaced || run_together
}

/// Whether the text starts with a word: of at least two letters, the rest not all capitals ("The",
/// "Portworx"), or of one letter and a space ("I expect"); not "S." of "U.S.".
fn starts_word(chars: &[char]) -> bool {
    let mut text = chars.iter().skip_while(|&&c| c == '"');
    let word: Vec<char> = text
        .clone()
        .take_while(|c| c.is_alphanumeric())
        .copied()
        .collect();
    let after = text.nth(word.len());
    match word.len() {
        0 => false,
        1 => after.is_some_and(|c| c.is_whitespace()),
        _ => word[1..].iter().any(|c| c.is_lowercase()),
    }
}

fn push_sentence(sentences: &mut Vec<String>, chars: &[char]) {
    let text: String = chars.iter().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        sentences.push(text);
    }
}

/// A heading standing alone: a few capitalized words, ending in `:` or in no mark at all.
fn heading_line(piece: &str) -> Option<String> {
    let heading = piece.strip_suffix(':').unwrap_or(piece);
    let words: Vec<&str> = heading.split_whitespace().collect();
    let last = heading.chars().last()?;
    let capitalized = |word: &&str| word.chars().next().is_some_and(char::is_uppercase);
    (words.len() <= HEADING_WORDS
        && words.iter().all(capitalized)
        && (last.is_alphanumeric() || piece.ends_with(':')))
    .then(|| heading.to_string())
}

/// The heading that opens a sentence: a few capitalized words and a colon before the sentence's
/// first clause ("Storage: To expand …").
fn opening_heading(sentence: &str) -> Option<String> {
    let (head, rest) = sentence.split_once(':')?;
    let opens_clause = rest.trim_start().starts_with(|c: char| c.is_uppercase());
    if !opens_clause || head.contains(['"', ',']) {
        return None;
    }
    heading_line(head)
}

/// A byline: "Name Surname is managing director of Firm." — a capitalized name, "is", a role and
/// "of" or "at" a capitalized firm, in a short sentence.
fn is_byline(sentence: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let Some(is) = words.iter().position(|&word| word == "is") else {
        return false;
    };
    let capitalized = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
    let name = &words[..is];
    let after_role = words[is + 1..]
        .iter()
        .position(|&word| word == "of" || word == "at")
        .map(|position| is + 1 + position);
    words.len() <= BYLINE_WORDS
        && (2..=4).contains(&name.len())
        && name.iter().all(|word| capitalized(word))
        && after_role.is_some_and(|of| {
            words[is + 1..of].iter().all(|word| !capitalized(word))
                && words.get(of + 1).is_some_and(|word| capitalized(word))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(article: &Article) -> Vec<&str> {
        article.sentences.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn sentences_split_where_the_numbering_says() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two! Three? four.", &["One.", "Two!", "Three? four."]),
            ("It ran.Then it stopped.", &["It ran.", "Then it stopped."]),
            ("It ran.I saw it.", &["It ran.", "I saw it."]),
            ("Made in the U.S. Today.", &["Made in the U.S.", "Today."]),
            (
                "Bought SocketPlane.io to grow.",
                &["Bought SocketPlane.io to grow."],
            ),
            // A closing quote after the mark keeps the sentence going, as SOURCES.md numbers them.
            (
                "He said: \u{201c}Go.\u{201d} Then left.",
                &["He said: \"Go.\" Then left."],
            ),
            ("Line one.\n\nLine two", &["Line one.", "Line two"]),
            (
                "see the list:Storage: Disks matter.",
                &["see the list:", "Storage: Disks matter."],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(texts(&Article::parse(text)), *expected, "{text:?}");
        }
    }

    #[test]
    fn headings_open_sections_inline_or_on_their_own_line() {
        let cases: &[(&str, &[(&str, usize)])] = &[
            (
                "Intro here.\nStorage: Disks matter. More.",
                &[("Storage", 2)],
            ),
            ("Intro here.\nStorage\nDisks matter.", &[("Storage", 2)]),
            (
                "Intro here.Storage: Disks matter.Networking: Wires.",
                &[("Storage", 2), ("Networking", 3)],
            ),
            ("Firm X: a quote, said here. Another.", &[]),
            ("The list is long: Docker and others.", &[]),
        ];
        for (text, expected) in cases {
            let article = Article::parse(text);
            let sections: Vec<(&str, usize)> = (article.sections.iter())
                .map(|section| (section.heading.as_str(), section.first_sentence))
                .collect();
            assert_eq!(sections, *expected, "{text:?}");
        }
    }

    #[test]
    fn a_byline_is_not_numbered() {
        let cases = [
            (
                "Jane Doe is managing director of Example.The market grew.",
                1,
            ),
            (
                "The market grew. Jane Doe is a partner at Example Ventures.",
                1,
            ),
            ("Docker is the leader of Containers. It grew.", 2),
        ];
        for (text, count) in cases {
            assert_eq!(Article::parse(text).sentences.len(), count, "{text:?}");
        }
    }
}
