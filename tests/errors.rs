//! Every kind of bad input gives one line on stderr naming the file and the place, a documented exit
//! code, and leaves earlier outputs untouched.

mod common;

use common::Scratch;

const DATA: i32 = 3;
const THESIS: i32 = 4;

/// (file to change, text to replace, replacement, expected error line, exit code)
const CASES: &[(&str, &str, &str, &str, i32)] = &[
    (
        "companies.csv",
        "b,Beta,Storage,startup,low,,false",
        "b,Beta,Storage",
        "companies.csv: line 3: the row has 3 cells but the header has 7",
        DATA,
    ),
    (
        "companies.csv",
        "id,name,category,role,pain,arr_musd,acquired",
        "id,name,category,role,pain,acquired,x",
        "companies.csv: line 1: the required column \"arr_musd\" is missing",
        DATA,
    ),
    (
        "companies.csv",
        "high,30,true",
        "high,thirty,true",
        "companies.csv: line 4, column arr_musd: expected a number, found \"thirty\"",
        DATA,
    ),
    (
        "companies.csv",
        "high,30,true",
        "high,30,sure",
        "companies.csv: line 4, column acquired: expected true or false, found \"sure\"",
        DATA,
    ),
    (
        "companies.csv",
        "c,Gamma",
        "a,Gamma",
        "companies.csv: line 4, column id: the id \"a\" is already used on line 2",
        DATA,
    ),
    (
        "companies.csv",
        "c,Gamma,Security",
        "c,Gamma,Securty",
        "companies.csv: line 4, column category: the category \"Securty\" is not in categories.csv",
        DATA,
    ),
    (
        "companies.csv",
        "c,Gamma",
        "c,",
        "companies.csv: line 4, column name: the name is empty",
        DATA,
    ),
    (
        "categories.csv",
        "Security,2",
        "Security,two",
        "categories.csv: line 3, column startups: expected a number, found \"two\"",
        DATA,
    ),
    (
        "categories.csv",
        "Security,2",
        "Storage,2",
        "categories.csv: line 3, column category: the category \"Storage\" is already listed on line 2",
        DATA,
    ),
    (
        "thesis.toml",
        "name = \"Small\"",
        "name = \"Small",
        "thesis.toml: line 1, column 14: invalid basic string, expected `\"`",
        THESIS,
    ),
    (
        "thesis.toml",
        "weight = 2",
        "wieght = 2",
        "thesis.toml: line 28, column 1: unknown field `wieght`, expected one of `id`, `label`, `poles`, `weight`, `hit_policy`, `normalization`, `otherwise`, `rules`, `formula`",
        THESIS,
    ),
    (
        "thesis.toml",
        "weight = 2",
        "weight = \"heavy\"",
        "thesis.toml: line 28, column 10: invalid type: string \"heavy\", expected f64",
        THESIS,
    ),
    (
        "thesis.toml",
        "weight = 2",
        "weight = nan",
        "thesis.toml: criteria[pain].weight: must be a finite number of zero or more, found NaN",
        THESIS,
    ),
    (
        "thesis.toml",
        "weight = 2",
        "weight = inf",
        "thesis.toml: criteria[pain].weight: must be a finite number of zero or more, found inf",
        THESIS,
    ),
    (
        "thesis.toml",
        "weight = 2",
        "weight = -1",
        "thesis.toml: criteria[pain].weight: must be a finite number of zero or more, found -1",
        THESIS,
    ),
    (
        "thesis.toml",
        "when = 'pain == \"high\"'",
        "when = 'pain == '",
        "thesis.toml: criteria[pain].rules[p-high].when: line 1, column 9: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
        THESIS,
    ),
    (
        "thesis.toml",
        "when = 'pain == \"high\"'",
        "when = 'pains == \"high\"'",
        "thesis.toml: criteria[pain].rules[p-high].when: reads unknown field \"pains\" (did you mean \"pain\"?)",
        THESIS,
    ),
    (
        "thesis.toml",
        "when = 'pain == \"high\"'",
        "when = 'pain > 2.0'",
        "thesis.toml: criteria[pain].rules[p-high].when: type error: \">\" cannot take (string, double)",
        THESIS,
    ),
    (
        "thesis.toml",
        "when = 'pain == \"high\"'",
        "when = 'arr_musd + 1.0'",
        "thesis.toml: criteria[pain].rules[p-high].when: the expression gives double, not true or false",
        THESIS,
    ),
    (
        "thesis.toml",
        "id = \"p-low\"",
        "id = \"p-high\"",
        "thesis.toml: criteria[pain].rules[p-high].id: the rule id \"p-high\" is used twice",
        THESIS,
    ),
    (
        "thesis.toml",
        "id = \"size\"",
        "id = \"pain\"",
        "thesis.toml: criteria[pain].id: the criterion id \"pain\" is used twice (and 1 more problem: `thesis check` lists all)",
        THESIS,
    ),
    (
        "thesis.toml",
        "points = 3.0",
        "points = nan",
        "thesis.toml: criteria[size].rules[s-big].points: expected a finite number or a range [low, high] with low <= high, found nan",
        THESIS,
    ),
    (
        "thesis.toml",
        "otherwise = 0",
        "otherwise = \"zero\"",
        "thesis.toml: criteria[size].otherwise: expected a finite number or \"insufficient-evidence\", found \"zero\"",
        THESIS,
    ),
    (
        "thesis.toml",
        "x = \"size\"",
        "x = \"sise\"",
        "thesis.toml: quadrant.x: no criterion has the id \"sise\" (did you mean \"size\"?)",
        THESIS,
    ),
    (
        "thesis.toml",
        "y = \"pain\"",
        "y = \"pain\"\nsize = \"haet\"",
        "thesis.toml: quadrant.size: no criterion has the id \"haet\" (did you mean \"heat\"?)",
        THESIS,
    ),
    (
        "thesis.toml",
        "field = \"startups\"",
        "field = \"startup\"",
        "thesis.toml: criteria[heat].formula.terms[startup]: unknown field \"startup\" (did you mean \"startups\"?)",
        THESIS,
    ),
    (
        "thesis.toml",
        "field = \"startups\"",
        "field = \"role\"",
        "thesis.toml: criteria[heat].formula.terms[role]: the field is text, and a formula needs numbers",
        THESIS,
    ),
    (
        "thesis.toml",
        "as_of = \"2020-01-01\"",
        "as_of = \"Jan 2020\"",
        "thesis.toml: as_of: expected a date as YYYY-MM-DD, found \"Jan 2020\"",
        THESIS,
    ),
    (
        "thesis.toml",
        "acquired = \"bool\"",
        "acquired = \"boolean\"",
        "thesis.toml: line 9, column 12: unknown variant `boolean`, expected one of `text`, `number`, `bool`, `list`",
        THESIS,
    ),
    (
        "thesis.toml",
        "pain = \"text\"",
        "in = \"text\"",
        "thesis.toml: fields.in: is a reserved word of the rule language (and 2 more problems: `thesis check` lists all)",
        THESIS,
    ),
    (
        "thesis.toml",
        "scope = 'role != \"precedent\"'",
        "scope = 'rol != \"precedent\"'",
        "thesis.toml: scope: reads unknown field \"rol\" (did you mean \"role\"?)",
        THESIS,
    ),
    (
        "thesis.toml",
        "[quadrant]",
        "[backtest.outcomes]\n\"sold out\" = { level = 1, success = true }\n\n[quadrant]",
        "thesis.toml: backtest.outcomes.sold out: an event name must be letters, digits, - and _",
        THESIS,
    ),
    (
        "thesis.toml",
        "[quadrant]",
        "[backtest.outcomes]\nsold = { level = nan, success = true }\n\n[quadrant]",
        "thesis.toml: backtest.outcomes.sold.level: must be a finite number, found NaN",
        THESIS,
    ),
    (
        "thesis.toml",
        "points = 2.0",
        "points = [3.0, 1.0]",
        "thesis.toml: criteria[pain].rules[p-high].points: expected a finite number or a range [low, high] with low <= high, found [3.0, 1.0]",
        THESIS,
    ),
    (
        "thesis.toml",
        "points = 2.0",
        "points = \"high\"",
        "thesis.toml: criteria[pain].rules[p-high].points: expected a finite number or a range [low, high] with low <= high, found \"high\"",
        THESIS,
    ),
    (
        "thesis.toml",
        "[quadrant]",
        "[backtest.outcomes]\nsold = { level = 1 }\n\n[quadrant]",
        "thesis.toml: line 15, column 8: missing field `success`",
        THESIS,
    ),
];

