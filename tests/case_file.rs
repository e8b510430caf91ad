//! The case file as a user meets it: generated cases survive a save and reopen byte for byte,
//! unknown fields are kept, every reference rule is enforced on open, hostile files are refused
//! with an error that says what and where, and a save never damages the file it replaces.

use casebook::example::{EXAMPLE_CASE_JSON, example_case};
use casebook::model::*;
use casebook::store::{self, LoadError, atomic::backup_path, from_bytes, to_bytes};
use casebook::tradecraft::*;
use proptest::prelude::*;
use std::path::Path;

fn load_str(text: &str) -> Result<Case, LoadError> {
    from_bytes(text.as_bytes(), Path::new("test.json"))
}

fn load_err(text: &[u8]) -> String {
    match from_bytes(text, Path::new("hostile.json")) {
        Ok(_) => panic!(
            "a hostile file was accepted: {}",
            String::from_utf8_lossy(&text[..text.len().min(200)])
        ),
        Err(e) => e.to_string(),
    }
}

/// The example case with one edit made to its JSON text.
fn example_with(from: &str, to: &str) -> String {
    assert!(EXAMPLE_CASE_JSON.contains(from), "the example holds {from}");
    EXAMPLE_CASE_JSON.replacen(from, to, 1)
}

// ---------------------------------------------------------------- generated cases

fn text() -> impl Strategy<Value = String> {
    // Printable text of every script, quotes, backslashes, control characters and emoji.
    prop::string::string_regex("[a-zA-Z0-9 ëçşñ日本語\"\\\\\u{202e}\u{0}\u{7f}🙂<>&']{0,24}")
        .unwrap()
}

fn name() -> impl Strategy<Value = String> {
    prop::string::string_regex("[A-Za-z0-9ëç][a-zA-Z0-9 ëç\"<>&'-]{0,20}").unwrap()
}

fn date() -> impl Strategy<Value = PartialDate> {
    (
        1000i32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0usize..4,
    )
        .prop_map(|(y, m, d, h, min, p)| {
            PartialDate::minute(y, m, d, h, min)
                .unwrap()
                .with_precision(DatePrecision::ALL[p])
        })
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::btree_map(
        "x_[a-z]{1,6}",
        prop_oneof![
            any::<i64>().prop_map(serde_json::Value::from),
            text().prop_map(serde_json::Value::from),
            Just(serde_json::json!({"nested": [1, "two", null, {"three": 3.5}]})),
        ],
        0..3,
    )
    .prop_map(Extra)
}

/// Versions of every kind: none (a file from before objects had versions), to the
/// millisecond (as Casebook stamps), and to the microsecond (as other platforms write).
fn version_for(index: usize) -> ObjectVersion {
    let at = |s: &str| Some(s.parse().expect("a time"));
    match index % 3 {
        0 => ObjectVersion::default(),
        1 => ObjectVersion {
            created: at("2024-02-03T04:05:06.789Z"),
            modified: at("2025-06-07T08:09:10.111Z"),
        },
        _ => ObjectVersion {
            created: at("2023-12-25T10:00:00.123456Z"),
            modified: at("2023-12-26T11:30:00.654321Z"),
        },
    }
}

prop_compose! {
    fn actor(index: usize)(name in name(), kind in pick(ActorKind::ALL), aliases in prop::collection::vec(name(), 0..3),
                           country in text(), description in text(), extra in extra(),
                           place in prop::option::of((-1.0e6f32..1.0e6, -1.0e6f32..1.0e6, any::<bool>()).prop_map(|(x, y, pinned)| MapPlacement { x, y, pinned }))) -> Actor {
        let mut aliases = aliases;
        aliases.sort_by_key(|a| a.trim().to_lowercase());
        aliases.dedup_by_key(|a| a.trim().to_lowercase());
        aliases.retain(|a| !a.trim().is_empty());
        Actor { id: Id::new(format!("actor--a{index}")), name, kind, aliases, country: country.replace(['\n', '\r'], ""), description, map: place, marking: casebook::model::Marking { tlp: casebook::tradecraft::Tlp::ALL.get(index % 7).copied(), fields: if index.is_multiple_of(3) { [("description".to_owned(), casebook::tradecraft::Tlp::Red)].into() } else { Default::default() } }, version: version_for(index), extra }
    }
}

