//! Finding what an article names — companies, products and projects, not people, places, events or
//! generic technologies — and where: each name's sentences, section and parent. Relations and role
//! guesses are in [`super::relations`].
//!
//! Names are runs of capitalized words. A run is split where a possessive ends a word ("Acme's
//! Widget", "Foo Labs' Bar"), and, for text whose apostrophes were stripped, where a known name (one
//! the article writes on its own elsewhere, or a known vendor) or a company suffix ends its first
//! part ("Acmes Widget", "Foo Labs Bar"). A word that opens a sentence counts only on further evidence, since any word is capitalized
//! there.

use super::Article;
use super::cues;
use super::found::{Entity, Mention, Parsed, Role};
use super::lexicon::Lexicon;
use super::relations::{self, Relations};
use super::tokens::{Run, Token, runs, tokenize};
use std::collections::{BTreeMap, BTreeSet};

/// The most words around a name searched for a sign that it is a person.
const PERSON_WINDOW: usize = 6;
/// The most lower-case words after a name searched for a sign that it is an event.
const EVENT_WINDOW: usize = 3;

/// Everything `article` names, in order of first mention.
pub fn extract(article: &Article, lexicon: &Lexicon) -> Vec<Entity> {
    let bodies: Vec<(usize, String)> = (article.sentences.iter())
        .map(|sentence| (sentence.number, article.body(sentence).to_string()))
        .collect();
    let tokenized: Vec<(usize, Vec<Token>)> = (bodies.iter())
        .map(|(number, body)| (*number, tokenize(body)))
        .collect();
    let mut context = Context::of(&tokenized, article, lexicon);
    // A name found anywhere also counts where it opens a sentence without further evidence.
    context.accepted = (tokenized.iter())
        .flat_map(|(_, tokens)| context.mentions(tokens))
        .map(|mention| mention.name)
        .collect();
    let parsed: Vec<Parsed> = (tokenized.into_iter().zip(&bodies))
        .map(|((number, tokens), (_, body))| {
            let mentions = context.mentions(&tokens);
            Parsed {
                number,
                lower_text: body.to_lowercase(),
                tokens,
                mentions,
            }
        })
        .collect();
    let relations = relations::find(&parsed, lexicon);
    entities(article, &parsed, &relations, lexicon)
}

/// What the whole article tells about its words before any one sentence is read.
struct Context<'a> {
    lexicon: &'a Lexicon,
    /// Names written in the middle of a sentence, where only names are capitalized.
    named_mid_sentence: BTreeSet<String>,
    /// Words the article writes in lower case somewhere: common words, not names.
    lower_case_words: BTreeSet<String>,
    headings: BTreeSet<String>,
    /// Names found in a first reading of every sentence.
    accepted: BTreeSet<String>,
    /// Lower-case words the article shows to be names ([`cues::lower_case_names`]).
    lower_case_names: BTreeSet<String>,
}

impl<'a> Context<'a> {
    fn of(tokenized: &[(usize, Vec<Token>)], article: &Article, lexicon: &'a Lexicon) -> Self {
        let sentences: Vec<&[Token]> = (tokenized.iter())
            .map(|(_, tokens)| tokens.as_slice())
            .collect();
        let mut context = Context {
            lexicon,
            named_mid_sentence: BTreeSet::new(),
            lower_case_words: BTreeSet::new(),
            headings: (article.sections.iter())
                .map(|section| section.heading.to_lowercase())
                .collect(),
            accepted: BTreeSet::new(),
            lower_case_names: cues::lower_case_names(&sentences, lexicon),
        };
        let words = tokenized.iter().flat_map(|(_, tokens)| tokens);
        context.lower_case_words = (words.filter(|token| token.is_word))
            .filter(|word| word.text.starts_with(char::is_lowercase))
            .map(|word| word.text.clone())
            .collect();
        for (_, tokens) in tokenized {
            // A headline in title case capitalizes words that name nothing.
            if cues::title_case(tokens, lexicon, &context.lower_case_words) {
                continue;
            }
            let also = |at: usize| context.also_a_name(tokens, at);
            let found = runs(tokens, lexicon, &also);
            for run in found.iter().filter(|run| !run.opens_clause) {
                let (start, end) = trimmed_span(tokens, run.start, run.end, lexicon);
                if start < end {
                    let name = joined(&tokens[start..end]);
                    let bare = strip_domain(&name, lexicon).to_string();
                    context.named_mid_sentence.extend([name, bare]);
                }
            }
        }
        context
    }

