//! Conditions compiled past the interpreter. A CEL program is walked once at load time and, when it
//! uses only what rules commonly use (fields, literals, comparisons, `in` a literal list, `&&`, `||`,
//! `!`, `? :`, arithmetic on numbers, `contains`/`startsWith`/`endsWith`), becomes a typed tree that
//! reads a company's values in place: no context to build, no values to copy. It follows CEL's
//! semantics exactly (errors absorbed by `&&` and `||` as CEL absorbs them, `null` never equal to a
//! value, comparisons with `null` undecided), and says `Unknown` where it is not sure, for the
//! interpreter to decide. A property test holds it to the interpreter.

use crate::model::{FieldType, FieldValues, Schema, ValueRef};
use cel::IdedExpr;
use cel::common::ast::{Expr, LiteralValue, operators};
use std::cmp::Ordering;

/// A compiled condition.
#[derive(Debug, Clone)]
pub(super) struct Kernel(Test);

/// What a kernel gives for one company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    True,
    False,
    /// CEL would fail (for instance comparing `null` with a number): the rule is undecided.
    Error,
    /// The kernel cannot tell; ask the interpreter.
    Unknown,
}

/// A condition as the kernel compiled it: the tree `thesis sql` translates.
#[derive(Debug, Clone)]
pub enum Test {
    Constant(bool),
    /// A bool field.
    Field(usize),
    Not(Box<Test>),
    And(Box<Test>, Box<Test>),
    Or(Box<Test>, Box<Test>),
    If(Box<Test>, Box<Test>, Box<Test>),
    Equal(Operand, Operand, bool),
    Order(Ordering, bool, Operand, Operand),
    In(Operand, Vec<Literal>),
    Text(TextMethod, Operand, String),
}

#[derive(Debug, Clone, Copy)]
pub enum TextMethod {
    Contains,
    StartsWith,
    EndsWith,
}

/// A value a test compares: a field, a literal, or arithmetic on numbers.
#[derive(Debug, Clone)]
pub enum Operand {
    Field(usize),
    Literal(Literal),
    Arithmetic(char, Box<Operand>, Box<Operand>),
    Negate(Box<Operand>),
}

#[derive(Debug, Clone)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
}

/// An operand's value for one company.
#[derive(Debug, Clone, Copy)]
enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Text(&'a str),
    Error,
    Unknown,
}

impl Kernel {
    /// The kernel of a parsed condition, or `None` when it uses something the kernel leaves to the
    /// interpreter.
    pub(super) fn compile(expression: &IdedExpr, schema: &Schema) -> Option<Kernel> {
        test(expression, schema).map(Kernel)
    }

    pub(super) fn decide<V: FieldValues + ?Sized>(&self, values: &V) -> Verdict {
        self.0.decide(values)
    }

    pub(super) fn tree(&self) -> &Test {
        &self.0
    }
}

