//! A rule condition: a CEL expression compiled once, the schema fields it reads, and its evaluation
//! against one company's values.

use super::kernel::{Kernel, Test, Verdict};
use super::limits::check_condition_size;
use crate::model::{FieldType, FieldValues, Schema, Value, ValueRef};
use cel::objects::Value as CelValue;
use cel::{Context, Env, ExecutionError, Program};
use std::sync::{Arc, OnceLock};

pub struct Condition {
    pub source: String,
    program: Program,
    /// The condition compiled past the interpreter, when it can be.
    kernel: Option<Kernel>,
    /// Schema indices of the fields the expression reads, in schema order.
    pub reads: Vec<usize>,
}

impl std::fmt::Debug for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Condition")
            .field("source", &self.source)
            .field("reads", &self.reads)
            .finish()
    }
}

impl Condition {
    /// Compiles `source` and checks that it reads only schema fields and gives true or false when
    /// every field holds a value of its declared type. Errors are one-line messages.
    pub fn compile(source: &str, schema: &Schema) -> Result<Condition, String> {
        check_condition_size(source)?;
        let program = Program::compile(source).map_err(|errors| match errors.errors.first() {
            Some(error) => format!(
                "line {}, column {}: {}",
                error.pos.0,
                error.pos.1,
                parse_message(&error.msg)
            ),
            None => "the expression does not parse".to_string(),
        })?;
        let mut reads = Vec::new();
        for name in program.references().variables() {
            match schema.index_of(name) {
                Some(index) => reads.push(index),
                None => return Err(unknown_field(name, schema)),
            }
        }
        reads.sort_unstable();
        if let Some(name) = program
            .references()
            .functions()
            .into_iter()
            .find(|name| !is_builtin(name))
        {
            return Err(format!("calls unknown function \"{name}\""));
        }
        let condition = Condition {
            source: source.to_string(),
            kernel: Kernel::compile(program.expression(), schema),
            program,
            reads,
        };
        condition.check_types(schema)?;
        Ok(condition)
    }

    /// The condition as a tree of tests, when it uses only what the kernel compiles (fields,
    /// literals, comparisons, `in` a literal list, `&&`, `||`, `!`, `? :`, arithmetic, text
    /// methods); `None` otherwise.
    pub fn tree(&self) -> Option<&Test> {
        self.kernel.as_ref().map(Kernel::tree)
    }

    /// Decides the condition for one company's values (in schema order): by its kernel when it has
    /// one and can tell, by the interpreter otherwise, and always by the interpreter when the
    /// condition cannot be decided, whose message `Err` carries.
    pub fn decide<V: FieldValues + ?Sized>(
        &self,
        schema: &Schema,
        values: &V,
    ) -> Result<bool, String> {
        match self.kernel.as_ref().map(|kernel| kernel.decide(values)) {
            Some(Verdict::True) => Ok(true),
            Some(Verdict::False) => Ok(false),
            _ => self.evaluate(&company_context(schema, values)),
        }
    }

    /// Whether the condition holds for one company's values, `None` when it cannot be decided: as
    /// [`Condition::decide`], but without wording why, so the kernel's "undecided" needs no
    /// interpreter. The reason is worded again where an explanation shows it.
    pub fn holds<V: FieldValues + ?Sized>(&self, schema: &Schema, values: &V) -> Option<bool> {
        match self.kernel.as_ref().map(|kernel| kernel.decide(values)) {
            Some(Verdict::True) => Some(true),
            Some(Verdict::False) => Some(false),
            Some(Verdict::Error) => None,
            _ => self.evaluate(&company_context(schema, values)).ok(),
        }
    }

    /// Evaluates the condition by the interpreter. `Err` carries why it could not be decided, for
    /// instance a comparison with a missing value.
    pub fn evaluate(&self, context: &Context) -> Result<bool, String> {
        match self.program.execute(context) {
            Ok(CelValue::Bool(outcome)) => Ok(outcome),
            Ok(other) => Err(format!(
                "gives {}, not true or false",
                cel_type_name(&other)
            )),
            Err(error) => Err(describe(&error)),
        }
    }

