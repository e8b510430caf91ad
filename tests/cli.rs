//! The command line as a script would use it: `casebook check` on good and bad files, and
//! argument errors.

use std::process::Command;

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

/// `casebook import FILE -o CASE`.
fn import_into(file: &std::path::Path, case: &std::path::Path) -> std::process::Output {
    casebook()
        .arg("import")
        .arg(file)
        .arg("-o")
        .arg(case)
        .output()
        .unwrap()
}

/// `casebook check` on the example case: its output, once it has exited 0.
fn check_example() -> String {
    let output = casebook()
        .args(["check", "assets/example-case.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn check_prints_a_summary_of_a_valid_case_and_exits_0() {
    let stdout = check_example();
    assert!(stdout.contains("valid Casebook case"), "{stdout}");
    assert!(stdout.contains("actors: 13"), "{stdout}");
    assert!(stdout.contains("judgments: 5"), "{stdout}");
    assert!(stdout.contains("analyses: 1"), "{stdout}");
    // The example's weak spots are listed with their rule, object and reason.
    assert!(stdout.contains("tradecraft checks: 5"), "{stdout}");
    // AP relays the local media report: the two count as one source.
    assert!(
        stdout.contains("[circular-reporting] judgment--parliament-attack-homeland-justice (citations): \"Cyberattack targets Albanian Parliament's data system, halting its work\" relays \"Albanian local media reports naming Homeland Justice\"; they count as one source"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "[single-source] judgment--july-2022-iran-mfa (citations): single-source attribution"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("[weak-sources-only] judgment--parliament-attack-iran"),
        "{stdout}"
    );
    assert!(stdout.contains("tlp: TLP:CLEAR"), "{stdout}");
    assert!(stdout.contains("dangling references: 0"), "{stdout}");
}

#[test]
fn check_names_the_format_version_the_file_was_written_in() {
    let stdout = check_example();
    assert!(
        stdout.starts_with("assets/example-case.json: valid Casebook case (format version 3)\n"),
        "{stdout}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.casebook.json");
    let old = casebook::example::EXAMPLE_CASE_JSON.replacen("\"version\": 3", "\"version\": 1", 1);
    std::fs::write(&path, old).unwrap();
    let output = casebook().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "valid Casebook case (format version 1; read as version 3, which a save writes)"
        ),
        "{stdout}"
    );
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
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read no-such-file.json"), "{stderr}");
    assert!(
        stderr.contains("there is no file at that path"),
        "said in words a user can act on: {stderr}"
    );
    assert_eq!(
        stderr.matches("os error").count(),
        1,
        "the cause is said once: {stderr}"
    );
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

#[test]
fn export_writes_the_map_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("map.svg");
    let png = dir.path().join("map.png");
    for out in [&svg, &png] {
        let output = casebook()
            .args(["export", "assets/example-case.json", "--map"])
            .arg(out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    for name in [
        "Homeland Justice",
        "Albanian Parliament",
        "Mujahedeen-e-Khalq",
        "Legend",
        "low confidence",
    ] {
        assert!(text.contains(name), "{name}");
    }
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    // The same case gives the same figure.
    let again = dir.path().join("again.svg");
    casebook()
        .args(["export", "assets/example-case.json", "--map"])
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&svg).unwrap());

    let output = casebook()
        .args(["export", "assets/example-case.json", "--map"])
        .arg(dir.path().join("map.gif"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("written as .svg or .png"));
}

#[test]
fn generate_writes_a_valid_synthetic_case() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthetic.json");
    let output = casebook()
        .args(["generate", "--actors", "300", "--seed", "9", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let case = casebook::store::load(&out).unwrap();
    assert_eq!(case.actors.len(), 300);
    let check = casebook().arg("check").arg(&out).output().unwrap();
    assert!(check.status.success());
}

#[test]
fn export_writes_the_timeline_with_lanes_by_actor_or_kind() {
    let dir = tempfile::tempdir().unwrap();
    let by_actor = dir.path().join("timeline.svg");
    let by_kind = dir.path().join("timeline-kinds.svg");
    let png = dir.path().join("timeline.png");
    let output = casebook()
        .args(["export", "assets/example-case.json", "--timeline"])
        .arg(&by_actor)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = casebook()
        .args([
            "export",
            "assets/example-case.json",
            "--lanes",
            "kind",
            "--timeline",
        ])
        .arg(&by_kind)
        .args(["--map"])
        .arg(dir.path().join("map.svg"))
        .output()
        .unwrap();
    assert!(output.status.success());
    casebook()
        .args(["export", "assets/example-case.json", "--timeline"])
        .arg(&png)
        .output()
        .unwrap();
    let actor_svg = std::fs::read_to_string(&by_actor).unwrap();
    let kind_svg = std::fs::read_to_string(&by_kind).unwrap();
    assert!(actor_svg.contains("Homeland Justice") && actor_svg.contains("2022"));
    assert!(kind_svg.contains("law enforcement") && !kind_svg.contains(">Ali Safavi<"));
    assert!(dir.path().join("map.svg").exists());
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
}

#[test]
fn stix_export_then_import_gives_back_the_case_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    let output = casebook()
        .args(["export", "assets/example-case.json", "--stix"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The same case gives the same bundle.
    let again = dir.path().join("again.json");
    casebook()
        .args(["export", "assets/example-case.json", "--stix"])
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(&bundle).unwrap(),
        std::fs::read(&again).unwrap()
    );

    let case = dir.path().join("case.casebook.json");
    let output = import_into(&bundle, &case);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("0 problems"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&case).unwrap(),
        casebook::example::EXAMPLE_CASE_JSON
    );
    // Importing into the case again changes nothing.
    let output = import_into(&bundle, &case);
    assert!(String::from_utf8_lossy(&output.stdout).contains("the file is left as it was"));
}

#[test]
fn stix_import_into_an_edited_case_keeps_the_analysts_version_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    casebook()
        .args(["export", "assets/example-case.json", "--stix"])
        .arg(&bundle)
        .output()
        .unwrap();
    let case = dir.path().join("case.casebook.json");
    let edited = casebook::example::EXAMPLE_CASE_JSON.replacen(
        "\"name\": \"NATO\"",
        "\"name\": \"NATO (edited)\"",
        1,
    );
    std::fs::write(&case, &edited).unwrap();
    let output = import_into(&bundle, &case);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("conflict: actor--nato differs in the case and in the bundle; the case's version is kept"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&case).unwrap(), edited);
}

