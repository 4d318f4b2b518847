//! Column storage for company records: one typed vector per field instead of one value vector per
//! company. Ids and names live in one text arena each; text and list fields are dictionary-coded
//! (a company universe repeats a few hundred roles and parents a million times), in one or two bytes
//! a company where the dictionary is that small; numbers are `f64` with NaN for missing (the parser
//! refuses NaN), kept as `f32` where every value of the column is exactly an `f32`; bools take one
//! byte. The line each record starts on is kept as runs of consecutive lines.

use super::text::check_text;
use super::value::{FieldType, ValueRef, is_missing, parse_bool, parse_list, parse_number};
use rustc_hash::FxHashMap;

/// Many strings in one buffer, each found by where it ends.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// Appends `item`; false when the buffer would pass 4 GiB, which the offsets cannot address.
    pub(crate) fn push(&mut self, item: &str) -> bool {
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
    pub(crate) fn append(&mut self, other: &Strings) -> bool {
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

    pub(crate) fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]) as usize;
        &self.text[start..self.ends[index] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// The line each record starts on, kept as runs of records on consecutive lines: a file with one
/// record a line takes a few bytes however many records it holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lines {
    /// The first record of each run and the line it starts on.
    runs: Vec<(usize, u64)>,
    len: usize,
}

impl Lines {
    pub(crate) fn push(&mut self, line: u64) {
        let follows = |&(record, first): &(usize, u64)| first + (self.len - record) as u64 == line;
        if !self.runs.last().is_some_and(follows) {
            self.runs.push((self.len, line));
        }
        self.len += 1;
    }

    /// Appends the lines of `other`'s records, after this one's.
    pub(crate) fn append(&mut self, other: &Lines) {
        for (position, &(record, first)) in other.runs.iter().enumerate() {
            let records = other.runs.get(position + 1).map_or(other.len, |run| run.0) - record;
            // The run's first record starts a run here unless it follows on; the rest follow it.
            self.push(first);
            self.len += records - 1;
        }
    }

    pub(crate) fn get(&self, record: usize) -> u64 {
        let run = self.runs.partition_point(|&(first, _)| first <= record) - 1;
        let (first, line) = self.runs[run];
        line + (record - first) as u64
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

/// Code of a missing cell in a dictionary-coded column while it is built.
const MISSING_CODE: u32 = u32::MAX;
/// A missing bool.
const MISSING_BOOL: u8 = 2;

/// One company field's values, in company order.
#[derive(Debug, Clone)]
pub(crate) enum Column {
    Text {
        codes: Codes,
        dictionary: Vec<String>,
    },
    List {
        codes: Codes,
        dictionary: Vec<Vec<String>>,
    },
    Number(Numbers),
    Bool(Vec<u8>),
}

/// Dictionary codes, in the narrowest width whose largest value, which means missing, no entry
/// needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Codes {
    Byte(Vec<u8>),
    Short(Vec<u16>),
    Wide(Vec<u32>),
}

impl Codes {
    fn narrowed(mut codes: Vec<u32>, entries: usize) -> Codes {
        // Missing, `u32::MAX` while building, becomes the largest code of the narrower width.
        fn narrow<T: TryFrom<u32> + Copy>(codes: Vec<u32>, missing: T) -> Vec<T> {
            let narrowed = codes
                .into_iter()
                .map(|code| T::try_from(code).unwrap_or(missing));
            narrowed.collect()
        }
        if entries < usize::from(u8::MAX) {
            Codes::Byte(narrow(codes, u8::MAX))
        } else if entries < usize::from(u16::MAX) {
            Codes::Short(narrow(codes, u16::MAX))
        } else {
            codes.shrink_to_fit();
            Codes::Wide(codes)
        }
    }

    /// The code of a row, `None` when its cell is missing.
    fn get(&self, row: usize) -> Option<usize> {
        match self {
            Codes::Byte(codes) => Some(codes[row]).filter(|&c| c != u8::MAX).map(usize::from),
            Codes::Short(codes) => Some(codes[row]).filter(|&c| c != u16::MAX).map(usize::from),
            Codes::Wide(codes) => Some(codes[row])
                .filter(|&c| c != MISSING_CODE)
                .map(|c| c as usize),
        }
    }
}

/// A number column: `f32` where every value is exactly an `f32` (years, headcounts, small counts),
/// else `f64`; NaN for missing either way.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Numbers {
    Single(Vec<f32>),
    Double(Vec<f64>),
}

impl Numbers {
    fn narrowed(numbers: Vec<f64>) -> Numbers {
        let exact = |&number: &f64| number.is_nan() || f64::from(number as f32) == number;
        match numbers.iter().all(exact) {
            true => Numbers::Single(numbers.into_iter().map(|number| number as f32).collect()),
            false => {
                let mut numbers = numbers;
                numbers.shrink_to_fit();
                Numbers::Double(numbers)
            }
        }
    }

    fn get(&self, row: usize) -> f64 {
        match self {
            Numbers::Single(numbers) => f64::from(numbers[row]),
            Numbers::Double(numbers) => numbers[row],
        }
    }
}