/// A valid case with `n` actors and references drawn among them.
fn case() -> impl Strategy<Value = Case> {
    (2usize..8)
        .prop_flat_map(|n| {
            let actors: Vec<_> = (0..n).map(actor).collect();
            (
                actors,
                prop::collection::vec(
                    (
                        0..n,
                        1..n,
                        // The kinds between two actors (the technical kinds come last).
                        pick(&RelationshipKind::ALL[..10]),
                        pick(Confidence::ALL),
                        any::<bool>(),
                        any::<bool>(),
                        prop::option::of(date()),
                        text(),
                    ),
                    0..8,
                ),
                prop::collection::vec(
                    (
                        name(),
                        pick(EventKind::ALL),
                        date(),
                        prop::collection::vec(0..n, 0..3),
                    ),
                    0..6,
                ),
                prop::collection::vec(
                    (
                        name(),
                        text(),
                        pick(SourceKind::ALL),
                        prop::option::of(pick(Reliability::ALL)),
                        prop::option::of(date()),
                    ),
                    1..4,
                ),
                prop::collection::vec(
                    (
                        prop::option::of(pick(Credibility::ALL)),
                        text(),
                        0..100usize,
                        0..100usize,
                    ),
                    0..8,
                ),
                prop::collection::vec(
                    (
                        pick(AttributionLevel::ALL),
                        prop::option::of(pick(Likelihood::ALL)),
                        prop::option::of(pick(Confidence::ALL)),
                        text(),
                    ),
                    0..3,
                ),
                (name(), text(), pick(Tlp::ALL), extra()),
            )
        })
        .prop_map(
            |(
                actors,
                rels,
                events,
                sources,
                citations,
                judgments,
                (title, summary, tlp, case_extra),
            )| {
                let n = actors.len();
                let aid = |i: usize| actors[i % n].id.clone();
                let mut case = Case::new(title);
                case.summary = summary;
                case.tlp = tlp;
                case.extra = case_extra;
                case.created =
                    chrono::DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
                case.modified = case.created;
                case.relationships = rels
                    .into_iter()
                    .enumerate()
                    .map(
                        |(
                            i,
                            (s, offset, kind, confidence, directed, disputed, from, description),
                        )| Relationship {
                            id: Id::new(format!("relationship--r{i}")),
                            kind,
                            source: aid(s),
                            target: aid(s + offset),
                            directed,
                            confidence,
                            disputed,
                            valid_from: from,
                            valid_until: None,
                            description,
                            marking: Default::default(),
                            version: version_for(i + 1),
                            extra: Extra::default(),
                        },
                    )
                    .collect();
                case.events = events
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, kind, start, involved))| {
                        let mut ids: Vec<Id> = involved.into_iter().map(aid).collect();
                        ids.sort();
                        ids.dedup();
                        Event {
                            id: Id::new(format!("event--e{i}")),
                            title,
                            kind,
                            start,
                            end: None,
                            actors: ids,
                            roles: Default::default(),
                            technical: Vec::new(),
                            location: String::new(),
                            description: String::new(),
                            marking: Default::default(),
                            version: Default::default(),
                            extra: Extra::default(),
                        }
                    })
                    .collect();
                case.sources = sources
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, notes, kind, reliability, published))| Source {
                        id: Id::new(format!("source--s{i}")),
                        title,
                        publisher: String::new(),
                        author: String::new(),
                        kind,
                        url: format!("https://example.org/{i}"),
                        published,
                        accessed: None,
                        reliability,
                        language: "en".into(),
                        notes,
                        // Some relay the first source (circular reporting).
                        derived_from: if i % 3 == 2 {
                            vec![Id::new("source--s0")]
                        } else {
                            vec![]
                        },
                        marking: Default::default(),
                        version: version_for(i + 2),
                        extra: Extra::default(),
                    })
                    .collect();
                case.judgments = if case.events.is_empty() {
                    vec![]
                } else {
                    judgments
                        .into_iter()
                        .enumerate()
                        .map(|(i, (level, likelihood, confidence, rationale))| Judgment {
                            id: Id::new(format!("judgment--j{i}")),
                            subject: case.events[i % case.events.len()].id.clone(),
                            actor: aid(i),
                            level,
                            claimed_by: (i % 3 == 1).then(|| aid(i + 1)),
                            likelihood,
                            confidence,
                            status: JudgmentStatus::ALL[i % JudgmentStatus::ALL.len()],
                            revisions: (0..i % 2)
                                .map(|_| Revision {
                                    at: chrono::DateTime::from_timestamp(
                                        1_700_000_000 + i as i64,
                                        0,
                                    )
                                    .unwrap(),
                                    previous_likelihood: likelihood,
                                    previous_confidence: confidence,
                                    likelihood,
                                    confidence,
                                    reason: rationale.clone(),
                                    extra: Extra::default(),
                                })
                                .collect(),
                            rationale,
                            marking: casebook::model::Marking {
                                tlp: casebook::tradecraft::Tlp::ALL.get(i % 6).copied(),
                                fields: Default::default(),
                            },
                            version: version_for(i),
                            extra: Extra::default(),
                        })
                        .collect()
                };
                let targets: Vec<Id> = case
                    .actors
                    .iter()
                    .map(|a| a.id.clone())
                    .chain(actors.iter().map(|a| a.id.clone()))
                    .chain(case.events.iter().map(|e| e.id.clone()))
                    .chain(case.judgments.iter().map(|j| j.id.clone()))
                    .collect();
                case.actors = actors;
                let sources = case.sources.len();
                case.citations = citations
                    .into_iter()
                    .enumerate()
                    .map(|(i, (credibility, quote, s, t))| Citation {
                        id: Id::new(format!("citation--c{i}")),
                        source: case.sources[s % sources].id.clone(),
                        cites: targets[t % targets.len()].clone(),
                        credibility,
                        stance: Stance::ALL[i % Stance::ALL.len()],
                        line: casebook::model::EvidenceLine::ALL.get(i % 5).copied(),
                        quote,
                        locator: String::new(),
                        marking: Default::default(),
                        version: version_for(i + 1),
                        extra: Extra::default(),
                    })
                    .collect();
                if let Some(event) = case.events.first() {
                    let mut analysis = Analysis {
                        id: Id::new("analysis--a"),
                        subject: event.id.clone(),
                        title: "Who?".into(),
                        hypotheses: vec![],
                        evidence: vec![],
                        notes: String::new(),
                        marking: Default::default(),
                        version: Default::default(),
                        extra: Extra::default(),
                    };
                    for h in 0..3 {
                        analysis.hypotheses.push(Hypothesis {
                            key: format!("h{h}"),
                            title: format!("Hypothesis {h}"),
                            actor: case.actors.get(h).map(|a| a.id.clone()),
                            judgment: case.judgments.get(h).map(|j| j.id.clone()),
                            extra: Extra::default(),
                        });
                    }
                    for (row, c) in case.citations.iter().take(4).enumerate() {
                        analysis.evidence.push(EvidenceRow {
                            citation: c.id.clone(),
                            ratings: (0..3)
                                .map(|h| (format!("h{h}"), Consistency::ALL[(row + h) % 6]))
                                .collect(),
                            extra: Extra::default(),
                        });
                    }
                    case.analyses.push(analysis);
                }
                case
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn generated_cases_round_trip_to_the_same_case_and_bytes(case in case()) {
        prop_assert_eq!(validate::check_case(&case), vec![]);
        let bytes = to_bytes(&case);
        let back = from_bytes(&bytes, Path::new("generated.json")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &case);
        prop_assert_eq!(to_bytes(&back), bytes);
    }

    #[test]
    fn any_bytes_give_a_case_or_an_error_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = from_bytes(&bytes, Path::new("noise.json"));
    }

    #[test]
    fn mangled_example_files_give_a_case_or_an_error(cut in 0usize..EXAMPLE_CASE_JSON.len(), byte in any::<u8>()) {
        let mut bytes = EXAMPLE_CASE_JSON.as_bytes().to_vec();
        bytes[cut] = byte;
        let _ = from_bytes(&bytes, Path::new("mangled.json"));
        let _ = from_bytes(&bytes[..cut], Path::new("truncated.json"));
    }
}

