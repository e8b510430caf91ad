//! File → Share through TAXII… as an analyst uses it, against a TAXII server scripted on
//! 127.0.0.1: type the server's address, list its collections, push the case, pull the
//! collection into the import review, where a later version of an object unchanged here is
//! already chosen and a new object waits; Import, and the case holds both.

#[path = "../support/scripted_server.rs"]
mod scripted_server;

use super::common::*;
use casebook::model::Id;
use casebook::ui::Startup;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use scripted_server::{Reply, Scripted, Seen};
use serde_json::{Value, json};

const ROOT: &str = r#"{"title":"Team server","versions":["application/taxii+json;version=2.1"],"max_content_length":100000}"#;
const COLLECTIONS: &str = r#"{"collections":[{"id":"c1","title":"Shared cases","can_read":true,"can_write":true,"media_types":["application/stix+json;version=2.1"]}]}"#;
const NEW_GROUP: &str = "identity--7d3c1b5e-2f4a-4c6b-9e8d-1a2b3c4d5e6f";

/// Steps until `needle` shows (a job of the dialog runs on its own thread).
fn wait_for(harness: &mut Harness<'static, casebook::ui::CasebookApp>, needle: &str) {
    for _ in 0..400 {
        harness.step();
        if has_text(harness, needle) {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let shown = std::cell::RefCell::new(Vec::new());
    let _ = harness
        .query_all_by(|node| {
            if let Some(label) = node.label().or_else(|| node.value()) {
                shown.borrow_mut().push(label);
            }
            false
        })
        .count();
    let shown = shown.into_inner();
    panic!("{needle:?} never showed; the window shows {shown:?}");
}

/// NATO's STIX id in the example.
fn nato_stix_id() -> String {
    casebook::stix::export::stix_ids(&casebook::example::example_case())
        .into_iter()
        .find(|(_, id)| id == &Id::new("actor--nato"))
        .unwrap()
        .0
}

/// The server: the example's NATO at the version the example has and at a later one (another
/// analyst's edit), and a group the case does not have.
fn server() -> Scripted {
    let case = casebook::example::example_case();
    let bundle: Value = serde_json::from_slice(&casebook::stix::export::to_bytes(&case)).unwrap();
    let nato_stix = nato_stix_id();
    let nato = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == nato_stix.as_str())
        .unwrap()
        .clone();
    let shared_version = nato["modified"].as_str().unwrap().to_owned();
    let mut later = nato.clone();
    later["modified"] = json!("2026-12-01T08:00:00.000Z");
    later["description"] = json!("Edited by a colleague.");
    // Re-exported after an edit, its `modified` is its own (no longer the case's stand-in).
    let extension = later["extensions"][casebook::stix::EXTENSION_ID]
        .as_object_mut()
        .unwrap();
    extension.insert("case_times".into(), json!(["created"]));
    let group = json!({"type": "identity", "spec_version": "2.1", "id": NEW_GROUP,
        "created": "2026-12-01T08:00:00.000Z", "modified": "2026-12-01T08:00:00.000Z",
        "name": "Kestrel Group", "identity_class": "organization"});
    let objects = json!({"more": false, "objects": [later, group]}).to_string();
    let manifest = json!({"more": false, "objects": [
        {"id": nato_stix, "version": shared_version, "date_added": "2026-11-30T10:00:00.000Z"},
        {"id": nato_stix, "version": "2026-12-01T08:00:00.000Z", "date_added": "2026-12-01T08:00:01.000Z"},
        {"id": NEW_GROUP, "version": "2026-12-01T08:00:00.000Z", "date_added": "2026-12-01T08:00:01.000Z"}
    ]})
    .to_string();
    Scripted::start(move |seen: &Seen| -> Option<Reply> {
        Some(match (seen.method.as_str(), seen.path()) {
            ("GET", "/api/") => (200, vec![], ROOT.to_owned()),
            ("GET", "/api/collections/") => (200, vec![], COLLECTIONS.to_owned()),
            ("GET", "/api/collections/c1/manifest/") => (200, vec![], manifest.clone()),
            ("GET", "/api/collections/c1/objects/") => (
                200,
                vec![(
                    "X-TAXII-Date-Added-Last",
                    "2026-12-01T08:00:01.000Z".to_owned(),
                )],
                objects.clone(),
            ),
            ("POST", "/api/collections/c1/objects/") => {
                let envelope: Value = serde_json::from_slice(&seen.body).unwrap();
                let n = envelope["objects"].as_array().unwrap().len();
                (
                    202,
                    vec![],
                    format!(
                        r#"{{"id":"s1","status":"complete","total_count":{n},"success_count":{n},"failure_count":0,"pending_count":0}}"#
                    ),
                )
            }
            _ => (404, vec![], String::new()),
        })
    })
}

#[test]
fn a_case_is_pushed_to_a_collection_and_a_colleagues_edits_pulled_back_through_the_review() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(Startup {
        data_dir: Some(dir.path().join("data")),
        typed_paths: true,
        ..Startup::default()
    });
    settle(&mut harness, None);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Share through TAXII…").click();
    harness.run();
    harness.get_by_label("Server address").click();
    harness.run();
    harness
        .get_by_label("Server address")
        .type_text(&format!("{}api/", server.base));
    harness.run();
    harness.get_by_label("List collections").click();
    wait_for(&mut harness, "Shared cases (read, write)");
    assert!(has_text(&harness, "takes up to 100000 bytes a request"));
    assert!(has_text(&harness, "Not pulled from here before"));

    // Push: everything at the case's marking but NATO, which the collection's manifest holds
    // at this version already, in one envelope.
    harness.get_by_label("Push to the collection").click();
    wait_for(&mut harness, "Pushed to");
    assert!(has_text(&harness, "1 already there"));
    assert!(has_text(&harness, "0 failed"));
    let posts: Vec<Seen> = server
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
    let envelope: Value = serde_json::from_slice(&posts[0].body).unwrap();
    let sent = envelope["objects"].as_array().unwrap();
    assert!(sent.len() > 50);
    assert!(sent.iter().all(|o| o["id"] != nato_stix_id().as_str()));
    assert_eq!(
        posts[0].header("Content-Type"),
        Some("application/taxii+json;version=2.1")
    );

    // Pull: into the review, NATO's later version already chosen, the group new.
    harness.get_by_label("Pull into the import review").click();
    wait_for(
        &mut harness,
        "Import what was pulled from a TAXII collection",
    );
    assert!(has_text(&harness, "1 new objects will be added"));
    assert!(has_text(&harness, "1 differ from the case"));
    harness.get_by_label("Import").click();
    harness.run();
    let case = open_case(&harness);
    assert!(case.actors.iter().any(|a| a.name == "Kestrel Group"));
    assert_eq!(
        case.actor(&Id::new("actor--nato")).unwrap().description,
        "Edited by a colleague."
    );
    // The pull is remembered for the next "only what is new".
    let marks = casebook::taxii::pull_marks::PullMarks::load(Some(&dir.path().join("data")));
    let mark = marks
        .get(&format!("{}api/collections/c1/", server.base))
        .expect("the pull is remembered");
    assert_eq!(mark.date_added_last, "2026-12-01T08:00:01.000Z");
}
