//! The TAXII 2.1 client against a scripted server on loopback: what it sends (media types,
//! credentials), how it pages and follows statuses, and the words of every refusal. The
//! reference server (medallion) is driven in `taxii_medallion.rs`; this covers what medallion
//! cannot show: bearer tokens, 406/413/415/422, pending statuses, date-paging, timeouts.

#[path = "support/scripted_server.rs"]
mod scripted_server;

use casebook::taxii::{self, Connection, ConnectionOptions, Credentials, TaxiiError};
use scripted_server::{Reply, Scripted, Seen};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ROOT: &str = r#"{"title":"Root","versions":["application/taxii+json;version=2.1"],"max_content_length":4000}"#;
const COLLECTIONS: &str = r#"{"collections":[{"id":"c1","title":"Shared","can_read":true,"can_write":true,"media_types":["application/stix+json;version=2.1"]}]}"#;

/// The API root and its collection, as every test's server has them.
fn root_and_collections(seen: &Seen) -> Option<Reply> {
    match seen.path() {
        "/api/" => Some((200, vec![], ROOT.to_owned())),
        "/api/collections/" => Some((200, vec![], COLLECTIONS.to_owned())),
        _ => None,
    }
}

fn connect(credentials: Credentials) -> Connection {
    Connection::new(&ConnectionOptions {
        credentials,
        ca_file: None,
        timeout: Duration::from_secs(2),
    })
    .unwrap()
}

fn no_progress(_: &str) {}

/// Pulls the collection named `collection` at `url`, as `casebook taxii pull` does.
fn pull_from(
    connection: &Connection,
    url: &str,
    collection: &str,
) -> Result<taxii::PullReport, TaxiiError> {
    let choice = taxii::find_collection(connection, url, collection)?;
    taxii::pull(connection, &choice, None, &no_progress, &|| false)
}

/// Pushes `case` to the collection named `collection` at `url`, as `casebook taxii push` does.
fn push_to(
    connection: &Connection,
    url: &str,
    collection: &str,
    case: &casebook::model::Case,
    options: &taxii::PushOptions,
) -> Result<taxii::PushReport, TaxiiError> {
    let choice = taxii::find_collection(connection, url, collection)?;
    taxii::push(connection, &choice, case, options, &no_progress, &|| false)
}

#[test]
fn every_request_carries_the_taxii_media_type_and_the_bearer_token() {
    let server = Scripted::start(|seen| {
        root_and_collections(seen).or_else(|| match seen.path() {
            "/api/collections/c1/objects/" => Some((
                200,
                vec![],
                r#"{"more":false,"objects":[{"type":"identity","id":"identity--1","name":"A","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","spec_version":"2.1"}]}"#.to_owned(),
            )),
            _ => Some((404, vec![], String::new())),
        })
    });
    let connection = connect(Credentials::Bearer {
        token: "t0k3n".to_owned(),
    });
    let url = format!("{}api/", server.base);
    let report = pull_from(&connection, &url, "c1").unwrap();
    assert_eq!(report.objects.len(), 1);
    for seen in server.seen() {
        assert_eq!(
            seen.header("Accept"),
            Some("application/taxii+json;version=2.1"),
            "{seen:?}"
        );
        assert_eq!(
            seen.header("Authorization"),
            Some("Bearer t0k3n"),
            "{seen:?}"
        );
    }
}

#[test]
fn basic_credentials_are_sent_as_http_basic() {
    let server = Scripted::start(|seen| {
        Some((
            200,
            vec![],
            if seen.path() == "/api/" {
                ROOT
            } else {
                COLLECTIONS
            }
            .to_owned(),
        ))
    });
    let connection = connect(Credentials::Basic {
        user: "analyst".to_owned(),
        password: "pa:ss".to_owned(),
    });
    taxii::list_server(&connection, &format!("{}api/", server.base)).unwrap();
    // base64("analyst:pa:ss")
    assert_eq!(
        server.seen()[0].header("Authorization"),
        Some("Basic YW5hbHlzdDpwYTpzcw==")
    );
}

