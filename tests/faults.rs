//! Faults while a run writes its outputs: a run killed at any moment, stopped between staging and
//! swapping, a second run into the same folder, an output whose place is a folder, a full disk and a
//! read-only folder. Whatever happens, the output folder holds one whole run's files, and an error
//! is one line with exit code 5.

use crate::common::{QUICK_SCORE, Scratch};

/// The two runs the fault tests alternate between, the `small` fixture and the same with other
/// weights, each run once into a folder of its own: the scores.csv each writes, by thesis file.
fn two_theses(scratch: &Scratch) -> Vec<(String, String)> {
    let thesis = scratch.read("thesis.toml");
    scratch.write(
        "thesis_b.toml",
        thesis.replacen("weight = 2", "weight = 7", 1),
    );
    let expected: Vec<(String, String)> = ["thesis.toml", "thesis_b.toml"]
        .map(|thesis| {
            let out = format!("whole-{thesis}");
            run_score(scratch, &out, thesis, None).assert_success();
            (
                thesis.to_string(),
                scratch.read(&format!("{out}/scores.csv")),
            )
        })
        .to_vec();
    assert_ne!(expected[0].1, expected[1].1, "the two runs differ");
    expected
}

/// `thesis score` of the small fixture with `thesis` into `out`, stopped where `stop` says.
fn run_score(
    scratch: &Scratch,
    out: &str,
    thesis: &str,
    stop: Option<&str>,
) -> crate::common::Outcome {
    let args = score_into(out, thesis);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env: Vec<(&str, &str)> = stop.map(|at| ("THESIS_ABORT_AT", at)).into_iter().collect();
    scratch.run_with_env(&args, &env)
}

fn score_into(out: &str, thesis: &str) -> Vec<String> {
    [
        "score",
        "--out",
        out,
        "--charts",
        "svg",
        "--samples",
        "0",
        "--format",
        "csv,xlsx,json",
        "--companies",
        "companies.csv",
        "--categories",
        "categories.csv",
        "--thesis",
        thesis,
    ]
    .map(str::to_string)
    .to_vec()
}

/// Every file an output folder holds, and whether they are one run's: the files `run.json` lists,
/// nothing else, and the scores of the thesis it names.
fn assert_one_runs_outputs(scratch: &Scratch, out: &str, expected: &[(String, String)]) {
    let manifest: serde_json::Value =
        serde_json::from_str(&scratch.read(&format!("{out}/run.json"))).unwrap();
    let mut listed: Vec<String> = (manifest["outputs"].as_array().unwrap().iter())
        .map(|name| name.as_str().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(scratch.files(out), listed, "exactly the files of one run");
    let thesis = manifest["thesis"]["file"].as_str().unwrap();
    let scores = scratch.read(&format!("{out}/scores.csv"));
    let wanted = &expected.iter().find(|(file, _)| file == thesis).unwrap().1;
    assert_eq!(&scores, wanted, "scores.csv is from the run of {thesis}");
}

/// Runs killed at moments spread over their whole length, alternating two theses, leave the
/// output folder holding one whole run's files, never a mix; the next run removes their staging.
#[cfg(unix)]
#[test]
fn killed_runs_leave_one_whole_run_or_the_one_before() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    let started = std::time::Instant::now();
    run_score(&scratch, "out", "thesis.toml", None).assert_success();
    let whole = started.elapsed();
    for attempt in 0..16u32 {
        let thesis = ["thesis.toml", "thesis_b.toml"][attempt as usize % 2];
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thesis"))
            .args(score_into("out", thesis))
            .current_dir(scratch.path(""))
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Moments from the start to past the end of a run, in an order that varies.
        let share = f64::from((attempt * 7) % 16) / 14.0;
        std::thread::sleep(whole.mul_f64(share));
        let _ = child.kill();
        child.wait().unwrap();
        assert_one_runs_outputs(&scratch, "out", &expected);
    }
    run_score(&scratch, "out", "thesis_b.toml", None).assert_success();
    assert_one_runs_outputs(&scratch, "out", &expected);
    let leftovers: Vec<String> = (scratch.files(""))
        .into_iter()
        .filter(|name| name.starts_with(".out.thesis-") && name != ".out.thesis-lock")
        .collect();
    assert!(leftovers.is_empty(), "staging left: {leftovers:?}");
}

/// A second run into a folder another run is writing is refused, and writes nothing.
#[test]
fn a_second_run_into_a_folder_being_written_is_refused() {
    let scratch = Scratch::with_fixture("small");
    let lock = std::fs::File::create(scratch.path(".out.thesis-lock")).unwrap();
    lock.lock().unwrap();
    let outcome = scratch.run_with_inputs(&QUICK_SCORE);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.starts_with(
            "error: refusing to write out: another thesis run is writing into it (it holds "
        ),
        "{}",
        outcome.stderr
    );
    assert!(!scratch.path("out").exists());
    drop(lock);
    scratch.run_with_inputs(&QUICK_SCORE).assert_success();
}