// ---------------------------------------------------------------- unknown fields

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let text = example_with(
        "\"tlp\": \"TLP:CLEAR\",",
        "\"tlp\": \"TLP:CLEAR\",\n  \"zz_from_the_future\": {\"b\": [1, 2], \"a\": null},",
    )
    .replacen(
        "\"name\": \"Homeland Justice\",",
        "\"name\": \"Homeland Justice\",\n      \"x_position\": [12.5, -3],",
        1,
    );
    let case = load_str(&text).unwrap();
    assert_eq!(
        case.extra.0["zz_from_the_future"],
        serde_json::json!({"a": null, "b": [1, 2]})
    );
    let saved = String::from_utf8(to_bytes(&case)).unwrap();
    assert!(saved.contains("\"zz_from_the_future\""));
    assert!(
        saved.contains("\"x_position\": [\n        12.5,\n        -3\n      ]"),
        "{saved}"
    );
    assert_eq!(load_str(&saved).unwrap(), case);
}

// ---------------------------------------------------------------- reference rules

#[test]
fn every_reference_rule_is_enforced_on_open() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "\"target\": \"actor--albanian-parliament\"",
            "\"target\": \"actor--nobody\"",
            "relationships[0] (relationship--hj-targets-parliament), field `target`: refers to actor--nobody, which is not in the case",
        ),
        (
            "\"source\": \"actor--homeland-justice\"",
            "\"source\": \"event--parliament-attack\"",
            "field `source`: refers to event--parliament-attack, which is not an actor",
        ),
        (
            "\"actors\": [\n        \"actor--albanian-parliament\"\n      ]",
            "\"actors\": [\n        \"actor--ghost\"\n      ]",
            "field `actors`: refers to actor--ghost",
        ),
        (
            "\"source\": \"source--ap-2023-12-26\",\n      \"cites\": \"event--parliament-attack\"",
            "\"source\": \"source--gone\",\n      \"cites\": \"event--parliament-attack\"",
            "field `source`: refers to source--gone",
        ),
        (
            "\"cites\": \"event--parliament-attack\"",
            "\"cites\": \"citation--parliament-statement\"",
            "field `cites`: refers to citation--parliament-statement, which is not an actor or a technical object or a relationship or an event or a judgment",
        ),
        (
            "\"subject\": \"event--parliament-attack\"",
            "\"subject\": \"source--parliament-statement\"",
            "field `subject`: refers to source--parliament-statement, which is not an event or an actor",
        ),
        (
            "\"actor\": \"actor--homeland-justice\"",
            "\"actor\": \"actor--missing\"",
            "field `actor`: refers to actor--missing",
        ),
        (
            "\"id\": \"actor--albania\"",
            "\"id\": \"actor--albanian-parliament\"",
            "field `id`: is already used by actors[0]",
        ),
        (
            "\"id\": \"actor--albania\"",
            "\"id\": \"event--albania\"",
            "field `id`: an actor id must start with actor--",
        ),
        (
            "\"id\": \"actor--albania\"",
            "\"id\": \"actor--al bania\"",
            "field `id`: after the kind",
        ),
        (
            "\"name\": \"NATO\"",
            "\"name\": \"  \"",
            "field `name`: must not be empty",
        ),
        (
            "\"start\": \"2023-12-26\"",
            "\"start\": \"2023-12-26\",\n      \"end\": \"2023-12-01\"",
            "field `end`: 2023-12-01 is before the start 2023-12-26",
        ),
        (
            "\"valid_from\": \"2013\"",
            "\"valid_from\": \"2013\",\n      \"valid_until\": \"2012\"",
            "field `valid_until`: 2012 is before valid_from 2013",
        ),
        (
            "\"source\": \"actor--iran-mfa\",\n      \"target\": \"actor--iran\"",
            "\"source\": \"actor--iran\",\n      \"target\": \"actor--iran\"",
            "field `target`: must be a different actor from the source",
        ),
        (
            "\"language\": \"en\",\n      \"notes\": \"Wire",
            "\"url\": \"javascript:alert(1)\",\n      \"language\": \"en\",\n      \"notes\": \"Wire",
            "field `url`: must start with http:// or https://",
        ),
    ];
    for (from, to, expected) in cases {
        let error = match load_str(&example_with(from, to)) {
            Ok(_) => panic!("changing {from} to {to} was accepted"),
            Err(e) => e.to_string(),
        };
        assert!(
            error.contains(expected),
            "changing {from} to {to}:\n got {error}\n want {expected}"
        );
    }
}

