//! Column storage for company records: one typed vector per field instead of one value vector per
//! company. Ids and names live in one text arena each; text and list fields are dictionary-coded
//! (a company universe repeats a few hundred roles and parents a million times); numbers are `f64`
//! with NaN for missing (the parser refuses NaN); bools take one byte.

use super::value::{FieldType, ValueRef, is_missing, parse_bool, parse_list, parse_number};
use std::collections::HashMap;

/// Many strings in one buffer, each found by where it ends.
#[derive(Debug, Clone, Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// Appends `item`; false when the buffer would pass 4 GiB, which the offsets cannot address.
    pub(super) fn push(&mut self, item: &str) -> bool {
        self.text.push_str(item);
        match u32::try_from(self.text.len()) {
            Ok(end) => {
                self.ends.push(end);
                true
            }
            Err(_) => false,
        }
    }

    /// Appends every string of `other`; false when the buffer would pass 4 GiB.
    pub(super) fn append(&mut self, other: &Strings) -> bool {
        let Ok(shift) = u32::try_from(self.text.len()) else {
            return false;
        };
        self.text.push_str(&other.text);
        if u32::try_from(self.text.len()).is_err() {
            return false;
        }
        self.ends.extend(other.ends.iter().map(|end| end + shift));
        true
    }

    pub(super) fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]) as usize;
        &self.text[start..self.ends[index] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Code of a missing cell in a dictionary-coded column.
const MISSING_CODE: u32 = u32::MAX;
/// A missing bool.
const MISSING_BOOL: u8 = 2;

/// One company field's values, in company order.
#[derive(Debug, Clone)]
pub(super) enum Column {
    Text {
        codes: Vec<u32>,
        dictionary: Vec<String>,
    },
    List {
        codes: Vec<u32>,
        dictionary: Vec<Vec<String>>,
    },
    Number(Vec<f64>),
    Bool(Vec<u8>),
}

impl Column {
    pub(super) fn get(&self, row: usize) -> ValueRef<'_> {
        match self {
            Column::Text { codes, dictionary } => match codes[row] {
                MISSING_CODE => ValueRef::Missing,
                code => ValueRef::Text(&dictionary[code as usize]),
            },
            Column::List { codes, dictionary } => match codes[row] {
                MISSING_CODE => ValueRef::Missing,
                code => ValueRef::List(&dictionary[code as usize]),
            },
            Column::Number(numbers) => match numbers[row] {
                number if number.is_nan() => ValueRef::Missing,
                number => ValueRef::Number(number),
            },
            Column::Bool(flags) => match flags[row] {
                MISSING_BOOL => ValueRef::Missing,
                flag => ValueRef::Bool(flag == 1),
            },
        }
    }
}

/// Builds a column cell by cell, keeping the dictionary's lookup until the column is done.
#[derive(Debug)]
pub(super) struct ColumnBuilder {
    column: Column,
    lookup: HashMap<String, u32>,
    decimal_comma: bool,
}

impl ColumnBuilder {
    pub(super) fn new(field_type: FieldType, decimal_comma: bool) -> ColumnBuilder {
        let column = match field_type {
            FieldType::Text => Column::Text {
                codes: Vec::new(),
                dictionary: Vec::new(),
            },
            FieldType::List => Column::List {
                codes: Vec::new(),
                dictionary: Vec::new(),
            },
            FieldType::Number => Column::Number(Vec::new()),
            FieldType::Bool => Column::Bool(Vec::new()),
        };
        ColumnBuilder {
            column,
            lookup: HashMap::new(),
            decimal_comma,
        }
    }

    /// Appends a trimmed cell, typed as the column's field; the error says what was expected.
    pub(super) fn push(&mut self, cell: &str) -> Result<(), String> {
        let missing = is_missing(cell);
        match &mut self.column {
            Column::Text { codes, dictionary } => {
                let code = match missing {
                    true => MISSING_CODE,
                    false => code_of(&mut self.lookup, cell, dictionary, str::to_string),
                };
                codes.push(code);
            }
            Column::List { codes, dictionary } => {
                let code = match missing {
                    true => MISSING_CODE,
                    false => code_of(&mut self.lookup, cell, dictionary, parse_list),
                };
                codes.push(code);
            }
            Column::Number(numbers) => numbers.push(match missing {
                true => f64::NAN,
                false => parse_number(cell, self.decimal_comma)?,
            }),
            Column::Bool(flags) => flags.push(match missing {
                true => MISSING_BOOL,
                false => u8::from(parse_bool(cell)?),
            }),
        }
        Ok(())
    }

    /// An empty builder for the same field, to read another block of rows into.
    pub(super) fn empty_like(&self) -> ColumnBuilder {
        let field_type = match self.column {
            Column::Text { .. } => FieldType::Text,
            Column::List { .. } => FieldType::List,
            Column::Number(_) => FieldType::Number,
            Column::Bool(_) => FieldType::Bool,
        };
        ColumnBuilder::new(field_type, self.decimal_comma)
    }

