//! `thesis extract`: precision and recall of the names, sections and parents it finds, against hand
//! labels, on both renderings of the container article (when `../shared/seeds` is beside the project)
//! and of an article invented for the tests; the README's figures; the binary end to end.

mod common;

use common::{FIXTURES, NO_ARTICLE, Scratch, seed_article};
use std::collections::BTreeSet;
use std::path::Path;
use thesis::article::{Article, Entity, Lexicon, extract};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The least precision and recall the issue asks for.
const TARGET: f64 = 0.9;

#[derive(Debug, serde::Deserialize)]
struct Label {
    name: String,
    parent: String,
    section: String,
}

fn labels(file: &str) -> Vec<Label> {
    let path = Path::new(FIXTURES).join("articles").join(file);
    csv::Reader::from_path(&path)
        .unwrap()
        .deserialize()
        .map(|row| row.unwrap())
        .collect()
}

/// Precision and recall of what was found against what was labelled, for names, for (name,
/// section) and for (name, parent) where a parent is labelled or found.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measured {
    names: (f64, f64),
    sections: (f64, f64),
    parents: (f64, f64),
}

impl Measured {
    fn of(found: &[Entity], labels: &[Label]) -> Measured {
        let names = |pairs: Vec<(String, String)>| pairs.into_iter().collect::<BTreeSet<_>>();
        let found_pairs = |part: fn(&Entity) -> String| {
            names(found.iter().map(|e| (e.name.clone(), part(e))).collect())
        };
        let label_pairs = |part: fn(&Label) -> String| {
            names(labels.iter().map(|l| (l.name.clone(), part(l))).collect())
        };
        let with_parent = |pairs: BTreeSet<(String, String)>| {
            pairs
                .into_iter()
                .filter(|(_, parent)| !parent.is_empty())
                .collect::<BTreeSet<_>>()
        };
        Measured {
            names: precision_recall(
                &found_pairs(|_| String::new()),
                &label_pairs(|_| String::new()),
            ),
            sections: precision_recall(
                &found_pairs(|e| e.section.clone().unwrap_or_default()),
                &label_pairs(|l| l.section.clone()),
            ),
            parents: precision_recall(
                &with_parent(found_pairs(|e| e.parent.clone().unwrap_or_default())),
                &with_parent(label_pairs(|l| l.parent.clone())),
            ),
        }
    }

    fn meets_target(&self) -> bool {
        [self.names, self.sections, self.parents]
            .iter()
            .all(|(precision, recall)| *precision >= TARGET && *recall >= TARGET)
    }

    /// The row of the README's table for this article and rendering.
    fn readme_row(&self, article: &str) -> String {
        let cell = |(precision, recall): (f64, f64)| format!("{precision:.2} / {recall:.2}");
        format!(
            "| {article} | {} | {} | {} |",
            cell(self.names),
            cell(self.sections),
            cell(self.parents)
        )
    }
}

fn precision_recall<T: Ord>(found: &BTreeSet<T>, labelled: &BTreeSet<T>) -> (f64, f64) {
    let right = found.intersection(labelled).count() as f64;
    let ratio = |total: usize| {
        if total == 0 {
            1.0
        } else {
            right / total as f64
        }
    };
    (ratio(found.len()), ratio(labelled.len()))
}

fn extracted(text: &str) -> Vec<Entity> {
    extract(&Article::parse(text), &Lexicon::built_in())
}

/// The article run together as the second seed is: lines joined without a break, apostrophes
/// stripped.
fn run_together(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .collect::<String>()
        .replace(['\'', '\u{2019}'], "")
}

/// A name, its parent, its section and its sentences.
type Summary = (String, Option<String>, Option<String>, Vec<usize>);

/// What must not differ between two renderings of one article.
fn summary(entities: &[Entity]) -> Vec<Summary> {
    (entities.iter())
        .map(|e| {
            let sentences = e.sentences.clone();
            (
                e.name.clone(),
                e.parent.clone(),
                e.section.clone(),
                sentences,
            )
        })
        .collect()
}

fn edge_article() -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join("articles/edge-inference.txt")).unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

/// Checks that both renderings of an article give the same names, that each meets the target, and
/// that the README reports what was measured.
fn check_renderings(article: &str, labels_file: &str, line_broken: &str, run: &str) {
    let labels = labels(labels_file);
    let (broken, together) = (extracted(line_broken), extracted(run));
    assert_eq!(summary(&broken), summary(&together), "the two renderings");
    for (rendering, found) in [("line-broken", &broken), ("run together", &together)] {
        let measured = Measured::of(found, &labels);
        assert!(measured.meets_target(), "{rendering}: {measured:?}");
        let row = measured.readme_row(&format!("{article}, {rendering}"));
        assert!(readme().contains(&row), "the README lacks {row}");
    }
}

#[test]
fn the_container_article_meets_the_target_in_both_renderings_and_the_readme_says_so() {
    let (Some(line_broken), Some(run)) = (seed_article("000_"), seed_article("001_")) else {
        eprintln!("{NO_ARTICLE}");
        return;
    };
    let labels = "container-ecosystem-2015.labels.csv";
    check_renderings("Container article", labels, &line_broken, &run);
}