// ---------------------------------------------------------------- hostile files

#[test]
fn hostile_files_are_refused_with_an_error_that_says_what_and_where() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_in_extra = example_with(
        "\"tlp\": \"TLP:CLEAR\",",
        &format!(
            "\"tlp\": \"TLP:CLEAR\", \"x\": {}1{},",
            "[".repeat(5000),
            "]".repeat(5000)
        ),
    );
    let huge_string = example_with(
        "\"name\": \"NATO\"",
        &format!("\"name\": \"{}\"", "N".repeat(5_000_000)),
    );
    let many_numbers = format!(
        "{{\"format\": \"casebook-case\", \"version\": 1, \"x\": [{}]}}",
        vec!["1e308"; 200_000].join(",")
    );
    let corpus: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "is empty"),
        ("whitespace", b" \n\t ".to_vec(), "is empty"),
        (
            "truncated",
            EXAMPLE_CASE_JSON.as_bytes()[..EXAMPLE_CASE_JSON.len() / 2].to_vec(),
            "not valid JSON: EOF while parsing",
        ),
        (
            "not json",
            b"hello".to_vec(),
            "is a JSON object, starting with {",
        ),
        ("array", b"[1,2,3]".to_vec(), "not a Casebook case"),
        ("null", b"null".to_vec(), "not a Casebook case"),
        (
            "no format",
            b"{\"version\": 1}".to_vec(),
            "has no `format` field",
        ),
        (
            "wrong format",
            b"{\"format\": \"stix\", \"version\": 1}".to_vec(),
            "its `format` is \"stix\"",
        ),
        (
            "newer version",
            example_with("\"version\": 3", "\"version\": 7").into_bytes(),
            "written by a newer Casebook (case format version 7)",
        ),
        (
            "version zero",
            example_with("\"version\": 3", "\"version\": 0").into_bytes(),
            "version 0 is not a case format version",
        ),
        (
            "version string",
            example_with("\"version\": 3", "\"version\": \"1\"").into_bytes(),
            "`version` must be a whole number",
        ),
        (
            "version huge",
            example_with("\"version\": 3", "\"version\": 1e400").into_bytes(),
            "number out of range",
        ),
        (
            "wrong type",
            example_with("\"name\": \"NATO\"", "\"name\": 42").into_bytes(),
            "field `actors[11].name`: invalid type: integer `42`, expected a string (line",
        ),
        (
            "unknown kind",
            example_with("\"kind\": \"person\"", "\"kind\": \"alien\"").into_bytes(),
            "field `actors[8].kind`: unknown variant `alien`",
        ),
        (
            "bad grade",
            example_with("\"reliability\": \"D\"", "\"reliability\": \"G\"").into_bytes(),
            "unknown variant `G`",
        ),
        (
            "bad date",
            example_with("\"start\": \"2013\"", "\"start\": \"2013-02-30\"").into_bytes(),
            "`2013-02-30` is not a date: that day does not exist",
        ),
        (
            "missing field",
            example_with("\"kind\": \"person\",\n", "").into_bytes(),
            "missing field `kind`",
        ),
        (
            "duplicate known key",
            example_with(
                "\"name\": \"NATO\"",
                "\"name\": \"NATO\", \"name\": \"OTAN\"",
            )
            .into_bytes(),
            "duplicate field `name`",
        ),
        (
            "duplicate unknown key",
            example_with(
                "\"name\": \"NATO\"",
                "\"name\": \"NATO\", \"x\": 1, \"x\": 2",
            )
            .into_bytes(),
            "duplicate key `x`",
        ),
        (
            "duplicate nested key",
            example_with(
                "\"name\": \"NATO\"",
                "\"name\": \"NATO\", \"x\": {\"y\": 1, \"y\": 2}",
            )
            .into_bytes(),
            "duplicate key `y`",
        ),
        (
            "duplicate format",
            b"{\"format\": \"casebook-case\", \"format\": \"casebook-case\", \"version\": 1}"
                .to_vec(),
            "duplicate field `format`",
        ),
        (
            "NaN",
            example_with("\"version\": 3", "\"version\": 3, \"x\": NaN").into_bytes(),
            "not valid JSON",
        ),
        (
            "Infinity",
            example_with("\"version\": 3", "\"version\": 3, \"x\": Infinity").into_bytes(),
            "not valid JSON",
        ),
        (
            "invalid utf-8",
            {
                let mut b = EXAMPLE_CASE_JSON.as_bytes().to_vec();
                b[300] = 0xff;
                b
            },
            "not UTF-8 text: invalid byte at line",
        ),
        (
            "utf-16",
            EXAMPLE_CASE_JSON
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect(),
            "not",
        ),
        ("nul bytes", vec![0u8; 1000], "not a Casebook case"),
        ("deep nesting", deep.into_bytes(), "not a Casebook case"),
        (
            "deep nesting in an object",
            format!("{{\"a\": {}", "[".repeat(100_000)).into_bytes(),
            "not valid JSON: EOF",
        ),
        (
            "deep nesting in an unknown field",
            deep_in_extra.into_bytes(),
            "recursion limit exceeded",
        ),
        (
            "huge string",
            huge_string.into_bytes(),
            "field `name`: is longer than 500 characters",
        ),
        (
            "many huge numbers",
            many_numbers.into_bytes(),
            "missing field `title`",
        ),
        (
            "trailing garbage",
            format!("{EXAMPLE_CASE_JSON} {{}}").into_bytes(),
            "trailing characters",
        ),
        (
            "id too long",
            example_with(
                "\"id\": \"actor--nato\"",
                &format!("\"id\": \"actor--{}\"", "n".repeat(500)),
            )
            .into_bytes(),
            "an id is at most 120 characters",
        ),
    ];
    for (what, bytes, expected) in corpus {
        let error = load_err(&bytes);
        assert!(
            error.contains(expected),
            "{what}:\n got {error}\n want {expected}"
        );
        assert!(
            error.contains("hostile.json"),
            "{what}: the error names the file: {error}"
        );
    }
}

