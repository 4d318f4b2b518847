//! What the article says between the names it finds — who acquired whom ("X acquired Y", "X
//! acquiring A, B and C", "Y was acquired by X") and who supports what ("X supports Y", "It is
//! supported by X") — and the role each name seems to play, with the words that guess rests on.

use super::found::{Entity, Mention, Parsed, Role};
use super::lexicon::Lexicon;

/// One relation the article states between two names, in sentence `sentence`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Relation {
    pub(super) subject: String,
    pub(super) object: String,
    pub(super) sentence: usize,
    /// The verb as written ("acquired", "acquiring").
    pub(super) verb: String,
}

#[derive(Debug, Default)]
pub(super) struct Relations {
    /// Subject acquired object.
    pub(super) acquisitions: Vec<Relation>,
    /// Subject supports object.
    pub(super) supports: Vec<Relation>,
}

/// Words that may stand between a subject and its verb ("X has also acquired").
const AUXILIARIES: &[&str] = &[
    "also", "already", "being", "been", "had", "has", "have", "is", "just", "later", "now",
    "recently", "then", "was", "were",
];
/// Words that refer back to the previous sentence's subject.
const PRONOUNS: &[&str] = &["it", "its", "this", "they"];

pub(super) fn find(parsed: &[Parsed], lexicon: &Lexicon) -> Relations {
    let mut relations = Relations::default();
    for (index, sentence) in parsed.iter().enumerate() {
        let previous_subject = index
            .checked_sub(1)
            .and_then(|previous| primary(&parsed[previous]));
        for (i, token) in sentence.tokens.iter().enumerate() {
            let verb = token.lower();
            let found = if lexicon.acquisition_verbs.contains(&verb) {
                &mut relations.acquisitions
            } else if lexicon.support_verbs.contains(&verb) {
                &mut relations.supports
            } else {
                continue;
            };
            let passive = sentence
                .tokens
                .get(i + 1)
                .is_some_and(|next| next.lower() == "by");
            let (subjects, objects) = if passive {
                let object = (subject_before(sentence, i))
                    .or_else(|| coordinated(sentence, i).then(|| primary(sentence))?)
                    .or_else(|| opens_with_pronoun(sentence).then(|| previous_subject.clone())?);
                (list_from(sentence, i + 2), object.into_iter().collect())
            } else {
                let subject = subject_before(sentence, i);
                (subject.into_iter().collect(), list_from(sentence, i + 1))
            };
            for subject in &subjects {
                for object in objects.iter().filter(|object| *object != subject) {
                    found.push(Relation {
                        subject: subject.clone(),
                        object: object.clone(),
                        sentence: sentence.number,
                        verb: token.text.clone(),
                    });
                }
            }
        }
    }
    relations
}

/// The name just before token `verb`, past any auxiliaries.
fn subject_before(sentence: &Parsed, verb: usize) -> Option<String> {
    let mut end = verb;
    while end > 0 && AUXILIARIES.contains(&sentence.tokens[end - 1].lower().as_str()) {
        end -= 1;
    }
    let mention = sentence
        .mentions
        .iter()
        .find(|mention| mention.end == end)?;
    Some(mention.name.clone())
}

/// The names listed from token `start` on: "A", "A and B", "A, B, C and D", "the A".
fn list_from(sentence: &Parsed, start: usize) -> Vec<String> {
    let tokens = &sentence.tokens;
    let mut at = start;
    if tokens.get(at).is_some_and(|token| token.lower() == "the") {
        at += 1;
    }
    let mut names = Vec::new();
    while let Some(mention) = sentence.mentions.iter().find(|mention| mention.start == at) {
        names.push(mention.name.clone());
        at = mention.end;
        while tokens
            .get(at)
            .is_some_and(|token| matches!(token.lower().as_str(), "," | "and" | "&" | "or"))
        {
            at += 1;
        }
    }
    names
}

