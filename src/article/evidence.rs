//! A run's links to the article its thesis was written from: for each company the sentences that
//! name it, and for each rule the sentences its reason cites ("(s.18, s.22)"), so that reports can
//! quote them from the user's own copy of the article.
//!
//! A company's sentences come from its `sentences` field ("5;10"), when the thesis declares one,
//! or else from the names [`super::extract`] finds in the article, matched to the company's name or
//! id with case, spaces and punctuation ignored.

use super::{Article, Lexicon, extract};
use crate::error::{DataProblem, Error, Result};
use crate::model::{Dataset, Origin, ValueRef};
use crate::thesis::{Method, Thesis};
use std::collections::BTreeMap;

/// The company field that lists the sentences naming a company.
const SENTENCES_FIELD: &str = "sentences";

#[derive(Debug, Clone)]
pub struct Evidence {
    /// The article file, as the run names it.
    pub file: String,
    pub article: Article,
    /// By company index, the sentences that name it.
    companies: Vec<Vec<usize>>,
    /// By rule id, the sentences its reason cites.
    rules: BTreeMap<String, Vec<usize>>,
}

/// The labels of the files a link error names.
pub struct Labels<'a> {
    pub article: &'a str,
    pub companies: &'a str,
    pub thesis: &'a str,
}

impl Evidence {
    /// Links every company of `data` and every rule of `thesis` to sentences of `article`. A
    /// sentence number beyond the article's last is an error naming where it was cited.
    pub fn link(
        article: Article,
        labels: &Labels,
        data: &Dataset,
        thesis: &Thesis,
        lexicon: &Lexicon,
    ) -> Result<Evidence> {
        let count = article.sentences.len();
        let beyond = |number: usize| {
            format!(
                "cites sentence {number}, but {} has {count} sentence{}: is it the article the thesis was written from?",
                labels.article,
                if count == 1 { "" } else { "s" }
            )
        };
        let mut rules = BTreeMap::new();
        for criterion in &thesis.criteria {
            let Method::Rules { rules: list, .. } = &criterion.method else {
                continue;
            };
            for rule in list {
                let cited = cited_sentences(&rule.reason);
                if let Some(&number) = cited.iter().find(|&&number| number > count) {
                    let key = format!("criteria[{}].rules[{}].reason", criterion.id, rule.id);
                    return Err(Error::thesis(labels.thesis, key, beyond(number)));
                }
                rules.insert(rule.id.clone(), cited);
            }
        }
        let companies = match declared_sentences(data) {
            Some(field) => (0..data.len())
                .map(|company| {
                    let at = |message: String| {
                        let line = Some(data.line(company));
                        let problem = DataProblem::InvalidValue(message);
                        Error::data(labels.companies, line, Some(SENTENCES_FIELD), problem)
                    };
                    let numbers = listed_numbers(data.value(company, field)).map_err(|found| {
                        at(format!(
                            "expected sentence numbers such as 5;10, found {found:?}"
                        ))
                    })?;
                    match numbers.iter().find(|&&number| number > count) {
                        Some(&number) => Err(at(beyond(number))),
                        None => Ok(numbers),
                    }
                })
                .collect::<Result<_>>()?,
            None => named_sentences(&article, data, lexicon),
        };
        Ok(Evidence {
            file: labels.article.to_string(),
            article,
            companies,
            rules,
        })
    }

    /// The sentences that name company `company`.
    pub fn for_company(&self, company: usize) -> &[usize] {
        self.companies.get(company).map_or(&[], Vec::as_slice)
    }

    /// The sentences the reason of rule `rule_id` cites.
    pub fn for_rule(&self, rule_id: &str) -> &[usize] {
        self.rules.get(rule_id).map_or(&[], Vec::as_slice)
    }

    /// The text of sentence `number`.
    pub fn quote(&self, number: usize) -> &str {
        self.article
            .sentence(number)
            .map_or("", |sentence| sentence.text.as_str())
    }
}

/// The schema index of a company field named `sentences`, if the thesis declares one.
fn declared_sentences(data: &Dataset) -> Option<usize> {
    let fields = data.schema.fields();
    (fields.iter())
        .position(|field| field.name == SENTENCES_FIELD && field.origin == Origin::Company)
}

/// The sentence numbers in a `sentences` value: a list, a text of `;`-separated numbers, a number,
/// or nothing. What is not a number is returned as the error.
fn listed_numbers(value: ValueRef) -> Result<Vec<usize>, String> {
    let parse = |item: &str| item.trim().parse::<usize>().map_err(|_| item.to_string());
    let mut numbers = match value {
        ValueRef::Missing => Vec::new(),
        ValueRef::List(items) => items
            .iter()
            .map(|item| parse(item))
            .collect::<Result<_, _>>()?,
        ValueRef::Text(text) => (text.split(';'))
            .filter(|item| !item.trim().is_empty())
            .map(parse)
            .collect::<Result<_, _>>()?,
        ValueRef::Number(number) if number >= 1.0 && number.fract() == 0.0 => vec![number as usize],
        other => return Err(other.to_string()),
    };
    numbers.sort_unstable();
    numbers.dedup();
    Ok(numbers)
}

/// The sentence numbers a text cites as `s.N`, ascending.
fn cited_sentences(text: &str) -> Vec<usize> {
    let mut numbers: Vec<usize> = (text.match_indices("s."))
        .filter(|(at, _)| !(text[..*at].chars().next_back()).is_some_and(char::is_alphanumeric))
        .filter_map(|(at, _)| {
            let digits: String = text[at + 2..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// For each company, the sentences in which the extractor finds its name or id.
fn named_sentences(article: &Article, data: &Dataset, lexicon: &Lexicon) -> Vec<Vec<usize>> {
    let key = |name: &str| -> String {
        name.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let found: BTreeMap<String, Vec<usize>> = (extract(article, lexicon).into_iter())
        .map(|entity| (key(&entity.name), entity.sentences))
        .collect();
    (0..data.len())
        .map(|company| {
            (found.get(&key(data.name(company))))
                .or_else(|| found.get(&key(data.id(company))))
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_read_from_reasons() {
        let cases: &[(&str, &[usize])] = &[
            ("The article says so (s.8, s.15).", &[8, 15]),
            ("Bought by a platform (s.21, s.32, s.21).", &[21, 32]),
            ("Runs in production (s.25)", &[25]),
            ("No citation; address.5 and cs.3 are not citations", &[]),
            ("s.7 opens it", &[7]),
        ];
        for (text, expected) in cases {
            assert_eq!(cited_sentences(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn sentence_lists_are_read_from_any_field_type() {
        let list = ["9".to_string(), "3".to_string()];
        let cases: &[(ValueRef, Result<Vec<usize>, String>)] = &[
            (ValueRef::Text("5;10;5"), Ok(vec![5, 10])),
            (ValueRef::List(&list), Ok(vec![3, 9])),
            (ValueRef::Number(4.0), Ok(vec![4])),
            (ValueRef::Missing, Ok(vec![])),
            (ValueRef::Text("5;x"), Err("x".to_string())),
            (ValueRef::Number(2.5), Err("2.5".to_string())),
        ];
        for (value, expected) in cases {
            assert_eq!(listed_numbers(*value), *expected, "{value:?}");
        }
    }
}
