//! The real binary killed with SIGKILL while it saves, 200 times at random moments: the case
//! file must always open, and be the old version or a new one, never a mix; the backup too.

use casebook::model::Case;
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: usize = 200;

/// The case with its title put back to the base one, and the save number its title had.
fn without_save_mark(mut case: Case, base: &str) -> (Case, Option<u64>) {
    let number = case
        .title
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix(" [save "))
        .and_then(|rest| rest.strip_suffix(']'))
        .map(|n| n.parse().expect("a save number"));
    assert!(
        number.is_some() || case.title == base,
        "unexpected title {:?}",
        case.title
    );
    case.title = base.to_owned();
    (case, number)
}

fn check_whole(path: &Path, base: &Case) -> Option<u64> {
    let case = casebook::store::load(path)
        .unwrap_or_else(|e| panic!("{} does not open after a kill: {e}", path.display()));
    let (case, number) = without_save_mark(case, &base.title);
    assert!(
        case == *base,
        "{} holds something other than a version of the case",
        path.display()
    );
    number
}

#[test]
fn a_case_file_survives_being_killed_mid_save_200_times() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.casebook.json");
    let base = synthetic_case(SyntheticSpec {
        actors: 200,
        seed: 3,
        placed: true,
    });
    casebook::store::save(&base, &path).unwrap();
    // What comes back from disk is the reference (times are written to the second).
    let base = casebook::store::load(&path).unwrap();
    let backup = casebook::store::atomic::backup_path(&path);

    // A small deterministic generator spreads the kills over the save cycle.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let strays = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    let mut highest_save = 0;
    let mut kills_mid_write = 0;
    let mut left_before = 0;
    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("save-repeatedly")
            .arg(&path)
            .args(["--times", "1000000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the casebook binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "saving", "round {round}");
        std::thread::sleep(Duration::from_micros(next() % 40_000));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let left = strays();
        if left > left_before {
            // The kill landed between creating a temporary file and renaming it.
            kills_mid_write += 1;
        }
        left_before = left;
        if let Some(n) = check_whole(&path, &base) {
            highest_save = highest_save.max(n);
        }
        if backup.exists() {
            check_whole(&backup, &base);
        }
    }
    println!(
        "{KILLS} kills: the file and its backup opened whole every time; {kills_mid_write} kills landed in the middle of writing a save; saves reached number {highest_save}; {} temporary files of interrupted saves left (a later save removes them once 10 minutes old)",
        strays()
    );
    assert!(
        kills_mid_write >= 10,
        "too few kills landed during a write ({kills_mid_write}) for the test to mean anything"
    );
}