#[test]
fn every_bad_input_gives_one_pinned_line_and_exit_code() {
    let mut mismatches = Vec::new();
    for (file, from, to, expected, code) in CASES {
        let scratch = Scratch::with_fixture("small");
        scratch.edit(file, from, to);
        let outcome = scratch.score();
        let wanted = format!("error: {expected}\n");
        if outcome.stderr != wanted || outcome.code != *code || !scratch.files("out").is_empty() {
            mismatches.push(format!(
                "{file}: {from} -> {to}\n  got  {} {}  want {code} {wanted}",
                outcome.code, outcome.stderr
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn invalid_utf8_is_placed_by_line_and_cell_when_utf8_is_required() {
    let scratch = Scratch::with_fixture("small");
    let mut bytes = scratch.read("companies.csv").into_bytes();
    let at = bytes
        .windows(4)
        .position(|window| window == b"Beta")
        .unwrap();
    bytes[at + 1] = 0xff;
    scratch.write("companies.csv", bytes);
    scratch
        .run_with_inputs(&["score", "--out", "out", "--encoding", "utf-8"])
        .assert_error(
            DATA,
            "companies.csv: line 3: the text is not valid UTF-8 (in cell 2)",
        );
    // Detected instead, the byte is Windows-1252 text.
    scratch.score().assert_success();
    assert!(scratch.read("out/scores.csv").contains(",B\u{ff}ta,"));
}

#[test]
fn all_zero_weights_are_refused() {
    let scratch = Scratch::with_fixture("small");
    let thesis = scratch
        .read("thesis.toml")
        .replace("weight = 2\n", "weight = 0\n")
        .replace("weight = 1\n", "weight = 0\n");
    scratch.write("thesis.toml", thesis);
    scratch.score().assert_error(
        THESIS,
        "thesis.toml: criteria: every weight is zero: at least one criterion must count",
    );
}

#[test]
fn a_missing_input_file_is_named() {
    let scratch = Scratch::with_fixture("small");
    scratch
        .run(&["score", "--thesis", "nope.toml"])
        .assert_error(
            1,
            "cannot read nope.toml: No such file or directory (os error 2)",
        );
}

#[test]
fn an_unknown_company_gets_the_closest_matches() {
    let scratch = Scratch::new();
    scratch
        .run(&["explain", "dokcer"])
        .assert_error(6, "no company matches \"dokcer\"; closest: Docker (docker)");
    scratch
        .run(&["explain", "zzzz"])
        .assert_error(6, "no company matches \"zzzz\"");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_reported() {
    let scratch = Scratch::with_fixture("small");
    scratch.write("out", "a file where the folder should be");
    let outcome = scratch.score();
    assert_eq!(outcome.code, 5);
    assert!(
        outcome.stderr.starts_with("error: cannot write out: "),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.stderr.lines().count(), 1);
}

#[test]
fn a_failed_run_leaves_the_previous_outputs_untouched() {
    let scratch = Scratch::with_fixture("small");
    scratch.score().assert_success();
    let files = scratch.files("out");
    let read_all = || -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|file| std::fs::read(scratch.path(&format!("out/{file}"))).unwrap())
            .collect()
    };
    let before = read_all();
    scratch.edit("thesis.toml", "weight = 2", "weight = -2");
    assert_eq!(scratch.score().code, THESIS);
    assert!(read_all() == before, "an output changed");
    assert_eq!(
        scratch.files("out"),
        files,
        "no temporary files left behind"
    );
    assert_eq!(files.len(), 11);
}
