//! The command line as a script would use it: `casebook check` on good and bad files, and
//! argument errors.

use std::process::Command;

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

#[test]
fn check_prints_a_summary_of_a_valid_case_and_exits_0() {
    let output = casebook()
        .args(["check", "assets/example-case.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("valid Casebook case"), "{stdout}");
    assert!(stdout.contains("actors: 13"), "{stdout}");
    assert!(stdout.contains("judgments: 4"), "{stdout}");
    assert!(stdout.contains("tlp: TLP:CLEAR"), "{stdout}");
    assert!(stdout.contains("dangling references: 0"), "{stdout}");
}

#[test]
fn check_fails_with_the_error_on_a_broken_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    let text = casebook::example::EXAMPLE_CASE_JSON.replacen(
        "\"target\": \"actor--albanian-parliament\"",
        "\"target\": \"actor--nobody\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let output = casebook().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.json breaks the case rules"),
        "{stderr}"
    );
    assert!(
        stderr.contains("refers to actor--nobody, which is not in the case"),
        "{stderr}"
    );

    let output = casebook()
        .args(["check", "no-such-file.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read no-such-file.json"));
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let output = casebook().args(["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage"));
    let output = casebook().args(["--renderer", "vulkan"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = casebook().arg("--help").output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("check"));
}
