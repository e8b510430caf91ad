//! `casebook taxii` against the OASIS reference TAXII 2.1 server, medallion, on 127.0.0.1 with
//! its memory backend, HTTP Basic and a small `max_content_length`: the round trip two analysts
//! make through a team's server, driven through `casebook taxii` as a user would.

use casebook::model::{CaseObject, Command, Marking};
use casebook::tradecraft::Tlp;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Output, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "analyst";
const PASSWORD: &str = "correct horse battery";
const SHARED: &str = "5f1c0b9e-6f8a-4e6b-9a43-1d2c3b4a5e61";
const FEED: &str = "8a2d4c6e-1b3f-4a5c-8d7e-9f0a1b2c3d4e";
const GREEN: &str = "2b7e9c4a-5d3f-4e1a-8b6c-0f9e8d7c6b5a";
/// The largest request medallion takes here: the example case goes in several envelopes.
const MAX_CONTENT_LENGTH: u64 = 48 * 1024;

/// medallion, running until dropped.
struct Medallion {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Medallion {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_medallion(program: &Path) -> Medallion {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = std::fs::read_to_string("tests/taxii/medallion-data.json")
        .unwrap()
        .replace("PORT", &port.to_string());
    let mut data: serde_json::Value = serde_json::from_str(&data).unwrap();
    data["casebook"]["information"]["max_content_length"] = MAX_CONTENT_LENGTH.into();
    let data_file = dir.path().join("data.json");
    std::fs::write(&data_file, serde_json::to_vec(&data).unwrap()).unwrap();
    let config = serde_json::json!({
        "backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend", "filename": data_file},
        "users": {USER: PASSWORD},
        "taxii": {"max_page_size": 100}
    });
    let config_file = dir.path().join("config.json");
    std::fs::write(&config_file, serde_json::to_vec(&config).unwrap()).unwrap();
    let log = std::fs::File::create(dir.path().join("medallion.log")).unwrap();
    let child = Process::new(program)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(&config_file)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "medallion did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Medallion {
        child,
        url: format!("http://127.0.0.1:{port}/taxii2/"),
        _dir: dir,
    }
}

/// `casebook ARGS` with the password in the environment and a data folder of its own.
fn casebook(data_dir: &Path, args: &[&str]) -> Output {
    casebook_with(data_dir, PASSWORD, args)
}

