//! Building the library from MISP galaxy cluster files: `mitre-attack-pattern.json`,
//! `mitre-malware.json`, `mitre-tool.json` and `mitre-intrusion-set.json` (MISP's copy of
//! ATT&CK, with its `uses` links) and, if present, `threat-actor.json` (MISP's own galaxy of
//! threat actors: synonyms, country, suspected state sponsor).

use super::{Group, Library, LibraryError, Origin, Software, Technique, read_capped};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// The notice ATT&CK's terms of use ask every reproduction to carry.
pub const ATTACK_NOTICE: &str = "© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. ATT&CK® is a registered trademark of The MITRE Corporation. Terms of use: https://attack.mitre.org/resources/legal-and-branding/terms-of-use/";
/// MISP galaxies' licence.
pub const GALAXY_LICENCE: &str = "CC0 1.0 Universal, or the 2-clause BSD licence, at the user's choice (MISP galaxy, https://github.com/MISP/misp-galaxy, LICENSE.md)";

fn cluster(dir: &Path, name: &str) -> Result<Option<Value>, LibraryError> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = read_capped(&path)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        LibraryError::invalid(&path, format!("is not a MISP galaxy cluster file: {e}"))
    })?;
    if !value.get("values").is_some_and(Value::is_array) {
        return Err(LibraryError::invalid(
            &path,
            "has no `values` list: it is not a MISP galaxy cluster file",
        ));
    }
    Ok(Some(value))
}

fn required(dir: &Path, name: &str) -> Result<Value, LibraryError> {
    cluster(dir, name)?.ok_or_else(|| {
        LibraryError::invalid(
            dir,
            format!("has no {name}: a folder of MISP galaxy cluster files holds it"),
        )
    })
}

fn values(cluster: &Value) -> impl Iterator<Item = &Value> {
    cluster["values"].as_array().into_iter().flatten()
}

fn strings(value: &Value) -> Vec<String> {
    crate::stix::string_list(Some(value))
}

/// "Sandworm Team - G0034" → "Sandworm Team".
fn plain_name(value: &str, id: &str) -> String {
    value
        .strip_suffix(id)
        .map(|v| v.trim_end().trim_end_matches('-').trim_end())
        .unwrap_or(value)
        .to_owned()
}

fn version_of(cluster: &Value) -> String {
    match &cluster["version"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => "unknown".into(),
    }
}

fn is_revoked(v: &Value) -> bool {
    v["related"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["type"] == "revoked-by"))
}

/// Adds names to a list of aliases, leaving out the group's own name and repeats (any case).
pub(crate) fn add_aliases(group: &mut Group, names: impl IntoIterator<Item = String>) {
    for name in names {
        let name = name.trim().to_owned();
        if name.is_empty()
            || name.eq_ignore_ascii_case(&group.name)
            || name.eq_ignore_ascii_case(&group.id)
            || group.aliases.iter().any(|a| a.eq_ignore_ascii_case(&name))
        {
            continue;
        }
        group.aliases.push(name);
    }
}

