//! The words `thesis extract` knows beforehand: established vendors, stop words, generic terms and
//! the cue words of people, places, events, relations and roles. A built-in lexicon
//! (`lexicon.toml` beside this file) holds general knowledge only; a user's file adds to it.

use crate::error::Result;
use crate::io::Source;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

const BUILT_IN: &str = include_str!("lexicon.toml");

/// A lexicon file as written: every key optional, each a list of words or phrases.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawLexicon {
    known_vendors: Vec<String>,
    stop_words: Vec<String>,
    generic_terms: Vec<String>,
    event_words: Vec<String>,
    event_endings: Vec<String>,
    government_words: Vec<String>,
    investor_words: Vec<String>,
    person_words: Vec<String>,
    places: Vec<String>,
    company_verbs: Vec<String>,
    verb_adverbs: Vec<String>,
    product_nouns: Vec<String>,
    product_line_words: Vec<String>,
    of_heads: Vec<String>,
    acquisition_verbs: Vec<String>,
    support_verbs: Vec<String>,
    precedent_words: Vec<String>,
    incumbent_words: Vec<String>,
    startup_words: Vec<String>,
    company_suffixes: Vec<String>,
    domain_suffixes: Vec<String>,
}

/// Lower-cased word sets, and the vendors' own spellings by their lower-cased form.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub known_vendors: BTreeMap<String, String>,
    pub stop_words: BTreeSet<String>,
    pub generic_terms: BTreeSet<String>,
    pub event_words: BTreeSet<String>,
    /// Kept as written: the endings are matched with their case (`ExampleCon`).
    pub event_endings: Vec<String>,
    pub government_words: BTreeSet<String>,
    pub investor_words: BTreeSet<String>,
    pub person_words: BTreeSet<String>,
    pub places: BTreeSet<String>,
    pub company_verbs: BTreeSet<String>,
    pub verb_adverbs: BTreeSet<String>,
    pub product_nouns: BTreeSet<String>,
    pub product_line_words: BTreeSet<String>,
    pub of_heads: BTreeSet<String>,
    pub acquisition_verbs: BTreeSet<String>,
    pub support_verbs: BTreeSet<String>,
    pub precedent_words: Vec<String>,
    pub incumbent_words: Vec<String>,
    pub startup_words: Vec<String>,
    pub company_suffixes: BTreeSet<String>,
    pub domain_suffixes: Vec<String>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn built_in() -> Lexicon {
        let raw: RawLexicon = toml::from_str(BUILT_IN).expect("the built-in lexicon parses");
        let mut lexicon = Lexicon::default();
        lexicon.add(raw);
        lexicon
    }

    /// The built-in lexicon extended by the user's lexicon file.
    pub fn extended_by(source: &Source) -> Result<Lexicon> {
        let raw: RawLexicon = crate::thesis::parse_toml(source)?;
        let mut lexicon = Lexicon::built_in();
        lexicon.add(raw);
        Ok(lexicon)
    }

    fn add(&mut self, raw: RawLexicon) {
        let lower = |words: Vec<String>| words.into_iter().map(|word| word.to_lowercase());
        for vendor in raw.known_vendors {
            self.known_vendors.insert(vendor.to_lowercase(), vendor);
        }
        self.stop_words.extend(lower(raw.stop_words));
        self.generic_terms.extend(lower(raw.generic_terms));
        self.event_words.extend(lower(raw.event_words));
        self.event_endings.extend(raw.event_endings);
        self.government_words.extend(lower(raw.government_words));
        self.investor_words.extend(lower(raw.investor_words));
        self.person_words.extend(lower(raw.person_words));
        self.places.extend(lower(raw.places));
        self.company_verbs.extend(lower(raw.company_verbs));
        self.verb_adverbs.extend(lower(raw.verb_adverbs));
        self.product_nouns.extend(lower(raw.product_nouns));
        self.product_line_words
            .extend(lower(raw.product_line_words));
        self.of_heads.extend(lower(raw.of_heads));
        self.acquisition_verbs.extend(lower(raw.acquisition_verbs));
        self.support_verbs.extend(lower(raw.support_verbs));
        self.precedent_words.extend(lower(raw.precedent_words));
        self.incumbent_words.extend(lower(raw.incumbent_words));
        self.startup_words.extend(lower(raw.startup_words));
        self.company_suffixes.extend(lower(raw.company_suffixes));
        self.domain_suffixes.extend(lower(raw.domain_suffixes));
    }

    /// The vendor's own spelling when `name` is a known vendor.
    pub fn vendor(&self, name: &str) -> Option<&str> {
        self.known_vendors
            .get(&name.to_lowercase())
            .map(String::as_str)
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(&word.to_lowercase())
    }

    pub fn is_generic(&self, name: &str) -> bool {
        self.generic_terms.contains(&name.to_lowercase())
    }

    /// Whether a name ending in `word` is a company's ("Example Labs").
    pub fn is_company_suffix(&self, word: &str) -> bool {
        self.company_suffixes.contains(&word.to_lowercase())
    }

    pub fn is_place(&self, name: &str) -> bool {
        self.places.contains(&name.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_file_adds_to_the_built_in_words() {
        let source = Source::embedded("mine.toml", b"known_vendors = [\"Initech\"]\n");
        let lexicon = Lexicon::extended_by(&source).unwrap();
        assert_eq!(lexicon.vendor("INITECH"), Some("Initech"));
        assert_eq!(lexicon.vendor("ibm"), Some("IBM"));
        assert!(lexicon.is_stop_word("However"));
    }

    #[test]
    fn a_bad_lexicon_file_names_the_file_and_the_place() {
        let cases = [
            (
                "vendors = [\"x\"]\n",
                "mine.toml: line 1, column 1: unknown field `vendors`",
            ),
            ("stop_words = \"x\"\n", "mine.toml: line 1, column 14:"),
        ];
        for (text, start) in cases {
            let error = Lexicon::extended_by(&Source::embedded("mine.toml", text.as_bytes()))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(start), "{error}");
        }
    }
}
