//! What differs between SQL engines: quoting, literals, types, text functions, collation and rounding.

use crate::thesis::TextMethod;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    BigQuery,
    DuckDb,
    Postgres,
    Spark,
    Sqlite,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::BigQuery => "BigQuery",
            Dialect::DuckDb => "DuckDB",
            Dialect::Postgres => "PostgreSQL",
            Dialect::Spark => "Spark",
            Dialect::Sqlite => "SQLite",
        }
    }

    /// Whether identifiers are quoted with backticks and text literals read backslash escapes.
    fn is_backtick(self) -> bool {
        matches!(self, Dialect::BigQuery | Dialect::Spark)
    }

    /// A quoted identifier.
    pub(super) fn ident(self, name: &str) -> String {
        match self {
            Dialect::BigQuery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A text literal.
    pub(super) fn text(self, text: &str) -> String {
        match self.is_backtick() {
            true => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
            false => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// A number literal read as a double, digit for digit: Rust's shortest round-trip form, cast
    /// (engines read `2.5` as a decimal first).
    pub(super) fn number(self, number: f64) -> String {
        format!("CAST({number:?} AS {})", self.double_type())
    }

    pub(super) fn double_type(self) -> &'static str {
        match self {
            Dialect::BigQuery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::DuckDb | Dialect::Spark => "DOUBLE",
            Dialect::Sqlite => "REAL",
        }
    }

    pub(super) fn text_type(self) -> &'static str {
        match self {
            Dialect::BigQuery | Dialect::Spark => "STRING",
            Dialect::Postgres | Dialect::Sqlite => "TEXT",
            Dialect::DuckDb => "VARCHAR",
        }
    }

    /// Text compared byte by byte (PostgreSQL's default collation follows the locale).
    pub(super) fn binary_collation(self, sql: &str) -> String {
        match self {
            Dialect::Postgres => format!("({sql} COLLATE \"C\")"),
            Dialect::BigQuery | Dialect::DuckDb | Dialect::Spark | Dialect::Sqlite => {
                sql.to_string()
            }
        }
    }

    /// `contains`, `startsWith` and `endsWith` on text; `NULL` on a missing value.
    pub(super) fn text_method(self, method: TextMethod, target: &str, argument: &str) -> String {
        let literal = self.text(argument);
        let length = argument.chars().count();
        match (method, self) {
            (TextMethod::Contains, Dialect::DuckDb) => format!("contains({target}, {literal})"),
            (TextMethod::Contains, Dialect::Postgres | Dialect::BigQuery) => {
                format!("(strpos({target}, {literal}) > 0)")
            }
            (TextMethod::Contains, Dialect::Sqlite | Dialect::Spark) => {
                format!("(instr({target}, {literal}) > 0)")
            }
            (TextMethod::StartsWith, _) => {
                format!("(substr({target}, 1, {length}) = {literal})")
            }
            (TextMethod::EndsWith, _) if length == 0 => {
                format!("(CASE WHEN {target} IS NULL THEN NULL ELSE TRUE END)")
            }
            (TextMethod::EndsWith, Dialect::Sqlite) => {
                format!("(substr({target}, -{length}) = {literal})")
            }
            (TextMethod::EndsWith, Dialect::BigQuery) => format!("ends_with({target}, {literal})"),
            (TextMethod::EndsWith, _) => format!("(right({target}, {length}) = {literal})"),
        }
    }

    /// A total to nine decimals as an integer key, rounding half away from zero as the engine does
    /// (PostgreSQL rounds a double half to even, so it rounds a numeric; Spark rounds half up).
    pub(super) fn total_key(self, total: &str) -> String {
        match self {
            Dialect::Postgres => format!("ROUND(CAST({total} * 1e9 AS NUMERIC))"),
            Dialect::BigQuery | Dialect::DuckDb | Dialect::Spark | Dialect::Sqlite => {
                format!("ROUND({total} * 1e9)")
            }
        }
    }

    /// Non-null text joined by `;`.
    pub(super) fn join_present(self, parts: &[String]) -> String {
        if parts.is_empty() {
            return "''".to_string();
        }
        let pieces: Vec<String> = (parts.iter())
            .map(|part| format!("COALESCE(';' || {part}, '')"))
            .collect();
        format!("substr({}, 2)", pieces.join(" || "))
    }
}