/// Reads the clusters in `dir` into a library built on `built` (a date).
pub fn read_clusters(dir: &Path, built: &str) -> Result<Library, LibraryError> {
    let patterns = required(dir, "mitre-attack-pattern.json")?;
    let malware = required(dir, "mitre-malware.json")?;
    let tools = required(dir, "mitre-tool.json")?;
    let sets = required(dir, "mitre-intrusion-set.json")?;
    let actors = cluster(dir, "threat-actor.json")?;

    let mut techniques = Vec::new();
    let mut by_uuid: HashMap<&str, (bool, u32)> = HashMap::new();
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    for v in values(&patterns) {
        let id = v["meta"]["external_id"].as_str().unwrap_or("");
        let Some(uuid) = v["uuid"].as_str() else {
            continue;
        };
        if !id.starts_with('T') || is_revoked(v) {
            continue;
        }
        let at = *seen_ids.entry(id.to_owned()).or_insert_with(|| {
            techniques.push(Technique {
                id: id.to_owned(),
                name: plain_name(v["value"].as_str().unwrap_or(id), id),
                tactics: strings(&v["meta"]["kill_chain"])
                    .into_iter()
                    .filter_map(|k| k.split_once(':').map(|(_, t)| t.to_owned()))
                    .collect(),
            });
            (techniques.len() - 1) as u32
        });
        by_uuid.insert(uuid, (true, at));
    }
    let mut software: Vec<Software> = Vec::new();
    let mut software_ids: HashMap<String, u32> = HashMap::new();
    for (cluster, kind) in [(&malware, "malware"), (&tools, "tool")] {
        for v in values(cluster) {
            let id = v["meta"]["external_id"].as_str().unwrap_or("");
            let Some(uuid) = v["uuid"].as_str() else {
                continue;
            };
            if !id.starts_with('S') || is_revoked(v) {
                continue;
            }
            let name = plain_name(v["value"].as_str().unwrap_or(id), id);
            let at = *software_ids.entry(id.to_owned()).or_insert_with(|| {
                let aliases = strings(&v["meta"]["synonyms"])
                    .into_iter()
                    .filter(|a| !a.eq_ignore_ascii_case(&name))
                    .collect();
                software.push(Software {
                    id: id.to_owned(),
                    name,
                    kind: kind.to_owned(),
                    aliases,
                    techniques: Vec::new(),
                });
                (software.len() - 1) as u32
            });
            by_uuid.insert(uuid, (false, at));
            let uses = v["related"].as_array().into_iter().flatten();
            for r in uses.filter(|r| r["type"] == "uses") {
                if let Some(&(true, t)) = r["dest-uuid"].as_str().and_then(|u| by_uuid.get(u)) {
                    let list = &mut software[at as usize].techniques;
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
            }
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for v in values(&sets) {
        let id = v["meta"]["external_id"].as_str().unwrap_or("");
        if !id.starts_with('G') || is_revoked(v) || groups.iter().any(|g| g.id == id) {
            continue;
        }
        let mut group = Group::new(id, &plain_name(v["value"].as_str().unwrap_or(id), id));
        add_aliases(&mut group, strings(&v["meta"]["synonyms"]));
        for r in v["related"].as_array().into_iter().flatten() {
            if r["type"] != "uses" {
                continue;
            }
            match r["dest-uuid"].as_str().and_then(|u| by_uuid.get(u)) {
                Some(&(true, t)) if !group.techniques.contains(&t) => group.techniques.push(t),
                Some(&(false, s)) if !group.software.contains(&s) => group.software.push(s),
                _ => {}
            }
        }
        groups.push(group);
    }
    let mut origins = vec![Origin {
        name: "MITRE ATT&CK".into(),
        version: format!(
            "as MISP's galaxy carries it (intrusion-set cluster version {}, attack-pattern {}, malware {}, tool {})",
            version_of(&sets),
            version_of(&patterns),
            version_of(&malware),
            version_of(&tools)
        ),
        licence: format!("{ATTACK_NOTICE} MISP's conversion: {GALAXY_LICENCE}."),
        url: "https://attack.mitre.org/".into(),
    }];
    if let Some(actors) = &actors {
        merge_threat_actors(&mut groups, actors);
        origins.push(Origin {
            name: "MISP galaxy threat-actor".into(),
            version: format!("cluster version {}", version_of(actors)),
            licence: GALAXY_LICENCE.into(),
            url: "https://github.com/MISP/misp-galaxy".into(),
        });
    }
    Ok(Library {
        format: super::FORMAT.into(),
        format_version: super::FORMAT_VERSION,
        built: built.to_owned(),
        origins,
        techniques,
        software,
        groups,
    })
}

/// The ATT&CK group id a galaxy entry's references point at ("…/groups/G0007/").
fn attack_group_ref(v: &Value) -> Option<String> {
    strings(&v["meta"]["refs"]).into_iter().find_map(|r| {
        let (_, rest) = r.split_once("attack.mitre.org/groups/")?;
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        (id.len() == 5 && id.starts_with('G')).then_some(id)
    })
}

/// Joins MISP's threat actors to ATT&CK's groups (by ATT&CK reference, else by a shared name)
/// and adds the rest as groups known by name only.
fn merge_threat_actors(groups: &mut Vec<Group>, actors: &Value) {
    for v in values(actors) {
        let Some(name) = v["value"].as_str().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        let synonyms = strings(&v["meta"]["synonyms"]);
        let country = v["meta"]["country"].as_str().unwrap_or("").to_owned();
        let sponsor = v["meta"]["cfr-suspected-state-sponsor"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let by_ref = attack_group_ref(v).and_then(|id| groups.iter().position(|g| g.id == id));
        let at = by_ref.or_else(|| {
            groups.iter().position(|g| {
                !g.id.is_empty() && (g.is_named(name) || synonyms.iter().any(|s| g.is_named(s)))
            })
        });
        let group = match at {
            Some(i) => &mut groups[i],
            None => {
                groups.push(Group::new("", name));
                groups.last_mut().expect("just pushed")
            }
        };
        if !group.name.eq_ignore_ascii_case(name) && group.galaxy_name.is_empty() {
            group.galaxy_name = name.to_owned();
        }
        add_aliases(group, std::iter::once(name.to_owned()).chain(synonyms));
        if group.country.is_empty() {
            group.country = country;
        }
        if group.sponsor.is_empty() {
            group.sponsor = sponsor;
        }
    }
}
