//! Round trips through STIX both ways, bundles from elsewhere, and hostile bundles.

use super::*;
use crate::example::example_case;
use crate::model::{Actor, ActorKind, Stance};
use crate::stix::export;
use crate::tradecraft::{AttributionLevel, Confidence, Credibility, Likelihood, Reliability};

fn read(text: &str) -> ImportedBundle {
    read_bundle(text.as_bytes(), "Imported").expect("a bundle")
}

#[test]
fn case_to_stix_to_case_gives_back_the_same_case() {
    let case = example_case();
    let bytes = export::to_bytes(&case);
    let imported = read_bundle(&bytes, "x").unwrap();
    assert_eq!(imported.problems, vec![]);
    assert_eq!(imported.kept, 0);
    let got = &imported.case;
    macro_rules! same {
        ($field:ident) => {
            assert_eq!(got.$field.len(), case.$field.len(), stringify!($field));
            for (a, b) in got.$field.iter().zip(&case.$field) {
                assert_eq!(a, b, stringify!($field));
            }
        };
    }
    same!(actors);
    same!(relationships);
    same!(events);
    same!(sources);
    same!(citations);
    same!(judgments);
    same!(analyses);
    assert_eq!(got.info(), case.info());
    assert_eq!(imported.case, case);
    // And the same bundle again: exports are deterministic.
    assert_eq!(export::to_bytes(&imported.case), bytes);
}

/// A bundle as another platform writes it: objects Casebook maps and objects it does not, with
/// properties and extensions of their own, TLP 1.0 markings and times to the second.
const FOREIGN: &str = r#"{
  "type": "bundle",
  "id": "bundle--44af6c39-c09b-49c5-9de2-394224b04982",
  "objects": [
    {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
     "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z", "name": "Bobcat Breakin",
     "description": "Incidents usually feature a shared TTP of a bobcat being released within the building.",
     "aliases": ["Zookeeper"], "goals": ["acquisition-theft", "harassment"], "x_vendor_score": 7,
     "object_marking_refs": ["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"],
     "extensions": {"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e": {"extension_type": "property-extension", "rank": 5}}},
    {"type": "threat-actor", "spec_version": "2.1", "id": "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f",
     "created": "2015-05-07T14:22:14.760Z", "modified": "2015-05-07T14:22:14.760Z", "name": "Adversary Bravo",
     "threat_actor_types": ["spy", "criminal"], "sophistication": "advanced"},
    {"type": "identity", "spec_version": "2.1", "id": "identity--733c5838-34d9-4fbf-949c-62aba761184c",
     "created": "2016-08-23T18:05:49.307Z", "modified": "2016-08-23T18:05:49.307Z", "name": "Disco Team",
     "identity_class": "organization", "sectors": ["technology"], "contact_information": "disco-team@stealthemail.com"},
    {"type": "location", "spec_version": "2.1", "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
     "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z", "name": "Albania",
     "region": "southern-europe", "country": "AL"},
    {"type": "campaign", "spec_version": "2.1", "id": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
     "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z", "name": "Green Group Attacks Against Finance",
     "first_seen": "2016-04-06T20:03:12.345Z", "last_seen": "2016-07-01T08:15:31.000Z", "objective": "steal money"},
    {"type": "relationship", "spec_version": "2.1", "id": "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",
     "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z", "relationship_type": "attributed-to",
     "source_ref": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "target_ref": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
     "confidence": 80},
    {"type": "relationship", "spec_version": "2.1", "id": "relationship--a6e9345f-5a15-4c29-8bb3-7dcc5d168d65",
     "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z", "relationship_type": "targets",
     "source_ref": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29", "target_ref": "identity--733c5838-34d9-4fbf-949c-62aba761184c",
     "confidence": 60, "start_time": "2016-01-01T10:11:12.000Z"},
    {"type": "malware", "spec_version": "2.1", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
     "created": "2016-04-06T20:07:09.000Z", "modified": "2016-04-06T20:07:09.000Z", "name": "Poison Ivy", "is_family": true},
    {"type": "relationship", "spec_version": "2.1", "id": "relationship--6ce78886-1ecb-4a36-bd63-3f2a0f8e0b37",
     "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z", "relationship_type": "uses",
     "source_ref": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29", "target_ref": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e",
     "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z", "name": "Poison Ivy hash",
     "pattern": "[file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877']",
     "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"},
    {"type": "report", "spec_version": "2.1", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
     "created": "2015-12-21T19:59:11.000Z", "modified": "2015-12-21T19:59:11.000Z", "name": "The Black Vine Cyberespionage Group",
     "published": "2016-01-20T17:00:00.000Z", "report_types": ["campaign"], "confidence": 75,
     "object_refs": ["intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29", "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e"],
     "external_references": [{"source_name": "vendor", "url": "https://vendor.example/black-vine"}]},
    {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
     "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp", "name": "TLP:AMBER", "definition": {"tlp": "amber"}}
  ]
}"#;