#[test]
fn credentials_never_go_in_the_clear_to_another_computer() {
    let connection = connect(Credentials::Basic {
        user: "analyst".to_owned(),
        password: "secret".to_owned(),
    });
    let error = taxii::list_server(&connection, "http://taxii.example.org/taxii2/").unwrap_err();
    assert!(
        matches!(error, TaxiiError::CredentialsInTheClear { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("https://"), "{error}");
    // Without credentials, plain HTTP is the user's call; to this computer, always allowed.
    assert!(
        connect(Credentials::None)
            .check_address("http://taxii.example.org/")
            .is_ok()
    );
    assert!(connection.check_address("http://127.0.0.1:5000/").is_ok());
    assert!(connection.check_address("ftp://x/").is_err());
}

/// The words a refusal of `status` is explained in.
fn refusal(status: u16, on_push: bool) -> String {
    let server = Scripted::start(move |seen| {
        root_and_collections(seen).or_else(|| {
            if on_push && seen.method == "GET" {
                return Some((200, vec![], r#"{"more":false,"objects":[]}"#.to_owned()));
            }
            Some((
                status,
                vec![],
                r#"{"title":"Refused","description":"the server's own reason"}"#.to_owned(),
            ))
        })
    });
    let connection = connect(Credentials::None);
    let url = format!("{}api/", server.base);
    let error = if on_push {
        let case = casebook::example::example_case();
        let options = taxii::PushOptions {
            label: casebook::tradecraft::Tlp::Red,
            only: None,
            with_extension_definition: false,
            max_envelope: None,
        };
        push_to(&connection, &url, "c1", &case, &options).unwrap_err()
    } else {
        pull_from(&connection, &url, "c1").unwrap_err()
    };
    let words = error.to_string();
    assert!(words.contains("the server's own reason"), "{words}");
    words
}

#[test]
fn each_refusal_says_what_to_do() {
    assert!(refusal(401, false).contains("did not accept the credentials (HTTP 401"));
    assert!(refusal(401, false).contains("CASEBOOK_TAXII_SECRET"));
    let forbidden = refusal(403, false);
    assert!(
        forbidden.contains("does not allow you to read this collection"),
        "{forbidden}"
    );
    assert!(forbidden.contains("ask its administrator"), "{forbidden}");
    assert!(refusal(403, true).contains("add objects to this collection"));
    assert!(refusal(406, false).contains("does not answer in TAXII 2.1 (HTTP 406"));
    let too_large = refusal(413, true);
    assert!(too_large.contains("too large (HTTP 413"), "{too_large}");
    assert!(
        too_large.contains("says it takes up to 4000 bytes"),
        "{too_large}"
    );
    assert!(refusal(415, true).contains("does not take STIX 2.1 objects in TAXII 2.1 envelopes"));
    assert!(refusal(422, true).contains("could not process what was sent (HTTP 422"));
    assert!(refusal(500, false).contains("the fault is on the server"));
}

#[test]
fn a_server_that_does_not_answer_is_a_timeout_in_words() {
    let server = Scripted::start(|_| None);
    let started = std::time::Instant::now();
    let error = taxii::list_server(&connect(Credentials::None), &server.base).unwrap_err();
    assert!(matches!(error, TaxiiError::Timeout { .. }), "{error}");
    assert!(error.to_string().contains("--timeout SECONDS"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
fn nothing_listening_is_unreachable_in_words() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = taxii::list_server(
        &connect(Credentials::None),
        &format!("http://127.0.0.1:{port}/taxii2/"),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("cannot reach http://127.0.0.1:"),
        "{error}"
    );
}

#[test]
fn pages_are_followed_by_next_and_by_date_added() {
    // Three pages: the first two linked by `next`, the third by X-TAXII-Date-Added-Last only.
    let server = Scripted::start(|seen| {
        root_and_collections(seen).or_else(|| {
            let object = |n: u32| format!(r#"{{"type":"identity","spec_version":"2.1","id":"identity--{n}","name":"N{n}","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}}"#);
            let (body, last) = match (seen.query("next").as_deref(), seen.query("added_after").as_deref()) {
                (None, None) => (format!(r#"{{"more":true,"next":"p2","objects":[{}]}}"#, object(1)), "2026-01-01T00:00:01Z"),
                (Some("p2"), None) => (format!(r#"{{"more":true,"objects":[{}]}}"#, object(2)), "2026-01-01T00:00:02Z"),
                (None, Some("2026-01-01T00:00:02Z")) => (format!(r#"{{"more":false,"objects":[{}]}}"#, object(3)), "2026-01-01T00:00:03Z"),
                other => panic!("unexpected page {other:?}"),
            };
            Some((200, vec![("X-TAXII-Date-Added-Last", last.to_owned())], body))
        })
    });
    let report = pull_from(
        &connect(Credentials::None),
        &format!("{}api/", server.base),
        "Shared",
    )
    .unwrap();
    assert_eq!(report.pages, 3);
    let ids: Vec<&str> = report
        .objects
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["identity--1", "identity--2", "identity--3"]);
    assert_eq!(
        report.date_added_last.as_deref(),
        Some("2026-01-01T00:00:03Z")
    );
    let bundle: serde_json::Value = serde_json::from_slice(&report.bundle_bytes()).unwrap();
    assert_eq!(bundle["type"], "bundle");
    assert_eq!(bundle["objects"].as_array().unwrap().len(), 3);
}

#[test]
fn a_push_keeps_to_the_limit_follows_pending_statuses_and_reports_each_failure() {
    let polls = Arc::new(Mutex::new(0));
    let counter = polls.clone();
    let server = Scripted::start(move |seen| {
        root_and_collections(seen).or_else(|| match (seen.method.as_str(), seen.path()) {
            ("GET", "/api/collections/c1/manifest/") => Some((200, vec![], r#"{"more":false,"objects":[]}"#.to_owned())),
            ("POST", "/api/collections/c1/objects/") => {
                assert_eq!(seen.header("Content-Type"), Some("application/taxii+json;version=2.1"));
                assert!(seen.body.len() <= 4000, "{} bytes", seen.body.len());
                let envelope: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
                let n = envelope["objects"].as_array().unwrap().len();
                Some((202, vec![], format!(r#"{{"id":"s1","status":"pending","total_count":{n},"success_count":0,"pending_count":{n}}}"#)))
            }
            ("GET", "/api/status/s1/") => {
                let mut polls = counter.lock().unwrap();
                *polls += 1;
                Some((200, vec![], if *polls < 2 {
                    r#"{"id":"s1","status":"pending","total_count":2,"success_count":1,"pending_count":1}"#.to_owned()
                } else {
                    r#"{"id":"s1","status":"complete","total_count":2,"success_count":1,"failure_count":1,"pending_count":0,"failures":[{"id":"identity--x","version":"2026-01-01T00:00:00Z","message":"duplicate"}]}"#.to_owned()
                }))
            }
            _ => Some((404, vec![], String::new())),
        })
    });
    let case = casebook::example::example_case();
    let options = taxii::PushOptions {
        label: casebook::tradecraft::Tlp::Amber,
        only: Some(vec![case.actors[0].id.clone()]),
        with_extension_definition: false,
        max_envelope: None,
    };
    let report = push_to(
        &connect(Credentials::None),
        &format!("{}api/", server.base),
        "c1",
        &case,
        &options,
    )
    .unwrap();
    assert!(report.manifest_read);
    assert!(report.envelopes >= 1);
    assert_eq!(report.sent, report.offered);
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.message.as_deref() == Some("duplicate"))
    );
    assert!(*polls.lock().unwrap() >= 2);
}

#[test]
fn a_bad_ca_file_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca.pem");
    std::fs::write(&path, "not a certificate").unwrap();
    let error = Connection::new(&ConnectionOptions {
        credentials: Credentials::None,
        ca_file: Some(path),
        timeout: Duration::from_secs(2),
    })
    .unwrap_err();
    assert!(
        error.to_string().contains("holds no PEM certificate"),
        "{error}"
    );
}

/// Python's HTTPS server on 127.0.0.1 with the test certificate (tests/taxii/tls/), answering
/// as an API root with no collections. `None` where there is no Python (a failure under CI).
fn https_server() -> Option<(std::process::Child, String)> {
    const SERVER: &str = r#"
import http.server, ssl
class Root(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"collections": []}' if self.path.endswith("/collections/") else \
            b'{"title": "TLS root", "versions": ["application/taxii+json;version=2.1"], "max_content_length": 1000}'
        self.send_response(200)
        self.send_header("Content-Type", "application/taxii+json;version=2.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Root)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain("tests/taxii/tls/server.pem", "tests/taxii/tls/server.key")
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;
    let child = std::process::Command::new("python3")
        .args(["-c", SERVER])
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_some_and(|v| v == "true") => {
            panic!("CI needs python3 for the TLS test: {e}")
        }
        Err(_) => {
            eprintln!("no python3: the TLS test is not run here");
            return None;
        }
    };
    let mut port = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut port,
    )
    .unwrap();
    Some((child, format!("https://127.0.0.1:{}/api/", port.trim())))
}

#[test]
fn tls_is_verified_and_an_internal_authority_is_trusted_only_when_given() {
    let Some((mut server, url)) = https_server() else {
        return;
    };
    let connect = |ca_file: Option<&str>| {
        Connection::new(&ConnectionOptions {
            credentials: Credentials::Basic {
                user: "analyst".to_owned(),
                password: "secret".to_owned(),
            },
            ca_file: ca_file.map(std::path::PathBuf::from),
            timeout: Duration::from_secs(5),
        })
        .unwrap()
    };
    let refused = taxii::list_server(&connect(None), &url);
    let listed = taxii::list_server(&connect(Some("tests/taxii/tls/ca.pem")), &url);
    let _ = server.kill();
    let _ = server.wait();
    let error = refused.unwrap_err();
    assert!(matches!(error, TaxiiError::Certificate { .. }), "{error}");
    assert!(
        error.to_string().contains("did not prove who it is"),
        "{error}"
    );
    assert!(error.to_string().contains("CA file"), "{error}");
    let listing = listed.unwrap();
    assert_eq!(listing.title, "TLS root");
}
