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

/// A borrowed view of a [`Value`]: what a company record hands to rules and explanations without
/// copying its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Missing,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    List(&'a [String]),
}

/// A company's values by schema field index: a record of a dataset, or a slice of owned values.
pub trait FieldValues {
    fn field(&self, index: usize) -> ValueRef<'_>;
}

impl FieldValues for [Value] {
    fn field(&self, index: usize) -> ValueRef<'_> {
        self[index].as_ref()
    }
}

/// A cell without the white space around it, as `str::trim` gives it, without decoding a character
/// where the cell starts and ends with an ASCII byte above the space: no such byte is white space.
pub(crate) fn trim_cell(cell: &str) -> &str {
    let kept = |byte: &u8| (b'!'..0x80).contains(byte);
    let bytes = cell.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if kept(first) && kept(last) => cell,
        _ => cell.trim(),
    }
}

/// Whether a cell holds no value: empty, or a spreadsheet's `#N/A`.
pub(crate) fn is_missing(cell: &str) -> bool {
    cell.is_empty() || cell == "#N/A"
}

/// A present number cell; with `decimal_comma`, `2,5` is 2.5.
pub(crate) fn parse_number(cell: &str, decimal_comma: bool) -> Result<f64, String> {
    if let Some(number) = plain_decimal(cell) {
        return Ok(number);
    }
    let number = if decimal_comma && !cell.contains('.') {
        cell.replacen(',', ".", 1).parse::<f64>()
    } else {
        cell.parse::<f64>()
    };
    match number {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(format!("expected a number, found \"{cell}\"")),
    }
}

/// The commonest number cells, such as `2005` or `2.1`, read without the float parser: digits with
/// at most one point and at most 15 digits in all. The digits are an integer below 2^53 and the
/// power of ten they are divided by is exact too, so the one rounding of the division gives the
/// correctly rounded value the parser gives (Clinger's fast path).
fn plain_decimal(cell: &str) -> Option<f64> {
    const POWERS_OF_TEN: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (whole, fraction) = match memchr::memchr(b'.', cell.as_bytes()) {
        Some(point) => (&cell[..point], &cell[point + 1..]),
        None => (cell, ""),
    };
    let digits = whole.bytes().chain(fraction.bytes());
    let plain = !whole.is_empty() && whole.len() + fraction.len() <= 15;
    if !plain || !digits.clone().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let integer = digits.fold(0u64, |integer, digit| {
        integer * 10 + u64::from(digit - b'0')
    });
    Some(integer as f64 / POWERS_OF_TEN[fraction.len()])
}

/// A present bool cell: `true`/`yes` or `false`/`no`, in any case.
pub(crate) fn parse_bool(cell: &str) -> Result<bool, String> {
    if cell.eq_ignore_ascii_case("true") || cell.eq_ignore_ascii_case("yes") {
        Ok(true)
    } else if cell.eq_ignore_ascii_case("false") || cell.eq_ignore_ascii_case("no") {
        Ok(false)
    } else {
        Err(format!("expected true or false, found \"{cell}\""))
    }
}

/// A present list cell: its `;`-separated items, trimmed, empty ones dropped.
pub(crate) fn parse_list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

impl Value {
    /// Parses a trimmed cell as `field_type`; an empty cell or a spreadsheet's `#N/A` is
    /// [`Value::Missing`]. With `decimal_comma` (files delimited by `;`), `2,5` is the number 2.5.
    /// The error says what was expected, for the caller to place in the file.
    pub(crate) fn parse(
        cell: &str,
        field_type: FieldType,
        decimal_comma: bool,
    ) -> Result<Value, String> {
        if is_missing(cell) {
            return Ok(Value::Missing);
        }
        Ok(match field_type {
            FieldType::Text => Value::Text(cell.to_string()),
            FieldType::Number => Value::Number(parse_number(cell, decimal_comma)?),
            FieldType::Bool => Value::Bool(parse_bool(cell)?),
            FieldType::List => Value::List(parse_list(cell)),
        })
    }

    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Missing => ValueRef::Missing,
            Value::Text(text) => ValueRef::Text(text),
            Value::Number(number) => ValueRef::Number(*number),
            Value::Bool(flag) => ValueRef::Bool(*flag),
            Value::List(items) => ValueRef::List(items),
        }
    }
}

impl ValueRef<'_> {
    pub fn to_value(self) -> Value {
        match self {
            ValueRef::Missing => Value::Missing,
            ValueRef::Text(text) => Value::Text(text.to_string()),
            ValueRef::Number(number) => Value::Number(number),
            ValueRef::Bool(flag) => Value::Bool(flag),
            ValueRef::List(items) => Value::List(items.to_vec()),
        }
    }

    pub fn number(self) -> Option<f64> {
        match self {
            ValueRef::Number(number) => Some(number),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_ref().fmt(f)
    }
}

impl fmt::Display for ValueRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueRef::Missing => f.write_str("(missing)"),
            ValueRef::Text(text) => write!(f, "\"{text}\""),
            ValueRef::Number(number) => write!(f, "{number}"),
            ValueRef::Bool(flag) => write!(f, "{flag}"),
            ValueRef::List(items) => write!(f, "[{}]", items.join("; ")),
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

    proptest::proptest! {
        #[test]
        fn a_trimmed_cell_is_what_str_trim_gives(
            cell in "[ \t\r\n\u{b}\u{c}\u{1f}\u{85}\u{a0}\u{3000}a!~\u{7f}é]{0,6}",
        ) {
            proptest::prop_assert_eq!(trim_cell(&cell), cell.trim());
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_decimals_parse_as_the_float_parser_parses_them(
            cell in "[0-9]{1,17}(\\.[0-9]{0,17})?",
            decimal_comma in proptest::bool::ANY,
        ) {
            let parsed = parse_number(&cell, decimal_comma).unwrap();
            proptest::prop_assert_eq!(parsed.to_bits(), cell.parse::<f64>().unwrap().to_bits());
        }
    }
}