#[test]
fn a_bundle_from_elsewhere_is_mapped_and_comes_back_with_every_object_and_property() {
    let imported = read(FOREIGN);
    let problems: Vec<String> = imported.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems, Vec::<String>::new(), "nothing in it is invalid");
    assert!(
        imported.readings.iter().any(|r| r.id
            == "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad"
            && r.recorded == "likelihood not stated, for the analyst to set"),
        "the attribution states no likelihood, and that is said: {:?}",
        imported.readings
    );
    let case = &imported.case;
    assert_eq!(case.tlp, Tlp::Amber, "from the TLP 1.0 marking");
    assert_eq!(case.actors.len(), 4);
    let group = case
        .actors
        .iter()
        .find(|a| a.name == "Bobcat Breakin")
        .unwrap();
    assert_eq!(group.kind, ActorKind::ThreatGroup);
    assert_eq!(group.aliases, vec!["Zookeeper".to_owned()]);
    let albania = case.actors.iter().find(|a| a.name == "Albania").unwrap();
    assert_eq!(
        (albania.kind, albania.country.as_str()),
        (ActorKind::State, "AL")
    );
    assert_eq!(case.events.len(), 1);
    assert_eq!(case.events[0].start.to_string(), "2016-04-06T20:03Z");
    assert_eq!(case.judgments.len(), 1, "the campaign's attribution");
    // STIX confidence 80 is the producer's confidence (high), not a likelihood.
    assert_eq!(case.judgments[0].confidence, Some(Confidence::High));
    assert_eq!(case.judgments[0].likelihood, None, "not stated");
    assert_eq!(
        case.relationships.len(),
        2,
        "the targeting, and the group's use of the malware"
    );
    assert_eq!(case.relationships[0].confidence, Confidence::Moderate);
    assert_eq!(
        case.relationships[1].kind,
        crate::model::RelationshipKind::Uses
    );
    let kinds: Vec<_> = case
        .technical
        .iter()
        .map(|t| (t.kind, t.name.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (crate::model::TechnicalKind::Malware, "Poison Ivy"),
            (crate::model::TechnicalKind::Indicator, "Poison Ivy hash")
        ]
    );
    assert_eq!(case.sources.len(), 1);
    assert_eq!(case.sources[0].url, "https://vendor.example/black-vine");
    assert_eq!(
        case.citations.len(),
        3,
        "the report cites the group, the campaign and the indicator"
    );
    assert!(
        case.citations
            .iter()
            .all(|c| c.credibility == Some(Credibility::ProbablyTrue))
    );
    assert_eq!(imported.kept, 1, "the TLP 1.0 marking");
    assert_eq!(crate::model::validate::check_case(case), vec![]);

    // Export again: every object and every property it had comes back.
    let again = export::bundle(case);
    let original: Value = serde_json::from_str(FOREIGN).unwrap();
    let exported: HashMap<&str, &Map<String, Value>> = again["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| Some((o["id"].as_str()?, o.as_object()?)))
        .collect();
    for object in original["objects"].as_array().unwrap() {
        let id = object["id"].as_str().unwrap();
        let out = exported
            .get(id)
            .unwrap_or_else(|| panic!("{id} is missing from the export"));
        for (key, value) in object.as_object().unwrap() {
            if key == "extensions" {
                for (name, ext) in value.as_object().unwrap() {
                    assert_eq!(
                        out["extensions"].get(name),
                        Some(ext),
                        "{id} extension {name}"
                    );
                }
                continue;
            }
            assert_eq!(out.get(key), Some(value), "{id} property {key}");
        }
    }
    // And the round trip is stable from there on.
    let reimported = read_bundle(&export::to_bytes(case), "Imported").unwrap();
    assert_eq!(&reimported.case, case);
}

