//! A rule condition as a SQL boolean, keeping CEL's meaning under SQL's three values: a condition
//! CEL cannot decide (a comparison with a missing value, arithmetic on one) is SQL `NULL`, which
//! `AND`, `OR` and `NOT` absorb exactly as CEL absorbs its errors; a missing value (CEL `null`) is
//! never equal to a value, and equal to `null`. Only the conditions the kernel compiles are
//! translated, and division (CEL gives infinity where engines fail or give `NULL`) is refused.

use super::Dialect;
use crate::model::{FieldType, Schema};
use crate::thesis::{Literal, Operand, Test, TextMethod};
use std::cmp::Ordering;

/// A construct with no faithful translation, in words for the error message.
pub(super) type Refusal = String;

/// An operand in SQL, with what its SQL `NULL` means.
struct Value {
    sql: String,
    kind: Kind,
    null: NullMeans,
}

/// What an operand's SQL `NULL` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NullMeans {
    /// A literal: never `NULL` (the `null` literal is [`Kind::Null`]).
    Never,
    /// A field: CEL's `null`, a missing value.
    Missing,
    /// Arithmetic: CEL's error, arithmetic on a missing value.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Bool,
    Number,
    Text,
}

pub(super) struct Translator<'a> {
    pub(super) dialect: Dialect,
    pub(super) schema: &'a Schema,
}

