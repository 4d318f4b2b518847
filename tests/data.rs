//! The bundled data keeps its own promises: derived category signals match the company file, ids
//! referenced exist, and (when the article is beside the project) every cited sentence names the
//! company it is cited for.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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

/// Sentences as `data/SOURCES.md` numbers them: paragraphs split at `.`, `?` or `!` followed by white
/// space and a capital letter or an opening quote.
fn sentences(article: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    for paragraph in article
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut start = 0;
        for i in 0..chars.len() {
            let ends = matches!(chars[i], '.' | '?' | '!')
                && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
                && chars[i + 1..]
                    .iter()
                    .find(|c| !c.is_whitespace())
                    .is_some_and(|c| c.is_uppercase() || *c == '“' || *c == '"');
            if ends {
                sentences.push(
                    chars[start..=i]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
                start = i + 1;
            }
        }
        sentences.push(chars[start..].iter().collect::<String>().trim().to_string());
    }
    sentences
}

fn article() -> Option<String> {
    let seeds = Path::new(ROOT).join("../shared/seeds");
    let entry = std::fs::read_dir(&seeds)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("000_"))?;
    std::fs::read_to_string(entry.path()).ok()
}

#[test]
fn every_cited_sentence_names_the_company() {
    let Some(article) = article() else {
        eprintln!("skipped: ../shared/seeds/000_*.txt (the article) is not beside the project");
        return;
    };
    let sentences = sentences(&article);
    assert_eq!(sentences.len(), 37, "the numbering SOURCES.md documents");
    assert!(
        sentences[7].starts_with("Operating Systems:") && sentences[24].starts_with("Management:")
    );
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