#[test]
fn an_analysts_edit_of_an_imported_object_is_exported_not_the_old_value() {
    let mut case = read(FOREIGN).case;
    let event = &mut case.events[0];
    event.start = PartialDate::day(2016, 5, 1).unwrap();
    let again = export::bundle(&case);
    let campaign = again["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["type"] == "campaign")
        .unwrap();
    assert_eq!(campaign["first_seen"], "2016-05-01T00:00:00.000Z");
    assert_eq!(
        campaign["last_seen"], "2016-07-01T08:15:31.000Z",
        "unchanged, exact"
    );
}

#[test]
fn hostile_bundles_are_refused_or_reported_never_a_panic() {
    for (text, want) in [
        ("{\"type\": \"bundle\", \"objects\": [", "not valid JSON"),
        ("[1, 2, 3]", "holds no JSON object"),
        ("{\"type\": \"report\"}", "is not \"bundle\""),
        (
            "{\"type\": \"bundle\", \"objects\": 7}",
            "no `objects` array",
        ),
        (
            "{\"type\": \"bundle\", \"type\": \"bundle\", \"objects\": []}",
            "duplicate",
        ),
    ] {
        let error = read_bundle(text.as_bytes(), "x").unwrap_err().to_string();
        assert!(error.contains(want), "{text}: {error}");
    }
    // Deep nesting is refused by the parser's depth limit, not by the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read_bundle(deep.as_bytes(), "x").is_err());
    let deep_inside = format!(
        "{{\"type\":\"bundle\",\"objects\":[{{\"type\":\"note\",\"id\":\"note--1c9b1b36-5b0d-4a3a-9f8e-0a6c8a0f3e11\",\"x\":{}{}}}]}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert!(read_bundle(deep_inside.as_bytes(), "x").is_err());
}

#[test]
fn invalid_objects_are_reported_with_id_and_property_and_the_rest_imported() {
    let text = r#"{"type": "bundle", "id": "bundle--44af6c39-c09b-49c5-9de2-394224b04982", "objects": [
      {"type": "threat-actor", "id": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29", "name": "Wrong type"},
      {"type": "threat-actor", "id": "threat-actor--not-a-uuid", "name": "Bad id"},
      {"type": "threat-actor", "name": "No id"},
      {"id": "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f"},
      "a string",
      {"type": "threat-actor", "id": "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f", "spec_version": "2.1", "modified": "2020-01-01T00:00:00.000Z"},
      {"type": "threat-actor", "id": "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f", "spec_version": "2.1", "name": "Kept: the later version", "modified": "2021-01-01T00:00:00.000Z"},
      {"type": "identity", "id": "identity--733c5838-34d9-4fbf-949c-62aba761184c", "name": "Victim", "identity_class": "organization",
       "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
      {"type": "campaign", "id": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"},
      {"type": "relationship", "id": "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad", "relationship_type": "targets",
       "source_ref": "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f", "target_ref": "identity--733c5838-34d9-4fbf-949c-62aba761184c"}
    ]}"#;
    let imported = read(text);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    let has = |want: &str| problems.iter().any(|p| p.contains(want));
    assert!(
        has(
            "objects[0] (intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29), property `id`: is not a `threat-actor--` id"
        ),
        "{problems:#?}"
    );
    assert!(
        has("objects[1] (threat-actor--not-a-uuid), property `id`"),
        "{problems:#?}"
    );
    assert!(
        has("objects[2], property `id`: is missing"),
        "{problems:#?}"
    );
    assert!(
        has("objects[3] (threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f), property `type`"),
        "{problems:#?}"
    );
    assert!(
        has("objects[4], property `(object)`: is not a JSON object"),
        "{problems:#?}"
    );
    assert!(
        has(
            "objects[6] (threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f), property `id`: is used by objects[5] too; the later version is kept"
        ),
        "{problems:#?}"
    );
    assert!(
        has("property `object_marking_refs`: carries 2 TLP markings (TLP:CLEAR, TLP:RED)"),
        "{problems:#?}"
    );
    assert!(
        has("(campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f), property `name`: is missing"),
        "{problems:#?}"
    );
    // The rest is in: the later threat actor, the victim, their relationship; TLP the strictest.
    let case = &imported.case;
    assert_eq!(case.actors.len(), 2);
    assert!(
        case.actors
            .iter()
            .any(|a| a.name == "Kept: the later version")
    );
    assert_eq!(case.relationships.len(), 1);
    // The object with two TLP markings keeps the strictest; the case is not raised to it.
    assert_eq!(case.tlp, super::DEFAULT_UNMARKED);
    assert!(
        case.markings().any(|(_, m)| m.tlp == Some(Tlp::Red)),
        "{:#?}",
        case.markings().collect::<Vec<_>>()
    );
    assert_eq!(crate::model::validate::check_case(case), vec![]);
}

#[test]
fn a_huge_array_of_junk_is_read_in_bounded_time_and_reported() {
    let mut text = String::from("{\"type\":\"bundle\",\"objects\":[");
    for i in 0..200_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"type\":\"x\"}");
    }
    text.push_str("]}");
    let imported = read(&text);
    assert_eq!(imported.problems.len(), 200_000);
    assert_eq!(imported.mapped, 0);
}

#[test]
fn merging_by_id_shows_conflicts_instead_of_overwriting() {
    let open = example_case();
    let mut theirs = read_bundle(&export::to_bytes(&open), "x").unwrap().case;
    let plan = merge_plan(&open, &theirs);
    assert!(plan.iter().all(|i| matches!(i, MergeItem::Same(_))));
    theirs.actors[0].description = "Their description".into();
    theirs.actors.push(Actor {
        id: Id::new("actor--newcomer"),
        name: "Newcomer".into(),
        kind: ActorKind::Person,
        aliases: vec![],
        country: String::new(),
        description: String::new(),
        map: None,
        marking: Default::default(),
        version: Default::default(),
        extra: Extra::default(),
    });
    let plan = merge_plan(&open, &theirs);
    let conflicts: Vec<_> = plan
        .iter()
        .filter(|i| matches!(i, MergeItem::Conflict { .. }))
        .collect();
    assert_eq!(conflicts.len(), 1);
    assert!(
        plan.iter()
            .any(|i| matches!(i, MergeItem::New(o) if o.id().as_str() == "actor--newcomer"))
    );
}

#[test]
fn every_exported_object_carries_a_tlp_marking_defined_in_the_bundle() {
    let mut case = example_case();
    case.tlp = Tlp::AmberStrict;
    let bundle = export::bundle(&case);
    let objects = bundle["objects"].as_array().unwrap();
    let defined: Vec<&str> = objects
        .iter()
        .filter(|o| o["type"] == "marking-definition")
        .filter_map(|o| o["id"].as_str())
        .collect();
    let strict = crate::stix::tlp_marking_id(Tlp::AmberStrict);
    assert!(defined.contains(&strict));
    for o in objects.iter().filter(|o| o["type"] != "marking-definition") {
        let refs: Vec<&str> = o["object_marking_refs"]
            .as_array()
            .unwrap_or_else(|| panic!("{} has no marking", o["id"]))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(refs.len(), 1, "{}", o["id"]);
        assert!(
            defined.contains(&refs[0]),
            "{} refers to an undefined marking",
            o["id"]
        );
        let public = o["id"] == CASEBOOK_IDENTITY || o["id"] == EXTENSION_ID;
        assert_eq!(refs[0] == strict, !public, "{}", o["id"]);
    }
}

/// A desk's bundle: its own judgment and a vendor's, grades where producers put them, a
/// repeated alias and a confidence out of range.
const DESK: &str = include_str!("../../../tests/corpus/desk-bundle.json");

fn read_desk(ours: &[&str]) -> ImportedBundle {
    let options = ImportOptions {
        ours: ours.iter().map(|o| o.to_string()).collect(),
    };
    read_bundle_with(DESK.as_bytes(), "Desk", &options).expect("a bundle")
}

#[test]
fn a_desks_bundle_keeps_its_grades_confidence_and_likelihood() {
    let imported = read_desk(&["Our Desk"]);
    let case = &imported.case;
    let source = |title: &str| case.sources.iter().find(|s| s.title == title).unwrap();
    assert_eq!(source("Labelled B2").reliability, Some(Reliability::B));
    assert_eq!(source("Tagged C3").reliability, Some(Reliability::C));
    assert_eq!(
        source("By Vendor X").reliability,
        Some(Reliability::B),
        "the author's"
    );
    assert_eq!(source("Ungraded").reliability, None, "not stated, not F");
    let credibility_of = |title: &str| {
        let id = &source(title).id;
        case.citations
            .iter()
            .find(|c| &c.source == id)
            .unwrap()
            .credibility
    };
    assert_eq!(
        credibility_of("Labelled B2"),
        Some(Credibility::ProbablyTrue)
    );
    assert_eq!(credibility_of("Tagged C3"), Some(Credibility::PossiblyTrue));
    assert_eq!(credibility_of("Ungraded"), None, "not stated, not 6");

    let ours = case
        .judgments
        .iter()
        .find(|j| j.rationale.starts_with("We assess"))
        .unwrap();
    assert_eq!(ours.likelihood, Some(Likelihood::Likely), "from its words");
    assert_eq!(
        ours.confidence,
        Some(Confidence::Moderate),
        "50 on None/Low/Med/High"
    );
    assert_eq!(
        ours.claimed_by, None,
        "the desk's own judgment, not a claim"
    );
    let vendor = case
        .judgments
        .iter()
        .find(|j| j.rationale.is_empty())
        .unwrap();
    assert_eq!(vendor.confidence, Some(Confidence::High));
    assert!(vendor.claimed_by.is_some(), "Vendor X's claim");
    let said = |id: &str, words: &str| {
        imported
            .problems
            .iter()
            .any(|p| p.id.as_deref() == Some(id) && p.to_string().contains(words))
    };
    assert!(imported.readings.iter().any(|r| r.id
        == "relationship--66666666-6666-4666-8666-666666666666"
        && r.stated == "no ICD 203 likelihood in the wording"));
    assert!(said(
        "relationship--77777777-7777-4777-8777-777777777777",
        "is 101, not a whole number from 0 to 100"
    ));
    assert!(said(
        "intrusion-set--33333333-3333-4333-8333-333333333333",
        "lists `fancy bear ` twice; the repeat is dropped"
    ));
    let group = case.actors.iter().find(|a| a.name == "APT28").unwrap();
    assert_eq!(group.aliases, vec!["Fancy Bear", "Sofacy"]);
    assert!(
        imported
            .readings
            .iter()
            .any(|r| r.stated.contains("\"likely\"") && r.recorded.starts_with("likelihood likely"))
    );
    let producers: Vec<(&str, bool)> = imported
        .producers
        .iter()
        .map(|p| (p.name.as_str(), p.ours))
        .collect();
    assert_eq!(producers, vec![("Our Desk", true), ("Vendor X", false)]);
    assert_eq!(crate::model::validate::check_case(case), vec![]);
}

#[test]
fn without_ours_a_desks_judgment_is_its_claim_and_the_review_can_say_otherwise() {
    let mut imported = read_desk(&[]);
    let desk_judgment = |imported: &ImportedBundle| {
        imported
            .case
            .judgments
            .iter()
            .find(|j| j.rationale.starts_with("We assess"))
            .unwrap()
            .claimed_by
            .clone()
    };
    assert!(desk_judgment(&imported).is_some(), "a claim by Our Desk");
    imported.set_ours(&["identity--11111111-1111-4111-8111-111111111111".to_owned()]);
    assert_eq!(desk_judgment(&imported), None);
    // Exported, the desk's judgment keeps its producer; the vendor's claim its claimant.
    let bundle = export::bundle(&imported.case);
    let by = |id: &str| {
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .map(|o| o["created_by_ref"].clone())
    };
    assert_eq!(
        by("relationship--55555555-5555-4555-8555-555555555555"),
        Some(Value::String(
            "identity--11111111-1111-4111-8111-111111111111".into()
        ))
    );
    assert_eq!(
        by("relationship--66666666-6666-4666-8666-666666666666"),
        Some(Value::String(
            "identity--22222222-2222-4222-8222-222222222222".into()
        ))
    );
}

#[test]
fn a_chain_from_campaign_to_state_ends_at_the_state_and_leaves_as_it_came() {
    let text = include_str!("../../../tests/corpus/state-chain-bundle.json");
    let imported = read(text);
    let case = &imported.case;
    let kind = |name: &str| case.actors.iter().find(|a| a.name == name).unwrap().kind;
    assert_eq!(kind("Russian Federation"), ActorKind::State);
    assert_eq!(
        kind("Government of Ruritania"),
        ActorKind::State,
        "government-national"
    );
    assert_eq!(kind("Military unit 74455"), ActorKind::Agency);
    let judgment_on = |name: &str| {
        case.judgments
            .iter()
            .find(|j| case.display_name(&j.actor) == name)
            .unwrap_or_else(|| panic!("no judgment on {name}"))
    };
    let group = judgment_on("Sandworm Team");
    assert_eq!(
        (group.level, group.likelihood, group.confidence),
        (
            AttributionLevel::Operational,
            Some(Likelihood::AlmostCertain),
            Some(Confidence::High)
        )
    );
    let state = judgment_on("Russian Federation");
    assert_eq!(case.display_name(&state.subject), "Military unit 74455");
    assert_eq!(
        (state.level, state.likelihood, state.confidence),
        (
            AttributionLevel::Strategic,
            Some(Likelihood::VeryLikely),
            Some(Confidence::High)
        )
    );
    let ruritania = judgment_on("Government of Ruritania");
    assert_eq!(ruritania.likelihood, Some(Likelihood::Unlikely));
    assert_eq!(ruritania.confidence, Some(Confidence::Low));
    assert_eq!(
        case.relationships.len(),
        1,
        "the group attributed to the unit is a relationship between actors"
    );
    assert_eq!(imported.kept, 0, "nothing is left raw");
    // Exported, the link to a state that is a location is written as STIX suggests for the
    // pair, and the states keep their form.
    let bundle = export::bundle(case);
    let objects = bundle["objects"].as_array().unwrap();
    let find = |id: &str| objects.iter().find(|o| o["id"] == id).unwrap();
    assert_eq!(
        find("relationship--c0000000-0000-4000-8000-000000000013")["relationship_type"],
        "located-at",
        "a threat actor is located at a state (STIX suggests no originates-from for it)"
    );
    // STIX suggests no type for a group and a government identity: related-to, the judgment in
    // the extension.
    assert_eq!(
        find("relationship--c0000000-0000-4000-8000-000000000014")["relationship_type"],
        "related-to"
    );
    assert_eq!(
        find("identity--c0000000-0000-4000-8000-000000000005")["sectors"],
        serde_json::json!(["government-national"])
    );
    assert_eq!(
        find("location--c0000000-0000-4000-8000-000000000004")["country"],
        "RU"
    );
}

#[test]
fn what_nobody_stated_is_not_stated_on_export() {
    let text = r#"{"type": "bundle", "id": "bundle--1d1c6f2a-1c4e-4d6b-9a63-52b1f0c5b9a7", "objects": [
      {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--d0000000-0000-4000-8000-000000000001",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "Group"},
      {"type": "identity", "spec_version": "2.1", "id": "identity--d0000000-0000-4000-8000-000000000002",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "Victim", "identity_class": "organization"},
      {"type": "campaign", "spec_version": "2.1", "id": "campaign--d0000000-0000-4000-8000-000000000003",
       "created": "2020-03-04T10:20:00.000Z", "modified": "2020-03-04T10:20:00.000Z", "name": "Undated"},
      {"type": "campaign", "spec_version": "2.1", "id": "campaign--d0000000-0000-4000-8000-000000000004",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "One day",
       "first_seen": "2020-02-02T00:00:00.000Z"},
      {"type": "relationship", "spec_version": "2.1", "id": "relationship--d0000000-0000-4000-8000-000000000005",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "relationship_type": "targets",
       "source_ref": "intrusion-set--d0000000-0000-4000-8000-000000000001", "target_ref": "identity--d0000000-0000-4000-8000-000000000002"}
    ]}"#;
    let imported = read(text);
    assert_eq!(imported.problems, vec![]);
    let bundle = export::bundle(&imported.case);
    let objects = bundle["objects"].as_array().unwrap();
    let find = |id: &str| objects.iter().find(|o| o["id"] == id).unwrap();
    let undated = find("campaign--d0000000-0000-4000-8000-000000000003");
    assert!(
        undated.get("first_seen").is_none(),
        "not taken from created: {undated}"
    );
    let one_day = find("campaign--d0000000-0000-4000-8000-000000000004");
    assert_eq!(one_day["first_seen"], "2020-02-02T00:00:00.000Z");
    assert!(
        one_day.get("last_seen").is_none(),
        "no end of day: {one_day}"
    );
    let unrated = find("relationship--d0000000-0000-4000-8000-000000000005");
    assert!(
        unrated.get("confidence").is_none(),
        "unrated stays unrated: {unrated}"
    );

    // Once the analyst rates it, the rating is exported.
    let mut case = imported.case.clone();
    case.relationships[0].confidence = Confidence::High;
    let bundle = export::bundle(&case);
    let rated = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "relationship--d0000000-0000-4000-8000-000000000005")
        .unwrap()
        .clone();
    assert_eq!(rated["confidence"], 85);
}