    /// Whether `name` is known as a name: written mid-sentence, found before, shown to be a
    /// lower-case name, or a known vendor.
    fn is_known(&self, name: &str) -> bool {
        self.named_mid_sentence.contains(name)
            || self.accepted.contains(name)
            || self.lower_case_names.contains(name)
            || self.lexicon.vendor(name).is_some()
    }

    /// Whether the lower-case word at `tokens[at]` is part of a name: one the article shows to be
    /// a name, or a word before a company suffix ("example Labs").
    fn also_a_name(&self, tokens: &[Token], at: usize) -> bool {
        let token = &tokens[at];
        let before_suffix = (tokens.get(at + 1)).is_some_and(|next| {
            next.is_name_like()
                && self.lexicon.is_company_suffix(&next.text)
                && !self.lexicon.is_generic(&next.text)
        });
        token.is_word
            && (self.lower_case_names.contains(&token.text)
                || (before_suffix
                    && token.text.starts_with(char::is_lowercase)
                    && !self.lexicon.is_stop_word(&token.text)))
    }

    /// `name`, or its stem when it is a known name with an "s" added ("Acmes" for "Acme's").
    fn without_stripped_possessive<'n>(&self, name: &'n str) -> &'n str {
        match name.strip_suffix('s') {
            Some(stem) if !stem.is_empty() && self.is_known(stem) => stem,
            _ => name,
        }
    }

    /// The name as the article writes it elsewhere: without a web suffix or a stripped
    /// possessive, a vendor as the lexicon spells it, and a web address as its name is written
    /// ("acme.dev" is "Acme" where the article writes "Acme").
    fn canonical(&self, written: &str) -> String {
        let bare = strip_domain(written, self.lexicon);
        let name = self.without_stripped_possessive(bare);
        if let Some(vendor) = self.lexicon.vendor(name) {
            return vendor.to_string();
        }
        let spelled = (bare.len() < written.len())
            .then(|| self.spelled_elsewhere(name))
            .flatten();
        spelled.unwrap_or(name).to_string()
    }

    /// A name written mid-sentence or found before that differs from `name` only in case and
    /// spaces, when `name` came from a web address ("examplemetrics.com" is "Example Metrics").
    fn spelled_elsewhere(&self, name: &str) -> Option<&str> {
        (self.named_mid_sentence.iter())
            .chain(&self.accepted)
            .find(|known| {
                known.as_str() != name && known.replace(' ', "").eq_ignore_ascii_case(name)
            })
            .map(String::as_str)
    }

    fn mentions(&self, tokens: &[Token]) -> Vec<Mention> {
        let found = runs(tokens, self.lexicon, &|at| self.also_a_name(tokens, at));
        if cues::title_case(tokens, self.lexicon, &self.lower_case_words) {
            return self.known_within(tokens, &found);
        }
        let mut mentions: Vec<Mention> = Vec::new();
        for run in found {
            let (start, end) = trimmed_span(tokens, run.start, run.end, self.lexicon);
            let start = self.without_opening_word(tokens, &run, start, end);
            if start == end || !self.names_something(tokens, &run, start, end) {
                continue;
            }
            // A possessive parent written just before: "Acme's Widget".
            let written_parent = (mentions.last())
                .filter(|last| last.end == start && tokens[start - 1].possessive)
                .map(|last| last.name.clone());
            for mut mention in self.split(tokens, start, end) {
                mention.parent = mention.parent.or_else(|| written_parent.clone());
                mentions.push(mention);
            }
        }
        mentions
    }

    /// In a sentence written in title case, where capitals say nothing, the longest spans of its
    /// runs that are names the article writes elsewhere.
    fn known_within(&self, tokens: &[Token], found: &[Run]) -> Vec<Mention> {
        let mut mentions = Vec::new();
        for run in found {
            let mut start = run.start;
            while start < run.end {
                let known = (start + 1..=run.end).rev().find(|&end| {
                    let name = self.canonical(&joined(&tokens[start..end]));
                    self.named_mid_sentence.contains(&name) || self.accepted.contains(&name)
                });
                match known {
                    Some(end) => {
                        let name = self.canonical(&joined(&tokens[start..end]));
                        mentions.push(Mention {
                            name,
                            parent: None,
                            start,
                            end,
                        });
                        start = end;
                    }
                    None => start += 1,
                }
            }
        }
        mentions
    }

    /// The run's words as one name, or as a known name and the product it opens. A known name
    /// followed only by company suffixes is one name ("Example Therapeutics"), and followed only
    /// by words of a product line is its product named whole ("Example Pay").
    fn split(&self, tokens: &[Token], start: usize, end: usize) -> Vec<Mention> {
        let words = &tokens[start..end];
        let lexicon = self.lexicon;
        let only =
            |rest: &[Token], kind: &dyn Fn(&str) -> bool| rest.iter().all(|word| kind(&word.text));
        for cut in 1..words.len() {
            let head = joined(&words[..cut]);
            let stem = self.without_stripped_possessive(&head);
            if self.is_known(stem) || lexicon.is_company_suffix(&words[cut - 1].text) {
                let rest = &words[cut..];
                // Not before "&", a version number, or nothing but company suffixes.
                let cannot_start = !rest[0].is_name_like() && !self.is_known(&rest[0].text);
                if cannot_start || only(rest, &|word| lexicon.is_company_suffix(word)) {
                    break;
                }
                let parent = self.canonical(stem);
                let product_line = |word: &str| {
                    lexicon.product_line_words.contains(&word.to_lowercase())
                        || lexicon.is_generic(word)
                };
                if !words[cut - 1].possessive && only(rest, &product_line) {
                    return vec![Mention {
                        name: joined(words),
                        parent: Some(parent),
                        start,
                        end,
                    }];
                }
                return vec![
                    Mention {
                        name: parent.clone(),
                        parent: None,
                        start,
                        end: start + cut,
                    },
                    Mention {
                        name: self.canonical(&joined(&words[cut..])),
                        parent: Some(parent),
                        start: start + cut,
                        end,
                    },
                ];
            }
        }
        vec![Mention {
            name: self.canonical(&joined(words)),
            parent: None,
            start,
            end,
        }]
    }

    /// Whether `tokens[start..end]` of `run` names a company, product or project.
    fn names_something(&self, tokens: &[Token], run: &Run, start: usize, end: usize) -> bool {
        let words = &tokens[start..end];
        let name = joined(words);
        let lower = name.to_lowercase();
        let lexicon = self.lexicon;
        let last = words[words.len() - 1].lower();
        // "X-rays", "E-commerce": a letter hyphened to a common word.
        let lettered = |word: &Token| {
            let mut chars = word.text.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.next() == Some('-')
                && chars.next().is_some_and(char::is_lowercase)
        };
        if lexicon.is_generic(&name)
            || lexicon.is_generic(&joined(&tokens[run.start..run.end]))
            || (words.len() == 1 && lettered(&words[0]))
            || lexicon.is_place(&name)
            || self.headings.contains(&lower)
            || self.is_event(tokens, start, end)
            || self.is_person(tokens, start, end)
            || lexicon.investor_words.contains(&last)
            || cues::government(words, lexicon)
            || cues::joined_to_government(tokens, end, lexicon)
            || (words.len() == 1 && lexicon.is_company_suffix(&words[0].text))
        {
            return false;
        }
        // A word opening a sentence, or a lone capital letter ("X-rays"), needs more evidence.
        let opens_clause = run.opens_clause && start == run.start;
        let lone_letter = words.len() == 1 && words[0].text.chars().count() == 1;
        !(opens_clause || lone_letter)
            || words.len() > 1
            || self.opening_word_is_name(tokens, start)
    }

    /// Whether the capitalized word opening a sentence at `tokens[at]` is a name, on evidence
    /// beyond its capital: known, or not a common word and shaped like a brand, possessive, or
    /// followed by a company verb ("Portworx provides").
    fn opening_word_is_name(&self, tokens: &[Token], at: usize) -> bool {
        let word = &tokens[at];
        let known = self.is_known(self.without_stripped_possessive(&word.text));
        // Common: the article writes the word in lower case, or its plural ("Feature", "features").
        let lower = word.lower();
        let common = [lower.clone(), format!("{lower}s"), format!("{lower}es")]
            .iter()
            .any(|form| self.lower_case_words.contains(form));
        let shaped_like_a_brand = word.text.chars().skip(1).any(char::is_uppercase)
            || word.text.chars().any(|c| c.is_ascii_digit())
            || word.text.contains('.');
        let acts = self.followed_by_company_verb(tokens, at + 1);
        let in_context = cues::opening_word_in_context(tokens, at, self.lexicon);
        // The first word of a longer name the article writes: "Acme" of "Acme Security".
        let short_form = format!("{} ", word.text);
        let shortened = (self.named_mid_sentence.iter().chain(&self.accepted))
            .any(|name| name.starts_with(&short_form));
        known
            || (!common
                && (shaped_like_a_brand || acts || word.possessive || in_context || shortened))
    }

    /// Leaves out the word opening a sentence from a longer run when it is a common word or the
    /// rest is a known name ("Yesterday Acme").
    fn without_opening_word(&self, tokens: &[Token], run: &Run, start: usize, end: usize) -> usize {
        let opens = run.opens_clause && start == run.start && end - start > 1;
        if !opens || self.opening_word_is_name(tokens, start) {
            return start;
        }
        let common = self.lower_case_words.contains(&tokens[start].lower());
        let rest = self.canonical(&joined(&tokens[start + 1..end]));
        if common || self.is_known(&rest) {
            start + 1
        } else {
            start
        }
    }

    fn followed_by_company_verb(&self, tokens: &[Token], end: usize) -> bool {
        let lexicon = self.lexicon;
        let mut verb = tokens[end..]
            .iter()
            .filter(|token| token.is_word)
            .skip_while(|word| lexicon.verb_adverbs.contains(&word.lower()));
        // A company verb, or any verb in the past tense ("Acme agreed").
        verb.next().is_some_and(|verb| {
            let verb = verb.lower();
            lexicon.company_verbs.contains(&verb) || (verb.ends_with("ed") && verb.len() > 4)
        })
    }

    /// An event's name: followed by an event word ("the Acme user conference"), holding one
    /// ("Example Summit Berlin"), or one word with an event's ending (`ExampleCon`).
    fn is_event(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let is_event_word = |token: &Token| self.lexicon.event_words.contains(&token.lower());
        let event_ending = |word: &str| {
            (self.lexicon.event_endings.iter())
                .any(|ending| word.len() > ending.len() && word.ends_with(ending.as_str()))
        };
        tokens[start..end].iter().any(is_event_word)
            || (end - start == 1 && event_ending(&tokens[start].text))
            || (tokens[end..].iter())
                .take_while(|token| token.is_word && !token.is_name_like())
                .take(EVENT_WINDOW)
                .any(is_event_word)
    }

    /// A person's name: two or three plain capitalized words near a word such as "founder", the
    /// last not a company suffix ("Example Therapeutics said" is a company).
    fn is_person(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let plain_word =
            |token: &Token| token.text.chars().skip(1).all(char::is_lowercase) && !token.possessive;
        let near = tokens[start.saturating_sub(PERSON_WINDOW)..start]
            .iter()
            .chain(tokens[end..].iter().take(PERSON_WINDOW));
        (2..=3).contains(&(end - start))
            && tokens[start..end].iter().all(plain_word)
            && !self.lexicon.is_company_suffix(&tokens[end - 1].text)
            && near
                .filter(|token| token.is_word)
                .any(|token| self.lexicon.person_words.contains(&token.lower()))
    }
}

