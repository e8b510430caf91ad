//! Reading technical evidence from STIX: malware, tools, attack patterns, infrastructure,
//! indicators and vulnerabilities become technical objects (their ATT&CK or CVE id from their
//! external references), and a campaign's `uses`, `targets` and an indicator's `indicates`
//! become what the event saw.

use super::{Entry, Reader, field, stix_date, text};
use crate::model::{CaseObject, Id, ObjectKind, Technical, TechnicalKind};
use serde_json::{Map, Value};

/// The technical kind a STIX type is read as.
pub(super) fn technical_kind(stix_type: &str) -> Option<TechnicalKind> {
    Some(match stix_type {
        "malware" => TechnicalKind::Malware,
        "tool" => TechnicalKind::Tool,
        "attack-pattern" => TechnicalKind::Technique,
        "infrastructure" => TechnicalKind::Infrastructure,
        "indicator" => TechnicalKind::Indicator,
        "vulnerability" => TechnicalKind::Vulnerability,
        _ => return None,
    })
}

/// The ATT&CK or CVE id in an object's external references, if it has one.
fn catalogue_id(o: &Map<String, Value>, kind: TechnicalKind) -> Option<String> {
    let refs = o.get("external_references")?.as_array()?;
    let wanted: &[&str] = if kind == TechnicalKind::Vulnerability {
        &["cve"]
    } else {
        &["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"]
    };
    refs.iter().find_map(|r| {
        let r = r.as_object()?;
        let source = text(r, "source_name")?;
        wanted
            .contains(&source)
            .then(|| text(r, "external_id").map(str::to_owned))
            .flatten()
    })
}

fn strings(o: &Map<String, Value>, key: &str) -> Vec<String> {
    crate::stix::string_list(o.get(key))
}

impl Reader {
    pub(super) fn technical(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let o = &entry.object;
        let Some(kind) = field(ext, "kind").or_else(|| technical_kind(&entry.stix_type)) else {
            return;
        };
        let pattern = text(o, "pattern").unwrap_or("").to_owned();
        // STIX leaves an indicator's name optional: its pattern names it then.
        let name = text(o, "name")
            .filter(|n| !n.trim().is_empty())
            .map(str::to_owned)
            .or_else(|| {
                (kind == TechnicalKind::Indicator && !pattern.trim().is_empty())
                    .then(|| crate::text::shortened(pattern.trim(), 80))
            });
        let Some(name) = name else {
            self.problem(entry, "name", "is missing; a technical object needs a name");
            return;
        };
        let aliases: Vec<String> = field(ext, "aliases")
            .or_else(|| field(Some(o), "aliases"))
            .or_else(|| field(Some(o), "x_mitre_aliases"))
            .unwrap_or_default();
        let mut aliases = self.repaired_aliases(entry, aliases);
        // ATT&CK lists a software's own name among its aliases.
        aliases.retain(|a| a.trim() != name.trim());
        let types_key = match kind {
            TechnicalKind::Malware => Some("malware_types"),
            TechnicalKind::Tool => Some("tool_types"),
            TechnicalKind::Infrastructure => Some("infrastructure_types"),
            TechnicalKind::Indicator => Some("indicator_types"),
            _ => None,
        };
        let types = field(ext, "types")
            .or_else(|| types_key.map(|k| strings(o, k)))
            .unwrap_or_default();
        let (from_key, until_key) = match kind {
            TechnicalKind::Indicator => ("valid_from", "valid_until"),
            _ => ("first_seen", "last_seen"),
        };
        let valid_from = field(ext, "valid_from").or_else(|| {
            ext.is_none()
                .then(|| text(o, from_key).and_then(stix_date))
                .flatten()
        });
        let valid_until = field(ext, "valid_until").or_else(|| {
            ext.is_none()
                .then(|| text(o, until_key).and_then(stix_date))
                .flatten()
        });
        let external_id = field(ext, "external_id")
            .or_else(|| catalogue_id(o, kind))
            .unwrap_or_default();
        let mut modelled = vec!["name", "description", "aliases", "pattern"];
        modelled.extend(types_key);
        if ext.is_some() {
            modelled.extend([
                "created",
                "modified",
                "object_marking_refs",
                "external_references",
                "is_family",
                "pattern_type",
                "valid_from",
                "valid_until",
                "first_seen",
                "last_seen",
            ]);
        } else {
            modelled.extend(["pattern_type", from_key, until_key]);
        }
        let mut technical =
            Technical::new(Self::casebook_id(entry, ObjectKind::Technical), kind, name);
        technical.aliases = aliases;
        technical.external_id = external_id;
        technical.types = types;
        technical.pattern = pattern;
        technical.pattern_type = field(ext, "pattern_type")
            .or_else(|| {
                ext.is_none()
                    .then(|| text(o, "pattern_type").map(str::to_owned))
                    .flatten()
            })
            .unwrap_or_default();
        technical.valid_from = valid_from;
        technical.valid_until = valid_until;
        technical.description = text(o, "description").unwrap_or("").to_owned();
        technical.map = field(ext, "map");
        technical.version = super::version_of(&entry.object);
        technical.extra = Self::extra_for(entry, &modelled);
        self.add(entry, CaseObject::Technical(technical));
    }

    /// A relationship that says what an event saw: from its campaign `uses` technical evidence
    /// or `targets` a vulnerability, or an indicator that `indicates` it. It becomes part of the
    /// event (and is written again from it); `false` if the relationship is not one.
    pub(super) fn event_technical(&mut self, entry: &Entry) -> bool {
        let o = &entry.object;
        let (Some(from), Some(to)) = (text(o, "source_ref"), text(o, "target_ref")) else {
            return false;
        };
        let (Some(from), Some(to)) = (self.ids.get(from), self.ids.get(to)) else {
            return false;
        };
        let (event, technical) = match text(o, "relationship_type") {
            Some("uses" | "targets") => (from, to),
            Some("indicates") => (to, from),
            _ => return false,
        };
        if event.kind() != Some(ObjectKind::Event)
            || technical.kind() != Some(ObjectKind::Technical)
        {
            return false;
        }
        let (event, technical): (Id, Id) = (event.clone(), technical.clone());
        let Some(e) = (self.event_slots.get(&event)).and_then(|&i| self.case.events.get_mut(i))
        else {
            return false;
        };
        if self.event_technical_seen.insert((event, technical.clone())) {
            e.technical.push(technical);
        }
        true
    }
}