    /// Appends the cells `other` read, in order, recoding its dictionary into this one.
    pub(super) fn append(&mut self, other: ColumnBuilder) {
        let lookup = &mut self.lookup;
        match (&mut self.column, other.column) {
            (
                Column::Text { codes, dictionary },
                Column::Text {
                    codes: their_codes,
                    dictionary: theirs,
                },
            ) => {
                let recode = merge_dictionary(lookup, dictionary, other.lookup, theirs);
                codes.extend(their_codes.iter().map(|&code| recoded(&recode, code)));
            }
            (
                Column::List { codes, dictionary },
                Column::List {
                    codes: their_codes,
                    dictionary: theirs,
                },
            ) => {
                let recode = merge_dictionary(lookup, dictionary, other.lookup, theirs);
                codes.extend(their_codes.iter().map(|&code| recoded(&recode, code)));
            }
            (Column::Number(numbers), Column::Number(theirs)) => numbers.extend(theirs),
            (Column::Bool(flags), Column::Bool(theirs)) => flags.extend(theirs),
            (mine, theirs) => {
                unreachable!("a builder appended to one of another type: {mine:?} and {theirs:?}")
            }
        }
    }

    pub(super) fn finish(self) -> Column {
        let mut column = self.column;
        match &mut column {
            Column::Text { codes, .. } | Column::List { codes, .. } => codes.shrink_to_fit(),
            Column::Number(numbers) => numbers.shrink_to_fit(),
            Column::Bool(flags) => flags.shrink_to_fit(),
        }
        column
    }
}

/// Adds another block's dictionary to this one, entries new to it in their code order, and returns
/// each of their codes' code here.
fn merge_dictionary<T>(
    lookup: &mut HashMap<String, u32>,
    dictionary: &mut Vec<T>,
    their_lookup: HashMap<String, u32>,
    theirs: Vec<T>,
) -> Vec<u32> {
    let mut cells: Vec<(u32, String)> = (their_lookup.into_iter())
        .map(|(cell, code)| (code, cell))
        .collect();
    cells.sort_unstable_by_key(|(code, _)| *code);
    (cells.into_iter().zip(theirs))
        .map(|((_, cell), entry)| {
            *lookup.entry(cell).or_insert_with(|| {
                dictionary.push(entry);
                dictionary.len() as u32 - 1
            })
        })
        .collect()
}

fn recoded(recode: &[u32], code: u32) -> u32 {
    match code {
        MISSING_CODE => MISSING_CODE,
        code => recode[code as usize],
    }
}

/// The code of `cell` in the dictionary, adding it (made into an entry by `entry`) when new.
fn code_of<T>(
    lookup: &mut HashMap<String, u32>,
    cell: &str,
    dictionary: &mut Vec<T>,
    entry: impl Fn(&str) -> T,
) -> u32 {
    if let Some(&code) = lookup.get(cell) {
        return code;
    }
    let code = dictionary.len() as u32;
    dictionary.push(entry(cell));
    lookup.insert(cell.to_string(), code);
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_pushed() {
        let mut strings = Strings::default();
        for item in ["a", "", "ünïcode", "a"] {
            assert!(strings.push(item));
        }
        let back: Vec<&str> = (0..strings.len()).map(|i| strings.get(i)).collect();
        assert_eq!(back, ["a", "", "ünïcode", "a"]);
    }

    #[test]
    fn each_column_type_gives_back_what_it_was_given() {
        let cases: [(FieldType, &[&str], &[ValueRef]); 4] = [
            (
                FieldType::Text,
                &["os", "", "os", "#N/A", "ci"],
                &[
                    ValueRef::Text("os"),
                    ValueRef::Missing,
                    ValueRef::Text("os"),
                    ValueRef::Missing,
                    ValueRef::Text("ci"),
                ],
            ),
            (
                FieldType::Number,
                &["1.5", "", "-2"],
                &[
                    ValueRef::Number(1.5),
                    ValueRef::Missing,
                    ValueRef::Number(-2.0),
                ],
            ),
            (
                FieldType::Bool,
                &["yes", "", "FALSE"],
                &[
                    ValueRef::Bool(true),
                    ValueRef::Missing,
                    ValueRef::Bool(false),
                ],
            ),
            (
                FieldType::List,
                &["a; b", ""],
                &[ValueRef::List(&["a".into(), "b".into()]), ValueRef::Missing],
            ),
        ];
        for (field_type, cells, expected) in cases {
            let mut builder = ColumnBuilder::new(field_type, false);
            for cell in cells {
                builder.push(cell).unwrap();
            }
            let column = builder.finish();
            let back: Vec<ValueRef> = (0..cells.len()).map(|row| column.get(row)).collect();
            assert_eq!(back, expected, "{field_type}");
        }
    }

    #[test]
    fn a_text_column_stores_each_distinct_cell_once() {
        let mut builder = ColumnBuilder::new(FieldType::Text, false);
        for cell in ["os", "ci", "os", "os", "ci"] {
            builder.push(cell).unwrap();
        }
        let Column::Text { codes, dictionary } = builder.finish() else {
            panic!("a text field makes a text column");
        };
        assert_eq!(dictionary, ["os", "ci"]);
        assert_eq!(codes, [0, 1, 0, 0, 1]);
    }
}