#[test]
fn a_kept_object_in_a_newer_version_replaces_the_old_and_an_older_one_is_said() {
    let bundle = |modified: &str, name: &str| {
        format!(
            r#"{{"type": "bundle", "id": "bundle--2a7c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", "objects": [
            {{"type": "course-of-action", "spec_version": "2.1", "id": "course-of-action--e0000000-0000-4000-8000-000000000001",
             "created": "2020-01-01T00:00:00.000Z", "modified": "{modified}", "name": "{name}"}}]}}"#
        )
    };
    let mut case = read(&bundle("2020-01-01T00:00:00.000Z", "Old name")).case;
    let newer = read(&bundle("2021-01-01T00:00:00.000Z", "New name"));
    let split = merge_split(&case, &newer.case);
    assert_eq!(split.newer.len(), 1, "{:?}", split.newer);
    case.apply(crate::model::Command::Import {
        objects: split.new,
        stix_objects: split.stix_objects,
    })
    .unwrap();
    let kept = case.extra.0[STIX_OBJECTS_KEY].as_array().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["name"], "New name");
    let older = read(&bundle("2019-01-01T00:00:00.000Z", "Older name"));
    let split = merge_split(&case, &older.case);
    assert!(split.stix_objects.is_empty());
    assert!(
        split.refused[0].contains("differs from the one the case keeps and is not newer"),
        "{:?}",
        split.refused
    );
    let same = merge_split(&case, &newer.case);
    assert_eq!((same.same, same.stix_objects.len()), (1, 0));
}

