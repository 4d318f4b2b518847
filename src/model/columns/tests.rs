//! Tests of `columns`.

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
    assert_eq!(codes, Codes::Byte(vec![0, 1, 0, 0, 1]));
}

#[test]
fn columns_narrow_only_where_every_value_survives() {
    let text = |entries: usize| {
        let mut builder = ColumnBuilder::new(FieldType::Text, false);
        let cells: Vec<String> = (0..entries).map(|i| format!("v{i}")).collect();
        for cell in cells.iter().chain(["".to_string()].iter()) {
            builder.push(cell).unwrap();
        }
        (builder.finish(), cells)
    };
    for (entries, width) in [(254, 1), (255, 2), (65534, 2), (65535, 4)] {
        let (column, cells) = text(entries);
        let Column::Text { codes, .. } = &column else {
            panic!("a text field makes a text column");
        };
        let bytes = match codes {
            Codes::Byte(_) => 1,
            Codes::Short(_) => 2,
            Codes::Wide(_) => 4,
        };
        assert_eq!(bytes, width, "{entries} entries");
        assert_eq!(column.get(entries - 1), ValueRef::Text(&cells[entries - 1]));
        assert_eq!(column.get(entries), ValueRef::Missing, "{entries} entries");
    }
    let cases: [(&[&str], bool); 4] = [
        (&["2005", "", "127", "-0"], true),
        (&["0.5", "0.25", "1048576"], true),
        (&["2.1", "5"], false),
        (&["16777217"], false),
    ];
    for (cells, single) in cases {
        let mut builder = ColumnBuilder::new(FieldType::Number, false);
        for cell in cells {
            builder.push(cell).unwrap();
        }
        let column = builder.finish();
        assert_eq!(
            matches!(column, Column::Number(Numbers::Single(_))),
            single,
            "{cells:?}"
        );
        for (row, cell) in cells.iter().enumerate() {
            let expected = match cell.is_empty() {
                true => ValueRef::Missing,
                false => ValueRef::Number(cell.parse().unwrap()),
            };
            assert_eq!(column.get(row), expected, "{cell}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn lines_come_back_as_pushed_however_they_are_split(
        steps in proptest::collection::vec(0u64..3, 0..40),
        split in 0usize..40,
    ) {
        let mut line = 1;
        let pushed: Vec<u64> = steps.iter().map(|step| { line += step; line }).collect();
        let split = split.min(pushed.len());
        let (mut first, mut second) = (Lines::default(), Lines::default());
        pushed[..split].iter().for_each(|&line| first.push(line));
        pushed[split..].iter().for_each(|&line| second.push(line));
        first.append(&second);
        let back: Vec<u64> = (0..first.len()).map(|record| first.get(record)).collect();
        proptest::prop_assert_eq!(back, pushed);
    }
}
