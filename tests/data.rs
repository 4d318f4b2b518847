//! The bundled data keeps its own promises: derived category signals match the company file, ids
//! referenced exist, and (when the article is beside the project) every cited sentence names the
//! company it is cited for.

use crate::common::{NO_ARTICLE, seed_article};
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
            company["funding_musd"].is_empty(),
            company["funding_as_of"].is_empty(),
            "{}",
            company["id"]
        );
    }
}

/// The columns of `companies.csv` read from the article itself (SOURCES.md says how), and those
/// whose every value needs a dated source in `provenance.csv`. A new column must be one or the other.
const ARTICLE_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "article_name",
    "parent",
    "category",
    "role",
    "kind",
    "sentences",
    "offering",
    "product_type",
    "virtualization_era",
];
const SOURCED_COLUMNS: [&str; 4] = [
    "commercial_offering",
    "public_company",
    "acquired_by",
    "funding_musd",
];
/// `funding_as_of` dates `funding_musd` and must equal its provenance date.
const DATE_COLUMNS: [&str; 1] = ["funding_as_of"];
const THESIS_DATE: &str = "2015-06-30";

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as its first day, for comparing with the thesis date.
fn first_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// A source is one or more URLs separated by ` ; `, or the article at a sentence that names the
/// company.
fn check_source(source: &str, sentences: &[&str]) -> Result<(), String> {
    if let Some(cited) = source
        .strip_prefix("the article (s.")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return match sentences.contains(&cited) {
            true => Ok(()),
            false => Err(format!("cites s.{cited}, which does not name it")),
        };
    }
    match source.split(" ; ").all(|url| {
        (url.starts_with("https://") || url.starts_with("http://")) && !url.contains(' ')
    }) {
        true => Ok(()),
        false => Err(format!("\"{source}\" is neither URLs nor the article")),
    }
}

#[test]
fn every_column_of_the_company_file_is_from_the_article_or_sourced() {
    let mut reader = csv::Reader::from_path(Path::new(ROOT).join("data/companies.csv")).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for header in &headers {
        assert!(
            ARTICLE_COLUMNS.contains(&header.as_str())
                || SOURCED_COLUMNS.contains(&header.as_str())
                || DATE_COLUMNS.contains(&header.as_str()),
            "column {header} is neither from the article nor sourced: classify it here and in SOURCES.md"
        );
    }
}

#[test]
fn every_fact_not_from_the_article_has_a_dated_source_and_the_value_of_the_data_file() {
    let companies = read("companies.csv");
    let provenance = read("provenance.csv");
    let mut problems = Vec::new();
    let mut facts: BTreeMap<(String, String), &Row> = BTreeMap::new();
    for row in &provenance {
        let key = (row["id"].clone(), row["column"].clone());
        if facts.insert(key.clone(), row).is_some() {
            problems.push(format!("{key:?}: two provenance rows"));
        }
    }
    for company in &companies {
        let sentences: Vec<&str> = company["sentences"].split(';').collect();
        for column in SOURCED_COLUMNS {
            let value = &company[column];
            let key = (company["id"].clone(), column.to_string());
            let Some(fact) = facts.remove(&key) else {
                if !value.is_empty() {
                    problems.push(format!("{key:?} = {value}: no provenance row"));
                }
                continue;
            };
            if &fact["value"] != value {
                problems.push(format!(
                    "{key:?}: provenance says {}, the data file {value}",
                    fact["value"]
                ));
            }
            let as_of = fact["as_of"].as_str();
            let date_shape = [4, 7, 10].contains(&as_of.len())
                && as_of.chars().all(|c| c.is_ascii_digit() || c == '-');
            if !date_shape {
                problems.push(format!("{key:?}: as_of \"{as_of}\" is not a date"));
            } else if first_day(as_of).as_str() > THESIS_DATE {
                problems.push(format!("{key:?}: dated {as_of}, after the thesis date"));
            }
            if let Err(problem) = check_source(&fact["source"], &sentences) {
                problems.push(format!("{key:?}: {problem}"));
            }
            if column == "funding_musd" && company["funding_as_of"] != fact["as_of"] {
                problems.push(format!(
                    "{key:?}: funding_as_of {} but the source dates it {as_of}",
                    company["funding_as_of"]
                ));
            }
        }
    }
    problems.extend(
        facts
            .keys()
            .map(|key| format!("{key:?}: a provenance row for no fact")),
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_verified_outcome_has_a_source_and_no_row_is_from_memory() {
    let companies = read("companies.csv");
    let mut problems = Vec::new();
    for row in read("outcomes.csv") {
        let sentences: Vec<&str> = (companies.iter())
            .find(|company| company["id"] == row["id"])
            .map(|company| company["sentences"].split(';').collect())
            .unwrap_or_default();
        let line = format!("{} {} {}", row["id"], row["date"], row["event"]);
        match row["verified"].as_str() {
            "true" => {
                if let Err(problem) = check_source(&row["source"], &sentences) {
                    problems.push(format!("{line}: {problem}"));
                }
            }
            "false" if row["source"].is_empty() => {}
            "false" => problems.push(format!("{line}: unverified but names a source")),
            other => problems.push(format!("{line}: verified is \"{other}\"")),
        }
        if (row.values()).any(|cell| cell.to_lowercase().contains("memory")) {
            problems.push(format!("{line}: a fact from memory"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
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
