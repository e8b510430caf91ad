//! Case files under git, as a team keeps them: `casebook merge` as the repository's merge driver
//! (the README's `.gitattributes` and config lines), `casebook diff` for a reviewer. Two
//! branches that edit different objects merge cleanly; the same field edited on both gives a
//! conflict kept in a valid case file, and `git merge` reports it.

use casebook::model::{CaseObject, Command, Id};
use std::path::Path;
use std::process::Command as Process;

const CASEBOOK: &str = env!("CARGO_BIN_EXE_casebook");

fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    Process::new("git")
        .current_dir(repo)
        .args([
            "-c",
            "user.name=Analyst",
            "-c",
            "user.email=analyst@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .output()
        .expect("git runs")
}

fn git_ok(repo: &Path, args: &[&str]) {
    let output = git(repo, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A repository holding the example case, with the merge driver configured as the README says.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git_ok(repo, &["init", "-q"]);
    std::fs::write(
        repo.join(".gitattributes"),
        "*.casebook.json merge=casebook\n",
    )
    .unwrap();
    git_ok(
        repo,
        &["config", "merge.casebook.name", "Casebook case files"],
    );
    git_ok(
        repo,
        &[
            "config",
            "merge.casebook.driver",
            &format!("\"{CASEBOOK}\" merge %O %A %B"),
        ],
    );
    casebook::store::save(
        &casebook::example::example_case(),
        &repo.join("case.casebook.json"),
    )
    .unwrap();
    let _ = std::fs::remove_file(repo.join("case.casebook.json.bak"));
    git_ok(repo, &["add", "."]);
    git_ok(repo, &["commit", "-q", "-m", "The example case"]);
    dir
}

/// On a new branch (or main), edits an actor of the case and commits.
fn commit_edit(
    repo: &Path,
    branch: Option<&str>,
    actor: &str,
    edit: impl FnOnce(&mut casebook::model::Actor),
) {
    if let Some(branch) = branch {
        git_ok(repo, &["checkout", "-q", "-b", branch]);
    }
    let path = repo.join("case.casebook.json");
    let mut case = casebook::store::load(&path).unwrap();
    let mut object = case.actor(&Id::new(actor)).unwrap().clone();
    edit(&mut object);
    case.apply(Command::Put(CaseObject::Actor(object))).unwrap();
    casebook::store::save(&case, &path).unwrap();
    let _ = std::fs::remove_file(repo.join("case.casebook.json.bak"));
    git_ok(repo, &["commit", "-q", "-am", &format!("Edit {actor}")]);
}

#[test]
fn branches_that_edit_different_objects_merge_cleanly_through_the_driver() {
    let dir = repository();
    let repo = dir.path();
    commit_edit(repo, Some("theirs"), "actor--iran", |a| {
        a.country = "IR".into()
    });
    git_ok(repo, &["checkout", "-q", "main"]);
    commit_edit(repo, None, "actor--nato", |a| a.description = "Ours".into());
    let merge = git(repo, &["merge", "--no-edit", "theirs"]);
    assert!(
        merge.status.success(),
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    let case = casebook::store::load(&repo.join("case.casebook.json")).unwrap();
    assert_eq!(case.actor(&Id::new("actor--iran")).unwrap().country, "IR");
    assert_eq!(
        case.actor(&Id::new("actor--nato")).unwrap().description,
        "Ours"
    );
    assert!(case.conflicts.is_empty());
    // No backup or temporary file is left in the work tree.
    let status = git(repo, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");

    // And a reviewer reads what the merge brought, object by object.
    git_ok(repo, &["show", "HEAD~1:case.casebook.json"]);
    let before = repo.join("before.json");
    std::fs::write(
        &before,
        git(repo, &["show", "HEAD~1:case.casebook.json"]).stdout,
    )
    .unwrap();
    let diff = Process::new(CASEBOOK)
        .args(["diff"])
        .arg(&before)
        .arg(repo.join("case.casebook.json"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&diff.stdout);
    assert_eq!(diff.status.code(), Some(1), "{text}");
    assert!(text.contains("0 added, 0 removed, 1 changed"), "{text}");
    assert!(
        text.contains("changed actor \"Iran\" (actor--iran)"),
        "{text}"
    );
    assert!(text.contains("  country: \"Iran\" → \"IR\""), "{text}");
}

#[test]
fn the_same_field_edited_on_both_branches_is_a_conflict_kept_in_a_valid_case() {
    let dir = repository();
    let repo = dir.path();
    commit_edit(repo, Some("theirs"), "actor--nato", |a| {
        a.description = "Theirs".into()
    });
    git_ok(repo, &["checkout", "-q", "main"]);
    commit_edit(repo, None, "actor--nato", |a| a.description = "Ours".into());
    let merge = git(repo, &["merge", "--no-edit", "theirs"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    assert!(!merge.status.success(), "git reports the conflict: {said}");
    assert!(said.contains("1 conflict"), "{said}");
    // The file is a valid case, with both versions kept for the app to resolve.
    let case = casebook::store::load(&repo.join("case.casebook.json")).unwrap();
    assert_eq!(
        case.actor(&Id::new("actor--nato")).unwrap().description,
        "Ours"
    );
    let conflict = case.conflict_about(&Id::new("actor--nato")).unwrap();
    assert_eq!(conflict.fields, ["description"]);
    assert_eq!(conflict.theirs.as_ref().unwrap()["description"], "Theirs");
}

#[test]
fn merge_and_diff_say_what_is_wrong_with_a_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    casebook::store::save(&casebook::example::example_case(), &good).unwrap();
    let ours = dir.path().join("ours.json");
    std::fs::copy(&good, &ours).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not a case").unwrap();
    let before = std::fs::read(&ours).unwrap();
    let merge = Process::new(CASEBOOK)
        .arg("merge")
        .args([&good, &ours, &bad])
        .output()
        .unwrap();
    assert_eq!(merge.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&merge.stderr);
    assert!(
        stderr.contains("theirs (") && stderr.contains("bad.json"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&ours).unwrap(), before, "ours is untouched");
    let diff = Process::new(CASEBOOK)
        .arg("diff")
        .args([&good, &bad])
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(2));
    let same = Process::new(CASEBOOK)
        .arg("diff")
        .args([&good, &ours])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("no differences"));
}
