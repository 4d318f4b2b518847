//! `thesis sql`: the query's columns are those of `scores.csv`, and what has no faithful
//! translation is refused in one line at the thesis key. `scripts/check-sql` runs the queries on
//! SQLite and DuckDB and compares them with the native scores row by row.

use crate::common::{FIXTURES, QUICK_SCORE, Scratch};
use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};
use sqlparser::dialect::{
    BigQueryDialect, DatabricksDialect, Dialect, DuckDbDialect, PostgreSqlDialect, SQLiteDialect,
    SparkSqlDialect,
};
use sqlparser::parser::Parser;

/// Each dialect `thesis sql` writes, with the parsers of that dialect and of its near kin.
fn dialects() -> Vec<(&'static str, Vec<Box<dyn Dialect>>)> {
    vec![
        ("bigquery", vec![Box::new(BigQueryDialect)]),
        ("duckdb", vec![Box::new(DuckDbDialect)]),
        ("postgres", vec![Box::new(PostgreSqlDialect {})]),
        (
            "spark",
            vec![Box::new(SparkSqlDialect), Box::new(DatabricksDialect)],
        ),
        ("sqlite", vec![Box::new(SQLiteDialect {})]),
    ]
}

/// The names of the columns the query returns, in order, read from its parsed final `SELECT`.
fn selected_columns(query: &str, dialect: &dyn Dialect) -> Vec<String> {
    let statements = Parser::parse_sql(dialect, query).expect("the query parses");
    let Statement::Query(query) = &statements[0] else {
        panic!("not a query");
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        panic!("not a SELECT");
    };
    (select.projection.iter())
        .map(|item| match item {
            SelectItem::ExprWithAlias { alias, .. } => alias.value.clone(),
            SelectItem::UnnamedExpr(Expr::Identifier(ident)) => ident.value.clone(),
            other => panic!("a column without a name: {other}"),
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
    for (dialect, parsers) in dialects() {
        let run = scratch.run(&["sql", "--dialect", dialect]);
        run.assert_success();
        let columns = selected_columns(&run.stdout, parsers[0].as_ref());
        assert_eq!(columns, header, "{dialect}");
    }
}

/// BigQuery cannot run here: its query, like every dialect's, must at least parse as that
/// dialect's SQL, for the bundled thesis and for the one that uses every translated construct.
#[test]
fn every_dialect_s_query_parses_as_that_dialect() {
    let scratch = Scratch::new();
    let constructs = format!("{FIXTURES}/sql/constructs.toml");
    for thesis in [None, Some(constructs.as_str())] {
        for (name, parsers) in dialects() {
            let mut args = vec!["sql", "--dialect", name];
            args.extend(thesis.iter().flat_map(|thesis| ["--thesis", *thesis]));
            let run = scratch.run(&args);
            run.assert_success();
            for parser in parsers {
                let statements = Parser::parse_sql(parser.as_ref(), &run.stdout)
                    .unwrap_or_else(|error| panic!("{name} ({thesis:?}): {error}"));
                assert_eq!(statements.len(), 1, "{name}: one statement");
            }
        }
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
    ];
    for (thesis, dialect, expected) in cases {
        assert_ne!(thesis, bundled, "the case changes the thesis");
        scratch.write("divided.toml", &thesis);
        let run = scratch.run(&["sql", "--dialect", dialect, "--thesis", "divided.toml"]);
        run.assert_error(4, expected.trim_start_matches("error: "));
        assert!(run.stdout.is_empty());
    }
}
