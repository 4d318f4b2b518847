//! Tests of `kernel`.

use super::*;
use crate::model::Value;
use crate::thesis::{Condition, company_context};
use proptest::prelude::*;

fn schema() -> Schema {
    Schema::new(
        &[
            ("num".into(), FieldType::Number),
            ("num2".into(), FieldType::Number),
            ("txt".into(), FieldType::Text),
            ("flag".into(), FieldType::Bool),
        ],
        &[],
    )
}

fn operand() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "num", "num2", "txt", "flag", "id", "null", "true", "false", "1", "0", "2.5", "-3.0",
        "'a'", "'ab'", "''", "0.0",
    ])
    .prop_map(str::to_string);
    let arithmetic = (
        leaf.clone(),
        prop::sample::select(vec!["+", "-", "*", "/"]),
        leaf.clone(),
    )
        .prop_map(|(a, op, b)| format!("({a} {op} {b})"));
    prop_oneof![3 => leaf, 1 => arithmetic]
}

fn comparison() -> impl Strategy<Value = String> {
    (
        operand(),
        prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]),
        operand(),
    )
        .prop_map(|(a, op, b)| format!("{a} {op} {b}"))
}

fn condition() -> impl Strategy<Value = String> {
    let comparison = (
        operand(),
        prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]),
        operand(),
    )
        .prop_map(|(a, op, b)| format!("{a} {op} {b}"));
    let membership = (
        operand(),
        prop::sample::select(vec!["['a', 'ab']", "[1, 2.5, null]", "[true]", "[]"]),
    )
        .prop_map(|(a, list)| format!("{a} in {list}"));
    let text = (
        prop::sample::select(vec!["txt", "num", "flag", "'ab'"]),
        prop::sample::select(vec!["contains", "startsWith", "endsWith"]),
        prop::sample::select(vec!["'a'", "''", "'b'"]),
    )
        .prop_map(|(target, method, argument)| format!("{target}.{method}({argument})"));
    let leaf = prop_oneof![
        comparison,
        membership,
        text,
        Just("flag".to_string()),
        Just("true".to_string()),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| format!("!({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) && ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) || ({b})")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(a, b, c)| format!("({a}) ? ({b}) : ({c})")),
        ]
    })
}

fn values() -> impl Strategy<Value = Vec<Value>> {
    let number = prop::sample::select(vec![
        Value::Missing,
        Value::Number(0.0),
        Value::Number(1.0),
        Value::Number(2.5),
        Value::Number(-3.0),
        Value::Number(f64::NAN),
    ]);
    let text = prop::sample::select(vec![
        Value::Missing,
        Value::Text(String::new()),
        Value::Text("a".into()),
        Value::Text("ab".into()),
    ]);
    let flag = prop::sample::select(vec![Value::Missing, Value::Bool(true), Value::Bool(false)]);
    (number.clone(), number, text, flag).prop_map(|(num, num2, txt, flag)| {
        let key = |text: &str| Value::Text(text.into());
        vec![key("ab"), key("Name"), key("Cat"), num, num2, txt, flag]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Wherever the kernel decides, it decides as the interpreter does.
    #[test]
    fn the_kernel_agrees_with_the_interpreter(source in condition(), values in values()) {
        agree(&source, &values)?;
    }

    #[test]
    fn single_comparisons_agree_with_the_interpreter(source in comparison(), values in values()) {
        agree(&source, &values)?;
    }
}

fn agree(source: &str, values: &[Value]) -> Result<(), TestCaseError> {
    {
        let schema = schema();
        let Ok(condition) = Condition::compile(source, &schema) else {
            return Ok(());
        };
        let program = cel::Program::compile(source).unwrap();
        let Some(kernel) = Kernel::compile(program.expression(), &schema) else {
            return Ok(());
        };
        let interpreted = condition.evaluate(&company_context(&schema, values));
        match kernel.decide(values) {
            Verdict::True => prop_assert_eq!(&interpreted, &Ok(true), "{}", source),
            Verdict::False => prop_assert_eq!(&interpreted, &Ok(false), "{}", source),
            Verdict::Error => {
                prop_assert!(interpreted.is_err(), "{} gave {:?}", source, interpreted);
            }
            Verdict::Unknown => {}
        }
        prop_assert_eq!(condition.decide(&schema, values), interpreted.clone());
        prop_assert_eq!(condition.holds(&schema, values), interpreted.ok());
        Ok(())
    }
}

#[test]
fn verdicts_by_hand() {
    let schema = schema();
    let key = |text: &str| Value::Text(text.into());
    let missing = [
        key("ab"),
        key("N"),
        key("C"),
        Value::Missing,
        Value::Number(2.0),
        Value::Missing,
        Value::Missing,
    ];
    let cases = [
        ("num == null", Verdict::True),
        ("num != null", Verdict::False),
        ("num > 1.0", Verdict::Error),
        ("num > 1.0 && false", Verdict::False),
        ("num > 1.0 || num2 == 2", Verdict::True),
        ("num > 1.0 || num2 == 3", Verdict::Error),
        ("txt in ['a', null]", Verdict::True),
        ("txt in ['a']", Verdict::False),
        ("num2 in [1, 2]", Verdict::True),
        ("txt.contains('a')", Verdict::Error),
        ("flag", Verdict::Error),
        ("!flag || true", Verdict::True),
        ("num2 / 0.0 > 1e300", Verdict::True),
        ("id > 'aa' && id < 'b'", Verdict::True),
    ];
    for (source, expected) in cases {
        let program = cel::Program::compile(source).unwrap();
        let kernel = Kernel::compile(program.expression(), &schema).unwrap();
        assert_eq!(kernel.decide(&missing[..]), expected, "{source}");
    }
}

#[test]
fn the_rules_theses_are_made_of_compile_to_kernels() {
    let schema = schema();
    let compiled = [
        "txt in ['a', 'ab'] && num >= 20.0",
        "num != null && num / num2 > 1.5 || flag",
        "!flag ? txt.startsWith('a') : id.endsWith('b')",
        "num <= 2012 && txt != 'x'",
        "-num < 0.0",
    ];
    for source in compiled {
        let program = cel::Program::compile(source).unwrap();
        assert!(
            Kernel::compile(program.expression(), &schema).is_some(),
            "{source}"
        );
    }
    // Integer arithmetic and functions the kernel does not know stay with the interpreter.
    for source in ["num + 1 > 2.0", "size(txt) > 1", "txt + 'a' == 'ab'"] {
        let program = cel::Program::compile(source).unwrap();
        assert!(
            Kernel::compile(program.expression(), &schema).is_none(),
            "{source}"
        );
    }
}