/// The span `start..end` without stop words and generic terms at either end ("The Acme" is
/// "Acme").
fn trimmed_span(tokens: &[Token], start: usize, end: usize, lexicon: &Lexicon) -> (usize, usize) {
    let droppable =
        |token: &Token| lexicon.is_stop_word(&token.text) || lexicon.is_generic(&token.text);
    // A company suffix ending a longer name stays ("Example AI"), and a generic word stays before
    // nothing but company suffixes ("Linux Foundation").
    let suffix = |token: &Token| lexicon.is_company_suffix(&token.text);
    let (mut start, mut end) = (start, end);
    // A generic phrase ending the run goes first ("Around Black Friday").
    if let Some(cut) = (start + 1..end.saturating_sub(1))
        .find(|&cut| lexicon.is_generic(&joined(&tokens[cut..end])))
    {
        end = cut;
    }
    while start < end
        && droppable(&tokens[start])
        && !tokens[start].possessive
        && !(start + 1 < end && tokens[start + 1..end].iter().all(suffix))
    {
        start += 1;
    }
    while end > start
        && droppable(&tokens[end - 1])
        && !(end - start > 1 && suffix(&tokens[end - 1]))
    {
        end -= 1;
    }
    // A possessive stop word ("It's") leaves nothing.
    if start < end && droppable(&tokens[start]) && tokens[start].possessive {
        start = end;
    }
    (start, end)
}

