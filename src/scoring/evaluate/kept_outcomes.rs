//! Keeping outcomes by combination of values changes no outcome, scope or raw value.

use super::*;
use crate::io::{CsvFormat, RawTable, Source, bundled_inputs};
use crate::pipeline::load;
use crate::synthetic::Universe;
use proptest::prelude::*;
use std::fmt::Write as _;

/// Outcomes, scope and raw values (bit for bit) with outcomes kept by combination and without.
fn assert_keeping_changes_nothing(thesis: &Thesis, data: &Dataset) -> usize {
    let kept = Evaluations::evaluate(thesis, data, KEPT_COMBINATIONS);
    let decided = Evaluations::evaluate(thesis, data, 0);
    assert_eq!(kept.outcomes, decided.outcomes);
    assert_eq!(kept.in_scope, decided.in_scope);
    let bits = |raw: &[f64]| raw.iter().map(|value| value.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&kept.raw), bits(&decided.raw));
    // How many conditions were kept by combination, so that a test can tell it tried some.
    (conditions(thesis))
        .filter(|condition| {
            data.value_key(&condition.reads, KEPT_COMBINATIONS)
                .is_some()
        })
        .count()
}

#[test]
fn keeping_outcomes_changes_none_on_the_bundled_and_a_generated_universe() {
    let bundled = load(&bundled_inputs()).unwrap();
    assert!(assert_keeping_changes_nothing(&bundled.thesis, &bundled.data) > 3);
    let universe = Universe {
        companies: 5000,
        seed: 3,
    };
    let source = |name: &str| {
        let mut bytes = Vec::new();
        universe.write_file(name, &mut bytes).unwrap();
        Source::embedded(name, &bytes)
    };
    let thesis = Thesis::load(&source("thesis.toml")).unwrap();
    let categories = RawTable::parse(&source("categories.csv")).unwrap();
    let data = Dataset::read(
        &source("companies.csv"),
        CsvFormat::default(),
        &categories,
        &thesis.schema,
    )
    .unwrap();
    assert!(assert_keeping_changes_nothing(&thesis, &data) >= 12);
}

/// Conditions over coded fields that fire, fail, cannot be decided (a missing value compared or
/// used as a bool) or need the interpreter (list macros, `size`), and some decided per company.
const CONDITIONS: [&str; 10] = [
    r#"kind < "m""#,
    "open",
    r#"open || kind == "db""#,
    r#""x" in tags"#,
    r#"tags == ["x", "y"] && kind != "zz""#,
    "heat > 2.0 && kind != null",
    r#"category.startsWith("H") && !open"#,
    "size(tags) > 1",
    "funding > 2.0 || open",
    r#"name.endsWith("a") ? open : kind == "os""#,
];

fn thesis() -> Thesis {
    let rules: String = (CONDITIONS.iter().enumerate())
        .map(|(index, when)| {
            format!(
                "{{ id = \"r{index}\", when = '{when}', points = {index}.0, reason = \"R.\" }},\n"
            )
        })
        .collect();
    let text = format!(
        "name = \"T\"\nas_of = \"2020-01-01\"\nscope = 'kind != \"os\" || open'\n\
         [fields]\nkind = \"text\"\nopen = \"bool\"\ntags = \"list\"\nfunding = \"number\"\n\
         [category_fields]\nheat = \"number\"\n\
         [[criteria]]\nid = \"a\"\nlabel = \"A\"\npoles = [\"L\", \"H\"]\nweight = 1\n\
         hit_policy = \"sum\"\notherwise = \"insufficient-evidence\"\nrules = [\n{rules}]\n"
    );
    Thesis::load(&Source::embedded("t.toml", text.as_bytes())).unwrap()
}

fn company() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["Hot", "Cold", "Warm"]),
        prop::sample::select(vec!["db", "os", "", "zz"]),
        prop::sample::select(vec!["true", "false", ""]),
        prop::sample::select(vec!["x;y", "y", "", "x"]),
        prop::sample::select(vec!["1", "3.5", ""]),
        prop::sample::select(vec!["Alpha", "Beta", "Gamma", "Omicron"]),
    )
        .prop_map(|(category, kind, open, tags, funding, name)| {
            format!("{name},{category},{kind},{open},{tags},{funding}")
        })
}

/// The companies of `rows` (name, category, kind, open, tags, funding), with ids of their own.
fn dataset(thesis: &Thesis, rows: &[String]) -> Dataset {
    let mut companies = String::from("id,name,category,kind,open,tags,funding\n");
    for (index, row) in rows.iter().enumerate() {
        let _ = writeln!(companies, "c{index},{row}");
    }
    let categories = "category,heat\nHot,5\nCold,1\nWarm,\n";
    let categories = RawTable::parse(&Source::embedded("k.csv", categories.as_bytes()));
    Dataset::read(
        &Source::embedded("c.csv", companies.as_bytes()),
        CsvFormat::default(),
        &categories.unwrap(),
        &thesis.schema,
    )
    .unwrap()
}

#[test]
fn the_scope_leaves_out_whom_it_does_not_hold_for_and_without_one_none_is_left_out() {
    let mut thesis = thesis();
    let rows: Vec<String> = [
        "Alpha,Hot,os,false,x,1",
        "Beta,Cold,os,true,y,",
        "Gamma,Warm,db,,,2",
    ]
    .map(str::to_string)
    .to_vec();
    let data = dataset(&thesis, &rows);
    // The scope is `kind != "os" || open`.
    let scoped = Evaluations::new(&thesis, &data);
    assert_eq!(
        (0..3).map(|c| scoped.in_scope(c)).collect::<Vec<_>>(),
        [false, true, true]
    );
    thesis.scope = None;
    let unscoped = Evaluations::new(&thesis, &data);
    assert!((0..3).all(|c| unscoped.in_scope(c)));
    assert_eq!(unscoped.outcomes, scoped.outcomes);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn keeping_outcomes_changes_none_on_random_companies(
        rows in prop::collection::vec(company(), 1..60),
    ) {
        let thesis = thesis();
        let data = dataset(&thesis, &rows);
        // Every condition but the two over `funding` and `name`, and the scope.
        prop_assert_eq!(assert_keeping_changes_nothing(&thesis, &data), 9);
    }
}
