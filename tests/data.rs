//! The bundled data keeps its own promises: derived category signals match the company file, ids
//! referenced exist, and (when the article is beside the project) every cited sentence names the
//! company it is cited for.

mod common;

use common::{NO_ARTICLE, seed_article};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use thesis::article::Article;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

type Row = HashMap<String, String>;

fn read(name: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(Path::new(ROOT).join("data").join(name)).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            headers
                .iter()
                .zip(record.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn number(text: &str) -> f64 {
    if text.is_empty() {
        0.0
    } else {
        text.parse().unwrap()
    }
}

#[test]
fn derived_category_signals_match_the_company_file() {
    let companies = read("companies.csv");
    for category in read("categories.csv") {
        let name = &category["category"];
        let in_category = || companies.iter().filter(|c| &c["category"] == name);
        let startups: Vec<&Row> = in_category()
            .filter(|c| {
                c["kind"] == "company"
                    && ["startup", "acquired", "platform"].contains(&c["role"].as_str())
            })
            .collect();
        let money: f64 = startups.iter().map(|c| number(&c["funding_musd"])).sum();
        let exits = in_category()
            .filter(|c| {
                c["virtualization_era"] == "true"
                    && (!c["acquired_by"].is_empty() || c["public_company"] == "true")
            })
            .count();
        assert_eq!(
            number(&category["named_startups_count"]),
            startups.len() as f64,
            "{name}: named startups"
        );
        assert_eq!(
            number(&category["known_vc_raised_musd"]),
            money,
            "{name}: known money"
        );
        assert_eq!(
            number(&category["precedent_exits_count"]),
            exits as f64,
            "{name}: precedent exits"
        );
    }
}

#[test]
fn every_referenced_id_exists_and_every_category_has_a_row() {
    let companies = read("companies.csv");
    let categories: Vec<String> = read("categories.csv")
        .into_iter()
        .map(|c| c["category"].clone())
        .collect();
    let ids: Vec<&str> = companies.iter().map(|c| c["id"].as_str()).collect();
    for company in &companies {
        for column in ["parent", "acquired_by"] {
            let value = company[column].as_str();
            assert!(
                value.is_empty() || ids.contains(&value),
                "{}: {column} {value}",
                company["id"]
            );
        }
        assert!(
            categories.contains(&company["category"]),
            "{}",
            company["id"]
        );
        assert_eq!(
            company["acquired_by"].is_empty(),
            company["acquired_year"].is_empty(),
            "{}",
            company["id"]
        );
        assert_eq!(
            company["funding_musd"].is_empty(),
            company["funding_as_of"].is_empty(),
            "{}",
            company["id"]
        );
        if !company["acquired_year"].is_empty() {
            assert!(
                number(&company["acquired_year"]) <= 2015.0,
                "{}: nothing after mid-2015",
                company["id"]
            );
        }
        if !company["funding_as_of"].is_empty() {
            assert!(
                company["funding_as_of"].as_str() <= "2015-06",
                "{}: nothing after mid-2015",
                company["id"]
            );
        }
    }
}

#[test]
fn every_cited_sentence_names_the_company() {
    let Some(article) = seed_article("000_") else {
        eprintln!("{NO_ARTICLE}");
        return;
    };
    let sentences: Vec<String> = (Article::parse(&article).sentences.into_iter())
        .map(|sentence| sentence.text)
        .collect();
    assert_eq!(sentences.len(), 37, "the numbering SOURCES.md documents");
    let mut uncited: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for company in read("companies.csv") {
        let cited: Vec<usize> = company["sentences"]
            .split(';')
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(!cited.is_empty(), "{}", company["id"]);
        for number in cited {
            let sentence = &sentences[number - 1];
            if !sentence.contains(company["article_name"].as_str()) {
                uncited
                    .entry(company["id"].clone())
                    .or_default()
                    .push(number);
            }
        }
    }
    assert!(
        uncited.is_empty(),
        "sentences that do not name the company: {uncited:?}"
    );
}

#[test]
fn both_renderings_of_the_article_number_the_same_sentences_under_the_same_sections() {
    let (Some(lines), Some(run_together)) = (seed_article("000_"), seed_article("001_")) else {
        eprintln!("{NO_ARTICLE}");
        return;
    };
    let (lines, run_together) = (Article::parse(&lines), Article::parse(&run_together));
    let sections = |article: &Article| -> Vec<(String, usize)> {
        (article.sections.iter())
            .map(|section| (section.heading.clone(), section.first_sentence))
            .collect()
    };
    let expected: Vec<(String, usize)> = [
        ("Operating Systems", 8),
        ("Orchestration", 11),
        ("Storage", 15),
        ("Networking", 19),
        ("Security", 23),
        ("Management", 25),
    ]
    .map(|(heading, first)| (heading.to_string(), first))
    .to_vec();
    assert_eq!(
        sections(&lines),
        expected,
        "the sections SOURCES.md documents"
    );
    assert_eq!(sections(&run_together), expected);
    // The run-together rendering drops apostrophes and quotes and the spaces around some of them.
    let bare = |text: &str| -> String { (text.chars()).filter(|c| c.is_alphanumeric()).collect() };
    assert_eq!(lines.sentences.len(), run_together.sentences.len());
    for (a, b) in lines.sentences.iter().zip(&run_together.sentences) {
        assert_eq!(bare(&a.text), bare(&b.text), "sentence {}", a.number);
        assert_eq!(a.section, b.section, "sentence {}", a.number);
    }
}