#[test]
fn an_accused_states_denial_contradicts_and_survives_a_round_trip() {
    let imported = read_bundle_with(
        include_str!("../../../tests/corpus/opinions-bundle.json").as_bytes(),
        "Opinions",
        &ImportOptions {
            ours: vec!["Analyst Desk".into()],
        },
    )
    .unwrap();
    let case = &imported.case;
    let judgment = &case.judgments[0];
    let on_judgment: Vec<(&str, Stance, &str)> = case
        .citations
        .iter()
        .filter(|c| c.cites == judgment.id)
        .map(|c| {
            let source = case.source(&c.source).unwrap();
            (source.title.as_str(), c.stance, c.quote.as_str())
        })
        .collect();
    assert!(
        on_judgment.contains(&(
            "Opinion of Embassy of Ruritania: strongly-disagree",
            Stance::Contradicts,
            "The accusations are baseless and politically motivated."
        )),
        "the denial, through the report it answers: {on_judgment:?}"
    );
    assert!(
        on_judgment.contains(&("Opinion of Analyst Desk: agree", Stance::Supports, "")),
        "{on_judgment:?}"
    );
    assert_eq!(
        on_judgment.len(),
        3,
        "the report, the denial and the agreement; the neutral opinion cites nothing"
    );
    let embassy = case
        .sources
        .iter()
        .find(|s| s.title.starts_with("Opinion of Embassy"))
        .unwrap();
    assert_eq!(embassy.kind, crate::model::SourceKind::GovernmentStatement);
    assert!(
        imported
            .readings
            .iter()
            .any(|r| r.stated == "opinion \"neutral\"" && r.recorded.starts_with("no citation"))
    );
    assert_eq!(crate::model::validate::check_case(case), vec![]);

    // Out as opinions, in again as the same case.
    let bytes = export::to_bytes(case);
    let bundle: Value = serde_json::from_slice(&bytes).unwrap();
    let denial = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "opinion--f0000000-0000-4000-8000-000000000007")
        .expect("the opinion goes back as an opinion");
    assert_eq!(denial["type"], "opinion");
    assert_eq!(denial["opinion"], "strongly-disagree");
    assert_eq!(
        denial["explanation"],
        "The accusations are baseless and politically motivated."
    );
    assert!(denial.get("name").is_none());
    let again = read_bundle(&bytes, "again").unwrap();
    assert_eq!(again.case.sources, case.sources);
    assert_eq!(again.case.citations.len(), case.citations.len());
    assert_eq!(export::to_bytes(&again.case), bytes);
}

