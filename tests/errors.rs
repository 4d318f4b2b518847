//! Every kind of bad input gives one line on stderr naming the file and the place, a documented exit
//! code, and leaves earlier outputs untouched.

mod common;

use common::{QUICK_SCORE, Scratch};

const DATA: i32 = 3;
const THESIS: i32 = 4;

/// The bad inputs: `tests/fixtures/bad/ROLE--WHAT.EXT`, where ROLE is the input it replaces
/// (companies, categories, thesis or outcomes) in the `small` fixture, with `NAME.expected` beside
/// it holding `exit N` and the exact line on stderr. `THESIS_BLESS=1 cargo test --test errors`
/// writes the `.expected` files of new cases, to be read and corrected by hand.
const BAD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");

/// Runs `thesis score` with the bad file in place of its input; returns the exit code and stderr.
fn run_bad_case(file_name: &str) -> (Scratch, i32, String) {
    let (role, rest) = file_name.split_once("--").expect("ROLE--WHAT.EXT");
    let extension = rest.rsplit_once('.').map_or("", |(_, extension)| extension);
    let scratch = Scratch::with_fixture("small");
    scratch.write(
        "outcomes.csv",
        "id,date,event,final\na,2021-03,acquired,true\n",
    );
    let input = format!("{role}.{extension}");
    std::fs::copy(format!("{BAD}/{file_name}"), scratch.path(&input)).unwrap();
    let mut args = QUICK_SCORE.to_vec();
    let mut files = vec![
        ("--companies", "companies.csv".to_string()),
        ("--categories", "categories.csv".to_string()),
        ("--thesis", "thesis.toml".to_string()),
        ("--outcomes", "outcomes.csv".to_string()),
    ];
    for (option, file) in files.iter_mut() {
        if option[2..] == *role {
            *file = input.clone();
        }
    }
    for (option, file) in &files {
        args.extend([*option, file.as_str()]);
    }
    let outcome = scratch.run(&args);
    (scratch, outcome.code, outcome.stderr)
}

#[test]
fn every_bad_input_gives_one_pinned_line_and_exit_code() {
    let mut names: Vec<String> = std::fs::read_dir(BAD)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("--") && !name.ends_with(".expected"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} bad inputs", names.len());
    let bless = std::env::var_os("THESIS_BLESS").is_some();
    let mut mismatches = Vec::new();
    for name in &names {
        let (scratch, code, stderr) = run_bad_case(name);
        let got = format!("exit {code}\n{stderr}");
        let expected_path = format!("{BAD}/{name}.expected");
        let wanted = match std::fs::read_to_string(&expected_path) {
            Ok(wanted) => wanted,
            Err(_) if bless => {
                std::fs::write(&expected_path, &got).unwrap();
                got.clone()
            }
            Err(error) => panic!("{expected_path}: {error}"),
        };
        let one_line = stderr.lines().count() == 1 && stderr.starts_with("error: ");
        if got != wanted || !one_line || code == 0 || !scratch.files("out").is_empty() {
            mismatches.push(format!("{name}\n  got  {got}  want {wanted}"));
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