impl Column {
    pub(crate) fn get(&self, row: usize) -> ValueRef<'_> {
        match self {
            Column::Text { codes, dictionary } => codes
                .get(row)
                .map_or(ValueRef::Missing, |code| ValueRef::Text(&dictionary[code])),
            Column::List { codes, dictionary } => codes
                .get(row)
                .map_or(ValueRef::Missing, |code| ValueRef::List(&dictionary[code])),
            Column::Number(numbers) => match numbers.get(row) {
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
pub(crate) struct ColumnBuilder {
    cells: Building,
    lookup: FxHashMap<String, u32>,
    decimal_comma: bool,
}

impl ColumnBuilder {
    pub(crate) fn new(field_type: FieldType, decimal_comma: bool) -> ColumnBuilder {
        let cells = match field_type {
            FieldType::Text => Building::Text {
                codes: Vec::new(),
                dictionary: Vec::new(),
            },
            FieldType::List => Building::List {
                codes: Vec::new(),
                dictionary: Vec::new(),
            },
            FieldType::Number => Building::Number(Vec::new()),
            FieldType::Bool => Building::Bool(Vec::new()),
        };
        ColumnBuilder {
            cells,
            lookup: FxHashMap::default(),
            decimal_comma,
        }
    }

    /// Appends a trimmed cell, typed as the column's field; the error says what was expected.
    pub(crate) fn push(&mut self, cell: &str) -> Result<(), String> {
        let missing = is_missing(cell);
        match &mut self.cells {
            Building::Text { codes, dictionary } => {
                let code = match missing {
                    true => MISSING_CODE,
                    false => code_of(&mut self.lookup, cell, dictionary, str::to_string)?,
                };
                codes.push(code);
            }
            Building::List { codes, dictionary } => {
                let code = match missing {
                    true => MISSING_CODE,
                    false => code_of(&mut self.lookup, cell, dictionary, parse_list)?,
                };
                codes.push(code);
            }
            Building::Number(numbers) => numbers.push(match missing {
                true => f64::NAN,
                false => parse_number(cell, self.decimal_comma)?,
            }),
            Building::Bool(flags) => flags.push(match missing {
                true => MISSING_BOOL,
                false => u8::from(parse_bool(cell)?),
            }),
        }
        Ok(())
    }

    /// An empty builder for the same field, to read another block of rows into.
    pub(crate) fn empty_like(&self) -> ColumnBuilder {
        let field_type = match self.cells {
            Building::Text { .. } => FieldType::Text,
            Building::List { .. } => FieldType::List,
            Building::Number(_) => FieldType::Number,
            Building::Bool(_) => FieldType::Bool,
        };
        ColumnBuilder::new(field_type, self.decimal_comma)
    }

    /// Appends the cells `other` read, in order, recoding its dictionary into this one.
    pub(crate) fn append(&mut self, other: ColumnBuilder) {
        let lookup = &mut self.lookup;
        match (&mut self.cells, other.cells) {
            (
                Building::Text { codes, dictionary },
                Building::Text {
                    codes: their_codes,
                    dictionary: theirs,
                },
            ) => {
                let recode = merge_dictionary(lookup, dictionary, other.lookup, theirs);
                codes.extend(their_codes.iter().map(|&code| recoded(&recode, code)));
            }
            (
                Building::List { codes, dictionary },
                Building::List {
                    codes: their_codes,
                    dictionary: theirs,
                },
            ) => {
                let recode = merge_dictionary(lookup, dictionary, other.lookup, theirs);
                codes.extend(their_codes.iter().map(|&code| recoded(&recode, code)));
            }
            (Building::Number(numbers), Building::Number(theirs)) => numbers.extend(theirs),
            (Building::Bool(flags), Building::Bool(theirs)) => flags.extend(theirs),
            (mine, theirs) => {
                unreachable!("a builder appended to one of another type: {mine:?} and {theirs:?}")
            }
        }
    }

    /// The column, its codes and numbers narrowed where they can be.
    pub(crate) fn finish(self) -> Column {
        match self.cells {
            Building::Text { codes, dictionary } => Column::Text {
                codes: Codes::narrowed(codes, dictionary.len()),
                dictionary,
            },
            Building::List { codes, dictionary } => Column::List {
                codes: Codes::narrowed(codes, dictionary.len()),
                dictionary,
            },
            Building::Number(numbers) => Column::Number(Numbers::narrowed(numbers)),
            Building::Bool(mut flags) => {
                flags.shrink_to_fit();
                Column::Bool(flags)
            }
        }
    }
}

/// A column's cells while it is built: codes wide, numbers as `f64`.
#[derive(Debug)]
enum Building {
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

/// Adds another block's dictionary to this one, entries new to it in their code order, and returns
/// each of their codes' code here.
fn merge_dictionary<T>(
    lookup: &mut FxHashMap<String, u32>,
    dictionary: &mut Vec<T>,
    their_lookup: FxHashMap<String, u32>,
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
    lookup: &mut FxHashMap<String, u32>,
    cell: &str,
    dictionary: &mut Vec<T>,
    entry: impl Fn(&str) -> T,
) -> Result<u32, String> {
    if let Some(&code) = lookup.get(cell) {
        return Ok(code);
    }
    // A text is checked once, when the dictionary first meets it.
    check_text(cell, false)?;
    let code = dictionary.len() as u32;
    dictionary.push(entry(cell));
    lookup.insert(cell.to_string(), code);
    Ok(code)
}

#[cfg(test)]
mod tests;