/// The name without a web suffix ("Acme.io" is "Acme").
fn strip_domain<'n>(name: &'n str, lexicon: &Lexicon) -> &'n str {
    let cut = |suffix: &String| name.len().checked_sub(suffix.len()).filter(|&cut| cut > 0);
    (lexicon.domain_suffixes.iter())
        .filter_map(|suffix| cut(suffix).map(|cut| (cut, suffix)))
        .find(|&(cut, suffix)| {
            name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(suffix)
        })
        .map_or(name, |(cut, _)| &name[..cut])
}

fn joined(words: &[Token]) -> String {
    (words.iter())
        .map(|word| word.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Gathers the mentions of each name into one entity, in order of first mention.
fn entities(
    article: &Article,
    parsed: &[Parsed],
    relations: &Relations,
    lexicon: &Lexicon,
) -> Vec<Entity> {
    let mut order: Vec<String> = Vec::new();
    let mut by_name: BTreeMap<String, Entity> = BTreeMap::new();
    for sentence in parsed {
        for mention in &sentence.mentions {
            let entity = by_name.entry(mention.name.clone()).or_insert_with(|| {
                order.push(mention.name.clone());
                Entity {
                    name: mention.name.clone(),
                    parent: None,
                    section: article
                        .sentence(sentence.number)
                        .and_then(|found| found.section)
                        .map(|section| article.sections[section].heading.clone()),
                    sentences: Vec::new(),
                    mentions: 0,
                    acquired_by: None,
                    supports: Vec::new(),
                    role: Role::Startup,
                    evidence: Vec::new(),
                }
            });
            entity.mentions += 1;
            if entity.sentences.last() != Some(&sentence.number) {
                entity.sentences.push(sentence.number);
            }
            if entity.parent.is_none() {
                entity.parent = mention.parent.clone();
            }
        }
    }
    let mut entities: Vec<Entity> = (order.iter())
        .map(|name| by_name.remove(name).expect("every name was entered"))
        .collect();
    for entity in &mut entities {
        relations.apply(entity, parsed, lexicon);
    }
    entities
}