/// An output whose place holds a folder is refused before anything is written: the earlier
/// outputs stay as they were.
#[test]
fn an_output_whose_place_is_a_folder_is_refused_before_writing() {
    let scratch = Scratch::with_fixture("small");
    scratch.run_with_inputs(&QUICK_SCORE).assert_success();
    let before = scratch.read("out/run.json");
    std::fs::remove_file(scratch.path("out/index.html")).unwrap();
    std::fs::create_dir(scratch.path("out/index.html")).unwrap();
    let outcome = scratch.run_with_inputs(&[&QUICK_SCORE[..], &["--seed", "7"]].concat());
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            2,
            "error: refusing to write out/index.html: it is a folder, where an output file must go\n"
        )
    );
    assert_eq!(scratch.read("out/run.json"), before);
}

/// A run that writes run.json replaces the set of files the run before wrote: charts it does not
/// draw go, and a file of the user's in the folder stays.
#[test]
fn a_run_replaces_the_set_of_files_the_run_before_wrote() {
    let scratch = Scratch::with_fixture("small");
    let with_charts = ["score", "--out", "out", "--charts", "svg", "--samples", "0"];
    scratch.run_with_inputs(&with_charts).assert_success();
    assert!(scratch.path("out/quadrant.svg").exists());
    scratch.write("out/notes.txt", "mine");
    scratch.run_with_inputs(&QUICK_SCORE).assert_success();
    assert!(
        !scratch.path("out/quadrant.svg").exists(),
        "a chart of the run before"
    );
    assert_eq!(scratch.read("out/notes.txt"), "mine");
}

/// A run stopped where the files on disk are between two states (its files all staged, or the
/// folders just swapped) leaves one whole run's files in the output folder, and the next run
/// removes what it left beside it.
#[cfg(unix)]
#[test]
fn a_run_stopped_between_staging_and_swapping_leaves_one_whole_run() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    let run = |thesis: &str, stop: Option<&str>| run_score(&scratch, "out", thesis, stop);
    let staging = || -> Vec<String> {
        (scratch.files("").into_iter())
            .filter(|name| name.starts_with(".out.thesis-") && name != ".out.thesis-lock")
            .collect()
    };
    run("thesis.toml", None).assert_success();
    // Stopped with every file staged: the folder still holds the run before, whole.
    assert_ne!(run("thesis_b.toml", Some("staged")).code, 0);
    assert_one_runs_outputs(&scratch, "out", &expected);
    assert!(
        scratch
            .read("out/run.json")
            .contains("\"file\": \"thesis.toml\"")
    );
    assert_eq!(staging().len(), 1, "the stopped run's staging is left");
    // Stopped right after the swap: the folder holds the new run, whole.
    assert_ne!(run("thesis_b.toml", Some("swapped")).code, 0);
    assert_one_runs_outputs(&scratch, "out", &expected);
    assert!(
        scratch
            .read("out/run.json")
            .contains("\"file\": \"thesis_b.toml\"")
    );
    run("thesis.toml", None).assert_success();
    assert_one_runs_outputs(&scratch, "out", &expected);
    assert!(staging().is_empty(), "{:?}", staging());
}

/// A small tmpfs mounted on a folder for one test, unmounted when dropped; `None` where this
/// process may not mount one (it must be root, in a namespace that allows mounts).
#[cfg(target_os = "linux")]
struct SmallDisk {
    at: std::path::PathBuf,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(at: std::path::PathBuf, bytes: u64) -> Option<SmallDisk> {
        std::fs::create_dir_all(&at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(SmallDisk { at })
    }

    fn remount(&self, options: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.at)
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }

    /// Fills the disk with one file, then gives back all but `free` bytes of it.
    fn leave_free(&self, free: u64) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.at.join("filler");
        let mut filler = std::fs::File::create(&path).unwrap();
        let chunk = vec![0_u8; 64 << 10];
        while filler.write_all(&chunk).is_ok() {}
        let _ = filler.flush();
        let length = filler.metadata().unwrap().len();
        filler.set_len(length.saturating_sub(free)).unwrap();
        path
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.at)
            .status();
    }
}

/// Printed by the tests that need a disk of their own where none can be mounted.
const NO_MOUNT: &str = "skipped: this process may not mount a tmpfs (it needs root, and mounts)";

/// The staging, lock-free, that runs left beside an output folder `out` inside `dir`.
fn staging_in(scratch: &Scratch, dir: &str) -> Vec<String> {
    (scratch.files(dir).into_iter())
        .filter(|name| name.starts_with(".out.thesis-") && name != ".out.thesis-lock")
        .collect()
}

