//! `thesis sql`: the query's columns are those of `scores.csv`, and what has no faithful
//! translation is refused in one line at the thesis key. `scripts/check-sql` runs the queries on
//! SQLite and DuckDB and compares them with the native scores row by row.

use crate::common::{QUICK_SCORE, Scratch};

/// The aliases of the query's final `SELECT`, in order.
fn selected_columns(query: &str) -> Vec<String> {
    let select = &query[query.rfind("\nSELECT ").expect("a final SELECT")..];
    let select = &select[..select.find("\nFROM ").expect("its FROM")];
    select
        .split(",\n")
        .map(|column| {
            let alias = column.rsplit(" AS ").next().unwrap_or(column);
            let name = alias.rsplit('.').next().unwrap_or(alias).trim();
            name.trim_start_matches("SELECT ")
                .trim_matches('"')
                .to_string()
        })
        .collect()
}

#[test]
fn the_query_returns_the_columns_of_scores_csv_in_every_dialect() {
    let scratch = Scratch::new();
    scratch.run(&QUICK_SCORE).assert_success();
    let scores = scratch.read("out/scores.csv");
    let header: Vec<String> = scores
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    for dialect in ["duckdb", "postgres", "sqlite"] {
        let run = scratch.run(&["sql", "--dialect", dialect]);
        run.assert_success();
        assert_eq!(selected_columns(&run.stdout), header, "{dialect}");
    }
}

#[test]
fn what_has_no_faithful_translation_is_refused_at_its_key() {
    let scratch = Scratch::new();
    let bundled =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/thesis.toml")).unwrap();
    let cases = [
        (
            bundled.replace(
                "when = 'product_type == \"storage\"'",
                "when = 'funding_musd / 2.0 > 1.0'",
            ),
            "sqlite",
            "error: divided.toml: criteria[painkiller].rules[pk-stateful-storage].when: division \
             (CEL divides by zero into infinity, where SQL engines fail or give NULL) has no \
             faithful translation to SQLite SQL",
        ),
        (
            bundled.replace(
                "when = 'product_type == \"storage\"'",
                "when = 'sentences.size() > 2'",
            ),
            "duckdb",
            "error: divided.toml: criteria[painkiller].rules[pk-stateful-storage].when: a condition \
             that reads a list field or calls a function other than contains, startsWith and \
             endsWith has no faithful translation to DuckDB SQL",
        ),
        (
            bundled.replace("aggregation = \"weighted-sum\"", "aggregation = \"topsis\""),
            "postgres",
            "error: divided.toml: aggregation: TOPSIS aggregation (not yet translated) has no \
             faithful translation to PostgreSQL SQL",
        ),
    ];
    for (thesis, dialect, expected) in cases {
        assert_ne!(thesis, bundled, "the case changes the thesis");
        scratch.write("divided.toml", &thesis);
        let run = scratch.run(&["sql", "--dialect", dialect, "--thesis", "divided.toml"]);
        run.assert_error(4, expected.trim_start_matches("error: "));
        assert!(run.stdout.is_empty());
    }
}