#[test]
fn an_article_written_for_the_tests_meets_the_target_in_both_renderings_and_the_readme_says_so() {
    let text = edge_article();
    let labels = "edge-inference.labels.csv";
    check_renderings("Test article", labels, &text, &run_together(&text));
}

#[test]
fn relations_and_roles_rest_on_the_words_of_the_article() {
    let found = extracted(&edge_article());
    let entity = |name: &str| {
        (found.iter())
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} not found"))
    };
    // Name, acquirer, what it supports, role, and the evidence for the role.
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        &'a [&'a str],
        &'a str,
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            "Tinderbox",
            Some("Halberd"),
            &[],
            "acquired",
            &["acquired (s.13)"],
        ),
        (
            "Lumio",
            Some("Cisco"),
            &[],
            "acquired",
            &["acquired (s.13)"],
        ),
        ("Ferrule", None, &["Canopy", "Driftwood"], "startup", &[]),
        ("Cisco", None, &[], "incumbent", &["a known vendor"]),
        ("Akamai", None, &[], "precedent", &["era (s.18)"]),
        (
            "Jetson",
            None,
            &[],
            "incumbent",
            &["a product of Nvidia, a known vendor"],
        ),
    ];
    for (name, acquirer, supports, role, evidence) in cases {
        let entity = entity(name);
        assert_eq!(entity.acquired_by.as_deref(), *acquirer, "{name}");
        assert_eq!(entity.supports, *supports, "{name}");
        assert_eq!(entity.role.to_string(), *role, "{name}");
        assert_eq!(entity.evidence, *evidence, "{name}");
    }
}

#[test]
fn people_places_events_and_generic_terms_are_left_out() {
    let names: Vec<String> = (extracted(&edge_article()).into_iter())
        .map(|e| e.name)
        .collect();
    for left_out in [
        "Priya Raman",
        "Austin",
        "Edge Summit",
        "Python",
        "Dana Whitfield",
        "Larchmont Capital",
        "Networks",
        "Models",
    ] {
        assert!(!names.iter().any(|name| name == left_out), "{left_out}");
    }
}

#[test]
fn extract_writes_a_draft_in_the_columns_of_the_company_file() {
    let scratch = Scratch::new();
    scratch.write("article.txt", edge_article());
    let outcome = scratch.run(&["extract", "article.txt", "--out", "draft.csv"]);
    outcome.assert_success();
    assert!(
        (outcome.stderr).contains("found 21 names in 23 sentences under 4 sections"),
        "{}",
        outcome.stderr
    );
    let draft = scratch.read("draft.csv");
    let bundled = std::fs::read_to_string(Path::new(ROOT).join("data/companies.csv")).unwrap();
    let header = bundled.lines().next().unwrap();
    assert_eq!(
        draft.lines().next(),
        Some(format!("{header},mentions,supports,role_evidence").as_str())
    );
    let expected_row = "canopy,Canopy,Canopy,arbor-systems,Inference Runtimes,startup,product,10,\
                        ,,,,,,,,,,,1,,";
    assert!(draft.lines().any(|line| line == expected_row), "{draft}");
}

#[test]
fn a_users_lexicon_and_company_file_shape_the_draft() {
    let scratch = Scratch::new();
    scratch
        .write(
            "article.txt",
            "Initech Widgets ships tools. Acme builds them.\n",
        )
        .write("lexicon.toml", "known_vendors = [\"Initech\"]\n")
        .write("companies.csv", "id;name;category;notes\n");
    let outcome = scratch.run(&[
        "extract",
        "article.txt",
        "--lexicon",
        "lexicon.toml",
        "--columns-like",
        "companies.csv",
    ]);
    outcome.assert_success();
    assert_eq!(
        scratch.read("companies.draft.csv"),
        "id,name,category,notes,mentions,supports,role_evidence\n\
         initech,Initech,,,1,,a known vendor\n\
         widgets,Widgets,,,1,,\"a product of Initech, a known vendor\"\n\
         acme,Acme,,,1,,\n"
    );
}

#[test]
fn extract_errors_are_one_line_with_a_documented_exit_code() {
    let scratch = Scratch::new();
    scratch
        .write("article.txt", "Acme builds tools.\n")
        .write("empty.txt", "\n\n")
        .write("lexicon.toml", "vendors = []\n");
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["extract", "missing.txt"],
            1,
            "cannot read missing.txt: No such file or directory (os error 2)",
        ),
        (
            &["extract", "empty.txt"],
            3,
            "empty.txt: the article has no sentences",
        ),
        (
            &["extract", "article.txt", "--lexicon", "lexicon.toml"],
            4,
            "lexicon.toml: line 1, column 1: unknown field `vendors`, expected one of \
             `known_vendors`, `stop_words`, `generic_terms`, `event_words`, `person_words`, \
             `places`, `company_verbs`, `acquisition_verbs`, `support_verbs`, \
             `precedent_words`, `incumbent_words`, `startup_words`, `company_suffixes`, \
             `domain_suffixes`",
        ),
        (
            &["extract", "article.txt", "--out", "article.txt"],
            2,
            "refusing to write article.txt: it is an input of this run (article.txt)",
        ),
    ];
    for (args, code, line) in cases {
        scratch.run(args).assert_error(*code, line);
    }
    assert_eq!(scratch.read("article.txt"), "Acme builds tools.\n");
}