#[test]
fn a_judgment_stated_by_nobody_is_exported_as_not_stated_until_the_analyst_states_it() {
    // The attribution with neither an estimative term nor a confidence.
    let unstated = FOREIGN.replacen(
        "\"target_ref\": \"intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29\",\n     \"confidence\": 80}",
        "\"target_ref\": \"intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29\"}",
        1,
    );
    assert_ne!(unstated, FOREIGN);
    let imported = read(&unstated);
    assert_eq!(
        (
            imported.case.judgments[0].likelihood,
            imported.case.judgments[0].confidence
        ),
        (None, None)
    );
    let mut case = imported.case.clone();
    let id = case.judgments[0].id.clone();
    let exported = |case: &Case| {
        let bundle = export::bundle(case);
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["type"] == "relationship" && o["relationship_type"] == "attributed-to")
            .unwrap()
            .clone()
    };
    let ext = |o: &serde_json::Value| o["extensions"][crate::stix::EXTENSION_ID].clone();
    let before = exported(&case);
    assert!(
        ext(&before).get("likelihood").is_none()
            && ext(&before).get("confidence").is_none()
            && before.get("confidence").is_none(),
        "not stated, not null: {before}"
    );
    // The analyst states both, the confidence lower than the producer's: both are written.
    let j = case.judgments.iter_mut().find(|j| j.id == id).unwrap();
    j.likelihood = Some(Likelihood::Likely);
    j.confidence = Some(Confidence::Low);
    let after = exported(&case);
    assert_eq!(after["confidence"], 15, "{after}");
    assert_eq!(ext(&after)["likelihood"], "likely");
    // A judgment with no confidence at all leaves it out, in STIX and in the extension.
    case.judgments[0].confidence = None;
    let none = exported(&case);
    assert!(none.get("confidence").is_none() && ext(&none).get("confidence").is_none());
}