impl Translator<'_> {
    pub(super) fn test(&self, test: &Test) -> Result<String, Refusal> {
        Ok(match test {
            Test::Constant(flag) => boolean(*flag).to_string(),
            Test::Field(index) => self.column(*index),
            Test::Not(inner) => format!("(NOT {})", self.test(inner)?),
            Test::And(left, right) => format!("({} AND {})", self.test(left)?, self.test(right)?),
            Test::Or(left, right) => format!("({} OR {})", self.test(left)?, self.test(right)?),
            Test::If(condition, then, otherwise) => {
                let condition = self.test(condition)?;
                format!(
                    "(CASE WHEN {condition} THEN {} WHEN NOT {condition} THEN {} END)",
                    self.test(then)?,
                    self.test(otherwise)?
                )
            }
            Test::Equal(left, right, negated) => {
                let equal = self.equal(&self.operand(left)?, &self.operand(right)?);
                match negated {
                    true => format!("(NOT {equal})"),
                    false => equal,
                }
            }
            Test::Order(wanted, or_equal, left, right) => self.order(
                *wanted,
                *or_equal,
                &self.operand(left)?,
                &self.operand(right)?,
            ),
            Test::In(item, list) => self.is_in(&self.operand(item)?, list),
            Test::Text(method, target, argument) => {
                self.text_method(*method, &self.operand(target)?, argument)
            }
        })
    }

    fn column(&self, index: usize) -> String {
        self.dialect.ident(&self.schema.fields()[index].name)
    }

    fn operand(&self, operand: &Operand) -> Result<Value, Refusal> {
        Ok(match operand {
            Operand::Field(index) => Value {
                sql: self.column(*index),
                kind: match self.schema.fields()[*index].field_type {
                    FieldType::Bool => Kind::Bool,
                    FieldType::Number => Kind::Number,
                    FieldType::Text | FieldType::List => Kind::Text,
                },
                null: NullMeans::Missing,
            },
            Operand::Literal(literal) => self.literal(literal),
            Operand::Negate(inner) => {
                let inner = self.operand(inner)?;
                Value {
                    sql: format!("(- {})", inner.sql),
                    kind: Kind::Number,
                    null: NullMeans::Error,
                }
            }
            Operand::Arithmetic('/', ..) => {
                return Err(
                    "division (CEL divides by zero into infinity, where SQL engines fail or give \
                     NULL)"
                        .to_string(),
                );
            }
            Operand::Arithmetic(operator, left, right) => Value {
                sql: format!(
                    "({} {operator} {})",
                    self.operand(left)?.sql,
                    self.operand(right)?.sql
                ),
                kind: Kind::Number,
                null: NullMeans::Error,
            },
        })
    }

    fn literal(&self, literal: &Literal) -> Value {
        let (sql, kind) = match literal {
            Literal::Null => ("NULL".to_string(), Kind::Null),
            Literal::Bool(flag) => (boolean(*flag).to_string(), Kind::Bool),
            Literal::Number(number) => (self.dialect.number(*number), Kind::Number),
            Literal::Text(text) => (self.dialect.text(text), Kind::Text),
        };
        Value {
            sql,
            kind,
            null: NullMeans::Never,
        }
    }

    /// CEL's `==`: values of different types are unequal; `null` equals `null` only.
    fn equal(&self, left: &Value, right: &Value) -> String {
        let errors = errors_of(&[left, right]);
        let value = match (left.kind, right.kind) {
            (Kind::Null, Kind::Null) => "TRUE".to_string(),
            (Kind::Null, _) => is_null_value(right),
            (_, Kind::Null) => is_null_value(left),
            (a, b) if a != b => "FALSE".to_string(),
            _ => format!(
                "COALESCE({} = {}, {} IS NULL AND {} IS NULL)",
                self.comparable(left),
                self.comparable(right),
                left.sql,
                right.sql
            ),
        };
        guarded(&errors, value)
    }

    /// `<`, `<=`, `>`, `>=`: an error (SQL `NULL`) with `null` or values of different types.
    fn order(&self, wanted: Ordering, or_equal: bool, left: &Value, right: &Value) -> String {
        if left.kind != right.kind || left.kind == Kind::Null {
            return "NULL".to_string();
        }
        let operator = match (wanted, or_equal) {
            (Ordering::Less, false) => "<",
            (Ordering::Less, true) => "<=",
            (_, false) => ">",
            (_, true) => ">=",
        };
        format!(
            "({} {operator} {})",
            self.comparable(left),
            self.comparable(right)
        )
    }

    /// Text compares byte by byte, as CEL compares it, whatever the database's collation.
    fn comparable(&self, value: &Value) -> String {
        match value.kind {
            Kind::Text => self.dialect.binary_collation(&value.sql),
            _ => value.sql.clone(),
        }
    }

    fn is_in(&self, item: &Value, list: &[Literal]) -> String {
        let errors = errors_of(&[item]);
        let mut alternatives = Vec::new();
        let same: Vec<String> = (list.iter())
            .map(|literal| self.literal(literal))
            .filter(|literal| literal.kind == item.kind && item.kind != Kind::Null)
            .map(|literal| self.comparable(&literal))
            .collect();
        if !same.is_empty() {
            alternatives.push(format!(
                "COALESCE({} IN ({}), FALSE)",
                self.comparable(item),
                same.join(", ")
            ));
        }
        if list.iter().any(|literal| matches!(literal, Literal::Null)) {
            alternatives.push(is_null_value(item));
        }
        let value = match alternatives.is_empty() {
            true => "FALSE".to_string(),
            false => format!("({})", alternatives.join(" OR ")),
        };
        guarded(&errors, value)
    }

    fn text_method(&self, method: TextMethod, target: &Value, argument: &str) -> String {
        if target.kind != Kind::Text {
            return "NULL".to_string();
        }
        self.dialect.text_method(method, &target.sql, argument)
    }
}

/// Whether a value is CEL's `null`: a missing field is; arithmetic never is (its `NULL` is an
/// error, which `guarded` has already turned into `NULL`), nor is a literal.
fn is_null_value(value: &Value) -> String {
    match (value.kind, value.null) {
        (Kind::Null, _) => "TRUE".to_string(),
        (_, NullMeans::Missing) => format!("({} IS NULL)", value.sql),
        _ => "FALSE".to_string(),
    }
}

/// The operands whose `NULL` is an error.
fn errors_of(values: &[&Value]) -> Vec<String> {
    (values.iter())
        .filter(|value| value.null == NullMeans::Error)
        .map(|value| format!("{} IS NULL", value.sql))
        .collect()
}

/// `value`, or `NULL` (undecided) when an operand is an error.
fn guarded(errors: &[String], value: String) -> String {
    match errors.is_empty() {
        true => value,
        false => format!(
            "(CASE WHEN {} THEN NULL ELSE {value} END)",
            errors.join(" OR ")
        ),
    }
}

fn boolean(flag: bool) -> &'static str {
    if flag { "TRUE" } else { "FALSE" }
}