fn test(expression: &IdedExpr, schema: &Schema) -> Option<Test> {
    match &expression.expr {
        Expr::Literal(LiteralValue::Boolean(flag)) => Some(Test::Constant(*flag.inner())),
        Expr::Ident(name) => {
            let index = schema.index_of(name)?;
            (schema.fields()[index].field_type == FieldType::Bool).then_some(Test::Field(index))
        }
        Expr::Call(call) => {
            let args = &call.args;
            let boxed = |index: usize| test(&args[index], schema).map(Box::new);
            match (call.func_name.as_str(), &call.target, args.len()) {
                (operators::LOGICAL_NOT, None, 1) => Some(Test::Not(boxed(0)?)),
                (operators::LOGICAL_AND, None, 2) => Some(Test::And(boxed(0)?, boxed(1)?)),
                (operators::LOGICAL_OR, None, 2) => Some(Test::Or(boxed(0)?, boxed(1)?)),
                (operators::CONDITIONAL, None, 3) => {
                    Some(Test::If(boxed(0)?, boxed(1)?, boxed(2)?))
                }
                (operators::EQUALS | operators::NOT_EQUALS, None, 2) => Some(Test::Equal(
                    operand(&args[0], schema)?,
                    operand(&args[1], schema)?,
                    call.func_name == operators::NOT_EQUALS,
                )),
                (
                    name @ (operators::LESS
                    | operators::LESS_EQUALS
                    | operators::GREATER
                    | operators::GREATER_EQUALS),
                    None,
                    2,
                ) => {
                    let (wanted, or_equal) = match name {
                        operators::LESS => (Ordering::Less, false),
                        operators::LESS_EQUALS => (Ordering::Less, true),
                        operators::GREATER => (Ordering::Greater, false),
                        _ => (Ordering::Greater, true),
                    };
                    Some(Test::Order(
                        wanted,
                        or_equal,
                        operand(&args[0], schema)?,
                        operand(&args[1], schema)?,
                    ))
                }
                (operators::IN, None, 2) => match &args[1].expr {
                    Expr::List(list) if list.optional_indices.is_empty() => Some(Test::In(
                        operand(&args[0], schema)?,
                        list.elements
                            .iter()
                            .map(|element| match &element.expr {
                                Expr::Literal(literal) => self::literal(literal),
                                _ => None,
                            })
                            .collect::<Option<_>>()?,
                    )),
                    _ => None,
                },
                (name, Some(target), 1) => {
                    let method = match name {
                        "contains" => TextMethod::Contains,
                        "startsWith" => TextMethod::StartsWith,
                        "endsWith" => TextMethod::EndsWith,
                        _ => return None,
                    };
                    match &args[0].expr {
                        Expr::Literal(LiteralValue::String(text)) => Some(Test::Text(
                            method,
                            operand(target, schema)?,
                            text.inner().to_string(),
                        )),
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn operand(expression: &IdedExpr, schema: &Schema) -> Option<Operand> {
    match &expression.expr {
        Expr::Literal(value) => literal(value).map(Operand::Literal),
        Expr::Ident(name) => {
            let index = schema.index_of(name)?;
            (schema.fields()[index].field_type != FieldType::List).then_some(Operand::Field(index))
        }
        Expr::Call(call) if call.target.is_none() => {
            // CEL does arithmetic on doubles only here: number fields, double literals and arithmetic
            // on them (it refuses `2.0 + 1`).
            let number = |index: usize| {
                let argument = &call.args[index];
                let operand = operand(argument, schema)?;
                let double = match (&operand, &argument.expr) {
                    (Operand::Field(field), _) => {
                        schema.fields()[*field].field_type == FieldType::Number
                    }
                    (_, Expr::Literal(LiteralValue::Double(_))) => true,
                    (Operand::Arithmetic(..) | Operand::Negate(_), _) => true,
                    _ => false,
                };
                double.then(|| Box::new(operand))
            };
            match (call.func_name.as_str(), call.args.len()) {
                (operators::NEGATE, 1) => Some(Operand::Negate(number(0)?)),
                (operators::ADD, 2) => Some(Operand::Arithmetic('+', number(0)?, number(1)?)),
                (operators::SUBSTRACT, 2) => Some(Operand::Arithmetic('-', number(0)?, number(1)?)),
                (operators::MULTIPLY, 2) => Some(Operand::Arithmetic('*', number(0)?, number(1)?)),
                (operators::DIVIDE, 2) => Some(Operand::Arithmetic('/', number(0)?, number(1)?)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn literal(value: &LiteralValue) -> Option<Literal> {
    /// Integers a double holds exactly compare with doubles as CEL compares them.
    const EXACT: i64 = 1 << 53;
    match value {
        LiteralValue::Null => Some(Literal::Null),
        LiteralValue::Boolean(flag) => Some(Literal::Bool(*flag.inner())),
        LiteralValue::Double(number) => Some(Literal::Number(*number.inner())),
        LiteralValue::Int(number) if number.inner().abs() < EXACT => {
            Some(Literal::Number(*number.inner() as f64))
        }
        LiteralValue::String(text) => Some(Literal::Text(text.inner().to_string())),
        _ => None,
    }
}

impl Operand {
    fn value<'a, V: FieldValues + ?Sized>(&'a self, values: &'a V) -> Scalar<'a> {
        match self {
            Operand::Field(index) => match values.field(*index) {
                ValueRef::Missing => Scalar::Null,
                ValueRef::Text(text) => Scalar::Text(text),
                ValueRef::Number(number) => Scalar::Number(number),
                ValueRef::Bool(flag) => Scalar::Bool(flag),
                ValueRef::List(_) => Scalar::Unknown,
            },
            Operand::Literal(literal) => literal.scalar(),
            Operand::Negate(inner) => match inner.value(values) {
                Scalar::Number(number) => Scalar::Number(-number),
                Scalar::Unknown => Scalar::Unknown,
                _ => Scalar::Error,
            },
            Operand::Arithmetic(operator, left, right) => {
                match (left.value(values), right.value(values)) {
                    (Scalar::Number(a), Scalar::Number(b)) => Scalar::Number(match operator {
                        '+' => a + b,
                        '-' => a - b,
                        '*' => a * b,
                        _ => a / b,
                    }),
                    (Scalar::Unknown, _) | (_, Scalar::Unknown) => Scalar::Unknown,
                    _ => Scalar::Error,
                }
            }
        }
    }
}

impl Literal {
    fn scalar(&self) -> Scalar<'_> {
        match self {
            Literal::Null => Scalar::Null,
            Literal::Bool(flag) => Scalar::Bool(*flag),
            Literal::Number(number) => Scalar::Number(*number),
            Literal::Text(text) => Scalar::Text(text),
        }
    }
}

/// CEL's `==`: values of different types are unequal, never an error. `None` for NaN, whose
/// equality the kernel leaves to the interpreter.
fn equal(a: Scalar, b: Scalar) -> Option<bool> {
    Some(match (a, b) {
        (Scalar::Null, Scalar::Null) => true,
        (Scalar::Bool(a), Scalar::Bool(b)) => a == b,
        (Scalar::Number(a), Scalar::Number(b)) if a.is_nan() || b.is_nan() => return None,
        (Scalar::Number(a), Scalar::Number(b)) => a == b,
        (Scalar::Text(a), Scalar::Text(b)) => a == b,
        _ => false,
    })
}

impl Test {
    fn decide<V: FieldValues + ?Sized>(&self, values: &V) -> Verdict {
        match self {
            Test::Constant(flag) => Verdict::from(*flag),
            Test::Field(index) => match values.field(*index) {
                ValueRef::Bool(flag) => Verdict::from(flag),
                _ => Verdict::Error,
            },
            Test::Not(inner) => match inner.decide(values) {
                Verdict::True => Verdict::False,
                Verdict::False => Verdict::True,
                other => other,
            },
            Test::And(left, right) => connective(left, right, values, Verdict::False),
            Test::Or(left, right) => connective(left, right, values, Verdict::True),
            Test::If(condition, then, otherwise) => match condition.decide(values) {
                Verdict::True => then.decide(values),
                Verdict::False => otherwise.decide(values),
                other => other,
            },
            Test::Equal(left, right, negated) => match (left.value(values), right.value(values)) {
                (Scalar::Unknown, _) | (_, Scalar::Unknown) => Verdict::Unknown,
                (Scalar::Error, _) | (_, Scalar::Error) => Verdict::Error,
                (a, b) => {
                    equal(a, b).map_or(Verdict::Unknown, |same| Verdict::from(same != *negated))
                }
            },
            Test::Order(wanted, or_equal, left, right) => {
                let ordering = match (left.value(values), right.value(values)) {
                    (Scalar::Unknown, _) | (_, Scalar::Unknown) => return Verdict::Unknown,
                    (Scalar::Number(a), Scalar::Number(b)) => match a.partial_cmp(&b) {
                        Some(ordering) => ordering,
                        None => return Verdict::Unknown,
                    },
                    (Scalar::Text(a), Scalar::Text(b)) => a.cmp(b),
                    (Scalar::Bool(a), Scalar::Bool(b)) => a.cmp(&b),
                    _ => return Verdict::Error,
                };
                Verdict::from(ordering == *wanted || (*or_equal && ordering == Ordering::Equal))
            }
            Test::In(item, list) => match item.value(values) {
                Scalar::Unknown => Verdict::Unknown,
                Scalar::Error => Verdict::Error,
                item => {
                    let mut found = false;
                    for literal in list {
                        match equal(item, literal.scalar()) {
                            Some(same) => found |= same,
                            None => return Verdict::Unknown,
                        }
                    }
                    Verdict::from(found)
                }
            },
            Test::Text(method, target, argument) => match target.value(values) {
                Scalar::Text(text) => Verdict::from(match method {
                    TextMethod::Contains => text.contains(argument.as_str()),
                    TextMethod::StartsWith => text.starts_with(argument.as_str()),
                    TextMethod::EndsWith => text.ends_with(argument.as_str()),
                }),
                Scalar::Unknown => Verdict::Unknown,
                _ => Verdict::Error,
            },
        }
    }
}

/// `&&` (which `false` decides) and `||` (which `true` decides) as CEL evaluates them: the left side
/// first; an error on one side is absorbed when the other side decides.
fn connective<V: FieldValues + ?Sized>(
    left: &Test,
    right: &Test,
    values: &V,
    deciding: Verdict,
) -> Verdict {
    match left.decide(values) {
        Verdict::Unknown => Verdict::Unknown,
        Verdict::Error => match right.decide(values) {
            Verdict::Unknown => Verdict::Unknown,
            verdict if verdict == deciding => deciding,
            _ => Verdict::Error,
        },
        verdict if verdict == deciding => deciding,
        _ => right.decide(values),
    }
}

impl From<bool> for Verdict {
    fn from(flag: bool) -> Verdict {
        if flag { Verdict::True } else { Verdict::False }
    }
}

#[cfg(test)]
mod tests;