#[test]
fn errors_give_the_line_and_column() {
    let text = example_with("\"name\": \"NATO\"", "\"name\": 42");
    let line = text
        .lines()
        .position(|l| l.contains("\"name\": 42"))
        .unwrap()
        + 1;
    let error = load_str(&text).unwrap_err().to_string();
    assert!(error.contains(&format!("line {line}, column")), "{error}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(EXAMPLE_CASE_JSON.as_bytes());
    assert_eq!(
        from_bytes(&bytes, Path::new("bom.json")).unwrap(),
        example_case()
    );
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(store::MAX_FILE_BYTES + 1).unwrap();
    let error = store::load(&path).unwrap_err().to_string();
    assert!(error.contains("more than the 536870912 bytes"), "{error}");
    let missing = store::load(&dir.path().join("nope.json"))
        .unwrap_err()
        .to_string();
    assert!(
        missing.contains("cannot read") && missing.contains("nope.json"),
        "{missing}"
    );
    let folder = store::load(dir.path()).unwrap_err().to_string();
    assert!(folder.contains("cannot read"), "{folder}");
}

// ---------------------------------------------------------------- saving

#[test]
fn save_writes_the_same_bytes_and_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("albania.casebook.json");
    let mut case = example_case();
    store::save(&case, &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE_CASE_JSON);
    case.apply(Command::SetInfo(CaseInfo {
        title: "Edited".into(),
        ..case.info()
    }))
    .unwrap();
    store::save(&case, &path).unwrap();
    assert_eq!(store::load(&path).unwrap(), case);
    assert_eq!(store::load(&backup_path(&path)).unwrap(), example_case());
}