    fn check_types(&self, schema: &Schema) -> Result<(), String> {
        let placeholders: Vec<Value> = schema
            .fields()
            .iter()
            .map(|field| match field.field_type {
                FieldType::Text => Value::Text(String::new()),
                FieldType::Number => Value::Number(0.0),
                FieldType::Bool => Value::Bool(false),
                FieldType::List => Value::List(Vec::new()),
            })
            .collect();
        let context = company_context(schema, &placeholders[..]);
        match self.program.execute(&context) {
            Ok(CelValue::Bool(_)) => Ok(()),
            Ok(other) => Err(format!(
                "the expression gives {}, not true or false",
                cel_type_name(&other)
            )),
            Err(error @ ExecutionError::NoSuchOverload(_)) => {
                Err(format!("type error: {}", describe(&error)))
            }
            Err(_) => Ok(()),
        }
    }
}

/// A CEL context in which every schema field is a variable; missing values are `null`. The standard
/// library is built once and shared, not once per company.
pub fn company_context<V: FieldValues + ?Sized>(
    schema: &Schema,
    values: &V,
) -> Context<'static, 'static> {
    static STANDARD_LIBRARY: OnceLock<Arc<Env>> = OnceLock::new();
    let library = STANDARD_LIBRARY.get_or_init(|| Arc::new(Env::stdlib()));
    let mut context = Context::with_env(Arc::clone(library));
    for (index, field) in schema.fields().iter().enumerate() {
        let value = match values.field(index) {
            ValueRef::Missing => CelValue::Null,
            ValueRef::Text(text) => CelValue::String(Arc::new(text.to_string())),
            ValueRef::Number(number) => CelValue::Float(number),
            ValueRef::Bool(flag) => CelValue::Bool(flag),
            ValueRef::List(items) => CelValue::List(Arc::new(
                items
                    .iter()
                    .map(|item| CelValue::String(Arc::new(item.clone())))
                    .collect(),
            )),
        };
        context.add_variable_from_value(field.name.clone(), value);
    }
    context
}

/// Whether the rule language has a function (or operator) of this name. cel reports an unknown
/// function only when a call is evaluated, which a short-circuit may skip; it refuses to register a
/// function under the name of one of its own, which tells them apart here.
fn is_builtin(name: &str) -> bool {
    name.starts_with(['_', '@', '!', '-'])
        || Context::default().add_function(name, |x: i64| x).is_err()
}

fn unknown_field(name: &str, schema: &Schema) -> String {
    format!(
        "reads unknown field \"{name}\"{}",
        unknown_field_hint(name, schema)
    )
}

/// The hint for a field a thesis reads but does not declare: the closest declared name.
pub(crate) fn unknown_field_hint(wanted: &str, schema: &Schema) -> String {
    let names = schema.fields().iter().map(|field| field.name.as_str());
    crate::suggest::did_you_mean(
        wanted,
        names,
        " (declare it under [fields] or [category_fields])",
    )
}

fn cel_type_name(value: &CelValue) -> String {
    match value {
        CelValue::Float(_) => "double".to_string(),
        other => other.type_of().to_string(),
    }
}

fn describe(error: &ExecutionError) -> String {
    match error {
        ExecutionError::NoSuchOverload(overload) => {
            let operator = overload.function().trim_matches('_').replace("_!_", "!");
            format!(
                "\"{operator}\" cannot take ({})",
                overload
                    .argument_types()
                    .join(", ")
                    .replace("null_type", "null")
            )
        }
        other => other.to_string(),
    }
}

