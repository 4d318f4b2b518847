//! Typed cell values: the four field types a thesis can declare, and how a text cell becomes one.

use serde::Deserialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Number,
    Bool,
    /// Text items separated by `;` in one cell.
    List,
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Bool => "bool",
            FieldType::List => "list",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty cell: rules see it as `null`.
    Missing,
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<String>),
}

impl Value {
    /// Parses a trimmed cell as `field_type`; an empty cell or a spreadsheet's `#N/A` is
    /// [`Value::Missing`]. With `decimal_comma` (files delimited by `;`), `2,5` is the number 2.5.
    /// The error says what was expected, for the caller to place in the file.
    pub fn parse(cell: &str, field_type: FieldType, decimal_comma: bool) -> Result<Value, String> {
        if cell.is_empty() || cell == "#N/A" {
            return Ok(Value::Missing);
        }
        match field_type {
            FieldType::Text => Ok(Value::Text(cell.to_string())),
            FieldType::Number => {
                let number = if decimal_comma && !cell.contains('.') {
                    cell.replacen(',', ".", 1).parse::<f64>()
                } else {
                    cell.parse::<f64>()
                };
                match number {
                    Ok(number) if number.is_finite() => Ok(Value::Number(number)),
                    _ => Err(format!("expected a number, found \"{cell}\"")),
                }
            }
            FieldType::Bool => match cell.to_ascii_lowercase().as_str() {
                "true" | "yes" => Ok(Value::Bool(true)),
                "false" | "no" => Ok(Value::Bool(false)),
                _ => Err(format!("expected true or false, found \"{cell}\"")),
            },
            FieldType::List => Ok(Value::List(
                cell.split(';')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_string)
                    .collect(),
            )),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Missing => f.write_str("(missing)"),
            Value::Text(text) => write!(f, "\"{text}\""),
            Value::Number(number) => write!(f, "{number}"),
            Value::Bool(flag) => write!(f, "{flag}"),
            Value::List(items) => write!(f, "[{}]", items.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_type_and_refuses_what_does_not_fit() {
        let cases: &[(&str, FieldType, Result<Value, String>)] = &[
            ("", FieldType::Number, Ok(Value::Missing)),
            ("", FieldType::Text, Ok(Value::Missing)),
            ("12.5", FieldType::Number, Ok(Value::Number(12.5))),
            ("-3", FieldType::Number, Ok(Value::Number(-3.0))),
            (
                "lots",
                FieldType::Number,
                Err("expected a number, found \"lots\"".into()),
            ),
            (
                "inf",
                FieldType::Number,
                Err("expected a number, found \"inf\"".into()),
            ),
            (
                "NaN",
                FieldType::Number,
                Err("expected a number, found \"NaN\"".into()),
            ),
            ("TRUE", FieldType::Bool, Ok(Value::Bool(true))),
            ("no", FieldType::Bool, Ok(Value::Bool(false))),
            (
                "maybe",
                FieldType::Bool,
                Err("expected true or false, found \"maybe\"".into()),
            ),
            (
                "a; b;",
                FieldType::List,
                Ok(Value::List(vec!["a".into(), "b".into()])),
            ),
            ("x", FieldType::Text, Ok(Value::Text("x".into()))),
            ("#N/A", FieldType::Number, Ok(Value::Missing)),
            ("#N/A", FieldType::Text, Ok(Value::Missing)),
            (
                "2,5",
                FieldType::Number,
                Err("expected a number, found \"2,5\"".into()),
            ),
        ];
        for (cell, field_type, expected) in cases {
            assert_eq!(
                &Value::parse(cell, *field_type, false),
                expected,
                "{cell:?} as {field_type}"
            );
        }
    }

    #[test]
    fn a_decimal_comma_is_read_when_the_file_says_so() {
        let cases: &[(&str, Result<Value, String>)] = &[
            ("2,5", Ok(Value::Number(2.5))),
            ("-0,25", Ok(Value::Number(-0.25))),
            ("3.5", Ok(Value::Number(3.5))),
            ("12", Ok(Value::Number(12.0))),
            ("1,2,3", Err("expected a number, found \"1,2,3\"".into())),
        ];
        for (cell, expected) in cases {
            assert_eq!(
                &Value::parse(cell, FieldType::Number, true),
                expected,
                "{cell:?}"
            );
        }
    }
}
