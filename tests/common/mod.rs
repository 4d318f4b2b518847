//! A small builder for end-to-end tests: a scratch folder per test, files written into it, and the
//! real `thesis` binary run there.

#![allow(dead_code)] // each test file uses a different part of the builder

use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// `thesis score` into `out/` with nothing slow: no charts, no weight samples.
pub(crate) const QUICK_SCORE: [&str; 7] = [
    "score",
    "--out",
    "out",
    "--charts",
    "none",
    "--samples",
    "0",
];

/// Printed by tests that need the article when `../shared/seeds` is not beside the project.
pub(crate) const NO_ARTICLE: &str =
    "skipped: ../shared/seeds (the article) is not beside the project";

/// The rendering of the article in `../shared/seeds` whose file name starts with `prefix`.
pub(crate) fn seed_article(prefix: &str) -> Option<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&seeds)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    std::fs::read_to_string(entry.path()).ok()
}

pub(crate) struct Scratch {
    dir: tempfile::TempDir,
}

pub(crate) struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Scratch {
    pub(crate) fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a scratch folder"),
        }
    }

    /// A scratch folder holding a copy of the named fixture set.
    pub(crate) fn with_fixture(name: &str) -> Scratch {
        let scratch = Scratch::new();
        for entry in std::fs::read_dir(Path::new(FIXTURES).join(name)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(
                entry.path(),
                scratch.path(&entry.file_name().to_string_lossy()),
            )
            .unwrap();
        }
        scratch
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Scratch {
        std::fs::write(self.path(name), contents).unwrap();
        self
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    }

    /// Replaces `from` by `to` in a file, failing loudly when `from` is not there.
    pub(crate) fn edit(&self, name: &str, from: &str, to: &str) -> &Scratch {
        let text = self.read(name);
        assert!(text.contains(from), "{name} does not contain {from:?}");
        self.write(name, text.replacen(from, to, 1))
    }

    pub(crate) fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with extra environment variables, such as `RAYON_NUM_THREADS`.
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_thesis"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .envs(env.iter().copied())
            .output()
            .expect("the thesis binary runs");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs the binary with `input` on its standard input.
    pub(crate) fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Outcome {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_thesis"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the thesis binary starts");
        child.stdin.take().unwrap().write_all(input).unwrap();
        let output = child.wait_with_output().expect("the thesis binary runs");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs `args` followed by the three input files of the scratch folder.
    pub(crate) fn run_with_inputs(&self, args: &[&str]) -> Outcome {
        self.run_with_companies(args, "companies.csv")
    }

    /// Runs `args` followed by `companies` and the scratch folder's categories and thesis.
    pub(crate) fn run_with_companies(&self, args: &[&str], companies: &str) -> Outcome {
        let inputs = [
            "--companies",
            companies,
            "--categories",
            "categories.csv",
            "--thesis",
            "thesis.toml",
        ];
        self.run(&[args, &inputs[..]].concat())
    }

    /// `thesis chart`: redraws the SVG charts of `scores` (written for `thesis.toml`) into `out`.
    pub(crate) fn redraw(&self, scores: &str, out: &str) -> Outcome {
        self.run(&[
            "chart",
            "--scores",
            scores,
            "--thesis",
            "thesis.toml",
            "--out",
            out,
            "--charts",
            "svg",
        ])
    }

    /// `thesis score` on the three files of the scratch folder, into `out/`.
    pub(crate) fn score(&self) -> Outcome {
        self.run_with_inputs(&["score", "--out", "out"])
    }

    pub(crate) fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(self.path(dir)) {
            Ok(entries) => entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }
}

impl Outcome {
    /// Asserts a failure with exactly one line on stderr.
    pub(crate) fn assert_error(&self, code: i32, line: &str) {
        assert_eq!(self.stderr, format!("error: {line}\n"), "stderr");
        assert_eq!(self.code, code, "exit code; stderr: {}", self.stderr);
        assert!(!self.stderr.contains("panicked"));
    }

    pub(crate) fn assert_success(&self) -> &Outcome {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }
}