#[test]
fn a_failed_save_leaves_the_file_intact_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    store::save(&example_case(), &path).unwrap();
    // A folder where the backup must go makes the save fail after the new file was written.
    std::fs::create_dir(backup_path(&path)).unwrap();
    std::fs::write(backup_path(&path).join("keep"), b"x").unwrap();
    let mut case = example_case();
    case.title = "Never written".into();
    let error = store::save(&case, &path).unwrap_err().to_string();
    assert!(
        error.contains("could not save") && error.contains("case.json"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE_CASE_JSON);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "no temporary file is left: {names:?}"
    );
}

#[cfg(unix)]
#[test]
fn save_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    store::save(&example_case(), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    store::save(&example_case(), &path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

/// The fuzzer's seed corpus (and any input it ever found to crash a reader, kept there as a
/// regression): both readers of untrusted files refuse or read each file, never panic.
#[test]
fn the_fuzz_corpus_is_read_or_refused_by_both_readers() {
    let mut files: Vec<_> = std::fs::read_dir("tests/corpus")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let _ = from_bytes(&bytes, &file);
        let _ = casebook::stix::import::read_bundle(&bytes, "corpus");
    }
}

#[test]
fn an_open_reports_its_progress_in_order_up_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.casebook.json");
    casebook::store::save(&casebook::example::example_case(), &path).unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    casebook::store::load_stamped(&path, &|f| seen.borrow_mut().push(f)).unwrap();
    let seen = seen.into_inner();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.contains(&casebook::store::PARSED), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
}

#[test]
fn a_version_1_file_opens_and_is_written_as_version_3() {
    // Version 1 had no "not stated" grades or estimates and no "about" stance: every version 1
    // file reads unchanged, and a save writes version 3.
    let old = example_with("\"version\": 3", "\"version\": 1");
    let case = load_str(&old).expect("a version 1 file opens");
    assert_eq!(case, example_case());
    let written = String::from_utf8(to_bytes(&case)).unwrap();
    assert!(written.contains("\"version\": 3"), "{}", &written[..80]);
}

#[test]
fn grades_and_estimates_nobody_stated_stay_not_stated_through_a_save() {
    let mut case = example_case();
    case.sources[0].reliability = None;
    case.citations[0].credibility = None;
    case.citations[0].stance = Stance::About;
    case.judgments[0].likelihood = None;
    case.judgments[0].confidence = None;
    let bytes = to_bytes(&case);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"stance\": \"about\""));
    let again = from_bytes(&bytes, Path::new("t.json")).unwrap();
    assert_eq!(again, case);
    assert_eq!(again.sources[0].reliability, None);
    assert_eq!(again.judgments[0].likelihood, None);
}