#[test]
fn a_malformed_timestamp_is_reported_and_never_wins_over_a_valid_version() {
    let imported = read(include_str!("../../../tests/corpus/bad-times-bundle.json"));
    let problems: Vec<String> = imported.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        vec![
            "objects[1] (intrusion-set--d0000000-0000-4000-8000-000000000001), property `modified`: is \"garbage\", not a STIX timestamp; the object is left out",
            "objects[2] (intrusion-set--d0000000-0000-4000-8000-000000000002), property `created`: is \"yesterday\", not a STIX timestamp; the object is left out",
            "objects[3] (campaign--d0000000-0000-4000-8000-000000000003), property `first_seen`: is \"not a date\", not a STIX timestamp; it is left out",
        ]
    );
    let names: Vec<&str> = imported
        .case
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Valid newer"],
        "the valid version, not the garbage one"
    );
    // What goes out again is valid: no malformed time is written back.
    let bundle = export::to_bytes(&imported.case);
    assert!(!String::from_utf8(bundle).unwrap().contains("not a date"));
}

#[test]
fn of_two_valid_versions_the_later_time_wins_whatever_its_spelling() {
    // "…00Z" sorts after "…00.500Z" as text; as times, the second is half a second later.
    let text = r#"{"type": "bundle", "id": "bundle--1d1c6f2a-1c4e-4d6b-9a63-52b1f0c5b9a7", "objects": [
      {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--d0000000-0000-4000-8000-000000000001",
       "created": "2020-01-01T00:00:00Z", "modified": "2021-01-01T00:00:00Z", "name": "Older"},
      {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--d0000000-0000-4000-8000-000000000001",
       "created": "2020-01-01T00:00:00Z", "modified": "2021-01-01T00:00:00.500Z", "name": "Newer"}
    ]}"#;
    let imported = read(text);
    assert_eq!(imported.case.actors[0].name, "Newer");
}

