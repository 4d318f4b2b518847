//! `thesis extract` on a labelled corpus of articles by other hands than the seed's
//! (`tests/fixtures/articles/corpus.csv`): developed against the `dev` half, reported on the
//! `held-out` half, which was labelled before the extractor was changed and is never tuned against.
//! The README's table must give what is measured here, article by article, and the mean.

use crate::common::FIXTURES;
use std::collections::BTreeSet;
use std::path::Path;
use thesis::article::{Article, Lexicon, extract};

#[derive(Debug, serde::Deserialize)]
struct Entry {
    file: String,
    half: String,
    field: String,
    style: String,
}

#[derive(Debug, serde::Deserialize)]
struct Label {
    name: String,
}

fn corpus() -> Vec<Entry> {
    let path = Path::new(FIXTURES).join("articles/corpus.csv");
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(|row| row.unwrap())
        .collect()
}

/// Precision and recall of the names `thesis extract` finds in the article against its labels.
fn measure(entry: &Entry) -> (f64, f64) {
    let folder = Path::new(FIXTURES).join("articles");
    let text = std::fs::read_to_string(folder.join(format!("{}.txt", entry.file))).unwrap();
    let found: BTreeSet<String> = extract(&Article::parse(&text), &Lexicon::built_in())
        .into_iter()
        .map(|entity| entity.name)
        .collect();
    let labelled: BTreeSet<String> =
        csv::Reader::from_path(folder.join(format!("{}.labels.csv", entry.file)))
            .unwrap()
            .deserialize::<Label>()
            .map(|row| row.unwrap().name)
            .collect();
    let right = found.intersection(&labelled).count() as f64;
    let ratio = |total: usize| {
        if total == 0 {
            1.0
        } else {
            right / total as f64
        }
    };
    (ratio(found.len()), ratio(labelled.len()))
}

fn row(article: &str, field: &str, style: &str, (precision, recall): (f64, f64)) -> String {
    format!("| {article} | {field} | {style} | {precision:.2} | {recall:.2} |")
}

/// Every article's row and each half's mean, as the README must give them.
fn rows() -> Vec<String> {
    let corpus = corpus();
    let mut rows = Vec::new();
    for half in ["held-out", "dev"] {
        let entries: Vec<&Entry> = corpus.iter().filter(|entry| entry.half == half).collect();
        let measured: Vec<(f64, f64)> = entries.iter().map(|entry| measure(entry)).collect();
        for (entry, &figures) in entries.iter().zip(&measured) {
            rows.push(row(&entry.file, &entry.field, &entry.style, figures));
        }
        let count = measured.len() as f64;
        let mean = (
            measured.iter().map(|m| m.0).sum::<f64>() / count,
            measured.iter().map(|m| m.1).sum::<f64>() / count,
        );
        rows.push(row(&format!("mean of the {half} half"), "", "", mean));
    }
    rows
}

#[test]
fn the_corpus_has_twelve_articles_in_two_halves_across_four_fields_at_least() {
    let corpus = corpus();
    assert!(corpus.len() >= 12, "{} articles", corpus.len());
    for half in ["held-out", "dev"] {
        let entries = corpus.iter().filter(|entry| entry.half == half);
        assert!(entries.clone().count() * 2 >= corpus.len() - 1, "{half}");
        let fields: BTreeSet<&str> = entries.map(|entry| entry.field.as_str()).collect();
        assert!(fields.len() >= 4, "{half}: {fields:?}");
        assert!(
            corpus
                .iter()
                .all(|entry| entry.file.starts_with(&entry.half))
        );
    }
}

#[test]
fn the_readme_reports_each_articles_precision_and_recall_and_the_means() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let missing: Vec<String> = rows()
        .into_iter()
        .filter(|row| !readme.contains(row.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "the README lacks:\n{}",
        missing.join("\n")
    );
}
