//! The combinations of values a few fields take, numbered per company, so that whatever depends on
//! those fields alone can be worked out once per combination instead of once per company. Text and
//! list fields are numbered by their dictionary codes, bool fields by their three states, and the
//! category and its fields by the category.

use super::columns::{Codes, Column};
use super::dataset::Dataset;
use super::schema::{KEY_FIELDS, Origin};

/// A number for each company such that two companies with the same number hold the same values in
/// the fields the key was made for. Numbers run from 0 below [`ValueKey::count`].
#[derive(Debug, Clone)]
pub struct ValueKey<'a> {
    parts: Vec<Part<'a>>,
    count: usize,
}

/// One coded field: its codes, the largest code that stands for a value of its own (larger codes,
/// which mean missing, are read as it), and what a code is multiplied by in the key.
#[derive(Debug, Clone, Copy)]
struct Part<'a> {
    codes: CodeSlice<'a>,
    last: usize,
    stride: usize,
}

#[derive(Debug, Clone, Copy)]
enum CodeSlice<'a> {
    Byte(&'a [u8]),
    Short(&'a [u16]),
    Wide(&'a [u32]),
}

impl ValueKey<'_> {
    /// How many numbers the key can give.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The company's number.
    pub fn of(&self, company: usize) -> usize {
        let mut key = 0;
        for part in &self.parts {
            let code = match part.codes {
                CodeSlice::Byte(codes) => usize::from(codes[company]),
                CodeSlice::Short(codes) => usize::from(codes[company]),
                CodeSlice::Wide(codes) => codes[company] as usize,
            };
            key += code.min(part.last) * part.stride;
        }
        key
    }
}

impl Dataset {
    /// The key of the schema fields `fields`, or `None` when one of them can hold any value (ids,
    /// names, numbers) or their combinations number more than `limit`.
    pub fn value_key(&self, fields: &[usize], limit: usize) -> Option<ValueKey<'_>> {
        let keys = KEY_FIELDS.len();
        let mut parts: Vec<Part> = Vec::new();
        let mut has_category = false;
        let mut count = 1usize;
        for &field in fields {
            let origin = self.schema.fields()[field].origin;
            let (codes, values) = if field == 2 || origin == Origin::Category {
                if std::mem::replace(&mut has_category, true) {
                    continue;
                }
                (
                    CodeSlice::Wide(&self.companies.category_of),
                    self.categories.len(),
                )
            } else if field < keys {
                return None;
            } else {
                match &self.companies.columns[field - keys] {
                    Column::Text { codes, dictionary } => (codes.slice(), dictionary.len() + 1),
                    Column::List { codes, dictionary } => (codes.slice(), dictionary.len() + 1),
                    Column::Bool(flags) => (CodeSlice::Byte(flags), 3),
                    Column::Number(_) => return None,
                }
            };
            let values = values.max(1);
            parts.push(Part {
                codes,
                last: values - 1,
                stride: count,
            });
            count = count.checked_mul(values)?;
        }
        (count <= limit).then_some(ValueKey { parts, count })
    }
}

impl Codes {
    /// The codes; the missing code is larger than every entry's.
    fn slice(&self) -> CodeSlice<'_> {
        match self {
            Codes::Byte(codes) => CodeSlice::Byte(codes),
            Codes::Short(codes) => CodeSlice::Short(codes),
            Codes::Wide(codes) => CodeSlice::Wide(codes),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::io::{CsvFormat, RawTable, Source};
    use crate::model::{Dataset, FieldType, Schema};

    fn dataset() -> Dataset {
        let schema = Schema::new(
            &[
                ("kind".into(), FieldType::Text),
                ("open".into(), FieldType::Bool),
                ("tags".into(), FieldType::List),
                ("funding".into(), FieldType::Number),
            ],
            &[("heat".into(), FieldType::Number)],
        );
        let companies = "id,name,category,kind,open,tags,funding\n\
            a,A,Hot,db,true,x;y,1\n\
            b,B,Cold,,false,,2\n\
            c,C,Hot,db,,x;y,3\n\
            d,D,Cold,os,true,y,\n\
            e,E,Hot,,false,,5\n";
        let categories = "category,heat\nHot,5\nCold,1\n";
        let categories = RawTable::parse(&Source::embedded("k.csv", categories.as_bytes()));
        Dataset::read(
            &Source::embedded("c.csv", companies.as_bytes()),
            CsvFormat::default(),
            &categories.unwrap(),
            &schema,
        )
        .unwrap()
    }

    #[test]
    fn companies_share_a_number_exactly_when_they_share_the_values() {
        let data = dataset();
        let field_sets: [&[usize]; 6] = [&[3], &[4], &[5], &[3, 4], &[2, 7], &[3, 4, 5, 7]];
        for fields in field_sets {
            let key = data.value_key(fields, 1000).unwrap();
            for a in 0..data.len() {
                assert!(key.of(a) < key.count(), "{fields:?}");
                for b in 0..data.len() {
                    let same_values =
                        (fields.iter()).all(|&field| data.value(a, field) == data.value(b, field));
                    assert_eq!(key.of(a) == key.of(b), same_values, "{fields:?} {a} {b}");
                }
            }
        }
    }

    #[test]
    fn counts_multiply_and_the_category_counts_once() {
        let data = dataset();
        // kind: db, os, missing; open: true, false, missing; two categories.
        let cases: [(&[usize], usize); 5] = [
            (&[], 1),
            (&[3], 3),
            (&[3, 4], 9),
            (&[2, 7], 2),
            (&[3, 4, 7], 18),
        ];
        for (fields, count) in cases {
            assert_eq!(
                data.value_key(fields, 1000).unwrap().count(),
                count,
                "{fields:?}"
            );
        }
    }

    #[test]
    fn ids_names_numbers_and_too_many_combinations_have_no_key() {
        let data = dataset();
        // No fields make one combination, more than a limit of none.
        let refused: [(&[usize], usize); 5] = [
            (&[0], 1000),
            (&[1], 1000),
            (&[6], 1000),
            (&[3, 4], 8),
            (&[], 0),
        ];
        for (fields, limit) in refused {
            assert!(data.value_key(fields, limit).is_none(), "{fields:?}");
        }
    }
}