#[test]
fn a_state_named_in_words_leaves_as_its_country_and_comes_back_a_state() {
    let case = example_case();
    let bundle = export::bundle(&case);
    let objects = bundle["objects"].as_array().unwrap();
    let albania = objects
        .iter()
        .find(|o| o["name"] == "Albania")
        .expect("Albania is exported");
    assert_eq!(
        (albania["type"].as_str(), albania["country"].as_str()),
        (Some("location"), Some("AL")),
        "{albania}"
    );
    // The strategic judgment on the December attack leads to the country as STIX suggests.
    let iran = objects.iter().find(|o| o["name"] == "Iran").unwrap();
    assert!(
        objects
            .iter()
            .any(|o| o["relationship_type"] == "originates-from" && o["target_ref"] == iran["id"])
    );
    let again = read(&String::from_utf8(export::to_bytes(&case)).unwrap()).case;
    let back = again.actors.iter().find(|a| a.name == "Albania").unwrap();
    assert_eq!(
        (back.kind, back.country.as_str()),
        (ActorKind::State, "Albania")
    );
}

#[test]
fn a_grade_opencti_wrote_in_its_extension_is_read_and_written_back_there() {
    let text = r#"{"type": "bundle", "id": "bundle--1d1c6f2a-1c4e-4d6b-9a63-52b1f0c5b9a7", "objects": [
      {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--d0000000-0000-4000-8000-000000000001",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "Group"},
      {"type": "report", "spec_version": "2.1", "id": "report--d0000000-0000-4000-8000-000000000002",
       "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "From OpenCTI",
       "published": "2020-01-01T00:00:00.000Z", "object_refs": ["intrusion-set--d0000000-0000-4000-8000-000000000001"],
       "extensions": {"extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba":
         {"extension_type": "property-extension", "reliability": "C - Fairly reliable"}}}
    ]}"#;
    let imported = read(text);
    assert_eq!(imported.case.sources[0].reliability, Some(Reliability::C));
    let mut case = imported.case;
    case.sources[0].reliability = Some(Reliability::B);
    let bundle = export::bundle(&case);
    let report = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["type"] == "report" && o["name"] == "From OpenCTI")
        .unwrap()
        .clone();
    assert_eq!(
        report["extensions"][crate::stix::OPENCTI_EXTENSION]["reliability"],
        "B - Usually reliable",
        "{report}"
    );
}

#[test]
fn an_export_after_one_edit_re_versions_that_object_alone() {
    let versions = |bytes: &[u8]| -> HashMap<String, (String, String)> {
        let bundle: Value = serde_json::from_slice(bytes).unwrap();
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| {
                Some((
                    o["id"].as_str()?.to_owned(),
                    (
                        o["type"].as_str()?.to_owned(),
                        o["modified"].as_str()?.to_owned(),
                    ),
                ))
            })
            .collect()
    };
    let mut case = example_case();
    let before = versions(&export::to_bytes(&case));
    let id = Id::new("actor--nato");
    let mut actor = case.actor(&id).unwrap().clone();
    actor.description = "Edited".into();
    case.apply(crate::model::Command::Put(CaseObject::Actor(actor)))
        .unwrap();
    let edited = case.actor(&id).unwrap().version;
    assert!(edited.modified.is_some() && edited.modified >= edited.created);
    let after = versions(&export::to_bytes(&case));
    assert_eq!(before.len(), after.len());
    let changed: Vec<&(String, String)> = after
        .iter()
        .filter(|(id, v)| before.get(*id) != Some(*v))
        .map(|(_, v)| v)
        .collect();
    // The actor, and the report on the whole case; nothing else (NATO is named by no
    // judgment, so no wording note quotes it).
    let mut types: Vec<&str> = changed.iter().map(|(t, _)| t.as_str()).collect();
    types.sort();
    assert_eq!(types, ["identity", "report"], "{changed:?}");
    // And the version goes back into the case as it was written.
    let read = read_bundle(&export::to_bytes(&case), "x").unwrap().case;
    assert_eq!(read.actor(&id).unwrap().version, edited);
    assert_eq!(
        read.actor(&Id::new("actor--iran")).unwrap().version,
        Default::default()
    );
}

#[test]
fn a_regraded_citation_re_versions_the_object_it_is_written_into_and_reads_back_as_it_was() {
    let modified_of = |case: &crate::model::Case, stix_id: &str| -> String {
        let bundle: Value = serde_json::from_slice(&export::to_bytes(case)).unwrap();
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == stix_id)
            .unwrap()["modified"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut case = example_case();
    let mut citation = case.citations[0].clone();
    let cited = case.object(&citation.cites).unwrap();
    let stix_id = export::stix_id_of(&cited).unwrap();
    let before = modified_of(&case, &stix_id);
    citation.quote.push_str(" (checked again)");
    case.apply(crate::model::Command::Put(CaseObject::Citation(
        citation.clone(),
    )))
    .unwrap();
    let after = modified_of(&case, &stix_id);
    assert_ne!(
        before, after,
        "the object's content changed, so its version must"
    );
    // Read back: the citation and the object it cites keep their own versions.
    let read = read_bundle(&export::to_bytes(&case), "x").unwrap().case;
    let read_citation = read.citations.iter().find(|c| c.id == citation.id).unwrap();
    assert_eq!(read_citation.quote, case.citations[0].quote);
    assert_eq!(
        read.object(&citation.cites).unwrap().version(),
        case.object(&citation.cites).unwrap().version()
    );
}
