//! Building the library from an ATT&CK STIX 2.x bundle, as MITRE publishes each release
//! (`enterprise-attack.json`, and the mobile and ICS ones): intrusion sets, malware, tools and
//! attack patterns with their ATT&CK ids, and the `uses` relationships between them. Revoked
//! and deprecated objects are left out.

use super::galaxy::{ATTACK_NOTICE, add_aliases};
use super::{Group, Library, LibraryError, Origin, Software, Technique, read_capped};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn attack_id(o: &Value) -> Option<&str> {
    o["external_references"].as_array()?.iter().find(|r| {
        r["source_name"]
            .as_str()
            .is_some_and(|s| s.starts_with("mitre"))
    })?["external_id"]
        .as_str()
}

fn strings(value: &Value) -> Vec<String> {
    crate::stix::string_list(Some(value))
}

/// Reads the bundle at `path` into a library built on `built` (a date).
pub fn read_attack_bundle(path: &Path, built: &str) -> Result<Library, LibraryError> {
    let bytes = read_capped(path)?;
    let bundle: Value = serde_json::from_slice(&bytes)
        .map_err(|e| LibraryError::invalid(path, format!("is not JSON: {e}")))?;
    if bundle["type"] != "bundle" {
        return Err(LibraryError::invalid(
            path,
            "is not a STIX bundle (`type` is not `bundle`) nor a folder of galaxy files",
        ));
    }
    let Some(objects) = bundle["objects"].as_array() else {
        return Err(LibraryError::invalid(path, "has no `objects` list"));
    };
    let live = |o: &&Value| o["revoked"] != true && o["x_mitre_deprecated"] != true;
    let mut techniques = Vec::new();
    let mut software: Vec<Software> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    // STIX id → (what, index): 0 technique, 1 software, 2 group.
    let mut at: HashMap<&str, (u8, u32)> = HashMap::new();
    let mut release = String::new();
    for o in objects.iter().filter(live) {
        let (Some(stix_id), Some(kind)) = (o["id"].as_str(), o["type"].as_str()) else {
            continue;
        };
        let name = o["name"].as_str().unwrap_or("").trim().to_owned();
        match kind {
            "x-mitre-collection" => {
                release = format!(
                    "{} {}",
                    o["name"].as_str().unwrap_or("ATT&CK"),
                    o["x_mitre_version"].as_str().unwrap_or("")
                )
                .trim()
                .to_owned();
            }
            "attack-pattern" => {
                let Some(id) = attack_id(o).filter(|i| i.starts_with('T')) else {
                    continue;
                };
                let tactics = o["kill_chain_phases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p["phase_name"].as_str().map(str::to_owned))
                    .collect();
                at.insert(stix_id, (0, techniques.len() as u32));
                techniques.push(Technique {
                    id: id.to_owned(),
                    name,
                    tactics,
                });
            }
            "malware" | "tool" => {
                let Some(id) = attack_id(o).filter(|i| i.starts_with('S')) else {
                    continue;
                };
                let aliases = strings(&o["x_mitre_aliases"])
                    .into_iter()
                    .filter(|a| !a.eq_ignore_ascii_case(&name))
                    .collect();
                at.insert(stix_id, (1, software.len() as u32));
                software.push(Software {
                    id: id.to_owned(),
                    name,
                    kind: kind.to_owned(),
                    aliases,
                    techniques: Vec::new(),
                });
            }
            "intrusion-set" => {
                let Some(id) = attack_id(o).filter(|i| i.starts_with('G')) else {
                    continue;
                };
                let mut group = Group::new(id, &name);
                add_aliases(&mut group, strings(&o["aliases"]));
                at.insert(stix_id, (2, groups.len() as u32));
                groups.push(group);
            }
            _ => {}
        }
    }
    let mut uses = 0usize;
    for o in objects.iter().filter(live) {
        if o["type"] != "relationship" || o["relationship_type"] != "uses" {
            continue;
        }
        let (Some(from), Some(to)) = (
            o["source_ref"].as_str().and_then(|s| at.get(s)),
            o["target_ref"].as_str().and_then(|s| at.get(s)),
        ) else {
            continue;
        };
        let list = match (from.0, to.0) {
            (2, 0) => &mut groups[from.1 as usize].techniques,
            (2, 1) => &mut groups[from.1 as usize].software,
            (1, 0) => &mut software[from.1 as usize].techniques,
            _ => continue,
        };
        if !list.contains(&to.1) {
            list.push(to.1);
            uses += 1;
        }
    }
    if groups.is_empty() || uses == 0 {
        return Err(LibraryError::invalid(
            path,
            "holds no ATT&CK groups with `uses` relationships: it is not an ATT&CK release",
        ));
    }
    Ok(Library {
        format: super::FORMAT.into(),
        format_version: super::FORMAT_VERSION,
        built: built.to_owned(),
        origins: vec![Origin {
            name: "MITRE ATT&CK".into(),
            version: if release.is_empty() {
                "STIX bundle (no collection object names its release)".into()
            } else {
                release
            },
            licence: ATTACK_NOTICE.into(),
            url: "https://attack.mitre.org/".into(),
        }],
        techniques,
        software,
        groups,
    })
}