/// Whether the verb at token `verb` opens a clause joined to the sentence's first ("Acme builds X
/// and is supported by Y"), so that its subject is the sentence's.
fn coordinated(sentence: &Parsed, verb: usize) -> bool {
    let mut at = verb;
    while at > 0 && AUXILIARIES.contains(&sentence.tokens[at - 1].lower().as_str()) {
        at -= 1;
    }
    at < verb && at > 0 && matches!(sentence.tokens[at - 1].lower().as_str(), "and" | ",")
}

fn opens_with_pronoun(sentence: &Parsed) -> bool {
    (sentence.tokens.iter().find(|token| token.is_word))
        .is_some_and(|first| PRONOUNS.contains(&first.lower().as_str()))
}

/// What a sentence is about: its first name that is not only the owner of the next ("Acme" of
/// "Acme's Widget").
fn primary(sentence: &Parsed) -> Option<String> {
    let owns_next = |mention: &Mention| {
        (sentence.mentions.iter())
            .any(|next| next.start == mention.end && next.parent.as_ref() == Some(&mention.name))
    };
    (sentence.mentions.iter())
        .find(|mention| !owns_next(mention))
        .map(|mention| mention.name.clone())
}

impl Relations {
    /// Sets the entity's acquirer, what it supports, and its role with the evidence for it.
    pub(super) fn apply(&self, entity: &mut Entity, parsed: &[Parsed], lexicon: &Lexicon) {
        let bought: Vec<&Relation> = (self.acquisitions.iter())
            .filter(|relation| relation.object == entity.name)
            .collect();
        entity.acquired_by = bought.first().map(|relation| relation.subject.clone());
        for relation in self.supports.iter().filter(|r| r.subject == entity.name) {
            if !entity.supports.contains(&relation.object) {
                entity.supports.push(relation.object.clone());
            }
        }
        let cues = |words: &[String]| -> Vec<Vec<String>> {
            (entity.sentences.iter())
                .map(|number| {
                    // The sentences are in order of their numbers: a search, not a scan, so that a
                    // name in every one of 100,000 sentences costs no more than linear time.
                    let found = parsed.binary_search_by_key(number, |sentence| sentence.number);
                    let sentence = found.ok().map(|index| &parsed[index]);
                    (words.iter())
                        .filter(|word| sentence.is_some_and(|s| has_phrase(&s.lower_text, word)))
                        .map(|word| format!("{word} (s.{number})"))
                        .collect()
                })
                .collect()
        };
        let in_every_sentence = |found: &[Vec<String>]| {
            !found.is_empty() && found.iter().all(|words| !words.is_empty())
        };
        let precedent = cues(&lexicon.precedent_words);
        let incumbent = cues(&lexicon.incumbent_words);
        let vendor_parent = (entity.parent.as_deref()).filter(|p| lexicon.vendor(p).is_some());
        (entity.role, entity.evidence) = if !bought.is_empty() {
            let evidence = (bought.iter())
                .map(|relation| format!("{} (s.{})", relation.verb, relation.sentence))
                .collect();
            (Role::Acquired, evidence)
        } else if lexicon.vendor(&entity.name).is_some() {
            (Role::Incumbent, vec!["a known vendor".to_string()])
        } else if in_every_sentence(&precedent) {
            (Role::Precedent, precedent.concat())
        } else if let Some(parent) = vendor_parent {
            let evidence = format!("a product of {parent}, a known vendor");
            (Role::Incumbent, vec![evidence])
        } else if in_every_sentence(&incumbent) {
            (Role::Incumbent, incumbent.concat())
        } else {
            (Role::Startup, cues(&lexicon.startup_words).concat())
        };
    }
}

/// Whether `text` holds `phrase` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        let cases = [
            ("in the previous era.", "era", true),
            ("the operating system", "era", false),
            ("similar to that", "similar to", true),
            ("eras", "era", false),
        ];
        for (text, phrase, expected) in cases {
            assert_eq!(has_phrase(text, phrase), expected, "{text:?} {phrase:?}");
        }
    }
}