fn assert_one_line_write_error(outcome: &crate::common::Outcome, names: &str) {
    assert_eq!(outcome.code, 5, "{}", outcome.stderr);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .starts_with(&format!("error: cannot write {names}")),
        "{}",
        outcome.stderr
    );
}

/// A disk that fills up at points spread over a run's writing: the run fails with one line naming
/// the output it could not write, the folder keeps the run before whole, and no staging stays.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_run_in_one_line_and_keeps_the_run_before() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    let Some(disk) = SmallDisk::mount(scratch.path("disk"), 1 << 20) else {
        eprintln!("{NO_MOUNT}");
        return;
    };
    run_score(&scratch, "disk/out", "thesis.toml", None).assert_success();
    let before = scratch.read("disk/out/run.json");
    let mut failed = 0;
    for free in [0, 8 << 10, 40 << 10, 120 << 10, 180 << 10, 400 << 10] {
        let filler = disk.leave_free(free);
        let outcome = run_score(&scratch, "disk/out", "thesis_b.toml", None);
        std::fs::remove_file(filler).unwrap();
        if outcome.code != 0 {
            failed += 1;
            assert_one_line_write_error(&outcome, "disk/out");
            assert_eq!(
                scratch.read("disk/out/run.json"),
                before,
                "with {free} bytes free"
            );
        }
        assert_one_runs_outputs(&scratch, "disk/out", &expected);
        assert!(
            staging_in(&scratch, "disk").is_empty(),
            "with {free} bytes free"
        );
    }
    assert!(failed >= 3, "only {failed} runs found the disk full");
    run_score(&scratch, "disk/out", "thesis.toml", None).assert_success();
    assert_one_runs_outputs(&scratch, "disk/out", &expected);
}

/// An output folder on a file system mounted read-only: one line naming the folder, exit 5, and
/// the folder as it was.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_output_folder_fails_the_run_in_one_line() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    let Some(disk) = SmallDisk::mount(scratch.path("disk"), 4 << 20) else {
        eprintln!("{NO_MOUNT}");
        return;
    };
    run_score(&scratch, "disk/out", "thesis.toml", None).assert_success();
    let before = scratch.read("disk/out/run.json");
    disk.remount("ro");
    let outcome = run_score(&scratch, "disk/out", "thesis_b.toml", None);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            5,
            "error: cannot write disk/out: Read-only file system (os error 30)\n"
        )
    );
    assert_eq!(scratch.read("disk/out/run.json"), before);
    assert_one_runs_outputs(&scratch, "disk/out", &expected);
    disk.remount("rw");
    run_score(&scratch, "disk/out", "thesis_b.toml", None).assert_success();
}

/// Files that may not grow past 32 KB (`ulimit -f`, which needs no privilege): the run fails
/// writing the first larger output, named where the user looks for it, and leaves nothing behind.
#[cfg(unix)]
#[test]
fn a_file_size_limit_fails_the_run_in_one_line_and_keeps_the_run_before() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    run_score(&scratch, "out", "thesis.toml", None).assert_success();
    let before = scratch.read("out/run.json");
    let output = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 64 && trap '' XFSZ && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_thesis"))
        .args(score_into("out", "thesis_b.toml"))
        .current_dir(scratch.path(""))
        .output()
        .unwrap();
    let outcome = crate::common::Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_one_line_write_error(&outcome, "out/index.html: File too large");
    assert_eq!(scratch.read("out/run.json"), before);
    assert_one_runs_outputs(&scratch, "out", &expected);
    assert!(staging_in(&scratch, "").is_empty());
}

/// Two real runs started together into one folder, again and again: each either writes the whole
/// folder or is refused by the lock (exit 2, one line), never both half-way, and the folder holds
/// one whole run's files after every pair.
#[test]
fn two_runs_started_together_never_interleave() {
    let scratch = Scratch::with_fixture("small");
    let expected = two_theses(&scratch);
    let mut refused = 0;
    for _ in 0..8 {
        let children: Vec<std::process::Child> = ["thesis.toml", "thesis_b.toml"]
            .iter()
            .map(|thesis| {
                std::process::Command::new(env!("CARGO_BIN_EXE_thesis"))
                    .args(score_into("out", thesis))
                    .current_dir(scratch.path(""))
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => {}
                Some(2) => {
                    refused += 1;
                    assert!(
                        stderr.starts_with(
                            "error: refusing to write out: another thesis run is writing into it"
                        ),
                        "{stderr}"
                    );
                    assert_eq!(stderr.lines().count(), 1, "{stderr}");
                }
                other => panic!("exit {other:?}: {stderr}"),
            }
        }
        assert_one_runs_outputs(&scratch, "out", &expected);
    }
    eprintln!("{refused} of 16 runs were refused by the lock");
}