fn casebook_with(data_dir: &Path, password: &str, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env("CASEBOOK_TAXII_SECRET", password)
        .env("CASEBOOK_DATA_DIR", data_dir)
        .stdin(Stdio::null())
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

/// The number in `… N word` of a line of output, e.g. `sent(&out, "sent in")`.
fn count_before(output: &str, words: &str) -> usize {
    let at = output
        .find(words)
        .unwrap_or_else(|| panic!("no {words:?} in {output}"));
    output[..at]
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before {words:?} in {output}"))
}

/// medallion's program: named in `CASEBOOK_MEDALLION`, or installed by
/// `scripts/medallion-venv.sh` in a venv under target/ (from PyPI). Under CI, a server that
/// cannot be had fails the test; elsewhere (offline, no Python) the test says so and passes.
fn medallion_program() -> Option<PathBuf> {
    if let Some(program) = std::env::var_os("CASEBOOK_MEDALLION") {
        return Some(PathBuf::from(program));
    }
    let installed = Process::new("bash")
        .arg("scripts/medallion-venv.sh")
        .stderr(Stdio::inherit())
        .output();
    match installed {
        Ok(out) if out.status.success() => Some(PathBuf::from(
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        )),
        failed if std::env::var_os("CI").is_some_and(|v| v == "true") => {
            panic!("CI needs medallion: scripts/medallion-venv.sh failed: {failed:?}")
        }
        _ => {
            eprintln!("medallion could not be installed: the TAXII round trip is not run here");
            None
        }
    }
}

#[test]
fn two_analysts_share_a_case_through_medallion() {
    let Some(program) = medallion_program() else {
        return;
    };
    let server = start_medallion(&program);
    let work = tempfile::tempdir().unwrap();
    let data_dir = work.path().join("data");
    let url = server.url.as_str();
    let example = "assets/example-case.json";

    // What the server offers.
    let out = casebook(&data_dir, &["taxii", "collections", url, "--user", USER]);
    let listing = text(&out);
    assert!(out.status.success(), "{listing}");
    assert!(
        listing.contains(&format!("{SHARED}  Shared cases  [read, write]")),
        "{listing}"
    );
    assert!(
        listing.contains(&format!("{FEED}  Published feed  [read]")),
        "{listing}"
    );
    assert!(
        listing.contains(&format!("takes up to {MAX_CONTENT_LENGTH} bytes")),
        "{listing}"
    );

    // A wrong password: refused, in words.
    let out = casebook_with(
        &data_dir,
        "wrong",
        &["taxii", "collections", url, "--user", USER],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("did not accept the credentials (HTTP 401"),
        "{}",
        text(&out)
    );

    let pull = |collection: &str, case: &str, extra: &[&str]| {
        let mut args = vec![
            "taxii",
            "pull",
            url,
            "--collection",
            collection,
            "-o",
            case,
            "--user",
            USER,
        ];
        args.extend_from_slice(extra);
        casebook(&data_dir, &args)
    };

    // The first analyst pushes the whole case (at TLP:RED, so nothing is left out).
    let push = |case: &str, extra: &[&str]| {
        let mut args = vec![
            "taxii",
            "push",
            case,
            url,
            "--collection",
            SHARED,
            "--user",
            USER,
        ];
        args.extend_from_slice(extra);
        casebook(&data_dir, &args)
    };
    let out = push(example, &["--tlp", "RED"]);
    let pushed = text(&out);
    assert!(out.status.success(), "{pushed}");
    let offered = count_before(&pushed, "objects may be shared");
    assert!(offered > 50, "{pushed}");
    assert_eq!(count_before(&pushed, "already there"), 0, "{pushed}");
    assert_eq!(count_before(&pushed, "sent in"), offered, "{pushed}");
    assert!(count_before(&pushed, "envelopes") > 1, "{pushed}");
    assert_eq!(count_before(&pushed, "added"), offered, "{pushed}");
    assert_eq!(count_before(&pushed, "failed"), 0, "{pushed}");

    // The second pulls it into a new case: the same case.
    let theirs = work.path().join("theirs.json");
    let theirs = theirs.to_str().unwrap();
    let out = pull(SHARED, theirs, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("pulled {offered} objects")),
        "{}",
        text(&out)
    );
    let out = casebook(&data_dir, &["diff", example, theirs]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the pulled case differs:\n{}",
        text(&out)
    );

    // The first edits one actor and pushes again: only that actor and the case's report
    // (which records the case's last change) are sent.
    let mine = work.path().join("mine.json");
    let mut case = casebook::store::load(Path::new(example)).unwrap();
    let mut actor = case.actors[2].clone();
    actor.description.push_str(" Edited after the first push.");
    let edited_id = actor.id.clone();
    case.apply(Command::Put(CaseObject::Actor(actor))).unwrap();
    casebook::store::save(&case, &mine).unwrap();
    let mine = mine.to_str().unwrap();
    let out = push(mine, &["--tlp", "RED"]);
    let again = text(&out);
    assert!(out.status.success(), "{again}");
    assert_eq!(count_before(&again, "sent in"), 2, "{again}");
    assert_eq!(
        count_before(&again, "already there"),
        offered - 2,
        "{again}"
    );

    // The second pulls only what is new since the last pull.
    let out = pull(SHARED, theirs, &["--added-after"]);
    let since = text(&out);
    assert!(out.status.success(), "{since}");
    assert!(since.contains("asking for what was added after"), "{since}");
    assert!(since.contains("pulled 2 objects"), "{since}");
    let pulled = casebook::store::load(Path::new(theirs)).unwrap();
    let actor = pulled.actors.iter().find(|a| a.id == edited_id).unwrap();
    assert!(
        actor.description.ends_with("Edited after the first push."),
        "{since}"
    );
    // Nothing more since then.
    let out = pull(SHARED, theirs, &["--added-after"]);
    assert!(text(&out).contains("pulled 0 objects"), "{}", text(&out));

    // A push at TLP:GREEN sends nothing marked stricter: a case with an actor marked RED,
    // a source AMBER and an event's description RED.
    let marked = work.path().join("marked.json");
    let mut case = casebook::store::load(Path::new(example)).unwrap();
    let mut red_actor = case.actors[1].clone();
    red_actor.marking = Marking::of(Tlp::Red);
    red_actor.name = "Codename KESTREL-7".to_owned();
    let red_name = red_actor.name.clone();
    let mut amber_source = case.sources[0].clone();
    amber_source.marking = Marking::of(Tlp::Amber);
    let mut event = case.events[0].clone();
    event.description = "Told to us by a liaison partner: not to be shared.".to_owned();
    event
        .marking
        .fields
        .insert("description".to_owned(), Tlp::Red);
    for object in [
        CaseObject::Actor(red_actor),
        CaseObject::Source(amber_source),
        CaseObject::Event(event),
    ] {
        case.apply(Command::Put(object)).unwrap();
    }
    casebook::store::save(&case, &marked).unwrap();
    let out = casebook(
        &data_dir,
        &[
            "taxii",
            "push",
            marked.to_str().unwrap(),
            url,
            "--collection",
            GREEN,
            "--user",
            USER,
            "--tlp",
            "GREEN",
        ],
    );
    let green = text(&out);
    assert!(out.status.success(), "{green}");
    assert!(green.contains("left out of the push"), "{green}");
    let green_file = work.path().join("green.json");
    let out = pull(GREEN, green_file.to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let pulled_text = std::fs::read_to_string(&green_file).unwrap();
    assert!(
        !pulled_text.contains(&red_name),
        "the RED actor's name reached the GREEN collection"
    );
    assert!(
        !pulled_text.contains("liaison partner"),
        "a RED description reached the GREEN collection"
    );
    let green_case = casebook::store::load(&green_file).unwrap();
    assert!(green_case.object_count() < case.object_count());
    assert!(
        green_case.strictest_level() <= Tlp::Green,
        "{:?}",
        green_case.strictest_level()
    );

    // A read-only collection is refused before anything is sent.
    let out = casebook(
        &data_dir,
        &[
            "taxii",
            "push",
            example,
            url,
            "--collection",
            FEED,
            "--user",
            USER,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("may be read but not written to"),
        "{}",
        text(&out)
    );

    // An object larger than the server takes in one request: not sent, said why; the rest go.
    let big = work.path().join("big.json");
    let mut case = casebook::store::load(Path::new(example)).unwrap();
    let mut actor = case.actors[0].clone();
    actor.description = "A very long description. ".repeat(3000);
    case.apply(Command::Put(CaseObject::Actor(actor))).unwrap();
    casebook::store::save(&case, &big).unwrap();
    let out = push(big.to_str().unwrap(), &["--tlp", "RED"]);
    let oversize = text(&out);
    assert_eq!(out.status.code(), Some(1), "{oversize}");
    assert!(
        oversize.contains(&format!(
            "more than the {MAX_CONTENT_LENGTH} bytes the server takes in one request"
        )),
        "{oversize}"
    );
    assert_eq!(count_before(&oversize, "failed"), 1, "{oversize}");

    // The same in envelopes larger than the server takes (asked for with --max-envelope):
    // medallion's HTTP 413, in words.
    let out = casebook(
        &data_dir,
        &[
            "taxii",
            "push",
            big.to_str().unwrap(),
            url,
            "--collection",
            SHARED,
            "--user",
            USER,
            "--tlp",
            "RED",
            "--max-envelope",
            "10000000",
        ],
    );
    let refused = text(&out);
    assert_eq!(out.status.code(), Some(1), "{refused}");
    assert!(refused.contains("as too large (HTTP 413"), "{refused}");
    assert!(
        refused.contains(&format!(
            "its API root says it takes up to {MAX_CONTENT_LENGTH} bytes"
        )),
        "{refused}"
    );
}
