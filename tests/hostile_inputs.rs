//! Inputs from a hostile party, through the real binary and the store: a bundle nested right at
//! the limit the case loader keeps, case text that would drive a terminal, a foreign object that
//! reuses the STIX id Casebook derives for one of its own, and links and pipes where Casebook
//! keeps its notes and autosaves.

use casebook::stix::import::CASE_WRAPPING;
use casebook::store::MAX_NESTING;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A value nesting `levels` deep (arrays in arrays).
fn nested(levels: usize) -> Value {
    let mut v = json!([]);
    for _ in 1..levels {
        v = json!([v]);
    }
    v
}

/// A bundle of one intrusion set and one malware whose custom property makes each object
/// nest `depth` levels.
fn deep_bundle(depth: usize) -> String {
    let objects = json!([
        {"type": "intrusion-set", "spec_version": "2.1",
         "id": "intrusion-set--5f0a7c3e-1d2b-4e8f-9a6c-3b7d0e1f2a4c",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "name": "Deep group", "x_deep": nested(depth - 1)},
        {"type": "malware", "spec_version": "2.1",
         "id": "malware--7e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "name": "Deep malware", "is_family": true, "x_deep": nested(depth - 1)},
    ]);
    json!({"type": "bundle", "id": "bundle--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "objects": objects})
        .to_string()
}

fn copy_example(dir: &Path) -> std::path::PathBuf {
    let case = dir.join("case.json");
    std::fs::copy("assets/example-case.json", &case).unwrap();
    case
}

#[test]
fn a_bundle_at_the_nesting_limit_merges_into_a_case_that_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let deepest = MAX_NESTING - CASE_WRAPPING;
    // At the limit: both objects go in, and the case file they make opens.
    let at = dir.path().join("at.json");
    std::fs::write(&at, deep_bundle(deepest)).unwrap();
    let case = copy_example(dir.path());
    let out = casebook(&["import", at.to_str().unwrap(), "-o", case.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("0 problems"), "{}", text(&out));
    let check = casebook(&["check", case.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check));
    let opened = casebook::store::load(&case).unwrap();
    assert!(opened.actors.iter().any(|a| a.name == "Deep group"));
    // A new case from it opens too.
    let fresh = dir.path().join("fresh.json");
    let out = casebook(&[
        "import",
        at.to_str().unwrap(),
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    casebook::store::load(&fresh).unwrap();

    // One level deeper: both are refused with their place and why, the case stays openable.
    let over = dir.path().join("over.json");
    std::fs::write(&over, deep_bundle(deepest + 1)).unwrap();
    let case = copy_example(dir.path());
    let before = std::fs::read(&case).unwrap();
    let out = casebook(&[
        "import",
        over.to_str().unwrap(),
        "-o",
        case.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("objects[0] (intrusion-set--5f0a7c3e"),
        "{said}"
    );
    assert!(said.contains("objects[1] (malware--7e1b2c3d"), "{said}");
    assert!(
        said.contains(&format!("nests {} levels deep", deepest + 1)),
        "{said}"
    );
    assert!(said.contains("nothing new"), "{said}");
    assert_eq!(
        std::fs::read(&case).unwrap(),
        before,
        "the file is left as it was"
    );
    assert!(
        casebook(&["check", case.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn case_text_never_drives_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = casebook::example::example_case();
    case.title = "Clear\u{1b}[2J\u{7}\u{202E}fake".into();
    case.judgments[0].rationale =
        "It is likely\u{1b}]0;owned\u{7} that\nvalid: yes. We assess it is likely, with high confidence.".into();
    let path = dir.path().join("hostile.json");
    casebook::store::save(&case, &path).unwrap();
    let out = casebook(&["check", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    for c in ['\u{1b}', '\u{7}', '\u{202E}', '\0'] {
        assert!(
            !stdout.contains(c),
            "{c:?} reached the terminal: {stdout:?}"
        );
    }
    assert!(
        stdout.contains("title: Clear[U+001B][2J[U+0007][U+202E]fake\n"),
        "{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.starts_with("valid: yes")),
        "no line of the case's text stands alone: {stdout}"
    );

    // An import's problems quote the bundle: its ids and names are shown, not obeyed.
    let bundle = dir.path().join("hostile.stix.json");
    std::fs::write(
        &bundle,
        json!({"type": "bundle", "id": "bundle--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "objects": [
            {"type": "threat-actor", "id": "threat-actor--\u{1b}[31mnot-a-uuid", "name": "x"}
        ]})
        .to_string(),
    )
    .unwrap();
    let out = casebook(&[
        "import",
        bundle.to_str().unwrap(),
        "-o",
        dir.path().join("new.json").to_str().unwrap(),
    ]);
    let said = text(&out);
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert!(
        said.contains("threat-actor--[U+001B][31mnot-a-uuid"),
        "{said}"
    );
}

#[test]
fn a_foreign_object_reusing_a_casebook_stix_id_is_left_out_and_ids_stay_unique() {
    let dir = tempfile::tempdir().unwrap();
    let case = copy_example(dir.path());
    let example = casebook::example::example_case();
    let ids = casebook::stix::export::stix_ids(&example);
    let (taken, mine) = ids
        .iter()
        .find(|(stix, _)| stix.starts_with("intrusion-set--"))
        .expect("the example writes an intrusion set");
    let bundle = dir.path().join("reuse.json");
    std::fs::write(
        &bundle,
        json!({"type": "bundle", "id": "bundle--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "objects": [
            {"type": "intrusion-set", "spec_version": "2.1", "id": taken,
             "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
             "name": "Someone else's group"},
            {"type": "malware", "spec_version": "2.1", "id": taken.replace("intrusion-set", "malware"),
             "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
             "name": "Unrelated", "is_family": true}
        ]})
        .to_string(),
    )
    .unwrap();
    let out = casebook(&[
        "import",
        bundle.to_str().unwrap(),
        "-o",
        case.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!("the STIX id of {mine} in the case")),
        "{said}"
    );
    let merged = casebook::store::load(&case).unwrap();
    assert!(
        merged
            .actors
            .iter()
            .all(|a| a.name != "Someone else's group")
    );
    // The export holds every id once, and reading it back loses nothing.
    let stix = dir.path().join("out.json");
    let out = casebook(&[
        "export",
        case.to_str().unwrap(),
        "--stix",
        stix.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let exported: Value = serde_json::from_slice(&std::fs::read(&stix).unwrap()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for object in exported["objects"].as_array().unwrap() {
        let id = object["id"].as_str().unwrap();
        assert!(seen.insert(id.to_owned()), "{id} is written twice");
    }
    let back = casebook::stix::import::read_bundle(&std::fs::read(&stix).unwrap(), "x").unwrap();
    assert_eq!(back.case, merged);
}

#[cfg(unix)]
#[test]
fn a_pipe_or_link_where_casebook_keeps_its_files_never_hangs_or_writes_through() {
    use casebook::store::presence::{NoteRefused, PresenceNote, note_path, read_other};
    let dir = tempfile::tempdir().unwrap();
    let case = copy_example(dir.path());
    // A link beside a shared case, pointing at a file of the user's.
    let precious = dir.path().join("precious");
    std::fs::write(&precious, b"keep me").unwrap();
    std::os::unix::fs::symlink(&precious, note_path(&case)).unwrap();
    assert!(matches!(
        PresenceNote::leave(&case),
        Err(NoteRefused::NotANote { .. })
    ));
    assert_eq!(std::fs::read(&precious).unwrap(), b"keep me");
    std::fs::remove_file(note_path(&case)).unwrap();
    // A pipe beside it, and a pipe as an autosave's details in the data folder.
    let mkfifo = |p: &Path| {
        assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
    };
    mkfifo(&note_path(&case));
    let data = dir.path().join("data");
    let folder = casebook::store::recovery::AutosaveFolder::in_data_dir(&data);
    let slot = folder.claim("k1").unwrap();
    slot.files
        .write(
            &casebook::example::example_case(),
            &casebook::store::recovery::AutosaveMeta {
                file: None,
                title: "x".into(),
                edited: chrono::Utc::now(),
                disk: None,
            },
        )
        .unwrap();
    let meta = slot.files.meta.clone();
    drop(slot);
    std::fs::remove_file(&meta).unwrap();
    mkfifo(&meta);
    let started = std::time::Instant::now();
    assert_eq!(read_other(&case), None);
    let orphans = folder.orphans();
    assert_eq!(orphans.len(), 1, "the work is still offered");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "nothing waited on a pipe"
    );
}