#[test]
fn a_broken_bundle_is_refused_with_the_reason_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("broken.json");
    std::fs::write(&bundle, "{\"type\": \"bundle\", \"objects\": [{\"type\": ").unwrap();
    let case = dir.path().join("case.casebook.json");
    let output = import_into(&bundle, &case);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.json: the bundle is not valid JSON"),
        "{stderr}"
    );
    assert!(!case.exists());
}

#[cfg(unix)]
#[test]
fn a_device_a_pipe_or_a_folder_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("bundle.json");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let out = dir.path().join("case.json");
    // /dev/zero never ends and a pipe with no writer never opens: both must be refused at
    // once, not read until memory runs out or waited on forever.
    for (input, says) in [
        (std::path::Path::new("/dev/zero"), "not a regular file"),
        (pipe.as_path(), "not a regular file"),
        (dir.path(), "a folder"),
    ] {
        for args in [
            vec![
                "import".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            vec!["check".as_ref(), input.as_os_str()],
        ] {
            let mut child = casebook()
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let started = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() {
                if started.elapsed() > std::time::Duration::from_secs(20) {
                    let _ = child.kill();
                    panic!("{args:?} did not end within 20 s");
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
        }
    }
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_desks_bundle_is_read_with_its_own_judgments_as_ours_and_every_reading_listed() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("desk.casebook.json");
    let output = casebook()
        .args(["import", "tests/corpus/desk-bundle.json", "-o"])
        .arg(&case)
        .args(["--ours", "our desk"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for line in [
        "producer: Our Desk (identity--11111111-1111-4111-8111-111111111111), 1 objects: ours, its judgments are assessments",
        "producer: Vendor X (identity--22222222-2222-4222-8222-222222222222), 2 objects: its judgments are its claims (say --ours if they are yours)",
        "read: relationship--55555555-5555-4555-8555-555555555555: the wording says \"likely\" → likelihood likely (55–80%)",
        "read: report--88888888-8888-4888-8888-888888888888: its labels give B → reliability B (Usually reliable)",
        "problem: objects[2] (intrusion-set--33333333-3333-4333-8333-333333333333), property `aliases`: lists `fancy bear ` twice; the repeat is dropped",
        "property `confidence`: is 101, not a whole number from 0 to 100; it is left out",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in\n{stdout}");
    }
    let written = casebook::store::load(&case).unwrap();
    let ours = written
        .judgments
        .iter()
        .find(|j| j.rationale.starts_with("We assess"))
        .unwrap();
    assert_eq!(ours.claimed_by, None);
    assert_eq!(
        ours.likelihood,
        Some(casebook::tradecraft::Likelihood::Likely)
    );

    // A producer named with --ours that is not in the bundle is refused before anything is
    // written.
    let other = dir.path().join("other.casebook.json");
    let output = casebook()
        .args(["import", "tests/corpus/desk-bundle.json", "-o"])
        .arg(&other)
        .args(["--ours", "Our Dsek"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--ours Our Dsek: no object in tests/corpus/desk-bundle.json was produced by an identity of that name or id"),
        "{stderr}"
    );
    assert!(!other.exists());
}

#[test]
fn check_text_reads_briefing_prose_and_names_each_finding_by_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let prose = dir.path().join("briefing.txt");
    std::fs::write(
        &prose,
        "The satellite modem outage\n\nMoscow ordered the attack on the network.\nAccording to the vendor, the attackers wiped the modems.\nThe attackers might have used a VPN flaw.\nIt is likely that the unit returns.\n",
    )
    .unwrap();
    let output = casebook()
        .args(["check", "--text", prose.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("6 lines, wording checks: 2"), "{stdout}");
    assert!(
        stdout.contains(
            "line 3: [bare-attribution] states who did it as a fact (\"Moscow\" … \"ordered\")"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("line 5: [uncalibrated-hedge] hedges with \"might\""),
        "{stdout}"
    );
    // Not text: refused with where it goes wrong.
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"fine\n\xff\xfe").unwrap();
    let output = casebook()
        .args(["check", "--text", binary.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is not UTF-8 text: the byte at offset 5 (line 2)"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_dismissed_finding_is_listed_apart_with_its_reason_in_check_briefing_and_stix() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = casebook::example::example_case();
    let finding = casebook::checks::review(&case)
        .into_iter()
        .find(|f| f.rule.code() == "weak-sources-only")
        .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
        .unwrap()
        .to_utc();
    case.apply(casebook::model::Command::SetDismissals(vec![
        finding.dismissed(
            "Held at low confidence for exactly this reason; the briefing says so.",
            "E. Editor",
            at,
        ),
    ]))
    .unwrap();
    let path = dir.path().join("dismissed.casebook.json");
    casebook::store::save(&case, &path).unwrap();

    let output = casebook().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("tradecraft checks: 4"), "{stdout}");
    assert!(stdout.contains("dismissed checks: 1\n  [weak-sources-only] judgment--parliament-attack-iran (citations): judgment rests only on E/F sources"), "{stdout}");
    assert!(
        stdout.contains("    dismissed: \"Held at low confidence for exactly this reason; the briefing says so.\" (by E. Editor, 2026-12-02)"),
        "{stdout}"
    );

    // The briefing's methodology annex shows what was waived and why, in each format.
    for (format, file) in [("html", "b.html"), ("md", "b.md")] {
        let out = dir.path().join(file);
        let status = casebook()
            .arg("export")
            .arg(&path)
            .args(["--briefing", format, "-o"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        let text = std::fs::read_to_string(&out).unwrap().replace('\\', "");
        assert!(text.contains("Checks waived"), "{format}");
        assert!(
            text.contains("Held at low confidence for exactly this reason; the briefing says so. (E. Editor, 2 December 2026)"),
            "{format}: {text}"
        );
        assert!(text.contains("weak-sources-only"), "{format}");
    }

    // A STIX round trip keeps the dismissal.
    let bundle = dir.path().join("b.stix.json");
    let back = dir.path().join("back.casebook.json");
    assert!(
        casebook()
            .arg("export")
            .arg(&path)
            .arg("--stix")
            .arg(&bundle)
            .status()
            .unwrap()
            .success()
    );
    assert!(
        casebook()
            .arg("import")
            .arg(&bundle)
            .arg("-o")
            .arg(&back)
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(
        casebook::store::load(&back).unwrap().dismissals,
        case.dismissals
    );
}

#[test]
fn a_case_goes_out_as_a_misp_event_and_comes_back_into_a_new_case_file() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event.json");
    let output = casebook()
        .args(["export", "assets/example-case.json", "--misp"])
        .arg(&event)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.starts_with("wrote a MISP event of "), "{stdout}");
    let case = dir.path().join("back.casebook.json");
    let output = import_into(&event, &case);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "13 actors, 13 relationships, 12 events, 7 sources, 25 citations, 5 judgments"
        ),
        "{stdout}"
    );
    // Into a new case file only: an existing one is left as it is.
    let before = std::fs::read(&case).unwrap();
    let output = import_into(&event, &case);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("exists: a MISP event is read into a new case file")
    );
    assert_eq!(std::fs::read(&case).unwrap(), before);
}