/// A parser message on one line, without the debug dump of the parser's own error type that some
/// messages carry (`Syntax error: OtherError(ParseError { …, msg: "Recursion limit of 96 exceeded", … })`).
fn parse_message(message: &str) -> String {
    let inner = message
        .split_once("msg: \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(inner, _)| inner);
    match inner {
        Some(inner) => format!("syntax error: {inner}"),
        None => message.replace('\n', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::new(
            &[
                ("funding_musd".into(), FieldType::Number),
                ("open_source".into(), FieldType::Bool),
                ("tags".into(), FieldType::List),
                ("parent".into(), FieldType::Text),
            ],
            &[("heat".into(), FieldType::Number)],
        )
    }

    fn evaluate(source: &str, values: &[Value]) -> Result<bool, String> {
        let schema = schema();
        let condition = Condition::compile(source, &schema)?;
        condition.evaluate(&company_context(&schema, values))
    }

    #[test]
    fn every_operator_the_thesis_language_promises() {
        let company = [
            Value::Text("docker".into()),
            Value::Text("Docker".into()),
            Value::Text("Platform".into()),
            Value::Number(162.0),
            Value::Bool(true),
            Value::List(vec!["oss".into(), "paas".into()]),
            Value::Missing,
            Value::Number(2.0),
        ];
        let cases = [
            ("funding_musd > 100", true),
            ("funding_musd >= 162.0 && funding_musd <= 162", true),
            ("funding_musd < 100 || heat == 2", true),
            ("!open_source", false),
            ("category in ['Platform', 'Storage']", true),
            ("'paas' in tags", true),
            ("funding_musd / heat - 1.0 == 80.0", true),
            ("funding_musd * 2.0 + heat == 326.0", true),
            ("name.contains('ock')", true),
            ("name.startsWith('Doc') && !id.endsWith('x')", true),
            ("parent == null", true),
            ("parent != null && parent.startsWith('x')", false),
            ("size(tags) == 2", true),
            ("open_source ? heat > 1 : false", true),
            ("-funding_musd < -100.0 && -heat == -2.0", true),
        ];
        for (source, expected) in cases {
            assert_eq!(evaluate(source, &company), Ok(expected), "{source}");
        }
    }

    #[test]
    fn a_missing_value_is_null_and_cannot_be_compared() {
        let company = [
            Value::Text("x".into()),
            Value::Text("X".into()),
            Value::Text("Storage".into()),
            Value::Missing,
            Value::Missing,
            Value::Missing,
            Value::Missing,
            Value::Missing,
        ];
        assert_eq!(evaluate("funding_musd == null", &company), Ok(true));
        assert_eq!(
            evaluate("funding_musd > 10.0", &company),
            Err("\">\" cannot take (null, double)".to_string())
        );
    }

    #[test]
    fn compile_errors_are_one_line_and_name_the_problem() {
        let schema = schema();
        let cases = [
            (
                "funding_musd >",
                "line 1, column 15: Syntax error: mismatched input '<EOF>'",
            ),
            (
                "fundng_musd > 1",
                "reads unknown field \"fundng_musd\" (did you mean \"funding_musd\"?)",
            ),
            (
                "zzz > 1",
                "reads unknown field \"zzz\" (declare it under [fields] or [category_fields])",
            ),
            (
                "funding_musd > 'big'",
                "type error: \">\" cannot take (double, string)",
            ),
            (
                "funding_musd + 1.0",
                "the expression gives double, not true or false",
            ),
            (
                "heat > 1 || shout(name)",
                "calls unknown function \"shout\"",
            ),
            ("matches(name, 'D.*')", "calls unknown function \"matches\""),
        ];
        for (source, expected) in cases {
            let error = Condition::compile(source, &schema).unwrap_err();
            assert!(error.starts_with(expected), "{source}: {error}");
            assert!(!error.contains('\n'), "{source}: {error}");
        }
        let condition = Condition::compile("heat > 1 && funding_musd > 2", &schema).unwrap();
        assert_eq!(condition.reads, [3, 7]);
    }
}
